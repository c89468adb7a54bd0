"""The helper processes a large batch starts, to work on the other core while it makes letters.

Comparing letters (:mod:`letterkit.similarity`), writing their files
(:mod:`letterkit.letter_files`) and writing the journal
(:mod:`letterkit.journal_helper`) each go to a helper started the same way: this
Python, one of letterkit's modules, work and answers pickled over pipes that
only the batch holds, its errors to nowhere.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys


def start_helper(module: str, *arguments: str) -> subprocess.Popen[bytes]:
    """Start ``python -m module``; raise :class:`OSError` where no process can be started.

    ``-P``: not the current folder's modules, which ``-m`` would otherwise import
    first (a ``queue.py`` where the batch was run). A session of its own: Ctrl-C is
    for the batch, and a helper ends when its input does.
    """
    return subprocess.Popen(  # noqa: S603 - this Python, one of letterkit's modules
        [sys.executable, "-P", "-m", module, *arguments],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def stop_helper(helper: subprocess.Popen[bytes], *, timeout: float) -> None:
    """End *helper*'s input, let it finish what it was given, then close its output.

    A helper that has not ended within *timeout* seconds is killed.
    """
    if helper.stdin is not None:
        with contextlib.suppress(OSError):
            helper.stdin.close()
    try:
        helper.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        helper.kill()
        helper.wait()
    if helper.stdout is not None:
        with contextlib.suppress(OSError):
            helper.stdout.close()


def refuse_a_terminal(module: str) -> None:
    """Stop a helper started by hand: it reads pickles, which only a batch sends."""
    if sys.stdin.isatty():
        sys.exit(f"{module}: a helper process that a batch starts, not run by hand")
