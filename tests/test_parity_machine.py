"""The parity rule under random sequences of acts, against an oracle written from DOMAIN.md.

A hypothesis state machine edits both languages, signs (stale pages and the
wrong side included), withdraws signatures, objects, withdraws objections,
records committee decisions with random lists of people present and reasons,
ends mandates and lets days pass. At every step the product's rules
(`interpellations.rules`) must agree with `tests/parity_oracle.py`: who validly
signed, when the approval is recorded, whether a decision may be recorded.

The same machine then runs on copies of the rules with mistakes planted in them
(duplicates counted, substitutes beyond the absent, a quorum off by one, a
reason made optional), and must catch every one.
"""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
import importlib
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar

import parity_oracle as oracle
import pytest
from coordination import COORDINATOR, STRANGER, coordination_record
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

import interpellations.rules
from interpellations.clock import BRUSSELS
from interpellations.record.document import parse_text, render_text
from interpellations.record.model import (
    ApprovalEvent,
    DecisionEvent,
    Event,
    FrontMatter,
    Language,
    ObjectionEvent,
    ObjectionWithdrawEvent,
    Outcome,
    Role,
    Side,
    SignEvent,
    SubmitEvent,
    UnsignEvent,
)
from interpellations.record.registry import Record
from interpellations.record.trailers import Action

RECORD = coordination_record()
EMAILS = [m.email for m in RECORD.members]
CHAIRS = [m.email for m in RECORD.members if oracle.RECORDERS & set(m.roles)]
COMMITTEE = [
    m.email for m in RECORD.members if {*oracle.SEAT_ROLES, Role.SUBSTITUTE} & set(m.roles)
]
PRESENT_POOL = [*COMMITTEE, COORDINATOR, STRANGER]
GROUP = "gt-logement"
TEXTS = {
    Language.FR: parse_text(
        render_text(
            FrontMatter(
                title="Essai", theme="logement", group=GROUP, addressees=["college-valbrune"]
            ),
            {"constats": "Un constat.", "avis": "Un avis.", "propositions": "1. Une proposition."},
        ),
        Language.FR,
    )
}
REASONS = ["", "   ", *["Le comité a entendu les deux côtés."] * 4]


def text_id_for(version: int, dutch: int) -> str:
    return hashlib.sha256(f"fr{version}/nl{dutch}".encode()).hexdigest()


