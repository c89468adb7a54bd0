"""How to send a message, said after it: where, with which stamps, and whom to copy.

The advice fits the writer: the address named is the official's, and a case's
postage is given only to a writer posting from where it applies.
"""

from __future__ import annotations

from letterkit.countries import country_code, country_of
from letterkit.message import Draft, Notice, NoticeKind, notice
from letterkit.models import Case, Channel, Official
from letterkit.phones import dialled_for
from letterkit.postage import Rate

_MADE: dict[tuple[object, ...], tuple[Case, Official, list[Notice]]] = {}
"""Notes made before, by what they depend on: a batch's signers from one place share them.

The case and the official are kept with the notes, so that neither's id is reused
while the notes are kept; a recipient each signer supplies (their own MP) is an
object of its own for each signer, and gets notes of its own."""


def sending_notes(draft: Draft) -> list[Notice]:
    """How to send the message, from what the case says of the recipient and the copies."""
    key = (
        id(draft.case),
        id(draft.recipient),
        draft.channel,
        tuple(one.id for one in draft.copies),
        tuple(draft.writer.address_lines[-1:]),  # where the writer is: the last line says
    )
    made = _MADE.get(key)
    if made is not None and made[0] is draft.case and made[1] is draft.recipient:
        return list(made[2])
    notes = _notes(draft)
    if len(_MADE) >= 256:
        _MADE.clear()
    _MADE[key] = (draft.case, draft.recipient, notes)
    return list(notes)


def _notes(draft: Draft) -> list[Notice]:
    recipient, channel = draft.recipient, draft.channel
    notes = []
    if channel is Channel.LETTER:
        delivery = recipient.delivery
        where = (
            f"{recipient.display_name} at the address above the salutation"
            if delivery is None
            else f"{delivery.in_one_line}, through which letters reach them"
        )
        postage = _postage(draft)
        notes.append(notice(NoticeKind.SEND, f"Sign it and post it to {where}{postage}."))
        posted_to = recipient.posted_to
        if posted_to is not None and posted_to.country:
            notes.append(notice(NoticeKind.AIR_MAIL, _AIR_MAIL))
    elif channel is Channel.FAX:
        fax = dialled_for(draft, recipient.fax).shown if recipient.fax else ""
        notes.append(notice(NoticeKind.SEND, f"Sign it and fax it to {fax}."))
    elif channel is Channel.EMAIL:
        emails = ", ".join(recipient.emails)
        notes.append(notice(NoticeKind.SEND, f"Send it to {emails}, or open the mailto: link."))
    elif channel is Channel.WEB:
        notes.append(
            notice(NoticeKind.SEND, f"Open {recipient.web} and paste the message into its form.")
        )
    elif channel is Channel.CALL:
        numbers = " or ".join(dialled_for(draft, phone.number).shown for phone in recipient.phones)
        notes.append(
            notice(
                NoticeKind.SEND,
                f"Call {numbers}; read the script calmly, and be polite if cut short.",
            )
        )
    if draft.copies and channel in (Channel.LETTER, Channel.FAX):
        notes.append(notice(NoticeKind.COPIES, _COPIES))
    elif draft.copies and channel is Channel.EMAIL:
        copied = [address for one in draft.copies for address in one.emails[:1]]
        if copied:
            notes.append(
                notice(
                    NoticeKind.COPIES,
                    f"Copy it to {', '.join(copied)} (the mailto: link and the .eml do).",
                )
            )
    return notes


def _postage(draft: Draft) -> str:
    """The stamps to put on: the case's, where the writer posts from where they apply.

    A case prices its stamps from one country (an action by a Canadian section, from
    Canada); a writer elsewhere is told to ask their post office, never given another
    country's price.
    """
    recipient = draft.recipient
    rates, priced_in = recipient.postage, draft.case.postage_from
    posted_to = recipient.posted_to
    destination = f" to {_country(posted_to.country)}" if posted_to and posted_to.country else ""
    ask = f"; ask your post office for the stamps for a letter{destination}"
    if not rates or priced_in is None:
        return ask
    writer_in = country_of(draft.writer.address_lines)
    if writer_in is None:
        return f"{_stamps(rates)} if you post it in {priced_in}; elsewhere, ask your post office"
    return _stamps(rates) if writer_in == country_code(priced_in) else ask


_THE = frozenset({"netherlands", "philippines", "bahamas", "gambia", "maldives", "comoros"})
"""Countries English names with `the`, besides unions, republics, kingdoms and islands."""
_THE_FIRST = frozenset({"united", "uk", "usa", "us"})
_THE_LAST = frozenset({"republic", "islands", "kingdom", "federation", "emirates", "states"})


def _country(name: str) -> str:
    """*name* as English says it after `to`: `the Russian Federation`, `the UK`, `Russia`."""
    words = name.casefold().split()
    if not words or words[0] == "the":
        return name
    the = " ".join(words) in _THE or words[0] in _THE_FIRST or words[-1] in _THE_LAST
    return f"the {name}" if the else name


def _stamps(rates: list[Rate]) -> str:
    """What the note on posting says of the stamps: one rate, or one for each zone."""
    if not rates:
        return ""
    if len(rates) == 1:
        return f", with {rates[0]} in stamps"
    return ", with the stamps for where you post it from: " + ", ".join(map(str, rates))


_AIR_MAIL = "Going abroad? Mark the envelope AIR MAIL / PAR AVION."
_COPIES = "Send a copy to each official in the cc list."
