"""Letters in the five built-in languages: every channel, composed or from a model letter.

Each golden file under ``golden/languages/`` was read in full, as the official who
receives it would read it. The shapes come from published actions, rewritten with
invented people and places (see ``cases/``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from letterkit.cases import load_case
from letterkit.cli import app
from letterkit.compose import choose_language, make_draft, make_drafts, make_writer
from letterkit.errors import ChoiceError
from letterkit.message import Message
from letterkit.models import Case
from letterkit.render import render

from .conftest import FIXTURE_CASES

DAY = dt.date(2026, 11, 25)
LANGUAGES = ("en", "fr", "de", "es", "nl")
CHANNELS = ("letter", "fax", "email", "tweet", "call")
ABOUT = {
    "en": "I teach history at a secondary school in Springfield",
    "fr": "J'enseigne l'histoire dans un lycée de Springfield",
    "de": "Ich unterrichte Geschichte an einem Gymnasium in Springfield",
    "es": "Enseño historia en un instituto de Springfield",
    "nl": "Ik geef geschiedenis op een middelbare school in Springfield",
}
PLACE = "12 Main Street, Springfield"


def _case(name: str) -> Case:
    return load_case(FIXTURE_CASES / f"{name}.yaml")


def _text(messages: list[Message]) -> str:
    return "\n".join(message.text for message in messages)


@pytest.mark.parametrize("form", ["five-languages", "five-languages-model"])
@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_on_each_channel(
    form: str, channel: str, language: str, golden: Callable[[str, str], None]
) -> None:
    case = _case(form)
    assert case.asks is not None
    writer = make_writer("Sam Writer", ABOUT[language], PLACE)
    asks = [1, 2] if channel in ("tweet", "call") else [1, 2, 3][: case.asks.choose.max]
    draft = make_draft(case, writer, asks, channel, None, DAY, language=language)
    message = render(draft)
    assert message.language == language
    assert [str(one) for one in message.warnings] == []
    golden(f"languages/{form}.{language}.{channel}.txt", message.text)


@pytest.mark.parametrize(
    ("name", "channel", "to", "asks", "language", "golden_name"),
    [
        ("de-musterbrief", "letter", "innenminister", [], None, "de-musterbrief.letter"),
        ("de-musterbrief", "email", "all", [], None, "de-musterbrief.email"),
        ("fr-lettre-type", "letter", "prince", [1, 2], None, "fr-lettre-type"),
        ("nl-en-voorbeeldbrief", "letter", None, [1, 2], "nl", "nl.nl"),
        ("nl-en-voorbeeldbrief", "email", None, [2], None, "nl.en"),
        ("us-sample-letter", "letter", None, [], None, "us-sample-letter"),
        ("thanks-mps", "email", "all", [], None, "thanks-mps"),
    ],
)
def test_each_shape_of_published_action(
    name: str,
    channel: str,
    to: str | None,
    asks: list[int],
    language: str | None,
    golden_name: str,
    golden: Callable[[str, str], None],
) -> None:
    case = _case(name)
    about = {
        "de": "Ich bin Lehrerin in Köln",
        "fr": "Je suis bibliothécaire à Lyon",
        "nl": "Ik studeer rechten in Utrecht",
    }.get(
        language or case.language_of_letters,
        "I am a retired nurse and have written for prisoners since 1990",
    )
    writer = make_writer("Sam Writer", about, PLACE)
    drafts = make_drafts(case, writer, asks, channel, to, DAY, language=language)
    messages = [render(draft) for draft in drafts]
    assert all(message.warnings == [] for message in messages)
    golden(f"languages/{golden_name}.txt", _text(messages))


BUNDLED = ["compose", "ua-2-19-russia", "--name", "Claire Exemple", "--ask", "2 4"]


def test_compose_writes_the_letter_in_the_language_chosen(runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        [*BUNDLED, "--about", "Je suis infirmière", "--channel", "letter", "--language", "fr"],
    )
    assert result.exit_code == 0, result.stderr
    assert "Monsieur le Président,\n\nJe suis infirmière.\n" in result.stdout
    assert "Je vous prie d'agréer, Monsieur le Président," in result.stdout
    assert "c. c. Son Excellence Alexander Darchiev" in result.stdout
    assert result.stderr.count("warning") == 0


def test_a_language_the_case_does_not_give_names_the_option(runner: CliRunner) -> None:
    result = runner.invoke(
        app, [*BUNDLED, "--about", "I am a nurse", "--channel", "letter", "--language", "de"]
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "letterkit: --language: this case gives its letter in en, fr, not `de`\n"
    )


def test_a_sentence_in_another_language_gets_a_warning_not_an_error(runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        [*BUNDLED, "--about", "I am a nurse in Lyon", "--channel", "tweet", "--language", "fr"],
    )
    assert result.exit_code == 0
    assert (
        "letterkit: warning: your sentence about yourself reads as English, and the letter "
        "is in French: write it in French, or choose the letter in English"
    ) in result.stderr


def test_json_says_which_language_a_message_is_in(runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        [
            *BUNDLED,
            "--about",
            "Je suis infirmière",
            "--channel",
            "fax",
            "--language",
            "fr",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["language"] == "fr"


def test_a_batch_writes_each_signer_in_their_language(runner: CliRunner, tmp_path: Path) -> None:
    sheet = tmp_path / "signers.csv"
    sheet.write_text(
        "name,about,language\n"
        "Ann Lee,I am a nurse in Ottawa,\n"
        "Claire Exemple,Je suis infirmière à Montréal,fr\n"
        "Bob Ray,Ich bin Arzt,de\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        ["batch", "ua-2-19-russia", str(sheet), "--channel", "letter", "--out-dir", str(out)],
    )
    assert result.exit_code == 1
    assert f"{sheet}:4: language: this case gives its letter in en, fr, not `de`" in result.stderr
    english, french = (path.read_text() for path in sorted(out.glob("*.txt")))
    assert "Dear President Putin," in english
    assert "Monsieur le Président," in french


def test_a_batch_in_a_language_the_case_lacks_stops_before_the_first_row(
    runner: CliRunner, tmp_path: Path
) -> None:
    sheet = tmp_path / "signers.csv"
    sheet.write_text("name,about\nAnn Lee,I am a nurse\n", encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "batch", "ua-2-19-russia", str(sheet), "--channel", "letter",
            "--out-dir", str(tmp_path / "out"), "--language", "nl",
        ],
    )  # fmt: skip
    assert result.exit_code == 2
    assert (
        result.stderr == "letterkit: --language: this case gives its letter in en, fr, not `nl`\n"
    )
    assert not (tmp_path / "out").exists()


def test_show_and_list_say_which_languages_a_case_has(runner: CliRunner) -> None:
    shown = runner.invoke(app, ["show", "five-languages", "--cases-dir", str(FIXTURE_CASES)])
    assert "write in: en or fr or de or es or nl" in " ".join(shown.stdout.split())
    listed = runner.invoke(app, ["list", "--cases-dir", str(FIXTURE_CASES)])
    assert any(
        line.startswith("five-languages ") and line.rstrip().endswith("en,fr,de,es,nl")
        for line in listed.stdout.splitlines()
    )


def test_a_model_letter_is_never_read_as_a_template(tmp_path: Path) -> None:
    text = (FIXTURE_CASES / "us-sample-letter.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "  Please recommend", "  {{{{ 7*7 }}}} {{% raw %}} \\x1b[31m\n\n  Please recommend"
    )
    (tmp_path / "case.yaml").write_text(text, encoding="utf-8")
    case = load_case(tmp_path / "case.yaml")
    message = render(make_draft(case, make_writer("A", "I am {{ 7*7 }}"), [], "letter", None, DAY))
    assert "{{ 7*7 }} {% raw %} \\x1b[31m" in message.text
    assert "I am {{ 7*7 }}." in message.text


def test_the_concern_comes_before_such_crimes(case: Case) -> None:
    writer = make_writer("Sam Writer", "I am a student in Helsinki")
    text = render(make_draft(case, writer, [2, 4], "letter", "putin", DAY)).text
    concern = text.index("I am deeply concerned by reports that")
    assert text.index("I am a student in Helsinki.") < concern < text.index("such")


def test_a_call_reads_no_headline_and_no_street(case: Case) -> None:
    writer = make_writer("Sam Writer", "I am a nurse", "4 Elm Street, K1A 0B1 Ottawa, Canada")
    text = render(make_draft(case, writer, [1, 2], "call", None, DAY)).text
    assert case.title not in text
    assert "calling from Ottawa." in text
    assert "Elm" not in text.split("\n\n", 1)[1]
    assert "I am deeply concerned by reports that" in text
    assert "No one has yet been held" not in text  # one sentence of the concern


def test_the_fax_cover_names_the_subject_like_the_letter(tmp_path: Path) -> None:
    text = (FIXTURE_CASES / "five-languages.yaml").read_text(encoding="utf-8")
    text = text.replace("country: Testland\n", "country: Testland\nsubject: Lina Moreau\n", 1)
    (tmp_path / "case.yaml").write_text(text, encoding="utf-8")
    case = load_case(tmp_path / "case.yaml")
    fax = render(make_draft(case, make_writer("A", "I am a teacher"), [1, 2], "fax", None, DAY))
    assert "Re:     Lina Moreau (TEST 5/26)\n" in fax.text
    assert "\nRe: Lina Moreau\n" in fax.text


def test_an_ask_pasted_with_its_lists_punctuation_never_prints_it(tmp_path: Path) -> None:
    text = (FIXTURE_CASES / "five-languages.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "immediately and unconditionally\n", "immediately and unconditionally; and\n"
    )
    text = text.replace("of her choice regularly\n", "of her choice regularly;\n")
    (tmp_path / "case.yaml").write_text(text, encoding="utf-8")
    case = load_case(tmp_path / "case.yaml")
    letter = render(
        make_draft(case, make_writer("A", "I am a teacher"), [1, 2], "letter", None, DAY)
    )
    assert "immediately and unconditionally.\n" in letter.text
    assert "regularly.\n" in letter.text
    assert ";." not in letter.text


def test_a_thank_you_call_and_letter_ask_for_nothing(tmp_path: Path) -> None:
    text = (FIXTURE_CASES / "thanks-mps.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "    emails: [priya.singh.mp@parliament.example]",
        "    emails: [priya.singh.mp@parliament.example]\n    phones: [+44 20 7946 0000]",
    )
    (tmp_path / "case.yaml").write_text(text, encoding="utf-8")
    case = load_case(tmp_path / "case.yaml")
    writer = make_writer("Sam Writer", "I am a nurse in Leeds", "Leeds")
    call = render(make_draft(case, writer, [], "call", "singh", DAY)).text
    assert "I am calling to say thank you." in call
    assert "I was overjoyed to hear that Ana Example was released" in call
    email = render(make_draft(case, writer, [], "email", "singh", DAY)).text
    for appeal in ("urge", "reply", "response"):
        assert appeal not in email.lower()


def test_a_language_may_be_named_and_a_near_miss_is_pointed_out(runner: CliRunner) -> None:
    case = load_case(FIXTURE_CASES / "five-languages.yaml")
    assert [choose_language(case, name) for name in ("français", "German", "NL")] == [
        "fr",
        "de",
        "nl",
    ]
    with pytest.raises(ChoiceError, match="not `fre`: did you mean `fr`\\?"):
        choose_language(case, "fre")
