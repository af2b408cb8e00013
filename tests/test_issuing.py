"""Issuing the letters: one commit by the coordinator, archived PDFs, references never reused.

Real git and real rendering (pandoc, Typst) on the tests' registre; what is checked
is what a person would: the git log's author, message and trailers, the archived
file and its SHA-256, the reference printed in the letter, and the refusals that
follow, in French and in Dutch.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import threading
from collections.abc import Callable
from typing import Any

import pytest
from coordination import ASSOCIATIVE, COORDINATOR, CPAS, DRAFTER
from gitcheck import git_log
from pypdf import PdfReader
from registre import HEALTH, HOUSING, _front, _sections, _sign_all, text_id

from interpellations.acts import issuing
from interpellations.acts.committee import (
    raise_objection,
    sign,
    submit,
    withdraw_interpellation,
    withdraw_signature,
)
from interpellations.acts.drafting import create_interpellation, edit_texts
from interpellations.clock import BRUSSELS, fixed_time
from interpellations.errors import NotAllowed
from interpellations.reading.dossier import read_dossier
from interpellations.record.ids import InterpellationId
from interpellations.record.model import IssueEvent, Language
from interpellations.record.store import Store
from interpellations.rules.states import State
from interpellations.wording.sentences import describe_error

BASE_URL = "https://interpellations.valbrune.example"


def issue(store: Store, iid: InterpellationId, actor: str = COORDINATOR) -> Any:
    return issuing.issue_letters(store, actor, iid, text_id(store, iid), base_url=BASE_URL)


def test_issuing_archives_the_letters_in_one_commit_by_the_coordinator(registre: Store) -> None:
    issue(registre, HOUSING)

    entry = git_log(registre.path)[0]
    assert entry.author[1] == COORDINATOR
    assert entry.subject.startswith("Émet les lettres de « Logements vides » (CSV/")
    reference = entry.trailers["Reference"]
    assert reference.startswith("CSV/") and reference.endswith("/001")
    file, _, sha = entry.trailers["Letters"].partition("=")
    assert file == "lettres/college-valbrune.fr.pdf"

    pdf = registre.read(HOUSING.path(file))
    assert pdf is not None and hashlib.sha256(pdf).hexdigest() == sha
    shown = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert f"N/Réf.\u202f: {reference}" in shown and "Pour le CPAS" in shown

    dossier = read_dossier(registre, HOUSING)
    assert dossier.state == State.ISSUED
    issued = [e for e in dossier.read.journal.events if isinstance(e, IssueEvent)]
    assert [e.reference for e in issued] == [reference]
    assert issued[0].letters[0].sha256 == sha


FROZEN: dict[str, Callable[[Store], object]] = {
    "edit": lambda s: edit_texts(
        s, DRAFTER, HOUSING, {Language.FR: "---\n"}, s.head(), "Encore une retouche"
    ),
    "sign": lambda s: sign(s, CPAS[3], HOUSING, text_id(s, HOUSING)),
    "unsign": lambda s: withdraw_signature(s, CPAS[0], HOUSING),
    "withdraw": lambda s: withdraw_interpellation(s, COORDINATOR, HOUSING, "Plus d'actualité."),
    "object": lambda s: raise_objection(s, CPAS[3], HOUSING, text_id(s, HOUSING), "Trop tard."),
    "issue again": lambda s: issue(s, HOUSING),
}


@pytest.mark.parametrize("act", list(FROZEN))
def test_an_issued_text_no_longer_changes(registre: Store, act: str) -> None:
    issue(registre, HOUSING)
    head = registre.head()
    with pytest.raises(NotAllowed) as refused:
        FROZEN[act](registre)
    assert refused.value.params["reason"] == "issued"
    assert registre.head() == head
    assert "ont été émises (référence CSV/" in describe_error(refused.value, Language.FR)
    assert "CSV/" in describe_error(refused.value, Language.NL)
    assert "ont été émises" not in describe_error(refused.value, Language.NL)


def test_only_a_coordinator_issues_and_only_an_approved_text(registre: Store) -> None:
    head = registre.head()
    with pytest.raises(NotAllowed) as not_issuer:
        issue(registre, HOUSING, actor=DRAFTER)
    assert not_issuer.value.params["reason"] == "not_issuer"
    with pytest.raises(NotAllowed) as draft:
        issue(registre, HEALTH)
    assert draft.value.params["reason"] == "not_approved"
    assert registre.head() == head  # nothing rendered was written


def _approved(store: Store, slug: str) -> InterpellationId:
    iid = create_interpellation(
        store, DRAFTER, _front(f"Texte {slug}"), _sections(slug), slug=slug
    )[0]
    submit(store, DRAFTER, iid)
    _sign_all(store, iid, CPAS[:3] + ASSOCIATIVE[:3], "2026-10-01")
    return iid


def test_two_issues_held_after_rendering_get_distinct_references(
    registre: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    second = _approved(registre, "loyers-etudiants")
    together = threading.Barrier(2, timeout=60)
    perform = issuing.perform
    renderings: list[str] = []

    def held(store: Store, actor: str, act: issuing.Issue, **kwargs: Any) -> Any:
        renderings.append(act.reference)
        if len(renderings) <= 2:  # both rendered with the same number, then let go at once
            together.wait()
        return perform(store, actor, act, **kwargs)

    monkeypatch.setattr(issuing, "perform", held)
    done: list[BaseException | None] = []

    def run(iid: InterpellationId) -> None:
        try:
            issue(registre, iid)
            done.append(None)
        except BaseException as error:  # reported below
            done.append(error)

    threads = [threading.Thread(target=run, args=(iid,)) for iid in (HOUSING, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert done == [None, None]
    assert renderings[0] == renderings[1]  # both rendered with the next number
    given = sorted(e.trailers["Reference"] for e in git_log(registre.path)[:2])
    assert given[0].endswith("/001") and given[1].endswith("/002")
    assert renderings[2] == given[1]  # the one that lost rendered again, with the next


def test_the_counter_survives_and_goes_on(registre: Store) -> None:
    issue(registre, HOUSING)
    later = _approved(registre, "loyers-etudiants")
    reopened = Store.open(registre.path)  # a restart reads the counter from git
    issue(reopened, later)
    reference = git_log(registre.path)[0].trailers["Reference"]
    assert reference.endswith("/002")
    year = int(reference.split("/")[1])
    assert issuing.references_given(reopened.snapshot()) == {year: 2}


def test_the_year_of_a_reference_is_brussels_time_and_numbers_restart_with_it(
    registre: Store,
) -> None:
    # 23:30 in London on 31 December 2026 is already 2027 in Brussels
    with fixed_time(dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)):
        issue(registre, HOUSING)
    second, third = _approved(registre, "loyers-etudiants"), _approved(registre, "kots")
    with fixed_time(dt.datetime(2027, 3, 1, 10, tzinfo=BRUSSELS)):
        issue(registre, second)
    with fixed_time(dt.datetime(2028, 1, 5, 10, tzinfo=BRUSSELS)):
        issue(Store.open(registre.path), third)  # after a restart too

    given = [e.trailers["Reference"] for e in git_log(registre.path) if "Reference" in e.trailers]
    assert given == ["CSV/2028/001", "CSV/2027/002", "CSV/2027/001"]
    assert issuing.references_given(registre.snapshot()) == {2027: 2, 2028: 1}
