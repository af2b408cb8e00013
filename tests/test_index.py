"""The SQLite index: derived from git, brought up to date from the commits it has not seen.

Run on the demo (a dozen interpellations with a year of history). What the index
answers is compared with what git itself says; a hand commit pushed to the data
repository is picked up, and deleting the index file loses nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import HOUSING_DRAFTER, housing_text, state_of

from interpellations.acts.drafting import create_interpellation
from interpellations.clock import fixed_time
from interpellations.index.index import Index
from interpellations.record.ids import InterpellationId
from interpellations.record.interpellation import Interpellation, load_interpellation
from interpellations.record.loading import interpellation_ids
from interpellations.record.store import Store
from interpellations.rules.states import State

HOUSING = InterpellationId(2025, "logements-vides")
HAND = ("-c", "user.name=Camille Martin", "-c", "user.email=camille.martin@example.org")


def git(cwd: Path, *args: str) -> str:
    """The git command line with no configuration of the machine: identities are explicit."""
    env = {
        **os.environ,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "HOME": str(cwd),
    }
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def clone_and(store: Store, *steps: tuple[str, ...]) -> None:
    """In a fresh clone, run git `steps` (a `("write", path, text)` step writes a file)."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder) / "clone"
        git(Path(folder), "clone", "--quiet", str(store.path), str(work))
        for step in steps:
            if step[0] == "write":
                (work / step[1]).write_text(step[2], encoding="utf-8")
            else:
                git(work, *step)


@pytest.fixture
def index(demo_store: Store, tmp_path: Path) -> Iterator[Index]:
    opened = Index(tmp_path / "index" / "index.sqlite", demo_store)
    yield opened
    opened.close()


def everything(store: Store) -> dict[str, Interpellation]:
    snapshot = store.snapshot()
    return {str(iid): load_interpellation(snapshot, iid) for iid in interpellation_ids(snapshot)}


def found(index: Index, **filters: object) -> set[str]:
    return {summary.id for summary in index.search(limit=500, **filters)}  # type: ignore[arg-type]


def test_sync_lists_the_demos_interpellations_with_their_states(
    index: Index, demo_store: Store
) -> None:
    report = index.sync()

    summaries = index.search(limit=500)
    assert (report.rebuilt, report.interpellations) == (True, 12)
    assert index.count() == len(summaries) == 12
    assert {s.id for s in summaries} == set(everything(demo_store))
    assert {s.state for s in summaries} == {"draft", "submitted", "approved"}
    housing = next(s for s in summaries if s.id == str(HOUSING))
    assert (housing.state, housing.languages, housing.theme) == (
        "approved",
        ["fr", "nl"],
        "logement",
    )
    assert housing.addressees == ["college-hautvallon"]
    assert housing.comments == 3
    # most recently changed first, as `git log` orders the versions
    updated = [s.updated_at or "" for s in summaries]
    assert updated == sorted(updated, reverse=True)
    assert not index.behind()
    assert index.sync().commits == 0


def test_search_finds_french_and_dutch_words_of_the_texts_and_words_of_comments(
    index: Index, demo_store: Store
) -> None:
    index.sync()
    housing = everything(demo_store)[str(HOUSING)]
    nl = housing.files["texte.nl.md"].decode()
    fr = housing.files["texte.fr.md"].decode()

    assert str(HOUSING) in found(index, text="inoccupés")
    assert "terreinverkenningen" in nl and "terreinverkenningen" not in fr
    assert found(index, text="terreinverkenningen") == {str(HOUSING)}
    assert "patrimoine" not in fr + nl  # only in a reply of its comments
    assert found(index, text="patrimoine") == {str(HOUSING)}
    assert found(index, text="Vérifié patrimoine") == {str(HOUSING)}  # every word, any order
    assert found(index, text="patrimoine tarlatane") == set()
    assert len(found(index, text="inoccupés")) < 12


def test_search_ignores_accents_and_case_and_takes_operators_for_words(index: Index) -> None:
    index.sync()

    accented = found(index, text="médecin généraliste")
    assert "2025/acces-medecin-generaliste" in accented
    assert found(index, text="MEDECIN generaliste") == accented
    assert found(index, text='"médecin généraliste') == accented
    assert found(index, text="médecin NEAR( * ") == set()  # words, not a syntax error
    assert len(found(index, text='" - "')) == 12  # nothing to look for: no filter


def test_filters_by_state_theme_group_authority_and_year(index: Index, demo_store: Store) -> None:
    index.sync()
    read = everything(demo_store)
    by_state = {state: {key for key, r in read.items() if state_of(r) == state} for state in State}

    for state, expected in by_state.items():
        assert found(index, state=state.value) == expected
    assert by_state[State.DRAFT] and by_state[State.SUBMITTED] and by_state[State.APPROVED]
    assert found(index, theme="logement") == {
        key for key, r in read.items() if r.french.front.theme == "logement"
    }
    assert found(index, group="gt-sante") == {
        key for key, r in read.items() if r.french.front.group == "gt-sante"
    }
    assert found(index, authority="college-hautvallon") == {
        key
        for key, r in read.items()
        if "college-hautvallon" in r.french.front.addressees + r.french.front.copies
    }
    assert found(index, year=2025) == {key for key in read if key.startswith("2025/")}
    assert found(index, year=2025, theme="logement", state="approved") == {str(HOUSING)}


