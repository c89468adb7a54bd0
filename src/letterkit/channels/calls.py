"""Call scripts: said in under a minute at a calm pace, with a ``tel:`` link to dial."""

from __future__ import annotations

from typing import Any

from letterkit.errors import NotComposableError

WORDS_PER_MINUTE = 150
"""A calm speaking pace; a call script must fit in a minute at it."""
CALL_SECONDS = 60


def call_fields(script: str, tel: str) -> dict[str, Any]:
    """How long the script takes to say, and the ``tel:`` link to the number *tel*."""
    spoken = script.partition("\n\n")[2]  # after the line saying whom to call
    seconds = round(len(spoken.split()) / WORDS_PER_MINUTE * 60)
    if seconds >= CALL_SECONDS:
        raise NotComposableError(
            f"the call script takes about {seconds} seconds to say; keep it under "
            f"{CALL_SECONDS}: shorten the sentence about yourself or choose fewer asks"
        )
    return {"seconds": seconds, "url": f"tel:{tel}"}
