"""Sentences for the domain's codes, in the reader's language.

Problems found in the record and refusals of the rules carry a code and
parameters; this is the one place that words them (French source strings,
Dutch catalog), for the command-line tool and for the web pages alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interpellations.errors import DomainError
from interpellations.record.document import HEADINGS
from interpellations.record.model import Language
from interpellations.record.problems import Problem
from interpellations.rules.submission import Gap
from interpellations.wording.labels import SIDES
from interpellations.wording.translation import N_, translate, translate_count

PROBLEMS = {
    "file_missing": N_("Le fichier est absent."),
    "references_invalid": N_(
        "Le compteur des références est illisible : une année, puis le dernier numéro donné."
    ),
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
    "too_many_sitting": N_(
        "Le côté %(side)s compte %(count)s membres siégeant le %(day)s pour %(seats)s sièges."
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
    "code_in_text": N_(
        "Le texte contient du code qu'une lettre ne peut pas contenir (« %(found)s ») : retirez-le."
    ),
    "bad_folder_name": N_("Ce dossier ne suit pas la forme année/identifiant."),
    "file_too_large": N_(
        "Le fichier est trop volumineux : %(size)s Ko, pour %(limit)s Ko au plus."
    ),
    "push_other_ref": N_("Seule la branche main du registre peut être envoyée (%(ref)s refusée)."),
    "push_deletes_branch": N_(
        "La suppression de la branche %(ref)s est refusée : elle effacerait l'historique."
    ),
    "push_rewrites_history": N_(
        "Cet envoi réécrit l'historique de %(ref)s : des versions déjà enregistrées "
        "(%(dropped)s) en disparaîtraient. Il est refusé ; récupérez d'abord les versions "
        "du registre (git pull), puis envoyez à nouveau."
    ),
}

KINDS = {
    "theme": N_("Le thème"),
    "group": N_("Le groupe de travail"),
    "authority": N_("L'autorité"),
    "member": N_("Le membre"),
    "interpellation": N_("L'interpellation suivie"),
}

ERRORS = {
    "invalid_identifier": N_("L'identifiant « %(value)s » n'est pas valable."),
    "not_found": N_("Ce que vous cherchez n'existe pas (ou plus)."),
    "rendering_failed": N_(
        "La lettre n'a pas pu être produite en %(form)s ; rien n'a été enregistré. "
        "La coordination peut transmettre ce détail à qui maintient le service : %(detail)s"
    ),
    "already_exists": N_("Cette interpellation existe déjà (%(id)s)."),
    "registre_exists": N_("Ce registre est déjà fondé."),
    "invalid_document": N_("Le texte contient des erreurs."),
    "record_would_break": N_(
        "Cette modification rendrait le registre invalide ; voici ce que « check » y trouverait :"
    ),
    "read_only": N_(
        "Le registre est en lecture seule : il contient des erreurs à corriger avant tout "
        "nouvel enregistrement."
    ),
    "interpellation_read_only": N_(
        "Cette interpellation est en lecture seule : ses fichiers contiennent des erreurs à "
        "corriger (par un commit dans le registre) avant tout nouvel enregistrement. Ce que "
        "vous avez écrit n'a pas été enregistré."
    ),
    "too_large": N_(
        "%(file)s dépasserait la taille permise (%(size)s Ko, pour %(limit)s Ko au plus) : "
        "rien n'a été enregistré."
    ),
    "write_contention": N_(
        "Le registre a changé plusieurs fois pendant l'enregistrement ; rien n'a été écrit, "
        "réessayez."
    ),
    "stale_file": N_(
        "Quelqu'un a modifié %(file)s depuis l'ouverture de ce formulaire : rien n'a été "
        "enregistré, pour ne pas défaire sa modification. Ce que vous avez écrit est conservé "
        "ci-dessous ; vérifiez-le face à la version actuelle, puis enregistrez à nouveau."
    ),
    "edit_conflict": N_(
        "Quelqu'un a modifié le même passage entre-temps ; rien n'a été enregistré et votre "
        "texte est conservé."
    ),
    "anchor_not_unique": N_(
        "Le passage cité doit se trouver une seule fois dans la section « %(section)s »."
    ),
    "record_invalid": N_("Le registre contient des erreurs (%(count)s)."),
    "not_allowed": N_("Action refusée."),
    "invalid_input": N_("Ce que vous avez écrit n'a pas pu être enregistré tel quel."),
}

# What the person wrote for an act, refused by field (`errors.InvalidInput`)
INPUT_EMPTY = N_("Écrivez le texte avant d'envoyer : ce champ est vide.")
INPUT_TOO_LONG = N_("Ce texte est trop long : %(limit)s caractères au plus.")
OUTCOME_MISSING = N_(
    "Choisissez la décision du comité : objection rejetée, texte amendé ou maintenue."
)

# A field left empty, named for the person filling the form
FIELD_EMPTY = {
    "title": N_("Indiquez le titre de l'interpellation."),
    "theme": N_("Choisissez le thème."),
    "group": N_("Choisissez le groupe de travail."),
    "addressees": N_("Choisissez au moins une autorité destinataire."),
}
INPUT_EMPTY_NAMED = N_("Le champ « %(field)s » est vide : remplissez-le.")
INPUT_INVALID = N_("Vérifiez le champ « %(field)s » : sa valeur n'est pas acceptée.")
# The fields of the administration's forms, as their labels say
FIELD_LABELS = {
    "email": N_("Adresse e-mail"),
    "name": N_("Nom"),
    "function": N_("Fonction"),
    "organisation": N_("Organisation"),
    "mandate_from": N_("Début du mandat"),
    "mandate_to": N_("Fin du mandat"),
    "id": N_("Identifiant"),
    "fr": N_("En français"),
    "nl": N_("En néerlandais"),
    "lines": N_("Adresse"),
    "reference_prefix": N_("Préfixe des références"),
    "seats_per_side": N_("Sièges par côté"),
    "quorum_per_side": N_("Quorum par côté"),
    "answer_delay_days": N_("Délai de réponse (jours)"),
    "side": N_("Côté"),
    "roles": N_("Rôles"),
    "lines_nl": N_("Adresse en néerlandais"),
    "phone": N_("Téléphone"),
    "enterprise_number": N_("Numéro d'entreprise"),
    "function_nl": N_("Fonction en néerlandais"),
    "organisation_nl": N_("Organisation en néerlandais"),
}
TEXT_TOO_LONG = N_("Ce texte est trop long : %(limit)s caractères au plus par langue.")

ANCHOR_ANYWHERE = N_("Le passage cité doit se trouver une seule fois dans le texte.")

ALREADY = {
    "member": N_("Une personne du registre a déjà l'identifiant « %(id)s »."),
    "email": N_("L'adresse %(id)s est déjà celle d'une autre personne du registre."),
    "authority": N_("Une autorité de l'annuaire a déjà l'identifiant « %(id)s »."),
}

NOT_FOUND = {
    "interpellation": N_("Cette interpellation n'existe pas."),
    "version": N_("Cette version du registre n'existe pas."),
    "working_copy": N_("Vous n'avez pas de copie de travail de cette interpellation."),
    "member": N_("Cette personne n'est pas dans le registre."),
    "authority": N_("Cette autorité n'est pas dans l'annuaire."),
    "comment": N_("Ce commentaire n'existe pas."),
    "language": N_("Cette version linguistique du texte n'existe pas."),
    "repository": N_("Le registre est introuvable à cet endroit."),
    "letter": N_("Ce texte n'est pas adressé à cette autorité : il n'y a pas de lettre pour elle."),
    "format": N_("Une lettre se télécharge en PDF, DOCX ou ODT."),
    "issued_text": N_(
        "Aucune lettre émise ne porte ce texte. Vérifiez l'identifiant : les 64 caractères "
        "imprimés au bas de la lettre, après l'adresse de vérification."
    ),
}

REASONS = {
    "not_a_member": N_("%(email)s n'est pas membre de la coordination."),
    "not_in_group": N_(
        "Seuls les membres du groupe de travail « %(group)s » et les coordinateurs peuvent "
        "modifier ce texte."
    ),
    "withdrawn": N_("Cette interpellation a été retirée : plus rien ne peut y être fait."),
    "issued": N_(
        "Les lettres de ce texte ont été émises (référence %(reference)s) : le texte et ses "
        "signatures ne changent plus."
    ),
    "not_issuer": N_("Seules les personnes coordinatrices émettent les lettres."),
    "not_approved": N_("Le texte n'est pas approuvé : ses lettres ne peuvent pas être émises."),
    "not_issued": N_(
        "Les lettres de cette interpellation n'ont pas été émises : il n'y a encore rien à suivre."
    ),
    "already_submitted": N_("Ce texte a déjà été soumis au comité de pilotage."),
    "incomplete_text": N_("Le texte ne peut pas encore être soumis : %(gaps)s."),
    "not_submitted": N_("Le texte n'a pas encore été soumis au comité de pilotage."),
    "already_approved": N_(
        "Le texte est déjà approuvé ; seule une modification du texte rouvre la discussion."
    ),
    "mandate_not_running": N_(
        "Le mandat de %(name)s au comité de pilotage ne court pas aujourd'hui (fin : %(ended)s)."
    ),
    "not_on_committee": N_("%(name)s ne siège pas au comité de pilotage."),
    "wrong_side": N_(
        "Vous siégez pour le côté %(side)s : vous ne pouvez pas agir pour le côté %(asked)s."
    ),
    "stale_text": N_(
        "Le texte a changé depuis que vous l'avez affiché (vous avez vu %(seen)s, le texte "
        "actuel est %(current)s) : relisez-le avant de signer."
    ),
    "already_signed": N_("Vous avez déjà signé ce texte."),
    "no_signature": N_("Vous n'avez pas signé ce texte."),
    "no_such_objection": N_("Cette objection n'existe pas."),
    "not_objection_author": N_("Seule la personne qui a soulevé l'objection peut la retirer."),
    "objection_closed": N_("Cette objection est déjà levée."),
    "not_chair": N_(
        "Seuls la présidence, la vice-présidence et les coordinateurs consignent les "
        "décisions du comité."
    ),
    "maintained_until_text_changes": N_(
        "Le comité a maintenu cette objection : elle ne peut être tranchée à nouveau "
        "qu'après une modification du texte."
    ),
    "quorum_not_present": N_(
        "Le quorum du côté %(side)s n'est pas présent (%(present)s présents, %(quorum)s requis)."
    ),
    "present_twice": N_(
        "%(name)s figure deux fois parmi les présents : chaque membre ne compte qu'une fois."
    ),
    "present_without_seat": N_(
        "%(name)s ne siège pas au comité de pilotage aujourd'hui : cette personne ne peut pas "
        "compter parmi les présents."
    ),
    "decision_reason_missing": N_(
        "Une décision du comité se consigne avec sa raison : indiquez-la."
    ),
    "text_not_amended": N_(
        "Le texte n'a pas changé depuis l'objection : elle ne peut pas être levée comme "
        "« texte amendé » avant une modification du texte."
    ),
    "invalid_text_id": N_(
        "« %(value)s » n'est pas un identifiant de texte valable (64 caractères 0-9 et a-f, "
        "tel qu'affiché par la page ou par « status »)."
    ),
    "no_such_comment": N_("Ce commentaire n'existe pas."),
    "already_resolved": N_("Ce commentaire est déjà marqué résolu."),
    "reopen_unconfirmed": N_(
        "Ce texte est approuvé : confirmez que vous annulez l'approbation et que les "
        "%(count)s signatures devront être redonnées (cochez la case)."
    ),
    "not_coordinator": N_(
        "Seules les personnes coordinatrices modifient la coordination, ses membres et "
        "l'annuaire des autorités."
    ),
    "founder_not_coordinator": N_(
        "Le registre est fondé par une personne coordinatrice de la coordination."
    ),
}

# What a text lacks before it can be submitted (`rules.submission`)
GAPS = {
    "empty_section": N_("la section « %(heading)s » du texte %(language)s est vide"),
    "section_missing": N_("la section « %(heading)s » manque au texte %(language)s"),
    "no_proposal": N_("le texte %(language)s n'a aucune proposition numérotée (1., 2., …)"),
    "no_addressee": N_("aucune autorité destinataire n'est indiquée"),
    "dutch_missing": N_(
        "la version néerlandaise manque (une autorité destinataire lit le néerlandais)"
    ),
    "proposal_count": N_(
        "le texte néerlandais et le texte français ne comptent pas autant de propositions "
        "(%(nl)s et %(fr)s)"
    ),
}
LANGUAGES = {"fr": N_("français"), "nl": N_("néerlandais")}


def format_count(
    forms: tuple[str, str], count: int, params: Mapping[str, Any], language: Language
) -> str:
    """A sentence with a number, in the form its language gives that number."""
    return _filled(translate_count(forms, count, language), params, language)


def format_sentence(template: str, params: Mapping[str, Any], language: Language) -> str:
    return _filled(translate(template, language), params, language)


def _filled(text: str, params: Mapping[str, Any], language: Language) -> str:
    try:
        values = dict(params)
        if values.get("kind") in KINDS:
            values["kind"] = translate(KINDS[values["kind"]], language)
        for key in ("side", "asked"):
            if values.get(key) in SIDES:
                values[key] = translate(SIDES[values[key]], language)
        return text % values
    except (KeyError, TypeError, ValueError):
        return text


def describe_problem(problem: Problem, language: Language = Language.FR) -> str:
    """`file:line: sentence` for a problem of the record."""
    sentence = format_sentence(PROBLEMS.get(problem.code, problem.code), problem.params, language)
    where = problem.file + (f":{problem.line}" if problem.line else "")
    return f"{where}: {sentence}" if where else sentence


def describe_error(error: DomainError, language: Language = Language.FR) -> str:
    """One sentence for a domain refusal."""
    reason = error.params.get("reason")
    if error.code == "not_allowed" and isinstance(reason, str) and reason in REASONS:
        return describe_refusal(reason, error.params, language)
    if error.code == "invalid_input":
        template = INPUT_EMPTY if error.params.get("empty") else INPUT_TOO_LONG
        field = error.params.get("field")
        if field == "outcome":
            template = OUTCOME_MISSING
        elif field == "text":
            template = TEXT_TOO_LONG
        elif isinstance(field, str) and field in FIELD_EMPTY and error.params.get("empty"):
            template = FIELD_EMPTY[field]
        elif error.params.get("invalid") or (field in FIELD_LABELS and error.params.get("empty")):
            label = FIELD_LABELS.get(str(field))
            named = translate(label, language) if label else str(field)
            sentence = INPUT_INVALID if error.params.get("invalid") else INPUT_EMPTY_NAMED
            return format_sentence(sentence, {"field": named}, language)
        return format_sentence(template, error.params, language)
    if error.code == "invalid_document" and error.params.get("what") == "record":
        return translate(ERRORS["record_would_break"], language)
    if error.code == "already_exists" and error.params.get("what") == "registre":
        return translate(ERRORS["registre_exists"], language)
    what = error.params.get("what")
    if error.code == "already_exists" and isinstance(what, str) and what in ALREADY:
        return format_sentence(ALREADY[what], error.params, language)
    if error.code == "anchor_not_unique" and not error.params.get("section"):
        return translate(ANCHOR_ANYWHERE, language)
    if error.code == "not_found" and isinstance(what, str) and what in NOT_FOUND:
        return format_sentence(NOT_FOUND[what], error.params, language)
    return format_sentence(ERRORS.get(error.code, error.code), error.params, language)


def describe_refusal(code: str, params: Mapping[str, Any], language: Language = Language.FR) -> str:
    """Why a rule refuses an act (`rules.workflow.Refusal`), as one sentence."""
    values = dict(params)
    if code == "incomplete_text":
        values["gaps"] = "; ".join(describe_gap(gap, language) for gap in values["gaps"])
    return format_sentence(REASONS.get(code, ERRORS["not_allowed"]), values, language)


def describe_gap(gap: Gap, language: Language = Language.FR) -> str:
    """What a text lacks before submission, as part of a sentence."""
    params = {
        "heading": HEADINGS[gap.language].get(gap.section, gap.section),
        "language": translate(LANGUAGES[gap.language.value], language),
        "fr": gap.counts[0],
        "nl": gap.counts[1],
    }
    return format_sentence(GAPS[gap.code], params, language)
