"""Finding letters in a batch that read nearly alike, as offices that discard them would.

Some offices compare letters after removing the salutation and the sign-off, and
discard those that share more than about half their text. This module compares
each letter with the earlier ones the same way, with word shingles (runs of four
words) and a bottom-k sketch of them: the 16 smallest shingle hashes of a letter
stand for the whole, and a letter whose sketch mostly appears in an earlier
letter's shares most of its text with it.

Memory stays flat however long the batch: the index of sketch values is capped,
and past the cap letters are still compared, only no longer added.
"""

from __future__ import annotations

import string
import zlib
from functools import lru_cache
from itertools import chain

SKETCH = 8
"""Hashes kept per letter; more is more precise and slower."""
NEAR = SKETCH // 2
"""Sketch values shared with one earlier letter that make two letters near-identical."""
CAPACITY = 20_000
_PUNCTUATION = str.maketrans(dict.fromkeys(string.punctuation + "‘’“”«»—–…", " "))


def letter_body(text: str) -> str:
    """The text between the salutation line and the sign-off line, the part writers vary.

    The salutation is the first line that ends with a comma before a blank line
    ("Dear President Putin,"); the sign-off the last line that ends with a comma.
    """
    start = text.find(",\n\n")
    start = 0 if start < 0 else start + 3
    end = text.rfind(",\n", start)
    return text[start:] if end < 0 else text[start : text.rfind("\n", start, end) + 1]


def sketch(text: str) -> list[int]:
    """The smallest hashes of the four-word shingles of *text*, paragraph by paragraph.

    The smallest values of a union are the smallest of each part's smallest, so a
    letter's sketch is made from its paragraphs' sketches; and the ask paragraphs of
    a batch repeat, so theirs are kept.
    """
    return sorted(set(chain.from_iterable(map(_paragraph_sketch, text.split("\n\n")))))[:SKETCH]


@lru_cache(maxsize=512)
def _paragraph_sketch(paragraph: str) -> tuple[int, ...]:
    # crc32, not hash(): the same letters give the same warnings in every run.
    words = list(map(zlib.crc32, paragraph.lower().translate(_PUNCTUATION).encode().split()))
    if len(words) < 4:
        return (hash(tuple(words)),) if words else ()
    shingles = set(map(hash, zip(words, words[1:], words[2:], words[3:], strict=False)))
    return tuple(sorted(shingles)[:SKETCH])


class SimilarityIndex:
    """Remembers letters by their sketches and tells which earlier one a letter repeats."""

    def __init__(self, capacity: int = CAPACITY) -> None:
        self._first_with: dict[int, int] = {}
        self._capacity = capacity

    def add(self, row: int, text: str) -> int | None:
        """Remember the letter of *row*; return the row of an earlier near-identical letter."""
        values = sketch(letter_body(text))
        first_with = self._first_with
        earlier = list(map(first_with.get, values))
        if len(first_with) < self._capacity:
            for value in values:
                first_with.setdefault(value, row)
        near = min(NEAR, len(values))
        if len(earlier) - earlier.count(None) >= near:
            other = max(set(earlier) - {None}, key=earlier.count)
            if earlier.count(other) >= near and other != row:
                return other
        return None
