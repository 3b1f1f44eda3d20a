# %%
"""Day 57 — pre-training a mini-BERT: masked-language-model inputs, the encoder, and its loss.

Dimension letters used below:
  B  batch size      T  sequence length (tokens)      V  vocabulary size
  D  hidden width    H  attention heads               L  encoder layers

Token ids are int64. Labels use -100 for "not a prediction target", the value torch's
cross-entropy ignores by default (ignore_index=-100).

Check your work:  pytest assignments/day57   (or: ai100 check day57)
"""

import torch
from torch import nn

IGNORE = -100  # the label of every position that is not predicted


# %%
def mask_tokens(ids, mask_id, vocab_size, p=0.15, seed=0, special_ids=()):
    """BERT's masking: choose about a fraction p of the tokens as targets; of those, 80% become
    [MASK], 10% a random token, 10% stay as they are. Special tokens are never chosen.

    ids: (B, T) int64 tensor.  mask_id: int, the id of [MASK].  vocab_size: int, V.
    p: float in [0, 1].  seed: int.  special_ids: ids never chosen ([CLS], [SEP], [PAD], ...).
    Returns (inputs, labels), both (B, T) int64 tensors, new (ids is not changed):
      labels = ids at the chosen positions, IGNORE (-100) everywhere else;
      inputs = ids with the chosen positions replaced as above.
    The draws, all from one torch.Generator().manual_seed(seed), in this order, each of ids' shape:
      1. u = torch.rand(...)             a position is chosen when u < p (and its id is not special)
      2. r = torch.rand(...)             a chosen position becomes [MASK] when r < 0.8, a random
                                         token when 0.8 <= r < 0.9, and stays itself otherwise
      3. t = torch.randint(vocab_size, ...)   the random tokens (any id, drawn uniformly)
    Every draw covers every position, chosen or not, so the same seed gives the same answer.
    About 8 lines.
    """
    raise NotImplementedError('day57: mask_tokens — see README')


# %%
def mlm_loss(logits, labels):
    """Mean cross-entropy over the positions whose label is not IGNORE.

    logits: (B, T, V) float tensor.  labels: (B, T) int64, a class id or IGNORE (-100).
    Returns a 0-d tensor of logits' dtype: the average over predicted positions of
    -log softmax(logits)[label] — every predicted token weighs the same, wherever it sits. Write it
    from log-softmax (logsumexp) and indexing; F.cross_entropy / nn.CrossEntropyLoss are what the
    tests compare with, not what you use. Logits of size 1e3 must not overflow. About 5 lines.
    """
    raise NotImplementedError('day57: mlm_loss — see README')


# %%
class MiniBert(nn.Module):
    """A BERT-style encoder with a masked-language-model head.

    MiniBert(vocab, hidden=256, heads=4, layers=4, max_len=128)
    Parameters, with exactly these names:
      tok_emb: nn.Embedding(V, D)        pos_emb: nn.Embedding(max_len, D)   (learned positions)
      blocks: nn.ModuleList of L nn.TransformerEncoderLayer(D, H, dim_feedforward=2 * D,
              dropout=0.0, activation="gelu", batch_first=True, norm_first=True)
              (BERT's feed-forward is 4·D wide; 2·D keeps MiniBert(8000) near 4 M parameters)
      ln_f: nn.LayerNorm(D)              out_bias: nn.Parameter of V zeros
    The output layer is tied to the token embedding: logits = ln_f(h) @ tok_emb.weightᵀ + out_bias.
    forward(ids, attention_mask=None)
      ids: (B, T) int64, T <= max_len.  attention_mask: None or (B, T) bool, True = a real token,
        False = padding that no position may attend to (torch's src_key_padding_mask is its negation).
      Returns (B, T, V) float logits.
    About 8 lines in __init__ and 7 in forward. Attention is bidirectional: no causal mask.
    """

    def __init__(self, vocab, hidden=256, heads=4, layers=4, max_len=128):
        super().__init__()
        raise NotImplementedError('day57: MiniBert.__init__ — see README')

    def forward(self, ids, attention_mask=None):
        raise NotImplementedError('day57: MiniBert.forward — see README')
