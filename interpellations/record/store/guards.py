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

from interpellations.record.store.gitconfig import run_git

GUARD_CONFIG = {
    "receive.denyNonFastForwards": "true",
    "receive.denyDeletes": "true",
    "receive.fsckObjects": "true",  # `..` or `.git` in a tree would break every clone
}
HOOK_NAME = "pre-receive"
HOOK_MARK = "# interpellations: registre guards"
# Bumped when the hook's text changes, so that `open` rewrites older hooks.
HOOK_VERSION = 1


def hook_script(python: str = sys.executable) -> str:
    """The hook: the refusal is `python -m interpellations receive`, in the record's language."""
    return (
        "#!/bin/sh\n"
        f"{HOOK_MARK} (version {HOOK_VERSION}), installed by the service and `check`.\n"
        "# It runs `check` on what is pushed; a refusal leaves the branch as it was.\n"
        f'exec {shlex.quote(python)} -m interpellations receive --data "$PWD"\n'
    )


def ensure_guards(git_dir: Path) -> list[str]:
    """Install or restore every guard a registre must have; what was changed.

    A hook someone wrote by hand is kept beside ours (`pre-receive.before-guards`),
    never silently lost.
    """
    changed = []
    for key, value in GUARD_CONFIG.items():
        if run_git(git_dir, "config", "--local", "--get", key, check=False) != value:
            run_git(git_dir, "config", "--local", key, value)
            changed.append(key)
    hook = git_dir / "hooks" / HOOK_NAME
    wanted = hook_script()
    current = hook.read_text(encoding="utf-8") if hook.is_file() else None
    if current != wanted or not os.access(hook, os.X_OK):
        hook.parent.mkdir(exist_ok=True)
        if current is not None and HOOK_MARK not in current:
            hook.replace(hook.with_name(f"{HOOK_NAME}.before-guards"))
        temporary = hook.with_name(f".{HOOK_NAME}.tmp")
        temporary.write_text(wanted, encoding="utf-8")
        temporary.chmod(0o755)
        temporary.replace(hook)
        changed.append(f"hooks/{HOOK_NAME}")
    return changed
