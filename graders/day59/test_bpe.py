"""Hidden graders for day 59 (byte-level BPE: merge, train, specials, encode, decode, save).

Every test draws its text from the hidden seed: seeded reviews, a seeded slice of Python's help
topics (computed live: it changes between Python versions) and seeded random Unicode. Unseen by
the visible tests: 256 merges (vocabulary 512) on reviews, 77 merges on help text, a tie-dense
corpus, two specials where one is a prefix of the other, and a 100 kB text for timing.
"""

import json
import tempfile
from pathlib import Path

import numpy as np
import pytest

from course_tools.checks import Mismatch, close
from course_tools.data import make_reviews, pydoc_corpus
from course_tools.throughput import assert_throughput

EOT = "<|endoftext|>"
SPECIALS = [EOT, "<|pad|>"]
# Characters for random strings: ASCII, accents, CJK, emoji (4 UTF-8 bytes), whitespace runs, "_".
ALPHABET = list("abcde xyz  ,.!?_\t\n0123") + ["é", "ü", "ß", "日", "本", "語", "🙂", "🚀", "\u00a0", "'s"]


def _random_text(seed, n_chars):
    rng = np.random.default_rng(seed)
    return "".join(ALPHABET[i] for i in rng.integers(0, len(ALPHABET), n_chars))


def _reviews(seed, n):
    return make_reviews(n, seed)[0]


def _pydoc_slice(seed, n_chars):
    text = "\n".join(pydoc_corpus())
    start = int(np.random.default_rng(seed).integers(0, len(text) - n_chars))
    return text[start:start + n_chars]


def _with_specials(seed, texts):
    """The texts joined with specials between them, the pad token twice in a row at one place."""
    rng = np.random.default_rng(seed + 7)
    out = texts[0]
    for t in texts[1:]:
        out += EOT if rng.random() < 0.7 else SPECIALS[1] * 2
        out += t
    return out + EOT


# --- merge ---------------------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("n", [1, 2, 57])
def test_merge_matches_reference(check, seed, n):
    rng = np.random.default_rng(seed)
    ids = [int(i) for i in rng.integers(0, 4, n)]  # 4 symbols: the pair occurs often, also in runs
    check("merge", ids, (1, 1), 300, tol="exact")
    check("merge", ids, (2, 3), 301, tol="exact")


@pytest.mark.points(2)
@pytest.mark.parametrize("run", [3, 4, 7])
def test_merge_runs_do_not_overlap(check, seed, run):
    ids = [9] + [5] * run + [9, 5, 5]
    check("merge", ids, (5, 5), 256 + seed % 100, tol="exact",
          hint="scan left to right; after a merge, step past both ids: [5, 5, 5] -> [new, 5]")


# --- train_merges --------------------------------------------------------------------------------------

@pytest.mark.points(4)
def test_train_merges_reviews_vocab_512(check, seed):
    check("train_merges", _reviews(seed, 150), 256, tol="exact")


@pytest.mark.points(3)
def test_train_merges_help_text(check, seed):
    check("train_merges", [_pydoc_slice(seed, 4000), _pydoc_slice(seed + 1, 2500)], 77, tol="exact")


@pytest.mark.points(3)
def test_train_merges_ties_go_to_smallest_pair(check, seed):
    """Distinct short words over a few letters, each once: most pair counts tie."""
    rng = np.random.default_rng(seed)
    words = {"".join("dcba"[i] for i in rng.integers(0, 4, rng.integers(2, 5))) for _ in range(40)}
    texts = [" ".join(rng.permutation(sorted(words)))]
    check("train_merges", texts, 25, tol="exact",
          hint="among equally frequent pairs take the smallest (a, b); a max() over a dict picks the first seen")


@pytest.mark.points(1)
def test_train_merges_stops_when_no_pair_is_left(check, seed):
    words = ["ab", "b", "abab", "c"][: 2 + seed % 3]
    check("train_merges", [" ".join(words)], 50, tol="exact",
          hint="stop when no chunk has two ids left: the list may be shorter than n_merges")


