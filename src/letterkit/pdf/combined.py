"""One PDF of thousands of letters, written to disk as they come, in flat memory."""

from __future__ import annotations

import io
from typing import Any, BinaryIO

from letterkit.pdf.pages import PAPERS, LettersPdf


class PdfFile:
    """One PDF written to disk as letters come, so memory stays flat however many there are.

    Pages are laid out by :class:`LettersPdf` a few hundred at a time; each such
    part is read back (pypdf) and its objects appended to the file, numbered anew,
    under one page tree. Only the byte offsets of the objects stay in memory.
    """

    PART = 250
    """Pages laid out in memory before they go to disk."""

    def __init__(self, stream: BinaryIO, paper: str) -> None:
        self._stream = stream
        self._paper = paper
        self._part = LettersPdf(paper)
        self._offsets: list[int] = [0, 0, 0]  # objects 1 (catalogue) and 2 (pages) come last
        self._kids: list[int] = []
        self._stream.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        self.pages = 0

    def add(self, text: str) -> None:
        """Add a letter, starting on a new page."""
        before = self._part.pages
        self._part.add(text)
        self.pages += self._part.pages - before
        if self._part.pages >= self.PART:
            self._flush()

    def close(self) -> None:
        """Write the page tree, the catalogue and the cross-reference table."""
        self._flush()
        kids = " ".join(f"{kid} 0 R" for kid in self._kids)
        width, height = (round(side * 72 / 25.4, 2) for side in PAPERS[self._paper])
        self._object(
            2,
            f"<< /Type /Pages /Kids [{kids}] /Count {len(self._kids)} "
            f"/MediaBox [0 0 {width} {height}] >>".encode(),
        )
        self._object(1, b"<< /Type /Catalog /Pages 2 0 R >>")
        start = self._stream.tell()
        rows = [b"0000000000 65535 f \n"] + [
            f"{offset:010d} 00000 n \n".encode() for offset in self._offsets[1:]
        ]
        self._stream.write(f"xref\n0 {len(self._offsets)}\n".encode() + b"".join(rows))
        trailer = f"trailer\n<< /Size {len(self._offsets)} /Root 1 0 R >>\nstartxref\n{start}\n"
        self._stream.write(trailer.encode() + b"%%EOF\n")

    def _flush(self) -> None:
        if not self._part.pages:
            return
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(self._part.output()))
        numbers: dict[int, int] = {}
        waiting: list[tuple[int, Any]] = []
        for page in reader.pages:
            raw = page.indirect_reference
            new = self._number(numbers, waiting, raw.idnum if raw else None)
            self._kids.append(new)
        while waiting:
            old, new_number = waiting.pop()
            source = reader.get_object(old)
            self._write(new_number, source, numbers, waiting)
        self._part = LettersPdf(self._paper)

    def _number(self, numbers: dict[int, int], waiting: list[tuple[int, Any]], old: Any) -> int:
        if old not in numbers:
            numbers[old] = len(self._offsets)
            self._offsets.append(0)
            waiting.append((old, numbers[old]))
        return numbers[old]

    def _write(
        self, number: int, source: Any, numbers: dict[int, int], waiting: list[tuple[int, Any]]
    ) -> None:
        from pypdf.generic import (
            ArrayObject,
            DictionaryObject,
            IndirectObject,
            StreamObject,
        )

        def renumbered(value: Any) -> Any:
            if isinstance(value, IndirectObject):
                return IndirectObject(self._number(numbers, waiting, value.idnum), 0, None)
            if isinstance(value, StreamObject):
                stream = StreamObject()
                stream.update({key: renumbered(item) for key, item in value.items()})
                stream._data = value._data  # still encoded, as read
                return stream
            if isinstance(value, DictionaryObject):
                copy = DictionaryObject()
                for key, item in value.items():
                    copy[key] = IndirectObject(2, 0, None) if key == "/Parent" else renumbered(item)
                return copy
            if isinstance(value, ArrayObject):
                return ArrayObject(renumbered(item) for item in value)
            return value

        body = io.BytesIO()
        renumbered(source).write_to_stream(body)  # a page's /Parent: the one tree, object 2
        self._object(number, body.getvalue())

    def _object(self, number: int, body: bytes) -> None:
        self._offsets[number] = self._stream.tell()
        self._stream.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
