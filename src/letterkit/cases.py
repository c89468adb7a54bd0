"""Finding, reading and validating case files, with errors that point at file, line and column.

A case file is read with PyYAML's safe loader (no Python objects can be built from
it), checked for size, encoding, anchors and repeated keys before anything is
constructed, then validated by :class:`letterkit.models.Case`. Every problem is a
:class:`letterkit.errors.Problem` carrying the line and column of the YAML node at
fault, so ``letterkit validate`` reads like a compiler.
"""

from __future__ import annotations

import dataclasses
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from letterkit.checks import check_case
from letterkit.errors import (
    CaseFileError,
    CaseNotFoundError,
    Hint,
    Problem,
    Severity,
    UnknownCaseError,
)
from letterkit.models import Case, seen_on

MAX_CASE_BYTES = 1_000_000
"""A real case is a few kilobytes; anything past a megabyte is a mistake or an attack."""

MAX_NUMBER_LENGTH = 30
"""Characters of a number in a case file: a count, a year; nothing near this long."""
_NUMBERS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})

CASE_SUFFIXES = (".yaml", ".yml")
BUNDLED_CASES = Path(__file__).parent / "cases"
CASES_ENV = "LETTERKIT_CASES"

_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _CaseLoader(_SafeLoader):  # type: ignore[misc,valid-type]
    """The safe loader, less YAML 1.1's surprises.

    Dates stay text for pydantic to check, and only ``true`` and ``false`` are
    booleans (so ``country: NO`` stays Norway).
    """

    yaml_implicit_resolvers = {  # noqa: RUF012 - PyYAML's own class attribute
        first: [
            (tag, regexp)
            for tag, regexp in resolvers
            if tag != "tag:yaml.org,2002:timestamp"
            and not (tag == "tag:yaml.org,2002:bool" and first not in "tTfF")
        ]
        for first, resolvers in _SafeLoader.yaml_implicit_resolvers.items()
    }


def load_case(path: str | os.PathLike[str]) -> Case:
    """Read and validate the case file at *path*; raise :class:`CaseFileError` if it is bad."""
    return read_case(path, advice=False)[0]


def read_case(path: str | os.PathLike[str], *, advice: bool = True) -> tuple[Case, list[Problem]]:
    """The valid case at *path* and, with *advice*, the warnings for its author.

    Raises :class:`CaseFileError` if the case has errors.
    """
    name = os.fspath(path)
    data, root = _parse(name, _read_text(name))
    try:
        case = Case.model_validate(data)
    except ValidationError as error:
        raise CaseFileError(
            [_problem_from_pydantic(name, root, detail) for detail in error.errors()]
        ) from None
    case = seen_on(case, name)
    problems = [
        _problem_at(
            name,
            _node_at(root, finding.location, key=False).start_mark,
            finding.message,
            _field_path(finding.location),
            finding.severity,
        )
        for finding in check_case(case, advice=advice)
    ]
    errors = [one for one in problems if one.severity is Severity.ERROR]
    if errors:
        raise CaseFileError(errors)
    if case.templates:
        _check_templates(name, root, case)
    return case, problems


def _check_templates(name: str, root: Node, case: Case) -> None:
    """A case's own templates must exist, parse and render, so `validate` finds their faults.

    Each is rendered once for a sample writer: an author learns at once of a
    misspelt variable, a template past the sandbox's bounds, or a subject on two
    lines, rather than a writer at the last step.
    """
    # Jinja2 and the rendering only for the cases that bring templates.
    from letterkit.render import try_own_templates
    from letterkit.templates import check_own_template

    faults = {
        channel: fault
        for channel, template in case.templates.items()
        if (fault := check_own_template(name, template)) is not None
    }
    if not faults:
        faults = try_own_templates(case)
    problems = [
        _problem_at(
            name,
            _node_at(root, ("templates", channel.value), key=False).start_mark,
            fault,
            f"templates.{channel}",
        )
        for channel, fault in faults.items()
    ]
    if problems:
        raise CaseFileError(problems)


def case_inputs(case: Case) -> list[tuple[str, Path | None]]:
    """The files a case is read from: the case file and its templates, named.

    Its templates are those it names and those they include; if one includes a
    template named by a value, every file in the case's folder counts.
    """
    if case.path is None:
        return []
    folder = Path(case.path).parent
    inputs: list[tuple[str, Path | None]] = [("the case file", Path(case.path))]
    if not case.templates:
        return inputs
    from letterkit.templates import templates_read

    read = templates_read(case.path, case.templates.values())
    if read is None:
        read = {entry.name for entry in os.scandir(folder) if entry.is_file()}
    return [*inputs, *((f"the case's template {name}", folder / name) for name in sorted(read))]


def check_case_file(path: str | os.PathLike[str]) -> list[Problem]:
    """Every problem in the case file at *path*, errors and warnings; none: it is good."""
    try:
        return read_case(path)[1]
    except CaseFileError as error:
        return error.problems


