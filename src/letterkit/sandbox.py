"""The sandbox a case's own templates run in: Jinja2's, with the work itself bounded.

A case file may come from anyone, and its templates with it. Jinja2's sandbox
keeps a template from reaching anything but its variables; this one also bounds
what a template can make the computer do while it renders: the size of every
string, list and number it builds, the characters it makes in all, its steps
(loop turns, calls, operations) and its time. A template past a bound stops with
:class:`TemplateLimitError`, one line naming the bound.

The bounds are checked before the work where it could be large (``'x' * n``,
``'x'.ljust(n)``, ``'%99999999s' % x``, ``n ** m``, ``text | replace(...)``) and
after it everywhere else. Templates are read only from inside the case's folder,
never through a symbolic link that leads out of it, and at most 100 KB each.
"""

from __future__ import annotations

import functools
import itertools
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

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

    def step(self, count: int = 1) -> None:
        self.steps += count
        if self.steps > MAX_STEPS:
            raise TemplateLimitError(f"takes over {MAX_STEPS:,} steps (loop turns and calls)")
        if self.steps & 63 == 0 and time.monotonic() > self.deadline:
            raise TemplateLimitError(f"takes over {MAX_SECONDS:g} second to render")

    def spend(self, value: Any) -> Any:
        """Count *value* against the bounds once it is made; refuse it if it is past them."""
        if isinstance(value, str):
            _check_length(len(value))
            self.made += len(value)
            if self.made > MAX_MADE:
                raise TemplateLimitError(f"makes over {MAX_MADE:,} characters in all")
        elif isinstance(value, list | tuple | dict | set):
            _check_items(len(value))
        elif isinstance(value, int) and not isinstance(value, bool):
            _check_bits(value.bit_length())
        return value


_budget: ContextVar[_Budget | None] = ContextVar("letterkit_template_budget", default=None)


@contextmanager
def budgeted() -> Iterator[None]:
    """Render within the bounds: the steps, characters and time of one render start here."""
    token = _budget.set(_Budget())
    try:
        yield
    finally:
        _budget.reset(token)


def _current() -> _Budget:
    budget = _budget.get()
    if budget is None:  # compiling, or a render not started through `budgeted`
        budget = _Budget()
        _budget.set(budget)
    return budget


def _check_length(length: int) -> None:
    if length > MAX_STRING:
        raise TemplateLimitError(f"makes a string of over {MAX_STRING:,} characters")


def _check_items(count: int) -> None:
    if count > MAX_ITEMS:
        raise TemplateLimitError(f"makes a list of over {MAX_ITEMS:,} items")


def _check_bits(bits: int) -> None:
    if bits > MAX_BITS:
        raise TemplateLimitError(f"computes a number of over {MAX_BITS:,} bits")


def _check_number(value: Any) -> None:
    """A number given to a call or filter: a width, a count, a size."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_STRING:
        raise TemplateLimitError(
            f"asks for {value:,}; a number given to a call is at most {MAX_STRING:,}"
        )


_WIDTH = re.compile(r"%[#0 +\-]*(\*|\d+)?(?:\.(\*|\d+))?|\{[^{}]*?:[^{}]*?(\d+)[^{}]*\}")
"""A width or precision in a %-format or a str.format field."""


def _check_format(text: str) -> None:
    """A format string whose widths would make a string past the bound."""
    for match in _WIDTH.finditer(text):
        for part in match.groups():
            if part == "*":
                raise TemplateLimitError("a format's width must be written in it, not passed as *")
            if part is not None and int(part) > MAX_STRING:
                raise TemplateLimitError(f"a format's width is over {MAX_STRING:,}")


def _check_sequence_times(sequence: Any, count: Any) -> None:
    if isinstance(sequence, str | list | tuple) and isinstance(count, int):
        size = len(sequence) * count
        (_check_length if isinstance(sequence, str) else _check_items)(size)


def _check_replace(text: Any, old: Any, new: Any, count: Any = None) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        found = text.count(old) if old else len(text) + 1
        if isinstance(count, int) and count >= 0:
            found = min(found, count)
        _check_length(len(text) + found * max(0, len(new) - len(old)))


def _check_join(separator: Any, items: Any) -> list[Any]:
    """*items* as a list, refused if joining them by *separator* would be past the bound."""
    listed = list(itertools.islice(iter(items), MAX_ITEMS + 1))
    _check_items(len(listed))
    if isinstance(separator, str):
        _check_length(sum(len(str(item)) for item in listed) + len(separator) * len(listed))
    return listed


def _check_indent(text: Any, width: Any) -> None:
    if isinstance(text, str):
        per_line = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
        _check_length(len(text) + (text.count("\n") + 1) * per_line)


def _check_method(method: Any, args: tuple[Any, ...]) -> tuple[Any, ...]:
    """A string's method called with what could make it huge; the arguments to call it with."""
    target = getattr(method, "__wrapped__", method)  # the sandbox wraps str.format
    text = getattr(target, "__self__", None)
    name = getattr(target, "__name__", "")
    if not isinstance(text, str):
        return args
    if name in ("format", "format_map"):
        _check_format(text)
    elif name == "replace":
        _check_replace(text, *args[:3])
    elif name == "join" and args:
        args = (_check_join(text, args[0]), *args[1:])
    elif name == "expandtabs":
        size = args[0] if args and isinstance(args[0], int) else 8
        _check_length(len(text) + text.count("\t") * size)
    return args


