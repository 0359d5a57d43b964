"""channels' AuthMiddlewareStack, with the user read on the pool threads (portal.threads.pool).

channels resolves `scope["user"]` with its `database_sync_to_async`, thread-sensitive: under daphne, asgiref's one
thread per process. After a `kill -9` the process that stays takes the killed one's pages at once, and their
handshakes went through that thread one after another (issue 24: 51 pages reconnected within p50 3.8 s). Nothing
else differs from channels' stack: the session from its cookie, the user from the session.
"""

from channels.auth import AuthMiddleware, get_user
from channels.sessions import CookieMiddleware, SessionMiddleware

from portal import threads


class PooledAuthMiddleware(AuthMiddleware):
    async def resolve_scope(self, scope):
        scope["user"]._wrapped = await threads.pool(get_user.func)(scope)


def auth_stack(inner):
    """CookieMiddleware(SessionMiddleware(AuthMiddleware(inner))), as channels.auth.AuthMiddlewareStack."""
    return CookieMiddleware(SessionMiddleware(PooledAuthMiddleware(inner)))
