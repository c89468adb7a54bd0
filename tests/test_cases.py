"""Reading case files: the bundled case is faithful, and every bad file gets a located error."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from letterkit.case_yaml import MAX_CASE_BYTES
from letterkit.cases import (
    BUNDLED_CASES,
    case_dirs,
    check_case_file,
    find_case,
    list_cases,
    load_case,
)
from letterkit.errors import CaseFileError, CaseNotFoundError
from letterkit.models import Case, Channel

from .conftest import BUNDLED_CASE, FIXTURE_CASES

SEED_TEXT = Path(__file__).parent / "data" / "seed-ua-2-19-russia.txt"
"""The Urgent Action as published, kept beside the tests as the source of truth."""


def test_bundled_case_holds_the_whole_urgent_action(case: Case) -> None:
    assert case.id == "ua-2-19-russia"
    assert (case.reference, case.country, case.issued) == (
        "UA 2/19",
        "Russian Federation",
        dt.date(2019, 1, 15),
    )
    assert case.deadline is None
    assert case.channels == [Channel.TWEET, Channel.FAX, Channel.LETTER]
    assert (case.asks.choose.min, case.asks.choose.max) == (2, 3)
    assert len(case.asks.items) == 4
    assert case.asks.items[1].text == (
        "ensure that anyone found guilty or complicit in such crimes is brought to justice"
    )
    putin = case.targets[0]
    assert putin.id == "putin"
    assert putin.salutation == "Dear President Putin"
    assert putin.twitter == ["@KremlinRussia", "@KremlinRussia_E"]
    assert putin.fax == "011 7 495 910 2134"
    assert [str(rate) for rate in putin.postage] == ["$2.65"]
    assert putin.address is not None
    assert putin.address.lines == ["Ul. Ilyinka, 23", "103132 Moscow"]
    assert [one.id for one in case.copies] == ["darchiev", "bastrykin"]
    darchiev, bastrykin = case.copies
    assert darchiev.display_name == "His Excellency Alexander Darchiev"
    assert [phone.number for phone in darchiev.phones] == ["613 235 4341", "613 236 1413"]
    assert (darchiev.fax, str(darchiev.postage[0])) == ("613 236 6342", "$.90")
    assert bastrykin.title == "Chair of the Investigation Committee"
    assert bastrykin.fax == "011 7 495 966 9776"
    assert case.updates is not None
    assert case.updates.email is None  # lost from the published text: left missing
    assert case.updates.subject == "Keep me updated on UA 2/19 Russia"
    assert case.background is not None
    assert case.background.startswith("On 1 April 2017, the Russian independent daily")
    assert case.background.count("\n\n") == 2  # three paragraphs


def test_every_sentence_of_the_seed_is_in_the_case(case: Case) -> None:
    """The summary and background are the seed's words, not a paraphrase."""
    seed = " ".join(SEED_TEXT.read_text(encoding="utf-8").split())
    for text in (case.summary, case.background or ""):
        for paragraph in text.split("\n\n"):
            assert paragraph in seed
    for ask in case.asks.items:
        assert ask.text in seed


def test_a_case_is_found_by_id_by_folder_by_environment_and_by_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert find_case("ua-2-19-russia", case_dirs()) == BUNDLED_CASES / "ua-2-19-russia.yaml"
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "ua-2-19-russia.yml").write_text(BUNDLED_CASE.read_text(encoding="utf-8"))
    assert find_case("ua-2-19-russia", case_dirs([mine])) == mine / "ua-2-19-russia.yml"
    monkeypatch.setenv("LETTERKIT_CASES", str(FIXTURE_CASES))
    assert find_case("email-appeal", case_dirs()) == FIXTURE_CASES / "email-appeal.yaml"
    assert find_case(str(BUNDLED_CASE), []) == BUNDLED_CASE
    fixtures = {path.stem for path in FIXTURE_CASES.glob("*.yaml")}
    assert {"email-appeal", "five-languages"} <= fixtures
    assert {found.id for found in list_cases(case_dirs())} == {"ua-2-19-russia", *fixtures}


def test_an_unknown_case_names_the_known_ones() -> None:
    with pytest.raises(CaseNotFoundError, match="known cases: ua-2-19-russia"):
        find_case("ua-9-99-nowhere", case_dirs())
    with pytest.raises(CaseNotFoundError, match="no such case file"):
        find_case("missing/case.yaml", case_dirs())


