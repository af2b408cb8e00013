"""The reading pages on the real demo record: list, interpellation, versions, differences."""

from __future__ import annotations

import html
import itertools
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ASSOCIATIVE, COORDINATOR, CPAS, HOUSING_DRAFTER, PRESIDENT, log_in, status_of
from litestar.testing import TestClient

from interpellations.acts.committee import (
    record_decision,
    withdraw_interpellation,
    withdraw_objection,
)
from interpellations.acts.drafting import edit_texts
from interpellations.index.index import Index
from interpellations.record.ids import InterpellationId
from interpellations.record.interpellation import load_interpellation
from interpellations.record.loading import load_record
from interpellations.record.model import Language, ObjectionEvent, Outcome, Side
from interpellations.record.store import Store
from interpellations.settings import Settings
from server.app import create_app
from server.auth import SESSION_COOKIE

HOUSING = InterpellationId(2025, "logements-vides")
AMU = InterpellationId(2026, "aide-medicale-urgente")
GP = InterpellationId(2025, "acces-medecin-generaliste")


def _log_in(client: TestClient, email: str) -> None:  # type: ignore[type-arg]
    """Open a session for a member: the reading pages are for logged-in members."""
    accounts = client.app.state["service"].accounts
    accounts.set_password(email, "une phrase de passe de test")
    client.cookies.set(SESSION_COOKIE, accounts.open_session(email))


@pytest.fixture
def client(demo_store: Store, tmp_path: Path) -> Iterator[TestClient]:  # type: ignore[type-arg]
    settings = Settings(data=demo_store.path, index=tmp_path / "index.sqlite")
    with TestClient(create_app(settings)) as test_client:
        _log_in(test_client, COORDINATOR)
        yield test_client


