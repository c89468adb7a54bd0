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
    ALL,
    Draft,
    Writer,
    check_about,
    check_name,
    check_place,
    choose_asks,
    choose_channel,
    choose_recipient,
    make_draft,
    make_drafts,
    make_writer,
    parse_ask_numbers,
    parse_date,
    unreachable,
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
    paper: str | None
    json: bool
    output_format: str
    edit: bool
    ascii_only: bool
    sent: bool
    interactive: bool | None
    journal: Path | None


def run_compose(options: ComposeOptions) -> None:
    """Compose the message (or one per official), print it, and save it where asked."""
    case = load_case(find_case(options.case, case_dirs(options.cases_dirs)))
    date = parse_date(options.date)
    if options.output is not None:
        check_writable(options.output, force=options.force)  # before any question is asked
    pdf = _wants_pdf(options)
    if options.paper is not None:
        if not pdf:
            raise ChoiceError("--paper", "goes with --output FILE.pdf or --format pdf")
        from letterkit.pdf import check_paper

        check_paper(options.paper)
    interactive = sys.stdin.isatty() if options.interactive is None else options.interactive
    if interactive:
        questions = _questions()
        made = _ask_until_sendable(case, options, date, questions)
    else:
        questions = None
        drafts = _drafts(case, options, date)
        _check_message_file(options.output, drafts, pdf=_wants_pdf(options))
        made = [(draft, render(draft)) for draft in drafts]
    if options.edit or (
        questions and _editor() and questions.confirm("Edit it in your editor before it is final?")
    ):
        made = [(draft, _edited(draft, message, questions)) for draft, message in made]
    if options.ascii_only:
        made = [(draft, to_ascii(draft, message)) for draft, message in made]
    for warning in dict.fromkeys(
        [
            *(warning for _, message in made for warning in message.warnings),
            *_left_out(case, made, options.to),
        ]
    ):
        fail(f"warning: {warning}")
    shown = _shown(made, as_json=options.json)
    if pdf and options.output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(_pdf(made, options.paper))  # `> letter.pdf`
        sys.stdout.flush()
    elif not questions or not sys.stdout.isatty():
        sys.stdout.write(shown)  # a writer at a terminal has read it already, above
        sys.stdout.flush()
    _tell_how_to_send(questions, made, as_json=options.json)
    saved = options.output
    if saved is not None:
        contents = _pdf(made, options.paper) if pdf else _contents(saved, made, shown, None)
        write_atomic(saved, contents, force=options.force)
        _note(questions, f"Saved to {saved}")
    elif questions:
        saved = _offer_to_save(questions, made, shown, options)
    sent = options.sent or bool(
        questions and not saved and questions.confirm("Record in your journal that you sent it?")
    )
    if saved is not None or sent:
        _record(options.journal, [draft for draft, _ in made], saved, "sent" if sent else "saved")


PAGE_BREAK = "\f\n"
"""Between the letters of `--to all`: a printer starts each on a page of its own."""


def _shown(made: list[tuple[Draft, Message]], *, as_json: bool) -> str:
    """The messages as printed and saved: text, or JSON (an array for several)."""
    if as_json:
        if len(made) == 1:
            return made[0][1].model_dump_json(indent=2) + "\n"
        return (
            "[\n" + ",\n".join(message.model_dump_json(indent=2) for _, message in made) + "\n]\n"
        )
    texts = [
        message.text if message.text.endswith("\n") else message.text + "\n" for _, message in made
    ]
    return PAGE_BREAK.join(texts)


def _left_out(case: Case, made: list[tuple[Draft, Message]], to: str | None) -> list[str]:
    if to is None or to.strip().lower() != ALL:
        return []
    return [f"left out: {reason}" for reason in unreachable(case, made[0][0].channel)]


def _tell_how_to_send(
    questions: Questions | None, made: list[tuple[Draft, Message]], *, as_json: bool
) -> None:
    for draft, message in made:
        if len(message.tweets) > 1 and not as_json:
            for number, tweet in enumerate(message.tweets, start=1):
                count = len(message.tweets)
                _note(questions, f"\nTo post tweet {number} of {count}, open: {tweet.url}")
            continue
        if message.url and not as_json:
            what = {
                Channel.TWEET: "post the tweet",
                Channel.EMAIL: "open it in your mail program",
                Channel.CALL: "call from this device",
            }[draft.channel]
            to = f" to {draft.recipient.display_name}" if len(made) > 1 else ""
            _note(questions, f"\nTo {what}{to}, open: {message.url}")
    if questions:
        for note in dict.fromkeys(note for _, message in made for note in message.notes):
            questions.say(note)


def _contents(
    path: Path, made: list[tuple[Draft, Message]], shown: str, paper: str | None
) -> str | bytes:
    """What goes in a file, by its name: a PDF, an email message file, or the text."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return _pdf(made, paper)
    if suffix == ".eml":
        return email_file(*made[0])
    return shown


def _wants_pdf(options: ComposeOptions) -> bool:
    """Whether the message is printed as a PDF: by --format, or by the output's name."""
    if options.output_format not in ("text", "pdf"):
        raise ChoiceError("--format", f"`{options.output_format}` is not a format; use text or pdf")
    by_name = options.output is not None and options.output.suffix.lower() == ".pdf"
    if options.output_format == "pdf" and options.output is None and sys.stdout.isatty():
        raise ChoiceError("--format", "a PDF is not for the terminal: give --output FILE.pdf")
    return options.output_format == "pdf" or by_name


