"""Found a data repository: its first commit holds the coordination's three files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from interpellations.acts.pipeline import Act, Drafted, Scene, perform
from interpellations.errors import AlreadyExists
from interpellations.record.checking import check_version
from interpellations.record.loading import (
    AUTHORITIES_FILE,
    COORDINATION_FILE,
    MEMBERS_FILE,
    RecordInvalid,
)
from interpellations.record.model import Authorities, Coordination, Members, Role
from interpellations.record.problems import blocking
from interpellations.record.registry import Record
from interpellations.record.store import Snapshot, Store
from interpellations.record.store.refs import ZERO
from interpellations.record.trailers import Action, Via
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


@dataclass(frozen=True)
class Found(Act):
    """The founding commit: the coordination's three files, by its first coordinator."""

    coordination: Coordination
    members: Members
    authorities: Authorities
    action = Action.FOUND
    reads_text = False

    @property
    def target(self) -> None:
        return None

    def record_at(self, snapshot: Snapshot) -> Record:
        """The record being founded: the founder must be one of its coordinators."""
        return Record(
            self.coordination, tuple(self.members.members), tuple(self.authorities.authorities)
        )

    def draft(self, scene: Scene) -> Drafted:
        if scene.snapshot.version != ZERO:
            raise AlreadyExists(what="registre", id=str(scene.snapshot.version[:7]))
        return Drafted(
            "Fonde le registre de la coordination",
            files={
                "README.md": README.encode(),
                COORDINATION_FILE: dump_yaml(self.coordination),
                MEMBERS_FILE: dump_yaml(self.members),
                AUTHORITIES_FILE: dump_yaml(self.authorities),
            },
        )


def found_repository(
    path: Path,
    coordination: Coordination,
    members: Members,
    authorities: Authorities,
    *,
    via: Via | None = None,
) -> Store:
    """Create the repository and commit the record, authored by its first coordinator."""
    founder = next((m for m in members.members if Role.COORDINATOR in m.roles), None)
    if founder is None:
        raise RecordInvalid([])
    store = Store.init(path)
    perform(store, founder.email, Found(coordination, members, authorities), via=via)
    problems = blocking(check_version(store.snapshot()))
    if problems:
        raise RecordInvalid(problems)
    return store
