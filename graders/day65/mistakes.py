"""Day 65's classic mistakes, each written as the wrong function a learner would write.

When a learner's answer matches one of these on the graded input, the failure names the mistake.
"""

import math
import re

import numpy as np


def _tok(text):
    return re.findall(r"[a-z0-9]+", text.lower())


def _bm25(query, docs, k1=1.5, b=0.75, *, idf_kind="lucene", unique_terms=False):
    toks = [_tok(d) for d in docs]
    lens = np.array([len(t) for t in toks], dtype=np.float64)
    terms = _tok(query)
    if unique_terms:
        terms = list(dict.fromkeys(terms))
    out, n = np.zeros(len(docs)), len(docs)
    for term in terms:
        tf = np.array([t.count(term) for t in toks], dtype=np.float64)
        df = np.count_nonzero(tf)
        idf = math.log((n - df + 0.5) / (df + 0.5)) if idf_kind == "classic" else math.log(1 + (n - df + 0.5) / (df + 0.5))
        out += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * lens / lens.mean()))
    return out


def _rrf(rankings, k=60, *, start=1):
    fused = {}
    for ranking in rankings:
        for rank, doc in enumerate(ranking, start=start):
            fused[int(doc)] = fused.get(int(doc), 0.0) + 1.0 / (k + rank)
    return np.array(sorted(fused, key=lambda d: (-fused[d], d)), dtype=np.int64)


def _chunks(doc, size, overlap, *, step=None, trailing=False):
    words, out, start = doc.split(), [], 0
    step = step or size - overlap
    while start < len(words):
        out.append(" ".join(words[start:start + size]))
        if start + size >= len(words) and not trailing:
            break
        start += step
    return out


def _rank(s):
    return np.argsort(-s, kind="stable").astype(np.int64)


def _hybrid_raw_sum(query, docs, doc_vecs, query_vec, k=5, method="rrf", rrf_k=60):
    sparse, dense = _bm25(query, docs), doc_vecs @ query_vec
    if method == "rrf":
        return _rrf([_rank(sparse), _rank(dense)], k=rrf_k)[:k]
    return _rank(sparse + dense)[:k]


MISTAKES = {
    "bm25_scores": {
        "idf = ln((N − df + 0.5)/(df + 0.5)) without the 1 +: negative for words in most documents":
            lambda query, docs, k1=1.5, b=0.75: _bm25(query, docs, k1, b, idf_kind="classic"),
        "a query word that repeats was counted once: every occurrence in the query adds its term":
            lambda query, docs, k1=1.5, b=0.75: _bm25(query, docs, k1, b, unique_terms=True),
    },
    "rrf_fuse": {
        "ranks counted from 0: the first place is rank 1, 1/(k + 1)":
            lambda rankings, k=60: _rrf(rankings, k, start=0),
    },
    "chunk_text": {
        "the next chunk starts `size` words on: it must start size − overlap words on":
            lambda doc, size, overlap: _chunks(doc, size, overlap, step=size),
        "kept going after a chunk reached the last word: extra chunks that only repeat the end":
            lambda doc, size, overlap: _chunks(doc, size, overlap, trailing=True),
    },
    "hybrid_search": {
        "min-max fusion added the raw scores: rescale each to [0, 1] first": _hybrid_raw_sum,
    },
}