def _pdf(made: list[tuple[Draft, Message]], paper: str | None) -> bytes:
    from letterkit.pdf import check_paper, letters_pdf

    return letters_pdf([message.text for _, message in made], check_paper(paper))


def _check_message_file(output: Path | None, drafts: list[Draft], *, pdf: bool) -> None:
    if pdf:
        if drafts[0].channel not in (Channel.LETTER, Channel.FAX):
            raise ChoiceError(
                "--output" if output is not None else "--format",
                f"a PDF is made for letters and faxes; save a {drafts[0].channel} as .txt",
            )
        return
    if output is None or output.suffix.lower() != ".eml":
        return
    if drafts[0].channel is not Channel.EMAIL:
        raise ChoiceError(
            "--output", f"a .eml file holds an email; save a {drafts[0].channel} as .txt"
        )
    if len(drafts) > 1:
        raise ChoiceError("--output", "a .eml file holds one email; save these as .txt")


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


def _drafts(case: Case, options: ComposeOptions, date: dt.date) -> list[Draft]:
    """Check the options alone: every missing value is an error naming its option."""
    writer = make_writer(options.name, options.about, options.place)
    numbers = [number for given in options.asks for number in parse_ask_numbers(given)]
    return make_drafts(case, writer, numbers, options.channel, options.to, date)


def _ask_until_sendable(
    case: Case, options: ComposeOptions, date: dt.date, questions: Questions
) -> list[tuple[Draft, Message]]:
    """Ask for the drafts, then again for the sentence and asks while they cannot be sent."""
    drafts = _ask_for_drafts(case, options, date, questions)
    _check_message_file(options.output, drafts, pdf=_wants_pdf(options))
    while True:
        try:
            made = [(draft, render(draft)) for draft in drafts]
        except NotComposableError as error:
            questions.say(f"{error}.", style="yellow")
            about = questions.ask("Your sentence about yourself", check_about, "--about")
            numbers = _ask_for_asks(case, questions)
            writer = replace(drafts[0].writer, about=about)
            drafts = [
                make_draft(case, writer, numbers, draft.channel, draft.recipient.id, date)
                for draft in drafts
            ]
            continue
        for draft, message in made:
            questions.say(
                f"\nYour {draft.channel} to {draft.recipient.display_name}:\n", style="bold"
            )
            questions.say(message.text)
        return made


def _ask_for_drafts(
    case: Case, options: ComposeOptions, date: dt.date, questions: Questions
) -> list[Draft]:
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

    if options.to is not None:
        return make_drafts(case, writer, numbers, channel, options.to, date)
    reachable = [target for target in case.targets if channel in target.channels]
    if len(reachable) <= 1:
        recipient = choose_recipient(case, None, channel)
    else:
        questions.say("\nWhom will you write to?")
        questions.choices([f"{one.id} ({one.display_name})" for one in reachable])
        ids = [one.id for one in reachable]
        recipient = questions.ask(
            "Recipient, by number or id",
            lambda answer: choose_recipient(case, _pick(answer, ids), channel),
            "--to",
        )
    others = [
        one.display_name
        for one in case.officials
        if one.id != recipient.id and channel in one.channels
    ]
    if others and questions.confirm(
        f"Also make one for each official to copy ({', '.join(others)})?"
    ):
        return make_drafts(case, writer, numbers, channel, ALL, date)
    return [make_draft(case, writer, numbers, channel, recipient.id, date)]


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


def _offer_to_save(
    questions: Questions, made: list[tuple[Draft, Message]], text: str, options: ComposeOptions
) -> Path | None:
    if not questions.confirm("\nSave it to a file?"):
        return None
    draft = made[0][0]
    suffix = ".json" if options.json else ".txt"
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
            _check_message_file(path, [one for one, _ in made], pdf=path.suffix.lower() == ".pdf")
            write_atomic(path, _contents(path, made, text, options.paper), force=force)
        except (OutputError, ChoiceError, NotComposableError) as error:
            questions.say(f"{error}. Please try again.", style="yellow")
            continue
        questions.say(f"Saved to {path}")
        return path


def _file_name(answer: str) -> str:
    name = answer.strip()
    if not name:
        raise ChoiceError("--output", "give a file name")
    return name


def _record(journal_path: Path | None, drafts: list[Draft], saved: Path | None, how: str) -> None:
    """Count the letters in the journal; a journal that cannot be written is only a warning."""
    from letterkit.journal import Journal, JournalError, default_path

    try:
        with Journal(journal_path or default_path()) as journal:
            for draft in drafts:
                journal.record_draft(
                    draft,
                    output=str(saved.resolve()) if saved is not None else None,
                    how=how,
                    part=draft.recipient.id if len(drafts) > 1 else None,
                )
    except JournalError as error:
        fail(f"warning: {error}")
