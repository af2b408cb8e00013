"""The JSON API on the tests' registre: bearer login, reading operations, problem details.

Every expected value is written down from what `registre.py` builds: five
interpellations (approved, draft, submitted with an objection, withdrawn, edited
after approval) of the small coordination of `coordination.py`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from api_operations import API_OPERATIONS
from conftest import DEMO_PASSWORD, log_in
from coordination import (
    ASSOCIATIVE,
    COORDINATOR,
    CPAS,
    OUTSIDER,
    PRESIDENT,
    STRANGER,
)
from litestar import Litestar
from litestar.testing import TestClient
from registre import DEPOSIT, HOUSING, text_id

from interpellations.acts.committee import record_decision, sign
from interpellations.record.loading import MEMBERS_FILE, load_record
from interpellations.record.model import Members, Outcome
from interpellations.record.store import Draft, Snapshot, Store
from interpellations.yamlio import dump_yaml
from server.problem_details import PROBLEM_JSON
from server.throttle import PER_PERSON

HOUSING_URL = "/api/interpellations/2025/logements-vides"
DEPOSIT_URL = "/api/interpellations/2026/garantie-locative"
RENTS_URL = "/api/interpellations/2026/loyers"
Client = TestClient[Litestar]

# Newest change first, as the list gives them
EVERY_ID = [
    "2026/loyers",  # edited 2026-10-05
    "2026/garantie-locative",  # objection 2026-09-14
    "2026/expulsions",  # withdrawn 2026-05-20
    "2026/acces-aux-soins",  # comment 2026-02-05
    "2025/logements-vides",  # approved 2025-03-20
]
# David Renard sits on the CPAS side from 2026-07-01 to 2027-06-30
RENARD_ENDS = dt.date(2027, 6, 30)


def today() -> dt.date:
    return dt.datetime.now(ZoneInfo("Europe/Brussels")).date()


def log_in_api(client: Client, email: str = COORDINATOR) -> dict[str, str]:
    answer = client.post("/api/session", json={"email": email, "password": DEMO_PASSWORD})
    assert answer.status_code == 201, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


@pytest.fixture
def bearer(visitor: Client) -> dict[str, str]:
    return log_in_api(visitor)


def problem(answer: Any, status: int, code: str) -> dict[str, Any]:
    """The problem details of an answer, checked for their shape."""
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith(PROBLEM_JSON)
    body: dict[str, Any] = answer.json()
    assert body["status"] == status and body["code"] == code
    assert body["title"] and body["type"] == "about:blank"
    assert body["detail"] in (body["detail_fr"], body["detail_nl"])
    return body


def names(people: list[dict[str, str]]) -> list[str]:
    return [person["name"] for person in people]


def emails(people: list[dict[str, str]]) -> list[str]:
    return [person["email"] for person in people]


# -- logging in -------------------------------------------------------------------------------


def test_a_member_logs_in_and_reads_with_the_token(visitor: Client) -> None:
    answer = visitor.post("/api/session", json={"email": COORDINATOR, "password": DEMO_PASSWORD})
    assert answer.status_code == 201
    body = answer.json()
    assert body["token_type"] == "bearer"  # noqa: S105 - the scheme's name
    assert body["expires_in"] == 30 * 24 * 3600
    assert "session" not in visitor.cookies  # a token, not a cookie
    headers = {"Authorization": f"Bearer {body['token']}"}
    assert visitor.get("/api/interpellations", headers=headers).status_code == 200


def test_without_a_token_the_api_answers_401_problem(visitor: Client) -> None:
    for headers in ({}, {"Authorization": "Bearer forged"}, {"Authorization": "Basic eA=="}):
        answer = visitor.get("/api/interpellations", headers=headers)
        body = problem(answer, 401, "login_required")
        assert answer.headers["www-authenticate"].startswith("Bearer")
        assert "POST /api/session" in body["detail_fr"]
        assert body["detail_nl"] != body["detail_fr"]  # worded in both languages


def test_a_page_session_cookie_does_not_open_the_api(visitor: Client) -> None:
    assert log_in(visitor, COORDINATOR).status_code in (302, 303)
    assert visitor.get("/", follow_redirects=False).status_code == 200  # the pages are open
    problem(visitor.get("/api/interpellations"), 401, "login_required")


def test_wrong_credentials_are_a_401_problem(visitor: Client) -> None:
    for email, password in ((COORDINATOR, "pas le bon"), (STRANGER, DEMO_PASSWORD)):
        answer = visitor.post("/api/session", json={"email": email, "password": password})
        body = problem(answer, 401, "wrong_password")
        assert body["detail_fr"] == "Adresse e-mail ou mot de passe incorrect."


def test_repeated_guesses_are_slowed_with_retry_after(visitor: Client) -> None:
    for _ in range(PER_PERSON[0].amount):
        wrong = {"email": COORDINATOR, "password": "devinette"}
        problem(visitor.post("/api/session", json=wrong), 401, "wrong_password")
    right = {"email": COORDINATOR, "password": DEMO_PASSWORD}
    slowed = visitor.post("/api/session", json=right)
    body = problem(slowed, 429, "slow_down")
    wait = int(slowed.headers["retry-after"])
    assert wait > 0 and f"{wait} secondes" in body["detail_fr"]
    log_in_api(visitor, CPAS[1])  # another person is not slowed down


def test_a_malformed_login_is_a_400_problem(visitor: Client) -> None:
    body = problem(visitor.post("/api/session", json={"email": 3}), 400, "invalid_request")
    assert {error["name"] for error in body["errors"]} >= {"password"}
    problem(visitor.post("/api/session", content=b"{"), 400, "invalid_request")


def test_logging_out_ends_the_token(visitor: Client, bearer: dict[str, str]) -> None:
    assert visitor.delete("/api/session", headers=bearer).status_code == 204
    problem(visitor.get("/api/interpellations", headers=bearer), 401, "login_required")
    problem(visitor.delete("/api/session", headers=bearer), 401, "login_required")


def test_the_token_of_a_person_removed_from_the_record_stops_working(
    visitor: Client, registre: Store
) -> None:
    headers = log_in_api(visitor, OUTSIDER)
    assert visitor.get("/api/interpellations", headers=headers).status_code == 200

    def without_them(snapshot: Snapshot) -> Draft:
        members = [m for m in load_record(snapshot).members if m.email != OUTSIDER]
        return Draft({MEMBERS_FILE: dump_yaml(Members(members=members))}, "Retire un membre")

    registre.transact(without_them, author=load_record(registre.snapshot()).identity(COORDINATOR))
    problem(visitor.get("/api/interpellations", headers=headers), 401, "login_required")
    assert visitor.get("/api/interpellations", headers=log_in_api(visitor)).status_code == 200


# -- the list ---------------------------------------------------------------------------------


def ids(answer: Any) -> list[str]:
    assert answer.status_code == 200, answer.text
    return [item["id"] for item in answer.json()["items"]]


def test_the_list_pages_through_every_interpellation(
    visitor: Client, bearer: dict[str, str]
) -> None:
    everything = visitor.get("/api/interpellations?limit=200", headers=bearer).json()
    assert [item["id"] for item in everything["items"]] == EVERY_ID
    assert everything["next_offset"] is None
    pages = []
    for offset, next_offset in ((0, 2), (2, 4), (4, None)):
        page = visitor.get(f"/api/interpellations?limit=2&offset={offset}", headers=bearer)
        assert page.json()["next_offset"] == next_offset
        assert page.json()["limit"] == 2 and page.json()["offset"] == offset
        pages += ids(page)
    assert pages == EVERY_ID
    beyond = visitor.get("/api/interpellations?offset=10", headers=bearer).json()
    assert beyond["items"] == [] and beyond["next_offset"] is None


def test_each_line_says_where_each_side_stands(visitor: Client, bearer: dict[str, str]) -> None:
    lines = {
        i["id"]: i for i in visitor.get("/api/interpellations", headers=bearer).json()["items"]
    }
    housing = lines["2025/logements-vides"]
    assert housing["title"] == "Logements vides" and housing["state"] == "approved"
    assert (housing["year"], housing["slug"]) == (2025, "logements-vides")
    assert (housing["theme"], housing["group"]) == ("logement", "gt-logement")
    assert housing["languages"] == ["fr", "nl"]
    assert housing["addressees"] == ["college-valbrune"]
    assert housing["updated_at"] == "2025-03-20T14:00:00+01:00"  # the approving signature
    assert housing["comments"] == 2 and housing["open_objections"] == 0  # a reply is no thread
    # as the approval recorded them
    assert housing["signatures"] == [
        {"side": "cpas", "signed": 3, "quorum": 3},
        {"side": "associatif", "signed": 3, "quorum": 3},
    ]
    deposit = lines["2026/garantie-locative"]
    assert deposit["state"] == "submitted" and deposit["open_objections"] == 1
    # counted today: the associative substitute counts for a member who has not signed
    assert deposit["signatures"] == [
        {"side": "cpas", "signed": 2, "quorum": 3},
        {"side": "associatif", "signed": 3, "quorum": 3},
    ]
    rents = lines["2026/loyers"]
    assert rents["state"] == "submitted"
    assert rents["signatures"] == [  # edited after approval: the signatures are to give again
        {"side": "cpas", "signed": 0, "quorum": 3},
        {"side": "associatif", "signed": 0, "quorum": 3},
    ]
    assert lines["2026/acces-aux-soins"]["state"] == "draft"
    assert lines["2026/acces-aux-soins"]["comments"] == 1
    assert lines["2026/expulsions"]["state"] == "withdrawn"
    assert lines["2026/acces-aux-soins"]["signatures"] == lines["2026/expulsions"]["signatures"]
    assert lines["2026/expulsions"]["signatures"] == []


def test_a_signature_given_today_counts_in_the_list(
    visitor: Client, bearer: dict[str, str], registre: Store
) -> None:
    sign(registre, CPAS[2], DEPOSIT, text_id(registre, DEPOSIT))
    line = visitor.get("/api/interpellations?q=garantie", headers=bearer).json()["items"]
    assert [i["id"] for i in line] == ["2026/garantie-locative"]
    assert line[0]["signatures"] == [
        {"side": "cpas", "signed": 3, "quorum": 3},
        {"side": "associatif", "signed": 3, "quorum": 3},
    ]
    # each side's quorum, but the objection still blocks the approval
    assert line[0]["state"] == "submitted" and line[0]["open_objections"] == 1
    approval = visitor.get(DEPOSIT_URL, headers=bearer).json()["approval"]
    assert [side["reached"] for side in approval["sides"]] == [True, True]
    assert not approval["complete"] and not approval["approved"]


def test_search_and_filters(visitor: Client, bearer: dict[str, str]) -> None:
    def found(query: str) -> list[str]:
        return ids(visitor.get(f"/api/interpellations?{query}", headers=bearer))

    assert found("q=immeubles") == ["2025/logements-vides"]
    assert found("q=leegstaande") == ["2025/logements-vides"]  # the Dutch text is searched too
    assert found("q=chiffre") == ["2025/logements-vides"]  # and the comments
    assert found("q=maisons") == ["2026/acces-aux-soins"]
    assert found("q=zzzzzz") == []
    assert found("state=approved") == ["2025/logements-vides"]
    assert found("state=submitted") == ["2026/loyers", "2026/garantie-locative"]
    assert found("state=draft") == ["2026/acces-aux-soins"]
    assert found("state=withdrawn") == ["2026/expulsions"]
    assert found("theme=sante") == ["2026/acces-aux-soins"]
    assert found("theme=logement") == [i for i in EVERY_ID if i != "2026/acces-aux-soins"]
    assert found("group=gt-sante") == ["2026/acces-aux-soins"]
    assert found("group=gt-logement&year=2025") == ["2025/logements-vides"]
    assert found("year=2025&state=approved&authority=college-valbrune") == ["2025/logements-vides"]
    assert found("authority=ministre-logement") == []
    assert found("year=2026") == EVERY_ID[:4]
    assert found("year=2024") == []


BAD_QUERIES = [
    "state=bogus",
    "limit=0",
    "limit=201",
    "offset=-1",
    "year=abc",
    "theme=Not%20A%20Slug",
]


def test_a_bad_query_parameter_is_a_400_problem(visitor: Client, bearer: dict[str, str]) -> None:
    for query in BAD_QUERIES:
        answer = visitor.get(f"/api/interpellations?{query}", headers=bearer)
        body = problem(answer, 400, "invalid_request")
        name = query.split("=")[0]
        assert [error["name"] for error in body["errors"]] == [name], query
        assert body["errors"][0]["source"] == "query"
        assert name in body["detail_fr"] and name in body["detail_nl"]
        assert body["detail_nl"] != body["detail_fr"]


# -- one interpellation -----------------------------------------------------------------------


def test_an_approved_interpellation_as_its_approval_recorded_it(
    visitor: Client, bearer: dict[str, str], registre: Store
) -> None:
    body = visitor.get(HOUSING_URL, headers=bearer).json()
    assert body["id"] == "2025/logements-vides" and body["state"] == "approved"
    assert (body["year"], body["slug"], body["title"]) == (
        2025,
        "logements-vides",
        "Logements vides",
    )
    assert body["version"] == registre.head()
    # the text the committee signed in `registre.py`
    assert body["text_id"] == text_id(registre, HOUSING) == body["approval"]["text_id"]
    assert body["languages"] == ["fr", "nl"]
    french, dutch = body["texts"]
    assert [french["language"], dutch["language"]] == ["fr", "nl"]
    assert french["front"] == {
        "title": "Logements vides",
        "theme": "logement",
        "group": "gt-logement",
        "addressees": ["college-valbrune"],
        "copies": ["conseil-cpas"],
    }
    assert dutch["front"]["title"] == "Leegstaande woningen"
    assert [(s["key"], s["heading"]) for s in french["sections"]] == [
        ("constats", "Constats"),
        ("avis", "Avis"),
        ("propositions", "Propositions"),
    ]
    assert [s["heading"] for s in dutch["sections"]] == ["Vaststellingen", "Advies", "Voorstellen"]
    assert french["sections"][0]["markdown"] == (
        "Soixante immeubles sont vides depuis plus d'un an à Valbrune.\n\n"
        "Les loyers augmentent chaque année."
    )
    assert french["proposals"] == [
        "Percevoir la taxe.",
        "Publier l'inventaire des immeubles vides.",
    ]
    assert dutch["proposals"] == [
        "De belasting innen.",
        "De inventaris van leegstaande gebouwen publiceren.",
    ]
    approval = body["approval"]
    assert approval["approved"] and approval["complete"]
    assert approval["approved_at"] == "2025-03-20T14:00:00+01:00"  # Karim Benali's signature
    assert approval["objections"] == []
    cpas, associative = approval["sides"]
    assert (cpas["side"], associative["side"]) == ("cpas", "associatif")
    assert names(cpas["signers"]) == ["Alice Martin", "Bruno Lefebvre", "Chloé Dupont"]
    assert emails(cpas["signers"]) == CPAS[:3]
    assert names(associative["signers"]) == ["Inès Janssens", "Jules Peeters", "Karim Benali"]
    assert emails(associative["signers"]) == ASSOCIATIVE[:3]
    for side in (cpas, associative):
        assert (side["count"], side["quorum"], side["missing"]) == (3, 3, 0)
        assert side["reached"] and side["as_of"] == "2025-03-20"
        assert side["substitutes"] == []
        # once approved, nobody is still to sign (David Renard, sitting since 2026, is not)
        assert side["not_signed"] == []
    assert approval["explanation"] == [
        "Côté CPAS : 3 signatures valables sur 3 requises — "
        "signé par Alice Martin, Bruno Lefebvre, Chloé Dupont",
        "Côté associatif : 3 signatures valables sur 3 requises — "
        "signé par Inès Janssens, Jules Peeters, Karim Benali",
        "Le texte a été approuvé par le comité de pilotage le 2025-03-20, avec le quorum de "
        "chaque côté.",
    ]


def test_a_submitted_text_is_counted_as_of_today_with_its_substitute(
    visitor: Client, bearer: dict[str, str]
) -> None:
    body = visitor.get(DEPOSIT_URL, headers=bearer).json()
    assert body["state"] == "submitted" and body["languages"] == ["fr"]
    approval = body["approval"]
    assert not approval["approved"] and approval["approved_at"] is None
    assert not approval["complete"]
    cpas, associative = approval["sides"]
    assert cpas["side"] == "cpas" and cpas["as_of"] == today().isoformat()
    assert (cpas["count"], cpas["quorum"], cpas["missing"], cpas["reached"]) == (2, 3, 1, False)
    assert names(cpas["signers"]) == ["Alice Martin", "Bruno Lefebvre"]
    assert cpas["substitutes"] == []
    # Franck Moreau's mandate ended in June 2026: he is not asked to sign
    still_to_sign = ["Chloé Dupont"] + (["David Renard"] if today() <= RENARD_ENDS else [])
    assert names(cpas["not_signed"]) == still_to_sign
    assert associative["side"] == "associatif" and associative["as_of"] == today().isoformat()
    assert (associative["count"], associative["missing"], associative["reached"]) == (3, 0, True)
    assert names(associative["signers"]) == ["Inès Janssens", "Jules Peeters", "Marc Wouters"]
    assert associative["substitutes"] == [
        {"email": "marc.wouters@asbl-horizon.example", "name": "Marc Wouters"}
    ]
    assert names(associative["not_signed"]) == ["Karim Benali", "Léa Dubois"]
    assert approval["explanation"][:2] == [
        "Côté CPAS : 2 signatures valables sur 3 requises — "
        "signé par Alice Martin, Bruno Lefebvre — il manque 1 signature",
        "Côté associatif : 3 signatures valables sur 3 requises — "
        "signé par Inès Janssens, Jules Peeters, Marc Wouters (suppléance)",
    ]


def test_an_open_objection_blocks_approval(visitor: Client, bearer: dict[str, str]) -> None:
    approval = visitor.get(DEPOSIT_URL, headers=bearer).json()["approval"]
    assert not approval["approved"] and not approval["complete"]
    [objection] = approval["objections"]
    assert objection["status"] == "open" and objection["blocking"]
    assert objection["section"] == "constats"
    assert objection["by"] == {"email": CPAS[2], "name": "Chloé Dupont"}
    assert objection["at"] == "2026-09-14T10:00:00+02:00"
    assert objection["reason"] == "Le montant cité est daté."
    assert objection["id"].startswith("o-")
    assert approval["explanation"][2:] == [
        "L'objection de Chloé Dupont bloque l'approbation tant qu'elle n'est ni retirée par son "
        "auteur ni tranchée par le comité de pilotage : Le montant cité est daté."
    ]


def decide(registre: Store, objection: str, outcome: Outcome, reason: str) -> None:
    """The committee decides, its quorum of each side present."""
    present = [*CPAS[:3], *ASSOCIATIVE[:3]]
    record_decision(registre, PRESIDENT, DEPOSIT, objection, outcome, present, reason)


def test_a_maintained_objection_still_blocks(
    visitor: Client, bearer: dict[str, str], registre: Store
) -> None:
    objection = visitor.get(DEPOSIT_URL, headers=bearer).json()["approval"]["objections"][0]
    decide(registre, objection["id"], Outcome.MAINTAINED, "Le montant doit être mis à jour.")
    approval = visitor.get(DEPOSIT_URL, headers=bearer).json()["approval"]
    [maintained] = approval["objections"]
    assert maintained["id"] == objection["id"]
    assert maintained["status"] == "maintained" and maintained["blocking"]
    assert approval["explanation"][2:] == [
        "Le comité de pilotage a maintenu l'objection de Chloé Dupont : elle bloque "
        "l'approbation jusqu'à ce que le texte soit modifié : Le montant cité est daté."
    ]


def test_an_overruled_objection_no_longer_blocks(
    visitor: Client, bearer: dict[str, str], registre: Store
) -> None:
    objection = visitor.get(DEPOSIT_URL, headers=bearer).json()["approval"]["objections"][0]
    decide(registre, objection["id"], Outcome.OVERRULED, "Le montant est celui de la loi.")
    approval = visitor.get(DEPOSIT_URL, headers=bearer).json()["approval"]
    [overruled] = approval["objections"]
    assert overruled["status"] == "overruled" and not overruled["blocking"]
    assert len(approval["explanation"]) == 2  # the two sides, nothing blocks
    assert not approval["complete"]  # the CPAS side still lacks a signature


def test_the_signature_that_completes_the_quorum_approves_today(
    visitor: Client, bearer: dict[str, str], registre: Store
) -> None:
    objection = visitor.get(DEPOSIT_URL, headers=bearer).json()["approval"]["objections"][0]
    decide(registre, objection["id"], Outcome.OVERRULED, "Le montant est celui de la loi.")
    sign(registre, CPAS[2], DEPOSIT, text_id(registre, DEPOSIT))
    body = visitor.get(DEPOSIT_URL, headers=bearer).json()
    assert body["state"] == "approved"
    approval = body["approval"]
    assert approval["approved"] and approval["complete"]
    assert approval["approved_at"].startswith(today().isoformat())
    cpas, associative = approval["sides"]
    assert names(cpas["signers"]) == ["Alice Martin", "Bruno Lefebvre", "Chloé Dupont"]
    assert names(associative["signers"]) == ["Inès Janssens", "Jules Peeters", "Marc Wouters"]
    assert names(associative["substitutes"]) == ["Marc Wouters"]
    for side in (cpas, associative):
        assert (side["count"], side["missing"], side["reached"]) == (3, 0, True)
        assert side["as_of"] == today().isoformat()
        assert side["not_signed"] == []  # approved: nobody is still to sign
    assert approval["explanation"][-1] == (
        f"Le texte a été approuvé par le comité de pilotage le {today().isoformat()}, avec le "
        "quorum de chaque côté."
    )
    approved = visitor.get("/api/interpellations?state=approved&year=2026", headers=bearer)
    [line] = approved.json()["items"]
    assert line["id"] == "2026/garantie-locative"
    assert [t["signed"] for t in line["signatures"]] == [3, 3]


def test_an_edited_text_is_to_sign_again(visitor: Client, bearer: dict[str, str]) -> None:
    body = visitor.get(RENTS_URL, headers=bearer).json()
    assert body["state"] == "submitted"
    assert body["texts"][0]["sections"][0]["markdown"] == (
        "Les travailleurs sociaux constatent la hausse des loyers depuis 2024."
    )
    approval = body["approval"]
    assert not approval["approved"] and approval["approved_at"] is None
    cpas, associative = approval["sides"]
    for side in (cpas, associative):
        assert (side["count"], side["missing"], side["reached"]) == (0, 3, False)
        assert side["signers"] == [] and side["as_of"] == today().isoformat()
    sitting_cpas = ["Alice Martin", "Bruno Lefebvre", "Chloé Dupont"]
    sitting_cpas += ["David Renard"] if today() <= RENARD_ENDS else []
    assert names(cpas["not_signed"]) == sitting_cpas
    assert names(associative["not_signed"]) == [
        "Inès Janssens",
        "Jules Peeters",
        "Karim Benali",
        "Léa Dubois",
    ]
    assert approval["explanation"] == [
        "Côté CPAS : 0 signature valable sur 3 requises — il manque 3 signatures",
        "Côté associatif : 0 signature valable sur 3 requises — il manque 3 signatures",
    ]


def test_dutch_when_the_client_asks_for_it(visitor: Client, bearer: dict[str, str]) -> None:
    dutch = {**bearer, "Accept-Language": "nl-BE,nl;q=0.9,fr;q=0.5"}
    explanation = visitor.get(HOUSING_URL, headers=dutch).json()["approval"]["explanation"]
    assert explanation == [
        "Kant OCMW: 3 geldige handtekeningen van de 3 vereiste — ondertekend door "
        "Alice Martin, Bruno Lefebvre, Chloé Dupont",
        "Kant verenigingen: 3 geldige handtekeningen van de 3 vereiste — ondertekend door "
        "Inès Janssens, Jules Peeters, Karim Benali",
        "De tekst werd op 2025-03-20 door het stuurcomité goedgekeurd, met het quorum van "
        "elke kant.",
    ]
    missing = visitor.get("/api/interpellations/2025/nergens", headers=dutch)
    body = problem(missing, 404, "not_found")
    assert body["detail"] == body["detail_nl"] == "Deze interpellatie bestaat niet."
    assert body["detail_fr"] == "Cette interpellation n'existe pas."
    french = {**bearer, "Accept-Language": "fr-BE, nl;q=0.8"}
    body = problem(
        visitor.get("/api/interpellations/2025/nergens", headers=french), 404, "not_found"
    )
    assert body["detail"] == body["detail_fr"]


def test_the_explanation_in_dutch(visitor: Client, bearer: dict[str, str]) -> None:
    dutch = {**bearer, "Accept-Language": "nl"}
    explanation = visitor.get(DEPOSIT_URL, headers=dutch).json()["approval"]["explanation"]
    assert explanation == [
        "Kant OCMW: 2 geldige handtekeningen van de 3 vereiste — ondertekend door "
        "Alice Martin, Bruno Lefebvre — er ontbreekt 1 handtekening",
        "Kant verenigingen: 3 geldige handtekeningen van de 3 vereiste — ondertekend door "
        "Inès Janssens, Jules Peeters, Marc Wouters (plaatsvervanging)",
        # the reason is the member's own words
        "Het bezwaar van Chloé Dupont blokkeert de goedkeuring zolang het niet door de "
        "indiener is ingetrokken of door het stuurcomité is beslecht: Le montant cité est daté.",
    ]


# -- history and differences ------------------------------------------------------------------

# The history of 2025/logements-vides, newest first: (action, author)
HOUSING_HISTORY = [
    ("sign", "Karim Benali"),  # completes the approval
    ("sign", "Jules Peeters"),
    ("sign", "Inès Janssens"),
    ("sign", "Chloé Dupont"),
    ("sign", "Bruno Lefebvre"),
    ("sign", "Alice Martin"),
    ("submit", "Hugo Petit"),
    ("edit", "Hugo Petit"),  # the Dutch text
    ("resolve", "Hugo Petit"),
    ("comment", "Chloé Dupont"),
    ("reply", "Hugo Petit"),
    ("comment", "Léa Dubois"),
    ("create", "Hugo Petit"),
]


def test_history_pages(visitor: Client, bearer: dict[str, str]) -> None:
    seen = []
    for page, size in ((1, 5), (2, 5), (3, 3)):
        answer = visitor.get(f"{HOUSING_URL}/history?limit=5&page={page}", headers=bearer)
        body = answer.json()
        assert (body["id"], body["page"], body["limit"]) == ("2025/logements-vides", page, 5)
        assert (body["total"], body["pages"]) == (13, 3)
        assert len(body["items"]) == size
        seen += body["items"]
    assert [(e["action"], e["author"]["name"]) for e in seen] == HOUSING_HISTORY
    assert len({e["version"] for e in seen}) == 13
    assert [e["previous"] for e in seen] == [e["version"] for e in seen[1:]] + [None]
    assert seen[0]["date"] == "2025-03-20T14:00:00+01:00"
    assert (
        seen[0]["subject"] == "Signe « Logements vides » — texte approuvé par le comité de pilotage"
    )
    assert seen[-1]["date"] == "2025-03-03T10:00:00+01:00"
    assert [e["text_changed"] for e in seen].count(True) == 2  # created, then the Dutch added
    assert seen[7]["subject"] == "Ajoute le néerlandais" and seen[7]["text_changed"]
    whole = visitor.get(f"{HOUSING_URL}/history?limit=200", headers=bearer).json()
    assert whole["items"] == seen and whole["pages"] == 1
    assert visitor.get(f"{HOUSING_URL}/history", headers=bearer).json()["limit"] == 20


def test_history_beyond_the_last_page_is_empty(visitor: Client, bearer: dict[str, str]) -> None:
    beyond = visitor.get(f"{HOUSING_URL}/history?page=4&limit=5", headers=bearer).json()
    assert beyond["items"] == []
    assert beyond["page"] == 4 and beyond["pages"] == 3


def test_the_diff_of_two_versions_shows_the_changed_words(
    visitor: Client, bearer: dict[str, str]
) -> None:
    history = visitor.get(f"{RENTS_URL}/history", headers=bearer).json()["items"]
    assert [e["action"] for e in history] == ["edit"] + ["sign"] * 6 + ["submit", "create"]
    edit = history[0]
    assert edit["author"]["name"] == "Gaëlle Simon" and edit["text_changed"]
    answer = visitor.get(
        f"{RENTS_URL}/diff?from={edit['previous'][:10]}&to={edit['version']}", headers=bearer
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["id"] == "2026/loyers" and body["title"] == "Loyers" and body["changed"]
    older, newer = body["from_version"], body["to_version"]
    assert older["version"] == edit["previous"]  # the abbreviated version, found
    assert (older["action"], older["author"]) == ("sign", "Karim Benali")
    assert older["date"] == "2026-06-10T14:00:00+02:00"
    assert newer["version"] == edit["version"]
    assert (newer["action"], newer["author"]) == ("edit", "Gaëlle Simon")
    assert newer["subject"] == "Précise — rouvre l'approbation : les signatures sont à redonner"
    [french] = body["languages"]
    assert french["language"] == "fr" and french["changed"]
    sections = {s["key"]: s for s in french["sections"]}
    assert list(sections) == ["front", "constats", "avis", "propositions"]
    findings = sections["constats"]
    assert findings["changed"] and findings["heading"] == "Constats"
    assert findings["pieces"] == [
        {"op": "equal", "text": "Les travailleurs sociaux constatent la hausse des "},
        {"op": "delete", "text": "loyers."},
        {"op": "insert", "text": "loyers depuis 2024."},
    ]
    assert sections["avis"]["changed"] and sections["avis"]["pieces"] == [
        {"op": "equal", "text": "La coordination estime que la hausse des loyers "},
        {"op": "insert", "text": "depuis 2024 "},
        {"op": "equal", "text": "appelle une réponse."},
    ]
    for unchanged in (sections["front"], sections["propositions"]):
        assert not unchanged["changed"] and {p["op"] for p in unchanged["pieces"]} == {"equal"}
    assert sections["propositions"]["pieces"] == [
        {"op": "equal", "text": "1. Réunir les services concernés.\n2. Publier un état des lieux."}
    ]


def test_the_default_diff_is_the_last_change_of_the_text(
    visitor: Client, bearer: dict[str, str]
) -> None:
    body = visitor.get(f"{HOUSING_URL}/diff", headers=bearer).json()
    assert body["changed"]
    history = visitor.get(f"{HOUSING_URL}/history?limit=200", headers=bearer).json()["items"]
    # from the version before the Dutch text was added, to the current one
    assert body["from_version"]["version"] == history[8]["version"]
    assert (body["from_version"]["action"], body["from_version"]["author"]) == (
        "resolve",
        "Hugo Petit",
    )
    assert body["to_version"]["version"] == history[0]["version"]
    assert (body["to_version"]["action"], body["to_version"]["author"]) == ("sign", "Karim Benali")
    french, dutch = body["languages"]
    assert french["language"] == "fr" and not french["changed"]
    assert all({p["op"] for p in s["pieces"]} == {"equal"} for s in french["sections"])
    assert dutch["language"] == "nl" and dutch["changed"]
    findings = next(s for s in dutch["sections"] if s["key"] == "constats")
    assert findings["heading"] == "Vaststellingen"
    assert findings["pieces"] == [
        {
            "op": "insert",
            "text": "Zestig gebouwen staan al meer dan een jaar leeg in Valbrune.\n\n"
            "De huurprijzen stijgen elk jaar.",
        }
    ]


FORGED = [
    "/api/interpellations/2025/..%2Fx",
    "/api/interpellations/2025/--all",
    "/api/interpellations/2025/HEAD~1",
    "/api/interpellations/2025/--all/history",
    "/api/interpellations/0/logements-vides",
    "/api/interpellations/2025/nergens/diff",
    "/api/interpellations/2025/nergens/history",
    "/api/interpellations/2026/logements-vides",  # the slug exists, in another year
    f"{HOUSING_URL}/diff?from=--all",
    f"{HOUSING_URL}/diff?from=HEAD~1",
    f"{HOUSING_URL}/diff?to=../x",
    f"{HOUSING_URL}/diff?from=0000000000000000000000000000000000000000",
    f"{HOUSING_URL}/diff?to=deadbeef",
    "/api/interpellations/2025/logements-vides/nothing",
    "/api/nothing",
]


def test_forged_ids_and_versions_are_404_problems(visitor: Client, bearer: dict[str, str]) -> None:
    for path in FORGED:
        body = problem(visitor.get(path, headers=bearer), 404, code_for(path))
        assert body["detail_nl"] != body["detail_fr"]


def code_for(path: str) -> str:
    """Refused by the domain's checks, or (a slash in a slug) by routing: 404 either way."""
    if any(forged in path for forged in ("--all", "HEAD~1", "../x", "/0/")):
        return "invalid_identifier"
    return "not_found"


