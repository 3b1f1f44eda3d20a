# %%
"""Day 05 — linear algebra in code: a matrix product from three loops, a sigmoid that cannot
overflow, and a benchmark harness that refuses to time wrong answers.

Dimension letters used below:
  n   rows of a, and of the product        k   columns of a = rows of b
  m   columns of b, and of the product

`matmul` is pure Python (lists of rows in and out, no NumPy); `sigmoid` and `benchmark_table` use
NumPy. The regression half of the day is in linreg.py.

Check your work:  pytest assignments/day05   (or: ai100 check day05)
"""

import time

import numpy as np


# %%
def matmul(a, b):
    """The matrix product of a and b, from loops: lists in, lists out, no NumPy.

    a: list of n rows, each a list of k numbers (int or float); n, k >= 1.
    b: list of k rows, each a list of m numbers; m >= 1.
    Returns a new list of n rows, each a new list of m Python numbers, where
    entry [i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j] + ... + a[i][k-1] * b[k-1][j].
    Raises ValueError when a row of a does not have as many entries as b has rows, or when the
    rows of b differ in length. The inputs are left as they were.

    NumPy is off limits in this function (np.array, np.dot, np.matmul, np.einsum …), and the `@`
    operator does not work on lists: the point is the three nested loops. About 12 lines.
    """
    raise NotImplementedError('day05: matmul — see README')


# %%
def sigmoid(x):
    """The logistic function 1 / (1 + e^(-x)), elementwise, for any x without overflow.

    x: (...) float32 or float64 array of any shape; ±inf allowed.
    Returns an array of x's shape and dtype with entries in [0, 1]: sigmoid(±inf) = 1 and 0.
    Tiny results keep their digits: sigmoid(-720) is about 2e-313, not 0.

    e^(-x) overflows for x < -709 in float64 (x < -88 in float32). Write the function so that
    exp only ever sees a number <= 0: for x >= 0 use 1 / (1 + e^(-x)); for x < 0 use
    e^x / (1 + e^x), the same value rewritten. No scipy.special.expit. About 3 lines.
    """
    raise NotImplementedError('day05: sigmoid — see README')


# %%
def benchmark_table(fns, sizes, *, repeat=3, seed=0, clock=time.perf_counter):
    """Time matrix-product functions on random square matrices, after checking that they agree.

    fns: dict name -> f(a, b), each returning the product of two (n, n) float64 arrays
        (as an array or as a list of rows).
    sizes: list of ints n.
    repeat: how many timed calls each function gets per size.
    seed: rng = np.random.default_rng(seed), made once; for each size in order draw
        a = rng.standard_normal((n, n)), then b the same way.
    clock: a function returning the time in seconds (the tests pass a fake one).
    Returns a list of dicts, one per (size, function): sizes in the given order and, within a
    size, the functions in the dict's order, each
        {"n": n, "name": name, "seconds": the fastest of the repeat calls,
         "gflops": 2 * n**3 / seconds / 1e9}.
    Each function is called exactly `repeat` times per size, always on that size's a and b; time
    each call on its own (clock() just before and just after it). Raises ValueError naming the
    function when the result of its first call is not np.allclose to the first function's.
    About 15 lines.
    """
    raise NotImplementedError('day05: benchmark_table — see README')
