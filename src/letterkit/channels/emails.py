"""Email: a subject and a body, a ``mailto:`` link, and a message file mail programs open.

A ``mailto:`` link carries To, Cc, the subject and the body, line breaks as CRLF;
mail clients start cutting such links at about 2,000 characters. A ``.eml`` file
(RFC 5322) opens in a mail program as a draft, ready to send from the writer's
own address.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from letterkit.errors import NotComposableError
from letterkit.message import Draft, Message
from letterkit.models import Channel

MAILTO_LIMIT = 2000
"""Past about 2,000 characters mail clients start cutting ``mailto:`` links."""


def email_fields(draft: Draft, text: str) -> tuple[str, dict[str, Any]]:
    """The email's text (``Subject: ...``, a blank line, the body) and its fields."""
    subject, _, body = text.strip("\n").partition("\n\n")
    subject = subject.removeprefix("Subject:").strip()
    body = body.strip("\n") + "\n"
    fields = {"subject": subject, "body": body, "url": mailto(draft, subject, body)}
    return f"Subject: {subject}\n\n{body}", fields


def mailto(draft: Draft, subject: str, body: str) -> str:
    """A ``mailto:`` link to the recipient, copying the other officials, with CRLF breaks."""
    to = ",".join(draft.recipient.emails)
    query = [("subject", subject), ("body", body.replace("\n", "\r\n"))]
    cc = [email for official in draft.copies for email in official.emails]
    if cc:
        query.insert(0, ("cc", ",".join(cc)))
    encoded = "&".join(f"{key}={quote(value, safe='')}" for key, value in query)
    return f"mailto:{quote(to, safe='@,')}?{encoded}"


def email_file(draft: Draft, message: Message) -> str:
    """The email as a standard message file (RFC 5322) that any mail program opens.

    It carries To, Cc, Subject, Date and the body; ``X-Unsent`` makes mail programs
    open it as a draft, ready to send from the writer's own address.
    """
    from email.headerregistry import Address
    from email.message import EmailMessage
    from email.utils import format_datetime

    if draft.channel is not Channel.EMAIL or message.body is None:
        raise NotComposableError("a message file (.eml) is made for the email channel only")
    email = EmailMessage()
    email["To"] = [
        _address(Address, draft.recipient.display_name, one) for one in draft.recipient.emails
    ]
    copies = [
        _address(Address, official.display_name, one)
        for official in draft.copies
        for one in official.emails
    ]
    if copies:
        email["Cc"] = copies
    email["Subject"] = message.subject or ""
    email["Date"] = format_datetime(dt.datetime.combine(draft.date, dt.time(9, 0)).astimezone())
    email["X-Unsent"] = "1"
    email.set_content(message.body, cte="quoted-printable")
    return email.as_string()


def _address(kind: Any, name: str, address: str) -> Any:
    username, _, domain = address.rpartition("@")
    return kind(display_name=name, username=username, domain=domain)
