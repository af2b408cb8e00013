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
from api_operations import API_OPERATIONS
from conftest import DEMO_COORDINATOR, DEMO_PASSWORD, web_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import Case, GenerationMode
from schemathesis.core.result import Ok
from schemathesis.python.asgi import shutdown_lifespans
from schemathesis.schemas import APIOperation, BaseSchema
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    positive_data_acceptance,
)

from interpellations.clock import now
from interpellations.record.interpellation import Interpellation, load_interpellation
from interpellations.record.loading import interpellation_ids, load_record
from interpellations.record.model import Role, Side
from interpellations.record.registry import Record
from interpellations.record.seats import sitting
from interpellations.record.store import Store
from interpellations.rules.states import State, state_from
from interpellations.rules.submission import Gap, submission_gaps
from server.accounts import Accounts
from server.app import create_app

pytestmark = pytest.mark.slow  # some fifteen seconds; `make test` runs it like every test

EXAMPLES = 40  # per operation
# Bodies whose validity depends on the record, which no schema can say (an authority of
# the directory, a theme of the coordination, an e-mail address, a quorum within the
# seats): a well-formed one may still be refused, with a problem, never a server error.
CHECKED_AGAINST_THE_RECORD = {
    ("POST", "/api/interpellations"),
    ("POST", "/api/interpellations/{year}/{slug}/follow-up"),
    ("PUT", "/api/interpellations/{year}/{slug}/text"),
    ("PUT", "/api/interpellations/{year}/{slug}/autosave"),
    ("PUT", "/api/coordination"),
    ("POST", "/api/members"),
    ("PUT", "/api/members/{member_id}"),
    ("POST", "/api/authorities"),
    ("PUT", "/api/authorities/{authority_id}"),
}
# Bodies of whole texts: an oversized one is refused unread (413), which the check of
# invalid data does not count as a refusal; the limit itself is `test_drafting_api`'s.
WHOLE_TEXTS = {
    ("PUT", "/api/interpellations/{year}/{slug}/text"),
    ("PUT", "/api/interpellations/{year}/{slug}/autosave"),
}
ACTS = "/api/interpellations/{year}/{slug}"


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


