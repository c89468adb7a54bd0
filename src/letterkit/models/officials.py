"""Officials: whom a message goes to or is copied to, and every way the case gives to reach them."""

from __future__ import annotations

from functools import cached_property
from typing import Annotated, Any, Self

from pydantic import Field, WithJsonSchema, model_validator

from letterkit.fields import (
    Email,
    HeaderLine,
    LanguageTag,
    Line,
    OfficialId,
    PhoneNumber,
    TwitterHandle,
    WebAddress,
)
from letterkit.models.base import Channel, Model
from letterkit.postage import Postage
from letterkit.text import address_lines


class Address(Model):
    """A postal address as it goes on the envelope."""

    lines: list[Line] = Field(
        min_length=1, description="Street, town and postcode lines, without the country."
    )
    country: Line | None = Field(
        None, description="Written in capitals on the last line; leave out for a domestic address."
    )

    @property
    def in_one_line(self) -> str:
        """The address on one line, its country last: as a note or `show` gives it."""
        return ", ".join([*self.lines, *filter(None, [self.country])])


class Phone(Model):
    """A telephone number, with a note where the case gives one ("Chinese only")."""

    number: PhoneNumber
    note: Line | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_number(cls, value: Any) -> Any:
        return {"number": value} if isinstance(value, str) else value


PhoneEntry = Annotated[
    Phone,
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string"},
                {
                    "type": "object",
                    "properties": {"number": {"type": "string"}, "note": {"type": "string"}},
                    "required": ["number"],
                    "additionalProperties": False,
                },
            ]
        }
    ),
]


class Official(Model):
    """Someone a message is sent to or copied to, with every way the case gives to reach them.

    Every contact field is optional: a real official may be reachable only by post,
    only by phone, or only by email.
    """

    id: OfficialId
    honorific: HeaderLine | None = Field(None, description="Put before the name: `His Excellency`.")
    name: HeaderLine | None = Field(None, description="Leave out for a body such as `The Board`.")
    title: HeaderLine | None = None
    salutation: Line | None = Field(
        None,
        description="How a letter opens, as the case gives it: `Dear President Putin`, "
        "`Monsieur le Président`, `Dear Board Members:`. A comma (or the language's "
        "mark) is added unless it ends with its own.",
    )
    closing: Line | None = Field(
        None,
        description="The form of address a closing repeats, where it differs from the "
        "salutation: `Votre Altesse` after `Monseigneur`.",
    )
    languages: list[LanguageTag] = Field(
        [], description="The languages this official reads letters in, where the case says."
    )
    address: Address | None = None
    inside_address: list[Line] = Field(
        [],
        description="The letter's inside address line for line, as written, where it is not "
        "name, title and address in that order (a title before the name); printed as given.",
    )
    delivery: Address | None = Field(
        None,
        description="Where letters are posted when not to the address: `c/o the Embassy of "
        "Testland`, its street and town, and its country; the envelope carries it.",
    )
    twitter: list[TwitterHandle] = Field([])
    fax: PhoneNumber | None = None
    phones: list[PhoneEntry] = Field([])
    emails: list[Email] = Field([])
    web: WebAddress | None = Field(
        None, description="A form, petition or social page that takes a message for them."
    )
    postage: Postage = Field(
        [],
        description="For one letter, as the case gives it (`$2.65`, `1,10 €`, `CHF 2.00`), "
        "with a class or zone in parentheses; a list where it differs by zone.",
    )

    @model_validator(mode="after")
    def _named(self) -> Self:
        if self.name is None and self.title is None:
            raise ValueError("an official needs a name, a title or both")
        return self

    @property
    def address_block(self) -> list[str]:
        """The letter's inside address: as the case writes it, or name, title and address.

        Post offices read the last line as the destination, so the country goes
        there on its own, in capitals.
        """
        if self.inside_address:
            return list(self.inside_address)
        return self._block(self.address)

    @property
    def envelope_block(self) -> list[str]:
        """The envelope's address: the delivery address where letters go through another."""
        if self.delivery is not None:
            return self._block(self.delivery)
        return self.address_block

    @property
    def posted_to(self) -> Address | None:
        """The address letters are posted to: the delivery address, else the address."""
        return self.delivery or self.address

    def _block(self, address: Address | None) -> list[str]:
        lines = [self.display_name]
        if self.name and self.title:
            lines.append(self.title)
        if address is not None:
            lines.extend(address.lines)
            if address.country:
                lines.append(address.country.upper())
        return lines

    @property
    def name_and_title(self) -> str:
        """The name and title on one line, as a ``cc:`` list gives them."""
        if self.name and self.title:
            return f"{self.display_name}, {self.title}"
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name as it heads an address: honorific and name, else the title."""
        if self.name is None:
            return self.title or ""
        return f"{self.honorific} {self.name}" if self.honorific else self.name

    @cached_property
    def channels(self) -> list[Channel]:
        """The channels this official can be reached by, given the contacts the case holds."""
        have = {
            Channel.LETTER: bool(self.address or self.delivery or self.inside_address),
            Channel.FAX: self.fax is not None,
            Channel.EMAIL: bool(self.emails),
            Channel.TWEET: bool(self.twitter),
            Channel.CALL: bool(self.phones),
            Channel.WEB: self.web is not None,
        }
        return [channel for channel in Channel if have[channel]]


SUPPLIED_FIELDS = {
    "name": "their name, as the letter addresses them",
    "address": "their postal address (; between its lines)",
    "email": "their email address",
    "fax": "their fax number",
    "phone": "their phone number",
    "twitter": "their Twitter handle",
    "web": "the web form that takes their messages",
}
"""What a writer may give of an official the case cannot know, and how it is asked for."""

_CHANNEL_FIELD = {
    Channel.LETTER: "address",
    Channel.FAX: "fax",
    Channel.EMAIL: "email",
    Channel.TWEET: "twitter",
    Channel.CALL: "phone",
    Channel.WEB: "web",
}


class SuppliedRecipient(Model):
    """An official the case cannot name, whom each writer supplies: "your member of parliament".

    The case says who they are and how they may be reached; the writer gives their
    name and the contact the channel needs, checked as a case's official is.
    """

    id: OfficialId
    describe: Line = Field(description="Who they are to the writer: `your member of parliament`.")
    title: HeaderLine | None = Field(None, description="Their title: `Member of Parliament`.")
    channels: list[Channel] = Field(min_length=1, description="How they may be written to.")
    salutation: Line | None = Field(
        None,
        description="How a letter opens, `{name}` standing for the name the writer gives: "
        "`Dear {name}`. Without one, the language's own.",
    )
    find: Line | None = Field(
        None, description="Where a writer finds theirs: `https://members.parliament.example`."
    )

    def needs(self, channel: Channel) -> list[str]:
        """The fields a writer gives for a message by *channel*: the name and that contact."""
        return ["name", _CHANNEL_FIELD[channel]]

    def official(self, given: dict[str, str]) -> Official:
        """The official the writer supplied; raises pydantic's ValidationError if one is wrong."""
        address = given.get("address")
        salutation = None
        if self.salutation and given.get("name"):
            salutation = self.salutation.replace("{name}", given["name"])
        values = {
            "id": self.id,
            "name": given.get("name"),
            "title": self.title,
            "salutation": salutation,
            "address": {"lines": address_lines(address)} if address else None,
            "emails": [given["email"]] if given.get("email") else [],
            "fax": given.get("fax"),
            "phones": [given["phone"]] if given.get("phone") else [],
            "twitter": [given["twitter"]] if given.get("twitter") else [],
            "web": given.get("web"),
        }
        return Official.model_validate(values)
