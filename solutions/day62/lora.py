# %%
"""Day 62 — LoRA: low-rank adapters on a frozen model, and merging them back in.

Dimension letters used below:
  d_in   input width of a Linear layer     d_out  its output width
  r      rank of the adapter               ...    any leading dimensions of an input

Check your work:  pytest assignments/day62   (or: ai100 check day62)
The model adapted in the checks is the kit tiny GPT, course_tools.fixtures.day60.make_kit_gpt: its
Linear layers are layers.i.attn.q / k / v / o, layers.i.ff.0 / ff.2 and out.
"""

import torch
from torch import nn


# %%
def merge_weights(W, A, B, alpha):
    """The weight of a Linear layer with its adapter folded in: W + (alpha / r) · B A.

    W: (d_out, d_in) float tensor.  A: (r, d_in).  B: (d_out, r).  alpha: float.  r = A.shape[0].
    Returns a new (d_out, d_in) tensor of W's dtype. One line.
    """
    ### BEGIN SOLUTION
    return W + (alpha / A.shape[0]) * (B @ A)
    ### END SOLUTION


# %%
class LoRALinear(nn.Module):
    """A frozen nn.Linear plus a trainable low-rank update: y = base(x) + (alpha / r) · x Aᵀ Bᵀ.

    base: an nn.Linear (with or without bias), kept as the submodule `base`, its parameters frozen
    (requires_grad False). lora_A: nn.Parameter (r, d_in), drawn at random (e.g. with
    nn.init.kaiming_uniform_; never zeros, or no gradient reaches lora_B). lora_B: nn.Parameter
    (d_out, r), zeros — so at first the layer computes exactly what base does. Both in base's dtype.
    So the state_dict keys are base.weight, (base.bias,) lora_A, lora_B, and the trainable
    parameters number r · (d_in + d_out).
    forward(x (..., d_in)) → (..., d_out). About 8 lines in all.
    """

    def __init__(self, base, r=8, alpha=16):
        super().__init__()
        self.r, self.alpha = r, alpha
        ### BEGIN SOLUTION
        self.base = base
        for p in self.base.parameters():
            p.requires_grad_(False)
        w = base.weight
        self.lora_A = nn.Parameter(torch.empty(r, w.shape[1], dtype=w.dtype))
        nn.init.kaiming_uniform_(self.lora_A)
        self.lora_B = nn.Parameter(torch.zeros(w.shape[0], r, dtype=w.dtype))
        ### END SOLUTION

    def forward(self, x):
        ### BEGIN SOLUTION
        return self.base(x) + (x @ self.lora_A.T @ self.lora_B.T) * (self.alpha / self.r)
        ### END SOLUTION


# %%
def apply_lora(model, targets, r=8, alpha=16):
    """Put a LoRALinear around every nn.Linear of `model` whose own name is in `targets`.

    model: an nn.Module, changed in place and returned.  targets: tuple of str, matched against the
    last part of each Linear's dotted name (("q", "v") adapts every layers.i.attn.q and .v).
    Afterwards every parameter of the model except the adapters' lora_A / lora_B is frozen.
    Returns the model. About 8 lines (model.named_modules(), get_submodule and setattr help).
    """
    ### BEGIN SOLUTION
    for p in model.parameters():
        p.requires_grad_(False)
    chosen = [name for name, m in model.named_modules()
              if isinstance(m, nn.Linear) and name.split(".")[-1] in targets]
    for name in chosen:
        parent, _, child = name.rpartition(".")
        owner = model.get_submodule(parent) if parent else model
        setattr(owner, child, LoRALinear(getattr(owner, child), r=r, alpha=alpha))
    return model
    ### END SOLUTION


# %%
def merge_lora(model):
    """Replace every LoRALinear in `model` by one nn.Linear whose weight is merge_weights(...).

    model: an nn.Module, changed in place and returned; the merged layers keep base's bias and dtype
    and compute the same function as before, with no adapter left. About 10 lines.
    """
    ### BEGIN SOLUTION
    chosen = [name for name, m in model.named_modules() if isinstance(m, LoRALinear)]
    for name in chosen:
        parent, _, child = name.rpartition(".")
        owner = model.get_submodule(parent) if parent else model
        layer = getattr(owner, child)
        base = layer.base
        merged = nn.Linear(base.in_features, base.out_features, bias=base.bias is not None,
                           dtype=base.weight.dtype)
        with torch.no_grad():
            merged.weight.copy_(merge_weights(base.weight, layer.lora_A, layer.lora_B, layer.alpha))
            if base.bias is not None:
                merged.bias.copy_(base.bias)
        setattr(owner, child, merged)
    return model
    ### END SOLUTION