# --- split_specials ------------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("case", ["mixed", "edges", "prefix", "none"])
def test_split_specials_matches_reference(check, seed, case):
    body = _random_text(seed, 30)
    if case == "mixed":
        check("split_specials", _with_specials(seed, [body[:10], body[10:20], body[20:]]), SPECIALS, tol="exact")
    elif case == "edges":
        check("split_specials", EOT + body + EOT + EOT, [EOT], tol="exact")
        check("split_specials", "", [EOT], tol="exact", hint="no item is empty: an empty text has no pieces")
        check("split_specials", "", [], tol="exact", hint="no item is empty: an empty text has no pieces")
    elif case == "prefix":  # "<|a|>" is a prefix of "<|a|>!": the longer one must win
        text = body[:7] + "<|a|>!" + body[7:15] + "<|a|>" + body[15:]
        check("split_specials", text, ["<|a|>", "<|a|>!"], tol="exact",
              hint="try the longer specials first: sort them by length, longest first")
    else:
        check("split_specials", body, [], tol="exact")


# --- encode and decode ---------------------------------------------------------------------------------

def _merges(ref_module, seed, n=120):
    return ref_module.train_merges(_reviews(seed + 3, 100), n)


@pytest.mark.points(4)
def test_encode_matches_reference(check, ref_module, seed):
    merges = _merges(ref_module, seed)
    text = _with_specials(seed, _reviews(seed + 11, 6))
    check("encode", text, merges, SPECIALS, tol="exact")


@pytest.mark.points(3)
def test_encode_help_text_and_unicode(check, ref_module, seed):
    merges = ref_module.train_merges([_pydoc_slice(seed, 3000)], 93)
    text = _pydoc_slice(seed + 5, 1500) + _random_text(seed, 200)
    check("encode", text, merges, tol="exact")


@pytest.mark.points(2)
def test_encode_without_merges_is_utf8_bytes(check, seed):
    text = _random_text(seed, 60)
    got = check("encode", text, [], tol="exact")
    close(got, list(text.encode("utf-8")), what=f"day59: encode(random text, merges=[]), seed {seed}", tol="exact")


def _decode(check, ids, merges, specials):
    try:
        return check("decode", ids, merges, specials, tol="exact")
    except UnicodeDecodeError as exc:
        raise Mismatch(f"{check.describe('decode', (ids, merges, specials), {})}\n  raised UnicodeDecodeError: "
                       f"{exc}\n  likely mistake: bytes.decode('utf-8') without errors='replace' — ids may cut a "
                       "character in two") from None


@pytest.mark.points(3)
def test_decode_matches_reference_on_random_ids(check, ref_module, seed):
    merges = _merges(ref_module, seed, 60)
    rng = np.random.default_rng(seed)
    ids = [int(i) for i in rng.integers(0, 256 + len(merges) + len(SPECIALS), 83)]  # cuts characters
    _decode(check, ids, merges, SPECIALS)


@pytest.mark.points(4)
@pytest.mark.parametrize("source", ["reviews", "unicode"])
def test_decode_inverts_encode(check, ref_module, seed, source):
    merges = _merges(ref_module, seed)
    text = _with_specials(seed, _reviews(seed + 1, 4)) if source == "reviews" else _random_text(seed, 300) + EOT
    ids = check.run_learner("encode", text, merges, SPECIALS)
    got = _decode(check, ids, merges, SPECIALS)
    close(got, text, what=f"day59: decode(encode(text)) on {source} text, seed {seed}", tol="exact")


@pytest.mark.points(3)
def test_encode_throughput_100kB(check, ref_module, seed):
    """Within 5x the reference's time on a 100 kB text, measured interleaved (uncached reference)."""
    merges = _merges(ref_module, seed, 200)
    text = " ".join(_reviews(seed + 2, 1400))[:100_000]
    check("encode", text, merges, SPECIALS, tol="exact")
    assert_throughput(check.timed("encode", text, merges, SPECIALS),
                      lambda: ref_module.encode(text, merges, SPECIALS), max_ratio=5.0, rounds=3,
                      what="day59: encode(100 kB text, 200 merges)", seed=seed,
                      hint="look up merge ranks in a dict {pair: rank} and merge the lowest-ranked pair present; "
                           "applying all merges one after another to every chunk is far slower")


