"""The command-line tools speak the language of the person running them.

`INTERPELLATIONS_LANG` (fr or nl) decides, else the locale of the environment
(`LC_ALL`, `LC_MESSAGES`, `LANG`), else French. Each command runs as its own
process, as a coordinator would run it, on a temporary record.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from coordination import STRANGER
from gitcheck import hand_commit

from interpellations.cli.common import user_language
from interpellations.record.model import Language
from interpellations.record.store import Store

LANGUAGE_VARIABLES = ("INTERPELLATIONS_LANG", "LC_ALL", "LC_MESSAGES", "LANG")
HAND = ("Camille Martin", "camille.martin@example.org")


def run(store: Store, *args: str, **language: str) -> subprocess.CompletedProcess[str]:
    """`python -m interpellations <args> --data <store>` with only `language` set."""
    env = {k: v for k, v in os.environ.items() if k not in LANGUAGE_VARIABLES}
    env.pop("INTERPELLATIONS_DATA", None)
    return subprocess.run(
        [sys.executable, "-m", "interpellations", *args, "--data", str(store.path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=store.path.parent,
        env={**env, **language},
    )


def test_check_speaks_dutch(store: Store) -> None:
    done = run(store, "check", INTERPELLATIONS_LANG="nl")

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Het register is geldig (")
    assert "aan te vullen tekst" in done.stdout and done.stdout.rstrip().endswith("gemeld).")


def test_check_reports_a_bad_record_in_dutch(store: Store) -> None:
    raw = store.snapshot().read("membres.yaml")
    assert raw is not None
    text = raw.decode()
    edited = text.replace("side: cpas", "side: mutualite", 1)
    line = text.count("\n", 0, text.index("side: cpas")) + 1
    with tempfile.TemporaryDirectory() as folder:
        # past the guards, which refuse it (`test_guards`)
        hand_commit(
            store.path,
            Path(folder) / "clone",
            HAND,
            {"membres.yaml": edited},
            "Corrige",
            directly=True,
        )

    done = run(store, "check", INTERPELLATIONS_LANG="nl")

    assert done.returncode == 1
    sentence = "De kant „mutualite” is onbekend: het moet „cpas” of „associatif” zijn."
    assert f"fout — membres.yaml:{line}: {sentence}" in done.stderr.splitlines()
    assert done.stderr.splitlines()[-1] == (
        "1 fout gevonden: wat ze raakt, is alleen-lezen in de dienst tot ze verbeterd is."
    )


@pytest.mark.parametrize(
    ("args", "dutch", "french"),
    [
        (
            ("edit", "2026/logements-vides", "--as", STRANGER),
            "Geef --fr of --nl op.",
            "Indiquez --fr ou --nl.",
        ),
        (
            ("create", "--as", STRANGER, "--title", "Intrus", "--theme", "logement",
             "--group", "gt-logement", "--to", "college-valbrune"),
            f"{STRANGER} is geen lid van de coördinatie.",
            f"{STRANGER} n'est pas membre de la coordination.",
        ),
    ],
    ids=["missing-option", "domain-refusal"],
)  # fmt: skip
def test_refusals_follow_the_language_of_the_person(
    store: Store, args: tuple[str, ...], dutch: str, french: str
) -> None:
    assert run(store, *args, INTERPELLATIONS_LANG="nl").stderr.strip() == dutch
    assert run(store, *args, LANG="nl_BE.UTF-8").stderr.strip() == dutch
    assert run(store, *args, LANG="nl_BE.UTF-8", INTERPELLATIONS_LANG="fr").stderr.strip() == (
        french
    )
    assert run(store, *args).stderr.strip() == french


def test_help_texts_are_translated(store: Store) -> None:
    done = run(store, "check", "--help", LC_ALL="nl_BE.UTF-8")

    assert done.returncode == 0, done.stderr
    assert "Controleert de hele repository" in done.stdout
    assert "Map van de gegevensrepository" in done.stdout


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({}, Language.FR),
        ({"LANG": "C.UTF-8"}, Language.FR),
        ({"LANG": "fr_BE.UTF-8"}, Language.FR),
        ({"LANG": "nl_BE.UTF-8"}, Language.NL),
        ({"LANG": "nl"}, Language.NL),
        ({"LC_ALL": "nl_NL.UTF-8", "LANG": "fr_BE.UTF-8"}, Language.NL),
        ({"LC_ALL": "fr_BE.UTF-8", "LANG": "nl_BE.UTF-8"}, Language.FR),
        ({"LC_MESSAGES": "nl_BE", "LANG": "fr_BE.UTF-8"}, Language.NL),
        ({"INTERPELLATIONS_LANG": "nl", "LANG": "fr_BE.UTF-8"}, Language.NL),
        ({"INTERPELLATIONS_LANG": "FR", "LC_ALL": "nl_BE.UTF-8"}, Language.FR),
        ({"INTERPELLATIONS_LANG": "de", "LANG": "nl_BE.UTF-8"}, Language.NL),
    ],
)
def test_the_language_comes_from_the_environment(
    environ: dict[str, str], language: Language
) -> None:
    assert user_language(environ) == language
