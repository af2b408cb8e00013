"""Who may do what, where, in the browser and through the API: one table, both channels.

Each row is a person of the tests' coordination (a role, a side), an
interpellation of the tests' registre (a state), an act and what the rules must
answer. Every row is played through the page's plain form and through the JSON
API, each on a fresh copy of the registre: an allowed act is one commit by that
person (`Via: web` or `Via: api`); a refused one leaves HEAD where it was and
says the rule's sentence in the person's language, what they typed still in the
form. Every acting route of the service has a row, or this file fails.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

import pytest
from conftest import DEMO_PASSWORD, log_in
from coordination import (
    ASSOCIATIVE,
    COORDINATOR,
    CPAS,
    CPAS_SUBSTITUTE,
    DRAFTER,
    ENDED,
    ENDS_2027,
    OUTSIDER,
    PRESIDENT,
    VICE_PRESIDENT,
)
from editing import editor_values
from gitcheck import git_log
from litestar.testing import TestClient
from registre import DEPOSIT, EVICTIONS, HEALTH, HOUSING, RENTS, text_id

from interpellations.acts.issuing import issue_letters
from interpellations.errors import InvalidInput, NotAllowed
from interpellations.record.ids import InterpellationId
from interpellations.record.interpellation import load_interpellation
from interpellations.record.loading import load_record
from interpellations.record.model import CommentEvent, Language, ObjectionEvent
from interpellations.record.store import Store
from interpellations.wording.sentences import describe_error
from interpellations.wording.translation import translate

Client = TestClient  # type: ignore[type-arg]
BASE_URL = "https://interpellations.valbrune.example"
OK = "ok"
STALE = "f" * 64


@dataclass(frozen=True)
class Row:
    who: str
    iid: InterpellationId
    act: str  # the act's name, as the pipeline's `Action`
    expect: str  # "ok", or the refusal's code (`NotAllowed` reason, or "invalid_input")
    fields: dict[str, Any] = field(default_factory=dict)  # "{text}", "{objection}"… filled in
    issued_first: bool = False  # the coordinator issues the letters before the row is played

    @property
    def id(self) -> str:
        return f"{self.act}-{self.iid.slug}-{self.who.split('@')[0]}-{self.expect}"


def quorum_present() -> list[str]:
    return CPAS[:3] + ASSOCIATIVE[:3]


FOLLOW_UP = {
    "title": "Suivi : la réponse du collège",
    "theme": "logement",
    "group": "gt-logement",
    "addressees": ["college-valbrune"],
}

ROWS = [
    # writing: the working group (or a coordinator); an approved text only if they confirm
    Row(DRAFTER, DEPOSIT, "edit", OK, {"body": "Un paragraphe ajouté."}),
    Row(OUTSIDER, DEPOSIT, "edit", "not_in_group", {"body": "Un paragraphe d'ailleurs."}),
    Row(COORDINATOR, HOUSING, "edit", "reopen_unconfirmed", {"body": "Sans confirmer."}),
    # comments: anyone, even after a withdrawal; an empty one is refused
    Row(OUTSIDER, HEALTH, "comment", OK, {"body": "Et les maisons médicales ?"}),
    Row(OUTSIDER, EVICTIONS, "comment", OK, {"body": "Merci pour la reprise."}),
    Row(DRAFTER, HEALTH, "comment", "invalid_input", {"body": "   "}),
    Row(DRAFTER, HEALTH, "reply", OK, {"body": "D'accord.", "reply_to": "{comment}"}),
    Row(DRAFTER, HEALTH, "reply", "no_such_comment", {"body": "?", "reply_to": "c-nope"}),
    Row(OUTSIDER, HEALTH, "resolve", OK, {"comment": "{comment}"}),
    Row(OUTSIDER, HEALTH, "resolve", "no_such_comment", {"comment": "c-nope"}),
    # submitting: the working group (or a coordinator), a draft only
    Row(OUTSIDER, HEALTH, "submit", OK),
    Row(DRAFTER, HEALTH, "submit", "not_in_group"),
    Row(DRAFTER, DEPOSIT, "submit", "already_submitted"),
    # signing: a seat that day, one's own side, the text read, once
    Row(ENDS_2027, DEPOSIT, "sign", OK, {"text_id": "{text}"}),
    Row(CPAS_SUBSTITUTE, DEPOSIT, "sign", OK, {"text_id": "{text}"}),
    Row(CPAS[1], RENTS, "sign", OK, {"text_id": "{text}"}),
    Row(ENDS_2027, DEPOSIT, "sign", "wrong_side", {"text_id": "{text}", "side": "associatif"}),
    Row(ENDS_2027, DEPOSIT, "sign", "stale_text", {"text_id": STALE}),
    Row(ENDS_2027, DEPOSIT, "sign", "invalid_text_id", {"text_id": "4b8001b"}),
    Row(DRAFTER, DEPOSIT, "sign", "not_on_committee", {"text_id": "{text}"}),
    Row(ENDED, DEPOSIT, "sign", "mandate_not_running", {"text_id": "{text}"}),
    Row(PRESIDENT, DEPOSIT, "sign", "already_signed", {"text_id": "{text}"}),
    Row(CPAS[1], HEALTH, "sign", "not_submitted", {"text_id": "{text}"}),
    Row(CPAS[1], HOUSING, "sign", "already_approved", {"text_id": "{text}"}),
    Row(COORDINATOR, EVICTIONS, "sign", "withdrawn", {"text_id": "{text}"}),
    # issuing: a coordinator, an approved text, the text as read
    Row(COORDINATOR, HOUSING, "issue", OK, {"text_id": "{text}"}),
    Row(DRAFTER, HOUSING, "issue", "not_issuer", {"text_id": "{text}"}),
    Row(COORDINATOR, HEALTH, "issue", "not_approved", {"text_id": "{text}"}),
    Row(COORDINATOR, HOUSING, "issue", "stale_text", {"text_id": STALE}),
    # following up: issued letters only, by the working group (or a coordinator)
    Row(DRAFTER, HOUSING, "follow-up", OK, dict(FOLLOW_UP), issued_first=True),
    Row(OUTSIDER, HOUSING, "follow-up", "not_in_group", dict(FOLLOW_UP), issued_first=True),
    Row(DRAFTER, HOUSING, "follow-up", "not_issued", dict(FOLLOW_UP)),
    Row(PRESIDENT, DEPOSIT, "unsign", OK),
    Row(ENDS_2027, DEPOSIT, "unsign", "no_signature"),
    # objections: a seat, the text read, not once approved
    Row(ENDS_2027, DEPOSIT, "object", OK, {"text_id": "{text}", "reason": "Chiffres?"}),
    Row(
        ASSOCIATIVE[3],
        DEPOSIT,
        "object",
        OK,
        {"text_id": "{text}", "reason": "Trop long.", "section": "avis"},
    ),
    Row(DRAFTER, DEPOSIT, "object", "not_on_committee", {"text_id": "{text}", "reason": "Non."}),
    Row(CPAS[1], HOUSING, "object", "already_approved", {"text_id": "{text}", "reason": "Non."}),
    Row(ENDS_2027, DEPOSIT, "object", "invalid_input", {"text_id": "{text}", "reason": ""}),
    Row(OUTSIDER, DEPOSIT, "answer", OK, {"objection": "{objection}", "body": "Mis à jour."}),
    Row(OUTSIDER, DEPOSIT, "answer", "no_such_objection", {"objection": "o-nope", "body": "?"}),
    Row(CPAS[2], DEPOSIT, "withdraw-objection", OK, {"objection": "{objection}"}),
    Row(
        CPAS[1], DEPOSIT, "withdraw-objection", "not_objection_author", {"objection": "{objection}"}
    ),
    # decisions: the chair or a coordinator, a quorum of each side present, a reason
    Row(
        PRESIDENT,
        DEPOSIT,
        "decide",
        OK,
        {
            "objection": "{objection}",
            "outcome": "overruled",
            "present": quorum_present(),
            "reason": "Le montant est à jour.",
        },
    ),
    Row(
        VICE_PRESIDENT,
        DEPOSIT,
        "decide",
        "quorum_not_present",
        {
            "objection": "{objection}",
            "outcome": "overruled",
            "present": CPAS[:2] + ASSOCIATIVE[:3],
            "reason": "Vu.",
        },
    ),
    Row(
        PRESIDENT,
        DEPOSIT,
        "decide",
        "quorum_not_present",
        {"objection": "{objection}", "outcome": "maintained", "present": [], "reason": "Vu."},
    ),
    Row(
        COORDINATOR,
        DEPOSIT,
        "decide",
        "decision_reason_missing",
        {
            "objection": "{objection}",
            "outcome": "maintained",
            "present": quorum_present(),
            "reason": "",
        },
    ),
    Row(
        PRESIDENT,
        DEPOSIT,
        "decide",
        "text_not_amended",
        {
            "objection": "{objection}",
            "outcome": "amended",
            "present": quorum_present(),
            "reason": "Amendé.",
        },
    ),
    Row(
        CPAS[1],
        DEPOSIT,
        "decide",
        "not_chair",
        {
            "objection": "{objection}",
            "outcome": "overruled",
            "present": quorum_present(),
            "reason": "Non.",
        },
    ),
    # withdrawing: the working group or a coordinator
    Row(DRAFTER, DEPOSIT, "withdraw", OK, {"reason": "Repris ailleurs."}),
    Row(OUTSIDER, DEPOSIT, "withdraw", "not_in_group", {"reason": "Non."}),
    Row(COORDINATOR, EVICTIONS, "withdraw", "withdrawn", {"reason": "Encore."}),
]

# Where each act is posted from the page (under /interpellations/<id>) and the API
# (under /api/interpellations/<id>), with the method and the ids in the path
PAGE_ROUTES = {
    "comment": "/commentaires",
    "reply": "/commentaires",
    "resolve": "/commentaires/{comment}/resolu",
    "submit": "/soumettre",
    "sign": "/signer",
    "unsign": "/retirer-signature",
    "object": "/objections",
    "answer": "/objections/{objection}/reponse",
    "withdraw-objection": "/objections/{objection}/retrait",
    "decide": "/objections/{objection}/decision",
    "withdraw": "/retirer",
    "edit": "/modifier",
    "issue": "/emettre",
    "follow-up": "/suivi",
}
API_ROUTES = {
    "comment": ("POST", "/comments"),
    "reply": ("POST", "/comments"),
    "resolve": ("POST", "/comments/{comment}/resolve"),
    "submit": ("POST", "/submit"),
    "sign": ("POST", "/signatures"),
    "unsign": ("DELETE", "/signatures/me"),
    "object": ("POST", "/objections"),
    "answer": ("POST", "/objections/{objection}/answers"),
    "withdraw-objection": ("POST", "/objections/{objection}/withdraw"),
    "decide": ("POST", "/decisions"),
    "withdraw": ("POST", "/withdraw"),
    "edit": ("PUT", "/text"),
    "issue": ("POST", "/issue"),
    "follow-up": ("POST", "/follow-up"),
}
# Routes under an interpellation that write no commit: the person's working copy, a preview
NOT_ACTS = {
    ("POST", "/interpellations/{year:int}/{slug:str}/copie"),
    ("POST", "/interpellations/{year:int}/{slug:str}/copie/ecarter"),
    ("PUT", "/api/interpellations/{year:int}/{slug:str}/autosave"),
    ("DELETE", "/api/interpellations/{year:int}/{slug:str}/autosave"),
}
IN_PATH = ("comment", "objection")
# An empty text is refused by the API's own document (a 400 naming the field), before any rule
WORDED_BY_THE_DOCUMENT = {"invalid_input", "decision_reason_missing"}


def _filled(row: Row, store: Store) -> dict[str, Any]:
    """The row's fields with the registre's own ids in place of their placeholders
    (once the letters are issued, for a row that needs them)."""
    if row.issued_first:
        issue_letters(store, COORDINATOR, row.iid, text_id(store, row.iid), base_url=BASE_URL)
    read = load_interpellation(store.snapshot(), row.iid)
    events = read.journal.events
    known = {
        "{text}": read.text_id,
        "{comment}": next((e.id for e in events if isinstance(e, CommentEvent)), ""),
        "{objection}": next((e.id for e in events if isinstance(e, ObjectionEvent)), ""),
    }
    return {
        key: known.get(value, value) if isinstance(value, str) else value
        for key, value in row.fields.items()
    }


def _expected_sentence(row: Row, language: Language, params: dict[str, Any]) -> str:
    error = InvalidInput(**params) if row.expect == "invalid_input" else NotAllowed(**params)
    return describe_error(error, language)


def _head(store: Store) -> str:
    return store.head()


def _page_form(client: Client, row: Row, fields: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    if row.act == "edit":  # the editor, as the page fills it, with a paragraph added
        data = editor_values(client.get(f"/interpellations/{row.iid}/modifier").text)
        data["body_fr"] = f"{data['body_fr']}\n\n{fields['body']}"
        return f"/interpellations/{row.iid}/modifier", data
    page = client.get(f"/interpellations/{row.iid}")
    token = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
    assert token, "the page carries the anti-forgery token of its forms"
    path = PAGE_ROUTES[row.act].format(**{k: fields.get(k, "") for k in IN_PATH})
    data = {k: v for k, v in fields.items() if k not in IN_PATH}
    if row.act == "reply":
        data["reply_to"] = fields["reply_to"]
    return f"/interpellations/{row.iid}{path}", {**data, "_csrf_token": token.group(1)}


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_through_the_page(row: Row, visitor: Client, registre: Store) -> None:
    assert log_in(visitor, row.who).status_code == 303
    fields = _filled(row, registre)
    path, data = _page_form(visitor, row, fields)
    before = _head(registre)

    answer = visitor.post(path, data=data, follow_redirects=False)

    if row.expect == OK and row.act == "follow-up":  # the new one opens in the editor
        assert answer.status_code == 303, _alert(answer.text)
        _assert_one_commit(registre, before, row, "web")
        editor = answer.headers["location"]
        new = re.fullmatch(r"/interpellations/(\d{4}/[a-z0-9-]+)/modifier", editor)
        assert new and new.group(1) in visitor.get(f"/interpellations/{row.iid}").text
        return
    if row.expect == OK:
        assert answer.status_code == 303, _alert(answer.text)
        assert answer.headers["location"].startswith(f"/interpellations/{row.iid}?fait=")
        _assert_one_commit(registre, before, row, "web")
        confirmed = visitor.get(answer.headers["location"])
        assert 'role="status"' in confirmed.text
        return
    assert _head(registre) == before, "a refused act writes nothing"
    assert answer.status_code in (403, 422), answer.status_code
    language = Language(re.search(r'<html lang="(\w+)"', answer.text).group(1))  # type: ignore[union-attr]
    alert = _alert(answer.text)
    assert alert.startswith(_nothing_recorded(language)), alert
    assert row.expect == "invalid_input" or _reason_words(row, language) in alert
    for name in ("body", "reason", "quote", "body_fr", "title"):  # what the person wrote is kept
        value = data.get(name, "")
        if value.strip():
            assert value in html.unescape(answer.text)


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_through_the_api(row: Row, visitor: Client, registre: Store) -> None:
    session = visitor.post("/api/session", json={"email": row.who, "password": DEMO_PASSWORD})
    assert session.status_code == 201, session.text
    headers = {"Authorization": f"Bearer {session.json()['token']}"}
    fields = _filled(row, registre)
    method, template = API_ROUTES[row.act]
    path = f"/api/interpellations/{row.iid}" + template.format(
        **{k: fields.get(k, "") for k in IN_PATH}
    )
    body = {k: v for k, v in fields.items() if k not in IN_PATH or row.act == "decide"}
    if row.act in ("resolve", "answer", "withdraw-objection"):
        body.pop("objection", None)
    if row.act == "edit":  # the French file as stored, with a paragraph added
        read = load_interpellation(registre.snapshot(), row.iid)
        french = read.files["texte.fr.md"].decode() + f"\n{fields['body']}\n"
        body = {"base": registre.head(), "texts": {"fr": french}}
    before = _head(registre)

    answer = visitor.request(method, path, json=body or None, headers=headers)

    if row.expect == OK:
        assert answer.status_code in (200, 201), answer.text
        done = answer.json()
        assert done["action"] == row.act
        assert done["version"] == _head(registre)
        _assert_one_commit(registre, before, row, "api")
        return
    assert _head(registre) == before, "a refused act writes nothing"
    problem = answer.json()
    assert answer.status_code in (400, 403, 422), problem
    if row.expect in WORDED_BY_THE_DOCUMENT:  # the OpenAPI document says a text is needed
        assert (answer.status_code, problem["code"]) == (400, "invalid_request")
    elif row.expect == "invalid_input":
        assert problem["code"] == "invalid_input"
    else:
        assert (problem["code"], problem["reason"]) == ("not_allowed", row.expect)
        assert _reason_words(row, Language.FR) in problem["detail_fr"]


def _alert(page: str) -> str:
    found = re.search(r'<div class="banner error" role="alert">(.*?)</div>', page, re.S)
    return (
        re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", found.group(1)))).strip()
        if found
        else ""
    )


def _nothing_recorded(language: Language) -> str:
    return translate("Rien n'a été enregistré.", language)


def _reason_words(row: Row, language: Language) -> str:
    """The start of the rule's sentence (before its first parameter), in `language`."""
    sentence = describe_error(NotAllowed(reason=row.expect), language)
    return sentence.split("%(")[0][:25]


