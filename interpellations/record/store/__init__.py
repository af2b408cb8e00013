"""The git data repository: durable objects, compare-and-swap of the branch, reads."""

from interpellations.record.registry import Identity
from interpellations.record.store.repository import (
    CommitInfo,
    Draft,
    Snapshot,
    Store,
    WriteResult,
    run_git,
)
from interpellations.record.store.snapshot import ChangedSnapshot

__all__ = [
    "ChangedSnapshot",
    "CommitInfo",
    "Draft",
    "Identity",
    "Snapshot",
    "Store",
    "WriteResult",
    "run_git",
]
