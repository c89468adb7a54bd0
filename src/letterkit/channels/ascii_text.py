"""Plain ASCII, as fax gateways and old mail systems need it.

Curly quotes and dashes become straight ones and letters are transliterated
(``Мария`` becomes ``Mariia``); what was changed is listed, so that a writer can
check names.
"""

from __future__ import annotations

import re

from letterkit.text import counted

SHOWN_CHANGES = 12
"""Kinds of character listed one by one in the warning; the rest are counted."""

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def to_ascii_text(text: str) -> tuple[str, dict[str, str]]:
    """*text* in plain ASCII, and each character changed with what it became.

    A Chinese character becomes its syllable and a space (``李`` is ``Li ``), so that
    syllables stay apart; before a space, a line's end or punctuation, that space goes
    (``李 Wei`` is ``Li Wei``, not ``Li  Wei``).
    """
    from text_unidecode import unidecode

    changed: dict[str, str] = {}

    def replace(match: re.Match[str]) -> str:
        run = "".join(changed.setdefault(one, unidecode(one)) for one in match.group())
        run = re.sub("  +", " ", run)  # `山田　太郎`: a syllable's space, then a wide space
        after = text[match.end() : match.end() + 1]
        return run if after.isalnum() else run.rstrip(" ")

    return _NON_ASCII.sub(replace, text), changed


def describe_changes(changed: dict[str, str]) -> str:
    """What was changed, in words: ``changed 2 kinds of character to plain ASCII: М → M, ...``."""
    listed = ", ".join(
        f"{old} → {new or '(dropped)'}" for old, new in list(changed.items())[:SHOWN_CHANGES]
    )
    more = f" and {len(changed) - SHOWN_CHANGES} more" if len(changed) > SHOWN_CHANGES else ""
    return f"changed {counted(len(changed), 'kind')} of character to plain ASCII: {listed}{more}"
