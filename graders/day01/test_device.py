"""Hidden graders for day 01 (device introspection).

The learner's code may run in another process, where patching torch.cuda.is_available from here
would not reach it. So pick_device is judged through its `probes` argument: the tests pass their
own zero-argument callables (called back from the learner's code) that claim CUDA or MPS is or
is not there, and count the calls. device_report is judged against torch's own answers on the
grading machine. MemoryLogger gets a fake clock and a fake probe, so every row is known exactly.
Unseen here: interval_s = 1.5, tick steps drawn from the hidden seed, 37 ticks.
"""

import contextlib
import itertools
import json
import os
import platform

import numpy as np
import pytest
import torch

from course_tools.checks import Mismatch, Named, close, expect_raises

COMBOS = list(itertools.product([False, True], repeat=2))  # (cuda there, mps there)
PREFS = ["cuda", "mps", "cpu", "auto"]


class Probes:
    """Fake availability checks that count how often each is asked."""

    def __init__(self, cuda, mps):
        self.there = {"cuda": cuda, "mps": mps}
        self.calls = {"cuda": 0, "mps": 0}
        self.dict = {name: Named(f"a probe saying {name} is {'' if there else 'not '}there", self._probe(name))
                     for name, there in self.there.items()}

    def _probe(self, name):
        def probe():
            self.calls[name] += 1
            return self.there[name]
        return probe


def expected_device(prefer, cuda, mps):
    order = ["cuda", "mps", "cpu"] if prefer == "auto" else [prefer]
    there = {"cuda": cuda, "mps": mps, "cpu": True}
    return torch.device(next((b for b in order if there[b]), "cpu"))


def _require(ok, message):
    if not ok:
        raise Mismatch(message)


# --- pick_device -----------------------------------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.parametrize("prefer", PREFS)
def test_pick_device_follows_the_probes(check, seed, prefer):
    """Every (CUDA there?, MPS there?) combination, in an order drawn from the seed."""
    order = np.random.default_rng(seed).permutation(len(COMBOS))
    for i in order:
        cuda, mps = COMBOS[i]
        fake = Probes(cuda, mps)
        check.against("pick_device", expected_device(prefer, cuda, mps), prefer, probes=fake.dict,
                      hint=f"with CUDA {'there' if cuda else 'absent'} and MPS {'there' if mps else 'absent'}, "
                           f"prefer={prefer!r} must give {expected_device(prefer, cuda, mps)}")


@pytest.mark.points(2)
def test_pick_device_never_returns_an_absent_backend(check, seed):
    """The classic: prefer="cuda" on a machine without CUDA must give the CPU."""
    for prefer in ("cuda", "mps"):
        fake = Probes(False, False)
        check.against("pick_device", torch.device("cpu"), prefer, probes=fake.dict,
                      hint="a backend whose probe says False is not there: fall back to the CPU")
        fresh = Probes(False, False)  # counted on its own: the mistake variants above ask probes too
        check.run_learner("pick_device", prefer, probes=fresh.dict)
        _require(fresh.calls[prefer] >= 1,
                 f"{check.describe('pick_device', (prefer,), {'probes': fake.dict})}\n  never asked the {prefer} "
                 "probe: use the probes you are given, not torch's own checks")


@pytest.mark.points(1)
def test_pick_device_returns_a_torch_device(check):
    got = check.run_learner("pick_device", "cpu")
    _require(type(got) is torch.device,
             f"day01: pick_device('cpu') returned {got!r} ({type(got).__name__}); the contract is a torch.device — "
             "wrap the name: torch.device('cpu')")


@pytest.mark.points(1)
def test_pick_device_partial_probes_use_torch_for_the_rest(check):
    """probes={"mps": ...} only: CUDA must still be asked of torch itself."""
    cuda_here = torch.cuda.is_available()
    for mps in (False, True):
        fake = Probes(not cuda_here, mps)
        only_mps = {"mps": fake.dict["mps"]}
        check.against("pick_device", expected_device("auto", cuda_here, mps), "auto", probes=only_mps,
                      hint="a backend missing from probes uses torch's own check")


@pytest.mark.points(1)
@pytest.mark.parametrize("prefer", PREFS)
def test_pick_device_defaults_agree_with_torch(check, prefer):
    want = expected_device(prefer, torch.cuda.is_available(), torch.backends.mps.is_available())
    check.against("pick_device", want, prefer, hint="with no probes, ask torch.cuda.is_available() and "
                                                    "torch.backends.mps.is_available()")


@pytest.mark.points(2)
def test_pick_device_asks_only_the_probes_it_needs(check, seed):
    cases = [("cpu", True, True, {"cuda": 0, "mps": 0}), ("cuda", True, True, {"mps": 0}),
             ("mps", True, True, {"cuda": 0}), ("auto", True, True, {"mps": 0})]
    for prefer, cuda, mps, limits in cases:
        fake = Probes(cuda, mps)
        got = check.run_learner("pick_device", prefer, probes=fake.dict)
        close(got, expected_device(prefer, cuda, mps), what=check.describe("pick_device", (prefer,), {}))
        for name, most in limits.items():
            _require(fake.calls[name] <= most,
                     f"day01: pick_device({prefer!r}) with CUDA and MPS both there asked the {name} probe "
                     f"{fake.calls[name]} time(s); it needs no answer from it (asking CUDA starts its driver)")


