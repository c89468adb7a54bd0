"""Rendering a draft into the message a writer sends: letter, fax, email or tweet.

Templates are Jinja2 files shipped in ``letterkit/templates``; a case may bring its
own, which run in Jinja2's sandbox. Case and writer text reaches a template only as
variables, never as template source, so ``{{ 7*7 }}`` in a writer's sentence stays
those nine characters.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel, ConfigDict, Field

from letterkit.compose import Draft
from letterkit.errors import NotComposableError, TemplateError
from letterkit.models import Ask, Channel
from letterkit.text import plain_text

TEMPLATES = Path(__file__).parent / "templates"
LINE_WIDTH = 72
LINES_PER_PAGE = 54
"""Lines of 72 characters that fit on one A4 or US Letter page in a 12-point font."""
TWEET_LIMIT = 280
MAX_OWN_OUTPUT = 100_000
"""A case's own template making more than this has gone wrong."""
WORDS_PER_MINUTE = 150
"""A calm speaking pace; a call script must fit in a minute at it."""
CALL_SECONDS = 60
MAILTO_LIMIT = 2000
"""Past about 2,000 characters mail clients start cutting ``mailto:`` links."""


class Tweet(BaseModel):
    """One tweet of a message: its text, its length as Twitter counts it, its intent link."""

    model_config = ConfigDict(frozen=True)

    text: str
    weighted_length: int
    url: str


class Message(BaseModel):
    """A message ready to send, and what a writer or a script needs to send it."""

    model_config = ConfigDict(frozen=True)

    case: str
    reference: str
    channel: Channel
    to: str
    recipient: str
    date: dt.date
    text: str
    subject: str | None = None
    body: str | None = None
    url: str | None = None
    """The tweet intent link or the ``mailto:`` link."""
    weighted_length: int | None = None
    pages: int | None = None
    tweets: list[Tweet] = Field(default_factory=list)  # a new list, not a deep copy
    """A tweet message in as many tweets as its asks need, each within 280."""
    seconds: int | None = None
    """How long a call script takes to say."""
    warnings: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    """How to send it: where to post or fax it, the postage, whom to copy."""


def render(draft: Draft) -> Message:
    """Render *draft* with its channel's templates; raise if the result cannot be sent."""
    context = _context(draft)
    builtin = _BUILTIN_TEMPLATE.get(draft.channel, "message")
    if draft.channel is Channel.TWEET:
        text = _tweets(draft, _own_template(draft), context)
    else:
        text = _render(draft, builtin, _own_template(draft), context)
    if draft.channel is Channel.FAX:
        # The case's own fax template, if any, replaces the cover; the letter stays.
        own_cover = draft.case.templates.get(Channel.FAX)
        cover = {**context, "letter": text}
        pages = _pages(_render(draft, "fax_cover", own_cover, {**cover, "pages": 1}))
        text = _render(draft, "fax_cover", own_cover, {**cover, "pages": pages})
    return _message(draft, text)


_BUILTIN_TEMPLATE = {Channel.TWEET: "tweet", Channel.CALL: "call"}
"""The built-in template of a channel; the others share `message`."""


def finish(draft: Draft, text: str) -> Message:
    """The message for *text*, the writer's own edit of the rendered *draft*."""
    return _message(draft, plain_text(text))


def to_ascii(draft: Draft, message: Message) -> Message:
    """The message in plain ASCII, as fax gateways and old mail systems need it.

    Curly quotes and dashes become straight ones and letters are transliterated
    (``Мария`` becomes ``Mariia``); a warning lists what was changed, so the writer
    can check names.
    """
    from text_unidecode import unidecode

    changed: dict[str, str] = {}

    def replace(match: re.Match[str]) -> str:
        character = match.group()
        return changed.setdefault(character, unidecode(character))

    text = _NON_ASCII.sub(replace, message.text)
    if not changed:
        return message
    listed = ", ".join(f"{old} → {new or '(dropped)'}" for old, new in list(changed.items())[:12])
    more = f" and {len(changed) - 12} more" if len(changed) > 12 else ""
    ascii_message = _message(draft, text)
    kinds = "kind" if len(changed) == 1 else "kinds"
    warning = f"--ascii changed {len(changed)} {kinds} of character: {listed}{more}"
    return ascii_message.model_copy(update={"warnings": [*ascii_message.warnings, warning]})


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


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


