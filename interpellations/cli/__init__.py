"""`python -m interpellations …`: the record from the command line.

Every command that acts takes `--as <e-mail>`: the member it acts for, who becomes
the author of the commit. Refusals are printed as sentences, and every sentence
and help text is in the language of the person running the tool: `INTERPELLATIONS_LANG`
(fr or nl), else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`: nl_* gives Dutch), else
French (see `interpellations.cli.common`).
"""

from __future__ import annotations

# isort: off
# the help lists commands in registration order: the record's first, then the committee's
from interpellations.cli import records, reading, committee
from interpellations.cli.common import app
# isort: on

__all__ = ["app", "committee", "main", "reading", "records"]


def main() -> None:
    app(prog_name="python -m interpellations")
