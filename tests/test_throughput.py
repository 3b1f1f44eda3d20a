"""Throughput: learner time over reference time, interleaved, with the A/A noise guard.

The callables sleep for fixed times, so the true ratio is known, and thresholds sit far from it.
Sleeps rather than busy loops: on a loaded machine a sleep is late by a few milliseconds at most,
it does not stretch with the load. A loaded machine may still make the A/A guard call a
measurement "inconclusive"; what no load may do is turn a 5× slower learner into a pass, or a
noisy measurement into a fail. Run: pytest tests/test_throughput.py
"""

import time

import pytest

from course_tools import throughput
from course_tools.checks import Mismatch
from course_tools.throughput import Inconclusive, Measurement, assert_throughput, measure

AA_LIMIT = 0.15  # measure()'s default A/A guard


class Sleeper:
    """A zero-argument callable that sleeps `seconds` and counts its calls."""

    def __init__(self, seconds: float) -> None:
        self.seconds, self.calls = seconds, 0

    def __call__(self) -> None:
        self.calls += 1
        if self.seconds:
            time.sleep(self.seconds)


class Alternating(Sleeper):
    """A reference on a noisy machine: its calls alternate slow, fast, slow, fast, …

    Each round calls the reference twice in a row (its A and its A/A block, one call each), so one
    of the two is slow and the other fast whatever the block order: the A/A ratio is far from 1.
    """

    def __init__(self, fast: float, slow: float) -> None:
        super().__init__(fast)
        self.fast, self.slow = fast, slow

    def __call__(self) -> None:
        self.calls += 1
        time.sleep(self.slow if self.calls % 2 else self.fast)


# One call per timed block (min_block_s far below one call) and few rounds: each test stays under 2 s.
ONE_CALL = dict(min_block_s=1e-4)


def test_measure_learner_five_times_slower_fails():
    m = measure(Sleeper(0.125), Sleeper(0.025), max_ratio=3.0, rounds=3, attempts=2, budget_s=1.5, **ONE_CALL)
    assert m.verdict != "pass"
    if m.verdict == "inconclusive":  # allowed only when the reference disagreed with itself
        assert abs(m.aa - 1.0) > AA_LIMIT
    else:
        assert m.verdict == "fail"
        assert 3.0 < m.ratio < 7.0  # the true ratio is 5


def test_measure_equal_speed_learner_passes():
    learner = Sleeper(0.020)
    m = measure(learner, Sleeper(0.020), max_ratio=3.0, rounds=5, **ONE_CALL)
    assert m.verdict == "pass"
    assert 0.4 < m.ratio < 2.5
    assert m.attempts == 1
    assert learner.calls == 1 + 5  # the warm-up call, then one block of one call per round


def test_measure_hopeless_learner_fails_early_without_rounds():
    learner = Sleeper(0.2)  # against a no-op reference: far past max_ratio × blowout
    started = time.perf_counter()
    m = measure(learner, Sleeper(0.0), max_ratio=3.0, rounds=9)
    elapsed = time.perf_counter() - started
    assert m.verdict == "fail"
    assert learner.calls == 1  # one timed call decides; the 9 rounds would need 9 more
    assert m.rounds == 1
    assert m.ratio > 30
    assert elapsed < 1.5


# The reference's own calls take 1 ms or 40 ms by turns: a 40× swing that no real sleep latency hides.
NOISY_FAST, NOISY_SLOW = 0.001, 0.040


def test_measure_noisy_reference_gives_inconclusive_not_fail():
    # The learner is 2.5× the reference's slow calls and 100× its fast ones, yet the reference does
    # not agree with itself: the machine is too noisy to judge, so the verdict is never "fail".
    # (blowout is switched off: this is about the A/A guard, not the early verdict.)
    m = measure(Sleeper(0.100), Alternating(NOISY_FAST, NOISY_SLOW), max_ratio=1.5, rounds=3, attempts=2,
                blowout=1e6, **ONE_CALL)
    assert abs(m.aa - 1.0) > AA_LIMIT
    assert m.verdict == "inconclusive"
    assert m.attempts == 2  # it measured again before giving up
    assert m.rounds > 3  # with more rounds the second time