def _without_context(args: tuple[Any, ...]) -> tuple[Any, ...]:
    """A filter's own arguments, without the context Jinja2 passes some of them first."""
    while args and isinstance(args[0], Context | jinja2.nodes.EvalContext | jinja2.Environment):
        args = args[1:]
    return args


def _guarded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """*function* (a filter) with its arguments checked first and its result counted after."""

    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        budget = _current()
        budget.step()
        own = _without_context(args)
        for value in (*own[1:], *kwargs.values()):
            _check_number(value)
        if own:
            if name == "replace":
                _check_replace(*own[:4])
            elif name == "join":
                listed = _check_join(own[1] if len(own) > 1 else kwargs.get("d", ""), own[0])
                args = (*args[: len(args) - len(own)], listed, *own[1:])
            elif name == "indent":
                _check_indent(own[0], own[1] if len(own) > 1 else kwargs.get("width", 4))
            elif name == "format" and isinstance(own[0], str):
                _check_format(own[0])
        return budget.spend(function(*args, **kwargs))

    return guarded


def _looped(iterable: Iterable[Any]) -> Iterator[Any]:
    """The items of a `for` loop, each turn a step of the render."""
    budget = _current()
    for item in iterable:
        budget.step()
        yield item


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja2's code generator, with each loop's turns and each `~` counted by the sandbox."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        """The whole template: each loop's iterable passed through the sandbox first."""
        for loop in node.find_all(nodes.For):
            loop.iter = nodes.Filter(
                loop.iter, _LOOP_FILTER, [], [], None, None, lineno=loop.lineno
            )
        super().visit_Template(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.joined((")
        for argument in node.nodes:
            self.visit(argument, frame)
            self.write(", ")
        self.write("))")


_LOOP_FILTER = "letterkit_loop"


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja2's sandbox, its lists and dicts unchangeable, and the work of a render bounded."""

    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})
    code_generator_class = _BoundedCodeGenerator

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals.pop("lipsum", None)  # nonsense text by the megabyte: no letter needs it
        self.filters = {
            name: _guarded_filter(name, function) for name, function in self.filters.items()
        }
        self.filters[_LOOP_FILTER] = _looped

    def add_filter(self, name: str, function: Callable[..., Any]) -> None:
        """Add a filter of letterkit's own, guarded as Jinja2's are."""
        self.filters[name] = _guarded_filter(name, function)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """An operator in a template: one step, refused before it makes too much."""
        budget = _current()
        budget.step()
        if operator == "*":
            _check_sequence_times(left, right)
            _check_sequence_times(right, left)
            if isinstance(left, int) and isinstance(right, int):
                _check_bits(left.bit_length() + right.bit_length())
        elif operator == "**" and isinstance(left, int) and isinstance(right, int):
            if abs(left) > 1 and right > 0:
                _check_bits(left.bit_length() * right)
        elif operator == "+" and isinstance(left, str | list | tuple):
            if isinstance(right, type(left)):
                size = len(left) + len(right)
                (_check_length if isinstance(left, str) else _check_items)(size)
        elif operator == "%" and isinstance(left, str):
            _check_format(left)
        return budget.spend(super().call_binop(context, operator, left, right))

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Call *__obj* from a template: one step, its numbers checked, its result counted."""
        budget = _current()
        budget.step()
        for value in (*args, *kwargs.values()):
            _check_number(value)
        args = _check_method(__obj, args)
        return budget.spend(super().call(__context, __obj, *args, **kwargs))

    def concat(self, pieces: Iterable[str]) -> str:
        """Jinja2's join of output pieces: a render's output, a block's, a macro's."""
        made: list[str] = []
        length = 0
        for piece in pieces:
            length += len(piece)
            _check_length(length)
            made.append(piece)
        text = "".join(made)
        _current().spend(text)
        return text

    def joined(self, parts: Iterable[Any]) -> str:
        """The `~` operator: its parts as text, joined."""
        return self.concat(map(str, parts))


class CaseFolderLoader(jinja2.FileSystemLoader):
    """Templates from the case's folder (then the built-in ones), read only from inside it.

    Why: ``git clone`` keeps symbolic links, so a case's ``letter.j2`` could lead to
    ``/etc/passwd``; a FIFO or a device would never end.
    """

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        """The template's source, if it is a regular file inside the folder searched."""
        pieces = split_template_path(template)
        for folder in self.searchpath:
            candidate = os.path.join(folder, *pieces)
            if os.path.lexists(candidate):
                _check_inside(folder, candidate, template)
                break
        return super().get_source(environment, template)


def _check_inside(folder: str, candidate: str, template: str) -> None:
    root = os.path.realpath(folder)
    real = os.path.realpath(candidate)
    if os.path.commonpath([root, real]) != root:
        raise SecurityError(f"the template {template} leads outside the case's folder")
    try:
        info = os.stat(real)
    except OSError as error:
        raise SecurityError(f"the template {template} cannot be read: {error.strerror}") from None
    if not os.path.isfile(real):
        raise SecurityError(f"the template {template} is not a regular file")
    if info.st_size > MAX_TEMPLATE_BYTES:
        raise SecurityError(
            f"the template {template} is {info.st_size:,} bytes; a template is at most "
            f"{MAX_TEMPLATE_BYTES:,}"
        )
