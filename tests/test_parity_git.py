"""The parity rule through real git: a shorter random run of acts on a data repository.

At every step the state recomputed from git (at the head and at every earlier
version, with the files as they were) equals the state the service holds in
its index, and each approval sits in the commit of the act that completed it.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from contextlib import suppress
from pathlib import Path

from conftest import SECTIONS, housing_text, state_of
from coordination import (
    ASSOCIATIVE,
    COORDINATOR,
    CPAS,
    CPAS_SUBSTITUTE,
    DRAFTER,
    PRESIDENT,
    record_files,
)
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from interpellations.acts import committee as approval
from interpellations.acts.drafting import create_interpellation, edit_texts
from interpellations.acts.founding import found_repository
from interpellations.clock import BRUSSELS, fixed_time
from interpellations.errors import DomainError
from interpellations.index.index import Index
from interpellations.record.interpellation import load_interpellation
from interpellations.record.loading import MEMBERS_FILE, load_record
from interpellations.record.model import ApprovalEvent, Language, Members, ObjectionEvent, Outcome
from interpellations.record.store import Draft, Snapshot, Store
from interpellations.yamlio import dump_yaml

COMMITTEE = [*CPAS, *ASSOCIATIVE, CPAS_SUBSTITUTE]
_TEMPLATE: dict[str, Path] = {}


def founded_template() -> Path:
    """One founded registre, copied for every example (founding costs more than copying)."""
    if "path" not in _TEMPLATE:
        path = Path(tempfile.mkdtemp(prefix="parity-template-")) / "data"
        found_repository(path, *record_files()).close()
        _TEMPLATE["path"] = path
    return _TEMPLATE["path"]


class GitParityMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="parity-"))
        shutil.copytree(founded_template(), self.folder / "data")
        self.store = Store.open(self.folder / "data")
        self.index = Index(self.folder / "index.sqlite", self.store)
        self.today = dt.datetime(2026, 9, 1, 10, 0, tzinfo=BRUSSELS)
        with fixed_time(self.today):
            self.iid, _ = create_interpellation(self.store, DRAFTER, housing_text(), SECTIONS)
            approval.submit(self.store, DRAFTER, self.iid)
        self.states: dict[str, str] = {}
        self.remember()

    def teardown(self) -> None:
        self.index.close()
        self.store.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def read(self, version: str | None = None):  # type: ignore[no-untyped-def]
        return load_interpellation(self.store.snapshot(version), self.iid)

    def remember(self) -> None:
        self.states[self.store.head()] = state_of(self.read()).value

    def attempt(self, act) -> None:  # type: ignore[no-untyped-def]
        # a refusal commits nothing: the invariants check what the head then says
        with fixed_time(self.today), suppress(DomainError):
            act()
        self.remember()

    @rule(who=st.sampled_from(COMMITTEE))
    def sign(self, who: str) -> None:
        self.attempt(lambda: approval.sign(self.store, who, self.iid, self.read().text_id))

    @rule(who=st.sampled_from(COMMITTEE))
    def unsign(self, who: str) -> None:
        self.attempt(lambda: approval.withdraw_signature(self.store, who, self.iid))

    @rule(dutch=st.booleans(), n=st.integers(0, 99))
    def edit(self, dutch: bool, n: int) -> None:
        read = self.read()
        french = read.files["texte.fr.md"].decode()
        if dutch:
            text = (
                french.replace("language: fr", "language: nl")
                .replace("## Constats", "## Vaststellingen")
                .replace("## Avis", "## Advies")
                .replace("## Propositions", "## Voorstellen")
                + f"\nVersie {n}.\n"
            )
            texts = {Language.NL: text}
        else:
            texts = {Language.FR: french.replace("Soixante", f"Soixante-{n}", 1)}
        self.attempt(
            lambda: edit_texts(self.store, DRAFTER, self.iid, texts, read.version, "Retouche")
        )

    @rule(who=st.sampled_from(COMMITTEE), dice=st.integers(0, 2))
    def raise_objection(self, who: str, dice: int) -> None:
        if not dice:
            self.attempt(
                lambda: approval.raise_objection(
                    self.store, who, self.iid, self.read().text_id, "Réserve"
                )
            )

    def objections(self) -> list[ObjectionEvent]:
        return [e for e in self.read().journal.events if isinstance(e, ObjectionEvent)]

    @precondition(lambda self: bool(self.objections()))
    @rule(data=st.data())
    def withdraw_objection(self, data: st.DataObject) -> None:
        objection = data.draw(st.sampled_from(self.objections()))
        self.attempt(
            lambda: approval.withdraw_objection(self.store, objection.by, self.iid, objection.id)
        )

    @precondition(lambda self: bool(self.objections()))
    @rule(data=st.data(), outcome=st.sampled_from(list(Outcome)))
    def decide(self, data: st.DataObject, outcome: Outcome) -> None:
        objection = data.draw(st.sampled_from(self.objections()))
        self.attempt(
            lambda: approval.record_decision(
                self.store, PRESIDENT, self.iid, objection.id, outcome, COMMITTEE, "Entendu."
            )
        )

    @rule(who=st.sampled_from(CPAS[1:] + ASSOCIATIVE[1:]))
    def end_mandate(self, who: str) -> None:
        """A coordinator's commit to the members' file ends a mandate yesterday."""
        ended = (self.today - dt.timedelta(days=1)).date()

        def build(snapshot: Snapshot) -> Draft:
            record = load_record(snapshot)
            members = [
                m.model_copy(update={"mandate_to": ended}) if m.email == who else m
                for m in record.members
            ]
            return Draft(
                {MEMBERS_FILE: dump_yaml(Members(members=members))},
                "Met fin à un mandat",  # as a coordinator's hand commit would
            )

        with fixed_time(self.today):
            self.store.transact(
                build, author=load_record(self.store.snapshot()).identity(COORDINATOR)
            )

    @rule(days=st.integers(1, 20))
    def later(self, days: int) -> None:
        self.today += dt.timedelta(days=days)

    @invariant()
    def git_and_index_agree_at_every_version(self) -> None:
        self.index.sync()
        listed = {s.id: s.state for s in self.index.search(limit=10)}
        assert listed[str(self.iid)] == state_of(self.read()).value
        for version, state in self.states.items():
            assert state_of(self.read(version)).value == state

    @invariant()
    def approvals_are_in_the_commit_of_the_completing_act(self) -> None:
        approvals = [e for e in self.read().journal.events if isinstance(e, ApprovalEvent)]
        for event in approvals:
            commits = [c for c in self.store.commits() if c.trailers.get("Approval") == event.id]
            assert len(commits) == 1
            assert commits[0].trailers["Action"] in ("sign", "withdraw-objection", "decide")


TestGitParity = GitParityMachine.TestCase
TestGitParity.settings = settings(
    max_examples=8, stateful_step_count=25, deadline=None, derandomize=True
)
