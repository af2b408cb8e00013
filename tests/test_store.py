"""The data repository as a coordinator sees it with git: one commit per action, durable.

Every test runs on a real temporary bare repository and checks what `git log`,
`git config`, `git fsck` or a clone would show, not the store's own view of it.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from conftest import SECTIONS, housing_text
from coordination import ASSOCIATIVE, COORDINATOR, DRAFTER
from gitcheck import commit_count, files_state, fsck, git_log, hand_commit

from interpellations.acts.discussion import add_comment, resolve_comment
from interpellations.acts.drafting import create_interpellation, edit_texts
from interpellations.errors import InvalidIdentifier, NotFound, WriteContention
from interpellations.reading.threads import comment_threads
from interpellations.record.ids import InterpellationId, check_version
from interpellations.record.interpellation import load_interpellation
from interpellations.record.model import Language
from interpellations.record.store import Draft, Identity, Snapshot, Store, run_git

HOUSING_MEMBER = ASSOCIATIVE[3]  # Léa Dubois: gt-logement, an associative seat
TEXT = "texte.fr.md"
HAND = ("Julie Martin", "julie.martin@coordination-valbrune.example")
NAMES = {
    DRAFTER: "Hugo Petit",
    HOUSING_MEMBER: "Léa Dubois",
    COORDINATOR: "Gaëlle Simon",
}


def french(store: Store, iid: InterpellationId, version: str | None = None) -> str:
    raw = store.read(iid.path(TEXT), version)
    assert raw is not None
    return raw.decode()


def age(path: Path, seconds: float) -> Path:
    """Make a file look as old as a crash long ago."""
    moment = time.time() - seconds
    os.utime(path, (moment, moment))
    return path


def test_reads_at_head_and_at_an_older_version(
    store: Store, interpellation: InterpellationId
) -> None:
    created = store.head()
    text = french(store, interpellation)
    edited = text.replace("Soixante immeubles", "Quatre-vingts immeubles")
    edit_texts(store, HOUSING_MEMBER, interpellation, {Language.FR: edited}, created)

    assert french(store, interpellation) == edited
    assert french(store, interpellation, created) == text
    assert french(store, interpellation, created[:7]) == text
    old = load_interpellation(store.snapshot(created), interpellation)
    assert old.french.section_body("constats").startswith("Soixante immeubles sont vides.")
    assert run_git(store.path, "show", f"{created}:{interpellation.path(TEXT)}") + "\n" == text


def test_each_action_is_one_commit_by_the_person_with_its_trailers(store: Store) -> None:
    founded = store.head()
    iid, _ = create_interpellation(store, DRAFTER, housing_text(), SECTIONS)
    text = french(store, iid).replace("Percevoir la taxe.", "Percevoir la taxe sans délai.")
    edit_texts(store, HOUSING_MEMBER, iid, {Language.FR: text}, store.head(), "Précise le délai")
    add_comment(store, COORDINATOR, iid, "D'accord avec la précision.")

    log = list(reversed(git_log(store.path, f"{founded}..main")))
    assert [entry.subject for entry in log] == [
        "Crée l'interpellation « Logements vides à Valbrune »",
        "Précise le délai",
        "Commente « Logements vides à Valbrune »",
    ]
    for entry, who in zip(log, [DRAFTER, HOUSING_MEMBER, COORDINATOR], strict=True):
        assert entry.author == entry.committer == (NAMES[who], who)
        text_id = load_interpellation(store.snapshot(entry.version), iid).text_id
        assert entry.trailers["Interpellation"] == str(iid)
        assert entry.trailers["Text-Id"] == text_id
    assert [entry.trailers["Action"] for entry in log] == ["create", "edit", "comment"]
    assert [entry.parents for entry in log] == [
        (founded,),
        (log[0].version,),
        (log[1].version,),
    ]
    changed = [
        run_git(store.path, "show", "--format=", "--name-only", entry.version).splitlines()
        for entry in log
    ]
    assert changed == [
        [iid.path("journal.yaml"), iid.path(TEXT)],
        [iid.path(TEXT)],
        [iid.path("journal.yaml")],
    ]


def test_nothing_changed_no_commit(store: Store, interpellation: InterpellationId) -> None:
    head, count, before = store.head(), commit_count(store.path), files_state(store.path)
    existing = store.read("README.md")
    assert existing is not None
    who = Identity("Gaëlle Simon", COORDINATOR)
    builds = [
        lambda snapshot: None,
        lambda snapshot: Draft({}, "Rien"),
        lambda snapshot: Draft({"README.md": existing}, "Même contenu"),
        lambda snapshot: Draft({"absent.txt": None}, "Supprime un fichier absent"),
    ]
    for build in builds:
        result = store.transact(build, author=who)
        assert (result.changed, result.version, result.fsyncs) == (False, head, 0)
    same = edit_texts(
        store, HOUSING_MEMBER, interpellation, {Language.FR: french(store, interpellation)}, head
    )
    assert not same.write.changed

    assert (store.head(), commit_count(store.path)) == (head, count)
    assert files_state(store.path) == before  # not even a loose object was written


def config(repo: Path, key: str) -> str:
    return run_git(repo, "config", "--local", "--get", key, check=False)


def test_durability_settings_are_kept_and_restored(store: Store) -> None:
    repo = store.path
    assert set(config(repo, "core.fsync").split(",")) >= {"objects", "reference", "index"}
    assert config(repo, "core.fsyncMethod") == "fsync"
    assert config(repo, "core.logAllRefUpdates") == "true"

    store.close()
    run_git(repo, "config", "--unset", "core.fsync")
    run_git(repo, "config", "core.fsyncMethod", "batch")
    run_git(repo, "config", "--unset", "core.logAllRefUpdates")
    config_lock = repo / "config.lock"
    config_lock.write_text("left by a killed `git config`\n")
    age(config_lock, 3600)
    Store.open(repo).close()
    assert set(config(repo, "core.fsync").split(",")) >= {"objects", "reference", "index"}
    assert config(repo, "core.fsyncMethod") == "fsync"
    assert config(repo, "core.logAllRefUpdates") == "true"

    run_git(repo, "config", "core.fsync", "all")  # stronger: a coordinator's choice is kept
    Store.open(repo).close()
    assert config(repo, "core.fsync") == "all"


def test_a_hand_commit_during_a_write_is_kept_and_the_write_retried(
    store: Store, tmp_path: Path
) -> None:
    start = store.head()
    pushed: list[str] = []
    heads: list[str] = []

    def build(snapshot: Snapshot) -> Draft:
        heads.append(snapshot.version)
        if not pushed:  # a coordinator pushes between the writer's start and its swap
            files = {"notes/reunion.md": "Réunion du 12 mars.\n"}
            pushed.append(
                hand_commit(store.path, tmp_path / "clone", HAND, files, "Ajoute la note")
            )
        return Draft({"notes/service.txt": b"Note du service.\n"}, "Note du service")

    result = store.transact(build, author=Identity("Gaëlle Simon", COORDINATOR))

    assert heads == [start, pushed[0]]
    assert (result.changed, result.parent) == (True, pushed[0])
    log = git_log(store.path, f"{start}..main")
    assert [(e.version, e.author, e.subject) for e in log] == [
        (result.version, ("Gaëlle Simon", COORDINATOR), "Note du service"),
        (pushed[0], HAND, "Ajoute la note"),
    ]
    assert store.read("notes/reunion.md") == "Réunion du 12 mars.\n".encode()
    assert store.read("notes/service.txt") == b"Note du service.\n"
    fsck(store.path)


def test_a_branch_that_keeps_moving_refuses_the_write_and_keeps_every_hand_commit(
    store: Store, tmp_path: Path
) -> None:
    start = store.head()
    pushed: list[str] = []

    def build(snapshot: Snapshot) -> Draft:
        clone = tmp_path / f"clone{len(pushed)}"
        pushed.append(hand_commit(store.path, clone, HAND, {"n.md": f"{len(pushed)}\n"}, "Main"))
        return Draft({"notes/service.txt": b"jamais\n"}, "Note du service")

    with pytest.raises(WriteContention):
        store.transact(build, author=Identity("Gaëlle Simon", COORDINATOR), attempts=3)

    assert [e.version for e in git_log(store.path, f"{start}..main")] == pushed[::-1]
    assert store.read("notes/service.txt") is None
    fsck(store.path)


def test_open_recovers_a_stale_lock_and_temporary_objects(
    store: Store, interpellation: InterpellationId
) -> None:
    repo, head = store.path, store.head()
    store.close()
    # what a git process killed an hour ago leaves (the service's own: see test_crash)
    lock = repo / "refs" / "heads" / "main.lock"
    lock.write_text(f"{head}\n")
    (repo / "objects" / "ab").mkdir(exist_ok=True)
    temp = repo / "objects" / "ab" / "tmp_obj_Xq31zB"
    temp.write_bytes(b"\x78\x01half an object")
    packed = repo / "packed-refs.lock"
    packed.write_text("")
    for path in (lock, temp, packed):
        age(path, 3600)

    reopened = Store.open(repo)
    try:
        assert not lock.exists() and not temp.exists() and not packed.exists()
        assert not list((repo / "objects").glob("??/tmp_obj_*"))
        _, result = add_comment(reopened, HOUSING_MEMBER, interpellation, "Après la panne.")
        assert (result.changed, result.parent) == (True, head)
        assert git_log(repo, "-1")[0].author == (NAMES[HOUSING_MEMBER], HOUSING_MEMBER)
        fsck(repo)
    finally:
        reopened.close()


def test_open_leaves_the_lock_of_a_push_in_progress(
    store: Store, interpellation: InterpellationId
) -> None:
    """A fresh `main.lock` that no writer of ours took is git's: a push is under way."""
    repo, head = store.path, store.head()
    store.close()
    lock = repo / "refs" / "heads" / "main.lock"
    lock.write_text(f"{head}\n")

    reopened = Store.open(repo)
    try:
        assert lock.read_text() == f"{head}\n"
        lock.unlink()  # the push is over
        _, result = add_comment(reopened, HOUSING_MEMBER, interpellation, "Après le push.")
        assert (result.changed, result.parent) == (True, head)
        fsck(repo)
    finally:
        reopened.close()


