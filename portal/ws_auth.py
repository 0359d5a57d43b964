"""channels' AuthMiddlewareStack, with the user read in the socket's opening hop, on threads of its own.

channels resolves `scope["user"]` in its middleware with its `database_sync_to_async`, thread-sensitive: under
daphne, asgiref's one thread per process. After a `kill -9` the process that stays takes the killed one's pages at
once, and their handshakes went through that thread one after another (issue 24: 51 pages reconnected within p50
3.8 s). Read then on the pool threads, fifty handshakes (the user, then the conversation: two hops each) queued
every acknowledgement of the process behind them (ack p99 3.4 s, recovery 5.8 s).

Here the middleware only sets the lazy `scope["user"]`; the consumer reads it (`socket_user`) in the same hop as
its authorisation, on the `opening` threads, which nothing else uses: a herd of handshakes waits for itself, not
for the sends of the sockets already open, nor they for it. The session comes from its cookie as in channels'
stack; the user is read from it once, with the session's rules (portal.sessions.socket_user: channels' get_user
read both, then the check read them again). A consumer that read `scope["user"]` before resolving it would get
channels' error ("Accessing scope user before it is ready"), never a user.
"""

from channels.auth import AuthMiddleware, UserLazyObject
from channels.sessions import CookieMiddleware, SessionMiddleware
from django.contrib.auth.models import AnonymousUser
from django.utils.functional import empty

from portal import sessions, threads

# Opening a socket: its user and its authorisation, one hop per handshake (docs/deployment.md counts these threads).
opening = threads.Threads("socket-opening", workers=2)


class DeferredAuthMiddleware(AuthMiddleware):
    async def resolve_scope(self, scope):
        """Resolved by the consumer's opening hop (socket_user), not here."""


def socket_user(scope):
    """Sync, in the socket's opening hop: the user its session may act as (portal.sessions: its rules, second factor
    included), which becomes scope["user"]; None when it may not (scope["user"] is then anonymous). A user the scope
    already holds (a test's communicator) is kept if that session may act as it."""
    user = scope.get("user")
    if isinstance(user, UserLazyObject) and user._wrapped is empty:
        acting = sessions.socket_user(scope)
        user._wrapped = acting or AnonymousUser()
        return acting
    return user if sessions.socket_session_valid(scope) else None


def auth_stack(inner):
    """CookieMiddleware(SessionMiddleware(AuthMiddleware(inner))), as channels.auth.AuthMiddlewareStack."""
    return CookieMiddleware(SessionMiddleware(DeferredAuthMiddleware(inner)))
