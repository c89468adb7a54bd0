"""Call scripts: said in under a minute at a calm pace, with a ``tel:`` link to dial."""

from __future__ import annotations

from typing import Any

from letterkit.errors import NotComposableError
from letterkit.models import Official

WORDS_PER_MINUTE = 150
"""A calm speaking pace; a call script must fit in a minute at it."""
CALL_SECONDS = 60


def call_fields(recipient: Official, script: str) -> dict[str, Any]:
    """How long the script takes to say, and a ``tel:`` link for the first number."""
    spoken = script.partition("\n\n")[2]  # after the line saying whom to call
    seconds = round(len(spoken.split()) / WORDS_PER_MINUTE * 60)
    if seconds >= CALL_SECONDS:
        raise NotComposableError(
            f"the call script takes about {seconds} seconds to say; keep it under "
            f"{CALL_SECONDS}: shorten the sentence about yourself or choose fewer asks"
        )
    number = recipient.phones[0].number
    dialled = "".join(character for character in number if character.isdigit() or character == "+")
    return {"seconds": seconds, "url": f"tel:{dialled}"}
