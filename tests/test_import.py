"""`letterkit import`: published actions drafted as case files, every value with its source line."""

from __future__ import annotations

import datetime as dt
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from letterkit.cases import check_case_file
from letterkit.cli import app
from letterkit.importing.contacts import email_in, labelled, split_values
from letterkit.importing.dates import dates_in
from letterkit.importing.draft import draft_cases
from letterkit.importing.sources import SourceError, fetch, source_from_bytes
from letterkit.importing.words import REFERENCE, SALUTATION_LINE

from .conftest import QuietHandler, local_server

SEED = Path(__file__).parent / "data" / "seed-ua-2-19-russia.txt"

ACTION = """\
URGENT ACTION
UA 12/26 Index: AMR 01/2345/2026 Testland Date: 3 March 2026

Testland: Student leader detained without charge

Ana Example, a student leader, was arrested on 1 March 2026 in Testville after a
peaceful protest. She has not been charged and has had no access to a lawyer.

PLEASE WRITE IMMEDIATELY in English or your own language, choosing two or three points:
- Calling on the authorities to release Ana Example immediately and
  unconditionally, as she is held solely for peacefully protesting;
- Urging them to ensure she is not tortured or otherwise ill-treated;
- Calling on them to let her see a lawyer of her choice and her family.

PLEASE SEND APPEALS BEFORE 14 APRIL 2027 TO:
Minister of the Interior
Mr Carlos Example
Ministry of the Interior
12 Avenida Central
Testville 1000
TESTLAND
Fax: +99 1 234 5678 | Email: minister(a)interior.example
Twitter: @InteriorTest, @InteriorTest2,
@InteriorTest3
Salutation: Dear Minister

And copies to:
Ambassador Maria Example
Embassy of Testland
1 Example Road
London SW1 1AA
Email:

Any questions? Contact the Urgent Action office: Tel: 020 7946 0999 Email: ua@example.org
Download the PDF
Share on Facebook
"""


def draft_of(text: str) -> dict[str, object]:
    [draft] = draft_cases(source_from_bytes("action.txt", text.encode()))
    data = yaml.safe_load(draft.text)
    assert isinstance(data, dict)
    return data


@pytest.fixture
def cli() -> CliRunner:
    return CliRunner()


def test_an_action_in_text_is_drafted_with_what_it_says() -> None:
    case = draft_of(ACTION)
    assert case["reference"] == "UA 12/26"
    assert case["title"] == "Testland: Student leader detained without charge"
    assert case["issued"] == dt.date(2026, 3, 3)
    assert case["deadline"] == {"before": dt.date(2027, 4, 14)}
    assert case["country"] == "Testland"
    asks = case["asks"]
    assert isinstance(asks, dict)
    assert asks["choose"] == {"min": 2, "max": 3}
    assert [" ".join(item["text"].split()) for item in asks["items"]] == [
        "release Ana Example immediately and unconditionally, as she is held solely for "
        "peacefully protesting",
        "ensure she is not tortured or otherwise ill-treated",
        "let her see a lawyer of her choice and her family",
    ]
    [minister] = case["targets"]  # type: ignore[misc]
    assert minister["name"] == "Mr Carlos Example"
    assert minister["title"] == "Minister of the Interior"
    assert minister["salutation"] == "Dear Minister"
    assert minister["address"] == {
        "lines": ["Ministry of the Interior", "12 Avenida Central", "Testville 1000"],
        "country": "Testland",
    }
    assert minister["fax"] == "+99 1 234 5678"
    assert minister["emails"] == ["minister@interior.example"]
    [ambassador] = case["copies"]  # type: ignore[misc]
    assert (ambassador["title"], ambassador["name"]) == ("Ambassador", "Maria Example")
    assert "emails" not in ambassador  # "Email:" with nothing after it
    # The organisers' line is theirs, never an official's.
    assert case["contact"] == {"email": "ua@example.org", "phone": "020 7946 0999"}


