"""Every route, with every role and side: who gets in, who is sent to log in, who is refused.

The routes are read from the application itself: a route that is not in the
table below fails the test, so a new page cannot ship without saying who may
open it. The people are those of the tests' coordination (`coordination.py`),
the pages those of its registre (`registre.py`).
"""

from __future__ import annotations

from enum import StrEnum

import pytest
from conftest import DEMO_PASSWORD, csrf_token, log_in
from coordination import (
    ASSOCIATIVE,
    ASSOCIATIVE_SUBSTITUTE,
    COORDINATOR,
    CPAS,
    CPAS_SUBSTITUTE,
    DRAFTER,
    ENDED,
    OUTSIDER,
    PRESIDENT,
    VICE_PRESIDENT,
)
from httpx import Response
from litestar import Litestar
from litestar.testing import TestClient


class Access(StrEnum):
    PUBLIC = "public"  # anyone, logged in or not
    MEMBERS = "members"  # any logged-in member
    COORDINATORS = "coordinators"  # coordinators only
    ACTS = "acts"  # any logged-in member reaches the rules, which may refuse (`test_acting.py`)


ROLES = {
    "anonymous": None,
    "drafter of the group": DRAFTER,
    "drafter of another group": OUTSIDER,
    "CPAS member": CPAS[1],
    "associative member": ASSOCIATIVE[1],
    "CPAS substitute": CPAS_SUBSTITUTE,
    "associative substitute": ASSOCIATIVE_SUBSTITUTE,
    "member whose mandate ended": ENDED,
    "president": PRESIDENT,
    "vice-president": VICE_PRESIDENT,
    "coordinator": COORDINATOR,
}

