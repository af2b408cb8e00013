"""Administering the record: one checked commit per change, refused with the file and line."""

from __future__ import annotations

import datetime as dt

import pytest
from coordination import COORDINATOR, DRAFTER
from gitcheck import git_log

from interpellations.acts.administration import (
    administer,
    end_mandate,
    put_authority,
    replace_file,
)
from interpellations.errors import InvalidDocument, NotAllowed
from interpellations.record.loading import AUTHORITIES_FILE, MEMBERS_FILE, load_record
from interpellations.record.store import Store


def test_an_ended_mandate_is_one_commit_and_the_member_stays(registre: Store) -> None:
    day = dt.date(2026, 12, 31)
    done = administer(
        registre, COORDINATOR, MEMBERS_FILE, end_mandate("hugo-petit", day), "Met fin au mandat"
    )
    assert done.write.changed
    member = load_record(registre.snapshot()).member(DRAFTER)
    assert member is not None and member.mandate_to == day
    entry = git_log(registre.path)[0]
    assert entry.trailers["Action"] == "administer" and entry.author[1] == COORDINATOR


def test_a_change_that_breaks_an_interpellation_is_refused_with_its_line(
    registre: Store,
) -> None:
    head = registre.head()
    raw = registre.read(AUTHORITIES_FILE) or b""
    without_council = raw.replace(b"id: conseil-cpas", b"id: conseil-renomme")
    with pytest.raises(InvalidDocument) as refused:
        replace_file(registre, COORDINATOR, AUTHORITIES_FILE, without_council, "Renomme")
    problems = refused.value.params["problems"]
    assert any(p.code == "unknown_reference" and p.line for p in problems)
    assert registre.head() == head


def test_only_coordinators_administer(registre: Store) -> None:
    authority = load_record(registre.snapshot()).authorities[0]
    with pytest.raises(NotAllowed) as refused:
        administer(
            registre, DRAFTER, AUTHORITIES_FILE, put_authority(authority, new=False), "Modifie"
        )
    assert refused.value.params["reason"] == "not_coordinator"
