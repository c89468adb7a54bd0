"""What a letter says, as a case gives it: its kind, its model letter, and other languages.

A model letter is plain text with two named slots, never a template: ``{about}``
where the writer's sentence goes and, on a line of its own, ``{asks}`` where the
asks they choose go. ``{{`` and ``}}`` stand for braces.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, Field

from letterkit.fields import HeaderLine, Line, OfficialId, Prose
from letterkit.models.asks import Ask
from letterkit.models.base import Model

SLOTS = {"about": "the writer's sentence about themselves", "asks": "the asks they choose"}
"""The slots a model letter may hold, and what goes in each."""
_SLOT = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


class Kind(StrEnum):
    """What a letter is: an appeal asks for something; a thank-you letter asks for nothing."""

    APPEAL = "appeal"
    THANKS = "thanks"


def slots_of(paragraph: str) -> list[str]:
    """The names of the slots in *paragraph*, in order (``{{`` and ``}}`` are braces)."""
    return [match[1] for match in _SLOT.finditer(paragraph) if match[1] is not None]


def fill_slots(paragraph: str, values: dict[str, str]) -> str:
    """*paragraph* with each slot replaced by its value, and doubled braces made single."""

    def replace(match: re.Match[str]) -> str:
        if match[1] is None:
            return match[0][0]
        return values[match[1]]

    return _SLOT.sub(replace, paragraph)


def _check_slots(text: str) -> str:
    seen: list[str] = []
    for paragraph in text.split("\n\n"):
        for name in slots_of(paragraph):
            if name not in SLOTS:
                known = ", ".join(f"{{{slot}}} ({what})" for slot, what in SLOTS.items())
                raise ValueError(
                    f"a model letter has no slot {{{name}}}; its slots are {known} "
                    "(write {{ and }} for a brace)"
                )
            if name in seen:
                raise ValueError(f"the slot {{{name}}} appears twice; put it in one place")
            seen.append(name)
        if "asks" in slots_of(paragraph) and paragraph.strip() != "{asks}":
            raise ValueError("put {asks} on a line of its own: the asks go in as paragraphs")
    return text


ModelLetter = Annotated[Prose, AfterValidator(_check_slots)]
"""A letter as the organisation published it, between its salutation and its closing."""


class OfficialWords(Model):
    """How a letter in another language names and addresses an official.

    A title or honorific left out stays as the case gives it; a salutation left
    out is the language's own (from the honorific, or the general one), never
    the case's in its own language.
    """

    honorific: HeaderLine | None = Field(None, description="`Son Excellence`, `S. E.`.")
    title: HeaderLine | None = Field(None, description="`Président de la Fédération de Russie`.")
    salutation: Line | None = Field(None, description="`Monsieur le Président`.")
    closing: Line | None = Field(
        None, description="The form of address the closing repeats, if not the salutation's."
    )


class Translation(Model):
    """A case's letter texts in another language; what it leaves out is not offered there."""

    title: HeaderLine | None = None
    subject: HeaderLine | None = Field(None, description="The Re: line and email subject.")
    concern: Prose | None = None
    asks: list[Ask] | None = Field(
        None, description="The same asks, in the same order, in this language."
    )
    model_letter: ModelLetter | None = None
    officials: dict[OfficialId, OfficialWords] = Field(
        {},
        description="By official id: their title and honorific, and how a letter in this "
        "language addresses them.",
    )