ROUTES: dict[tuple[str, str], Access] = {
    ("GET", "/"): Access.MEMBERS,
    ("GET", "/interpellations/{year:int}/{slug:str}"): Access.MEMBERS,
    ("GET", "/interpellations/{year:int}/{slug:str}/diff"): Access.MEMBERS,
    ("GET", "/interpellations/{year:int}/{slug:str}/version/{version:str}"): Access.MEMBERS,
    (
        "GET",
        "/interpellations/{year:int}/{slug:str}/lettres/{authority:str}/{form:str}",
    ): Access.MEMBERS,
    ("GET", "/verifier/{text_id:str}"): Access.PUBLIC,
    ("GET", "/verifieren/{text_id:str}"): Access.PUBLIC,
    ("GET", "/invitations"): Access.COORDINATORS,
    ("POST", "/invitations"): Access.COORDINATORS,
    ("GET", "/connexion"): Access.PUBLIC,
    ("POST", "/connexion"): Access.PUBLIC,
    ("POST", "/deconnexion"): Access.PUBLIC,
    ("GET", "/mot-de-passe-oublie"): Access.PUBLIC,
    ("POST", "/mot-de-passe-oublie"): Access.PUBLIC,
    ("GET", "/invitation/{token:str}"): Access.PUBLIC,
    ("POST", "/invitation/{token:str}"): Access.PUBLIC,
    ("GET", "/reinitialisation/{token:str}"): Access.PUBLIC,
    ("POST", "/reinitialisation/{token:str}"): Access.PUBLIC,
    ("GET", "/accessibilite"): Access.PUBLIC,
    ("GET", "/langue/{code:str}"): Access.PUBLIC,
    ("GET", "/healthz"): Access.PUBLIC,
    ("GET", "/readyz"): Access.PUBLIC,
    ("GET", "/static/{file_path:path}"): Access.PUBLIC,
    ("GET", "/schema"): Access.PUBLIC,
    ("GET", "/schema/openapi.json"): Access.PUBLIC,
    ("POST", "/api/session"): Access.PUBLIC,
    ("DELETE", "/api/session"): Access.MEMBERS,
    ("GET", "/api/interpellations"): Access.MEMBERS,
    ("GET", "/api/interpellations/{year:int}/{slug:str}"): Access.MEMBERS,
    ("GET", "/api/interpellations/{year:int}/{slug:str}/history"): Access.MEMBERS,
    ("GET", "/api/interpellations/{year:int}/{slug:str}/diff"): Access.MEMBERS,
    ("GET", "/api/interpellations/{year:int}/{slug:str}/letters"): Access.MEMBERS,
    ("GET", "/api/interpellations/{year:int}/{slug:str}/letters/{authority:str}"): Access.MEMBERS,
    ("GET", "/interpellations/{year:int}/{slug:str}/suivi"): Access.ACTS,
    ("GET", "/connexion/code"): Access.PUBLIC,
    ("POST", "/connexion/code"): Access.PUBLIC,
    ("GET", "/profil"): Access.MEMBERS,
    ("POST", "/profil/langue"): Access.MEMBERS,
    ("POST", "/profil/mot-de-passe"): Access.MEMBERS,
    ("POST", "/profil/sessions/{session:str}/fin"): Access.MEMBERS,
    ("GET", "/profil/second-facteur"): Access.MEMBERS,
    ("POST", "/profil/second-facteur"): Access.MEMBERS,
    ("POST", "/profil/second-facteur/codes"): Access.MEMBERS,
    ("POST", "/profil/second-facteur/retrait"): Access.MEMBERS,
    # writing: the editor and the working copy are any member's; saving is an act
    ("GET", "/interpellations/nouvelle"): Access.MEMBERS,
    ("POST", "/interpellations/nouvelle"): Access.ACTS,
    ("POST", "/interpellations/apercu"): Access.MEMBERS,
    ("GET", "/interpellations/{year:int}/{slug:str}/modifier"): Access.MEMBERS,
    ("POST", "/interpellations/{year:int}/{slug:str}/copie"): Access.MEMBERS,
    ("POST", "/interpellations/{year:int}/{slug:str}/copie/ecarter"): Access.MEMBERS,
    ("POST", "/api/interpellations"): Access.ACTS,
    ("PUT", "/api/interpellations/{year:int}/{slug:str}/text"): Access.ACTS,
    ("PUT", "/api/interpellations/{year:int}/{slug:str}/autosave"): Access.MEMBERS,
    ("DELETE", "/api/interpellations/{year:int}/{slug:str}/autosave"): Access.MEMBERS,
    # one's own working copy: in, and a 404 while there is none
    ("GET", "/api/interpellations/{year:int}/{slug:str}/autosave"): Access.ACTS,
    ("GET", "/api/coordination"): Access.COORDINATORS,
    ("PUT", "/api/coordination"): Access.COORDINATORS,
    ("GET", "/api/members"): Access.COORDINATORS,
    ("POST", "/api/members"): Access.COORDINATORS,
    ("PUT", "/api/members/{member_id:str}"): Access.COORDINATORS,
    ("GET", "/api/authorities"): Access.COORDINATORS,
    ("POST", "/api/authorities"): Access.COORDINATORS,
    ("PUT", "/api/authorities/{authority_id:str}"): Access.COORDINATORS,
    **{
        (method, f"/administration{tail}"): Access.COORDINATORS
        for method, tail in [
            ("GET", ""),
            ("GET", "/coordination"),
            ("POST", "/coordination"),
            ("GET", "/membres"),
            ("POST", "/membres"),
            ("GET", "/membres/{member_id:str}"),
            ("POST", "/membres/{member_id:str}"),
            ("POST", "/membres/{member_id:str}/fin-de-mandat"),
            ("POST", "/membres/{member_id:str}/compte"),
            ("GET", "/autorites"),
            ("POST", "/autorites"),
            ("GET", "/autorites/{authority_id:str}"),
            ("POST", "/autorites/{authority_id:str}"),
            ("GET", "/themes"),
            ("POST", "/themes"),
            ("POST", "/groupes"),
            ("GET", "/fichiers/{name:str}"),
            ("POST", "/fichiers/{name:str}"),
            ("GET", "/sauvegardes"),
            ("POST", "/sauvegardes"),
        ]
    },
    **{
        (method, f"/interpellations/{{year:int}}/{{slug:str}}{tail}"): Access.ACTS
        for method, tail in [
            ("POST", "/modifier"),
            ("POST", "/commentaires"),
            ("POST", "/commentaires/{comment:str}/resolu"),
            ("POST", "/soumettre"),
            ("POST", "/signer"),
            ("POST", "/retirer-signature"),
            ("POST", "/objections"),
            ("POST", "/objections/{objection:str}/reponse"),
            ("POST", "/objections/{objection:str}/retrait"),
            ("POST", "/objections/{objection:str}/decision"),
            ("POST", "/retirer"),
            ("POST", "/emettre"),
            ("POST", "/suivi"),
        ]
    },
    **{
        (method, f"/api/interpellations/{{year:int}}/{{slug:str}}{tail}"): Access.ACTS
        for method, tail in [
            ("POST", "/comments"),
            ("POST", "/comments/{comment:str}/resolve"),
            ("POST", "/submit"),
            ("POST", "/signatures"),
            ("DELETE", "/signatures/me"),
            ("POST", "/objections"),
            ("POST", "/objections/{objection:str}/answers"),
            ("POST", "/objections/{objection:str}/withdraw"),
            ("POST", "/decisions"),
            ("POST", "/withdraw"),
            ("POST", "/issue"),
            ("POST", "/follow-up"),
        ]
    },
}

