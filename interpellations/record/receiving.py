"""What the registre refuses to receive from a push: its guard's judgement, in problems.

git runs the `pre-receive` hook (`store.guards`) with the pushed objects set
aside; nothing is in the branch yet. A push is accepted only if it moves `main`
forward (no rewritten history: acknowledged acts would vanish), and if `check`
finds no error in the tree it brings that the branch did not have already, sizes
included (a registre broken behind the guards' back can be repaired part by part).
"""

from __future__ import annotations

from interpellations.record.checking import check_version
from interpellations.record.problems import Problem, blocking, new_problems
from interpellations.record.store import Store
from interpellations.record.store.refs import ZERO

BRANCH_REF = "refs/heads/main"


def push_problems(store: Store, old: str, new: str, ref: str) -> list[Problem]:
    """Why git must refuse this update of `ref` from `old` to `new`; empty: accept it."""
    if ref != BRANCH_REF:
        return [Problem("push_other_ref", {"ref": ref})]
    if new == ZERO:
        return [Problem("push_deletes_branch", {"ref": "main"})]
    if old != ZERO and not store.is_ancestor(old, new):
        dropped = store.count_between(new, old)
        return [Problem("push_rewrites_history", {"ref": "main", "dropped": dropped})]
    after = blocking(check_version(store.snapshot(new), store.limits))
    if old == ZERO:
        return after
    # a partial repair of a registre already broken is accepted: it breaks nothing new
    return new_problems(after, lambda: blocking(check_version(store.snapshot(old), store.limits)))