# --- the BPETokenizer class ----------------------------------------------------------------------------

def _trained(check, ref_module, seed, vocab_size):
    texts = _reviews(seed, 80)
    texts = [t + (EOT if i % 3 else SPECIALS[1]) for i, t in enumerate(texts)]  # specials inside the data
    tok = check.run_learner("BPETokenizer")
    tok.train(texts, vocab_size, SPECIALS)
    want = ref_module.BPETokenizer().train(texts, vocab_size, SPECIALS)
    return tok, want, texts


@pytest.mark.points(3)
def test_tokenizer_train_vocab_size_and_merges(check, ref_module, seed):
    tok, want, _ = _trained(check, ref_module, seed, 301)
    what = f"day59: BPETokenizer().train(80 reviews with specials, vocab_size=301, {SPECIALS}), seed {seed}"
    close(int(tok.vocab_size), 301, what=what + ": vocab_size", tol="exact")
    close([tuple(p) for p in tok.merges], want.merges, what=what + ": merges", tol="exact",
          hint="301 = 256 bytes + merges + 2 specials, so 43 merges; cut the specials out before counting pairs")


@pytest.mark.points(3)
def test_tokenizer_specials_intact(check, ref_module, seed):
    tok, want, texts = _trained(check, ref_module, seed, 290)
    text = texts[0] + SPECIALS[1] + EOT + texts[1]
    ids = tok.encode(text)
    what = f"day59: BPETokenizer(vocab_size=290).encode(review + pad + eot + review), seed {seed}"
    close(list(ids), want.encode(text), what=what, tol="exact")
    n_special = sum(int(i) >= 290 - len(SPECIALS) for i in ids)
    if n_special != text.count(EOT) + text.count(SPECIALS[1]):
        raise Mismatch(f"{what}\n  {n_special} special ids for {text.count(EOT) + text.count(SPECIALS[1])} specials")
    close(tok.decode(ids), text, what=what + ": decode(encode(text))", tol="exact")


@pytest.mark.points(4)
def test_tokenizer_save_files(check, ref_module, seed):
    tok, want, _ = _trained(check, ref_module, seed, 317)
    folder = f"{check.scratch_dir()}/tok-{seed}"
    tok.save(folder)
    tok.save(folder)  # saving again into the same folder overwrites the files
    what = f"day59: BPETokenizer(vocab_size=317).save(dir), seed {seed}"
    with tempfile.TemporaryDirectory() as mine:
        want.save(mine)
        want_vocab = json.loads(Path(mine, "vocab.json").read_text(encoding="utf-8"))
        want_merges = Path(mine, "merges.txt").read_text(encoding="utf-8").splitlines()
    got = {}
    for name in ("vocab.json", "merges.txt"):
        data = check.read_file(f"{folder}/{name}")
        if data is None:
            raise Mismatch(f"{what}\n  no file {name} in the folder given to save")
        got[name] = bytes(data).decode("utf-8")
    try:
        vocab = json.loads(got["vocab.json"])
    except json.JSONDecodeError as exc:
        raise Mismatch(f"{what}\n  vocab.json is not JSON: {exc}") from None
    by_id = lambda d: sorted(d.items(), key=lambda kv: (kv[1], kv[0]))  # first wrong id, not a key dump
    close(by_id(vocab), by_id(want_vocab), what=what + ": vocab.json (token, id) pairs by id", tol="exact",
          hint="keys are tokens through bytes_to_unicode() (b' the' -> 'Ġthe'), values their ids; specials as themselves")
    close(got["merges.txt"].splitlines(), want_merges, what=what + ": merges.txt lines", tol="exact",
          hint='first line "#version: 0.2", then "left right" per merge in rank order, both through bytes_to_unicode()')
