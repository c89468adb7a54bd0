"""Build hook: the frame's catalogues compiled, and CLDR's country names as a table.

The gettext catalogues (.po) become the .mo files letterkit reads; the country
names become a table letterkit reads without loading Babel.

The catalogues are the source; their compiled form is made at every build (wheel,
sdist install, editable install), never committed; so is the country table. After
editing a catalogue in a checkout, compile it again with ``python hatch_build.py``
(or reinstall).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # run as a script in a checkout: hatchling is only in the build's environment
    BuildHookInterface = object


def compile_catalogues(root: Path) -> list[Path]:
    """Compile each ``src/letterkit/locale/*/LC_MESSAGES/*.po`` under *root* beside itself.

    A catalogue that does not read stops the build: a broken frame must not ship.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    made = []
    for source in sorted((root / "src" / "letterkit" / "locale").glob("*/LC_MESSAGES/*.po")):
        with source.open("rb") as po:
            catalogue = read_po(po, abort_invalid=True)
        with source.with_suffix(".mo").open("wb") as mo:
            write_mo(mo, catalogue)
        made.append(source.with_suffix(".mo"))
    return made


def write_country_names(root: Path) -> Path:
    """Write CLDR's country names in five languages, as `letterkit.countries` reads them.

    The names come from the module's own function (loaded from its file: letterkit
    is not installed while it is built), so the table and a checkout agree.
    """
    import importlib.util
    import json

    source = root / "src" / "letterkit" / "countries.py"
    spec = importlib.util.spec_from_file_location("_letterkit_countries", source)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"{source}: cannot be loaded")
    countries = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(countries)
    table = root / "src" / "letterkit" / "locale" / "countries.json"
    names = countries.names_from_cldr()
    table.write_text(json.dumps(names, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    return table


class CatalogueBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    """Compiles the catalogues and writes the country names before hatchling builds letterkit."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Compile every catalogue; write the country names."""
        compile_catalogues(Path(self.root))
        write_country_names(Path(self.root))


if __name__ == "__main__":
    for path in compile_catalogues(Path(__file__).parent):
        print(path)
    print(write_country_names(Path(__file__).parent))
