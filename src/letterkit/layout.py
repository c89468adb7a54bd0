"""The page a letter is typed on: 72 columns, 54 lines, words wrapped only at spaces.

The text output and the PDF share this page, so what the terminal shows is what
the printer prints, and a page count made here is the count on paper. The
built-in letter, email and web message are laid out here too (:func:`lay_out`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from letterkit.message import Writer
    from letterkit.wording import Wording

LINE_WIDTH = 72
COVER_RULE = "-" * LINE_WIDTH
"""The line under a fax's cover, above its letter (the built-in cover's last line)."""
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


WINDOW_HEADER_LINES = 7
"""A posted letter's lines above its envelope's window: the sender, a blank, the date.

More, and the date goes below the official's address (see :func:`posted_parts`).
`letterkit.pdf` checks that each paper's window leaves room for them."""
WINDOW_BODY_LINES = 37
"""The lines a posted letter's first page holds below the window, after the address."""
KEPT_WITH_COPIES = 8
"""Lines before `cc:` kept on its page where no sign-off is found above it."""


def printed_lines(lines: list[str]) -> list[str]:
    """*lines* as the page prints them: one wider than the page goes on, indented, below."""
    if max(map(len, lines), default=0) <= LINE_WIDTH:  # as nearly always
        return list(lines)
    return [
        wrapped
        for line in lines
        for wrapped in (wrap(line, indent="    ").split("\n") if len(line) > LINE_WIDTH else [line])
    ]


def posted_parts(lines: list[str]) -> tuple[list[str], list[str], list[str]] | None:
    """A letter to post in its three parts: above the window, in it, and below it.

    A letter opens with blocks of lines, each followed by a blank one: the sender,
    the date, the official's address (:func:`lay_out`). Above the window go the
    sender and the date (printed lines); if they are too many, the date goes below
    the address. The address is as the case wrote it, for the window to fit. None:
    the letter has no such opening, or its sender alone is too long to go above.
    """
    blocks = _blocks(lines)
    if len(blocks) < 3 or blocks[0][0] != 0:
        return None
    (_, sender_end), (date_start, date_end), (address_start, address_end) = blocks
    below = lines[address_end:]
    header = printed_lines(lines[:date_end])
    if len(header) > WINDOW_HEADER_LINES:
        header = printed_lines(lines[:sender_end])
        below = [*lines[date_start:date_end], *below]
        if len(header) > WINDOW_HEADER_LINES:
            return None
    while below and not below[0].strip():
        below = below[1:]
    return header, lines[address_start:address_end], printed_lines(below)


def window_misfit(text: str) -> str | None:
    """Why a letter to post cannot be laid out for a window envelope; None if it can.

    A PDF then types it as the text shows it, the official's address inside the
    letter, where the window does not show it. (An address too wide for the window
    even in the smallest type is typed so too; only the PDF's font can tell.)
    """
    lines = text.rstrip("\n").split("\n")
    if posted_parts(lines) is not None:
        return None
    blocks = _blocks(lines)
    if len(blocks) == 3 and blocks[0][0] == 0:
        sender = len(printed_lines(lines[: blocks[0][1]]))
        why = (
            f"your name and address take {sender} lines, more than the "
            f"{WINDOW_HEADER_LINES} above the window; shorten your address, or"
        )
    else:
        why = "the letter does not open with its sender, date and the official's address;"
    shown = "the official's address will not show in a window envelope"
    return f"{shown}: {why} address the envelope by hand"


def _blocks(lines: list[str], wanted: int = 3) -> list[tuple[int, int]]:
    """Where the first *wanted* blocks of non-blank lines start and end."""
    found: list[tuple[int, int]] = []
    start = None
    for index, line in enumerate(lines):
        if line.strip() and start is None:
            start = index
        elif not line.strip() and start is not None:
            found.append((start, index))
            start = None
            if len(found) == wanted:
                break
    return found


def page_starts(lines: list[str], first: int = LINES_PER_PAGE) -> list[int]:
    """Where each page of a letter of *lines* begins, the first page holding *first* lines.

    A page holds :data:`LINES_PER_PAGE` lines; the `cc:` list never stands alone
    on the last page, nor does the signature without its sign-off: where a page
    ends between the sign-off and the copies, the sign-off goes over with them.
    """
    starts = [0, *range(max(first, 1), len(lines), LINES_PER_PAGE)]
    copies = next((index for index, line in enumerate(lines) if line.startswith("cc:")), None)
    if len(starts) > 1 and copies is not None:
        sign_off = _sign_off(lines, copies)
        if sign_off < starts[-1]:
            starts[-1] = max(starts[-2] + 1, sign_off)
    return starts


def _sign_off(lines: list[str], copies: int) -> int:
    """The sign-off above the `cc:` line: the line the room to sign (three blank lines) follows."""
    for index in range(copies - 1, max(copies - 12, 0), -1):
        if lines[index].strip() and not any(one.strip() for one in lines[index + 1 : index + 4]):
            return index
    return copies - KEPT_WITH_COPIES


def count_pages(text: str, *, posted: bool = False) -> int:
    """Pages when printed, as `letterkit.pdf` lays them out.

    *posted*: a letter to post, its first page laid out for a window envelope,
    which leaves less room than a typed page.
    """
    lines = text.rstrip("\n").split("\n")
    parts = posted_parts(lines) if posted else None
    if parts is not None:
        below = parts[2]
        return 1 if len(below) <= WINDOW_BODY_LINES else len(page_starts(below, WINDOW_BODY_LINES))
    printed = printed_lines(lines)
    return 1 if len(printed) <= LINES_PER_PAGE else len(page_starts(printed))


def lay_out(wording: Wording, writer: Writer, channel: str) -> str:
    """The built-in text of a letter (a fax's body too), an email or a web-form message.

    Every word comes from *wording*, in the letter's language; this only places
    them: the sender, the date, the official's address and ``Re:`` (a letter), or
    ``Subject:`` (an email); the salutation, the body, the closing and the sign-off;
    the room to sign, the name, and the officials copied. An email or a web
    message is not wrapped: mail programs and forms wrap it themselves.

    Why in Python rather than a template, as a case's own templates are: Jinja2
    took 19 µs of the 38 a letter takes to render, this takes 3, and a batch
    renders 100,000.
    """
    flowing = channel in ("email", "web")
    fit = _as_is if flowing else wrap
    parts: list[str] = []
    if channel == "email":
        parts += [f"Subject: {wording.texts.subject}", ""]
    elif channel != "web":
        parts += [writer.name, *writer.address_lines, "", wording.date, ""]
        parts += [*wording.recipient.address_block, "", wrap(wording.subject_line), ""]
    parts += [fit(wording.salutation), ""]
    for paragraph in wording.paragraphs:
        parts += [fit(paragraph), ""]
    if wording.closing_line:
        parts += [fit(wording.closing_line), ""]
    parts.append(fit(wording.sign_off))
    if not flowing:
        parts += ["", "", ""]  # room to sign
    parts.append(fit(writer.name))
    if channel == "web":
        parts += [wording.town] if wording.town else []
    elif channel == "email":
        parts += writer.address_lines
    elif wording.copies:
        label = wording.frame.copies_label
        indent = " " * (len(label) + 5)
        parts.append("")
        for index, official in enumerate(wording.copies):
            lead = label if index == 0 else " " * len(label)
            parts.append(wrap(f"{lead} {official.name_and_title}", indent=indent))
    return "\n".join(parts).strip("\n") + "\n"


def _as_is(text: str) -> str:
    return text
