"""Every comparison tolerance in the kit, per dtype. Graders name a row; they never write numbers.

Rows are strict enough that a 0.1% error in a float32/float64 result fails (the mutation tests
nudge returned values by that much), and loose enough for a different but correct order of
floating-point operations.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Tolerance:
    name: str
    atol: float
    rtol: float

    def __str__(self) -> str:
        return f"{self.name} (atol {self.atol:g}, rtol {self.rtol:g})"


BY_DTYPE: dict[str, Tolerance] = {
    "float64": Tolerance("float64", atol=1e-9, rtol=1e-7),
    "float32": Tolerance("float32", atol=1e-5, rtol=1e-4),
    "float16": Tolerance("float16", atol=1e-3, rtol=1e-2),
    "bfloat16": Tolerance("bfloat16", atol=1e-2, rtol=2e-2),
}

NAMED: dict[str, Tolerance] = {
    # An independent library computing the same float64 quantity in another order.
    "vs_library": Tolerance("vs_library", atol=1e-5, rtol=0.0),
    # Gradients: analytic against float64 central differences (truncation error ~eps²).
    "grad_numeric": Tolerance("grad_numeric", atol=1e-6, rtol=1e-5),
    # Gradients: analytic against autograd of the same float64 function.
    "grad_autograd": Tolerance("grad_autograd", atol=1e-9, rtol=1e-7),
    # Triton kernels in float32, interpreted or compiled.
    "triton_float32": Tolerance("triton_float32", atol=1e-6, rtol=1e-5),
    # Exact: integer, boolean and index outputs.
    "exact": Tolerance("exact", atol=0.0, rtol=0.0),
    # a from-scratch fit against a library's solver on the same problem (day 05's OLS vs scikit-learn)
    "fit_vs_library": Tolerance("fit_vs_library", atol=1e-6, rtol=0.0),
    # a from-scratch closed formula against a library's (day 08's metrics vs sklearn.metrics): rounding only
    "formula_vs_library": Tolerance("formula_vs_library", atol=1e-12, rtol=0.0),
    # two iterative solvers stopped at their own tolerances (day 10's proximal-gradient logistic regression
    # and coordinate-descent lasso against saga / sklearn's Lasso, or a FISTA against an ISTA): ~1e-7 apart
    "iterative_fit_vs_library": Tolerance("iterative_fit_vs_library", atol=1e-5, rtol=0.0),
    # a from-scratch algorithm against a library's on the same data (days 20, 21, 24: PCA's SVD, Lloyd's
    # k-means from given centres, brute partial dependence): the same maths, other LAPACK calls and orders
    "algorithm_vs_library": Tolerance("algorithm_vs_library", atol=1e-8, rtol=0.0),
}


def for_dtype(dtype) -> Tolerance:
    """The tolerance row for an array dtype (numpy or torch); integers and bools are exact."""
    name = str(dtype).replace("torch.", "")
    if name in BY_DTYPE:
        return BY_DTYPE[name]
    try:
        kind = np.dtype(name).kind
    except TypeError:
        kind = "O"
    if kind in "biu":
        return NAMED["exact"]
    raise KeyError(f"no tolerance for dtype {name!r}; rows are {', '.join(BY_DTYPE)}")


def lookup(name_or_tol: "str | Tolerance | None", dtype) -> Tolerance:
    if isinstance(name_or_tol, Tolerance):
        return name_or_tol
    if name_or_tol is None:
        return for_dtype(dtype)
    if name_or_tol in NAMED:
        return NAMED[name_or_tol]
    if name_or_tol in BY_DTYPE:
        return BY_DTYPE[name_or_tol]
    raise KeyError(f"no tolerance named {name_or_tol!r}; named rows are {', '.join([*BY_DTYPE, *NAMED])}")
