"""Fixtures: small coordinations in temporary folders.

Tests take their people and authorities from the tests' own coordination
(`coordination.py`, its registre in `registre.py`), never from the demo's, so the
demo can change freely; only `demo_store`, `anonymous` and `client` serve the demo,
built by its generator. Nothing here reads the demo folder of `make serve`; every
test gets its own copy.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from coordination import DRAFTER, record_files
from httpx import Response
from hypothesis import HealthCheck, settings
from litestar.testing import TestClient
from registre import build_registre

from interpellations.acts.drafting import create_interpellation
from interpellations.acts.founding import found_repository
from interpellations.clock import now
from interpellations.demo.build import build_demo
from interpellations.record.ids import InterpellationId
from interpellations.record.interpellation import Interpellation
from interpellations.record.loading import load_record
from interpellations.record.model import FrontMatter
from interpellations.record.registry import Record
from interpellations.record.store import Store, run_git
from interpellations.record.store.log import parse_trailers
from interpellations.record.trailers import InvalidTrailers, Trailers
from interpellations.rules.parity import ApprovalStatus, approval_status
from interpellations.rules.states import State, state_from
from interpellations.settings import Settings
from server.accounts import Accounts
from server.app import create_app

# The command-line tools speak the language of the environment; the tests read French.
os.environ["INTERPELLATIONS_LANG"] = "fr"

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

# The demo's coordinator, for the fixtures on the demo (`client`); every other test
# takes its people from the tests' own coordination (`coordination.py`)
DEMO_COORDINATOR = "thomas.lejeune@cpas-hautvallon.example"


def state_of(read: Interpellation) -> State:
    """The state of an interpellation as read (what the read model says of it)."""
    return state_from(read.journal.events, read.text_id)


def status_of(record: Record, read: Interpellation) -> ApprovalStatus:
    """The parity rule's answer on the text as read, today."""
    return approval_status(read.journal.events, read.text_id, record, now().date())


@pytest.fixture(scope="session", autouse=True)
def _every_commit_says_what_it_was(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """After the whole run: every commit the product made in any test's registre parses.

    Its `Action` is a registered action and every trailer is said the product's way
    (`Trailers.parse`); commits without an `Action` are the ones tests made by hand.
    """
    yield
    unparsed = []
    for head in tmp_path_factory.getbasetemp().rglob("HEAD"):
        repository = head.parent
        if not (repository / "objects").is_dir() or not (repository / "refs").is_dir():
            continue
        log = run_git(repository, "log", "--all", "--format=%H%x1f%B%x1e", check=False)
        for record in filter(str.strip, log.split("\x1e")):
            version, message = record.strip().split("\x1f", 1)
            try:
                Trailers.parse(parse_trailers(message))
            except InvalidTrailers as error:
                unparsed.append(f"{repository} {version[:7]}: {error}")
    assert not unparsed, "commits whose trailers do not parse:\n" + "\n".join(unparsed[:20])


@pytest.fixture(scope="session")
def _founded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("founded") / "data"
    found_repository(path, *record_files()).close()
    return path


@pytest.fixture(scope="session")
def _demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "data"
    build_demo(path).close()
    return path


@pytest.fixture(scope="session")
def _registre(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("registre") / "data"
    build_registre(path).close()
    return path


@pytest.fixture
def registre(_registre: Path, tmp_path: Path) -> Iterator[Store]:
    """The tests' own coordination with five interpellations in known states (`registre.py`)."""
    opened = _copy(_registre, tmp_path)
    yield opened
    opened.close()


def _copy(source: Path, tmp_path: Path) -> Store:
    target = tmp_path / "data"
    shutil.copytree(source, target, symlinks=True)
    return Store.open(target)


@pytest.fixture
def store(_founded: Path, tmp_path: Path) -> Iterator[Store]:
    """The tests' own coordination's record (`coordination.py`) and no interpellation yet."""
    opened = _copy(_founded, tmp_path)
    yield opened
    opened.close()


@pytest.fixture
def demo_store(_demo: Path, tmp_path: Path) -> Iterator[Store]:
    """The whole demo: a dozen interpellations with their history."""
    opened = _copy(_demo, tmp_path)
    yield opened
    opened.close()


def housing_text(title: str = "Logements vides à Valbrune") -> FrontMatter:
    return FrontMatter(
        title=title,
        theme="logement",
        group="gt-logement",
        addressees=["college-valbrune"],
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
    iid, _ = create_interpellation(store, DRAFTER, housing_text(), SECTIONS)
    return iid


DEMO_PASSWORD = "mot de passe de test"  # noqa: S105 - fictional people in temporary folders


def web_settings(store: Store, tmp_path: Path) -> Settings:
    """Settings of a service on `store`, mail in an outbox folder, every member a password."""
    settings = Settings(
        data=store.path,
        index=tmp_path / "index.sqlite",
        accounts=tmp_path / "accounts.sqlite",
        outbox=tmp_path / "outbox",
        secret="test-secret",  # noqa: S106 - a test-only secret
    )
    shutil.copyfile(_accounts_template(store), settings.accounts_path)
    return settings


_ACCOUNTS: dict[tuple[str, ...], Path] = {}


def _accounts_template(store: Store) -> Path:
    """One accounts database per set of people (argon2 is slow on purpose), copied per test."""
    members = load_record(store.snapshot()).members
    key = tuple(sorted(m.email for m in members))
    if key not in _ACCOUNTS:
        path = Path(tempfile.mkdtemp(prefix="accounts-")) / "accounts.sqlite"
        accounts = Accounts(path)
        for member in members:
            accounts.set_password(member.email, DEMO_PASSWORD)
        accounts.close()
        _ACCOUNTS[key] = path
    return _ACCOUNTS[key]


def log_in(
    client: TestClient,  # type: ignore[type-arg]
    email: str,
    password: str = DEMO_PASSWORD,
    headers: dict[str, str] | None = None,
) -> Response:
    """Fill the login form as a person would (the CSRF token comes with the form)."""
    form = client.get("/connexion")
    token = form.text.split('name="_csrf_token" value="', 1)[1].split('"', 1)[0]
    return client.post(
        "/connexion",
        data={"email": email, "password": password, "_csrf_token": token, "next": "/"},
        headers=headers,
        follow_redirects=False,
    )


def csrf_token(client: TestClient, path: str = "/connexion") -> str:  # type: ignore[type-arg]
    page = client.get(path).text
    return page.split('name="_csrf_token" value="', 1)[1].split('"', 1)[0]


@pytest.fixture
def anonymous(demo_store: Store, tmp_path: Path) -> Iterator[TestClient]:  # type: ignore[type-arg]
    """A browser on the demo service, not logged in."""
    with TestClient(create_app(web_settings(demo_store, tmp_path))) as test_client:
        yield test_client


@pytest.fixture
def visitor(registre: Store, tmp_path: Path) -> Iterator[TestClient]:  # type: ignore[type-arg]
    """A browser on a service of the tests' registre, not logged in."""
    with TestClient(create_app(web_settings(registre, tmp_path))) as test_client:
        yield test_client


@pytest.fixture
def client(anonymous: TestClient) -> TestClient:  # type: ignore[type-arg]
    """A browser on the demo service, logged in as a coordinator."""
    assert log_in(anonymous, DEMO_COORDINATOR).status_code in (302, 303)
    return anonymous
