"""Hidden graders for day 63 (perplexity over a stream, trainable parameters, optimiser state bytes).

Models and optimisers come from course_tools.fixtures.day63 (the kit tiny GPT of day 60, fully
trainable or with kit adapters) and are built the same for the learner and the reference. Models
are float64 so that perplexities compare to float64 rounding. Inputs come from the hidden seed.
Unseen here: a 100-token stream in windows of 13, a tied-weight model, RMSprop and Adagrad (whose
state covers the frozen parameters too).
"""

import math

import pytest
import torch
import torch.nn.functional as F

from course_tools.checks import Mismatch, close, expect_raises
from course_tools.fixtures import day63 as fx

F64 = dict(dtype=torch.float64)


def _require(ok, message):
    if not ok:
        raise Mismatch(message)


def _stream(seed, n):
    """n character ids of seeded jokes (1-D int64)."""
    return fx.encode("\n".join(fx.make_jokes(n // 20 + 2, seed)))[:n]


def _model(seed, adapted, block):
    if adapted:
        return fx.make_adapted_gpt(seed, ("q", "v", "out"), r=3, alpha=6, block=block, **F64)
    return fx.make_kit_gpt(seed, block=block, **F64)


# --- perplexity -----------------------------------------------------------------------------------

STREAMS = [  # (N, block, adapted model)
    (86, 16, True),   # 85 scored tokens: five full windows and one of 5
    (65, 16, False),  # 64 scored tokens: windows fit exactly
    (100, 13, True),  # the unseen case: odd sizes, a last window of 8
]


@pytest.mark.points(3)
@pytest.mark.parametrize("case", range(len(STREAMS)))
def test_perplexity_matches_reference(check, seed, case):
    n, block, adapted = STREAMS[case]
    check("perplexity", _model(seed, adapted, block), _stream(seed, n), block,
          hint="every one of the N - 1 next tokens counts once: sum their losses, divide by N - 1, exponentiate")


@pytest.mark.points(3)
def test_perplexity_weights_tokens_not_windows(check, seed):
    # A last window of one token: a mean of window means would weigh that one token like a whole window.
    block = 10
    model, ids = _model(seed, True, block), _stream(seed + 1, 4 * block + 2)
    whole = check.run_learner("perplexity", model, ids, block)
    parts = [(check.run_learner("perplexity", model, ids[s:s + block + 1], block), len(ids[s + 1:s + block + 1]))
             for s in range(0, len(ids) - 1, block)]
    want = math.exp(sum(t * math.log(p) for p, t in parts) / sum(t for _, t in parts))
    close(whole, want, what=f"day63: perplexity of a {len(ids)}-token stream in windows of {block}, seed {seed}, "
          f"against the token-weighted combination of its {len(parts)} windows' own perplexities",
          mistakes={"a mean of the windows' mean losses: weigh each window by its number of tokens":
                    math.exp(sum(math.log(p) for p, _ in parts) / len(parts))})


@pytest.mark.points(2)
def test_perplexity_one_window_is_exp_cross_entropy(check, seed):
    block = 12
    model, ids = _model(seed, False, block), _stream(seed + 2, block + 1)
    got = check.run_learner("perplexity", model, ids, block)
    with torch.no_grad():
        want = math.exp(float(F.cross_entropy(model(ids[None, :-1])[0], ids[1:])))
    close(got, want, what=f"day63: perplexity of {block + 1} tokens (one window), seed {seed}, against "
          "exp(torch's cross_entropy of the next tokens)")


@pytest.mark.points(1)
def test_perplexity_uniform_model_is_vocab_size(check, seed):
    model = _model(seed, False, 8)
    with torch.no_grad():
        model.out.weight.zero_()  # every logit 0: each of the V characters has probability 1/V
    got = check.run_learner("perplexity", model, _stream(seed, 30), 8)
    close(got, float(len(fx.ALPHABET)), what=f"day63: perplexity of a model whose logits are all zero, seed {seed}",
          hint="a uniform guess over V tokens has perplexity exactly V")


@pytest.mark.points(1)
def test_perplexity_rejects_short_or_batched_ids(check, seed):
    model, ids = _model(seed, False, 8), _stream(seed, 9)
    for bad, why in [(ids[:1], "one token leaves nothing to predict"),
                     (ids[None], "ids must be one 1-D stream, not a (1, N) batch")]:
        expect_raises(ValueError, f"day63: perplexity(ids of shape {tuple(bad.shape)}), seed {seed}",
                      lambda bad=bad: check.run_learner("perplexity", model, bad, 8), because=why)


# --- trainable_params -----------------------------------------------------------------------------

KIT = dict(dim=24, layers=2, heads=3, block=16)
ADAPTED = [(("q", "v"), 4), (("k", "o", "2", "out"), 3)]  # (targets, r); "2" is each ff.2


def _adapter_count(targets, r, seed):
    """r · (d_in + d_out) for every targeted Linear of the kit model: what the adapters add."""
    return sum(r * (m.in_features + m.out_features) for name, m in fx.make_kit_gpt(seed, **KIT).named_modules()
               if isinstance(m, torch.nn.Linear) and name.rsplit(".", 1)[-1] in targets)


@pytest.mark.points(3)
@pytest.mark.parametrize("case", range(len(ADAPTED)))
def test_trainable_params_adapted_gpt(check, seed, case):
    targets, r = ADAPTED[case]
    model = fx.make_adapted_gpt(seed, targets, r=r, alpha=2 * r, **KIT)
    got = check("trainable_params", model)
    base = sum(p.numel() for p in fx.make_kit_gpt(seed, **KIT).parameters())
    extra = _adapter_count(targets, r, seed)
    _require(tuple(got) == (extra, base + extra), f"day63: trainable_params(kit GPT with rank-{r} adapters on "
             f"{targets}), seed {seed}: got {tuple(got)}, expected (r·(d_in + d_out) summed over the adapted layers "
             f"= {extra}, the kit model's {base} + {extra})")


@pytest.mark.points(2)
def test_trainable_params_full_model(check, seed):
    check("trainable_params", fx.make_kit_gpt(seed, **KIT))


@pytest.mark.points(2)
def test_trainable_params_tied_weights_count_once(check, seed):
    model = fx.tie_output(fx.make_adapted_gpt(seed, ("q",), r=2, alpha=4, **KIT))
    model.emb.weight.requires_grad_(True)  # the shared matrix is fine-tuned too
    check("trainable_params", model, hint="the output layer and the embedding share one tensor: it counts once")


# --- optimizer_state_bytes ------------------------------------------------------------------------

OPTIMISERS = [  # (kind, adapted model, dtype)
    ("adamw", True, torch.float32),
    ("sgd_momentum", False, torch.float32),
    ("adam_amsgrad", True, torch.float64),
    ("rmsprop", True, torch.float32),  # unseen
    ("adagrad", True, torch.float32),  # unseen: Adagrad makes state for every parameter, frozen ones too
]


@pytest.mark.points(2)
@pytest.mark.parametrize("case", range(len(OPTIMISERS)), ids=[k for k, _, _ in OPTIMISERS])
def test_optimizer_state_bytes_matches_reference(check, seed, case):
    kind, adapted, dtype = OPTIMISERS[case]
    model = (fx.make_adapted_gpt(seed, r=4, alpha=8, dtype=dtype, **KIT) if adapted
             else fx.make_kit_gpt(seed, dtype=dtype, **KIT))
    check("optimizer_state_bytes", fx.optimizer_after_steps(model, kind, steps=2, seed=seed))


@pytest.mark.points(1)
def test_optimizer_state_bytes_zero_before_a_step(check, seed):
    opt = torch.optim.AdamW(fx.make_kit_gpt(seed, **KIT).parameters(), lr=1e-3)
    got = check.run_learner("optimizer_state_bytes", opt)
    _require(got == 0, f"day63: optimizer_state_bytes(AdamW before its first step), seed {seed}: got {got}, "
             "expected 0 — Adam makes its state on the first step")


LARGER = dict(dim=64, layers=2, heads=4, block=16)


@pytest.mark.points(4)
def test_optimizer_state_bytes_adapters_under_5_percent_of_full(check, seed):
    full = check.run_learner("optimizer_state_bytes",
                             fx.optimizer_after_steps(fx.make_kit_gpt(seed, **LARGER), "adamw", seed=seed))
    lora_model = fx.make_adapted_gpt(seed, ("q", "v"), r=4, alpha=8, **LARGER)
    lora = check.run_learner("optimizer_state_bytes", fx.optimizer_after_steps(lora_model, "adamw", seed=seed))
    # Independently of the reference: AdamW keeps two float32 tensors of each trained parameter's
    # shape and one 0-d step counter per trained parameter (float32 unless torch's default is float64).
    step = torch.empty((), dtype=torch.get_default_dtype()).element_size()
    trained = [p for p in lora_model.parameters() if p.requires_grad]
    want = sum(2 * p.numel() * 4 + step for p in trained)
    what = f"day63: optimizer_state_bytes(AdamW after a step on the kit GPT {LARGER}), seed {seed}"
    _require(lora == want, f"{what} with rank-4 adapters on q, v: got {lora}, expected {want} (exp_avg and "
             f"exp_avg_sq of the {len(trained)} adapter matrices, 4 bytes a number, plus a step counter each)")
    full_want = sum(2 * p.numel() * 4 + step for p in fx.make_kit_gpt(seed, **LARGER).parameters())
    _require(full == full_want, f"{what} with every parameter trained: got {full}, expected {full_want}")
    _require(lora < 0.05 * full, f"{what}: adapters {lora} bytes against {full} for full fine-tuning — "
             "the adapters' optimiser state must be under 5% of full fine-tuning's")


# --- compare_table (stretch) ----------------------------------------------------------------------

def _runs(seed, kit):
    """Three fine-tunes of one kit GPT after two AdamW steps each: full, rank-2 and rank-6 adapters."""
    made = [("full", fx.make_kit_gpt(seed, **kit)),
            ("lora r=2", fx.make_adapted_gpt(seed, ("q", "v"), r=2, alpha=4, **kit)),
            ("lora r=6", fx.make_adapted_gpt(seed, ("q", "k", "v", "o"), r=6, alpha=12, **kit))]
    return [(name, model, fx.optimizer_after_steps(model, "adamw", steps=2, seed=seed)) for name, model in made]


@pytest.mark.points(3)
def test_compare_table_matches_reference(check, seed):
    kit = dict(dim=24, layers=1, heads=2, block=12, **F64)
    check("compare_table", _runs(seed, kit), _stream(seed, 50), 12)


@pytest.mark.points(2)
def test_compare_table_rows_agree_with_parts(check, seed):
    kit = dict(dim=16, layers=2, heads=2, block=10, **F64)
    runs, ids = _runs(seed, kit), _stream(seed + 3, 37)
    rows = check.run_learner("compare_table", runs, ids, 10)
    what = f"day63: compare_table(3 runs, a 37-token stream, block 10), seed {seed}"
    _require([r.get("run") for r in rows] == [name for name, _, _ in runs], f"{what}\n  runs {[r.get('run') for r in rows]}"
             f", expected one row per run in the order given: {[name for name, _, _ in runs]}")
    for (name, model, opt), row in zip(runs, rows):
        want_parts = {"trainable": check.run_learner("trainable_params", model)[0],
                      "optimizer_bytes": check.run_learner("optimizer_state_bytes", opt),
                      "perplexity": check.run_learner("perplexity", model, ids, 10)}
        close({k: row.get(k) for k in want_parts}, want_parts,
              what=f"{what}: row {name!r} against your own trainable_params, optimizer_state_bytes and perplexity")
        close(row.get("trainable_pct"), 100.0 * row["trainable"] / row["total"], what=f"{what}: row {name!r} trainable_pct")
