"""Letters as PDF pages ready for the printer, in a font shipped with letterkit.

A page is the plain-text letter set in DejaVu Sans Mono, the letter's 72 columns
filling the width of A4 or US Letter between margins, as a typed letter would:
what the text output shows is what the page shows. The font covers Latin,
Cyrillic and Greek; a character it has no glyph for is an error naming it, never
a blank box on paper.
"""

from __future__ import annotations

import locale
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from letterkit.errors import ChoiceError, UnprintableError
from letterkit.layout import LINE_WIDTH, LINES_PER_PAGE, wrap

FONT = Path(__file__).parent.parent / "fonts" / "DejaVuSansMono.ttf"
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
    """The paper size named *paper* (a4, letter), or the locale's if none is named."""
    if paper is None:
        return default_paper()
    chosen = paper.strip().lower()
    if chosen not in PAPERS:
        raise ChoiceError("paper", f"`{paper}` is not a paper size; use a4 or letter")
    return chosen


def letters_pdf(texts: Sequence[str], paper: str) -> bytes:
    """One PDF of the letters *texts*, each starting on a new page."""
    for text in texts:
        check_printable(text)
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
        self._x = (width - LINE_WIDTH * character_width()) / 2
        self._y = (height - LINES_PER_PAGE * LINE_HEIGHT) / 2
        self._document = FPDF(unit="mm", format=(width, height))
        self._document.set_auto_page_break(False)
        self._document.set_creator("letterkit")
        self._document.add_font("letter", "", str(FONT))
        self._document.set_font("letter", size=FONT_SIZE)
        self.pages = 0

    def add(self, text: str) -> None:
        """Add a letter, starting on a new page; refuse a character the font cannot show."""
        check_printable(text)
        lines = [
            wrapped
            for line in text.rstrip("\n").split("\n")
            # A line wider than the page (a long address) goes on, indented, below.
            for wrapped in (
                wrap(line, indent="    ").split("\n") if len(line) > LINE_WIDTH else [line]
            )
        ]
        starts = page_starts(lines)
        signer = lines[0].strip() if lines else ""
        for page, start in enumerate(starts, start=1):
            end = starts[page] if page < len(starts) else len(lines)
            self._document.add_page()
            self.pages += 1
            for number, line in enumerate(lines[start:end]):
                if line:
                    baseline = self._y + (number + 0.8) * LINE_HEIGHT
                    self._document.text(self._x, baseline, line)
            if len(starts) > 1:  # a letter of several pages: each says whose, and which
                footer = f"{signer} · {page}/{len(starts)}"
                baseline = self._y + (LINES_PER_PAGE + 1.5) * LINE_HEIGHT
                self._document.text(self._x, baseline, footer)

    def output(self) -> bytes:
        """The whole PDF."""
        return bytes(self._document.output())


KEPT_WITH_COPIES = 8
"""Lines before `cc:` kept on its page where no sign-off is found above it."""


def page_starts(lines: Sequence[str]) -> list[int]:
    """Where each page of a letter of *lines* begins.

    A page holds :data:`LINES_PER_PAGE` lines; the `cc:` list never stands alone
    on the last page: the sign-off and the signature go over with it.
    """
    starts = list(range(0, max(len(lines), 1), LINES_PER_PAGE))
    copies = next((index for index, line in enumerate(lines) if line.startswith("cc:")), None)
    if len(starts) > 1 and copies is not None and starts[-1] >= copies:
        starts[-1] = max(starts[-2] + 1, _sign_off(lines, copies))
    return starts


def _sign_off(lines: Sequence[str], copies: int) -> int:
    """The sign-off above the `cc:` line: the line the room to sign (three blank lines) follows."""
    for index in range(copies - 1, max(copies - 12, 0), -1):
        if lines[index].strip() and not any(one.strip() for one in lines[index + 1 : index + 4]):
            return index
    return copies - KEPT_WITH_COPIES


def character_width() -> float:
    """The width of one character of the font at its size, in millimetres."""
    return FONT_SIZE * 0.6021 * 25.4 / 72  # DejaVu Sans Mono advances 1233/2048 em


def check_printable(text: str) -> None:
    """Refuse *text* if it holds a character the bundled font has no glyph for."""
    shown = _glyphs()
    for character in text:
        if character not in "\n\f" and ord(character) not in shown:
            name = unicodedata.name(character, "unnamed")
            raise UnprintableError(
                character,
                f"the letter has {character} (U+{ord(character):04X} {name}), which the "
                "bundled font cannot show",
            )


@lru_cache(maxsize=1)
def _glyphs() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(FONT, lazy=True) as font:
        return frozenset(font.getBestCmap())
