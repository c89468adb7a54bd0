"""Rendering a draft into the message a writer sends: letter, fax, email, tweet, call or web form.

:func:`render` fills the channel's template (see :mod:`letterkit.templates`),
hands the text to the channel's own rules (see :mod:`letterkit.channels`), and
adds what the writer should know before sending (warnings) and how to send it
(notes).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from letterkit.channels.ascii_text import describe_changes, to_ascii_text
from letterkit.channels.calls import call_fields
from letterkit.channels.emails import MAILTO_LIMIT, email_fields
from letterkit.channels.tweets import pack, tweet_fields
from letterkit.errors import NotComposableError, TemplateError
from letterkit.frames import frame_for, language_name
from letterkit.language_guess import guess_language
from letterkit.layout import COVER_RULE, count_pages, lay_out
from letterkit.message import Draft, Message, Notice, NoticeKind, Writer, notice
from letterkit.models import Ask, Case, Channel, Kind, Standing, Timing
from letterkit.models.deadlines import FAR
from letterkit.phones import dialled_for
from letterkit.sending import sending_notes
from letterkit.text import plain_text
from letterkit.timing import days, now, standing
from letterkit.wording import Wording

_FAX_RULE = f"\n{COVER_RULE}\n"
_BUILTIN_TEMPLATE = {Channel.TWEET: "tweet", Channel.CALL: "call"}
"""The built-in template of a channel; the others are laid out by :func:`lay_out`."""
_WRITTEN = (Channel.LETTER, Channel.FAX, Channel.EMAIL)


def render(draft: Draft) -> Message:
    """Render *draft*, laid out or from its channel's template; raise if it cannot be sent."""
    own = _own_template(draft)
    if own is None and draft.channel not in _BUILTIN_TEMPLATE:
        text = lay_out(Wording(draft), draft.writer, draft.channel)
    else:
        context = template_context(draft, own=own is not None)
        if draft.channel is Channel.TWEET:
            text = _tweets(draft, own, context)
        else:
            name = _BUILTIN_TEMPLATE.get(draft.channel, str(draft.channel))
            text = _render_template(name, context, own=own, case_path=_case_path(draft))
    if draft.channel is Channel.FAX:
        # The case's own fax template, if any, replaces the cover; the letter stays.
        own_cover = draft.case.templates.get(Channel.FAX)
        cover_context = template_context(draft, own=own_cover is not None)

        def cover(pages: int) -> str:
            fields = {**cover_context, "letter": text, "pages": pages}
            return _render_template("fax_cover", fields, own=own_cover, case_path=_case_path(draft))

        text = cover(count_pages(cover(1)))
    return _message(draft, text)


def finish(draft: Draft, text: str) -> Message:
    """The message for *text*, the writer's own edit of the rendered *draft*."""
    return _message(draft, plain_text(text))


def to_ascii(draft: Draft, message: Message) -> Message:
    """The message in plain ASCII, with a warning listing what was changed."""
    text, changed = to_ascii_text(message.text)
    if not changed:
        return message
    ascii_message = _message(draft, text)
    warning = notice(NoticeKind.ASCII, describe_changes(changed))
    return dataclasses.replace(ascii_message, warnings=[*ascii_message.warnings, warning])


SAMPLE_WRITER = Writer(
    name="Sam Sample", about="I am a sample writer.", place="1 Sample Street, Sampletown"
)
"""Who a case's own templates are tried with, when the case is read."""


def try_own_templates(case: Case) -> dict[Channel, str]:
    """Each of the case's own templates rendered once for a sample writer: why it fails.

    A fax's own template is its cover, tried with the letter's; a channel no
    official of the case can be reached by is not tried.
    """
    faults = {}
    for channel in case.templates:
        recipient = next((one for one in case.officials if channel in one.channels), None)
        if recipient is None:
            continue
        draft = Draft(
            case=case,
            writer=SAMPLE_WRITER,
            asks=tuple(case.asks.items[: case.asks.choose.min]) if case.asks else (),
            channel=channel,
            recipient=recipient,
            copies=case.copies_for(recipient),
            date=dt.date.today(),
        )
        try:
            render(draft)
        except (TemplateError, NotComposableError) as error:
            faults[channel] = f"{error} (tried with a sample writer)"
    return faults


