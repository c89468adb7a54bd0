"""Text from a case or a writer, made safe to print and to write as it is.

Such text is data: it may carry terminal escapes, carriage returns or bidirectional
overrides that would change what a reader sees. :func:`plain_text` removes them, so
what is printed is what was written, letter for letter.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

# C0 and C1 controls except tab and newline, DEL, and the bidirectional embeddings,
# overrides and isolates that can reorder what a terminal shows.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Whole terminal escape sequences (CSI such as ESC [ 2 J, OSC such as ESC ] 0 ; title BEL),
# so that no fragment of one is left behind in a letter.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: ESC [ 2 J, ESC [ 31 m
    r"|\x9b[0-?]*[ -/]*[@-~]"  # CSI in one byte
    r"|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC, DCS...: ESC ] 0 ; title BEL
    r"|\x1b[ -~]"  # any other two-character escape: ESC c
)
# Lone surrogates: bytes that were not UTF-8 in a command-line argument or a file.
_UNDECODABLE = re.compile("[\ud800-\udfff]")
_LINE_BREAKS = re.compile("\r\n|\r|\u2028|\u2029|\x85")
LINE_SEPARATORS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
"""Every character that ends a line somewhere: Python's, Unicode's, a mail header's."""
_ENCODED_WORD = re.compile(r"=\?[^?]*\?[A-Za-z]\?.*?\?=")
"""An RFC 2047 encoded word, ``=?utf-8?q?...?=``, which mail software decodes in headers.

Looser than the standard (it allows spaces), as some decoders are."""


def plain_text(text: str) -> str:
    """Return *text* NFC-normalised, with Unix line breaks and no control characters.

    Terminal escape sequences are removed whole; bytes that were not UTF-8 become
    the replacement character, so the text can always be written as UTF-8.
    """
    if text.isprintable():  # no control, format or separator characters: only normalise
        return (
            text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
        )
    text = _LINE_BREAKS.sub("\n", _ESCAPES.sub("", text))
    text = _UNDECODABLE.sub("\ufffd", _INVISIBLE.sub("", text))
    return unicodedata.normalize("NFC", text)


_ACTED_ON = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
    "\u2066-\u2069\ud800-\udfff]"
)
"""What a terminal acts on or hides: controls but tab and newline, separators, bidi marks."""


def inert(text: str) -> str:
    r"""*text* as it may be printed: each character a terminal would act on written out.

    The escape character becomes the four characters ``\x1b``, a right-to-left
    override the six ``\u202e``; tabs and line breaks stay. Why not
    :func:`plain_text`: a file name or a case id is shown as it is, so that the
    writer can find what is wrong.
    """
    if text.isprintable():
        return text
    return _ACTED_ON.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """Return *text* as plain text on one line, runs of white space made one space."""
    return " ".join(plain_text(text).split())


def line_break(text: str) -> str | None:
    """The first character of *text* that ends a line, of any kind, if any."""
    if text.isprintable():  # no separator of any kind: the quick answer
        return None
    return next((character for character in text if character in LINE_SEPARATORS), None)


def encoded_word(text: str) -> str | None:
    """The first RFC 2047 encoded word in *text* (``=?utf-8?q?...?=``), if any.

    Why: mail software decodes such words in a header, so one could carry a line
    break, and with it a header of its own, into an email.
    """
    match = _ENCODED_WORD.search(text)
    return match.group() if match else None


def control_character(text: str) -> str | None:
    """Return the first character of *text* that :func:`plain_text` would drop, if any."""
    match = _INVISIBLE.search(_LINE_BREAKS.sub("\n", text))
    return match.group() if match else None


def counted(count: int, noun: str) -> str:
    """*count* and *noun*, in the plural unless one: ``1 day``, ``1,000 letters``."""
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def paragraphs(text: str) -> list[str]:
    """Split prose into paragraphs: blank lines separate them, single breaks are spaces."""
    blocks = re.split(r"\n\s*\n", plain_text(text).strip())
    return [one_line(block) for block in blocks if block.strip()]


def did_you_mean(given: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """``: did you mean `letter`?`` where one of *choices* is near *given*; else nothing."""
    import difflib

    near = difflib.get_close_matches(given.strip().casefold(), list(choices), n=1, cutoff=cutoff)
    return f": did you mean `{near[0]}`?" if near else ""


ADDRESS_LINE_BREAK = ";"
"""What separates an address's lines typed on one line, besides a new line.

A comma does not: `Ottawa ON K1A 0B1` and `Gatineau, QC` are each one line.
"""


def address_lines(text: str | None) -> list[str]:
    """The lines of an address typed as one value: split at new lines and `;` only."""
    lines = (text or "").replace(ADDRESS_LINE_BREAK, "\n").splitlines()
    return [one_line(line) for line in lines if one_line(line)]


def without_name(lines: list[str], name: str) -> list[str]:
    """An address's *lines* less the writer's *name*, typed again as its first line or words.

    ``Maria Example; 12 Elm Street`` and ``Maria Example, 12 Elm Street, Leeds`` alike:
    the letter prints the name above the address already.
    """
    if not lines:
        return lines
    first, signed = lines[0], name.casefold()
    if first.casefold() == signed:
        return lines[1:]
    head, comma, rest = first.partition(",")
    if comma and head.strip().casefold() == signed and rest.strip():
        return [rest.strip(), *lines[1:]]
    return lines


def sentence(text: str) -> str:
    """The writer's sentence, ended with a full stop unless it already ends a sentence.

    A closing quote or bracket ends one only after the sentence's own mark
    (``"... now."``); a `,`, `;` or `:` left at the end gives way to the stop.
    """
    text = text.rstrip(" \t\n,;:")
    last = text.rstrip(_CLOSERS)
    if last[-1:] in _SENTENCE_ENDS:
        return text
    return text + "."


_SENTENCE_ENDS = frozenset(".!?…。！？")
_CLOSERS = "\"'”’»)]"


@lru_cache(maxsize=1024)
def clause(text: str, conjunction: str = "and") -> str:
    """An ask as the end of a sentence, so a template adds its own stop.

    No full stop, nor the `;`, `,` or *conjunction* (``and``, ``et``) a pasted
    list leaves. Cached: a case's few asks are trimmed again for every letter.
    """
    text = text.strip()
    while True:
        trimmed = text.rstrip(" .;,:")
        if trimmed.casefold().endswith(" " + conjunction.casefold()):
            trimmed = trimmed[: -len(conjunction) - 1]
        if trimmed == text:
            return text
        text = trimmed
