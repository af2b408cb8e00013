"""The SQLite index: derived from git, brought up to date from the commits it has not seen.

Run on the tests' own registre (`tests/registre.py`: five interpellations in known
states, from March 2025 to October 2026). What the index answers is written down
here by hand from what that module builds, and its history is compared with what
git itself says; a hand commit pushed to the data repository is picked up, deleting
the index file loses nothing, and a force push makes it start again.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from coordination import (
    ASSOCIATIVE,
    ASSOCIATIVE_SUBSTITUTE,
    CPAS,
    DRAFTER,
    PRESIDENT,
    VICE_PRESIDENT,
)
from gitcheck import write_directly
from registre import DEPOSIT, EVICTIONS, HEALTH, HOUSING, RENTS, at, text_id

from interpellations.acts.committee import sign, withdraw_signature
from interpellations.acts.discussion import add_comment
from interpellations.acts.drafting import create_interpellation
from interpellations.clock import fixed_time
from interpellations.index.index import ApprovedSide, Index, Summary
from interpellations.record.ids import InterpellationId
from interpellations.record.model import FrontMatter, Side
from interpellations.record.store import Store

HAND = ("-c", "user.name=Camille Martin", "-c", "user.email=camille.martin@example.org")
EVERY = {str(HOUSING), str(HEALTH), str(DEPOSIT), str(EVICTIONS), str(RENTS)}
# By hand, from tests/registre.py: the date of each one's last commit, newest first
LAST_CHANGED = [
    (str(RENTS), "2026-10-05T10:00:00+02:00"),  # edited: back to submitted
    (str(DEPOSIT), "2026-09-14T10:00:00+02:00"),  # Chloé Dupont's objection
    (str(EVICTIONS), "2026-05-20T10:00:00+02:00"),  # withdrawn
    (str(HEALTH), "2026-02-05T10:00:00+01:00"),  # Karim Benali's comment
    (str(HOUSING), "2025-03-20T14:00:00+01:00"),  # the sixth signature approves it
]
# By hand: the states of the five
STATES = {
    str(HOUSING): "approved",
    str(HEALTH): "draft",
    str(DEPOSIT): "submitted",
    str(EVICTIONS): "withdrawn",
    str(RENTS): "submitted",
}


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
    """In a fresh clone, run git `steps` (a `("write", path, text)` step writes a file;
    `("force",)` puts the clone's HEAD in the branch past the guards, which refuse a
    rewritten history)."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder) / "clone"
        git(Path(folder), "clone", "--quiet", str(store.path), str(work))
        for step in steps:
            if step[0] == "write":
                (work / step[1]).write_text(step[2], encoding="utf-8")
            elif step[0] == "force":
                write_directly(store.path, work, force=True)
            else:
                git(work, *step)


@pytest.fixture
def index(registre: Store, tmp_path: Path) -> Iterator[Index]:
    opened = Index(tmp_path / "index" / "index.sqlite", registre)
    yield opened
    opened.close()


def found(index: Index, **filters: object) -> set[str]:
    return {summary.id for summary in index.search(limit=500, **filters)}  # type: ignore[arg-type]


def summary_of(index: Index, iid: InterpellationId) -> Summary:
    (summary,) = [s for s in index.search(limit=500) if s.id == str(iid)]
    return summary


def test_sync_lists_the_registres_interpellations_with_their_states(index: Index) -> None:
    report = index.sync()

    summaries = index.search(limit=500)
    assert (report.rebuilt, report.interpellations) == (True, 5)
    assert index.count() == len(summaries) == 5
    assert {s.id: s.state for s in summaries} == STATES
    # most recently changed first, as `git log` orders the versions
    assert [(s.id, s.updated_at) for s in summaries] == LAST_CHANGED
    housing = summaries[-1]
    assert (housing.id, housing.title, housing.languages, housing.theme, housing.group) == (
        str(HOUSING),
        "Logements vides",
        ["fr", "nl"],
        "logement",
        "gt-logement",
    )
    assert housing.addressees == ["college-valbrune"]  # its copy to conseil-cpas is no addressee
    # two threads (Léa Dubois's on a passage, Chloé Dupont's); Hugo Petit's reply is no thread
    assert housing.comments == 2
    assert {s.id: s.comments for s in summaries} == {
        str(HOUSING): 2,
        str(HEALTH): 1,
        str(DEPOSIT): 0,
        str(EVICTIONS): 0,
        str(RENTS): 0,
    }
    health = summaries[3]
    assert (health.id, health.title, health.theme, health.group, health.languages) == (
        str(HEALTH),
        "Accès aux soins",
        "sante",
        "gt-sante",
        ["fr"],
    )
    assert not index.behind()
    assert index.sync().commits == 0


