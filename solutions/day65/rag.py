# %%
"""Day 65 — retrieval-augmented question answering from scratch: chunks, BM25, hybrid search by
rank fusion, and an extractive answer.

Dimension letters used below:
  n    documents (or chunks, or sentences) searched      e    width of an embedding vector
  k    results asked for

Words are what `tokenize` returns (lower-case runs of letters and digits). Every ranking breaks
ties by the smaller document index, so every correct answer returns the same order.
The kit's stand-ins for a corpus and an embedding model live in course_tools.fixtures.day65
(`make_facts`, `embed`).

Check your work:  pytest assignments/day65   (or: ai100 check day65)
"""

import re

import numpy as np


def tokenize(text):
    """Lower-case words of `text`: the runs of a-z and 0-9 ("Kalo's" gives "kalo", "s")."""
    return re.findall(r"[a-z0-9]+", text.lower())


def split_sentences(doc):
    """The sentences of `doc`, split after '.', '!' or '?' followed by white space."""
    return [s for s in re.split(r"(?<=[.!?])\s+", doc.strip()) if s]


# %%
def chunk_text(doc, size, overlap):
    """Split a document into overlapping windows of words.

    doc: str (words are separated by white space, as str.split() sees them).
    size: int > 0 words per chunk.  overlap: int, 0 <= overlap < size, words shared by neighbours.
    Returns a list of str, each chunk's words joined by one space. Chunk j starts at word
    j·(size − overlap); the last chunk is the first one that reaches the document's last word
    (it may be shorter than size). A document with no words gives []. About 8 lines.
    """
    ### BEGIN SOLUTION
    words = doc.split()
    step, chunks, start = size - overlap, [], 0
    while start < len(words):
        chunks.append(" ".join(words[start:start + size]))
        if start + size >= len(words):
            break
        start += step
    return chunks
    ### END SOLUTION


# %%
def bm25_scores(query, docs, k1=1.5, b=0.75):
    """Okapi BM25 score of every document for a query.

    query: str.  docs: list of n str.  k1, b: floats.
    Returns (n,) float64. With N = n documents, tf = times the term occurs in a document, df =
    documents containing the term, |d| = a document's length in words and avgdl the mean length:
        score(d) = Σ over the query's words (repeats count)  idf · tf·(k1 + 1) / (tf + k1·(1 − b + b·|d|/avgdl))
        idf = ln(1 + (N − df + 0.5) / (df + 0.5))      (Lucene's idf: never negative)
    About 10 lines.
    """
    ### BEGIN SOLUTION
    toks = [tokenize(d) for d in docs]
    lens = np.array([len(t) for t in toks], dtype=np.float64)  # (n,)
    norm = k1 * (1.0 - b + b * lens / lens.mean())  # (n,)
    n, scores = len(docs), np.zeros(len(docs))
    for term in tokenize(query):
        tf = np.array([t.count(term) for t in toks], dtype=np.float64)
        df = np.count_nonzero(tf)
        idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5))
        scores += idf * tf * (k1 + 1.0) / (tf + norm)
    return scores
    ### END SOLUTION


# %%
def rank_of(scores):
    """Indices that sort `scores` from best (largest) to worst; equal scores: smaller index first.

    scores: (n,) float array.  Returns (n,) int64. One line.
    """
    ### BEGIN SOLUTION
    return np.argsort(-scores, kind="stable").astype(np.int64)
    ### END SOLUTION


# %%
def rrf_fuse(rankings, k=60):
    """Reciprocal-rank fusion of several rankings.

    rankings: list of 1-D int arrays, each holding document ids best first (lists may differ in
    length and in which ids they hold).  k: int, the damping constant (60 in the paper).
    Returns an int64 array of every id that appears in any ranking, ordered by
        fused(d) = Σ over the rankings that hold d  1 / (k + rank of d there),   rank 1 = first,
    largest first; equal fused scores: smaller id first. About 6 lines.
    """
    ### BEGIN SOLUTION
    fused = {}
    for ranking in rankings:
        for rank, doc in enumerate(ranking, start=1):
            fused[int(doc)] = fused.get(int(doc), 0.0) + 1.0 / (k + rank)
    return np.array(sorted(fused, key=lambda d: (-fused[d], d)), dtype=np.int64)
    ### END SOLUTION


# %%
def hybrid_search(query, docs, doc_vecs, query_vec, k=5, method="rrf", rrf_k=60):
    """The k best documents by BM25 and by embedding similarity together.

    query: str.  docs: list of n str.  doc_vecs: (n, e) float64, unit rows.  query_vec: (e,) float64.
    k: int <= n.  method: "rrf" or "minmax".  rrf_k: int, the RRF constant.
    Returns (k,) int64 document indices, best first.
      "rrf":    rrf_fuse of the BM25 ranking and the dot-product ranking (each from rank_of).
      "minmax": rescale each score vector to [0, 1] by (s − min) / (max − min) (all zeros when
                max = min), add the two, and rank the sum with rank_of.
    About 10 lines.
    """
    ### BEGIN SOLUTION
    sparse = bm25_scores(query, docs)  # (n,)
    dense = doc_vecs @ query_vec  # (n,)
    if method == "rrf":
        return rrf_fuse([rank_of(sparse), rank_of(dense)], k=rrf_k)[:k]
    fused = np.zeros(len(docs))
    for s in (sparse, dense):
        span = s.max() - s.min()
        if span > 0:
            fused += (s - s.min()) / span
    return rank_of(fused)[:k]
    ### END SOLUTION


# %%
def answer(question, docs):
    """An extractive answer: the words of the best-matching sentence that the question lacks.

    question: str, e.g. "What is Kalo's capital?".  docs: list of str.
    Returns a str. Split every document into sentences (split_sentences, documents in order),
    score the sentences with bm25_scores against the question, take the best one (ties: the
    first), and keep its words — runs of letters and digits, original case, in order — whose
    lower-case form is not among the question's words; join them with one space.
    "Kalo's capital is Venmar." answers "What is Kalo's capital?" with "Venmar". About 6 lines.
    """
    ### BEGIN SOLUTION
    sentences = [s for d in docs for s in split_sentences(d)]
    best = sentences[int(np.argmax(bm25_scores(question, sentences)))]
    asked = set(tokenize(question))
    return " ".join(w for w in re.findall(r"[A-Za-z0-9]+", best) if w.lower() not in asked)
    ### END SOLUTION
