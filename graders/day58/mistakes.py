"""Day 58's classic mistakes with parameter groups, each written as the wrong function a learner would write.

(SequenceClassifier's mistakes — pooling the wrong token, a softmax on the logits — and finetune's
mean of batch means are named in the graders themselves: they need the model's hidden states.)
"""


def _groups(model, enc_lr, head_lr, weight_decay, *, decay_all=False, swap=False, keep_frozen=False,
            one_lr=False):
    out = []
    for name, p in model.named_parameters():
        if not p.requires_grad and not keep_frozen:
            continue
        in_encoder = name.startswith("encoder.")
        lr = head_lr if one_lr else (enc_lr if in_encoder != swap else head_lr)
        decay = weight_decay if decay_all or p.ndim > 1 else 0.0
        out.append({"params": [name], "lr": lr, "weight_decay": decay})
    return out


def _variant(**options):
    def param_groups(model, enc_lr=1e-3, head_lr=1e-2, weight_decay=0.01):
        return _groups(model, enc_lr, head_lr, weight_decay, **options)
    return param_groups


MISTAKES = {
    "param_groups": {
        "weight decay on every parameter: biases and LayerNorm weights (1-D) take weight_decay 0":
            _variant(decay_all=True),
        "enc_lr and head_lr swapped: the pretrained encoder moves gently (enc_lr), the new head fast":
            _variant(swap=True),
        "frozen parameters (requires_grad False) listed too: leave them out": _variant(keep_frozen=True),
        "one learning rate for everything: parameters under `encoder.` take enc_lr": _variant(one_lr=True),
    },
}
