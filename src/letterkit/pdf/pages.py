"""Letters as PDF pages ready for the printer, in a font shipped with letterkit.

A page is the plain-text letter set in DejaVu Sans Mono, the letter's 72 columns
filling the width of A4 or US Letter between margins, as a typed letter would:
what the text output shows is what the page shows. (`--typeset` sets the same
lines in DejaVu Serif.) A letter's first page puts the official's address where a
window envelope shows it, and marks where to fold the page. The fonts cover
Latin, Cyrillic and Greek; a character a font has no glyph for is an error naming
it, never a blank box on paper.
"""

from __future__ import annotations

import io
import locale
import math
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from letterkit.errors import ChoiceError, UnprintableError
from letterkit.layout import (
    COVER_RULE,
    LINE_WIDTH,
    LINES_PER_PAGE,
    WINDOW_BODY_LINES,
    page_starts,
    posted_parts,
    printed_lines,
)
from letterkit.pdf.document import Document, Rule, Run, unprintable
from letterkit.pdf.font import TrueTypeFont, load_font

FONTS = Path(__file__).parent.parent / "fonts"
FONT = FONTS / "DejaVuSansMono.ttf"
TYPESET_FONT = FONTS / "DejaVuSerif.ttf"
PAPERS = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
"""Width and height in millimetres."""
_LETTER_COUNTRIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "PR", "GT", "CR"})
_LETTER_COUNTRY_NAMES = frozenset(
    {
        "United States",
        "Canada",
        "Mexico",
        "Philippines",
        "Chile",
        "Colombia",
        "Venezuela",
        "Puerto Rico",
        "Guatemala",
        "Costa Rica",
    }
)
"""The same countries as Windows names them in a locale (``English_United States``)."""
FONT_SIZE = 10.5
"""Points: 72 columns of this monospaced font fill 160 mm, A4's width less margins."""
TYPESET_SIZE = 11.0
"""Points: DejaVu Serif's 72 characters of a letter's line take about 150 mm."""
LINE_HEIGHT = 4.6
"""Millimetres: 54 lines fill either paper's height less margins."""
TOP_MARGIN = 10.0
"""Millimetres: the least a printer leaves blank at the top of a page."""
SMALLEST_ADDRESS = 7.0
"""Points: the smallest type an address is set in to fit a window."""
MARK_X, MARK_LENGTH = 6.0, 5.0
"""Fold and punch marks: at the left edge, past the margin most printers leave blank."""


@dataclass(frozen=True)
class Window:
    """Where a window envelope shows a letter's first page, and where the page folds.

    Millimetres from the top of the page; the address zone's width from the
    letter's left margin.
    """

    clear: float
    """Nothing of the letter but the address stands below this and above :attr:`below`."""
    address: float
    """The top of the address's first line."""
    depth: float
    width: float
    below: float
    """Where the letter goes on under the window."""
    folds: tuple[float, ...]
    punch: float | None = None
    return_line: float | None = None
    """The baseline of the return address, in small type above the address."""


WINDOWS = {
    # DIN 5008:2020-03 Form B (section 19, Briefvordrucke) in a DL or C6/5 envelope
    # whose window (DIN 680) is 90 x 45 mm, 20 mm from the left and 15 mm from the
    # bottom: the address field starts 45 mm from the top and is 85 x 45 mm, its first
    # 17.7 mm for the return address and postal notes, the rest for the address; the
    # page folds at 105 and 210 mm and is punched at 148.5 mm.
    "a4": Window(
        clear=45.0,
        address=62.7,
        depth=27.3,
        width=80.0,
        below=98.4,
        folds=(105.0, 210.0),
        punch=148.5,
        return_line=60.0,
    ),
    # US Letter folded in three (3 2/3 and 7 1/3 inches) in a #10 envelope, whose
    # window of 4 1/2 x 1 1/8 inches stands 7/8 inch from the left and 1/2 inch from
    # the bottom: with the letter at the bottom of the envelope the window shows 2.04
    # to 3.17 inches from the page's top; if it rides up, 2.5 to 3.63, and the
    # address's last lines (town, country) stay in view.
    "letter": Window(
        clear=51.9, address=51.9, depth=28.5, width=83.0, below=92.1, folds=(93.1, 186.3)
    ),
}


_TERRITORY = re.compile(r"[A-Za-z]{2,3}_([A-Za-z]{2})(?![A-Za-z])")
"""A locale's country: ``US`` in ``en_US.UTF-8``; none in ``C.UTF-8`` or ``POSIX``."""


