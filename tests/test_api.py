"""The JSON API on the demo record: bearer login, reading operations, problem details."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import COORDINATOR, CPAS, DEMO_PASSWORD, OUTSIDER, STRANGER, status_of
from litestar import Litestar
from litestar.testing import TestClient

from interpellations.record.ids import InterpellationId
from interpellations.record.interpellation import load_interpellation
from interpellations.record.loading import MEMBERS_FILE, load_record
from interpellations.record.model import Members
from interpellations.record.store import Draft, Snapshot
from interpellations.yamlio import dump_yaml
from server.accounts import FREE_FAILURES
from server.problem_details import PROBLEM_JSON

HOUSING = "/api/interpellations/2025/logements-vides"
MEDICAL = "/api/interpellations/2026/aide-medicale-urgente"
Client = TestClient[Litestar]


def log_in_api(client: Client, email: str = COORDINATOR) -> dict[str, str]:
    answer = client.post("/api/session", json={"email": email, "password": DEMO_PASSWORD})
    assert answer.status_code == 201, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


@pytest.fixture
def bearer(anonymous: Client) -> dict[str, str]:
    return log_in_api(anonymous)


def problem(answer: Any, status: int, code: str) -> dict[str, Any]:
    """The problem details of an answer, checked for their shape."""
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith(PROBLEM_JSON)
    body: dict[str, Any] = answer.json()
    assert body["status"] == status and body["code"] == code
    assert body["title"] and body["type"] == "about:blank"
    assert body["detail"] in (body["detail_fr"], body["detail_nl"])
    return body


# -- logging in -------------------------------------------------------------------------------


def test_a_member_logs_in_and_reads_with_the_token(anonymous: Client) -> None:
    answer = anonymous.post("/api/session", json={"email": COORDINATOR, "password": DEMO_PASSWORD})
    assert answer.status_code == 201
    body = answer.json()
    assert body["token_type"] == "bearer"  # noqa: S105 - the scheme's name
    assert body["expires_in"] == 30 * 24 * 3600
    assert "session" not in anonymous.cookies  # a token, not a cookie
    headers = {"Authorization": f"Bearer {body['token']}"}
    assert anonymous.get("/api/interpellations", headers=headers).status_code == 200


def test_without_a_token_the_api_answers_401_problem(anonymous: Client) -> None:
    for headers in ({}, {"Authorization": "Bearer forged"}, {"Authorization": "Basic eA=="}):
        answer = anonymous.get("/api/interpellations", headers=headers)
        body = problem(answer, 401, "login_required")
        assert answer.headers["www-authenticate"].startswith("Bearer")
        assert "POST /api/session" in body["detail_fr"]
        assert body["detail_nl"] != body["detail_fr"]  # worded in both languages


def test_a_page_session_cookie_does_not_open_the_api(client: Client) -> None:
    problem(client.get("/api/interpellations"), 401, "login_required")


def test_wrong_credentials_are_a_401_problem(anonymous: Client) -> None:
    for email, password in ((COORDINATOR, "pas le bon"), (STRANGER, DEMO_PASSWORD)):
        answer = anonymous.post("/api/session", json={"email": email, "password": password})
        body = problem(answer, 401, "wrong_password")
        assert body["detail_fr"] == "Adresse e-mail ou mot de passe incorrect."


def test_repeated_guesses_are_slowed_with_retry_after(anonymous: Client) -> None:
    for _ in range(FREE_FAILURES):
        wrong = {"email": COORDINATOR, "password": "devinette"}
        problem(anonymous.post("/api/session", json=wrong), 401, "wrong_password")
    right = {"email": COORDINATOR, "password": DEMO_PASSWORD}
    slowed = anonymous.post("/api/session", json=right)
    body = problem(slowed, 429, "slow_down")
    wait = int(slowed.headers["retry-after"])
    assert wait > 0 and f"{wait} secondes" in body["detail_fr"]
    log_in_api(anonymous, CPAS[1])  # another person is not slowed down


def test_a_malformed_login_is_a_400_problem(anonymous: Client) -> None:
    body = problem(anonymous.post("/api/session", json={"email": 3}), 400, "invalid_request")
    assert {error["name"] for error in body["errors"]} >= {"password"}
    problem(anonymous.post("/api/session", content=b"{"), 400, "invalid_request")


def test_logging_out_ends_the_token(anonymous: Client, bearer: dict[str, str]) -> None:
    assert anonymous.delete("/api/session", headers=bearer).status_code == 204
    problem(anonymous.get("/api/interpellations", headers=bearer), 401, "login_required")
    problem(anonymous.delete("/api/session", headers=bearer), 401, "login_required")


def test_the_token_of_a_person_removed_from_the_record_stops_working(anonymous: Client) -> None:
    headers = log_in_api(anonymous, OUTSIDER)
    assert anonymous.get("/api/interpellations", headers=headers).status_code == 200
    store = anonymous.app.state["service"].store

    def without_them(snapshot: Snapshot) -> Draft:
        members = [m for m in load_record(snapshot).members if m.email != OUTSIDER]
        return Draft({MEMBERS_FILE: dump_yaml(Members(members=members))}, "Retire un membre")

    store.transact(without_them, author=load_record(store.snapshot()).identity(COORDINATOR))
    problem(anonymous.get("/api/interpellations", headers=headers), 401, "login_required")


# -- the list ---------------------------------------------------------------------------------


def ids(answer: Any) -> list[str]:
    assert answer.status_code == 200, answer.text
    return [item["id"] for item in answer.json()["items"]]


def test_the_list_pages_through_every_interpellation(
    anonymous: Client, bearer: dict[str, str]
) -> None:
    everything = anonymous.get("/api/interpellations?limit=200", headers=bearer).json()
    assert everything["next_offset"] is None
    all_ids = [item["id"] for item in everything["items"]]
    assert len(all_ids) == anonymous.app.state["service"].index.count() > 5
    first = anonymous.get("/api/interpellations?limit=5", headers=bearer).json()
    assert first["next_offset"] == 5
    second = anonymous.get("/api/interpellations?limit=5&offset=5", headers=bearer)
    assert [i["id"] for i in first["items"]] + ids(second) == all_ids[:10]
    line = next(i for i in everything["items"] if i["id"] == "2025/logements-vides")
    assert line["state"] == "approved" and line["languages"] == ["fr", "nl"]
    assert line["addressees"] == ["college-hautvallon"]
    assert {t["side"]: t["signed"] for t in line["signatures"]} == {"cpas": 3, "associatif": 3}


def test_search_and_filters(anonymous: Client, bearer: dict[str, str]) -> None:
    def found(query: str) -> list[str]:
        return ids(anonymous.get(f"/api/interpellations?{query}", headers=bearer))

    assert "2025/logements-vides" in found("q=immeubles")
    assert "2025/logements-vides" in found("q=leegstaande")  # the Dutch text is searched too
    assert found("q=zzzzzz") == []
    approved = found("state=approved")
    assert "2025/logements-vides" in approved and "2026/aide-medicale-urgente" not in approved
    assert set(found("theme=logement")) >= {"2025/logements-vides"}
    assert "2025/logements-vides" in found("group=gt-logement&year=2025")
    assert found("year=2025&state=approved&authority=college-hautvallon") == [
        "2025/logements-vides"
    ]
    assert all(i.startswith("2026/") for i in found("year=2026"))


BAD_QUERIES = [
    "state=bogus",
    "limit=0",
    "limit=201",
    "offset=-1",
    "year=abc",
    "theme=Not%20A%20Slug",
]


def test_a_bad_query_parameter_is_a_400_problem(anonymous: Client, bearer: dict[str, str]) -> None:
    for query in BAD_QUERIES:
        answer = anonymous.get(f"/api/interpellations?{query}", headers=bearer)
        body = problem(answer, 400, "invalid_request")
        name = query.split("=")[0]
        assert [error["name"] for error in body["errors"]] == [name], query
        assert body["errors"][0]["source"] == "query"
        assert name in body["detail_fr"] and name in body["detail_nl"]
        assert body["detail_nl"] != body["detail_fr"]


# -- one interpellation -----------------------------------------------------------------------


def test_an_approved_interpellation_and_its_status(
    anonymous: Client, bearer: dict[str, str]
) -> None:
    body = anonymous.get(HOUSING, headers=bearer).json()
    store = anonymous.app.state["service"].store
    iid = InterpellationId(2025, "logements-vides")
    read = load_interpellation(store.snapshot(), iid)
    status = status_of(load_record(store.snapshot()), read)
    assert body["id"] == "2025/logements-vides" and body["state"] == "approved"
    assert body["text_id"] == read.text_id == body["approval"]["text_id"]
    assert [t["language"] for t in body["texts"]] == ["fr", "nl"]
    french = body["texts"][0]
    assert french["front"]["title"] == read.title
    assert [s["key"] for s in french["sections"]] == ["constats", "avis", "propositions"]
    assert body["texts"][1]["sections"][0]["heading"] == "Vaststellingen"
    assert french["proposals"] == read.french.proposals
    approval = body["approval"]
    assert approval["approved"] and approval["complete"] and approval["approved_at"]
    for side in approval["sides"]:
        rule = next(s for s in status.sides.values() if s.side.value == side["side"])
        assert side["count"] == rule.count == 3 and side["quorum"] == rule.quorum == 3
        assert [p["email"] for p in side["signers"]] == rule.signers
        assert [p["email"] for p in side["not_signed"]] == rule.not_signed
        assert side["reached"] and side["missing"] == 0
    assert approval["explanation"][-1] == "Le texte est approuvé par le comité de pilotage."


def test_an_open_objection_blocks_approval(anonymous: Client, bearer: dict[str, str]) -> None:
    approval = anonymous.get(MEDICAL, headers=bearer).json()["approval"]
    assert not approval["approved"] and not approval["complete"]
    blocking = [o for o in approval["objections"] if o["blocking"]]
    assert len(blocking) == 1
    objection = blocking[0]
    assert objection["status"] == "open" and objection["section"] == "propositions"
    assert objection["by"]["email"] == CPAS[3] and objection["by"]["name"]
    assert any(objection["id"] in line for line in approval["explanation"])


def test_dutch_when_the_client_asks_for_it(anonymous: Client, bearer: dict[str, str]) -> None:
    dutch = {**bearer, "Accept-Language": "nl-BE,nl;q=0.9,fr;q=0.5"}
    explanation = anonymous.get(HOUSING, headers=dutch).json()["approval"]["explanation"]
    assert explanation[-1] == "De tekst is goedgekeurd door het stuurcomité."
    missing = anonymous.get("/api/interpellations/2025/nergens", headers=dutch)
    body = problem(missing, 404, "not_found")
    assert body["detail"] == body["detail_nl"] == "Deze interpellatie bestaat niet."
    assert body["detail_fr"] == "Cette interpellation n'existe pas."
    french = {**bearer, "Accept-Language": "fr-BE, nl;q=0.8"}
    body = problem(
        anonymous.get("/api/interpellations/2025/nergens", headers=french), 404, "not_found"
    )
    assert body["detail"] == body["detail_fr"]


# -- history and differences ------------------------------------------------------------------


def test_history_pages(anonymous: Client, bearer: dict[str, str]) -> None:
    first = anonymous.get(f"{HOUSING}/history?limit=5", headers=bearer).json()
    total = anonymous.app.state["service"].index.history_length(
        InterpellationId(2025, "logements-vides")
    )
    assert first["total"] == total and first["pages"] == -(-total // 5) and first["page"] == 1
    second = anonymous.get(f"{HOUSING}/history?limit=5&page=2", headers=bearer).json()
    versions = [e["version"] for e in first["items"] + second["items"]]
    assert len(set(versions)) == 10
    dates = [e["date"] for e in first["items"] + second["items"]]
    assert dates == sorted(dates, reverse=True)  # same offset in autumn: text order is time order
    assert first["items"][0]["action"] == "sign" and first["items"][0]["author"]["name"]
    oldest = anonymous.get(f"{HOUSING}/history?limit=5&page={first['pages']}", headers=bearer)
    assert oldest.json()["items"][-1]["action"] == "create"
    beyond = anonymous.get(f"{HOUSING}/history?page={first['pages'] + 1}&limit=5", headers=bearer)
    assert beyond.json()["items"] == []


def test_the_diff_of_two_versions_shows_the_changed_words(
    anonymous: Client, bearer: dict[str, str]
) -> None:
    history = anonymous.get(f"{HOUSING}/history?limit=200", headers=bearer).json()["items"]
    edit = next(e for e in reversed(history) if e["action"] == "edit")  # the first edit
    answer = anonymous.get(
        f"{HOUSING}/diff?from={edit['previous'][:10]}&to={edit['version']}", headers=bearer
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["from_version"]["version"] == edit["previous"]
    assert body["to_version"]["version"] == edit["version"] and body["changed"]
    french = next(lang for lang in body["languages"] if lang["language"] == "fr")
    findings = next(s for s in french["sections"] if s["key"] == "constats")
    assert findings["changed"] and findings["heading"] == "Constats"
    deleted = " ".join(p["text"] for p in findings["pieces"] if p["op"] == "delete")
    inserted = " ".join(p["text"] for p in findings["pieces"] if p["op"] == "insert")
    assert "soixantaine" in deleted and "soixante-trois" in inserted
    assert "rue de la Station" in inserted
    unchanged = next(s for s in french["sections"] if s["key"] == "avis")
    assert not unchanged["changed"] and {p["op"] for p in unchanged["pieces"]} == {"equal"}


def test_the_default_diff_is_the_last_change_of_the_text(
    anonymous: Client, bearer: dict[str, str]
) -> None:
    body = anonymous.get(f"{HOUSING}/diff", headers=bearer).json()
    assert body["changed"]
    latest = anonymous.get(f"{HOUSING}/history?limit=1", headers=bearer).json()["items"][0]
    assert body["to_version"]["version"] == latest["version"]


FORGED = [
    "/api/interpellations/2025/..%2Fx",
    "/api/interpellations/2025/--all",
    "/api/interpellations/2025/HEAD~1",
    "/api/interpellations/2025/--all/history",
    "/api/interpellations/0/logements-vides",
    "/api/interpellations/2025/nergens/diff",
    f"{HOUSING}/diff?from=--all",
    f"{HOUSING}/diff?from=HEAD~1",
    f"{HOUSING}/diff?to=../x",
    f"{HOUSING}/diff?from=0000000000000000000000000000000000000000",
    f"{HOUSING}/diff?to=deadbeef",
    "/api/interpellations/2025/logements-vides/nothing",
    "/api/nothing",
]


def test_forged_ids_and_versions_are_404_problems(
    anonymous: Client, bearer: dict[str, str]
) -> None:
    for path in FORGED:
        body = problem(anonymous.get(path, headers=bearer), 404, code_for(path))
        assert body["detail_nl"] != body["detail_fr"]


def code_for(path: str) -> str:
    """Refused by the domain's checks, or (a slash in a slug) by routing: 404 either way."""
    if any(forged in path for forged in ("--all", "HEAD~1", "../x", "/0/")):
        return "invalid_identifier"
    return "not_found"


