"""The sandboxed Jinja2 environment a case's own templates run in, every step of it counted."""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Callable, Iterable, Iterator
from types import CodeType
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace

from letterkit.sandbox.bounds import (
    MAX_STRING,
    TemplateLimitError,
    check_bits,
    check_items,
    check_join,
    check_length,
    check_number,
    check_replace,
    check_sequence_times,
    check_value,
    check_written_size,
    current_budget,
    written_size,
)
from letterkit.sandbox.data import PLAIN
from letterkit.sandbox.filters import REMOVED, check_filter, json_dumps, pprint, wordwrap
from letterkit.sandbox.formats import check_percent, check_str_format, check_translate
from letterkit.sandbox.shape import check_shape


def _check_method(method: Any, args: tuple[Any, ...]) -> tuple[Any, ...]:
    """A string's method called with what could make it huge; the arguments to call it with."""
    text = getattr(method, "__self__", None)
    name = getattr(method, "__name__", "")
    if not isinstance(text, str):
        return args
    if name == "replace":
        check_replace(text, *args[:3])
    elif name == "join" and args:
        args = (check_join(text, args[0]), *args[1:])
    elif name == "expandtabs":
        size = args[0] if args and isinstance(args[0], int) else 8
        check_length(len(text) + text.count("\t") * size)
    elif name == "translate" and args:
        check_translate(text, args[0])
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
        budget = current_budget()
        budget.step()
        own = _without_context(args)
        for value in (*own[1:], *kwargs.values()):
            check_number(value)
        for value in (*own, *kwargs.values()):
            check_written_size(value)
        checked = check_filter(name, own, kwargs)
        args = (*args[: len(args) - len(own)], *checked)
        return budget.spend(function(*args, **kwargs))

    return guarded


def _looped(iterable: Iterable[Any]) -> Iterator[Any]:
    """The items of a `for` loop, each turn a step of the render and each item checked."""
    budget = current_budget()
    for item in iterable:
        budget.step()
        check_value(item)
        yield item


class _Namespace(Namespace):
    """Jinja2's `namespace`, written out without what it holds.

    Why: its values are checked where they are used, not when they are set, so
    written out whole it could be any size.
    """

    def __repr__(self) -> str:
        return "<namespace>"


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja2's code generator, with each loop's turns and each `~` counted by the sandbox."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        """The whole template: each loop's iterable passed through the sandbox first.

        Every import and include is made afresh, as `with context` makes it: Jinja2
        keeps the module of a plain `{% import %}` from one render to the next, and
        a namespace set in it would carry one signer's words into the next letter.
        """
        check_shape(node, self.name, self.filename)
        kinds = (nodes.For, nodes.Import, nodes.FromImport, nodes.Include)
        for found in node.find_all(kinds):
            if isinstance(found, nodes.For):
                found.iter = nodes.Filter(
                    found.iter, _LOOP_FILTER, [], [], None, None, lineno=found.lineno
                )
            elif isinstance(found, nodes.Import | nodes.FromImport | nodes.Include):
                found.with_context = True
        super().visit_Template(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.joined((")
        for argument in node.nodes:
            self.visit(argument, frame)
            self.write(", ")
        self.write("))")


_LOOP_FILTER = "letterkit_loop"


def _finalized(value: Any) -> Any:
    """What a `{{ ... }}` prints, once checked small enough to write out."""
    check_written_size(value)
    return value


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja2's sandbox, its lists and dicts unchangeable, and the work of a render bounded."""

    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})
    code_generator_class = _BoundedCodeGenerator

    def __init__(self, **options: Any) -> None:
        # Jinja2's optimizer folds constants in time cubic in a chain like `a.b.c...`.
        super().__init__(finalize=_finalized, optimized=False, **options)
        for name in REMOVED:
            self.globals.pop(name, None)
            self.filters.pop(name, None)
        self.globals["namespace"] = _Namespace
        self.filters.update(wordwrap=wordwrap, pprint=pprint)
        self.filters = {
            name: _guarded_filter(name, function) for name, function in self.filters.items()
        }
        self.filters[_LOOP_FILTER] = _looped
        self.policies["json.dumps_function"] = json_dumps

    def _compile(self, source: str, filename: str) -> CodeType:
        """Python's compiler on a template's code: its own limits, if met, are the template's."""
        try:
            return super()._compile(source, filename)
        except (SyntaxError, MemoryError, RecursionError) as error:
            reason = error.msg if isinstance(error, SyntaxError) else type(error).__name__
            raise TemplateLimitError(
                f"the template {os.path.basename(filename)} is too complex to compile ({reason})"
            ) from None

    def add_filter(self, name: str, function: Callable[..., Any]) -> None:
        """Add a filter of letterkit's own, guarded as Jinja2's are."""
        self.filters[name] = _guarded_filter(name, function)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """An operator in a template: one step, refused before it makes too much."""
        budget = current_budget()
        budget.step()
        if operator == "*":
            check_sequence_times(left, right)
            check_sequence_times(right, left)
            if isinstance(left, int) and isinstance(right, int):
                check_bits(left.bit_length() + right.bit_length())
        elif operator == "**" and isinstance(left, int) and isinstance(right, int):
            if abs(left) > 1 and right > 0:
                check_bits(math.ceil(math.log2(abs(left)) * right))
        elif operator == "+" and isinstance(left, list | tuple) and isinstance(right, type(left)):
            check_items(len(left) + len(right))
            written_size(right, MAX_STRING - written_size(left, MAX_STRING))
        elif operator == "+" and isinstance(left, str | bytes | bytearray):
            check_length(len(left) + len(right) if isinstance(right, type(left)) else 0)
        elif operator == "%" and isinstance(left, str | bytes | bytearray):
            check_percent(left, right)
        return budget.spend(super().call_binop(context, operator, left, right))

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Call *__obj* from a template: one step, its numbers checked, its result counted."""
        budget = current_budget()
        budget.step()
        for value in (*args, *kwargs.values()):
            check_number(value)
            check_written_size(value)
        args = _check_method(__obj, args)
        return budget.spend(super().call(__context, __obj, *args, **kwargs))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """`str.format` and `format_map` in a template, refused before they make too much."""
        formatting = super().wrap_str_format(value)
        if formatting is None:
            return None
        text: str = value.__self__

        @functools.wraps(formatting)
        def bounded(*args: Any, **kwargs: Any) -> str:
            check_str_format(text, (*args, *kwargs.values()))
            return formatting(*args, **kwargs)

        return bounded

    def concat(self, pieces: Iterable[str]) -> str:
        """Jinja2's join of output pieces: a render's output, a block's, a macro's."""
        made: list[str] = []
        length = 0
        for piece in pieces:
            length += len(piece)
            check_length(length)
            made.append(piece)
        text = "".join(made)
        current_budget().spend(text)
        return text

    def joined(self, parts: Iterable[Any]) -> str:
        """The `~` operator: its parts as text, joined."""
        listed = list(parts)
        for part in listed:
            check_written_size(part)
        return self.concat(map(str, listed))

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Only the attributes of plain data and of Jinja2's own helpers (loop, cycler)."""
        if not super().is_safe_attribute(obj, attr, value):
            return False
        return isinstance(obj, (*PLAIN, Namespace)) or type(obj).__module__.startswith("jinja2.")
