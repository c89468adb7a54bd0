"""The bounds of one render of a case's own template: sizes, steps and time, and their checks.

Each check raises :class:`TemplateLimitError` naming the bound a template passed.
The steps, characters and time of a render are counted in a budget that
:func:`budgeted` starts.
"""

from __future__ import annotations

import itertools
import signal
import threading
import time
from collections.abc import ItemsView, Iterator, KeysView, ValuesView
from contextlib import contextmanager
from contextvars import ContextVar
from types import FrameType
from typing import Any

from jinja2.exceptions import SecurityError

from letterkit.sandbox.data import Record

MAX_STRING = 100_000
"""Characters in any one string a template makes, its output included."""
MAX_MADE = 2_000_000
"""Characters a template may make in all while it renders once."""
MAX_ITEMS = 10_000
"""Items in any list a template makes."""
MAX_BITS = 1_000
"""Bits in any whole number a template computes (about 300 digits)."""
MAX_STEPS = 100_000
"""Loop turns, calls and operations in one render."""
MAX_SECONDS = 1.0
"""Time one render may take."""
MAX_TEMPLATE_BYTES = 100_000
"""A template file's size."""


class TemplateLimitError(SecurityError):
    """A case's own template went past one of the sandbox's bounds."""


class _Budget:
    """What one render has spent: steps, characters made, and the time it may still take."""

    def __init__(self) -> None:
        self.deadline = time.monotonic() + MAX_SECONDS
        self.steps = 0
        self.made = 0
        self.running = True
        """Whether the render is still under way: the alarm stops only a render."""

    def step(self, count: int = 1) -> None:
        self.steps += count
        if self.steps > MAX_STEPS:
            raise TemplateLimitError(f"takes over {MAX_STEPS:,} steps (loop turns and calls)")
        if time.monotonic() > self.deadline:
            raise _overran()

    def spend(self, value: Any) -> Any:
        """Count *value* against the bounds once it is made; refuse it if it is past them."""
        check_value(value)
        if isinstance(value, str | bytes | bytearray):
            self.made += len(value)
            if self.made > MAX_MADE:
                raise TemplateLimitError(f"makes over {MAX_MADE:,} characters in all")
        return value


def _overran() -> TemplateLimitError:
    return TemplateLimitError(f"takes over {MAX_SECONDS:g} second to render")


_budget: ContextVar[_Budget | None] = ContextVar("letterkit_template_budget", default=None)


@contextmanager
def budgeted() -> Iterator[None]:
    """Render within the bounds: the steps, characters and time of one render start here."""
    budget = _Budget()
    token = _budget.set(budget)
    try:
        with _alarm(budget):
            yield
    finally:
        _budget.reset(token)


@contextmanager
def _alarm(budget: _Budget) -> Iterator[None]:
    """Stop the render at its deadline even inside one long call, where no step is counted.

    Why: the clock is read at every step (a call, an operation, a loop turn), but
    one filter can run Python for seconds between two steps. On the main thread
    of a POSIX system a one-shot real-time timer raises the limit error in the
    render itself: once, and only while the render is under way, so it cannot
    land in the code that ends it. Elsewhere (another thread, Windows, or a timer
    already set by the program) the clock at each step and the bounds on what
    each call is given are what hold the time.
    """
    if not _alarm_is_free():
        yield
        return

    def on_alarm(signal_number: int, frame: FrameType | None) -> None:
        if budget.running:
            budget.running = False
            raise _overran()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, max(budget.deadline - time.monotonic(), 0.001))
    try:
        yield
    finally:
        try:
            budget.running = False
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _alarm_is_free() -> bool:
    """Whether this render may set the process's real-time timer: nobody else uses it."""
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN)
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    )


def current_budget() -> _Budget:
    """The budget of the render under way.

    Outside a render (Jinja2 folds constant expressions while it compiles) no
    filter, call or operation runs: it is refused, and Jinja2 leaves it to the
    render, where it is counted and timed.
    """
    budget = _budget.get()
    if budget is None:
        raise TemplateLimitError("runs only while a letter is rendered")
    return budget


def check_length(length: int) -> None:
    """A string of *length* characters is past the bound."""
    if length > MAX_STRING:
        raise TemplateLimitError(f"makes a string of over {MAX_STRING:,} characters")


def check_items(count: int) -> None:
    """A list of *count* items is past the bound."""
    if count > MAX_ITEMS:
        raise TemplateLimitError(f"makes a list of over {MAX_ITEMS:,} items")


