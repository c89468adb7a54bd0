"""The page a letter is typed on: 72 columns, 54 lines, words wrapped only at spaces.

The text output and the PDF share this page, so what the terminal shows is what
the printer prints, and a page count made here is the count on paper.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

LINE_WIDTH = 72
LINES_PER_PAGE = 54
"""Lines of 72 characters that fit on one A4 or US Letter page in a 12-point font."""


@lru_cache(maxsize=8)
def _line_pattern(width: int) -> re.Pattern[str]:
    """A line of a paragraph wrapped to *width*: the words that fit, or one longer word."""
    return re.compile(rf"(\S{{{width + 1},}}|.{{1,{width}}})(?: +|$)")


@lru_cache(maxsize=512)
def wrap(text: str, indent: str = "") -> str:
    """Fill each line of *text* to 72 columns, breaking only at spaces; *indent* later lines.

    Why not :func:`textwrap.fill`: on single-spaced text this gives the same lines
    (a property test checks it) sixteen times faster, which matters in a batch;
    and the ask paragraphs of a batch repeat, so wrapped ones are kept.
    """
    return "\n".join(_fill(paragraph, indent) for paragraph in text.split("\n"))


def _fill(paragraph: str, indent: str) -> str:
    """One paragraph: the first line to the full width, the later ones indented."""
    lines = _line_pattern(LINE_WIDTH).findall(paragraph)
    if indent and len(lines) > 1:
        rest = _line_pattern(LINE_WIDTH - len(indent)).findall(" ".join(lines[1:]))
        lines = [lines[0], *(indent + line for line in rest)]
    return "\n".join(lines)


def count_pages(text: str) -> int:
    """Pages when printed: a line longer than the page is as wide wraps onto the next."""
    lines = text.splitlines()
    printed = len(lines)
    if lines and max(map(len, lines)) > LINE_WIDTH:  # rare: an unbreakable word or name
        printed += sum((len(line) - 1) // LINE_WIDTH for line in lines if len(line) > LINE_WIDTH)
    return max(1, math.ceil(printed / LINES_PER_PAGE))
