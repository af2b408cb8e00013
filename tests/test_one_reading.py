"""One read model: the page, the API and the command line say the same of an interpellation.

For a draft, a submitted text with signatures and an objection, a text approved
then edited, and an approved one, each output shows the state, the count of each
side, who signed and what blocks, as written down here by hand from
`tests/registre.py`. Then the clock is set past mandates' ends: the list and the
signature panel change, with no new commit.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from conftest import DEMO_PASSWORD, log_in
from coordination import COORDINATOR, PRESIDENT
from litestar.testing import TestClient
from registre import DEPOSIT, HEALTH, HOUSING, RENTS

from interpellations import clock
from interpellations.clock import BRUSSELS
from interpellations.record.ids import InterpellationId
from interpellations.record.store import Store

# By hand, from tests/registre.py: state, then per side (count, quorum, signers), then
# the people whose objection blocks
EXPECTED: dict[InterpellationId, dict[str, Any]] = {
    HEALTH: {
        "state": ("draft", "Brouillon"),
        "sides": {"cpas": (0, 3, []), "associatif": (0, 3, [])},
        "blocking": [],
    },
    DEPOSIT: {
        "state": ("submitted", "Soumise au comité"),
        "sides": {
            "cpas": (2, 3, ["Alice Martin", "Bruno Lefebvre"]),
            "associatif": (3, 3, ["Inès Janssens", "Jules Peeters", "Marc Wouters"]),
        },
        "blocking": ["Chloé Dupont"],
    },
    RENTS: {  # approved on 2026-06-10, edited on 2026-10-05: every signature to give again
        "state": ("submitted", "Soumise au comité"),
        "sides": {"cpas": (0, 3, []), "associatif": (0, 3, [])},
        "blocking": [],
    },
    HOUSING: {  # approved on 2025-03-20: who approved it then, whoever sits now
        "state": ("approved", "Approuvée"),
        "sides": {
            "cpas": (3, 3, ["Alice Martin", "Bruno Lefebvre", "Chloé Dupont"]),
            "associatif": (3, 3, ["Inès Janssens", "Jules Peeters", "Karim Benali"]),
        },
        "blocking": [],
    },
}
SIDE_NAMES = {"cpas": "CPAS", "associatif": "associatif"}
SUBSTITUTES = {"Marc Wouters"}


def cli(store: Store, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "interpellations", *args, "--data", str(store.path)],
        capture_output=True,
        text=True,
        env={**os.environ, "INTERPELLATIONS_LANG": "fr"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def member(visitor: TestClient) -> TestClient:  # type: ignore[type-arg]
    """The president, logged in to the pages, with a bearer token for the API too."""
    assert log_in(visitor, PRESIDENT).status_code in (302, 303)
    token = visitor.post("/api/session", json={"email": PRESIDENT, "password": DEMO_PASSWORD})
    visitor.headers["Authorization"] = f"Bearer {token.json()['token']}"
    return visitor


def panel_of(page: str, side: str) -> str:
    """The HTML of one side's part of the signature panel."""
    return page.split(f'id="side-{side}"', 1)[1].split("</section>", 1)[0]


@pytest.mark.parametrize("iid", list(EXPECTED), ids=str)
def test_the_page_the_api_and_the_cli_say_the_same(
    iid: InterpellationId,
    registre: Store,
    member: TestClient,  # type: ignore[type-arg]
) -> None:
    expected = EXPECTED[iid]
    state, label = expected["state"]

    page = member.get(f"/interpellations/{iid}").text
    assert f'<span class="badge state-{state}">{label}</span>' in page
    if state != "draft":
        for side, (count, quorum, names) in expected["sides"].items():
            panel = panel_of(page, side)
            assert f'<span class="count">{count}/{quorum}</span>' in panel
            assert [n for n in NAMES_IN_ORDER if f'<th scope="row">{n}</th>' in panel] == names
    for name in expected["blocking"]:
        assert f"Objection de {name}" in page and "ouverte, bloque l'approbation" in page

    body = member.get(f"/api/interpellations/{iid}").json()
    assert body["state"] == state
    for side in body["approval"]["sides"]:
        count, quorum, names = expected["sides"][side["side"]]
        assert (side["count"], side["quorum"]) == (count, quorum)
        assert [p["name"] for p in side["signers"]] == names
    blocking = [o["by"]["name"] for o in body["approval"]["objections"] if o["blocking"]]
    assert blocking == expected["blocking"]

    printed = cli(registre, "status", str(iid)).splitlines()
    assert printed[0].startswith(f"État : {label} — texte {body['text_id']}")
    for side, (count, quorum, names) in expected["sides"].items():
        line = next(p for p in printed if p.startswith(f"Côté {SIDE_NAMES[side]} :"))
        assert line.startswith(
            f"Côté {SIDE_NAMES[side]} : {count} "
            + ("signature valable" if count <= 1 else "signatures valables")
            + f" sur {quorum} requises"
        )
        signers = ", ".join(f"{n} (suppléance)" if n in SUBSTITUTES else n for n in names)
        assert (f"signé par {signers}" in line) == bool(names)
    objections = [p for p in printed if p.startswith("L'objection de")]
    assert [p.split(" bloque")[0].removeprefix("L'objection de ") for p in objections] == (
        expected["blocking"]
    )


