"""The registre's guards: what git itself refuses when someone pushes to the data repository.

A coordinator clones the registre, commits by hand and pushes back: git, not the
service, receives that push. So the guards are git's own: settings that refuse a
rewritten history and a deleted branch and check every object received (`fsck`),
and a `pre-receive` hook that runs `check` on the pushed tree before git accepts
it. `init` installs them; `Store.open` (the service's start, `check`) upgrades a
registre made by an older release, idempotently.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from interpellations.record.store.gitconfig import local_config, run_git

GUARD_CONFIG = {
    "receive.denyNonFastForwards": "true",
    "receive.denyDeletes": "true",
    "receive.fsckObjects": "true",  # `..` or `.git` in a tree would break every clone
}
HOOK_NAME = "pre-receive"
HOOK_MARK = "# interpellations: registre guards"
# Bumped when the hook's text changes, so that `open` rewrites older hooks.
HOOK_VERSION = 2


def hook_script(python: str = sys.executable) -> str:
    """The hook: the refusal is `python -m interpellations receive`, in the record's language.

    Closed when the tool is gone (the service moved, its environment deleted): a
    push nobody can check is refused, saying how to put the guards back.
    """
    return (
        "#!/bin/sh\n"
        f"{HOOK_MARK} (version {HOOK_VERSION}), installed by the service and `check`.\n"
        "# It runs `check` on what is pushed; a refusal leaves the branch as it was.\n"
        f"python={shlex.quote(python)}\n"
        'if [ ! -x "$python" ]; then\n'
        # the record's language, as its commit messages: whoever pushes writes French files
        '  echo "Envoi refusé : l\'outil qui vérifie le registre est introuvable ($python)." >&2\n'
        '  echo "Sur le serveur, « python -m interpellations check » remet les gardes." >&2\n'
        "  exit 1\n"
        "fi\n"
        'exec "$python" -m interpellations receive --data "$PWD"\n'
    )


def ensure_guards(git_dir: Path) -> list[str]:
    """Install or restore every guard a registre must have; what was changed.

    Our hook is kept while its interpreter exists, whichever installed it (the
    service, or `check` run from another environment), so that two of them do not
    rewrite it in turn. A hook someone wrote by hand is kept beside ours
    (`pre-receive.before-guards`), never silently lost.
    """
    changed = []
    config = local_config(git_dir)
    for key, value in GUARD_CONFIG.items():
        if config.get(key.lower()) != value:
            run_git(git_dir, "config", "--local", key, value)
            changed.append(key)
    hook = git_dir / "hooks" / HOOK_NAME
    current = hook.read_text(encoding="utf-8") if hook.is_file() else None
    if current is None or not _working(current) or not os.access(hook, os.X_OK):
        hook.parent.mkdir(exist_ok=True)
        if current is not None and HOOK_MARK not in current:
            hook.replace(_free_name(hook.with_name(f"{HOOK_NAME}.before-guards")))
        temporary = hook.with_name(f".{HOOK_NAME}.tmp")
        temporary.write_text(hook_script(), encoding="utf-8")
        temporary.chmod(0o755)
        temporary.replace(hook)
        changed.append(f"hooks/{HOOK_NAME}")
    return changed


def _working(script: str) -> bool:
    """Our hook, of this version, with an interpreter that is still there."""
    if f"{HOOK_MARK} (version {HOOK_VERSION})" not in script:
        return False
    line = next((x for x in script.splitlines() if x.startswith("python=")), "")
    words = shlex.split(line.removeprefix("python="))
    return bool(words) and os.access(words[0], os.X_OK)


def _free_name(path: Path) -> Path:
    """`path`, or `path.2`, `path.3`…: the first that does not exist yet."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}.{number}")
    return candidate
