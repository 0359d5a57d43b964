"""Where an ASGI process's synchronous (database) work runs: the one place that makes these hops.

channels' `database_sync_to_async` defaults to asgiref's single thread-sensitive thread, one per process: every
socket's work queued there behind every other's (issue 24). Here nothing is thread-sensitive:

- `pool`: asyncio's default executor, `ASGI_THREADS` threads (2 in a `/ws/` process): the sockets' frames, the
  work between a `send` frame and its acknowledgement;
- `Threads(name, workers)`: a small executor of its own for a kind of work that must neither wait for those
  threads nor hold them up (the messaging watch's reads, what follows an acknowledgement, catch-ups). Its threads
  are named after it, so that stack samples (bench/stacks.py) tell them apart.

Every thread holds a database connection of its own (`CONN_MAX_AGE`): docs/deployment.md counts them per process.
"""

from concurrent.futures import ThreadPoolExecutor

from channels.db import DatabaseSyncToAsync


def pool(function):
    """`function` as a coroutine function that runs on the default executor (closing stale connections around it)."""
    return DatabaseSyncToAsync(function, thread_sensitive=False)


class Threads:
    """A bounded executor for one kind of work; the instance wraps a function as `pool` does, on its threads."""

    def __init__(self, name, workers=1):
        self.name = name
        self.executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=name)

    def __call__(self, function):
        return DatabaseSyncToAsync(function, thread_sensitive=False, executor=self.executor)
