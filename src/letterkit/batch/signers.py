"""Reading a signers sheet, one row at a time: CSV as spreadsheets export it, JSON, JSON Lines.

A sheet is streamed, never held whole in memory, so a web form's export of a
hundred thousand rows reads like thirty. Each row carries the number an organiser
finds it under: the spreadsheet row for CSV (the header is row 1), the position in
a JSON array (from 1), or the line of a JSON Lines file. A problem with the whole
sheet (not UTF-8, binary, no header) raises :class:`SheetError`; a problem with one
row is returned with that row, so the others can still be written.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from letterkit.batch.headers import (
    FIRST,
    LAST,
    HeaderError,
    column_of,
    header_key,
    join_names,
    match_header,
)
from letterkit.batch.json_items import json_array_items, json_trouble
from letterkit.errors import Hint, LetterkitError, Problem
from letterkit.models import SUPPLIED_FIELDS

RECIPIENT = "recipient_"
"""Before a supplied recipient's detail in a column's name: `recipient_name`."""
_OWN_COLUMNS = ("name", "about", "place", "email", "asks", "channel", "to", "language", "ascii")
COLUMNS = (*_OWN_COLUMNS, *(RECIPIENT + detail for detail in SUPPLIED_FIELDS))
REQUIRED_COLUMNS = ("name", "about")


MAX_CELL = 1_000_000
"""No cell of a real sheet comes near this; past it the file is not a signers sheet."""
MAX_COLUMNS = 1_000
"""A web form's export has a few dozen columns; past this the file is not a signers sheet."""
_CHUNK = 1 << 16
_UNDECODABLE = re.compile("[\udc80-\udcff]")


