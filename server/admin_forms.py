"""The administration's forms, read into the record's models (`record.model`).

A form gives strings; the models check them. A model that refuses a value is a
`ValidationError` that the act words by field (`errors.InvalidInput.of`).
"""

from __future__ import annotations

from typing import Any

from slugify import slugify

from interpellations.record.model import Authority, Coordination, Member, Theme, WorkingGroup

LONG = 2000  # any one field of these forms


def text(form: Any, name: str) -> str:
    value = form.get(name, "")
    return value.strip()[:LONG] if isinstance(value, str) else ""


def texts(form: Any, name: str) -> list[str]:
    got = form.getall(name, []) if hasattr(form, "getall") else []
    return [v.strip()[:LONG] for v in got if isinstance(v, str) and v.strip()]


def lines(form: Any, name: str) -> list[str]:
    """A textarea of one item per line (an address)."""
    return [line.strip() for line in text(form, name).splitlines() if line.strip()]


def identifier(form: Any, *sources: str, fixed: str = "") -> str:
    """The id of the entry edited, the id given, or one made from the name."""
    given = fixed or text(form, "id")
    if given:
        return given
    named = " ".join(text(form, s) for s in sources)
    return slugify(named, max_length=60, word_boundary=True)


def address(form: Any) -> dict[str, Any]:
    """The address's lines, and its Dutch lines when they are given."""
    return {"lines": lines(form, "address"), "lines_nl": lines(form, "address_nl") or None}


def bilingual(form: Any, name: str) -> dict[str, str]:
    return {"fr": text(form, f"{name}_fr"), "nl": text(form, f"{name}_nl")}


def member(form: Any, fixed: str = "") -> Member:
    return Member.model_validate(
        {
            "id": identifier(form, "name", fixed=fixed),
            "name": text(form, "name"),
            "email": text(form, "email"),
            "side": text(form, "side"),
            "function": text(form, "function"),
            "organisation": text(form, "organisation"),
            "function_nl": text(form, "function_nl") or None,
            "organisation_nl": text(form, "organisation_nl") or None,
            "language": text(form, "language") or "fr",
            "roles": texts(form, "roles"),
            "groups": texts(form, "groups"),
            "mandate_from": text(form, "mandate_from") or None,
            "mandate_to": text(form, "mandate_to") or None,
        }
    )


def authority(form: Any, fixed: str = "") -> Authority:
    delay = text(form, "answer_delay_days")
    return Authority.model_validate(
        {
            "id": identifier(form, "title_fr", fixed=fixed),
            "title": bilingual(form, "title"),
            "address": address(form),
            "email": text(form, "email"),
            "language": text(form, "language") or "fr",
            "salutation": bilingual(form, "salutation"),
            "closing": bilingual(form, "closing"),
            "answer_delay_days": delay or None,
        }
    )


def details(form: Any) -> dict[str, Any]:
    """The coordination's own fields: name, letterhead address, place, rules."""
    return {
        "name": bilingual(form, "name"),
        "address": address(form),
        "email": text(form, "email") or None,
        "phone": text(form, "phone") or None,
        "enterprise_number": text(form, "enterprise_number") or None,
        "place": bilingual(form, "place"),
        "reference_prefix": text(form, "reference_prefix"),
        "seats_per_side": text(form, "seats_per_side"),
        "quorum_per_side": text(form, "quorum_per_side"),
        "answer_delay_days": text(form, "answer_delay_days"),
        "second_factor_required": bool(text(form, "second_factor_required")),
    }


def theme(form: Any) -> Theme:
    return Theme.model_validate(
        {"id": identifier(form, "name_fr"), "name": bilingual(form, "name")}
    )


def group(form: Any) -> WorkingGroup:
    return WorkingGroup.model_validate(
        {
            "id": identifier(form, "name_fr"),
            "name": bilingual(form, "name"),
            "theme": text(form, "theme"),
        }
    )


# -- the other way: what a form shows for a model of the record ------------------------


def member_values(m: Member) -> dict[str, Any]:
    return {
        "id": m.id,
        "name": m.name,
        "email": m.email,
        "side": m.side.value,
        "function": m.function,
        "organisation": m.organisation,
        "function_nl": m.function_nl or "",
        "organisation_nl": m.organisation_nl or "",
        "language": m.language.value,
        "roles": [r.value for r in m.roles],
        "groups": list(m.groups),
        "mandate_from": m.mandate_from.isoformat() if m.mandate_from else "",
        "mandate_to": m.mandate_to.isoformat() if m.mandate_to else "",
    }


def authority_values(a: Authority) -> dict[str, Any]:
    return {
        "id": a.id,
        "title_fr": a.title.fr,
        "title_nl": a.title.nl,
        "address": "\n".join(a.address.lines),
        "address_nl": "\n".join(a.address.lines_nl or []),
        "email": a.email,
        "language": a.language.value,
        "salutation_fr": a.salutation.fr,
        "salutation_nl": a.salutation.nl,
        "closing_fr": a.closing.fr,
        "closing_nl": a.closing.nl,
        "answer_delay_days": str(a.answer_delay_days or ""),
    }


def details_values(c: Coordination) -> dict[str, Any]:
    return {
        "name_fr": c.name.fr,
        "name_nl": c.name.nl,
        "address": "\n".join(c.address.lines),
        "address_nl": "\n".join(c.address.lines_nl or []),
        "email": c.email or "",
        "phone": c.phone or "",
        "enterprise_number": c.enterprise_number or "",
        "place_fr": c.place.fr,
        "place_nl": c.place.nl,
        "reference_prefix": c.reference_prefix,
        "seats_per_side": str(c.seats_per_side),
        "quorum_per_side": str(c.quorum_per_side),
        "answer_delay_days": str(c.answer_delay_days),
        "second_factor_required": "1" if c.second_factor_required else "",
    }


def typed(form: Any) -> dict[str, Any]:
    """What the person sent, to fill the form again (lists for the boxes they ticked)."""
    values: dict[str, Any] = {
        key: text(form, key) for key in form if key not in ("roles", "groups")
    }
    values["roles"] = texts(form, "roles")
    values["groups"] = texts(form, "groups")
    for area in ("address", "address_nl"):  # line breaks kept as typed
        values[area] = str(form.get(area, ""))[:LONG]
    return values