def _message(draft: Draft, text: str) -> Message:
    fields: dict[str, Any] = {}
    warnings = _warnings(draft)
    if draft.channel is Channel.TWEET:
        tweets = [_tweet(" ".join(part.split())) for part in text.split("\n\n") if part.strip()]
        text = "\n\n".join(tweet.text for tweet in tweets)
        fields = {
            "tweets": tweets,
            "weighted_length": max(tweet.weighted_length for tweet in tweets),
            "url": tweets[0].url,
        }
    elif draft.channel is Channel.CALL:
        fields = _call_fields(draft, text)
    elif draft.channel is Channel.EMAIL:
        subject, _, body = text.strip("\n").partition("\n\n")
        subject = subject.removeprefix("Subject:").strip()
        body = body.strip("\n") + "\n"
        text = f"Subject: {subject}\n\n{body}"
        url = _mailto(draft, subject, body)
        fields = {"subject": subject, "body": body, "url": url}
        if len(url) > MAILTO_LIMIT:
            warnings.append(
                f"the mailto: link is {len(url):,} characters; mail clients may cut it past "
                f"{MAILTO_LIMIT:,}, so copy the text instead"
            )
    else:
        pages = _pages(text)
        fields = {"pages": pages}
        if pages > 1:
            warnings.append(
                f"the {draft.channel} runs to {pages} pages; keep it to one page: "
                "choose fewer asks or shorten your sentence"
            )
    return Message(
        case=draft.case.id,
        reference=draft.case.reference,
        channel=draft.channel,
        to=draft.recipient.id,
        recipient=draft.recipient.display_name,
        date=draft.date,
        text=text,
        warnings=warnings,
        notes=_notes(draft),
        **fields,
    )


def _warnings(draft: Draft) -> list[str]:
    """What the writer should know before sending, whatever the text says."""
    case, warnings = draft.case, []
    if case.deadline is not None and case.deadline < draft.date:
        warnings.append(
            f"the case's deadline, {case.deadline.isoformat()}, has passed: look for an "
            "update before sending"
        )
    if draft.channel in _WRITTEN and draft.recipient.salutation is None:
        warnings.append(
            f"the case gives no salutation for {draft.recipient.display_name}; the message "
            "opens with 'Dear Sir or Madam'"
        )
    if not _speaks(draft.case.language_of_letters, "en") and _own_template(draft) is None:
        warnings.append(
            f"the case asks for messages in `{case.language_of_letters}`, and has no template "
            "of its own: this draft is in English"
        )
    return warnings


_WRITTEN = (Channel.LETTER, Channel.FAX, Channel.EMAIL)


def _notes(draft: Draft) -> list[str]:
    """How to send the message, from what the case says of the recipient and the copies."""
    recipient, notes = draft.recipient, []
    if draft.channel is Channel.LETTER:
        postage = f", with {recipient.postage} in stamps" if recipient.postage else ""
        notes.append(f"Sign it and post it to the address at the top{postage}.")
        if recipient.address is not None and recipient.address.country:
            notes.append("Going abroad? Mark the envelope AIR MAIL / PAR AVION.")
    elif draft.channel is Channel.FAX:
        notes.append(f"Sign it and fax it to {recipient.fax}.")
    elif draft.channel is Channel.EMAIL:
        notes.append(f"Send it to {', '.join(recipient.emails)}, or open the mailto: link.")
    elif draft.channel is Channel.CALL:
        numbers = " or ".join(phone.number for phone in recipient.phones)
        notes.append(f"Call {numbers}; read the script calmly, and be polite if cut short.")
    if draft.copies and draft.channel in _WRITTEN:
        notes.append(
            f"Send a copy to each official in the cc list; `letterkit show {draft.case.id}` "
            "gives their addresses."
        )
    return notes


def _speaks(language: str, wanted: str) -> bool:
    return language == wanted or language.startswith(wanted + "-")


def _own_template(draft: Draft) -> str | None:
    """The case's own template for the body of *draft*: a fax's body is its letter."""
    return draft.case.templates.get(
        Channel.LETTER if draft.channel is Channel.FAX else draft.channel
    )


def _context(draft: Draft) -> dict[str, Any]:
    return {
        "case": draft.case,
        "writer": draft.writer,
        "asks": draft.asks,
        "recipient": draft.recipient,
        "copies": draft.copies,
        # The built-in templates are English: a date in another language would stand alone.
        "date": format_date(
            draft.date, draft.case.language_of_letters if _own_template(draft) else "en"
        ),
        "variant": draft.variant,
        "channel": draft.channel.value,
    }


