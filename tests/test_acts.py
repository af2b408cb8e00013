"""One act pipeline: every commit goes through it, every action can be refused, in two languages.

- only `interpellations.acts.pipeline` calls the store's write (an AST rule over the
  domain and the web layer);
- every action of `Action` has its rule, its label for the history, and at least
  one refusing case here, through the real pipeline on a real registre: the head
  does not move, and the sentence has a real Dutch translation;
- the layers of the domain hold (`lint-imports`, the contracts of `pyproject.toml`).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from coordination import (
    COORDINATOR,
    CPAS,
    DRAFTER,
    OUTSIDER,
    PRESIDENT,
    STRANGER,
    record_files,
)

from interpellations.acts.administration import Administer
from interpellations.acts.committee import (
    Answer,
    Decide,
    Object,
    Sign,
    Submit,
    Unsign,
    Withdraw,
    WithdrawObjection,
)
from interpellations.acts.discussion import Comment, Reply, Resolve
from interpellations.acts.drafting import Create, Edit, create_interpellation, edit_texts
from interpellations.acts.following import FollowUp
from interpellations.acts.founding import Found, found_repository
from interpellations.acts.issuing import Issue
from interpellations.acts.pipeline import Act, perform
from interpellations.clock import now
from interpellations.errors import DomainError, NotAllowed
from interpellations.record.document import render_text
from interpellations.record.ids import InterpellationId
from interpellations.record.interpellation import load_interpellation
from interpellations.record.loading import MEMBERS_FILE
from interpellations.record.model import FrontMatter, Language, Outcome
from interpellations.record.store import Store
from interpellations.record.trailers import Action
from interpellations.rules.workflow import RULES
from interpellations.wording.labels import ACTIONS
from interpellations.wording.sentences import ERRORS, REASONS, describe_error
from interpellations.wording.translation import translate

ROOT = Path(__file__).resolve().parent.parent
PIPELINE = ROOT / "interpellations" / "acts" / "pipeline.py"
HOUSING = FrontMatter(
    title="Logements vides", theme="logement", group="gt-logement", addressees=["college-valbrune"]
)


def test_only_the_pipeline_calls_the_stores_write() -> None:
    callers = []
    for path in [
        *ROOT.joinpath("interpellations").rglob("*.py"),
        *ROOT.joinpath("server").rglob("*.py"),
    ]:
        if "store" in path.relative_to(ROOT).parts[:3] or path == PIPELINE:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Attribute) and node.attr == "transact":
                callers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert callers == []
    assert "store.transact(" in PIPELINE.read_text()


def test_every_action_has_its_rule_and_its_label() -> None:
    assert set(RULES) == set(Action)
    assert set(Action) <= set(ACTIONS)


def test_the_layers_hold() -> None:
    done = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:]


@pytest.fixture
def registre(tmp_path: Path) -> Iterator[Store]:
    """The tests' coordination, founded, with one empty housing draft."""
    store = found_repository(tmp_path / "registre", *record_files())
    create_interpellation(store, DRAFTER, HOUSING, slug="logements-vides")
    yield store
    store.close()


IID = InterpellationId(2026, "logements-vides")
TEXT_ID = "0" * 64
Refused = Callable[[Store], tuple[str, Act]]


def _text_id(store: Store) -> str:
    return load_interpellation(store.snapshot(), IID).text_id


def _objected(store: Store) -> str:
    """A submitted text with one objection; its id."""
    complete = render_text(
        HOUSING, {"constats": "Des faits.", "avis": "Un avis.", "propositions": "1. Agir."}
    )
    edit_texts(store, DRAFTER, IID, {Language.FR: complete}, store.head())
    perform(store, DRAFTER, Submit(IID))
    done = perform(store, CPAS[1], Object(IID, _text_id(store), "Trop vague."))
    return done.event or ""


def _elsewhere() -> InterpellationId:
    return InterpellationId(now().year, "autre-texte")


# Per action, one refused case: (who, what) on the registre above, and the refusal's code
REFUSALS: dict[Action, tuple[str, Refused]] = {
    Action.FOUND: (
        "founder_not_coordinator",
        lambda s: (CPAS[1], Found(*record_files())),
    ),
    Action.CREATE: (
        "not_in_group",
        lambda s: (
            OUTSIDER,
            Create(_elsewhere(), HOUSING, render_text(HOUSING, {}).encode()),
        ),
    ),
    Action.EDIT: (
        "not_in_group",
        lambda s: (OUTSIDER, Edit(IID, {Language.FR: "x"}, s.head(), {})),
    ),
    Action.COMMENT: ("not_a_member", lambda s: (STRANGER, Comment(IID, "Bonjour."))),
    Action.REPLY: ("no_such_comment", lambda s: (OUTSIDER, Reply(IID, "c-00000000", "Oui."))),
    Action.RESOLVE: ("no_such_comment", lambda s: (OUTSIDER, Resolve(IID, "c-00000000"))),
    Action.SUBMIT: ("incomplete_text", lambda s: (DRAFTER, Submit(IID))),
    Action.SIGN: ("not_submitted", lambda s: (CPAS[1], Sign(IID, _text_id(s)))),
    Action.UNSIGN: ("not_submitted", lambda s: (CPAS[1], Unsign(IID))),
    Action.OBJECT: ("not_on_committee", lambda s: (OUTSIDER, Object(IID, _text_id(s), "Non."))),
    Action.ANSWER: ("no_such_objection", lambda s: (DRAFTER, Answer(IID, "o-00000000", "Si."))),
    Action.WITHDRAW_OBJECTION: (
        "not_objection_author",
        lambda s: (CPAS[2], WithdrawObjection(IID, _objected(s))),
    ),
    Action.DECIDE: (
        "decision_reason_missing",
        lambda s: (
            PRESIDENT,
            Decide(IID, _objected(s), Outcome.OVERRULED, tuple(CPAS), reason=" "),
        ),
    ),
    Action.WITHDRAW: ("not_in_group", lambda s: (OUTSIDER, Withdraw(IID, "Plus utile."))),
    Action.ISSUE: (
        "not_approved",
        lambda s: (
            COORDINATOR,
            Issue(IID, _text_id(s), now().date(), 1, "CSV/2026/001", (), "https://x.example"),
        ),
    ),
    Action.FOLLOW_UP: ("not_issued", lambda s: (DRAFTER, FollowUp(IID, HOUSING))),
    Action.ADMINISTER: (
        "not_coordinator",
        lambda s: (CPAS[1], Administer(MEMBERS_FILE, "Vide les membres", raw=b"members: []\n")),
    ),
}


def test_every_action_has_a_refusing_case() -> None:
    assert set(REFUSALS) == set(Action)


@pytest.mark.parametrize("action", list(Action))
def test_a_refusal_leaves_the_head_and_says_why_in_french_and_dutch(
    action: Action, registre: Store, tmp_path: Path
) -> None:
    code, case = REFUSALS[action]
    store = Store.init(tmp_path / "vide") if action == Action.FOUND else registre
    actor, act = case(store)
    head = store.head()

    with pytest.raises(DomainError) as refused:
        perform(store, actor, act)

    assert store.head() == head
    error = refused.value
    assert isinstance(error, NotAllowed) and error.params["reason"] == code
    template = REASONS.get(code) or ERRORS[error.code]
    assert translate(template, Language.NL) != template  # the catalog has it
    french, dutch = describe_error(error, Language.FR), describe_error(error, Language.NL)
    assert french != dutch
    assert "%(" not in french + dutch  # every parameter filled in
