"""The ``letterkit`` command: parses options, asks questions, prints; the work is done elsewhere.

Only typer is imported at start-up. Each command imports what it needs when it
runs, so ``letterkit --help`` costs no more than any typer program.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from letterkit import __version__
from letterkit.cli.boundary import user_errors_handled

app = typer.Typer(
    name="letterkit",
    help="Turn a human-rights case into a ready-to-send letter, fax, email or tweet.",
    epilog="Exit statuses: 0 done; 1 invalid case file or case not found; 2 an option is "
    "missing or wrong; 3 the message cannot be sent as chosen (a tweet over 280); "
    "4 the output was not written (exists, or cannot be written); 130 interrupted.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)

CasesDir = Annotated[
    list[Path] | None,
    typer.Option(
        "--cases-dir",
        help="A folder of case files to search before $LETTERKIT_CASES and the bundled "
        "cases; may be given more than once.",
        show_default=False,
    ),
]
CaseArgument = Annotated[
    str, typer.Argument(help="A case id such as ua-2-19-russia, or the path of a case file.")
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
    """Turn a human-rights case into a ready-to-send letter, fax, email or tweet."""


@app.command("list")
@user_errors_handled
def list_command(cases_dir: CasesDir = None) -> None:
    """List the cases found: bundled, in $LETTERKIT_CASES and in --cases-dir."""
    from letterkit.cli.browse import print_case_list

    print_case_list(cases_dir or [])


@app.command("show")
@user_errors_handled
def show_command(case: CaseArgument, cases_dir: CasesDir = None) -> None:
    """Show a case as a person reads it: summary, asks, whom to write to, background."""
    from letterkit.cli.browse import print_case

    print_case(case, cases_dir or [])


@app.command("validate")
@user_errors_handled
def validate_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Case files to check; without any, every case found.", show_default=False
        ),
    ] = None,
    cases_dir: CasesDir = None,
) -> None:
    """Check case files; print each problem as FILE:LINE:COL: field: message."""
    from letterkit.cli.browse import validate_files

    raise typer.Exit(validate_files(paths or [], cases_dir or []))


@app.command("schema")
@user_errors_handled
def schema_command() -> None:
    """Print the JSON Schema of a case file, for editors that check YAML as you type."""
    from letterkit.cli.browse import print_schema

    print_schema()


@app.command("compose")
@user_errors_handled
def compose_command(
    case: CaseArgument,
    name: Annotated[str | None, typer.Option(help="Your name, as you sign.")] = None,
    place: Annotated[
        str | None, typer.Option(help="Where you live, e.g. 'Ottawa, Canada' (optional).")
    ] = None,
    about: Annotated[
        str | None, typer.Option(help="Your sentence about yourself, to make the message yours.")
    ] = None,
    ask: Annotated[
        list[str] | None,
        typer.Option(
            help="An ask by number; repeat it (--ask 1 --ask 3) or list them (--ask '1 3').",
            show_default=False,
        ),
    ] = None,
    channel: Annotated[
        str | None, typer.Option(help="letter, fax, email or tweet, as the case accepts.")
    ] = None,
    to: Annotated[
        str | None, typer.Option(help="Whom to write to, by id (see `letterkit show`).")
    ] = None,
    date: Annotated[
        str | None, typer.Option(help="The letter's date, YYYY-MM-DD; today by default.")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Also save the message to this file."),
    ] = None,
    force: Annotated[bool, typer.Option(help="Let --output replace an existing file.")] = False,
    json: Annotated[
        bool, typer.Option("--json", help="Print the message as one JSON object.")
    ] = False,
    edit: Annotated[
        bool, typer.Option(help="Open the message in $VISUAL or $EDITOR before it is final.")
    ] = False,
    interactive: Annotated[
        bool | None,
        typer.Option(
            "--interactive/--no-interactive",
            help="Ask for what is missing; by default only when standard input is a terminal.",
            show_default=False,
        ),
    ] = None,
    cases_dir: CasesDir = None,
) -> None:
    """Compose a message for CASE, asking for what the options do not give."""
    from letterkit.cli.composing import ComposeOptions, run_compose

    run_compose(
        ComposeOptions(
            case=case,
            cases_dirs=cases_dir or [],
            name=name,
            place=place,
            about=about,
            asks=ask or [],
            channel=channel,
            to=to,
            date=date,
            output=output,
            force=force,
            json=json,
            edit=edit,
            interactive=interactive,
        )
    )


def main() -> None:
    """Run the command line (the ``letterkit`` console script)."""
    app()
