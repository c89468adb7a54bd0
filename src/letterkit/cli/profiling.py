"""``letterkit profile``: show, set (by options or by questions) and clear the writer's profile."""

from __future__ import annotations

import dataclasses
import functools
import sys
from pathlib import Path

from letterkit.cli.boundary import say
from letterkit.cli.consoles import plain_console
from letterkit.errors import ChoiceError
from letterkit.profile import (
    FIELDS,
    Profile,
    checked,
    clear_profile,
    profile_path,
    read_profile,
    write_profile,
)

QUESTIONS = {
    "name": "Your name, as you sign",
    "place": "Your postal address, for replies (; between lines)",
    "country": "Your country (for postage advice and air mail)",
    "language": "The language you write letters in, where a case offers it (en, fr, de, ...)",
    "paper": "Your paper for PDFs (a4 or letter)",
    "email": "Your email address (the From of email drafts)",
    "about": "A sentence about yourself, offered each time (optional)",
}
LABELS = {"place": "address", "about": "sentence"}
HEADER = "letterkit's profile: `letterkit profile` shows it, `letterkit profile set` sets it."


def show() -> None:
    """Print the profile, a line a value, and where it is kept."""
    profile, path = read_profile(), profile_path()
    kept = profile.kept()
    if not kept:
        say(f"No profile yet; `letterkit profile set` makes one ({path}).")
        return
    width = max(len(LABELS.get(key, key)) for key in kept)
    for key, value in kept.items():
        shown = value.replace("\n", "; ")  # an address's lines, on one line
        say(f"{LABELS.get(key, key) + ':':<{width + 1}} {shown}", stream=sys.stdout)
    say(f"(kept in {path})")


def set_values(given: dict[str, str | None]) -> None:
    """Set the values given as options; with none, ask for each, offering what is kept."""
    profile = read_profile()
    values = dataclasses.asdict(profile)
    options = {key: value for key, value in given.items() if value is not None}
    if options:
        for key, value in options.items():
            values[key] = checked(key, value)
    else:
        values.update(_asked(profile))
    if values["name"] and values["place"]:  # the name typed again in the address: left out
        from letterkit.text import without_name

        kept = without_name(values["place"].split("\n"), values["name"])
        values["place"] = "\n".join(kept) or None
    path = write_profile(Profile(**values), header=HEADER)
    say(f"profile kept in {path}, readable only by you")


def _asked(profile: Profile) -> dict[str, str | None]:
    from letterkit.cli.prompts import Questions

    questions = Questions(plain_console(stderr=True))
    questions.say("Your profile: Enter keeps what is shown; a single - clears a value.")
    kept = {
        key: (value or "").replace("\n", "; ") or None
        for key, value in dataclasses.asdict(profile).items()
    }
    answers: dict[str, str | None] = {}
    for key in FIELDS:
        answers[key] = questions.ask(
            QUESTIONS[key], functools.partial(_answer, key), key, default=kept[key]
        )
    return answers


def _answer(key: str, answer: str) -> str | None:
    return None if answer.strip() == "-" else checked(key, answer)


def clear(*, yes: bool) -> None:
    """Forget the profile, after a confirmation."""
    path = profile_path()
    if not Path(path).exists():
        say("No profile to clear.")
        return
    if not yes:
        if not sys.stdin.isatty():
            raise ChoiceError("yes", "clearing the profile needs a confirmation: pass --yes")
        from letterkit.cli.prompts import Questions

        if not Questions(plain_console(stderr=True)).confirm(f"Clear your profile ({path})?"):
            say("The profile is kept.")  # a choice, not an error
            return
    clear_profile(path)
    say("profile cleared")
