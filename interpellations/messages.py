"""Sentences for the domain's codes, in the reader's language.

Problems found in the record and refusals of the rules carry a code and
parameters; this is the one place that words them (French source strings,
Dutch catalog), for the command-line tool and for the web pages alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interpellations.errors import DomainError
from interpellations.i18n import N_, translate
from interpellations.model import Language
from interpellations.problems import Problem

PROBLEMS = {
    "file_missing": N_("Le fichier est absent."),
    "not_utf8": N_("Le fichier n'est pas encodé en UTF-8."),
    "yaml_syntax": N_("Le YAML est mal formé : %(detail)s."),
    "field_missing": N_("Le champ « %(field)s » manque."),
    "field_unknown": N_("Le champ « %(field)s » est inconnu (faute de frappe ?)."),
    "unknown_side": N_("Le côté « %(value)s » est inconnu : il faut « cpas » ou « associatif »."),
    "value_not_allowed": N_("La valeur « %(value)s » n'est pas permise pour « %(field)s »."),
    "value_malformed": N_("La valeur « %(value)s » de « %(field)s » est mal formée."),
    "value_invalid": N_("La valeur de « %(field)s » n'est pas valable (%(detail)s)."),
    "duplicate": N_("« %(value)s » apparaît deux fois comme %(field)s."),
    "unknown_reference": N_("%(kind)s « %(value)s » n'existe pas dans le registre."),
    "quorum_out_of_range": N_(
        "Le quorum par côté (%(quorum)s) doit être compris entre 1 et le nombre de sièges "
        "(%(seats)s)."
    ),
    "chairs_same_side": N_(
        "La présidence et la vice-présidence sont du même côté (%(side)s) ; elles doivent "
        "venir des deux côtés."
    ),
    "front_matter_missing": N_("Le texte ne commence pas par son en-tête (---)."),
    "front_matter_unclosed": N_("L'en-tête du texte n'est pas fermé par une ligne ---."),
    "front_matter_not_mapping": N_("L'en-tête du texte doit être une liste de champs."),
    "missing_section": N_("La section « %(heading)s » manque."),
    "unknown_section": N_("La section « %(heading)s » n'est pas prévue."),
    "duplicate_section": N_("La section « %(heading)s » apparaît deux fois."),
    "proposals_not_numbered": N_(
        "Les propositions doivent former une liste numérotée (1., 2., …)."
    ),
    "language_mismatch": N_(
        "L'en-tête annonce la langue « %(declared)s » dans un fichier « %(file_language)s »."
    ),
    "french_text_missing": N_("Le texte français manque."),
    "bad_folder_name": N_("Ce dossier ne suit pas la forme année/identifiant."),
}

KINDS = {
    "theme": N_("Le thème"),
    "group": N_("Le groupe de travail"),
    "authority": N_("L'autorité"),
    "member": N_("Le membre"),
}

ERRORS = {
    "invalid_identifier": N_("L'identifiant « %(value)s » n'est pas valable."),
    "not_found": N_("Ce que vous cherchez n'existe pas (ou plus)."),
    "already_exists": N_("Cette interpellation existe déjà (%(id)s)."),
    "invalid_document": N_("Le texte contient des erreurs."),
    "read_only": N_(
        "Le registre est en lecture seule : il contient des erreurs à corriger avant tout "
        "nouvel enregistrement."
    ),
    "write_contention": N_(
        "Le registre a changé plusieurs fois pendant l'enregistrement ; rien n'a été écrit, "
        "réessayez."
    ),
    "edit_conflict": N_(
        "Quelqu'un a modifié le même passage entre-temps ; rien n'a été enregistré et votre "
        "texte est conservé."
    ),
    "anchor_not_unique": N_(
        "Le passage cité doit se trouver une seule fois dans la section « %(section)s »."
    ),
    "record_invalid": N_("Le registre contient %(count)s erreur(s)."),
    "not_allowed": N_("Action refusée."),
}

NOT_FOUND = {
    "interpellation": N_("Cette interpellation n'existe pas."),
    "version": N_("Cette version du registre n'existe pas."),
    "comment": N_("Ce commentaire n'existe pas."),
    "language": N_("Cette version linguistique du texte n'existe pas."),
    "repository": N_("Le registre est introuvable à cet endroit."),
}

REASONS = {
    "not_a_member": N_("%(email)s n'est pas membre de la coordination."),
    "not_in_group": N_(
        "Seuls les membres du groupe de travail « %(group)s » et les coordinateurs peuvent "
        "modifier ce texte."
    ),
}


def _format(template: str, params: Mapping[str, Any], language: Language) -> str:
    text = translate(template, language)
    try:
        values = dict(params)
        if values.get("kind") in KINDS:
            values["kind"] = translate(KINDS[values["kind"]], language)
        return text % values
    except (KeyError, TypeError, ValueError):
        return text


def describe_problem(problem: Problem, language: Language = Language.FR) -> str:
    """`file:line: sentence` for a problem of the record."""
    sentence = _format(PROBLEMS.get(problem.code, problem.code), problem.params, language)
    where = problem.file + (f":{problem.line}" if problem.line else "")
    return f"{where}: {sentence}" if where else sentence


def describe_error(error: DomainError, language: Language = Language.FR) -> str:
    """One sentence for a domain refusal."""
    reason = error.params.get("reason")
    if error.code == "not_allowed" and isinstance(reason, str) and reason in REASONS:
        return _format(REASONS[reason], error.params, language)
    what = error.params.get("what")
    if error.code == "not_found" and isinstance(what, str) and what in NOT_FOUND:
        return _format(NOT_FOUND[what], error.params, language)
    return _format(ERRORS.get(error.code, error.code), error.params, language)