def _assert_one_commit(store: Store, before: str, row: Row, via: str) -> None:
    log = git_log(store.path)
    assert log[1].version == before, "exactly one commit"
    newest = log[0]
    member = load_record(store.snapshot()).member(row.who)
    assert member is not None
    assert newest.author == (member.name, member.email)
    assert newest.trailers["Action"] == row.act
    assert newest.trailers["Interpellation"] == str(row.iid)
    assert newest.trailers["Via"] == via


def test_every_acting_route_has_a_row(visitor: Client) -> None:
    """A route that acts on an interpellation without a row in the table fails here."""
    acting = set()
    for route in visitor.app.routes:
        methods = set(getattr(route, "methods", ())) - {"GET", "HEAD", "OPTIONS"}
        if route.path.startswith(("/interpellations/{", "/api/interpellations/{")) and methods:
            acting |= {(method, route.path) for method in methods}
    acting -= NOT_ACTS
    covered = {
        (
            "POST",
            "/interpellations/{year:int}/{slug:str}"
            + p.replace("{comment}", "{comment:str}").replace("{objection}", "{objection:str}"),
        )
        for p in PAGE_ROUTES.values()
    }
    covered |= {
        (
            m,
            "/api/interpellations/{year:int}/{slug:str}"
            + p.replace("{comment}", "{comment:str}").replace("{objection}", "{objection:str}"),
        )
        for m, p in API_ROUTES.values()
    }
    assert acting == covered
    played = {row.act for row in ROWS}
    assert played == set(PAGE_ROUTES) == set(API_ROUTES)
    for act in played:  # each act both allowed and refused somewhere in the table
        assert {row.expect == OK for row in ROWS if row.act == act} == {True, False}, act