def _problems(tmp_path: Path, text: str | bytes) -> list[str]:
    path = tmp_path / "case.yaml"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return [str(problem).replace(str(path), "FILE") for problem in check_case_file(path)]


def _bundled_with(old: str, new: str) -> str:
    text = BUNDLED_CASE.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    twitter: [",
            "    twiter: [",
            "FILE:76:5: targets[0].twiter: unknown key: did you mean `twitter`?",
        ),
        (
            "issued: 2019-01-15",
            "issued: 2019-13-45",
            "FILE:6:9: issued: `2019-13-45` is not a day of the calendar: a month from 01 to "
            "12, and a day that month has",
        ),
        (
            '"@KremlinRussia_E"]',
            '"@Kremlin Russia"]',
            "FILE:76:33: targets[0].twitter[1]: a Twitter handle is @ and 1 to 15 letters, "
            "digits or underscores",
        ),
        (
            "    postage: $.90",
            "    postage: lots",
            "FILE:91:14: copies[0].postage: postage is an amount with its currency, e.g. "
            "`$2.65`, `1,10 €`, `CHF 2.00`, `£1.70`, `€1.96 (Europe)`",
        ),
        (
            "  choose: {min: 2, max: 3}",
            "  choose: {min: 2, max: 5}",
            "FILE:48:11: asks.choose: choose.max (5) is more than the 4 asks given",
        ),
        (
            "channels: [tweet, fax, letter]",
            "channels: [tweet, fax, letter, email]",
            "FILE:42:32: channels[3]: no official in the case has an email address: give one, "
            "or leave email out",
        ),
        (
            "  - id: bastrykin",
            "  - id: putin",
            "FILE:81:3: copies: official ids must be unique; repeated: putin",
        ),
        (
            'title: "Russia: Homophobic crackdown in Chechnya resumes"\n',
            "",
            "FILE:4:1: title: is required but missing",
        ),
        (
            'title: "Russia',
            'title: "\\e[31mRussia',
            "FILE:5:8: title: contains the control character U+001B; remove it",
        ),
        (
            "    name: Vladimir Putin",
            "    name: Vladimir Putin\n    name: Vladimir Putin",
            "FILE:69:5: the key `name` appears twice in this mapping",
        ),
    ],
)
def test_each_mistake_is_reported_at_its_line_column_and_field(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert _problems(tmp_path, _bundled_with(old, new)) == [expected]


def test_every_problem_in_a_file_is_reported(tmp_path: Path) -> None:
    text = _bundled_with("    fax: 613 236 6342", "    fax: none")
    text = text.replace("country: Russian Federation\nlanguage", "country: [1]\nlanguage")
    problems = _problems(tmp_path, text)
    assert [problem.split(": ")[1] for problem in problems] == ["country", "copies[0].fax"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "FILE: is empty; a case file is a YAML mapping"),
        (b"# only a comment\n", "FILE: is empty; a case file is a YAML mapping"),
        (b"- a list\n", "FILE:1:1: a case file is a YAML mapping of keys to values"),
        (
            b"title: [unclosed\n",
            "FILE:2:1: invalid YAML: while parsing a flow sequence "
            "did not find expected ',' or ']'",
        ),
        (b"title: caf\xe9\n", "FILE:1:11: is not UTF-8 text; save it as UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "FILE: is a binary file, not YAML text"),
        (
            b"x: !!python/object/apply:os.system ['touch /tmp/pwned']\n",
            "FILE:1:4: invalid YAML: could not determine a constructor for the tag "
            "'tag:yaml.org,2002:python/object/apply:os.system'",
        ),
        (
            b"a: 1\n---\nb: 2\n",
            "FILE:2:1: invalid YAML: expected a single document in the "
            "stream but found another document",
        ),
    ],
)
def test_files_that_are_not_case_files(tmp_path: Path, content: bytes, expected: str) -> None:
    assert _problems(tmp_path, content) == [expected]


def test_an_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    levels = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    levels += [f"a{n}: &a{n} [" + ",".join([f"*a{n - 1}"] * 9) + "]" for n in range(1, 10)]
    started = time.perf_counter()
    problems = _problems(tmp_path, "\n".join(levels) + "\n")
    assert time.perf_counter() - started < 5
    assert problems == [
        "FILE:1:5: YAML anchors and aliases (& and *) are not allowed in case files"
    ]


