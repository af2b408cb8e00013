"""The acts of discussion and decision through the API: the same declarations, the same pipeline.

Each operation reads its JSON body, declares the act (`interpellations.acts`) and
records it through `perform` as the bearer of the token, in a worker thread; the
answer says which commit recorded it and where the interpellation stands. A
refusal is a problem whose `reason` is the rule's code (`stale_text`,
`wrong_side`…) with its sentence in French and Dutch; HEAD does not move.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from anyio import to_thread
from litestar import Controller, Request, delete, post
from litestar.params import FromPath, JSONBody

from interpellations.acts.committee import (
    Answer,
    Decide,
    Object,
    Sign,
    Submit,
    Unsign,
    Withdraw,
    WithdrawObjection,
)
from interpellations.acts.discussion import Comment, Reply, Resolve, anchor_on
from interpellations.acts.issuing import issue_letters
from interpellations.acts.pipeline import Act, Done, perform
from interpellations.record.ids import InterpellationId
from interpellations.record.trailers import Via
from server.accounts import Account
from server.api import schemas
from server.api.answers import act_done
from server.auth import bearer_token, current_account
from server.login import prove_code
from server.problem_details import CHALLENGE, Refusal, problem_responses
from server.second_factor import PROVEN_ACTS, fresh
from server.service import Service, ServiceDep, SettingsDep

ONE = "/{year:int}/{slug:str}"
CODE_HEADER = "X-Second-Factor-Code"
CODE_DOC = (
    f" With an authenticator app, send its code in `{CODE_HEADER}` when the last code "
    "given is over 15 minutes old."
)
REFUSALS = problem_responses(400, 401, 403, 404, 409, 422, 503)


async def _record(
    request: Request[Any, Any, Any],
    service: Service,
    iid: InterpellationId,
    name: schemas.ActName,
    declare: Callable[[], Act] | None,
    run: Callable[[str], Done] | None = None,
) -> schemas.ActDone:
    """Declare the act inside a worker thread, record it, and say where things stand.

    `run`, given who acts, does an act that is more than one declaration (issuing).
    """
    account = current_account(request)
    email = account.email if account else ""
    if account is not None and name in PROVEN_ACTS and not fresh(account):
        await _prove(request, service, account)

    def record() -> schemas.ActDone:
        if run is not None:
            done = run(email)
        else:
            assert declare is not None  # noqa: S101 - one of the two is always given
            done = perform(service.store, email, declare(), via=Via.API)
        return act_done(service.store, iid, name, done)

    return await to_thread.run_sync(record)


async def _prove(request: Request[Any, Any, Any], service: Service, account: Account) -> None:
    """Signing, objecting, deciding, issuing: the app's code again after 15 minutes."""
    code = request.headers.get(CODE_HEADER, "")
    if not code:
        raise Refusal(401, "second_factor_required", CHALLENGE)
    refusal = await to_thread.run_sync(
        prove_code, service, account, bearer_token(request) or "", code
    )
    if refusal is not None:
        status, reason, wait = refusal
        headers = {"Retry-After": str(wait)} if wait else CHALLENGE
        raise Refusal(status, reason, headers, wait=wait)


