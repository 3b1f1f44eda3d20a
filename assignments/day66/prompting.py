# %%
"""Day 66 — few-shot prompting without an API: build prompts to the character, pick the examples,
and classify by comparing how likely a language model finds each label.

Words used below:
  example    a (text, label) pair of str, e.g. ("What a superb film!", "positive")
  pool       a list of examples to choose shots from
  shot       an example shown in the prompt; k-shot = k examples before the query
  score_fn   a language model as a function: score_fn(prompt, continuation) -> float, the
             log-probability of `continuation` written right after `prompt` (higher = more likely)

The prompt format (k = 2 shots, instruction given) — every character counts:

    Classify the sentiment of each review.⏎
    ⏎
    Review: <text 1>⏎
    Sentiment: <label 1>⏎
    ⏎
    Review: <text 2>⏎
    Sentiment: <label 2>⏎
    ⏎
    Review: <query>⏎
    Sentiment:

(⏎ is "\\n"; the prompt ends right after "Sentiment:", with no space and no newline.)

A kit model and review pools to try things on: course_tools.fixtures.day66 (make_scorer, review_pool).
Check your work:  pytest assignments/day66   (or: ai100 check day66)
"""

import re

import numpy as np


# %%
def clean_text(text):
    """A text as it goes into a prompt (given — not part of the exercise).

    text: str.  Returns str: runs of whitespace (newlines included) become one space, and the ends
    are stripped — so that one review always sits on one "Review:" line.
    """
    return " ".join(text.split())


def word_set(text):
    """The set of lower-case words (runs of a-z) of a text (given): what "similar" compares."""
    return set(re.findall(r"[a-z]+", text.lower()))


# %%
def build_prompt(examples, query, k, instruction=None):
    """The k-shot prompt for `query`, in the format of the module docstring.

    examples: list of (text, label) str pairs; the FIRST k are shown, in order.
    query: str.  k: int, 0 <= k <= len(examples), else ValueError.
    instruction: None, or a str written as the first line, followed by one empty line.
    Returns str. Texts and the query go through clean_text; labels are written as they are.
    About 8 lines.
    """
    raise NotImplementedError('day66: build_prompt — see README')


# %%
def select_examples(pool, query, k, how="first", seed=0):
    """Choose k shots for `query` from `pool`.

    pool: list of (text, label) pairs.  query: str.  k: int, 0 <= k <= len(pool), else ValueError.
    how:
      "first"    the first k examples of the pool, in pool order;
      "random"   k distinct examples at the positions np.random.default_rng(seed).choice(len(pool),
                 size=k, replace=False) gives, in that order;
      "similar"  the k examples whose word_set has the highest Jaccard similarity |A ∩ B| / |A ∪ B|
                 with the query's (0 when both sets are empty); ties go to the lower pool index.
                 Returned from the LEAST to the MOST similar of those k, so that the most similar
                 example sits right before the query in the prompt.
    Anything else: ValueError.  seed: int, used by "random" only.
    Returns a list of k pairs taken from `pool`. About 15 lines.
    """
    raise NotImplementedError('day66: select_examples — see README')


# %%
def classify_by_likelihood(score_fn, prompt, labels):
    """The label the model finds most likely after the prompt.

    score_fn: callable (prompt, continuation) -> float.  prompt: str ending in "Sentiment:".
    labels: list of str, e.g. ["negative", "positive"].
    Score each label as the continuation " " + label — with the space, since in the prompt's format
    a space separates "Sentiment:" from the label. Returns the label (str) with the highest score;
    a tie goes to the label listed first. About 4 lines.
    """
    raise NotImplementedError('day66: classify_by_likelihood — see README')


# %%
def few_shot_accuracy(score_fn, pool, tests, k, how="first", labels=("negative", "positive"), seed=0,
                      instruction=None):
    """The share of `tests` that k-shot prompting classifies right.

    pool: list of (text, label) pairs to take shots from.  tests: list of (text, label) pairs.
    For each test (text, label) at position i: shots = select_examples(pool, text, k, how, seed=seed + i),
    prompt = build_prompt(shots, text, k, instruction), prediction = classify_by_likelihood(score_fn,
    prompt, list(labels)). Returns a float in [0, 1]: correct predictions / len(tests). About 6 lines.
    """
    raise NotImplementedError('day66: few_shot_accuracy — see README')
