"""Day 57's classic mistakes, each written as the wrong function a learner would write."""

import torch


def _mask(ids, mask_id, vocab_size, p=0.15, seed=0, special_ids=(), *, all_labels=False, all_mask=False,
          specials_too=False, labels_from_inputs=False):
    g = torch.Generator().manual_seed(seed)
    chosen = torch.rand(ids.shape, generator=g) < p
    if not specials_too:
        chosen &= ~torch.isin(ids, torch.tensor(list(special_ids), dtype=ids.dtype))
    r = torch.rand(ids.shape, generator=g)
    if all_mask:
        r = torch.zeros_like(r)
    random_tokens = torch.randint(vocab_size, ids.shape, generator=g, dtype=ids.dtype)
    inputs = torch.where(chosen & (r < 0.8), torch.full_like(ids, mask_id), ids)
    inputs = torch.where(chosen & (r >= 0.8) & (r < 0.9), random_tokens, inputs)
    source = inputs if labels_from_inputs else ids
    labels = source.clone() if all_labels else torch.where(chosen, source, torch.full_like(ids, -100))
    return inputs, labels


def _loss(logits, labels, *, how):
    keep = labels != -100
    nll = -torch.log_softmax(logits, dim=-1).gather(-1, labels.clamp(min=0).unsqueeze(-1)).squeeze(-1) * keep
    if how == "all":
        return nll.mean()
    if how == "sum":
        return nll.sum()
    per_row = nll.sum(-1) / keep.sum(-1).clamp(min=1)
    return per_row[keep.any(-1)].mean()


MISTAKES = {
    "mask_tokens": {
        "labels kept at every position: only the chosen targets get a label, the rest -100":
            lambda *a, **k: _mask(*a, **k, all_labels=True),
        "every target became [MASK]: 80% [MASK], 10% a random token, 10% unchanged":
            lambda *a, **k: _mask(*a, **k, all_mask=True),
        "special tokens ([CLS], [SEP], [PAD]) were chosen as targets": lambda *a, **k: _mask(*a, **k, specials_too=True),
        "labels hold the corrupted input: they must hold the ORIGINAL ids":
            lambda *a, **k: _mask(*a, **k, labels_from_inputs=True),
    },
    "mlm_loss": {
        "averaged over every position: ignored (-100) positions must not count in the mean":
            lambda logits, labels: _loss(logits, labels, how="all"),
        "summed, not averaged over the predicted tokens": lambda logits, labels: _loss(logits, labels, how="sum"),
        "a mean of per-sequence means: every predicted token must weigh the same":
            lambda logits, labels: _loss(logits, labels, how="rows"),
    },
}
