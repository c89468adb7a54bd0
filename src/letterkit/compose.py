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
from collections.abc import Mapping, Sequence

from pydantic import ValidationError

from letterkit.errors import ChoiceError, RecipientDetailError
from letterkit.message import Draft, Writer
from letterkit.models import (
    SUPPLIED_FIELDS,
    Ask,
    Case,
    Channel,
    Official,
    SuppliedRecipient,
    contact_field,
)
from letterkit.text import address_lines, did_you_mean, one_line, without_name

MAX_NAME = 300
MAX_PLACE = 300
MAX_ABOUT = 1_000


def make_writer(name: str | None, about: str | None, place: str | None = None) -> Writer:
    """Check the writer's own text and make it plain: one line each, no control characters.

    A name typed again as the first line of the address is left out of it: the
    letter prints the name above the address already.
    """
    signed = check_name(name)
    lines = without_name(address_lines(check_place(place)), signed)
    return Writer(name=signed, about=check_about(about), place="\n".join(lines) or None)


def check_name(name: str | None) -> str:
    """The writer's name as they sign, on one line."""
    return _required_line(name, "name", "your name", MAX_NAME)


def check_about(about: str | None) -> str:
    """The writer's sentence about themselves, on one line."""
    return _required_line(about, "about", "your sentence about yourself", MAX_ABOUT)


