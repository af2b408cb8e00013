"""Writing through the API: create an interpellation, save texts, keep a working copy.

The same acts as the pages (`acts.drafting`): `PUT …/text` saves a version
against the version the writer started from, merged with what was saved
meanwhile when nothing overlaps; an overlap is a 409 problem whose `files` give
each conflicting language region by region, the writer's text intact.
`PUT …/autosave` keeps the writer's working copy in the service's database:
never a commit.
"""

from __future__ import annotations

from typing import Any

from anyio import to_thread
from litestar import Controller, Request, delete, get, post, put
from litestar.params import FromPath, JSONBody

from interpellations.acts.drafting import create_interpellation, edit_texts
from interpellations.acts.following import follow_up
from interpellations.acts.pipeline import Done
from interpellations.errors import NotFound
from interpellations.record.ids import InterpellationId
from interpellations.record.model import FrontMatter
from interpellations.record.trailers import Via
from server.api import schemas
from server.api.answers import act_done
from server.auth import current_email
from server.problem_details import problem_responses
from server.service import ServiceDep

ONE = "/{year:int}/{slug:str}"
REFUSALS = problem_responses(400, 401, 403, 404, 409, 413, 422, 503)


class DraftingController(Controller):
    path = "/interpellations"
    tags = ["writing"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @post(
        "",
        operation_id="createInterpellation",
        summary="Create an interpellation (one commit); it opens with its three sections",
        responses=REFUSALS,
    )
    async def create(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        data: JSONBody[schemas.NewInterpellation],
    ) -> schemas.ActDone:
        email = current_email(request)

        def record() -> schemas.ActDone:
            iid, write = create_interpellation(service.store, email, _front(data), via=Via.API)
            return act_done(service.store, iid, "create", Done(write))

        return await to_thread.run_sync(record)

    @post(
        f"{ONE}/follow-up",
        operation_id="createFollowUp",
        summary="Follow up issued letters: a new interpellation linked to this one (one commit)",
        description="The new text names this one in its front matter (`follows`) and this "
        "one's journal names the new one; the answer describes the new interpellation.",
        responses=REFUSALS,
    )
    async def follow_up(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
        data: JSONBody[schemas.NewInterpellation],
    ) -> schemas.ActDone:
        email, issued = current_email(request), InterpellationId(year, slug)

        def record() -> schemas.ActDone:
            iid, done = follow_up(service.store, email, issued, _front(data), via=Via.API)
            return act_done(service.store, iid, "follow-up", Done(done.write))

        return await to_thread.run_sync(record)

    @put(
        f"{ONE}/text",
        operation_id="saveTexts",
        summary="Save a new version of the texts, made from version `base`",
        description="Changes saved meanwhile that do not overlap are merged; overlapping ones "
        "are a 409 problem (`edit_conflict`) with `head` and, for each language, `base`, "
        "`mine`, `theirs` and the `regions` of the merge. Nothing is saved then.",
        responses=REFUSALS,
    )
    async def save(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
        data: JSONBody[schemas.TextsIn],
    ) -> schemas.ActDone:
        iid = InterpellationId(year, slug)
        email = current_email(request)

        def record() -> schemas.ActDone:
            done = edit_texts(
                service.store,
                email,
                iid,
                dict(data.texts),
                data.base,
                data.message,
                reopen_confirmed=data.reopen_approval,
                via=Via.API,
            )
            return act_done(service.store, iid, "edit", done)

        return await to_thread.run_sync(record)

    @put(
        f"{ONE}/autosave",
        operation_id="keepWorkingCopy",
        summary="Keep the caller's working copy of the texts (never a commit)",
        responses=problem_responses(400, 401, 404, 413),
    )
    async def keep(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
        data: JSONBody[schemas.WorkingCopyIn],
    ) -> schemas.WorkingCopyOut:
        iid = InterpellationId(year, slug)
        email = current_email(request)

        def keep() -> schemas.WorkingCopyOut:
            moment = service.copies.keep(email, iid, data.base, dict(data.texts), data.message)
            return schemas.WorkingCopyOut(
                interpellation=str(iid),
                base=service.store.resolve(data.base),
                texts=dict(data.texts),
                message=data.message,
                saved_at=moment,
            )

        return await to_thread.run_sync(keep)

    @get(
        f"{ONE}/autosave",
        operation_id="getWorkingCopy",
        summary="The caller's working copy of the texts, if any",
        responses=problem_responses(400, 401, 404),
        sync_to_thread=True,
    )
    def working_copy(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
    ) -> schemas.WorkingCopyOut:
        iid = InterpellationId(year, slug)
        copy = service.copies.get(current_email(request), iid)
        if copy is None:
            raise NotFound(what="working_copy", id=str(iid))
        return schemas.WorkingCopyOut(
            interpellation=copy.interpellation,
            base=copy.base,
            texts=dict(copy.texts),
            message=copy.message,
            saved_at=copy.saved_at,
        )

    @delete(
        f"{ONE}/autosave",
        operation_id="discardWorkingCopy",
        summary="Discard the caller's working copy",
        responses=problem_responses(400, 401, 404),
        sync_to_thread=True,
        status_code=204,
    )
    def discard(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
    ) -> None:
        service.copies.discard(current_email(request), InterpellationId(year, slug))


def _front(data: schemas.NewInterpellation) -> FrontMatter:
    return FrontMatter(
        title=data.title.strip(),
        theme=data.theme,
        group=data.group,
        addressees=data.addressees,
        copies=data.copies,
    )
