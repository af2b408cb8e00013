"""schemathesis against the OpenAPI document the service serves: every /api operation.

The application runs in-process (schemathesis's ASGI loader, which also runs its
lifespan) on its own copy of the demo record. Requests carry a bearer token
from `POST /api/session`; every answer must be no server error and conform to
the document (status, content type, body schema). The examples are the same on
every run (`derandomize`), and few per operation, so it runs in seconds.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from conftest import DEMO_COORDINATOR, DEMO_PASSWORD, web_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import Case, GenerationMode
from schemathesis.core.result import Ok
from schemathesis.python.asgi import shutdown_lifespans
from schemathesis.schemas import APIOperation, BaseSchema

from interpellations.record.store import Store
from server.accounts import Accounts
from server.app import create_app

pytestmark = pytest.mark.slow  # some fifteen seconds; `make test` runs it like every test

EXAMPLES = 40  # per operation
API_OPERATIONS = {
    ("POST", "/api/session"),
    ("DELETE", "/api/session"),
    ("GET", "/api/interpellations"),
    ("GET", "/api/interpellations/{year}/{slug}"),
    ("GET", "/api/interpellations/{year}/{slug}/history"),
    ("GET", "/api/interpellations/{year}/{slug}/diff"),
}


@pytest.fixture(scope="module")
def api_schema(_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BaseSchema]:
    """The service's own OpenAPI document, loaded from the running application."""
    folder = tmp_path_factory.mktemp("schemathesis")
    shutil.copytree(_demo, folder / "data", symlinks=True)
    store = Store.open(folder / "data")
    app = create_app(web_settings(store, folder))
    store.close()
    accounts = Accounts(folder / "accounts.sqlite")
    reader = accounts.open_session(DEMO_COORDINATOR)  # the document is read like a page
    accounts.close()
    try:
        schema = schemathesis.openapi.from_asgi(
            "/schema/openapi.json", app, headers={"Cookie": f"session={reader}"}
        )
        yield schema.include(path_regex="^/api/")
    finally:
        shutdown_lifespans()


def bearer(schema: BaseSchema) -> dict[str, str]:
    """A fresh bearer token, asked of `POST /api/session` like any client."""
    login = schema["/api/session"]["POST"].Case(
        body={"email": DEMO_COORDINATOR, "password": DEMO_PASSWORD}, media_type="application/json"
    )
    answer = login.call()
    assert answer.status_code == 201, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


@pytest.fixture(scope="module")
def token(api_schema: BaseSchema) -> dict[str, str]:
    return bearer(api_schema)


def test_the_document_lists_every_api_operation(api_schema: BaseSchema) -> None:
    listed = {
        (result.ok().method.upper(), result.ok().path)
        for result in api_schema.get_all_operations()
        if isinstance(result, Ok)
    }
    assert listed == API_OPERATIONS


KNOWN = {"year": 2025, "slug": "logements-vides"}  # to reach the answers, not only the 404s


def cases(operation: APIOperation[Any, Any, Any, Any]) -> st.SearchStrategy[Case[Any]]:
    """Valid and invalid requests; for one interpellation, some on a real one too."""
    strategies = [operation.as_strategy(mode) for mode in GenerationMode]
    if "{slug}" in operation.path:
        strategies.append(operation.as_strategy(path_parameters=KNOWN))
    return st.one_of(strategies)


@pytest.mark.parametrize(("method", "path"), sorted(API_OPERATIONS))
def test_api_conforms_to_its_document(
    api_schema: BaseSchema, token: dict[str, str], method: str, path: str
) -> None:
    operation = api_schema[path][method]

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(case=cases(operation))
    def call(case: Case[Any]) -> None:
        # logging out ends the token it is sent with: each of those calls gets its own
        headers = bearer(api_schema) if method == "DELETE" else token
        case.call_and_validate(headers=headers)

    call()