def test_a_file_too_large_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as file:
        file.truncate(50_000_000)  # sparse: 50 MB on paper, nothing on disk
    assert [str(problem) for problem in check_case_file(path)] == [
        f"{path}: is 50.0 MB; a case file is at most {MAX_CASE_BYTES / 1e6:.1f} MB"
    ]


@pytest.mark.parametrize(
    "merge",
    [
        "targets:\n  - <<: {id: putin, twiter: x}\n    name: A\n",
        "targets:\n  - id: putin\n    <<: {id: other}\n",
        "targets:\n  - id: putin\n    !!merge <<: {name: B}\n",
    ],
)
def test_a_yaml_merge_key_is_an_unknown_key(tmp_path: Path, merge: str) -> None:
    """`<<` would bring in keys (a second `id`, a misspelt one) the checks never see."""
    problems = _problems(tmp_path, merge)
    assert len(problems) == 1
    assert problems[0].startswith("FILE:")
    assert problems[0].endswith(
        "unknown key `<<`: YAML merge keys are not allowed in case files; write the keys out"
    )


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    problems = _problems(tmp_path, "a: " + "[" * 50_000 + "]" * 50_000 + "\n")
    assert len(problems) == 1
    assert "nest" in problems[0]


def test_missing_files_and_folders(tmp_path: Path) -> None:
    assert [str(p) for p in check_case_file(tmp_path / "nope.yaml")] == [
        f"{tmp_path / 'nope.yaml'}: no such file"
    ]
    assert [str(p) for p in check_case_file(tmp_path)] == [
        f"{tmp_path}: is a folder, not a case file"
    ]


def test_yaml_one_one_surprises_do_not_apply(tmp_path: Path) -> None:
    text = _bundled_with("country: Russian Federation", "country: NO")
    path = tmp_path / "norway.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_case(path).country == "NO"


def test_load_case_raises_with_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("reference: 1\n", encoding="utf-8")
    with pytest.raises(CaseFileError) as caught:
        load_case(path)
    assert len(caught.value.problems) > 3


def test_a_case_template_is_checked_by_validate(tmp_path: Path) -> None:
    text = BUNDLED_CASE.read_text(encoding="utf-8") + "templates:\n  letter: mine.j2\n  fax: f.j2\n"
    (tmp_path / "f.j2").write_bytes(b"caf\xe9")
    problems = _problems(tmp_path, text)
    assert problems == [
        "FILE:192:11: templates.letter: the template mine.j2 does not exist beside the case file",
        "FILE:193:8: templates.fax: the template f.j2 is not UTF-8 text",
    ]
    (tmp_path / "mine.j2").write_text("ok\n{% if %}\n")
    (tmp_path / "f.j2").write_text("{{ letter }}")
    assert _problems(tmp_path, text) == [
        "FILE:192:11: templates.letter: the template mine.j2 has an error on its line 2: "
        "Expected an expression, got 'end of statement block'"
    ]


@pytest.mark.parametrize("number", ["9" * 5000, "1.0e+" + "9" * 40])
def test_a_number_too_long_to_be_a_cases_is_refused(tmp_path: Path, number: str) -> None:
    text = BUNDLED_CASE.read_text().replace(
        "  choose: {min: 2, max: 3}", f"  choose: {{min: 2, max: {number}}}"
    )
    problems = _problems(tmp_path, text)
    assert problems == [
        f"FILE:48:25: a number of {len(number):,} characters; a case's numbers are at most 30 "
        "long (quote it if it is text)"
    ]


def test_a_line_separator_yaml_reads_as_a_break_is_explained(tmp_path: Path) -> None:
    text = BUNDLED_CASE.read_text().replace(
        "    name: Vladimir Putin", "    name: Vladimir\u2028Putin"
    )
    [problem] = _problems(tmp_path, text)
    assert problem.endswith(
        "(the file holds U+0085, U+2028 or U+2029, which YAML reads as a line break: remove it, "
        "or put the text in quotes)"
    )


def test_a_case_of_more_officials_than_any_real_one_is_refused(tmp_path: Path) -> None:
    copies = "".join(f"  - {{id: official{n}, title: Official}}\n" for n in range(201))
    text = BUNDLED_CASE.read_text().split("copies:\n")[0] + "copies:\n" + copies
    problems = _problems(tmp_path, text)
    assert any("List should have at most 200 items" in problem for problem in problems)
