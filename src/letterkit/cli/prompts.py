"""The questions ``letterkit compose`` asks: plain, numbered, and asked again until answered well.

Each question reads one line, so a screen reader or a pipe can follow it. An
answer is checked by the same function that checks the matching option; a wrong
answer prints why and asks again. Questions and notes go to standard error, so
standard output carries only the message.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TextIO, TypeVar, cast

from rich.console import Console
from rich.prompt import Confirm, Prompt

from letterkit.cli.consoles import literal
from letterkit.cli.vocabulary import option_for
from letterkit.errors import ChoiceError

T = TypeVar("T")


class InputEndedError(ChoiceError):
    """Standard input ended before a question was answered."""


class Questions:
    """Asks numbered questions on *console*, reading answers from *stream* (standard input)."""

    def __init__(self, console: Console, stream: TextIO | None = None) -> None:
        self.console = console
        # The command line leaves *stream* out: input() then reads the terminal, with line
        # editing. Tests give answers as a stream; rich reads it with readline alone.
        self.stream = cast("TextIO", _Lines(stream)) if stream is not None else None
        self.count = 0
        self.numbers: dict[str, int] = {}
        """The number each field was first asked under: asked again, it keeps it."""

    def say(self, text: str, style: str = "") -> None:
        """Print a note between questions; *text* is printed literally."""
        self.console.print(literal(text, style=style), soft_wrap=True)

    def choices(self, options: Sequence[str]) -> None:
        """Print numbered options, each wrapped to the screen under its own first word."""
        import textwrap

        width = max(self.console.width, 40)
        for number, option in enumerate(options, start=1):
            lines = textwrap.wrap(
                option,
                width=width,
                initial_indent=f"  {number:>2}. ",
                subsequent_indent=" " * 6,
                break_long_words=False,
                break_on_hyphens=False,
            )
            self.console.print(literal("\n".join(lines) or f"  {number:>2}."), soft_wrap=True)

    def ask(
        self,
        question: str,
        check: Callable[[str], T],
        field: str,
        default: str | None = None,
        number: int | None = None,
    ) -> T:
        """Ask *question* until *check* accepts the answer; *field* is what it sets.

        Questions are numbered in turn; give *number* to ask one again under its number.
        """
        if number is None:
            self.count += 1
        self.numbers.setdefault(field, number or self.count)
        label = literal(f"{number or self.count}. {question}")
        while True:
            try:
                answer = Prompt.ask(
                    label,
                    console=self.console,
                    default=default or "",
                    show_default=bool(default),
                    stream=self.stream,
                )
            except EOFError:
                raise InputEndedError(
                    field,
                    f'input ended before "{question}" was answered; pass {option_for(field)}',
                ) from None
            try:
                return check(answer)
            except ChoiceError as error:
                self.console.print(
                    literal(f"   {sentence(error.detail)} Please try again.", style="yellow"),
                    soft_wrap=True,
                )

    def confirm(self, question: str, default: bool = False, *, all_is_yes: bool = False) -> bool:
        """Ask a yes-or-no question; the end of input means *default*.

        *all_is_yes*: `all` answers yes, as `--to all` asks for every official's message.
        """
        kind = _AllOrNo if all_is_yes else _YesNo
        try:
            return kind.ask(
                literal(question), console=self.console, default=default, stream=self.stream
            )
        except EOFError:
            return default


def sentence(text: str) -> str:
    """*text* ended as a sentence, once: no `?.`."""
    return text if text.endswith((".", "?", "!")) else f"{text}."


class _Lines:
    """Answers a line at a time from a stream; its end is :class:`EOFError`, as at a prompt."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def readline(self) -> str:
        """The next answer; :class:`EOFError` at the end of the stream."""
        line = self._stream.readline()
        if not line:
            raise EOFError
        return line.rstrip("\r\n")  # as input() gives it


class _YesNo(Confirm):
    """A yes-or-no question that also takes `yes` and `no`."""

    yes_words: tuple[str, ...] = ("yes",)

    def process_response(self, value: str) -> bool:
        answer = value.strip().lower()
        if answer in (*self.yes_words, "no"):
            answer = "n" if answer == "no" else "y"
        return super().process_response(answer)


class _AllOrNo(_YesNo):
    """A yes-or-no question that `all` answers yes."""

    yes_words = ("yes", "all")
