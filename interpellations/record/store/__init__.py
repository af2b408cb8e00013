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

__all__ = ["CommitInfo", "Draft", "Identity", "Snapshot", "Store", "WriteResult", "run_git"]