def test_every_value_names_its_source_line_and_guesses_say_so() -> None:
    [draft] = draft_cases(source_from_bytes("action.txt", ACTION.encode()))
    lines = draft.text.splitlines()
    assert 'reference: "UA 12/26"  # line 2' in lines
    assert any(line.startswith("title:") and "a guess" in line for line in lines)
    # Handles make tweets possible, which need short asks: they wait, commented, with
    # the list continued from one line on the next.
    assert '      # - "@InteriorTest3"  # line 24' in lines
    assert draft.missing == []
    assert "deadline" in draft.found


def test_the_draft_of_the_seed_action_is_a_valid_case(tmp_path: Path) -> None:
    [draft] = draft_cases(source_from_bytes(str(SEED), SEED.read_bytes()))
    path = tmp_path / "ua.yaml"
    path.write_text(draft.text, encoding="utf-8")
    assert [p for p in check_case_file(path) if p.severity == "error"] == []
    case = yaml.safe_load(draft.text)
    assert case["title"] == "Russia: Homophobic crackdown in Chechnya resumes"
    assert len(case["asks"]["items"]) == 4  # "Start with ... about yourself" is advice
    assert [one["id"] for one in case["targets"] + case["copies"]] == [
        "putin",
        "darchiev",
        "bastrykin",
    ]


def test_what_the_source_does_not_say_is_a_placeholder_that_every_command_refuses(
    tmp_path: Path,
) -> None:
    [draft] = draft_cases(source_from_bytes("note.txt", b"Some words about nothing much.\n"))
    assert {"title", "country", "targets"} <= set(draft.missing)
    path = tmp_path / "draft.yaml"
    path.write_text(draft.text, encoding="utf-8")
    messages = [str(problem) for problem in check_case_file(path)]
    assert any(":" in one and "still to fill in: the action's title" in one for one in messages), (
        messages
    )


@pytest.mark.parametrize(
    ("written", "number"),
    [
        ("UA 2/19", "2/19"),
        ("UA 208.18", "208.18"),
        ("AU 45/20", "45/20"),
        ("UA-Nr: 12/2026", "12/2026"),
    ],
)
def test_references(written: str, number: str) -> None:
    match = REFERENCE.search(f"x {written} y")
    assert match is not None
    assert match["number"] == number


@pytest.mark.parametrize(
    ("line", "language", "day"),
    [
        ("Please write before 27 September 2027", "en", dt.date(2027, 9, 27)),
        ("by 21 January 2027", "en", dt.date(2027, 1, 21)),
        ("bis 27. Januar 2027", "de", dt.date(2027, 1, 27)),
        ("vóór 1 mei 2027", "nl", dt.date(2027, 5, 1)),
        ("avant le 15 décembre 2027", "fr", dt.date(2027, 12, 15)),
        ("Délai d'envoi : 1er mars 2027", "fr", dt.date(2027, 3, 1)),
        ("antes del 3 de febrero de 2027", "es", dt.date(2027, 2, 3)),
        ("send appeals by 4th June", "en", dt.date(2027, 6, 4)),
    ],
)
def test_dates_in_five_languages(line: str, language: str, day: dt.date) -> None:
    found = dates_in(line, language, after=dt.date(2026, 12, 1))
    assert [one.day for one in found] == [day]


@pytest.mark.parametrize(
    ("line", "language", "deadline"),
    [
        ("Schreiben Sie bitte bis 27. Januar 2027.", "de", dt.date(2027, 1, 27)),
        ("Délai d'envoi : 15 décembre 2027", "fr", dt.date(2027, 12, 15)),
        (
            "Envíen sus llamamientos antes del 3 de febrero de 2027.",
            "es",
            {"before": dt.date(2027, 2, 3)},
        ),
        ("Stuur uw brief vóór 1 mei 2027.", "nl", {"before": dt.date(2027, 5, 1)}),
        ("Please write by 4th June 2027.", "en", dt.date(2027, 6, 4)),
    ],
)
def test_deadlines_in_prose_and_headings(line: str, language: str, deadline: object) -> None:
    from letterkit.importing.recognise import recognise

    source = source_from_bytes("a.txt", f"A title\n\n{line}\n".encode())
    action = recognise(source, 1, len(source.lines), language)
    assert action.fields["deadline"].value == deadline


