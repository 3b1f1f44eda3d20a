"""Day 65 visible tests: run them with  pytest assignments/day65  (or  ai100 check day65).

They compare your functions with values recorded from the reference solution (keyed by these
exact inputs) and with properties every correct answer has. The autograder runs more cases on
inputs you do not see, and checks the goals on more generated facts.
"""

import numpy as np
import pytest

from course_tools.checks import close
from course_tools.fixtures.day65 import embed, make_facts


@pytest.mark.points(1)
def test_chunk_text_small_example(check):
    chunks = check("chunk_text", "a b c d e f g h i j", 4, 1)
    assert chunks == ["a b c d", "d e f g", "g h i j"], f"got {chunks}"


@pytest.mark.points(1)
@pytest.mark.parametrize("size, overlap", [(6, 2), (3, 0)])
def test_chunk_text_matches_reference(check, size, overlap):
    doc = " ".join(f"w{i}" for i in range(20))
    check("chunk_text", doc, size, overlap)


@pytest.mark.points(2)
def test_bm25_scores_matches_reference(check):
    docs = ["the owl sat on the gate", "a silver owl", "tea and salt and tea", "the map of the north"]
    scores = check("bm25_scores", "owl tea tea", docs)
    assert scores[3] == 0, "a document with none of the query's words scores 0"


@pytest.mark.points(1)
def test_rank_of_ties(check):
    order = check("rank_of", np.array([1.0, 3.0, 1.0, 3.0, 2.0]))
    assert list(order) == [1, 3, 4, 0, 2], f"got {list(order)}"


@pytest.mark.points(1)
def test_rrf_fuse_small_example(check):
    fused = check("rrf_fuse", [np.array([3, 1, 2]), np.array([1, 4])], k=60)
    assert list(fused) == [1, 3, 4, 2], f"1 is 2nd and 1st; 3 is only 1st; 4 only 2nd; 2 only 3rd — got {list(fused)}"


@pytest.mark.points(2)
@pytest.mark.parametrize("method", ["rrf", "minmax"])
def test_hybrid_search_matches_reference(check, method):
    docs, questions, _, _ = make_facts(20, seed=3)
    import re
    sentences = [s for d in docs for s in re.split(r"(?<=[.!?])\s+", d) if s]
    check("hybrid_search", questions[0], sentences, embed(sentences), embed([questions[0]])[0], k=4, method=method)


@pytest.mark.points(2)
def test_answer_on_generated_facts(check):
    docs, questions, answers, _ = make_facts(15, seed=4)
    got = [check.run_learner("answer", q, docs) for q in questions]
    right = sum(g == a for g, a in zip(got, answers))
    assert right >= 14, f"{right}/15 exact answers; first question {questions[0]!r} wants {answers[0]!r}, got {got[0]!r}"
