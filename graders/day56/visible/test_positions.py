"""Day 56 visible tests: run them with  pytest assignments/day56  (or  ai100 check day56).

They compare your functions with values recorded from the reference solution (keyed by these
exact inputs), with a plain double loop over the formula, and with properties every right answer
has. The autograder runs more cases on inputs you do not see.
"""

import math

import numpy as np
import pytest
import torch

from course_tools.checks import close, png_problem


@pytest.mark.points(1)
def test_sinusoidal_pe_matches_reference(check):
    check("sinusoidal_pe", 100, 64)


@pytest.mark.points(1)
def test_sinusoidal_pe_matches_the_formula_looped(check):
    pe = check.run_learner("sinusoidal_pe", 9, 6)
    want = np.zeros((9, 6))
    for p in range(9):
        for c in range(6):
            angle = p / 10000.0 ** ((c - c % 2) / 6)  # columns 2i and 2i+1 share the angle of pair i
            want[p, c] = math.sin(angle) if c % 2 == 0 else math.cos(angle)
    close(pe, want, what="day56: sinusoidal_pe(9, 6) against the formula, one entry at a time")


@pytest.mark.points(1)
def test_learned_positional_embedding_adds_rows(check):
    model = check.run_learner("LearnedPositionalEmbedding", 8, 3, seed=0)
    x = torch.randn(2, 5, 3, generator=torch.Generator().manual_seed(1))
    W = model.state_dict(destination={})["weight"]
    close(model(x), x + W[:5], what="day56: LearnedPositionalEmbedding(8, 3) on (2, 5, 3)")


@pytest.mark.points(1)
def test_plot_pe_dims_returns_the_columns(check):
    pe = np.random.default_rng(2).standard_normal((20, 6))
    path = f"{check.scratch_dir()}/pe.png"
    lines, labels = check.run_learner("plot_pe_dims", pe, [1, 4], path)
    close(np.asarray(lines, dtype=np.float64), pe[:, [1, 4]].T, what="day56: plot_pe_dims y-data for dims [1, 4]")
    assert list(labels) == ["dim 1", "dim 4"], f"day56: plot_pe_dims legend reads {list(labels)}"
    problem = png_problem(check.read_file(path), 800, 400)
    assert problem is None, f"day56: plot_pe_dims: {problem}"


@pytest.mark.points(1)
@pytest.mark.parametrize("seed", [3])
def test_apply_rope_matches_reference_and_keeps_norms(check, seed):
    rng = np.random.default_rng(seed)
    x, pos = rng.standard_normal((2, 4, 8)), np.array([0, 3, 4, 10])
    out = check("apply_rope", x, pos)
    close(np.linalg.norm(out, axis=-1), np.linalg.norm(x, axis=-1), what="day56: apply_rope keeps lengths")


@pytest.mark.points(1)
def test_apply_rope_matches_complex_multiplication(check):
    # Another way to say it: pair (2i, 2i+1) is the complex number x[2i] + j·x[2i+1], turned by e^(j·angle)
    rng = np.random.default_rng(4)
    x, pos = rng.standard_normal((3, 6)), np.array([2, 7, 50])
    angle = pos[:, None] * 10000.0 ** (-np.arange(3) / 3)  # pair i of 3 turns at pos · base^(−2i/6)
    z = (x[:, 0::2] + 1j * x[:, 1::2]) * np.exp(1j * angle)
    want = np.stack([z.real, z.imag], axis=-1).reshape(3, 6)
    close(check.run_learner("apply_rope", x, pos), want, what="day56: apply_rope((3, 6)) against complex rotation")


@pytest.mark.points(1)
def test_alibi_slopes_and_bias(check):
    close(np.asarray(check("alibi_slopes", 8), dtype=np.float64), 0.5 ** np.arange(1, 9),
          what="day56: alibi_slopes(8) against 1/2 … 1/256")
    check("alibi_bias", 2, 4)
