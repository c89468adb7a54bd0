"""One published action's parts, found in its lines: reference, dates, title, text, asks, officials.

The lines are read once, top to bottom, as a reader scans an action: a cue
("Please write to", "Copies to", "Background", "Questions?") says what the
following lines are, a blank line ends a block, and a model letter runs from
its salutation to its closing. What cannot be told for certain is kept as a
guess with its reason; nothing is made up.
"""

from __future__ import annotations

import re

from letterkit.importing.contacts import add_contact, labelled, official_from_block
from letterkit.importing.dates import dates_in, find_deadline, find_issued
from letterkit.importing.found import Found, FoundAction
from letterkit.importing.letters import model_letter_at
from letterkit.importing.prose import asks_from_list, texts_from_paragraphs
from letterkit.importing.sources import Source
from letterkit.importing.words import (
    ASKS_INTRO,
    BACKGROUND,
    BULLET,
    COPIES,
    FURNITURE,
    HOW_MANY,
    ISSUED,
    KIND_OF_PAGE,
    NUMBERS,
    ORGANISER,
    REFERENCE,
    SALUTATION_LINE,
    TO_THE_READER,
    WRITE_TO,
)

Numbered = list[tuple[int, str]]


def split_actions(source: Source) -> list[tuple[int, int]]:
    """The line ranges (from 1, inclusive) of each action in *source*: one per reference."""
    starts: list[int] = []
    seen: set[str] = set()
    for number, line in enumerate(source.lines, start=1):
        match = REFERENCE.search(line)
        if match and (match.start() < 8 or len(line) < 100) and match["number"] not in seen:
            seen.add(match["number"])
            starts.append(number)
    if len(starts) < 2:
        return [(1, len(source.lines))]
    starts[0] = 1
    ends = [start - 1 for start in starts[1:]] + [len(source.lines)]
    return list(zip(starts, ends, strict=True))


def recognise(source: Source, first: int, last: int, language: str) -> FoundAction:
    """The action in lines *first* to *last* of *source*, written in *language*."""
    lines = [(number, source.lines[number - 1]) for number in range(first, last + 1)]
    action = FoundAction(first_line=first, last_line=last)
    action.fields["language"] = Found(language, first, guess="the language most of the text is in")
    _reference(action, lines)
    _title(action, lines, source)
    find_issued(action, lines, language)
    find_deadline(action, lines, language)
    _structure(action, lines, language, source.headings)
    return action


def _reference(action: FoundAction, lines: Numbered) -> None:
    for number, line in lines:
        match = REFERENCE.search(line)
        if match:
            prefix = "AU" if re.match(r"(?i)au|acci", match.group(0)) else "UA"
            action.fields["reference"] = Found(f"{prefix} {match['number']}", number)
            return


def _title(action: FoundAction, lines: Numbered, source: Source) -> None:
    if source.title_line is not None and action.first_line <= source.title_line <= action.last_line:
        text = _without_reference(source.lines[source.title_line - 1])
        if text:
            action.fields["title"] = Found(text, source.title_line)
            return
    for number, line in lines[:40]:
        text = _without_reference(line)
        if (
            text
            and len(text) <= 150
            and not KIND_OF_PAGE.match(text)
            and not labelled(text)
            and not dates_in(text, "en")
            and not FURNITURE.search(text)
            and not ISSUED.match(text)
            and re.search(r"[^\W\d_]{3}", text)
            and not text.endswith((".", ","))
            and not (number in source.headings and len(text.split()) < 2)
        ):
            action.fields["title"] = Found(
                text, number, guess="the first line that reads as a title"
            )
            return


def _without_reference(line: str) -> str:
    text = re.sub(r"\s*\((?:[^()]*:\s*)?" + REFERENCE.pattern + r"\)", "", line, flags=re.I)
    text = REFERENCE.sub("", text)
    text = re.sub(
        r"(?i)^(?:urgent action|eilaktion|action urgente|acci[oó]n urgente|urgente actie)\s*:\s*",
        "",
        text.strip(),
    )
    text = re.sub(r"(?i)\b(?:index|ai index)\s*:\s*[A-Z]{2,4}\s*[\d/.]+", "", text)
    return text.strip(" -–—|:,\t")