@pytest.mark.parametrize(
    "line",
    [
        "Sehr geehrter Herr Präsident,",
        "Monsieur le Procureur général,",
        "Exzellenz,",
        "Geachte minister,",
        "Estimado señor ministro:",
        "Dear Board Members:",
    ],
)
def test_salutation_lines(line: str) -> None:
    assert SALUTATION_LINE.match(line)


def test_contacts_several_to_a_line_and_hidden_addresses() -> None:
    assert labelled("Fax: +1 555 0100 | Email: a@example.org / Twitter: @Minister") == [
        ("fax", "+1 555 0100"),
        ("email", "a@example.org"),
        ("twitter", "@Minister"),
    ]
    assert labelled("Courriel : cabinet@justice.example") == [("email", "cabinet@justice.example")]
    assert labelled("She said: Fax: 1") == []  # a label must start the line
    assert email_in("info(a)example.org") == "info@example.org"
    assert email_in("info [at] example [dot] org") == "info@example.org"
    assert split_values("613 235 4341  or  613 236 1413") == ["613 235 4341", "613 236 1413"]


@pytest.mark.parametrize(
    "heading", ["Copies to:", "Copie à :", "Kopien an:", "Also send copies to:", "Copias a:"]
)
def test_copies_in_several_languages(heading: str) -> None:
    text = (
        "A title\n\nWrite to:\nJane Doe\nMinister of Justice\n1 Court Square\nTestville 1000\n\n"
        f"{heading}\nJohn Roe\nAmbassador of Testland\n5 Embassy Row\nLondon W1 1AA\n"
    )
    case = draft_of(text)
    assert [one["name"] for one in case["copies"]] == ["John Roe"]  # type: ignore[index]


