"""The reading pages on the tests' own registre: list, interpellation, versions, differences.

Every expected value is written down from what `registre.py` builds (who signed
what, when, in which state); a situation the registre does not have is made here
through the acts, before the page is read. Today is the real date (2026-11-29 or
later) unless a test fixes the time.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import re
import sqlite3
from pathlib import Path

import pytest
from conftest import log_in
from coordination import (
    ASSOCIATIVE,
    COORDINATOR,
    CPAS,
    CPAS_SUBSTITUTE,
    DRAFTER,
    ENDED,
    OUTSIDER,
    PRESIDENT,
)
from gitcheck import LogEntry, git_log, hand_commit
from litestar.testing import TestClient
from registre import DEPOSIT, EVICTIONS, HEALTH, HOUSING, RENTS, at, text_id

from interpellations.acts.committee import (
    answer_objection,
    record_decision,
    sign,
    submit,
    withdraw_objection,
)
from interpellations.acts.drafting import create_interpellation, edit_texts
from interpellations.clock import fixed_time, now
from interpellations.index.index import Index
from interpellations.reading.listing import Filters, list_interpellations
from interpellations.record.ids import InterpellationId
from interpellations.record.interpellation import load_interpellation
from interpellations.record.model import FrontMatter, Language, ObjectionEvent, Outcome, Side
from interpellations.record.store import Store

Client = TestClient  # type: ignore[type-arg]


@pytest.fixture
def coordinator(visitor: Client) -> Client:
    """A browser on the registre's service, logged in as its coordinator, Gaëlle Simon."""
    assert log_in(visitor, COORDINATOR).status_code == 303
    return visitor


def text_of(page: str) -> str:
    """The page as read: tags removed, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def section(page: str, anchor: str) -> str:
    """The HTML of one part of the page: from its `<section id=…>` to the next one."""
    start = page.index(f'<section id="{anchor}"')
    ends = [page.find(mark, start + 1) for mark in ('<section id="', "</main>")]
    return page[start : min(end for end in ends if end > 0)]


def sides(page: str) -> tuple[str, str]:
    """The signature panel's CPAS side and associative side, as read."""
    panel = section(page, "signatures")
    cpas = panel[panel.index('id="side-cpas"') : panel.index('id="side-associatif"')]
    return text_of(cpas), text_of(panel[panel.index('id="side-associatif"') :])


def list_table(page: str) -> str:
    """The list itself, without the agenda above it (which links texts too)."""
    return page[page.index('<table class="list"') :]


def row(page: str, iid: InterpellationId) -> str:
    """The line of one interpellation in the list, as read."""
    rest = list_table(page)
    rest = rest[rest.index(f'href="/interpellations/{iid}"') :]
    return text_of(rest[: rest.index("</tr>")])


def commits_of(store: Store, iid: InterpellationId) -> list[LogEntry]:
    """The commits of one interpellation, newest first, as `git log` tells them."""
    return [e for e in git_log(store.path) if e.trailers.get("Interpellation") == str(iid)]


def commit_of(store: Store, iid: InterpellationId, action: str) -> LogEntry:
    """The first commit of one action on one interpellation (by its `Action` trailer)."""
    return [e for e in commits_of(store, iid) if e.trailers["Action"] == action][-1]


def open_objection(store: Store) -> ObjectionEvent:
    """Chloé Dupont's objection on the deposit text, as its journal holds it."""
    events = load_interpellation(store.snapshot(), DEPOSIT).journal.events
    return next(e for e in events if isinstance(e, ObjectionEvent))


def _new_text(store: Store, slug: str, title: str, day: str) -> InterpellationId:
    """A housing text of the drafter's, created and submitted on `day`."""
    front = FrontMatter(
        title=title,
        theme="logement",
        group="gt-logement",
        addressees=["college-valbrune"],
        copies=[],
    )
    sections = {
        "constats": f"Les travailleurs sociaux constatent {title.lower()}.",
        "avis": "La coordination estime qu'une réponse est nécessaire.",
        "propositions": "1. Réunir les services concernés.",
    }
    with fixed_time(at(day)):
        iid, _ = create_interpellation(store, DRAFTER, front, sections, slug=slug)
    with fixed_time(at(day, 11)):
        submit(store, DRAFTER, iid)
    return iid


