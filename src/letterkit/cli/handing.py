"""One step to send: a message's link opened with the system's handler, its text copied.

``--open`` hands a ``mailto:``, tweet-intent, ``tel:`` or form link to whatever the
system opens such links with; ``--copy`` puts the text on the clipboard through
pyperclip (pbcopy, xclip, xsel, wl-copy, Windows' own), or, where there is no
clipboard program (over SSH), asks the terminal to copy it (OSC 52). Each says
plainly when it cannot: nothing fails silently, and the message stays printed.
"""

from __future__ import annotations

import base64
import contextlib
import os
import sys

from letterkit.message import Message
from letterkit.models import Channel

OSC52_LIMIT = 100_000
"""Terminals refuse (or cut) longer OSC 52 requests; a letter is far shorter."""


def links_of(message: Message) -> list[str]:
    """The links that send *message*: one per tweet of a thread, else its one link."""
    if message.tweets and len(message.tweets) > 1:
        return [tweet.url for tweet in message.tweets if tweet.url]
    return [message.url] if message.url else []


OPEN_WAIT = 2.0
"""Seconds the system's opener is waited for; still running then, a program has the link
(xdg-open without a desktop runs the browser itself), and it is left to run."""


def open_link(url: str) -> bool:
    """Hand *url* to the system's handler; whether it took it.

    The system's opener (xdg-open; macOS's open) is waited for a moment: its status
    says whether a program took the link, where Python's webbrowser says only that
    the opener started. Without one, webbrowser's own search ($BROWSER, a browser).
    """
    if not url.partition(":")[0].isalpha():  # mailto:, https:, tel:; never an option (`-x`)
        return False
    if sys.platform == "win32":
        try:
            os.startfile(url)  # noqa: S606 - the system's handler for the link, as asked
        except OSError:
            return False
        return True
    import shutil

    opener = shutil.which("open" if sys.platform == "darwin" else "xdg-open")
    if opener is None:
        import webbrowser

        try:
            return webbrowser.open(url)
        except webbrowser.Error:
            return False
    import subprocess

    try:
        opening = subprocess.Popen(  # noqa: S603 - no shell; the link is one argument, never an option
            [opener, url],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,  # standard output is the message's
            start_new_session=True,  # Ctrl-C at the next question is not the browser's
        )
    except OSError:
        return False
    try:
        return opening.wait(timeout=OPEN_WAIT) == 0
    except subprocess.TimeoutExpired:
        return True


def what_to_copy(channel: Channel, message: Message) -> str:
    """What a writer pastes: an email's or a form's body, a tweet, else the whole text."""
    if channel is Channel.EMAIL and message.body is not None:
        return message.body
    return message.text


def copy_text(text: str) -> str:
    """Put *text* on the clipboard; where it went, or why it could not, as an error."""
    import pyperclip

    with contextlib.suppress(pyperclip.PyperclipException):  # no clipboard program: below
        pyperclip.copy(text)
        return "the clipboard"
    if not sys.stderr.isatty():
        raise CopyError(
            "no clipboard program was found (install xclip, xsel or wl-clipboard) and there "
            "is no terminal to ask; the message is printed above"
        )
    encoded = base64.b64encode(text.encode("utf-8")).decode("ascii")
    if len(encoded) > OSC52_LIMIT:
        raise CopyError("the message is too long for the terminal to copy; it is printed above")
    sys.stderr.write(f"\x1b]52;c;{encoded}\x07")
    sys.stderr.flush()
    over_ssh = " (over SSH)" if os.environ.get("SSH_TTY") else ""
    return f"your terminal's clipboard{over_ssh}, if it allows programs to set it"


class CopyError(Exception):
    """The text could not be put anywhere a writer can paste from."""
