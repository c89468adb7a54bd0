"""Writing a case by answering questions, and filling in a draft's blanks where they stand.

Each answer is checked as the case file will be: a field's answer by that field's
own type (:func:`check_field`), a draft's blank by validating the whole case with
the answer in its place (:func:`fill`). A draft is changed only where a value is
written, so its comments (the source line beside each value) stay.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from letterkit.case_yaml import (
    PLACEHOLDER,
    field_path,
    parse_yaml,
    problem_from_pydantic,
    resolve,
)
from letterkit.errors import CaseFileError, ChoiceError, Severity

Location = tuple[int | str, ...]

ONE_LINE_EACH = frozenset({"lines", "inside_address"})
"""Lists whose items are lines: one answer each, a comma being part of a line."""
_TYPED = re.compile(r"\d{1,4}|\d{4}-\d\d-\d\d")
"""Answers YAML may read as a number or a day: tried unquoted first, where one is wanted."""
_TYPED_KEYS = frozenset({"issued", "deadline", "before", "from", "until", "min", "max"})
PROSE_KEYS = frozenset({"summary", "concern", "background", "model_letter", "text"})
"""Keys whose text may run over a line, written as a block of wrapped lines."""


@dataclass(frozen=True)
class Blank:
    """A value a case still needs: a draft's placeholder, a wrong value, or a missing key."""

    location: Location
    what: str
    """What to write, or what is wrong with the value there now."""
    current: str | None = None
    """The value there now, where it is wrong rather than missing."""
    missing: bool = False
    """The key is not there at all: its answer adds it."""
    many: bool = False
    """An item of a list of strings: the answer may be several items."""
    whole: bool = False
    """The whole list of strings is written anew (where the list itself is wrong)."""

    @property
    def field(self) -> str:
        """The field's path as ``validate`` prints it: ``targets[0].fax``."""
        return field_path(self.location)

    @property
    def one_line_each(self) -> bool:
        """Each item is a line (an address), so one answer is one item."""
        if not self.many:
            return False
        list_key = self.location[-1] if self.whole else self.location[-2]
        return str(list_key) in ONE_LINE_EACH

    @property
    def judged_at(self) -> Location:
        """Where the case's errors are the answer's: the whole list, for a list's item."""
        return self.location[:-1] if self.many and not self.whole else self.location


def find_blanks(name: str, text: str) -> tuple[list[Blank], list[str]]:
    """What *text* still needs: its placeholders, else the values the case refuses.

    Also the problems no answer to one value can mend, as lines ``FIELD: MESSAGE``.
    """
    data, root = parse_yaml(name, text, placeholders=True)
    placeholders = [
        Blank(location, node.value[len(PLACEHOLDER) :].strip(), many=_in_string_list(parent))
        for location, node, parent in _scalars(root)
        if isinstance(node.value, str) and node.value.startswith(PLACEHOLDER)
    ]
    if placeholders:
        # The channels last: which a case can take depends on the contacts asked before.
        return sorted(placeholders, key=lambda one: one.location[0] == "channels"), []
    blanks: list[Blank] = []
    unplaced = []
    for location, message in _errors(name, root, data):
        node, rest = resolve(root, location)
        if not rest and isinstance(node, ScalarNode):
            blanks.append(Blank(location, message, current=node.value))
        elif not rest and _in_string_list(node, itself=True):
            values = ", ".join(str(one.value) for one in node.value)
            blanks.append(Blank(location, message, current=values, many=True, whole=True))
        elif len(rest) == 1 and isinstance(node, MappingNode) and not node.flow_style:
            blanks.append(Blank(location, message, missing=True))
        else:
            unplaced.append(f"{field_path(location) or '(case)'}: {message}")
    unique = {blank.location: blank for blank in blanks}
    return list(unique.values()), unplaced


def fill(name: str, text: str, blank: Blank, answers: Sequence[str]) -> str:
    """*text* with *answers* written at *blank*; a :class:`ChoiceError` saying why not.

    Each way of writing the answer is tried (a number or day, text in quotes, a list)
    until the case takes it there; the rest of the case is not judged here.
    """
    if not answers or not any(one.strip() for one in answers):
        raise ChoiceError(blank.field, "write something here")
    reason = ""
    for written in _renderings(blank, answers):
        candidate = _write(text, blank, written)
        try:
            data, root = parse_yaml(name, candidate, placeholders=True)
        except CaseFileError as error:
            reason = reason or error.problems[0].message
            continue
        here = [
            message
            for location, message in _errors(name, root, data)
            if location[: len(blank.judged_at)] == blank.judged_at
        ]
        if not here:
            return candidate
        if not reason or "write text here" in reason or "write a list here" in reason:
            reason = here[0]
    raise ChoiceError(blank.field, reason.rstrip("."))


def check_field(model: type[BaseModel], field: str, value: object) -> object:
    """*value* as *model*'s *field* takes it; a :class:`ChoiceError` in an author's words."""
    return check_type(model.model_fields[field].rebuild_annotation(), field, value)


def check_type(kind: Any, field: str, value: object) -> object:
    """*value* as the type *kind* (``Email``, ``Line``) takes it, or why not, as for *field*."""
    adapter: TypeAdapter[Any] = TypeAdapter(kind)
    try:
        return adapter.validate_python(value)
    except ValidationError as error:
        detail = error.errors()[0]
        detail = {**detail, "loc": (field, *detail["loc"])}
        message = problem_from_pydantic("answer", ScalarNode("", ""), detail).message
        raise ChoiceError(field, message.rstrip(".")) from None