class ActsController(Controller):
    path = "/interpellations" + ONE
    tags = ["acts"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @post(
        "/comments",
        operation_id="addComment",
        summary="Comment on the text or on a quoted passage, or reply to a comment",
        responses=REFUSALS,
    )
    async def comment(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
        data: JSONBody[schemas.CommentIn],
    ) -> schemas.ActDone:
        iid = InterpellationId(year, slug)

        def declare() -> Act:
            if data.reply_to:
                return Reply(iid, data.reply_to, data.body)
            if not data.quote.strip():
                return Comment(iid, data.body)
            version = data.version or None
            anchor = anchor_on(service.store, iid, version, data.language, data.section, data.quote)
            return Comment(iid, data.body, anchor)

        return await _record(
            request, service, iid, "reply" if data.reply_to else "comment", declare
        )

    @post(
        "/comments/{comment:str}/resolve",
        operation_id="resolveComment",
        summary="Mark a comment thread resolved",
        responses=REFUSALS,
    )
    async def resolve(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
        comment: FromPath[str],
    ) -> schemas.ActDone:
        iid = InterpellationId(year, slug)
        return await _record(request, service, iid, "resolve", lambda: Resolve(iid, comment))

    @post(
        "/submit",
        operation_id="submitInterpellation",
        summary="Submit the text to the steering committee",
        responses=REFUSALS,
    )
    async def submit(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
    ) -> schemas.ActDone:
        iid = InterpellationId(year, slug)
        return await _record(request, service, iid, "submit", lambda: Submit(iid))

    @post(
        "/signatures",
        operation_id="signInterpellation",
        summary="Sign the exact text read (its full text id), for one's own side",
        description=CODE_DOC,
        responses=REFUSALS,
    )
    async def sign(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
        data: JSONBody[schemas.SignatureIn],
    ) -> schemas.ActDone:
        iid = InterpellationId(year, slug)
        return await _record(
            request, service, iid, "sign", lambda: Sign(iid, data.text_id, data.side)
        )

    @delete(
        "/signatures/me",
        operation_id="withdrawSignature",
        summary="Withdraw one's signature of the current text",
        responses=REFUSALS,
        status_code=200,
    )
    async def unsign(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
    ) -> schemas.ActDone:
        iid = InterpellationId(year, slug)
        return await _record(request, service, iid, "unsign", lambda: Unsign(iid))

    @post(
        "/objections",
        operation_id="raiseObjection",
        summary="Raise a blocking objection, with its reason, on the text read",
        description=CODE_DOC,
        responses=REFUSALS,
    )
    async def object(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
        data: JSONBody[schemas.ObjectionIn],
    ) -> schemas.ActDone:
        iid = InterpellationId(year, slug)
        return await _record(
            request,
            service,
            iid,
            "object",
            lambda: Object(iid, data.text_id, data.reason, data.section),
        )

    @post(
        "/objections/{objection:str}/answers",
        operation_id="answerObjection",
        summary="Answer an objection",
        responses=REFUSALS,
    )
    async def answer(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
        objection: FromPath[str],
        data: JSONBody[schemas.AnswerIn],
    ) -> schemas.ActDone:
        iid = InterpellationId(year, slug)
        return await _record(
            request, service, iid, "answer", lambda: Answer(iid, objection, data.body)
        )

    @post(
        "/objections/{objection:str}/withdraw",
        operation_id="withdrawObjection",
        summary="Withdraw one's own objection",
        responses=REFUSALS,
    )
    async def withdraw_objection(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
        objection: FromPath[str],
    ) -> schemas.ActDone:
        iid = InterpellationId(year, slug)
        return await _record(
            request, service, iid, "withdraw-objection", lambda: WithdrawObjection(iid, objection)
        )

    @post(
        "/decisions",
        operation_id="recordDecision",
        summary="Record the committee's decision on an objection (chair or coordinator)",
        description="The body names the objection; the members present must include a "
        "quorum of each side seated that day." + CODE_DOC,
        responses=REFUSALS,
    )
    async def decide(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
        data: JSONBody[schemas.DecisionIn],
    ) -> schemas.ActDone:
        iid = InterpellationId(year, slug)
        return await _record(
            request,
            service,
            iid,
            "decide",
            lambda: Decide(iid, data.objection, data.outcome, tuple(data.present), data.reason),
        )

    @post(
        "/withdraw",
        operation_id="withdrawInterpellation",
        summary="Withdraw the interpellation (it stays in the record)",
        responses=REFUSALS,
    )
    async def withdraw(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
        data: JSONBody[schemas.WithdrawalIn],
    ) -> schemas.ActDone:
        iid = InterpellationId(year, slug)
        return await _record(request, service, iid, "withdraw", lambda: Withdraw(iid, data.reason))

    @post(
        "/issue",
        operation_id="issueLetters",
        summary="Issue the approved text's letters: one PDF an addressee, one reference",
        description="The text id is the one the caller approved to send; the letters are "
        "rendered, then archived in one commit with the next reference." + CODE_DOC,
        responses=REFUSALS,
    )
    async def issue(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        settings: SettingsDep,
        year: FromPath[int],
        slug: FromPath[str],
        data: JSONBody[schemas.IssueIn],
    ) -> schemas.ActDone:
        iid = InterpellationId(year, slug)
        base_url = str(settings.base_url)

        def run(email: str) -> Done:
            return issue_letters(
                service.store, email, iid, data.text_id, base_url=base_url, via=Via.API
            )

        return await _record(request, service, iid, "issue", None, run)
