"""The second factor, as a person meets it: set up from the profile, asked at login and again
for signatures after 15 minutes, recovery codes once each, and required by the coordination.

The codes are computed by `pyotp` from the secret the page shows, as an
authenticator app would.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pyotp
import pytest
from conftest import DEMO_PASSWORD, csrf_token, log_in
from coordination import COORDINATOR, CPAS, OUTSIDER
from gitcheck import git_log, hand_commit
from litestar.testing import TestClient
from registre import DEPOSIT, HOUSING

from interpellations.record.ids import InterpellationId
from interpellations.record.interpellation import load_interpellation
from interpellations.record.store import Store
from server.second_factor import FRESH

Client = TestClient  # type: ignore[type-arg]


def enrol(client: Client) -> tuple[pyotp.TOTP, list[str]]:
    """Set up the app from the profile: the secret shown, a code from it, the recovery codes."""
    page = client.get("/profil/second-facteur")
    assert page.status_code == 200
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page.text)
    assert secret and 'src="data:image/svg+xml' in page.text  # the QR code, inline
    totp = pyotp.TOTP(secret.group(1))
    token = csrf_token(client, "/profil/second-facteur")
    wrong = client.post("/profil/second-facteur", data={"code": "000000", "_csrf_token": token})
    assert wrong.status_code == 422 and "pas valable" in wrong.text
    done = client.post("/profil/second-facteur", data={"code": totp.now(), "_csrf_token": token})
    assert done.status_code == 200 and "est activée" in done.text
    codes = re.findall(r"<li><code>([0-9A-F]{5}-[0-9A-F]{5})</code></li>", done.text)
    assert len(codes) == 10
    return totp, codes


def later(totp: pyotp.TOTP, steps: int = 1) -> str:
    """The code of a later step: a code once accepted is never accepted again."""
    return totp.at(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30 * steps))


def code_step(client: Client, code: str) -> int:
    token = csrf_token(client, "/connexion/code")
    answer = client.post(
        "/connexion/code", data={"code": code, "next": "/", "_csrf_token": token},
        follow_redirects=False,
    )  # fmt: skip
    return answer.status_code


def test_set_up_then_asked_at_login_with_recovery_codes_once(
    visitor: Client, registre: Store
) -> None:
    assert log_in(visitor, CPAS[1]).status_code == 303
    totp, codes = enrol(visitor)
    accounts = visitor.app.state.service.accounts
    stored = accounts.database.connection().execute("SELECT code_hash FROM recovery_codes")
    assert all(code not in str(row) for row in stored for code in codes)  # hashed only

    visitor.cookies.clear()
    assert log_in(visitor, CPAS[1]).status_code == 303
    waiting = visitor.get(f"/interpellations/{DEPOSIT}", follow_redirects=False)
    assert waiting.status_code == 303
    assert waiting.headers["location"].startswith("/connexion/code")
    assert code_step(visitor, "123456") == 401
    assert code_step(visitor, later(totp)) == 303
    assert visitor.get(f"/interpellations/{DEPOSIT}").status_code == 200

    visitor.cookies.clear()
    log_in(visitor, CPAS[1])
    assert code_step(visitor, codes[0]) == 303  # a recovery code works
    visitor.cookies.clear()
    log_in(visitor, CPAS[1])
    assert code_step(visitor, codes[0]) == 401  # once
    assert code_step(visitor, codes[1].lower().replace("-", "")) == 303  # typed loosely


def test_wrong_codes_slow_further_tries(visitor: Client) -> None:
    log_in(visitor, OUTSIDER)
    enrol(visitor)
    visitor.cookies.clear()
    log_in(visitor, OUTSIDER)
    statuses = [code_step(visitor, "000000") for _ in range(7)]
    assert statuses[:5] == [401] * 5 and 429 in statuses[5:]


@pytest.mark.parametrize(
    ("person", "iid", "path", "action"),
    [
        (CPAS[3], DEPOSIT, "signer", "sign"),  # David Renard has not signed the deposit text
        (COORDINATOR, HOUSING, "emettre", "issue"),  # the housing text is approved
    ],
)
def test_signing_and_issuing_ask_the_code_again_after_fifteen_minutes(
    visitor: Client, registre: Store, person: str, iid: InterpellationId, path: str, action: str
) -> None:
    log_in(visitor, person)
    totp, _ = enrol(visitor)
    accounts = visitor.app.state.service.accounts
    old = (dt.datetime.now(dt.UTC) - FRESH - dt.timedelta(minutes=1)).isoformat()
    with accounts.database.transaction() as db:
        db.execute("UPDATE sessions SET proven_at = ?", (old,))
    page = visitor.get(f"/interpellations/{iid}").text
    assert f'id="code-{action}"' in page
    text = load_interpellation(registre.snapshot(), iid).text_id
    token = csrf_token(visitor, f"/interpellations/{iid}")
    before = registre.head()
    refused = visitor.post(
        f"/interpellations/{iid}/{path}",
        data={"text_id": text, "_csrf_token": token}, follow_redirects=False,
    )  # fmt: skip
    assert refused.status_code == 403 and "le dernier date de plus de 15 minutes" in refused.text
    assert registre.head() == before
    done = visitor.post(
        f"/interpellations/{iid}/{path}",
        data={"text_id": text, "code": later(totp), "_csrf_token": token}, follow_redirects=False,
    )  # fmt: skip
    assert done.status_code == 303
    assert git_log(registre.path)[0].trailers["Action"] == action


@pytest.fixture
def required(registre: Store, tmp_path: Path) -> Store:
    """The coordination requires a second factor of its committee and coordinators."""
    text = registre.snapshot().read("coordination.yaml").decode()
    hand_commit(
        registre.path, tmp_path / "work", ("Gaëlle Simon", COORDINATOR),
        {"coordination.yaml": text + "second_factor_required: true\n"},
        "Le comité demande un second facteur",
    )  # fmt: skip
    return registre


def test_the_coordination_can_require_it(required: Store, visitor: Client) -> None:
    log_in(visitor, CPAS[1])
    asked = visitor.get("/", follow_redirects=False)
    assert (asked.status_code, asked.headers["location"]) == (303, "/profil/second-facteur")
    session = {"email": CPAS[1], "password": DEMO_PASSWORD}
    refused = visitor.post("/api/session", json=session)
    assert (refused.status_code, refused.json()["code"]) == (403, "second_factor_enrolment")
    totp, _ = enrol(visitor)
    assert visitor.get("/").status_code == 200
    without = visitor.post("/api/session", json=session)
    assert (without.status_code, without.json()["code"]) == (401, "second_factor_required")
    bearer = visitor.post("/api/session", json={**session, "code": later(totp)})
    assert bearer.status_code == 201
    # not required of a member without a seat
    visitor.cookies.clear()
    log_in(visitor, OUTSIDER)
    assert visitor.get("/", follow_redirects=False).status_code == 200
    profile = visitor.get("/profil").text
    assert "Ne plus demander de code" not in profile  # nothing set up to remove


def test_the_api_refuses_a_signature_without_a_fresh_code(visitor: Client, registre: Store) -> None:
    log_in(visitor, CPAS[3])
    totp, _ = enrol(visitor)
    session = {"email": CPAS[3], "password": DEMO_PASSWORD, "code": later(totp)}
    opened = visitor.post("/api/session", json=session)
    assert opened.status_code == 201
    headers = {"Authorization": f"Bearer {opened.json()['token']}"}
    accounts = visitor.app.state.service.accounts
    old = (dt.datetime.now(dt.UTC) - FRESH - dt.timedelta(minutes=1)).isoformat()
    with accounts.database.transaction() as db:  # a quarter of an hour later
        db.execute("UPDATE sessions SET proven_at = ? WHERE kind = 'bearer'", (old,))
        db.execute("UPDATE second_factors SET last_step = last_step - 40")
    text = load_interpellation(registre.snapshot(), DEPOSIT).text_id
    path = f"/api/interpellations/{DEPOSIT}/signatures"
    before = registre.head()
    refused = visitor.post(path, json={"text_id": text}, headers=headers)
    assert (refused.status_code, refused.json()["code"]) == (401, "second_factor_required")
    assert registre.head() == before
    wrong = visitor.post(
        path, json={"text_id": text}, headers={**headers, "X-Second-Factor-Code": "1"}
    )
    assert (wrong.status_code, wrong.json()["code"]) == (401, "wrong_code")
    signed = visitor.post(
        path, json={"text_id": text}, headers={**headers, "X-Second-Factor-Code": totp.now()}
    )
    assert signed.status_code == 201, signed.text


def test_the_profile_lists_and_ends_sessions(visitor: Client) -> None:
    log_in(visitor, OUTSIDER)
    token = visitor.post("/api/session", json={"email": OUTSIDER, "password": DEMO_PASSWORD})
    bearer = {"Authorization": f"Bearer {token.json()['token']}"}
    page = visitor.get("/profil").text
    assert "Nora Lambert" in page and "Jeton d'API" in page and "cette session" in page
    ended = re.search(r'action="/profil/sessions/([0-9a-f]{16})/fin"', page)
    assert ended
    visitor.post(
        f"/profil/sessions/{ended.group(1)}/fin",
        data={"_csrf_token": csrf_token(visitor, "/profil")},
    )
    assert visitor.get("/api/interpellations", headers=bearer).status_code == 401
