"""Hidden graders for day 65, rag.py: chunking, BM25, rankings, reciprocal-rank fusion, hybrid search
and extractive answers.

Everything is compared with the live reference, and where it can be, with an answer worked out
here another way: BM25 from its formula written out term by term, RRF with exact fractions. The
course goals run on facts made by course_tools.fixtures.day65.make_facts from the hidden seed:
hit@3 ≥ 0.95 for hybrid search over the facts' sentences (both fusions) and exact match ≥ 0.90 for
`answer`. A 47-word document and k1 = 1.2 are never used by the visible tests.
"""

import math
from fractions import Fraction

import numpy as np
import pytest

from course_tools.checks import close
from course_tools.fixtures.day65 import embed, make_facts

_WORDS = ("river", "stone", "lamp", "north", "tea", "silver", "gate", "owl", "map", "salt", "cloud", "reed")


def _doc(rng, n):
    return " ".join(rng.choice(_WORDS, size=n))


def _sentences(docs):
    import re
    return [s for d in docs for s in re.split(r"(?<=[.!?])\s+", d.strip()) if s]


def _gold_sentence(question, value):
    """'What is Kalo's capital?' + 'Venmar' → "Kalo's capital is Venmar." (how make_facts writes facts)."""
    return question[len("What is "):-1] + f" is {value}."


def _what(check, text):
    return f"day65: {text}" + (f", seed {check.seed}" if check.seed is not None else "")


# --- chunk_text --------------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.parametrize("size, overlap", [(5, 0), (7, 3), (10, 9), (13, 5)])
def test_chunk_text_matches_reference(check, seed, size, overlap):
    doc = _doc(np.random.default_rng(seed), 47)
    chunks = check("chunk_text", doc, size, overlap)
    words = doc.split()
    assert " ".join(chunks[-1].split()[-1:]) == words[-1], _what(check, "chunk_text: the last chunk must end at the last word")


@pytest.mark.points(2)
@pytest.mark.parametrize("n_words, size", [(0, 4), (3, 8), (8, 8), (9, 8)])
def test_chunk_text_short_documents(check, seed, n_words, size):
    """No words → []; fewer words than size → one chunk; exactly size words → one chunk, not two."""
    doc = "  " + _doc(np.random.default_rng(seed), n_words) + "\n"
    check("chunk_text", doc, size, 2)


# --- bm25_scores -------------------------------------------------------------------------------------

def _bm25_by_hand(query, docs, k1, b):
    """The formula written out one document and one query word at a time, in float64."""
    import re
    toks = [re.findall(r"[a-z0-9]+", d.lower()) for d in docs]
    avgdl = sum(len(t) for t in toks) / len(toks)
    out = []
    for t in toks:
        s = 0.0
        for term in re.findall(r"[a-z0-9]+", query.lower()):
            df = sum(term in u for u in toks)
            idf = math.log(1 + (len(docs) - df + 0.5) / (df + 0.5))
            tf = t.count(term)
            s += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(t) / avgdl))
        out.append(s)
    return np.array(out)


@pytest.mark.points(3)
@pytest.mark.parametrize("k1, b", [(1.5, 0.75), (1.2, 0.0), (2.0, 1.0)])
def test_bm25_scores_matches_reference_and_formula(check, seed, k1, b):
    """Documents of different lengths; the query repeats a word and holds one no document has."""
    rng = np.random.default_rng(seed)
    docs = [_doc(rng, int(n)) for n in rng.integers(3, 30, size=11)]
    query = f"{_WORDS[0]} {_WORDS[3]} {_WORDS[0]} unicorn {_WORDS[7]}"
    got = check("bm25_scores", query, docs, k1=k1, b=b)
    close(got, _bm25_by_hand(query, docs, k1, b),
          what=check.describe("bm25_scores", (query, docs), {"k1": k1, "b": b}) + " against the formula by hand")


@pytest.mark.points(2)
def test_bm25_scores_on_facts(check, seed):
    docs, questions, _, _ = make_facts(40, seed)
    check("bm25_scores", questions[0], docs)


# --- rank_of and rrf_fuse ----------------------------------------------------------------------------

