"""``letterkit new``: a case file written by answering questions, or a draft's blanks filled in.

The questions are compose's: numbered, one line each, asked again until the
answer is right, on standard error. Each answer is checked as the case file will
be; what only the whole case can judge (a channel no official can take) is asked
again at the end. Nothing is written until the case is valid, so Ctrl-C leaves
nothing behind.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from slugify import slugify

from letterkit.authoring import Blank, case_text, check_field, check_type, fill, find_blanks
from letterkit.case_yaml import parse_yaml, read_text
from letterkit.cases import read_case
from letterkit.cli.prompts import InputEndedError, Questions, sentence
from letterkit.errors import ChoiceError, ExitStatus, LetterkitError, OutputError
from letterkit.fields import new_official_id
from letterkit.models import Ask, Case, Official
from letterkit.models.base import Channel
from letterkit.models.officials import Address
from letterkit.output import check_writable, write_atomic
from letterkit.text import counted

T = TypeVar("T")
ENTER_DONE = "Enter when done"


def new_case(draft: Path | None, output: Path | None, *, force: bool) -> None:
    """Ask for a case (or what *draft* lacks), then write it to *output* or a file named for it."""
    from letterkit.cli.consoles import plain_console

    if output is not None:
        check_writable(output, force=force)  # refused before any question is asked
    questions = Questions(plain_console(stderr=True))
    try:
        text, target = _ask(questions, draft, output, force=force)
    except InputEndedError:
        raise UnfinishedError(
            "input ended before the case was complete; nothing was written"
        ) from None
    write_atomic(target, text, force=force)
    case, advice = read_case(target)
    questions.say(f"wrote {target}: {case.title}")
    if advice:
        questions.say(f"  {len(advice)} warning(s) for its author: `letterkit validate {target}`")
    questions.say(f"  next: `letterkit show {target}`, then `letterkit compose {target}`")


class UnfinishedError(LetterkitError):
    """Standard input ended before every question was answered."""

    exit_status = ExitStatus.USAGE


def _ask(
    questions: Questions, draft: Path | None, output: Path | None, *, force: bool
) -> tuple[str, Path]:
    """The case's text, complete and valid, and where to write it."""
    if draft is not None:
        name, text = str(draft), read_text(str(draft))
    else:
        questions.say("A new case: press Enter to leave out what the case does not give.")
        name, text = "the new case", case_text(_ask_case(questions), _HEADER)
    text = _complete(name, text, questions)
    if draft is not None:
        from letterkit.cli.importing import FILL_IN_NOTE

        text = text.replace(FILL_IN_NOTE, "")  # said of the blanks, which are filled in now
    target = output or questions.ask(
        "Save the case as",
        lambda answer: _writable(answer, force=force),
        "output",
        default=_file_name(text, draft),
    )
    return text, target


_HEADER = (
    "Written with `letterkit new`; check it with `letterkit validate`.",
    "Every key is described by `letterkit schema`.",
)


def _complete(name: str, text: str, questions: Questions) -> str:
    """*text* with every blank filled in and every refused value asked again, until valid."""
    asked = 0
    while True:
        blanks, unplaced = find_blanks(name, text)
        if unplaced and not blanks:
            raise LetterkitError(
                f"{name}: cannot be completed by questions: " + "; ".join(unplaced)
            )
        if not blanks:
            return text
        if asked == 0 and blanks[0].current is None and not blanks[0].missing:
            questions.say(f"{name}: {counted(len(blanks), 'value')} to fill in.")
        for blank in blanks:
            text = _answer(name, text, blank, questions)
            asked += 1
        if asked > 200:
            raise LetterkitError(f"{name}: still not valid after {asked} answers")


_ROLES = {"targets": "whom to write to", "copies": "whom to copy", "items": "ask"}


