"""A draft case file from what was found: each value with its source line, guesses marked.

The draft is written as text, not dumped: a case author reads it, so it keeps
the case format's order and says beside each value where it came from. Every
string is written in YAML's double-quoted form (JSON's, which YAML reads) or
as a literal block, so that no text from the source can change the file's
structure. A required value not found is a ``FILL IN:`` placeholder, which
every command refuses with its place and what to write.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from dataclasses import dataclass, field
from typing import Any

from letterkit.case_yaml import PLACEHOLDER
from letterkit.fields import new_official_id
from letterkit.importing.found import Found, FoundAction, FoundOfficial
from letterkit.importing.language import language_of
from letterkit.importing.recognise import recognise, split_actions
from letterkit.importing.sources import Source

WIDTH = 88
OFFICIAL_KEYS = ("honorific", "name", "title", "salutation")
CHANNEL_OF = {"phones": "calls", "twitter": "tweets"}
FILL = {
    "title": "the action's title, as its page heads it",
    "country": "the country the action is about",
    "summary": "what happened, in a paragraph or two",
    "concern": "what every letter says it is about, in a sentence or two",
    "ask": "a request, as a clause after `I urge you to` (or write the whole letter as "
    "model_letter)",
    "official": "whom to write to: their name or title",
    "address": "their postal address, a line each",
    "channels": "how to reach them: letter, fax or email",
}


@dataclass
class CaseDraft:
    """A drafted case file and what its author should know: found, guessed, missing."""

    text: str
    name: str
    """A file name for it, from its reference or title."""
    label: str
    found: list[str] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    lines: tuple[int, int] = (1, 1)
    """The source's lines the action was read from."""


def draft_cases(source: Source) -> list[CaseDraft]:
    """One draft per action in *source*."""
    language = language_of("\n".join(source.lines)) or "en"
    drafts = []
    for first, last in split_actions(source):
        action = recognise(source, first, last, language)
        drafts.append(_Writer(source, action).draft())
    return drafts