def bearer(schema: BaseSchema, email: str = DEMO_COORDINATOR) -> dict[str, str]:
    """A fresh bearer token, asked of `POST /api/session` like any client."""
    login = schema["/api/session"]["POST"].Case(
        body={"email": email, "password": DEMO_PASSWORD}, media_type="application/json"
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
        headers = bearer(api_schema) if path == "/api/session" and method == "DELETE" else token
        if (method, path) in CHECKED_AGAINST_THE_RECORD:
            excluded = [positive_data_acceptance]
            if (method, path) in WHOLE_TEXTS:
                excluded.append(negative_data_rejection)
            case.call_and_validate(headers=headers, excluded_checks=excluded)
        else:
            case.call_and_validate(headers=headers)

    call()


def load_all(store: Store) -> list[Interpellation]:
    snapshot = store.snapshot()
    return [load_interpellation(snapshot, iid) for iid in interpellation_ids(snapshot)]


def state_of(read: Interpellation) -> State:
    return state_from(read.journal.events, read.text_id)


def gaps_of(read: Interpellation, record: Record) -> list[Gap]:
    return submission_gaps(read.texts, record)


def test_each_acting_operation_succeeds_through_its_document(
    api_schema: BaseSchema, _demo: Path
) -> None:
    """One well-formed call of each act, by someone the rules allow, validated like the rest."""
    store = Store.open(_demo)
    record = load_record(store.snapshot())
    today = now().date()
    present = [m.email for side in Side for m in sitting(record.members, side, today)[:3]]
    drafts = [i for i in load_all(store) if state_of(i) == State.DRAFT and not gaps_of(i, record)]
    submitted = [i for i in load_all(store) if state_of(i) == State.SUBMITTED]
    president = next(m.email for m in record.members if Role.PRESIDENT in m.roles)
    store.close()
    chair = bearer(api_schema, president)
    coordinator = bearer(api_schema, DEMO_COORDINATOR)

    def act(
        method: str,
        tail: str,
        read: Interpellation,
        who: dict[str, str],
        body: dict[str, Any] | None = None,
        **ids: str,
    ) -> dict[str, Any]:
        parameters = {"year": read.id.year, "slug": read.id.slug, **ids}
        operation = api_schema[ACTS + tail][method]
        if body is None:
            case = operation.Case(path_parameters=parameters)
        else:
            case = operation.Case(
                path_parameters=parameters, body=body, media_type="application/json"
            )
        answer = case.call_and_validate(headers=who)
        assert answer.status_code in (200, 201, 204), answer.text
        return dict(answer.json()) if answer.status_code != 204 else {}

    target = next(
        i for i in submitted if not any(getattr(e, "by", "") == president for e in i.journal.events)
    )
    comment = act("POST", "/comments", target, coordinator, {"body": "Relu, merci."})
    act("POST", "/comments", target, chair, {"body": "D'accord.", "reply_to": comment["event"]})
    act("POST", "/comments/{comment}/resolve", target, chair, None, comment=comment["event"])
    act("POST", "/signatures", target, chair, {"text_id": target.text_id})
    act("DELETE", "/signatures/me", target, chair)
    objection = act(
        "POST",
        "/objections",
        target,
        chair,
        {"text_id": target.text_id, "reason": "Un chiffre à vérifier."},
    )
    act(
        "POST",
        "/objections/{objection}/answers",
        target,
        coordinator,
        {"body": "Vérifié."},
        objection=objection["event"],
    )
    act(
        "POST",
        "/objections/{objection}/withdraw",
        target,
        chair,
        None,
        objection=objection["event"],
    )
    again = act(
        "POST",
        "/objections",
        target,
        chair,
        {"text_id": target.text_id, "reason": "Un autre chiffre."},
    )
    act(
        "POST",
        "/decisions",
        target,
        chair,
        {
            "objection": again["event"],
            "outcome": "overruled",
            "present": present,
            "reason": "Le comité a vérifié.",
        },
    )
    act("POST", "/submit", drafts[0], coordinator)
    act("POST", "/withdraw", drafts[1], coordinator, {"reason": "Repris dans un autre texte."})

    # writing: a working copy kept, read and discarded; a version saved, merged onto head
    french = target.files["texte.fr.md"].decode() + "\nUne phrase ajoutée par l'API.\n"
    texts = {"base": target.version, "texts": {"fr": french}}
    act("PUT", "/autosave", target, coordinator, texts)
    assert act("GET", "/autosave", target, coordinator)["texts"]["fr"] == french
    act("DELETE", "/autosave", target, coordinator)
    assert act("PUT", "/text", target, coordinator, texts)["action"] == "edit"
    theme, group = record.coordination.themes[0].id, record.coordination.working_groups[0].id
    created = api_schema["/api/interpellations"]["POST"].Case(
        body={
            "title": "Une interpellation créée par l'API",
            "theme": theme,
            "group": group,
            "addressees": [record.authorities[0].id],
        },
        media_type="application/json",
    )
    answer = created.call_and_validate(headers=coordinator)
    assert answer.status_code == 201 and answer.json()["action"] == "create", answer.text


def test_each_administration_operation_succeeds_through_its_document(
    api_schema: BaseSchema,
) -> None:
    """Read and write each file of the coordination, one checked commit each."""
    coordinator = bearer(api_schema, DEMO_COORDINATOR)

    def call(method: str, path: str, body: Any = None, **ids: str) -> dict[str, Any]:
        operation = api_schema[path][method]
        kwargs: dict[str, Any] = {"path_parameters": ids} if ids else {}
        if body is not None:
            kwargs |= {"body": body, "media_type": "application/json"}
        answer = operation.Case(**kwargs).call_and_validate(headers=coordinator)
        assert answer.status_code in (200, 201), answer.text
        return dict(answer.json())

    coordination = call("GET", "/api/coordination")
    coordination["answer_delay_days"] = 45
    assert call("PUT", "/api/coordination", coordination)["changed"]
    members = call("GET", "/api/members")["members"]
    someone = {**members[0], "function": "Fonction revue par l'API"}
    assert call("PUT", "/api/members/{member_id}", someone, member_id=someone["id"])["changed"]
    newcomer = {**members[0], "id": "nouvelle-personne", "email": "nouvelle@exemple.example",
                "name": "Nouvelle Personne", "roles": []}  # fmt: skip
    assert call("POST", "/api/members", newcomer)["changed"]
    authorities = call("GET", "/api/authorities")["authorities"]
    one = {**authorities[0], "email": "secretariat@autorite.example"}
    assert call("PUT", "/api/authorities/{authority_id}", one, authority_id=one["id"])["changed"]
    assert call("POST", "/api/authorities", {**one, "id": "nouvelle-autorite"})["changed"]
