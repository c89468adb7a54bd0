"""``cases add`` and ``cases remove``, and where cases are found (``list --all``, ``show``).

Paths and sources are a user's or a stranger's text: printed inert, as everything
from a case is.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.text import Text

from letterkit.cases import find_case
from letterkit.cli.boundary import fail, say
from letterkit.cli.consoles import literal
from letterkit.cli.vocabulary import problem_line
from letterkit.errors import CaseFileError, ExitStatus, LetterkitError
from letterkit.folders import CURRENT_FOLDER, CaseFolder, FolderKind, FoundCase, case_folders
from letterkit.text import counted, inert

if TYPE_CHECKING:
    from letterkit.case_library import Added

FOLDER_WORDS = {
    FolderKind.GIVEN: "given with --cases-dir",
    FolderKind.CURRENT: "the current folder",
    FolderKind.ENVIRONMENT: "named in $LETTERKIT_CASES",
    FolderKind.ADDED: "your cases, added with `letterkit cases add`",
    FolderKind.BUNDLED: "bundled with letterkit",
}


def add(source: str, *, trust: bool, force: bool) -> None:
    """Add the cases in *source* to the user's case folder and say what became of each."""
    # Archives, downloads and copying only for `cases add`: `list` and `show` stay light.
    from letterkit.case_library import Outcome, add_cases

    try:
        added = add_cases(source, trust=trust, force=force)
    except CaseFileError as error:
        for problem in error.problems:
            fail(problem_line(problem))
        files = len({problem.file for problem in error.problems})
        fail(f"nothing was added: {counted(files, 'case file')} with errors")
        raise typer.Exit(ExitStatus.INVALID_DATA) from None
    for one in added:
        say(_added_line(one))
    for one in added:
        if (first := _found_first(one)) is not None:
            say(
                f"note: {one.id}: the case in {first} comes first; "
                f"`letterkit show {one.path}` reaches this one"
            )
    done = sum(one.outcome is not Outcome.UNCHANGED for one in added)
    say(f"{counted(done, 'case')} added; see `letterkit list`" if done else "nothing changed")


def _added_line(one: Added) -> str:
    from letterkit.case_library import Outcome

    words = {
        Outcome.ADDED: "added",
        Outcome.REPLACED: "replaced",
        Outcome.UNCHANGED: "already added, unchanged:",
    }[one.outcome]
    line = f"{words} {one.id} ({one.path})"
    if one.warnings:
        line += (
            f"; {counted(one.warnings, 'warning')} for its author: `letterkit validate {one.path}`"
        )
    return line


def _found_first(one: Added) -> Path | None:
    """The file that `letterkit show ID` reaches instead of *one*, if another comes first."""
    try:
        first = find_case(one.id, [folder.path for folder in case_folders()])
    except LetterkitError:  # only a note: the case was added
        return None
    return None if first.resolve() == one.path.resolve() else first


def remove(case_id: str) -> None:
    """Take an added case out of the user's case folder."""
    from letterkit.case_library import remove_case

    say(f"removed {case_id} ({remove_case(case_id)})")


def folder_of(path: Path, folders: list[CaseFolder]) -> CaseFolder | None:
    """The searched folder *path* was found in, if any."""
    for folder in folders:
        for parent in (path.parent, path.parent.parent):
            if _same(parent, folder.path):
                return folder
    return None


def _same(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve()
    except OSError:
        return False


def provenance(path: Path, folders: list[CaseFolder]) -> list[str]:
    """Where the case at *path* came from, in lines a person reads."""
    folder = folder_of(path, folders)
    if folder is None or folder.kind is FolderKind.GIVEN:
        return [f"File: {path}"]
    if folder.kind is FolderKind.BUNDLED:
        return ["Bundled with letterkit"]
    lines = [f"File: {path} ({FOLDER_WORDS[folder.kind]})"]
    if folder.kind is not FolderKind.ADDED:
        return lines
    from letterkit.case_library import origin_of

    if (origin := origin_of(path)) is not None:
        lines.append(f"Added from {origin.source} on {origin.added[:10]}")
        if origin.trusted:
            lines.append("Its own templates were trusted when it was added")
        if origin.edited(path):
            lines.append("Edited since it was added")
    return lines


def folders_searched(
    folders: list[CaseFolder], found: list[FoundCase], hidden: list[FoundCase]
) -> Text:
    """The folders searched, in order, each with the cases it gave and those hidden there."""
    text = literal("\nFolders searched, first match first:", style="bold")
    for number, folder in enumerate(folders, start=1):
        shown = "./" if folder.path == CURRENT_FOLDER else str(folder.path)
        state = counted(sum(one.folder == folder.path for one in found), "case")
        hidden_here = sum(one.folder == folder.path for one in hidden)
        if hidden_here:
            state += f" ({hidden_here} hidden)"
        if not folder.path.is_dir():
            state = "does not exist"
        text.append(inert(f"\n  {number}. {shown}  ({FOLDER_WORDS[folder.kind]}): {state}"))
    first = {one.id: one.path for one in found}
    for one in hidden:
        text.append(inert(f"\n  hidden: {one.id} in {one.path}, by {first[one.id]}"))
    return text
