"""A model letter in a published action: from its salutation to its closing.

The frame writes the salutation, the closing and the signature itself, so the
model letter keeps what is between them: its paragraphs, wrapped lines
joined, with ``{about}`` where the writer's sentence goes (the letter's own
placeholder for it, or the start of the letter) and braces doubled.
"""

from __future__ import annotations

from dataclasses import dataclass

from letterkit.importing.found import Found
from letterkit.importing.words import ABOUT_PLACEHOLDER, CLOSING, SIGNATURE

MAX_LETTER_LINES = 120


@dataclass(frozen=True)
class FoundLetter:
    """A model letter found, its salutation, and the index of the first line after it."""

    text: Found
    salutation: Found | None
    next_index: int


def model_letter_at(lines: list[tuple[int, str]], index: int, language: str) -> FoundLetter | None:
    """The model letter whose salutation is ``lines[index]``, if a closing follows its text."""
    number, salutation = lines[index]
    end = None
    for ahead in range(index + 1, min(len(lines), index + MAX_LETTER_LINES)):
        if CLOSING.match(lines[ahead][1].strip()):
            end = ahead
            break
    if end is None:
        return None
    body = lines[index + 1 : end]
    paragraphs = _paragraphs(body)
    if not paragraphs or sum(len(text.split()) for text, _, _ in paragraphs) < 25:
        return None
    texts = [text.replace("{", "{{").replace("}", "}}") for text, _, _ in paragraphs]
    guess = None
    placed = False
    for position, text in enumerate(texts):
        if ABOUT_PLACEHOLDER.search(text):
            texts[position] = ABOUT_PLACEHOLDER.sub("{about}", text, count=1)
            placed = True
            break
    if not placed:
        texts[0] = "{about} " + texts[0]
        guess = "{about} put at the start: the letter leaves no place for the writer's sentence"
    after = end + 1
    while after < len(lines) and (
        not lines[after][1].strip() or SIGNATURE.match(lines[after][1].strip())
    ):
        if (
            not lines[after][1].strip()
            and after + 1 < len(lines)
            and not SIGNATURE.match(lines[after + 1][1].strip())
        ):
            break
        after += 1
    first, last = paragraphs[0][1], paragraphs[-1][2]
    return FoundLetter(
        text=Found("\n\n".join(texts), first, last, guess=guess),
        salutation=Found(salutation.strip().rstrip(",:!"), number),
        next_index=after,
    )


def _paragraphs(body: list[tuple[int, str]]) -> list[tuple[str, int, int]]:
    """The body's paragraphs: (text, first line, last line), signature lines left out."""
    found: list[tuple[str, int, int]] = []
    current: list[tuple[int, str]] = []

    def close() -> None:
        if current:
            text = " ".join(line.strip() for _, line in current)
            found.append((text, current[0][0], current[-1][0]))
            current.clear()

    for number, line in body:
        if not line.strip():
            close()
        elif line.lstrip().startswith(("•", "-", "–", "*")):
            close()
            current.append((number, line))
        else:
            current.append((number, line))
    close()
    return found
