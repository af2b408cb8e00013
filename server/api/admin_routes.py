"""Administering the coordination through the API: coordinators only.

The bodies are the record's own models (`record.model`), as the files hold them.
Each change is one commit by the coordinator through the pipeline
(`acts.administration`), checked as `check` checks the record; a change that
would break it is a 422 problem listing nothing written.
"""

from __future__ import annotations

from typing import Any

from anyio import to_thread
from litestar import Controller, Request, get, post, put
from litestar.params import FromPath, JSONBody
from pydantic import BaseModel, Field

from interpellations.acts.administration import (
    Change,
    administer,
    put_authority,
    put_member,
    set_details,
)
from interpellations.acts.pipeline import Done
from interpellations.errors import NotFound
from interpellations.record.loading import (
    AUTHORITIES_FILE,
    COORDINATION_FILE,
    MEMBERS_FILE,
)
from interpellations.record.model import Authorities, Authority, Coordination, Member, Members
from interpellations.record.trailers import Via
from server.auth import coordinator_required, current_account
from server.problem_details import problem_responses
from server.service import Service, ServiceDep

REFUSALS = problem_responses(400, 401, 403, 404, 409, 422, 503)


class Changed(BaseModel):
    """A change of the coordination's files: the commit that records it."""

    file: str = Field(examples=["membres.yaml"])
    version: str = Field(description="The commit that records the change (head if unchanged).")
    changed: bool = Field(description="False when the file already said this.")


async def _change(
    request: Request[Any, Any, Any], service: Service, file: str, change: Change, summary: str
) -> Changed:
    account = current_account(request)
    email = account.email if account else ""

    def record() -> Done:
        return administer(service.store, email, file, change, summary, via=Via.API)

    done = await to_thread.run_sync(record)
    return Changed(file=file, version=done.write.version, changed=done.write.changed)


class AdministrationController(Controller):
    tags = ["administration"]  # noqa: RUF012 - Litestar reads it as a class attribute
    guards = [coordinator_required]  # noqa: RUF012

    @get(
        "/coordination",
        operation_id="getCoordination",
        sync_to_thread=True,
        summary="The coordination: details, letterhead, seats, quorum, themes, groups",
        responses=REFUSALS,
    )
    def coordination(self, service: ServiceDep) -> Coordination:
        return service.record().coordination

    @put(
        "/coordination",
        operation_id="putCoordination",
        summary="Replace the coordination's file (one commit, checked)",
        responses=REFUSALS,
    )
    async def put_coordination(
        self, request: Request[Any, Any, Any], service: ServiceDep, data: JSONBody[Coordination]
    ) -> Changed:
        values = data.model_dump()
        summary = "Modifie les coordonnées et les règles de la coordination"
        return await _change(request, service, COORDINATION_FILE, set_details(**values), summary)

    @get(
        "/members",
        operation_id="listMembers",
        sync_to_thread=True,
        summary="The people of the record, their sides, roles, groups and mandates",
        responses=REFUSALS,
    )
    def members(self, service: ServiceDep) -> Members:
        return Members(members=list(service.record().members))

    @post(
        "/members",
        operation_id="addMember",
        summary="Add a person to the record (one commit, checked)",
        responses=REFUSALS,
    )
    async def add_member(
        self, request: Request[Any, Any, Any], service: ServiceDep, data: JSONBody[Member]
    ) -> Changed:
        change = put_member(data, new=True)
        summary = f"Ajoute {data.name} aux membres"
        return await _change(request, service, MEMBERS_FILE, change, summary)

    @put(
        "/members/{member_id:str}",
        operation_id="putMember",
        summary="Replace a person's entry; an ended mandate is a `mandate_to`, never a deletion",
        responses=REFUSALS,
    )
    async def put_member(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        member_id: FromPath[str],
        data: JSONBody[Member],
    ) -> Changed:
        if data.id != member_id:
            raise NotFound(what="member", id=member_id[:100])
        change = put_member(data, new=False)
        summary = f"Modifie la fiche de {data.name}"
        return await _change(request, service, MEMBERS_FILE, change, summary)

    @get(
        "/authorities",
        operation_id="listAuthorities",
        sync_to_thread=True,
        summary="The directory of authorities",
        responses=REFUSALS,
    )
    def authorities(self, service: ServiceDep) -> Authorities:
        return Authorities(authorities=list(service.record().authorities))

    @post(
        "/authorities",
        operation_id="addAuthority",
        summary="Add an authority to the directory (one commit, checked)",
        responses=REFUSALS,
    )
    async def add_authority(
        self, request: Request[Any, Any, Any], service: ServiceDep, data: JSONBody[Authority]
    ) -> Changed:
        summary = f"Ajoute « {data.title.fr} » à l'annuaire des autorités"
        return await _change(
            request, service, AUTHORITIES_FILE, put_authority(data, new=True), summary
        )

    @put(
        "/authorities/{authority_id:str}",
        operation_id="putAuthority",
        summary="Replace an authority's entry (one commit, checked)",
        responses=REFUSALS,
    )
    async def put_authority(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        authority_id: FromPath[str],
        data: JSONBody[Authority],
    ) -> Changed:
        if data.id != authority_id:
            raise NotFound(what="authority", id=authority_id[:100])
        summary = f"Modifie « {data.title.fr} » dans l'annuaire des autorités"
        return await _change(
            request, service, AUTHORITIES_FILE, put_authority(data, new=False), summary
        )
