"""The acts of discussion and decision from the interpellation's page: plain forms, no script.

Each form posts here; the handler reads the form, declares the act
(`interpellations.acts`) and records it through the one pipeline as the
logged-in person, in a worker thread. Allowed: a redirect to the page with a
plain confirmation (`?fait=<action>`). Refused — a stale text, a rule, an empty
reason —: the page again with the rule's sentence beside the form and what the
person typed still in it, and nothing written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from anyio import to_thread
from litestar import Controller, Request, post
from litestar.datastructures import FormMultiDict
from litestar.params import FromPath
from litestar.response import Redirect, Template

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
from interpellations.errors import DomainError, InvalidInput
from interpellations.record.ids import InterpellationId
from interpellations.record.model import Language, Outcome, Side
from interpellations.record.store import Store
from interpellations.record.trailers import Via
from interpellations.wording.sentences import describe_error
from interpellations.wording.translation import N_, translate
from server.auth import SESSION_COOKIE, current_account, current_member
from server.error_pages import WRITTEN, status_of
from server.language import current_language
from server.login import prove_code
from server.page_contexts.interpellation_page import interpellation_page
from server.problem_details import SENTENCES
from server.second_factor import PROVEN_ACTS, fresh
from server.service import Service, ServiceDep, SettingsDep

ONE = "/interpellations/{year:int}/{slug:str}"
CODE_AGAIN = N_(
    "Pour signer, objecter ou décider, tapez le code de votre application d'authentification : "
    "le dernier date de plus de 15 minutes."
)
FIELD_MAX = 25_000  # longer than any event accepts: the rule's own limit is the one worded


@dataclass(frozen=True)
class Failure:
    """A refused form: which one (its act, and the objection or comment it is about),
    the sentence that says why, and what the person typed."""

    kind: str
    about: str
    message: str
    values: dict[str, Any] = field(default_factory=dict)
    in_form: bool = True  # the form is on the page again, refilled; else the text is shown

    @property
    def written(self) -> list[str]:
        """What the person wrote (not the hidden fields), to show when the form is gone."""
        return [self.values[k] for k in WRITTEN if str(self.values.get(k, "")).strip()]

    def on(self, kind: str, about: str = "") -> bool:
        return (kind, about) == (self.kind, self.about)

    def value(self, name: str, kind: str, about: str = "") -> Any:
        """What was typed in `name` of the form of `kind`, if that is the form refused."""
        return self.values.get(name, "") if self.on(kind, about) else ""


def _text(form: FormMultiDict, name: str) -> str:
    value = form.get(name, "")
    return value[:FIELD_MAX] if isinstance(value, str) else ""


def _typed(form: FormMultiDict) -> dict[str, Any]:
    """What the form held, to fill it in again (never the second-factor code)."""
    typed: dict[str, Any] = {
        key: _text(form, key) for key in form if key not in ("present", "code")
    }
    typed["present"] = form.getall("present", [])
    return typed


def _side(value: str) -> Side | None:
    return Side(value) if value in {s.value for s in Side} else None


def _outcome(value: str) -> Outcome | None:
    return Outcome(value) if value in {o.value for o in Outcome} else None


# Where the page opens again after each act
ANCHORS = {
    "comment": "commentaires",
    "reply": "commentaires",
    "resolve": "commentaires",
    "submit": "etat",
    "sign": "signatures",
    "unsign": "signatures",
    "object": "objections",
    "answer": "objections",
    "withdraw-objection": "objections",
    "decide": "objections",
    "withdraw": "etat",
    "issue": "lettres",
}

Declare = Callable[[FormMultiDict], Act]  # the act a sent form declares
Run = Callable[[FormMultiDict, str], Done]  # an act that is more than one declaration (issuing)


async def _act(
    request: Request[Any, Any, Any],
    service: Service,
    iid: InterpellationId,
    declare: Declare | None,
    kind: str,
    about: str = "",
    run: Run | None = None,
) -> Template | Redirect:
    """Record the act the form of `kind` declares (or `run` does, given the form and who acts),
    or show the page again with the refusal."""
    form = await request.form()
    account = current_account(request)
    email = account.email if account else ""
    unproven = await _second_factor_refusal(request, service, kind, _text(form, "code"))
    if unproven is not None:
        failure = Failure(kind, about, unproven, _typed(form))
        return await to_thread.run_sync(_page_again, request, service, iid, failure, None)

    def record() -> Done:
        if run is not None:
            return run(form, email)
        assert declare is not None  # noqa: S101 - one of the two is always given
        return perform(service.store, email, declare(form), via=Via.WEB)

    try:
        done = await to_thread.run_sync(record)
    except DomainError as error:
        failure = Failure(kind, about, describe_error(error, current_language.get()), _typed(form))
        return await to_thread.run_sync(_page_again, request, service, iid, failure, error)
    confirmed = "approved" if done.approved else kind
    return Redirect(f"/interpellations/{iid}?fait={confirmed}#{ANCHORS[kind]}", status_code=303)


async def _second_factor_refusal(
    request: Request[Any, Any, Any], service: Service, kind: str, code: str
) -> str | None:
    """Signing, objecting, deciding, issuing: a code again when the last is over 15 minutes old.

    The sentence that refuses the act, in the reader's language, or None.
    """
    account = current_account(request)
    if account is None or kind not in PROVEN_ACTS or fresh(account):
        return None
    language = current_language.get()
    if not code.strip():
        return translate(CODE_AGAIN, language)
    token = request.cookies.get(SESSION_COOKIE, "")
    refusal = await to_thread.run_sync(prove_code, service, account, token, code)
    if refusal is None:
        return None
    _, reason, wait = refusal
    if reason == "slow_down":
        return translate(SENTENCES["slow_down"], language) % {"wait": wait}
    return translate(SENTENCES["wrong_code"], language)


def _page_again(
    request: Request[Any, Any, Any],
    service: Service,
    iid: InterpellationId,
    failure: Failure,
    error: DomainError | None,
) -> Template:
    member = current_member(request, service)
    page = interpellation_page(
        service.store,
        service.index,
        iid,
        current_language.get(),
        member=member,
        reading=service.reading(iid),
    )
    if page.acts is None or not page.acts.allows(failure.kind, failure.about):
        failure = replace(failure, in_form=False)
    return Template(
        "interpellations/show.html",
        context={"page": page, "failure": failure, "done": None},
        status_code=status_of(error) if error else 403,
    )


def _comment(store: Store, iid: InterpellationId, form: FormMultiDict) -> Act:
    body = _text(form, "body")
    if _text(form, "reply_to"):
        return Reply(iid, _text(form, "reply_to"), body)
    quote = _text(form, "quote").strip()
    if not quote:
        return Comment(iid, body)
    # "nl/avis": the language and section of the passage, one choice in the form
    language_code, _, section = _text(form, "where").partition("/")
    language = Language.NL if language_code == "nl" else Language.FR
    version = _text(form, "version") or None
    return Comment(iid, body, anchor_on(store, iid, version, language, section, quote))


class ActController(Controller):
    """Commenting, submitting, signing, objecting, deciding, withdrawing, from the page."""

    path = ONE

    @post("/commentaires", name="act-comment", status_code=303)
    async def comment(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
    ) -> Template | Redirect:
        replied = _text(await request.form(), "reply_to")
        kind = "reply" if replied else "comment"
        iid = InterpellationId(year, slug)
        return await _act(
            request, service, iid, lambda f: _comment(service.store, iid, f), kind, replied
        )

    @post("/commentaires/{comment:str}/resolu", name="act-resolve", status_code=303)
    async def resolve(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
        comment: FromPath[str],
    ) -> Template | Redirect:
        iid = InterpellationId(year, slug)
        return await _act(
            request, service, iid, lambda f: Resolve(iid, comment), "resolve", comment
        )

    @post("/soumettre", name="act-submit", status_code=303)
    async def submit(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
    ) -> Template | Redirect:
        iid = InterpellationId(year, slug)
        return await _act(request, service, iid, lambda f: Submit(iid), "submit")

    @post("/signer", name="act-sign", status_code=303)
    async def sign(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
    ) -> Template | Redirect:
        iid = InterpellationId(year, slug)
        return await _act(
            request,
            service,
            iid,
            lambda f: Sign(iid, _text(f, "text_id"), _side(_text(f, "side"))),
            "sign",
        )

    @post("/retirer-signature", name="act-unsign", status_code=303)
    async def unsign(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
    ) -> Template | Redirect:
        iid = InterpellationId(year, slug)
        return await _act(request, service, iid, lambda f: Unsign(iid), "unsign")

    @post("/objections", name="act-object", status_code=303)
    async def object(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
    ) -> Template | Redirect:
        iid = InterpellationId(year, slug)

        def declare(form: FormMultiDict) -> Act:
            section = _text(form, "section") or None
            return Object(iid, _text(form, "text_id"), _text(form, "reason"), section)

        return await _act(request, service, iid, declare, "object")

    @post("/objections/{objection:str}/reponse", name="act-answer", status_code=303)
    async def answer(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
        objection: FromPath[str],
    ) -> Template | Redirect:
        iid = InterpellationId(year, slug)
        return await _act(
            request,
            service,
            iid,
            lambda f: Answer(iid, objection, _text(f, "body")),
            "answer",
            objection,
        )

    @post("/objections/{objection:str}/retrait", name="act-withdraw-objection", status_code=303)
    async def withdraw_objection(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
        objection: FromPath[str],
    ) -> Template | Redirect:
        iid = InterpellationId(year, slug)
        return await _act(
            request,
            service,
            iid,
            lambda f: WithdrawObjection(iid, objection),
            "withdraw-objection",
            objection,
        )

    @post("/objections/{objection:str}/decision", name="act-decide", status_code=303)
    async def decide(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
        objection: FromPath[str],
    ) -> Template | Redirect:
        iid = InterpellationId(year, slug)

        def declare(form: FormMultiDict) -> Act:
            present = tuple(p for p in form.getall("present", []) if isinstance(p, str))
            outcome = _outcome(_text(form, "outcome"))
            if outcome is None:
                raise InvalidInput(field="outcome", empty=True)
            return Decide(iid, objection, outcome, present, _text(form, "reason"))

        return await _act(request, service, iid, declare, "decide", objection)

    @post("/emettre", name="act-issue", status_code=303)
    async def issue(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        settings: SettingsDep,
        year: FromPath[int],
        slug: FromPath[str],
    ) -> Template | Redirect:
        iid = InterpellationId(year, slug)

        def run(form: FormMultiDict, email: str) -> Done:
            text_id, base_url = _text(form, "text_id"), str(settings.base_url)
            return issue_letters(service.store, email, iid, text_id, base_url=base_url, via=Via.WEB)

        return await _act(request, service, iid, None, "issue", run=run)

    @post("/retirer", name="act-withdraw", status_code=303)
    async def withdraw(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        year: FromPath[int],
        slug: FromPath[str],
    ) -> Template | Redirect:
        iid = InterpellationId(year, slug)
        return await _act(
            request, service, iid, lambda f: Withdraw(iid, _text(f, "reason")), "withdraw"
        )
