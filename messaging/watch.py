"""The watch over an app process's open conversation sockets: nothing the channel layer drops stays missing.

The layer (Redis publish/subscribe between app processes) delivers at most once: an event published while Redis
restarts, or while this process's subscription reconnects, reaches nobody. The database is the source of truth, so
one watch per event loop, every `MESSAGING_WATCH_SECONDS`:

- sends a probe through the layer and back. When the layer stops answering, every socket says so (frame "live":
  false, the page shows that live updates are paused); when it answers again, they say "live": true and the
  pages catch up;
- closes the sockets whose session has ended (portal/sessions.py), in case the layer lost the close event;
- reads the newest sequence number of every open conversation (one query) and gives each socket that is behind
  what was already the newest a quarter period earlier (a sample taken between rounds) the messages it missed (a
  "messages" frame, as a catch-up): events still on their way are left to arrive, a lost one is made up for within
  a round. While the layer is away, it probes it every quarter period instead.

Sockets are served concurrently, at most WATCH_CONCURRENCY at a time (their database reads run on the catch-up
threads, messaging/consumers.py, never on the pool threads that store): one slow socket, or fifty behind at once
after an outage, do not hold the others up by a round each, nor hold up an acknowledgement.

The round's own reads (every socket's session, the newest sequence numbers: a hundred queries or more at fifty
sockets) run in one hop on a thread of the watch's own. They once ran on asgiref's single thread-sensitive thread,
which every socket's frame check also waited for: each round held every acknowledgement of the process back.

A socket registers when it opens and leaves when it closes; the watch stops when none is left.
"""

import asyncio
import logging
import time

from channels.layers import get_channel_layer
from django.conf import settings

from messaging.models import Conversation
from portal import layers, threads
from portal import sessions as portal_sessions

logger = logging.getLogger(__name__)
timing = logging.getLogger("messaging.timing")

PROBE_TIMEOUT_SECONDS = 2
WATCH_CONCURRENCY = 8

_watches = {}
# One thread per process for the rounds' reads (with its own database connection): a round never waits for, nor
# holds up, the threads that store and acknowledge.
in_watch_thread = threads.Threads("messaging-watch")


def current():
    """This event loop's watch."""
    loop = asyncio.get_running_loop()
    current = _watches.get(loop)
    if current is None:
        current = _watches[loop] = Watch()
    return current


def newest_seqs(conversation_ids):
    return dict(Conversation.objects.filter(pk__in=conversation_ids).values_list("pk", "last_seq"))


def round_reads(sockets):
    """A round's database work, in one hop: the sockets whose session ended, the newest seq of every conversation."""
    return portal_sessions.ended_sockets(sockets), newest_seqs({socket.conversation.pk for socket in sockets})


class Watch:
    def __init__(self):
        self.sockets = set()
        self.task = None
        self.live = True
        self.newest = {}  # conversation id → newest sequence number at the previous round
        self.probe_wait = 0.0  # seconds the last round's probe took
        self.sampled = None  # conversation id → newest sequence number a quarter period before the coming round

    def add(self, socket):
        self.sockets.add(socket)
        if self.task is None or self.task.done():
            self.task = asyncio.ensure_future(self.run())

    def discard(self, socket):
        self.sockets.discard(socket)

    async def run(self):
        while self.sockets:
            await self.until_next_round()
            try:
                await self.round()
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 — the database is away: the next round tries again
                logger.warning("messaging watch round failed", exc_info=True)

    async def until_next_round(self):
        """One period between rounds: the time a hung layer's probe made the round wait counts in it (it is waiting,
        not work), so that rounds stay one period apart during an outage; at least a quarter of a period. While the
        layer is away, a probe every quarter period meanwhile: the round that tells the pages it is back (they catch
        up) comes as soon as it answers, not up to a period later (issue 24: recovery 2.04 s after Redis restarted,
        the pages told at the next round)."""
        period = settings.MESSAGING_WATCH_SECONDS
        deadline = time.monotonic() + max(period / 4, period - self.probe_wait)
        self.sampled = None
        while (left := deadline - time.monotonic()) > 0:
            if self.live is not False:  # one sample, a quarter period before the round
                await asyncio.sleep(max(0, left - period / 4))
                self.sampled = await self.sample()
                await asyncio.sleep(max(0, deadline - time.monotonic()))
                return
            await asyncio.sleep(min(left, period / 4))
            if time.monotonic() < deadline and await self.probe():
                return

    async def sample(self):
        """The newest sequence number of every open conversation now (one query, on the watch's thread): what the
        next round counts as no longer on its way. None when the database does not answer."""
        try:
            return await in_watch_thread(newest_seqs)({socket.conversation.pk for socket in self.sockets})
        except Exception:  # noqa: BLE001 — the round compares with the previous round instead
            logger.warning("messaging watch: sampling the newest messages failed", exc_info=True)
            return None

    async def round(self):
        began = time.perf_counter()
        # The probe runs while the reads do: a hung layer's probe (PROBE_TIMEOUT_SECONDS) does not add to the round.
        reads = asyncio.ensure_future(in_watch_thread(round_reads)(list(self.sockets)))
        live = await self.probe() if get_channel_layer() is not None else None
        probed = time.perf_counter()
        self.probe_wait = probed - began
        ended, newest = await reads
        read = time.perf_counter()
        for socket in ended:
            self.discard(socket)  # a close event the layer lost: the session ended all the same
            await socket.close(code=portal_sessions.CLOSE_CODE)
        sockets = list(self.sockets)
        if live is not None and live != self.live:
            self.live = live
            logger.warning("channel layer %s", "back" if live else "unreachable")
        # Behind now what was already the newest a quarter period ago (the last sample; without one, a round ago):
        # not an event still on its way, but a lost one. Compared with the previous round only, a message whose
        # event was lost just after a round (its publish died with a killed process) was given two rounds later
        # (issue 24: 2.89 s). While the layer is away no event is on its way: what is stored now is given now.
        before = self.sampled if self.sampled is not None else self.newest
        self.newest = newest
        if live is False:
            before = newest
        slots = asyncio.Semaphore(WATCH_CONCURRENCY)

        async def tick(socket):
            async with slots:
                try:
                    await socket.watch_tick(live, before.get(socket.conversation.pk, 0))
                except asyncio.CancelledError:
                    raise
                except Exception:  # noqa: BLE001 — one socket's failure is not the others'
                    logger.warning("messaging watch: a socket's round failed", exc_info=True)

        await asyncio.gather(*(tick(socket) for socket in sockets))
        timing.debug(
            "watch sockets=%d probe=%.1f reads=%.1f ticks=%.1f",
            len(sockets),
            1000 * (probed - began),
            1000 * (read - began),
            1000 * (time.perf_counter() - read),
        )

    async def probe(self):
        """A message through the layer and back (the health check's test)."""
        try:
            await layers.round_trip(PROBE_TIMEOUT_SECONDS, prefix="messaging-watch.")
        except Exception as error:  # noqa: BLE001 — TimeoutError, Redis connection errors: the layer is away
            layers.breaker.failed(error)
            return False
        layers.breaker.succeeded()
        return True