def _message(draft: Draft, text: str) -> Message:
    fields: dict[str, Any] = {}
    where = _standing(draft)
    warnings = _warnings(draft, where)
    if draft.channel is Channel.TWEET:
        text, fields = tweet_fields(text)
    elif draft.channel is Channel.CALL:
        tel = dialled_for(draft, draft.recipient.phones[0].number).tel
        fields = call_fields(text, tel)
    elif draft.channel is Channel.WEB:
        fields = {"url": draft.recipient.web}
    elif draft.channel is Channel.EMAIL:
        text, fields = email_fields(draft, text)
        if len(fields["url"]) > MAILTO_LIMIT:
            warnings.append(
                notice(
                    NoticeKind.LONG_LINK,
                    f"the mailto: link is {len(fields['url']):,} characters; mail clients "
                    f"may cut it past {MAILTO_LIMIT:,}, so copy the text instead",
                )
            )
    else:
        pages = count_pages(text, posted=draft.channel is Channel.LETTER)
        fields = {"pages": pages}
        # A fax's cover may share the letter's page or not; the letter keeps to one.
        letter_pages = (
            count_pages(text.rpartition(_FAX_RULE)[2]) if draft.channel is Channel.FAX else pages
        )
        if letter_pages > 1:
            warnings.append(
                notice(
                    NoticeKind.PAGES,
                    f"the letter runs to {letter_pages} pages; keep it to one page: "
                    "choose fewer asks or shorten your sentence",
                )
            )
    return Message(
        case=draft.case.id,
        reference=draft.case.reference,
        channel=draft.channel,
        to=draft.recipient.id,
        recipient=draft.recipient.display_name,
        date=draft.date,
        deadline=str(draft.case.deadline) if draft.case.deadline else None,
        days_left=where.days_left if where is not None and where.timing is Timing.OPEN else None,
        language=draft.letter_language,
        text=text,
        warnings=warnings,
        notes=sending_notes(draft),
        **fields,
    )


def _standing(draft: Draft) -> Standing | None:
    """Where the letter's date stands; a letter dated today, to this moment too."""
    if draft.case.deadline is None:
        return None
    moment = now() if draft.date == dt.date.today() else None
    return standing(draft.case, draft.date, moment)


def _warnings(draft: Draft, where: Standing | None) -> list[Notice]:
    """What the writer should know before sending, whatever the text says."""
    case, warnings = draft.case, _timing(draft, where)
    language, recipient = draft.letter_language, draft.recipient
    frame = frame_for(language)
    if draft.channel in _WRITTEN and frame is not None:
        addressed = case.texts(language).officials.get(recipient.id, recipient)
        if addressed.salutation is None and frame.honorific_salutation(addressed.honorific) is None:
            warnings.append(
                notice(
                    NoticeKind.NO_SALUTATION,
                    f"the case gives no salutation for {recipient.display_name}; the "
                    f"message opens with '{frame.general_salutation}'",
                )
            )
    if frame is None and _own_template(draft) is None:
        warnings.append(
            notice(
                NoticeKind.LANGUAGE,
                f"the case asks for messages in `{language}`, which letterkit has no frame "
                "for, and has no template of its own: this draft's frame is in English",
            )
        )
    written_in = guess_language(draft.writer.about, language)
    if written_in is not None:
        warnings.append(_sentence_language(draft, written_in))
    if recipient.languages and language.split("-")[0] not in {
        one.split("-")[0] for one in recipient.languages
    }:
        warnings.append(
            notice(
                NoticeKind.LANGUAGE,
                f"{recipient.display_name} reads letters in {', '.join(recipient.languages)}; "
                f"this one is in {language}",
            )
        )
    return warnings


