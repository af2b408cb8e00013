"""The registre's guards, tried as a clumsy or hostile member with push rights would.

Each registre is made the way a coordination gets one (`init`, the demo, or an
older release's registre upgraded by `check`), never by a fixture that installs
the guards; each push goes over the file protocol through git's own receive-pack.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from gitcheck import commit_count, write_directly

from interpellations.record.store import run_git
from interpellations.record.store.guards import hook_script

WHO = ("-c", "user.name=Ana Martin", "-c", "user.email=ana@example.org")
GUARDED = "Envoi refusé par les gardes du registre ; la branche main est inchangée :"


def interpellations_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "interpellations", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "INTERPELLATIONS_LANG": "fr", "HOME": str(cwd)},
    )


def made_by_init(folder: Path, _demo: Path) -> Path:
    data = folder / "registre.git"
    done = interpellations_cli(
        "init",
        "--data",
        str(data),
        "--as",
        "ana@example.org",
        "--name",
        "Ana Martin",
        "--coordination",
        "Coordination sociale de Valbrune",
        "--place",
        "Valbrune",
        cwd=folder,
    )
    assert done.returncode == 0, done.stderr
    return data


def made_by_the_demo(folder: Path, _demo: Path) -> Path:
    data = folder / "registre.git"
    shutil.copytree(_demo, data, symlinks=True)  # as `build_demo` left it, never reopened
    return data


def upgraded_from_an_older_release(folder: Path, _demo: Path) -> Path:
    """A bare repository as releases before the guards made them, then `check` run on it."""
    data = folder / "registre.git"
    run_git(folder, "init", "--quiet", "--bare", "--initial-branch=main", str(data))
    run_git(_demo, "push", "--quiet", str(data), "main:main")
    assert not (data / "hooks" / "pre-receive").exists()
    done = interpellations_cli("check", "--data", str(data), cwd=folder)
    assert done.returncode == 0, done.stderr
    assert "Gardes du registre installées" in done.stdout
    again = interpellations_cli("check", "--data", str(data), cwd=folder)
    assert "Gardes du registre installées" not in again.stdout  # idempotent
    return data


MAKERS = [made_by_init, made_by_the_demo, upgraded_from_an_older_release]


@pytest.fixture(params=MAKERS, ids=["init", "demo", "upgraded"])
def registre_path(request: pytest.FixtureRequest, tmp_path: Path, _demo: Path) -> Path:
    maker: Callable[[Path, Path], Path] = request.param
    return maker(tmp_path, _demo)


def clone(data: Path, tmp_path: Path) -> Path:
    work = tmp_path / "clone"
    run_git(tmp_path, "clone", "--quiet", f"file://{data}", str(work))
    return work


def commit(work: Path, files: dict[str, str | bytes], message: str) -> None:
    for name, content in files.items():
        target = work / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    run_git(work, "add", "--", *files)
    run_git(work, *WHO, "commit", "--quiet", "-m", message)


def push(work: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "push", *args], cwd=work, capture_output=True, text=True, check=False
    )


def a_folder(work: Path) -> str:
    """An interpellation's folder of the clone; a new one when the registre has none yet."""
    texts = sorted(work.glob("interpellations/*/*/texte.fr.md"))
    return str(texts[0].parent.relative_to(work)) if texts else "interpellations/2026/essai"


def refused(data: Path, done: subprocess.CompletedProcess[str], before: str) -> str:
    assert done.returncode != 0
    assert run_git(data, "rev-parse", "main") == before  # the branch unchanged
    return done.stderr


def test_a_rewritten_history_is_refused(registre_path: Path, tmp_path: Path) -> None:
    before = run_git(registre_path, "rev-parse", "main")
    work = clone(registre_path, tmp_path)
    commit(work, {"NOTES.md": "Notes.\n"}, "Ajoute des notes")
    assert push(work, "origin", "HEAD:main").returncode == 0
    before = run_git(registre_path, "rev-parse", "main")
    run_git(work, "reset", "--quiet", "--hard", "HEAD~1")
    commit(work, {"AUTRES.md": "Autres.\n"}, "Réécrit l'historique")

    said = refused(registre_path, push(work, "--force", "origin", "HEAD:main"), before)

    assert GUARDED in said
    assert "Cet envoi réécrit l'historique de main : des versions déjà enregistrées (1)" in said


def test_deleting_the_branch_is_refused(registre_path: Path, tmp_path: Path) -> None:
    before = run_git(registre_path, "rev-parse", "main")
    work = clone(registre_path, tmp_path)

    said = refused(registre_path, push(work, "origin", ":main"), before)

    assert "La suppression de la branche main est refusée" in said


def test_another_branch_is_refused(registre_path: Path, tmp_path: Path) -> None:
    before = run_git(registre_path, "rev-parse", "main")
    work = clone(registre_path, tmp_path)

    said = refused(registre_path, push(work, "origin", "HEAD:refs/heads/brouillon"), before)

    assert "Seule la branche main du registre peut être envoyée" in said
    assert run_git(registre_path, "for-each-ref", "--format=%(refname)") == "refs/heads/main"