class SheetError(LetterkitError):
    """The signers sheet as a whole cannot be read; nothing further is read from it."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


@dataclass(frozen=True, slots=True)
class SignerRow:
    """One signer as the sheet gives them: known columns, stripped; or why the row is bad."""

    row: int
    fields: dict[str, str]
    problem: str | None = None
    column: str | None = None


@dataclass
class SignersSheet:
    """An open signers sheet; iterate over it for its rows."""

    name: str
    stream: IO[bytes]
    unknown: dict[str, None] = field(default_factory=dict)
    """Columns letterkit does not read, in the order met (a dict: an ordered set)."""
    columns: set[str] | None = None
    """The known columns a CSV header names; None for JSON, where each row says."""
    format: str = "csv"
    given: dict[str, str] = field(default_factory=dict)
    """The organiser's own reading of header cells (header key to column)."""
    read_as: dict[str, str] = field(default_factory=dict)
    """Header cells read as a column under another name, to tell the organiser once."""
    _text: io.TextIOWrapper = field(init=False)
    _header: tuple[list[str | None], str, int] = field(init=False)
    """A CSV's columns, delimiter and the first row after the header."""

    def __post_init__(self) -> None:
        # Bytes that are not UTF-8 become stand-ins that mark only their own row as bad.
        self._text = io.TextIOWrapper(
            self.stream, encoding="utf-8-sig", errors="surrogateescape", newline=""
        )
        if self.format == "csv":
            # The header at once: what the sheet lacks is said before any row is read.
            self._header = self._csv_header(self._text)

    def __enter__(self) -> SignersSheet:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stream.close()

    def __iter__(self) -> Iterator[SignerRow]:
        readers = {"csv": self._csv_rows, "json": self._json_rows, "jsonl": self._jsonl_rows}
        rows = readers[self.format](self._text)
        row = 1
        while True:
            try:
                signer = next(rows)
            except StopIteration:
                return
            except csv.Error as error:
                raise self._error(f"cannot be read as CSV: {error}", row + 1) from None
            row = signer.row
            if _UNDECODABLE.search("".join(signer.fields.values())):  # one look for the row
                undecodable = next(
                    column for column, value in signer.fields.items() if _UNDECODABLE.search(value)
                )
                signer = SignerRow(
                    row, {}, "is not UTF-8 text; save the sheet as UTF-8 (CSV UTF-8)", undecodable
                )
            yield signer

    def _error(self, message: str, row: int | None = None) -> SheetError:
        return SheetError(Problem(self.name, message, line=row))

    def _csv_header(self, text: io.TextIOWrapper) -> tuple[list[str | None], str, int]:
        csv.field_size_limit(MAX_CELL)
        header_line, blank = text.readline(), 0
        while header_line and not header_line.strip():
            header_line, blank = text.readline(), blank + 1  # blank rows above the header
        declared = None
        if header_line.strip().lower().startswith("sep=") and len(header_line.strip()) == 5:
            declared = header_line.strip()[4]  # Excel's own line naming the delimiter
            header_line = text.readline()
        if _UNDECODABLE.search(header_line):
            raise self._error("is not UTF-8 text; save the sheet as UTF-8 (CSV UTF-8)", 1)
        if not header_line.strip():
            raise self._error("is empty; the first row names the columns (name, about, ...)")
        delimiter = declared or _delimiter(header_line)
        header = next(csv.reader([header_line], delimiter=delimiter))
        return self._columns(header), delimiter, 2 + blank

    def _csv_rows(self, text: io.TextIOWrapper) -> Iterator[SignerRow]:
        columns, delimiter, first = self._header
        reader = csv.reader(text, delimiter=delimiter)
        known = [(index, column) for index, column in enumerate(columns) if column is not None]
        for record, cells in enumerate(reader, start=first):
            if not "".join(cells).strip():
                continue  # spreadsheets export trailing empty rows
            width = len(cells)
            yield SignerRow(
                record,
                join_names(
                    {column: cells[index].strip() for index, column in known if index < width}
                ),
            )

    @property
    def unknown_columns(self) -> list[str]:
        """The columns letterkit does not read, named in a warning."""
        return list(self.unknown)

    def _columns(self, header: list[str]) -> list[str | None]:
        """Header cells matched to known columns (see :mod:`.headers`); None for others."""
        if len(header) > MAX_COLUMNS:
            raise self._error(
                f"the header has {len(header):,} columns; a signers sheet has at most "
                f"{MAX_COLUMNS:,}",
                1,
            )
        try:
            match = match_header(header, COLUMNS, self.given)
        except HeaderError as error:
            hint = Hint.COLUMN if error.which else None
            raise SheetError(Problem(self.name, str(error), line=1, hint=hint)) from None
        read = set(filter(None, match.columns))
        named = read | ({"name"} if read & {FIRST, LAST} else set())
        missing = next((column for column in REQUIRED_COLUMNS if column not in named), "")
        if missing:
            found = ", ".join(cell.strip() for cell in header if cell.strip()) or "none"
            raise SheetError(
                Problem(
                    self.name,
                    f"missing column `{missing}`; the header has: {found} (letterkit "
                    f"reads {', '.join(_OWN_COLUMNS)}, and {RECIPIENT}name and the like for a "
                    "recipient each signer supplies)",
                    line=1,
                    hint=Hint.COLUMN,
                )
            )
        self.unknown = dict.fromkeys(match.unknown)
        self.read_as = match.read_as
        self.columns = read
        return match.columns

    def _json_rows(self, text: io.TextIOWrapper) -> Iterator[SignerRow]:
        items = json_array_items(text)
        try:
            first = next(items)
        except StopIteration:
            return
        except ValueError as error:
            whole = str(error).startswith("a JSON signers file")  # not about one signer
            raise self._error(str(error), None if whole else 1) from None
        yield self._row_from_json(1, first)
        index = 1
        while True:
            try:
                item = next(items)
            except StopIteration:
                return
            except ValueError as error:
                raise self._error(str(error), index + 1) from None
            index += 1
            yield self._row_from_json(index, item)

    def _jsonl_rows(self, text: io.TextIOWrapper) -> Iterator[SignerRow]:
        for line_number, line in enumerate(text, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as error:
                yield SignerRow(line_number, {}, f"not valid JSON: {error.msg}")
                continue
            except (ValueError, RecursionError) as error:
                yield SignerRow(line_number, {}, json_trouble(error))
                continue
            yield self._row_from_json(line_number, item)

    def _row_from_json(self, row: int, item: Any) -> SignerRow:
        if not isinstance(item, dict):
            return SignerRow(row, {}, "a signer is a JSON object of column names to text")
        if len(item) > MAX_COLUMNS:
            return SignerRow(
                row, {}, f"has {len(item):,} fields; a signer has at most {MAX_COLUMNS:,}"
            )
        fields: dict[str, str] = {}
        exact: set[str] = set()
        for key, value in item.items():
            column = column_of(str(key), COLUMNS, self.given)
            if column is None:
                if len(self.unknown) < MAX_COLUMNS:
                    self.unknown.setdefault(header_key(str(key)))
                continue
            named = column == header_key(str(key)) or header_key(str(key)) in self.given
            if not named:
                if column in exact or column in fields:
                    continue  # a key named as the column, or read first, wins (as in a CSV)
                self.read_as.setdefault(str(key), column)
            if value is None:
                continue
            if isinstance(value, list) and column == "asks":
                value = " ".join(str(one) for one in value)
            if (
                isinstance(value, bool)
                or not isinstance(value, str | int | float)
                or (isinstance(value, float) and not math.isfinite(value))
            ):
                return SignerRow(row, {}, "must be text", column)
            fields[column] = str(value).strip()
            if named:
                exact.add(column)
        return SignerRow(row, join_names(fields))


def open_signers(
    name: str, shown_as: str | None = None, columns: dict[str, str] | None = None
) -> SignersSheet:
    """Open the sheet at *name* (``-`` for standard input) and work out its format.

    *shown_as* is the name problems are reported under, if not *name*; *columns*
    maps header cells (as :func:`.headers.header_key` has them) to columns.
    """
    shown = shown_as or name
    try:
        if name == "-":
            if sys.stdin is None:
                raise SheetError(Problem(shown, "standard input is closed"))
            stream: IO[bytes] = sys.stdin.buffer
        elif os.path.isdir(name):
            raise SheetError(Problem(shown, "is a folder, not a signers sheet"))
        else:
            stream = open(name, "rb")  # noqa: SIM115 - the sheet owns it and closes it
    except FileNotFoundError:
        raise SheetError(Problem(shown, "no such file")) from None
    except OSError as error:
        raise SheetError(Problem(shown, f"cannot be read: {error.strerror}")) from None
    head = stream.read(_CHUNK)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SheetError(
            Problem(shown, "is UTF-16 text (Excel's Unicode Text); save it as CSV UTF-8")
        )
    if b"\x00" in head:
        raise SheetError(Problem(shown, "is a binary file, not a CSV or JSON signers sheet"))
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    lower = name.lower()
    if lower.endswith(".json"):
        kind = "json"
    elif lower.endswith((".jsonl", ".ndjson")):
        kind = "jsonl"
    else:
        kind = {b"[": "json", b"{": "jsonl"}.get(start, "csv")
        if (
            kind == "jsonl"
            and head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0].strip() == b"{"
        ):
            kind = "json"  # a pretty-printed object, not JSON Lines: say it is not an array
    if not start:
        raise SheetError(Problem(shown, "is empty; expected a header row or JSON"))
    rest: IO[bytes] | None = stream
    if len(head) < _CHUNK:  # the stream ended: a terminal's end (Ctrl-D) is not kept, so
        rest = None  # asked again, it would wait for the writer to press Ctrl-D once more
        if stream is not sys.stdin.buffer:
            stream.close()
    buffered = io.BufferedReader(_Prefixed(head, rest))
    try:
        return SignersSheet(shown, buffered, format=kind, given=columns or {})
    except SheetError:
        buffered.close()
        raise
    except csv.Error as error:
        buffered.close()
        raise SheetError(Problem(shown, f"cannot be read as CSV: {error}", line=1)) from None


def _delimiter(header_line: str) -> str:
    """The delimiter, from the header alone: guessing from data fails on ordinary prose."""
    counts = {delimiter: header_line.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


class _Prefixed(io.RawIOBase):
    """A byte stream that first gives back what was read to look at it; then *rest*, if any."""

    def __init__(self, head: bytes, rest: IO[bytes] | None) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        if self._head:
            count = min(len(target), len(self._head))
            target[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        if self._rest is None:
            return 0
        data = self._rest.read(len(target))
        target[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if self._rest is not None and self._rest is not sys.stdin.buffer:
            self._rest.close()
        super().close()
