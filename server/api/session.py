"""`POST /api/session` gives a bearer token for a member's e-mail and password; DELETE ends it.

The rules of the login form (`server.login`): only a member of the record gets
in; wrong passwords from one address for one e-mail slow further tries (429
with `Retry-After`), never lock the account; the same argon2 work is done
whether the account exists or not.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, delete, post
from litestar.params import JSONBody

from server.accounts import IDLE
from server.api.schemas import Credentials, Token
from server.auth import PUBLIC, address_of, bearer_token
from server.problem_details import CHALLENGE, Refusal, problem_responses
from server.second_factor import required_of
from server.service import Service, ServiceDep, SettingsDep

TOKEN_TYPE = "bearer"  # noqa: S105 - the kind of session, not a secret


class SessionController(Controller):
    path = "/session"
    tags = ["session"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @post(
        "",
        name="api-session-open",
        operation_id="openSession",
        response_description="A new bearer token",
        opt=PUBLIC,
        status_code=201,
        sync_to_thread=True,
        summary="Log in: a bearer token for a member's e-mail and password",
        responses=problem_responses(400, 401, 403, 429),
        security=[],
    )
    def open_session(
        self,
        request: Request[Any, Any, Any],
        service: ServiceDep,
        settings: SettingsDep,
        data: JSONBody[Credentials],
    ) -> Token:
        email = data.email.strip().lower()
        address = address_of(request, settings)
        wait = service.throttle.attempt("password", email, address)
        if wait:
            raise Refusal(429, "slow_down", {"Retry-After": str(wait)}, wait=wait)
        known = service.record().member(email) is not None
        valid = service.accounts.verify(email, data.password)
        if not (known and valid):
            service.throttle.failed(address)
            raise Refusal(401, "wrong_password", CHALLENGE)
        service.throttle.succeeded("password", email, address)
        record = service.record()
        member = record.member(email)
        if service.factors.enabled(email):
            if not data.code:
                raise Refusal(401, "second_factor_required", CHALLENGE)
            if not self._code_accepted(service, email, data.code):
                raise Refusal(401, "wrong_code", CHALLENGE)
        elif member is not None and required_of(record, member):
            raise Refusal(403, "second_factor_enrolment")
        token = service.accounts.open_session(email, TOKEN_TYPE)
        if service.factors.enabled(email):
            service.accounts.prove(token)
        return Token(token=token, expires_in=int(IDLE[TOKEN_TYPE].total_seconds()))

    @staticmethod
    def _code_accepted(service: Service, email: str, code: str) -> bool:
        wait = service.throttle.attempt("code", email)
        if wait:
            raise Refusal(429, "slow_down", {"Retry-After": str(wait)}, wait=wait)
        if not service.factors.verify(email, code):
            return False
        service.throttle.succeeded("code", email)
        return True

    @delete(
        "",
        name="api-session-close",
        operation_id="closeSession",
        sync_to_thread=True,
        summary="Log out: the token of this request stops working",
        responses=problem_responses(401),
    )
    def close_session(self, request: Request[Any, Any, Any], service: ServiceDep) -> None:
        token = bearer_token(request)
        if token:
            service.accounts.close_session(token)