def test_an_unknown_method_is_a_405_problem(visitor: Client, bearer: dict[str, str]) -> None:
    answer = visitor.patch("/api/interpellations", headers=bearer)
    body = problem(answer, 405, "method_not_allowed")
    assert body["detail_nl"] != body["detail_fr"]
    assert "GET" in answer.headers["allow"]


def test_pages_keep_their_html_error_pages(visitor: Client) -> None:
    assert log_in(visitor, COORDINATOR).status_code in (302, 303)
    page = visitor.get("/page-qui-n-existe-pas")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    missing = visitor.get("/interpellations/2025/nergens")
    assert missing.status_code == 404 and "text/html" in missing.headers["content-type"]


# -- the document -----------------------------------------------------------------------------


def test_the_openapi_document_describes_every_api_operation(visitor: Client) -> None:
    document = visitor.get("/schema/openapi.json").json()
    operations = {
        (method.upper(), path): operation
        for path, item in document["paths"].items()
        if path.startswith("/api/")
        for method, operation in item.items()
        if method in ("get", "post", "delete", "put", "patch")
    }
    assert set(operations) == API_OPERATIONS
    for (method, path), operation in operations.items():
        assert operation["operationId"] and operation["summary"], (method, path)
        success = next(code for code in operation["responses"] if code.startswith("2"))
        content = operation["responses"][success].get("content", {})
        if path.endswith("/letters/{authority}"):  # a file: PDF, DOCX or ODT
            assert set(content) == {"application/octet-stream"}
        elif success != "204":
            assert content["application/json"]["schema"]["$ref"].startswith("#/components/")
        errors = [code for code in operation["responses"] if code >= "400"]
        assert "401" in errors, (method, path)
        for code in errors:
            content = operation["responses"][code]["content"]
            assert content == {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    problem_schema = document["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail", "code", "detail_fr", "detail_nl"} <= set(
        problem_schema["required"] + list(problem_schema["properties"])
    )
    sides = document["components"]["schemas"]["SideApproval"]["properties"]
    assert {"count", "quorum", "missing", "reached", "as_of", "signers", "substitutes"} <= set(
        sides
    )
