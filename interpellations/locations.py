"""Where a data repository and its index are, read from the environment without pydantic.

The command-line tool needs only these two paths, and a scheduler calls it:
reading them here rather than through `Settings` (pydantic-settings, a tenth of a
second of imports) keeps it quick. `Settings` takes its defaults from here and
reads the same variables, `INTERPELLATIONS_DATA` and `INTERPELLATIONS_INDEX`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATA = Path("var/demo/registre.git")


def service_dir(data: Path) -> Path:
    """The service's own files beside the record, in the bare repository (never cloned)."""
    return data / "service"


def index_path_for(data: Path) -> Path:
    return service_dir(data) / "index.sqlite"


@dataclass(frozen=True)
class Locations:
    data: Path
    index_path: Path

    @classmethod
    def of(cls, data: Path | None = None, environ: Mapping[str, str] | None = None) -> Locations:
        """`data` when given, else `INTERPELLATIONS_DATA`, else the demo; its index beside it."""
        environ = os.environ if environ is None else environ
        data = data or Path(environ.get("INTERPELLATIONS_DATA") or DEFAULT_DATA)
        index = environ.get("INTERPELLATIONS_INDEX")
        return cls(data, Path(index) if index else index_path_for(data))