def check_place(place: str | None) -> str | None:
    """Where the writer lives, if they say, its lines (new lines or `;` between) one each."""
    text = "\n".join(address_lines(place))
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
    from letterkit.frames import language_name

    for offered in case.letter_languages:  # `français`, `French`
        names = {language_name(offered).casefold(), language_name(offered, "en").casefold()}
        if wanted.casefold() in names:
            return offered
    near = [one for one in case.letter_languages if wanted[:2].casefold() == one[:2].casefold()]
    hint = f": did you mean `{near[0]}`?" if near else did_you_mean(wanted, case.letter_languages)
    raise ChoiceError(
        "language",
        f"this case gives its letter in {', '.join(case.letter_languages)}, not `{wanted}`{hint}",
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
        raise ChoiceError(
            "channel",
            f"no channel `{name}`; this case accepts {accepted}" + did_you_mean(name, channels),
        ) from None
    if channel not in channels:
        raise ChoiceError(
            "channel", f"this case does not take {_A_CHANNEL[channel]}; it accepts {accepted}"
        )
    return channel


_A_CHANNEL = {
    Channel.LETTER: "letters",
    Channel.FAX: "faxes",
    Channel.EMAIL: "emails",
    Channel.TWEET: "tweets",
    Channel.CALL: "calls",
    Channel.WEB: "messages through a web form",
}
"""A channel's messages, as a sentence says them."""


def choose_recipient(
    case: Case,
    official_id: str | None,
    channel: Channel,
    supplied: Mapping[str, str] | None = None,
) -> Official:
    """The official to write to: the one with this id, or the only one *channel* reaches.

    A recipient the writer supplies ("your member of parliament") is made from
    *supplied*: their name and the contact *channel* needs.
    """
    if official_id is None or not official_id.strip():
        reachable = recipient_ids(case, channel)
        if len(reachable) == 1:
            return choose_recipient(case, reachable[0], channel, supplied)
        raise ChoiceError("to", f"choose whom to write to: {', '.join(reachable)}")
    wanted = official_id.strip().lower()
    spec = case.supplied_recipient(wanted)
    if spec is not None:
        return supplied_official(spec, channel, supplied or {})
    if supplied and not case.supplied:
        raise ChoiceError("recipient", "this case names all its officials: none is yours to give")
    official = case.official(wanted)
    if official is None:
        known = [one.id for one in case.officials] + [one.id for one in case.supplied] + [ALL]
        raise ChoiceError(
            "to",
            f"no official `{official_id}` in this case; choose from {describe_ids(case)}"
            + did_you_mean(wanted, known),
        )
    if channel not in official.channels:
        others = ", ".join(official.channels) or "no channel letterkit knows"
        raise ChoiceError(
            "to",
            f"the case gives {official.display_name} no {contact_field(channel)}; "
            f"they can be reached by {others}",
        )
    return official


def recipient_ids(case: Case, channel: Channel) -> list[str]:
    """Whom *channel* can reach: its targets (else its copies), then supplied recipients."""
    officials = [one for one in case.targets if channel in one.channels] or [
        one for one in case.copies if channel in one.channels
    ]  # a call may reach only an embassy
    return [one.id for one in officials] + [
        one.id for one in case.supplied if channel in one.channels
    ]


def supplied_official(
    spec: SuppliedRecipient, channel: Channel, given: Mapping[str, str]
) -> Official:
    """The official a writer supplies, checked as a case's official is.

    Errors name the field (``recipient``) and the detail at fault (``email=``).
    """
    if channel not in spec.channels:
        raise ChoiceError(
            "to", f"{spec.describe} is written to by {', '.join(spec.channels)}, not {channel}"
        )
    unknown = sorted(set(given) - set(SUPPLIED_FIELDS))
    if unknown:
        raise ChoiceError(
            "recipient",
            f"`{unknown[0]}` is not a detail of a recipient; give {', '.join(SUPPLIED_FIELDS)}",
        )
    for field in spec.needs(channel):
        if not (given.get(field) or "").strip():
            raise RecipientDetailError(
                field, f"{SUPPLIED_FIELDS[field]} ({spec.describe})", missing=True
            )
    return _official(spec, given)


def check_supplied_detail(spec: SuppliedRecipient, field: str, value: str) -> str:
    """One detail of a supplied recipient, checked alone (as a question asks for it)."""
    text = one_line(value)
    if not text:
        raise RecipientDetailError(field, SUPPLIED_FIELDS[field], missing=True)
    _official(spec, {"name": "A", field: text} if field != "name" else {"name": text})
    return text


def parse_recipient_details(items: Sequence[str]) -> dict[str, str]:
    """``FIELD=VALUE`` pairs, as options and sheets give a supplied recipient's details."""
    details = {}
    for item in items:
        field, equals, value = item.partition("=")
        if not equals:
            raise ChoiceError(
                "recipient", f"`{item}` is not FIELD=VALUE, e.g. `name=Jo Example MP`"
            )
        details[field.strip().lower()] = value.strip()
    return details


def _official(spec: SuppliedRecipient, given: Mapping[str, str]) -> Official:
    try:
        return spec.official({key: one_line(value) for key, value in given.items()})
    except ValidationError as error:
        detail = error.errors()[0]
        field = _SUPPLIED_FIELD_OF.get(str(detail["loc"][0]), str(detail["loc"][0]))
        message = str(detail["msg"]).removeprefix("Value error, ")
        raise RecipientDetailError(field, message) from None


_SUPPLIED_FIELD_OF = {"emails": "email", "phones": "phone", "address": "address"}
"""An official's field, as the detail a writer gives for it."""


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
        + [f"{one.id} ({one.describe})" for one in case.supplied]
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
    supplied: Mapping[str, str] | None = None,
) -> list[Draft]:
    """One draft, or with ``to="all"`` one for each official the channel reaches.

    Each lists the others under cc; officials the channel cannot reach are left
    out (:func:`unreachable` names them). *supplied* gives a recipient the writer
    supplies (see :func:`supplied_official`).
    """
    if to is None or to.strip().lower() != ALL:
        return [
            make_draft(
                case,
                writer,
                ask_numbers,
                channel,
                to,
                date,
                variant,
                language=language,
                supplied=supplied,
            )
        ]
    chosen_channel = choose_channel(case, channel)
    # Supplied recipients first, as targets are: the writer named them for this message.
    ids = [one.id for one in case.supplied if chosen_channel in one.channels]
    ids += [one.id for one in case.officials if chosen_channel in one.channels]
    if not ids:
        raise ChoiceError("to", f"no official in this case has a {contact_field(chosen_channel)}")
    return [
        make_draft(
            case,
            writer,
            ask_numbers,
            chosen_channel,
            one,
            date,
            variant,
            language=language,
            supplied=supplied,
        )
        for one in ids
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
    supplied: Mapping[str, str] | None = None,
) -> Draft:
    """Check every choice against the case and gather what the message is made of."""
    chosen_language = choose_language(case, language)
    chosen_channel = choose_channel(case, channel)
    recipient = choose_recipient(case, to, chosen_channel, supplied)
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