def test_history_is_newest_first_paginated_with_author_and_action(
    index: Index, demo_store: Store
) -> None:
    index.sync()
    fmt = "%H|%an|%ae|%(trailers:key=Action,valueonly,separator=)|%s"
    by_git = git(demo_store.path, "log", f"--format={fmt}", "--", HOUSING.folder).splitlines()

    first = index.history(HOUSING, limit=5)
    rest = index.history(HOUSING, limit=100, offset=5)

    entries = first + rest
    assert len(first) == 5
    assert index.history_length(HOUSING) == len(entries) == len(by_git)
    assert [
        f"{e.version}|{e.author_name}|{e.author_email}|{e.action}|{e.subject}" for e in entries
    ] == by_git
    assert (entries[0].action, entries[-1].action) == ("sign", "create")
    assert [e.date for e in entries] == sorted((e.date for e in entries), reverse=True)


def test_a_hand_commit_is_picked_up_without_a_rebuild(index: Index, demo_store: Store) -> None:
    index.sync()
    path = "interpellations/2026/garantie-locative/texte.fr.md"
    raw = everything(demo_store)["2026/garantie-locative"].files["texte.fr.md"].decode()
    edited = raw.replace("## Avis\n\n", "## Avis\n\nLes agences tarlatanes refusent le CPAS.\n\n")
    assert found(index, text="tarlatanes") == set()

    clone_and(
        demo_store,
        ("write", path, edited),
        (*HAND, "commit", "--quiet", "-am", "Ajoute un exemple"),
        ("push", "--quiet", "origin", "HEAD:main"),
    )

    assert index.behind()
    report = index.sync()
    assert (report.rebuilt, report.commits, report.interpellations) == (False, 1, 1)
    assert not report.record_changed
    assert found(index, text="tarlatanes") == {"2026/garantie-locative"}
    latest = index.history(InterpellationId(2026, "garantie-locative"), limit=1)[0]
    assert (latest.author_name, latest.author_email, latest.action, latest.subject) == (
        "Camille Martin",
        "camille.martin@example.org",
        "manual",
        "Ajoute un exemple",
    )
    assert latest.version == demo_store.head()


def test_deleting_the_index_loses_nothing(index: Index, demo_store: Store, tmp_path: Path) -> None:
    index.sync()
    queries = [{}, {"text": "logement"}, {"text": "patrimoine"}, {"state": "submitted"}]
    before = [index.search(limit=500, **q) for q in queries]  # type: ignore[arg-type]
    history = index.history(HOUSING, limit=500)
    index.close()
    for leftover in index.path.parent.iterdir():
        leftover.unlink()

    again = Index(index.path, demo_store)
    report = again.sync()

    assert report.rebuilt
    assert [again.search(limit=500, **q) for q in queries] == before  # type: ignore[arg-type]
    assert again.history(HOUSING, limit=500) == history
    again.close()


def test_a_force_push_rewriting_history_triggers_a_rebuild(index: Index, demo_store: Store) -> None:
    index.sync()
    dropped = demo_store.head()
    dropped_from = demo_store.commit_info(dropped).trailers["Interpellation"]
    iid = InterpellationId.parse(dropped_from)
    assert index.history(iid, limit=1)[0].version == dropped

    clone_and(
        demo_store,
        ("reset", "--quiet", "--hard", "HEAD~1"),
        ("write", "NOTES.md", "Notes de la coordination.\n"),
        ("add", "NOTES.md"),
        (*HAND, "commit", "--quiet", "-m", "Ajoute des notes"),
        ("push", "--quiet", "--force", "origin", "HEAD:main"),
    )

    report = index.sync()
    assert report.rebuilt
    assert report.interpellations == 12
    assert dropped not in {e.version for e in index.history(iid, limit=500)}
    assert index.version == demo_store.head()


def test_the_list_is_in_time_order_across_the_autumn_change_of_hour(
    store: Store, tmp_path: Path
) -> None:
    summer = dt.datetime.fromisoformat("2025-10-26T02:40:00+02:00")  # 00:40 UTC
    winter = dt.datetime.fromisoformat("2025-10-26T02:10:00+01:00")  # 01:10 UTC, later
    with fixed_time(summer):
        create_interpellation(store, HOUSING_DRAFTER, housing_text("Avant"), slug="avant")
    with fixed_time(winter):
        create_interpellation(store, HOUSING_DRAFTER, housing_text("Après"), slug="apres")
    index = Index(tmp_path / "index.sqlite", store)

    index.sync()

    assert [s.id for s in index.search()] == ["2025/apres", "2025/avant"]
    index.close()
