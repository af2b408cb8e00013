"""Coordinators invite the people of the record to choose their password."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from litestar import Controller, get, post
from litestar.response import Template

from interpellations.record.model import Member
from server.accounts import Purpose
from server.auth import coordinator_required
from server.login import EmailForm, Form, send_link
from server.service import ServiceDep, SettingsDep


@dataclass(frozen=True)
class PersonLine:
    member: Member
    has_password: bool


class InvitationController(Controller):
    path = "/invitations"
    guards = [coordinator_required]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/", name="invitations", sync_to_thread=True)
    def people(self, service: ServiceDep) -> Template:
        return Template("auth/invitations.html", context=_context(service, None))

    @post("/", name="invite", status_code=200, sync_to_thread=True)
    def invite(
        self, service: ServiceDep, settings: SettingsDep, data: Annotated[EmailForm, Form]
    ) -> Template:
        email = data.email.strip().lower()
        if service.record().member(email) is None:
            return Template(
                "auth/invitations.html",
                status_code=422,
                context=_context(service, None, error=email),
            )
        send_link(service, settings, email, Purpose.INVITE)
        return Template("auth/invitations.html", context=_context(service, email))


def _context(service: ServiceDep, sent: str | None, error: str | None = None) -> dict[str, object]:
    members = service.record().members
    people = [PersonLine(m, service.accounts.has_password(m.email)) for m in members]
    return {"people": people, "sent": sent, "error": error}