def test_a_tree_with_dot_dot_is_refused_on_receipt(registre_path: Path, tmp_path: Path) -> None:
    before = run_git(registre_path, "rev-parse", "main")
    work = clone(registre_path, tmp_path)
    blob = run_git(work, "hash-object", "-w", "--stdin", input_text="root::0:0\n")
    listing = run_git(work, "ls-tree", "HEAD") + f"\n100644 blob {blob}\t..\n"
    tree = run_git(work, "mktree", input_text=listing)
    evil = run_git(work, *WHO, "commit-tree", tree, "-p", "HEAD", "-m", "Un arbre piégé")

    said = refused(registre_path, push(work, "origin", f"{evil}:refs/heads/main"), before)

    assert "hasDotdot" in said  # git's fsck, before any hook


def test_a_broken_journal_is_refused_with_its_file_and_line(
    registre_path: Path, tmp_path: Path
) -> None:
    before = run_git(registre_path, "rev-parse", "main")
    work = clone(registre_path, tmp_path)
    journal = f"{a_folder(work)}/journal.yaml"
    commit(work, {journal: "events:\n  - id: [oups\n"}, "Journal corrigé à la main")

    said = refused(registre_path, push(work, "origin", "HEAD:main"), before)

    assert GUARDED in said
    assert f"{journal}:3: Le YAML est mal formé" in said


def test_an_oversized_text_is_refused(registre_path: Path, tmp_path: Path) -> None:
    before = run_git(registre_path, "rev-parse", "main")
    work = clone(registre_path, tmp_path)
    text = f"{a_folder(work)}/texte.fr.md"
    commit(work, {text: "---\ntitle: Trop long\n---\n" + "Un constat. " * 25_000}, "Texte géant")

    said = refused(registre_path, push(work, "origin", "HEAD:main"), before)

    assert f"{text}: Le fichier est trop volumineux : 300 Ko, pour 200 Ko au plus." in said


def test_the_size_limits_are_the_registre_s_config(registre_path: Path, tmp_path: Path) -> None:
    run_git(registre_path, "config", "interpellations.maxFileSize", "1k")
    before = run_git(registre_path, "rev-parse", "main")
    work = clone(registre_path, tmp_path)
    commit(work, {"annexes/plan.pdf": b"%PDF-1.7\n" + b"\0" * 2000}, "Ajoute une annexe")

    said = refused(registre_path, push(work, "origin", "HEAD:main"), before)

    assert "annexes/plan.pdf: Le fichier est trop volumineux : 2 Ko, pour 1 Ko au plus." in said


def test_a_valid_push_is_accepted(registre_path: Path, tmp_path: Path) -> None:
    count = commit_count(registre_path)
    work = clone(registre_path, tmp_path)
    commit(work, {"NOTES.md": "Notes de la coordination.\n"}, "Ajoute des notes")

    done = push(work, "origin", "HEAD:main")

    assert done.returncode == 0, done.stderr
    assert run_git(registre_path, "rev-parse", "main") == run_git(work, "rev-parse", "HEAD")
    assert commit_count(registre_path) == count + 1


def test_a_hook_whose_tool_is_gone_refuses_until_check_puts_it_back(
    tmp_path: Path, _demo: Path
) -> None:
    data = made_by_init(tmp_path, _demo)
    (data / "hooks" / "pre-receive").write_text(hook_script("/plus/là/python"), encoding="utf-8")
    before = run_git(data, "rev-parse", "main")
    work = clone(data, tmp_path)
    commit(work, {"NOTES.md": "Notes.\n"}, "Ajoute des notes")

    said = refused(data, push(work, "origin", "HEAD:main"), before)

    assert "l'outil qui vérifie le registre est introuvable (/plus/là/python)" in said
    assert (
        "Gardes du registre installées"
        in interpellations_cli("check", "--data", str(data), cwd=tmp_path).stdout
    )
    assert push(work, "origin", "HEAD:main").returncode == 0


def test_a_registre_broken_in_two_places_is_repaired_one_push_at_a_time(
    tmp_path: Path, _demo: Path
) -> None:
    data = made_by_the_demo(tmp_path, _demo)
    work = clone(data, tmp_path)
    folders = sorted(
        {str(p.parent.relative_to(work)) for p in work.glob("interpellations/*/*/journal.yaml")}
    )
    first, second = (f"{folder}/journal.yaml" for folder in folders[:2])
    good = {name: (work / name).read_text(encoding="utf-8") for name in (first, second)}
    commit(work, {first: "events: [oups\n", second: "events: [oups\n"}, "Casse deux journaux")
    write_directly(data, work)  # past the guards, as a restored disk could hold it

    commit(work, {first: good[first]}, "Répare le premier")
    assert push(work, "origin", "HEAD:main").returncode == 0  # it breaks nothing new

    commit(work, {"coordination.yaml": "oups: [\n"}, "Casse la coordination")
    before = run_git(data, "rev-parse", "main")
    said = refused(data, push(work, "origin", "HEAD:main"), before)
    assert "coordination.yaml:2: Le YAML est mal formé" in said
    assert second not in said  # already broken: not this push's doing
