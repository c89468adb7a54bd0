"""A writer's choices, checked against a case: the draft a message is rendered from.

Each check raises :class:`letterkit.errors.ChoiceError` naming the field it is
about (``name``, ``asks``, ``channel``, ``to``, ...), with a message a writer can
act on; the command line names the matching option, batch the matching column.
The interactive prompts, scripted options and batch rows all go through these
same checks.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from letterkit.errors import ChoiceError
from letterkit.message import Draft, Writer
from letterkit.models import Ask, Case, Channel, Official, contact_field
from letterkit.text import one_line

MAX_NAME = 300
MAX_PLACE = 300
MAX_ABOUT = 1_000


def make_writer(name: str | None, about: str | None, place: str | None = None) -> Writer:
    """Check the writer's own text and make it plain: one line each, no control characters."""
    return Writer(name=check_name(name), about=check_about(about), place=check_place(place))


def check_name(name: str | None) -> str:
    """The writer's name as they sign, on one line."""
    return _required_line(name, "name", "your name", MAX_NAME)


def check_about(about: str | None) -> str:
    """The writer's sentence about themselves, on one line."""
    return _required_line(about, "about", "your sentence about yourself", MAX_ABOUT)


def check_place(place: str | None) -> str | None:
    """Where the writer lives, if they say; nothing if empty."""
    text = one_line(place or "")
    if len(text) > MAX_PLACE:
        raise ChoiceError("place", f"the place is {len(text):,} characters; {MAX_PLACE} at most")
    return text or None


def _required_line(value: str | None, field: str, what: str, limit: int) -> str:
    text = one_line(value or "")
    if not text:
        raise ChoiceError(field, f"{what} is required")
    if len(text) > limit:
        raise ChoiceError(field, f"{what} is {len(text):,} characters; {limit:,} at most")
    return text


_ASK_SEPARATORS = re.compile(r"[\s,;]+")


def parse_ask_numbers(text: str) -> list[int]:
    """Read ask numbers as a writer types them: ``1 3``, ``1,3`` or ``1;3``."""
    numbers = []
    for word in _ASK_SEPARATORS.split(text.strip()):
        if not word:
            continue
        if not (word.isascii() and word.isdigit()):
            raise ChoiceError("asks", f"`{word}` is not an ask number; type numbers like 1 3")
        if len(word) > 4:  # no case has ten thousand asks; and Python reads no 5,000 digits
            raise ChoiceError("asks", f"there is no ask {word[:12]}{'…' if len(word) > 12 else ''}")
        numbers.append(int(word))
    return numbers


def choose_asks(case: Case, numbers: Sequence[int], language: str | None = None) -> tuple[Ask, ...]:
    """The asks with these numbers (counted from 1), in the order the writer chose them.

    They are given in *language*, one the case gives its texts in.
    """
    if case.asks is None:
        if numbers:
            raise ChoiceError(
                "asks", "this case has no asks to choose: its model letter makes its requests"
            )
        return ()
    items, wanted = case.texts(language).asks, case.asks.choose
    for number in numbers:
        if not 1 <= number <= len(items):
            raise ChoiceError("asks", f"there is no ask {number}; the asks are 1 to {len(items)}")
    if len(set(numbers)) != len(numbers):
        repeated = min(number for number in numbers if list(numbers).count(number) > 1)
        raise ChoiceError("asks", f"ask {repeated} is chosen more than once")
    if not wanted.min <= len(numbers) <= wanted.max:
        raise ChoiceError(
            "asks", f"choose {wanted.span} asks of the {len(items)}; you chose {len(numbers)}"
        )
    return tuple(items[number - 1] for number in numbers)


def choose_language(case: Case, language: str | None) -> str:
    """The letter's language: one the case gives its texts in, by default its own."""
    if language is None or not language.strip():
        return case.language_of_letters
    wanted = language.strip()
    for offered in case.letter_languages:
        if offered.casefold() == wanted.casefold():
            return offered
    raise ChoiceError(
        "language",
        f"this case gives its letter in {', '.join(case.letter_languages)}, not `{wanted}`",
    )


