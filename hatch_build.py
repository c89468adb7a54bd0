"""Build hook: compile the frame's gettext catalogues (.po) into the .mo files letterkit reads.

The catalogues are the source; their compiled form is made at every build (wheel,
sdist install, editable install), never committed. After editing a catalogue in a
checkout, compile it again with ``python hatch_build.py`` (or reinstall).
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


class CatalogueBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    """Compiles the catalogues before hatchling builds or installs letterkit."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Compile every catalogue."""
        compile_catalogues(Path(self.root))


if __name__ == "__main__":
    for path in compile_catalogues(Path(__file__).parent):
        print(path)