def _sign(store: Store, iid: InterpellationId, people: list[str], day: str) -> None:
    """Each of `people` signs the current text on `day`, an hour apart from noon."""
    for hour, person in enumerate(people, start=12):
        with fixed_time(at(day, hour)):
            sign(store, person, iid, text_id(store, iid))


# -- the list ----------------------------------------------------------------------------


def test_the_list_says_where_each_side_stands(coordinator: Client) -> None:
    page = coordinator.get("/").text
    assert "Logements vides FR · NL Approuvée CPAS 3/3 · associatif 3/3" in row(page, HOUSING)
    deposit = row(page, DEPOSIT)
    assert "Soumise au comité CPAS 2/3 · associatif 3/3" in deposit
    assert "1 objection ouverte" in deposit
    # approved, then edited: the signatures of the earlier text no longer count
    assert "Soumise au comité CPAS 0/3 · associatif 0/3" in row(page, RENTS)
    # a draft and a withdrawn text have no count
    for iid, state in [(HEALTH, "Brouillon"), (EVICTIONS, "Retirée")]:
        assert state in row(page, iid) and "/3" not in row(page, iid)
    assert text_of(list_table(page)).count("objection ouverte") == 1


def test_the_list_filters_by_year_state_theme_and_authority(coordinator: Client) -> None:
    page = coordinator.get("/").text
    assert '<option value="2025">2025</option>' in page
    assert '<option value="2026">2026</option>' in page
    assert "5 interpellations affichées sur 5" in page
    of_2025 = coordinator.get("/", params={"year": "2025"}).text
    assert '<option value="2025" selected>2025</option>' in of_2025
    assert "/interpellations/2025/logements-vides" in list_table(of_2025)
    assert "/interpellations/2026/" not in list_table(of_2025)
    assert "1 interpellation affichée sur 5" in of_2025
    assert "4 interpellations affichées sur 5" in coordinator.get("/?year=2026").text
    assert "5 interpellations affichées sur 5" in coordinator.get("/?year=").text
    submitted = list_table(coordinator.get("/", params={"state": "submitted"}).text)
    assert re.findall(r'href="/interpellations/([^"]+)"', submitted) == [str(RENTS), str(DEPOSIT)]
    health = list_table(coordinator.get("/", params={"theme": "sante"}).text)
    assert re.findall(r'href="/interpellations/([^"]+)"', health) == [str(HEALTH)]
    nowhere = coordinator.get("/", params={"authority": "ministre-logement"}).text
    assert "Aucune interpellation ne correspond à ces critères." in nowhere


def test_no_result_is_counted_in_the_french_singular(coordinator: Client) -> None:
    nowhere = coordinator.get("/", params={"authority": "ministre-logement"}).text
    assert "0 interpellation affichée sur 5" in nowhere


