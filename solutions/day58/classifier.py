# %%
"""Day 58 — fine-tune a "pretrained" encoder into a review classifier.

The encoder stands in for BERT: course_tools.fixtures.day58.pretrained_encoder() is a tiny
Transformer whose word embeddings were "pretrained" (planted) so that synonyms start close; it
knows nothing of sentiment. You put a classification head on it and fine-tune both on
make_reviews, the encoder gently (small learning rate), the new head faster.

Dimension letters used below:
  N  sentences in a batch     L  tokens per sentence (position 0 is [CLS], then words, then [PAD])
  H  the encoder's hidden size (encoder.hidden_size, 32 for the kit's encoder)
  C  classes

Check your work:  pytest assignments/day58   (or: ai100 check day58)
"""

import torch
from torch import nn
from torch.nn import functional as F


# %%
class SequenceClassifier(nn.Module):
    """BERT's sequence classifier: the [CLS] token's hidden state → dropout → Linear(H, C).

    encoder: an nn.Module with `hidden_size`, called as encoder(ids, mask) → (N, L, H) float32.
    n_classes: int C.  dropout: float, the dropout rate before the head (training mode only).
    Keep the encoder as `self.encoder` and the Linear as `self.head`: graders and param_groups
    find the parameters by those names (state_dict keys "encoder.…", "head.weight", "head.bias").

    forward(ids, mask): ids (N, L) int64, mask (N, L) bool (True = a real token).
    Returns logits (N, C) float32 — raw scores, no softmax. About 3 lines in __init__, 2 in forward.
    """

    def __init__(self, encoder, n_classes=2, dropout=0.1):
        super().__init__()
        ### BEGIN SOLUTION
        self.encoder = encoder
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(encoder.hidden_size, n_classes)
        ### END SOLUTION

    def forward(self, ids, mask):
        ### BEGIN SOLUTION
        hidden = self.encoder(ids, mask)  # (N, L, H)
        return self.head(self.dropout(hidden[:, 0]))  # (N, C): [CLS] sits at position 0
        ### END SOLUTION


# %%
def param_groups(model, enc_lr=1e-3, head_lr=1e-2, weight_decay=0.01):
    """Optimizer parameter groups, by parameter NAME, for fine-tuning.

    model: an nn.Module with submodules `encoder` and `head` (a SequenceClassifier or the like).
    enc_lr, head_lr: floats.  weight_decay: float.
    Returns a list of dicts {"params": [names], "lr": float, "weight_decay": float} in which every
    parameter that requires grad appears exactly once and frozen ones (requires_grad False) not at all:
      - names starting with "encoder." get lr = enc_lr, every other name lr = head_lr;
      - 1-D parameters (biases, LayerNorm weights) get weight_decay 0, all others `weight_decay`.
    Names, not tensors, so the groups can be printed and checked; finetune turns them into tensors
    with dict(model.named_parameters()). About 8 lines.
    """
    ### BEGIN SOLUTION
    by_setting = {}
    for name, p in model.named_parameters():
        if not p.requires_grad:
            continue
        lr = enc_lr if name.startswith("encoder.") else head_lr
        decay = 0.0 if p.ndim == 1 else weight_decay
        by_setting.setdefault((lr, decay), []).append(name)
    return [{"params": names, "lr": lr, "weight_decay": decay} for (lr, decay), names in by_setting.items()]
    ### END SOLUTION


# %%
def finetune(model, ids, mask, labels, epochs=3, enc_lr=1e-3, head_lr=1e-2, weight_decay=0.01,
             batch_size=32, seed=0):
    """Fine-tune `model` in place with AdamW and cross-entropy; return the mean loss of each epoch.

    model: as for param_groups, called as model(ids, mask) → logits (N, C).
    ids: (N, L) int64.  mask: (N, L) bool.  labels: (N,) int64 in [0, C).
    epochs, batch_size: ints.  enc_lr, head_lr, weight_decay: as for param_groups.
    seed: int — shuffle each epoch with a torch.Generator seeded once with it.
    Train in training mode (dropout on); leave the model in eval mode when done.
    Returns a list of `epochs` floats: each epoch's loss averaged over EXAMPLES — the last batch
    may be smaller, so weight each batch's mean loss by its size. About 15 lines.
    """
    ### BEGIN SOLUTION
    named = dict(model.named_parameters())
    groups = param_groups(model, enc_lr, head_lr, weight_decay)
    opt = torch.optim.AdamW([{**g, "params": [named[n] for n in g["params"]]} for g in groups])
    gen = torch.Generator().manual_seed(seed)
    n = len(labels)
    model.train()
    losses = []
    for _ in range(epochs):
        order = torch.randperm(n, generator=gen)
        total = 0.0
        for start in range(0, n, batch_size):
            batch = order[start:start + batch_size]
            loss = F.cross_entropy(model(ids[batch], mask[batch]), labels[batch])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(batch)
        losses.append(total / n)
    model.eval()
    return losses
    ### END SOLUTION
