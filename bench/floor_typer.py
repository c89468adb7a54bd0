"""Floor for `letterkit --version` and `--help`: a typer app with one command that prints a word."""

import typer

app = typer.Typer()


@app.command()
def main() -> None:
    """Print a word."""
    print("word")


app()
