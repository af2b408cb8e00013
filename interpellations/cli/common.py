"""What every command shares: the Typer app, its options, refusals printed as sentences.

Every sentence the tools print, and every help text, is written in French and marked
with `N_`; `say` shows it in the language of the person running the tool:

- `INTERPELLATIONS_LANG` (`fr` or `nl`) when it is set;
- else the locale of the environment, `LC_ALL`, then `LC_MESSAGES`, then `LANG`
  (the first one set decides: `nl_BE.UTF-8`, `nl_NL…` or `nl` give Dutch);
- else French.

The language is read once, when this module is imported: Typer reads the help
texts when the commands are defined, so they are translated then, and the sentences
printed afterwards follow the same language.

The tool starts in under 0.3 s because a scheduler calls it: the command modules
import at their top only Typer, the catalogs and the record's vocabularies; each
command imports the domain it uses in its body, so `--help` never loads the
models, git or the index, and a command loads only its own part.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from interpellations.locations import Locations
from interpellations.record.vocabulary import Language
from interpellations.wording.translation import N_, translate, translate_count

if TYPE_CHECKING:
    from interpellations.acts.pipeline import Act, Done
    from interpellations.index.index import Index
    from interpellations.record.ids import InterpellationId
    from interpellations.record.store import Store

LANGUAGE_VARIABLE = "INTERPELLATIONS_LANG"
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
DUTCH_LOCALE = re.compile(r"nl([_.@-]|$)", re.IGNORECASE)


def user_language(environ: Mapping[str, str] | None = None) -> Language:
    """The language of the person running the tool, from the environment (French by default)."""
    environ = os.environ if environ is None else environ
    chosen = environ.get(LANGUAGE_VARIABLE, "").strip().lower()
    if chosen in (Language.FR, Language.NL):
        return Language(chosen)
    for variable in LOCALE_VARIABLES:
        locale = environ.get(variable, "").strip()
        if locale:
            return Language.NL if DUTCH_LOCALE.match(locale) else Language.FR
    return Language.FR


LANGUAGE = user_language()


def say_count(forms: tuple[str, str], count: int, /, **params: object) -> str:
    """A French sentence with a number (marked with `NP_`), in the user's language."""
    return translate_count(forms, count, LANGUAGE) % params


def say(message: str, /, **params: object) -> str:
    """A French sentence marked with `N_`, in the user's language, `%(name)s` filled in."""
    text = translate(message, LANGUAGE)
    return text % params if params else text


app = typer.Typer(
    help=say(N_("Le registre des interpellations d'une coordination paritaire.")),
    no_args_is_help=True,
    add_completion=False,
    # plain help and plain errors: rich costs half a second of imports on every call,
    # and a scheduler calls this tool
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

F = TypeVar("F", bound=Callable[..., Any])

DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help=say(N_("Dossier du dépôt de données (sinon INTERPELLATIONS_DATA, sinon la démo).")),
    ),
]
ActorOption = Annotated[str, typer.Option("--as", help=say(N_("E-mail du membre qui agit.")))]


def fail(message: str, code: int = 1) -> None:
    """Print an already translated sentence on stderr and stop with `code`."""
    typer.echo(message, err=True)
    raise typer.Exit(code)


def domain_errors(command: F) -> F:
    """Print a refusal as sentences instead of a trace."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        from pydantic import ValidationError

        from interpellations.errors import DomainError, EditConflict, InvalidDocument
        from interpellations.record.loading import RecordInvalid
        from interpellations.record.problems import problems_from_validation
        from interpellations.wording.sentences import describe_error, describe_problem

        try:
            return command(*args, **kwargs)
        except RecordInvalid as error:
            for problem in error.problems:
                typer.echo(describe_problem(problem, LANGUAGE), err=True)
            fail(describe_error(error, LANGUAGE))
        except InvalidDocument as error:
            for problem in error.params.get("problems", []):
                typer.echo(describe_problem(problem, LANGUAGE), err=True)
            fail(describe_error(error, LANGUAGE))
        except EditConflict as error:
            typer.echo(describe_error(error, LANGUAGE), err=True)
            for conflict in error.files:
                typer.echo(f"\n--- {conflict.path}\n{conflict.merged_with_markers}", err=True)
            fail("", 3)
        except DomainError as error:
            fail(describe_error(error, LANGUAGE))
        except ValidationError as error:
            # a value typed on the command line (a theme id, an e-mail) that the
            # record's models refuse: say which one, not a Python trace
            for problem in problems_from_validation(error, None, ""):
                typer.echo(describe_problem(problem, LANGUAGE), err=True)
            fail(say(N_("Rien n'a été enregistré.")))

    return run  # type: ignore[return-value]


def locations(data: Path | None) -> Locations:
    """The data repository (`--data` first when it is given) and its index."""
    return Locations.of(data)


def interpellation_id(text: str) -> InterpellationId:
    """An interpellation's id as typed (`2026/slug`), refused as a sentence when malformed."""
    from interpellations.record.ids import InterpellationId

    return InterpellationId.parse(text)


def open_store(data: Path | None) -> Store:
    from interpellations.record.store import Store

    return Store.open(locations(data).data)


def act(data: Path | None, actor: str, declaration: Act) -> Done:
    """Perform an act on the registre, its commit saying it came from the command line."""
    from interpellations.acts.pipeline import perform
    from interpellations.record.trailers import Via

    return perform(open_store(data), actor, declaration, via=Via.CLI)


def open_index(store: Store) -> Index:
    from interpellations.index.index import Index

    index = Index(locations(store.path).index_path, store)
    index.sync()
    return index