def _label(location: tuple[int | str, ...]) -> str:
    """A value's place as a question names it: `whom to write to 1: address lines`."""
    words: list[str] = []
    for part in location:
        if isinstance(part, int) and words and words[-1] in _ROLES.values():
            words[-1] += f" {part + 1}:"
        elif isinstance(part, str) and part in _ROLES:
            words.append(_ROLES[part])
        elif isinstance(part, str) and part not in ("asks", "text"):
            words.append(part.replace("_", " "))
    return " ".join(words).rstrip(":")


def _answer(name: str, text: str, blank: Blank, questions: Questions) -> str:
    """Ask for *blank*'s value and write it into *text*."""
    field = _label(blank.judged_at if blank.many else blank.location)
    if blank.current is not None:
        questions.say(f"{field}: {blank.what}", style="yellow")
        question = field
    else:
        question = f"{field}: {blank.what}"
    while blank.one_line_each:
        lines = _many(questions, f"{question}; line", lambda line: line, blank.field, 1)
        try:
            return fill(name, text, blank, lines)
        except ChoiceError as error:
            questions.say(f"   {sentence(error.detail)} Please try again.", style="yellow")
    if blank.many:
        question += " (several: separate them with commas)"
    return questions.ask(
        question,
        lambda answer: fill(name, text, blank, [answer]),
        blank.field,
        default=blank.current,
    )


# A new case, question by question


def _ask_case(questions: Questions) -> dict[str, Any]:
    """The case's values, each checked as it is typed."""
    case: dict[str, Any] = {}
    case["language"] = questions.ask(
        "Language the case is written in (en, fr, de, es, nl, or another code)",
        _field(Case, "language"),
        "language",
        default="en",
    )
    _optional(
        case,
        "reference",
        questions.ask(
            "Reference, e.g. UA 12/26 (Enter: none)",
            _optional_field(Case, "reference"),
            "reference",
        ),
    )
    case["title"] = questions.ask("Title", _field(Case, "title"), "title")
    case["country"] = questions.ask("Country the case is about", _field(Case, "country"), "country")
    case["issued"] = questions.ask(
        "Date of issue, YYYY-MM-DD", _field(Case, "issued"), "issued", default=str(dt.date.today())
    )
    _optional(
        case,
        "deadline",
        questions.ask(
            "Deadline: YYYY-MM-DD (the last day), or `before YYYY-MM-DD` (Enter: none)",
            _deadline,
            "deadline",
        ),
    )
    case["summary"] = questions.ask(
        "What happened, in a paragraph", _field(Case, "summary"), "summary"
    )
    letter = questions.ask(
        "Do writers choose among asks (1), or follow a model letter (2)?",
        _one_of(["1", "2"]),
        "asks",
        default="1",
    )
    if letter == "2":
        case["model_letter"] = _ask_model_letter(questions)
    concern_needed = letter == "1"
    concern = questions.ask(
        "What every letter is about, in a sentence or two"
        + ("" if concern_needed else " (Enter: none)"),
        _field(Case, "concern") if concern_needed else _optional_field(Case, "concern"),
        "concern",
    )
    _optional(case, "concern", concern)
    if letter == "1":
        case["asks"] = _ask_asks(questions)
    used: set[str] = set()
    case["targets"] = _ask_officials(questions, "Whom to write to", used, at_least=1)
    _optional(case, "copies", _ask_officials(questions, "Whom to copy", used, at_least=0))
    case["channels"] = questions.ask(
        "Channels, in order of preference",
        _channels,
        "channels",
        default=", ".join(_reachable(case)),
    )
    if "asks" in case and {"tweet", "call"} & set(case["channels"]):
        for number, ask in enumerate(case["asks"]["items"], start=1):
            ask["short"] = questions.ask(
                f"Ask {number} in a few words, for tweets and calls",
                _field(Ask, "short"),
                "short",
            )
    _optional(
        case,
        "background",
        questions.ask(
            "Background, in a paragraph (Enter: none)",
            _optional_field(Case, "background"),
            "background",
        ),
    )
    email = questions.ask(
        "The organisers' email, for questions and reports (Enter: none)",
        _optional_email,
        "contact",
    )
    _optional(case, "contact", {"email": email} if email else None)
    _optional(
        case,
        "source",
        questions.ask(
            "Where the case was published, a URL (Enter: none)",
            _optional_field(Case, "source"),
            "source",
        ),
    )
    return case


