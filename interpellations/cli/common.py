"""What every command shares: the Typer app, its options, refusals printed as sentences."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from pydantic import ValidationError

from interpellations.errors import DomainError, EditConflict, InvalidDocument
from interpellations.index import Index
from interpellations.messages import describe_error, describe_problem
from interpellations.problems import problems_from_validation
from interpellations.record import RecordInvalid
from interpellations.settings import index_path_for
from interpellations.store import Store

app = typer.Typer(
    help="Le registre des interpellations d'une coordination paritaire.",
    no_args_is_help=True,
    add_completion=False,
)

F = TypeVar("F", bound=Callable[..., Any])

DataOption = Annotated[
    Path, typer.Option("--data", envvar="INTERPELLATIONS_DATA", help="Dossier du dépôt de données.")
]
ActorOption = Annotated[str, typer.Option("--as", help="E-mail du membre qui agit.")]


def fail(message: str, code: int = 1) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(code)


def domain_errors(command: F) -> F:
    """Print a refusal as sentences instead of a trace."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except RecordInvalid as error:
            for problem in error.problems:
                typer.echo(describe_problem(problem), err=True)
            fail(describe_error(error))
        except InvalidDocument as error:
            for problem in error.params.get("problems", []):
                typer.echo(describe_problem(problem), err=True)
            fail(describe_error(error))
        except EditConflict as error:
            typer.echo(describe_error(error), err=True)
            for conflict in error.files:
                typer.echo(f"\n--- {conflict.path}\n{conflict.merged_with_markers}", err=True)
            fail("", 3)
        except DomainError as error:
            fail(describe_error(error))
        except ValidationError as error:
            # a value typed on the command line (a theme id, an e-mail) that the
            # record's models refuse: say which one, not a Python trace
            for problem in problems_from_validation(error, None, ""):
                typer.echo(describe_problem(problem), err=True)
            fail("Rien n'a été enregistré.")

    return run  # type: ignore[return-value]


def open_store(data: Path) -> Store:
    return Store.open(data)


def open_index(store: Store) -> Index:
    index = Index(index_path_for(store.path), store)
    index.sync()
    return index