def _render(draft: Draft, name: str, own: str | None, context: dict[str, Any]) -> str:
    """Render the built-in template *name*, or the case's own template *own* in its place."""
    try:
        if own is not None and draft.case.path is not None:
            text = _render_own(draft.case.path, own, context)
        else:
            # Built-in templates only arrange case and writer text, both already plain.
            text = _builtin_template(name).render(context)
        return text.strip("\n") + "\n"
    except jinja2.TemplateSyntaxError as error:
        where = f"{error.filename or error.name}:{error.lineno}"
        raise TemplateError(f"{where}: template error: {error.message}") from None
    except jinja2.TemplateNotFound as error:
        raise TemplateError(f"template not found: {error.name}") from None
    except jinja2.TemplateError as error:
        raise TemplateError(f"template {own or name}: {error}") from None


def _render_own(case_path: str, template: str, context: dict[str, Any]) -> str:
    """Render a case's own template in the sandbox; whatever goes wrong is the template's."""
    try:
        text = _sandbox(str(Path(case_path).parent)).get_template(template).render(context)
    except jinja2.TemplateError:
        raise
    except RecursionError:
        raise TemplateError(f"template {template}: includes or calls itself without end") from None
    except UnicodeDecodeError:
        raise TemplateError(f"template {template}: is not UTF-8 text") from None
    except Exception as error:  # anything else a template can do wrong in the sandbox
        raise TemplateError(f"template {template}: {type(error).__name__}: {error}") from None
    if len(text) > MAX_OWN_OUTPUT:
        raise TemplateError(f"template {template}: makes over {MAX_OWN_OUTPUT:,} characters")
    # A case's template is the case author's text: made plain like any other.
    return plain_text(text)


def check_own_template(case_path: str, template: str) -> str | None:
    """Why a case's own template cannot be used (missing, not UTF-8, bad syntax), or None."""
    try:
        _sandbox(str(Path(case_path).parent)).get_template(template)
    except jinja2.TemplateNotFound:
        return f"the template {template} does not exist beside the case file"
    except jinja2.TemplateSyntaxError as error:
        return f"the template {template} has an error on its line {error.lineno}: {error.message}"
    except UnicodeDecodeError:
        return f"the template {template} is not UTF-8 text"
    except OSError as error:
        return f"the template {template} cannot be read: {error.strerror}"
    return None


def format_date(date: dt.date, language: str) -> str:
    """The date as a letter in *language* writes it: ``25 November 2026``, ``25. November 2026``."""
    if _speaks(language, "en"):
        # Day, month, year reads right on both sides of the Atlantic; no locale data needed.
        return f"{date.day} {_ENGLISH_MONTHS[date.month - 1]} {date.year}"
    from babel import Locale, UnknownLocaleError
    from babel.dates import format_date as babel_format_date

    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return date.isoformat()
    return babel_format_date(date, format="long", locale=locale)


_ENGLISH_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@lru_cache(maxsize=8)
def _line_pattern(width: int) -> re.Pattern[str]:
    """A line of a paragraph wrapped to *width*: the words that fit, or one longer word."""
    return re.compile(rf"(\S{{{width + 1},}}|.{{1,{width}}})(?: +|$)")


@lru_cache(maxsize=512)
def _wrap(text: str, indent: str = "") -> str:
    """Fill each line of *text* to 72 columns, breaking only at spaces; *indent* later lines.

    Why not :func:`textwrap.fill`: on single-spaced text this gives the same lines
    (a property test checks it) sixteen times faster, which matters in a batch;
    and the ask paragraphs of a batch repeat, so wrapped ones are kept.
    """
    return "\n".join(_fill(paragraph, indent) for paragraph in text.split("\n"))


def _fill(paragraph: str, indent: str) -> str:
    """One paragraph: the first line to the full width, the later ones indented."""
    lines = _line_pattern(LINE_WIDTH).findall(paragraph)
    if indent and len(lines) > 1:
        rest = _line_pattern(LINE_WIDTH - len(indent)).findall(" ".join(lines[1:]))
        lines = [lines[0], *(indent + line for line in rest)]
    return "\n".join(lines)


def _sentence(text: str) -> str:
    """The writer's sentence, ended with a full stop unless it already ends a sentence."""
    text = text.rstrip()
    return text if text[-1:] in _SENTENCE_ENDS else text + "."


_SENTENCE_ENDS = frozenset(".!?…。！？\"'”’»)")


def _clause(text: str) -> str:
    """An ask as the end of a sentence: no final full stop, so a template adds its own."""
    return text.strip().rstrip(".")