def _ask_model_letter(questions: Questions) -> str:
    questions.say(
        "The model letter, a paragraph each answer, from after the salutation to before the "
        "closing; write {about} as a paragraph where the writer's sentence goes."
    )
    paragraphs = _many(questions, "Model letter, paragraph", lambda text: text, "model_letter")
    if not any("{about}" in one for one in paragraphs):
        paragraphs.insert(0, "{about}")
    letter = "\n\n".join(paragraphs)
    return str(check_field(Case, "model_letter", letter))


def _ask_asks(questions: Questions) -> dict[str, Any]:
    questions.say("The asks, each a clause after `I urge you to` (e.g. `release Ana Example`).")
    items = _many(questions, "Ask", _field(Ask, "text"), "asks", at_least=1)
    count = len(items)
    span = questions.ask(
        "How many should each writer choose? e.g. 2-3",
        lambda answer: _choose(answer, count),
        "choose",
        default={1: "1", 2: "1-2"}.get(count, "2-3"),
    )
    return {"choose": span, "items": [{"text": one} for one in items]}


def _ask_officials(
    questions: Questions, role: str, used: set[str], *, at_least: int
) -> list[dict[str, Any]]:
    officials: list[dict[str, Any]] = []
    while True:
        number = len(officials) + 1
        done = "" if number <= at_least else f" ({ENTER_DONE})"
        name = questions.ask(
            f"{role}, {number}: their name, or their title alone{done}",
            _optional_field(Official, "name") if done else _field(Official, "name"),
            "official",
        )
        if not name:
            return officials
        official: dict[str, Any] = {
            "id": new_official_id(str(name).split(",")[0], used),
            "name": name,
        }
        _optional(
            official,
            "title",
            questions.ask(
                "  Their title, e.g. Minister of Justice (Enter: none)",
                _optional_field(Official, "title"),
                "title",
            ),
        )
        _optional(
            official,
            "salutation",
            questions.ask(
                "  How a letter opens, e.g. Dear Minister (Enter: from the language)",
                _optional_field(Official, "salutation"),
                "salutation",
            ),
        )
        lines = _many(questions, "  Postal address, line", _line, "address")
        if lines:
            address: dict[str, Any] = {"lines": lines}
            _optional(
                address,
                "country",
                questions.ask(
                    "  The address's country (Enter: none)",
                    _optional_field(Address, "country"),
                    "country",
                ),
            )
            official["address"] = address
        email = questions.ask("  Email (Enter: none)", _optional_email, "email")
        _optional(official, "emails", [email] if email else None)
        for key, question in (
            ("fax", "  Fax number (Enter: none)"),
            ("web", "  Web form or page that takes messages (Enter: none)"),
        ):
            _optional(official, key, questions.ask(question, _optional_field(Official, key), key))
        handle = questions.ask(
            "  Twitter handle, e.g. @Example (Enter: none)", _optional_handle, "twitter"
        )
        _optional(official, "twitter", [handle] if handle else None)
        officials.append(official)


def _many(
    questions: Questions, what: str, check: Callable[[str], T], field: str, at_least: int = 0
) -> list[T]:
    """Answers one a line, ended by an empty answer once *at_least* are given."""
    answers: list[T] = []
    while True:
        enough = len(answers) >= at_least

        def one(text: str, enough: bool = enough) -> T | None:
            if text.strip():
                return check(text.strip())
            if enough:
                return None
            raise ChoiceError(field, "at least one is needed")

        done = f" ({ENTER_DONE})" if enough else ""
        answer = questions.ask(f"{what} {len(answers) + 1}{done}", one, field)
        if answer is None:
            return answers
        answers.append(answer)


# Checks, each turning the answer into the value the case file holds


