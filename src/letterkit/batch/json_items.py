"""A JSON array of signers read item by item as it streams in, within bounds.

A sheet of a hundred thousand signers is never held whole: each item is decoded
as soon as its text has arrived, and an item past :data:`MAX_ITEM` stops the read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

MAX_ITEM = 1_000_000
"""No signer of a real sheet comes near this many characters."""
_CHUNK = 1 << 16


def json_trouble(error: Exception) -> str:
    """What is wrong with JSON that parses but cannot be held: too deep, too long a number."""
    if isinstance(error, RecursionError):
        return "not a signer: JSON nested too deeply"
    return "not a signer: a number with too many digits"


def json_array_items(text: IO[str]) -> Iterator[Any]:
    """The items of a JSON array, decoded one by one as the text streams in."""
    decoder = json.JSONDecoder()
    buffer, position, ended = "", 0, False

    def more() -> bool:
        nonlocal buffer, position, ended
        chunk = text.read(_CHUNK)
        if not chunk:
            ended = True
            return False
        buffer = buffer[position:] + chunk
        position = 0
        return True

    def skip_space() -> str:
        nonlocal position
        while True:
            while position < len(buffer) and buffer[position] in " \t\r\n":
                position += 1
            if position < len(buffer):
                return buffer[position]
            if not more():
                return ""

    if skip_space() != "[":
        raise ValueError("a JSON signers file is an array of objects: [{...}, {...}]")
    position += 1
    after_item = after_comma = False
    while True:
        mark = skip_space()
        if not mark:
            raise ValueError("ends inside the JSON array (a ] is missing)")
        if mark == "]" and not after_comma:
            position += 1
            if skip_space():
                raise ValueError("has text after the end of the JSON array")
            return
        if after_item:
            if mark != ",":
                raise ValueError("expected a comma between signers in the JSON array")
            position += 1
            after_item, after_comma = False, True
            continue
        try:
            item, end = decoder.raw_decode(buffer, position)
        except json.JSONDecodeError as error:
            if not ended and len(buffer) - position < MAX_ITEM and more():
                continue  # the item runs past what has been read so far
            if len(buffer) - position >= MAX_ITEM:
                raise ValueError(
                    f"a signer of over {MAX_ITEM // 1_000_000} MB; no signer is that large, "
                    "so the rest of the array cannot be read"
                ) from None
            raise ValueError(f"not valid JSON: {error.msg}") from None
        except (ValueError, RecursionError) as error:
            raise ValueError(json_trouble(error)) from None
        if end == len(buffer) and not ended and more():
            continue  # a number may go on in the next chunk: decode it again whole
        position = end
        after_item, after_comma = True, False
        yield item
