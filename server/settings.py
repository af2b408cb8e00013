"""Settings of the service, read from the environment in one place."""

from __future__ import annotations

from pathlib import Path

from pydantic import AnyHttpUrl, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from interpellations.settings import DEFAULT_DATA, index_path_for


class Settings(BaseSettings):
    """`INTERPELLATIONS_*` environment variables; the defaults run the demo."""

    model_config = SettingsConfigDict(env_prefix="INTERPELLATIONS_", extra="ignore")

    data: Path = Field(default=DEFAULT_DATA, description="The data repository (bare git).")
    index: Path | None = Field(default=None, description="The SQLite index (derived).")
    demo: bool = Field(default=True, description="Create the demo repository when absent.")
    base_url: AnyHttpUrl = Field(default=AnyHttpUrl("http://127.0.0.1:8000"))
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)

    @property
    def index_path(self) -> Path:
        return self.index or index_path_for(self.data)
