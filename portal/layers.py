"""A message through the channel layer and back: the health check's test and the messaging watch's probe; the
layer's breaker (publishing skips the layer for a moment after a failure; the watch's probe closes it again)."""

import asyncio
import contextlib
import uuid

from channels.layers import get_channel_layer

from portal.resilience import Breaker

# Two seconds, one messaging watch period: a /ws/ process's watch probe closes it sooner when the layer answers, but
# a process without sockets (the HTTP process) has no probe, and its sends reached open pages only through the
# watch for the whole breaker after an outage or one slow publish (issue 24: recovery 4.3 s after Redis came back).
breaker = Breaker("channel layer", seconds=2)


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
