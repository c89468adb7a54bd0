"""What every case model shares: strictness, and the channels a message can go by."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Model(BaseModel):
    """Base of the case models: unknown keys are errors, values never change once read."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Channel(StrEnum):
    """A way of sending a message; the case says which ones it accepts.

    A call is possible wherever the case gives an official's phone number, listed
    in `channels` or not.
    """

    LETTER = "letter"
    FAX = "fax"
    EMAIL = "email"
    TWEET = "tweet"
    CALL = "call"
    WEB = "web"
    """A form, a social page or a petition online: the message to paste, and its link."""


_CONTACT_FIELD = {
    Channel.LETTER: "postal address",
    Channel.FAX: "fax number",
    Channel.EMAIL: "email address",
    Channel.TWEET: "Twitter handle",
    Channel.CALL: "phone number",
    Channel.WEB: "web form",
}


def contact_field(channel: Channel) -> str:
    """What an official needs to be reached by *channel*, in words."""
    return _CONTACT_FIELD[channel]
