"""The one place where a user's mistake becomes a message and an exit status.

A :class:`letterkit.errors.LetterkitError` is printed as one line per problem on
standard error, never as a traceback; Ctrl-C exits with 130. Kept free of heavy
imports: every command passes through here at start-up.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import ParamSpec, TextIO, TypeVar

import typer

from letterkit.cli.vocabulary import error_line
from letterkit.errors import ExitStatus, LetterkitError
from letterkit.text import inert

P = ParamSpec("P")
R = TypeVar("R")


def fail(message: str) -> None:
    """Print *message* on standard error, each line made inert and prefixed."""
    for line in message.split("\n"):
        sys.stderr.write(f"letterkit: {inert(line)}\n")
    sys.stderr.flush()


def reading_from_terminal(what: str) -> None:
    """Say, where standard input is a terminal, that *what* is read from it and how to end it.

    Without it, a command given `-` seems to hang: it is waiting for the writer.
    """
    if sys.stdin.isatty():
        end = "Ctrl-Z, then Enter" if sys.platform == "win32" else "Ctrl-D"
        sys.stderr.write(f"Reading {what} from the terminal: paste it, then press {end}.\n")
        sys.stderr.flush()


def say(message: str, *, stream: TextIO | None = None) -> None:
    """Print *message* as it is but inert: on standard error, or *stream*."""
    (stream or sys.stderr).write(inert(message) + "\n")


def user_errors_handled(command: Callable[P, R]) -> Callable[P, R]:
    """Turn user errors into one-line messages and documented exit statuses."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except LetterkitError as error:
            fail(error_line(error))
            raise typer.Exit(error.exit_status) from None
        except KeyboardInterrupt:
            fail("interrupted; nothing was saved that was not finished")
            raise typer.Exit(ExitStatus.INTERRUPTED) from None
        except BrokenPipeError:
            # The reader went away (`letterkit list | head`); that is not an error.
            discard_output()
            raise typer.Exit(ExitStatus.OK) from None
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            fail(f"{where}cannot write: {error.strerror or error}")
            raise typer.Exit(ExitStatus.NOT_WRITTEN) from None

    return run


def finish_output(status: int) -> int:
    """Flush standard output before exiting; a reader gone or a full disk is one line."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        discard_output()
    except OSError as error:
        fail(f"cannot write to standard output: {error.strerror or error}")
        discard_output()
        return status or ExitStatus.NOT_WRITTEN
    return status


def discard_output() -> None:
    """Point standard output at /dev/null, so that Python's own last flush cannot fail."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
