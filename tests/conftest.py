"""Fixtures: small coordinations in temporary folders, built by the demo generator.

Nothing here reads the demo folder of `make serve`; every test gets its own copy.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from interpellations.demo import build_demo
from interpellations.drafting import create_interpellation
from interpellations.ids import InterpellationId
from interpellations.model import FrontMatter
from interpellations.store import Store

# CI: the same examples on every run, no per-example deadline on 2 shared cores.
settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, max_examples=100)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

# People of the demo record, by what they may do
HOUSING_DRAFTER = "helene.dubois@cpas-hautvallon.example"  # gt-logement, no seat
HOUSING_MEMBER = "samira.haddad@droitautoit.example"  # gt-logement, associative seat
COORDINATOR = "thomas.lejeune@cpas-hautvallon.example"
OUTSIDER = "claire.dumont@lire-ensemble.example"  # gt-emploi only
STRANGER = "nobody@nowhere.example"  # not in the record
# The steering committee: four sitting members a side in autumn 2026
CPAS = [
    "martine.lenoir@cpas-hautvallon.example",
    "jean-marc.deprez@cpas-hautvallon.example",
    "sofie.claes@cpas-hautvallon.example",
    "nadia.elamrani@cpas-hautvallon.example",
]
ASSOCIATIVE = [
    "marie-claire.janssens@asbl-lerelais.example",
    "pierre.lambert@maisonmedicale-parc.example",
    "samira.haddad@droitautoit.example",
    "bram.peeters@debrug-vzw.example",
]
CPAS_SUBSTITUTE = "luc.verhaegen@cpas-hautvallon.example"
ENDED = "patrick.vandamme@cpas-hautvallon.example"  # mandate ended 2026-06-30
PRESIDENT = CPAS[0]


@pytest.fixture(scope="session")
def _founded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("founded") / "data"
    build_demo(path, limit=0).close()
    return path


@pytest.fixture(scope="session")
def _demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "data"
    build_demo(path).close()
    return path


def _copy(source: Path, tmp_path: Path) -> Store:
    target = tmp_path / "data"
    shutil.copytree(source, target, symlinks=True)
    return Store.open(target)


@pytest.fixture
def store(_founded: Path, tmp_path: Path) -> Iterator[Store]:
    """The demo coordination's record and no interpellation yet."""
    opened = _copy(_founded, tmp_path)
    yield opened
    opened.close()


@pytest.fixture
def demo_store(_demo: Path, tmp_path: Path) -> Iterator[Store]:
    """The whole demo: a dozen interpellations with their history."""
    opened = _copy(_demo, tmp_path)
    yield opened
    opened.close()


def housing_text(title: str = "Logements vides à Hautvallon") -> FrontMatter:
    return FrontMatter(
        title=title,
        theme="logement",
        group="gt-logement",
        addressees=["college-hautvallon"],
        copies=["conseil-cpas"],
    )


SECTIONS = {
    "constats": "Soixante immeubles sont vides.\n\nLes loyers augmentent chaque année.",
    "avis": "La coordination estime que la taxe doit être perçue.",
    "propositions": "1. Percevoir la taxe.\n2. Publier l'inventaire.",
}


@pytest.fixture
def interpellation(store: Store) -> InterpellationId:
    """One housing interpellation with its three sections, by a member of the group."""
    iid, _ = create_interpellation(store, HOUSING_DRAFTER, housing_text(), SECTIONS)
    return iid
