"""Asks: the points a writer chooses among, as clauses or as whole sentences."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, ValidationInfo, field_validator

from letterkit.fields import Line, Prose
from letterkit.models.base import Model

MAX_ASKS = 50


class AskForm(StrEnum):
    """How an ask is written: to follow the letter's lead-in, or as a sentence of its own."""

    CLAUSE = "clause"
    """`release him immediately`: the letter leads in (`I urge you to ...`)."""
    SENTENCE = "sentence"
    """`Please release him immediately.`: printed as the case gives it."""


class ChooseRange(Model):
    """How many asks a writer picks."""

    min: int = Field(ge=1)
    max: int = Field(ge=1)

    @property
    def span(self) -> str:
        """How many, in words: ``2 to 3``, or ``2``."""
        return str(self.min) if self.min == self.max else f"{self.min} to {self.max}"


class Ask(Model):
    """One point a writer may include, in full for letters and short for tweets and calls."""

    text: Prose = Field(
        description="As the case gives it: a clause that follows `I urge you to`, or a "
        "whole sentence (see `form`)."
    )
    short: Line | None = Field(
        None,
        max_length=200,
        description="A few words that fit in a tweet or a call; needed where the case "
        "offers either.",
    )
    form: AskForm | None = Field(None, description="clause or sentence; by default the asks'.")


class Asks(Model):
    """The points a writer chooses from, and how many to choose."""

    instruction: Line | None = None
    form: AskForm = Field(
        AskForm.CLAUSE, description="How the asks are written: clause (the default) or sentence."
    )
    items: list[Ask] = Field(min_length=1, max_length=MAX_ASKS)
    choose: ChooseRange

    @field_validator("choose")
    @classmethod
    def _choosable(cls, choose: ChooseRange, info: ValidationInfo) -> ChooseRange:
        if choose.min > choose.max:
            raise ValueError(f"choose.min ({choose.min}) is more than choose.max ({choose.max})")
        items = info.data.get("items")
        if items is not None and choose.max > len(items):
            raise ValueError(f"choose.max ({choose.max}) is more than the {len(items)} asks given")
        return choose
