"""`python -m interpellations`: the record from the command line, as a coordinator uses it.

Each command runs as its own process on a temporary data repository, with no git
identity configured on the machine: every acting command must show in `git log`
as one commit by the person named with `--as`.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from coordination import ASSOCIATIVE, COORDINATOR, DRAFTER, STRANGER

from interpellations.locations import Locations
from interpellations.record.checking import check_version
from interpellations.record.problems import blocking
from interpellations.record.store import Store
from interpellations.settings import Settings

HOUSING_MEMBER = ASSOCIATIVE[3]  # Léa Dubois: gt-logement, an associative seat
CONSTATS = "Soixante immeubles sont vides depuis plus d'un an."
SECTIONS = f"""
## Constats

{CONSTATS}

## Avis

La coordination estime que la taxe sur les immeubles inoccupés doit être perçue.

## Propositions

1. Percevoir la taxe.
2. Publier l'inventaire.
"""


def cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    env.pop("INTERPELLATIONS_DATA", None)
    return subprocess.run(
        [sys.executable, "-m", "interpellations", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env=env,
    )


def ok(tmp_path: Path, *args: str) -> str:
    done = cli(tmp_path, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def git_log(data: Path) -> list[str]:
    out = subprocess.run(
        ["git", "log", "--format=%an|%ae|%s"],
        cwd=data,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.splitlines()


def head(data: Path) -> str:
    return subprocess.run(
        ["git", "rev-parse", "main"], cwd=data, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_init_founds_a_repository_committed_by_its_first_coordinator(tmp_path: Path) -> None:
    data = tmp_path / "registre.git"

    out = ok(
        tmp_path, "init", "--data", str(data), "--as", "Camille.Martin@example.org",
        "--name", "Camille Martin", "--coordination", "Coordination sociale de Testville",
        "--place", "Testville", "--prefix", "CST",
    )  # fmt: skip

    assert out == f"Dépôt créé : {data}\n"
    assert git_log(data) == [
        "Camille Martin|camille.martin@example.org|Fonde le registre de la coordination"
    ]
    assert blocking(check_version(Store.open(data).snapshot())) == []
    again = cli(tmp_path, "init", "--data", str(data), "--as", "x@example.org", "--name", "X",
                "--coordination", "Autre", "--place", "Ailleurs")  # fmt: skip
    assert again.returncode == 1
    assert "existe déjà et n'est pas vide : rien n'a été créé." in again.stderr
    assert len(git_log(data)) == 1


def test_a_drafting_session_is_one_commit_per_action_by_each_person(
    store: Store, tmp_path: Path
) -> None:
    data = str(store.path)
    founded = git_log(store.path)

    created = ok(
        tmp_path, "create", "--data", data, "--as", DRAFTER,
        "--title", "Logements vides à Valbrune", "--theme", "logement",
        "--group", "gt-logement", "--to", "college-valbrune", "--cc", "conseil-cpas",
    )  # fmt: skip
    match = re.fullmatch(
        r"(\d{4}/logements-vides-a-valbrune) créée \(version ([0-9a-f]{7})\)\n", created
    )
    assert match, created
    iid, v1 = match.groups()
    template = store.snapshot().read(f"interpellations/{iid}/texte.fr.md")
    assert template is not None
    front = template.decode().split("\n---\n")[0] + "\n---\n"
    text = tmp_path / "texte.fr.md"
    text.write_text(front + SECTIONS, encoding="utf-8")

    edited = ok(tmp_path, "edit", iid, "--data", data, "--as", DRAFTER,
                "--fr", str(text), "--base", v1, "-m", "Rédige les trois sections")  # fmt: skip
    v2 = head(store.path)
    assert edited == f"Version {v2[:7]} enregistrée.\n"
    text.write_text(front + SECTIONS.replace("Soixante immeubles", "Soixante-trois immeubles"))
    ok(tmp_path, "edit", iid, "--data", data, "--as", COORDINATOR, "--fr", str(text))
    v3 = head(store.path)

    commented = ok(tmp_path, "comment", iid, "--data", data, "--as", HOUSING_MEMBER,
                   "--body", "Quelle source ?", "--quote", "Soixante-trois immeubles",
                   "--section", "constats")  # fmt: skip
    comment = re.fullmatch(r"Commentaire (c-[0-9a-f]{8}) enregistré\.\n", commented)
    assert comment, commented
    resolved = ok(tmp_path, "resolve", iid, comment.group(1), "--data", data, "--as", COORDINATOR)
    assert resolved == "Commentaire marqué résolu.\n"

    title = "« Logements vides à Valbrune »"
    assert git_log(store.path) == [
        f"Gaëlle Simon|{COORDINATOR}|Marque un commentaire résolu sur {title}",
        f"Léa Dubois|{HOUSING_MEMBER}|Commente {title}",
        f"Gaëlle Simon|{COORDINATOR}|Modifie le texte de {title}",
        f"Hugo Petit|{DRAFTER}|Rédige les trois sections",
        f"Hugo Petit|{DRAFTER}|Crée l'interpellation {title}",
        *founded,
    ]

    history = ok(tmp_path, "history", iid, "--data", data).splitlines()
    line = re.compile(r"([0-9a-f]{7}) \d{4}-\d\d-\d\d \d\d:\d\d (.+) \[(\w+)\] (.+)")
    assert [line.fullmatch(entry).groups()[1:] for entry in history] == [  # type: ignore[union-attr]
        ("Gaëlle Simon", "resolve", f"Marque un commentaire résolu sur {title}"),
        ("Léa Dubois", "comment", f"Commente {title}"),
        ("Gaëlle Simon", "edit", f"Modifie le texte de {title}"),
        ("Hugo Petit", "edit", "Rédige les trois sections"),
        ("Hugo Petit", "create", f"Crée l'interpellation {title}"),
    ]
    assert history[2].startswith(v3[:7])

    diff = ok(tmp_path, "diff", iid, v2[:7], v3, "--data", data)
    assert diff == (
        "## constats\n[-Soixante-]{+Soixante-trois+} immeubles sont vides depuis plus d'un an.\n\n"
    )
    listed = ok(tmp_path, "list", "--search", "inoccupes", "--data", data)
    assert listed.split()[:2] == [iid, "draft"]
    assert ok(tmp_path, "check", "--data", data).startswith("Le registre est valide")
    reindexed = ok(tmp_path, "reindex", "--data", data)
    assert reindexed == f"Index reconstruit : {len(founded) + 5} versions, 1 interpellations.\n"


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (
            ("create", "--as", STRANGER, "--title", "Intrus", "--theme", "logement",
             "--group", "gt-logement", "--to", "college-valbrune"),
            f"{STRANGER} n'est pas membre de la coordination.",
        ),
        (
            ("create", "--as", DRAFTER, "--title", "Évasion", "--slug", "../x",
             "--theme", "logement", "--group", "gt-logement", "--to", "college-valbrune"),
            "L'identifiant « ../x » n'est pas valable.",
        ),
        (
            ("comment", "../x", "--as", HOUSING_MEMBER, "--body", "Bonjour"),
            "L'identifiant « ../x » n'est pas valable.",
        ),
        (
            ("diff", "2026/logements-vides", "--", "--output=/tmp/x", "main"),
            "L'identifiant « --output=/tmp/x » n'est pas valable.",
        ),
    ],
    ids=["unknown-person", "slug-escaping", "id-escaping", "option-like-version"],
)  # fmt: skip
def test_refusals_are_french_sentences_and_commit_nothing(
    store: Store, tmp_path: Path, args: tuple[str, ...], sentence: str
) -> None:
    before = head(store.path)

    done = cli(tmp_path, args[0], "--data", str(store.path), *args[1:])

    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == sentence
    assert "Traceback" not in done.stderr
    assert head(store.path) == before


def test_the_tool_finds_the_registre_where_the_service_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`Locations` (the tool, without pydantic) and `Settings` (the service) read one set-up."""
    monkeypatch.setenv("INTERPELLATIONS_DATA", str(tmp_path / "registre.git"))
    monkeypatch.setenv("INTERPELLATIONS_INDEX", str(tmp_path / "index.sqlite"))
    settings, found = Settings(), Locations.of()
    assert (found.data, found.index_path) == (settings.data, settings.index_path)
    monkeypatch.delenv("INTERPELLATIONS_INDEX")
    assert Locations.of().index_path == Settings().index_path