class _Writer:
    def __init__(self, source: Source, action: FoundAction) -> None:
        self.source = source
        self.action = action
        self.lines: list[str] = []
        self.report = CaseDraft(text="", name="", label="")
        self.ids: set[str] = set()

    def draft(self) -> CaseDraft:
        action, fields = self.action, self.action.fields
        for key in ("reference", "title", "issued", "deadline"):
            self._field(key, fields.get(key), required=key == "title")
        self._field("country", fields.get("country") or self._country_of_targets(), required=True)
        if fields["language"].value != "en":
            self._field("language", fields["language"])
        self._field("summary", fields.get("summary"), required=True)
        letter = fields.get("model_letter")
        self._field("concern", fields.get("concern"), required=letter is None)
        if letter is not None:
            self._field("model_letter", letter)
        self._channels()
        if letter is None:
            self._asks()
        self._officials("targets", action.targets, required=True)
        self._officials("copies", action.copies, required=False)
        self._field("background", fields.get("background"))
        self._contact()
        if re.match(r"(?i)https?://", self.source.name):
            self.lines.append(f"source: {_quoted(self.source.name)}")
        report = self.report
        report.text = "\n".join(self.lines) + "\n"
        reference = fields.get("reference")
        title = fields.get("title")
        report.label = (
            " ".join(
                part
                for part in (reference and reference.value, title and _quoted(title.value))
                if part
            )
            or f"the action at line {action.first_line}"
        )
        report.name = _file_name(
            reference.value if reference else title.value if title else "draft"
        )
        report.notes = list(action.notes)
        report.lines = (action.first_line, action.last_line)
        return report

    def _field(
        self, key: str, found: Found | None, *, required: bool = False, indent: str = ""
    ) -> None:
        if found is None:
            if required:
                self.lines.append(f"{indent}{key}: {_quoted(PLACEHOLDER + ' ' + FILL[key])}")
                self.report.missing.append(key)
            return
        self._note(key, found)
        self.lines.extend(_key_value(indent, key, found.value, _source_comment(found)))

    def _note(self, key: str, found: Found) -> None:
        if found.guess:
            self.report.guessed.append(f"{key} ({found.guess})")
        else:
            self.report.found.append(key)

    def _country_of_targets(self) -> Found | None:
        for official in self.action.targets:
            country = official.fields.get("country")
            if country is not None:
                return Found(country.value, country.line, guess="the addressee's country")
        return None

    def _channels(self) -> None:
        targets = self.action.targets
        channels = []
        if any("address" in one.fields for one in targets):
            channels.append("letter")
        if any("fax" in one.fields for one in targets):
            channels.append("fax")
        if any(one.lists.get("emails") for one in targets):
            channels.append("email")
        if not channels:
            self.lines.append(f"channels: [{_quoted(PLACEHOLDER + ' ' + FILL['channels'])}]")
            self.report.missing.append("channels")
            return
        self.lines.append(f"channels: [{', '.join(channels)}]  # the ways to reach the addressees")
        if any(one.lists.get("twitter") for one in targets):
            self.report.notes.append(
                "Twitter handles found: to offer tweets, add `tweet` to channels and a `short` "
                "form to each ask"
            )

    def _asks(self) -> None:
        asks = self.action.asks
        if not asks:
            self.lines += ["asks:", "  choose: {min: 1, max: 1}", "  items:"]
            self.lines.append(f"    - text: {_quoted(PLACEHOLDER + ' ' + FILL['ask'])}")
            self.report.missing.append("asks")
            return
        form = self.action.ask_form
        choose = self.action.fields.get("choose")
        if choose is not None and choose.value["max"] <= len(asks):
            low, high = choose.value["min"], choose.value["max"]
            how_many = f"  # {choose.where}"
        else:
            low, high = 1, min(3, len(asks))
            how_many = "  # a guess: how many to choose is not said"
        self.lines += ["asks:", f"  choose: {{min: {low}, max: {high}}}{how_many}"]
        if form is not None and form.value == "sentence":
            self.lines.append(f"  form: sentence  # a guess: {form.guess}")
        self.lines.append("  items:")
        for found in asks:
            text = _ask_text(found.value, form.value if form else "clause")
            self.lines.extend(_key_value("    - ", "text", text, _source_comment(found), item=True))
        self.report.found.append(f"{len(asks)} ask{'s' if len(asks) != 1 else ''}")
        if asks[0].guess:
            self.report.guessed.append(f"asks ({asks[0].guess})")

    def _officials(self, key: str, officials: list[FoundOfficial], *, required: bool) -> None:
        if not officials:
            if required:
                self.lines += [
                    f"{key}:",
                    "  - id: official",
                    f"    name: {_quoted(PLACEHOLDER + ' ' + FILL['official'])}",
                    "    address:",
                    f"      lines: [{_quoted(PLACEHOLDER + ' ' + FILL['address'])}]",
                ]
                self.report.missing.append(key)
            return
        self.lines.append(f"{key}:")
        for official in officials:
            first = bool(self.action.targets) and official is self.action.targets[0]
            self._official(official, self.ids, first=first)
        nouns = ("addressee", "addressees") if key == "targets" else ("copy", "copies")
        self.report.found.append(f"{len(officials)} {nouns[len(officials) != 1]}")

    def _official(self, official: FoundOfficial, used: set[str], *, first: bool) -> None:
        fields = dict(official.fields)
        letter_salutation = self.action.fields.get("letter_salutation")
        if first and "salutation" not in fields and letter_salutation is not None:
            fields["salutation"] = Found(
                letter_salutation.value, letter_salutation.line, guess="the model letter's"
            )
        ident = _official_id(fields, used)
        self.lines.append(f"  - id: {ident}  # from line {official.line}")
        if "name" not in fields and "title" not in fields:
            self.lines.append(f"    name: {_quoted(PLACEHOLDER + ' ' + FILL['official'])}")
        for key in OFFICIAL_KEYS:
            if key in fields:
                self.lines.extend(
                    _key_value("    ", key, fields[key].value, _source_comment(fields[key]))
                )
        address = fields.get("address")
        if address is not None:
            self.lines.append(f"    address:  # {_source_comment(address)}")
            self.lines.append("      lines:")
            for line in address.value:
                self.lines.append(f"        - {_quoted(line)}")
            if "country" in fields:
                country = fields["country"]
                self.lines.append(
                    f"      country: {_quoted(country.value)}  # {_source_comment(country)}"
                )
        if "postage" in fields:
            postage = fields["postage"]
            self.lines.append(
                f"    postage: {_quoted(postage.value)}  # {_source_comment(postage)}"
            )
        if "fax" in fields:
            self.lines.append(
                f"    fax: {_quoted(fields['fax'].value)}  # {_source_comment(fields['fax'])}"
            )
        for key in ("emails", "phones", "twitter"):
            values = official.lists.get(key)
            if not values:
                continue
            # Phones and handles make a case offer calls and tweets, which need each ask's
            # short form: the source never gives one, so they wait, commented, for it.
            mark = "" if key == "emails" else "# "
            if mark:
                self.lines.append(
                    f"    # To offer {CHANNEL_OF[key]}, give each ask a `short` form, then"
                )
                self.lines.append(f"    # remove the # before these {len(values) + 1} lines:")
            self.lines.append(f"    {mark}{key}:")
            for found in values:
                self.lines.append(
                    f"      {mark}- {_quoted(found.value)}  # {_source_comment(found)}"
                )
        if "web" in fields:
            self.lines.append(
                f"    web: {_quoted(fields['web'].value)}  # {_source_comment(fields['web'])}"
            )

    def _contact(self) -> None:
        contact = self.action.contact
        if not contact:
            return
        self.lines.append("contact:  # the organisers', for questions: not an addressee's")
        for key in ("email", "phone", "web"):
            if key in contact:
                self.lines.append(
                    f"  {key}: {_quoted(contact[key].value)}  # {_source_comment(contact[key])}"
                )
        self.report.found.append("the organisers' contact")