def test_the_list_keeps_facts_signatures_and_the_recorded_approval(
    index: Index, registre: Store
) -> None:
    index.sync()
    deposit = summary_of(index, DEPOSIT)
    housing = summary_of(index, HOUSING)
    rents = summary_of(index, RENTS)
    # DEPOSIT's versions, newest first: object, five signatures, submit, create
    by_git = git(registre.path, "log", "--format=%H", "--", DEPOSIT.folder).splitlines()
    assert len(by_git) == 8

    # Alice Martin, Bruno Lefebvre, Inès Janssens, Jules Peeters, Marc Wouters (a substitute)
    assert [(s.by, s.side, s.at) for s in deposit.signatures] == [
        (PRESIDENT, Side.CPAS, at("2026-09-10", 9)),
        (CPAS[1], Side.CPAS, at("2026-09-10", 10)),
        (VICE_PRESIDENT, Side.ASSOCIATIVE, at("2026-09-10", 11)),
        (ASSOCIATIVE[1], Side.ASSOCIATIVE, at("2026-09-10", 12)),
        (ASSOCIATIVE_SUBSTITUTE, Side.ASSOCIATIVE, at("2026-09-11", 9)),
    ]
    assert {s.text_id for s in deposit.signatures} == {deposit.text_id}
    # each signed the version before their own signature: the submission, then the one before
    assert [s.version for s in deposit.signatures] == by_git[2:7][::-1]
    assert deposit.approval == ()  # two CPAS signatures for a quorum of three
    assert (deposit.state, deposit.open_objections) == ("submitted", 1)

    # approved on 2025-03-20 by the sixth signature, three a side for a quorum of three
    assert housing.approval == (
        ApprovedSide(
            Side.CPAS,
            3,
            ("alice.martin@cpas-valbrune.example", "bruno.lefebvre@cpas-valbrune.example",
             "chloe.dupont@cpas-valbrune.example"),
            "2025-03-20T14:00:00+01:00",
        ),
        ApprovedSide(
            Side.ASSOCIATIVE,
            3,
            ("ines.janssens@asbl-horizon.example", "jules.peeters@de-brug.example",
             "karim.benali@maison-medicale.example"),
            "2025-03-20T14:00:00+01:00",
        ),
    )  # fmt: skip
    assert [s.by for s in housing.signatures] == [*CPAS[:3], *ASSOCIATIVE[:3]]
    assert {s.text_id for s in housing.signatures} == {housing.text_id}
    assert (housing.state, housing.open_objections) == ("approved", 0)

    # approved, then edited: its six signatures stay facts, of a text that is no longer current
    assert [s.by for s in rents.signatures] == [*CPAS[:3], *ASSOCIATIVE[:3]]
    assert len({s.text_id for s in rents.signatures}) == 1
    assert rents.signatures[0].text_id != rents.text_id
    assert (rents.approval, rents.state) == ((), "submitted")

    for iid in (HEALTH, EVICTIONS):
        summary = summary_of(index, iid)
        assert (summary.signatures, summary.approval, summary.open_objections) == ((), (), 0)


def test_a_withdrawn_signature_leaves_the_list(index: Index, registre: Store) -> None:
    index.sync()
    with fixed_time(at("2026-09-15")):
        withdraw_signature(registre, ASSOCIATIVE[1], DEPOSIT)  # Jules Peeters

    report = index.sync()

    assert (report.rebuilt, report.commits, report.interpellations) == (False, 1, 1)
    deposit = summary_of(index, DEPOSIT)
    assert [s.by for s in deposit.signatures] == [
        PRESIDENT,
        CPAS[1],
        VICE_PRESIDENT,
        ASSOCIATIVE_SUBSTITUTE,
    ]
    assert (deposit.state, deposit.approval, deposit.open_objections) == ("submitted", (), 1)


