# %%
"""Day 59 — a byte-level BPE tokenizer, trained from scratch.

Words used below:
  id       an int token id. Ids 0..255 are the 256 single bytes; merge number r (counted from 0)
           makes id 256 + r; special tokens come after the merges, in the order given.
  merges   a list of (a, b) pairs of ids, in training order; its index is a merge's rank.
  chunk    a piece of text from `pretokenize`: merges never cross a chunk boundary.
  specials strings such as "<|endoftext|>" that always encode to their own single id.

Check your work:  pytest assignments/day59   (or: ai100 check day59)
"""

import json
import os
import re

# GPT-2's split, written for Python's `re`: an optional space and then letters, or digits, or
# other symbols; runs of whitespace keep their last space for the word that follows.
SPLIT = re.compile(r"'(?:s|t|re|ve|m|ll|d)| ?[^\W\d_]+| ?\d+| ?(?:[^\s\w]|_)+|\s+(?!\S)|\s+")


def pretokenize(text):
    """The chunks of `text`, in order; "".join(pretokenize(text)) == text. Given, not graded."""
    return SPLIT.findall(text)


def bytes_to_unicode():
    """GPT-2's printable stand-in for every byte: {byte value: one-character str}. Given.

    Printable Latin-1 bytes stand for themselves; the others (space, control bytes) are shifted
    to code points from 256 on, so that every token prints as visible text in vocab.json.
    """
    keep = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    table, extra = {}, 0
    for b in range(256):
        if b in keep:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + extra)
            extra += 1
    return table


# %%
def merge(ids, pair, new_id):
    """Replace every occurrence of `pair` in `ids` by `new_id`, scanning left to right.

    ids: list of int.  pair: (a, b) tuple of int.  new_id: int.
    Returns a new list of int (ids itself is left alone). Occurrences do not overlap:
    merge([5, 5, 5], (5, 5), 9) == [9, 5]. About 8 lines.
    """
    raise NotImplementedError('day59: merge — see README')


# %%
def train_merges(texts, n_merges):
    """Learn up to `n_merges` merges from `texts`.

    texts: list of str.  n_merges: int >= 0.
    Returns a list of (a, b) tuples of int, in the order they were learned. Each step counts every
    adjacent pair of ids inside every chunk (pretokenize each text; a chunk seen c times counts
    c times), picks the most frequent pair — ties go to the smallest pair, comparing (a, b) as
    tuples — and merges it everywhere into id 256 + (its rank). Stop early when no chunk has two
    ids left. Count each distinct chunk once with its multiplicity: it is much faster.
    About 15 lines.
    """
    raise NotImplementedError('day59: train_merges — see README')


# %%
def split_specials(text, specials):
    """Cut `text` at every occurrence of a special token.

    text: str.  specials: list of str (may be empty).
    Returns a list of str whose concatenation is `text`: each special occurrence is an item of its
    own, the text between them is kept whole, and no item is empty. Where two specials could
    match at one place, the longer one wins ("<|a|><" before "<|a|>"). About 5 lines.
    """
    raise NotImplementedError('day59: split_specials — see README')


# %%
def encode(text, merges, specials=()):
    """Token ids of `text`.

    text: str.  merges: list of (a, b).  specials: list of str, ids 256 + len(merges) + i.
    Returns a list of int. Special tokens map to their id; every other piece is pretokenized and
    each chunk's UTF-8 bytes are merged by repeatedly applying, among the pairs present, the one
    with the LOWEST rank — the order training learned them in — until no pair in the chunk is a
    merge. About 15 lines.
    """
    raise NotImplementedError('day59: encode — see README')


# %%
def token_bytes(merges):
    """The bytes each id stands for: a list of 256 + len(merges) bytes objects (specials excluded).

    merges: list of (a, b). Entry i < 256 is bytes([i]); merge r's entry is its two parts joined.
    About 4 lines.
    """
    raise NotImplementedError('day59: token_bytes — see README')


# %%
def decode(ids, merges, specials=()):
    """The text of `ids`, the inverse of encode: decode(encode(s, m, sp), m, sp) == s.

    ids: list of int.  merges: list of (a, b).  specials: list of str.
    Returns a str: join the bytes of all ids (a special's bytes are its UTF-8 text), then decode
    as UTF-8 with errors="replace", so that a cut in the middle of a character shows as "\ufffd"
    instead of raising. About 5 lines.
    """
    raise NotImplementedError('day59: decode — see README')


# %%
class BPETokenizer:
    """A trained tokenizer: its merges and special tokens, with encode/decode/save.

    tok = BPETokenizer(); tok.train(texts, vocab_size, specials=("<|endoftext|>",))
    tok.merges: list of (a, b) tuples.  tok.specials: list of str.
    tok.vocab_size: 256 + len(merges) + len(specials).
    """

    def __init__(self, merges=(), specials=()):
        self.merges = [tuple(p) for p in merges]
        self.specials = list(specials)

    @property
    def vocab_size(self):
        return 256 + len(self.merges) + len(self.specials)

    def train(self, texts, vocab_size, specials=()):
        """Learn merges so that the vocabulary (256 bytes + merges + specials) has vocab_size
        entries; special tokens in `texts` are cut out first and never take part in a merge.
        Returns self. About 5 lines.
        """
        raise NotImplementedError('day59: BPETokenizer.train — see README')

    def encode(self, text):
        return encode(text, self.merges, self.specials)

    def decode(self, ids):
        return decode(ids, self.merges, self.specials)

    def save(self, directory):
        """Write the tokenizer to `directory` (made if missing) in GPT-2's file format:

        vocab.json: a JSON object {token: id} for every id. A byte-level token is written as its
          bytes mapped through bytes_to_unicode() (b" the" -> "Ġthe"); a special is itself.
        merges.txt: the line "#version: 0.2", then one line per merge in rank order: the two parts
          written the same way, separated by one space ("Ġ t" for the merge of b" " and b"t").
        UTF-8, "\\n" line ends. About 10 lines.
        """
        raise NotImplementedError('day59: BPETokenizer.save — see README')
