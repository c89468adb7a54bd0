"""What the recognisers found: each value with its source line, and whether it is a guess."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Found:
    """A value read from the source: the lines it came from and, for a guess, why it is one."""

    value: Any
    line: int
    last: int | None = None
    guess: str | None = None

    @property
    def where(self) -> str:
        """``line 12`` or ``lines 12-15``."""
        if self.last is None or self.last == self.line:
            return f"line {self.line}"
        return f"lines {self.line}-{self.last}"


@dataclass
class FoundOfficial:
    """An official as the source gives them: a field's name to what was found for it."""

    fields: dict[str, Found] = field(default_factory=dict)
    lists: dict[str, list[Found]] = field(default_factory=dict)
    line: int = 0

    def add(self, name: str, found: Found) -> None:
        """Add *found* to the list *name* (emails, phones, twitter), once."""
        values = self.lists.setdefault(name, [])
        if all(one.value != found.value for one in values):
            values.append(found)


@dataclass
class FoundAction:
    """One action as the source gives it, field by field, with what could not be used."""

    fields: dict[str, Found] = field(default_factory=dict)
    asks: list[Found] = field(default_factory=list)
    ask_form: Found | None = None
    targets: list[FoundOfficial] = field(default_factory=list)
    copies: list[FoundOfficial] = field(default_factory=list)
    contact: dict[str, Found] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    """What was found and left out of the draft, for its author to know."""
    first_line: int = 1
    last_line: int = 1