def test_the_signatures_are_in_the_order_given_across_the_autumn_change_of_hour(
    index: Index, registre: Store
) -> None:
    summer = dt.datetime.fromisoformat("2026-10-25T02:40:00+02:00")  # 00:40 UTC
    winter = dt.datetime.fromisoformat("2026-10-25T02:10:00+01:00")  # 01:10 UTC, later
    with fixed_time(summer):
        sign(registre, ASSOCIATIVE[2], DEPOSIT, text_id(registre, DEPOSIT))  # Karim Benali
    with fixed_time(winter):
        sign(registre, ASSOCIATIVE[3], DEPOSIT, text_id(registre, DEPOSIT))  # Léa Dubois

    index.sync()

    signatures = summary_of(index, DEPOSIT).signatures
    assert len(signatures) == 7
    assert {s.by for s in signatures[-2:]} == {ASSOCIATIVE[2], ASSOCIATIVE[3]}
    assert [s.by for s in signatures[-2:]] == [ASSOCIATIVE[2], ASSOCIATIVE[3]]


def test_search_finds_french_and_dutch_words_of_the_texts_and_words_of_comments(
    index: Index, registre: Store
) -> None:
    index.sync()
    fr = registre.read(HOUSING.path("texte.fr.md")) or b""
    nl = registre.read(HOUSING.path("texte.nl.md")) or b""

    assert "inoccupés" in fr.decode() and "inoccupés" not in nl.decode()
    assert found(index, text="inoccupés") == {str(HOUSING)}  # French Avis
    assert "leegstaande" in nl.decode() and "leegstaande" not in fr.decode()
    assert found(index, text="leegstaande") == {str(HOUSING)}  # Dutch text only
    assert found(index, text="Leegstaande woningen") == {str(HOUSING)}  # the Dutch title
    assert found(index, text="loyers") == {str(HOUSING), str(RENTS)}
    assert found(index, text="réunir") == {str(HEALTH), str(DEPOSIT), str(EVICTIONS), str(RENTS)}
    # only in a reply of its comments ("Du relevé communal."), in no text
    assert "relevé" not in (fr + nl).decode()
    assert found(index, text="relevé") == {str(HOUSING)}
    assert found(index, text="communal relevé") == {str(HOUSING)}  # every word, any order
    assert found(index, text="relevé tarlatane") == set()
    # only in a comment of HEALTH ("Ajoutons les maisons médicales.")
    assert found(index, text="maisons médicales") == {str(HEALTH)}
    assert found(index, text="soins loyers") == set()


def test_a_reply_added_is_searched_but_opens_no_thread(index: Index, registre: Store) -> None:
    index.sync()
    with fixed_time(at("2026-02-06")):
        thread, _ = add_comment(
            registre, ASSOCIATIVE[3], HEALTH, "Et les pharmacies de garde tarlatanes."
        )
        add_comment(registre, DRAFTER, HEALTH, "Les kinésithérapeutes aussi.", reply_to=thread)

    report = index.sync()

    assert (report.rebuilt, report.commits, report.interpellations) == (False, 2, 1)
    assert found(index, text="tarlatanes") == {str(HEALTH)}
    assert found(index, text="kinesitherapeutes") == {str(HEALTH)}
    assert summary_of(index, HEALTH).comments == 2  # Karim Benali's and Léa Dubois's threads


def test_search_ignores_accents_and_case_and_takes_operators_for_words(index: Index) -> None:
    index.sync()

    assert found(index, text="délais accès") == {str(HEALTH)}  # "les délais d'accès aux soins"
    assert found(index, text="DELAIS acces") == {str(HEALTH)}
    assert found(index, text="inoccupes IMMEUBLES") == {str(HOUSING)}
    assert found(index, text="coordinatie geind") == {str(HOUSING)}  # "coördinatie", "geïnd"
    assert found(index, text="MÉDICALES") == {str(HEALTH)}  # in a comment
    assert found(index, text='"délais accès') == {str(HEALTH)}
    assert found(index, text="délais NEAR( * ") == set()  # words, not a syntax error
    assert found(index, text="soins OR loyers") == set()  # "or" is a word no text has
    assert found(index, text="soins NOT") == set()
    assert found(index, text="soins") == {str(HEALTH)}
    assert found(index, text='" - "') == EVERY  # nothing to look for: no filter


