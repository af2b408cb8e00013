"""Writing in the browser without script: create, save a version, a working copy, conflicts.

Through the service's real forms on a copy of the tests' registre: each save is
one commit by the person who typed (`Via: web`), against the version they
started from; a refused save changes nothing and gives every word back; the
working copy is never a commit.
"""

from __future__ import annotations

import html
import re

import pytest
from conftest import csrf_token, log_in
from coordination import ASSOCIATIVE, COORDINATOR, DRAFTER
from editing import editor_values
from gitcheck import git_log
from litestar.testing import TestClient
from registre import DEPOSIT, HEALTH, HOUSING

from interpellations.acts.drafting import edit_texts
from interpellations.record.document import TEXT_MAX
from interpellations.record.ids import InterpellationId
from interpellations.record.interpellation import load_interpellation
from interpellations.record.model import Language
from interpellations.record.store import Store
from interpellations.text.editing import decompose

Client = TestClient  # type: ignore[type-arg]
EDITOR = f"/interpellations/{DEPOSIT}/modifier"  # a submitted text of the drafter's group
APPROVED = f"/interpellations/{HOUSING}/modifier"


@pytest.fixture
def drafter(visitor: Client) -> Client:
    assert log_in(visitor, DRAFTER).status_code == 303
    return visitor


def _french(store: Store, iid: InterpellationId = DEPOSIT) -> str:
    return load_interpellation(store.snapshot(), iid).files["texte.fr.md"].decode()


def test_a_drafter_creates_an_interpellation_that_opens_in_the_editor(
    drafter: Client, registre: Store
) -> None:
    data = {
        "_csrf_token": csrf_token(drafter, "/interpellations/nouvelle"),
        "title": "Aide au chauffage en hiver",
        "theme": "logement",
        "group": "gt-logement",
        "addressees": ["college-valbrune"],
        "copies": ["conseil-cpas"],
    }
    answer = drafter.post("/interpellations/nouvelle", data=data, follow_redirects=False)
    assert answer.status_code == 303
    editor = answer.headers["location"]
    assert editor.endswith("/aide-au-chauffage-en-hiver/modifier")
    page = drafter.get(editor).text
    assert 'lang="fr" spellcheck="true"' in page and 'lang="nl" spellcheck="true"' in page
    assert "## Constats" in page and "## Propositions" in page
    entry = git_log(registre.path)[0]
    assert entry.author[1] == DRAFTER and "Aide au chauffage en hiver" in entry.subject


def test_creation_without_addressee_is_refused_and_keeps_the_title(
    drafter: Client, registre: Store
) -> None:
    head = registre.head()
    data = {
        "_csrf_token": csrf_token(drafter, "/interpellations/nouvelle"),
        "title": "Un titre que je ne veux pas retaper",
        "theme": "logement",
        "group": "gt-logement",
    }
    answer = drafter.post("/interpellations/nouvelle", data=data)
    assert answer.status_code == 422
    assert "Choisissez au moins une autorité destinataire." in answer.text
    assert 'value="Un titre que je ne veux pas retaper"' in answer.text
    assert registre.head() == head


