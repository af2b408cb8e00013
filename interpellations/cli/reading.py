"""Commands that read the record: the list, one interpellation, its history, a difference.

Each prints a presentation of the read model (`interpellations.reading`), as the
pages and the API do.
"""

from __future__ import annotations

from typing import Annotated

import typer

from interpellations.cli.common import (
    DataOption,
    app,
    domain_errors,
    interpellation_id,
    open_index,
    open_store,
    say,
)
from interpellations.record.vocabulary import Language
from interpellations.wording.translation import N_


@app.command(name="list", help=say(N_("Liste les interpellations.")))
@domain_errors
def list_(
    search: Annotated[str, typer.Option(help=say(N_("Recherche plein texte.")))] = "",
    state: Annotated[
        str | None,
        typer.Option(
            help=say(N_("État : draft, submitted, approved, issued, sent, closed ou withdrawn."))
        ),
    ] = None,
    data: DataOption = None,
) -> None:
    from interpellations.clock import now
    from interpellations.reading.listing import Filters, list_interpellations
    from interpellations.wording.labels import SIDES

    store = open_store(data)
    filters = Filters(text=search, state=state)
    for line in list_interpellations(store, open_index(store), filters, now().date(), limit=500):
        counts = " · ".join(
            f"{say(SIDES[t.side.value])} {t.signed}/{t.quorum}" for t in line.tallies
        )
        typer.echo(
            f"{line.id:50} {line.state:10} {line.title}" + (f" [{counts}]" if counts else "")
        )


@app.command(help=say(N_("Affiche le texte d'une interpellation et ses commentaires.")))
@domain_errors
def show(interpellation: str, version: str | None = None, data: DataOption = None) -> None:
    from interpellations.reading.dossier import read_dossier

    dossier = read_dossier(open_store(data), interpellation_id(interpellation), version)
    for language in dossier.languages:
        typer.echo(dossier.texts[language].raw)
    for thread in dossier.threads:
        where = say(N_("texte entier"))
        if thread.comment.anchor:
            where = (
                say(N_("passage périmé"))
                if thread.outdated
                else say(N_("« %(quote)s »"), quote=thread.comment.anchor.quote)
            )
        template = N_("[%(id)s] %(by)s sur %(where)s : %(body)s")
        if thread.resolved_by:
            template = N_("[%(id)s] %(by)s sur %(where)s (résolu) : %(body)s")
        typer.echo(
            say(
                template,
                id=thread.comment.id,
                by=thread.comment.by,
                where=where,
                body=thread.comment.body,
            )
        )
        for reply in thread.replies:
            typer.echo("    ↳ " + say(N_("%(by)s : %(body)s"), by=reply.by, body=reply.body))


@app.command(
    help=say(N_("L'historique d'une interpellation : qui a fait quoi, quand (25 par page)."))
)
@domain_errors
def history(interpellation: str, page: int = 1, data: DataOption = None) -> None:
    from interpellations.reading.history import history_page

    found = history_page(open_index(open_store(data)), interpellation_id(interpellation), page, 25)
    for entry in found.entries:
        typer.echo(
            f"{entry.version[:7]} {entry.date[:16].replace('T', ' ')} "
            f"{entry.author_name} [{entry.action}] {entry.subject}"
        )


@app.command(help=say(N_("La différence mot à mot entre deux versions, section par section.")))
@domain_errors
def diff(
    interpellation: str,
    older: str,
    newer: str,
    language: Language = Language.FR,
    data: DataOption = None,
) -> None:
    from interpellations.reading.comparison import compare
    from interpellations.record.document import SECTION_KEYS
    from interpellations.text.diffing import as_markup

    store = open_store(data)
    iid = interpellation_id(interpellation)
    comparison = compare(store, open_index(store), iid, older, newer, language=language)
    parts = next((c.sections for c in comparison.languages if c.language == language), ())
    for part in parts:
        if part.changed:
            typer.echo(f"## {part.key if part.key in SECTION_KEYS else say(N_('en-tête'))}")
            typer.echo(as_markup(part.pieces) + "\n")
