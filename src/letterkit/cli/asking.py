"""The writer's choices for ``compose``: taken from the options, or asked for one by one.

Every answer goes through the same check as its option (see
:mod:`letterkit.compose`), so a question and a flag can never disagree.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING

from letterkit.compose import (
    ALL,
    check_about,
    check_name,
    check_place,
    check_supplied_detail,
    choose_asks,
    choose_channel,
    choose_language,
    choose_recipient,
    make_draft,
    make_drafts,
    make_writer,
    parse_ask_numbers,
    parse_recipient_details,
    recipient_ids,
)
from letterkit.errors import ChoiceError, NotComposableError
from letterkit.message import Draft, Message, Writer
from letterkit.models import SUPPLIED_FIELDS, Case, Channel, Timing
from letterkit.profile import Profile
from letterkit.render import render
from letterkit.text import counted, did_you_mean, paragraphs, sentence
from letterkit.timing import now, standing, timing_line

if TYPE_CHECKING:
    from letterkit.cli.prompts import Questions


@dataclass(frozen=True)
class Choices:
    """What the options chose; ``None`` (or no asks) where a question must."""

    name: str | None = None
    place: str | None = None
    about: str | None = None
    asks: tuple[str, ...] = ()
    channel: str | None = None
    to: str | None = None
    language: str | None = None
    recipient: tuple[str, ...] = ()
    """A supplied recipient's details, as ``FIELD=VALUE``."""

    @property
    def ask_numbers(self) -> list[int]:
        """The asks given as options (``--ask 1 --ask '2 3'``), as numbers."""
        return [number for given in self.asks for number in parse_ask_numbers(given)]


def drafts_from_options(case: Case, choices: Choices, date: dt.date) -> list[Draft]:
    """Check the options alone: every missing value is an error naming its field."""
    writer = make_writer(choices.name, choices.about, choices.place)
    return make_drafts(
        case,
        writer,
        choices.ask_numbers,
        choices.channel,
        choices.to,
        date,
        language=choices.language,
        supplied=parse_recipient_details(choices.recipient),
    )


def ask_for_drafts(
    case: Case,
    choices: Choices,
    date: dt.date,
    questions: Questions,
    made_before: int = 0,
    profile: Profile | None = None,
) -> list[Draft]:
    """Ask for each value the options left out, checking each answer as it comes.

    The case is in view first: its title, what happened in short, the deadline and
    the days left, and how many messages the writer made for it already.
    """
    questions.say(f"{case.reference}: {case.title}" if case.reference else case.title, style="bold")
    questions.say(in_short(case.summary))
    where = standing(case, date, now())
    late = where is not None and where.timing is not Timing.OPEN
    when = timing_line(case, date, now())
    questions.say(sentence(when[0].upper() + when[1:]), style="yellow" if late else "")
    if made_before:
        made = counted(made_before, "message")
        questions.say(f"You have made {made} for this case (`letterkit journal --case {case.id}`).")
    for note in (case.instructions, case.about_yourself):
        if note:
            questions.say(note)

    profile = profile or Profile()
    language = _ask_for_language(case, choices, questions, profile.language)
    writer = _ask_for_writer(choices, questions, _in_language(case, language), profile)
    if choices.asks or case.asks is None:
        numbers = choices.ask_numbers
        choose_asks(case, numbers, language)
    else:
        numbers = ask_for_asks(case, questions, language)

    channels = list(case.accepted_channels)
    if choices.channel is not None or len(channels) == 1:
        channel = choose_channel(case, choices.channel)
    else:
        questions.say("\nHow will you send it?")
        questions.choices(channels)
        channel = questions.ask(
            "Channel, by number or name",
            lambda answer: choose_channel(case, pick(answer, channels, "channel")),
            "channel",
        )

    if choices.to is not None:
        supplied = _ask_for_details(case, choices.to, channel, choices, questions)
        return make_drafts(
            case, writer, numbers, channel, choices.to, date, language=language, supplied=supplied
        )
    ids = recipient_ids(case, channel)
    chosen = ids[0] if len(ids) == 1 else _ask_whom(case, ids, questions)
    if chosen == ALL:
        return make_drafts(case, writer, numbers, channel, ALL, date, language=language)
    supplied = _ask_for_details(case, chosen, channel, choices, questions)
    recipient = choose_recipient(case, chosen, channel, supplied)
    if case.supplied_recipient(chosen) is not None:
        draft = make_draft(
            case, writer, numbers, channel, chosen, date, language=language, supplied=supplied
        )
        return [draft]
    others = [
        one.display_name
        for one in case.officials
        if one.id != recipient.id and channel in one.channels
    ]
    if others and questions.confirm(
        f"Also make one for each official to copy ({', '.join(others)})?", all_is_yes=True
    ):
        return make_drafts(case, writer, numbers, channel, ALL, date, language=language)
    return [make_draft(case, writer, numbers, channel, recipient.id, date, language=language)]