def default_paper() -> str:
    """US Letter where the writer's locale names a country that uses it, else A4.

    The locale is read as the C library reads paper sizes: ``LC_ALL``, else
    ``LC_PAPER``, else ``LANG``. Not :func:`locale.getlocale`, which reads
    ``C.UTF-8`` (no country: A4) as ``en_US.UTF-8``, and a locale not installed
    as none. Where none is set (Windows), the system's locale is asked.
    """
    name = next(
        (value for key in ("LC_ALL", "LC_PAPER", "LANG") if (value := os.environ.get(key))),
        None,
    )
    if name is None:
        if sys.platform != "win32":
            return "a4"  # none set: the C locale, which names no country
        name = locale.getlocale(locale.LC_CTYPE)[0] or ""
        if name.partition("_")[2] in _LETTER_COUNTRY_NAMES:
            return "letter"
    territory = _TERRITORY.match(name)
    return "letter" if territory and territory[1].upper() in _LETTER_COUNTRIES else "a4"


def check_paper(paper: str | None) -> str:
    """The paper size named *paper* (a4, letter), or the locale's if none is named."""
    if paper is None:
        return default_paper()
    chosen = paper.strip().lower()
    if chosen not in PAPERS:
        raise ChoiceError("paper", f"`{paper}` is not a paper size; use a4 or letter")
    return chosen


def _signer(lines: list[str]) -> str:
    """Whose letter it is, for its pages' numbers: its first line, the sender's name.

    Below a fax's cover, the letter's own first line: the cover's opens with "FAX".
    """
    letter = lines[lines.index(COVER_RULE) + 1 :] if COVER_RULE in lines else lines
    return next((line.strip() for line in letter if line.strip()), "")


def letters_pdf(
    texts: Sequence[str], paper: str, *, posted: bool = False, typeset: bool = False
) -> bytes:
    """One PDF of the letters *texts*, each starting on a new page.

    *posted*: letters to post, not faxes (see :meth:`LettersPdf.add`); *typeset*:
    letters to post set in the proportional font.
    """
    if len(texts) > 1:  # all or none: no letter is made if another cannot be
        for text in texts:
            check_printable(text, typeset=typeset and posted)
    document = LettersPdf(paper, typeset=typeset)
    for text in texts:
        document.add(text, posted=posted)
    return document.output()


