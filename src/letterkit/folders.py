"""Where case files are found: the folders searched, first match first, and the cases in them.

Only paths here, nothing read but a file's first bytes: :mod:`letterkit.cases`
reads and validates what is found.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from letterkit.errors import CaseNotFoundError, UnknownCaseError

CASE_SUFFIXES = (".yaml", ".yml")
BUNDLED_CASES = Path(__file__).parent / "cases"
CASES_ENV = "LETTERKIT_CASES"
HOME_ENV = "LETTERKIT_HOME"


class FolderKind(StrEnum):
    """What a folder searched for cases is, first match first."""

    GIVEN = "given"
    """Named by the user for this run."""
    CURRENT = "current"
    """The current folder: a case file made or saved here."""
    ENVIRONMENT = "environment"
    """Named in ``$LETTERKIT_CASES``."""
    ADDED = "added"
    """The user's own case folder, where added cases are copied."""
    BUNDLED = "bundled"
    """The cases letterkit ships."""


@dataclass(frozen=True)
class CaseFolder:
    """A folder searched for case files, and why it is searched."""

    path: Path
    kind: FolderKind


CURRENT_FOLDER = Path()
"""The current folder, as cases found in it are named: `ua-9-26.yaml`, not a long path."""


def case_folders(extra: Sequence[str | os.PathLike[str]] = ()) -> list[CaseFolder]:
    """Where cases are looked for, first match wins, each folder once.

    *extra*, the current folder, ``$LETTERKIT_CASES``, the user's own case folder
    (see :func:`added_cases_folder`), then the bundled cases.
    """
    from_env = [part for part in os.environ.get(CASES_ENV, "").split(os.pathsep) if part]
    folders = [
        *(CaseFolder(Path(one), FolderKind.GIVEN) for one in extra),
        CaseFolder(CURRENT_FOLDER, FolderKind.CURRENT),
        *(CaseFolder(Path(one), FolderKind.ENVIRONMENT) for one in from_env),
        CaseFolder(added_cases_folder(), FolderKind.ADDED),
        CaseFolder(BUNDLED_CASES, FolderKind.BUNDLED),
    ]
    seen: set[Path] = set()
    unique = []
    for folder in folders:
        try:
            same = folder.path.resolve()
        except OSError:
            same = folder.path
        if same not in seen:
            seen.add(same)
            unique.append(folder)
    return unique


def case_dirs(extra: Sequence[str | os.PathLike[str]] = ()) -> list[Path]:
    """The folders of :func:`case_folders`, in order."""
    return [folder.path for folder in case_folders(extra)]


def data_folder() -> Path:
    """``$LETTERKIT_HOME``, else letterkit's folder in the user's data folder."""
    if os.environ.get(HOME_ENV):
        return Path(os.environ[HOME_ENV])
    from platformdirs import user_data_path

    return user_data_path("letterkit", appauthor=False)


def cache_folder() -> Path:
    """``$LETTERKIT_HOME/cache``, else letterkit's folder in the user's cache folder."""
    if os.environ.get(HOME_ENV):
        return Path(os.environ[HOME_ENV]) / "cache"
    from platformdirs import user_cache_path

    return user_cache_path("letterkit", appauthor=False)


def added_cases_folder() -> Path:
    """The user's own case folder, where added cases are copied."""
    return data_folder() / "cases"


def find_case(name: str, dirs: Iterable[Path]) -> Path:
    """The file for a case id (``ua-2-19-russia``) or a path to a case file."""
    given = Path(name)
    if given.suffix in CASE_SUFFIXES or os.sep in name or "/" in name:
        if given.exists():
            return given
        raise CaseNotFoundError(f"{name}: no such case file")
    dirs = list(dirs)
    for directory in dirs:
        for candidate in _case_files_named(directory, name):
            if candidate.is_file() and (directory != CURRENT_FOLDER or looks_like_case(candidate)):
                return candidate
    known = sorted({found.id for found in list_cases(dirs)})
    hint = f"; known cases: {', '.join(known)}" if known else ""
    raise UnknownCaseError(f"{name}: no case with this id{hint}")


def _case_files_named(directory: Path, name: str) -> Iterator[Path]:
    """Where the case *name* is in *directory*: a file, or a folder of its own (with templates)."""
    for suffix in CASE_SUFFIXES:
        yield directory / f"{name}{suffix}"
    for suffix in CASE_SUFFIXES:
        yield directory / name / f"{name}{suffix}"


@dataclass(frozen=True)
class FoundCase:
    """A case file found in a cases folder, before it is read."""

    id: str
    path: Path
    folder: Path
    """The folder searched that holds it (the case may be in a folder of its own there)."""


def list_cases(
    dirs: Iterable[Path], *, hidden: list[FoundCase] | None = None
) -> Iterator[FoundCase]:
    """The case files in *dirs*, by id; a case in an earlier folder hides one of the same id.

    A case is a YAML file in a folder, or a folder holding a YAML file of its own
    name (a case with its templates). In the current folder only files that look
    like cases count: a project's own YAML files are not cases. The cases hidden
    are added to *hidden*, where given.
    """
    seen: set[str] = set()
    for directory in dirs:
        try:
            entries = sorted(directory.iterdir())
        except OSError:
            continue
        for entry in entries:
            found = _case_at(entry, directory)
            if found is None:
                continue
            if found.id in seen:
                if hidden is not None:
                    hidden.append(found)
                continue
            seen.add(found.id)
            yield found


def _case_at(entry: Path, directory: Path) -> FoundCase | None:
    current = directory == CURRENT_FOLDER
    if entry.name.startswith("."):
        return None
    if entry.suffix in CASE_SUFFIXES:
        if entry.is_file() and (not current or looks_like_case(entry)):
            return FoundCase(entry.stem, entry, directory)
        return None
    if current or not entry.is_dir():
        return None
    for suffix in CASE_SUFFIXES:
        inside = entry / f"{entry.name}{suffix}"
        if inside.is_file():
            return FoundCase(entry.name, inside, directory)
    return None


_CASE_KEY = re.compile(rb"^title\s*:", re.MULTILINE)


def looks_like_case(path: Path) -> bool:
    """Whether a YAML file names a title at its top level, as every case does.

    Read from its first 64 KB, without parsing: listing a folder stays fast.
    """
    try:
        with path.open("rb") as file:
            return _CASE_KEY.search(file.read(64 * 1024)) is not None
    except OSError:
        return False
