"""Signers met twice in one sheet: the same name and sentence, whatever the case or spacing.

A sheet from a sign-up table often holds a signer twice; the second letter would
only be discarded by the office that receives both.
"""

from __future__ import annotations

import sqlite3

from letterkit.message import Writer


class SeenSigners:
    """The signers met so far, by fingerprint: a Bloom filter in front of a table on disk.

    Why: a set of a hundred thousand fingerprints would be most of what a batch's
    memory grows by. The filter (a fixed MiB of bits) says at once that a signer
    is new, which nearly all are; only when it cannot, is the private temporary
    database asked. Fingerprints reach the database a thousand at a time.
    """

    _BITS = 1 << 23  # 1 MiB; at 100,000 signers, 1 new signer in 1,800 is looked up
    _FLUSH = 1_000

    def __init__(self) -> None:
        self._bits = bytearray(self._BITS // 8)
        self._unsaved: dict[int, int] = {}
        self._db = sqlite3.connect("")  # "": private, temporary, on disk
        self._db.execute("PRAGMA cache_size = -1024")  # KiB
        self._db.execute("CREATE TABLE seen (fingerprint INTEGER PRIMARY KEY, row INTEGER)")

    def first_row(self, fingerprint: int, row: int) -> int | None:
        """Remember a signer's *fingerprint* at *row*; the earlier row if it was already met.

        See :func:`fingerprint`.
        """
        bits, mask = self._bits, self._BITS - 1
        # Two positions, from two parts of the fingerprint: a bit each.
        first, second = fingerprint & mask, (fingerprint >> 32) & mask
        seen_first = bits[first >> 3] & (1 << (first & 7))
        seen_second = bits[second >> 3] & (1 << (second & 7))
        if seen_first and seen_second:
            earlier = self._earlier_row(fingerprint)
            if earlier is not None:
                return earlier
        bits[first >> 3] |= 1 << (first & 7)
        bits[second >> 3] |= 1 << (second & 7)
        self._unsaved[fingerprint] = row
        if len(self._unsaved) >= self._FLUSH:
            self._db.executemany("INSERT INTO seen VALUES (?, ?)", self._unsaved.items())
            self._unsaved.clear()
        return None

    def close(self) -> None:
        """Drop the table; the fingerprints last one run."""
        self._db.close()

    def _earlier_row(self, fingerprint: int) -> int | None:
        if fingerprint in self._unsaved:
            return self._unsaved[fingerprint]
        found = self._db.execute(
            "SELECT row FROM seen WHERE fingerprint = ?", (fingerprint,)
        ).fetchone()
        return None if found is None else int(found[0])


def fingerprint(writer: Writer) -> int:
    """Equal for the same signer twice: same name and sentence, ignoring case and spacing."""
    # Python's own string hash: 64 bits, and the same throughout a run, which is as long
    # as fingerprints are kept.
    return hash(f"{writer.name.casefold()}\x00{' '.join(writer.about.casefold().split())}")
