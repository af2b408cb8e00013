"""The verification page: anyone holding a letter finds what it carries, and nothing else.

Through the service (TestClient, not logged in), on the tests' registre once the
housing text's letters are issued (real rendering, real git).
"""

from __future__ import annotations

import pytest
from coordination import COORDINATOR
from litestar.testing import TestClient
from registre import HEALTH, HOUSING, text_id

from interpellations.acts.issuing import issue_letters
from interpellations.record.store import Store

Client = TestClient  # type: ignore[type-arg]


@pytest.fixture
def issued(registre: Store) -> str:
    tid = text_id(registre, HOUSING)
    issue_letters(registre, COORDINATOR, HOUSING, tid, base_url="https://x.example")
    return tid


def test_anyone_checks_an_issued_letter(visitor: Client, registre: Store, issued: str) -> None:
    page = visitor.get(f"/verifier/{issued}")
    assert page.status_code == 200
    text = page.text
    assert "Logements vides" in text and "Soixante immeubles sont vides" in text
    assert "CSV/" in text and "Signataires" in text
    answer = visitor.get(f"/verifier/{issued}", headers={"Accept": "application/json"}).json()
    assert answer["reference"] in text
    assert {s["side"] for s in answer["signatories"]} == {"cpas", "associatif"}
    for person in answer["signatories"]:
        assert person["name"] in text
    for letter in answer["letters"]:
        assert letter["sha256"] in text
    assert "@" not in text and "@" not in str(answer)  # no e-mail address, anywhere


def test_the_dutch_address_answers_in_dutch(visitor: Client, issued: str) -> None:
    page = visitor.get(f"/verifieren/{issued}")
    assert page.status_code == 200
    assert 'lang="nl"' in page.text
    assert "Leegstaande woningen" in page.text  # the Dutch title
    assert "Functie van Alice Martin, Organisatie van Alice Martin" in page.text
    french = visitor.get(f"/verifier/{issued}").text
    assert "Fonction de Alice Martin, Organisation de Alice Martin" in french


@pytest.mark.parametrize("what", ["draft", "unknown", "malformed"])
def test_anything_but_an_issued_text_is_plainly_not_found(
    visitor: Client, registre: Store, what: str
) -> None:
    asked = {
        "draft": text_id(registre, HEALTH),
        "unknown": "0" * 64,
        "malformed": "../../etc",
    }[what]
    page = visitor.get(f"/verifier/{asked}")
    assert page.status_code == 404
    assert "Aucune lettre émise ne porte ce texte" in page.text or what == "malformed"
