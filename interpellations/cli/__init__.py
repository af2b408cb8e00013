"""`python -m interpellations …`: the record from the command line.

Every command that acts takes `--as <e-mail>`: the member it acts for, who becomes
the author of the commit. Refusals are printed as French sentences.
"""

from __future__ import annotations

# isort: off
# the help lists commands in registration order: the record's first, then the committee's
from interpellations.cli import records, committee
from interpellations.cli.common import app
# isort: on

__all__ = ["app", "committee", "main", "records"]


def main() -> None:
    app(prog_name="python -m interpellations")
