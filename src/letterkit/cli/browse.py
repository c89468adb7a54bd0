"""``list``, ``show``, ``validate`` and ``schema``: reading cases, for writers and authors.

Case text reaches rich only inside :class:`rich.text.Text` objects, so brackets in
a case are printed as brackets, never read as markup.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from letterkit.cases import case_dirs, check_case_file, find_case, list_cases, load_case
from letterkit.cli.boundary import fail, say
from letterkit.cli.consoles import keep_whole, literal, plain_console
from letterkit.cli.vocabulary import problem_line
from letterkit.errors import CaseFileError, ExitStatus, Problem, Severity
from letterkit.folders import FoundCase, case_folders
from letterkit.models import Case, Official
from letterkit.text import counted, inert, paragraphs
from letterkit.timing import deadline_column, now, timing_line, urgency


def print_case_list(extra_dirs: Sequence[Path], *, every_folder: bool = False) -> None:
    """Print a table of every case found, and say which files were skipped as invalid.

    What a writer chooses by, most urgent first: the id they type, the title, the
    deadline and how long is left, and the languages they may write in; `show`
    gives the rest. With *every_folder*, also each folder searched, the folder
    each case is in, and the cases hidden by another of the same id.
    """
    from letterkit.cli.sharing import folders_searched

    folders = case_folders(extra_dirs)
    paths = [folder.path for folder in folders]
    table = Table(box=None, pad_edge=False, header_style="bold")
    columns = ("id", "title", "deadline", "languages", *(("folder",) if every_folder else ()))
    for column in columns:
        # The id is what a writer types: never cut or wrapped.
        table.add_column(column, no_wrap=column != "title")
    cases: list[tuple[Case, int]] = []
    hidden: list[FoundCase] = []
    found_cases = list(list_cases(paths, hidden=hidden))
    for found in found_cases:
        try:
            cases.append((load_case(found.path), paths.index(found.folder) + 1))
        except CaseFileError as error:
            fail(
                f"skipped {found.path}: {len(error.problems)} problem(s); "
                f"see `letterkit validate {found.path}`"
            )
    if not cases and not every_folder:
        fail("no cases found")
        return
    today, moment = dt.date.today(), now()
    for case, number in sorted(cases, key=lambda one: urgency(one[0], today, moment)):
        cells = [case.id, case.title, deadline_column(case, today, moment)]
        cells.append(",".join(case.letter_languages))
        if every_folder:
            cells.append(str(number))
        table.add_row(*(literal(cell) for cell in cells))
    console = plain_console(at_least=keep_whole(table, 2))
    if cases:
        console.print(table)
    if every_folder:
        console.print(folders_searched(folders, found_cases, hidden))


def print_case(name: str, extra_dirs: Sequence[Path]) -> None:
    """Print a case the way a person reads an Urgent Action, and where its file came from."""
    from letterkit.cli.sharing import provenance

    folders = case_folders(extra_dirs)
    path = find_case(name, [folder.path for folder in folders])
    case = load_case(path)
    console = plain_console()
    width = console.width
    blocks = [*case_blocks(case, width=width)]
    blocks.append(_section("This case file", provenance(path, folders), width))
    paged(console, blocks)


def paged(console: Console, blocks: Sequence[Text]) -> None:
    """Print *blocks*, through a pager when they run past a terminal's height.

    The pager is $PAGER, else `less -R` (which shows the headings' styles); where
    there is none, or standard output is not a terminal, the blocks are printed.
    """
    import os
    import shlex
    import shutil
    import subprocess

    lines = sum(block.plain.count("\n") + 1 for block in blocks)
    command = os.environ.get("PAGER") or ("less -R" if shutil.which("less") else "")
    if not (sys.stdout.isatty() and command and lines > console.height):
        for block in blocks:
            console.print(block)
        return
    with console.capture() as captured:
        for block in blocks:
            console.print(block)
    try:
        subprocess.run(  # noqa: S603 - the writer's own $PAGER, or less
            shlex.split(command), input=captured.get(), text=True, check=False
        )
    except OSError:  # the pager named cannot be run: print instead
        sys.stdout.write(captured.get())


def case_blocks(case: Case, today: dt.date | None = None, width: int = 100) -> list[Text]:
    """The case as blocks of styled text, heading first, wrapped to *width*.

    Each wrapped line keeps its indent: a paragraph under its heading, an ask's
    text under its first word, not under its number.
    """
    today = today or dt.date.today()
    heading = Text()
    if case.reference:
        heading.append(inert(f"{case.reference}  "), style="bold")
    heading.append(inert(case.title), style="bold")
    facts = [case.country]
    if case.issued is not None:
        facts.append(f"issued {case.issued.isoformat()}")
    facts.append(timing_line(case, today, now()))
    facts.append("channels: " + ", ".join(case.accepted_channels))
    languages = case.letter_languages
    if languages != ["en"]:
        facts.append("write in: " + " or ".join(languages))
    heading.append(inert("\n" + " · ".join(facts)))
    blocks = [heading, _section("Summary", paragraphs(case.summary), width)]

    todo = _section(
        "What to do", [one for one in (case.instructions, case.about_yourself) if one], width
    )
    if case.asks is not None:
        wanted = case.asks.choose
        instruction = case.asks.instruction or f"Choose {wanted.span} of these:"
        todo.append(inert("\n" + _indented(instruction, width, "  ")))
        for number, ask in enumerate(case.asks.items, start=1):
            todo.append(inert("\n" + _indented(ask.text, width, f"  {number:>2}. ", " " * 6)))
    blocks.append(todo)
    if case.model_letter is not None:
        blocks.append(_section("The model letter", paragraphs(case.model_letter), width))

    to = _officials("Send your message to", case.targets, width)
    for spec in case.supplied:
        to.append(inert(f"\n  {spec.describe[0].upper()}{spec.describe[1:]}"), style="bold")
        to.append(inert(f"  [{spec.id}]"), style="dim")
        contacts = ", ".join(dict.fromkeys(spec.needs(one)[1] for one in spec.channels))
        to.append(inert(f"\n    you give their name, and their {contacts}"))
        if spec.find:
            to.append(inert(f"\n    find yours: {spec.find}"))
    blocks.append(to)
    if case.separately and len(case.officials) > 1:
        blocks.append(literal("  Write to each on their own: a message copies no one."))
    if case.copies:
        blocks.append(_officials("Please copy", case.copies, width))
    if case.background:
        blocks.append(_section("Additional information", paragraphs(case.background), width))
    if case.updates is not None:
        email = case.updates.email or "(the case gives no address)"
        lines = [f"Email: {email}"]
        if case.updates.subject:
            lines.append(f"Subject: {case.updates.subject}")
        blocks.append(_section("Updates on this case", lines, width))
    if case.contact is not None:
        blocks.append(_section("Questions, and letters sent: tell", case.contact.lines, width))
    if case.source:
        blocks.append(_section("Source", [case.source], width))
    return blocks


def _heading(title: str) -> Text:
    """A section's heading, styled; what follows is appended plain.

    Not ``Text(title, style=...)``: a Text's own style is every part's.
    """
    text = Text()
    text.append(inert(f"\n{title}"), style="bold underline")
    return text


def _section(title: str, lines: Sequence[str], width: int = 100) -> Text:
    text = _heading(title)
    for line in lines:
        text.append(inert("\n" + _indented(line, width, "  ")))
    return text


def _indented(line: str, width: int, first: str, then: str | None = None) -> str:
    """*line* wrapped to *width*, opening with *first*, its other lines indented by *then*."""
    import textwrap

    wrapped = textwrap.wrap(
        line,
        width=max(width, 40),
        initial_indent=first,
        subsequent_indent=then if then is not None else first,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return "\n".join(wrapped) or first.rstrip()


def _officials(title: str, officials: Sequence[Official], width: int = 100) -> Text:
    text = _heading(title)
    for official in officials:
        text.append(inert(f"\n  {official.display_name}"), style="bold")
        text.append(inert(f"  [{official.id}]"), style="dim")
        lines = [official.title] if official.name and official.title else []
        if official.inside_address:
            lines += official.inside_address
        elif official.address:
            lines += [*official.address.lines, *filter(None, [official.address.country])]
        if official.delivery:
            lines.append(f"Post to: {official.delivery.in_one_line}")
        if official.salutation:
            lines.append(f"Salutation: {official.salutation}")
        if official.twitter:
            lines.append("Twitter: " + " or ".join(official.twitter))
        if official.emails:
            lines.append("Email: " + ", ".join(official.emails))
        if official.web:
            lines.append(f"Web form: {official.web}")
        if official.fax:
            lines.append(f"Fax: {official.fax}")
        if official.phones:
            numbers = [
                f"{one.number} ({one.note})" if one.note else one.number for one in official.phones
            ]
            lines.append("Phone: " + " or ".join(numbers))
        if official.postage:
            lines.append("Postage: " + ", ".join(map(str, official.postage)))
        for line in lines:
            text.append(inert("\n" + _indented(line, width, "    ")))
    return text


def validate_files(
    paths: Sequence[Path],
    extra_dirs: Sequence[Path],
    *,
    strict: bool = False,
    as_json: bool = False,
) -> int:
    """Check case files and print every problem; return the exit status.

    Warnings fail a file only when *strict*; *as_json* prints one JSON object for
    editors and CI instead of lines.
    """
    files = [str(path) for path in paths] or [
        str(found.path) for found in list_cases(case_dirs(extra_dirs))
    ]
    invalid = warnings = 0
    found: list[Problem] = []
    for file in files:
        problems = check_case_file(file)
        errors = sum(problem.severity is Severity.ERROR for problem in problems)
        invalid += errors > 0 or (strict and bool(problems))
        warnings += len(problems) - errors
        found += problems
        if not as_json:
            for problem in problems:
                say(problem_line(problem), stream=sys.stdout)
    if as_json:
        report = {
            "checked": len(files),
            "invalid": invalid,
            "warnings": warnings,
            "problems": [_problem_json(problem) for problem in found],
        }
        sys.stdout.write(json.dumps(report, indent=2) + "\n")  # ASCII: no byte a terminal acts on
        return ExitStatus.INVALID_DATA if invalid else ExitStatus.OK
    sys.stdout.flush()  # the problems before the summary, where both go to one terminal
    summary = f"{counted(len(files), 'case file')} checked, {invalid} invalid"
    if warnings:
        summary += f", {counted(warnings, 'warning')}"
    say(summary)
    return ExitStatus.INVALID_DATA if invalid else ExitStatus.OK


def _problem_json(problem: Problem) -> dict[str, object]:
    """A problem as editors and CI read it: where, what, and how serious."""
    return {
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "field": problem.field,
        "message": problem.message,
        "severity": str(problem.severity),
    }


def print_schema() -> None:
    """Print the JSON Schema of a case file."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **Case.model_json_schema(),
    }
    sys.stdout.write(json.dumps(schema, indent=2, ensure_ascii=False) + "\n")
