"""Sessions that end everywhere at once: one function ends a session, every path calls it, sockets follow.

A session ends by `end_session(session_key)`: its stored row, its allauth record and its open websockets (each
socket joins the group `session.<sha256 of the session key>`). Every path goes through it: logout (and so the
idle timeout and the 12-hour limit, which log out), a password change or reset and "fermer mes autres sessions"
(the user's other sessions), deactivation and the end of a membership (all of them).

The channel layer delivers at most once, so a socket does not rely on the close event alone: it re-validates its
session (`socket_session_valid`, `ended_sockets`) on every inbound frame and on each round of the messaging watch.
"""

import hashlib
import logging
import time
from importlib import import_module

from allauth.usersessions.adapter import DefaultUserSessionsAdapter
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.apps import apps
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django_otp import DEVICE_ID_SESSION_KEY

from portal import audit, compiled, perms, second_factor, threads
from portal.models import User

logger = logging.getLogger(__name__)

SESSION_STARTED_KEY = "portal_session_started"
LAST_SEEN_KEY = "portal_last_seen"
CLOSE_CODE = 4001  # what the page reads as "your session has ended"


def group_name(session_key):
    """The group of a session's sockets: a hash, so the layer (Redis) never holds a usable session key."""
    return "session." + hashlib.sha256(session_key.encode()).hexdigest()


def socket_group(scope):
    session = scope.get("session")
    key = getattr(session, "session_key", None)
    return group_name(key) if key else None


def lifetime_exceeded(user, data, now=None):
    """Every session ends 12 hours after sign-in; a professional's after 30 minutes without a request."""
    now = int(time.time()) if now is None else now
    started = data.get(SESSION_STARTED_KEY, now)
    last_seen = data.get(LAST_SEEN_KEY, now)
    too_old = now - started > settings.SESSION_MAX_AGE_SECONDS
    idle = now - last_seen > settings.STAFF_IDLE_TIMEOUT_SECONDS and perms.is_staff_member(user)
    return too_old or idle


def _send_close(group):
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, {"type": "session.ended"})
    except Exception:  # noqa: BLE001 — the layer down must not block a logout: sockets re-check at the next round
        logger.warning("channel layer unreachable: sockets of %s close at their next check", group)


def _session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def end_session(session_key):
    """End one session everywhere: its stored data, its allauth record, its open websockets."""
    from allauth.usersessions.models import UserSession

    if not session_key:
        return
    _session_store()(session_key).delete()
    UserSession.objects.filter(session_key=session_key).delete()
    _send_close(group_name(session_key))


def end_user_sessions(user, *, keep=None, reason=""):
    """End the user's sessions, all of them or all but `keep` (the one that asked: a password change)."""
    from allauth.usersessions.models import UserSession

    keys = list(
        UserSession.objects.filter(user=user).exclude(session_key=keep or "").values_list("session_key", flat=True)
    )
    for key in keys:
        end_session(key)
    if keep is None:
        # Sockets of a session allauth never recorded (opened before any page view) close too.
        _send_close(f"user.{user.pk}")
    audit.record(None, "auth.sessions_ended", user, reason=reason, count=len(keys), kept_current=keep is not None)


class PortalUserSessionsAdapter(DefaultUserSessionsAdapter):
    """allauth's "end other sessions" sends no signal: it ends them through our one function."""

    def end_sessions(self, sessions):
        for session in sessions:
            end_session(session.session_key)


# Websockets: re-validation of the session behind a socket, read afresh from the store.


# Every frame of every socket runs these queries: built and compiled once per number of sessions or users
# (portal.compiled).
_unexpired_sessions = compiled.CompiledQuery(
    lambda keys, now: _session_store().get_model_class().objects.filter(session_key__in=keys, expire_date__gt=now)
)
_active_users_with_flags = compiled.CompiledQuery(
    lambda ids: second_factor.with_requirement_flags(User.objects.filter(pk__in=ids, is_active=True))
)


