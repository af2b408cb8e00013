"""Commands of the steering committee: submit, sign, object, decide, and where approval stands."""

from __future__ import annotations

from typing import Annotated

import typer

from interpellations import approval
from interpellations.cli.common import ActorOption, DataOption, app, domain_errors, open_store
from interpellations.diffing import as_markup
from interpellations.document import SECTION_KEYS
from interpellations.ids import InterpellationId
from interpellations.interpellation import load_interpellation
from interpellations.messages import describe_state, describe_status
from interpellations.model import Outcome, Side
from interpellations.record import load_record
from interpellations.settings import DEFAULT_DATA
from interpellations.states import state_of

TextIdOption = Annotated[
    str, typer.Option("--text-id", help="L'identifiant du texte lu (affiché par « status »).")
]


def _said(result: approval.ActResult, done: str) -> None:
    typer.echo(f"{done} (version {result.write.version[:7]}).")
    if result.approved:
        typer.echo("Le quorum des deux côtés est atteint : le texte est approuvé.")


@app.command()
@domain_errors
def status(interpellation: str, data: DataOption = DEFAULT_DATA) -> None:
    """Où en est l'approbation : signatures par côté, objections ouvertes, état."""
    store = open_store(data)
    snapshot = store.snapshot()
    read = load_interpellation(snapshot, InterpellationId.parse(interpellation))
    current = approval.status_of(load_record(snapshot), read)
    typer.echo(f"État : {describe_state(state_of(read).value)} — texte {read.text_id}")
    for line in describe_status(current):
        typer.echo(line)


@app.command()
@domain_errors
def submit(interpellation: str, actor: ActorOption, data: DataOption = DEFAULT_DATA) -> None:
    """Soumet le texte au comité de pilotage."""
    result = approval.submit(open_store(data), actor, InterpellationId.parse(interpellation))
    _said(result, "Texte soumis au comité de pilotage")


@app.command()
@domain_errors
def sign(
    interpellation: str,
    actor: ActorOption,
    text_id: TextIdOption,
    side: Annotated[Side | None, typer.Option(help="Le côté pour lequel vous signez.")] = None,
    data: DataOption = DEFAULT_DATA,
) -> None:
    """Signe le texte exact que vous avez lu (son identifiant)."""
    iid = InterpellationId.parse(interpellation)
    _said(approval.sign(open_store(data), actor, iid, text_id, side), "Signature enregistrée")


@app.command()
@domain_errors
def unsign(interpellation: str, actor: ActorOption, data: DataOption = DEFAULT_DATA) -> None:
    """Retire votre signature (avant l'approbation)."""
    iid = InterpellationId.parse(interpellation)
    _said(approval.withdraw_signature(open_store(data), actor, iid), "Signature retirée")


@app.command(name="object")
@domain_errors
def object_(
    interpellation: str,
    actor: ActorOption,
    text_id: TextIdOption,
    reason: Annotated[str, typer.Option(help="La raison de l'objection.")],
    section: Annotated[str | None, typer.Option(help="La section visée.")] = None,
    data: DataOption = DEFAULT_DATA,
) -> None:
    """Soulève une objection, qui bloque l'approbation jusqu'à son retrait ou une décision."""
    iid = InterpellationId.parse(interpellation)
    result = approval.raise_objection(open_store(data), actor, iid, text_id, reason, section)
    _said(result, f"Objection {result.event} enregistrée")


@app.command()
@domain_errors
def answer(
    interpellation: str,
    objection: str,
    actor: ActorOption,
    body: Annotated[str, typer.Option(help="La réponse.")],
    data: DataOption = DEFAULT_DATA,
) -> None:
    """Répond à une objection."""
    iid = InterpellationId.parse(interpellation)
    _said(
        approval.answer_objection(open_store(data), actor, iid, objection, body),
        "Réponse enregistrée",
    )


@app.command(name="withdraw-objection")
@domain_errors
def withdraw_objection(
    interpellation: str, objection: str, actor: ActorOption, data: DataOption = DEFAULT_DATA
) -> None:
    """Retire votre objection."""
    iid = InterpellationId.parse(interpellation)
    _said(approval.withdraw_objection(open_store(data), actor, iid, objection), "Objection retirée")


@app.command()
@domain_errors
def decide(
    interpellation: str,
    objection: str,
    actor: ActorOption,
    outcome: Annotated[Outcome, typer.Option(help="overruled, amended ou maintained.")],
    present: Annotated[list[str], typer.Option(help="E-mail d'un membre présent (répéter).")],
    note: Annotated[str, typer.Option(help="Note de la décision.")] = "",
    data: DataOption = DEFAULT_DATA,
) -> None:
    """Consigne la décision du comité sur une objection, avec les membres présents."""
    iid = InterpellationId.parse(interpellation)
    result = approval.record_decision(
        open_store(data), actor, iid, objection, outcome, present, note
    )
    _said(result, "Décision consignée")


@app.command()
@domain_errors
def withdraw(
    interpellation: str,
    actor: ActorOption,
    reason: Annotated[str, typer.Option(help="Pourquoi l'interpellation est retirée.")],
    data: DataOption = DEFAULT_DATA,
) -> None:
    """Retire l'interpellation (elle reste dans le registre)."""
    iid = InterpellationId.parse(interpellation)
    _said(
        approval.withdraw_interpellation(open_store(data), actor, iid, reason),
        "Interpellation retirée",
    )


@app.command(name="since-signed")
@domain_errors
def since_signed(interpellation: str, actor: ActorOption, data: DataOption = DEFAULT_DATA) -> None:
    """Ce qui a changé depuis votre dernière signature, et comment signer à nouveau."""
    iid = InterpellationId.parse(interpellation)
    since = approval.changes_since_signed(open_store(data), actor, iid)
    if since is None:
        typer.echo("Vous n'avez jamais signé ce texte.")
        return
    if since.unchanged:
        typer.echo("Le texte n'a pas changé depuis votre signature.")
        return
    for language, parts in since.changes.items():
        for part in parts:
            if part.changed:
                name = part.key if part.key in SECTION_KEYS else "en-tête"
                typer.echo(f"## {language.value} · {name}\n{as_markup(part.pieces)}\n")
    typer.echo(
        f"Pour signer le texte actuel : sign {iid} --text-id {since.current_text_id} --as {actor}"
    )