@pytest.mark.points(2)
def test_rank_of_ties_smaller_index_first(check, seed):
    scores = np.random.default_rng(seed).integers(0, 4, size=23).astype(np.float64)
    check("rank_of", scores)


def _two_rankings(rng):
    a = rng.permutation(30)[:int(rng.integers(8, 20))]
    b = rng.permutation(30)[:int(rng.integers(8, 20))]
    return [a.astype(np.int64), b.astype(np.int64)]


@pytest.mark.points(3)
@pytest.mark.parametrize("k", [60, 1])
def test_rrf_fuse_matches_reference_and_fractions(check, seed, k):
    """Two rankings of different lengths holding different ids; the order is exact."""
    rankings = _two_rankings(np.random.default_rng(seed))
    got = check("rrf_fuse", rankings, k=k)
    fused = {}
    for ranking in rankings:
        for r, d in enumerate(ranking, start=1):
            fused[int(d)] = fused.get(int(d), Fraction(0)) + Fraction(1, k + r)
    want = np.array(sorted(fused, key=lambda d: (-fused[d], d)), dtype=np.int64)
    close(got, want, what=check.describe("rrf_fuse", (rankings,), {"k": k}) + " against exact fractions")


@pytest.mark.points(2)
def test_rrf_fuse_symmetric_ties(check, seed):
    """The second ranking is the first reversed: ids at mirrored places tie, the smaller id first."""
    a = np.random.default_rng(seed).permutation(15).astype(np.int64)
    check("rrf_fuse", [a, a[::-1].copy()], k=60)


# --- hybrid_search -----------------------------------------------------------------------------------

def _fact_index(seed, n):
    docs, questions, answers, _ = make_facts(n, seed)
    sentences = _sentences(docs)
    return sentences, embed(sentences), questions, answers


@pytest.mark.points(3)
@pytest.mark.parametrize("method", ["rrf", "minmax"])
def test_hybrid_search_matches_reference(check, seed, method):
    sentences, vecs, questions, _ = _fact_index(seed, 60)
    for q in questions[:3]:
        check("hybrid_search", q, sentences, vecs, embed([q])[0], k=7, method=method)


@pytest.mark.points(2)
def test_hybrid_search_rrf_constant(check, seed):
    sentences, vecs, questions, _ = _fact_index(seed, 30)
    check("hybrid_search", questions[1], sentences, vecs, embed([questions[1]])[0], k=5, rrf_k=2)


@pytest.mark.points(4)
@pytest.mark.parametrize("method", ["rrf", "minmax"])
def test_hybrid_search_hit_at_3(check, seed, method):
    """The course goal: the fact's own sentence among the top 3 for at least 95% of the questions."""
    sentences, vecs, questions, answers = _fact_index(seed, 80)
    qvecs = embed(questions)
    hits = 0
    for q, a, qv in zip(questions, answers, qvecs):
        top = check.run_learner("hybrid_search", q, sentences, vecs, qv, k=3, method=method)
        hits += sentences.index(_gold_sentence(q, a)) in [int(i) for i in top]
    rate = hits / len(questions)
    # The reference finds every one of them (1.00) on such facts.
    assert rate >= 0.95, (_what(check, f"hybrid_search(method={method!r}) over {len(sentences)} fact sentences, "
                                       f"80 questions") + f"\n  hit@3 is {rate:.3f}, the goal is ≥ 0.95")


# --- answer ------------------------------------------------------------------------------------------

@pytest.mark.points(3)
def test_answer_matches_reference(check, seed):
    docs, questions, _, _ = make_facts(30, seed)
    for q in questions[:4]:
        check("answer", q, docs)


@pytest.mark.points(4)
def test_answer_exact_match(check, seed):
    """The course goal: exact match ≥ 0.90 on 60 generated questions."""
    docs, questions, answers, _ = make_facts(60, seed)
    right = sum(check.run_learner("answer", q, docs) == a for q, a in zip(questions, answers))
    rate = right / len(questions)
    # The reference answers every one (1.00): the best sentence is the fact, and the new words are its value.
    assert rate >= 0.90, (_what(check, "answer over 60 generated facts") +
                          f"\n  exact match is {rate:.3f}, the goal is ≥ 0.90 — e.g. {questions[0]!r} should give "
                          f"{answers[0]!r}")
