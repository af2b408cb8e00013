"""The settings of the command-line tool and of the service, read from the environment once.

`INTERPELLATIONS_*` variables; the defaults run the demo: its data repository in a
git-ignored folder, the index and the accounts kept beside git in the bare
repository's `service/` folder (never cloned, never pushed).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic import AnyHttpUrl, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from interpellations.locations import DEFAULT_DATA, index_path_for, service_dir
from interpellations.mailer import MailSettings, Security


class Settings(BaseSettings):
    """`INTERPELLATIONS_*` environment variables; the defaults run the demo."""

    model_config = SettingsConfigDict(env_prefix="INTERPELLATIONS_", extra="ignore")

    data: Path = Field(default=DEFAULT_DATA, description="The data repository (bare git).")
    index: Path | None = Field(default=None, description="The SQLite index (derived).")
    demo: bool = Field(default=True, description="Create the demo repository when absent.")
    base_url: AnyHttpUrl = Field(default=AnyHttpUrl("http://127.0.0.1:8000"))
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    accounts: Path | None = Field(default=None, description="The accounts database (secrets).")
    secret: str = Field(default="", description="Signs the anti-forgery tokens.")
    smtp_host: str = Field(default="", description="Empty: mail goes to the outbox folder.")
    smtp_port: int = 587
    smtp_security: Security = Security.STARTTLS
    smtp_user: str = ""
    smtp_password: str = ""
    mail_sender: str = "interpellations@coordination.example"
    outbox: Path = Field(
        default=Path("var/demo/outbox"),
        description="Where mail goes when no SMTP host is set (the demo).",
    )
    backup_remote: str = Field(
        default="",
        description="A git URL, or a folder on another disk, that the record's branch is "
        "pushed to after each write (never forced). Empty: no off-machine copy.",
    )
    backup_folder: Path | None = Field(
        default=None,
        description="Where the service's database (accounts, second factors, working "
        "copies) is copied with SQLite's online backup. Empty: no copy.",
    )
    client_address_header: str = Field(
        default="",
        description="The header a trusted reverse proxy sets to the client's address "
        "(X-Forwarded-For, X-Real-IP); empty: the connection's own address.",
    )
    maintenance_every: int = Field(
        default=500, ge=1, description="Writes between two runs of git's maintenance."
    )
    threads: int = Field(
        default=8,
        ge=1,
        le=64,
        description="Requests worked on at once (the rest wait their turn): each thread "
        "keeps its own connections and caches.",
    )
    page_cache_bytes: int = Field(
        # about a hundred list pages; its pages cost the worker about twice their bytes
        default=4 * 1024 * 1024,
        ge=0,
        description="Memory the page cache may hold.",
    )
    backup_every_hours: float = Field(default=6, gt=0)
    backup_keep: int = Field(default=28, ge=1, description="Database copies kept.")

    @property
    def index_path(self) -> Path:
        return self.index or index_path_for(self.data)

    @property
    def accounts_path(self) -> Path:
        return self.accounts or service_dir(self.data) / "accounts.sqlite"

    @property
    def secure_cookies(self) -> bool:
        return str(self.base_url).startswith("https://")

    def link(self, path: str) -> str:
        """An absolute link for mail: the public base URL and a path of the service."""
        return str(self.base_url).rstrip("/") + path

    def mail(self) -> MailSettings:
        return MailSettings(
            sender=self.mail_sender,
            host=self.smtp_host,
            port=self.smtp_port,
            security=self.smtp_security,
            user=self.smtp_user,
            password=self.smtp_password,
            outbox=None if self.smtp_host else self.outbox,
        )

    def signing_secret(self) -> str:
        """The configured secret, or one made once and kept beside the record (0600)."""
        if self.secret:
            return self.secret
        path = service_dir(self.data) / "secret"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_urlsafe(48))
        return path.read_text().strip()
