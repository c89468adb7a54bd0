"""How long a formatted text would be, known before it is made: `str.format`, `%` and `translate`.

Why: one format can write each of its values many times, so its result can be
far larger than all it is given: ``("{0}" * 33333).format(s)`` is 3.3 GB for a
100,000-character ``s``. Each is refused when the most it could make is past the
bound: every field written out as the largest value given, plus its width and
precision, plus what a number can grow to under a numeric format.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from jinja2 import Undefined

from letterkit.sandbox.bounds import (
    MAX_STRING,
    TemplateLimitError,
    check_length,
    written_size,
)
from letterkit.sandbox.data import PLAIN

NUMBER_SIZE = 1_300
"""The most a number grows to under a numeric format: 1,000 bits in binary, grouped."""
_NUMERIC_TYPES = frozenset("bcdeEfFgGnoxX%")
_PERCENT_NUMERIC = frozenset("cdieEfFgGouxX")
_ASCII_GROWTH = 10
"""`ascii()` writes a character as at most ten (``\\U0001f600``)."""


def check_str_format(text: str, values: Iterable[Any]) -> None:
    """`text.format(...)` given *values* (positional and named) would be past the bound."""
    fields = []
    size = 0
    for literal, field, spec, conversion in string.Formatter().parse(text):
        size += len(literal)
        if field is None or spec is None:
            continue
        if "{" in spec:
            raise TemplateLimitError("a format's width must be written in it, not filled in")
        numeric = spec[-1:] in _NUMERIC_TYPES or "," in spec or "_" in spec
        fields.append((conversion, _widths(spec), numeric))
    check_length(size + _fields_size(fields, values))


def check_percent(text: str | bytes | bytearray, values: Any) -> None:
    """`text % values` (or `text | format(...)`) would be past the bound."""
    if isinstance(text, bytes | bytearray):
        text = text.decode("latin-1")
    fields = [
        (conversion, widths, conversion in _PERCENT_NUMERIC)
        for conversion, widths in _percent_fields(text)
    ]
    if isinstance(values, tuple):
        given: tuple[Any, ...] = values
    elif isinstance(values, dict) and "%(" in text:
        given = tuple(values.values())  # each field writes one of them
    else:
        given = (values,)
    check_length(len(text) + _fields_size(fields, given))


def check_translate(text: str, table: Any) -> None:
    """`text.translate(table)` would be past the bound: each character replaced by the longest."""
    if isinstance(table, dict):
        replacements: Iterable[Any] = table.values()
    elif isinstance(table, list | tuple | str):
        replacements = table
    else:
        raise TemplateLimitError("translate takes a dict or a list")
    longest = max((len(one) for one in replacements if isinstance(one, str)), default=1)
    check_length(len(text) * max(longest, 1))


def _fields_size(fields: Sequence[tuple[str | None, int, bool]], values: Iterable[Any]) -> int:
    """The most *fields* (conversion, widths, numeric) make, each given the largest of *values*."""
    quoted = any(conversion in ("r", "a") for conversion, _, _ in fields)
    largest = _largest(values, quoted=quoted)
    size = 0
    for conversion, widths, numeric in fields:
        size += largest * (_ASCII_GROWTH if conversion == "a" else 1) + widths
        size += NUMBER_SIZE if numeric else 0
    return size


def _largest(values: Iterable[Any], *, quoted: bool) -> int:
    """The size of the largest of *values* written out: as text, or as Python writes it."""
    largest = 0
    for value in values:
        if isinstance(value, Undefined):
            continue  # writing it out says which name is missing
        if not isinstance(value, PLAIN):
            raise TemplateLimitError("a format takes text, numbers, lists and records only")
        largest = max(largest, written_size(value, MAX_STRING, inside=quoted))
    return largest


def _widths(spec: str) -> int:
    """The width and precision of a field's format (``>10.3f``), each within the bound."""
    total = 0
    digits = ""
    for character in spec + " ":
        if character.isdigit():
            digits += character
        elif digits:
            total += _width(digits)
            digits = ""
    return total


def _width(digits: str) -> int:
    if len(digits) > 6 or int(digits) > MAX_STRING:
        raise TemplateLimitError(f"a format's width is over {MAX_STRING:,}")
    return int(digits)


def _percent_fields(text: str) -> Iterator[tuple[str, int]]:
    """Each field of a %-format: its conversion, and its width and precision together.

    Read as Python reads it: a key in parentheses ends at its matching one.
    """
    end = len(text)
    at = text.find("%")
    while at != -1:
        at += 1
        if at < end and text[at] == "(":
            depth = 0
            while at < end:
                depth += {"(": 1, ")": -1}.get(text[at], 0)
                at += 1
                if depth == 0:
                    break
        while at < end and text[at] in "-+ #0":
            at += 1
        widths = 0
        for part in ("width", "precision"):
            if part == "precision":
                if at >= end or text[at] != ".":
                    break
                at += 1
            if at < end and text[at] == "*":
                raise TemplateLimitError("a format's width must be written in it, not passed as *")
            start = at
            while at < end and text[at].isdigit():
                at += 1
            if at > start:
                widths += _width(text[start:at])
        while at < end and text[at] in "hlL":
            at += 1
        conversion = text[at] if at < end else ""
        if conversion != "%":
            yield conversion, widths
        at = text.find("%", at + 1)
