"""The throughput harness's false-failure rate: the reference timed against itself.

Runs `course_tools.throughput.measure` TRIALS times with day 54's reference attention on both
sides, at the limit day 54 grades with (3×) and at tighter limits, and prints how often each
verdict came out. A fail here is a false failure: the two sides are the same code. Usage:
    python bench/throughput_aa.py [--trials 200] [--shape 8 4 128 64]
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import os
import sys
import time
from pathlib import Path

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")  # as in the grader's child process; must precede numpy's import

import numpy as np  # noqa: E402

from course_tools.throughput import measure  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _reference():
    spec = importlib.util.spec_from_file_location("ai100_bench_reference", ROOT / "solutions/day54/attention.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--shape", type=int, nargs=4, default=[8, 4, 128, 64])
    parser.add_argument("--limits", type=float, nargs="+", default=[3.0, 1.5, 1.1])
    args = parser.parse_args()
    ref = _reference()
    rng = np.random.default_rng(0)
    q, k, v = (rng.standard_normal(args.shape) for _ in range(3))
    learner_copy = lambda: ref.attention(q, k, v)  # noqa: E731 - the A side
    reference = lambda: ref.attention(q, k, v)  # noqa: E731 - the B side
    start = time.perf_counter()
    for limit in args.limits:
        verdicts = collections.Counter()
        ratios = []
        for trial in range(args.trials):
            m = measure(learner_copy, reference, max_ratio=limit, seed=trial)
            verdicts[m.verdict] += 1
            ratios.append(m.ratio)
        q05, q50, q95 = np.quantile(ratios, [0.05, 0.5, 0.95])
        print(f"limit {limit:g}×: {args.trials} trials — pass {verdicts['pass']}, fail {verdicts['fail']} "
              f"(false-failure rate {verdicts['fail'] / args.trials:.2%}), inconclusive {verdicts['inconclusive']}; "
              f"ratio 5/50/95% = {q05:.3f}/{q50:.3f}/{q95:.3f}", flush=True)
    print(f"shape {tuple(args.shape)} float64, {time.perf_counter() - start:.0f} s in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