def test_filters_by_state_theme_group_authority_and_year(index: Index, registre: Store) -> None:
    # one more, to the regional minister with a copy to the college, so that the
    # addressees and the copies of the others are not the same for every line
    minister = FrontMatter(
        title="Allocations loyer",
        theme="logement",
        group="gt-logement",
        addressees=["ministre-logement"],
        copies=["college-valbrune"],
    )
    with fixed_time(at("2026-11-02")):
        rent_aid, _ = create_interpellation(registre, DRAFTER, minister, slug="allocations-loyer")
    assert str(rent_aid) == "2026/allocations-loyer"
    index.sync()
    five = EVERY
    housing_group = {str(HOUSING), str(DEPOSIT), str(EVICTIONS), str(RENTS)}

    assert found(index, state="draft") == {str(HEALTH), str(rent_aid)}
    assert found(index, state="submitted") == {str(DEPOSIT), str(RENTS)}
    assert found(index, state="approved") == {str(HOUSING)}
    assert found(index, state="withdrawn") == {str(EVICTIONS)}
    for state in ("issued", "sent", "closed"):
        assert found(index, state=state) == set()
    assert found(index, theme="logement") == housing_group | {str(rent_aid)}
    assert found(index, theme="sante") == {str(HEALTH)}
    assert found(index, group="gt-sante") == {str(HEALTH)}
    assert found(index, group="gt-logement") == housing_group | {str(rent_aid)}
    # an addressee or a copy
    assert found(index, authority="ministre-logement") == {str(rent_aid)}
    assert found(index, authority="college-valbrune") == five | {str(rent_aid)}
    assert found(index, authority="conseil-cpas") == five
    assert found(index, year=2025) == {str(HOUSING)}
    assert found(index, year=2026) == five - {str(HOUSING)} | {str(rent_aid)}
    assert found(index, year=2024) == set()
    assert found(index, year=2025, theme="logement", state="approved") == {str(HOUSING)}
    assert found(index, year=2026, group="gt-logement", state="submitted") == {
        str(DEPOSIT),
        str(RENTS),
    }
    assert found(index, year=2026, state="approved") == set()
    assert found(index, text="allocations", authority="ministre-logement") == {str(rent_aid)}
    assert found(index, text="loyers", state="submitted") == {str(RENTS)}
    assert summary_of(index, rent_aid).addressees == ["ministre-logement"]


def test_history_is_newest_first_paginated_with_author_and_action(
    index: Index, registre: Store
) -> None:
    index.sync()
    fmt = "%H|%an|%ae|%(trailers:key=Action,valueonly,separator=)|%s"
    by_git = git(registre.path, "log", f"--format={fmt}", "--", HOUSING.folder).splitlines()

    first = index.history(HOUSING, limit=5)
    rest = index.history(HOUSING, limit=100, offset=5)

    entries = first + rest
    assert len(first) == 5
    assert index.history_length(HOUSING) == len(entries) == len(by_git) == 13
    assert [
        f"{e.version}|{e.author_name}|{e.author_email}|{e.action}|{e.subject}" for e in entries
    ] == by_git
    # By hand, from tests/registre.py: who did what to HOUSING, newest first
    assert [(e.author_name, e.action) for e in entries] == [
        ("Karim Benali", "sign"),
        ("Jules Peeters", "sign"),
        ("Inès Janssens", "sign"),
        ("Chloé Dupont", "sign"),
        ("Bruno Lefebvre", "sign"),
        ("Alice Martin", "sign"),
        ("Hugo Petit", "submit"),
        ("Hugo Petit", "edit"),  # adds the Dutch text
        ("Hugo Petit", "resolve"),
        ("Chloé Dupont", "comment"),
        ("Hugo Petit", "reply"),
        ("Léa Dubois", "comment"),
        ("Hugo Petit", "create"),
    ]
    assert (entries[0].date, entries[-1].date) == (
        "2025-03-20T14:00:00+01:00",
        "2025-03-03T10:00:00+01:00",
    )
    assert entries[-1].subject == "Crée l'interpellation « Logements vides »"
    # only the creation and the Dutch text changed the text
    assert [e.text_changed for e in entries] == [False] * 7 + [True] + [False] * 4 + [True]
    assert [e.previous for e in entries] == [e.version for e in entries[1:]] + [None]
    assert [e.date for e in entries] == sorted((e.date for e in entries), reverse=True)