def test_the_list_counts_each_side_from_the_index_as_of_the_day(
    registre: Store, tmp_path: Path
) -> None:
    """The index keeps the facts; the counts are asked of the day the list is read."""
    heating = _new_text(registre, "chauffage", "Aides au chauffage", "2026-06-15")
    _sign(registre, heating, [ENDED], "2026-06-20")  # Franck Moreau, sitting until 30 June
    energy = _new_text(registre, "energie", "Précarité énergétique", "2026-10-01")
    _sign(registre, energy, [*CPAS[:3], CPAS_SUBSTITUTE], "2026-10-02")  # and Emma Claes
    index = Index(tmp_path / "index.sqlite", registre)
    index.sync()

    def counts(day: dt.date) -> dict[str, list[tuple[Side, int, int]]]:
        lines = list_interpellations(registre, index, Filters(), day, limit=50)
        return {line.id: [(t.side, t.signed, t.quorum) for t in line.tallies] for line in lines}

    assert counts(now().date()) == {
        str(HOUSING): [(Side.CPAS, 3, 3), (Side.ASSOCIATIVE, 3, 3)],
        str(DEPOSIT): [(Side.CPAS, 2, 3), (Side.ASSOCIATIVE, 3, 3)],
        str(RENTS): [(Side.CPAS, 0, 3), (Side.ASSOCIATIVE, 0, 3)],
        # Franck Moreau sat the day he signed: his signature keeps counting
        str(heating): [(Side.CPAS, 1, 3), (Side.ASSOCIATIVE, 0, 3)],
        # Emma Claes counts in place of David Renard, who sits and has not signed
        str(energy): [(Side.CPAS, 4, 3), (Side.ASSOCIATIVE, 0, 3)],
        str(HEALTH): [],
        str(EVICTIONS): [],
    }
    # David Renard's mandate ends on 30 June 2027: from then on every sitting member of
    # the CPAS side has signed the energy text, and the substitute no longer counts
    later = counts(dt.date(2027, 7, 1))
    index.close()
    assert later[str(energy)] == [(Side.CPAS, 3, 3), (Side.ASSOCIATIVE, 0, 3)]
    assert later[str(heating)] == [(Side.CPAS, 1, 3), (Side.ASSOCIATIVE, 0, 3)]


