"""Finding, reading and validating case files, with errors that point at file, line and column.

A case file is read as YAML (see :mod:`letterkit.case_yaml`), validated by
:class:`letterkit.models.Case`, then checked across its fields (see
:mod:`letterkit.checks`). Every problem is a :class:`letterkit.errors.Problem`
carrying the line and column of the YAML node at fault, so ``letterkit
validate`` reads like a compiler.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from yaml.nodes import Node

from letterkit.case_cache import cached_case, keep_case
from letterkit.case_yaml import (
    field_path,
    node_at,
    parse_yaml,
    problem_at,
    problem_from_pydantic,
    read_text,
)
from letterkit.checks import check_case
from letterkit.errors import CaseFileError, Problem, Severity
from letterkit.folders import (  # re-exported: where cases are found
    BUNDLED_CASES,
    CASE_SUFFIXES,
    CASES_ENV,
    FoundCase,
    case_dirs,
    find_case,
    list_cases,
)
from letterkit.models import Case, seen_on


def load_case(path: str | os.PathLike[str]) -> Case:
    """Read and validate the case file at *path*; raise :class:`CaseFileError` if it is bad."""
    return read_case(path, advice=False)[0]


def read_case(path: str | os.PathLike[str], *, advice: bool = True) -> tuple[Case, list[Problem]]:
    """The valid case at *path* and, with *advice*, the warnings for its author.

    Raises :class:`CaseFileError` if the case has errors.
    """
    name = os.fspath(path)
    text = read_text(name)
    if not advice:
        cached = cached_case(name, text)
        if cached is not None:
            return seen_on(cached, name), []
    data, root = parse_yaml(name, text)
    try:
        case = Case.model_validate(data)
    except ValidationError as error:
        details = error.errors()
        problems = [problem_from_pydantic(name, root, detail) for detail in details]
        # The checks across fields, on what is left once the wrong values are taken out:
        # an author learns of a missing concern with the misspelt date, not after it.
        rest, removed = _without([tuple(detail["loc"]) for detail in details], data)
        if rest is not None:
            problems += [
                one
                for one in _findings(name, root, rest, advice=False, removed=removed)
                if one.severity is Severity.ERROR
            ]
        raise CaseFileError(sorted(problems, key=_in_line_order)) from None
    case = seen_on(case, name)
    problems = _findings(name, root, case, advice=advice)
    errors = [one for one in problems if one.severity is Severity.ERROR]
    if errors:
        raise CaseFileError(errors)
    if case.templates:
        _check_templates(name, root, case)
    keep_case(name, text, case)
    return case, problems


def _findings(
    name: str, root: Node, case: Case, *, advice: bool, removed: frozenset[str] | None = None
) -> list[Problem]:
    """The checks across *case*'s fields, as problems at their nodes, in line order."""
    problems = [
        problem_at(
            name,
            node_at(root, finding.location, key=False).start_mark,
            finding.message,
            field_path(finding.location),
            finding.severity,
        )
        for finding in check_case(case, advice=advice, removed=removed)
    ]
    return sorted(problems, key=_in_line_order)


def _without(
    locations: list[tuple[int | str, ...]], data: object
) -> tuple[Case | None, frozenset[str]]:
    """The case *data* makes with the values at *locations* taken out, if it is one then.

    Also the case's own keys that lost a value.
    Taking out a value may leave its mapping wrong (a `choose` without its `min`):
    that is taken out in turn, a few times at most.
    """
    import copy

    rest = copy.deepcopy(data)
    removed: set[str] = set()
    for _ in range(4):
        _take_out(locations, rest)
        removed.update(str(one[0]) for one in locations if one)
        try:
            return Case.model_validate(rest), frozenset(removed)
        except ValidationError as error:
            # A value missing once another was taken out: take out what held it.
            locations = [
                tuple(detail["loc"])[:-1] if detail["type"] == "missing" else tuple(detail["loc"])
                for detail in error.errors()
            ]
            locations = [one for one in locations if one]
    return None, frozenset(removed)


def _take_out(locations: list[tuple[int | str, ...]], rest: object) -> None:
    """Take out of *rest* the deepest value each location reaches.

    That is a whole `deadline` where the case wrote one as text that the model
    reads as a mapping.
    """
    # Last first, so that taking out an item leaves the places of those before it.
    order = sorted(
        locations, key=lambda one: [(0, p) if isinstance(p, int) else (1, p) for p in one]
    )
    for location in reversed(order):
        holder: Any = None
        key: int | str = ""
        node: Any = rest
        for part in location:
            reachable = (isinstance(node, dict) and part in node) or (
                isinstance(node, list) and isinstance(part, int) and part < len(node)
            )
            if not reachable:
                break
            holder, key, node = node, part, node[part]
        if isinstance(holder, dict):
            holder.pop(key, None)
        elif isinstance(holder, list) and isinstance(key, int):
            del holder[key]


def _in_line_order(problem: Problem) -> tuple[int, int]:
    return (problem.line or 0, problem.column or 0)


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
        problem_at(
            name,
            node_at(root, ("templates", channel.value), key=False).start_mark,
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


__all__ = [
    "BUNDLED_CASES",
    "CASES_ENV",
    "CASE_SUFFIXES",
    "FoundCase",
    "case_dirs",
    "case_inputs",
    "check_case_file",
    "find_case",
    "list_cases",
    "load_case",
    "read_case",
]
