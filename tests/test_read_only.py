"""A registre broken behind the guards' back: the service reads it, says why, and recovers.

The broken commits go into the branch directly (`gitcheck.write_directly`), as a
disk restored from a backup or an older release's missing guards would let them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import DEMO_PASSWORD, log_in
from coordination import COORDINATOR, DRAFTER, OUTSIDER
from gitcheck import hand_commit
from litestar.testing import TestClient
from registre import HEALTH, HOUSING

from interpellations.acts.discussion import add_comment
from interpellations.acts.drafting import edit_texts
from interpellations.errors import InterpellationReadOnly, TooLarge
from interpellations.index.index import Index
from interpellations.record.health import assess
from interpellations.record.model import Language
from interpellations.record.store import Store, run_git
from interpellations.wording.sentences import describe_error

Client = TestClient  # type: ignore[type-arg]
HAND = ("Ana Martin", "ana@example.org")
HOUSING_PAGE = f"/interpellations/{HOUSING}"
HEALTH_PAGE = f"/interpellations/{HEALTH}"


def commit_directly(store: Store, tmp_path: Path, file: str, old: str, new: str) -> str:
    """Replace `old` by `new` in `file` and put the commit in the branch past the guards."""
    text = (store.read(file) or b"").decode()
    assert old in text, (file, old)
    clone = tmp_path / f"clone-{len(list(tmp_path.glob('clone-*')))}"
    return hand_commit(
        store.path, clone, HAND, {file: text.replace(old, new, 1)}, "Main", directly=True
    )


def comment(client: Client, page: str, words: str) -> TestClient:  # type: ignore[type-arg]
    token = re.search(r'name="_csrf_token" value="([^"]+)"', client.get(page).text)
    assert token
    return client.post(
        f"{page}/commentaires",
        data={"body": words, "_csrf_token": token.group(1)},
        follow_redirects=False,
    )


@pytest.fixture
def member(visitor: Client) -> Client:
    assert log_in(visitor, OUTSIDER).status_code == 303
    return visitor


def break_journal(registre: Store, tmp_path: Path) -> tuple[str, str]:
    """The housing journal's first event id broken open: (the version before, the breaking one)."""
    valid = registre.head()
    broke = commit_directly(
        registre, tmp_path, f"{HOUSING.folder}/journal.yaml", "- id: ", "- id: [oups "
    )
    return valid, broke


def test_a_broken_interpellation_is_read_only_alone_and_recovers(
    member: Client, registre: Store, tmp_path: Path
) -> None:
    valid, broke = break_journal(registre, tmp_path)

    page = member.get(HOUSING_PAGE)
    assert page.status_code == 200
    assert "Cette interpellation est en lecture seule." in page.text
    assert f"(version {broke[:7]})" in page.text
    assert f"dernière version valide ({valid[:7]})" in page.text
    assert f"{HOUSING.folder}/journal.yaml:" in page.text
    assert "Le registre est en lecture seule." not in page.text
    assert 'action="/interpellations/2025/logements-vides/commentaires"' not in page.text
    home = member.get("/").text
    assert "Logements vides" in home  # still listed, as last valid
    assert "En lecture seule jusqu'à leur correction :" in home
    assert f'<a href="/interpellations/{HOUSING}">{HOUSING}</a>' in home

    before = registre.head()
    refused = comment(member, HOUSING_PAGE, "Une remarque qui ne doit pas se perdre.")
    assert refused.status_code == 503
    assert "Cette interpellation est en lecture seule" in refused.text
    assert "Une remarque qui ne doit pas se perdre." in refused.text  # kept, shown back
    assert registre.head() == before

    assert member.get(f"{HOUSING_PAGE}/diff").status_code == 200  # up to its last valid text
    token = member.post("/api/session", json={"email": OUTSIDER, "password": DEMO_PASSWORD})
    bearer = {"Authorization": f"Bearer {token.json()['token']}"}
    api_diff = member.get(f"/api/interpellations/{HOUSING}/diff", headers=bearer)
    assert api_diff.json()["to_version"]["version"] == valid

    elsewhere = comment(member, HEALTH_PAGE, "Ailleurs, on travaille.")
    assert elsewhere.status_code == 303  # the rest of the record is writable
    assert registre.head() != before

    ready = member.get("/readyz")
    assert ready.status_code == 200
    (broken,) = ready.json()["broken"]
    assert (broken["part"], broken["since"], broken["readable_at"]) == (str(HOUSING), broke, valid)

    commit_directly(registre, tmp_path, f"{HOUSING.folder}/journal.yaml", "- id: [oups ", "- id: ")
    repaired = member.get(HOUSING_PAGE)
    assert "lecture seule" not in repaired.text
    assert comment(member, HOUSING_PAGE, "Réparé.").status_code == 303
    assert member.get("/readyz").json()["broken"] == []