def test_a_hand_commit_is_picked_up_without_a_rebuild(index: Index, registre: Store) -> None:
    index.sync()
    path = "interpellations/2026/garantie-locative/texte.fr.md"
    raw = git(registre.path, "show", f"HEAD:{path}")
    edited = raw.replace("## Avis\n\n", "## Avis\n\nLes agences tarlatanes refusent le CPAS.\n\n")
    assert edited != raw
    assert found(index, text="tarlatanes") == set()
    signed = summary_of(index, DEPOSIT).text_id

    clone_and(
        registre,
        ("write", path, edited),
        (*HAND, "commit", "--quiet", "-am", "Ajoute un exemple"),
        ("push", "--quiet", "origin", "HEAD:main"),
    )

    assert index.behind()
    report = index.sync()
    assert (report.rebuilt, report.commits, report.interpellations) == (False, 1, 1)
    assert not report.record_changed
    assert found(index, text="tarlatanes") == {str(DEPOSIT)}
    latest = index.history(DEPOSIT, limit=1)[0]
    assert (latest.author_name, latest.author_email, latest.action, latest.subject) == (
        "Camille Martin",
        "camille.martin@example.org",
        "manual",
        "Ajoute un exemple",
    )
    assert latest.version == registre.head()
    assert latest.text_changed
    # a new text: the five signatures are of the text before it
    deposit = summary_of(index, DEPOSIT)
    assert deposit.text_id != signed
    assert deposit.state == "submitted"
    assert len(deposit.signatures) == 5
    assert {s.text_id for s in deposit.signatures} == {signed}


def test_deleting_the_index_loses_nothing(index: Index, registre: Store) -> None:
    index.sync()
    queries = [
        {},
        {"text": "logement"},
        {"text": "relevé"},
        {"state": "submitted"},
        {"authority": "conseil-cpas"},
    ]
    before = [index.search(limit=500, **q) for q in queries]  # type: ignore[arg-type]
    history = index.history(HOUSING, limit=500)
    assert [[s.id for s in summaries] for summaries in before] == [
        [key for key, _ in LAST_CHANGED],
        [str(HOUSING)],  # "Logements vides"
        [str(HOUSING)],
        [str(RENTS), str(DEPOSIT)],
        [key for key, _ in LAST_CHANGED],
    ]
    assert len(history) == 13
    index.close()
    for leftover in index.path.parent.iterdir():
        leftover.unlink()

    again = Index(index.path, registre)
    report = again.sync()

    assert report.rebuilt
    assert [again.search(limit=500, **q) for q in queries] == before  # type: ignore[arg-type]
    assert again.history(HOUSING, limit=500) == history
    again.close()


def test_a_force_push_rewriting_history_triggers_a_rebuild(index: Index, registre: Store) -> None:
    index.sync()
    dropped = registre.head()  # the edit of RENTS that reopened its approval
    assert registre.commit_info(dropped).trailers["Interpellation"] == str(RENTS)
    assert index.history(RENTS, limit=1)[0].version == dropped
    assert summary_of(index, RENTS).state == "submitted"

    clone_and(
        registre,
        ("reset", "--quiet", "--hard", "HEAD~1"),
        ("write", "NOTES.md", "Notes de la coordination.\n"),
        ("add", "NOTES.md"),
        (*HAND, "commit", "--quiet", "-m", "Ajoute des notes"),
        ("force",),
    )

    report = index.sync()
    assert report.rebuilt
    assert report.interpellations == 5
    assert dropped not in {e.version for e in index.history(RENTS, limit=500)}
    assert index.history_length(RENTS) == 8  # create, submit, six signatures
    assert index.version == registre.head()
    # without the edit, RENTS is the text approved on 2026-06-10 again
    rents = summary_of(index, RENTS)
    assert (rents.state, rents.updated_at) == ("approved", "2026-06-10T14:00:00+02:00")
    assert [(a.side, a.quorum, len(a.signers)) for a in rents.approval] == [
        (Side.CPAS, 3, 3),
        (Side.ASSOCIATIVE, 3, 3),
    ]


def test_the_list_is_in_time_order_across_the_autumn_change_of_hour(
    registre: Store, tmp_path: Path
) -> None:
    summer = dt.datetime.fromisoformat("2025-10-26T02:40:00+02:00")  # 00:40 UTC
    winter = dt.datetime.fromisoformat("2025-10-26T02:10:00+01:00")  # 01:10 UTC, later

    def text(title: str) -> FrontMatter:
        return FrontMatter(
            title=title,
            theme="logement",
            group="gt-logement",
            addressees=["college-valbrune"],
        )

    with fixed_time(summer):
        create_interpellation(registre, DRAFTER, text("Avant"), slug="avant")
    with fixed_time(winter):
        create_interpellation(registre, DRAFTER, text("Après"), slug="apres")
    index = Index(tmp_path / "index.sqlite", registre)

    index.sync()

    assert [s.id for s in index.search(year=2025)] == [
        "2025/apres",
        "2025/avant",
        str(HOUSING),
    ]
    index.close()