def _key_value(indent: str, key: str, value: Any, comment: str, *, item: bool = False) -> list[str]:
    """``key: value  # comment``, or a literal block for prose over one line."""
    inner = " " * len(indent) if item else indent
    if isinstance(value, dt.date):
        return [f"{indent}{key}: {value.isoformat()}  # {comment}"]
    if isinstance(value, dict):
        parts = ", ".join(f"{name}: {day.isoformat()}" for name, day in value.items())
        return [f"{indent}{key}: {{{parts}}}  # {comment}"]
    text = str(value)
    if "\n" not in text and len(text) <= WIDTH - len(indent) - len(key):
        return [f"{indent}{key}: {_quoted(text)}  # {comment}"]
    if not _literal_safe(text):
        return [f"{indent}{key}: {_quoted(text)}  # {comment}"]
    block = [f"{indent}{key}: |-  # {comment}"]
    for number, paragraph in enumerate(text.split("\n\n")):
        if number:
            block.append("")
        for line in textwrap.wrap(
            paragraph, WIDTH - len(inner) - 2, break_long_words=False, break_on_hyphens=False
        ):
            block.append(f"{inner}  {line}")
    return block


def _literal_safe(text: str) -> bool:
    return text.isprintable() or all(line.isprintable() for line in text.split("\n"))


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str) -> str:
    return re.sub(r"[^\w ./:@+-]", "_", text)[:120]


def _source_comment(found: Found) -> str:
    return f"{found.where}, a guess: {found.guess}" if found.guess else found.where


def _ask_text(text: str, form: str) -> str:
    text = text.strip()
    if form == "clause":
        text = re.sub(r"\s*(?:[;,.]|\band\b|\bund\b|\bet\b|\by\b|\ben\b)\s*$", "", text)
    return text


def _official_id(fields: dict[str, Found], used: set[str]) -> str:
    words = (fields.get("name") or fields.get("title") or Found("official", 0)).value.split()
    return new_official_id(words[-1] if "name" in fields else " ".join(words[:2]), used)


def _file_name(label: str) -> str:
    from slugify import slugify

    return (slugify(label, max_length=60) or "draft") + ".yaml"
