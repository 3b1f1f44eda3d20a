"""Day 55's classic mistakes in gpt_param_count, each the wrong count a learner would write.

(The modules' mistakes — scaling by 1/√D, an inverted mask, post-LN, ReLU — are written out in
float64 in test_transformer.py, where the outputs they would give are compared.)
"""


def _count(n_layer, n_head, d_model, vocab, block, tied=True, *, biases=True, norms=True, positions=True,
           ff_mult=4, head_always=False, final_norm=True):
    b = 1 if biases else 0
    per_block = 4 * (d_model * d_model + b * d_model) + 2 * ff_mult * d_model * d_model + b * (ff_mult + 1) * d_model
    per_block += 4 * d_model if norms else 0
    total = vocab * d_model + (block * d_model if positions else 0) + n_layer * per_block
    total += 2 * d_model if norms and final_norm else 0
    return total + (vocab * d_model if head_always or not tied else 0)


MISTAKES = {"gpt_param_count": {
    "the output head counted although it is tied to the token embedding (GPT-2 shares them)":
        lambda *a, tied=True: _count(*a, head_always=True),
    "biases left out: every Linear in the block has one": lambda *a, tied=True: _count(*a, tied, biases=False),
    "LayerNorm parameters left out: each has a weight and a bias of width d_model":
        lambda *a, tied=True: _count(*a, tied, norms=False),
    "the learned position embedding (block × d_model) left out": lambda *a, tied=True: _count(*a, tied, positions=False),
    "the final LayerNorm left out": lambda *a, tied=True: _count(*a, tied, final_norm=False),
    "feed-forward width taken as d_model instead of 4 × d_model": lambda *a, tied=True: _count(*a, tied, ff_mult=1),
}}
