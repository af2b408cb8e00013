"""`python -m server`: serve the registre (creating the demo one if needed), or invite someone.

python -m server                 start the service (one process, one writer)
python -m server invite <e-mail> print an invitation link for a member of the registre

What it prints is in the language of the person running it, as for `python -m interpellations`
(`INTERPELLATIONS_LANG`, else the locale, else French).
"""

from __future__ import annotations

import sys

from granian import Granian
from granian.constants import Interfaces

from interpellations.cli.common import say
from interpellations.record.health import assess
from interpellations.record.loading import load_record
from interpellations.record.store import Store
from interpellations.settings import Settings
from interpellations.wording.translation import N_
from server.accounts import Accounts, Purpose
from server.demo_accounts import DEMO_PASSWORD, create_demo

USAGE = N_(
    "Usage :\n"
    "  python -m server                  démarre le service (un seul processus)\n"
    "  python -m server invite <e-mail>  affiche un lien d'invitation pour un membre du registre"
)


def serve(settings: Settings) -> None:
    if settings.demo and not settings.data.exists():
        print(
            say(N_("Création du registre de démonstration dans %(folder)s…"), folder=settings.data),
            flush=True,
        )
        create_demo(settings)
        print(
            say(
                N_(
                    "Comptes de démonstration : toute adresse de membres.yaml, "
                    "mot de passe « %(password)s »."
                ),
                password=DEMO_PASSWORD,
            )
        )
    print(say(N_("Service disponible sur %(url)s"), url=settings.base_url), flush=True)
    Granian(
        "server.app:app_from_environment",
        factory=True,
        interface=Interfaces.ASGI,
        address=settings.host,
        port=settings.port,
        workers=1,
    ).serve()


def invite(settings: Settings, email: str) -> int:
    """Print a link where a member of the registre chooses a password (the first coordinator)."""
    store = Store.open(settings.data)
    # the record as the service serves it: at its last valid version if a hand commit broke it
    member = load_record(store.snapshot(assess(store).version)).member(email)
    store.close()
    if member is None:
        print(
            say(
                N_("%(email)s n'est pas dans membres.yaml : ajoutez la personne au registre."),
                email=email,
            ),
            file=sys.stderr,
        )
        return 1
    accounts = Accounts(settings.accounts_path)
    token = accounts.issue_token(member.email, Purpose.INVITE)
    accounts.close()
    print(say(N_("Lien d'invitation pour %(name)s (valable 48 heures) :"), name=member.name))
    print(settings.link(f"/invitation/{token}"))
    return 0


def main(argv: list[str]) -> int:
    settings = Settings()
    if argv[:1] == ["invite"] and len(argv) == 2:
        return invite(settings, argv[1])
    if argv:
        print(say(USAGE), file=sys.stderr)
        return 2
    serve(settings)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
