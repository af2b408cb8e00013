"""Parity approval on real git: each refusal and its reason, a full approval read back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from conftest import state_of, status_of
from coordination import (
    ASSOCIATIVE,
    COORDINATOR,
    CPAS,
    CPAS_SUBSTITUTE,
    DRAFTER,
    ENDED,
    PRESIDENT,
)

from interpellations.acts.committee import (
    answer_objection,
    raise_objection,
    record_decision,
    sign,
    submit,
    withdraw_interpellation,
    withdraw_objection,
    withdraw_signature,
)
from interpellations.acts.drafting import edit_texts
from interpellations.clock import BRUSSELS, fixed_time
from interpellations.errors import NotAllowed
from interpellations.reading.since_signed import changes_since_signed
from interpellations.record.ids import InterpellationId
from interpellations.record.interpellation import load_interpellation
from interpellations.record.loading import load_record
from interpellations.record.model import Language, Outcome, Side
from interpellations.record.store import Store, run_git
from interpellations.rules.states import State
from interpellations.text.diffing import Op
from interpellations.wording.sentences import describe_error


@pytest.fixture(autouse=True)
def autumn() -> Iterator[None]:
    """Every act of these tests happens on one autumn day of 2026."""
    with fixed_time(dt.datetime(2026, 10, 5, 14, 0, tzinfo=BRUSSELS)):
        yield


def text_id(store: Store, iid: InterpellationId) -> str:
    return load_interpellation(store.snapshot(), iid).text_id


def refused(code: str) -> pytest.RaisesExc[NotAllowed]:  # type: ignore[name-defined]
    return pytest.raises(NotAllowed, match=code)


def sign_all(store: Store, iid: InterpellationId, people: list[str]) -> None:
    for person in people:
        sign(store, person, iid, text_id(store, iid))


def test_full_approval_is_recorded_by_the_signature_that_completes_it(
    store: Store,
    interpellation: InterpellationId,
) -> None:
    submit(store, DRAFTER, interpellation)
    sign_all(store, interpellation, CPAS[:3] + ASSOCIATIVE[:2])
    read = load_interpellation(store.snapshot(), interpellation)
    assert state_of(read) == State.SUBMITTED  # one side alone never approves
    last = sign(store, ASSOCIATIVE[2], interpellation, read.text_id)
    assert last.approved
    assert state_of(load_interpellation(store.snapshot(), interpellation)) == State.APPROVED
    log = run_git(store.path, "log", "-1", "--format=%an <%ae>%n%s%n%(trailers)")
    assert log.startswith("Karim Benali <karim.benali@maison-medicale.example>")
    assert "texte approuvé par le comité de pilotage" in log
    assert "Action: sign" in log and "Approval: a-" in log and f"Text-Id: {read.text_id}" in log
    status = status_of(
        load_record(store.snapshot()), load_interpellation(store.snapshot(), interpellation)
    )
    assert status.approved and status.sides[Side.CPAS].count == 3


def test_signing_refusals_say_why(store: Store, interpellation: InterpellationId) -> None:
    current = text_id(store, interpellation)
    with refused("not_submitted"):
        sign(store, CPAS[0], interpellation, current)
    submit(store, DRAFTER, interpellation)
    head = store.head()
    with refused("stale_text"):
        sign(store, CPAS[0], interpellation, "0" * 64)
    with refused("wrong_side"):
        sign(store, CPAS[0], interpellation, current, side=Side.ASSOCIATIVE)
    with refused("not_on_committee"):
        sign(store, DRAFTER, interpellation, current)
    with refused("mandate_not_running"):
        sign(store, ENDED, interpellation, current)
    with refused("no_signature"):
        withdraw_signature(store, CPAS[0], interpellation)
    assert store.head() == head  # a refusal commits nothing
    sign(store, CPAS[0], interpellation, current)
    with refused("already_signed"):
        sign(store, CPAS[0], interpellation, current)


def test_refusals_are_sentences_in_french_and_dutch(
    store: Store,
    interpellation: InterpellationId,
) -> None:
    submit(store, DRAFTER, interpellation)
    with refused("mandate_not_running") as caught:
        sign(store, ENDED, interpellation, text_id(store, interpellation))
    assert describe_error(caught.value) == (
        "Le mandat de Franck Moreau au comité de pilotage ne court pas aujourd'hui "
        "(fin : 2026-06-30)."
    )
    assert "Franck Moreau" in describe_error(caught.value, "nl")


def test_a_substitute_counts_only_in_place_of_a_sitting_member_who_has_not_signed(
    store: Store,
    interpellation: InterpellationId,
) -> None:
    submit(store, DRAFTER, interpellation)
    sign_all(store, interpellation, ASSOCIATIVE[:3] + CPAS[:2] + [CPAS_SUBSTITUTE])
    assert state_of(load_interpellation(store.snapshot(), interpellation)) == State.APPROVED
    record = load_record(store.snapshot())
    status = status_of(record, load_interpellation(store.snapshot(), interpellation))
    assert CPAS_SUBSTITUTE in status.sides[Side.CPAS].substitutes


def test_withdrawn_signature_no_longer_counts(
    store: Store,
    interpellation: InterpellationId,
) -> None:
    submit(store, DRAFTER, interpellation)
    sign_all(store, interpellation, CPAS[:3] + ASSOCIATIVE[:2])
    withdraw_signature(store, CPAS[0], interpellation)
    sign(store, ASSOCIATIVE[2], interpellation, text_id(store, interpellation))
    read = load_interpellation(store.snapshot(), interpellation)
    assert state_of(read) == State.SUBMITTED
    status = status_of(load_record(store.snapshot()), read)
    assert status.sides[Side.CPAS].missing == 1
    assert PRESIDENT in status.sides[Side.CPAS].not_signed


def test_an_open_objection_blocks_until_withdrawn(
    store: Store,
    interpellation: InterpellationId,
) -> None:
    submit(store, DRAFTER, interpellation)
    objection = raise_objection(
        store,
        ASSOCIATIVE[3],
        interpellation,
        text_id(store, interpellation),
        "Le chiffre est invérifiable.",
        section="constats",
    ).event
    answer_objection(store, DRAFTER, interpellation, objection, "Il vient du relevé de terrain.")
    sign_all(store, interpellation, CPAS[:3] + ASSOCIATIVE[:3])
    assert state_of(load_interpellation(store.snapshot(), interpellation)) == State.SUBMITTED
    with refused("not_objection_author"):
        withdraw_objection(store, CPAS[0], interpellation, objection)
    completed = withdraw_objection(store, ASSOCIATIVE[3], interpellation, objection)
    assert completed.approved  # the act that completes the rule records the approval
    subject = run_git(store.path, "log", "-1", "--format=%s")
    assert subject.startswith("Retire son objection sur")


REASON = "Le comité a entendu les deux côtés."


def test_committee_decisions(store: Store, interpellation: InterpellationId) -> None:
    submit(store, DRAFTER, interpellation)
    objection = raise_objection(
        store, CPAS[1], interpellation, text_id(store, interpellation), "Trop vague."
    ).event
    everyone = CPAS + ASSOCIATIVE
    with refused("not_chair"):
        record_decision(
            store, CPAS[1], interpellation, objection, Outcome.OVERRULED, everyone, REASON
        )
    with refused("quorum_not_present"):
        record_decision(
            store,
            PRESIDENT,
            interpellation,
            objection,
            Outcome.OVERRULED,
            CPAS + ASSOCIATIVE[:2],
            REASON,
        )
    record_decision(
        store, PRESIDENT, interpellation, objection, Outcome.MAINTAINED, everyone, REASON
    )
    with refused("maintained_until_text_changes"):
        record_decision(
            store, COORDINATOR, interpellation, objection, Outcome.OVERRULED, everyone, REASON
        )
    sign_all(store, interpellation, CPAS[:3] + ASSOCIATIVE[:3])
    assert state_of(load_interpellation(store.snapshot(), interpellation)) == State.SUBMITTED


def test_withdrawn_interpellation_refuses_every_act(
    store: Store,
    interpellation: InterpellationId,
) -> None:
    submit(store, DRAFTER, interpellation)
    withdraw_interpellation(store, COORDINATOR, interpellation, "Remplacée par une autre.")
    assert state_of(load_interpellation(store.snapshot(), interpellation)) == State.WITHDRAWN
    with refused("withdrawn"):
        sign(store, CPAS[0], interpellation, text_id(store, interpellation))


def test_what_changed_since_i_signed_and_sign_again(
    store: Store,
    interpellation: InterpellationId,
) -> None:

    submit(store, DRAFTER, interpellation)
    sign(store, CPAS[0], interpellation, text_id(store, interpellation))
    assert changes_since_signed(store, CPAS[1], interpellation) is None
    read = load_interpellation(store.snapshot(), interpellation)
    edited = read.files["texte.fr.md"].decode().replace("Soixante immeubles", "Septante immeubles")
    edit_texts(store, DRAFTER, interpellation, {Language.FR: edited}, read.version, "Corrige")
    since = changes_since_signed(store, CPAS[0], interpellation)
    assert since is not None and not since.unchanged
    constats = next(d for d in since.changes[Language.FR] if d.key == "constats")
    assert [p.text for p in constats.pieces if p.op != Op.EQUAL] == ["Soixante", "Septante"]
    again = sign(store, CPAS[0], interpellation, since.current_text_id)
    assert again.write.changed
    assert changes_since_signed(store, CPAS[0], interpellation).unchanged  # type: ignore[union-attr]


def test_changing_an_approved_text_reopens_approval_and_says_so(
    store: Store,
    interpellation: InterpellationId,
) -> None:

    submit(store, DRAFTER, interpellation)
    sign_all(store, interpellation, CPAS[:3] + ASSOCIATIVE[:3])
    read = load_interpellation(store.snapshot(), interpellation)
    assert state_of(read) == State.APPROVED
    dutch = (
        read.files["texte.fr.md"]
        .decode()
        .replace("language: fr", "language: nl")
        .replace("## Constats", "## Vaststellingen")
        .replace("## Avis", "## Advies")
        .replace("## Propositions", "## Voorstellen")
    )
    result = edit_texts(store, DRAFTER, interpellation, {Language.NL: dutch}, read.version)
    assert result.reopened
    after = load_interpellation(store.snapshot(), interpellation)
    assert state_of(after) == State.SUBMITTED  # adding the Dutch version reopens approval
    status = status_of(load_record(store.snapshot()), after)
    assert all(side.count == 0 for side in status.sides.values())  # signatures stay in history
    log = run_git(store.path, "log", "-1", "--format=%s%n%(trailers)")
    assert "rouvre l'approbation" in log and "Reopens: approval" in log


def test_the_other_refusals_say_why(store: Store, interpellation: InterpellationId) -> None:
    missing = edit_texts(
        store,
        DRAFTER,
        interpellation,
        {
            Language.FR: load_interpellation(store.snapshot(), interpellation)
            .files["texte.fr.md"]
            .decode()
            .split("## Avis")[0]
        },
        store.head(),
    )
    assert missing.write.changed
    with refused("incomplete_text") as caught:
        submit(store, DRAFTER, interpellation)
    assert "Avis" in describe_error(caught.value)
    read = load_interpellation(store.snapshot(), interpellation)
    restored = read.files["texte.fr.md"].decode() + (
        "## Avis\n\nLa taxe doit être perçue.\n\n## Propositions\n\n1. Percevoir la taxe.\n"
    )
    edit_texts(store, DRAFTER, interpellation, {Language.FR: restored}, store.head())
    submit(store, DRAFTER, interpellation)
    with refused("already_submitted"):
        submit(store, DRAFTER, interpellation)
    with refused("no_such_objection"):
        withdraw_objection(store, CPAS[0], interpellation, "o-inconnue")
    objection = raise_objection(
        store, CPAS[0], interpellation, text_id(store, interpellation), "Réserve."
    ).event
    withdraw_objection(store, CPAS[0], interpellation, objection)
    with refused("objection_closed"):
        withdraw_objection(store, CPAS[0], interpellation, objection)
    sign_all(store, interpellation, CPAS[:3] + ASSOCIATIVE[:3])
    with refused("already_approved"):
        raise_objection(
            store, CPAS[3], interpellation, text_id(store, interpellation), "Trop tard."
        )
