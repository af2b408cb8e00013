"""Several people writing at once: stale edits merged or refused, never lost.

Real threads on a real repository; what is checked is what git shows afterwards.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
from conftest import housing_text
from coordination import ASSOCIATIVE, COORDINATOR, CPAS, DRAFTER
from gitcheck import commit_count, fsck, git_log

from interpellations.acts.discussion import add_comment
from interpellations.acts.drafting import create_interpellation, edit_texts
from interpellations.errors import EditConflict
from interpellations.record.ids import InterpellationId
from interpellations.record.interpellation import load_interpellation
from interpellations.record.journal import read_journal
from interpellations.record.model import CommentEvent, Language
from interpellations.record.store import Store

TEXT = "texte.fr.md"
HOUSING_MEMBER = ASSOCIATIVE[3]  # Léa Dubois: gt-logement, an associative seat
HUGO = ("Hugo Petit", DRAFTER)
LEA = ("Léa Dubois", HOUSING_MEMBER)
# Everyone who may edit a housing text (its working group and the coordinators):
# Chloé Dupont (gt-logement, a CPAS seat), Gaëlle Simon, Hugo Petit, Léa Dubois, each
# writing from two threads at once
EDITORS = [CPAS[2], COORDINATOR, DRAFTER, HOUSING_MEMBER] * 2
WRITERS = len(EDITORS)
WRITES = 15


def french(store: Store, iid: InterpellationId, version: str | None = None) -> str:
    raw = store.read(iid.path(TEXT), version)
    assert raw is not None
    return raw.decode()


def test_edits_of_different_sections_from_one_version_are_both_saved(
    store: Store, interpellation: InterpellationId
) -> None:
    base = store.head()
    text = french(store, interpellation)
    constats = text.replace("Soixante immeubles sont vides.", "Soixante-deux immeubles sont vides.")
    proposals = text.replace("2. Publier l'inventaire.", "2. Publier l'inventaire chaque année.")

    first = edit_texts(store, DRAFTER, interpellation, {Language.FR: constats}, base)
    second = edit_texts(store, HOUSING_MEMBER, interpellation, {Language.FR: proposals}, base)

    assert (first.write.changed, first.merged) == (True, False)
    assert (second.write.changed, second.merged) == (True, True)
    assert second.write.parent == first.write.version
    final = french(store, interpellation)
    assert "Soixante-deux immeubles sont vides." in final
    assert "2. Publier l'inventaire chaque année." in final
    assert final == text.replace(
        "Soixante immeubles sont vides.", "Soixante-deux immeubles sont vides."
    ).replace("2. Publier l'inventaire.", "2. Publier l'inventaire chaque année.")
    log = git_log(store.path, f"{base}..main")
    assert [(e.author, e.committer, e.trailers["Action"]) for e in log] == [
        (LEA, LEA, "edit"),
        (HUGO, HUGO, "edit"),
    ]
    assert log[0].trailers["Base"] == base  # the merge says what it was made from
    assert (
        log[0].trailers["Text-Id"] == load_interpellation(store.snapshot(), interpellation).text_id
    )


def test_two_changes_of_one_sentence_refuse_the_second_and_give_its_text_back(
    store: Store, interpellation: InterpellationId
) -> None:
    base = store.head()
    text = french(store, interpellation)
    hers = text.replace("Soixante immeubles sont vides.", "Soixante-dix immeubles sont vides.")
    mine = text.replace("Soixante immeubles sont vides.", "Cinquante immeubles sont vides.")
    saved = edit_texts(store, DRAFTER, interpellation, {Language.FR: hers}, base)
    count = commit_count(store.path)

    with pytest.raises(EditConflict) as refused:
        edit_texts(store, HOUSING_MEMBER, interpellation, {Language.FR: mine}, base)

    assert store.head() == saved.write.version
    assert commit_count(store.path) == count
    conflict = refused.value.files[0]
    assert len(refused.value.files) == 1
    assert conflict.path == interpellation.path(TEXT)
    assert conflict.mine == mine  # exactly what she typed
    assert conflict.theirs == french(store, interpellation) == hers
    assert conflict.base == text
    assert "<<<<<<<" in conflict.merged_with_markers
    assert refused.value.head == saved.write.version
    assert git_log(store.path, "-1")[0].author == HUGO


def own_line(writer: int, version: int) -> str:
    return f"Paragraphe de l'auteur {writer}, version {version}."


def burst_sections() -> dict[str, str]:
    """Each writer owns one paragraph, in one of the three sections by turn."""
    sections: dict[str, list[str]] = {"constats": [], "avis": [], "propositions": []}
    for writer in range(WRITERS):
        key = list(sections)[writer % 3]
        line = own_line(writer, 0)
        sections[key].append(f"{writer + 1}. {line}" if key == "propositions" else line)
    return {key: "\n\n".join(lines) for key, lines in sections.items()}


@dataclass
class Acknowledged:
    version: str
    changed: bool
    actor: str


def writer_loop(
    store: Store, iid: InterpellationId, writer: int, start: threading.Barrier
) -> list[Acknowledged]:
    """Alternate edits of the writer's own paragraph (from the head it read) and comments."""
    actor = EDITORS[writer]
    done: list[Acknowledged] = []
    edits = 0
    start.wait()
    for n in range(WRITES):
        if n % 2 == 0:
            base = store.head()
            text = french(store, iid, base)
            assert own_line(writer, edits) in text
            text = text.replace(own_line(writer, edits), own_line(writer, edits + 1))
            result = edit_texts(store, actor, iid, {Language.FR: text}, base).write
            edits += 1
        else:
            _, result = add_comment(store, actor, iid, f"Commentaire {n} de l'auteur {writer}.")
        done.append(Acknowledged(result.version, result.changed, actor))
    return done