def quoted(text: str) -> str:
    """*text* as a YAML scalar that reads back as that text: JSON's quoting."""
    return json.dumps(text, ensure_ascii=False)


def _renderings(blank: Blank, answers: Sequence[str]) -> list[str]:
    items = [one.strip() for one in answers if one.strip()]
    if blank.many:
        if not blank.one_line_each and len(items) == 1:
            items = [one.strip() for one in items[0].split(",") if one.strip()]
        listed = ", ".join(quoted(one) for one in items)
        return [f"[{listed}]" if blank.whole else listed]
    answer = " ".join(items)
    typed = _TYPED.fullmatch(answer) and str(blank.location[-1]) in _TYPED_KEYS
    ways = [answer] if typed else []
    ways.append(quoted(answer))
    parts = [one.strip() for one in answer.split(",") if one.strip()]
    ways.append("[" + ", ".join(quoted(one) for one in parts) + "]")
    return ways


def _write(text: str, blank: Blank, written: str) -> str:
    """*text* with *written* in place of the value at *blank*, or added as its key."""
    root = parse_yaml("", text, placeholders=True)[1]
    node, rest = resolve(root, blank.location)
    if blank.missing:
        indent = " " * node.start_mark.column
        at = node.end_mark.index
        if at and text[at - 1 : at] != "\n":
            written_line = f"\n{indent}{rest[0]}: {written}"
        else:
            written_line = f"{indent}{rest[0]}: {written}\n"
        return text[:at] + written_line + text[at:]
    start, end = node.start_mark.index, node.end_mark.index
    replaced = text[start:end]
    kept = replaced[len(replaced.rstrip("\n")) :]  # a block's line ends are the next key's
    return text[:start] + written + kept + text[end:]


def _errors(name: str, root: Node, data: Any) -> list[tuple[Location, str]]:
    """Every error of the case *data*, at its location: the model's, then across fields."""
    from letterkit.checks import check_case
    from letterkit.models import Case

    try:
        case = Case.model_validate(data)
    except ValidationError as error:
        return [
            (tuple(detail["loc"]), problem_from_pydantic(name, root, detail).message)
            for detail in error.errors()
        ]
    return [
        (tuple(finding.location), finding.message)
        for finding in check_case(case)  # the advice too: some of its findings are errors
        if finding.severity is Severity.ERROR
    ]


def _scalars(root: Node) -> list[tuple[Location, ScalarNode, Node | None]]:
    """Every scalar value in the tree, with its location and the node holding it, in order."""
    found: list[tuple[Location, ScalarNode, Node | None]] = []

    def walk(node: Node, location: Location, parent: Node | None) -> None:
        if isinstance(node, ScalarNode):
            found.append((location, node, parent))
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                walk(value, (*location, str(key.value)), node)
        elif isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, (*location, index), node)

    walk(root, (), None)
    return found


def _in_string_list(node: Node | None, *, itself: bool = False) -> bool:
    """Whether *node* is a list of strings written on one line, ``[a, b]``.

    Items of such a list can be given several at a time; *itself* allows a list
    written as items a line each, to be rewritten whole.
    """
    return (
        isinstance(node, SequenceNode)
        and (itself or bool(node.flow_style))
        and all(isinstance(one, ScalarNode) for one in node.value)
    )


WIDTH = 88
"""Where prose in a written case wraps."""


def case_text(data: dict[str, Any], header: Sequence[str] = ()) -> str:
    """*data* (plain values: text, numbers, days, lists, mappings) as a case file.

    Keys keep their order; text is quoted so that YAML reads it back as text
    (`no`, `2026`, `: ` stay words), and prose over a line is a block, wrapped.
    """
    lines = [f"# {line}" if line else "#" for line in header]
    if lines:
        lines.append("")
    _emit(data, "", lines)
    return "\n".join(lines) + "\n"


def _emit(data: dict[str, Any], indent: str, lines: list[str]) -> None:
    for key, value in data.items():
        if isinstance(value, dict) and value:
            lines.append(f"{indent}{key}:")
            _emit(value, indent + "  ", lines)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{indent}{key}:")
            for item in value:
                first, *rest = _block(item, indent + "    ")
                lines.append(f"{indent}  - {first.lstrip()}")
                lines.extend(rest)
        elif isinstance(value, list):
            lines.append(f"{indent}{key}: [{', '.join(_scalar(one) for one in value)}]")
        else:
            lines.extend(_key_value(indent, key, value))


def _block(data: dict[str, Any], indent: str) -> list[str]:
    lines: list[str] = []
    _emit(data, indent, lines)
    return lines


def _key_value(indent: str, key: str, value: object) -> list[str]:
    if (
        not isinstance(value, str)
        or key not in PROSE_KEYS
        or ("\n" not in value and len(value) <= WIDTH - len(indent) - len(key))
    ):
        return [f"{indent}{key}: {_scalar(value)}"]
    if not all(line.isprintable() for line in value.split("\n")) or value != value.strip():
        return [f"{indent}{key}: {_scalar(value)}"]
    import textwrap

    block = [f"{indent}{key}: |-"]
    for number, paragraph in enumerate(value.split("\n\n")):
        if number:
            block.append("")
        block.extend(
            f"{indent}  {line}"
            for line in textwrap.wrap(
                paragraph,
                WIDTH - len(indent) - 2,
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    return block


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return quoted(str(value))