def _structure(
    action: FoundAction, lines: Numbered, language: str, source_headings: frozenset[int]
) -> None:
    """Officials, contacts, asks, model letter, summary and background, in one pass."""
    mode = "text"
    block: Numbered = []
    paragraphs: list[tuple[str, Numbered]] = []
    bullets: list[tuple[bool, int, list[str]]] = []  # (after an asks cue, line, text lines)
    asks_cue = False
    sections_seen = False
    index = 0
    country_hint = _country_from_title(action, lines)

    def end_block() -> None:
        nonlocal mode
        if not block:
            return
        if mode in ("target", "copy"):
            if _is_prose(block):
                mode = "after"
                paragraphs.append((mode, list(block)))
            else:
                _official_block(action, mode, list(block), country_hint)
        else:
            paragraphs.append((mode, list(block)))
        block.clear()

    while index < len(lines):
        number, line = lines[index]
        index += 1
        if not line.strip():
            end_block()
            continue
        if mode in ("target", "copy") and not block and _heading(source_headings, number, line):
            mode = "after"  # a heading ends the addressees: "Sample letter:"
        if (
            mode not in ("target", "copy")
            and "model_letter" not in action.fields
            and SALUTATION_LINE.match(line)
            and not TO_THE_READER.search(line)
        ):
            letter = model_letter_at(lines, index - 1, language)
            if letter is not None:
                end_block()
                if not action.targets and paragraphs:
                    _address_above(action, paragraphs, country_hint)
                action.fields["model_letter"] = letter.text
                if letter.salutation is not None:
                    action.fields["letter_salutation"] = letter.salutation
                index = letter.next_index
                mode = "text"
                continue
        cue = _cue(line)
        if cue is not None:
            end_block()
            mode, rest = cue
            asks_cue = False
            sections_seen = True
            if mode == "organiser":
                pairs = labelled(line, anywhere=True)
                if pairs:
                    _loose_contacts(action, mode, number, pairs)
            elif rest:
                block.append((number, rest))
            continue
        if mode in ("target", "copy"):
            block.append((number, line))
            continue
        bullet = BULLET.match(line)
        if bullet and bullet["text"].rstrip().endswith(":") and mode != "organiser":
            asks_cue = (
                asks_cue or ASKS_INTRO.search(line) is not None or HOW_MANY.search(line) is not None
            )
            _how_many(action, number, line)
            continue
        if bullet and mode not in ("organiser",):
            end_block()
            text = [bullet["text"].strip()]
            while (
                index < len(lines)
                and lines[index][1].strip()
                and not BULLET.match(lines[index][1])
                and _continues_item(lines[index][1])
            ):
                text.append(lines[index][1].strip())
                index += 1
            bullets.append((asks_cue, number, text))
            sections_seen = True
            continue
        pairs = labelled(line)
        if pairs:
            end_block()
            _loose_contacts(action, mode, number, pairs)
            continue
        if (
            _leads_into_list(lines, index)
            and ASKS_INTRO.search(line)
            and not FURNITURE.search(line)
        ):
            _how_many(action, number, line)
            asks_cue = True
            sections_seen = True
            end_block()
            continue
        if not block and mode == "text" and sections_seen:
            mode = "after"
        block.append((number, line))
    end_block()
    asks_from_list(action, bullets)
    texts_from_paragraphs(action, paragraphs)


def _cue(line: str) -> tuple[str, str] | None:
    text = line.strip().lstrip("•*- ")
    if len(text) > 90 and ":" not in text[:60]:
        return None
    if BACKGROUND.match(text):
        return "background", ""
    copies = COPIES.match(text)
    if copies and (":" in text or len(text) <= 40):
        rest = (copies.group("rest") or copies.group("rest2") or "").strip()
        if not _instruction(rest):
            return "copy", rest
    write = WRITE_TO.match(text)
    if (
        write
        and not _instruction(write.group("rest"))
        and (not write.group("rest").strip() or ":" in text[: write.start("rest")])
    ):
        return "target", write.group("rest").strip()
    if ORGANISER.search(text) and len(text) < 200 and not BULLET.match(line):
        return "organiser", ""
    return None


def _how_many(action: FoundAction, number: int, line: str) -> None:
    match = HOW_MANY.search(line)
    if match and "choose" not in action.fields:
        low, high = NUMBERS[match["low"].lower()], NUMBERS[match["high"].lower()]
        if 1 <= low <= high:
            action.fields["choose"] = Found({"min": low, "max": high}, number)