class ParityMachine(RuleBasedStateMachine):
    """The rules as the service applies them (`workflow`, `parity`, `completion`), against the
    oracle."""

    workflow: ClassVar[ModuleType] = importlib.import_module("interpellations.rules.workflow")
    parity: ClassVar[ModuleType] = importlib.import_module("interpellations.rules.parity")
    completion: ClassVar[ModuleType] = importlib.import_module("interpellations.rules.completion")

    def __init__(self) -> None:
        super().__init__()
        self.record = RECORD
        self.events: list[Event] = []
        self.french = 0
        self.dutch = 0
        self.today = dt.date(2026, 9, 1)
        self.counter = 0

    @property
    def text_id(self) -> str:
        return text_id_for(self.french, self.dutch)

    def situation(self, actor: str) -> Any:
        return self.workflow.Situation(
            self.record,
            actor,
            self.today,
            events=tuple(self.events),
            text_id=self.text_id,
            group=GROUP,
            texts=TEXTS,
        )

    def next_id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}-{self.counter}"

    def at(self) -> dt.datetime:
        return dt.datetime.combine(self.today, dt.time(10), BRUSSELS)

    def act(self, actor: str, action: Action, request: Any, event: Event) -> bool:
        """Apply an act as the pipeline does; check what it appends against the oracle."""
        situation = self.situation(actor)
        if not self.workflow.decide(situation, action, request).allowed:
            return False
        appended = self.completion.act_events(situation, action, event, self.next_id("a"))
        after = [*self.events, event]
        complete = oracle.approval_complete(after, self.text_id, self.record, self.today)
        already = oracle.approved(self.events, self.text_id)
        recorded = len(appended) == 2
        if action in (Action.SIGN, Action.WITHDRAW_OBJECTION, Action.DECIDE):
            assert recorded == (complete and not already)
        else:
            assert not recorded
        self.events.extend(appended)
        return True

    @initialize()
    def submitted(self) -> None:
        event = SubmitEvent(
            id=self.next_id("s"), at=self.at(), by=COORDINATOR, text_id=self.text_id
        )
        assert self.act(COORDINATOR, Action.SUBMIT, self.workflow.Request(), event)

    @initialize(side=st.sampled_from(list(Side)), vacant=st.integers(0, 2))
    def vacancies(self, side: Side, vacant: int) -> None:
        """Seats left vacant since the summer: a side may sit with fewer than its seats."""
        sitting = [
            m.email
            for m in self.record.members
            if m.side == side and oracle.sits(m, self.today) and m.email not in CHAIRS
        ]
        for email in sitting[:vacant]:
            self.end_mandate(email, dice=0)

    @rule(dutch=st.booleans())
    def edit(self, dutch: bool) -> None:
        if dutch:
            self.dutch += 1
        else:
            self.french += 1

    @rule(who=st.sampled_from(EMAILS), stale=st.booleans(), side=st.sampled_from([None, *Side]))
    def sign(self, who: str, stale: bool, side: Side | None) -> None:
        seen = text_id_for(self.french - 1, self.dutch) if stale else self.text_id
        member = self.record.member(who)
        assert member is not None
        event = SignEvent(
            id=self.next_id("g"),
            at=self.at(),
            by=who,
            text_id=self.text_id,
            side=member.side,
            version="0" * 40,
        )
        self.act(who, Action.SIGN, self.workflow.Request(text_id=seen, side=side), event)

    @rule(who=st.sampled_from(COMMITTEE))
    def sign_as_shown(self, who: str) -> None:
        """The common case, drawn more often: a committee member signs the page they read."""
        self.sign(who, stale=False, side=None)

    @rule(who=st.sampled_from(EMAILS))
    def unsign(self, who: str) -> None:
        unsigned = {e.signature for e in self.events if isinstance(e, UnsignEvent)}
        active = [
            e
            for e in self.events
            if isinstance(e, SignEvent)
            and e.by == who
            and e.text_id == self.text_id
            and e.id not in unsigned
        ]
        target = active[-1].id if active else "none"
        event = UnsignEvent(id=self.next_id("u"), at=self.at(), by=who, signature=target)
        self.act(who, Action.UNSIGN, self.workflow.Request(), event)

    @rule(who=st.sampled_from(EMAILS), dice=st.integers(0, 2))
    def raise_objection(self, who: str, dice: int) -> None:
        if dice:  # objections block everything: keep them rarer than signatures
            return
        event = ObjectionEvent(
            id=self.next_id("o"), at=self.at(), by=who, text_id=self.text_id, reason="Désaccord"
        )
        self.act(who, Action.OBJECT, self.workflow.Request(text_id=self.text_id), event)

    def objections(self) -> list[ObjectionEvent]:
        return [e for e in self.events if isinstance(e, ObjectionEvent)]

    @precondition(lambda self: bool(self.objections()))
    @rule(data=st.data(), by_author=st.booleans())
    def withdraw_objection(self, data: st.DataObject, by_author: bool) -> None:
        objection = data.draw(st.sampled_from(self.objections()))
        who = objection.by if by_author else data.draw(st.sampled_from(EMAILS))
        event = ObjectionWithdrawEvent(
            id=self.next_id("w"), at=self.at(), by=who, objection=objection.id
        )
        self.act(
            who, Action.WITHDRAW_OBJECTION, self.workflow.Request(objection=objection.id), event
        )

    @precondition(lambda self: bool(self.objections()))
    @rule(
        data=st.data(),
        who=st.sampled_from(CHAIRS + EMAILS[:3]),
        outcome=st.sampled_from(list(Outcome)),
        reason=st.sampled_from(REASONS),
    )
    def decide_objection(
        self, data: st.DataObject, who: str, outcome: Outcome, reason: str
    ) -> None:
        """A decision, with a random list of people present: the rules and the oracle agree."""
        objection = data.draw(st.sampled_from(self.objections()))
        self.decide(who, objection, outcome, data.draw(self.people_present()), reason)

    @precondition(lambda self: bool(oracle.open_objections(self.events)))
    @rule(data=st.data(), who=st.sampled_from(CHAIRS), reason=st.sampled_from(REASONS))
    def settle_open_objection(self, data: st.DataObject, who: str, reason: str) -> None:
        """The common case, drawn more often: a chair records a decision on an open one."""
        still_open = oracle.open_objections(self.events)
        objection = data.draw(st.sampled_from([o for o in self.objections() if o.id in still_open]))
        outcomes = [Outcome.OVERRULED, Outcome.MAINTAINED]
        if objection.text_id != self.text_id:
            outcomes.append(Outcome.AMENDED)
        outcome = data.draw(st.sampled_from(outcomes))
        self.decide(who, objection, outcome, data.draw(self.people_present()), reason)

    def decide(
        self, who: str, objection: ObjectionEvent, outcome: Outcome, present: list[str], reason: str
    ) -> None:
        event = DecisionEvent(
            id=self.next_id("d"),
            at=self.at(),
            by=who,
            objection=objection.id,
            outcome=outcome,
            present=present if len(present) > 1 else [who, who],  # the schema wants two
            text_id=self.text_id,
            note=reason,
        )
        request = self.workflow.Request(
            objection=objection.id, outcome=outcome, present=tuple(present), reason=reason
        )
        expected = oracle.may_decide(
            self.events,
            self.text_id,
            self.record,
            self.today,
            who,
            objection.id,
            outcome,
            present,
            reason,
        )
        assert self.act(who, Action.DECIDE, request, event) == expected

    def people_present(self) -> st.SearchStrategy[list[str]]:
        """Mostly people with a seat today, each once; sometimes someone twice or seatless."""
        seated = [
            m.email
            for m in self.record.members
            if oracle.sits(m, self.today) or oracle.substitutes(m, self.today)
        ]
        return st.one_of(
            st.lists(st.sampled_from(seated), unique=True, min_size=min(4, len(seated))),
            st.builds(
                lambda some, extra: [*some, extra],
                st.lists(st.sampled_from(seated), unique=True),
                st.sampled_from(PRESENT_POOL),
            ),
            st.lists(st.sampled_from(PRESENT_POOL), max_size=12),
        )

    @rule(who=st.sampled_from(EMAILS), dice=st.integers(0, 5))
    def end_mandate(self, who: str, dice: int) -> None:
        """A coordinator's commit ends a mandate yesterday (or a substitute's)."""
        if dice:
            return
        ended = self.today - dt.timedelta(days=1)
        self.record = Record(
            self.record.coordination,
            tuple(
                m.model_copy(update={"mandate_to": ended})
                if m.email == who and (m.mandate_from or dt.date.min) <= ended
                else m
                for m in self.record.members
            ),
            self.record.authorities,
        )

    @rule(days=st.integers(min_value=1, max_value=20))
    def next_days(self, days: int) -> None:
        self.today += dt.timedelta(days=days)

    @invariant()
    def approvals_need_both_sides_on_that_exact_text(self) -> None:
        for approval in (e for e in self.events if isinstance(e, ApprovalEvent)):
            assert {c.side for c in approval.sides} == set(Side)
            for count in approval.sides:
                assert len(count.signatures) >= count.quorum >= 1
                for email in count.signatures:
                    assert any(
                        isinstance(e, SignEvent)
                        and e.by == email
                        and e.text_id == approval.text_id
                        and e.side == count.side
                        for e in self.events
                    )

    @invariant()
    def signatures_count_as_the_oracle_says(self) -> None:
        for side in Side:
            counted = self.parity.side_status(
                self.events, self.text_id, self.record, side, self.today
            )
            expected = oracle.valid_signers(
                self.events, self.text_id, self.record, side, self.today
            )
            assert set(counted.signers) == expected

    @invariant()
    def state_follows_the_events(self) -> None:
        state = self.situation(EMAILS[0]).state
        assert (state == "approved") == oracle.approved(self.events, self.text_id)


