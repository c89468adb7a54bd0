"""Letters as PDF pages ready for the printer, in a font shipped with letterkit.

A page is the plain-text letter set in DejaVu Sans Mono, the letter's 72 columns
filling the width of A4 or US Letter between margins, as a typed letter would:
what the text output shows is what the page shows. The font covers Latin,
Cyrillic and Greek; a character it has no glyph for is an error naming it, never
a blank box on paper.
"""

from __future__ import annotations

import io
import locale
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

from letterkit.errors import ChoiceError, NotComposableError
from letterkit.render import LINE_WIDTH, LINES_PER_PAGE, _wrap

FONT = Path(__file__).parent / "fonts" / "DejaVuSansMono.ttf"
PAPERS = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
"""Width and height in millimetres."""
_LETTER_COUNTRIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "PR", "GT", "CR"})
FONT_SIZE = 10.5
"""Points: 72 columns of this monospaced font fill 160 mm, A4's width less margins."""
LINE_HEIGHT = 4.6
"""Millimetres: 54 lines fill either paper's height less margins."""


def default_paper() -> str:
    """US Letter where the writer's locale says a country that uses it, else A4."""
    name = locale.getlocale(locale.LC_CTYPE)[0] or ""
    territory = name.partition("_")[2][:2].upper()
    return "letter" if territory in _LETTER_COUNTRIES else "a4"


def check_paper(paper: str | None) -> str:
    """The paper size named by ``--paper``, or the locale's."""
    if paper is None:
        return default_paper()
    chosen = paper.strip().lower()
    if chosen not in PAPERS:
        raise ChoiceError("--paper", f"`{paper}` is not a paper size; use a4 or letter")
    return chosen


def letters_pdf(texts: Sequence[str], paper: str) -> bytes:
    """One PDF of the letters *texts*, each starting on a new page."""
    for text in texts:
        _check_printable(text)
    document = LettersPdf(paper)
    for text in texts:
        document.add(text)
    return document.output()


class LettersPdf:
    """A PDF that letters are added to one by one: a batch's letters, for the printer.

    The font is embedded once, with only the characters used. The pages stay in
    memory until :meth:`output` (about 10 KB a page).
    """

    def __init__(self, paper: str) -> None:
        from fpdf import FPDF

        width, height = PAPERS[paper]
        self._x = (width - LINE_WIDTH * _advance()) / 2
        self._y = (height - LINES_PER_PAGE * LINE_HEIGHT) / 2
        self._document = FPDF(unit="mm", format=(width, height))
        self._document.set_auto_page_break(False)
        self._document.set_creator("letterkit")
        self._document.add_font("letter", "", str(FONT))
        self._document.set_font("letter", size=FONT_SIZE)
        self.pages = 0

    def add(self, text: str) -> None:
        """Add a letter, starting on a new page; refuse a character the font cannot show."""
        _check_printable(text)
        lines = [
            wrapped
            for line in text.rstrip("\n").split("\n")
            # A line wider than the page (a long address) goes on, indented, below.
            for wrapped in (
                _wrap(line, indent="    ").split("\n") if len(line) > LINE_WIDTH else [line]
            )
        ]
        for start in range(0, max(len(lines), 1), LINES_PER_PAGE):
            self._document.add_page()
            self.pages += 1
            for number, line in enumerate(lines[start : start + LINES_PER_PAGE]):
                if line:
                    baseline = self._y + (number + 0.8) * LINE_HEIGHT
                    self._document.text(self._x, baseline, line)

    def output(self) -> bytes:
        """The whole PDF."""
        return bytes(self._document.output())


def _advance() -> float:
    """The width of one character of the font at its size, in millimetres."""
    return FONT_SIZE * 0.6021 * 25.4 / 72  # DejaVu Sans Mono advances 1233/2048 em


def _check_printable(text: str) -> None:
    shown = _glyphs()
    for character in text:
        if character not in "\n\f" and ord(character) not in shown:
            name = unicodedata.name(character, "unnamed")
            raise NotComposableError(
                f"the letter has {character} (U+{ord(character):04X} {name}), which the "
                "bundled font cannot show: --ascii spells it in Latin letters, or print "
                "the text output"
            )


@lru_cache(maxsize=1)
def _glyphs() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(FONT, lazy=True) as font:
        return frozenset(font.getBestCmap())


ENVELOPES = {"dl": (220.0, 110.0), "c5": (229.0, 162.0), "us10": (241.3, 104.8)}
"""Width and height in millimetres, the long side across."""
AIR_MAIL = "AIR MAIL / PAR AVION"


def check_envelope(size: str) -> str:
    """The envelope size named by ``--envelope``."""
    chosen = size.strip().lower().replace("#", "").replace(" ", "")
    if chosen not in ENVELOPES:
        raise ChoiceError("--envelope", f"`{size}` is not an envelope; use dl, c5 or us10")
    return chosen


def goes_abroad(sender_lines: Sequence[str], country: str | None) -> bool:
    """Whether a letter crosses a border: the official's country is not the sender's.

    The sender's country is the last line of their address; without one, a letter
    to an address with a country is taken to go abroad (the label does no harm).
    """
    if not country:
        return False
    return not sender_lines or sender_lines[-1].strip().casefold() != country.casefold()


class EnvelopesPdf:
    """Envelopes to print, one a page: return address, air-mail label, the official's address."""

    def __init__(self, size: str) -> None:
        from fpdf import FPDF

        self._width, self._height = ENVELOPES[size]
        self._document = FPDF(orientation="L", unit="mm", format=(self._height, self._width))
        self._document.set_auto_page_break(False)
        self._document.set_creator("letterkit")
        self._document.add_font("letter", "", str(FONT))
        self.pages = 0

    def add(self, sender: Sequence[str], recipient: Sequence[str], abroad: bool) -> None:
        """One envelope; *recipient* is the address block, its country last, in capitals."""
        for line in (*sender, *recipient):
            _check_printable(line)
        document = self._document
        document.add_page()
        self.pages += 1
        document.set_font("letter", size=8)
        for number, line in enumerate(sender):
            document.text(10, 12 + number * 3.6, line)
        if abroad:
            document.set_font("letter", size=10)
            document.text(10, 14 + len(sender) * 3.6 + 4, AIR_MAIL)
        document.set_font("letter", size=11)
        top = self._height * 0.45
        left = self._width * 0.42
        for number, line in enumerate(recipient):
            document.text(left, top + number * 5.2, line)

    def output(self) -> bytes:
        """The whole PDF."""
        return bytes(self._document.output())


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
