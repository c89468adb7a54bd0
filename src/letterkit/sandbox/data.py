"""What a case's own template sees of letterkit's objects: plain data, nothing callable.

letterkit's models carry methods (pydantic's ``parse_raw`` can unpickle); a
template gets the same facts as text, numbers, lists and records instead.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from enum import Enum
from types import SimpleNamespace
from typing import Any

from pydantic import BaseModel


class Record(SimpleNamespace):
    """Plain data with named fields, as a template sees letterkit's objects: no methods."""


@functools.lru_cache(maxsize=32)
def record_type(name: str) -> type[Record]:
    """A kind of record named as its object is (``Writer``), for a template author's errors."""
    return type(name, (Record,), {"__module__": "letterkit"})


PLAIN = (str, int, float, bool, type(None), list, tuple, dict, set, frozenset, Record)
"""What a template may reach the attributes of: its data, never letterkit's objects."""


SHOWN_PROPERTIES = {
    "Official": ("display_name", "name_and_title", "address_block", "channels"),
    "Case": ("id", "language_of_letters"),
    "Writer": ("address_lines",),
}
"""Computed values a template may read beside an object's fields, by the object's class."""
_plain_cache: dict[int, tuple[Any, Any]] = {}
_EXACT = frozenset({str, int, float, bool, type(None)})
"""Types a template gets as they are: not their subclasses, which may carry methods."""


def plain(value: Any) -> Any:
    """*value* as a template may see it: text, numbers, lists and records, nothing callable.

    letterkit's models carry methods (pydantic's ``parse_raw`` can unpickle); a
    case's own template gets the same facts as plain data instead. A model is
    made plain once and kept while it lives, as a batch renders it again and again.
    """
    if type(value) in _EXACT:
        return value
    if isinstance(value, Enum):  # `Channel.LETTER` is a str too: its value, as text
        return plain(value.value)
    if isinstance(value, str):
        return str.__str__(value)  # a str subclass's methods stay behind: an exact str
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(plain(key)): plain(item) for key, item in value.items()}
    cached = _plain_cache.get(id(value))
    if cached is not None and cached[0] is value:
        return cached[1]
    if isinstance(value, BaseModel):
        fields = {name: getattr(value, name) for name in type(value).model_fields}
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {  # a private field (a value kept once made) is not the template's
            field.name: getattr(value, field.name)
            for field in dataclasses.fields(value)
            if not field.name.startswith("_")
        }
    else:
        return str(value)
    for name in SHOWN_PROPERTIES.get(type(value).__name__, ()):
        fields[name] = getattr(value, name)
    record = record_type(type(value).__name__)(
        **{name: plain(item) for name, item in fields.items()}
    )
    if len(_plain_cache) > 256:
        _plain_cache.clear()
    _plain_cache[id(value)] = (value, record)
    return record
