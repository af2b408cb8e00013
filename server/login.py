"""Logging in and out, choosing a password from an invitation, resetting a forgotten one.

Wrong passwords slow further attempts from the same address for the same
e-mail (never a lock-out, which anyone could trigger against a colleague); the
"forgotten password" answer is the same whether the address is known or not.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Annotated, Any

from anyio import to_thread
from litestar import Controller, Request, get, post
from litestar.datastructures import Cookie
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Redirect, Template

from interpellations.record.model import Language
from interpellations.settings import Settings
from interpellations.wording.translation import N_, translate
from server.accounts import Account, Purpose
from server.auth import (
    PUBLIC,
    SECOND_FACTOR_PAGES,
    SESSION_COOKIE,
    address_of,
    current_account,
    safe_next,
)
from server.editor_form import keep_carried
from server.language import current_language, language_cookie
from server.links_asked import Mail, ask_link, decide_link, links_asked
from server.passwords import password_problem
from server.service import Service, ServiceDep, SettingsDep

Form = Body(media_type=RequestEncodingType.URL_ENCODED)

INVITE_SUBJECT = N_("Votre accès aux interpellations de la coordination")
INVITE_BODY = N_(
    "Bonjour %(name)s,\n\nVous êtes invité·e à utiliser l'outil des interpellations de la "
    "coordination. Choisissez votre mot de passe en ouvrant ce lien (valable 48 heures) :\n\n"
    "%(link)s\n\nSi vous n'attendiez pas ce message, ignorez-le.\n"
)
RESET_SUBJECT = N_("Nouveau mot de passe pour les interpellations")
RESET_BODY = N_(
    "Bonjour %(name)s,\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable "
    "48 heures) :\n\n%(link)s\n\nSi vous n'avez rien demandé, ignorez ce message : votre mot "
    "de passe reste le même.\n"
)


@dataclass(frozen=True)
class LoginForm:
    email: str = ""
    password: str = ""
    next: str = "/"
    kept: str = ""  # an editor's save sent after the session ended (`editor_form.carried`)


@dataclass(frozen=True)
class CodeForm:
    code: str = ""
    next: str = "/"


@dataclass(frozen=True)
class EmailForm:
    email: str = ""


@dataclass(frozen=True)
class PasswordForm:
    password: str = ""
    confirmation: str = ""


def prove_code(
    service: ServiceDep, account: Account, token: str, code: str
) -> tuple[int, str, int] | None:
    """Check a second-factor code for this session; the refusal (status, reason, wait) if not.

    Counted per person alone: only someone who has the password gets this far.
    """
    wait = service.throttle.attempt("code", account.email)
    if wait:
        return 429, "slow_down", wait
    if not service.factors.verify(account.email, code[:20]):
        return 401, "wrong_code", 0
    service.throttle.succeeded("code", account.email)
    service.accounts.prove(token)
    return None


def session_cookie(token: str, settings: SettingsDep, *, delete: bool = False) -> Cookie:
    return Cookie(
        key=SESSION_COOKIE,
        value="" if delete else token,
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        max_age=0 if delete else None,
    )


def link_mail(service: ServiceDep, settings: SettingsDep, email: str, purpose: Purpose) -> Mail:
    """What puts the mail of an invitation or reset link, in the person's language, in the
    outbox, once its token is issued (in the same transaction: `links_asked.decide_link`)."""
    member = service.record().member(email)
    language = member.language if member else Language.FR
    path = "/invitation/" if purpose == Purpose.INVITE else "/reinitialisation/"
    subject, body = (
        (INVITE_SUBJECT, INVITE_BODY) if purpose == Purpose.INVITE else (RESET_SUBJECT, RESET_BODY)
    )

    def mail(db: sqlite3.Connection, token: str) -> None:
        params = {"name": member.name if member else email, "link": settings.link(path + token)}
        text = translate(body, language) % params
        service.outbox.add(email, translate(subject, language), text, db)

    return mail


def decide_links_asked(service: Service, settings: Settings) -> None:
    """The mail worker's first step: a link asked is issued to a member within the limits."""
    for asked, email, purpose in links_asked(service.accounts):
        member = service.record().member(email) is not None
        mail = link_mail(service, settings, email, purpose) if member else None
        decide_link(service.accounts, asked, email, purpose, mail)


def send_link(service: ServiceDep, settings: SettingsDep, email: str, purpose: Purpose) -> None:
    """Issue a link for `email` and mail it (a coordinator's invitation: no limit)."""
    mail = link_mail(service, settings, email, purpose)
    with service.accounts.database.transaction() as db:
        mail(db, service.accounts.issue_token(email, purpose, db))
    service.outbox.wake()


