"""The demo installation: the demo record, and an account for every person in it.

Demo passwords exist only here, for a registre this module created; a real
installation starts with `python -m server invite <e-mail>` instead.
"""

from __future__ import annotations

from interpellations.demo.build import build_demo
from interpellations.record.loading import load_record
from interpellations.settings import Settings
from server.accounts import Accounts

DEMO_PASSWORD = "hautvallon-demo"  # noqa: S105 - a published password for fictional people


def create_demo(settings: Settings) -> None:
    """Found the demo registre and give each of its people the demo password."""
    store = build_demo(settings.data, base_url=str(settings.base_url))
    accounts = Accounts(settings.accounts_path)
    try:
        for member in load_record(store.snapshot()).members:
            accounts.set_password(member.email, DEMO_PASSWORD)
            accounts.set_language(member.email, member.language)
    finally:
        accounts.close()
        store.close()
