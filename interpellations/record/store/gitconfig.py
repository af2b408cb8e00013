"""The git command line, and the durability settings every data repository must keep.

The settings live in the repository's own `config` (never only in a person's
global config) so that git itself, for a hand commit or a `git gc`, writes as
durably as the service does.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

# What `init` writes and `open` checks: durable objects and refs for git itself
# (hand commits, `git gc`), reflogs kept, and no automatic gc while serving.
DURABILITY_CONFIG = {
    "core.fsync": "objects,reference,index",
    "core.fsyncMethod": "fsync",
    "core.logAllRefUpdates": "true",
    "gc.auto": "0",
    "maintenance.auto": "false",
}

# git's `core.fsync` aggregates, so a stronger setting (`all`, `added`) is kept
# rather than overwritten by a weaker-looking spelling of what we need.
_FSYNC_GROUPS = {
    "objects": {"loose-object", "pack"},
    "derived-metadata": {"pack-metadata", "commit-graph"},
    "committed": {"loose-object", "pack", "reference"},
    "added": {"loose-object", "pack", "reference", "index"},
    "all": {"loose-object", "pack", "pack-metadata", "commit-graph", "reference", "index"},
}


def fsync_components(value: str) -> set[str]:
    """The components a `core.fsync` value makes git fsync (`none` and `-x` understood)."""
    components: set[str] = set()
    for item in (part.strip() for part in value.split(",")):
        if item == "none":
            components.clear()
        elif item.startswith("-"):
            components -= _FSYNC_GROUPS.get(item[1:], {item[1:]})
        elif item:
            components |= _FSYNC_GROUPS.get(item, {item})
    return components


def is_durable(key: str, current: str) -> bool:
    """Whether a setting's current value is at least as safe as the one we require."""
    wanted = DURABILITY_CONFIG[key]
    if key == "core.fsync":
        return fsync_components(current) >= fsync_components(wanted)
    if key == "core.logAllRefUpdates":
        return current in ("true", "always")
    return current == wanted


def local_config(git_dir: Path) -> dict[str, str]:
    """The repository's own settings in one call of git, names lowercased as git lists them.

    Opening a registre checks a dozen of them: one process instead of one each.
    """
    out = run_git(git_dir, "config", "--local", "--list", "-z", check=False)
    entries = (entry.partition("\n") for entry in out.split("\0") if entry)
    return {key: value for key, _, value in entries}  # a key set twice: the last, as git reads


def ensure_durability(git_dir: Path) -> list[str]:
    """Restore, in the repository's own config, every setting someone weakened or removed."""
    restored = []
    config = local_config(git_dir)
    for key, value in DURABILITY_CONFIG.items():
        current = config.get(key.lower(), "")
        if not is_durable(key, current):
            run_git(git_dir, "config", "--local", key, value)
            restored.append(key)
    return restored


def git_environment() -> dict[str, str]:
    """No system config and no prompt: a data repository behaves the same on every host."""
    return {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0"}


def run_git(cwd: Path, *args: str, check: bool = True, input_text: str | None = None) -> str:
    """Run the git command line in a repository (maintenance, tests, benchmarks)."""
    result = subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=git_environment(),
        check=False,
        input=input_text,
    )
    if check and result.returncode != 0:
        raise RuntimeError(f"git {args[0]}: {result.stderr.strip()}")
    return result.stdout.strip()
