"""Commands of the steering committee: submit, sign, object, decide, and where approval stands."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from interpellations.cli.common import (
    LANGUAGE,
    ActorOption,
    DataOption,
    act,
    app,
    domain_errors,
    interpellation_id,
    open_store,
    say,
)
from interpellations.record.vocabulary import Outcome, Side
from interpellations.wording.translation import N_

if TYPE_CHECKING:
    from interpellations.acts.pipeline import Done

TextIdOption = Annotated[
    str,
    typer.Option("--text-id", help=say(N_("L'identifiant du texte lu (affiché par « status »)."))),
]


def _said(result: Done, done: str) -> None:
    """What was recorded (`done`, already translated), its version, and any approval."""
    typer.echo(
        say(N_("%(done)s (version %(version)s)."), done=done, version=result.write.version[:7])
    )
    if result.approved:
        typer.echo(say(N_("Le quorum des deux côtés est atteint : le texte est approuvé.")))


@app.command(
    help=say(N_("Où en est l'approbation : signatures par côté, objections ouvertes, état."))
)
@domain_errors
def status(interpellation: str, data: DataOption = None) -> None:
    from interpellations.reading.dossier import read_dossier
    from interpellations.wording.labels import describe_state
    from interpellations.wording.standing import describe_standing

    dossier = read_dossier(open_store(data), interpellation_id(interpellation))
    state = describe_state(dossier.state.value, LANGUAGE)
    typer.echo(
        say(N_("État : %(state)s — texte %(text_id)s"), state=state, text_id=dossier.text_id)
    )
    for line in describe_standing(dossier, LANGUAGE):
        typer.echo(line)


@app.command(help=say(N_("Soumet le texte au comité de pilotage.")))
@domain_errors
def submit(interpellation: str, actor: ActorOption, data: DataOption = None) -> None:
    from interpellations.acts.committee import Submit

    result = act(data, actor, Submit(interpellation_id(interpellation)))
    _said(result, say(N_("Texte soumis au comité de pilotage")))


@app.command(help=say(N_("Signe le texte exact que vous avez lu (son identifiant).")))
@domain_errors
def sign(
    interpellation: str,
    actor: ActorOption,
    text_id: TextIdOption,
    side: Annotated[
        Side | None, typer.Option(help=say(N_("Le côté pour lequel vous signez.")))
    ] = None,
    data: DataOption = None,
) -> None:
    from interpellations.acts.committee import Sign

    iid = interpellation_id(interpellation)
    _said(act(data, actor, Sign(iid, text_id, side)), say(N_("Signature enregistrée")))


@app.command(help=say(N_("Retire votre signature (avant l'approbation).")))
@domain_errors
def unsign(interpellation: str, actor: ActorOption, data: DataOption = None) -> None:
    from interpellations.acts.committee import Unsign

    iid = interpellation_id(interpellation)
    _said(act(data, actor, Unsign(iid)), say(N_("Signature retirée")))


@app.command(
    name="object",
    help=say(
        N_("Soulève une objection, qui bloque l'approbation jusqu'à son retrait ou une décision.")
    ),
)
@domain_errors
def object_(
    interpellation: str,
    actor: ActorOption,
    text_id: TextIdOption,
    reason: Annotated[str, typer.Option(help=say(N_("La raison de l'objection.")))],
    section: Annotated[
        str | None,
        typer.Option(help=say(N_("La section visée : constats, avis ou propositions."))),
    ] = None,
    data: DataOption = None,
) -> None:
    from interpellations.acts.committee import Object

    iid = interpellation_id(interpellation)
    result = act(data, actor, Object(iid, text_id, reason, section))
    _said(result, say(N_("Objection %(id)s enregistrée"), id=result.event))


@app.command(help=say(N_("Répond à une objection.")))
@domain_errors
def answer(
    interpellation: str,
    objection: str,
    actor: ActorOption,
    body: Annotated[str, typer.Option(help=say(N_("La réponse.")))],
    data: DataOption = None,
) -> None:
    from interpellations.acts.committee import Answer

    iid = interpellation_id(interpellation)
    _said(
        act(data, actor, Answer(iid, objection, body)),
        say(N_("Réponse enregistrée")),
    )


@app.command(name="withdraw-objection", help=say(N_("Retire votre objection.")))
@domain_errors
def withdraw_objection(
    interpellation: str, objection: str, actor: ActorOption, data: DataOption = None
) -> None:
    from interpellations.acts.committee import WithdrawObjection

    iid = interpellation_id(interpellation)
    _said(
        act(data, actor, WithdrawObjection(iid, objection)),
        say(N_("Objection retirée")),
    )


@app.command(
    help=say(N_("Consigne la décision du comité sur une objection, avec les membres présents."))
)
@domain_errors
def decide(
    interpellation: str,
    objection: str,
    actor: ActorOption,
    outcome: Annotated[Outcome, typer.Option(help=say(N_("overruled, amended ou maintained.")))],
    present: Annotated[
        list[str], typer.Option(help=say(N_("E-mail d'un membre présent (répéter).")))
    ],
    reason: Annotated[
        str,
        typer.Option("--reason", "--note", help=say(N_("La raison de la décision (obligatoire)."))),
    ] = "",
    data: DataOption = None,
) -> None:
    from interpellations.acts.committee import Decide

    iid = interpellation_id(interpellation)
    decision = Decide(iid, objection, outcome, tuple(present), reason)
    _said(act(data, actor, decision), say(N_("Décision consignée")))


@app.command(help=say(N_("Retire l'interpellation (elle reste dans le registre).")))
@domain_errors
def withdraw(
    interpellation: str,
    actor: ActorOption,
    reason: Annotated[str, typer.Option(help=say(N_("Pourquoi l'interpellation est retirée.")))],
    data: DataOption = None,
) -> None:
    from interpellations.acts.committee import Withdraw

    iid = interpellation_id(interpellation)
    _said(
        act(data, actor, Withdraw(iid, reason)),
        say(N_("Interpellation retirée")),
    )


@app.command(
    name="since-signed",
    help=say(N_("Ce qui a changé depuis votre dernière signature, et comment signer à nouveau.")),
)
@domain_errors
def since_signed(interpellation: str, actor: ActorOption, data: DataOption = None) -> None:
    from interpellations.reading.since_signed import changes_since_signed
    from interpellations.record.document import SECTION_KEYS
    from interpellations.text.diffing import as_markup

    iid = interpellation_id(interpellation)
    since = changes_since_signed(open_store(data), actor, iid)
    if since is None:
        typer.echo(say(N_("Vous n'avez jamais signé ce texte.")))
        return
    if since.unchanged:
        typer.echo(say(N_("Le texte n'a pas changé depuis votre signature.")))
        return
    for language, parts in since.changes.items():
        for part in parts:
            if part.changed:
                name = part.key if part.key in SECTION_KEYS else say(N_("en-tête"))
                typer.echo(f"## {language.value} · {name}\n{as_markup(part.pieces)}\n")
    command = f"sign {iid} --text-id {since.current_text_id} --as {actor}"
    typer.echo(say(N_("Pour signer le texte actuel : %(command)s"), command=command))
