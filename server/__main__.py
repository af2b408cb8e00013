"""`python -m server`: create the demo record if needed, then serve it (one process)."""

from __future__ import annotations

from granian import Granian
from granian.constants import Interfaces

from interpellations.demo import build_demo
from server.settings import Settings


def main() -> None:
    settings = Settings()
    if settings.demo and not settings.data.exists():
        print(f"Création du registre de démonstration dans {settings.data}…", flush=True)  # noqa: T201
        build_demo(settings.data).close()
    print(f"Service disponible sur {settings.base_url}", flush=True)  # noqa: T201
    Granian(
        "server.app:app_from_environment",
        factory=True,
        interface=Interfaces.ASGI,
        address=settings.host,
        port=settings.port,
        workers=1,
    ).serve()


if __name__ == "__main__":
    main()
