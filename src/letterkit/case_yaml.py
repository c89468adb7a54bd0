"""Case files as YAML: read safely, checked before anything is built, each node placed.

A case file is read with PyYAML's safe loader (no Python objects can be built
from it), less YAML 1.1's surprises, checked for size, encoding, anchors, merge
keys, repeated keys and overlong numbers before anything is constructed. Every
problem is a :class:`letterkit.errors.Problem` at the line and column of the
node at fault, which :func:`node_at` finds for a field's path.
"""

from __future__ import annotations

import dataclasses
import os
import re
import stat
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from letterkit.errors import CaseFileError, Hint, Problem, Severity
from letterkit.text import did_you_mean

MAX_CASE_BYTES = 1_000_000
"""A real case is a few kilobytes; anything past a megabyte is a mistake or an attack."""

MAX_NUMBER_LENGTH = 30
"""Characters of a number in a case file: a count, a year; nothing near this long."""
_NUMBERS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})

_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_INT = re.compile(r"[-+]?(?:0b[0-1_]+|0[0-7_]+|0|[1-9][0-9_]*|0x[0-9a-fA-F_]+)")
_FLOAT = re.compile(
    r"[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)"
    r"|\.(?:nan|NaN|NAN)"
)
"""YAML 1.1's numbers less its base 60, which made `time: 12:00` the number 720."""


def _case_resolver(tag: str, regexp: re.Pattern[str]) -> re.Pattern[str]:
    if tag == "tag:yaml.org,2002:int":
        return re.compile(f"^(?:{_INT.pattern})$")
    if tag == "tag:yaml.org,2002:float":
        return re.compile(f"^(?:{_FLOAT.pattern})$")
    return regexp


class _CaseLoader(_SafeLoader):  # type: ignore[misc,valid-type]
    """The safe loader, less YAML 1.1's surprises.

    Dates and times stay text for pydantic to check, numbers are never base 60
    (``12:00`` is a time), and only ``true`` and ``false`` are booleans (so
    ``country: NO`` stays Norway).
    """

    yaml_implicit_resolvers = {  # noqa: RUF012 - PyYAML's own class attribute
        first: [
            (tag, _case_resolver(tag, regexp))
            for tag, regexp in resolvers
            if tag != "tag:yaml.org,2002:timestamp"
            and not (tag == "tag:yaml.org,2002:bool" and first not in "tTfF")
        ]
        for first, resolvers in _SafeLoader.yaml_implicit_resolvers.items()
    }


