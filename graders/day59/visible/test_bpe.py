"""Day 59 visible tests: run them with  pytest assignments/day59  (or  ai100 check day59).

They compare your functions with values recorded from the reference solution (keyed by these
exact inputs) and check properties every correct tokenizer has: decode(encode(s)) == s, specials
stay whole, the saved files agree with the tokenizer. The autograder runs more cases on inputs
you do not see, and times encode on a 100 kB text.
"""

import json

import pytest

from course_tools.checks import close
from course_tools.data import make_reviews

EOT = "<|endoftext|>"
# A few merges written by hand: "t"+"h" -> 256, 256+"e" -> 257 ("the"), " "+257 -> 258 (" the").
MERGES = [(116, 104), (256, 101), (32, 257), (105, 110), (259, 103)]


@pytest.mark.points(1)
@pytest.mark.parametrize("ids, pair", [([1, 2, 3, 1, 2], (1, 2)), ([5, 5, 5, 5, 5], (5, 5)), ([7], (7, 7))])
def test_merge_small_cases(check, ids, pair):
    check("merge", ids, pair, 300, tol="exact")


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [0])
def test_train_merges_matches_reference(check, seed):
    texts = make_reviews(40, seed)[0]
    merges = check("train_merges", texts, 30, tol="exact")
    assert merges[0] == (104, 101), "on these reviews the most frequent pair is b'h' + b'e' (104, 101)"


@pytest.mark.points(1)
def test_train_merges_tie_rule(check):
    # b" c", b"cd" and b"ab" all occur twice: the tie goes to the smallest pair, (32, 99)
    check("train_merges", ["ab cd ab cd"], 3, tol="exact")


@pytest.mark.points(1)
@pytest.mark.parametrize("text", [f"hi{EOT}there{EOT}{EOT}", f"{EOT}x", "no specials here"])
def test_split_specials_small_cases(check, text):
    pieces = check("split_specials", text, [EOT], tol="exact")
    assert "".join(pieces) == text, "the pieces must join back to the text"


@pytest.mark.points(2)
@pytest.mark.parametrize("text", ["the thing in the ring", f"sing the song{EOT}thin"])
def test_encode_with_hand_merges(check, text):
    check("encode", text, MERGES, [EOT], tol="exact")


@pytest.mark.points(2)
@pytest.mark.parametrize("text", ["naïve café — 日本語 🙂", "a  b\t\tc\n\n  the_end   "])
def test_decode_inverts_encode(check, text):
    ids = check.run_learner("encode", text, MERGES, [EOT])
    close(check.run_learner("decode", ids, MERGES, [EOT]), text, what="day59: decode(encode(text))", tol="exact")


@pytest.mark.points(1)
def test_decode_cut_character_is_replaced(check):
    # "é" is two bytes, 195 169: the first alone is not UTF-8 and must come back as U+FFFD
    got = check("decode", [104, 195, 32, 105], MERGES, [EOT], tol="exact")
    assert got == "h\ufffd i"


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [1])
def test_tokenizer_round_trip_with_specials(check, seed):
    texts = [t + EOT for t in make_reviews(30, seed)[0]]
    tok = check.run_learner("BPETokenizer")
    tok.train(texts, 300, [EOT])
    assert tok.vocab_size == 300 and len(tok.merges) == 300 - 256 - 1
    text = texts[0] + texts[1]
    ids = tok.encode(text)
    assert list(ids).count(299) == 2, "the special token must be one id (299 here), once per occurrence"
    assert tok.decode(ids) == text


@pytest.mark.points(2)
@pytest.mark.parametrize("seed", [2])
def test_tokenizer_save_files_agree(check, seed, tmp_path):
    tok = check.run_learner("BPETokenizer")
    tok.train(make_reviews(30, seed)[0], 280, [EOT])
    tok.save(str(tmp_path / "tok"))
    vocab = json.loads((tmp_path / "tok" / "vocab.json").read_text(encoding="utf-8"))
    lines = (tmp_path / "tok" / "merges.txt").read_text(encoding="utf-8").splitlines()
    assert sorted(vocab.values()) == list(range(280)), "vocab.json needs every id 0..279 once"
    assert vocab[EOT] == 279 and vocab["Ġ"] == 32 and vocab["a"] == 97
    assert lines[0] == "#version: 0.2" and len(lines) == 1 + len(tok.merges)
    for rank, line in enumerate(lines[1:]):
        left, right = line.split(" ")
        assert vocab[left + right] == 256 + rank, f"merges.txt line {rank + 2}: {line!r} is not token {256 + rank}"
