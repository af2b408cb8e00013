"""Where things live by default: the demo's data repository, and the index kept beside git."""

from __future__ import annotations

from pathlib import Path

DEFAULT_DATA = Path("var/demo/registre.git")


def service_dir(data: Path) -> Path:
    """The service's own files beside the record, in the bare repository (never cloned)."""
    return data / "service"


def index_path_for(data: Path) -> Path:
    return service_dir(data) / "index.sqlite"