def test_a_forged_or_expired_form_says_so_and_keeps_the_words(
    visitor: Client, registre: Store
) -> None:
    assert log_in(visitor, OUTSIDER).status_code == 303
    before = registre.head()
    words = "Les délais de rendez-vous dépassent trois mois."
    forged = visitor.post(
        f"/interpellations/{HEALTH}/commentaires",
        data={"body": words, "_csrf_token": "forged"},
        follow_redirects=False,
    )
    assert forged.status_code == 403
    assert "Ce formulaire a expiré" in forged.text
    assert "Rien n'a été enregistré" in forged.text
    assert html.escape(words, quote=False) in forged.text
    assert registre.head() == before


def test_a_form_sent_after_the_session_ended_keeps_the_words(
    visitor: Client, registre: Store
) -> None:
    assert log_in(visitor, OUTSIDER).status_code == 303
    page = f"/interpellations/{HEALTH}"
    token = re.search(r'name="_csrf_token" value="([^"]+)"', visitor.get(page).text)
    assert token
    visitor.cookies.delete("session")
    before = registre.head()
    words = "Une permanence le samedi aiderait."
    late = visitor.post(
        f"{page}/commentaires",
        data={"body": words, "_csrf_token": token.group(1)},
        headers={"Referer": f"http://testserver.local{page}"},
        follow_redirects=False,
    )
    assert late.status_code == 401
    assert "Votre session a pris fin" in late.text
    assert html.escape(words, quote=False) in late.text
    assert f'name="next" value="{page}"' in late.text
    assert registre.head() == before


def test_signing_again_from_what_changed_since_one_signed(visitor: Client, registre: Store) -> None:
    """Bruno Lefebvre signed the rents text in June; it was edited in October."""
    assert log_in(visitor, CPAS[1]).status_code == 303
    home = visitor.get("/").text
    link = re.search(rf'href="(/interpellations/{RENTS}/diff\?from=[0-9a-f]+)"', home)
    assert link, "the home page leads to what changed since the signature"
    changes = visitor.get(html.unescape(link.group(1))).text
    assert "<ins>" in changes and 'id="signer"' in changes
    current = load_interpellation(registre.snapshot(), RENTS).text_id
    assert f'value="{current}"' in changes
    token = re.search(r'name="_csrf_token" value="([^"]+)"', changes)
    assert token
    signed = visitor.post(
        f"/interpellations/{RENTS}/signer",
        data={"text_id": current, "side": "cpas", "_csrf_token": token.group(1)},
        follow_redirects=False,
    )
    assert signed.status_code == 303
    newest = git_log(registre.path)[0]
    assert newest.trailers["Action"] == "sign" and newest.author[1] == CPAS[1]
    assert "À signer à nouveau" not in visitor.get("/").text
