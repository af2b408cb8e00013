"""The second factor: an authenticator app (TOTP, RFC 6238) and single-use recovery codes.

Signatures, objections and decisions speak for institutions, so the coordination
can require a second factor of its committee members and coordinators
(`coordination.yaml`, `second_factor_required`). The secret lives in the
accounts database beside the password hash; recovery codes are stored as their
SHA-256 only and each works once; a code already accepted is never accepted
again (the last time step is kept); wrong codes slow further tries as wrong
passwords do. A session that has given a code is "proven" for `FRESH`: signing,
objecting and deciding ask for a code again after that.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

import pyotp
import segno

from interpellations.record.model import Member, Role
from interpellations.record.registry import Record
from interpellations.record.seats import holds_committee_role
from interpellations.record.trailers import Action
from server.accounts import Account, Accounts

FRESH = dt.timedelta(minutes=15)
RECOVERY_CODES = 10
ISSUER = "Interpellations"
# The acts that speak for an institution: a code again after `FRESH`
PROVEN_ACTS = frozenset({Action.SIGN, Action.OBJECT, Action.DECIDE, Action.ISSUE})


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _digest(code: str) -> str:
    return hashlib.sha256(_normalised(code).encode()).hexdigest()


def _normalised(code: str) -> str:
    return "".join(c for c in code.upper() if c.isalnum())


@dataclass(frozen=True)
class Enrolment:
    """What a person needs to set up their app: the secret, as text and as a QR code."""

    secret: str
    uri: str
    qr_svg_data: str  # a data: URI of the QR code (the pages allow `img-src data:`)


def required_of(record: Record, member: Member) -> bool:
    """Must this person set up a second factor (the coordination's rule, their role)?"""
    if not record.coordination.second_factor_required:
        return False
    return holds_committee_role(member) or Role.COORDINATOR in member.roles


def fresh(account: Account) -> bool:
    """Has the session given a second-factor code in the last `FRESH`?"""
    return not account.factor or account.proven_since(_now() - FRESH)


class SecondFactors:
    """The second factors of the accounts database of one service."""

    def __init__(self, accounts: Accounts) -> None:
        self._db = accounts.database.connection
        self._write = accounts.database.transaction

    def enabled(self, email: str) -> bool:
        row = (
            self._db()
            .execute("SELECT confirmed_at FROM second_factors WHERE email = ?", (email,))
            .fetchone()
        )
        return bool(row and row[0])

    def begin(self, email: str) -> Enrolment:
        """A new secret to scan, not yet in force (until a code from it is confirmed)."""
        with self._write() as db:
            row = db.execute(
                "SELECT secret, confirmed_at FROM second_factors WHERE email = ?", (email,)
            ).fetchone()
            if row and not row[1]:
                secret = row[0]  # the page reloaded: the same secret, already scanned maybe
            else:
                secret = pyotp.random_base32()
                db.execute(
                    "INSERT INTO second_factors (email, secret) VALUES (?, ?) "
                    "ON CONFLICT (email) DO UPDATE SET secret = excluded.secret, "
                    "confirmed_at = NULL, last_step = 0",
                    (email, secret),
                )
        uri = pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)
        qr = segno.make(uri, error="m").svg_data_uri(scale=5, border=2)
        return Enrolment(secret, uri, qr)

    def confirm(self, email: str, code: str) -> list[str] | None:
        """Put the pending secret in force with a code from it; the recovery codes, shown once."""
        row = (
            self._db()
            .execute(
                "SELECT secret FROM second_factors WHERE email = ? AND confirmed_at IS NULL",
                (email,),
            )
            .fetchone()
        )
        step = _step_of(row[0], code, 0) if row else None
        if step is None:
            return None
        with self._write() as db:
            db.execute(
                "UPDATE second_factors SET confirmed_at = ?, last_step = ? WHERE email = ?",
                (_now().isoformat(), step, email),
            )
        return self.new_recovery_codes(email)

    def verify(self, email: str, code: str) -> bool:
        """A code from the app (each accepted once) or an unused recovery code."""
        row = (
            self._db()
            .execute(
                "SELECT secret, last_step FROM second_factors "
                "WHERE email = ? AND confirmed_at IS NOT NULL",
                (email,),
            )
            .fetchone()
        )
        if row is None:
            return False
        step = _step_of(row[0], code, row[1])
        with self._write() as db:
            if step is not None:
                taken = db.execute(
                    "UPDATE second_factors SET last_step = ? WHERE email = ? AND last_step < ?",
                    (step, email, step),
                )
                return taken.rowcount == 1
            spent = db.execute(
                "UPDATE recovery_codes SET used_at = ? "
                "WHERE email = ? AND code_hash = ? AND used_at IS NULL",
                (_now().isoformat(), email, _digest(code)),
            )
            return spent.rowcount == 1

    def new_recovery_codes(self, email: str) -> list[str]:
        """Ten new single-use codes (the old ones stop working), shown once."""
        drawn = [secrets.token_hex(5).upper() for _ in range(RECOVERY_CODES)]  # 40 bits each
        codes = [f"{code[:5]}-{code[5:]}" for code in drawn]
        with self._write() as db:
            db.execute("DELETE FROM recovery_codes WHERE email = ?", (email,))
            db.executemany(
                "INSERT INTO recovery_codes (email, code_hash) VALUES (?, ?)",
                [(email, _digest(code)) for code in codes],
            )
        return codes

    def recovery_codes_left(self, email: str) -> int:
        row = (
            self._db()
            .execute(
                "SELECT count(*) FROM recovery_codes WHERE email = ? AND used_at IS NULL", (email,)
            )
            .fetchone()
        )
        return int(row[0])

    def disable(self, email: str) -> None:
        with self._write() as db:
            db.execute("DELETE FROM second_factors WHERE email = ?", (email,))
            db.execute("DELETE FROM recovery_codes WHERE email = ?", (email,))


def _step_of(secret: str, code: str, after: int) -> int | None:
    """The time step a six-digit code belongs to (this one or a neighbour), if after `after`."""
    digits = _normalised(code)
    if len(digits) != 6 or not digits.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    moment = _now()
    for drift in (0, -1, 1):  # a clock a little early or late, a code typed at the turn
        at = moment + dt.timedelta(seconds=drift * totp.interval)
        if secrets.compare_digest(totp.at(at), digits):
            step = totp.timecode(at)
            return step if step > after else None
    return None
