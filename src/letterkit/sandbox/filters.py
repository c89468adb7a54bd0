"""Jinja2's filters as a case's own template gets them: checked before they run, a few replaced.

Most filters make at most a few times what they are given, and what they make is
counted after. These could make far more, or take far longer, so what they are
asked for is checked first: ``replace``, ``join``, ``indent``, ``format``,
``batch``, ``slice``, ``sum`` and ``tojson``. ``wordwrap``, ``pprint`` and the
JSON writer are replaced by versions whose size is known before it is made;
``urlize`` (HTML links, in time that grows with the square of a long word) and
``lipsum`` (nonsense text by the megabyte) are not there: no letter needs them.
"""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Callable
from pprint import pformat
from typing import Any

import jinja2

from letterkit.sandbox.bounds import (
    MAX_STRING,
    TemplateLimitError,
    check_indent,
    check_items,
    check_join,
    check_length,
    check_replace,
    written_size,
)
from letterkit.sandbox.formats import check_percent

REMOVED = ("lipsum", "urlize")
"""Globals and filters of Jinja2's that a case's own template does not get."""
MAX_JSON_INDENT = 16
"""Spaces `tojson` may indent each level by."""

Arguments = tuple[Any, ...]


def check_filter(name: str, own: Arguments, kwargs: dict[str, Any]) -> Arguments:
    """Refuse filter *name* given *own* (its value first) if it would pass a bound.

    Returns the arguments to run it with: a `join`'s items are read once, here.
    """
    check = _CHECKS.get(name)
    return own if check is None or not own else check(own, kwargs)


def _argument(own: Arguments, kwargs: dict[str, Any], at: int, name: str) -> Any:
    """The filter's argument *name*, given by name or at place *at* (the value is at 0)."""
    return own[at] if len(own) > at else kwargs.get(name)


def _replace(own: Arguments, kwargs: dict[str, Any]) -> Arguments:
    check_replace(
        own[0],
        _argument(own, kwargs, 1, "old"),
        _argument(own, kwargs, 2, "new"),
        _argument(own, kwargs, 3, "count"),
    )
    return own


def _join(own: Arguments, kwargs: dict[str, Any]) -> Arguments:
    separator = _argument(own, kwargs, 1, "d")
    return (check_join("" if separator is None else separator, own[0]), *own[1:])


def _indent(own: Arguments, kwargs: dict[str, Any]) -> Arguments:
    width = _argument(own, kwargs, 1, "width")
    check_indent(own[0], 4 if width is None else width)
    return own


def _format(own: Arguments, kwargs: dict[str, Any]) -> Arguments:
    text = own[0] if isinstance(own[0], str) else str(own[0])
    check_percent(text, kwargs if kwargs else own[1:])
    return own


def _rows(count_name: str) -> Callable[[Arguments, dict[str, Any]], Arguments]:
    """`batch` or `slice`: at most a list's items in rows, a filler at most that many times."""

    def check(own: Arguments, kwargs: dict[str, Any]) -> Arguments:
        count = _argument(own, kwargs, 1, count_name)
        filler = _argument(own, kwargs, 2, "fill_with")
        if isinstance(count, int):
            check_items(count)
            if filler is not None and count > 0:
                written_size(filler, MAX_STRING // count)
        return own

    return check


def _sum(own: Arguments, kwargs: dict[str, Any]) -> Arguments:
    """Only numbers: adding lists one to another takes time that grows with its square."""
    start = _argument(own, kwargs, 2, "start")
    if start is not None and (isinstance(start, bool) or not isinstance(start, int | float)):
        raise TemplateLimitError("sum adds numbers: its start must be a number")
    return own


def _tojson(own: Arguments, kwargs: dict[str, Any]) -> Arguments:
    indent = _argument(own, kwargs, 1, "indent")
    width = len(indent) if isinstance(indent, str) else indent if isinstance(indent, int) else 0
    if width > MAX_JSON_INDENT:
        raise TemplateLimitError(f"tojson indents by at most {MAX_JSON_INDENT}")
    return own


_CHECKS: dict[str, Callable[[Arguments, dict[str, Any]], Arguments]] = {
    "replace": _replace,
    "join": _join,
    "indent": _indent,
    "format": _format,
    "batch": _rows("linecount"),
    "slice": _rows("slices"),
    "sum": _sum,
    "tojson": _tojson,
}


@jinja2.pass_environment
def wordwrap(
    environment: jinja2.Environment,
    s: str,
    width: int = 79,
    break_long_words: bool = True,
    wrapstring: str | None = None,
    break_on_hyphens: bool = True,
) -> str:
    """Jinja2's `wordwrap`, its length known before its lines are joined.

    Why: each line is joined by *wrapstring*, which may be long, and a width of
    one makes a line of each character.
    """
    joint = environment.newline_sequence if wrapstring is None else wrapstring
    paragraphs = [
        textwrap.wrap(
            line,
            width=width,
            expand_tabs=False,
            replace_whitespace=False,
            break_long_words=break_long_words,
            break_on_hyphens=break_on_hyphens,
        )
        for line in s.splitlines()
    ]
    joints = sum(map(len, paragraphs)) + len(paragraphs)
    check_length(len(s) + joints * len(joint))
    return joint.join(joint.join(lines) for lines in paragraphs)


def pprint(value: Any) -> str:
    """Jinja2's `pprint` on one line: the value as Python writes it, dicts sorted.

    Why: laid out on lines, a dict's key indents each line of its value, so a
    long key and a long list would be far larger than the value written out.
    """
    return pformat(value, width=sys.maxsize)


def json_dumps(value: Any, **options: Any) -> str:
    """`json.dumps` for `tojson`, refused as soon as what it writes is past the bound."""
    made: list[str] = []
    length = 0
    for chunk in json.JSONEncoder(**options).iterencode(value):
        length += len(chunk)
        check_length(length)
        made.append(chunk)
    return "".join(made)
