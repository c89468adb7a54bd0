"""`letterkit import`: a published action drafted as a case file, and a report of what was found."""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from pathlib import Path

from letterkit.case_yaml import PLACEHOLDER
from letterkit.cli.boundary import reading_from_terminal, say
from letterkit.errors import OutputError
from letterkit.importing.draft import CaseDraft, draft_cases
from letterkit.importing.sources import SourceError, read_source
from letterkit.output import check_writable, write_atomic


def import_source(source_spec: str, output: Path | None, *, force: bool) -> None:
    """Draft a case from *source_spec*; write it to *output* (a folder for several) or print it."""
    if output is not None and not output.is_dir():
        check_writable(output, force=force)  # refused before the source is read or fetched
    if source_spec == "-":
        reading_from_terminal("the action")
    source = read_source(source_spec, sys.stdin.buffer if source_spec == "-" else None)
    if not any(line.strip() for line in source.lines):
        raise SourceError(f"{source_spec}: holds no text to draft a case from")
    drafts = draft_cases(source)
    for draft in drafts:
        draft.text = _with_header(draft, source_spec)
    written = _write(drafts, output, force=force)
    for draft, path in zip(drafts, written, strict=True):
        _report(draft, path)


def _with_header(draft: CaseDraft, source: str) -> str:
    first, last = draft.lines
    where = re.sub(r"[^\w ./:@+-]", "_", source)[:120]
    return (
        f"# Drafted by `letterkit import` from {where} on {dt.date.today().isoformat()} "
        f"(lines {first}-{last}).\n"
        "# Beside each value: the source line it was read from; 'a guess' marks one to check.\n"
        + FILL_IN_NOTE
        + "\n"
    ) + draft.text


FILL_IN_NOTE = (
    f"# Each {PLACEHOLDER!r} is what the source did not say: letterkit refuses this file\n"
    "# until it is filled in. Then check it with `letterkit validate`.\n"
)
"""What a draft's header says of its blanks; `letterkit new --from` takes it out once filled."""


def _write(drafts: list[CaseDraft], output: Path | None, *, force: bool) -> list[str | None]:
    if output is None:
        sys.stdout.write("---\n".join(draft.text for draft in drafts))
        sys.stdout.flush()
        return [None] * len(drafts)
    if len(drafts) > 1 or output.is_dir():
        if not output.is_dir():
            raise OutputError(
                f"{output}: the source holds {len(drafts)} actions; give a folder to write them to"
            )
        paths = _distinct([output / draft.name for draft in drafts])
        for path in paths:
            check_writable(path, force=force)
        for draft, path in zip(drafts, paths, strict=True):
            write_atomic(path, draft.text, force=force)
        return [os.fspath(path) for path in paths]
    write_atomic(output, drafts[0].text, force=force)
    return [os.fspath(output)]


def _distinct(paths: list[Path]) -> list[Path]:
    seen: set[Path] = set()
    result = []
    for path in paths:
        candidate, count = path, 2
        while candidate in seen:
            candidate = path.with_name(f"{path.stem}-{count}{path.suffix}")
            count += 1
        seen.add(candidate)
        result.append(candidate)
    return result


def _report(draft: CaseDraft, path: str | None) -> None:
    where = f" to {path}" if path else ""
    say(f"letterkit: drafted {draft.label}{where}")
    say(f"  found: {', '.join(draft.found) or 'nothing'}")
    if draft.guessed:
        say("  guessed (check each): " + "; ".join(draft.guessed))
    if draft.missing:
        say("  missing (each marked FILL IN): " + ", ".join(draft.missing))
    for note in draft.notes:
        say(f"  note: {note}")
    target = path or "FILE"
    if draft.missing:
        say(f"  next: `letterkit new --from {target}` asks for each FILL IN; check the guesses")
    say(f"  next: fill in and check what is marked, then run `letterkit validate {target}`")
