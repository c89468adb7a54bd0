"""``letterkit compose``: the writer's choices, the messages made of them, and their delivery.

When standard input is not a terminal (and ``--interactive`` is not given), nothing
is asked: a missing value is an error naming its option (exit status 2). The
asking is in :mod:`~letterkit.cli.asking`, the editing in
:mod:`~letterkit.cli.editing`, what happens to the messages in
:mod:`~letterkit.cli.delivering`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from letterkit.cases import case_dirs, case_inputs, find_case, load_case
from letterkit.cli.asking import (
    Choices,
    ask_for_drafts,
    drafts_from_options,
    render_until_sendable,
)
from letterkit.cli.boundary import fail
from letterkit.cli.delivering import Delivery, check_message_file, deliver, wants_pdf
from letterkit.cli.editing import edited, editor
from letterkit.compose import ALL, parse_date, unreachable
from letterkit.errors import ChoiceError
from letterkit.models import Case
from letterkit.output import check_distinct, check_writable
from letterkit.profile import Profile, read_profile
from letterkit.render import render, to_ascii
from letterkit.timing import may_be_closed

if TYPE_CHECKING:
    from letterkit.cli.prompts import Questions


@dataclass(frozen=True)
class ComposeOptions:
    """What the command line gave ``compose``; ``None`` where an option was left out."""

    case: str
    cases_dirs: list[Path]
    choices: Choices
    date: str | None
    output: Path | None
    force: bool
    paper: str | None
    typeset: bool
    json: bool
    output_format: str
    edit: bool
    ascii_only: bool
    sent: bool
    interactive: bool | None
    journal: Path | None
    use_profile: bool = True
    open_link: bool = False
    copy: bool = False


def run_compose(options: ComposeOptions) -> None:
    """Compose the message (or one per official), print it, and save it where asked."""
    case = load_case(find_case(options.case, case_dirs(options.cases_dirs)))
    date = parse_date(options.date)
    if options.output is not None:
        check_writable(options.output, force=options.force)  # before any question is asked
        from letterkit.journal import default_path  # SQLite only for a message saved

        journal = options.journal or default_path()
        check_distinct(
            [("output", "the message", options.output)],
            [*case_inputs(case), ("the journal", journal)],
        )
    pdf = wants_pdf(options.output_format, options.output)
    if options.paper is not None:
        if not pdf:
            raise ChoiceError("paper", "goes with --output FILE.pdf or --format pdf")
        from letterkit.pdf import check_paper

        check_paper(options.paper)
    if options.typeset and not pdf:
        raise ChoiceError("typeset", "goes with --output FILE.pdf or --format pdf")
    interactive = sys.stdin.isatty() if options.interactive is None else options.interactive
    questions = _questions() if interactive else None
    profile = read_profile() if options.use_profile else Profile()
    paper = options.paper or (profile.paper if pdf else None)
    if questions is not None:
        made_before = _made_before(case.id, options.journal)
        drafts = ask_for_drafts(case, options.choices, date, questions, made_before, profile)
        check_message_file(options.output, drafts, pdf=pdf)
        made = render_until_sendable(case, drafts, questions)
    else:
        drafts = drafts_from_options(case, with_profile(options.choices, profile, case), date)
        closed = may_be_closed(case, date)  # the questions open with it
        if closed is not None:
            fail(f"warning: {closed}")
        check_message_file(options.output, drafts, pdf=pdf)
        made = [(draft, render(draft)) for draft in drafts]
    if options.edit or (
        questions and editor() and questions.confirm("Edit it in your editor before it is final?")
    ):
        made = [(draft, edited(draft, message, questions)) for draft, message in made]
    if options.ascii_only:
        made = [(draft, to_ascii(draft, message)) for draft, message in made]
    left_out = []
    if options.choices.to is not None and options.choices.to.strip().lower() == ALL:
        left_out = [f"left out: {reason}" for reason in unreachable(case, made[0][0].channel)]
    delivery = Delivery(
        output=options.output,
        force=options.force,
        paper=paper,
        typeset=options.typeset,
        as_json=options.json,
        pdf=pdf,
        sent=options.sent,
        journal=options.journal,
        sender=profile.email,
        open=options.open_link,
        copy=options.copy,
    )
    deliver(made, delivery, questions, left_out)


def with_profile(choices: Choices, profile: Profile, case: Case) -> Choices:
    """*choices* with the profile's details where the options left them out."""
    language = choices.language
    if language is None and profile.language in case.letter_languages:
        language = profile.language
    return replace(
        choices,
        name=choices.name if choices.name is not None else profile.name,
        place=choices.place if choices.place is not None else profile.address,
        about=choices.about if choices.about is not None else profile.about,
        language=language,
    )


def _made_before(case_id: str, journal_path: Path | None) -> int:
    """How many messages the journal holds for the case: a writer sees what they did."""
    from letterkit.journal import Journal, JournalError, default_path

    path = journal_path or default_path()
    if not path.exists():
        return 0
    try:
        with Journal(path, read_only=True) as journal:
            return sum(count.letters for count in journal.counts(case_id))
    except JournalError:
        return 0  # the journal is said to be unreadable when a message is recorded


def _questions() -> Questions:
    # Imported only when asking: rich's prompts cost start-up time a script does not need.
    from letterkit.cli.consoles import plain_console
    from letterkit.cli.prompts import Questions

    return Questions(plain_console(stderr=True))