def test_a_broken_record_reads_at_its_last_valid_version_and_recovers(
    visitor: Client, registre: Store, tmp_path: Path
) -> None:
    broke = commit_directly(registre, tmp_path, "membres.yaml", "side: associatif", "side: x")

    assert log_in(visitor, COORDINATOR).status_code == 303  # logging in works
    home = visitor.get("/")
    assert home.status_code == 200
    assert "Le registre est en lecture seule." in home.text
    assert f"(version {broke[:7]})" in home.text and "membres.yaml:" in home.text
    assert visitor.get(HOUSING_PAGE).status_code == 200
    assert visitor.get("/administration/membres").status_code == 200

    refused = comment(visitor, HEALTH_PAGE, "Rien ne s'écrit pour l'instant.")
    assert refused.status_code == 503
    assert "Le registre est en lecture seule" in refused.text
    assert registre.head() == broke

    ready = visitor.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["broken"][0]["since"] == broke

    commit_directly(registre, tmp_path, "membres.yaml", "side: x", "side: associatif")
    assert "lecture seule" not in visitor.get("/").text
    assert comment(visitor, HEALTH_PAGE, "C'est reparti.").status_code == 303
    assert visitor.get("/readyz").status_code == 200


def test_a_huge_text_is_never_served(member: Client, registre: Store, tmp_path: Path) -> None:
    valid = registre.head()
    commit_directly(
        registre,
        tmp_path,
        f"{HOUSING.folder}/texte.fr.md",
        "## Constats",
        "## Constats\n" + "x" * 300_000,
    )

    page = member.get(HOUSING_PAGE)

    assert page.status_code == 200
    assert len(page.text) < 200_000
    assert "Le fichier est trop volumineux : 300 Ko, pour 200 Ko au plus." in page.text
    assert f"dernière version valide ({valid[:7]})" in page.text


def test_the_assessment_follows_the_branch_incrementally(registre: Store, tmp_path: Path) -> None:
    healthy = assess(registre)
    assert healthy.breakages == [] and healthy.version == registre.head()
    valid, broke = break_journal(registre, tmp_path)

    broken = assess(registre, healthy)

    breakage = broken.breakage(HOUSING)
    assert breakage is not None and (breakage.since, breakage.valid) == (broke, valid)
    assert broken.reading_version(HOUSING) == valid
    assert broken.reading_version(HEALTH) == registre.head()
    assert assess(registre) == broken  # the same, computed from nothing


def test_a_save_over_the_registre_s_limit_is_refused(registre: Store) -> None:
    run_git(registre.path, "config", "interpellations.maxTextSize", "1k")
    store = Store.open(registre.path)  # the limits are read when the store opens
    text = (store.read(f"{HOUSING.folder}/texte.fr.md") or b"").decode()
    before = store.head()

    with pytest.raises(TooLarge) as refused:
        edit_texts(
            store, DRAFTER, HOUSING, {Language.FR: text + "Un ajout. " * 200}, before, "Ajout"
        )

    assert store.head() == before
    sentence = describe_error(refused.value, Language.FR)
    assert sentence.startswith(f"{HOUSING.folder}/texte.fr.md dépasserait la taille permise (")
    assert "pour 1 Ko au plus) : rien n'a été enregistré." in sentence


def test_a_command_line_sync_of_the_shared_index_does_not_unsettle_the_service(
    visitor: Client, registre: Store, tmp_path: Path
) -> None:
    break_journal(registre, tmp_path)
    commit_directly(registre, tmp_path, "membres.yaml", "side: associatif", "side: x")
    assert log_in(visitor, COORDINATOR).status_code == 303
    assert "Logements vides" in visitor.get("/").text

    # `python -m interpellations list` opens the same index and syncs it to the head
    Index(tmp_path / "index.sqlite", Store.open(registre.path)).sync()

    home = visitor.get("/")
    assert home.status_code == 200 and "Logements vides" in home.text
    assert visitor.get("/readyz").json()["index"] == "ok"


@pytest.mark.parametrize(
    ("file", "old", "new", "code"),
    [
        ("journal.yaml", "- id: ", "- id: [oups ", "yaml_syntax"),
        ("journal.yaml", f"by: {DRAFTER}", "by: personne@ailleurs.example", "unknown_reference"),
        ("texte.fr.md", "college-valbrune", "college-inconnu", "unknown_reference"),
        ("texte.fr.md", "## Constats", "## Constats\n" + "x" * 300_000, "file_too_large"),
    ],
    ids=["journal-yaml", "journal-member", "unknown-authority", "oversized"],
)
def test_what_the_service_shows_read_only_every_act_refuses(
    registre: Store, tmp_path: Path, file: str, old: str, new: str, code: str
) -> None:
    commit_directly(registre, tmp_path, f"{HOUSING.folder}/{file}", old, new)
    breakage = assess(registre).breakage(HOUSING)
    assert breakage is not None and code in {p.code for p in breakage.problems}
    before = registre.head()

    with pytest.raises(InterpellationReadOnly):
        add_comment(registre, OUTSIDER, HOUSING, "Refusé comme la page le dit.")

    assert registre.head() == before