TestParity = ParityMachine.TestCase


# -- planted mistakes ------------------------------------------------------------------

RULES_DIR = Path(interpellations.rules.__file__).parent
MISTAKES: dict[str, dict[str, list[tuple[str, str]]]] = {
    "duplicates counted": {
        "presence.py": [
            ("        if email in seen:\n", "        if False:\n"),
            ("set[str]] = {side: set() for side in Side}", "list[str]] = {s: [] for s in Side}"),
            (
                "sitting_present[member.side].add(email)",
                "sitting_present[member.side].append(email)",
            ),
        ]
    },
    "substitutes beyond the absent, signing": {
        "parity.py": [("substitute_signers[: len(not_signed)]", "substitute_signers")]
    },
    "substitutes beyond the absent, present": {
        "presence.py": [
            ("min(substitutes_present[side], len(absent))", "substitutes_present[side]")
        ]
    },
    "quorum off by one, signing": {
        "parity.py": [("return self.count >= self.quorum", "return self.count >= self.quorum - 1")]
    },
    "quorum off by one, present": {
        "workflow.py": [("counted.counted[side] < quorum", "counted.counted[side] < quorum - 1")]
    },
    "reason optional": {
        "workflow.py": [("if not request.reason.strip():", "if False:")]
    },
}  # fmt: skip


def planted_rules(name: str, tmp_path: Path) -> dict[str, ModuleType]:
    """A copy of `interpellations.rules`, as a package of its own, with one mistake planted."""
    package = "planted_" + hashlib.sha256(name.encode()).hexdigest()[:8]
    target = tmp_path / package
    shutil.copytree(RULES_DIR, target, ignore=shutil.ignore_patterns("__pycache__"))
    for path in target.glob("*.py"):
        source = path.read_text().replace("interpellations.rules.", f"{package}.")
        for old, new in MISTAKES[name].get(path.name, []):
            assert old in source, f"{path.name}: {old!r} is no longer in the rules"
            source = source.replace(old, new)
        path.write_text(source)
    sys.path.insert(0, str(tmp_path))
    try:
        return {
            module: importlib.import_module(f"{package}.{module}")
            for module in ("workflow", "parity", "completion")
        }
    finally:
        sys.path.remove(str(tmp_path))


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_the_machine_catches_a_planted_mistake(mistake: str, tmp_path: Path) -> None:
    machine = type("Planted", (ParityMachine,), planted_rules(mistake, tmp_path))
    caught = settings(
        max_examples=300,
        stateful_step_count=50,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.generate],  # found is enough: no need to shrink the example
        suppress_health_check=list(HealthCheck),
    )
    with pytest.raises(AssertionError):
        run_state_machine_as_test(machine, settings=caught)


def test_the_oracle_imports_nothing_of_the_rules() -> None:
    tree = ast.parse((Path(__file__).parent / "parity_oracle.py").read_text())
    imported = {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module is not None
    } | {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert not {
        m for m in imported if m.startswith(("interpellations.rules", "interpellations.acts"))
    }
    assert "interpellations.record.seats" not in imported
