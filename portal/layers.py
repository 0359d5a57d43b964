"""The channel layer: channels-redis's publish/subscribe layer without its one lock on publishing
(`PubSubChannelLayer`, settings.CHANNEL_LAYER_BACKEND); a message through the layer and back (the health check's
test and the messaging watch's probe); the layer's breaker (publishing skips the layer for a moment after a failure;
the watch's probe closes it again)."""

import asyncio
import contextlib
import uuid

from channels.layers import get_channel_layer
from channels_redis import pubsub

from portal.resilience import Breaker

# Two seconds, one messaging watch period: a /ws/ process's watch probe closes it sooner when the layer answers, but
# a process without sockets (the HTTP process) has no probe, and its sends reached open pages only through the
# watch for the whole breaker after an outage or one slow publish (issue 24: recovery 4.3 s after Redis came back).
# While it is open, one publish goes ahead as a trial a quarter of a second after the last failure, and its success
# closes it (portal/resilience.py).
breaker = Breaker("channel layer", seconds=2, trial_every=0.25)


async def round_trip(timeout=2, prefix="sante."):
    """Raises when the layer does not carry a message back within `timeout` seconds.

    The channel exists (is subscribed) before the send: a publish/subscribe layer drops messages for channels
    nobody listens to. A cancelled receive then ends it (the publish/subscribe layer unsubscribes it).
    """
    layer = get_channel_layer()
    async with asyncio.timeout(timeout):
        channel = await new_channel(layer, prefix)
        await layer.send(channel, {"type": "layer.ping"})
        await layer.receive(channel)
    ending = asyncio.ensure_future(layer.receive(channel))
    await asyncio.sleep(0)
    ending.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await ending


async def new_channel(layer, prefix="specific."):
    """layer.new_channel(), leaving nothing behind when it fails.

    The publish/subscribe layer registers the channel's queue before subscribing: a subscription that fails (Redis
    down) would leave a queue for ever, one per attempt. The name gets a part of our own so that we can find it.
    """
    own = f"{prefix}{uuid.uuid4().hex}."
    try:
        return await layer.new_channel(own)
    except BaseException:
        channels = getattr(layer, "channels", None)
        if isinstance(channels, dict):
            for name in [name for name in channels if own in name]:
                channels.pop(name, None)
        raise


class _Shard(pubsub.RedisSingleShardConnection):
    """channels-redis's connection to one Redis, where a publish does not take the connection's lock and the
    subscriptions asked meanwhile go in one SUBSCRIBE.

    That lock guards the subscribing connection. Publish held it for a whole round trip on the other (pooled)
    connections, and each subscription took it in turn: after a kill -9, the fifty pages reconnecting to the process
    that stays (two hundred subscriptions: a channel and three groups each) waited behind each other and behind the
    process's fifty publishes a second, up to a second each on a loaded event loop (past LAYER_CALL_SECONDS), and
    publishes went past their half second (issue 24)."""

    def __init__(self, host, channel_layer):
        super().__init__(host, channel_layer)
        self._wanted = {}  # channel → future: subscribed by the next SUBSCRIBE
        self._subscribing = None  # the task that sends them

    async def publish(self, channel, message):
        if self._redis is None:
            async with self._lock:
                self._ensure_redis()
        await self._redis.publish(channel, message)

    def _in_use(self, channel):
        """A channel of a socket of this process, or a group one of them is in: its subscription is wanted."""
        return channel in self.channel_layer.channels or bool(self.channel_layer.groups.get(channel))

    async def subscribe(self, channel):
        if channel in self._subscribed_to:  # subscribed (an unsubscription takes it out first): nothing to wait for
            return
        future = self._wanted.get(channel)
        if future is None:
            future = self._wanted[channel] = asyncio.get_running_loop().create_future()
            future.add_done_callback(_retrieved)
        if self._subscribing is None or self._subscribing.done():
            self._subscribing = asyncio.ensure_future(self._subscribe_wanted())
        await asyncio.shield(future)  # a caller that gives up does not cancel the others' subscription

    async def _subscribe_wanted(self):
        try:
            async with self._lock:
                while self._wanted:
                    batch, self._wanted = self._wanted, {}
                    await self._subscribe_batch(batch)
        finally:  # cancelled (the loop closing): nobody waits for ever; callers see an error they handle
            for future in [*self._wanted.values()]:
                if not future.done():
                    future.set_exception(ConnectionError("subscription abandoned"))
            self._wanted = {}

    async def _subscribe_batch(self, batch):
        wanted = [channel for channel in batch if self._in_use(channel)]  # those given up meanwhile: not sent
        try:
            if wanted:
                self._ensure_redis()
                self._ensure_receiver()
                await self._pubsub.subscribe(*wanted)
        except BaseException as error:  # Redis down: each caller gets the error and retries later
            failure = error if isinstance(error, Exception) else ConnectionError("subscription abandoned")
            for future in batch.values():
                if not future.done():
                    future.set_exception(failure)
            if not isinstance(error, Exception):
                raise
            return
        self._subscribed_to.update(wanted)
        # Given up while it was sent (a socket whose opening timed out): not left subscribed for the process's life.
        stale = [channel for channel in wanted if not self._in_use(channel)]
        if stale:
            self._subscribed_to.difference_update(stale)
            with contextlib.suppress(Exception):
                await self._pubsub.unsubscribe(*stale)
        for future in batch.values():
            if not future.done():
                future.set_result(None)

    async def unsubscribe(self, channel):
        future = self._wanted.pop(channel, None)  # not sent yet: it never will be
        if future is not None and not future.done():
            future.set_result(None)
        async with self._lock:
            # Taken out before the round trip, so that a socket joining meanwhile subscribes again behind it; not at
            # all if one has joined while this waited for the lock. Otherwise the joining socket's subscribe() saw it
            # still subscribed and returned, and the UNSUBSCRIBE that followed left it deaf.
            if channel not in self._subscribed_to or self._in_use(channel):
                return
            self._subscribed_to.discard(channel)
            self._ensure_redis()
            self._ensure_receiver()
            await self._pubsub.unsubscribe(channel)


def _retrieved(future):
    """A subscription's error is its callers'; one nobody waits for any more is not logged as never retrieved."""
    if not future.cancelled():
        future.exception()


class PubSubChannelLayer(pubsub.RedisPubSubChannelLayer):
    """channels-redis's publish/subscribe layer (one per event loop), with _Shard's connections."""

    def _get_layer(self):
        layer = super()._get_layer()
        if not all(isinstance(shard, _Shard) for shard in layer._shards):
            layer._shards = [_Shard(shard.host, layer) for shard in layer._shards]
        return layer