class LoginController(Controller):
    opt = PUBLIC

    @get("/connexion", name="login")
    async def login_page(
        self, request: Request[Any, Any, Any], next: FromQuery[str] = "/"
    ) -> Template:
        if current_account(request):
            return Template("auth/done.html", context={"done": "already_in"})
        return Template(
            "auth/login.html",
            context={"form": LoginForm(next=safe_next(next)), "error": None, "wait": 0},
        )

    @post("/connexion", name="login-submit", status_code=303)
    async def login(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        settings: SettingsDep,
        data: Annotated[LoginForm, Form],
    ) -> Template | Redirect:
        email = data.email.strip().lower()
        address = address_of(request, settings)
        wait = service.throttle.attempt("password", email, address)
        form = LoginForm(email=email, next=safe_next(data.next), kept=data.kept)
        if wait:
            return Template(
                "auth/login.html",
                status_code=429,
                context={"form": form, "error": "slow_down", "wait": wait},
            )
        known = service.record().member(email) is not None
        valid = await to_thread.run_sync(service.accounts.verify, email, data.password)
        if not (known and valid):
            service.throttle.failed(address)
            return Template(
                "auth/login.html",
                status_code=401,
                context={"form": form, "error": "wrong_password", "wait": 0},
            )
        service.throttle.succeeded("password", email, address)
        token = service.accounts.open_session(email)
        if data.kept:
            await to_thread.run_sync(keep_carried, service.copies, email, data.kept)
        # with an authenticator app, the session waits for its code (`server.auth`); the
        # person's language, chosen in the profile, replaces what this browser had chosen
        language = service.accounts.language_of(email)
        cookies = [session_cookie(token, settings), language_cookie(language)]
        return Redirect(form.next, cookies=cookies, status_code=303)

    @get("/connexion/code", name="login-code", opt=SECOND_FACTOR_PAGES)
    async def code_page(
        self, request: Request[Any, Any, Any], next: FromQuery[str] = "/"
    ) -> Template | Redirect:
        account = current_account(request)
        if account is None:
            return Redirect("/connexion", status_code=303)
        return Template("auth/code.html", context={"next": safe_next(next), "error": None})

    @post("/connexion/code", name="login-code-submit", status_code=303, opt=SECOND_FACTOR_PAGES)
    async def code(
        self, request: Request[Any, Any, Any], service: ServiceDep, data: Annotated[CodeForm, Form]
    ) -> Template | Redirect:
        account = current_account(request)
        token = request.cookies.get(SESSION_COOKIE, "")
        if account is None or not token:
            return Redirect("/connexion", status_code=303)
        refusal = await to_thread.run_sync(prove_code, service, account, token, data.code)
        if refusal is not None:
            status, error, wait = refusal
            return Template(
                "auth/code.html",
                status_code=status,
                context={"next": safe_next(data.next), "error": error, "wait": wait},
            )
        return Redirect(safe_next(data.next), status_code=303)

    @post("/deconnexion", name="logout", status_code=303)
    async def logout(
        self, request: Request[Any, Any, Any], service: ServiceDep, settings: SettingsDep
    ) -> Redirect:
        token = request.cookies.get(SESSION_COOKIE)
        if token:
            service.accounts.close_session(token)
        return Redirect(
            "/connexion", cookies=[session_cookie("", settings, delete=True)], status_code=303
        )

    @get("/mot-de-passe-oublie", name="forgot")
    async def forgot_page(self) -> Template:
        return Template("auth/forgot.html", context={"form": EmailForm(), "sent": False})

    @post("/mot-de-passe-oublie", name="forgot-submit", status_code=200, sync_to_thread=True)
    def forgot(
        self, service: ServiceDep, settings: SettingsDep, data: Annotated[EmailForm, Form]
    ) -> Template:
        # the same answer, and the same work, for a member, a stranger, or one asking too
        # often: what was asked is decided by the mail worker (`decide_links_asked`)
        email = data.email.strip().lower()
        ask_link(service.accounts, email, Purpose.RESET)
        service.outbox.wake()
        return Template("auth/forgot.html", context={"form": EmailForm(email), "sent": True})

    @get("/invitation/{token:str}", name="invitation")
    async def invitation_page(self, service: ServiceDep, token: FromPath[str]) -> Template:
        return _password_page(service, token, Purpose.INVITE, None)

    @post("/invitation/{token:str}", name="invitation-submit", status_code=303)
    async def accept(
        self,
        service: ServiceDep,
        settings: SettingsDep,
        token: FromPath[str],
        data: Annotated[PasswordForm, Form],
    ) -> Template | Redirect:
        return await _choose_password(service, settings, token, Purpose.INVITE, data)

    @get("/reinitialisation/{token:str}", name="reset")
    async def reset_page(self, service: ServiceDep, token: FromPath[str]) -> Template:
        return _password_page(service, token, Purpose.RESET, None)

    @post("/reinitialisation/{token:str}", name="reset-submit", status_code=303)
    async def reset(
        self,
        service: ServiceDep,
        settings: SettingsDep,
        token: FromPath[str],
        data: Annotated[PasswordForm, Form],
    ) -> Template | Redirect:
        return await _choose_password(service, settings, token, Purpose.RESET, data)


def _password_page(
    service: ServiceDep, token: str, purpose: Purpose, error: str | None, status: int = 200
) -> Template:
    email = service.accounts.token_email(token, purpose)
    return Template(
        "auth/password.html",
        status_code=status if email else 410,
        context={"email": email, "purpose": purpose.value, "error": error},
    )


async def _choose_password(
    service: ServiceDep, settings: SettingsDep, token: str, purpose: Purpose, data: PasswordForm
) -> Template | Redirect:
    email = service.accounts.token_email(token, purpose)
    if email is None:
        return _password_page(service, token, purpose, None)
    problem = password_problem(data.password, email)
    if problem is None and data.password != data.confirmation:
        problem = "password_mismatch"
    if problem:
        return _password_page(service, token, purpose, problem, status=422)
    await to_thread.run_sync(service.accounts.use_token, token, purpose, data.password)
    service.accounts.set_language(email, current_language.get())
    session = service.accounts.open_session(email)
    return Redirect("/", cookies=[session_cookie(session, settings)], status_code=303)
