"""The prose of an action: its summary and background, the concern, and its asks as listed."""

from __future__ import annotations

import re

from letterkit.importing.found import Found, FoundAction
from letterkit.importing.words import ASK_LEAD_IN, FURNITURE, KIND_OF_PAGE, SENTENCE_END

Numbered = list[tuple[int, str]]
MAX_SUMMARY = 1_500
"""Characters of the opening paragraphs taken as the summary."""
MAX_ASKS = 12
ADVICE_TO_WRITER = re.compile(
    r"yourself|sentence about you|über sich|vous-même|vous présenter|sobre usted|sobre ti|"
    r"over uzelf|over jezelf|in your own words|in eigenen worten|avec vos propres mots|"
    r"con sus propias palabras|in uw eigen woorden",
    re.IGNORECASE,
)
"""A list item that tells the writer how to write (`Start with a sentence about yourself`)."""


def asks_from_list(action: FoundAction, bullets: list[tuple[bool, int, list[str]]]) -> None:
    """The asks: the list items after words that lead into requests, else every list's items.

    A model letter makes its own requests, so a case with one gets no asks.
    """
    if "model_letter" in action.fields:
        return
    usable = [
        (cued, number, " ".join(text))
        for cued, number, text in bullets
        if len(" ".join(text).split()) >= 4
        and not FURNITURE.search(" ".join(text)[:80])
        and not ADVICE_TO_WRITER.search(" ".join(text))
    ]
    if any(cued for cued, _, _ in usable):
        usable = [one for one in usable if one[0]]
        guess = None
    else:
        guess = "a list with no words leading into it"
    for _, number, text in usable[:MAX_ASKS]:
        lead_in = ASK_LEAD_IN.match(text)
        why = guess
        if lead_in:
            text = text[lead_in.end() :]
            why = guess or f"{lead_in.group(0).strip()!r} taken off"
        action.asks.append(Found(text, number, number, guess=why))
    if action.asks:
        clauses = sum(found.value[:1].islower() for found in action.asks)
        form = "clause" if clauses * 2 >= len(action.asks) else "sentence"
        action.ask_form = Found(form, action.asks[0].line, guess="from how the items begin")


def texts_from_paragraphs(action: FoundAction, paragraphs: list[tuple[str, Numbered]]) -> None:
    """The summary (the opening paragraphs), the concern in it, and the background."""
    title = action.fields.get("title")
    summary: Numbered = []
    background: Numbered = []
    for mode, block in paragraphs:
        text = " ".join(line.strip() for _, line in block)
        if title is not None and block[0][0] <= title.line:
            continue
        if mode == "background":
            background.extend(block)
            background.append((0, ""))
        elif (
            mode == "text"
            and _reads_as_prose(text)
            and sum(len(text) for _, text in summary) < MAX_SUMMARY
        ):
            summary.extend(block)
            summary.append((0, ""))
    if summary:
        action.fields["summary"] = _prose_found(summary)
        first = SENTENCE_END.split(action.fields["summary"].value.split("\n\n")[0])
        concern = " ".join(first[:2])
        action.fields["concern"] = Found(
            concern, summary[0][0], guess="the summary's first sentences; say it as a writer would"
        )
    if background:
        action.fields["background"] = _prose_found(background)


def _reads_as_prose(text: str) -> bool:
    return (
        len(text.split()) >= 8
        and re.search(r"[.!?]", text) is not None
        and not FURNITURE.search(text[:60])
        and not KIND_OF_PAGE.match(text)
    )


def _prose_found(lines: Numbered) -> Found:
    paragraphs, current = [], []
    for _, line in lines:
        if line:
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    numbers = [number for number, _ in lines if number]
    return Found("\n\n".join(paragraphs), numbers[0], numbers[-1])