def _stored_sessions(keys):
    store = _session_store()
    if hasattr(store, "get_model_class"):  # database-backed sessions: one query for every socket of the round
        rows = _unexpired_sessions(keys, timezone.now())
        return {row.session_key: store().decode(row.session_data) for row in rows}
    return {key: data for key in keys if (data := store(key).load())}


def _verified_device_users(persistent_ids):
    """persistent id → the user id of its confirmed device (one query per device model)."""
    by_model = {}
    for persistent_id in persistent_ids:
        try:
            label, pk = persistent_id.rsplit("/", 1)
            by_model.setdefault(apps.get_model(label), set()).add(int(pk))
        except (ValueError, LookupError):
            continue
    found = {}
    for model, pks in by_model.items():
        for device in model.objects.filter(pk__in=pks):
            if getattr(device, "confirmed", True):
                found[device.persistent_id] = device.user_id
    return found


def _hash_matches(user, session_hash):
    if not session_hash:
        return False
    hashes = [user.get_session_auth_hash()]
    hashes += [user._get_session_auth_hash(secret=secret) for secret in settings.SECRET_KEY_FALLBACKS]
    return any(constant_time_compare(session_hash, candidate) for candidate in hashes)


def session_users(scopes):
    """The user each of these websocket scopes' sessions may act as, or None: session stored and unexpired, user
    still active, password unchanged, within its lifetime, second factor verified where the rule requires it. One
    query per kind of row for all of them (the watch checks every socket of the process at once)."""
    keys = {}
    for index, scope in enumerate(scopes):
        key = getattr(scope.get("session"), "session_key", None)
        if key:
            keys[index] = key
    stored = _stored_sessions(set(keys.values()))
    user_ids = {_int(data.get(SESSION_KEY)) for data in stored.values()} - {None}
    users = {user.pk: user for user in _active_users_with_flags(user_ids)}
    for user in users.values():  # what second_factor.satisfied() reads, from the same query: none per user
        second_factor.adopt_requirement_flags(user)
    devices = _verified_device_users(
        {d[DEVICE_ID_SESSION_KEY] for d in stored.values() if d.get(DEVICE_ID_SESSION_KEY)}
    )
    now = int(time.time())
    result = []
    for index in range(len(scopes)):
        data = stored.get(keys.get(index))
        user = users.get(_int(data.get(SESSION_KEY))) if data else None
        ok = (
            user is not None
            and data.get(BACKEND_SESSION_KEY) in settings.AUTHENTICATION_BACKENDS  # as channels' get_user
            and _hash_matches(user, data.get(HASH_SESSION_KEY))
            and not lifetime_exceeded(user, data, now)
            and second_factor.satisfied(user, devices.get(data.get(DEVICE_ID_SESSION_KEY)) == user.pk)
        )
        result.append(user if ok else None)
    return result


def valid_scopes(scopes):
    """Which of these websocket scopes may still act: their session's user (session_users) is the socket's own."""
    return [
        user is not None and getattr(scope.get("user"), "pk", None) == user.pk
        for scope, user in zip(scopes, session_users(scopes), strict=True)
    ]


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def socket_user(scope):
    """Sync, when a websocket opens: the user its session may act as (session_users), or None. The session and the
    user are read once: channels' get_user read both, then this check read them again."""
    return session_users([scope])[0]


def socket_session_valid(scope):
    """Sync: may this socket's session still act? (at connect, inside the consumer's own database work)"""
    return valid_scopes([scope])[0]


async def socket_session_still_valid(scope):
    """Async: the same check, for every inbound frame. In a pool thread, not asgiref's one thread-sensitive thread
    (channels' default): every frame of every socket of the process queued there, behind each other and behind
    whatever else ran there, and each acknowledgement waited in that queue."""
    return await threads.pool(socket_session_valid)(scope)


def ended_sockets(sockets):
    """For the messaging watch (sync, in its own thread): the open sockets (having .scope) whose session has
    ended, one batch per round."""
    if not sockets:
        return []
    valid = valid_scopes([socket.scope for socket in sockets])
    return [socket for socket, ok in zip(sockets, valid, strict=True) if not ok]
