"""``letterkit compose``: gather the writer's choices, from options or questions, and print.

When standard input is not a terminal (and ``--interactive`` is not given), nothing
is asked: a missing value is an error naming its option (exit status 2).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from letterkit.cases import case_dirs, find_case, load_case
from letterkit.cli.boundary import fail
from letterkit.compose import (
    Draft,
    Writer,
    check_about,
    check_name,
    check_place,
    choose_asks,
    choose_channel,
    choose_recipient,
    make_draft,
    make_writer,
    parse_ask_numbers,
)
from letterkit.errors import ChoiceError, OutputError
from letterkit.models import Case, Channel
from letterkit.output import write_atomic
from letterkit.render import finish, render
from letterkit.text import plain_text

if TYPE_CHECKING:
    from letterkit.cli.prompts import Questions


@dataclass(frozen=True)
class ComposeOptions:
    """What the command line gave ``compose``; ``None`` where an option was left out."""

    case: str
    cases_dirs: list[Path]
    name: str | None
    place: str | None
    about: str | None
    asks: list[str]
    channel: str | None
    to: str | None
    date: str | None
    output: Path | None
    force: bool
    json: bool
    edit: bool
    interactive: bool | None


def run_compose(options: ComposeOptions) -> None:
    """Compose one message, print it, and save it where the writer asks."""
    case = load_case(find_case(options.case, case_dirs(options.cases_dirs)))
    date = _parse_date(options.date)
    interactive = sys.stdin.isatty() if options.interactive is None else options.interactive
    questions = _questions() if interactive else None
    draft = (
        _ask_for_draft(case, options, date, questions) if questions else _draft(case, options, date)
    )
    message = render(draft)
    if options.edit or (
        questions and _editor() and questions.confirm("Edit it in your editor before it is final?")
    ):
        message = finish(draft, _edit(message.text))
    for warning in message.warnings:
        fail(f"warning: {warning}")
    shown = message.model_dump_json(indent=2) if options.json else message.text
    shown = shown if shown.endswith("\n") else shown + "\n"
    if questions:
        questions.say(f"\nYour {draft.channel} to {draft.recipient.display_name}:\n", style="bold")
    sys.stdout.write(shown)
    sys.stdout.flush()
    if message.url and not options.json:
        what = (
            "post the tweet" if draft.channel is Channel.TWEET else "open it in your mail program"
        )
        _note(questions, f"\nTo {what}, open: {message.url}")
    if options.output is not None:
        write_atomic(options.output, shown, force=options.force)
        _note(questions, f"Saved to {options.output}")
    elif questions:
        _offer_to_save(questions, draft, shown, options.json)


def _questions() -> Questions:
    # Imported only when asking: rich's prompts cost start-up time a script does not need.
    from rich.console import Console

    from letterkit.cli.prompts import Questions

    return Questions(Console(stderr=True, highlight=False, markup=False, emoji=False))


def _note(questions: Questions | None, text: str) -> None:
    """Tell the writer something on standard error, leaving standard output to the message."""
    if questions:
        questions.say(text)
    else:
        sys.stderr.write(plain_text(text) + "\n")


def _draft(case: Case, options: ComposeOptions, date: dt.date) -> Draft:
    """Check the options alone: every missing value is an error naming its option."""
    writer = make_writer(options.name, options.about, options.place)
    numbers = [number for given in options.asks for number in parse_ask_numbers(given)]
    return make_draft(case, writer, numbers, options.channel, options.to, date)


def _ask_for_draft(
    case: Case, options: ComposeOptions, date: dt.date, questions: Questions
) -> Draft:
    """Ask for each value the options left out, checking each answer as it comes."""
    questions.say(f"{case.reference}: {case.title}", style="bold")
    if case.deadline is not None and case.deadline < date:
        questions.say(
            f"The deadline, {case.deadline.isoformat()}, has passed: check for an update "
            "before you send.",
            style="yellow",
        )
    for note in (case.instructions, case.about_yourself):
        if note:
            questions.say(note)

    name = (
        check_name(options.name)
        if options.name is not None
        else questions.ask("Your name, as you sign", check_name, "--name")
    )
    place = (
        check_place(options.place)
        if options.place is not None
        else questions.ask("Where you live (town and country; optional)", check_place, "--place")
    )
    about = (
        check_about(options.about)
        if options.about is not None
        else questions.ask("Your sentence about yourself", check_about, "--about")
    )
    writer = Writer(name=name, about=about, place=place)

    if options.asks:
        numbers = [number for given in options.asks for number in parse_ask_numbers(given)]
        choose_asks(case, numbers)
    else:
        wanted = case.asks.choose
        questions.say(
            f"\nThe asks: choose {wanted.min} to {wanted.max}, in the order you want them."
        )
        questions.choices([ask.text for ask in case.asks.items])

        def check_asks(answer: str) -> list[int]:
            chosen = parse_ask_numbers(answer)
            choose_asks(case, chosen)
            return chosen

        numbers = questions.ask("Your asks, by number (e.g. 1 3)", check_asks, "--ask")

    if options.channel is not None or len(case.channels) == 1:
        channel = choose_channel(case, options.channel)
    else:
        questions.say("\nHow will you send it?")
        questions.choices(list(case.channels))
        channel = questions.ask(
            "Channel, by number or name",
            lambda answer: choose_channel(case, _pick(answer, list(case.channels))),
            "--channel",
        )

    reachable = [target.id for target in case.targets if channel in target.channels]
    if options.to is not None or len(reachable) <= 1:
        recipient = choose_recipient(case, options.to, channel)
    else:
        questions.say("\nWhom will you write to?")
        questions.choices(
            [
                f"{one} ({case.official(one).display_name})"  # type: ignore[union-attr]
                for one in reachable
            ]
        )
        recipient = questions.ask(
            "Recipient, by number or id",
            lambda answer: choose_recipient(case, _pick(answer, reachable), channel),
            "--to",
        )
    return make_draft(case, writer, numbers, channel, recipient.id, date)


def _pick(answer: str, options: list[str]) -> str:
    """An answer given as a number in *options*, or as the option itself."""
    answer = answer.strip()
    if answer.isdigit() and 1 <= int(answer) <= len(options):
        return options[int(answer) - 1]
    return answer


def _parse_date(given: str | None) -> dt.date:
    if given is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(given.strip())
    except ValueError:
        raise ChoiceError("--date", f"`{given}` is not a date; write it as YYYY-MM-DD") from None


def _editor() -> str | None:
    return os.environ.get("VISUAL") or os.environ.get("EDITOR") or None


def _edit(text: str) -> str:
    """Let the writer change the message in their editor; keep the original if that fails."""
    import shlex
    import subprocess
    import tempfile

    editor = _editor() or "vi"
    descriptor, path = tempfile.mkstemp(prefix="letterkit-", suffix=".txt")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
        result = subprocess.run([*shlex.split(editor), path], check=False)  # noqa: S603
        if result.returncode != 0:
            fail(f"warning: the editor exited with status {result.returncode}; keeping the draft")
            return text
        with open(path, encoding="utf-8", errors="replace") as file:
            return plain_text(file.read())
    except OSError as error:
        fail(f"warning: cannot run the editor `{editor}`: {error.strerror}; keeping the draft")
        return text
    finally:
        os.unlink(path)


def _offer_to_save(questions: Questions, draft: Draft, text: str, as_json: bool) -> None:
    if not questions.confirm("\nSave it to a file?"):
        return
    suffix = ".json" if as_json else ".txt"
    suggested = f"{draft.case.id}-{draft.channel}-{draft.recipient.id}{suffix}"
    while True:
        path = Path(questions.ask("File name", _file_name, "--output", default=suggested))
        force = False
        if path.exists():
            if not questions.confirm(f"{path} exists. Replace it?"):
                continue
            force = True
        try:
            write_atomic(path, text, force=force)
        except OutputError as error:
            questions.say(f"{error}. Please try again.", style="yellow")
            continue
        questions.say(f"Saved to {path}")
        return


def _file_name(answer: str) -> str:
    name = answer.strip()
    if not name:
        raise ChoiceError("--output", "give a file name")
    return name