NAMES_IN_ORDER = [
    "Alice Martin",
    "Bruno Lefebvre",
    "Chloé Dupont",
    "David Renard",
    "Inès Janssens",
    "Jules Peeters",
    "Karim Benali",
    "Marc Wouters",
]


def test_an_approved_text_shows_who_approved_it_then(
    member: TestClient,  # type: ignore[type-arg]
) -> None:
    page = member.get(f"/interpellations/{HOUSING}").text

    # David Renard sits since 2026-07-01, after the approval: not "yet to sign"
    assert "David Renard" not in page
    assert "pas encore signé" not in page
    body = member.get(f"/api/interpellations/{HOUSING}").json()
    assert {s["side"]: s["as_of"] for s in body["approval"]["sides"]} == {
        "cpas": "2025-03-20",
        "associatif": "2025-03-20",
    }
    assert all(s["not_signed"] == [] for s in body["approval"]["sides"])


def hand_commit(store: Store, old: str, new: str, message: str) -> None:
    """A coordinator's correction of membres.yaml: a clone, a commit, a push."""
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder) / "clone"
        subprocess.run(["git", "clone", "-q", str(store.path), str(work)], env=env, check=True)
        members = work / "membres.yaml"
        text = members.read_text(encoding="utf-8")
        assert old in text
        members.write_text(text.replace(old, new), encoding="utf-8")
        identity = ["-c", "user.name=Gaëlle Simon", "-c", f"user.email={COORDINATOR}"]
        subprocess.run(["git", *identity, "commit", "-qam", message], cwd=work, env=env, check=True)
        subprocess.run(["git", "push", "-q", "origin", "main"], cwd=work, env=env, check=True)


def test_past_the_end_of_mandates_the_list_and_the_panel_change_with_no_commit(
    registre: Store,
    member: TestClient,  # type: ignore[type-arg]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Karim Benali and Léa Dubois, who have not signed the deposit text, leave at the end
    # of January 2027; David Renard's mandate ends in June 2027
    for who in ("karim-benali", "lea-dubois"):
        hand_commit(
            registre,
            f"- id: {who}\n",
            f"- id: {who}\n  mandate_to: 2027-01-31\n",
            "Fin de mandats",
        )
    listed = member.get("/?q=garantie").text
    page = member.get(f"/interpellations/{DEPOSIT}").text
    head = registre.head()
    assert "CPAS 2/3 · associatif 3/3" in listed
    assert "Karim Benali, Léa Dubois" in panel_of(page, "associatif")
    assert "Chloé Dupont, David Renard" in panel_of(page, "cpas")

    later = dt.datetime(2027, 7, 15, 10, tzinfo=BRUSSELS)
    monkeypatch.setattr(clock, "_fixed", contextvars.ContextVar("fixed_time", default=later))
    listed = member.get("/?q=garantie").text
    page = member.get(f"/interpellations/{DEPOSIT}").text

    assert registre.head() == head
    # nobody sits in their place: the substitute no longer stands in for anyone
    assert "CPAS 2/3 · associatif 2/3" in listed
    associative = panel_of(page, "associatif")
    assert '<span class="count">2/3</span>' in associative
    assert "pas encore signé" not in associative
    assert "Marc Wouters" in associative  # shown, as a signature the rule does not count
    cpas = panel_of(page, "cpas")
    assert "Chloé Dupont" in cpas and "David Renard" not in cpas
    body = member.get(f"/api/interpellations/{DEPOSIT}").json()
    assert [s["count"] for s in body["approval"]["sides"]] == [2, 2]
    assert body["approval"]["sides"][0]["as_of"] == "2027-07-15"
