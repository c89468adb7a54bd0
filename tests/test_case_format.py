"""The case format as actions are published: what a case may leave out, and how it is shown.

Nothing a case leaves out is invented: no reference, no date of issue.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from letterkit.cases import check_case_file, load_case
from letterkit.cli import app
from letterkit.compose import make_draft, make_drafts, make_writer
from letterkit.render import render

from .conftest import FIXTURE_CASES

DAY = dt.date(2026, 11, 25)
CASES = ["--cases-dir", str(FIXTURE_CASES)]


def test_a_case_without_reference_or_date_prints_neither(runner: CliRunner) -> None:
    case = load_case(FIXTURE_CASES / "no-reference.yaml")
    assert (case.reference, case.issued) == (None, None)
    fax = render(make_draft(case, make_writer("A", "I am a nurse"), [1], "fax", None, DAY))
    assert "Re:     Free the Riverside Three\n" in fax.text
    assert "None" not in fax.text
    shown = runner.invoke(app, ["show", "no-reference", *CASES])
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout.startswith("Free the Riverside Three\nTestland · no deadline given")
    assert "issued" not in shown.stdout
    listed = runner.invoke(app, ["list", *CASES])
    row = next(line for line in listed.stdout.splitlines() if line.startswith("no-reference"))
    assert row.split()[:2] == ["no-reference", "Free"]
    made = runner.invoke(
        app,
        [
            "compose", "no-reference", *CASES, "--name", "A", "--about", "I am a nurse",
            "--ask", "1", "--channel", "email", "--json",
        ],
    )  # fmt: skip
    assert made.exit_code == 0, made.stderr
    assert json.loads(made.stdout)["reference"] is None


def test_postage_in_francs_and_euros_by_zone_adds_up_per_currency(
    runner: CliRunner, tmp_path: Path
) -> None:
    shown = runner.invoke(app, ["show", "ch-postage", *CASES])
    assert "Postage: CHF 2.00 (courrier A)" in shown.stdout
    assert "Postage: 1,16 € (France), 1,96 € (Europe)" in shown.stdout
    sheet = tmp_path / "signers.csv"
    sheet.write_text("name,about,to\nAnn,Je suis infirmière,all\nBob,Je suis médecin,all\n")
    result = runner.invoke(
        app,
        ["batch", "ch-postage", str(sheet), *CASES, "--out-dir", str(tmp_path / "out")],
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr.endswith(
        "Postage to buy:\n"
        "  2 letters to Ministre de l'Intérieur (TESTLAND): CHF 2.00 (courrier A) each, "
        "CHF 4.00 in all\n"
        "  2 letters to Ambassade du Testland (FRANCE): 1,16 € (France) each, 2,32 € in all; "
        "or 1,96 € (Europe) each, 3,92 € in all\n"
    )
    letter = (tmp_path / "out" / "000002-ann-ministre.txt").read_text(encoding="utf-8")
    assert letter.startswith("Ann\n\n")


def test_a_copy_reachable_only_by_fax_and_email_is_faxed_and_emailed(runner: CliRunner) -> None:
    case = load_case(FIXTURE_CASES / "embassy-copies.yaml")
    assert case.accepted_channels == ["letter", "fax", "email"]
    options = ["--name", "A", "--about", "I am a nurse", "--ask", "1", "--date", "2026-11-25"]
    faxed = runner.invoke(
        app, ["compose", "embassy-copies", *CASES, *options, "--channel", "fax", "--to", "embassy"]
    )
    assert faxed.exit_code == 0, faxed.stderr
    assert faxed.stdout.startswith("FAX\nTo:     Her Excellency Nora Example, Ambassador")
    emailed = runner.invoke(
        app, ["compose", "embassy-copies", *CASES, *options, "--channel", "email"]
    )  # the target has no email: the one who has is chosen
    assert emailed.exit_code == 0, emailed.stderr
    assert "open: mailto:embassy@testland.example?subject=" in emailed.stderr
    everyone = runner.invoke(
        app,
        ["compose", "embassy-copies", *CASES, *options, "--channel", "email", "--to", "all"],
    )
    assert "left out: Omar Example has no email address in the case (reach them by letter)" in (
        everyone.stderr
    )
    wrong = runner.invoke(
        app,
        ["compose", "embassy-copies", *CASES, *options, "--channel", "fax", "--to", "president"],
    )
    assert wrong.exit_code == 2
    assert wrong.stderr == (
        "letterkit: --to: the case gives Omar Example no fax number; they can be reached by "
        "letter\n"
    )


def test_officials_written_to_separately_copy_no_one(runner: CliRunner) -> None:
    case = load_case(FIXTURE_CASES / "thanks-mps.yaml")
    writer = make_writer("Sam", "I am a nurse in Leeds")
    messages = [render(draft) for draft in make_drafts(case, writer, [], "email", "all", DAY)]
    assert len(messages) == 5
    assert all("cc=" not in (message.url or "") for message in messages)
    assert all(message.notes[-1].kind != "copies" for message in messages)
    shown = runner.invoke(app, ["show", "thanks-mps", *CASES])
    assert "Write to each on their own: a message copies no one." in shown.stdout


def test_a_channel_no_official_can_use_is_an_error_at_its_item(tmp_path: Path) -> None:
    text = (FIXTURE_CASES / "embassy-copies.yaml").read_text(encoding="utf-8")
    (tmp_path / "case.yaml").write_text(
        text.replace("channels: [letter, fax, email]", "channels: [letter, fax, email, tweet]"),
        encoding="utf-8",
    )
    problems = [str(one) for one in check_case_file(tmp_path / "case.yaml")]
    assert problems[0] == (
        f"{tmp_path / 'case.yaml'}:14:32: channels[3]: no official in the case has a Twitter "
        "handle: give one, or leave tweet out"
    )


def test_an_inside_address_as_written_and_a_delivery_through_an_embassy(
    runner: CliRunner, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    case = load_case(FIXTURE_CASES / "co-delivery.yaml")
    writer = make_writer("Ann Writer", "I am a teacher", "1 High St, Leeds, UK")
    letter = render(make_draft(case, writer, [1], "letter", None, DAY))
    assert (
        "\n\nThe Governor of Riverside Province\nMr Jon Example\nGovernor's House\n"
        "Riverside, Testland\n\nRe:" in letter.text
    )
    assert str(letter.notes[0]) == (  # a writer in Leeds: French stamps are no use
        "Sign it and post it to c/o Embassy of Testland, 5 Rue Exemple, 75016 Paris, France, "
        "through which letters reach them; ask your post office for the stamps for a letter "
        "to France."
    )
    shown = runner.invoke(app, ["show", "co-delivery", *CASES])
    assert "Post to: c/o Embassy of Testland, 5 Rue Exemple, 75016 Paris, France" in shown.stdout
    sheet = tmp_path / "signers.csv"
    sheet.write_text('name,about,place\nAnn,I teach.,"1 High St, Leeds, UK"\n')
    envelopes = tmp_path / "envelopes.pdf"
    result = runner.invoke(
        app,
        [
            "batch", "co-delivery", str(sheet), *CASES, "--out-dir", str(tmp_path / "out"),
            "--envelopes", str(envelopes), "--date", "2026-11-25",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "1 letter to Mr Jon Example (FRANCE): €1.96 (Europe) each" in result.stderr
    envelope = PdfReader(envelopes).pages[0].extract_text()
    assert "c/o Embassy of Testland" in envelope
    assert "FRANCE" in envelope
    assert "Governor's House" not in envelope


def test_an_online_action_pastes_the_message_into_a_form(runner: CliRunner) -> None:
    case = load_case(FIXTURE_CASES / "web-call.yaml")
    assert case.accepted_channels == ["web", "call"]
    message = render(
        make_draft(case, make_writer("Ann", "I am a nurse", "Leeds"), [1], "web", None, DAY)
    )
    assert message.text.startswith("Dear Minister,\n\nI am a nurse.\n\nI am alarmed")
    assert message.text.endswith("Yours sincerely,\nAnn\nLeeds\n")
    assert message.url == "https://housing.testland.example/contact"
    assert [str(one) for one in message.notes] == [
        "Open https://housing.testland.example/contact and paste the message into its form."
    ]
    call = render(make_draft(case, make_writer("Ann", "I am a nurse"), [1], "call", None, DAY))
    assert "I urge the authorities to halt the demolition" in call.text


def test_the_organisers_contact_is_shown_and_told_at_the_end_of_a_batch(
    runner: CliRunner, tmp_path: Path
) -> None:
    shown = runner.invoke(app, ["show", "web-call", *CASES])
    assert (
        "Questions, and letters sent: tell\n  Testland Housing Network\n"
        "  Email: action@housing-network.example\n"
        "  Web: https://housing-network.example/report"
    ) in shown.stdout
    sheet = tmp_path / "signers.csv"
    sheet.write_text("name,about\nAnn,I am a nurse.\n")
    result = runner.invoke(
        app,
        ["batch", "web-call", str(sheet), *CASES, "--channel", "web", "--format", "jsonl"],
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr.endswith(
        "Tell the organisers how many letters went out:\n  Testland Housing Network\n"
        "  Email: action@housing-network.example\n"
        "  Web: https://housing-network.example/report\n"
    )


def test_a_call_only_action_without_a_phone_is_refused(tmp_path: Path) -> None:
    text = (FIXTURE_CASES / "web-call.yaml").read_text(encoding="utf-8")
    text = text.replace("channels: [web, call]", "channels: [call]")
    text = text.replace('    phones: ["+99 1 555 0100"]\n', "")
    (tmp_path / "case.yaml").write_text(text, encoding="utf-8")
    assert [str(one) for one in check_case_file(tmp_path / "case.yaml")] == [
        f"{tmp_path / 'case.yaml'}:14:12: channels[0]: no official in the case has a phone "
        "number: give one, or leave call out"
    ]


MP = ["compose", "your-mp", *CASES, "--name", "Ann", "--about", "I am a nurse in Leeds"]
MP += ["--ask", "1", "--to", "mp", "--date", "2026-11-25"]


def test_a_recipient_the_writer_supplies_from_options(runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        [
            *MP, "--channel", "letter", "--recipient", "name=Jo Example MP",
            "--recipient", "address=House of Commons; London SW1A 0AA",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "\n\nJo Example MP\nMember of Parliament\nHouse of Commons\nLondon SW1A 0AA\n" in (
        result.stdout
    )
    assert "\nDear Jo Example MP,\n" in result.stdout
    assert "cc: Embassy of Testland" in result.stdout
    missing = runner.invoke(app, [*MP, "--channel", "letter", "--recipient", "name=Jo"])
    assert (missing.exit_code, missing.stderr) == (
        2,
        "letterkit: --recipient: `address=` is missing: their postal address (; between "
        "its lines) "
        "(your member of parliament)\n",
    )
    wrong = runner.invoke(
        app,
        [*MP, "--channel", "email", "--recipient", "name=Jo", "--recipient", "email=jo(a)x.org"],
    )
    assert wrong.stderr == (
        "letterkit: --recipient: `email=`: an email address has `@` where this one has `(a)`: "
        "write `jo@x.org`\n"
    )
    hostile = runner.invoke(
        app,
        [
            *MP,
            "--channel",
            "email",
            "--recipient",
            "name==?utf-8?q?x?=",
            "--recipient",
            "email=a@b.org",
        ],
    )
    assert hostile.exit_code == 2
    assert "`name=`" in hostile.stderr


def test_a_recipient_the_writer_supplies_is_asked_for(runner: CliRunner) -> None:
    answers = ["Ann", "", "I am a nurse in Leeds", "1", "email", "2", "Jo Example MP", "jo(a)x.org"]
    answers += ["jo@parliament.example", "n", "n"]
    result = runner.invoke(
        app,
        ["compose", "your-mp", *CASES, "--interactive", "--date", "2026-11-25"],
        input="\n".join(answers) + "\n",
    )
    assert result.exit_code == 0, result.stderr
    assert "mp (your member of parliament: you give their details)" in result.stderr
    assert "Find your member of parliament: https://members.parliament.example/find" in (
        result.stderr
    )
    assert "Their name, as the letter addresses them (your member of parliament):" in result.stderr
    assert "an email address has `@` where this one has `(a)`" in result.stderr
    assert "\nDear Jo Example MP,\n" in result.stdout


def test_a_batch_takes_each_signers_own_recipient_from_columns(
    runner: CliRunner, tmp_path: Path
) -> None:
    sheet = tmp_path / "signers.csv"
    sheet.write_text(
        "name,about,to,recipient_name,recipient_email\n"
        "Ann,I am a nurse.,mp,Jo Example MP,jo@parliament.example\n"
        "Bob,I am a cook.,mp,Sam Example MP,sam(at)parliament.example\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app,
        ["batch", "your-mp", str(sheet), *CASES, "--channel", "email", "--format", "jsonl"],
    )
    assert result.exit_code == 1
    assert f"{sheet}:3: recipient_email: `email=`: an email address has `@`" in result.stderr
    made = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(one["to"], one["recipient"]) for one in made] == [("mp", "Jo Example MP")]


def test_each_signers_own_mp_is_named_in_their_notes(runner: CliRunner, tmp_path: Path) -> None:
    """Notes made once for signers from one place are never another signer's MP's."""
    sheet = tmp_path / "signers.csv"
    sheet.write_text(
        "name,about,to,recipient_name,recipient_email\n"
        "Ann,I am a nurse.,mp,Jo Example MP,jo@parliament.example\n"
        "Bob,I am a cook.,mp,Sam Example MP,sam@parliament.example\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app,
        ["batch", "your-mp", str(sheet), *CASES, "--channel", "email", "--format", "jsonl"],
    )
    assert result.exit_code == 0, result.stderr
    made = [json.loads(line) for line in result.stdout.splitlines()]
    assert [one["notes"][0] for one in made] == [
        "Send it to jo@parliament.example, or open the mailto: link.",
        "Send it to sam@parliament.example, or open the mailto: link.",
    ]


def test_reviewers_findings_on_small_things(runner: CliRunner, tmp_path: Path) -> None:
    """A web form is shown, an email's copies are the link's, a header's spaces are
    underscores, and a control character is placed."""
    shown = runner.invoke(app, ["show", "web-call", *CASES])
    assert "Web form: https://housing.testland.example/contact" in shown.stdout
    case = load_case(FIXTURE_CASES / "email-appeal.yaml")
    writer = make_writer("Ann", "I am a nurse", "5 High Street, Leeds")
    email = render(make_draft(case, writer, [1], "email", "minister", DAY))
    assert str(email.notes[-1]) == (
        "Copy it to prosecutor@example.org, embassy@example.org (the mailto: link and the .eml do)."
    )
    web = render(
        make_draft(load_case(FIXTURE_CASES / "web-call.yaml"), writer, [1], "web", None, DAY)
    )
    assert web.text.endswith("Yours sincerely,\nAnn\nLeeds\n")  # a public form: no street
    sheet = tmp_path / "signers.csv"
    sheet.write_text("Name,About,To,Recipient Name,Recipient-Email\nAnn,I sing.,mp,Jo,j@x.org\n")
    result = runner.invoke(
        app, ["batch", "your-mp", str(sheet), *CASES, "--channel", "email", "--format", "jsonl"]
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["recipient"] == "Jo"
    (tmp_path / "ctl.yaml").write_text('title: "a\x07b"\n')
    assert [str(one) for one in check_case_file(tmp_path / "ctl.yaml")] == [
        f"{tmp_path / 'ctl.yaml'}:1:10: holds the control character U+0007, which a case file "
        "may not hold; remove it"
    ]