@pytest.mark.points(1)
@pytest.mark.parametrize("prefer", ["gpu", "tpu", "", "metal"])
def test_pick_device_unknown_preference_raises_value_error(check, prefer):
    what = f"day01: pick_device({prefer!r})"
    message = expect_raises(ValueError, what, lambda: check.run_learner("pick_device", prefer),
                            because=f"{prefer!r} names no backend")
    _require(all(name in message for name in ("cuda", "mps", "cpu", "auto")),
             f"{what}\n  the ValueError's message must list the valid names cuda, mps, cpu and auto; got {message!r}")


# --- device_report ---------------------------------------------------------------------------------

SCHEMA = {"torch_version": (str,), "python_version": (str,), "backend": (str,), "device_name": (str,),
          "cuda_available": (bool,), "cuda_version": (str, type(None)), "cuda_device_count": (int,),
          "mps_available": (bool,), "cpu_count": (int,)}


def torch_answers():
    """What the report must say on this machine, asked of torch and the OS directly."""
    cuda = torch.cuda.is_available()
    backend = "cuda" if cuda else "mps" if torch.backends.mps.is_available() else "cpu"
    return {"torch_version": str(torch.__version__), "python_version": platform.python_version(),
            "backend": backend,
            "device_name": torch.cuda.get_device_name() if cuda else platform.machine(),
            "cuda_available": cuda, "cuda_version": torch.version.cuda,
            "cuda_device_count": torch.cuda.device_count() if cuda else 0,
            "mps_available": torch.backends.mps.is_available(), "cpu_count": os.cpu_count()}


@contextlib.contextmanager
def one_torch_thread():
    """torch's thread count made different from the core count, so that mixing them up shows.
    (It reaches the learner's code only when that runs in this process.)"""
    saved = torch.get_num_threads()
    torch.set_num_threads((os.cpu_count() or 1) + 1)  # more threads than cores is allowed, and never equal
    try:
        yield
    finally:
        torch.set_num_threads(saved)


@pytest.mark.points(2)
def test_device_report_schema(check):
    report = check.run_learner("device_report")
    _require(isinstance(report, dict), f"day01: device_report() returned {type(report).__name__}, not a dict")
    _require(set(report) == set(SCHEMA),
             f"day01: device_report() keys: expected {sorted(SCHEMA)}, got {sorted(report)}"
             + (f"; missing {sorted(set(SCHEMA) - set(report))}" if set(SCHEMA) - set(report) else "")
             + (f"; unexpected {sorted(set(report) - set(SCHEMA))}" if set(report) - set(SCHEMA) else ""))
    for key, types in SCHEMA.items():
        value = report[key]
        ok = type(value) in types  # exact types: an int is not a bool, a numpy bool is not a bool
        _require(ok, f"day01: device_report()[{key!r}] is {value!r} of type {type(value).__name__}; expected "
                     f"{' or '.join(t.__name__ for t in types)} — convert with bool()/int()/str()")
    try:
        json.dumps(report)
    except (TypeError, ValueError) as exc:
        raise Mismatch(f"day01: json.dumps(device_report()) failed ({exc}); keep plain Python values") from None


@pytest.mark.points(3)
def test_device_report_matches_reference(check):
    with one_torch_thread():
        check("device_report", tol="exact")


@pytest.mark.points(3)
def test_device_report_agrees_with_torch(check):
    with one_torch_thread():
        report = check.run_learner("device_report")
        want = torch_answers()
        threads = torch.get_num_threads()
    for key, value in want.items():
        close(report.get(key) if isinstance(report, dict) else report, value, tol="exact",
              what=f"day01: device_report()[{key!r}] against torch on this machine",
              mistakes={"torch.get_num_threads() is torch's thread count, not the number of cores":
                        threads} if key == "cpu_count" else None)
    _require(report["backend"] in ("cuda", "mps", "cpu"), f"day01: backend {report['backend']!r} is not a backend")


# --- MemoryLogger (stretch) ------------------------------------------------------------------------