class LettersPdf:
    """A PDF that letters are added to one by one, written to *stream* as they come.

    Memory stays flat however many letters there are: each page is written when
    it is made, and the font is embedded once, at the end, with the glyphs used.
    Without a *stream* the PDF is kept in memory for :meth:`output`. *typeset*:
    letters to post are set in the proportional font; faxes never are.
    """

    def __init__(
        self, paper: str, stream: BinaryIO | None = None, *, typeset: bool = False
    ) -> None:
        width, height = PAPERS[paper]
        self._paper = paper
        self._stream = stream if stream is not None else io.BytesIO()
        self._document = Document(self._stream, width, height)
        self._typeset = typeset
        self._font, self._size = load_font(FONT), FONT_SIZE  # the letter's being added
        self._left = (width - LINE_WIDTH * character_width()) / 2
        self._top = (height - LINES_PER_PAGE * LINE_HEIGHT) / 2

    @property
    def pages(self) -> int:
        """How many pages were written."""
        return self._document.pages

    def add(self, text: str, *, posted: bool = False) -> None:
        """Add a letter, starting on a new page; refuse a character the font cannot show.

        *posted*: a letter to post, not a fax: the official's address goes where a
        window envelope shows it, with marks to fold the page by.
        """
        typeset = posted and self._typeset
        check_printable(text, typeset=typeset)
        self._font = load_font(TYPESET_FONT if typeset else FONT)
        self._size = TYPESET_SIZE if typeset else FONT_SIZE
        lines = text.rstrip("\n").split("\n")
        parts = posted_parts(lines) if posted else None
        first = self._window_page(*parts) if parts is not None else None
        if first is not None and parts is not None:
            runs, rest, top, room = first, parts[2], WINDOWS[self._paper].below, WINDOW_BODY_LINES
        else:  # typed as the text shows it: a fax, or a letter whose opening does not fit
            runs, rest, top, room = [], printed_lines(lines), self._top, LINES_PER_PAGE
        rules = self._marks() if posted else []
        starts = page_starts(rest, room)
        signer = _signer(lines)
        for page, start in enumerate(starts, start=1):
            end = starts[page] if page < len(starts) else len(rest)
            runs += [self._line(top, number, line) for number, line in enumerate(rest[start:end])]
            if len(starts) > 1:  # a letter of several pages: each says whose, and which
                runs.append(
                    self._line(self._top, LINES_PER_PAGE + 0.7, f"{signer} · {page}/{len(starts)}")
                )
            self._document.page([run for run in runs if run.text], rules)
            runs, rules, top = [], [], self._top

    def output(self) -> bytes:
        """The whole PDF (kept in memory: made without a stream)."""
        self.close()
        if not isinstance(self._stream, io.BytesIO):
            raise TypeError("the PDF was written to a stream")
        return self._stream.getvalue()

    def close(self) -> None:
        """Embed the font and write the PDF's closing parts."""
        self._document.close()

    def _line(self, top: float, number: float, text: str, size: float | None = None) -> Run:
        baseline = top + (number + 0.8) * LINE_HEIGHT
        size = size or self._size
        if self._font.fixed_pitch:
            return Run(self._left, baseline, size, text, self._font)
        # Typeset, an indent (the `cc:` list's) keeps its typed width: a space is narrower;
        # and a line the serif makes wider than the typed column (capitals, Cyrillic) is
        # set smaller to fit it.
        indent = len(text) - len(text.lstrip(" "))
        room = (LINE_WIDTH - indent) * character_width()
        width = self._font.advance(text[indent:]) / 1000 * size * 25.4 / 72
        size = size if width <= room else math.floor(size * room / width * 100) / 100
        left = self._left + indent * character_width()
        return Run(left, baseline, size, text[indent:], self._font)

    def _window_page(
        self, header: list[str], address: list[str], rest: list[str]
    ) -> list[Run] | None:
        """The first page's sender and date above the window, the address in it.

        None: the address does not fit the window even in the smallest type.
        """
        window = WINDOWS[self._paper]
        placed = self._address(address, window)
        if placed is None:
            return None
        top = min(self._top, window.clear - len(header) * LINE_HEIGHT)
        runs = [self._line(top, number, line) for number, line in enumerate(header)]
        end = next((n for n, line in enumerate(header) if not line.strip()), len(header))
        sender = [line.strip() for line in header[1:end]]
        if window.return_line is not None and sender:
            runs += self._return_line(", ".join([header[0].strip(), *sender]), window)
        return runs + placed

    def _marks(self) -> list[Rule]:
        """Where to fold a letter to post, and where to punch it."""
        window = WINDOWS[self._paper]
        rules = [Rule(MARK_X, fold, MARK_LENGTH) for fold in window.folds]
        if window.punch is not None:
            rules.append(Rule(MARK_X, window.punch, MARK_LENGTH * 2))
        return rules

    def _address(self, address: list[str], window: Window) -> list[Run] | None:
        """The address in the window, in smaller type where it is too long or too wide for it.

        A line too wide for the window is broken between words, never cut off by
        the window's edge. None: it does not fit even in the smallest type.
        """
        size = self._size
        while True:
            height = LINE_HEIGHT * size / self._size
            lines = [part for line in address for part in self._fitted(line, size, window.width)]
            if len(lines) * height <= window.depth:
                break
            if size <= SMALLEST_ADDRESS:
                return None
            size -= 0.5
        return [
            Run(self._left, window.address + (number + 0.8) * height, size, line, self._font)
            for number, line in enumerate(lines)
        ]

    def _fitted(self, line: str, size: float, width: float) -> list[str]:
        """*line* broken between words into lines no wider than *width* mm at *size*."""
        room = width / (size * 25.4 / 72) * 1000  # in the font's thousandths of its size
        if self._font.advance(line) <= room:
            return [line]
        parts: list[str] = []
        for word in line.split():
            joined = f"{parts[-1]} {word}" if parts else word
            if parts and self._font.advance(joined) <= room:
                parts[-1] = joined
            else:
                parts.append(word)
        return parts

    def _return_line(self, line: str, window: Window) -> list[Run]:
        """The sender's address on one line above the address, if it fits in small type."""
        width = self._font.advance(line) / 1000 * 25.4 / 72
        size = min(7.0, window.width / width) if width else 0
        if size < 5 or window.return_line is None:
            return []
        return [Run(self._left, window.return_line, round(size, 2), line, self._font)]


def character_width() -> float:
    """The width of one character of the font at its size, in millimetres."""
    return FONT_SIZE * 0.6021 * 25.4 / 72  # DejaVu Sans Mono advances 1233/2048 em


def check_printable(text: str, *, typeset: bool = False, what: str = "letter") -> None:
    """Refuse *text* if it holds a character the font (mono, or the typeset one) cannot show.

    *what* the text is, for the error: the letter, or its envelope.
    """
    lacking = _font(typeset).missing(text.replace("\n", "").replace("\f", ""))
    if lacking is not None:
        raise UnprintableError(lacking, unprintable(lacking, what))


def _font(typeset: bool) -> TrueTypeFont:
    return load_font(TYPESET_FONT if typeset else FONT)