def test_measure_noise_does_not_excuse_a_learner_far_beyond_it():
    # The reference disagrees with itself by about 30% (A/A ≈ 1.3 or 0.77): that much noise may blur
    # a 1.5× limit, never a learner 25× slower.
    m = measure(Sleeper(0.300), Alternating(0.010, 0.013), max_ratio=1.5, rounds=3, attempts=2, blowout=1e6,
                **ONE_CALL)
    assert m.ratio > 10 and m.verdict == "fail"


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_measure_noisy_reference_never_fails_learner_within_noise(seed):
    # 10 ms sits between the reference's 1 ms and 40 ms calls: a round's ratio is about 10 or about
    # 0.25 depending on which call the reference block got, against a limit of 1.5.
    m = measure(Sleeper(0.010), Alternating(NOISY_FAST, NOISY_SLOW), max_ratio=1.5, rounds=3, attempts=2,
                seed=seed, blowout=1e6, **ONE_CALL)
    assert m.verdict in ("pass", "inconclusive")
    assert (m.verdict == "inconclusive") == (m.ratio > 1.5)


def test_measure_ignores_a_patched_clock(monkeypatch):
    # Learner code that freezes time.perf_counter cannot make itself look fast (nor break the timer).
    monkeypatch.setattr(time, "perf_counter", lambda: 0.0)
    m = measure(Sleeper(0.050), Sleeper(0.005), max_ratio=3.0, rounds=3, attempts=1, **ONE_CALL)
    assert m.ratio > 1.5  # 10 on a quiet machine; a frozen clock would give 0/0


def test_measure_stops_within_its_time_budget():
    started = time.perf_counter()
    m = measure(Sleeper(0.010), Sleeper(0.002), max_ratio=3.0, rounds=200, budget_s=0.3, **ONE_CALL)
    elapsed = time.perf_counter() - started
    assert 3 <= len(m.ratios) < 200  # cut short, but never below the three rounds a median needs
    assert elapsed < 1.5  # 200 full rounds would take about 3 s


# --- assert_throughput: a Mismatch only for a conclusive fail ------------------------------------

def _fixed(verdict: str):
    def fake_measure(learner, reference, *, max_ratio, **kwargs):
        return Measurement(ratio=4.0 if verdict != "pass" else 1.0, aa=1.0 if verdict != "inconclusive" else 1.5,
                           verdict=verdict, max_ratio=max_ratio, attempts=1, rounds=9, number=1)
    return fake_measure


def test_assert_throughput_conclusive_fail_raises_mismatch(monkeypatch):
    monkeypatch.setattr(throughput, "measure", _fixed("fail"))
    with pytest.raises(Mismatch) as info:
        assert_throughput(Sleeper(0), Sleeper(0), max_ratio=3.0, what="day54: attention((64, 32))")
    message = str(info.value)
    assert message.startswith("day54: attention((64, 32))")
    assert "too slow" in message
    assert "ratio 4.00 (limit 3)" in message


def test_assert_throughput_pass_returns_measurement(monkeypatch):
    monkeypatch.setattr(throughput, "measure", _fixed("pass"))
    assert assert_throughput(Sleeper(0), Sleeper(0), max_ratio=3.0, what="day54: attention").verdict == "pass"


def test_assert_throughput_inconclusive_is_not_a_failure(monkeypatch):
    # Too noisy to judge: reported as Inconclusive (left out of the score), never as a Mismatch.
    monkeypatch.setattr(throughput, "measure", _fixed("inconclusive"))
    with pytest.raises(Inconclusive) as info:
        assert_throughput(Sleeper(0), Sleeper(0), max_ratio=3.0, what="day54: attention")
    assert not isinstance(info.value, AssertionError)
    assert str(info.value).startswith("day54: attention")
    assert "inconclusive" in str(info.value)


def test_assert_throughput_really_timed_blowout_raises_mismatch():
    with pytest.raises(Mismatch, match="too slow"):
        assert_throughput(Sleeper(0.2), Sleeper(0.0), max_ratio=3.0, what="day54: attention")


def test_assert_throughput_really_timed_noise_is_never_a_mismatch():
    with pytest.raises(Inconclusive):
        assert_throughput(Sleeper(0.100), Alternating(NOISY_FAST, NOISY_SLOW), max_ratio=1.5,
                          what="day54: attention", rounds=3, attempts=1, blowout=1e6, **ONE_CALL)


def test_assert_throughput_never_times_the_triton_interpreter(monkeypatch):
    monkeypatch.setenv("TRITON_INTERPRET", "1")
    learner = Sleeper(0.0)
    with pytest.raises(RuntimeError, match="interpreter"):
        assert_throughput(learner, Sleeper(0.0), max_ratio=3.0, what="day31: add", triton=True)
    assert learner.calls == 0


def test_assert_throughput_triton_flag_accepted_on_a_gpu(monkeypatch):
    monkeypatch.delenv("TRITON_INTERPRET", raising=False)
    m = assert_throughput(Sleeper(0.001), Sleeper(0.001), max_ratio=3.0, what="day31: add", triton=True,
                          rounds=3, **ONE_CALL)
    assert m.verdict == "pass"
