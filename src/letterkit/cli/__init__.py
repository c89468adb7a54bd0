"""The ``letterkit`` command: parses options, asks questions, prints; the work is done elsewhere.

Only typer is imported at start-up. Each command imports what it needs when it
runs, so ``letterkit --help`` costs no more than any typer program.

Unlike the rest of letterkit, this module's annotations are not postponed (no
``from __future__ import annotations``): typer reads every command's options from
them on each run, and as strings it evaluates and compiles each one again, which
took 10 ms of every command.
"""

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from letterkit import __version__
from letterkit.cli.boundary import fail, finish_output, user_errors_handled

app = typer.Typer(
    name="letterkit",
    help="Turn a human-rights case into a ready-to-send letter, fax, email, tweet, call script "
    "or web-form message.",
    epilog="Exit statuses: 0 done; 1 invalid case file or signers sheet, or case not "
    "found; 2 an option is missing or wrong; 3 the message cannot be sent as chosen (a "
    "tweet over 280); 4 the output was not written (exists, or cannot be written); "
    "130 interrupted.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)

CasesDir = Annotated[
    list[Path] | None,
    typer.Option(
        "--cases-dir",
        help="A folder of case files to search first (before the current folder, "
        "$LETTERKIT_CASES, your cases and the bundled ones); may be given more than once.",
        metavar="DIR",
        show_default=False,
    ),
]


def case_ids(incomplete: str) -> list[str]:
    """The case ids that start with *incomplete*, for tab completion."""
    from letterkit.folders import case_dirs, list_cases

    return sorted(found.id for found in list_cases(case_dirs()) if found.id.startswith(incomplete))


CaseArgument = Annotated[
    str,
    typer.Argument(
        help="A case id such as ua-2-19-russia, or the path of a case file.",
        metavar="CASE",
        show_default=False,
        autocompletion=case_ids,
    ),
]
Channel = Annotated[
    str | None,
    typer.Option(
        help="letter, fax, email, tweet, call or web, as the case offers.", metavar="CHANNEL"
    ),
]
To = Annotated[
    str | None,
    typer.Option(
        help="Whom to write to, by id (see `letterkit show`); all: one each.", metavar="ID"
    ),
]
Language = Annotated[
    str | None,
    typer.Option(
        help="The letter's language, one the case gives its texts in (see `letterkit show`); "
        "the case's own by default.",
        metavar="LANG",
        show_default=False,
    ),
]
Date = Annotated[
    str | None,
    typer.Option(help="The letters' date, YYYY-MM-DD; today by default.", metavar="DATE"),
]
Force = Annotated[bool, typer.Option("--force", help="Replace files that exist.")]
Paper = Annotated[
    str | None,
    typer.Option(
        "--paper",
        help="a4 or letter, for PDF; by default letter where your locale's country uses it "
        "(US, Canada, Mexico, ...), else a4.",
        metavar="SIZE",
        show_default=False,
    ),
]
Typeset = Annotated[
    bool,
    typer.Option(
        "--typeset",
        help="For PDF: set letters in a proportional font (DejaVu Serif) instead of the "
        "typewriter's; faxes keep the monospaced page.",
    ),
]
Ascii = Annotated[
    bool,
    typer.Option(
        "--ascii",
        help="Plain ASCII for fax gateways: straight quotes and dashes, names "
        "transliterated; a warning lists what changed.",
    ),
]
JournalPath = Annotated[
    Path | None,
    typer.Option(
        "--journal",
        help="The journal file; by default $LETTERKIT_JOURNAL, else journal.sqlite3 in "
        "your data folder.",
        metavar="FILE",
        show_default=False,
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"letterkit {__version__}")
        raise typer.Exit


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Turn a human-rights case into a ready-to-send letter, fax, email, tweet or call."""


@app.command("list", short_help="List the cases found.")
@user_errors_handled
def list_command(
    cases_dir: CasesDir = None,
    every_folder: Annotated[
        bool,
        typer.Option("--all", help="Also list every folder searched, and cases hidden by another."),
    ] = False,
) -> None:
    """List the cases found, most urgent first.

    Folders are searched in this order, and the first case of an id wins:
    --cases-dir, the current folder, $LETTERKIT_CASES, your own cases (added with
    `letterkit cases add`), then the bundled cases.
    """
    from letterkit.cli.browse import print_case_list

    print_case_list(cases_dir or [], every_folder=every_folder)


@app.command("show", short_help="Show a case as a person reads it.")
@user_errors_handled
def show_command(case: CaseArgument, cases_dir: CasesDir = None) -> None:
    """Show a case as a person reads it: summary, asks, whom to write to, background."""
    from letterkit.cli.browse import print_case

    print_case(case, cases_dir or [])


@app.command("validate", short_help="Check case files, as a compiler would.")
@user_errors_handled
def validate_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Case files to check; without any, every case found.",
            metavar="[PATH]...",
            show_default=False,
        ),
    ] = None,
    cases_dir: CasesDir = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Warnings make a file invalid too (exit 1).")
    ] = False,
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            help="text: a line per problem; json: one object, for editors and CI (file, "
            "line, column, field, message and severity of each problem).",
            metavar="FORMAT",
        ),
    ] = "text",
) -> None:
    """Check case files; print each problem as FILE:LINE:COL: field: message.

    Warnings (advice for the case's author) leave the exit status 0 unless --strict.
    """
    from letterkit.cli.browse import validate_files
    from letterkit.errors import ChoiceError

    if output_format not in ("text", "json"):
        raise ChoiceError("format", f"`{output_format}` is not a format; use text or json")
    raise typer.Exit(
        validate_files(paths or [], cases_dir or [], strict=strict, as_json=output_format == "json")
    )


@app.command("import", short_help="Draft a case file from a published action.")
@user_errors_handled
def import_command(
    source: Annotated[
        str,
        typer.Argument(
            help="The action: a text file, a PDF, a saved web page (.html), - for text pasted "
            "on standard input (end it with Ctrl-D), or an http(s):// address (fetched "
            "once, within 15 seconds and 8 MB).",
            metavar="SOURCE",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the draft to FILE (a folder, when the source holds several actions); "
            "without it, the draft is printed.",
            metavar="FILE",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Draft a case file from a published action, with the source line of every value.

    What was guessed is marked in the draft; what was not found is a FILL IN
    placeholder that `letterkit validate` refuses until it is filled in. A report
    of what was found, guessed and missing goes to standard error.
    """
    from letterkit.cli.importing import import_source

    import_source(source, output, force=force)


@app.command("new", short_help="Write a case file by answering questions.")
@user_errors_handled
def new_command(
    draft: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help="Resume from a draft (one `letterkit import` made, or one half written): "
            "ask only for what it lacks or gets wrong.",
            metavar="DRAFT.yaml",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the case to FILE; without it, a name is asked for, suggested from "
            "the case's reference and country.",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write a case file by answering questions, one at a time, each checked as it is typed.

    Asks for the reference and title, what happened and the concern, the asks or a
    model letter, each official with their address and contacts, copies, channels
    and deadline. Nothing is written until the case is valid; Ctrl-C leaves nothing.
    """
    from letterkit.cli.authoring import new_case

    new_case(draft, output, force=force)


profile_app = typer.Typer(
    help="Your profile: the details compose offers each time (batch never reads it).",
    rich_markup_mode=None,
)
app.add_typer(profile_app, name="profile", short_help="Show, set or clear your profile.")


@profile_app.callback(invoke_without_command=True)
@user_errors_handled
def profile_command(context: typer.Context) -> None:
    """Show your profile: name, address, country, language, paper, email, sentence."""
    if context.invoked_subcommand is None:
        from letterkit.cli.profiling import show

        show()


@profile_app.command("show", short_help="Show your profile (as `letterkit profile` does).")
@user_errors_handled
def profile_show_command() -> None:
    """Show your profile: name, address, country, language, paper, email, sentence."""
    from letterkit.cli.profiling import show

    show()


def _profile_option(name: str, text: str, metavar: str) -> Any:
    return typer.Option(f"--{name}", help=text, metavar=metavar, show_default=False)


@profile_app.command("set", short_help="Set your profile, by options or by questions.")
@user_errors_handled
def profile_set_command(
    name: Annotated[str | None, _profile_option("name", "Your name, as you sign.", "NAME")] = None,
    place: Annotated[
        str | None,
        _profile_option(
            "place", "Your postal address; `;` (or a new line) between its lines.", "ADDRESS"
        ),
    ] = None,
    country: Annotated[
        str | None, _profile_option("country", "Your country, e.g. Canada.", "COUNTRY")
    ] = None,
    language: Annotated[
        str | None,
        _profile_option("language", "The language you write in, where a case offers it.", "LANG"),
    ] = None,
    paper: Annotated[str | None, _profile_option("paper", "a4 or letter.", "SIZE")] = None,
    email: Annotated[
        str | None, _profile_option("email", "Your email address, for email drafts.", "EMAIL")
    ] = None,
    about: Annotated[
        str | None,
        _profile_option("about", "A sentence about yourself, offered each time.", "TEXT"),
    ] = None,
) -> None:
    """Set the values given; with no option, ask for each (Enter keeps it, - clears it).

    An empty value ("") clears it too. The file is readable only by you.
    """
    from letterkit.cli.profiling import set_values

    set_values(
        {
            "name": name,
            "place": place,
            "country": country,
            "language": language,
            "paper": paper,
            "email": email,
            "about": about,
        }
    )


@profile_app.command("clear", short_help="Forget your profile.")
@user_errors_handled
def profile_clear_command(
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask to confirm.")] = False,
) -> None:
    """Forget your profile, after you confirm."""
    from letterkit.cli.profiling import clear

    clear(yes=yes)


cases_app = typer.Typer(
    help="Share cases: add a case file, a folder or .zip of them, or a web address to your "
    "own cases; remove one.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(cases_app, name="cases", short_help="Add cases others share, or remove them.")


@cases_app.command("add", short_help="Check cases and copy them into your own cases.")
@user_errors_handled
def cases_add_command(
    source: Annotated[
        str,
        typer.Argument(
            help="A case file, a folder or .zip of case files, or an http(s):// address of "
            "one (fetched once, within 15 seconds and 8 MB).",
            metavar="PATH|URL",
            show_default=False,
        ),
    ],
    trust: Annotated[
        bool,
        typer.Option(
            "--trust",
            help="Add cases that bring their own templates, which run (sandboxed) when a "
            "letter is made; only from someone you trust.",
        ),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace a different case of the same id.")
    ] = False,
) -> None:
    """Check every case in PATH|URL as `letterkit validate` does, then copy them into your cases.

    If any case is invalid, brings templates without --trust, or would replace a
    different case without --force, nothing is added. `letterkit show` then says
    where each case came from.
    """
    from letterkit.cli.sharing import add

    add(source, trust=trust, force=force)


@cases_app.command("remove", short_help="Remove a case you added.")
@user_errors_handled
def cases_remove_command(
    case_id: Annotated[
        str, typer.Argument(help="The id of a case you added.", metavar="ID", show_default=False)
    ],
) -> None:
    """Remove a case you added from your own cases; bundled cases stay."""
    from letterkit.cli.sharing import remove

    remove(case_id)


@app.command("schema", short_help="Print the JSON Schema of case files.")
@user_errors_handled
def schema_command() -> None:
    """Print the JSON Schema of a case file, for editors that check YAML as you type."""
    from letterkit.cli.browse import print_schema

    print_schema()


@app.command("compose", short_help="Compose a letter, fax, email, tweet or call for a case.")
@user_errors_handled
def compose_command(
    case: CaseArgument,
    name: Annotated[
        str | None, typer.Option(help="Your name, as you sign.", metavar="NAME")
    ] = None,
    place: Annotated[
        str | None,
        typer.Option(
            help="Your postal address or town, for a reply (optional). Its lines are "
            "separated by `;` or a new line, never by a comma: '12 Elm Street; Gatineau, QC "
            "J8X 3X7; Canada' is three lines.",
            metavar="ADDRESS",
        ),
    ] = None,
    about: Annotated[
        str | None,
        typer.Option(
            help="Your sentence about yourself, to make the message yours.", metavar="TEXT"
        ),
    ] = None,
    ask: Annotated[
        list[str] | None,
        typer.Option(
            help="An ask by number; repeat it (--ask 1 --ask 3) or list them (--ask '1 3').",
            metavar="N",
            show_default=False,
        ),
    ] = None,
    channel: Channel = None,
    to: To = None,
    language: Language = None,
    recipient: Annotated[
        list[str] | None,
        typer.Option(
            help="For a recipient the case asks you to supply (`your member of parliament`): "
            "a detail as FIELD=VALUE, e.g. --recipient 'name=Jo Example MP' --recipient "
            "email=jo@example.org (name, address, email, fax, phone, twitter, web).",
            metavar="FIELD=VALUE",
            show_default=False,
        ),
    ] = None,
    date: Date = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Also save the message to this file: .txt, .pdf (letters and faxes, ready "
            "to print) or .eml (emails).",
            metavar="FILE",
        ),
    ] = None,
    force: Force = False,
    paper: Paper = None,
    typeset: Typeset = False,
    json: Annotated[
        bool, typer.Option("--json", help="Print the message as one JSON object.")
    ] = False,
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            help="text, or pdf: a letter or fax ready to print, to --output or to standard "
            "output when it is not a terminal (> letter.pdf).",
            metavar="FORMAT",
        ),
    ] = "text",
    edit: Annotated[
        bool,
        typer.Option(
            "--edit",
            help="Open the message in $VISUAL or $EDITOR (else nano, micro or notepad, if "
            "there) before it is final.",
        ),
    ] = False,
    ascii_only: Ascii = False,
    sent: Annotated[
        bool,
        typer.Option("--sent", help="Record in your journal that you sent it."),
    ] = False,
    interactive: Annotated[
        bool | None,
        typer.Option(
            "--interactive/--no-interactive",
            help="Ask for what is missing; by default only when standard input is a terminal.",
            show_default=False,
        ),
    ] = None,
    journal: JournalPath = None,
    cases_dir: CasesDir = None,
    no_profile: Annotated[
        bool,
        typer.Option(
            "--no-profile",
            help="Ignore your profile (`letterkit profile`): nothing is offered or filled in.",
        ),
    ] = False,
    open_link: Annotated[
        bool,
        typer.Option(
            "--open",
            help="Open the mailto:, tweet, tel: or form link with your system's handler.",
        ),
    ] = False,
    copy: Annotated[
        bool,
        typer.Option(
            "--copy",
            help="Put the message on the clipboard (the body of an email); over SSH, "
            "through the terminal (OSC 52).",
        ),
    ] = False,
) -> None:
    """Compose a message for CASE, asking for what the options do not give.

    Your profile's name, address, sentence, language and paper stand where the
    options leave them out (offered as the default when asked). The message goes
    to standard output, questions and notes to standard error.
    """
    from letterkit.cli.asking import Choices
    from letterkit.cli.composing import ComposeOptions, run_compose

    run_compose(
        ComposeOptions(
            case=case,
            cases_dirs=cases_dir or [],
            choices=Choices(
                name=name,
                place=place,
                about=about,
                asks=tuple(ask or ()),
                channel=channel,
                to=to,
                language=language,
                recipient=tuple(recipient or ()),
            ),
            date=date,
            output=output,
            force=force,
            paper=paper,
            typeset=typeset,
            json=json,
            output_format=output_format,
            edit=edit,
            ascii_only=ascii_only,
            sent=sent,
            interactive=interactive,
            journal=journal,
            use_profile=not no_profile,
            open_link=open_link,
            copy=copy,
        )
    )


@app.command("batch", short_help="Write one letter per signer of a sheet.")
@user_errors_handled
def batch_command(
    case: CaseArgument,
    signers: Annotated[
        str,
        typer.Argument(
            help="The signers sheet: CSV, a JSON array or JSON Lines; - reads standard input.",
            metavar="SIGNERS",
            show_default=False,
        ),
    ],
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out-dir",
            help="The folder for the letters, one file per signer; made if missing.",
            metavar="DIR",
        ),
    ] = None,
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            help="files: one text file per signer in --out-dir; pdf: one PDF per signer "
            "there, ready to print; jsonl: one JSON object per message on standard output.",
            metavar="FORMAT",
        ),
    ] = "files",
    channel: Channel = None,
    to: To = None,
    language: Language = None,
    date: Date = None,
    force: Force = False,
    paper: Paper = None,
    typeset: Typeset = False,
    combined: Annotated[
        Path | None,
        typer.Option(
            "--combined",
            help="With --format pdf: also one PDF of every letter, a page each, in sheet "
            "order, for the printer.",
            metavar="FILE",
        ),
    ] = None,
    envelopes: Annotated[
        Path | None,
        typer.Option(
            "--envelopes",
            help="Also a PDF of envelopes, one per letter to post: return address, AIR MAIL "
            "/ PAR AVION when it goes abroad, the official's address.",
            metavar="FILE",
        ),
    ] = None,
    envelope: Annotated[
        str, typer.Option("--envelope", help="The envelope size: dl, c5 or us10.", metavar="SIZE")
    ] = "dl",
    ascii_only: Ascii = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check every row and report; write nothing.")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Write nothing unless every row is valid.")
    ] = False,
    journal: JournalPath = None,
    no_journal: Annotated[
        bool, typer.Option("--no-journal", help="Do not record the letters in the journal.")
    ] = False,
    cases_dir: CasesDir = None,
    new_only: Annotated[
        bool,
        typer.Option(
            "--new-only",
            help="Put in --combined and --envelopes (and the postage) only the letters this "
            "run writes: late signers added to the sheet, not those printed before.",
        ),
    ] = False,
    column: Annotated[
        list[str] | None,
        typer.Option(
            "--column",
            help='Read a header cell as a column: "Which asks?=asks"; may be given more than once.',
            metavar="HEADER=COLUMN",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write a letter for each signer of SIGNERS, for a letter-writing evening or a script.

    Columns: name and about (required), place, email, asks (1;3 or 1 3), channel, to
    and language. Headers as forms and spreadsheets export them are recognised ("Your
    name", "Nom" and "Prénom", "Vorname" and "Nachname", "Which asks?"), and said once;
    --column reads any other. A bad row is reported as SIGNERS:ROW: column: message and
    skipped. Files that exist are kept (a re-run finishes an interrupted batch) unless
    --force.
    """
    from letterkit.cli.batching import BatchOptions, run_batch_command

    run_batch_command(
        BatchOptions(
            case=case,
            signers=signers,
            cases_dirs=cases_dir or [],
            out_dir=out_dir,
            output_format=output_format,
            channel=channel,
            to=to,
            language=language,
            date=date,
            force=force,
            paper=paper,
            typeset=typeset,
            combined=combined,
            envelopes=envelopes,
            envelope=envelope,
            ascii_only=ascii_only,
            dry_run=dry_run,
            strict=strict,
            journal=None if no_journal else journal,
            use_journal=not no_journal,
            columns=column or [],
            new_only=new_only,
        )
    )


journal_app = typer.Typer(
    help="What the journal holds: messages made and sent, per case and channel.",
    rich_markup_mode=None,
)
app.add_typer(journal_app, name="journal", short_help="Count the messages made and sent, per case.")


@journal_app.callback(invoke_without_command=True)
@user_errors_handled
def journal_command(
    context: typer.Context,
    case: Annotated[
        str | None,
        typer.Option("--case", help="Only this case (its id).", metavar="CASE"),
    ] = None,
    latest: Annotated[
        int, typer.Option("--latest", help="How many recent messages to list.", metavar="N")
    ] = 10,
    months: Annotated[
        bool, typer.Option("--months", help="Count per case and month, as groups report.")
    ] = False,
    as_csv: Annotated[
        bool, typer.Option("--csv", help="Print every record as CSV, for a spreadsheet.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print every record as a JSON array, for a script.")
    ] = False,
    journal: JournalPath = None,
) -> None:
    """Count the messages made and sent, per case and channel, and list the latest.

    A message is one signer's for a case, channel and official, counted once
    whatever its format; it is sent once you say so (`letterkit journal sent ID`).
    """
    if context.invoked_subcommand is not None:
        return
    from letterkit.cli.journaling import print_journal

    if as_csv and as_json:
        from letterkit.errors import ChoiceError

        raise ChoiceError("csv", "give --csv or --json, not both")
    export = "csv" if as_csv else "json" if as_json else None
    print_journal(journal, case, latest, months=months, export=export)


RecordIds = Annotated[
    list[str] | None,  # read here, to say what an id is: typer's words are pydantic's
    typer.Argument(
        help="Record ids, as `letterkit journal` lists them.", metavar="[ID]...", show_default=False
    ),
]


@journal_app.command("sent", short_help="Mark messages as sent.")
@user_errors_handled
def journal_sent_command(ids: RecordIds = None, journal: JournalPath = None) -> None:
    """Mark messages as sent, by the ids `letterkit journal` lists."""
    from letterkit.cli.journaling import mark_sent, record_ids
    from letterkit.errors import ChoiceError

    if not ids:
        raise ChoiceError("ids", "give the ids of the records to mark (see `letterkit journal`)")
    mark_sent(journal, record_ids(ids))


@journal_app.command("forget", short_help="Remove records, such as a test run.")
@user_errors_handled
def journal_forget_command(
    ids: RecordIds = None,
    case: Annotated[
        str | None, typer.Option("--case", help="Every record of this case.", metavar="CASE")
    ] = None,
    everything: Annotated[bool, typer.Option("--all", help="Every record.")] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask to confirm.")] = False,
    journal: JournalPath = None,
) -> None:
    """Remove records from the journal (a test run), after you confirm."""
    from letterkit.cli.journaling import forget, record_ids

    forget(journal, record_ids(ids or []), case, everything=everything, yes=yes)


def main() -> None:
    """Run the command line (the ``letterkit`` console script)."""
    from letterkit.cli import streams

    streams.prepare()
    try:
        status = app(standalone_mode=False)
    except Exception as error:
        if not any(kind.__name__ == "ClickException" for kind in type(error).__mro__):
            raise
        message = error.format_message()  # type: ignore[attr-defined]
        status = error.exit_code  # type: ignore[attr-defined]
        if type(error).__name__ == "NoArgsIsHelpError":
            sys.stdout.write(message + "\n")  # `letterkit` alone: the help
        else:
            # A usage error (unknown option, missing argument): one line, as for any other.
            context = getattr(error, "ctx", None)
            command = context.command_path if context is not None else "letterkit"
            fail(f"{message} (see `{command} --help`)")
    sys.exit(streams.finish(finish_output(status if isinstance(status, int) else 0)))
