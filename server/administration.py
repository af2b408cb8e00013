"""Administering the coordination in the browser: coordinators only.

Each form is one change of one of the coordination's files, recorded as one
commit by the coordinator through the pipeline (`acts.administration`), which
checks the whole record as it would be, as `check` does. A refusal shows the
form again with what was typed and each problem with its file and line. An
account is disabled here too (the service's database, not the record): its
sessions and API tokens end at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from anyio import to_thread
from litestar import Controller, Request, get, post
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template
from pydantic import ValidationError

from interpellations.acts.administration import (
    Change,
    administer,
    end_mandate,
    put_authority,
    put_group,
    put_member,
    put_theme,
    replace_file,
    set_details,
)
from interpellations.clock import now
from interpellations.errors import DomainError, InvalidInput
from interpellations.record.loading import (
    AUTHORITIES_FILE,
    COORDINATION_FILE,
    MEMBERS_FILE,
)
from interpellations.record.trailers import Via
from server import admin_forms
from server.auth import coordinator_required, current_email
from server.page_contexts.admin_pages import (
    admin_page,
    authority_of,
    member_context,
    member_of,
    record_file,
)
from server.service import Service, ServiceDep

Done = Annotated[str, QueryParameter(name="fait")]  # what the page confirms was done
FILE_MAX = 1_000_000


async def _change(
    request: Request[Any, Any, Any],
    service: Service,
    file: str,
    build: Callable[[Any], tuple[Change, str]],
    again: tuple[str, dict[str, Any]],
    done: str,
) -> Template | Redirect:
    """Record the change the form asks for, or show the form again with why not.

    `build` reads the form into the change and the commit's summary; `again` is
    the template and context that show the form; `done` where to go after.
    """
    form = await request.form()
    email = current_email(request)

    def record() -> None:
        try:
            change, summary = build(form)
        except ValidationError as error:
            raise InvalidInput.of(error) from error
        seen = str(form.get("seen", ""))[:64]
        administer(service.store, email, file, change, summary, seen=seen, via=Via.WEB)

    try:
        await to_thread.run_sync(record)
    except DomainError as error:
        template, context = again
        context = context | {"values": admin_forms.typed(form)}
        return await to_thread.run_sync(admin_page, service, template, context, error)
    return Redirect(done, status_code=303)


class AdministrationController(Controller):
    path = "/administration"
    guards = [coordinator_required]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/", name="administration", sync_to_thread=True)
    def overview(self, service: ServiceDep, done: Done = "") -> Template:
        accounts = service.accounts.disabled()
        return admin_page(service, "admin/index.html", {"done": done, "disabled": accounts})

    # -- the coordination: details, letterhead, seats and quorum ---------------------

    @get("/coordination", name="admin-coordination", sync_to_thread=True)
    def coordination(self, service: ServiceDep) -> Template:
        values = admin_forms.details_values(service.record().coordination)
        return admin_page(service, "admin/coordination.html", {"values": values})

    @post("/coordination", name="admin-coordination-save", status_code=303)
    async def save_coordination(
        self, request: Request[Any, Any, Any], service: ServiceDep
    ) -> Template | Redirect:
        def build(form: Any) -> tuple[Change, str]:
            values = admin_forms.details(form)
            return set_details(**values), "Modifie les coordonnées et les règles de la coordination"

        return await _change(
            request,
            service,
            COORDINATION_FILE,
            build,
            ("admin/coordination.html", {}),
            "/administration?fait=coordination",
        )

    # -- members ---------------------------------------------------------------------

    @get("/membres", name="admin-members", sync_to_thread=True)
    def members(self, service: ServiceDep) -> Template:
        context = {"values": {}, "disabled": service.accounts.disabled(), "today": now().date()}
        return admin_page(service, "admin/members.html", context)

    @post("/membres", name="admin-member-add", status_code=303)
    async def addmember_of(
        self, request: Request[Any, Any, Any], service: ServiceDep
    ) -> Template | Redirect:
        added: list[str] = []

        def build(form: Any) -> tuple[Change, str]:
            member = admin_forms.member(form)
            added.append(member.id)
            return put_member(member, new=True), f"Ajoute {member.name} aux membres"

        context = {"disabled": service.accounts.disabled(), "today": now().date()}
        answer = await _change(
            request, service, MEMBERS_FILE, build, ("admin/members.html", context), ""
        )
        if isinstance(answer, Redirect):
            return Redirect(f"/administration/membres/{added[0]}?fait=ajout", status_code=303)
        return answer

    @get("/membres/{member_id:str}", name="admin-member", sync_to_thread=True)
    def member(self, service: ServiceDep, member_id: FromPath[str], done: Done = "") -> Template:
        found = member_of(service, member_id)
        return admin_page(service, "admin/member.html", member_context(service, found.id, done))

    @post("/membres/{member_id:str}", name="admin-member-save", status_code=303)
    async def savemember_of(
        self, request: Request[Any, Any, Any], service: ServiceDep, member_id: FromPath[str]
    ) -> Template | Redirect:
        found = member_of(service, member_id)

        def build(form: Any) -> tuple[Change, str]:
            member = admin_forms.member(form, fixed=found.id)
            return put_member(member, new=False), f"Modifie la fiche de {member.name}"

        return await _change(
            request,
            service,
            MEMBERS_FILE,
            build,
            ("admin/member.html", member_context(service, found.id, "")),
            f"/administration/membres/{found.id}?fait=fiche",
        )

    @post("/membres/{member_id:str}/fin-de-mandat", name="admin-member-end", status_code=303)
    async def end(
        self, request: Request[Any, Any, Any], service: ServiceDep, member_id: FromPath[str]
    ) -> Template | Redirect:
        found = member_of(service, member_id)

        def build(form: Any) -> tuple[Change, str]:
            day = admin_forms.text(form, "day") or now().date().isoformat()
            try:
                ended = end_mandate(found.id, dt.date.fromisoformat(day))
            except ValueError as error:
                raise InvalidInput(field="mandate_to", invalid=True) from error
            return ended, f"Met fin au mandat de {found.name} le {day}"

        return await _change(
            request,
            service,
            MEMBERS_FILE,
            build,
            ("admin/member.html", member_context(service, found.id, "")),
            f"/administration/membres/{found.id}?fait=mandat",
        )

    @post("/membres/{member_id:str}/compte", name="admin-member-account", status_code=303)
    async def account(
        self, request: Request[Any, Any, Any], service: ServiceDep, member_id: FromPath[str]
    ) -> Redirect:
        """Disable an account (its sessions and tokens end now), or enable it again."""
        found = member_of(service, member_id)
        form = await request.form()
        if found.email == current_email(request):  # nobody locks themself out
            return Redirect(f"/administration/membres/{found.id}?fait=soi-meme", status_code=303)
        if form.get("action") == "enable":
            await to_thread.run_sync(service.accounts.enable, found.email)
            return Redirect(f"/administration/membres/{found.id}?fait=active", status_code=303)
        await to_thread.run_sync(service.accounts.disable, found.email)
        return Redirect(f"/administration/membres/{found.id}?fait=desactive", status_code=303)

    # -- authorities -----------------------------------------------------------------

    @get("/autorites", name="admin-authorities", sync_to_thread=True)
    def authorities(self, service: ServiceDep) -> Template:
        return admin_page(service, "admin/authorities.html", {"values": {}, "editing": None})

    @post("/autorites", name="admin-authority-add", status_code=303)
    async def addauthority_of(
        self, request: Request[Any, Any, Any], service: ServiceDep
    ) -> Template | Redirect:
        def build(form: Any) -> tuple[Change, str]:
            authority = admin_forms.authority(form)
            summary = f"Ajoute « {authority.title.fr} » à l'annuaire des autorités"
            return put_authority(authority, new=True), summary

        return await _change(
            request,
            service,
            AUTHORITIES_FILE,
            build,
            ("admin/authorities.html", {"editing": None}),
            "/administration/autorites?fait=ajout",
        )

    @get("/autorites/{authority_id:str}", name="admin-authority", sync_to_thread=True)
    def authority(self, service: ServiceDep, authority_id: FromPath[str]) -> Template:
        found = authority_of(service, authority_id)
        values = admin_forms.authority_values(found)
        return admin_page(
            service, "admin/authorities.html", {"values": values, "editing": found.id}
        )

    @post("/autorites/{authority_id:str}", name="admin-authority-save", status_code=303)
    async def saveauthority_of(
        self, request: Request[Any, Any, Any], service: ServiceDep, authority_id: FromPath[str]
    ) -> Template | Redirect:
        found = authority_of(service, authority_id)

        def build(form: Any) -> tuple[Change, str]:
            authority = admin_forms.authority(form, fixed=found.id)
            summary = f"Modifie « {authority.title.fr} » dans l'annuaire des autorités"
            return put_authority(authority, new=False), summary

        return await _change(
            request,
            service,
            AUTHORITIES_FILE,
            build,
            ("admin/authorities.html", {"editing": found.id}),
            "/administration/autorites?fait=fiche",
        )

    # -- themes and working groups ---------------------------------------------------

    @get("/themes", name="admin-themes", sync_to_thread=True)
    def themes(self, service: ServiceDep, done: Done = "") -> Template:
        return admin_page(service, "admin/themes.html", {"values": {}, "done": done})

    @post("/themes", name="admin-theme-save", status_code=303)
    async def save_theme(
        self, request: Request[Any, Any, Any], service: ServiceDep
    ) -> Template | Redirect:
        def build(form: Any) -> tuple[Change, str]:
            theme = admin_forms.theme(form)
            return put_theme(theme), f"Ajoute ou renomme le thème « {theme.name.fr} »"

        return await _change(
            request,
            service,
            COORDINATION_FILE,
            build,
            ("admin/themes.html", {"done": ""}),
            "/administration/themes?fait=theme",
        )

    @post("/groupes", name="admin-group-save", status_code=303)
    async def save_group(
        self, request: Request[Any, Any, Any], service: ServiceDep
    ) -> Template | Redirect:
        def build(form: Any) -> tuple[Change, str]:
            group = admin_forms.group(form)
            return put_group(group), f"Ajoute ou modifie le groupe de travail « {group.name.fr} »"

        return await _change(
            request,
            service,
            COORDINATION_FILE,
            build,
            ("admin/themes.html", {"done": ""}),
            "/administration/themes?fait=groupe",
        )

    # -- a file as written, for what the forms do not cover -----------------------------

    @get("/fichiers/{name:str}", name="admin-file", sync_to_thread=True)
    def file(self, service: ServiceDep, name: FromPath[str]) -> Template:
        path = record_file(name)
        raw = (service.store.snapshot().read(path) or b"").decode("utf-8", "replace")
        return admin_page(service, "admin/file.html", {"name": name, "file": path, "raw": raw})

    @post("/fichiers/{name:str}", name="admin-file-save", status_code=303)
    async def save_file(
        self, request: Request[Any, Any, Any], service: ServiceDep, name: FromPath[str]
    ) -> Template | Redirect:
        path = record_file(name)
        form = await request.form()
        raw = str(form.get("raw", ""))[:FILE_MAX].replace("\r\n", "\n")
        email = current_email(request)

        def record() -> None:
            summary = f"Modifie {path} à la main, depuis la page d'administration"
            seen = str(form.get("seen", ""))[:64]
            replace_file(service.store, email, path, raw.encode(), summary, seen=seen, via=Via.WEB)

        try:
            await to_thread.run_sync(record)
        except DomainError as error:
            context = {"name": name, "file": path, "raw": raw}
            return await to_thread.run_sync(admin_page, service, "admin/file.html", context, error)
        return Redirect(f"/administration?fait={name}", status_code=303)
