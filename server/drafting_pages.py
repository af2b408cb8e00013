"""Writing in the browser: create an interpellation, edit its texts, keep a working copy.

Plain forms first: saving a version is a form post that makes one commit
against the version the person started from (`acts.drafting.Edit`); a refusal
shows the editor again with the sentence and every word still in it; a save
that overlaps someone else's shows the overlapping regions to settle, the
person's text still in the editor. The editor's script adds the toolbar, the
preview and the working copy sent while typing (`/copie`), which is the
person's own and never a commit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from anyio import to_thread
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import FormMultiDict
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template
from pydantic import ValidationError

from interpellations.acts.drafting import create_interpellation, edit_texts
from interpellations.acts.following import follow_up, proposed_front
from interpellations.clock import BRUSSELS
from interpellations.errors import DomainError, EditConflict, InvalidInput
from interpellations.reading.dossier import read_dossier
from interpellations.record.document import TEXT_MAX
from interpellations.record.ids import InterpellationId
from interpellations.record.model import FrontMatter, Language
from interpellations.record.trailers import Action, Via
from interpellations.rules.workflow import may_start
from interpellations.text.editing import EditorFields, compose
from interpellations.text.merging import resolve_regions
from interpellations.text.rendering import render_markdown
from interpellations.wording.sentences import describe_error
from server.auth import current_email, current_member
from server.editor_form import conflict_choices, editor_fields
from server.error_pages import failure_of, status_of
from server.language import current_language
from server.page_contexts.editor_page import Choices, conflicts_of, editor_page, merges_of
from server.service import Service, ServiceDep

ONE = "/interpellations/{year:int}/{slug:str}"


class DraftingController(Controller):
    """The forms of writing: a new interpellation, the editor, the working copy."""

    @get("/interpellations/nouvelle", name="new-interpellation", sync_to_thread=True)
    def new(self, service: ServiceDep) -> Template:
        return _new_page(service, {}, None)

    @post("/interpellations/nouvelle", name="act-create", status_code=303)
    async def create(
        self, request: Request[Any, Any, Any], service: ServiceDep
    ) -> Template | Redirect:
        form = await request.form()
        email = current_email(request)

        def record(front: FrontMatter) -> InterpellationId:
            return create_interpellation(service.store, email, front, via=Via.WEB)[0]

        return await _created(service, form, record)

    @get(f"{ONE}/suivi", name="new-follow-up", sync_to_thread=True)
    def new_follow_up(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
    ) -> Template:
        """The form of a new interpellation, filled in from the issued one it follows up;
        with the reason already, when it cannot be followed up (not issued yet)."""
        iid = InterpellationId(year, slug)
        dossier = read_dossier(service.store, iid)
        typed = {
            **proposed_front(dossier.front).model_dump(include=set(TYPED)),
            "follows": str(iid),
        }
        try:
            may_start(dossier.situation(current_email(request)), Action.FOLLOW_UP).enforce()
        except DomainError as refused:
            return _new_page(service, typed, refused)
        return _new_page(service, typed, None)

    @post(f"{ONE}/suivi", name="act-follow-up", status_code=303)
    async def follow_up(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
    ) -> Template | Redirect:
        form = await request.form()
        email = current_email(request)
        issued = InterpellationId(year, slug)

        def record(front: FrontMatter) -> InterpellationId:
            return follow_up(service.store, email, issued, front, via=Via.WEB)[0]

        return await _created(service, form, record, follows=issued)

    @get(f"{ONE}/modifier", name="editor", sync_to_thread=True)
    def editor(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
        take: Annotated[str, QueryParameter(name="copie")] = "",
    ) -> Template:
        iid = InterpellationId(year, slug)
        copy = service.copies.get(current_email(request), iid)
        member = current_member(request, service)
        language = current_language.get()
        taken = take == "reprendre"
        page = editor_page(
            service.store,
            iid,
            language,
            member,
            copy=copy,
            take_copy=taken,
            reading=service.reading(iid),
        )
        return Template("interpellations/editor.html", context={"page": page, "failure": None})

    @post(f"{ONE}/modifier", name="act-edit", status_code=303)
    async def save(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
    ) -> Template | Redirect:
        iid = InterpellationId(year, slug)
        form = await request.form()
        email = current_email(request)
        fields = editor_fields(form)
        base, message = str(form.get("base", "")), str(form.get("message", ""))[:500]
        return await to_thread.run_sync(_save, service, email, iid, form, fields, base, message)

    @post(f"{ONE}/copie", name="working-copy", status_code=200)
    async def keep(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
    ) -> Response[dict[str, str]]:
        """The editor's working copy, sent while typing; what the page then says."""
        iid = InterpellationId(year, slug)
        form = await request.form()
        texts = compose(editor_fields(form))
        language = current_language.get()
        if any(len(text) > TEXT_MAX for text in texts.values()):
            sentence = describe_error(InvalidInput(field="text", limit=TEXT_MAX), language)
            return Response({"error": sentence}, status_code=413)
        base, message = str(form.get("base", ""))[:40], str(form.get("message", ""))[:500]

        def keep() -> str:
            moment = service.copies.keep(current_email(request), iid, base, texts, message)
            return moment.astimezone(BRUSSELS).strftime("%H:%M")

        at = await to_thread.run_sync(keep)
        return Response({"saved_at": at})

    @post(f"{ONE}/copie/ecarter", name="working-copy-discard", status_code=303)
    async def discard(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
    ) -> Redirect:
        iid = InterpellationId(year, slug)
        await to_thread.run_sync(service.copies.discard, current_email(request), iid)
        return Redirect(f"/interpellations/{iid}/modifier", status_code=303)

    @post("/interpellations/apercu", name="preview", status_code=200)
    async def preview(self, request: Request[Any, Any, Any]) -> Response[str]:
        """A text as the pages show it: the server's own renderer and sanitiser."""
        form = await request.form()
        body = str(form.get("body", ""))[:TEXT_MAX]
        return Response(render_markdown(body), media_type="text/html")