def read_text(name: str) -> str:
    """The file's text, refusing what cannot be a case before reading much of it."""
    try:
        info = os.stat(name)
        if stat.S_ISDIR(info.st_mode):
            raise CaseFileError([Problem(name, "is a folder, not a case file")])
        if not stat.S_ISREG(info.st_mode):
            raise CaseFileError([Problem(name, "is not a regular file")])
        if info.st_size > MAX_CASE_BYTES:
            raise CaseFileError(
                [
                    Problem(
                        name,
                        f"is {_size(info.st_size)}; a case file is at most {_size(MAX_CASE_BYTES)}",
                    )
                ]
            )
        with open(name, "rb") as file:
            raw = file.read(MAX_CASE_BYTES + 1)
    except FileNotFoundError:
        raise CaseFileError([Problem(name, "no such file")]) from None
    except OSError as error:
        raise CaseFileError([Problem(name, f"cannot be read: {error.strerror}")]) from None
    if len(raw) > MAX_CASE_BYTES:
        raise CaseFileError([Problem(name, f"is over {_size(MAX_CASE_BYTES)}")])
    if b"\x00" in raw:
        raise CaseFileError([Problem(name, "is a binary file, not YAML text")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise CaseFileError(
            [Problem(name, "is not UTF-8 text; save it as UTF-8", line=line, column=column)]
        ) from None
    return text


def _size(count: int) -> str:
    return f"{count / 1_000_000:.1f} MB" if count >= 100_000 else f"{count:,} bytes"


def parse_yaml(name: str, text: str, *, placeholders: bool = False) -> tuple[Any, Node]:
    """Compose the YAML node tree, check it, then build plain data from it.

    A `FILL IN:` placeholder is an error unless *placeholders* (a draft being filled in).
    """
    loader = _CaseLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise CaseFileError([Problem(name, "is empty; a case file is a YAML mapping")])
        _check_tree(name, root)
        if not placeholders:
            _refuse_placeholders(name, root)
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = " ".join(part for part in (error.context, error.problem) if part)
        if any(character in text for character in "\x85\u2028\u2029"):
            message += (
                " (the file holds U+0085, U+2028 or U+2029, which YAML reads as a line "
                "break: remove it, or put the text in quotes)"
            )
        raise CaseFileError(
            [problem_at(name, mark, f"invalid YAML: {message or 'cannot be parsed'}")]
        ) from None
    except yaml.reader.ReaderError as error:
        # A character YAML does not read (a control character): at its line and column.
        before = text[: error.position]
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        character = f"U+{error.character:04X}" if isinstance(error.character, int) else "a byte"
        raise CaseFileError(
            [
                Problem(
                    name,
                    f"holds the control character {character}, which a case file may not "
                    "hold; remove it",
                    line=line,
                    column=column,
                )
            ]
        ) from None
    except yaml.YAMLError as error:
        raise CaseFileError([Problem(name, f"invalid YAML: {error}")]) from None
    except RecursionError:
        raise CaseFileError([Problem(name, "is nested too deeply to be a case file")]) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise CaseFileError(
            [problem_at(name, root.start_mark, "a case file is a YAML mapping of keys to values")]
        )
    return data, root


PLACEHOLDER = "FILL IN:"
"""How a drafted case marks a value still to be written (`letterkit import` leaves them)."""


def _refuse_placeholders(name: str, root: Node) -> None:
    """Each value a draft left to fill in, as an error at its place: the draft is not a case yet."""
    problems = []
    pending = [root]
    while pending:
        node = pending.pop()
        if isinstance(node, ScalarNode):
            if isinstance(node.value, str) and node.value.startswith(PLACEHOLDER):
                what = node.value[len(PLACEHOLDER) :].strip()
                problems.append(problem_at(name, node.start_mark, f"still to fill in: {what}"))
        elif isinstance(node, MappingNode):
            pending.extend(value for _, value in node.value)
        elif isinstance(node, SequenceNode):
            pending.extend(node.value)
    if problems:
        problems.sort(key=lambda problem: (problem.line or 0, problem.column or 0))
        raise CaseFileError(problems)


def _check_tree(name: str, root: Node) -> None:
    """Refuse anchors (an alias bomb expands exponentially), repeated keys and merge keys."""
    seen: set[int] = set()
    pending = [root]
    while pending:
        node = pending.pop()
        if id(node) in seen:
            raise CaseFileError(
                [
                    problem_at(
                        name,
                        node.start_mark,
                        "YAML anchors and aliases (& and *) are not allowed in case files",
                    )
                ]
            )
        seen.add(id(node))
        if isinstance(node, MappingNode):
            keys: set[str] = set()
            for key, value in node.value:
                if isinstance(key, ScalarNode):
                    if key.tag == "tag:yaml.org,2002:merge" or key.value == "<<":
                        # A merge key brings in keys unseen by the repeated-key check.
                        raise CaseFileError(
                            [
                                problem_at(
                                    name,
                                    key.start_mark,
                                    "unknown key `<<`: YAML merge keys are not allowed in "
                                    "case files; write the keys out",
                                )
                            ]
                        )
                    if key.value in keys:
                        raise CaseFileError(
                            [
                                problem_at(
                                    name,
                                    key.start_mark,
                                    f"the key `{key.value}` appears twice in this mapping",
                                )
                            ]
                        )
                    keys.add(key.value)
                pending.extend((key, value))
        elif isinstance(node, SequenceNode):
            pending.extend(node.value)
        elif node.tag in _NUMBERS and len(node.value) > MAX_NUMBER_LENGTH:
            # Python refuses to read whole numbers of over 4,300 digits, and YAML's
            # base-60 numbers (1:2:3:...) take time that grows with their length.
            raise CaseFileError(
                [
                    problem_at(
                        name,
                        node.start_mark,
                        f"a number of {len(node.value):,} characters; a case's numbers are "
                        f"at most {MAX_NUMBER_LENGTH} long (quote it if it is text)",
                    )
                ]
            )


def problem_at(
    name: str,
    mark: Any,
    message: str,
    field: str | None = None,
    severity: Severity = Severity.ERROR,
) -> Problem:
    """A problem at a YAML mark (its line and column), or at the file where there is none."""
    if mark is None:
        return Problem(name, message, field=field, severity=severity)
    return Problem(
        name, message, line=mark.line + 1, column=mark.column + 1, field=field, severity=severity
    )


def problem_from_pydantic(name: str, root: Node, detail: Any) -> Problem:
    """A pydantic error as a problem at its node, in words an author can act on."""
    location: tuple[int | str, ...] = detail["loc"]
    node = node_at(root, location, key=detail["type"] == "extra_forbidden")
    message = str(detail["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    hint = None
    kind = detail["type"]
    if kind == "extra_forbidden":
        near = nearest_key(location)
        if near is not None:
            message = f"unknown key: did you mean `{near}`?"
        else:
            message, hint = "unknown key: check its spelling", Hint.SCHEMA
    elif kind == "missing":
        message = "is required but missing"
    elif kind == "enum":
        message = _not_one_of(detail)
    elif kind.startswith("date") and re.fullmatch(r"\d{4}-\d\d-\d\d", str(detail.get("input"))):
        message = (
            f"`{detail['input']}` is not a day of the calendar: a month from 01 to 12, and a "
            "day that month has"
        )
    else:
        message = _PLAIN.get(kind, message)
    problem = problem_at(name, node.start_mark, message, field=field_path(location) or "(case)")
    return dataclasses.replace(problem, hint=hint)


_PLAIN = {
    "date_from_datetime_parsing": "write dates as YYYY-MM-DD, e.g. 2019-09-27",
    "date_parsing": "write dates as YYYY-MM-DD, e.g. 2019-09-27",
    "date_type": "write dates as YYYY-MM-DD, e.g. 2019-09-27",
    "time_parsing": "write times as HH:MM, e.g. 12:00",
    "time_type": "write times as HH:MM, e.g. 12:00",
    "int_parsing": "write a whole number here, e.g. 2",
    "int_type": "write a whole number here, e.g. 2",
    "int_from_float": "write a whole number here, e.g. 2",
    "bool_parsing": "write true or false here",
    "bool_type": "write true or false here",
    "string_type": "write text here (in quotes if YAML reads it as something else)",
    "list_type": "write a list here: one `- item` a line, or [a, b]",
    "dict_type": "write keys and their values here, one `key: value` a line",
    "model_type": "write keys and their values here, one `key: value` a line",
    "model_attributes_type": "write keys and their values here, one `key: value` a line",
    "string_too_short": "is empty: write something, or leave the key out",
}
"""pydantic's error types, in words an author can act on (its own say "Input should be")."""


def _not_one_of(detail: Any) -> str:
    """An enum's error: what was given, what is taken, and the nearest if one is near."""
    expected = str(detail.get("ctx", {}).get("expected", ""))
    choices = re.findall(r"'([^']*)'", expected)
    given = str(detail.get("input", ""))
    taken = ", ".join(f"`{one}`" for one in choices)
    return f"`{given}` is not one of {taken}" + did_you_mean(given, choices)


def nearest_key(location: tuple[int | str, ...]) -> str | None:
    """The key the case format has nearest to a misspelt one at *location*, if one is near."""
    import difflib

    from letterkit.models import Case

    schema = Case.model_json_schema()
    here: dict[str, Any] = schema
    for part in location[:-1]:
        here = _resolved(schema, here)
        if isinstance(part, int):
            here = here.get("items", {})
        else:
            here = here.get("properties", {}).get(part) or here.get("additionalProperties", {})
    keys = list(_resolved(schema, here).get("properties", {}))
    near = difflib.get_close_matches(str(location[-1]), keys, n=1, cutoff=0.7)
    return near[0] if near else None


def _resolved(schema: dict[str, Any], here: dict[str, Any]) -> dict[str, Any]:
    """*here*, its `$ref` followed and, of `anyOf` choices, the one with keys or items."""
    for _ in range(8):
        if "$ref" in here:
            here = schema["$defs"][here["$ref"].rsplit("/", 1)[-1]]
        elif "anyOf" in here:
            choices = [one for one in here["anyOf"] if one.get("type") != "null"]
            here = next(
                (one for one in choices if "$ref" in one or "properties" in one or "items" in one),
                choices[0] if choices else {},
            )
        else:
            break
    return here


def node_at(root: Node, location: tuple[int | str, ...], *, key: bool) -> Node:
    """The deepest YAML node on the path *location*; the key node itself when *key*."""
    return resolve(root, location, key=key)[0]


def resolve(
    root: Node, location: tuple[int | str, ...], *, key: bool = False
) -> tuple[Node, tuple[int | str, ...]]:
    """The deepest YAML node on the path *location*, and the part of the path not reached.

    With *key*, the key node itself where the path ends at a mapping's key.
    """
    node = root
    for depth, part in enumerate(location):
        if isinstance(node, MappingNode):
            match = next((pair for pair in node.value if pair[0].value == str(part)), None)
            if match is None:
                return node, location[depth:]
            last = depth == len(location) - 1
            node = match[0] if key and last else match[1]
        elif isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            return node, location[depth:]
    return node, ()


def field_path(location: tuple[int | str, ...]) -> str:
    """A field's path as validate prints it: ``targets[0].twitter``."""
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else str(part)
    return path
