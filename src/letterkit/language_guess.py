"""Which built-in language a short text is in, from the everyday words of each frame.

A writer's sentence or a case's title is a handful of words: too few for a
statistical model to be sure of, but enough to hold "je", "suis" or "ich". Each
frame's catalogue lists everyday words no other built-in language shares (see
:attr:`letterkit.frames.Frame.everyday_words`); a text is said to be in another
language only when it holds none of its expected language's words and at least
two of one other's. Anything less certain says nothing: a wrong note is worse
than none.
"""

from __future__ import annotations

import re

from letterkit.frames import built_in_languages, frame_for

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
MIN_WORDS = 2
"""Everyday words of another language a text must hold before it is said to be in it."""


def guess_language(text: str, expected: str) -> str | None:
    """The built-in language *text* is clearly in, if that is not *expected*; else None.

    None, too, where letterkit has no frame for *expected* and so cannot tell.
    """
    expected_frame = frame_for(expected)
    if expected_frame is None:
        return None
    words = _WORD.findall(text.casefold().replace("’", "'"))
    if not expected_frame.everyday_words.isdisjoint(words):  # as nearly always: in one pass
        return None
    counts = {}
    expected_language = expected.split("-")[0].lower()
    for language in built_in_languages():
        frame = frame_for(language)
        if frame is not None and language != expected_language:
            counts[language] = sum(word in frame.everyday_words for word in words)
    best = max(counts.values(), default=0)
    leaders = [language for language, count in counts.items() if count == best]
    return leaders[0] if best >= MIN_WORDS and len(leaders) == 1 else None
