"""The administration's pages: what each shows, the file its forms change, and a refusal.

A page's forms remember the file they show (`seen`, its SHA-256), so that a save
over a file another coordinator changed since is refused rather than undoing it.
"""

from __future__ import annotations

from typing import Any

from litestar.response import Template

from interpellations.acts.administration import file_digest
from interpellations.clock import now
from interpellations.errors import DomainError, NotFound
from interpellations.record.loading import (
    AUTHORITIES_FILE,
    COORDINATION_FILE,
    MEMBERS_FILE,
    load_record,
)
from interpellations.record.model import Authority, Language, Member, Role, Side
from interpellations.record.registry import Record
from server import admin_forms
from server.error_pages import failure_of, status_of
from server.language import current_language
from server.service import Service

# The files the YAML editor opens, by the name in its address
FILES = {"coordination": COORDINATION_FILE, "membres": MEMBERS_FILE, "autorites": AUTHORITIES_FILE}
# The file each page's forms change: a form remembers it as shown (`seen`)
TEMPLATE_FILES = {
    "admin/coordination.html": COORDINATION_FILE,
    "admin/themes.html": COORDINATION_FILE,
    "admin/members.html": MEMBERS_FILE,
    "admin/member.html": MEMBERS_FILE,
    "admin/authorities.html": AUTHORITIES_FILE,
}


def _record(service: Service) -> Record:
    return service.record()


def _choices(record: Record, language: Language) -> dict[str, Any]:
    """What the forms choose from: sides, roles, groups, themes, languages."""
    return {
        "sides": [s.value for s in Side],
        "roles": [r.value for r in Role],
        "groups": [(g.id, g.name.get(language)) for g in record.coordination.working_groups],
        "themes": [(t.id, t.name.get(language)) for t in record.coordination.themes],
    }


def admin_page(
    service: Service,
    template: str,
    context: dict[str, Any],
    error: DomainError | None = None,
) -> Template:
    """`template` with the record, what its forms choose from, and the refusal, if any."""
    snapshot = service.store.snapshot(service.health.version)  # record and digest at one version
    record = load_record(snapshot)
    file = TEMPLATE_FILES.get(template) or context.get("file")
    seen = file_digest(snapshot.read(file)) if file else ""
    return Template(
        template,
        context={
            "record": record,
            "choices": _choices(record, current_language.get()),
            "failure": failure_of(error) if error else None,
            "seen": seen,
        }
        | context,
        status_code=status_of(error) if error else 200,
    )


def member_of(service: Service, member_id: str) -> Member:
    found = next((m for m in _record(service).members if m.id == member_id), None)
    if found is None:
        raise NotFound(what="member", id=member_id[:100])
    return found


def authority_of(service: Service, authority_id: str) -> Authority:
    found = _record(service).authority(authority_id)
    if found is None:
        raise NotFound(what="authority", id=authority_id[:100])
    return found


def member_context(service: Service, member_id: str, done: str) -> dict[str, Any]:
    found = member_of(service, member_id)
    return {
        "member": found,
        "values": admin_forms.member_values(found),
        "done": done,
        "disabled": found.email in service.accounts.disabled(),
        "has_password": service.accounts.has_password(found.email),
        "today": now().date(),
    }


def record_file(name: str) -> str:
    if name not in FILES:
        raise NotFound(what="file", id=name[:100])
    return FILES[name]
