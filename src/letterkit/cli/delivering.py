"""What ``compose`` does with the messages once made: print, save, say how to send, record.

The message goes to standard output (text, JSON or a PDF); everything said to the
writer goes to standard error, so ``compose ... > letter.txt`` holds the letter
alone.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from letterkit.cli import streams
from letterkit.cli.boundary import fail, say
from letterkit.cli.vocabulary import error_line, notice_line
from letterkit.errors import ChoiceError, NotComposableError, OutputError
from letterkit.message import Draft, Message, message_json
from letterkit.models import Channel
from letterkit.output import write_atomic

PAGE_BREAK = "\f\n"
"""Between the letters of `--to all`: a printer starts each on a page of its own."""

Made = list[tuple[Draft, Message]]
"""The drafts of one compose, each with its message."""

if TYPE_CHECKING:
    from letterkit.cli.prompts import Questions


@dataclass(frozen=True)
class Delivery:
    """How the messages leave ``compose``: as JSON or a PDF, to which file, and recorded how."""

    output: Path | None = None
    force: bool = False
    paper: str | None = None
    typeset: bool = False
    """PDF letters set in the proportional font."""
    as_json: bool = False
    pdf: bool = False
    """A PDF (of letters or faxes): to *output*, else to standard output."""
    sent: bool = False
    journal: Path | None = None
    open: bool = False
    """Open the message's link with the system's handler."""
    copy: bool = False
    """Put the message on the clipboard."""
    sender: str | None = None
    """The writer's email address (their profile's), for an email message file."""


def wants_pdf(output_format: str, output: Path | None) -> bool:
    """Whether the message is printed as a PDF: by ``--format``, or by the output's name."""
    if output_format not in ("text", "pdf"):
        raise ChoiceError("format", f"`{output_format}` is not a format; use text or pdf")
    by_name = output is not None and output.suffix.lower() == ".pdf"
    if output_format == "pdf" and output is None and sys.stdout.isatty():
        raise ChoiceError("format", "a PDF is not for the terminal: give --output FILE.pdf")
    return output_format == "pdf" or by_name


def check_message_file(output: Path | None, drafts: list[Draft], *, pdf: bool) -> None:
    """Refuse, before anything is written, a file type that cannot hold these messages."""
    if pdf:
        if drafts[0].channel not in (Channel.LETTER, Channel.FAX):
            raise ChoiceError(
                "output" if output is not None else "format",
                f"a PDF is made for letters and faxes; save this {drafts[0].channel} message "
                "as .txt",
            )
        return
    if output is None or output.suffix.lower() != ".eml":
        return
    if drafts[0].channel is not Channel.EMAIL:
        raise ChoiceError(
            "output", f"a .eml file holds an email; save this {drafts[0].channel} message as .txt"
        )
    if len(drafts) > 1:
        raise ChoiceError("output", "a .eml file holds one email; save these as .txt")


def deliver(
    made: Made, delivery: Delivery, questions: Questions | None, warnings: list[str]
) -> None:
    """Warn, print the messages, say how to send them, save them, and record them."""
    case_id = made[0][1].case
    if delivery.pdf:
        from letterkit.layout import window_misfit

        posted = [message.text for draft, message in made if draft.channel is Channel.LETTER]
        warnings = [*warnings, *filter(None, map(window_misfit, posted))]
    for warning in dict.fromkeys(
        [
            *(notice_line(warning, case_id) for _, message in made for warning in message.warnings),
            *warnings,
        ]
    ):
        fail(f"warning: {warning}")
    shown = _shown(made, as_json=delivery.as_json)
    saved = delivery.output
    contents = None
    if saved is not None:  # made first: a message that cannot be saved is not printed either
        contents = (
            _pdf(made, delivery.paper, typeset=delivery.typeset)
            if delivery.pdf
            else _contents(saved, made, shown, sender=delivery.sender)
        )
    if delivery.pdf and saved is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(
            _pdf(made, delivery.paper, typeset=delivery.typeset)
        )  # `> letter.pdf`
        sys.stdout.flush()
    elif (not questions or not sys.stdout.isatty()) and not (saved and streams.closed("stdout")):
        sys.stdout.write(shown)  # a writer at a terminal has read it already, above
        sys.stdout.flush()
    _tell_how_to_send(questions, made, as_json=delivery.as_json)
    if delivery.open:
        _open(made, questions)
    if delivery.copy:
        _copy(made, questions)
    if saved is not None and contents is not None:
        write_atomic(saved, contents, force=delivery.force)
        _note(questions, f"Saved to {saved}")
    elif questions:
        saved = _offer_to_save(questions, made, shown, delivery)
    sent = delivery.sent or bool(
        questions and not saved and questions.confirm("Record in your journal that you sent it?")
    )
    if saved is None and not sent:
        return
    drafts = [draft for draft, _ in made]
    ids = _record(delivery.journal, drafts, saved, sent=sent)
    if not ids or sent or not questions:
        return
    if questions.confirm("Mark it as sent in your journal?"):
        _record(delivery.journal, drafts, saved, sent=True)
    else:
        listed = " ".join(map(str, ids))
        _note(questions, f"Recorded as made; once sent: `letterkit journal sent {listed}`")


