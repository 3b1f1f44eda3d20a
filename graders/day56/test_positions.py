"""Hidden graders for day 56 (positional encodings).

Tables are judged against the reference and against properties any right answer has: the
sinusoidal table's dot products depend on the offset only, RoPE keeps lengths and makes q·k a
function of the offset. Inputs come from the hidden seed; unseen here: a 37 × 10 table with base
500, RoPE on (2, 3, 7, 6) float32 at scattered positions, 16 ALiBi heads.
"""

import numpy as np
import pytest
import torch

from course_tools.checks import Mismatch, close, decode_png, expect_raises, png_problem
from course_tools.gradients import module_gradients


def _require(ok, message):
    if not ok:
        raise Mismatch(message)


# --- sinusoidal_pe -----------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("args", [(100, 64), (37, 10, 500.0), (1, 2)])
def test_sinusoidal_pe_matches_reference(check, args):
    check("sinusoidal_pe", *args)


@pytest.mark.points(2)
def test_sinusoidal_pe_dot_products_depend_on_offset_only(check, seed):
    rng = np.random.default_rng(seed)
    n, dim = int(rng.integers(40, 80)), 2 * int(rng.integers(3, 12))
    pe = check.run_learner("sinusoidal_pe", n, dim)
    p, q, s = (int(v) for v in rng.integers(0, n // 2, size=3))
    # sin a sin b + cos a cos b = cos(a − b): each pair adds cos(ω (p − q)), whatever p and q are
    close(float(pe[p] @ pe[q]), float(pe[p + s] @ pe[q + s]),
          what=f"day56: sinusoidal_pe({n}, {dim}) — PE[{p}]·PE[{q}] against PE[{p + s}]·PE[{q + s}], seed {seed}",
          hint="each pair (2i, 2i+1) is (sin, cos) of the same angle")
    close(np.diag(pe @ pe.T), np.full(n, dim / 2.0), what=f"day56: sinusoidal_pe({n}, {dim}) squared row norms, "
          f"seed {seed} (sin² + cos² = 1 per pair, so D/2)")


# --- LearnedPositionalEmbedding ----------------------------------------------------------------------

def _state(model):
    return model.state_dict(destination={})  # a plain dict: an OrderedDict would stay a proxy in the sandbox


@pytest.mark.points(2)
def test_learned_positional_embedding_init(check, seed):
    a = _state(check.run_learner("LearnedPositionalEmbedding", 50, 40, seed=seed))
    b = _state(check.run_learner("LearnedPositionalEmbedding", 50, 40, seed=seed))
    what = f"day56: LearnedPositionalEmbedding(50, 40, seed={seed})"
    _require(set(a) == {"weight"}, f"{what}: parameters {sorted(a)}; expected exactly one, named 'weight'")
    w = a["weight"]
    _require(tuple(w.shape) == (50, 40), f"{what}: weight has shape {tuple(w.shape)}, expected (50, 40)")
    _require(torch.equal(w, b["weight"]), f"{what}: two tables built with one seed differ — draw from a "
                                          "torch.Generator seeded with `seed`")
    other = _state(check.run_learner("LearnedPositionalEmbedding", 50, 40, seed=seed + 1))["weight"]
    _require(not torch.equal(w, other), f"{what}: seeds {seed} and {seed + 1} give the same table — the "
                                        "generator must be seeded with `seed`")
    w = w.double()
    mean, std = float(w.mean()), float(w.std())
    # 2000 draws of N(0, 0.02²): the mean has sd 0.02/√2000 = 4.5e-4, so ±0.003 is 6.7 sd (p < 1e-10); the
    # sample sd has sd 0.02/√4000 = 3.2e-4, so ±0.002 is 6.3 sd (p < 1e-9)
    _require(abs(mean) < 0.003, f"{what}: the weights have mean {mean:.4f}, expected 0")
    _require(abs(std - 0.02) < 0.002, f"{what}: the weights have standard deviation {std:.4f}, expected 0.02")


@pytest.mark.points(3)
@pytest.mark.parametrize("T", [1, 7, 12])
def test_learned_positional_embedding_adds_the_first_rows(check, seed, T):
    g = torch.Generator().manual_seed(seed)
    W = torch.randn(12, 5, generator=g, dtype=torch.float64)
    x = torch.randn(3, T, 5, generator=g, dtype=torch.float64)
    model = check.run_learner("LearnedPositionalEmbedding", 12, 5, seed=seed)
    model.double()
    model.load_state_dict({"weight": W})
    close(model(x), x + W[:T], what=f"day56: LearnedPositionalEmbedding(12, 5)(x {tuple(x.shape)}), seed {seed}",
          hint="row t of the table is added to token t of every sequence in the batch")


@pytest.mark.points(2)
def test_learned_positional_embedding_gradients(check, seed):
    rng = np.random.default_rng(seed)
    B, T, D, max_len = 2, int(rng.integers(3, 9)), 6, 11
    x, up = rng.standard_normal((2, B, T, D))
    model = check.run_learner("LearnedPositionalEmbedding", max_len, D, seed=seed)
    _, (dx,), grads = check.in_learner(module_gradients, model, [x], up)
    what = f"day56: LearnedPositionalEmbedding({max_len}, {D}) on x {x.shape}, seed {seed}: gradients of sum(out · g)"
    _require(list(grads) == ["weight"] and grads["weight"] is not None,
             f"{what}\n  parameters with a gradient: {sorted(k for k, v in grads.items() if v is not None)}; "
             "expected the table, an nn.Parameter named 'weight'")
    want = np.zeros((max_len, D))
    want[:T] = up.sum(axis=0)  # row t is added to token t of every sequence; rows past T are unused
    close(grads["weight"], want, what=f"{what}, d weight", tol="grad_autograd")
    close(dx, up, what=f"{what}, d x", tol="grad_autograd", hint="the table is added to x, so d x = g")


@pytest.mark.points(1)
def test_learned_positional_embedding_too_long_raises(check, seed):
    model = check.run_learner("LearnedPositionalEmbedding", 13, 5, seed=seed)
    x = torch.zeros(2, 14, 5)
    what = "day56: LearnedPositionalEmbedding(13, 5) on 14 tokens"
    message = expect_raises(ValueError, what, lambda: model(x), because="only 13 positions were learned")
    _require("13" in message and "14" in message, f"{what}: the ValueError says {message!r}; name both the "
             "sequence length (14) and the longest one allowed (13)")


# --- plot_pe_dims ------------------------------------------------------------------------------------

@pytest.mark.points(3)
def test_plot_pe_dims_plots_the_columns(check, seed):
    rng = np.random.default_rng(seed)
    pe = rng.standard_normal((53, 12))
    dims = [int(d) for d in rng.choice(12, size=3, replace=False)]
    path = f"{check.scratch_dir()}/pe.png"
    lines, labels = check.run_learner("plot_pe_dims", pe, dims, path)
    what = check.describe("plot_pe_dims", (pe, dims, path), {})
    close(np.asarray(lines, dtype=np.float64), pe[:, dims].T, what=what + ": the y-data of the lines drawn",
          hint="one line per dim, in the order given, y = pe[:, dim]")
    want = [f"dim {d}" for d in dims]
    _require(list(labels) == want, f"{what}: the legend reads {list(labels)}, expected {want}")
    problem = png_problem(check.read_file(path), 800, 400)
    _require(problem is None, f"{what}\n  {problem}")


@pytest.mark.points(1)
def test_plot_pe_dims_picture_follows_the_data(check, seed):
    pe = np.random.default_rng(seed).standard_normal((30, 8))
    folder = check.scratch_dir()
    check.run_learner("plot_pe_dims", pe, [0, 3], f"{folder}/a.png")
    check.run_learner("plot_pe_dims", pe, [5], f"{folder}/b.png")
    a, b = check.read_file(f"{folder}/a.png"), check.read_file(f"{folder}/b.png")
    _require(a is not None and b is not None and png_problem(a, 800, 400) is None,
             "day56: plot_pe_dims wrote no 800 × 400 PNG at `path`")
    _require(not np.array_equal(decode_png(a), decode_png(b)),
             "day56: plot_pe_dims drew the same picture for dims [0, 3] and [5]")


# --- apply_rope --------------------------------------------------------------------------------------

def _rope_inputs(seed, shape, dtype=np.float64):
    rng = np.random.default_rng(seed)
    return rng.standard_normal(shape).astype(dtype), rng.choice(200, size=shape[-2], replace=False)


@pytest.mark.points(2)
@pytest.mark.parametrize("shape", [(5, 8), (2, 3, 7, 6)])
def test_apply_rope_matches_reference(check, seed, shape):
    check("apply_rope", *_rope_inputs(seed, shape))


@pytest.mark.points(1)
def test_apply_rope_keeps_float32_and_base(check, seed):
    x, pos = _rope_inputs(seed, (2, 3, 7, 6), dtype=np.float32)
    check("apply_rope", x, pos, base=100.0)


@pytest.mark.points(2)
def test_apply_rope_keeps_norms(check, seed):
    x, pos = _rope_inputs(seed, (4, 9, 10))
    out = check.run_learner("apply_rope", x, pos)
    close(np.linalg.norm(out, axis=-1), np.linalg.norm(x, axis=-1),
          what=check.describe("apply_rope", (x, pos), {}) + ": vector lengths", hint="a rotation keeps lengths")


@pytest.mark.points(3)
def test_apply_rope_scores_depend_on_offset_only(check, seed):
    rng = np.random.default_rng(seed)
    q, k = rng.standard_normal((2, 1, 12))
    p, r, shift = (int(v) for v in rng.integers(0, 100, size=3))
    a = float(check.run_learner("apply_rope", q, np.array([p]))[0] @ check.run_learner("apply_rope", k, np.array([r]))[0])
    b = float(check.run_learner("apply_rope", q, np.array([p + shift]))[0]
              @ check.run_learner("apply_rope", k, np.array([r + shift]))[0])
    close(b, a, what=f"day56: apply_rope — q at {p + shift} · k at {r + shift} against q at {p} · k at {r}, seed {seed}",
          hint="the score of a rotated query and key depends on their offset only")
    close(float(check.run_learner("apply_rope", q, np.array([0]))[0] @ q[0]), float(q[0] @ q[0]),
          what=f"day56: apply_rope at position 0 must leave the vector as it is, seed {seed}")


# --- ALiBi -------------------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("n_heads", [1, 8, 16])
def test_alibi_slopes_matches_reference(check, n_heads):
    check("alibi_slopes", n_heads)


@pytest.mark.points(1)
def test_alibi_slopes_eight_heads_are_powers_of_half(check):
    got = check.run_learner("alibi_slopes", 8)
    close(np.asarray(got, dtype=np.float64), 0.5 ** np.arange(1, 9), what="day56: alibi_slopes(8) against 1/2 … 1/256")


@pytest.mark.points(2)
@pytest.mark.parametrize("args", [(4, 7), (8, 5), (16, 1)])
def test_alibi_bias_matches_reference(check, args):
    check("alibi_bias", *args)


@pytest.mark.points(2)
def test_alibi_bias_is_minus_slope_times_distance(check, seed):
    H, n = 2 ** int(np.random.default_rng(seed).integers(0, 5)), int(np.random.default_rng(seed).integers(5, 30))
    bias = np.asarray(check("alibi_bias", H, n), dtype=np.float64)
    slopes = np.asarray(check.run_learner("alibi_slopes", H), dtype=np.float64)
    i, j = np.tril_indices(n)
    close(bias[:, i, j], -slopes[:, None] * (i - j), what=f"day56: alibi_bias({H}, {n}) on and below the diagonal, "
          f"against −alibi_slopes({H}) · (i − j), seed {seed}")
    close(bias[:, j, i][:, i != j], np.zeros((H, int((i != j).sum()))), what=f"day56: alibi_bias({H}, {n}) above the "
          f"diagonal, seed {seed}", hint="keys after the query are masked anyway: their bias is 0")