def test_saving_a_version_is_one_commit_by_the_writer(drafter: Client, registre: Store) -> None:
    form = editor_values(drafter.get(EDITOR).text)
    form["body_fr"] = str(form["body_fr"]) + "\n\nUn paragraphe ajouté dans le navigateur."
    form["message"] = "Ajoute un paragraphe"
    answer = drafter.post(EDITOR, data=form, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"].endswith("?fait=edit#textes")
    assert "Un paragraphe ajouté dans le navigateur." in _french(registre)
    entry = git_log(registre.path)[0]
    assert entry.author[1] == DRAFTER
    assert entry.subject == "Ajoute un paragraphe"
    assert entry.trailers["Via"] == "web"


def test_a_save_that_overlaps_shows_regions_and_settles_them(
    drafter: Client, registre: Store
) -> None:
    form = editor_values(drafter.get(EDITOR).text)
    started = str(form["body_fr"])
    first = started.splitlines()[2]  # the first paragraph of the findings
    # meanwhile someone else rewrites that paragraph and another one
    theirs = _french(registre).replace(first, "Leur version du premier paragraphe.")
    edit_texts(registre, COORDINATOR, DEPOSIT, {Language.FR: theirs}, str(form["base"]))
    form["body_fr"] = started.replace(first, "Ma version du premier paragraphe.")
    head = registre.head()
    answer = drafter.post(EDITOR, data=form)
    assert answer.status_code == 409
    assert registre.head() == head
    assert "Ma version du premier paragraphe." in answer.text  # still in the editor
    assert "Leur version du premier paragraphe." in answer.text
    settled = editor_values(answer.text) | {"choice_fr_0": "edit"}
    settled["edited_fr_0"] = "Notre version commune du premier paragraphe."
    answer = drafter.post(EDITOR, data=settled, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    text = _french(registre)
    assert "Notre version commune du premier paragraphe." in text
    assert "Ma version" not in text and "Leur version" not in text


def test_settling_a_conflict_keeps_what_the_other_changed_elsewhere(
    visitor: Client, registre: Store
) -> None:
    assert log_in(visitor, COORDINATOR).status_code == 303
    editor = f"/interpellations/{HOUSING}/modifier"
    form = editor_values(visitor.get(editor).text) | {"confirm_reopen": "1"}
    french = str(form["body_fr"])
    first = french.splitlines()[2]
    # meanwhile: the same French paragraph rewritten, and a Dutch sentence added
    files = load_interpellation(registre.snapshot(), HOUSING).files
    theirs = {
        Language.FR: files["texte.fr.md"].decode().replace(first, "Leur paragraphe."),
        Language.NL: files["texte.nl.md"].decode() + "\nEen zin van de ander.\n",
    }
    edit_texts(registre, DRAFTER, HOUSING, theirs, str(form["base"]))
    form["body_fr"] = french.replace(first, "Mon paragraphe.")
    conflict = visitor.post(editor, data=form)
    assert conflict.status_code == 409
    settled = editor_values(conflict.text) | {"confirm_reopen": "1", "choice_fr_0": "mine"}
    assert visitor.post(editor, data=settled, follow_redirects=False).status_code == 303
    saved = load_interpellation(registre.snapshot(), HOUSING).files
    assert "Mon paragraphe." in saved["texte.fr.md"].decode()
    assert "Een zin van de ander." in saved["texte.nl.md"].decode()  # not reverted


def test_non_overlapping_saves_merge(drafter: Client, registre: Store) -> None:
    form = editor_values(drafter.get(EDITOR).text)
    theirs = _french(registre).replace("## Avis\n", "## Avis\n\nUne phrase de l'autre.\n")
    edit_texts(registre, COORDINATOR, DEPOSIT, {Language.FR: theirs}, str(form["base"]))
    form["body_fr"] = str(form["body_fr"]) + "\nMa phrase à la fin."
    answer = drafter.post(EDITOR, data=form, follow_redirects=False)
    assert answer.headers["location"].endswith("?fait=merged#textes")
    text = _french(registre)
    assert "Une phrase de l'autre." in text and "Ma phrase à la fin." in text


def test_the_working_copy_is_kept_offered_and_never_a_commit(
    drafter: Client, registre: Store
) -> None:
    form = editor_values(drafter.get(EDITOR).text)
    form["body_nl"] = "Een Nederlandse tekst die nog niet bewaard is."
    head = registre.head()
    answer = drafter.post(f"/interpellations/{DEPOSIT}/copie", data=form)
    assert answer.status_code == 200 and re.match(r"\d\d:\d\d", answer.json()["saved_at"])
    assert registre.head() == head
    page = drafter.get(EDITOR).text
    assert "Reprendre ma copie de travail" in page
    assert "Een Nederlandse tekst die nog niet bewaard is." not in page  # offered, not applied
    taken = drafter.get(EDITOR + "?copie=reprendre").text
    assert "Een Nederlandse tekst die nog niet bewaard is." in taken
    discard = {"_csrf_token": form["_csrf_token"]}
    drafter.post(f"/interpellations/{DEPOSIT}/copie/ecarter", data=discard)
    assert "Reprendre ma copie de travail" not in drafter.get(EDITOR).text


def test_bad_input_is_refused_in_words_and_the_text_stays(drafter: Client, registre: Store) -> None:
    form = editor_values(drafter.get(EDITOR).text)
    head = registre.head()
    unknown = form | {"addressees": ["autorite-inconnue"], "body_fr": "Mon texte précieux."}
    answer = drafter.post(EDITOR, data=unknown)
    assert answer.status_code == 422
    shown = html.unescape(answer.text)
    assert "L'autorité « autorite-inconnue » n'existe pas dans le registre." in shown
    assert "Mon texte précieux." in shown
    script = form | {"body_fr": "Un constat.\n\n<script>alert('x')</script>"}
    answer = drafter.post(EDITOR, data=script)
    shown = html.unescape(answer.text)
    assert answer.status_code == 422
    assert "Le texte contient du code qu'une lettre ne peut pas contenir" in shown
    assert "<script>alert('x')</script>" in shown  # kept in the editor, shown as text
    huge = form | {"body_fr": "x" * (TEXT_MAX + 1)}
    answer = drafter.post(EDITOR, data=huge)
    assert answer.status_code == 422 and "trop long" in answer.text
    assert drafter.post(f"/interpellations/{DEPOSIT}/copie", data=huge).status_code == 413
    assert drafter.get("/interpellations/2025/..%2F..%2Fetc/modifier").status_code == 404
    assert registre.head() == head


def test_an_approved_text_says_its_signatures_are_lost_before_saving(
    visitor: Client, registre: Store
) -> None:
    assert log_in(visitor, COORDINATOR).status_code == 303
    page = visitor.get(APPROVED).text
    assert "Ce texte est approuvé." in page and "les 6 signatures données" in page
    form = editor_values(page) | {"body_fr": "Un texte changé.\n"}
    head = registre.head()
    answer = visitor.post(APPROVED, data=form)
    assert answer.status_code == 403 and "cochez la case" in answer.text
    assert registre.head() == head
    answer = visitor.post(APPROVED, data=form | {"confirm_reopen": "1"}, follow_redirects=False)
    assert answer.headers["location"].endswith("?fait=reopened#textes")


def test_a_save_after_the_session_ended_is_kept_for_after_login(
    drafter: Client, registre: Store
) -> None:
    form = editor_values(drafter.get(EDITOR).text)
    form["body_fr"] = "Tout ce que j'ai écrit pendant une heure."
    drafter.cookies.delete("session")
    answer = drafter.post(EDITOR, data=form, headers={"referer": f"http://x{EDITOR}"})
    assert answer.status_code == 401
    assert "Tout ce que j&#39;ai écrit pendant une heure." in answer.text
    kept = re.search(r'name="kept" value="([^"]*)"', answer.text)
    assert kept is not None
    login = {
        "_csrf_token": csrf_token(drafter),
        "email": DRAFTER,
        "password": "mot de passe de test",
        "next": EDITOR,
        "kept": html.unescape(kept[1]),
    }
    assert drafter.post("/connexion", data=login, follow_redirects=False).status_code == 303
    page = drafter.get(EDITOR + "?copie=reprendre").text
    assert "Tout ce que j&#39;ai écrit pendant une heure." in page
    # someone else logging in on that computer gets nothing of it
    assert log_in(drafter, COORDINATOR).status_code == 303
    other = {**login, "email": COORDINATOR, "_csrf_token": csrf_token(drafter)}
    drafter.post("/connexion", data=other, follow_redirects=False)
    assert "Reprendre ma copie de travail" not in drafter.get(EDITOR).text


def test_someone_outside_the_group_cannot_save(visitor: Client, registre: Store) -> None:
    assert log_in(visitor, ASSOCIATIVE[0]).status_code == 303
    editor = f"/interpellations/{HEALTH}/modifier"
    form = editor_values(visitor.get(editor).text)
    head = registre.head()
    answer = visitor.post(editor, data=form | {"body_fr": "Intrus."})
    assert answer.status_code == 403 and "Intrus." in answer.text
    assert registre.head() == head
    fields = decompose({Language.FR: _french(registre, HEALTH)})
    assert fields.writing(Language.FR).body != "Intrus."
