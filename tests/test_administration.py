"""Administering in the browser: a registre made by `init` completed until it can be used.

Through the service's real forms: each change is one commit by the coordinator
(`Action: administer`, `Via: web`), checked as `check` checks the files; a change
that would break the record is refused with its file, line and sentence, the
branch unchanged and the typed values kept. A disabled account's sessions stop.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DEMO_PASSWORD, csrf_token, log_in, web_settings
from coordination import COORDINATOR, DRAFTER
from gitcheck import git_log
from litestar.testing import TestClient

from interpellations.acts.administration import administer, end_mandate
from interpellations.record.loading import MEMBERS_FILE, load_record
from interpellations.record.model import Language
from interpellations.record.store import Store
from server.app import create_app

Client = TestClient  # type: ignore[type-arg]
FOUNDER = "camille.dupont@coordination.example"


@pytest.fixture
def founded(tmp_path: Path) -> Iterator[tuple[Client, Store]]:
    """A registre made by the real `init` command, its founder logged in."""
    data = tmp_path / "registre"
    subprocess.run(
        [sys.executable, "-m", "interpellations", "init", "--data", str(data), "--as", FOUNDER,
         "--name", "Camille Dupont", "--coordination", "Coordination sociale de Valbrune",
         "--place", "Valbrune", "--prefix", "CSV"],
        check=True, capture_output=True,
    )  # fmt: skip
    store = Store.open(data)
    settings = web_settings(store, tmp_path)
    with TestClient(create_app(settings)) as client:
        assert log_in(client, FOUNDER).status_code == 303
        yield client, store
    store.close()


def _post(client: Client, path: str, form: str, data: dict[str, object]) -> object:
    return client.post(path, data={"_csrf_token": csrf_token(client, form), **data})


def test_a_coordinator_completes_a_registre_made_by_init(founded: tuple[Client, Store]) -> None:
    client, store = founded
    new = client.get("/interpellations/nouvelle").text
    assert "L'annuaire des autorités est vide" in html.unescape(new)
    authority = {
        "title_fr": "Collège communal de Valbrune",
        "title_nl": "College van Valbrune",
        "address": "Place communale 1\n1000 Valbrune",
        "email": "college@valbrune.example",
        "language": "fr",
        "salutation_fr": "Mesdames, Messieurs,",
        "salutation_nl": "Geachte dames en heren,",
        "closing_fr": "Veuillez agréer nos salutations distinguées.",
        "closing_nl": "Met de meeste hoogachting,",
    }
    page = "/administration/autorites"
    answer = client.post(page, data={"_csrf_token": csrf_token(client, page), **authority})
    assert answer.status_code == 200 and "Collège communal de Valbrune" in answer.text
    entry = git_log(store.path)[0]
    assert entry.author[1] == FOUNDER and entry.trailers["Action"] == "administer"
    assert entry.trailers["Via"] == "web"
    member = {
        "name": "Dominique Lambert",
        "email": "dominique.lambert@asbl.example",
        "side": "associatif",
        "function": "Coordinatrice",
        "organisation": "ASBL Horizon",
        "function_nl": "Coördinatrice",
        "organisation_nl": "vzw Horizon",
        "language": "nl",
        "roles": ["membre"],
        "groups": ["gt-general"],
    }
    page = "/administration/membres"
    answer = client.post(page, data={"_csrf_token": csrf_token(client, page), **member})
    assert "/administration/membres/dominique-lambert" in str(answer.url)
    assert "Envoyer une invitation à dominique.lambert@asbl.example" in answer.text
    added = load_record(store.snapshot()).member("dominique.lambert@asbl.example")
    assert added is not None and added.organisation_in(Language.NL) == "vzw Horizon"
    seats = client.get("/administration/coordination").text
    assert 'name="seats_per_side"' in seats
    page = "/administration/coordination"
    form = {
        "name_fr": "Coordination sociale de Valbrune",
        "name_nl": "Sociale coördinatie van Valbrune",
        "address": "Rue de l'Église 3\n1000 Valbrune",
        "place_fr": "Valbrune",
        "place_nl": "Valbrune",
        "reference_prefix": "CSV",
        "seats_per_side": "4",
        "quorum_per_side": "3",
        "answer_delay_days": "60",
    }
    answer = client.post(page, data={"_csrf_token": csrf_token(client, page), **form})
    assert answer.status_code == 200
    assert load_record(store.snapshot()).coordination.name.nl == "Sociale coördinatie van Valbrune"
    page = "/interpellations/nouvelle"
    created = {
        "title": "Une première interpellation",
        "theme": "general",
        "group": "gt-general",
        "addressees": ["college-communal-de-valbrune"],
    }
    answer = client.post(page, data={"_csrf_token": csrf_token(client, page), **created})
    assert answer.status_code == 200 and "Enregistrer la version" in answer.text
    assert len(git_log(store.path)) == 5  # founded, authority, member, details, created


def test_a_change_that_would_break_the_record_is_refused_with_its_line(
    founded: tuple[Client, Store],
) -> None:
    client, store = founded
    head = store.head()
    page = "/administration/coordination"
    form = client.get(page).text
    values = {"reference_prefix": "CSV", "name_fr": "Ma coordination", "name_nl": "Mijn",
              "place_fr": "Valbrune", "place_nl": "Valbrune", "address": "Valbrune",
              "seats_per_side": "4", "quorum_per_side": "9", "answer_delay_days": "60"}  # fmt: skip
    answer = client.post(page, data={"_csrf_token": csrf_token(client, page), **values})
    assert answer.status_code == 422
    shown = html.unescape(answer.text)
    assert "coordination.yaml:" in shown and 'value="Ma coordination"' in shown
    assert store.head() == head and form
    page = "/administration/fichiers/membres"
    raw = "members:\n  - id: x\n    name: [unclosed\n"
    answer = client.post(page, data={"_csrf_token": csrf_token(client, page), "raw": raw})
    assert answer.status_code == 422
    shown = html.unescape(answer.text)
    assert "membres.yaml:4: Le YAML est mal formé" in shown and "name: [unclosed" in shown
    assert store.head() == head


def test_administration_is_for_coordinators(visitor: Client) -> None:
    assert log_in(visitor, DRAFTER).status_code == 303
    assert visitor.get("/administration/").status_code == 403
    answer = visitor.post("/administration/membres", data={"_csrf_token": csrf_token(visitor)})
    assert answer.status_code == 403


def test_a_disabled_account_stops_working_at_once(visitor: Client) -> None:
    assert log_in(visitor, DRAFTER).status_code == 303
    drafter_session = visitor.cookies["session"]
    token = visitor.post("/api/session", json={"email": DRAFTER, "password": DEMO_PASSWORD})
    bearer = {"Authorization": f"Bearer {token.json()['token']}"}
    assert visitor.get("/api/interpellations", headers=bearer).status_code == 200
    assert log_in(visitor, COORDINATOR).status_code == 303
    page = "/administration/membres/hugo-petit"
    assert "Désactiver le compte" in visitor.get(page).text
    done = visitor.post(page + "/compte", data={"_csrf_token": csrf_token(visitor, page)})
    assert "Le compte est désactivé" in html.unescape(done.text)
    page = "/administration/membres/gaelle-simon"  # the coordinator's own account
    kept = visitor.post(page + "/compte", data={"_csrf_token": csrf_token(visitor, page)})
    assert "Vous ne pouvez pas désactiver votre propre compte" in html.unescape(kept.text)
    visitor.cookies.set("session", drafter_session)
    assert visitor.get("/", follow_redirects=False).status_code == 303  # to the login page
    assert visitor.get("/api/interpellations", headers=bearer).status_code == 401
    assert log_in(visitor, DRAFTER).status_code == 401


def test_a_form_over_a_file_changed_since_is_refused_and_keeps_what_was_typed(
    visitor: Client, registre: Store
) -> None:
    assert log_in(visitor, COORDINATOR).status_code == 303
    page = "/administration/membres/hugo-petit"
    shown = visitor.get(page).text
    seen = re.search(r'name="seen" value="([0-9a-f]{64})"', shown)
    assert seen is not None
    # meanwhile another coordinator ends this member's mandate
    ended = end_mandate("hugo-petit", dt.date(2026, 12, 31))
    administer(registre, COORDINATOR, MEMBERS_FILE, ended, "Met fin au mandat")
    head = registre.head()
    form = {"_csrf_token": csrf_token(visitor, page), "seen": seen[1], "name": "Hugo Petit",
            "email": DRAFTER, "side": "cpas", "function": "Fonction retapée",
            "organisation": "CPAS de Valbrune", "groups": ["gt-logement"]}  # fmt: skip
    answer = visitor.post(page, data=form)
    assert answer.status_code == 409
    text = html.unescape(answer.text)
    assert "Quelqu'un a modifié membres.yaml depuis l'ouverture de ce formulaire" in text
    assert 'value="Fonction retapée"' in text
    assert registre.head() == head


def test_the_letterhead_takes_contact_lines_and_a_dutch_address(
    founded: tuple[Client, Store],
) -> None:
    client, store = founded
    page = "/administration/coordination"
    values = {"reference_prefix": "CSV", "name_fr": "Coordination sociale de Valbrune",
              "name_nl": "Sociale Coördinatie Valbrune", "place_fr": "Valbrune",
              "place_nl": "Valbrune", "address": "Rue du Marché 3\n1299 Valbrune",
              "address_nl": "Marktstraat 3\n1299 Valbrune", "email": "info@csv.example",
              "phone": "02 555 01 99", "enterprise_number": "0999.123.457",
              "seats_per_side": "4", "quorum_per_side": "3", "answer_delay_days": "60"}  # fmt: skip
    head = store.head()
    wrong = client.post(
        page,
        data={"_csrf_token": csrf_token(client, page), **values, "enterprise_number": "999123"},
    )
    assert wrong.status_code == 422 and store.head() == head
    shown = html.unescape(wrong.text)
    assert 'value="999123"' in shown and "Marktstraat 3\n1299 Valbrune" in shown  # as typed
    mistyped = {**values, "enterprise_number": "0999.123.456"}  # its check digits are 57
    answer = client.post(page, data={"_csrf_token": csrf_token(client, page), **mistyped})
    assert answer.status_code == 422 and store.head() == head
    assert "Vérifiez le champ « Numéro d'entreprise »" in html.unescape(answer.text)

    answer = client.post(page, data={"_csrf_token": csrf_token(client, page), **values})
    assert answer.status_code == 200
    coordination = load_record(store.snapshot()).coordination
    assert coordination.address.lines_nl == ["Marktstraat 3", "1299 Valbrune"]
    assert (coordination.email, coordination.phone, coordination.enterprise_number) == (
        "info@csv.example",
        "02 555 01 99",
        "0999.123.457",
    )
    again = html.unescape(client.get(page).text)
    assert 'value="0999.123.457"' in again and "Marktstraat 3\n1299 Valbrune" in again
