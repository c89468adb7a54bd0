"""The cases a user adds: checked, copied into their own case folder, and remembered where from.

A group shares its cases as files, folders, ``.zip`` archives or web addresses;
each is hostile until checked. Every case is validated before any is copied,
and none is copied if one is bad, so an add either happens whole or not at all.
A case that brings its own templates carries code (sandboxed, but code): it is
refused before its templates are read, unless the user trusts it. Where each
case came from is kept beside it (:data:`ORIGINS`), for ``show``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from letterkit.case_sources import AddError, StagedCase, staged_cases
from letterkit.case_yaml import parse_yaml, read_text
from letterkit.cases import case_inputs, read_case
from letterkit.errors import (
    CaseFileError,
    Hint,
    LetterkitError,
    OutputExistsError,
    Problem,
    Severity,
)
from letterkit.folders import CASE_SUFFIXES, added_cases_folder
from letterkit.output import write_atomic

ORIGINS = "origins.json"
"""Where each added case came from, in the user's case folder."""
_CASE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


class UntrustedCaseError(LetterkitError):
    """A case brings its own templates, and the user has not said they trust it."""

    hint = Hint.TRUST


class Outcome(StrEnum):
    """What adding did to one case."""

    ADDED = "added"
    REPLACED = "replaced"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Added:
    """One case added: its id, where it now is, and what adding did."""

    id: str
    path: Path
    outcome: Outcome
    warnings: int
    """Advice for the case's author (see ``validate``): the case is usable."""


@dataclass(frozen=True)
class Origin:
    """Where an added case came from, when, and the digest of the file as it came."""

    source: str
    added: str
    sha256: str
    trusted: bool = False

    def edited(self, path: Path) -> bool:
        """Whether the case file at *path* has changed since it was added."""
        try:
            return _digest(path.read_bytes()) != self.sha256
        except OSError:
            return False


def add_cases(
    source: str, *, trust: bool = False, force: bool = False, folder: Path | None = None
) -> list[Added]:
    """Check every case in *source* (a file, folder, ``.zip`` or URL) and copy them into *folder*.

    *folder* is the user's own case folder unless given. Raises :class:`CaseFileError`
    with every problem of every bad case, :class:`UntrustedCaseError` for templates
    without *trust*, and :class:`OutputExistsError` for a different case of the same
    id there already, without *force*; in each case nothing is copied.
    """
    folder = folder or added_cases_folder()
    with staged_cases(source) as staged:
        checked = _checked(staged, trust=trust)
        plans = [_plan(one, folder, force=force) for one in checked]
        folder.mkdir(parents=True, exist_ok=True)
        origins = read_origins(folder)
        now = dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds")
        added = []
        for one, (target, outcome) in zip(checked, plans, strict=True):
            if outcome is not Outcome.UNCHANGED:
                _copy(one, target, folder)
                origins[one.id] = Origin(
                    source=one.staged.origin,
                    added=now,
                    sha256=_digest(one.staged.path.read_bytes()),
                    trusted=one.bundle,
                )
            added.append(Added(one.id, target, outcome, one.warnings))
        _write_origins(folder, origins)
    return added


def remove_case(case_id: str, folder: Path | None = None) -> Path:
    """Take the case *case_id* out of the user's case folder; return where it was."""
    folder = folder or added_cases_folder()
    if not _CASE_ID.fullmatch(case_id):
        raise AddError(f"{case_id}: not a case id (letters, digits, `.`, `-` and `_`)")
    found = _existing(folder, case_id)
    if found is None:
        raise AddError(f"{case_id}: no case of this id was added")
    _remove(found)
    origins = read_origins(folder)
    if origins.pop(case_id, None) is not None:
        _write_origins(folder, origins)
    return found


def origin_of(path: Path) -> Origin | None:
    """Where the case file at *path* came from, if it was added."""
    folder = path.parent.parent if path.parent.name == path.stem else path.parent
    return read_origins(folder).get(path.stem)