def _ask_whom(case: Case, ids: list[str], questions: Questions) -> str:
    questions.say("\nWhom will you write to?")
    labels = []
    for one in ids:
        spec = case.supplied_recipient(one)
        official = case.official(one)
        if spec is not None:
            labels.append(f"{one} ({spec.describe}: you give their details)")
        elif official is not None:
            labels.append(f"{one} ({official.display_name})")

    def known(answer: str) -> str:
        chosen = pick(answer, ids, "to").strip().lower()
        if chosen == ALL:
            return ALL
        if chosen not in ids:
            raise ChoiceError(
                "to", f"choose one of {', '.join(ids)}, or all" + did_you_mean(chosen, ids)
            )
        return chosen

    questions.choices(labels)
    return questions.ask("Recipient, by number or id (all: one each)", known, "to")


def _ask_for_details(
    case: Case, chosen: str, channel: Channel, choices: Choices, questions: Questions
) -> dict[str, str]:
    """A supplied recipient's details: from the options, and asked for where they are missing."""
    given = parse_recipient_details(choices.recipient)
    spec = case.supplied_recipient(chosen.strip().lower())
    if spec is None:
        return given
    if spec.find:
        questions.say(f"Find {spec.describe}: {spec.find}")
    for field in spec.needs(channel):
        if not given.get(field):
            what = SUPPLIED_FIELDS[field]
            given[field] = questions.ask(
                f"{what[0].upper()}{what[1:]} ({spec.describe})",
                partial(check_supplied_detail, spec, field),
                "recipient",
            )
    return given


def _ask_for_language(
    case: Case, choices: Choices, questions: Questions, preferred: str | None = None
) -> str:
    languages = case.letter_languages
    if choices.language is not None or len(languages) == 1:
        return choose_language(case, choices.language)
    from letterkit.frames import language_name

    questions.say("\nThe case gives its letter in several languages.")
    questions.choices([f"{tag} ({language_name(tag)})" for tag in languages])
    return questions.ask(
        "Language of your letter, by number or code",
        lambda answer: choose_language(case, pick(answer, languages, "language")),
        "language",
        default=preferred if preferred in languages else case.language_of_letters,
    )


def _in_language(case: Case, language: str) -> str:
    """How the question for the writer's sentence names a language other than the case's."""
    if language == case.language:
        return ""
    from letterkit.frames import language_name

    return f", in {language_name(language)}"


def _ask_for_writer(
    choices: Choices, questions: Questions, in_language: str = "", profile: Profile | None = None
) -> Writer:
    """The writer's name, address and sentence; the profile's are offered (Enter keeps them)."""
    kept = profile or Profile()
    name = (
        check_name(choices.name)
        if choices.name is not None
        else questions.ask("Your name, as you sign", check_name, "name", default=kept.name)
    )
    place = (
        check_place(choices.place)
        if choices.place is not None
        else questions.ask(
            "Your postal address or town, for a reply (optional; `;` between lines)",
            check_place,
            "place",
            default=kept.address.replace("\n", "; ") if kept.address else None,
        )
    )
    about = (
        check_about(choices.about)
        if choices.about is not None
        else questions.ask(
            f"Your sentence about yourself{in_language}", check_about, "about", default=kept.about
        )
    )
    return make_writer(name, about, place)  # a name typed again in the address is left out