def _field(model: Any, field: str) -> Callable[[str], Any]:
    def check(answer: str) -> Any:
        if not answer.strip():
            raise ChoiceError(field, "an answer is needed here")
        value = check_field(model, field, answer.strip())
        return value if isinstance(value, dt.date) else answer.strip()

    return check


def _optional_field(model: Any, field: str) -> Callable[[str], Any]:
    required = _field(model, field)
    return lambda answer: required(answer) if answer.strip() else None


def _line(answer: str) -> str:
    from letterkit.fields import Line

    return str(_typed(Line, "address", answer))


def _optional_email(answer: str) -> str | None:
    from letterkit.fields import Email

    return _typed(Email, "email", answer)


def _optional_handle(answer: str) -> str | None:
    from letterkit.fields import TwitterHandle

    return _typed(TwitterHandle, "twitter", answer)


def _typed(kind: Any, field: str, answer: str) -> str | None:
    return str(check_type(kind, field, answer.strip())) if answer.strip() else None


def _deadline(answer: str) -> Any:
    text = answer.strip()
    if not text:
        return None
    before = re.fullmatch(r"(?i)before\s+(\S+)", text)
    value: Any = {"before": before[1]} if before else text
    check_field(Case, "deadline", value)
    try:
        return (
            {"before": dt.date.fromisoformat(before[1])} if before else dt.date.fromisoformat(text)
        )
    except ValueError:
        return value  # a window or a time: as the case file takes it


def _one_of(choices: list[str]) -> Callable[[str], str]:
    def check(answer: str) -> str:
        if answer.strip() not in choices:
            raise ChoiceError("choice", f"answer {' or '.join(choices)}")
        return answer.strip()

    return check


def _choose(answer: str, count: int) -> dict[str, int]:
    match = re.fullmatch(r"\s*(\d+)\s*(?:(?:-|to)\s*(\d+))?\s*", answer)
    if match is None:
        raise ChoiceError("choose", "write a number, or two such as 2-3")
    low, high = int(match[1]), int(match[2] or match[1])
    if count == 1 and (low, high) != (1, 1):
        raise ChoiceError("choose", "the case has one ask: 1")
    if not 1 <= low <= high <= count:
        raise ChoiceError("choose", f"numbers from 1 to {count} (the asks given), smaller first")
    return {"min": low, "max": high}


def _channels(answer: str) -> list[str]:
    names = [one for one in re.split(r"[\s,]+", answer.strip().lower()) if one]
    if not names:
        raise ChoiceError("channels", "name at least one")
    known = [one.value for one in Channel]
    for name in names:
        if name not in known:
            raise ChoiceError("channels", f"`{name}` is not one of {', '.join(known)}")
    return list(dict.fromkeys(names))


def _reachable(case: dict[str, Any]) -> list[str]:
    """The channels the officials' contacts allow, in the case format's order."""
    officials = [Official.model_validate(one) for one in case["targets"] + case.get("copies", [])]
    reached = {channel for one in officials for channel in one.channels}
    return [channel.value for channel in Channel if channel in reached] or ["letter"]


def _optional(mapping: dict[str, Any], key: str, value: Any) -> None:
    if value:
        mapping[key] = value


def _writable(answer: str, *, force: bool) -> Path:
    path = Path(answer.strip())
    if path.suffix not in (".yaml", ".yml"):
        raise ChoiceError("output", "a case file's name ends in .yaml")
    try:
        return check_writable(path, force=force)
    except OutputError as error:
        detail = str(error) + (
            "; give another name, or pass --force" if "exists" in str(error) else ""
        )
        raise ChoiceError("output", detail) from None


def _file_name(text: str, draft: Path | None) -> str:
    """A file name for the case: from its reference and country, or its title."""
    data = parse_yaml("case", text, placeholders=True)[0]
    words = " ".join(str(data.get(key) or "") for key in ("reference", "country")).strip()
    name = slugify(words or str(data.get("title", "")), max_length=40, word_boundary=True)
    folder = draft.parent if draft is not None else Path()
    return str(folder / f"{name or 'case'}.yaml")