def test_an_unknown_method_is_a_405_problem(anonymous: Client, bearer: dict[str, str]) -> None:
    answer = anonymous.post("/api/interpellations", headers=bearer)
    body = problem(answer, 405, "method_not_allowed")
    assert body["detail_nl"] != body["detail_fr"]
    assert "GET" in answer.headers["allow"]


def test_pages_keep_their_html_error_pages(client: Client) -> None:
    page = client.get("/page-qui-n-existe-pas")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    missing = client.get("/interpellations/2025/nergens")
    assert missing.status_code == 404 and "text/html" in missing.headers["content-type"]


# -- the document -----------------------------------------------------------------------------


def test_the_openapi_document_describes_every_api_operation(client: Client) -> None:
    document = client.get("/schema/openapi.json").json()
    operations = {
        (method.upper(), path): operation
        for path, item in document["paths"].items()
        if path.startswith("/api/")
        for method, operation in item.items()
        if method in ("get", "post", "delete", "put", "patch")
    }
    assert set(operations) == {
        ("POST", "/api/session"),
        ("DELETE", "/api/session"),
        ("GET", "/api/interpellations"),
        ("GET", "/api/interpellations/{year}/{slug}"),
        ("GET", "/api/interpellations/{year}/{slug}/history"),
        ("GET", "/api/interpellations/{year}/{slug}/diff"),
    }
    for (method, path), operation in operations.items():
        assert operation["operationId"] and operation["summary"], (method, path)
        success = next(code for code in operation["responses"] if code.startswith("2"))
        if success != "204":
            schema = operation["responses"][success]["content"]["application/json"]["schema"]
            assert schema["$ref"].startswith("#/components/schemas/")
        errors = [code for code in operation["responses"] if code >= "400"]
        assert "401" in errors, (method, path)
        for code in errors:
            content = operation["responses"][code]["content"]
            assert content == {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    problem_schema = document["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail", "code", "detail_fr", "detail_nl"} <= set(
        problem_schema["required"] + list(problem_schema["properties"])
    )
