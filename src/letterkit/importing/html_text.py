"""A saved web page as the lines a reader sees, without its navigation, banners and buttons.

Beautiful Soup (with Python's own parser: no compiled code, and forgiving of
the broken markup pages are made of) reads the page; what is not the action
is dropped before its text is taken: scripts, menus, headers and footers,
forms, cookie and newsletter banners, share buttons. Each block (a paragraph,
a heading, a list item, a table row) becomes its own line, a list item
starting with a bullet, and a ``<br>`` a line break, so that the recognisers
see the page's layout as a text version of it would show it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DROPPED = [
    "head",
    "title",
    "meta",
    "link",
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "svg",
    "canvas",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "select",
    "input",
    "textarea",
    "dialog",
    "menu",
    "object",
    "embed",
    "video",
    "audio",
    "picture",
    "img",
]
_FURNITURE = re.compile(
    r"cookie|consent|gdpr|banner|newsletter|share|social|breadcrumb|skip|menu|navbar|nav-|"
    r"navigation|sidebar|related|popup|modal|subscribe|donate-bar|footer|header",
    re.IGNORECASE,
)
BLOCKS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "address",
        "blockquote",
        "pre",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "dt",
        "dd",
        "tr",
        "table",
        "ul",
        "ol",
        "dl",
        "figure",
        "figcaption",
        "hr",
        "body",
    ]
)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


@dataclass(frozen=True)
class PageText:
    """A page's lines, which of them are headings, and the line of its main heading."""

    lines: list[str]
    headings: frozenset[int]
    title_line: int | None


def html_lines(html: str) -> PageText:
    """The text of *html* as a reader sees it, one block per line."""
    from bs4 import BeautifulSoup, Comment, Doctype, Tag
    from bs4.element import NavigableString

    soup = BeautifulSoup(html, "html.parser")
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment | Doctype)):
        comment.extract()
    for protected in soup.select("[data-cfemail]"):
        protected.replace_with(_cloudflare_email(str(protected.get("data-cfemail"))))
    for tag in soup.find_all(DROPPED):
        tag.decompose()
    for tag in soup.find_all(True):
        if isinstance(tag, Tag) and not tag.decomposed and _is_furniture(tag):
            tag.decompose()

    lines: list[str] = []
    headings: set[int] = set()
    title_line: int | None = None
    current: list[str] = []

    def end_line() -> None:
        text = _SPACES.sub(" ", "".join(current)).strip()
        current.clear()
        if text:
            lines.append(text)

    def walk(node: Tag) -> None:
        nonlocal title_line
        for child in node.children:
            if isinstance(child, NavigableString):
                current.append(str(child).replace("\n", " "))
            elif isinstance(child, Tag):
                name = child.name.lower()
                if name == "br":
                    end_line()
                    continue
                if name in BLOCKS:
                    end_line()
                    if name in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol"):
                        lines.append("")  # a paragraph ends, as in a text version
                    if name == "li":
                        current.append("• ")
                    walk(child)
                    end_line()
                    if name in ("h1", "h2", "h3") and lines and lines[-1]:
                        headings.add(len(lines))
                        if name == "h1" and title_line is None:
                            title_line = len(lines)
                    if name in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol"):
                        lines.append("")
                elif name in ("td", "th"):
                    walk(child)
                    current.append("  ")
                else:
                    walk(child)

    walk(soup)
    end_line()
    kept, moved = _squeeze(lines)
    return PageText(
        kept,
        frozenset(moved[number] for number in headings if number in moved),
        moved.get(title_line) if title_line is not None else None,
    )


def _cloudflare_email(encoded: str) -> str:
    """An address a saved page hides as ``[email protected]``: hex bytes XORed with the first."""
    try:
        data = bytes.fromhex(encoded)
    except ValueError:
        return ""
    if not data:
        return ""
    return bytes(byte ^ data[0] for byte in data[1:]).decode("utf-8", errors="replace")


def _is_furniture(tag: object) -> bool:
    from bs4 import Tag

    if not isinstance(tag, Tag) or tag.attrs is None:
        return False
    if tag.name in ("body", "html", "main", "article"):
        return False
    role = str(tag.get("role") or "")
    if role in ("navigation", "banner", "contentinfo", "dialog", "search", "alertdialog"):
        return True
    marks = " ".join(
        [str(tag.get("id") or ""), " ".join(tag.get_attribute_list("class") or [])]
    ).strip()
    return bool(marks) and _FURNITURE.search(marks) is not None


def _squeeze(lines: list[str]) -> tuple[list[str], dict[int, int]]:
    """Runs of blank lines made one, and where each line kept moved to."""
    kept: list[str] = []
    moved: dict[int, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line and (not kept or not kept[-1]):
            continue
        kept.append(line)
        moved[number] = len(kept)
    while kept and not kept[0]:
        kept.pop(0)
        moved = {old: new - 1 for old, new in moved.items() if new > 1}
    return kept, moved
