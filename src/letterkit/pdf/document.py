"""Pages of text set line by line, written to a PDF as they come, fonts embedded at the end.

Letters, faxes and envelopes are lines of text at places on a page, and a few
short rules (fold marks). A page is written as soon as it is made; each font is
embedded once, when the file closes, with the glyphs its pages showed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO

from letterkit.errors import UnprintableError
from letterkit.pdf.font import TrueTypeFont
from letterkit.pdf.writer import PdfWriter

POINTS_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class Run:
    """A line of text: its left edge and baseline in millimetres from the top left corner."""

    x: float
    baseline: float
    size: float
    """Points."""
    text: str
    font: TrueTypeFont


@dataclass(frozen=True)
class Rule:
    """A short horizontal line (a fold or punch mark), in millimetres from the top left."""

    x: float
    y: float
    length: float


@dataclass
class _FontUse:
    number: int
    resource: str
    characters: set[str]


class Document:
    """A PDF of pages *width* by *height* millimetres, written to *stream* page by page."""

    def __init__(self, stream: BinaryIO, width: float, height: float) -> None:
        self._writer = PdfWriter(stream)
        self._height = height
        self._pages_number = self._writer.reserve()
        self._resources = self._writer.reserve()
        self._size = f"[0 0 {width * POINTS_PER_MM:.2f} {height * POINTS_PER_MM:.2f}]"
        self._kids: list[int] = []
        self._fonts: dict[TrueTypeFont, _FontUse] = {}

    @property
    def pages(self) -> int:
        """How many pages were written."""
        return len(self._kids)

    def page(self, runs: Sequence[Run], rules: Sequence[Rule] = ()) -> None:
        """Write a page with *runs* of text and *rules*.

        Raises :class:`UnprintableError` for a character a run's font cannot show,
        before anything is written.
        """
        texts: dict[TrueTypeFont, list[str]] = {}
        for run in runs:
            texts.setdefault(run.font, []).append(run.text)
        for font, shown_texts in texts.items():
            self._check(font, "".join(shown_texts))
        operators = ["BT"]
        shown: tuple[str, float] | None = None
        for run in runs:
            use = self._fonts[run.font]
            if shown != (use.resource, run.size):
                shown = (use.resource, run.size)
                operators.append(f"/{use.resource} {run.size:g} Tf")
            x = run.x * POINTS_PER_MM
            y = (self._height - run.baseline) * POINTS_PER_MM
            operators.append(
                f"1 0 0 1 {x:.2f} {y:.2f} Tm ({run.text.translate(run.font.glyph_codes)}) Tj"
            )
        operators.append("ET")
        if rules:
            operators.append("0.5 w")
            for rule in rules:
                x, y = rule.x * POINTS_PER_MM, (self._height - rule.y) * POINTS_PER_MM
                operators.append(
                    f"{x:.2f} {y:.2f} m {x + rule.length * POINTS_PER_MM:.2f} {y:.2f} l S"
                )
        writer = self._writer
        contents, page = writer.reserve(), writer.reserve()
        writer.stream(contents, "\n".join(operators).encode("latin-1"))
        writer.add(
            page,
            f"<< /Type /Page /Parent {self._pages_number} 0 R /Resources {self._resources} 0 R "
            f"/Contents {contents} 0 R >>",
        )
        self._kids.append(page)

    def close(self) -> None:
        """Embed the fonts and write the page tree, the catalogue and the cross-references."""
        writer = self._writer
        for font, use in self._fonts.items():
            font.embed(writer, use.number, use.characters)
        fonts = " ".join(f"/{use.resource} {use.number} 0 R" for use in self._fonts.values())
        writer.add(self._resources, f"<< /Font << {fonts} >> >>")
        kids = " ".join(f"{kid} 0 R" for kid in self._kids)
        writer.add(
            self._pages_number,
            f"<< /Type /Pages /Kids [{kids}] /Count {len(self._kids)} /MediaBox {self._size} >>",
        )
        catalogue, info = writer.reserve(), writer.reserve()
        writer.add(catalogue, f"<< /Type /Catalog /Pages {self._pages_number} 0 R >>")
        writer.add(info, "<< /Creator (letterkit) /Producer (letterkit) >>")
        writer.close(catalogue, info)

    def _check(self, font: TrueTypeFont, text: str) -> None:
        """Refuse *text* if *font* cannot show it; else note its characters for the font."""
        use = self._fonts.get(font)
        if use is None:
            use = _FontUse(self._writer.reserve(), f"F{len(self._fonts) + 1}", set())
            self._fonts[font] = use
        lacking = font.missing(text)
        if lacking is not None:
            raise UnprintableError(lacking, unprintable(lacking))
        use.characters.update(text)


def unprintable(character: str, what: str = "letter") -> str:
    """Why *character* cannot be printed on the *what*: the font has no glyph for it."""
    name = unicodedata.name(character, "unnamed")
    return (
        f"the {what} has {character} (U+{ord(character):04X} {name}), which the bundled "
        "font cannot show"
    )
