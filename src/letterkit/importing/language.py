"""Which of the built-in languages a published action is written in, from its everyday words."""

from __future__ import annotations

import re

from letterkit.frames import built_in_languages, frame_for

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
MIN_SHARE = 1.5
"""How many times the next language's count the likeliest one's must be, to be said."""


def language_of(text: str) -> str | None:
    """The built-in language *text* is clearly written in, by its everyday words; else None."""
    words = [word.replace("’", "'") for word in _WORD.findall(text.casefold())]
    counts = []
    for language in built_in_languages():
        frame = frame_for(language)
        if frame is not None:
            counts.append((sum(word in frame.everyday_words for word in words), language))
    counts.sort(reverse=True)
    if not counts or counts[0][0] < 3:
        return None
    runner_up = counts[1][0] if len(counts) > 1 else 0
    return counts[0][1] if counts[0][0] >= MIN_SHARE * runner_up else None
