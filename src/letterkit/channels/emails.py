"""Email: a subject and a body, a ``mailto:`` link, and a message file mail programs open.

A ``mailto:`` link carries To, Cc, the subject and the body, line breaks as CRLF;
mail clients start cutting such links at about 2,000 characters. A ``.eml`` file
(RFC 5322) opens in a mail program as a draft, ready to send from the writer's
own address.
"""

from __future__ import annotations

import base64
import datetime as dt
import quopri
import re
from typing import Any
from urllib.parse import quote

from letterkit.errors import NotComposableError
from letterkit.message import Draft, Message
from letterkit.models import Channel
from letterkit.text import control_character, encoded_word, line_break

MAILTO_LIMIT = 2000
"""Past about 2,000 characters mail clients start cutting ``mailto:`` links."""


def email_fields(draft: Draft, text: str) -> tuple[str, dict[str, Any]]:
    """The email's text (``To:``, ``Cc:``, ``Subject:``, a blank line, the body), its fields."""
    subject, _, body = text.strip("\n").partition("\n\n")
    if "\n" in subject:
        raise NotComposableError(
            "the email's Subject: runs onto a second line; an email is its subject on one "
            "line, a blank line, then the body"
        )
    subject = subject.removeprefix("Subject:").strip()
    body = body.strip("\n") + "\n"
    fields = {"subject": subject, "body": body, "url": mailto(draft, subject, body)}
    head = f"To: {', '.join(draft.recipient.emails)}\n"
    copied = [email for official in draft.copies for email in official.emails]
    if copied:
        head += f"Cc: {', '.join(copied)}\n"
    return f"{head}Subject: {subject}\n\n{body}", fields


def mailto(draft: Draft, subject: str, body: str) -> str:
    """A ``mailto:`` link to the recipient, copying the other officials, with CRLF breaks."""
    to = ",".join(draft.recipient.emails)
    query = [("subject", subject), ("body", body.replace("\n", "\r\n"))]
    cc = [email for official in draft.copies for email in official.emails]
    if cc:
        query.insert(0, ("cc", ",".join(cc)))
    encoded = "&".join(f"{key}={quote(value, safe='')}" for key, value in query)
    return f"mailto:{quote(to, safe='@,')}?{encoded}"


def email_file(draft: Draft, message: Message, sender: str | None = None) -> str:
    """The email as a standard message file (RFC 5322) that any mail program opens.

    It carries From (the writer's *sender* address, where known), To, Cc, Subject,
    Date (now, for a message dated today) and the body, with CRLF line ends as
    RFC 5322 has them; ``X-Unsent`` makes mail programs open it as a draft, ready
    to send from the writer's own address.

    Why the headers are written here rather than by the standard library: its
    header classes decode encoded words a case could hide a line break in, and
    fold long non-ASCII names with spaces added. Every value is checked (one line,
    no control characters, no encoded words) and encoded here; the file is then
    read back as a mail program reads it, and refused unless it holds exactly the
    headers, addresses and subject written.
    """
    if draft.channel is not Channel.EMAIL or message.body is None:
        raise NotComposableError("a message file (.eml) is made for the email channel only")
    to = [(draft.recipient.display_name, one) for one in draft.recipient.emails]
    copies = [(official.display_name, one) for official in draft.copies for one in official.emails]
    subject = header_text("subject", message.subject or "")
    author = [(draft.writer.name, sender)] if sender else []
    headers = [("From", _addresses(author))] if author else []
    headers.append(("To", _addresses(to)))
    if copies:
        headers.append(("Cc", _addresses(copies)))
    headers += [
        ("Subject", _unstructured(subject, len("Subject: "))),
        ("Date", _date_header(draft.date)),
        ("X-Unsent", "1"),
        ("MIME-Version", "1.0"),
        ("Content-Type", 'text/plain; charset="utf-8"'),
        ("Content-Transfer-Encoding", "quoted-printable"),
    ]
    body = quopri.encodestring(message.body.encode("utf-8")).decode("ascii")
    text = "".join(f"{name}: {value}\n" for name, value in headers) + "\n" + body
    text = text.replace("\n", "\r\n")
    _check_read_back(text, author, to, copies, subject, message.body)
    return text


def header_text(what: str, value: str) -> str:
    """*value*, if it can stand in an email header as it is; else why not, as an error."""
    separator = line_break(value)
    if separator is not None:
        raise NotComposableError(
            f"the {what} holds a line break (U+{ord(separator):04X}), which cannot go in an "
            "email header"
        )
    bad = control_character(value)
    if bad is not None:
        raise NotComposableError(
            f"the {what} holds the control character U+{ord(bad):04X}, which cannot go in an "
            "email header"
        )
    found = encoded_word(value)
    if found is not None:
        raise NotComposableError(
            f"the {what} holds `{found}`, which mail programs would decode as a header of their own"
        )
    return value


