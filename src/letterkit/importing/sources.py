"""A published action as numbered lines of text: from a text file, a PDF, a web page or a URL.

Every source is hostile until read: its size is bounded before it is read whole,
a web address is fetched only over http(s), within a time and a size, and
never redirected elsewhere; the text that comes out holds no control
characters or escape sequences, and no line longer than :data:`MAX_LINE`.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from letterkit.errors import LetterkitError
from letterkit.text import plain_text

MAX_BYTES = 8 * 1024 * 1024
"""The largest source read: a published action is a few pages."""
MAX_LINE = 4_000
"""Characters kept of one line; a page of one endless line is cut, not scanned whole."""
MAX_PDF_PAGES = 60
FETCH_SECONDS = 15.0
"""How long a fetch may take in all, connecting and reading."""
_REDIRECTS = 5
_USER_AGENT = "letterkit-import/1 (+a case file drafted from a published action)"


class SourceError(LetterkitError):
    """A source cannot be read: missing, too large, not text, or a fetch that failed."""


@dataclass(frozen=True)
class Source:
    """What was read: its name as given, its kind, and its lines (line 1 is ``lines[0]``)."""

    name: str
    kind: str  # text, html, pdf
    lines: list[str]
    headings: frozenset[int] = frozenset()
    """Line numbers (from 1) of a web page's headings, ``<h1>`` to ``<h3>``."""
    title_line: int | None = None
    """The line of a web page's main heading (its first ``<h1>``)."""


def read_source(spec: str, stdin: IO[bytes] | None = None) -> Source:
    """The source named by *spec*: a file, ``-`` for *stdin*, or an http(s) address."""
    if spec == "-":
        if stdin is None:
            raise SourceError("-: no standard input to read")
        return source_from_bytes("standard input", _read_bounded(stdin, "standard input"))
    if re.match(r"(?i)https?://", spec):
        data, kind = fetch(spec)
        return source_from_bytes(spec, data, kind)
    if re.match(r"(?i)[a-z][a-z0-9+.-]+://", spec):
        raise SourceError(f"{spec}: only http:// and https:// addresses are fetched")
    path = Path(spec)
    try:
        with path.open("rb") as stream:
            data = _read_bounded(stream, spec)
    except FileNotFoundError:
        raise SourceError(f"{spec}: no such file") from None
    except IsADirectoryError:
        raise SourceError(f"{spec}: is a folder; give the file of one action") from None
    except OSError as error:
        raise SourceError(f"{spec}: cannot be read ({error.strerror or error})") from None
    return source_from_bytes(spec, data, _kind_by_name(spec))


def source_from_bytes(name: str, data: bytes, kind: str | None = None) -> Source:
    """The lines of *data*, read as *kind* (``text``, ``html`` or ``pdf``) or as it looks."""
    kind = kind or _kind_by_content(data)
    if kind == "pdf":
        return Source(name, "pdf", _lines(_pdf_text(name, data)))
    text = _decode(data)
    if kind == "html" or (kind is None and _looks_like_html(text)):
        from letterkit.importing.html_text import html_lines

        page = html_lines(text)
        return Source(name, "html", _cut(page.lines), page.headings, page.title_line)
    return Source(name, "text", _lines(text))


def _read_bounded(stream: IO[bytes], name: str) -> bytes:
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise SourceError(f"{name}: larger than {MAX_BYTES // 1024 // 1024} MB; not an action")
    return data


def _kind_by_name(name: str) -> str | None:
    suffix = Path(name).suffix.lower()
    return {".pdf": "pdf", ".html": "html", ".htm": "html", ".txt": "text"}.get(suffix)


def _kind_by_content(data: bytes) -> str | None:
    if data.lstrip()[:5] == b"%PDF-":
        return "pdf"
    return None


def _looks_like_html(text: str) -> bool:
    start = text.lstrip()[:500].lower()
    return start.startswith(("<!doctype html", "<html", "<?xml")) or "<body" in start


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data[:4096]:
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            return data.decode("utf-16", errors="replace")
        raise SourceError("the source is not text (it holds NUL bytes); give a page, PDF or text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _lines(text: str) -> list[str]:
    return _cut(plain_text(text.replace("\t", " ")).split("\n"))


def _cut(lines: list[str]) -> list[str]:
    return [line[:MAX_LINE].rstrip() for line in lines]


def _pdf_text(name: str, data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise SourceError(f"{name}: the PDF is locked with a password")
        pages = reader.pages
        if len(pages) > MAX_PDF_PAGES:
            raise SourceError(f"{name}: {len(pages)} pages; an action is at most {MAX_PDF_PAGES}")
        texts = [page.extract_text() or "" for page in pages]
    except SourceError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise SourceError(f"{name}: not a PDF that can be read ({error})") from None
    text = "\n".join(texts)
    if not text.strip():
        raise SourceError(f"{name}: the PDF has no text layer (a scan); paste its text instead")
    return text


def fetch(
    url: str,
    *,
    timeout: float = FETCH_SECONDS,
    kind_of: Callable[[str, str], str | None] | None = None,
) -> tuple[bytes, str | None]:
    """The body of *url* and its kind, within *timeout* seconds in all and :data:`MAX_BYTES`.

    Redirects are followed only to other http(s) addresses, at most five. *kind_of*
    names the kind of a body from the address and content type, or raises
    :class:`SourceError` for a kind not taken; by default only web pages, PDFs
    and text are taken.
    """
    import urllib.error
    import urllib.request

    class OnlyWeb(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
            if not re.match(r"(?i)https?://", newurl):
                raise SourceError(f"{url}: redirected to {newurl[:200]}, which is not a web page")
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    OnlyWeb.max_redirections = _REDIRECTS
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        OnlyWeb(),
        urllib.request.HTTPErrorProcessor(),
        urllib.request.HTTPDefaultErrorHandler(),
    ):
        opener.add_handler(handler)
    # Only http(s): the opener has no file or ftp handler, and redirects are checked.
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})  # noqa: S310
    started = time.monotonic()
    try:
        with opener.open(request, timeout=timeout) as response:
            kind = (kind_of or _kind_by_type)(url, response.headers.get_content_type())
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > MAX_BYTES:
                raise SourceError(f"{url}: {int(length):,} bytes; larger than an action")
            chunks: list[bytes] = []
            size = 0
            while chunk := response.read1(64 * 1024):  # one receive at a time
                size += len(chunk)
                if size > MAX_BYTES:
                    raise SourceError(f"{url}: larger than {MAX_BYTES // 1024 // 1024} MB")
                if time.monotonic() - started > timeout:
                    raise SourceError(f"{url}: no whole answer in {timeout:g} seconds")
                chunks.append(chunk)
    except SourceError:
        raise
    except urllib.error.HTTPError as error:
        raise SourceError(f"{url}: the server answered {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise SourceError(f"{url}: cannot be fetched ({error.reason})") from None
    except TimeoutError:
        raise SourceError(f"{url}: no answer in {timeout:g} seconds") from None
    except (OSError, ValueError) as error:
        raise SourceError(f"{url}: cannot be fetched ({error})") from None
    return b"".join(chunks), kind


def _kind_by_type(url: str, content_type: str) -> str | None:
    if content_type == "application/pdf":
        return "pdf"
    if content_type in ("text/html", "application/xhtml+xml"):
        return "html"
    if content_type.startswith("text/"):
        return "text"
    if content_type == "application/octet-stream":
        return _kind_by_name(url.split("?")[0])
    raise SourceError(f"{url}: is {content_type}, not a web page, PDF or text")
