"""`check`: each bad file of a record is reported with its file, line and a French sentence.

Every case is a commit made the way a coordinator would make it: a clone of the
data repository, a file edited by hand, a commit and a push. Then the domain
(`check_version`) and the command line (`python -m interpellations check`) must
both name the file and line and say what is wrong.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from gitcheck import hand_commit as commit_by_hand

from interpellations.clock import BRUSSELS
from interpellations.record.checking import check_version
from interpellations.record.ids import InterpellationId
from interpellations.record.journal import append_event
from interpellations.record.loading import RecordInvalid, load_record
from interpellations.record.model import CommentEvent
from interpellations.record.problems import blocking
from interpellations.record.store import Draft, Identity, Snapshot, Store
from interpellations.wording.sentences import describe_problem

MEMBERS = "membres.yaml"
COORDINATION = "coordination.yaml"
HAND = ("Camille Martin", "camille.martin@example.org")


def hand_commit(store: Store, edit: dict[str, str], message: str = "Corrige le registre") -> None:
    """Clone the data repository, write files, commit as a coordinator by hand, and put the
    commit in the branch past the guards (they would refuse it: `test_guards`)."""
    with tempfile.TemporaryDirectory() as folder:
        commit_by_hand(store.path, Path(folder) / "clone", HAND, edit, message, directly=True)


def run_check(store: Store) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "interpellations", "check", "--data", str(store.path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=store.path.parent,
    )


def current(store: Store, path: str) -> str:
    raw = store.snapshot().read(path)
    assert raw is not None
    return raw.decode()


def replace(text: str, old: str, new: str) -> tuple[str, int]:
    """Replace the first `old`; the new text and the line where the change starts."""
    at = text.index(old)
    return text[:at] + new + text[at + len(old) :], text.count("\n", 0, at) + 1


def line_of_text(text: str, marker: str) -> int:
    return text.count("\n", 0, text.index(marker)) + 1


def assert_reported(store: Store, where: str, sentence: str) -> None:
    """The domain and the command line both report exactly this one error."""
    expected = f"{where}: {sentence}"
    problems = blocking(check_version(store.snapshot()))
    assert [describe_problem(p) for p in problems] == [expected]

    done = run_check(store)

    assert done.returncode == 1
    assert f"erreur — {expected}" in done.stderr.splitlines()
    assert (
        "1 erreur trouvée : ce qu'elle touche est en lecture seule dans le service "
        "jusqu'à sa correction." in done.stderr
    )


@dataclass(frozen=True)
class Case:
    file: str
    old: str
    new: str
    sentence: str
    at: str = ""  # the reported line holds this, when it is not the edited line


CASES = {
    "malformed-yaml": Case(
        MEMBERS,
        "function: Fonction de Alice Martin",
        "function: Fonction: Alice Martin",
        "Le YAML est mal formé : mapping values are not allowed here.",
    ),
    "unknown-side": Case(
        MEMBERS,
        "side: cpas",
        "side: mutualite",
        "Le côté « mutualite » est inconnu : il faut « cpas » ou « associatif ».",
    ),
    "duplicate-email": Case(
        MEMBERS,
        "email: bruno.lefebvre@cpas-valbrune.example",
        "email: Alice.Martin@cpas-valbrune.example",
        "« alice.martin@cpas-valbrune.example » apparaît deux fois comme email.",
    ),
    "duplicate-id": Case(
        MEMBERS,
        "id: bruno-lefebvre",
        "id: alice-martin",
        "« alice-martin » apparaît deux fois comme id.",
    ),
    "unknown-group-of-member": Case(
        MEMBERS,
        "- gt-logement",
        "- gt-logemnt",
        "Le groupe de travail « gt-logemnt » n'existe pas dans le registre.",
    ),
    "unknown-theme-of-group": Case(
        COORDINATION,
        "theme: sante",
        "theme: soins",
        "Le thème « soins » n'existe pas dans le registre.",
    ),
    "quorum-zero": Case(
        COORDINATION,
        "reference_prefix: CSV",
        "reference_prefix: CSV\nquorum_per_side: 0",
        "Le quorum par côté (0) doit être compris entre 1 et le nombre de sièges (4).",
        at="quorum_per_side",
    ),
    "quorum-above-seats": Case(
        COORDINATION,
        "reference_prefix: CSV",
        "reference_prefix: CSV\nseats_per_side: 4\nquorum_per_side: 5",
        "Le quorum par côté (5) doit être compris entre 1 et le nombre de sièges (4).",
        at="quorum_per_side",
    ),
    "chairs-same-side": Case(
        MEMBERS,
        "organisation: Organisation de Bruno Lefebvre\n  roles:\n  - membre\n  mandate_from",
        "organisation: Organisation de Bruno Lefebvre\n  roles:\n  - membre\n"
        "  - vice-president\n  mandate_from",
        "La présidence et la vice-présidence sont du même côté (CPAS) ; "
        "elles doivent venir des deux côtés.",
        at="- vice-president",
    ),
    "more-sitting-than-seats": Case(
        MEMBERS,
        "- suppleant",
        "- membre",
        "Le côté CPAS compte 5 membres siégeant le 2025-01-01 pour 4 sièges.",
        at="- id: emma-claes",
    ),
    "unknown-key": Case(
        COORDINATION,
        "reference_prefix: CSV",
        "reference_prefix: CSV\nanswer_delay_dayz: 30",
        "Le champ « answer_delay_dayz » est inconnu (faute de frappe ?).",
        at="answer_delay_dayz",
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_bad_record_file_is_reported_with_file_line_and_sentence(
    store: Store, case: Case
) -> None:
    edited, line = replace(current(store, case.file), case.old, case.new)
    if case.at:
        line = line_of_text(edited, case.at)

    hand_commit(store, {case.file: edited})

    assert_reported(store, f"{case.file}:{line}", case.sentence)


def test_an_addressee_missing_from_the_record_is_reported_at_its_line(
    store: Store, interpellation: InterpellationId
) -> None:
    path = interpellation.path("texte.fr.md")
    edited, line = replace(
        current(store, path),
        "addressees: [college-valbrune]",
        "addressees: [college-valbrune, mairie-inconnue]",
    )

    hand_commit(store, {path: edited}, "Ajoute un destinataire")

    assert line == 5
    assert_reported(
        store, f"{path}:5", "L'autorité « mairie-inconnue » n'existe pas dans le registre."
    )


def test_a_follow_up_of_an_interpellation_that_does_not_exist_is_reported(
    store: Store, interpellation: InterpellationId
) -> None:
    path = interpellation.path("texte.fr.md")
    edited, line = replace(
        current(store, path), "language: fr", "language: fr\nfollows: 2026/nulle-part"
    )

    hand_commit(store, {path: edited}, "Ajoute un lien")

    assert_reported(
        store,
        f"{path}:{line + 1}",
        "L'interpellation suivie « 2026/nulle-part » n'existe pas dans le registre.",
    )


def test_a_journal_event_by_an_unknown_email_is_reported_at_its_line(
    store: Store, interpellation: InterpellationId
) -> None:
    path = interpellation.path("journal.yaml")
    event = CommentEvent(
        id="c-00000001",
        at=dt.datetime(2026, 1, 5, 10, 0, tzinfo=BRUSSELS),
        by="personne@ailleurs.example",
        body="Je passais par là.",
    )

    def build(snapshot: Snapshot) -> Draft:
        return Draft(
            changes={path: append_event(snapshot.read(path), event)},
            message="Ajoute un commentaire à la main",
        )

    store.transact(build, author=Identity("Camille Martin", "camille.martin@example.org"))

    line = line_of_text(current(store, path), "by: personne@ailleurs.example")
    assert_reported(
        store,
        f"{path}:{line}",
        "Le membre « personne@ailleurs.example » n'existe pas dans le registre.",
    )


def test_a_valid_record_passes_check(store: Store, interpellation: InterpellationId) -> None:
    assert blocking(check_version(store.snapshot())) == []

    done = run_check(store)

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Le registre est valide")


def test_load_record_refuses_a_bad_record_and_lists_why(store: Store) -> None:
    assert load_record(store.snapshot()).member("ALICE.MARTIN@cpas-valbrune.example")
    case = CASES["unknown-side"]
    edited, line = replace(current(store, case.file), case.old, case.new)
    hand_commit(store, {case.file: edited})

    with pytest.raises(RecordInvalid) as refused:
        load_record(store.snapshot())

    assert [(p.code, p.file, p.line) for p in refused.value.problems] == [
        ("unknown_side", MEMBERS, line)
    ]