_FOLD = "\n "
"""A header line goes on after a line break and a space (read as one space, or none)."""
_LINE = 76
_WORD_BYTES = 45
"""UTF-8 bytes in one encoded word: base64 of 45 bytes, with `=?utf-8?b?` and `?=`, is 74."""
_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]*")
"""Characters a display name may hold without quotes (atoms and the spaces between)."""


def _unstructured(text: str, used: int) -> str:
    """A subject: ASCII folded at single spaces, else encoded words that lose nothing."""
    words = _SINGLE_SPACE.split(text)
    if text.isascii() and max(map(len, words)) < _LINE - len("Subject: "):
        return _fold(words, used, " ")
    # Text that is not ASCII, or a word too long to fold at a space: encoded words,
    # which can be split anywhere (a header line has at most 998 characters).
    return _fold(_encoded_words(text), used, "")


_SINGLE_SPACE = re.compile(r"(?<! ) (?! )")
"""Where ASCII text may be folded: a line break before a space is read as that space."""


def _encoded_words(text: str) -> list[str]:
    """*text* as RFC 2047 encoded words, split between characters, spaces inside them.

    Spaces between encoded words are dropped when a mail program decodes them, so
    the text's own spaces travel inside the words and nothing is added or lost.
    """
    words, chunk = [], b""
    for character in text:
        encoded = character.encode("utf-8")
        if len(chunk) + len(encoded) > _WORD_BYTES:
            words.append(chunk)
            chunk = b""
        chunk += encoded
    words.append(chunk)
    return [f"=?utf-8?b?{base64.b64encode(word).decode('ascii')}?=" for word in words]


def _fold(tokens: list[str], used: int, joiner: str) -> str:
    """*tokens* joined by *joiner*, on lines of at most 76 characters where they can be."""
    lines, line = [], ""
    for token in tokens:
        if line and used + len(line) + len(joiner) + len(token) > _LINE:
            lines.append(line)
            line, used = token, 1
        else:
            line = f"{line}{joiner}{token}" if line else token
    lines.append(line)
    return _FOLD.join(lines)


def _addresses(people: list[tuple[str, str]]) -> str:
    """An address list: each display name checked and quoted or encoded, one address a line."""
    return ("," + _FOLD).join(_address(name, address) for name, address in people)


def _address(name: str, address: str) -> str:
    header_text("name of an official", name)
    header_text("email address", address)
    local, _, domain = address.rpartition("@")
    if not local.isascii():
        raise NotComposableError(
            f"{address} has letters outside ASCII before the @, which a message file cannot "
            "carry; copy the text into your mail program instead"
        )
    domain = domain if domain.isascii() else domain.encode("idna").decode("ascii")
    if not name.isascii():
        # One encoded word, however long: Python's own reader puts a space between the
        # words of a display name that others join, so only one word reads alike in both.
        phrase = f"=?utf-8?b?{base64.b64encode(name.encode('utf-8')).decode('ascii')}?="
    elif _ATOM.fullmatch(name) and name.strip() == name and "  " not in name:
        phrase = name
    else:
        phrase = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{phrase} <{local}@{domain}>"


def _date_header(date: dt.date) -> str:
    """The message's date: now, for a message dated today; else that day at nine."""
    from email.utils import format_datetime

    now = dt.datetime.now().astimezone()
    try:
        if date == now.date():
            return format_datetime(now.replace(microsecond=0))
        return format_datetime(dt.datetime.combine(date, dt.time(9, 0)).astimezone())
    except (OverflowError, ValueError, OSError):
        raise NotComposableError(
            f"{date.isoformat()} cannot be written as an email's date; give a date from 1900 on"
        ) from None


_HEADERS = frozenset(
    {"to", "cc", "subject", "date", "x-unsent", "content-type", "content-transfer-encoding"}
    | {"mime-version", "from"}
)


def _check_read_back(
    text: str,
    author: list[tuple[str, str]],
    to: list[tuple[str, str]],
    copies: list[tuple[str, str]],
    subject: str,
    body: str,
) -> None:
    """Read the file as a mail program would; refuse it unless it says what was written."""
    from email import policy
    from email.parser import BytesParser

    parsed = BytesParser(policy=policy.default).parsebytes(text.encode("utf-8"))
    names = [name.lower() for name in parsed]

    def addresses(header: str) -> list[tuple[str, str]]:
        value = parsed.get(header)
        if value is None:
            return []
        return [(one.display_name, one.addr_spec) for one in value.addresses]

    if (
        len(names) != len(set(names))
        or not set(names) <= _HEADERS
        or addresses("from") != author
        or addresses("to") != to
        or addresses("cc") != copies
        or str(parsed.get("subject", "")) != subject
        or parsed.get_content().replace("\r\n", "\n") != body
    ):
        raise NotComposableError(
            "the email's headers do not read back as written; save it as text instead"
        )