def _pages(text: str) -> int:
    """Pages when printed: a line longer than the page is as wide wraps onto the next."""
    lines = text.splitlines()
    printed = len(lines)
    if lines and max(map(len, lines)) > LINE_WIDTH:  # rare: an unbreakable word or name
        printed += sum((len(line) - 1) // LINE_WIDTH for line in lines if len(line) > LINE_WIDTH)
    return max(1, math.ceil(printed / LINES_PER_PAGE))


def _tweet(text: str) -> Tweet:
    """One tweet, refused if Twitter would refuse it."""
    weighted = _weighted_length(text)
    if weighted > TWEET_LIMIT:
        raise NotComposableError(
            f"the tweet is {weighted} characters as Twitter counts them, {weighted - TWEET_LIMIT} "
            f"over {TWEET_LIMIT}: shorten the sentence about yourself"
        )
    url = "https://twitter.com/intent/tweet?text=" + quote(text, safe="")
    return Tweet(text=text, weighted_length=weighted, url=url)


def _weighted_length(text: str) -> int:
    from twitter_text import parse_tweet

    return int(parse_tweet(text).weightedLength)


def _tweets(draft: Draft, own: str | None, context: dict[str, Any]) -> str:
    """As many tweets as the asks need: each ask joins the last tweet if it still fits."""

    def one(asks: list[Ask]) -> str:
        return " ".join(_render(draft, "tweet", own, {**context, "asks": tuple(asks)}).split())

    groups: list[list[Ask]] = []
    for ask in draft.asks:
        if groups and _weighted_length(one([*groups[-1], ask])) <= TWEET_LIMIT:
            groups[-1].append(ask)
        else:
            groups.append([ask])
    return "\n\n".join(one(group) for group in groups)


def _call_fields(draft: Draft, script: str) -> dict[str, Any]:
    """How long the script takes to say, and a tel: link for the first number."""
    spoken = script.partition("\n\n")[2]  # after the line saying whom to call
    seconds = round(len(spoken.split()) / WORDS_PER_MINUTE * 60)
    if seconds >= CALL_SECONDS:
        raise NotComposableError(
            f"the call script takes about {seconds} seconds to say; keep it under "
            f"{CALL_SECONDS}: shorten the sentence about yourself or choose fewer asks"
        )
    number = draft.recipient.phones[0].number
    dialled = "".join(character for character in number if character.isdigit() or character == "+")
    return {"seconds": seconds, "url": f"tel:{dialled}"}


def _mailto(draft: Draft, subject: str, body: str) -> str:
    to = ",".join(draft.recipient.emails)
    query = [("subject", subject), ("body", body.replace("\n", "\r\n"))]
    cc = [email for official in draft.copies for email in official.emails]
    if cc:
        query.insert(0, ("cc", ",".join(cc)))
    encoded = "&".join(f"{key}={quote(value, safe='')}" for key, value in query)
    return f"mailto:{quote(to, safe='@,')}?{encoded}"


def _setup(environment: jinja2.Environment) -> jinja2.Environment:
    environment.filters["wrap"] = _wrap
    environment.filters["clause"] = _clause
    environment.filters["sentence"] = _sentence
    return environment


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja2's per-user cache of compiled templates, where a failed write is only a miss.

    Why: compiling the letter templates is most of what rendering one letter costs.
    The cache holds compiled built-in templates only, never a writer's text.
    """

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    try:
        return _QuietBytecodeCache()  # a private folder for this user in the temp folder
    except (OSError, RuntimeError):
        return None


@lru_cache(maxsize=4)
def _builtin_template(name: str) -> jinja2.Template:
    return _environment().get_template(f"{name}.txt.j2")


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return _setup(
        jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            bytecode_cache=_bytecode_cache(),
            auto_reload=False,  # shipped templates do not change while letterkit runs
            undefined=jinja2.StrictUndefined,
            autoescape=False,  # noqa: S701 - plain-text letters, not HTML
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    )


class _Sandbox(SandboxedEnvironment):
    """Jinja2's sandbox, also refusing to build huge strings or numbers."""

    intercepted_binops = frozenset(["*", "**"])

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        sized = (str, list, tuple)
        if operator == "*" and any(
            isinstance(one, sized) and isinstance(other, int) and len(one) * other > MAX_OWN_OUTPUT
            for one, other in ((left, right), (right, left))
        ):
            raise SecurityError(f"a template may make at most {MAX_OWN_OUTPUT:,} characters")
        if operator == "**" and isinstance(right, int) and right > 100:
            raise SecurityError("a template may raise to a power of at most 100")
        return super().call_binop(context, operator, left, right)


@lru_cache(maxsize=8)
def _sandbox(folder: str) -> jinja2.Environment:
    return _setup(
        _Sandbox(
            loader=jinja2.FileSystemLoader([folder, str(TEMPLATES)]),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    )
