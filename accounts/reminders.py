"""Reminder e-mails and the weekly digest of actions on or off without logging in: every
reminder and digest carries a link with a signed token naming its reader (django.core.signing,
keyed by SECRET_KEY), so that a changed or made-up token names nobody."""

from __future__ import annotations

from django.core import signing

from accounts.models import User

SALT = "accounts.reminders"


def reminders_token(user_id: int) -> str:
    return signing.dumps(user_id, salt=SALT)


def reminders_user(token: str) -> User | None:
    """The active person the token was made for; None for a changed or unknown one."""
    try:
        user_id = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(user_id, int):
        return None
    return User.objects.filter(pk=user_id, is_active=True).first()


def reminders_set(*, user: User, on: bool) -> None:
    User.objects.filter(pk=user.pk).update(email_reminders=on)
    user.email_reminders = on


def digest_set(*, user: User, on: bool) -> None:
    User.objects.filter(pk=user.pk).update(email_digest=on)
    user.email_digest = on
