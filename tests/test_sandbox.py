"""A case's own templates, from anyone: whatever they try, a render ends soon and small.

Or it stops with one line that says which bound it passed.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import Markup
from typer.testing import CliRunner

from letterkit.cases import load_case
from letterkit.cli import app
from letterkit.compose import make_draft, make_writer
from letterkit.errors import CaseFileError, TemplateError
from letterkit.models import Channel
from letterkit.render import render
from letterkit.sandbox import MAX_SECONDS, plain

from .conftest import BUNDLED_CASE

DAY = dt.date(2026, 11, 25)
MARIA = make_writer("Maria Example", "I am a nurse.", "Ottawa, Canada")
MEMORY = 64 * 1024 * 1024
"""Bytes a render may allocate at its peak, far above what the bounds allow."""


def _case_with(folder: Path, template: str) -> Path:
    (folder / "case.yaml").write_text(
        BUNDLED_CASE.read_text(encoding="utf-8") + "templates:\n  letter: mine.j2\n",
        encoding="utf-8",
    )
    (folder / "mine.j2").write_text(template, encoding="utf-8")
    return folder / "case.yaml"


def _render_bounded(case_file: Path) -> str | None:
    """Read the case (which tries its templates) and render its letter; the error if either stops.

    Asserts that time and memory stayed within the bounds, whatever happened.
    """
    tracemalloc.start()
    started = time.monotonic()
    try:
        case = load_case(case_file)
        render(make_draft(case, MARIA, [1, 2], "letter", None, DAY))
    except (CaseFileError, TemplateError) as error:
        return str(error)
    finally:
        took = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert took < MAX_SECONDS * 3, f"took {took:.1f} s"
        assert peak < MEMORY, f"allocated {peak:,} bytes"
    return None


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ('{% include "mine.j2" %}', "includes or calls itself without end"),
        ("{{ 'a' * 2000000000 }}", "makes a string of over 100,000 characters"),
        ("{{ (('x' * 1000) * 100) * 1000 }}", "makes a string of over 100,000 characters"),
        ("{{ 10 ** 100000 }}", "computes a number of over 1,000 bits"),
        ("{{ ((10 ** 100) ** 100) ** 100 }}", "computes a number of over 1,000 bits"),
        ("{{ 9 ** 9 ** 9 ** 9 }}", "computes a number of over 1,000 bits"),
        ("{% for x in range(10**9) %}{% endfor %}", "asks for 1,000,000,000"),
        (
            "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
            "takes over 100,000 steps",
        ),
        ("{{ 'x'.ljust(10**9) }}", "asks for 1,000,000,000"),
        ("{{ '%99999999s' % 'x' }}", "a format's width is over 100,000"),
        ("{{ '%*s' % (99999999, 'x') }}", "a format's width must be written in it"),
        ("{{ '{:>99999999}'.format('x') }}", "a format's width is over 100,000"),
        ("{{ 'x' | center(10**9) }}", "asks for 1,000,000,000"),
        ("{{ '%99999999s' | format('x') }}", "a format's width is over 100,000"),
        (
            "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
            "{% endfor %}{{ ns.s | length }}",
            "makes a string of over 100,000 characters",
        ),
        (
            "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}"
            "{% endfor %}",
            "makes a string of over 100,000 characters",
        ),
        ("{{ ('x' * 99999) | replace('x', 'yy') }}", "makes a string of over 100,000"),
        ("{{ ('x' * 99999).replace('x', 'yy') }}", "makes a string of over 100,000"),
        ("{{ range(60000) | join('x' * 10) }}", "makes a list of over 10,000 items"),
        ("{{ ('x' * 50000).join(['a', 'b', 'c']) }}", "makes a string of over 100,000"),
        ("{{ ('\n' * 50000) | indent(100) }}", "makes a string of over 100,000"),
        ("{{ ('\t' * 50000).expandtabs(100) }}", "makes a string of over 100,000"),
        ("{{ range(50000) | list }}", "makes a list of over 10,000 items"),
        ("{% for i in range(2000) %}{{ 'x' * 100 }}{% endfor %}", "over 100,000 characters"),
        (
            "{% macro m(n) %}{% if n %}{{ m(n - 1) }}{{ m(n - 1) }}{% endif %}{% endmacro %}"
            "{{ m(40) }}",
            "takes over",  # 100,000 steps, or a second, whichever comes first
        ),
        ("{{ lipsum(100000) }}", "lipsum"),
        ("{% set x = [] %}{{ x.append(1) }}", "access to attribute 'append' of 'list' object"),
        # What a hostile tester found: letterkit's objects, and sizes seen only after the work.
        (
            "{{ case.parse_raw('x', content_type='application/pickle', allow_pickle=True) }}",
            "'letterkit.Case object' has no attribute 'parse_raw'",
        ),
        ("{{ recipient.model_copy() }}", "has no attribute 'model_copy'"),
        ("{% set l = ['x' * 100000] * 10000 %}{{ l | pprint | length }}", "when written out"),
        ("{% set l = ['x' * 100000] * 10 %}{{ l }}", "when written out"),
        ("{% set l = ['x' * 50000, 'y' * 50000, 'z'] %}{{ l | tojson }}", "when written out"),
        ("{{ ('%(a)999999999s' % {'a': 'x'}) | length }}", "a format's width is over"),
        ("{{ '{:{}}'.format('a', '1999999999') | length }}", "must be written in it"),
        ("{% set l = [[1] * 10000] * 10000 %}{{ (l | sum(start=[])) | length }}", "written out"),
        ("{{ (['x' * 100000] * 10000) | sort | length }}", "when written out"),
        ("{{ 2 ** 600 }}{{ 10 ** 300 }}{{ 2 ** 1200 }}", "over 1,000 bits"),
        ("{{ " + "(" * 30_000 + "1" + ")" * 30_000 + " }}", "nests its expressions too deeply"),
    ],
)
def test_a_case_template_cannot_exhaust_the_machine(
    tmp_path: Path, template: str, message: str
) -> None:
    error = _render_bounded(_case_with(tmp_path, template))
    assert error is not None
    assert message in error
    assert "\n" not in error


def test_a_template_that_leads_outside_the_case_folder_is_refused(
    runner: CliRunner, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the password file\n")
    folder = tmp_path / "case"
    folder.mkdir()
    case_file = _case_with(folder, "")
    (folder / "mine.j2").unlink()
    (folder / "mine.j2").symlink_to(secret)
    result = runner.invoke(app, ["validate", str(case_file)])
    assert result.exit_code == 1
    assert "templates.letter: the template mine.j2 leads outside the case's folder" in (
        result.stdout
    )
    with pytest.raises(CaseFileError, match="leads outside the case's folder"):
        load_case(case_file)
    (folder / "mine.j2").unlink()
    (folder / "inner.j2").write_text("{% include 'evil.j2' %}")
    (folder / "evil.j2").symlink_to(secret)
    (folder / "mine.j2").write_text("{% include 'inner.j2' %}")
    error = _render_bounded(case_file)
    assert error is not None
    assert "the template evil.j2 leads outside the case's folder" in error


def test_a_link_inside_the_folder_and_a_template_too_large(tmp_path: Path) -> None:
    case_file = _case_with(tmp_path, "")
    (tmp_path / "real.j2").write_text("Dear {{ recipient.display_name }},\n")
    (tmp_path / "mine.j2").unlink()
    (tmp_path / "mine.j2").symlink_to(tmp_path / "real.j2")
    assert _render_bounded(case_file) is None  # a link that stays inside is fine
    (tmp_path / "mine.j2").unlink()
    (tmp_path / "mine.j2").write_text("x" * 100_001)
    with pytest.raises(CaseFileError, match=r"the template mine\.j2 is 100,001 bytes"):
        load_case(case_file)


def test_validate_renders_each_own_template_once(runner: CliRunner, tmp_path: Path) -> None:
    case_file = _case_with(tmp_path, "{{ writer.nickname }}")
    result = runner.invoke(app, ["validate", str(case_file)])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{case_file}:192:11: templates.letter: ")
    assert "tried with a sample writer" in result.stdout
    assert "'letterkit.Writer object' has no attribute 'nickname'" in result.stdout
    _case_with(tmp_path, "{% for i in range(10**6) %}{% endfor %}")
    result = runner.invoke(app, ["validate", str(case_file)])
    assert "asks for 1,000,000; a number given to a call is at most 100,000" in result.stdout


# A small grammar of templates: numbers, strings, operators, filters, calls, loops.
_numbers = st.sampled_from(["0", "1", "7", "100", "1000", "99999", "10**6", "2**64", "-3"])
_strings = st.sampled_from(["'x'", "'ab'", "''", "'%s'", "'%9999999s'", "'{:>9999999}'", "'\\t'"])


def _expressions(depth: int) -> st.SearchStrategy[str]:
    leaf = _numbers | _strings | st.just("writer.name") | st.just("range(10)")
    if depth == 0:
        return leaf
    inner = _expressions(depth - 1)
    return (
        leaf
        | st.tuples(inner, st.sampled_from(["*", "**", "+", "~", "%", "//"]), inner).map(
            lambda parts: f"({parts[0]} {parts[1]} {parts[2]})"
        )
        | st.tuples(
            inner,
            st.sampled_from(
                ["center", "replace('x', 'xxxxxxxxxx')", "join", "indent", "list", "upper"]
            ),
        ).map(lambda parts: f"({parts[0]} | {parts[1]})")
        | st.tuples(inner, st.sampled_from(["ljust", "zfill", "center"]), _numbers).map(
            lambda parts: f"{parts[0]}.{parts[1]}({parts[2]})"
        )
    )


def _templates(depth: int) -> st.SearchStrategy[str]:
    expression = _expressions(2).map(lambda text: "{{ " + text + " }}")
    if depth == 0:
        return expression
    body = _templates(depth - 1)
    return (
        expression
        | st.tuples(_numbers, body).map(
            lambda parts: "{% for i in range(" + parts[0] + ") %}" + parts[1] + "{% endfor %}"
        )
        | st.tuples(body, body).map("".join)
    )


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(template=_templates(2))
def test_any_template_renders_within_the_bounds_or_stops_in_one_line(
    tmp_path: Path, template: str
) -> None:
    error = _render_bounded(_case_with(tmp_path, template))
    assert error is None or "\n" not in error


@pytest.mark.parametrize(
    "importing",
    [
        '{% import "state.j2" as st %}',
        '{% from "state.j2" import ns %}{% set st = namespace(ns=ns) %}',
        '{% import "state.j2" as st without context %}',
    ],
)
def test_a_later_letter_in_a_batch_cannot_see_an_earlier_signer(
    runner: CliRunner, tmp_path: Path, importing: str
) -> None:
    case_file = _case_with(
        tmp_path,
        importing + "{% set ns = st.ns %}Earlier: [{{ ns.names }}]\n"
        "{% set ns.names = ns.names ~ writer.name ~ '; ' %}Dear {{ recipient.name }},\n",
    )
    (tmp_path / "state.j2").write_text('{% set ns = namespace(names="") %}', encoding="utf-8")
    sheet = tmp_path / "signers.csv"
    sheet.write_text("name,about\nAnn,I am a nurse.\nBob,I teach.\nCy,I cook.\n")
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["batch", str(case_file), str(sheet), "--channel", "letter", "--out-dir", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    letters = [path.read_text() for path in sorted(out.glob("*.txt"))]
    assert len(letters) == 3
    assert [letter.splitlines()[0] for letter in letters] == ["Earlier: []"] * 3


_TOO_DEEP = [
    ("{% for a in [1] %}" * 21 + "x" + "{% endfor %}" * 21, "tags nested more than 12 deep"),
    ("{% if 1 %}" * 110 + "x" + "{% endif %}" * 110, "tags nested more than 12 deep"),
    ("{{ " + "1+" * 250 + "1 }}", "an expression nested more than 40 deep"),
    ("{{ writer" + ".name" * 199 + " }}", "an expression nested more than 40 deep"),
    ("{%if 0%}" + "{%elif 0%}" * 9000 + "{%endif%}", "an if with more than 100 elifs"),
]


@pytest.mark.parametrize(("template", "message"), _TOO_DEEP)
def test_a_template_too_deep_to_compile_is_refused_at_its_line(
    tmp_path: Path, template: str, message: str
) -> None:
    started = time.monotonic()
    with pytest.raises(CaseFileError) as caught:
        load_case(_case_with(tmp_path, template))
    assert time.monotonic() - started < MAX_SECONDS
    assert str(caught.value).endswith(
        f"templates.letter: the template mine.j2 has an error on its line 1: {message}"
    )


def test_a_template_of_too_many_parts_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("letterkit.sandbox.shape.MAX_PARTS", 50)
    with pytest.raises(CaseFileError, match=r"its line 1: more than 50 parts$"):
        load_case(_case_with(tmp_path, "{{ 1 + 1 }}" * 20))


def test_long_chains_of_names_compile_quickly(tmp_path: Path) -> None:
    chain = "{{ writer" + ".name" * 39 + " }}"
    started = time.monotonic()
    load_case(_case_with(tmp_path, "{% if false %}" + chain * 400 + "{% endif %}"))
    assert time.monotonic() - started < MAX_SECONDS * 2


def test_a_template_at_the_nesting_bounds_compiles(tmp_path: Path) -> None:
    tags = "{% for a in [1] %}{% if a %}{% filter upper %}{% with b = a %}" * 2
    tags += "{% for a in [1] %}{% if a %}{% filter upper %}"  # and the if below: 12
    ends = "{% endfilter %}{% endif %}{% endfor %}"
    ends += "{% endwith %}{% endfilter %}{% endif %}{% endfor %}" * 2
    elifs = "{% if 0 %}" + "{% elif 0 %}" * 100 + "{% else %}"
    expression = "{{ " + "1 + " * 39 + "1 }}"
    case_file = _case_with(tmp_path, tags + elifs + expression + "{% endif %}" + ends)
    assert _render_bounded(case_file) is None
    case = load_case(case_file)
    assert render(make_draft(case, MARIA, [1, 2], "letter", None, DAY)).text == "40\n"


def test_what_python_cannot_compile_is_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("letterkit.sandbox.shape.MAX_NESTED_TAGS", 1_000)
    error = _render_bounded(_case_with(tmp_path, _TOO_DEEP[0][0]))
    assert error is not None
    assert error.endswith(
        "templates.letter: the template mine.j2 is too complex to compile "
        "(too many statically nested blocks)"
    )


def test_list_skips_a_case_whose_template_cannot_compile(runner: CliRunner, tmp_path: Path) -> None:
    _case_with(tmp_path, _TOO_DEEP[0][0])
    result = runner.invoke(app, ["list", "--cases-dir", str(tmp_path)])
    assert result.exit_code == 0
    assert result.stderr == (
        f"letterkit: skipped {tmp_path / 'case.yaml'}: 1 problem(s); "
        f"see `letterkit validate {tmp_path / 'case.yaml'}`\n"
    )
    assert "ua-2-19-russia" in result.stdout


_BIG = '{% set s = "y" * 99999 %}'
_MANY_KEYS = "{% set d = {" + ", ".join(f"{i}: s" for i in range(1000)) + "} %}"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        # One operation that writes what it is given many times: refused before it is done.
        (_BIG + '{{ ("{0}" * 1000).format(s) | length }}', "makes a string of over 100,000"),
        (
            '{% set s = "\U0001f600" * 99999 %}{{ ("{0}" * 300).format(s) | length }}',
            "makes a string of over 100,000",
        ),
        (_BIG + '{{ ("%(a)s" * 1000) | format(a=s) | length }}', "makes a string of over"),
        (_BIG + '{{ (("%(a)s" * 1000) % {"a": s}) | length }}', "makes a string of over"),
        ("{{ '{:1.99999999f}'.format(1.0) | length }}", "a format's width is over 100,000"),
        ("{{ ('%(a(b))99999999s' % {'a(b)': 'x'}) | length }}", "a format's width is over"),
        ("{{ ('{:99999}' * 1000).format(*range(1000)) | length }}", "makes a string of over"),
        ('{{ ("x " * 1000) | wordwrap(1, wrapstring="y" * 99990) | length }}', "a string of over"),
        ('{{ ("x" * 1000).translate({120: "y" * 99000}) | length }}', "makes a string of over"),
        ("{{ range(10000) | list | tojson(indent=9999) | length }}", "indents by at most 16"),
        # What a list can hold: its items, and what they are written out.
        (
            '{% for row in [1] | batch(1000, "y" * 99999) %}{{ ("%s" % [row]) | length }}'
            "{% endfor %}",
            "when written out",
        ),
        ('{% for row in [1] | batch(100000, "y") %}{{ row.count("y") }}{% endfor %}', "10,000"),
        ("{% for row in [1] | slice(100000) %}{% endfor %}", "makes a list of over 10,000 items"),
        (_BIG + "{% for row in [[s, s]] %}{% endfor %}", "when written out"),
        (_BIG + _MANY_KEYS + "{{ d.values() | length }}", "when written out"),
        ("{% set l = ['\U000e0000' * 90] * 1000 %}{{ l | length }}", "when written out"),
        ("{{ ([2 ** 990] * 1000) | length }}", "when written out"),
        ("{{ (1e308).as_integer_ratio() }}", "computes a number of over 1,000 bits"),
        # Bytes are counted as text is.
        ("{{ ('x'.encode() * 200000000) | length }}", "makes a string of over 100,000"),
    ],
)
def test_one_operation_cannot_make_more_than_a_string_may_hold(
    tmp_path: Path, template: str, message: str
) -> None:
    error = _render_bounded(_case_with(tmp_path, template))
    assert error is not None
    assert message in error
    assert "\n" not in error


def test_a_namespace_is_written_out_without_what_it_holds(tmp_path: Path) -> None:
    names = ", ".join(f"a{number}=s" for number in range(1000))
    template = _BIG + "{% set n = namespace(" + names + ") %}{{ n }} {{ [n] }} {{ n.a7 | length }}"
    case_file = _case_with(tmp_path, template)
    assert _render_bounded(case_file) is None
    case = load_case(case_file)
    letter = render(make_draft(case, MARIA, [1, 2], "letter", None, DAY))
    assert letter.text == "<namespace> [<namespace>] 99999\n"


def test_pprint_writes_a_value_on_one_line(tmp_path: Path) -> None:
    template = (
        "{% set l = range(2000) | list %}{{ ({'x' * 50000: l} | pprint).count('\\n') }} "
        "{{ {'b': 1, 'a': [1, 2]} | pprint }}"
    )
    case_file = _case_with(tmp_path, template)
    assert _render_bounded(case_file) is None
    case = load_case(case_file)
    letter = render(make_draft(case, MARIA, [1, 2], "letter", None, DAY))
    assert letter.text == "0 {'a': [1, 2], 'b': 1}\n"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{ ((')' * 20000) ~ 'a)') | urlize | length }}", "No filter named 'urlize'"),
        ("{{ range(60000) | batch(1) | sum(start=[]) | length }}", "sum adds numbers"),
        ("{{ [1] | slice(10000) | sum(start=range(10000) | list) | length }}", "sum adds numbers"),
    ],
)
def test_work_that_grows_with_the_square_of_its_input_is_refused(
    tmp_path: Path, template: str, message: str
) -> None:
    error = _render_bounded(_case_with(tmp_path, template))
    assert error is not None
    assert message in error


def _slow_filter(text: str) -> str:
    """A filter that takes two seconds of Python, as a quadratic one given a long text would."""
    started = time.monotonic()
    while time.monotonic() - started < 2:
        pass
    return text


def test_a_render_is_stopped_at_its_time_even_inside_one_long_filter(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("letterkit.sandbox.bounds.MAX_SECONDS", 0.2)
    monkeypatch.setattr("letterkit.templates.sentence", _slow_filter)
    case_file = _case_with(tmp_path, "{{ writer.about | sentence }}")
    started = time.monotonic()
    with pytest.raises(CaseFileError, match=r"takes over 0\.2 second to render"):
        load_case(case_file)
    assert time.monotonic() - started < 1


def test_off_the_main_thread_the_clock_is_read_at_every_step(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("letterkit.sandbox.bounds.MAX_SECONDS", 0.2)
    monkeypatch.setattr("letterkit.templates.sentence", lambda text: time.sleep(0.1) or text)
    case_file = _case_with(tmp_path, "{% for i in range(30) %}{{ 'x' | sentence }}{% endfor %}")
    errors: list[str] = []

    def validate() -> None:
        try:
            load_case(case_file)
        except CaseFileError as error:
            errors.append(str(error))

    started = time.monotonic()
    thread = threading.Thread(target=validate)
    thread.start()
    thread.join()
    assert time.monotonic() - started < 1
    assert len(errors) == 1
    assert "takes over 0.2 second to render" in errors[0]


def test_letterkits_own_objects_reach_a_template_as_plain_text(tmp_path: Path) -> None:
    template = "{{ [recipient.channels[0]] }} {{ recipient.channels[0].name is undefined }}"
    case = load_case(_case_with(tmp_path, template))
    letter = render(make_draft(case, MARIA, [1, 2], "letter", None, DAY))
    assert letter.text == "['letter'] True\n"
    assert type(plain(Channel.LETTER)) is str
    assert type(plain(Markup("<b>"))) is str
    # A writer as a template sees them: their fields and address lines, nothing private.
    writer = plain(MARIA)
    assert "address_lines" in repr(writer)
    assert "_lines" not in repr(writer).replace("address_lines", "")


@pytest.mark.parametrize(
    "template",
    [
        "{{ range(0, 2 ** 999, 2 ** 990) }}",
        "{{ {}['y' * 99000] }}",
        "{{ x " + "y" * 99_000 + " }}",
        "{% include ['y' * 99000] %}",
    ],
)
def test_an_error_message_echoes_a_long_value_only_in_part(tmp_path: Path, template: str) -> None:
    error = _render_bounded(_case_with(tmp_path, template))
    assert error is not None
    assert "…" in error
    assert len(error) < 600