def choose_channel(case: Case, name: str | None) -> Channel:
    """The channel called *name*, if the case accepts it; the only one if there is one."""
    channels = case.accepted_channels
    accepted = ", ".join(channels)
    if name is None or not name.strip():
        if len(channels) == 1:
            return channels[0]
        raise ChoiceError("channel", f"choose how to send it: {accepted}")
    try:
        channel = Channel(name.strip().lower())
    except ValueError:
        raise ChoiceError("channel", f"no channel `{name}`; this case accepts {accepted}") from None
    if channel not in channels:
        raise ChoiceError(
            "channel", f"this case does not ask for {channel}s; it accepts {accepted}"
        )
    return channel


def choose_recipient(case: Case, official_id: str | None, channel: Channel) -> Official:
    """The official to write to: the one with this id, or the only target reachable by *channel*."""
    if official_id is None or not official_id.strip():
        reachable = [target for target in case.targets if channel in target.channels] or [
            official for official in case.copies if channel in official.channels
        ]  # a call may reach only an embassy
        if len(reachable) == 1:
            return reachable[0]
        raise ChoiceError(
            "to", f"choose whom to write to: {', '.join(one.id for one in reachable)}"
        )
    official = case.official(official_id.strip().lower())
    if official is None:
        raise ChoiceError(
            "to", f"no official `{official_id}` in this case; choose from {describe_ids(case)}"
        )
    if channel not in official.channels:
        others = ", ".join(official.channels) or "no channel letterkit knows"
        raise ChoiceError(
            "to",
            f"the case gives {official.display_name} no {contact_field(channel)}; "
            f"they can be reached by {others}",
        )
    return official


def parse_date(given: str | None) -> dt.date:
    """The date given as YYYY-MM-DD, or today if none is given."""
    if given is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(given.strip())
    except ValueError:
        raise ChoiceError("date", f"`{given}` is not a date; write it as YYYY-MM-DD") from None


def describe_ids(case: Case) -> str:
    """The official ids a writer may type, each marked target or copy."""
    return ", ".join(
        [f"{one.id} (target)" for one in case.targets]
        + [f"{one.id} (copy)" for one in case.copies]
        + ["all (one each)"]
    )


ALL = "all"
"""The recipient that means one message to each official the channel reaches."""


def make_drafts(
    case: Case,
    writer: Writer,
    ask_numbers: Sequence[int],
    channel: str | None,
    to: str | None,
    date: dt.date | None = None,
    variant: int = 0,
    *,
    language: str | None = None,
) -> list[Draft]:
    """One draft, or with ``to="all"`` one for each official the channel reaches.

    Each lists the others under cc; officials the channel cannot reach are left
    out (:func:`unreachable` names them).
    """
    if to is None or to.strip().lower() != ALL:
        return [
            make_draft(case, writer, ask_numbers, channel, to, date, variant, language=language)
        ]
    chosen_channel = choose_channel(case, channel)
    reachable = [one for one in case.officials if chosen_channel in one.channels]
    if not reachable:
        raise ChoiceError("to", f"no official in this case has a {contact_field(chosen_channel)}")
    return [
        make_draft(
            case, writer, ask_numbers, chosen_channel, one.id, date, variant, language=language
        )
        for one in reachable
    ]


def unreachable(case: Case, channel: Channel) -> list[str]:
    """Why each official is left out of a message to all by *channel*, one line each."""
    return [
        f"{one.display_name} has no {contact_field(channel)} in the case "
        f"(reach them by {', '.join(one.channels) or 'no channel letterkit knows'})"
        for one in case.officials
        if channel not in one.channels
    ]


def make_draft(
    case: Case,
    writer: Writer,
    ask_numbers: Sequence[int],
    channel: str | None,
    to: str | None,
    date: dt.date | None = None,
    variant: int = 0,
    *,
    language: str | None = None,
) -> Draft:
    """Check every choice against the case and gather what the message is made of."""
    chosen_language = choose_language(case, language)
    chosen_channel = choose_channel(case, channel)
    recipient = choose_recipient(case, to, chosen_channel)
    return Draft(
        case=case,
        writer=writer,
        asks=choose_asks(case, ask_numbers, chosen_language),
        channel=chosen_channel,
        recipient=recipient,
        copies=case.copies_for(recipient),
        date=date or dt.date.today(),
        variant=variant,
        language=chosen_language,
    )
