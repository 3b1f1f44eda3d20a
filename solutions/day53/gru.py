# %%
"""Day 53 — a GRU written from its equations, and a small sentiment classifier built on it.

Dimension letters used below:
  B  batch size      T  time steps (tokens per review)      V  vocabulary size
  E  input (embedding) width      H  hidden width

Gates are stacked in torch's order, reset r, update z, candidate n, so that `W_ih` is (3H, E)
with rows [r; z; n] — the same layout as torch.nn.GRUCell's weight_ih, and weights copy across.

The reviews come as padded token ids from course_tools.fixtures.day53.review_ids (see there).
torch.nn.GRU, nn.GRUCell and nn.RNN are off limits in your code: today you write them.

Check your work:  pytest assignments/day53   (or: ai100 check day53)
"""

import torch
from torch import nn
import torch.nn.functional as F


# %%
def gru_cell(x, h, params):
    """One GRU step, as torch.nn.GRUCell computes it.

    x: (B, E) float tensor.  h: (B, H) float tensor of the same dtype.
    params: dict of tensors "W_ih" (3H, E), "W_hh" (3H, H), "b_ih" (3H,), "b_hh" (3H,), rows [r; z; n].
    Returns the new hidden state (B, H), dtype of x:
        r = σ(W_ir x + b_ir + W_hr h + b_hr)         z = σ(W_iz x + b_iz + W_hz h + b_hz)
        n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))  h' = (1 − z) ⊙ n + z ⊙ h
    Torch operations only (no .item(), no NumPy, no .detach()): gradients must flow through it.
    About 6 lines.
    """
    ### BEGIN SOLUTION
    gi = x @ params["W_ih"].T + params["b_ih"]  # (B, 3H)
    gh = h @ params["W_hh"].T + params["b_hh"]  # (B, 3H)
    i_r, i_z, i_n = gi.chunk(3, dim=1)
    h_r, h_z, h_n = gh.chunk(3, dim=1)
    r, z = torch.sigmoid(i_r + h_r), torch.sigmoid(i_z + h_z)
    n = torch.tanh(i_n + r * h_n)
    return (1 - z) * n + z * h
    ### END SOLUTION


# %%
def gru_layer(xs, h0, params):
    """Run gru_cell over a sequence, as torch.nn.GRU(batch_first=True) does with one layer.

    xs: (B, T, E) float tensor.  h0: (B, H) float tensor.  params: as for gru_cell.
    Returns (outputs (B, T, H), last hidden state (B, H)); outputs[:, t] is the state after step t.
    About 5 lines (a loop over t; torch.stack).
    """
    ### BEGIN SOLUTION
    h, outs = h0, []
    for t in range(xs.shape[1]):
        h = gru_cell(xs[:, t], h, params)
        outs.append(h)
    return torch.stack(outs, dim=1), h
    ### END SOLUTION


# %%
class GRUSentiment(nn.Module):
    """Embedding → your GRU over the tokens → a linear layer on the last hidden state → 2 logits.

    vocab: V.  emb: E.  hidden: H.  seed: int, for the initial weights.
    Parameters, named exactly so (a grader loads weights into them):
      emb.weight (V, E) — an nn.Embedding;   W_ih (3H, E), W_hh (3H, H), b_ih (3H,), b_hh (3H,) —
      nn.Parameters on the module itself;   head.weight (2, H), head.bias (2,) — an nn.Linear.
    forward(ids): ids (B, T) int64 → logits (B, 2), starting from a zero hidden state.
    Initialise every weight from torch.Generator().manual_seed(seed): the embedding N(0, 1), the GRU
    and head weights uniform in [−1/√H, 1/√H] as torch does; one seed, one model. About 12 lines.
    """

    def __init__(self, vocab, emb=16, hidden=32, seed=0):
        super().__init__()
        ### BEGIN SOLUTION
        g = torch.Generator().manual_seed(seed)
        bound = hidden ** -0.5
        self.emb = nn.Embedding(vocab, emb)
        nn.init.normal_(self.emb.weight, generator=g)
        shapes = {"W_ih": (3 * hidden, emb), "W_hh": (3 * hidden, hidden), "b_ih": (3 * hidden,), "b_hh": (3 * hidden,)}
        for name, shape in shapes.items():
            setattr(self, name, nn.Parameter((torch.rand(shape, generator=g) * 2 - 1) * bound))
        self.head = nn.Linear(hidden, 2)
        for p in self.head.parameters():  # re-drawn from g: nn.Linear's own draw uses the global generator
            nn.init.uniform_(p, -bound, bound, generator=g)
        self.hidden = hidden
        ### END SOLUTION

    def forward(self, ids):
        ### BEGIN SOLUTION
        xs = self.emb(ids)  # (B, T, E)
        params = {"W_ih": self.W_ih, "W_hh": self.W_hh, "b_ih": self.b_ih, "b_hh": self.b_hh}
        h0 = xs.new_zeros(ids.shape[0], self.hidden)
        _, h = gru_layer(xs, h0, params)
        return self.head(h)  # (B, 2)
        ### END SOLUTION


# %%
def sentiment_grads(model, ids, labels):
    """Gradients of the mean cross-entropy of model(ids) against labels, for every parameter.

    model: a GRUSentiment.  ids: (B, T) int64.  labels: (B,) int64 in {0, 1}.
    Returns {parameter name: gradient tensor of that parameter's shape}, from model.named_parameters().
    Gradients left over from an earlier backward pass must not count. About 5 lines.
    """
    ### BEGIN SOLUTION
    model.zero_grad()
    loss = F.cross_entropy(model(ids), labels)
    loss.backward()
    return {name: p.grad.detach().clone() for name, p in model.named_parameters()}
    ### END SOLUTION


# %%
def train_sentiment(model, ids, labels, steps=150, lr=0.01, batch_size=32, seed=0):
    """Train model in place with Adam on random mini-batches; return the loss of each step.

    model: a GRUSentiment.  ids: (N, T) int64.  labels: (N,) int64.
    steps, batch_size: ints.  lr: float.  seed: int.
    Each step draws its batch as  torch.randint(0, N, (batch_size,), generator=g)  from one
    g = torch.Generator().manual_seed(seed) made before the loop (so a grader can replay it), then
    computes the mean cross-entropy, back-propagates and takes one torch.optim.Adam(lr=lr) step.
    Returns a list of `steps` Python floats, the mini-batch loss before each update.
    About 10 lines.
    """
    ### BEGIN SOLUTION
    g = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    losses = []
    for _ in range(steps):
        idx = torch.randint(0, ids.shape[0], (batch_size,), generator=g)
        loss = F.cross_entropy(model(ids[idx]), labels[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses
    ### END SOLUTION