def render_until_sendable(
    case: Case, drafts: list[Draft], questions: Questions
) -> list[tuple[Draft, Message]]:
    """Render the drafts; ask again for the sentence and asks while they cannot be sent."""
    while True:
        try:
            made = [(draft, render(draft)) for draft in drafts]
        except NotComposableError as error:
            questions.say(f"{error}.", style="yellow")
            about = questions.ask(
                "Your sentence about yourself",
                check_about,
                "about",
                number=questions.numbers.get("about"),
            )
            drafts = _with_asks(case, drafts, questions, about)
            continue
        threads = [len(message.tweets) for _, message in made if len(message.tweets) > 1]
        if threads and case.asks is not None and _fewer_asks(questions, max(threads)):
            drafts = _with_asks(case, drafts, questions, drafts[0].writer.about)
            continue
        for draft, message in made:
            questions.say(
                f"\nYour {draft.channel} to {draft.recipient.display_name}:\n", style="bold"
            )
            questions.say(message.text)
        return made


def _fewer_asks(questions: Questions, tweets: int) -> bool:
    """Whether the writer would rather choose fewer asks than send a thread of *tweets*."""
    questions.say(
        f"\nThe asks you chose need a thread of {tweets} tweets, numbered 1/{tweets} on.",
        style="yellow",
    )
    return questions.confirm("Choose fewer asks, to fit one tweet, instead?", default=False)


def _with_asks(case: Case, drafts: list[Draft], questions: Questions, about: str) -> list[Draft]:
    """*drafts* with the writer's sentence *about* and the asks asked for again.

    The asks are shown as the tweet or call says them (their short forms), under
    the question's own number. The same recipients, copies and date stay.
    """
    language = drafts[0].letter_language
    short = drafts[0].channel in (Channel.TWEET, Channel.CALL)
    numbers = ask_for_asks(case, questions, language, short=short) if case.asks else []
    writer = replace(drafts[0].writer, about=about)
    asks = choose_asks(case, numbers, language)
    return [replace(draft, writer=writer, asks=asks) for draft in drafts]


def ask_for_asks(
    case: Case, questions: Questions, language: str | None = None, *, short: bool = False
) -> list[int]:
    """Show the asks, numbered, in the letter's language, and ask which to include.

    With *short*, each as a tweet or call says it. Asked again, the question keeps
    its number.
    """
    if case.asks is None:
        return []
    questions.say(f"\nThe asks: choose {case.asks.choose.span}, in the order you want them.")
    asks = case.texts(language).asks
    questions.choices([(ask.short or ask.text) if short else ask.text for ask in asks])

    def check_asks(answer: str) -> list[int]:
        chosen = parse_ask_numbers(answer)
        choose_asks(case, chosen, language)
        return chosen

    return questions.ask(
        "Your asks, by number (e.g. 1 3)", check_asks, "asks", number=questions.numbers.get("asks")
    )


def in_short(summary: str, limit: int = 280) -> str:
    """A summary's first sentences, up to about *limit* characters: the case at a glance."""
    first = paragraphs(summary)[0] if summary.strip() else ""
    if len(first) <= limit:
        return first
    sentences = re.split(r"(?<=[.!?])\s+", first)
    short = sentences[0]
    for one in sentences[1:]:
        if len(short) + 1 + len(one) > limit:
            break
        short += " " + one
    return short if len(short) <= limit else short[: limit - 1].rsplit(" ", 1)[0] + "…"


def pick(answer: str, options: Sequence[str], field: str) -> str:
    """An answer given as a number in *options*, or as the option itself.

    A number past the list is refused here, naming the numbers there are: it is
    no option's name either.
    """
    answer = answer.strip()
    if answer.isascii() and answer.isdigit():
        if 1 <= int(answer) <= len(options):
            return options[int(answer) - 1]
        raise ChoiceError(
            field, f"choose a number from 1 to {len(options)}, or one of {', '.join(options)}"
        )
    return answer
