"""What a new password must be: long enough, not absurdly long, not the e-mail itself.

Length rather than rules of composition: a sentence is easy to remember
and hard to guess; the hashing itself is the accounts' (`accounts`, argon2).
"""

from __future__ import annotations

PASSWORD_MIN = 10
PASSWORD_MAX = 256


def password_problem(password: str, email: str) -> str | None:
    """Why a new password is refused (a reason code), or None: length, not the e-mail."""
    if len(password) < PASSWORD_MIN:
        return "password_too_short"
    if len(password) > PASSWORD_MAX:
        return "password_too_long"
    if password.strip().lower() in (email.lower(), email.split("@")[0].lower()):
        return "password_is_email"
    return None
