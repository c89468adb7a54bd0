"""Finding letters in a batch that read nearly alike, as offices that discard them would.

Some offices compare letters after removing the salutation and the sign-off, and
discard those that share more than about half their text. This module compares
each letter with the earlier ones the same way, with word shingles (runs of four
words) and a bottom-k sketch of them: the 16 smallest shingle hashes of a letter
stand for the whole, and a letter whose sketch mostly appears in an earlier
letter's shares most of its text with it.

Memory stays flat however long the batch: the index of sketch values is capped,
and past the cap letters are still compared, only no longer added.

Comparing is a fifth of a batch's work and needs nothing from the rest, so past
the first few thousand letters :class:`NearIdentical` hands it to a helper
process, which runs on another core while the batch renders; the pairs it finds
are the same.
"""

from __future__ import annotations

import pickle
import re
import string
import subprocess
import sys
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain

from letterkit.helper_process import refuse_a_terminal, start_helper, stop_helper

SKETCH = 8
"""Hashes kept per letter; more is more precise and slower."""
NEAR = SKETCH // 2
"""Sketch values shared with one earlier letter that make two letters near-identical."""
CAPACITY = 20_000
HANDOFF = 2_000
"""Letters compared in the batch's own process before a helper process takes over."""
CHUNK = 256
"""Letters sent to the helper at a time: fewer, larger messages cost less."""
MAX_PAIRS = 1_000
"""Pairs kept for the report; past this only the count goes on."""
_PUNCTUATION = re.compile("[" + re.escape(string.punctuation + "‘’“”«»—–…") + "]+")
"""What separates words besides spaces; a regex, as str.translate is seven times slower."""


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
    words = list(map(zlib.crc32, _PUNCTUATION.sub(" ", paragraph.lower()).encode().split()))
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


@dataclass
class Found:
    """Pairs of rows whose letters read alike: (later row, earlier row), the first MAX_PAIRS."""

    pairs: list[tuple[int, int]] = field(default_factory=list)
    count: int = 0
    complete: bool = True
    """False when the helper process stopped before comparing every letter."""

    def record(self, row: int, other: int | None) -> None:
        """Keep the pair (*row*, *other*) unless *other* is None or the pair was just kept."""
        # One signer's letters to several officials repeat the same pair: count it once.
        if other is not None and (row, other) not in self.pairs[-3:]:
            self.count += 1
            if len(self.pairs) < MAX_PAIRS:
                self.pairs.append((row, other))


class NearIdentical:
    """The letters of a batch that read nearly alike, compared as they come.

    The first *handoff* letters (default HANDOFF) are compared here; then the index
    goes to a helper process (``python -m letterkit.similarity``) and letters follow in chunks,
    pickled over its standard input. Where no helper can be started, all are
    compared here. Use as a context manager: leaving it stops the helper.
    """

    def __init__(self, handoff: int | None = None) -> None:
        self._index = SimilarityIndex()
        self._found = Found()
        self._handoff = HANDOFF if handoff is None else handoff
        self._letters = 0
        self._pending: list[tuple[int, str]] = []
        self._helper: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> NearIdentical:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop()

    def add(self, row: int, text: str) -> None:
        """Compare the letter of *row* with the earlier ones."""
        if self._helper is None:
            self._found.record(row, self._index.add(row, text))
            self._letters += 1
            if self._letters == self._handoff:
                self._start_helper()
            return
        self._pending.append((row, text))
        if len(self._pending) >= CHUNK:
            self._send(self._pending)
            self._pending = []

    def found(self) -> Found:
        """Every pair, once the helper (if any) has compared the last letters."""
        if self._helper is not None:
            self._send(self._pending)
            self._pending = []
            self._send(None)
            if self._helper is not None and self._helper.stdout is not None:
                try:
                    # Pickles from our own helper, over a pipe only we hold.
                    self._found = pickle.load(self._helper.stdout)  # noqa: S301
                except (OSError, EOFError, pickle.UnpicklingError):
                    self._lost_helper()
            self._stop()
        return self._found

    def _start_helper(self) -> None:
        try:
            helper = start_helper(__name__)
        except OSError:  # no processes to spare: go on comparing here
            return
        self._helper = helper
        self._send((self._index, self._found))

    def _send(self, message: object) -> None:
        if self._helper is None or self._helper.stdin is None:
            return
        try:
            pickle.dump(message, self._helper.stdin, pickle.HIGHEST_PROTOCOL)
            if message is None:
                self._helper.stdin.close()
        except OSError:
            self._lost_helper()

    def _lost_helper(self) -> None:
        """The helper died (killed, out of memory): the pairs it held are lost; say so."""
        self._found.complete = False
        self._stop()

    def _stop(self) -> None:
        helper, self._helper = self._helper, None
        if helper is not None:
            stop_helper(helper, timeout=5)


def _helper_main() -> None:
    """The helper process: compare each chunk of letters, then send back what was found."""
    refuse_a_terminal("letterkit.similarity")
    # Pickles from the batch that started this process, over a pipe only it holds.
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    index, found = pickle.load(source)  # noqa: S301
    while (letters := pickle.load(source)) is not None:  # noqa: S301
        for row, text in letters:
            found.record(row, index.add(row, text))
    pickle.dump(found, sink, pickle.HIGHEST_PROTOCOL)
    sink.flush()


if __name__ == "__main__":
    _helper_main()
