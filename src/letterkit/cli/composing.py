"""``letterkit compose``: gather the writer's choices, from options or questions, and print.

When standard input is not a terminal (and ``--interactive`` is not given), nothing
is asked: a missing value is an error naming its option (exit status 2).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
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
    parse_date,
)
from letterkit.errors import ChoiceError, NotComposableError, OutputError
from letterkit.models import Case, Channel
from letterkit.output import check_writable, write_atomic
from letterkit.render import Message, email_file, finish, render, to_ascii
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
    ascii_only: bool
    sent: bool
    interactive: bool | None
    journal: Path | None


def run_compose(options: ComposeOptions) -> None:
    """Compose one message, print it, and save it where the writer asks."""
    case = load_case(find_case(options.case, case_dirs(options.cases_dirs)))
    date = parse_date(options.date)
    if options.output is not None:
        check_writable(options.output, force=options.force)  # before any question is asked
    interactive = sys.stdin.isatty() if options.interactive is None else options.interactive
    if interactive:
        questions = _questions()
        draft, message = _ask_until_sendable(case, options, date, questions)
    else:
        questions = None
        draft = _draft(case, options, date)
        _check_message_file(options.output, draft)
        message = render(draft)
    if options.edit or (
        questions and _editor() and questions.confirm("Edit it in your editor before it is final?")
    ):
        message = _edited(draft, message, questions)
    if options.ascii_only:
        message = to_ascii(draft, message)
    for warning in message.warnings:
        fail(f"warning: {warning}")
    shown = message.model_dump_json(indent=2) if options.json else message.text
    shown = shown if shown.endswith("\n") else shown + "\n"
    saved_text = shown
    if options.output is not None and options.output.suffix.lower() == ".eml":
        saved_text = email_file(draft, message)  # the message file, not the text shown
    if not questions or not sys.stdout.isatty():
        sys.stdout.write(shown)  # a writer at a terminal has read it already, above
        sys.stdout.flush()
    if message.url and not options.json:
        what = {
            Channel.TWEET: "post the tweet",
            Channel.EMAIL: "open it in your mail program",
            Channel.CALL: "call from this device",
        }[draft.channel]
        _note(questions, f"\nTo {what}, open: {message.url}")
    if questions:
        for note in message.notes:
            questions.say(note)
    saved = options.output
    if saved is not None:
        write_atomic(saved, saved_text, force=options.force)
        _note(questions, f"Saved to {saved}")
    elif questions:
        saved = _offer_to_save(questions, draft, shown, options.json)
    sent = options.sent or bool(
        questions and not saved and questions.confirm("Record in your journal that you sent it?")
    )
    if saved is not None or sent:
        _record(options.journal, draft, saved, "sent" if sent else "saved")


def _check_message_file(output: Path | None, draft: Draft) -> None:
    if (
        output is not None
        and output.suffix.lower() == ".eml"
        and draft.channel is not Channel.EMAIL
    ):
        raise ChoiceError("--output", f"a .eml file holds an email; save a {draft.channel} as .txt")


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


def _ask_until_sendable(
    case: Case, options: ComposeOptions, date: dt.date, questions: Questions
) -> tuple[Draft, Message]:
    """Ask for the draft, then again for the sentence and asks while it cannot be sent."""
    draft = _ask_for_draft(case, options, date, questions)
    _check_message_file(options.output, draft)
    while True:
        try:
            message = render(draft)
        except NotComposableError as error:
            questions.say(f"{error}.", style="yellow")
            about = questions.ask("Your sentence about yourself", check_about, "--about")
            numbers = _ask_for_asks(case, questions)
            draft = make_draft(
                case,
                replace(draft.writer, about=about),
                numbers,
                draft.channel,
                draft.recipient.id,
                date,
            )
            continue
        questions.say(f"\nYour {draft.channel} to {draft.recipient.display_name}:\n", style="bold")
        questions.say(message.text)
        return draft, message


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
        else questions.ask(
            "Your postal address or town, for a reply (optional; commas between lines)",
            check_place,
            "--place",
        )
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
        numbers = _ask_for_asks(case, questions)

    channels = list(case.accepted_channels)
    if options.channel is not None or len(channels) == 1:
        channel = choose_channel(case, options.channel)
    else:
        questions.say("\nHow will you send it?")
        questions.choices(channels)
        channel = questions.ask(
            "Channel, by number or name",
            lambda answer: choose_channel(case, _pick(answer, channels)),
            "--channel",
        )

    reachable = [target for target in case.targets if channel in target.channels]
    if options.to is not None or len(reachable) <= 1:
        recipient = choose_recipient(case, options.to, channel)
    else:
        questions.say("\nWhom will you write to?")
        questions.choices([f"{one.id} ({one.display_name})" for one in reachable])
        ids = [one.id for one in reachable]
        recipient = questions.ask(
            "Recipient, by number or id",
            lambda answer: choose_recipient(case, _pick(answer, ids), channel),
            "--to",
        )
    return make_draft(case, writer, numbers, channel, recipient.id, date)


def _ask_for_asks(case: Case, questions: Questions) -> list[int]:
    questions.say(f"\nThe asks: choose {case.asks.choose.span}, in the order you want them.")
    questions.choices([ask.text for ask in case.asks.items])

    def check_asks(answer: str) -> list[int]:
        chosen = parse_ask_numbers(answer)
        choose_asks(case, chosen)
        return chosen

    return questions.ask("Your asks, by number (e.g. 1 3)", check_asks, "--ask")


def _pick(answer: str, options: Sequence[str]) -> str:
    """An answer given as a number in *options*, or as the option itself."""
    answer = answer.strip()
    if answer.isascii() and answer.isdigit() and 1 <= int(answer) <= len(options):
        return options[int(answer) - 1]
    return answer


def _editor() -> str | None:
    return os.environ.get("VISUAL") or os.environ.get("EDITOR") or None


def _edited(draft: Draft, message: Message, questions: Questions | None) -> Message:
    """The message as the writer leaves it in their editor; the draft if that goes wrong."""
    text = message.text
    while True:
        text = _edit(text)
        if not text.strip():
            fail("warning: the edited message is empty; keeping the draft")
            return message
        try:
            edited = finish(draft, text)
        except NotComposableError as error:
            fail(f"warning: {error}")
            if questions and questions.confirm("Edit it again?", default=True):
                continue
            fail("warning: keeping the draft")
            return message
        if questions:
            questions.say("\nAs you edited it:\n", style="bold")
            questions.say(edited.text)
        return edited


def _edit(text: str) -> str:
    """Let the writer change *text* in their editor; give it back unchanged if that fails."""
    import shlex
    import subprocess
    import tempfile

    editor = _editor() or "vi"
    try:
        command = shlex.split(editor)
    except ValueError as error:
        fail(f"warning: cannot read the editor command `{editor}`: {error}; keeping the draft")
        return text
    descriptor, path = tempfile.mkstemp(prefix="letterkit-", suffix=".txt")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
        result = subprocess.run([*command, path], check=False)  # noqa: S603
        if result.returncode != 0:
            fail(f"warning: the editor exited with status {result.returncode}; keeping the draft")
            return text
        with open(path, encoding="utf-8", errors="surrogateescape") as file:
            return plain_text(file.read())
    except OSError as error:
        fail(f"warning: cannot run the editor `{editor}`: {error.strerror}; keeping the draft")
        return text
    finally:
        os.unlink(path)


def _offer_to_save(questions: Questions, draft: Draft, text: str, as_json: bool) -> Path | None:
    if not questions.confirm("\nSave it to a file?"):
        return None
    suffix = ".json" if as_json else ".txt"
    suggested = f"{draft.case.id}-{draft.channel}-{draft.recipient.id}{suffix}"
    number = None
    while True:
        path = Path(
            questions.ask("File name", _file_name, "--output", default=suggested, number=number)
        )
        number = questions.count
        force = False
        if path.is_dir():
            questions.say(f"{path} is a folder. Please give a file name.", style="yellow")
            continue
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
        return path


def _file_name(answer: str) -> str:
    name = answer.strip()
    if not name:
        raise ChoiceError("--output", "give a file name")
    return name


def _record(journal_path: Path | None, draft: Draft, saved: Path | None, how: str) -> None:
    """Count the letter in the journal; a journal that cannot be written is only a warning."""
    from letterkit.journal import Journal, JournalError, default_path

    try:
        with Journal(journal_path or default_path()) as journal:
            journal.record(
                case_id=draft.case.id,
                reference=draft.case.reference,
                recipient=draft.recipient.id,
                channel=draft.channel.value,
                letter_date=draft.date,
                signer=draft.writer.name,
                output=str(saved.resolve()) if saved is not None else None,
                how=how,
            )
    except JournalError as error:
        fail(f"warning: {error}")