def check_bits(bits: int) -> None:
    """A whole number of *bits* is past the bound."""
    if bits > MAX_BITS:
        raise TemplateLimitError(f"computes a number of over {MAX_BITS:,} bits")


def check_value(value: Any) -> None:
    """Refuse *value*, something a template made or is given, if it is past a bound."""
    if isinstance(value, str | bytes | bytearray):
        check_length(len(value))
    elif isinstance(value, int) and not isinstance(value, bool):
        check_bits(value.bit_length())
    elif isinstance(value, _CONTAINERS):
        if not isinstance(value, Record):
            check_items(len(value))
        check_written_size(value)


_VIEWS = (KeysView, ValuesView, ItemsView)
"""A dict's keys, values or items: written out in full, like a list."""
_CONTAINERS = (list, tuple, dict, set, frozenset, Record, *_VIEWS)


def check_written_size(value: Any) -> None:
    """Refuse *value* if, written out, it would be longer than a string may be."""
    written_size(value, MAX_STRING)


def written_size(value: Any, room: int, *, inside: bool = False) -> int:
    """At most how many characters *value* takes written out; past *room*, refused.

    Text inside a list or a record is written as Python writes it, quoted and
    escaped (U+E0000 is ten characters); a whole number within the bound on bits.
    """
    if isinstance(value, str):
        size = _text_size(value, room) if inside else len(value)
    elif isinstance(value, bytes | bytearray):
        size = 4 * len(value) + 14  # `bytearray(b'\\x00')`
    elif isinstance(value, bool) or value is None:
        size = 5
    elif isinstance(value, int):
        check_bits(value.bit_length())
        size = value.bit_length() * 3 // 10 + 2  # decimal digits, and a sign
    elif isinstance(value, float):
        size = 24
    elif isinstance(value, Record):
        return written_size(vars(value), room) + len(type(value).__name__)
    elif isinstance(value, dict | ItemsView):
        pairs = value.items() if isinstance(value, dict) else value
        size = 2
        for key, item in pairs:
            if size > room:
                break
            size += 4 + written_size(key, room - size, inside=True)
            size += written_size(item, room - size, inside=True)
    elif isinstance(value, list | tuple | set | frozenset | KeysView | ValuesView):
        size = 20  # brackets, or `frozenset({...})`, `dict_values([...])`
        for item in value:
            if size > room:
                break
            size += 2 + written_size(item, room - size, inside=True)
    else:
        size = 100  # Jinja2's helpers (a loop, a macro): their names, not their contents
    if size > room:
        raise TemplateLimitError(
            f"makes a value of over {MAX_STRING:,} characters when written out"
        )
    return size


def _text_size(text: str, room: int) -> int:
    """*text* as Python writes it inside a list: quoted, and escaped where it must be."""
    if len(text) > room:
        return len(text)
    if text.isprintable() and "\\" not in text and "'" not in text:
        return len(text) + 2
    return len(repr(text))


def check_number(value: Any) -> None:
    """A number given to a call or filter: a width, a count, a size."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_STRING:
        raise TemplateLimitError(
            f"asks for {value:,}; a number given to a call is at most {MAX_STRING:,}"
        )


def check_sequence_times(sequence: Any, count: Any) -> None:
    """`sequence * count` would be past the bound."""
    if isinstance(count, bool) or not isinstance(count, int):
        return
    if isinstance(sequence, str | bytes | bytearray):
        check_length(len(sequence) * count)
    elif isinstance(sequence, list | tuple):
        check_items(len(sequence) * count)
        if count > 0:
            written_size(sequence, MAX_STRING // count)


def check_replace(text: Any, old: Any, new: Any, count: Any = None) -> None:
    """`text.replace(old, new, count)` would be past the bound."""
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        found = text.count(old) if old else len(text) + 1
        if isinstance(count, int) and count >= 0:
            found = min(found, count)
        check_length(len(text) + found * max(0, len(new) - len(old)))


def check_join(separator: Any, items: Any) -> list[Any]:
    """*items* as a list, refused if joining them by *separator* would be past the bound."""
    listed = list(itertools.islice(iter(items), MAX_ITEMS + 1))
    check_items(len(listed))
    if isinstance(separator, str):
        check_length(sum(len(str(item)) for item in listed) + len(separator) * len(listed))
    return listed


def check_indent(text: Any, width: Any) -> None:
    """`text | indent(width)` would be past the bound."""
    if isinstance(text, str):
        per_line = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
        check_length(len(text) + (text.count("\n") + 1) * per_line)