def _timing(draft: Draft, where: Standing | None) -> list[Notice]:
    """What the letter's date means against the case's deadline, or its age if it has none."""
    case = draft.case
    if where is None:
        return []  # an action that may be closed is said of the case: `may_be_closed`
    if where.timing is Timing.PASSED:
        return [
            notice(
                NoticeKind.DEADLINE_PASSED,
                f"the case's deadline ({case.deadline}) has passed: look for an update before "
                "sending",
            )
        ]
    if where.timing is Timing.EARLY:
        return [
            notice(
                NoticeKind.DEADLINE_NOT_OPEN,
                f"the case asks for letters {case.deadline}: this one is dated before that",
            )
        ]
    address = draft.recipient.posted_to
    if draft.channel is Channel.LETTER and address is not None and address.country:
        left = where.days_left or 0
        if left < FAR:
            faster = [one for one in case.accepted_channels if one in _FASTER]
            advice = f"the case also takes {', '.join(faster)}" if faster else "post it today"
            return [
                notice(
                    NoticeKind.LITTLE_TIME,
                    f"{days(left)} left, and a letter takes about {FAR} days to arrive "
                    f"abroad: {advice}",
                )
            ]
    return []


_FASTER = (Channel.FAX, Channel.EMAIL, Channel.TWEET, Channel.CALL)


def _sentence_language(draft: Draft, written_in: str) -> Notice:
    """The note for a writer's sentence in another language than their letter's."""
    letter = language_name(draft.letter_language, "en")
    text = (
        f"your sentence about yourself reads as {language_name(written_in, 'en')}, and the "
        f"letter is in {letter}: write it in {letter}"
    )
    if written_in in draft.case.letter_languages:
        text += f", or choose the letter in {language_name(written_in, 'en')}"
    return notice(NoticeKind.LANGUAGE, text)


def _case_path(draft: Draft) -> str | None:
    """Where the case's own templates are, if it has any."""
    # Read only then: the path is a private attribute of the model, slow to reach.
    return draft.case.path if draft.case.templates else None


def _own_template(draft: Draft) -> str | None:
    """The case's own template for the body of *draft*: a fax's body is its letter."""
    return draft.case.templates.get(
        Channel.LETTER if draft.channel is Channel.FAX else draft.channel
    )


def template_context(draft: Draft, *, own: bool = False) -> dict[str, Any]:
    """The variables a template of *draft* receives: a case's *own*, or a built-in one.

    A built-in template lays out what :class:`~letterkit.wording.Wording` words; a
    case's own gets the facts, and does its own wording.
    """
    texts = draft.case.texts(draft.letter_language)
    context: dict[str, Any] = {
        "case": draft.case,
        "writer": draft.writer,
        "asks": draft.asks,
        "recipient": draft.recipient,
        "copies": draft.copies,
        "date": format_date(draft.date, draft.letter_language),
        "variant": draft.variant,
        "channel": draft.channel.value,
        "language": draft.letter_language,
        "subject": texts.subject,
        "concern": texts.concern,
        "thanks": draft.case.kind is Kind.THANKS,
    }
    if not own:
        context["wording"] = Wording(draft)
    return context


def _tweets(draft: Draft, own: str | None, context: dict[str, Any]) -> str:
    """As many tweets as the asks need, a paragraph each: one, or a numbered thread."""

    def one(asks: list[Ask], first: bool) -> str:
        fields = {**context, "asks": tuple(asks), "continued": not first}
        text = _render_template("tweet", fields, own=own, case_path=_case_path(draft))
        return " ".join(text.split())

    return "\n\n".join(pack(draft.asks, one))


def format_date(date: dt.date, language: str) -> str:
    """The date as a letter in *language* writes it: ``25 November 2026``, ``25. November 2026``."""
    frame = frame_for(language)
    if frame is not None:
        return frame.date(date)
    from babel import Locale, UnknownLocaleError
    from babel.dates import format_date as babel_format_date

    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return date.isoformat()
    return babel_format_date(date, format="long", locale=locale)


def _render_template(
    name: str, context: dict[str, Any], *, own: str | None = None, case_path: str | None = None
) -> str:
    """A message made from a template: a tweet, a call, a fax's cover, or a case's own.

    Jinja2 is loaded only then: a letter, an email and a web message are laid out
    without it, and a scripted letter starts 15 ms sooner.
    """
    from letterkit.templates import render_template

    return render_template(name, context, own=own, case_path=case_path)
