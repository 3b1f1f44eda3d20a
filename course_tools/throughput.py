"""Throughput as a ratio: learner time over reference time, measured interleaved in one process.

Each round times three blocks in random order: the learner, the reference, and the reference
again. The learner's ratio is the median over rounds of learner/reference; the A/A ratio (the
reference against itself) is the noise guard. When the A/A median strays from 1 by more than
`aa_limit`, the machine is too noisy to judge: the measurement is repeated, and a verdict that
stays inconclusive is reported as such and left out of the score: never a fail, never a pass —
unless the ratio is beyond what that much noise could explain (limit × (1 + 2·|A/A − 1|)). A learner call slower than
`max_ratio × blowout` times one reference call fails at once, without the full rounds.
"""

from __future__ import annotations

import gc
import os
import random
import statistics
import time
from dataclasses import dataclass, field
from typing import Callable

from course_tools.checks import Mismatch

_clock = time.perf_counter  # kept before learner code is imported: patching time changes nothing
_shuffle = random.Random
_median = statistics.median


@dataclass
class Measurement:
    ratio: float  # median learner/reference over rounds
    aa: float  # median reference/reference over rounds
    verdict: str  # "pass", "fail" or "inconclusive"
    max_ratio: float
    attempts: int
    rounds: int
    number: int  # calls per block
    ratios: list[float] = field(default_factory=list)

    def summary(self) -> str:
        return (f"learner/reference time ratio {self.ratio:.2f} (limit {self.max_ratio:g}), A/A guard "
                f"{self.aa:.3f}, {self.rounds} interleaved rounds of {self.number} call(s), "
                f"{self.attempts} attempt(s)")


def _block(fn: Callable[[], object], number: int) -> float:
    repeat = getattr(fn, "repeat", None)  # a call staged in the sandbox runs a whole block per request
    start = _clock()
    if repeat is not None:
        repeat(number)
    else:
        for _ in range(number):
            fn()
    return _clock() - start


def _calibrate(fn: Callable[[], object], min_block_s: float) -> int:
    one = _block(fn, 1)  # also a warm-up
    one = min(one, _block(fn, 1))
    return max(1, min(1000, int(min_block_s / max(one, 1e-7)) + 1))


class Inconclusive(Exception):
    """The machine was too noisy to judge speed; the test is left out of the score, not failed."""


def measure(learner: Callable[[], object], reference: Callable[[], object], *, max_ratio: float,
            rounds: int = 9, min_block_s: float = 0.01, aa_limit: float = 0.15, attempts: int = 3,
            blowout: float = 10.0, budget_s: float = 8.0, seed: int = 0) -> Measurement:
    """Interleaved timing of `learner` against `reference` (both zero-argument callables).

    Stops within about `budget_s` seconds: a measurement cut short by the budget with fewer than
    three rounds cannot be judged and comes back inconclusive.
    """
    began = _clock()
    order_rng = _shuffle(seed)
    gc_was_enabled = gc.isenabled()
    number = _calibrate(reference, min_block_s)
    ref_one = _block(reference, number) / number
    learner_one = _block(learner, 1)  # warm-up, and the early verdict for hopeless code
    if learner_one > max_ratio * blowout * ref_one and learner_one > 0.05:
        return Measurement(ratio=learner_one / ref_one, aa=1.0, verdict="fail", max_ratio=max_ratio,
                           attempts=1, rounds=1, number=1, ratios=[learner_one / ref_one])
    result = None
    for attempt in range(1, attempts + 1):
        ratios, aas = [], []
        gc.disable()
        try:
            for _ in range(rounds):
                if _clock() - began > budget_s and len(ratios) >= 3:
                    break
                times = {}
                blocks = [("learner", learner), ("ref", reference), ("ref2", reference)]
                order_rng.shuffle(blocks)
                for name, fn in blocks:
                    times[name] = _block(fn, number)
                ratios.append(times["learner"] / times["ref"])
                aas.append(times["ref2"] / times["ref"])
        finally:
            if gc_was_enabled:
                gc.enable()
        ratio, aa = _median(ratios), _median(aas)
        noisy = abs(aa - 1.0) > aa_limit or len(ratios) < 3
        # Noise excuses a ratio only as far as noise could have made it: a machine whose A/A ratio
        # is 1.2 cannot turn a 4× limit into a 90× measurement.
        excusable = max_ratio * (1.0 + 2.0 * abs(aa - 1.0)) * (2.0 if len(ratios) < 3 else 1.0)
        if ratio <= max_ratio:
            verdict = "pass"
        elif noisy and ratio <= excusable:
            verdict = "inconclusive"
        else:
            verdict = "fail"
        result = Measurement(ratio=ratio, aa=aa, verdict=verdict, max_ratio=max_ratio, attempts=attempt,
                             rounds=rounds, number=number, ratios=ratios)
        if verdict != "inconclusive" or _clock() - began > budget_s:
            return result
        rounds = rounds * 2  # more rounds give the median a better chance on a noisy machine
    return result


_LOOPS_HINT = ("loops in Python over array elements are the usual cause — express the work as whole-array "
               "operations; np.einsum without optimize=True does not use the fast matrix-multiply routines")


def assert_throughput(learner: Callable[[], object], reference: Callable[[], object], *, max_ratio: float,
                      what: str, hint: str = _LOOPS_HINT, **kwargs) -> Measurement:
    """Fail only on a conclusive "slower than max_ratio × the reference"; never time the Triton interpreter."""
    timing_triton = kwargs.pop("triton", False)
    if timing_triton and os.environ.get("TRITON_INTERPRET") == "1":
        raise RuntimeError("the Triton interpreter is never timed: mark this test gpu and skip it on CPU")
    m = measure(learner, reference, max_ratio=max_ratio, **kwargs)
    if m.verdict == "fail":
        raise Mismatch(f"{what}\n  too slow: {m.summary()}\n  hint: {hint}")
    if m.verdict == "inconclusive":
        raise Inconclusive(f"{what}\n  throughput inconclusive — the machine was too noisy to judge, so this "
                           f"test is left out of the score: {m.summary()}")
    return m