@pytest.mark.parametrize("value", ["../etc", "2026/../x", "2026/--x", "2026/-x", "2026/a/b"])
def test_interpellation_ids_outside_the_allowlist_are_refused(value: str) -> None:
    with pytest.raises(InvalidIdentifier):
        InterpellationId.parse(value)


@pytest.mark.parametrize("value", ["--all", "HEAD~1", "main", "HEAD", "abc", "ABCDEF1", ""])
def test_versions_outside_the_allowlist_are_refused(value: str) -> None:
    with pytest.raises(InvalidIdentifier):
        check_version(value)


def test_refused_identifiers_touch_nothing(store: Store, interpellation: InterpellationId) -> None:
    head, before = store.head(), files_state(store.path)
    blob = run_git(store.path, "rev-parse", "main:README.md")
    with pytest.raises(InvalidIdentifier):
        store.resolve("../../x")
    with pytest.raises(InvalidIdentifier):
        store.read("README.md", "--all")
    with pytest.raises(InvalidIdentifier):
        store.is_ancestor("HEAD~1", head)
    for unknown in ["deadbee", "0123456789abcdef0123456789abcdef01234567", blob]:
        with pytest.raises(NotFound):
            store.read(interpellation.path(TEXT), unknown)
    who = Identity("Gaëlle Simon", COORDINATOR)
    for path in ["../x", "interpellations/../../x", ".git/config", "a/.GIT/hooks/x", "a//b"]:
        with pytest.raises(InvalidIdentifier):
            store.transact(lambda snapshot, p=path: Draft({p: b"x"}, "Essai"), author=who)

    assert store.head() == head
    assert files_state(store.path) == before
    assert not (store.path.parent / "x").exists()


