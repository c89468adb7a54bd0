"""The writer's profile: the details they would otherwise type for every action.

Name, postal address, country, preferred language, paper, email address and,
if they like, a default sentence about themselves, kept in a TOML file in the
user's config folder, readable only by its owner. Each value is checked as the
option that sets it is, when it is set and when it is read back: a profile
edited by hand cannot slip a line break into a letter. Batch never reads it.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from letterkit.errors import ChoiceError, LetterkitError
from letterkit.text import did_you_mean

PROFILE_ENV = "LETTERKIT_PROFILE"


class ProfileError(LetterkitError):
    """The profile file cannot be read, or holds a value letterkit refuses."""


@dataclass(frozen=True)
class Profile:
    """What a writer keeps to be offered each time; None where nothing is kept."""

    name: str | None = None
    place: str | None = None
    """The postal address, its lines separated by commas, as `--place` takes it."""
    country: str | None = None
    language: str | None = None
    paper: str | None = None
    email: str | None = None
    about: str | None = None

    def kept(self) -> dict[str, str]:
        """The values kept, by field, in the order a person reads them."""
        return {key: value for key, value in dataclasses.asdict(self).items() if value}

    @property
    def address(self) -> str | None:
        """The place with the country as its last line, unless it ends with it already."""
        from letterkit.countries import country_code, country_of

        if self.country is None:
            return self.place
        from letterkit.text import address_lines

        lines = address_lines(self.place)
        if country_of(lines) is not None and country_of(lines) == country_code(self.country):
            return self.place
        return "\n".join([*lines, self.country])


FIELDS = tuple(field.name for field in dataclasses.fields(Profile))


def profile_path() -> Path:
    """``$LETTERKIT_PROFILE``, else ``profile.toml`` in letterkit's config folder."""
    if os.environ.get(PROFILE_ENV):
        return Path(os.environ[PROFILE_ENV])
    from platformdirs import user_config_path

    return user_config_path("letterkit", appauthor=False) / "profile.toml"


def checked(field: str, value: str) -> str | None:
    """*value* for the profile's *field*, checked as its option is; empty: nothing kept."""
    from letterkit.compose import check_about, check_name, check_place

    text = value.strip()
    if not text:
        return None
    if field == "name":
        return check_name(text)
    if field == "about":
        return check_about(text)
    if field == "place":
        return check_place(text)
    if field == "country":
        from letterkit.countries import country_code, country_name, country_names

        code = country_code(text)
        if code is None:
            near = did_you_mean(text, country_names())
            raise ChoiceError("country", f"`{text}` is not a country letterkit knows{near}")
        return country_name(code) if len(text) == 2 else text  # `CA` ends an address as Canada
    if field == "language":
        from letterkit.frames import built_in_languages, language_name

        languages = built_in_languages()
        for code in languages:  # `fr`, `French`, `français`
            names = {code.casefold(), language_name(code).casefold()}
            if text.casefold() in names | {language_name(code, "en").casefold()}:
                return code
        english = [language_name(one, "en").casefold() for one in languages]
        near = did_you_mean(text, [*languages, *english])
        known = ", ".join(languages)
        raise ChoiceError("language", f"`{text}` is not a language letterkit writes: {known}{near}")
    if field == "paper":
        if text.lower() not in ("a4", "letter"):
            raise ChoiceError("paper", f"`{text}` is not a paper size; use a4 or letter")
        return text.lower()
    if field == "email":
        return _email(text)
    raise ChoiceError(field, "is not kept in a profile")


def _email(text: str) -> str:
    from pydantic import TypeAdapter, ValidationError

    from letterkit.fields import Email

    try:
        return str(TypeAdapter(Email).validate_python(text))
    except ValidationError as error:
        message = str(error.errors()[0]["msg"]).removeprefix("Value error, ")
        raise ChoiceError("email", message[0].lower() + message[1:].rstrip(".")) from None


def read_profile(path: Path | None = None) -> Profile:
    """The profile at *path* (by default :func:`profile_path`); an empty one if none is kept."""
    path = path or profile_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Profile()
    except (OSError, UnicodeDecodeError) as error:
        raise ProfileError(f"{path}: cannot be read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ProfileError(f"{path}: is not TOML: {error}") from None
    values: dict[str, str | None] = {}
    for key, value in data.items():
        if key not in FIELDS:
            raise ProfileError(f"{path}: `{key}` is not kept in a profile ({', '.join(FIELDS)})")
        if not isinstance(value, str):
            raise ProfileError(f"{path}: {key}: write text, in quotes")
        try:
            values[key] = checked(key, value)
        except ChoiceError as error:
            raise ProfileError(f"{path}: {key}: {error.detail}") from None
    return Profile(**values)


def write_profile(profile: Profile, path: Path | None = None, header: str = "") -> Path:
    """Keep *profile* at *path*, replacing what was there, readable only by its owner.

    *header* is a comment to open the file with, for a person who opens it.
    """
    import tomli_w

    from letterkit.output import write_atomic

    path = path or profile_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(f"# {line}\n" for line in header.splitlines()) + tomli_w.dumps(profile.kept())
    write_atomic(path, text, force=True, private=True)
    return path


def clear_profile(path: Path | None = None) -> bool:
    """Forget the profile; whether there was one."""
    path = path or profile_path()
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True