def case_dirs(extra: Sequence[str | os.PathLike[str]] = ()) -> list[Path]:
    """Where cases are looked for, first match wins: *extra*, ``$LETTERKIT_CASES``, bundled."""
    from_env = [part for part in os.environ.get(CASES_ENV, "").split(os.pathsep) if part]
    return [*(Path(one) for one in extra), *(Path(one) for one in from_env), BUNDLED_CASES]


def find_case(name: str, dirs: Iterable[Path]) -> Path:
    """The file for a case id (``ua-2-19-russia``) or a path to a case file."""
    given = Path(name)
    if given.suffix in CASE_SUFFIXES or os.sep in name or "/" in name:
        if given.exists():
            return given
        raise CaseNotFoundError(f"{name}: no such case file")
    dirs = list(dirs)
    for directory in dirs:
        for suffix in CASE_SUFFIXES:
            candidate = directory / f"{name}{suffix}"
            if candidate.is_file():
                return candidate
    known = sorted({found.id for found in list_cases(dirs)})
    hint = f"; known cases: {', '.join(known)}" if known else ""
    raise UnknownCaseError(f"{name}: no case with this id{hint}")


@dataclass(frozen=True)
class FoundCase:
    """A case file found in a cases folder, before it is read."""

    id: str
    path: Path


def list_cases(dirs: Iterable[Path]) -> Iterator[FoundCase]:
    """The case files in *dirs*, by id; a case in an earlier folder hides one of the same id."""
    seen: set[str] = set()
    for directory in dirs:
        try:
            entries = sorted(directory.iterdir())
        except OSError:
            continue
        for entry in entries:
            if entry.suffix in CASE_SUFFIXES and entry.stem not in seen and entry.is_file():
                seen.add(entry.stem)
                yield FoundCase(entry.stem, entry)


def _read_text(name: str) -> str:
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


def _parse(name: str, text: str) -> tuple[Any, Node]:
    """Compose the YAML node tree, check it, then build plain data from it."""
    loader = _CaseLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise CaseFileError([Problem(name, "is empty; a case file is a YAML mapping")])
        _check_tree(name, root)
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
            [_problem_at(name, mark, f"invalid YAML: {message or 'cannot be parsed'}")]
        ) from None
    except yaml.YAMLError as error:
        raise CaseFileError([Problem(name, f"invalid YAML: {error}")]) from None
    except RecursionError:
        raise CaseFileError([Problem(name, "is nested too deeply to be a case file")]) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise CaseFileError(
            [_problem_at(name, root.start_mark, "a case file is a YAML mapping of keys to values")]
        )
    return data, root


def _check_tree(name: str, root: Node) -> None:
    """Refuse anchors (an alias bomb expands exponentially), repeated keys and merge keys."""
    seen: set[int] = set()
    pending = [root]
    while pending:
        node = pending.pop()
        if id(node) in seen:
            raise CaseFileError(
                [
                    _problem_at(
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
                                _problem_at(
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
                                _problem_at(
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
                    _problem_at(
                        name,
                        node.start_mark,
                        f"a number of {len(node.value):,} characters; a case's numbers are "
                        f"at most {MAX_NUMBER_LENGTH} long (quote it if it is text)",
                    )
                ]
            )


def _problem_at(
    name: str,
    mark: Any,
    message: str,
    field: str | None = None,
    severity: Severity = Severity.ERROR,
) -> Problem:
    if mark is None:
        return Problem(name, message, field=field, severity=severity)
    return Problem(
        name, message, line=mark.line + 1, column=mark.column + 1, field=field, severity=severity
    )


def _problem_from_pydantic(name: str, root: Node, detail: Any) -> Problem:
    location: tuple[int | str, ...] = detail["loc"]
    node = _node_at(root, location, key=detail["type"] == "extra_forbidden")
    message = str(detail["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    hint = None
    if detail["type"] == "extra_forbidden":
        message, hint = "unknown key: check its spelling", Hint.SCHEMA
    elif detail["type"] == "missing":
        message = "is required but missing"
    problem = _problem_at(name, node.start_mark, message, field=_field_path(location) or "(case)")
    return dataclasses.replace(problem, hint=hint)


def _node_at(root: Node, location: tuple[int | str, ...], *, key: bool) -> Node:
    """The deepest YAML node on the path *location*; the key node itself when *key*."""
    node = root
    for depth, part in enumerate(location):
        if isinstance(node, MappingNode):
            match = next((pair for pair in node.value if pair[0].value == str(part)), None)
            if match is None:
                return node
            last = depth == len(location) - 1
            node = match[0] if key and last else match[1]
        elif isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            return node
    return node


def _field_path(location: tuple[int | str, ...]) -> str:
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else str(part)
    return path