def test_a_page_with_three_actions_makes_three_drafts(tmp_path: Path, cli: CliRunner) -> None:
    page = "\n\n".join(
        f"UA {number}/26\nTestland: Case number {number}\n\nSomeone was arrested on 1 March 2026 "
        f"in Testville for peaceful protest number {number}.\n\nWrite to:\nJane Doe\n"
        "Minister of Justice\n1 Court Square\nTestville 1000\n"
        for number in (3, 4, 5)
    )
    source = tmp_path / "page.txt"
    source.write_text(page, encoding="utf-8")
    out = tmp_path / "drafts"
    out.mkdir()
    result = cli.invoke(app, ["import", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert sorted(path.name for path in out.iterdir()) == [
        "ua-3-26.yaml",
        "ua-4-26.yaml",
        "ua-5-26.yaml",
    ]
    assert result.stderr.count("letterkit: drafted") == 3


def test_a_web_page_loses_its_navigation_banner_and_buttons() -> None:
    html = """<!DOCTYPE html><html><head><title>Site</title></head><body>
    <div id="cookie-banner"><p>We use cookies. Accept all?</p></div>
    <nav><ul><li>Home</li><li>About</li></ul></nav>
    <main><h1>Testland: Poet detained</h1>
    <p>The poet Lea Example was detained on 2 May 2026 for a poem she read aloud.</p>
    <p>Email: <a class="__cf_email__" data-cfemail="2a43444c456a4f524b475a464f0445584d"
    >[email&#160;protected]</a></p>
    </main><footer>Copyright</footer></body></html>"""
    source = source_from_bytes("page.html", html.encode())
    text = "\n".join(source.lines)
    assert "cookies" not in text
    assert "Home" not in text
    assert "Copyright" not in text
    assert "Email: info@example.org" in text
    assert source.lines[source.title_line - 1] == "Testland: Poet detained"  # type: ignore[operator]


def test_a_pdf_is_read_by_its_text_layer(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in ACTION.replace("’", "'").splitlines():
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    data = bytes(pdf.output())
    [draft] = draft_cases(source_from_bytes("action.pdf", data))
    case = yaml.safe_load(draft.text)
    assert case["reference"] == "UA 12/26"
    assert case["targets"][0]["fax"] == "+99 1 234 5678"


def test_hostile_text_is_made_inert_and_bounded() -> None:
    source = source_from_bytes(
        "evil.txt", b"\x1b]0;owned\x07Title \x1b[31mred\n" + b"x" * 3_000_000
    )
    assert "\x1b" not in "".join(source.lines)
    assert max(len(line) for line in source.lines) <= 4_000
    started = time.perf_counter()
    draft_cases(source)
    assert time.perf_counter() - started < 5


def test_binary_and_oversized_sources_are_refused() -> None:
    with pytest.raises(SourceError, match="not text"):
        source_from_bytes("x.bin", b"\x00\x01\x02" * 100)
    with pytest.raises(SourceError, match="not a PDF that can be read"):
        source_from_bytes("x.pdf", b"%PDF-1.4 broken")


def test_cli_prints_the_draft_and_reports_to_standard_error(tmp_path: Path, cli: CliRunner) -> None:
    result = cli.invoke(app, ["import", "-"], input=ACTION)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Drafted by `letterkit import` from -")
    assert "letterkit: drafted UA 12/26" in result.stderr
    assert "next: fill in and check what is marked" in result.stderr


def test_cli_never_overwrites_without_force(tmp_path: Path, cli: CliRunner) -> None:
    source = tmp_path / "a.txt"
    source.write_text(ACTION, encoding="utf-8")
    out = tmp_path / "case.yaml"
    out.write_text("mine\n", encoding="utf-8")
    result = cli.invoke(app, ["import", str(source), "-o", str(out)])
    assert result.exit_code == 4
    assert out.read_text(encoding="utf-8") == "mine\n"
    assert "exists" in result.stderr
    assert "Traceback" not in result.stderr
    assert cli.invoke(app, ["import", str(source), "-o", str(out), "--force"]).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# Drafted")


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("missing.txt", "missing.txt: no such file"),
        ("file:///etc/passwd", "only http:// and https:// addresses are fetched"),
    ],
)
def test_cli_unreadable_sources_are_one_line(cli: CliRunner, spec: str, message: str) -> None:
    result = cli.invoke(app, ["import", spec])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"letterkit: {result.stderr.split(': ', 1)[1].strip()}"
    ]
    assert message in result.stderr


class _Handler(QuietHandler):
    def do_GET(self) -> None:
        if self.path == "/action":
            body = ACTION.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/to-a-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
        elif self.path == "/image":
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(b"\x89PNG")


@pytest.fixture
def server() -> Iterator[str]:
    with local_server(_Handler) as address:
        yield address


def test_a_url_is_fetched_and_drafted(server: str, cli: CliRunner) -> None:
    result = cli.invoke(app, ["import", f"{server}/action"])
    assert result.exit_code == 0, result.stderr
    assert 'reference: "UA 12/26"' in result.stdout
    assert f'source: "{server}/action"' in result.stdout


@pytest.mark.parametrize(
    ("path", "message"),
    [("/to-a-file", "not allowed|not a web page"), ("/image", "is image/png, not a web page")],
)
def test_a_url_that_leads_elsewhere_is_refused(server: str, path: str, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        fetch(f"{server}{path}")


def test_a_server_that_never_answers_ends_in_an_error() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    try:
        started = time.perf_counter()
        with pytest.raises(SourceError, match=r"no answer|cannot be fetched"):
            fetch(f"http://127.0.0.1:{listener.getsockname()[1]}/", timeout=0.5)
        assert time.perf_counter() - started < 5
    finally:
        listener.close()