# The documentation pages of the OpenAPI plugin other than the JSON document
# load scripts from elsewhere, which the content security policy forbids anyway.
IGNORED_PREFIXES = ("/schema/",)
EXAMPLES = {
    "{year:int}": "2025",
    "{slug:str}": "logements-vides",
    "{token:str}": "expire",
    "{code:str}": "nl",
    "{file_path:path}": "style.css",
    "{comment:str}": "c-exemple",
    "{objection:str}": "o-exemple",
    "{session:str}": "0123456789abcdef",
    "{member_id:str}": "hugo-petit",
    "{authority_id:str}": "college-valbrune",
    "{name:str}": "membres",
    "{authority:str}": "college-valbrune",
    "{form:str}": "pdf",
    "{text_id:str}": "0" * 64,
}


def app_routes(app: Litestar) -> set[tuple[str, str]]:
    found = set()
    for route in app.routes:
        for method in getattr(route, "methods", set()):
            if method in ("OPTIONS", "HEAD"):
                continue
            if route.path.startswith(IGNORED_PREFIXES) and route.path != "/schema/openapi.json":
                continue
            found.add((method, route.path))
    return found


def concrete(path: str, version: str) -> str:
    for pattern, value in {**EXAMPLES, "{version:str}": version}.items():
        path = path.replace(pattern, value)
    return path


def test_every_route_is_in_the_table(visitor: TestClient) -> None:  # type: ignore[type-arg]
    missing = app_routes(visitor.app) - set(ROUTES)
    assert not missing, f"routes without an access rule: {sorted(missing)}"
    stale = set(ROUTES) - app_routes(visitor.app)
    assert not stale, f"rules for routes that no longer exist: {sorted(stale)}"


def call(client: TestClient, method: str, path: str, token: str | None) -> Response:  # type: ignore[type-arg]
    headers = {"Authorization": f"Bearer {token}"} if token and path.startswith("/api") else {}
    if method == "GET":
        return client.get(path, headers=headers, follow_redirects=False)
    if method == "DELETE":
        return client.delete(path, headers=headers)
    if method == "PUT":
        return client.put(path, json={"base": "0" * 40, "texts": {}}, headers=headers)
    if path.startswith("/api"):
        return client.post(path, json={"email": "x@example.org", "password": "x"}, headers=headers)
    data = {"_csrf_token": csrf_token(client), "email": "x@example.org", "password": "x"}
    return client.post(path, data=data, headers=headers, follow_redirects=False)


def api_token(client: TestClient, email: str) -> str:  # type: ignore[type-arg]
    answer = client.post("/api/session", json={"email": email, "password": DEMO_PASSWORD})
    assert answer.status_code == 201, answer.text
    return str(answer.json()["token"])


@pytest.mark.parametrize("role", ROLES)
def test_each_role_on_each_route(visitor: TestClient, role: str) -> None:  # type: ignore[type-arg]
    client = visitor
    email = ROLES[role]
    token = None
    if email:
        assert log_in(client, email).status_code in (302, 303)
        token = api_token(client, email)
    version = client.app.state["service"].store.head()
    # the routes that end the session go last, so they do not log the others out
    ending = {("POST", "/deconnexion"), ("DELETE", "/api/session")}
    for (method, template), access in sorted(ROUTES.items(), key=lambda r: (r[0] in ending, r)):
        path = concrete(template, version)
        answer = call(client, method, path, token)
        status = answer.status_code
        to_login = answer.headers.get("location", "").startswith("/connexion")
        denied = status in (401, 403) or (status == 303 and to_login)
        if access == Access.PUBLIC:
            # a wrong password or code is a 401 of its own, not a closed door
            own = ("/api/session", "/connexion", "/connexion/code")
            refused = (403,) if template in own else (401, 403)
            assert status not in refused, (role, method, path, status)
        elif email is None:
            assert denied, (role, method, path, status)
        elif access == Access.COORDINATORS and email != COORDINATOR:
            assert status == 403, (role, method, path, status)
        elif access == Access.ACTS:  # in: what the rules answer is `test_acting.py`'s
            assert status != 401 and not to_login, (role, method, path, status)
        else:
            assert not denied, (role, method, path, status)
            if method == "GET":
                # the example is one of the registre's: the door opens on the page itself
                assert status == 200, (role, method, path, status)
        assert status < 500, (role, method, path, status)