def text_of(page: str) -> str:
    """The page as read: tags removed, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def section(page: str, anchor: str) -> str:
    """The HTML of one part of the page: from its `<section id=…>` to the next one."""
    start = page.index(f'<section id="{anchor}"')
    ends = [page.find(mark, start + 1) for mark in ('<section id="', "</main>")]
    return page[start : min(end for end in ends if end > 0)]


def expected_tally(store: Store, iid: InterpellationId) -> str:
    snapshot = store.snapshot()
    status = status_of(load_record(snapshot), load_interpellation(snapshot, iid))
    cpas, assoc = status.sides[Side.CPAS], status.sides[Side.ASSOCIATIVE]
    return f"CPAS {cpas.count}/{cpas.quorum} · associatif {assoc.count}/{assoc.quorum}"


def list_table(page: str) -> str:
    """The list itself, without the agenda above it (which links texts too)."""
    return page[page.index('<table class="list"') :]


def test_the_list_says_where_each_side_stands(client: TestClient, demo_store: Store) -> None:  # type: ignore[type-arg]
    page = list_table(client.get("/").text)
    for iid, shown in [
        (HOUSING, "CPAS 3/3 · associatif 3/3"),
        (GP, "CPAS 2/3 · associatif 3/3"),
        (AMU, "CPAS 2/3 · associatif 1/3"),
    ]:
        assert expected_tally(demo_store, iid) == shown
        row = page[page.index(f'href="/interpellations/{iid}"') :]
        assert shown in row[: row.index("</tr>")]
    assert "1 objection ouverte" in text_of(page)


def test_the_list_filters_by_year(client: TestClient) -> None:  # type: ignore[type-arg]
    page = client.get("/").text
    assert '<option value="2025">2025</option>' in page
    assert '<option value="2026">2026</option>' in page
    of_2025 = client.get("/", params={"year": "2025"}).text
    assert '<option value="2025" selected>2025</option>' in of_2025
    assert "/interpellations/2025/logements-vides" in list_table(of_2025)
    assert "/interpellations/2026/" not in list_table(of_2025)
    assert "3 interpellations affichées sur 12" in of_2025
    every = client.get("/", params={"year": ""}).text
    assert "12 interpellations affichées sur 12" in every


def test_the_index_keeps_the_counts_of_the_rule(demo_store: Store, tmp_path: Path) -> None:
    index = Index(tmp_path / "index.sqlite", demo_store)
    index.sync()
    tallies = {s.id: s.tallies for s in index.search(limit=50)}
    index.close()
    snapshot = demo_store.snapshot()
    record = load_record(snapshot)
    for key, tally in tallies.items():
        status = status_of(record, load_interpellation(snapshot, InterpellationId.parse(key)))
        assert [(t.side, t.signed, t.quorum) for t in tally] == [
            (s.side.value, s.count, s.quorum) for s in status.sides.values()
        ]


def test_an_index_of_an_older_release_is_rebuilt(demo_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    index = Index(path, demo_store)
    index.sync()
    index.close()
    with sqlite3.connect(path) as db:  # as release 1 left it: no counts, older schema
        for column in ("cpas_signed", "cpas_quorum", "associatif_signed", "associatif_quorum"):
            db.execute(f"ALTER TABLE interpellations DROP COLUMN {column}")
        db.execute("UPDATE meta SET value = '1' WHERE key = 'schema'")
    again = Index(path, demo_store)
    assert again.sync().rebuilt  # same head, but another schema: rebuilt all the same
    housing = next(s for s in again.search(limit=50) if s.id == str(HOUSING))
    assert [(t.signed, t.quorum) for t in housing.tallies] == [(3, 3), (3, 3)]
    assert not again.sync().rebuilt
    again.close()


def test_the_approved_text_shows_its_six_signatories_by_side(client: TestClient) -> None:  # type: ignore[type-arg]
    page = client.get(f"/interpellations/{HOUSING}").text
    standing = text_of(section(page, "etat"))
    assert "approuvé par le comité de pilotage le" in standing
    panel = section(page, "signatures")
    cpas = text_of(panel[panel.index('id="side-cpas"') : panel.index('id="side-associatif"')])
    assoc = text_of(panel[panel.index('id="side-associatif"') :])
    for name in ("Martine Lenoir", "Patrick Vandamme", "Nadia El Amrani"):
        assert name in cpas and name not in assoc
    for name in ("Marie-Claire Janssens", "Samira Haddad", "Pierre Lambert"):
        assert name in assoc and name not in cpas
    assert "Côté CPAS 3/3" in cpas and "Quorum atteint." in cpas
    assert "10 nov. 2025" in cpas  # Martine Lenoir's signature, Belgian date
    # sitting members today who did not sign this text
    assert "pas encore signé : Jean-Marc Deprez, Sofie Claes" in cpas
    assert "pas encore signé : Bram Peeters" in assoc


def test_a_substitute_is_marked_and_the_reason_says_what_is_missing(client: TestClient) -> None:  # type: ignore[type-arg]
    page = client.get(f"/interpellations/{AMU}").text
    panel = text_of(section(page, "signatures"))
    assert "Isabelle Moreau suppléant·e" in panel
    assert "Jean-Marc Deprez membre siégeant" in panel
    standing = text_of(section(page, "etat"))
    assert "Côté CPAS : 2 signature(s) valable(s) sur 3 requises — il manque 1 signature(s)" in (
        standing
    )
    assert "Côté associatif : 1 signature(s) valable(s) sur 3 requises — il manque 2" in standing
    assert "L'objection de Nadia El Amrani bloque l'approbation" in standing


def test_the_open_objection_and_its_answer(client: TestClient) -> None:  # type: ignore[type-arg]
    page = client.get(f"/interpellations/{AMU}").text
    objections = text_of(section(page, "objections"))
    assert "Objection de Nadia El Amrani" in objections
    assert "ouverte, bloque l'approbation" in objections
    assert "section « Propositions »" in objections
    assert "engage le budget du CPAS" in objections
    assert "Réponse de Youssef Benali" in objections
    assert "étudier, avec le conseil de l'action sociale" in objections


def test_a_committee_decision_and_a_withdrawal_in_the_objection_thread(
    client: TestClient,  # type: ignore[type-arg]
    demo_store: Store,
) -> None:
    events = load_interpellation(demo_store.snapshot(), AMU).journal.events
    objection = next(e for e in events if isinstance(e, ObjectionEvent))
    present = [*CPAS[:3], *ASSOCIATIVE[:3]]
    record_decision(
        demo_store, PRESIDENT, AMU, objection.id, Outcome.MAINTAINED, present, "Entendu."
    )
    page = client.get(f"/interpellations/{AMU}").text
    thread = text_of(section(page, "objections"))
    assert "maintenue par le comité, bloque l'approbation" in thread
    assert "Décision du comité : objection maintenue" in thread
    assert "consignée par Martine Lenoir" in thread
    assert "Présents côté CPAS : Martine Lenoir, Jean-Marc Deprez, Sofie Claes" in thread
    assert "Présents côté associatif : Marie-Claire Janssens, Pierre Lambert, Samira Haddad" in (
        thread
    )
    assert "Le comité de pilotage a maintenu l'objection de Nadia El Amrani" in text_of(
        section(page, "etat")
    )
    withdraw_objection(demo_store, objection.by, AMU, objection.id)
    page = client.get(f"/interpellations/{AMU}").text
    assert "retirée par son auteur" in text_of(section(page, "objections"))
    assert "bloque l'approbation" not in text_of(section(page, "etat"))
    assert "objection ouverte" not in text_of(client.get("/").text)


def test_a_change_of_text_sets_the_earlier_signatures_apart(
    client: TestClient,  # type: ignore[type-arg]
    demo_store: Store,
) -> None:
    raw = load_interpellation(demo_store.snapshot(), GP).files["texte.fr.md"].decode()
    edited = raw.replace("## Avis\n\n", "## Avis\n\nUne phrase de plus.\n\n", 1)
    edit_texts(demo_store, COORDINATOR, GP, {Language.FR: edited}, demo_store.head(), "Précise")
    page = client.get(f"/interpellations/{GP}").text
    assert "Le texte a changé depuis certaines signatures" in text_of(section(page, "etat"))
    panel = text_of(section(page, "signatures"))
    assert panel.count("Aucune signature valable pour ce texte.") == 2
    earlier = panel[panel.index("Signatures données à une version antérieure") :]
    for name in ("Pierre Lambert", "Martine Lenoir", "Bram Peeters", "Jean-Marc Deprez"):
        assert name in earlier
    assert "CPAS 0/3 · associatif 0/3" in client.get("/").text


def test_a_draft_and_a_withdrawn_interpellation_say_where_they_stand(
    client: TestClient,  # type: ignore[type-arg]
    demo_store: Store,
) -> None:
    deposit = InterpellationId(2026, "garantie-locative")
    draft = client.get(f"/interpellations/{deposit}").text
    assert "n'a pas encore été soumis au comité de pilotage" in text_of(section(draft, "etat"))
    assert 'id="signatures"' not in draft  # no signature panel before submission
    withdraw_interpellation(demo_store, COORDINATOR, deposit, "Reprise dans un texte commun")
    withdrawn = text_of(section(client.get(f"/interpellations/{deposit}").text, "etat"))
    assert "L'interpellation a été retirée le" in withdrawn
    assert "Raison : Reprise dans un texte commun" in withdrawn


def housing_versions(store: Store) -> list[str]:
    """The versions of the housing interpellation, oldest first, as git tells them."""
    return [
        c.version for c in store.commits() if any(p.startswith(HOUSING.folder) for p in c.paths)
    ]


def test_the_history_links_each_version_and_its_difference(
    client: TestClient,  # type: ignore[type-arg]
    demo_store: Store,
) -> None:
    versions = housing_versions(demo_store)
    history = section(client.get(f"/interpellations/{HOUSING}").text, "historique")
    assert f"{len(versions)} versions" in text_of(history)
    assert "pagina" not in history and "page 1 sur" not in history  # one page only
    for older, newer in itertools.pairwise(versions):
        assert f"/version/{newer}" in history
        assert f"/diff?from={older}&amp;to={newer}" in history
    assert f"/version/{versions[0]}" in history
    assert f"to={versions[0]}" not in history  # the creation has nothing before it


def test_the_history_is_paginated(
    client: TestClient,  # type: ignore[type-arg]
    demo_store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("server.page_contexts.history.HISTORY_PAGE_SIZE", 5)
    newest_first = housing_versions(demo_store)[::-1]
    pages = -(-len(newest_first) // 5)
    second = section(client.get(f"/interpellations/{HOUSING}?page=2").text, "historique")
    shown = re.findall(r"/version/([0-9a-f]{40})", second)
    assert shown == newest_first[5:10]
    assert f"page 2 sur {pages}" in text_of(second)
    assert 'href="?page=1#historique"' in second and 'href="?page=3#historique"' in second
    beyond = section(client.get(f"/interpellations/{HOUSING}?page=99").text, "historique")
    assert re.findall(r"/version/([0-9a-f]{40})", beyond) == newest_first[5 * (pages - 1) :]
    assert client.get(f"/interpellations/{HOUSING}", params={"page": "x"}).status_code == 200


def test_the_difference_between_two_real_versions(client: TestClient, demo_store: Store) -> None:  # type: ignore[type-arg]
    edits = [
        c
        for c in demo_store.commits()
        if c.trailers.get("Interpellation") == str(HOUSING) and c.trailers.get("Action") == "edit"
    ]
    first_edit = edits[0]  # "Précise le résultat des repérages de terrain"
    parent = demo_store.repo.git.rev_parse(f"{first_edit.version}^")
    page = client.get(
        f"/interpellations/{HOUSING}/diff",
        params={"from": parent, "to": first_edit.version},
    )
    assert page.status_code == 200
    deleted = re.findall(r"<del>(.*?)</del>", page.text, re.S)
    inserted = re.findall(r"<ins>(.*?)</ins>", page.text, re.S)
    assert any("une soixantaine" in text_of(d) for d in deleted)
    assert any("soixante-trois" in text_of(i) for i in inserted)
    assert any("rue de la Station" in text_of(i) for i in inserted)
    assert f'<option value="{first_edit.version}" selected>' in page.text


def selected(page: str, name: str) -> str:
    """The value selected in one `<select name=…>` of a form."""
    select = page[page.index(f'name="{name}"') :]
    select = select[: select.index("</select>")]
    found = re.search(r'<option value="([0-9a-f]+)" selected>', select)
    assert found, name
    return found.group(1)


def test_the_default_difference_is_the_last_change_of_the_text(
    client: TestClient,  # type: ignore[type-arg]
    demo_store: Store,
) -> None:
    commits = [c for c in demo_store.commits() if c.trailers.get("Interpellation") == str(HOUSING)]
    dutch = next(c for c in commits if c.subject.startswith("Ajoute la version néerlandaise"))
    before_dutch = commits[commits.index(dutch) - 1]
    page = client.get(f"/interpellations/{HOUSING}/diff").text
    assert (selected(page, "from"), selected(page, "to")) == (
        before_dutch.version,
        commits[-1].version,  # the latest version: a signature, same text as the Dutch edit
    )
    french, dutch_part = page[page.index('id="diff-fr"') :].split('id="diff-nl"')
    assert "<del>" not in french and "<ins>" not in french
    assert "Leegstaande gebouwen" in "".join(re.findall(r"<ins>(.*?)</ins>", dutch_part, re.S))


@pytest.mark.parametrize("forged", ["../x", "--all", "HEAD", "main", "0" * 40, "abc", "a" * 41])
def test_a_forged_version_is_not_found(client: TestClient, forged: str) -> None:  # type: ignore[type-arg]
    for response in (
        client.get(f"/interpellations/{HOUSING}/diff", params={"from": forged}),
        client.get(f"/interpellations/{HOUSING}/diff", params={"to": forged}),
        client.get(f"/interpellations/{HOUSING}/version/{forged}"),
    ):
        assert response.status_code == 404, (forged, response.url)
        assert "Page introuvable" in response.text


def test_an_old_version_shows_the_text_as_it_was(client: TestClient, demo_store: Store) -> None:  # type: ignore[type-arg]
    created = next(
        c
        for c in demo_store.commits()
        if c.trailers.get("Interpellation") == str(HOUSING) and c.trailers.get("Action") == "create"
    )
    page = client.get(f"/interpellations/{HOUSING}/version/{created.version[:10]}").text
    assert "une soixantaine d'immeubles" in page
    assert "soixante-trois" not in page
    assert "Texte néerlandais" not in page  # added later
    assert "Brouillon" in page
    assert f"diff?from={created.version}&amp;to=" in page


def test_user_text_is_escaped_in_the_difference(
    client: TestClient,  # type: ignore[type-arg]
    demo_store: Store,
) -> None:
    read = load_interpellation(demo_store.snapshot(), GP)
    raw = read.files["texte.fr.md"].decode()
    edited = raw.replace("## Avis\n\n", "## Avis\n\n<script>alert(1)</script> & co\n\n", 1)
    edit_texts(demo_store, COORDINATOR, GP, {Language.FR: edited}, demo_store.head(), "Essai")
    page = client.get(f"/interpellations/{GP}/diff").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_pages_in_dutch(client: TestClient) -> None:  # type: ignore[type-arg]
    client.get("/langue/nl", params={"next": "/"})
    listing = client.get("/").text
    assert '<html lang="nl">' in listing
    assert "OCMW 2/3 · verenigingen 3/3" in listing
    page = client.get(f"/interpellations/{AMU}").text
    standing = text_of(section(page, "etat"))
    assert "Kant OCMW: 2 geldige handtekening(en)" in standing
    assert "Nadia El Amrani" in standing and "bezwaar" in standing.lower()
    assert "Handtekeningen per kant" in page
    diff = client.get(f"/interpellations/{HOUSING}/diff").text
    assert "Wat er veranderd is in" in diff
    missing = client.get(f"/interpellations/{HOUSING}/version/HEAD")
    assert missing.status_code == 404 and "Pagina niet gevonden" in missing.text


def test_the_home_page_says_what_waits_for_each_person(anonymous: TestClient) -> None:  # type: ignore[type-arg]
    log_in(anonymous, CPAS[2])  # sits for the CPAS side, has signed nothing
    page = anonymous.get("/").text
    assert "Ce qui vous attend" in page and "Textes à signer pour votre côté" in page
    waiting = page.split("Textes à signer pour votre côté", 1)[1].split("</ul>", 1)[0]
    assert "Aide médicale urgente" in waiting  # submitted, the CPAS side lacks one signature
    assert "Immeubles vides" not in waiting  # already approved
    objections = page.split("Objections ouvertes", 1)[1].split("</ul>", 1)[0]
    assert "carte médicale" in objections
    anonymous.cookies.clear()
    log_in(anonymous, HOUSING_DRAFTER)  # no seat: nothing to sign, comments of the group
    page = anonymous.get("/").text
    assert "Textes à signer pour votre côté" not in page