def read_origins(folder: Path) -> dict[str, Origin]:
    """The origins recorded in *folder*; none where the record is missing or unreadable."""
    try:
        recorded = json.loads((folder / ORIGINS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    origins = {}
    for case_id, entry in recorded.items() if isinstance(recorded, dict) else ():
        try:
            origins[str(case_id)] = Origin(
                source=str(entry["source"]),
                added=str(entry["added"]),
                sha256=str(entry["sha256"]),
                trusted=entry.get("trusted") is True,
            )
        except (TypeError, KeyError, AttributeError):
            continue  # one entry hand-edited wrong: the others stand
    return origins


def _write_origins(folder: Path, origins: dict[str, Origin]) -> None:
    record = {case_id: dataclasses.asdict(origins[case_id]) for case_id in sorted(origins)}
    write_atomic(folder / ORIGINS, json.dumps(record, indent=2) + "\n", force=True)


# Checking and copying


@dataclass(frozen=True)
class _Checked:
    """A valid case, with every file it is read from (the case file first)."""

    staged: StagedCase
    files: list[Path]
    warnings: int

    @property
    def bundle(self) -> bool:
        """It brings templates: it is copied into a folder of its own, with them."""
        return len(self.files) > 1

    @property
    def id(self) -> str:
        return self.staged.path.stem


def _checked(staged: list[StagedCase], *, trust: bool) -> list[_Checked]:
    """Every staged case, valid; or every problem of every case, and nothing copied."""
    problems: list[Problem] = []
    untrusted: list[str] = []
    checked = []
    ids: dict[str, str] = {}
    for one in staged:
        if one.path.suffix not in CASE_SUFFIXES:
            problems.append(Problem(one.shown, "a case file's name ends in .yaml or .yml"))
            continue
        if not _CASE_ID.fullmatch(one.path.stem):
            problems.append(
                Problem(
                    one.shown, "a case's file name is its id: use letters, digits, `.`, `-` and `_`"
                )
            )
            continue
        if one.path.stem in ids:
            problems.append(
                Problem(
                    one.shown,
                    f"a second case with the id {one.path.stem} (the first: {ids[one.path.stem]})",
                )
            )
            continue
        ids[one.path.stem] = one.shown
        try:
            data, _ = parse_yaml(str(one.path), read_text(str(one.path)))
            if isinstance(data, dict) and data.get("templates") and not trust:
                untrusted.append(one.shown)
                continue
            case, advice = read_case(one.path)
        except CaseFileError as error:
            problems += [_named(problem, one) for problem in error.problems]
            continue
        files = [path for _, path in case_inputs(case) if path is not None]
        warnings = sum(problem.severity is Severity.WARNING for problem in advice)
        checked.append(_Checked(one, files, warnings))
    if problems:
        raise CaseFileError(problems)
    if untrusted:
        raise UntrustedCaseError(
            f"{', '.join(untrusted)}: brings its own templates, which run as code when a "
            "letter is made; nothing was added"
        )
    return checked


def _named(problem: Problem, staged: StagedCase) -> Problem:
    """*problem* in the file as the user knows it, not the temporary copy."""
    if problem.file == str(staged.path):
        return dataclasses.replace(problem, file=staged.shown)
    return problem


def _plan(one: _Checked, folder: Path, *, force: bool) -> tuple[Path, Outcome]:
    """Where *one* goes in *folder*, and whether it replaces a case there."""
    name = one.staged.path.name
    target = folder / one.id / name if one.bundle else folder / name
    existing = _existing(folder, one.id)
    if existing is None:
        return target, Outcome.ADDED
    if _same(existing, one):
        return existing, Outcome.UNCHANGED
    if not force:
        raise OutputExistsError(str(existing))
    return target, Outcome.REPLACED


def _existing(folder: Path, case_id: str) -> Path | None:
    """The case *case_id* in *folder*, as a file or a folder of its own."""
    for suffix in CASE_SUFFIXES:
        if (folder / f"{case_id}{suffix}").is_file():
            return folder / f"{case_id}{suffix}"
    if (folder / case_id).is_dir():
        return folder / case_id
    return None


def _same(existing: Path, one: _Checked) -> bool:
    """Whether *existing* holds what adding *one* would copy, byte for byte."""
    if existing.is_dir() != one.bundle:
        return False
    if not one.bundle:
        return existing.read_bytes() == one.staged.path.read_bytes()
    source = one.staged.path.parent
    return all(
        (existing / path.relative_to(source)).is_file()
        and (existing / path.relative_to(source)).read_bytes() == path.read_bytes()
        for path in one.files
    ) and len([p for p in existing.rglob("*") if p.is_file()]) == len(one.files)


def _copy(one: _Checked, target: Path, folder: Path) -> None:
    """Copy *one* into place in one step: a file, or its folder with its templates."""
    existing = _existing(folder, one.id)
    if target.parent == folder:
        write_atomic(target, one.staged.path.read_bytes(), force=True)
        if existing is not None and existing != target:
            _remove(existing)
        return
    source = one.staged.path.parent
    building = Path(tempfile.mkdtemp(prefix=f".{one.id}-", dir=folder))
    try:
        for path in one.files:
            inside = building / path.relative_to(source)
            inside.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, inside)
        if existing is not None:
            _remove(existing)
        os.replace(building, target.parent)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink()


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
