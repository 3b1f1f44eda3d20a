# %%
"""Day 13 — foundations quiz, answered as tests: you write the tests, we plant the bugs.

The kit ships five small functions (course_tools/fixtures/day13.py, correct):
  mean(x)                the mean of every entry of x, as a float; ValueError when x is empty
  var(x, ddof=0)         sum((x - mean(x)) ** 2) / (n - ddof) over every entry (n = x.size)
  zscore(x)              (x - mean(x)) / sqrt(var(x)): standardised with the population std (ddof=0)
  softmax(x, axis=-1)    exp(x) normalised along `axis`, x of any shape, finite for any logits
  one_hot(labels, n_classes)   (n,) int labels → (n, n_classes) float64, 1.0 at [i, labels[i]]

Each test below takes `impl`, a dict {"mean": fn, "var": fn, "zscore": fn, "softmax": fn,
"one_hot": fn}, and calls the functions through it: impl["var"](x, ddof=1). A test passes by
returning and fails by raising (a failed assert, pytest.raises that saw nothing, any error).
The graders run every test on correct implementations — where each must pass — and on hidden
buggy ones, each of which some test must fail on. Work out the right answers yourself (by hand,
or with NumPy: np.mean, np.var, np.exp, np.eye, ...); never with the functions under test.

Check your work:  pytest assignments/day13   (or: ai100 check day13)
Run your tests on the kit's functions:  pytest assignments/day13/foundations_tests.py
"""

import numpy as np
import pytest

# Inputs you may use (or make your own).
VECTOR = np.array([2.0, -1.0, 4.0, 0.5, 3.0, -2.5, 1.0])  # (7,)
MATRIX = np.array([[1.0, 2.0, 3.0, 0.5], [-1.0, 0.0, 4.0, 2.0], [0.5, -3.0, 1.5, 1.0]])  # (3, 4)
LABELS = np.array([2, 0, 1, 2, 0])  # five labels, classes 0..2


# %%
def test_mean_of_empty_raises(impl):
    """The mean of nothing is undefined: mean must raise ValueError, not return NaN. About 1 line."""
    ### BEGIN SOLUTION
    pytest.raises(ValueError, impl["mean"], np.zeros(0))  # fails unless mean([]) raises ValueError
    ### END SOLUTION


# %%
def test_mean_of_a_matrix(impl):
    """mean averages every entry of a 2-D input, not just its rows or first axis. About 1 line."""
    ### BEGIN SOLUTION
    assert np.isclose(impl["mean"](MATRIX), np.mean(MATRIX))
    ### END SOLUTION


# %%
def test_var_population_and_sample(impl):
    """var divides by n for ddof=0 and by n - 1 for ddof=1. About 2 lines."""
    ### BEGIN SOLUTION
    assert np.isclose(impl["var"](VECTOR), np.var(VECTOR))
    assert np.isclose(impl["var"](MATRIX, ddof=1), np.var(MATRIX, ddof=1))
    ### END SOLUTION


# %%
def test_zscore_uses_population_std(impl):
    """zscore's result has mean 0 and population standard deviation 1. About 2 lines."""
    ### BEGIN SOLUTION
    z = impl["zscore"](VECTOR)
    assert np.allclose(z, (VECTOR - np.mean(VECTOR)) / np.std(VECTOR))
    ### END SOLUTION


# %%
def test_softmax_rows_sum_to_one(impl):
    """On a 2-D input, softmax's default axis is the last one: every row sums to 1. About 2 lines."""
    ### BEGIN SOLUTION
    p = impl["softmax"](MATRIX)
    assert np.allclose(np.sum(p, axis=1), 1.0)
    ### END SOLUTION


# %%
def test_softmax_along_axis_zero(impl):
    """softmax(x, axis=0) normalises each column. About 3 lines."""
    ### BEGIN SOLUTION
    e = np.exp(MATRIX)
    p = impl["softmax"](MATRIX, axis=0)
    assert np.allclose(p, e / np.sum(e, axis=0))
    ### END SOLUTION


# %%
def test_softmax_large_logits(impl):
    """Logits in the thousands: no overflow to inf or NaN, rows still sum to 1. About 2 lines."""
    ### BEGIN SOLUTION
    p = impl["softmax"](MATRIX * 1000.0)
    assert np.allclose(np.sum(p, axis=1), 1.0)
    ### END SOLUTION


# %%
def test_one_hot_rows(impl):
    """one_hot has one column per class (even classes no label uses) and its 1 in column labels[i].
    About 3 lines."""
    ### BEGIN SOLUTION
    out = impl["one_hot"](LABELS, 5)
    assert out.shape == (len(LABELS), 5)
    assert np.array_equal(np.argmax(out, axis=1), LABELS)
    ### END SOLUTION


# %%
# Kept as is: how the graders (and you) find and run the tests above.
def suite():
    """The names of this module's tests (its functions named test_*), in file order."""
    return [name for name, fn in globals().items() if name.startswith("test_") and callable(fn)]


@pytest.fixture
def impl():
    """The kit's correct implementations, so that `pytest` on this file runs your tests on them."""
    from course_tools.fixtures.day13 import implementations

    return implementations()