TYPED = ("title", "theme", "group", "addressees", "copies")


async def _created(
    service: Service,
    form: FormMultiDict,
    record: Callable[[FrontMatter], InterpellationId],
    follows: InterpellationId | None = None,
) -> Template | Redirect:
    """Record the new interpellation the form describes and open its editor; or the form
    again with why not, and everything as the person chose it."""
    chosen = editor_fields(form)
    title = str(form.get("title", ""))[:300]
    typed = {
        "title": title,
        "theme": chosen.theme,
        "group": chosen.group,
        "addressees": chosen.addressees,
        "copies": chosen.copies,
        "follows": str(follows) if follows else None,
    }

    def front_and_record() -> InterpellationId:
        try:
            front = FrontMatter(
                title=title.strip(),
                theme=chosen.theme,
                group=chosen.group,
                addressees=list(chosen.addressees),
                copies=list(chosen.copies),
            )
        except ValidationError as error:
            raise InvalidInput.of(error) from error
        return record(front)

    try:
        iid = await to_thread.run_sync(front_and_record)
    except DomainError as error:
        return await to_thread.run_sync(_new_page, service, typed, error)
    return Redirect(f"/interpellations/{iid}/modifier", status_code=303)


def _new_page(service: Service, typed: dict[str, Any], error: DomainError | None) -> Template:
    """The form of a new interpellation; of a follow-up when `typed` says which it follows."""
    language = current_language.get()
    record = service.record()
    follows = typed.get("follows")
    return Template(
        "interpellations/new.html",
        context={
            "choices": Choices.of(record, language),
            "typed": typed,
            "follows": _followed(service, follows, language) if follows else None,
            "failure": failure_of(error) if error else None,
        },
        status_code=status_of(error) if error else 200,
    )


def _followed(service: Service, follows: str, language: Language) -> dict[str, str]:
    """The issued interpellation a follow-up is created from: its id and title."""
    title, _ = read_dossier(service.store, InterpellationId.parse(follows)).title_in(language)
    return {"id": follows, "title": title}


def _save(
    service: Service,
    email: str,
    iid: InterpellationId,
    form: FormMultiDict,
    fields: EditorFields,
    base: str,
    message: str,
) -> Template | Redirect:
    """Save a version, settle a conflict, or show the editor again with why not.

    The editor always holds the person's own texts, made from `base`. Settling a
    conflict merges them with `head`'s, every language, as they chose region by
    region; a refusal shows the same choices again, so nobody's words are dropped.
    """
    mine = compose(fields)
    head = str(form.get("head", ""))
    chosen = conflict_choices(form)
    try:
        texts = _settled(service, iid, base, head, mine, chosen) if head else mine
        confirmed = bool(form.get("confirm_reopen"))
        done = edit_texts(
            service.store, email, iid, texts, head or base, message,
            reopen_confirmed=confirmed, via=Via.WEB,
        )  # fmt: skip
    except EditConflict as conflict:
        return _editor_again(service, iid, (base, fields, message), conflict, conflict.head, {})
    except DomainError as error:
        return _editor_again(service, iid, (base, fields, message), error, head, chosen)
    service.copies.discard(email, iid)
    done_kind = "reopened" if done.reopened else "merged" if done.merged else "edit"
    return Redirect(f"/interpellations/{iid}?fait={done_kind}#textes", status_code=303)


def _settled(
    service: Service,
    iid: InterpellationId,
    base: str,
    head: str,
    mine: dict[Language, str],
    chosen: dict[Language, dict[int, tuple[str, str]]],
) -> dict[Language, str]:
    """Each of the person's texts merged with `head`'s, conflicts settled as they chose."""
    return {
        language: resolve_regions(regions, chosen.get(language, {}))
        for language, regions in merges_of(service.store, iid, base, head, mine).items()
    }


def _editor_again(
    service: Service,
    iid: InterpellationId,
    sent: tuple[str, EditorFields, str],
    why: DomainError,
    head: str = "",
    chosen: dict[Language, dict[int, tuple[str, str]]] | None = None,
) -> Template:
    """The editor with what the person sent, why it was refused, and the conflict to settle."""
    language = current_language.get()
    base, fields, _ = sent
    page = editor_page(service.store, iid, language, sent=sent, reading=service.reading(iid))
    failure = failure_of(why)
    conflict = None
    if head:
        views = conflicts_of(service.store, iid, base, head, compose(fields))
        picked = {
            f"{lang.value}_{n}": pick for lang, c in (chosen or {}).items() for n, pick in c.items()
        }
        conflict = {"head": head, "views": views, "chosen": picked}
    return Template(
        "interpellations/editor.html",
        context={"page": page, "failure": failure, "conflict": conflict},
        status_code=status_of(why),
    )
