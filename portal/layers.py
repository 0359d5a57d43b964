"""A message through the channel layer and back: the health check's test and the messaging watch's probe."""

import asyncio
import contextlib

from channels.layers import get_channel_layer


async def round_trip(timeout=2, prefix="sante."):
    """Raises when the layer does not carry a message back within `timeout` seconds.

    The channel exists (is subscribed) before the send: a publish/subscribe layer drops messages for channels
    nobody listens to. A cancelled receive then ends it (the publish/subscribe layer unsubscribes it).
    """
    layer = get_channel_layer()
    async with asyncio.timeout(timeout):
        channel = await layer.new_channel(prefix)
        await layer.send(channel, {"type": "layer.ping"})
        await layer.receive(channel)
    ending = asyncio.ensure_future(layer.receive(channel))
    await asyncio.sleep(0)
    ending.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await ending
