"""« Mon profil »: who the record says one is, language, password, sessions, second factor.

Name, side and roles come from the record (changed by the coordinators, in git);
what proves the person (password, sessions and API tokens, authenticator app,
recovery codes) lives in the accounts database and is changed here. Every form
posts and redirects with a plain confirmation; a refusal shows the page again
with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from anyio import to_thread
from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from interpellations.record.model import Language
from server.accounts import Account
from server.auth import SECOND_FACTOR_PAGES, SESSION_COOKIE, current_account
from server.language import language_cookie
from server.login import Form, prove_code, session_cookie
from server.passwords import password_problem
from server.second_factor import required_of
from server.service import Service, ServiceDep, SettingsDep


@dataclass(frozen=True)
class LanguageForm:
    language: str = "fr"


@dataclass(frozen=True)
class PasswordChange:
    current: str = ""
    password: str = ""
    confirmation: str = ""


@dataclass(frozen=True)
class CodeOnly:
    code: str = ""


def _me(request: Request[Any, Any, Any]) -> Account:
    account = current_account(request)
    if account is None:  # the guard lets no one here without a session
        raise LookupError("no session")
    return account


def _profile(
    request: Request[Any, Any, Any],
    service: Service,
    *,
    done: str = "",
    error: str = "",
    wait: int = 0,
    status: int = 200,
) -> Template:
    account = _me(request)
    record = service.record()
    member = record.member(account.email)
    return Template(
        "profile/profile.html",
        status_code=status,
        context={
            "member": member,
            "me": account,
            "sessions": service.accounts.sessions_of(account.email),
            "factor": service.factors.enabled(account.email),
            "codes_left": service.factors.recovery_codes_left(account.email),
            "required": member is not None and required_of(record, member),
            "done": done,
            "error": error,
            "wait": wait,
        },
    )


class ProfileController(Controller):
    path = "/profil"

    @get("", name="profile", sync_to_thread=True)
    def show(
        self, request: Request[Any, Any, Any], service: ServiceDep, done: FromQuery[str] = ""
    ) -> Template:
        return _profile(request, service, done=done)

    @post("/langue", name="profile-language", status_code=303)
    async def language(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        data: Annotated[LanguageForm, Form],
    ) -> Redirect:
        chosen = Language.NL if data.language == "nl" else Language.FR
        service.accounts.set_language(_me(request).email, chosen)
        return Redirect("/profil?done=language", cookies=[language_cookie(chosen)], status_code=303)

    @post("/mot-de-passe", name="profile-password", status_code=303)
    async def password(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        settings: SettingsDep,
        data: Annotated[PasswordChange, Form],
    ) -> Template | Redirect:
        account = _me(request)
        if not await to_thread.run_sync(service.accounts.verify, account.email, data.current):
            return _profile(request, service, error="wrong_current_password", status=422)
        problem = password_problem(data.password, account.email)
        if problem is None and data.password != data.confirmation:
            problem = "password_mismatch"
        if problem:
            return _profile(request, service, error=problem, status=422)
        # a new password ends every session: this browser gets a new one, proven as it was
        await to_thread.run_sync(service.accounts.set_password, account.email, data.password)
        token = service.accounts.open_session(account.email)
        if account.proven_at is not None:
            service.accounts.prove(token)
        return Redirect(
            "/profil?done=password", cookies=[session_cookie(token, settings)], status_code=303
        )

    @post("/sessions/{session:str}/fin", name="profile-revoke", status_code=303)
    async def revoke(
        self, request: Request[Any, Any, Any], service: ServiceDep, session: FromPath[str]
    ) -> Redirect:
        service.accounts.revoke(_me(request).email, session)
        return Redirect("/profil?done=revoked#sessions", status_code=303)

    @get("/second-facteur", name="second-factor", sync_to_thread=True, opt=SECOND_FACTOR_PAGES)
    def second_factor(
        self, request: Request[Any, Any, Any], service: ServiceDep
    ) -> Template | Redirect:
        account = _me(request)
        if account.factor and account.proven_at is None:
            return Redirect("/connexion/code?next=/profil", status_code=303)
        if service.factors.enabled(account.email):
            return Redirect("/profil#second-facteur", status_code=303)
        enrolment = service.factors.begin(account.email)
        return Template(
            "profile/second_factor.html", context={"enrolment": enrolment, "error": "", "codes": []}
        )

    @post("/second-facteur", name="second-factor-confirm", status_code=303, opt=SECOND_FACTOR_PAGES)
    async def confirm(
        self, request: Request[Any, Any, Any], service: ServiceDep, data: Annotated[CodeOnly, Form]
    ) -> Template | Redirect:
        account = _me(request)
        if service.factors.enabled(account.email):
            return Redirect("/profil#second-facteur", status_code=303)
        codes = await to_thread.run_sync(service.factors.confirm, account.email, data.code[:20])
        if codes is None:
            enrolment = service.factors.begin(account.email)
            return Template(
                "profile/second_factor.html",
                status_code=422,
                context={"enrolment": enrolment, "error": "wrong_code", "codes": []},
            )
        token = request.cookies.get(SESSION_COOKIE, "")
        service.accounts.prove(token)
        service.accounts.close_other_sessions(account.email, token)
        return Template(
            "profile/second_factor.html", context={"enrolment": None, "error": "", "codes": codes}
        )

    @post("/second-facteur/codes", name="second-factor-codes", status_code=303)
    async def new_codes(
        self, request: Request[Any, Any, Any], service: ServiceDep, data: Annotated[CodeOnly, Form]
    ) -> Template:
        refused = await self._checked(request, service, data.code)
        if refused is not None:
            return refused
        codes = service.factors.new_recovery_codes(_me(request).email)
        return Template(
            "profile/second_factor.html", context={"enrolment": None, "error": "", "codes": codes}
        )

    @post("/second-facteur/retrait", name="second-factor-remove", status_code=303)
    async def remove(
        self, request: Request[Any, Any, Any], service: ServiceDep, data: Annotated[CodeOnly, Form]
    ) -> Template | Redirect:
        account = _me(request)
        record = service.record()
        member = record.member(account.email)
        if member is not None and required_of(record, member):
            return _profile(request, service, error="second_factor_required", status=403)
        refused = await self._checked(request, service, data.code)
        if refused is not None:
            return refused
        service.factors.disable(account.email)
        return Redirect("/profil?done=factor_removed#second-facteur", status_code=303)

    async def _checked(
        self, request: Request[Any, Any, Any], service: Service, code: str
    ) -> Template | None:
        """A code is asked again before the second factor itself is changed."""
        token = request.cookies.get(SESSION_COOKIE, "")
        refusal = await to_thread.run_sync(prove_code, service, _me(request), token, code)
        if refusal is None:
            return None
        status, error, wait = refusal
        # a wrong code in a form of the profile is a form to correct, not a lost session
        status = 422 if error == "wrong_code" else status
        return _profile(request, service, error=error, wait=wait, status=status)