def test_git_fsck_is_clean_after_a_series_of_writes(store: Store) -> None:
    iid, _ = create_interpellation(store, DRAFTER, housing_text(), SECTIONS)
    second, _ = create_interpellation(
        store, COORDINATOR, housing_text("Garantie locative"), SECTIONS
    )
    for n in range(3):
        text = french(store, iid).replace("sont vides.", f"sont vides ({n}).", 1)
        text = text.replace(f"vides ({n - 1})", f"vides ({n})")
        edit_texts(store, HOUSING_MEMBER, iid, {Language.FR: text}, store.head())
    comment, _ = add_comment(store, COORDINATOR, iid, "Une remarque.")
    add_comment(store, DRAFTER, iid, "Une réponse.", reply_to=comment)
    resolve_comment(store, COORDINATOR, iid, comment)
    who = Identity("Gaëlle Simon", COORDINATOR)
    store.transact(lambda s: Draft({"notes/a/b/c.txt": b"profond\n"}, "Ajoute"), author=who)
    store.transact(lambda s: Draft({"notes/a/b/c.txt": None}, "Retire"), author=who)

    fsck(store.path)
    assert run_git(store.path, "ls-tree", "--name-only", "main") == "\n".join(
        ["README.md", "autorites.yaml", "coordination.yaml", "interpellations", "membres.yaml"]
    )
    threads = comment_threads(load_interpellation(store.snapshot(), iid))
    assert [(t.comment.id, len(t.replies), t.resolved_by) for t in threads] == [
        (comment, 1, COORDINATOR)
    ]
    assert french(store, second).startswith("---\ntitle: Garantie locative")
    assert "sont vides (2)." in french(store, iid)


def test_a_write_is_fsynced_object_by_object_and_ref(
    store: Store, interpellation: InterpellationId
) -> None:
    before = files_state(store.path)
    _, result = add_comment(store, HOUSING_MEMBER, interpellation, "Compté.")
    new_objects = [
        name for name in set(files_state(store.path)) - set(before) if name.startswith("objects/")
    ]
    # one blob, four trees (root to the interpellation's folder) and the commit
    assert len(new_objects) == 6
    # each object, at least one of their folders, the branch file and its folder
    assert result.fsyncs >= len(new_objects) + 1 + 2
    assert store.last_write_fsyncs == result.fsyncs