def test_a_burst_of_writers_loses_nothing(store: Store) -> None:
    iid, _ = create_interpellation(store, COORDINATOR, housing_text(), burst_sections())
    start_head, start_count = store.head(), commit_count(store.path)
    barrier = threading.Barrier(WRITERS)

    with ThreadPoolExecutor(WRITERS) as pool:
        futures = [pool.submit(writer_loop, store, iid, w, barrier) for w in range(WRITERS)]
        acknowledged = [ack for future in futures for ack in future.result()]

    head = store.head()
    assert len(acknowledged) == WRITERS * WRITES
    assert all(store.is_ancestor(ack.version, head) for ack in acknowledged)
    changed = [ack for ack in acknowledged if ack.changed]
    assert commit_count(store.path) - start_count == len(changed) == WRITERS * WRITES
    authors = {e.version: e.author[1] for e in git_log(store.path, f"{start_head}..main")}
    assert authors == {ack.version: ack.actor for ack in changed}
    text = french(store, iid)
    edits = (WRITES + 1) // 2
    assert all(own_line(w, edits) in text for w in range(WRITERS))  # every last edit kept
    bodies = [
        e.body for e in read_journal(store.snapshot(), iid).events if isinstance(e, CommentEvent)
    ]
    assert sorted(bodies) == sorted(
        f"Commentaire {n} de l'auteur {w}." for w in range(WRITERS) for n in range(1, WRITES, 2)
    )
    fsck(store.path)


def test_two_stores_on_one_repository_take_turns(
    store: Store, interpellation: InterpellationId
) -> None:
    """Two writers that share no thread lock (the service and a CLI) take turns, losing nothing."""
    other = Store.open(store.path)
    start_count = commit_count(store.path)
    results: list[str] = []
    barrier = threading.Barrier(4)

    def comment(target: Store, name: str) -> Callable[[], None]:
        def run() -> None:
            barrier.wait()
            for n in range(8):
                _, result = add_comment(target, HOUSING_MEMBER, interpellation, f"{name} {n}")
                results.append(result.version)

        return run

    try:
        with ThreadPoolExecutor(4) as pool:
            runs = [comment(s, f"{s is other}-{t}") for s in (store, other) for t in range(2)]
            for future in [pool.submit(run) for run in runs]:
                future.result()
    finally:
        other.close()

    head = store.head()
    assert len(set(results)) == len(results) == 32
    assert all(store.is_ancestor(version, head) for version in results)
    assert commit_count(store.path) - start_count == 32
    journal = read_journal(store.snapshot(), interpellation)
    assert len([e for e in journal.events if isinstance(e, CommentEvent)]) == 32
    fsck(store.path)


def test_opening_the_repository_while_the_service_writes_breaks_no_write(
    store: Store, interpellation: InterpellationId
) -> None:
    """The CLI opens the repository (and recovers) while the service is writing."""
    start_count = commit_count(store.path)
    stop = threading.Event()

    def open_again_and_again() -> int:
        opened = 0
        while not stop.is_set():
            Store.open(store.path).close()
            opened += 1
        return opened

    with ThreadPoolExecutor(2) as pool:
        opener = pool.submit(open_again_and_again)
        try:
            versions = [
                add_comment(store, HOUSING_MEMBER, interpellation, f"Pendant l'ouverture {n}")[1]
                for n in range(30)
            ]
        finally:
            stop.set()
        assert opener.result() > 0

    head = store.head()
    assert all(store.is_ancestor(result.version, head) for result in versions)
    assert commit_count(store.path) - start_count == 30
    fsck(store.path)


def test_two_clean_changes_that_break_the_text_together_are_a_conflict(
    store: Store, interpellation: InterpellationId
) -> None:
    """Each moves `copies` up the front matter, one above the title, one below it."""
    base = store.head()
    text = french(store, interpellation)
    copies = "copies: [conseil-cpas]\n"
    without = text.replace(copies, "")
    hers = without.replace("---\ntitle:", f"---\n{copies}title:")
    mine = without.replace("theme: logement\n", f"{copies}theme: logement\n")
    saved = edit_texts(store, DRAFTER, interpellation, {Language.FR: hers}, base)
    count = commit_count(store.path)

    with pytest.raises(EditConflict) as refused:
        edit_texts(store, HOUSING_MEMBER, interpellation, {Language.FR: mine}, base)

    assert (store.head(), commit_count(store.path)) == (saved.write.version, count)
    assert refused.value.files[0].mine == mine
    assert refused.value.files[0].theirs == hers
    assert load_interpellation(store.snapshot(), interpellation).french.front.copies == [
        "conseil-cpas"
    ]