def _shown(made: Made, *, as_json: bool) -> str:
    """The messages as printed and saved: text, or JSON (an array for several)."""
    if as_json:
        objects = [message_json(message, indent=2).decode() for _, message in made]
        return (objects[0] if len(objects) == 1 else "[\n" + ",\n".join(objects) + "\n]") + "\n"
    texts = [
        message.text if message.text.endswith("\n") else message.text + "\n" for _, message in made
    ]
    return PAGE_BREAK.join(texts)


def _tell_how_to_send(questions: Questions | None, made: Made, *, as_json: bool) -> None:
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
                Channel.WEB: "paste it into the form",
            }[draft.channel]
            to = f" to {draft.recipient.display_name}" if len(made) > 1 else ""
            _note(questions, f"\nTo {what}{to}, open: {message.url}")
    if questions:
        # Made for every official (--to all): none is left to send a copy to.
        written_to = {draft.recipient.id for draft, _ in made}
        notes = (
            notice_line(note, message.case)
            for draft, message in made
            for note in message.notes
            if note.kind != "copies" or any(one.id not in written_to for one in draft.copies)
        )
        for note in dict.fromkeys(notes):
            questions.say(note)


def _open(made: Made, questions: Questions | None) -> None:
    """Open each message's link with the system's handler, or say why not."""
    from letterkit.cli.handing import links_of, open_link

    for draft, message in made:
        links = links_of(message)
        if not links:
            fail(f"note: a {draft.channel} has no link to open: print it, or save it")
        for link in links:
            if open_link(link):
                _note(questions, f"Opened {link[:60]}{'…' if len(link) > 60 else ''}")
            else:
                fail(f"warning: nothing on this system opened the link; open it yourself: {link}")


def _copy(made: Made, questions: Questions | None) -> None:
    """Put the message on the clipboard (every message, one after another), or say why not."""
    from letterkit.cli.handing import CopyError, copy_text, what_to_copy

    text = "\n".join(what_to_copy(draft.channel, message) for draft, message in made)
    try:
        where = copy_text(text)
    except CopyError as error:
        fail(f"warning: not copied: {error}")
        return
    _note(questions, f"Copied to {where}.")


def _contents(
    path: Path,
    made: Made,
    shown: str,
    paper: str | None = None,
    sender: str | None = None,
    typeset: bool = False,
) -> str | bytes:
    """What goes in a file, by its name: a PDF, an email message file, or the text.

    An email message file is from *sender*, the writer's address, where known.
    """
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return _pdf(made, paper, typeset=typeset)
    if suffix == ".eml":
        from letterkit.channels.emails import email_file

        return email_file(*made[0], sender=sender)
    return shown


def _pdf(made: Made, paper: str | None, *, typeset: bool = False) -> bytes:
    from letterkit.models import Channel
    from letterkit.pdf import check_paper, letters_pdf

    posted = made[0][0].channel is Channel.LETTER  # a fax goes by wire: no envelope, no serif
    texts = [message.text for _, message in made]
    return letters_pdf(texts, check_paper(paper), posted=posted, typeset=typeset)


def _note(questions: Questions | None, text: str) -> None:
    """Tell the writer something on standard error, leaving standard output to the message."""
    if questions:
        questions.say(text)
    else:
        say(text)


def _offer_to_save(questions: Questions, made: Made, text: str, delivery: Delivery) -> Path | None:
    if not questions.confirm("\nSave it to a file?"):
        return None
    draft = made[0][0]
    suffix = ".json" if delivery.as_json else ".txt"
    suggested = f"{draft.case.id}-{draft.channel}-{draft.recipient.id}{suffix}"
    number = None
    while True:
        path = Path(
            questions.ask("File name", _file_name, "output", default=suggested, number=number)
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
            check_message_file(path, [one for one, _ in made], pdf=path.suffix.lower() == ".pdf")
            contents = _contents(
                path, made, text, delivery.paper, delivery.sender, typeset=delivery.typeset
            )
            write_atomic(path, contents, force=force)
        except (OutputError, ChoiceError, NotComposableError) as error:
            questions.say(f"{error_line(error)}. Please try again.", style="yellow")
            continue
        questions.say(f"Saved to {path}")
        return path


def _file_name(answer: str) -> str:
    name = answer.strip()
    if not name:
        raise ChoiceError("output", "give a file name")
    return name


def _record(
    journal_path: Path | None, drafts: list[Draft], saved: Path | None, *, sent: bool
) -> list[int]:
    """Count the messages in the journal, made (and *sent*); their record ids.

    A journal that cannot be written is a warning when the letter was only saved,
    and an error when the writer asked for it to record that they sent it.
    """
    from letterkit.journal import Journal, JournalError, default_path

    try:
        with Journal(journal_path or default_path()) as journal:
            ids = [
                journal.record_draft(
                    draft,
                    output=str(saved.resolve()) if saved is not None else None,
                    how="compose",
                    sent=sent,
                    with_id=True,
                )
                for draft in drafts
            ]
            return [one for one in ids if one is not None]
    except JournalError as error:
        if sent:
            raise
        fail(f"warning: {error}")
        return []
