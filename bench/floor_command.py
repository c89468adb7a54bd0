"""Floor for `list`, `show` and scripted `compose`: typer plus what such a command must import.

A running typer app, rich's Console, a Jinja2 Environment, a pydantic model and
PyYAML: the least any command that reads a case and prints it can load.
"""

import typer
import yaml
from jinja2 import Environment
from pydantic import BaseModel
from rich.console import Console

app = typer.Typer()


class Word(BaseModel):
    """A model, so pydantic builds a validator as a case model would."""

    text: str


@app.command()
def main() -> None:
    """Print a word through each library."""
    word = Word.model_validate(yaml.safe_load("text: word"))
    Console().print(Environment().from_string("{{ text }}").render(text=word.text))


app()
