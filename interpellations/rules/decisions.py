"""What a rule answers: allowed, or refused with a code and the facts to word it with.

The refusal's code names the reason; its parameters (a side, a count, a name) are
what `wording` needs to say it in French or Dutch. Nothing here is worded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from interpellations.errors import NotAllowed


@dataclass(frozen=True)
class Refusal:
    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    refusal: Refusal | None = None

    def enforce(self) -> None:
        """Raise the refusal as a domain error (what the acts do)."""
        if self.refusal is not None:
            raise NotAllowed(reason=self.refusal.code, **self.refusal.params)


ALLOWED = Decision(True)


def refuse(code: str, **params: Any) -> Decision:
    return Decision(False, Refusal(code, params))
