"""« Créer un suivi »: a new interpellation following issued letters, linked both ways.

Real git on the tests' registre: the link is checked where a person would look for it
(the new text's front matter and the issued one's journal in the commit, the git log,
both pages, the API), and the issued text is checked unchanged.
"""

from __future__ import annotations

import html
import re

import pytest
from conftest import DEMO_PASSWORD, csrf_token, log_in
from coordination import COORDINATOR, DRAFTER
from gitcheck import git_log
from litestar.testing import TestClient
from registre import HOUSING, text_id

from interpellations.acts.following import follow_up, proposed_front
from interpellations.acts.issuing import issue_letters
from interpellations.errors import NotAllowed
from interpellations.reading.dossier import read_dossier
from interpellations.record.ids import InterpellationId
from interpellations.record.model import Language
from interpellations.record.store import Store
from interpellations.rules.states import State
from interpellations.wording.sentences import describe_error

Client = TestClient  # type: ignore[type-arg]


def issued(store: Store) -> Store:
    issue_letters(store, COORDINATOR, HOUSING, text_id(store, HOUSING), base_url="https://x")
    return store


def test_a_follow_up_is_one_commit_linking_both_ways(registre: Store) -> None:
    store = issued(registre)
    before = read_dossier(store, HOUSING)

    new, _ = follow_up(store, DRAFTER, HOUSING, proposed_front(before.front))

    entry = git_log(store.path)[0]
    assert entry.author[1] == DRAFTER
    assert entry.subject == "Crée « Suivi : Logements vides », suivi de « Logements vides »"
    assert (entry.trailers["Action"], entry.trailers["Interpellation"]) == (
        "follow-up",
        str(HOUSING),
    )
    written = (store.read(new.path("texte.fr.md")) or b"").decode()
    assert f"follows: {HOUSING}" in written and "title: 'Suivi : Logements vides'" in written
    assert f"follow_up: {new}" in (store.read(HOUSING.path("journal.yaml")) or b"").decode()

    after, started = read_dossier(store, HOUSING), read_dossier(store, new)
    assert after.followed_by == (new,) and started.follows == HOUSING
    assert (after.state, after.text_id) == (State.ISSUED, before.text_id)  # unchanged
    assert started.state == State.DRAFT and started.front.addressees == ["college-valbrune"]


def test_a_second_follow_up_gets_a_folder_of_its_own(registre: Store) -> None:
    store = issued(registre)
    front = proposed_front(read_dossier(store, HOUSING).front)
    first, _ = follow_up(store, DRAFTER, HOUSING, front)
    second, _ = follow_up(store, COORDINATOR, HOUSING, front)
    assert second.slug == f"{first.slug}-2"
    assert read_dossier(store, HOUSING).followed_by == (first, second)


def test_only_issued_letters_are_followed_up(registre: Store) -> None:
    head = registre.head()
    with pytest.raises(NotAllowed) as refused:
        follow_up(registre, DRAFTER, HOUSING, proposed_front(read_dossier(registre, HOUSING).front))
    assert refused.value.params["reason"] == "not_issued"
    assert registre.head() == head
    assert "n'ont pas été émises" in describe_error(refused.value, Language.FR)
    assert "niet uitgegeven" in describe_error(refused.value, Language.NL)


def test_the_follow_up_is_written_for_a_group_its_writer_is_in(registre: Store) -> None:
    store = issued(registre)
    head = store.head()
    front = proposed_front(read_dossier(store, HOUSING).front).model_copy(
        update={"group": "gt-sante", "theme": "sante"}
    )
    with pytest.raises(NotAllowed) as refused:
        follow_up(store, DRAFTER, HOUSING, front)
    assert refused.value.params["reason"] == "not_in_group"
    assert store.head() == head


def test_from_the_page_the_form_comes_filled_in_and_opens_the_editor(
    visitor: Client, registre: Store
) -> None:
    issued(registre)
    log_in(visitor, DRAFTER)
    page = visitor.get(f"/interpellations/{HOUSING}").text
    assert f'href="/interpellations/{HOUSING}/suivi"' in page and "Créer un suivi" in page

    form = visitor.get(f"/interpellations/{HOUSING}/suivi").text
    assert 'value="Suivi : Logements vides"' in form
    assert f'action="/interpellations/{HOUSING}/suivi"' in form
    assert '<option value="gt-logement" selected>' in form

    sent = {
        "title": "Suivi : la réponse du collège",
        "theme": "logement",
        "group": "gt-logement",
        "addressees": ["college-valbrune"],
        "_csrf_token": csrf_token(visitor, f"/interpellations/{HOUSING}/suivi"),
    }
    answer = visitor.post(f"/interpellations/{HOUSING}/suivi", data=sent, follow_redirects=False)
    assert answer.status_code == 303
    found = re.fullmatch(
        r"/interpellations/(\d{4}/[a-z0-9-]+)/modifier", answer.headers["location"]
    )
    assert found is not None
    new = InterpellationId.parse(found.group(1))

    original = visitor.get(f"/interpellations/{HOUSING}").text
    assert f'<a href="/interpellations/{new}">Suivi : la réponse du collège</a>' in original
    follow = visitor.get(f"/interpellations/{new}").text
    assert f'<a href="/interpellations/{HOUSING}">Logements vides</a>' in follow
    assert "Suite de" in follow


def test_a_refused_follow_up_keeps_what_was_typed(visitor: Client, registre: Store) -> None:
    log_in(visitor, DRAFTER)
    form = visitor.get(f"/interpellations/{HOUSING}/suivi")  # not issued: the reason, already
    assert form.status_code == 403 and "n'ont pas été émises" in html.unescape(form.text)
    head = registre.head()
    sent = {
        "title": "Une suite trop tôt",
        "theme": "logement",
        "group": "gt-logement",
        "addressees": ["college-valbrune"],
        "_csrf_token": csrf_token(visitor, f"/interpellations/{HOUSING}"),
    }
    answer = visitor.post(f"/interpellations/{HOUSING}/suivi", data=sent)
    assert answer.status_code == 403
    shown = html.unescape(answer.text)
    assert 'value="Une suite trop tôt"' in shown and "Rien n'a été enregistré." in shown
    assert registre.head() == head


def test_the_api_follows_up_and_shows_the_links(visitor: Client, registre: Store) -> None:
    issued(registre)
    session = visitor.post("/api/session", json={"email": DRAFTER, "password": DEMO_PASSWORD})
    headers = {"Authorization": f"Bearer {session.json()['token']}"}
    body = {
        "title": "Suivi : rappel au collège",
        "theme": "logement",
        "group": "gt-logement",
        "addressees": ["college-valbrune"],
    }
    done = visitor.post(f"/api/interpellations/{HOUSING}/follow-up", json=body, headers=headers)
    assert done.status_code == 201, done.text
    answer = done.json()
    assert (answer["action"], answer["state"]) == ("follow-up", "draft")
    new = answer["interpellation"]

    shown = visitor.get(f"/api/interpellations/{new}", headers=headers).json()
    assert shown["follows"] == str(HOUSING)
    assert visitor.get(f"/api/interpellations/{HOUSING}", headers=headers).json()[
        "followed_by"
    ] == [new]
