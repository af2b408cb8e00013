"""Commands on the record: found it, draft, comment, read, check, reindex."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from interpellations.cli.common import (
    LANGUAGE,
    ActorOption,
    DataOption,
    app,
    domain_errors,
    fail,
    interpellation_id,
    locations,
    open_index,
    open_store,
    say,
    say_count,
)
from interpellations.record.vocabulary import Language, Role, Side
from interpellations.wording.translation import N_, NP_, translate

if TYPE_CHECKING:
    from interpellations.record.model import Coordination


def _new_coordination(name: str, place: str, prefix: str) -> Coordination:
    """A coordination with one general theme and group, to be completed in its file."""
    from interpellations.record.model import Address, Bilingual, Coordination, Theme, WorkingGroup

    return Coordination(
        name=Bilingual(fr=name, nl=name),
        address=Address(lines=[place]),
        place=Bilingual(fr=place, nl=place),
        reference_prefix=prefix,
        themes=[Theme(id="general", name=Bilingual(fr="Général", nl="Algemeen"))],
        working_groups=[
            WorkingGroup(
                id="gt-general",
                theme="general",
                name=Bilingual(fr="Groupe général", nl="Algemene groep"),
            )
        ],
    )


@app.command(help=say(N_("Crée un dépôt de données vide avec sa première personne coordinatrice.")))
@domain_errors
def init(
    data: DataOption = None,
    actor: ActorOption = "",
    name: Annotated[
        str,
        typer.Option(help=say(N_("Nom de la première coordinatrice ou du premier coordinateur."))),
    ] = "",
    side: Annotated[Side, typer.Option(help=say(N_("Son côté : cpas ou associatif.")))] = Side.CPAS,
    coordination: Annotated[str, typer.Option(help=say(N_("Nom de la coordination.")))] = "",
    place: Annotated[str, typer.Option(help=say(N_("Commune.")))] = "",
    prefix: Annotated[str, typer.Option(help=say(N_("Préfixe des références (ex. CSH).")))] = "CS",
) -> None:
    if not (actor and name and coordination and place):
        fail(say(N_("Indiquez --as, --name, --coordination et --place.")), 2)
    from interpellations.acts.founding import found_repository
    from interpellations.record.model import Authorities, Member, Members
    from interpellations.record.trailers import Via

    record = _new_coordination(coordination, place, prefix)
    founder = Member(
        id="coordination",
        name=name,
        email=actor,
        side=side,
        function="Coordination",
        organisation=coordination,
        roles=[Role.COORDINATOR],
        groups=["gt-general"],
    )
    try:
        found_repository(
            locations(data).data,
            record,
            Members(members=[founder]),
            Authorities(authorities=[]),
            via=Via.CLI,
        )
    except FileExistsError:
        fail(
            say(
                N_("Le dossier %(folder)s existe déjà et n'est pas vide : rien n'a été créé."),
                folder=locations(data).data,
            )
        )
    typer.echo(say(N_("Dépôt créé : %(folder)s"), folder=locations(data).data))


@app.command(help=say(N_("Crée le dépôt de démonstration (personnes et autorités fictives).")))
@domain_errors
def demo(data: DataOption = None) -> None:
    from interpellations.demo.build import build_demo

    store = build_demo(locations(data).data)
    typer.echo(
        say(
            N_("Démonstration créée : %(folder)s (%(count)s interpellations)"),
            folder=locations(data).data,
            count=open_index(store).count(),
        )
    )


@app.command(help=say(N_("Crée une interpellation à partir du modèle en trois sections.")))
@domain_errors
def create(
    title: Annotated[str, typer.Option(help=say(N_("Titre.")))],
    theme: Annotated[str, typer.Option(help=say(N_("Thème (identifiant).")))],
    group: Annotated[str, typer.Option(help=say(N_("Groupe de travail (identifiant).")))],
    to: Annotated[list[str], typer.Option("--to", help=say(N_("Autorité destinataire.")))],
    actor: ActorOption,
    cc: Annotated[
        list[str] | None, typer.Option("--cc", help=say(N_("Autorité en copie.")))
    ] = None,
    slug: Annotated[
        str | None, typer.Option(help=say(N_("Identifiant (tiré du titre sinon).")))
    ] = None,
    data: DataOption = None,
) -> None:
    from interpellations.acts.drafting import create_interpellation
    from interpellations.record.model import FrontMatter
    from interpellations.record.trailers import Via

    front = FrontMatter(title=title, theme=theme, group=group, addressees=to, copies=cc or [])
    iid, result = create_interpellation(open_store(data), actor, front, slug=slug, via=Via.CLI)
    typer.echo(say(N_("%(id)s créée (version %(version)s)"), id=iid, version=result.version[:7]))


@app.command(
    help=say(
        N_("Enregistre une nouvelle version du texte (fusionnée si le texte a changé entre-temps).")
    )
)
@domain_errors
def edit(
    interpellation: str,
    actor: ActorOption,
    fr: Annotated[
        Path | None, typer.Option(help=say(N_("Nouveau texte français (fichier).")))
    ] = None,
    nl: Annotated[
        Path | None, typer.Option(help=say(N_("Nouveau texte néerlandais (fichier).")))
    ] = None,
    base: Annotated[
        str | None, typer.Option(help=say(N_("Version de départ (la dernière sinon).")))
    ] = None,
    message: Annotated[
        str, typer.Option("-m", "--message", help=say(N_("Résumé de la modification.")))
    ] = "",
    data: DataOption = None,
) -> None:
    from interpellations.acts.drafting import edit_texts
    from interpellations.record.trailers import Via

    store = open_store(data)
    texts = {
        lang: path.read_text(encoding="utf-8")
        for lang, path in ((Language.FR, fr), (Language.NL, nl))
        if path
    }
    if not texts:
        fail(say(N_("Indiquez --fr ou --nl.")), 2)
    outcome = edit_texts(
        store,
        actor,
        interpellation_id(interpellation),
        texts,
        base or store.head(),
        message,
        via=Via.CLI,
    )
    if not outcome.write.changed:
        typer.echo(say(N_("Aucun changement : rien n'a été enregistré.")))
        return
    version = outcome.write.version[:7]
    if outcome.merged:
        typer.echo(
            say(
                N_(
                    "Version %(version)s enregistrée (fusionnée avec une modification "
                    "enregistrée entre-temps)."
                ),
                version=version,
            )
        )
    else:
        typer.echo(say(N_("Version %(version)s enregistrée."), version=version))


@app.command(help=say(N_("Commente le texte entier ou un passage, ou répond à un commentaire.")))
@domain_errors
def comment(
    interpellation: str,
    actor: ActorOption,
    body: Annotated[str, typer.Option(help=say(N_("Le commentaire.")))],
    quote: Annotated[
        str | None, typer.Option(help=say(N_("Le passage commenté, mot pour mot.")))
    ] = None,
    section: Annotated[
        str | None, typer.Option(help=say(N_("constats, avis ou propositions.")))
    ] = None,
    language: Annotated[Language, typer.Option(help=say(N_("Langue du passage.")))] = Language.FR,
    version: Annotated[str | None, typer.Option(help=say(N_("Version lue.")))] = None,
    reply_to: Annotated[
        str | None, typer.Option(help=say(N_("Répondre à ce commentaire.")))
    ] = None,
    data: DataOption = None,
) -> None:
    from interpellations.acts.discussion import add_comment
    from interpellations.record.trailers import Via

    event, _ = add_comment(
        open_store(data),
        actor,
        interpellation_id(interpellation),
        body,
        version=version,
        language=language,
        section=section,
        quote=quote,
        reply_to=reply_to,
        via=Via.CLI,
    )
    typer.echo(say(N_("Commentaire %(id)s enregistré."), id=event))


@app.command(help=say(N_("Marque un commentaire comme résolu.")))
@domain_errors
def resolve(
    interpellation: str, comment_id: str, actor: ActorOption, data: DataOption = None
) -> None:
    from interpellations.acts.discussion import resolve_comment
    from interpellations.record.trailers import Via

    resolve_comment(
        open_store(data), actor, interpellation_id(interpellation), comment_id, via=Via.CLI
    )
    typer.echo(say(N_("Commentaire marqué résolu.")))


@app.command(help=say(N_("Vérifie tout le dépôt : fichiers, références, textes et journaux.")))
@domain_errors
def check(data: DataOption = None) -> None:
    from interpellations.record.checking import check_version
    from interpellations.record.problems import blocking
    from interpellations.wording.sentences import describe_problem

    store = open_store(data)
    if store.upgraded:
        typer.echo(say(GUARDS_INSTALLED, what=", ".join(store.upgraded)))
    problems = check_version(store.snapshot(), store.limits)
    for problem in problems:
        label = say(N_("erreur")) if problem.blocking else say(N_("à compléter"))
        typer.echo(f"{label} — {describe_problem(problem, LANGUAGE)}", err=True)
    errors = len(blocking(problems))
    if errors:
        fail(say_count(ERRORS_FOUND, errors, count=errors))
    typer.echo(say_count(VALID, len(problems), count=len(problems)))


GUARDS_INSTALLED = N_(
    "Gardes du registre installées (envois refusés s'ils réécrivent l'historique, "
    "suppriment la branche ou ne passent pas « check ») : %(what)s"
)


@app.command(hidden=True, help=say(N_("Juge un envoi (git push) : appelé par git, pas par vous.")))
def receive(data: DataOption = None) -> None:
    """git's `pre-receive` hook: one `<old> <new> <ref>` line per ref pushed, on stdin."""
    from interpellations.record.receiving import push_problems
    from interpellations.record.store import Store
    from interpellations.wording.sentences import describe_problem

    store = Store(locations(data).data)  # not `open`: git holds the push, nothing to repair
    refused = []
    for line in sys.stdin.read().splitlines():
        old, new, ref = line.split(" ", 2)
        refused += push_problems(store, old, new, ref)
    if refused:
        # in the record's language: whoever pushes writes the record's French files
        typer.echo(translate(PUSH_REFUSED, Language.FR), err=True)
        for problem in refused:
            typer.echo(f"  {describe_problem(problem, Language.FR)}", err=True)
        raise typer.Exit(1)


PUSH_REFUSED = N_("Envoi refusé par les gardes du registre ; la branche main est inchangée :")

ERRORS_FOUND = NP_(
    "%(count)s erreur trouvée : ce qu'elle touche est en lecture seule dans le service "
    "jusqu'à sa correction.",
    "%(count)s erreurs trouvées : ce qu'elles touchent est en lecture seule dans le service "
    "jusqu'à leur correction.",
)
VALID = NP_(
    "Le registre est valide (%(count)s texte à compléter signalé).",
    "Le registre est valide (%(count)s textes à compléter signalés).",
)


@app.command(help=say(N_("Reconstruit l'index de recherche à partir de git.")))
@domain_errors
def reindex(data: DataOption = None) -> None:
    from interpellations.index.index import Index

    store = open_store(data)
    report = Index(locations(data).index_path, store).rebuild()
    typer.echo(
        say(
            N_("Index reconstruit : %(versions)s versions, %(interpellations)s interpellations."),
            versions=report.commits,
            interpellations=report.interpellations,
        )
    )