def _heading(headings: frozenset[int], number: int, line: str) -> bool:
    """Whether a line heads a new part: a page's heading, or a short line ending with a colon."""
    text = line.strip()
    return number in headings or (text.endswith(":") and len(text) < 40 and not labelled(text))


def _address_above(
    action: FoundAction, paragraphs: list[tuple[str, Numbered]], hint: str | None
) -> None:
    """The addressee of a model letter laid out with its inside address above the salutation."""
    for mode, block in reversed(paragraphs[-4:]):
        if (
            mode in ("text", "after")
            and len(block) >= 3
            and not _is_prose(block)
            and any(re.search(r"\d", line) for _, line in block[1:])
        ):
            official = official_from_block(block, hint)
            key = "name" if "name" in official.fields else "title"
            if key in official.fields:
                official.fields[key] = Found(
                    official.fields[key].value, block[0][0], guess="the address above the letter"
                )
            action.targets.append(official)
            return


def _leads_into_list(lines: Numbered, index: int) -> bool:
    """Whether ``lines[index - 1]`` ends with a colon or a list follows it."""
    if lines[index - 1][1].rstrip().endswith(":"):
        return True
    following = next((line for _, line in lines[index:] if line.strip()), "")
    return BULLET.match(following) is not None


def _instruction(rest: str) -> bool:
    """Whether the words after a cue are a sentence of advice, not a name to write to."""
    words = rest.split()
    return len(rest) > 80 or (len(words) > 6 and rest.rstrip().endswith("."))


def _continues_item(line: str) -> bool:
    """A line under a list item that carries it on (the text wrapped), not a new paragraph."""
    text = line.strip()
    return (
        bool(text) and (line.startswith((" ", "\t")) or text[:1].islower()) and not labelled(text)
    )


def _is_prose(block: Numbered) -> bool:
    """Whether a block under "write to" is a paragraph of advice rather than an address."""
    if any(labelled(line) for _, line in block):
        return False
    words = sum(len(line.split()) for _, line in block)
    longest = max(len(line) for _, line in block)
    sentence = block[-1][1].rstrip().endswith((".", "!")) and words > 8
    return (longest > 110 and words > 18) or sentence


def _official_block(action: FoundAction, mode: str, block: Numbered, hint: str | None) -> None:
    if all(labelled(line) for _, line in block) or all(
        SALUTATION_LINE.match(line) or labelled(line) for _, line in block
    ):
        officials = action.targets if mode == "target" else action.copies
        if officials:  # the contacts under an address, after a blank line
            for number, line in block:
                for kind, value in labelled(line) or [("salutation", line)]:
                    action.notes.extend(add_contact(officials[-1], kind, value, number))
            return
    official = official_from_block(block, hint)
    if official.fields or official.lists:
        (action.targets if mode == "target" else action.copies).append(official)


def _loose_contacts(
    action: FoundAction, mode: str, number: int, pairs: list[tuple[str, str]]
) -> None:
    """Labelled contacts outside an addressee's block: the organisers', or no one's."""
    from letterkit.importing.contacts import email_in, split_values

    for kind, value in pairs:
        if mode == "organiser" and value:
            if kind == "email" and email_in(value):
                action.contact.setdefault("email", Found(email_in(value), number))
            elif kind == "phone":
                action.contact.setdefault("phone", Found(split_values(value)[0], number))
            elif kind == "web" and re.search(r"https?://", value):
                action.contact.setdefault("web", Found(value.split()[0], number))
        elif value and kind != "salutation":
            action.notes.append(
                f"line {number}: {kind} {value[:60]!r} is outside any addressee's block; left out"
            )


def _country_from_title(action: FoundAction, lines: Numbered) -> str | None:
    title = action.fields.get("title")
    if title is None:
        return None
    written = lines[title.line - action.first_line][1] if title.line >= action.first_line else ""
    beside = re.search(r"\(([^():]{2,40}):\s*" + REFERENCE.pattern + r"\)", written, re.I)
    if beside:
        country = beside.group(1).strip()
        action.fields.setdefault(
            "country", Found(country, title.line, guess="beside the reference")
        )
        return country
    head, colon, _ = str(title.value).partition(":")
    country = head.strip()
    if colon and 0 < len(country.split()) <= 3 and not re.search(r"\d", country):
        action.fields.setdefault(
            "country", Found(country, title.line, guess="the title's first words")
        )
        return country
    return None