def test_an_index_of_an_older_release_is_rebuilt(registre: Store, tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    index = Index(path, registre)
    index.sync()
    index.close()
    with sqlite3.connect(path) as db:  # as release 3 left it: counts kept, no approvals
        db.execute("ALTER TABLE interpellations ADD COLUMN cpas_signed INTEGER")
        db.execute("DROP TABLE approvals")
        db.execute("UPDATE meta SET value = '3' WHERE key = 'schema'")
    again = Index(path, registre)
    assert again.sync().rebuilt  # same head, but another schema: rebuilt all the same
    housing = next(s for s in again.search(limit=50) if s.id == str(HOUSING))
    assert [(a.side, a.quorum, a.signers) for a in housing.approval] == [
        (Side.CPAS, 3, (CPAS[0], CPAS[1], CPAS[2])),
        (Side.ASSOCIATIVE, 3, (ASSOCIATIVE[0], ASSOCIATIVE[1], ASSOCIATIVE[2])),
    ]
    columns = [r[1] for r in again.rows("PRAGMA table_info(interpellations)")]
    assert "cpas_signed" not in columns
    assert not again.sync().rebuilt
    again.close()


# -- one interpellation: its state, its signatures, its objections -----------------------


def test_the_approved_text_shows_who_approved_it_as_of_the_approval(coordinator: Client) -> None:
    page = coordinator.get(f"/interpellations/{HOUSING}").text
    standing = text_of(section(page, "etat"))
    assert "approuvé par le comité de pilotage le 20 mars 2025, 14:00" in standing
    cpas, assoc = sides(page)
    for name in ("Alice Martin", "Bruno Lefebvre", "Chloé Dupont"):
        assert name in cpas and name not in assoc
    for name in ("Inès Janssens", "Jules Peeters", "Karim Benali"):
        assert name in assoc and name not in cpas
    assert "Côté CPAS 3/3 Quorum atteint." in cpas
    assert "Côté associatif 3/3 Quorum atteint." in assoc
    assert "Alice Martin membre siégeant 20 mars 2025, 09:00" in cpas  # Belgian date
    # as of the approval: nobody "has not signed yet", not even David Renard who sits since
    # July 2026, nor Léa Dubois who sat then and did not sign
    for side in (cpas, assoc):
        assert "pas encore signé" not in side
    assert "David Renard" not in page and "Léa Dubois" not in cpas + assoc


def test_an_approved_text_keeps_a_signer_whose_mandate_has_ended(
    registre: Store,
    coordinator: Client,
) -> None:
    """Approved in June 2026 with Franck Moreau, whose mandate ended on 30 June."""
    bus = _new_text(registre, "transport", "Transport scolaire", "2026-06-15")
    _sign(registre, bus, [ENDED, CPAS[0], CPAS[1], *ASSOCIATIVE[:3]], "2026-06-16")
    page = coordinator.get(f"/interpellations/{bus}").text
    assert "approuvé par le comité de pilotage le 16 juin 2026, 17:00" in text_of(
        section(page, "etat")
    )
    cpas, _ = sides(page)
    assert "Côté CPAS 3/3 Quorum atteint." in cpas
    assert "Franck Moreau membre siégeant 16 juin 2026, 12:00" in cpas
    assert "pas encore signé" not in cpas
    assert "Approuvée CPAS 3/3 · associatif 3/3" in row(coordinator.get("/").text, bus)


def test_a_submitted_text_counts_who_sits_today_and_marks_a_substitute(
    coordinator: Client,
) -> None:
    page = coordinator.get(f"/interpellations/{DEPOSIT}").text
    cpas, assoc = sides(page)
    assert "Côté CPAS 2/3 Il manque 1 signature." in cpas
    assert "Alice Martin membre siégeant 10 sept. 2026, 09:00" in cpas
    assert "Bruno Lefebvre membre siégeant 10 sept. 2026, 10:00" in cpas
    assert "pas encore signé : Chloé Dupont, David Renard" in cpas  # Franck sits no more
    assert "Côté associatif 3/3 Quorum atteint." in assoc
    assert "Inès Janssens membre siégeant" in assoc and "Jules Peeters membre siégeant" in assoc
    assert "Marc Wouters suppléant·e 11 sept. 2026, 09:00" in assoc
    assert "pas encore signé : Karim Benali, Léa Dubois" in assoc
    standing = text_of(section(page, "etat"))
    assert (
        "Côté CPAS : 2 signatures valables sur 3 requises — signé par Alice Martin, "
        "Bruno Lefebvre — il manque 1 signature"
    ) in standing
    assert (
        "Côté associatif : 3 signatures valables sur 3 requises — signé par Inès Janssens, "
        "Jules Peeters, Marc Wouters (suppléance)"
    ) in standing
    assert "L'objection de Chloé Dupont bloque l'approbation" in standing


def test_the_open_objection_and_its_answer(registre: Store, coordinator: Client) -> None:
    objection = open_objection(registre)
    answer_objection(
        registre, DRAFTER, DEPOSIT, objection.id, "Le montant sera mis à jour avant l'envoi."
    )
    objections = text_of(section(coordinator.get(f"/interpellations/{DEPOSIT}").text, "objections"))
    assert "Objection de Chloé Dupont ouverte, bloque l'approbation" in objections
    assert "14 sept. 2026, 10:00 · section « Constats »" in objections
    assert "Le montant cité est daté." in objections
    assert "Réponse de Hugo Petit" in objections
    assert "Le montant sera mis à jour avant l'envoi." in objections


def test_a_committee_decision_and_a_withdrawal_in_the_objection_thread(
    registre: Store, coordinator: Client
) -> None:
    objection = open_objection(registre)
    present = [*CPAS[:3], *ASSOCIATIVE[:3]]
    record_decision(
        registre, PRESIDENT, DEPOSIT, objection.id, Outcome.MAINTAINED, present, "Entendu."
    )
    page = coordinator.get(f"/interpellations/{DEPOSIT}").text
    thread = text_of(section(page, "objections"))
    assert "maintenue par le comité, bloque l'approbation" in thread
    assert "Décision du comité : objection maintenue" in thread
    assert "consignée par Alice Martin" in thread
    assert "Présents côté CPAS : Alice Martin, Bruno Lefebvre, Chloé Dupont" in thread
    assert "Présents côté associatif : Inès Janssens, Jules Peeters, Karim Benali" in thread
    assert "Entendu." in thread
    assert "Le comité de pilotage a maintenu l'objection de Chloé Dupont" in text_of(
        section(page, "etat")
    )
    withdraw_objection(registre, CPAS[2], DEPOSIT, objection.id)
    page = coordinator.get(f"/interpellations/{DEPOSIT}").text
    assert "retirée par son auteur" in text_of(section(page, "objections"))
    standing = text_of(section(page, "etat"))
    assert "bloque l'approbation" not in standing
    assert "Côté CPAS : 2 signatures valables sur 3 requises" in standing  # still short
    assert "objection ouverte" not in text_of(coordinator.get("/").text)


def test_a_change_of_text_sets_the_earlier_signatures_apart(
    registre: Store, coordinator: Client
) -> None:
    """Loyers: approved in June 2026, edited in October; its signatures are to give again."""
    page = coordinator.get(f"/interpellations/{RENTS}").text
    assert "Le texte a changé depuis certaines signatures" in text_of(section(page, "etat"))
    panel = text_of(section(page, "signatures"))
    assert panel.count("Aucune signature valable pour ce texte.") == 2
    earlier = panel[panel.index("Signatures données à une version antérieure") :]
    for line in (
        "Alice Martin (CPAS) · 10 juin 2026, 09:00",
        "Bruno Lefebvre (CPAS) · 10 juin 2026, 10:00",
        "Chloé Dupont (CPAS) · 10 juin 2026, 11:00",
        "Inès Janssens (associatif) · 10 juin 2026, 12:00",
        "Jules Peeters (associatif) · 10 juin 2026, 13:00",
        "Karim Benali (associatif) · 10 juin 2026, 14:00",
    ):
        assert line in earlier
    # Alice Martin signed having read the submitted text: what changed since is the edit
    submitted = commit_of(registre, RENTS, "submit").version
    since = f"/interpellations/{RENTS}/diff?from={submitted}"
    assert f'href="{since}"' in section(page, "signatures")
    inserted = re.findall(r"<ins>(.*?)</ins>", coordinator.get(since).text, re.S)
    assert any("depuis 2024" in text_of(piece) for piece in inserted)


def test_a_draft_and_a_withdrawn_interpellation_say_where_they_stand(
    coordinator: Client,
) -> None:
    draft = coordinator.get(f"/interpellations/{HEALTH}").text
    assert "n'a pas encore été soumis au comité de pilotage" in text_of(section(draft, "etat"))
    assert 'id="signatures"' not in draft  # no signature panel before submission
    withdrawn = coordinator.get(f"/interpellations/{EVICTIONS}").text
    standing = text_of(section(withdrawn, "etat"))
    assert "L'interpellation a été retirée le 20 mai 2026, 10:00." in standing
    assert "Raison : Reprise dans « Loyers »." in standing
    assert 'id="signatures"' not in withdrawn  # never submitted


# -- comments --------------------------------------------------------------------------


def test_comments_sit_at_their_passage_or_under_the_whole_text(coordinator: Client) -> None:
    page = coordinator.get(f"/interpellations/{HOUSING}").text
    texts = section(page, "textes")
    french = texts[texts.index('id="text-fr"') : texts.index('id="text-nl"')]
    findings = text_of(french[french.index("Constats") : french.index("Avis")])
    # Léa Dubois's question on "Soixante immeubles", Hugo Petit's reply, resolved
    assert "Léa Dubois · 10 mars 2025, 10:00 · résolu" in findings
    assert "Soixante immeubles D'où vient ce chiffre ?" in findings
    assert "Hugo Petit · 11 mars 2025, 10:00 Du relevé communal." in findings
    whole = text_of(section(page, "commentaires"))
    assert "Chloé Dupont · 11 mars 2025, 10:00 Texte clair, merci." in whole
    assert "D'où vient ce chiffre" not in whole
    assert "Commentaires sur un passage qui a changé" not in whole


def test_a_comment_on_a_passage_that_changed_is_shown_apart(
    registre: Store, coordinator: Client
) -> None:
    raw = load_interpellation(registre.snapshot(), HOUSING).files["texte.fr.md"].decode()
    edited = raw.replace(
        "Soixante immeubles sont vides depuis plus d'un an à Valbrune.",
        "Le relevé communal compte quarante logements inoccupés.",
    )
    edit_texts(registre, DRAFTER, HOUSING, {Language.FR: edited}, registre.head(), "Recompte")
    page = coordinator.get(f"/interpellations/{HOUSING}").text
    assert "D'où vient ce chiffre" not in section(page, "textes")
    whole = section(page, "commentaires")
    outdated = whole[whole.index("Commentaires sur un passage qui a changé") :]
    assert "Léa Dubois" in text_of(outdated) and "D'où vient ce chiffre ?" in text_of(outdated)
    created = commit_of(registre, HOUSING, "create").version  # the version Léa read
    assert f'href="/interpellations/{HOUSING}/version/{created}"' in outdated
    assert "Texte clair, merci." not in outdated  # on the whole text: nothing to outdate


# -- history, versions, differences ----------------------------------------------------


def test_the_history_links_each_version_and_its_difference(
    registre: Store, coordinator: Client
) -> None:
    newest_first = [e.version for e in commits_of(registre, HOUSING)]
    # create, two comments and a reply, a resolution, the Dutch text, submission, six signatures
    assert len(newest_first) == 13
    history = section(coordinator.get(f"/interpellations/{HOUSING}").text, "historique")
    assert "13 versions" in text_of(history)
    assert "page 1 sur" not in history  # one page only
    for newer, older in itertools.pairwise(newest_first):
        assert f"/version/{newer}" in history
        assert f"/diff?from={older}&amp;to={newer}" in history
    assert f"/version/{newest_first[-1]}" in history
    assert f"to={newest_first[-1]}" not in history  # the creation has nothing before it
    assert "Karim Benali signature" in text_of(history)
    assert "Hugo Petit modification du texte texte modifié Ajoute le néerlandais" in text_of(
        history
    )


def test_the_history_is_paginated(
    registre: Store,
    coordinator: Client,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("interpellations.reading.history.HISTORY_PAGE_SIZE", 5)
    newest_first = [e.version for e in commits_of(registre, HOUSING)]  # 13: three pages
    second = section(coordinator.get(f"/interpellations/{HOUSING}?page=2").text, "historique")
    assert re.findall(r"/version/([0-9a-f]{40})", second) == newest_first[5:10]
    assert "13 versions · page 2 sur 3" in text_of(second)
    assert 'href="?page=1#historique"' in second and 'href="?page=3#historique"' in second
    beyond = section(coordinator.get(f"/interpellations/{HOUSING}?page=99").text, "historique")
    assert re.findall(r"/version/([0-9a-f]{40})", beyond) == newest_first[10:]
    assert "page 3 sur 3" in text_of(beyond) and "?page=4" not in beyond
    first = section(coordinator.get(f"/interpellations/{HOUSING}?page=x").text, "historique")
    assert re.findall(r"/version/([0-9a-f]{40})", first) == newest_first[:5]


def test_the_difference_between_two_real_versions(registre: Store, coordinator: Client) -> None:
    """Loyers, edited in October: "la hausse des loyers" became "… depuis 2024"."""
    edit = commit_of(registre, RENTS, "edit")
    page = coordinator.get(
        f"/interpellations/{RENTS}/diff", params={"from": edit.parents[0], "to": edit.version}
    )
    assert page.status_code == 200
    deleted = [text_of(d) for d in re.findall(r"<del>(.*?)</del>", page.text, re.S)]
    inserted = [text_of(i) for i in re.findall(r"<ins>(.*?)</ins>", page.text, re.S)]
    assert any("loyers." in d for d in deleted)  # the legend's "supprimé" aside
    assert any("loyers depuis 2024." in i for i in inserted)  # constats
    assert any(i.strip() == "[ajouté : depuis 2024 ]" for i in inserted)  # avis
    assert f'<option value="{edit.version}" selected>' in page.text
    assert "De la version du 10 juin 2026, 14:00 (Karim Benali)" in text_of(page.text)
    assert "à la version du 5 oct. 2026, 10:00 (Gaëlle Simon)" in text_of(page.text)


def selected(page: str, name: str) -> str:
    """The value selected in one `<select name=…>` of a form."""
    select = page[page.index(f'name="{name}"') :]
    select = select[: select.index("</select>")]
    found = re.search(r'<option value="([0-9a-f]+)" selected>', select)
    assert found, name
    return found.group(1)


def test_the_default_difference_is_the_last_change_of_the_text(
    registre: Store, coordinator: Client
) -> None:
    """Logements vides: its last change of text added the Dutch; signatures came after."""
    commits = commits_of(registre, HOUSING)
    dutch = commit_of(registre, HOUSING, "edit")
    page = coordinator.get(f"/interpellations/{HOUSING}/diff").text
    assert (selected(page, "from"), selected(page, "to")) == (
        dutch.parents[0],  # the resolution of Léa Dubois's comment, just before
        commits[0].version,  # the latest: Karim Benali's signature, same text as the Dutch edit
    )
    french, dutch_part = page[page.index('id="diff-fr"') :].split('id="diff-nl"')
    assert "<del>" not in french and "<ins>" not in french
    inserted = text_of("".join(re.findall(r"<ins>(.*?)</ins>", dutch_part, re.S)))
    assert "Titre : Leegstaande woningen" in inserted
    assert "Zestig gebouwen staan al meer dan een jaar leeg in Valbrune." in inserted


@pytest.mark.parametrize("forged", ["../x", "--all", "HEAD", "main", "0" * 40, "abc", "a" * 41])
def test_a_forged_version_is_not_found(coordinator: Client, forged: str) -> None:
    for response in (
        coordinator.get(f"/interpellations/{HOUSING}/diff", params={"from": forged}),
        coordinator.get(f"/interpellations/{HOUSING}/diff", params={"to": forged}),
        coordinator.get(f"/interpellations/{HOUSING}/version/{forged}"),
    ):
        assert response.status_code == 404, (forged, response.url)
        assert "Page introuvable" in response.text


def test_an_old_version_shows_the_text_as_it_was(registre: Store, coordinator: Client) -> None:
    created = commit_of(registre, HOUSING, "create").version
    page = coordinator.get(f"/interpellations/{HOUSING}/version/{created[:10]}").text
    assert "Soixante immeubles sont vides depuis plus d'un an à Valbrune." in page
    assert "Texte néerlandais" not in page  # added later
    assert "Brouillon" in page
    assert "Vous lisez le texte tel qu'il était le 3 mars 2025, 10:00." in text_of(page)
    assert f"diff?from={created}&amp;to=" in page
    submitted = commit_of(registre, RENTS, "submit").version
    rents = coordinator.get(f"/interpellations/{RENTS}/version/{submitted}").text
    assert "constatent la hausse des loyers." in rents and "depuis 2024" not in rents
    assert "Soumise au comité" in rents


def test_user_text_is_escaped_in_the_difference(
    registre: Store, coordinator: Client, tmp_path: Path
) -> None:
    raw = load_interpellation(registre.snapshot(), HEALTH).files["texte.fr.md"].decode()
    edited = raw.replace("## Avis\n\n", "## Avis\n\n<script>alert(1)</script> & co\n\n", 1)
    # the service refuses code in a text it saves: it comes in by a push, made by hand
    who = ("Gaëlle Simon", COORDINATOR)
    hand_commit(
        registre.path, tmp_path / "hand", who, {HEALTH.path("texte.fr.md"): edited}, "Essai"
    )
    page = coordinator.get(f"/interpellations/{HEALTH}/diff").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# -- Dutch, the agenda, the cache ------------------------------------------------------


def test_the_pages_in_dutch(coordinator: Client) -> None:
    coordinator.get("/langue/nl", params={"next": "/"})
    listing = coordinator.get("/").text
    assert '<html lang="nl">' in listing
    assert "OCMW 2/3 · verenigingen 3/3" in row(listing, DEPOSIT)
    page = coordinator.get(f"/interpellations/{DEPOSIT}").text
    standing = text_of(section(page, "etat"))
    assert "Kant OCMW: 2 geldige handtekeningen" in standing
    assert "Chloé Dupont" in standing and "bezwaar" in standing.lower()
    assert "Handtekeningen per kant" in page
    housing = coordinator.get(f"/interpellations/{HOUSING}").text
    assert '<h1 lang="nl">Leegstaande woningen</h1>' in housing
    diff = coordinator.get(f"/interpellations/{HOUSING}/diff").text
    assert "Wat er veranderd is in" in diff
    missing = coordinator.get(f"/interpellations/{HOUSING}/version/HEAD")
    assert missing.status_code == 404 and "Pagina niet gevonden" in missing.text


def test_the_home_page_says_what_waits_for_each_person(visitor: Client) -> None:
    log_in(visitor, CPAS[1])  # Bruno Lefebvre signed the deposit text, not the new rents text
    page = visitor.get("/").text
    assert "Ce qui vous attend" in page and "À signer à nouveau" in page
    assert "À signer pour votre côté" not in page  # nothing he never signed
    again = page.split("À signer à nouveau", 1)[1].split("</ul>", 1)[0]
    assert "Loyers — voir ce qui a changé, puis signer" in text_of(again)  # signed in June
    rents = load_interpellation(visitor.app.state.service.store.snapshot(), RENTS)
    signed = next(e.version for e in rents.journal.events if getattr(e, "by", "") == CPAS[1])
    assert f'href="/interpellations/{RENTS}/diff?from={signed}"' in again  # the form
    assert "Garantie locative" not in again  # already signed
    assert "Logements vides" not in again  # approved
    objections = text_of(page.split("Objections ouvertes", 1)[1].split("</ul>", 1)[0])
    assert "Garantie locative — Le montant cité est daté." in objections
    visitor.cookies.clear()
    log_in(visitor, OUTSIDER)  # Nora Lambert: no seat, the health group
    page = visitor.get("/").text
    assert "À signer" not in page
    assert "Objections ouvertes" not in page  # the deposit text is not of her group
    recent = page.split("Commentaires récents sur les brouillons de vos groupes", 1)[1]
    assert "Karim Benali, le 5 févr. 2026 : Accès aux soins" in text_of(recent.split("</ul>")[0])


def test_a_cached_page_follows_the_record_and_the_day(registre: Store, coordinator: Client) -> None:
    """Pages are kept a minute, but a write or a new day shows at once."""
    with fixed_time(at("2027-06-30")):  # David Renard's last day on the committee
        cpas, _ = sides(coordinator.get(f"/interpellations/{DEPOSIT}").text)
        assert "pas encore signé : Chloé Dupont, David Renard" in cpas
    with fixed_time(at("2027-07-01")):  # same record, the next day: he sits no more
        cpas, _ = sides(coordinator.get(f"/interpellations/{DEPOSIT}").text)
        assert "pas encore signé : Chloé Dupont" in cpas and "David Renard" not in cpas
    assert "ouverte, bloque" in coordinator.get(f"/interpellations/{DEPOSIT}").text
    withdraw_objection(registre, CPAS[2], DEPOSIT, open_objection(registre).id)
    after = coordinator.get(f"/interpellations/{DEPOSIT}").text
    assert "retirée par son auteur" in text_of(section(after, "objections"))
