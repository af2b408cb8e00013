"""Found a data repository: its first commit holds the coordination's three files."""

from __future__ import annotations

from pathlib import Path

from interpellations.record.checking import check_version
from interpellations.record.loading import (
    AUTHORITIES_FILE,
    COORDINATION_FILE,
    MEMBERS_FILE,
    RecordInvalid,
)
from interpellations.record.model import Authorities, Coordination, Members, Role
from interpellations.record.problems import blocking
from interpellations.record.store import Draft, Identity, Snapshot, Store
from interpellations.yamlio import dump_yaml

README = """# Registre des interpellations

Ce dépôt est le registre d'une coordination sociale paritaire : chaque action
(rédaction, commentaire, signature, envoi, réponse) y est un commit de la personne
qui l'a faite. `git log` en est l'historique.

- `coordination.yaml` : la coordination, ses thèmes, ses groupes de travail, le quorum ;
- `membres.yaml` : les personnes, leur côté (cpas ou associatif), leurs rôles ;
- `autorites.yaml` : les autorités destinataires et leurs formules ;
- `interpellations/<année>/<identifiant>/` : le texte (`texte.fr.md`, `texte.nl.md`)
  et son journal (`journal.yaml`).
"""


def found_repository(
    path: Path, coordination: Coordination, members: Members, authorities: Authorities
) -> Store:
    """Create the repository and commit the record, authored by its first coordinator."""
    founder = next((m for m in members.members if Role.COORDINATOR in m.roles), None)
    if founder is None:
        raise RecordInvalid([])
    files = {
        "README.md": README.encode(),
        COORDINATION_FILE: dump_yaml(coordination),
        MEMBERS_FILE: dump_yaml(members),
        AUTHORITIES_FILE: dump_yaml(authorities),
    }
    store = Store.init(path)

    def build(snapshot: Snapshot) -> Draft:
        return Draft(
            changes=files,
            message="Fonde le registre de la coordination",
            trailers={"Action": "found"},
        )

    store.transact(build, author=Identity(founder.name, founder.email))
    problems = blocking(check_version(store.snapshot()))
    if problems:
        raise RecordInvalid(problems)
    return store