class FakeMachine:
    """A clock that moves by seeded steps (multiples of 1/4 s, so sums are exact) and a probe of
    seeded byte counts, both counting their calls."""

    def __init__(self, seed, n_ticks, start=1000.0):
        rng = np.random.default_rng(seed)
        steps = rng.choice([0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0], size=n_ticks)
        self.times = [start, *(start + np.cumsum(steps)).tolist()]  # construction, then one per tick
        self.memory = rng.integers(10**6, 10**8, size=n_ticks).tolist()
        self.clock_calls = self.probe_calls = 0
        self.clock = Named("a fake clock", self._clock)
        self.probe = Named("a fake probe", self._probe)

    def _clock(self):
        t = self.times[min(self.clock_calls, len(self.times) - 1)]
        self.clock_calls += 1
        return t

    def _probe(self):
        value = self.memory[self.probe_calls % len(self.memory)]  # the n-th reading, whenever it is taken
        self.probe_calls += 1
        return value

    def expected(self, interval, *, strict=False, since_tick=False, catch_up=False, absolute=False,
                 skip_first=False):
        """(rows, tick results) of a correct logger; the options make the classic wrong ones."""
        rows, results, last, previous = [], [], None, self.times[0]
        start = self.times[0]
        for now in self.times[1:]:
            ref = previous if since_tick else last
            gap = None if ref is None else now - ref
            due = (ref is None and not skip_first) or (gap is not None and (gap > interval if strict else gap >= interval))
            if skip_first and ref is None:
                last = now
            if due:
                rows.append({"t": now if absolute else now - start, "bytes": self.memory[len(rows)]})
                last = (last + interval) if (catch_up and last is not None) else now
            results.append(due)
            previous = now
        return rows, results


LOGGER_MISTAKES = {
    "a row exactly interval_s after the previous one was skipped: at least interval_s means >=, not >":
        dict(strict=True),
    "the interval was measured from the previous tick, not from the previous row": dict(since_tick=True),
    "the next row was scheduled at last + interval_s (catching up after a gap), not interval_s after the row":
        dict(catch_up=True),
    "t is the raw clock reading, not seconds since the logger was made": dict(absolute=True),
    "the first tick recorded nothing: with no rows yet, a row is always due": dict(skip_first=True),
}


def _run_logger(check, seed, interval, n_ticks):
    fake = FakeMachine(seed, n_ticks)
    kwargs = {"clock": fake.clock} if interval is None else {"interval_s": interval, "clock": fake.clock}
    logger = check.run_learner("MemoryLogger", fake.probe, **kwargs)
    results = [logger.tick() for _ in range(n_ticks)]
    return fake, logger, results


@pytest.mark.points(3)
@pytest.mark.parametrize("interval", [None, 1.5])
def test_memory_logger_rows_with_a_fake_clock(check, seed, interval):
    n_ticks = 37
    fake, logger, results = _run_logger(check, seed, interval, n_ticks)
    every = 2.0 if interval is None else interval
    want_rows, want_results = fake.expected(every)
    what = (f"day01: MemoryLogger(probe, {'' if interval is None else f'interval_s={interval}, '}clock=fake) "
            f"after {n_ticks} ticks, seed {seed}; clock times {fake.times[:8]}...")
    close(list(logger.rows), want_rows, what=what + " — rows",
          mistakes={name: fake.expected(every, **opts)[0] for name, opts in LOGGER_MISTAKES.items()},
          hint="a row is due when there is none yet, or when clock() - (time of the previous row) >= interval_s")
    close(results, want_results, what=what + " — what tick() returned", tol="exact")


@pytest.mark.points(1)
def test_memory_logger_calls_probe_only_when_recording(check, seed):
    fake, logger, _ = _run_logger(check, seed, 2.0, 20)
    n_rows = len(fake.expected(2.0)[0])
    _require(fake.probe_calls == n_rows,
             f"day01: MemoryLogger called probe() {fake.probe_calls} times for {n_rows} rows, seed {seed}: call it "
             "once per recorded row and never on a tick that records nothing")
    _require(fake.clock_calls == 21,
             f"day01: MemoryLogger read clock() {fake.clock_calls} times for 20 ticks, seed {seed}: read it once when "
             "made and once per tick")


@pytest.mark.points(1)
def test_memory_logger_peak(check, seed):
    fake, logger, _ = _run_logger(check, seed, 1.5, 25)
    rows = fake.expected(1.5)[0]
    close(logger.peak(), max(r["bytes"] for r in rows), tol="exact",
          what=f"day01: MemoryLogger.peak() after 25 ticks, seed {seed}")
    fresh = check.run_learner("MemoryLogger", FakeMachine(seed, 1).probe, clock=FakeMachine(seed, 1).clock)
    close(fresh.peak(), 0, tol="exact", what="day01: MemoryLogger.peak() before any tick")


@pytest.mark.points(1)
@pytest.mark.parametrize("interval", [0, -2.0])
def test_memory_logger_rejects_a_bad_interval(check, seed, interval):
    fake = FakeMachine(seed, 1)
    expect_raises(ValueError, f"day01: MemoryLogger(probe, interval_s={interval})",
                  lambda: check.run_learner("MemoryLogger", fake.probe, interval_s=interval, clock=fake.clock),
                  because="an interval must be positive")
    small = FakeMachine(seed, 2)
    logger = check.run_learner("MemoryLogger", small.probe, interval_s=0.25, clock=small.clock)
    _require(logger.tick(), "day01: MemoryLogger(probe, interval_s=0.25).tick() recorded no first row: any "
                            "interval > 0 is valid, and the first tick always records")
