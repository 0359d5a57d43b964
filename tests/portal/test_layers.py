"""The channel layer (portal/layers.py): channels-redis's publish/subscribe layer, where joining a group does not
wait for the publishes in flight."""

import asyncio

from portal import layers


def stubbed_layer(backend, publishing):
    """A layer of `backend` whose Redis is a stub: a publish waits for `publishing` to be set; subscribing is
    immediate. Nothing reaches a real Redis."""

    class Redis:
        async def publish(self, channel, message):
            await publishing.wait()

        async def aclose(self, **kwargs):
            pass

    class PubSub:
        """Redis's side of the subscribing connection: what it is subscribed to, a round trip per command."""

        subscribed = False

        def __init__(self):
            self.server = set()

        async def subscribe(self, *channels):
            await asyncio.sleep(0.01)
            self.server.update(channels)

        async def unsubscribe(self, *channels):
            await asyncio.sleep(0.01)
            self.server.difference_update(channels)

    layer = backend(hosts=["redis://127.0.0.1:1/0"])
    loop_layer = layer._get_layer()
    for shard in loop_layer._shards:
        shard._redis, shard._pubsub = Redis(), PubSub()
        shard._receive_task = asyncio.ensure_future(asyncio.sleep(60))  # no receiving loop on the stub
    loop_layer.channels["specific.page"] = asyncio.Queue()
    return layer, loop_layer


async def test_a_group_is_joined_while_a_publish_is_in_flight():
    """After a kill -9 the fifty pages that reconnect to the process that stays join their groups while it publishes
    fifty messages a second: channels-redis's connection held one lock for both, and the joins waited past 1 s."""
    publishing = asyncio.Event()
    layer, loop_layer = stubbed_layer(layers.PubSubChannelLayer, publishing)
    in_flight = asyncio.ensure_future(layer.group_send("conversation.1", {"type": "message.new"}))
    await asyncio.sleep(0.01)
    try:
        async with asyncio.timeout(1):
            await layer.group_add("conversation.2", "specific.page")
        assert not in_flight.done()
    finally:
        publishing.set()
        await in_flight
    assert "specific.page" in loop_layer.groups[loop_layer._get_group_channel_name("conversation.2")]
    await layer.flush()


async def test_the_layer_in_settings_is_this_one(settings):
    assert settings.CHANNEL_LAYER_BACKEND == "portal.layers.PubSubChannelLayer"


async def test_subscriptions_asked_together_go_in_one_command():
    """Fifty pages reconnecting at once: a channel and three groups each, in a few SUBSCRIBE commands, not two
    hundred taken one after another."""
    publishing = asyncio.Event()
    publishing.set()
    layer, loop_layer = stubbed_layer(layers.PubSubChannelLayer, publishing)
    commands = []
    pubsub = loop_layer._shards[0]._pubsub

    async def subscribe(*channels):
        commands.append(channels)
        await asyncio.sleep(0.01)

    pubsub.subscribe = subscribe
    for page in range(50):
        loop_layer.channels[f"specific.{page}"] = asyncio.Queue()
    async with asyncio.timeout(5):
        await asyncio.gather(
            *(layer.group_add(f"{kind}.{page}", f"specific.{page}") for page in range(50) for kind in ("a", "b", "c"))
        )
    assert len(commands) <= 2
    assert sorted(channel for command in commands for channel in command) == sorted(
        loop_layer._get_group_channel_name(f"{kind}.{page}") for page in range(50) for kind in ("a", "b", "c")
    )
    await layer.flush()


async def test_a_failed_subscription_raises_for_its_callers_and_the_next_one_tries_again():
    publishing = asyncio.Event()
    layer, loop_layer = stubbed_layer(layers.PubSubChannelLayer, publishing)
    pubsub, attempts = loop_layer._shards[0]._pubsub, []

    async def subscribe(*channels):
        attempts.append(channels)
        if len(attempts) == 1:
            raise ConnectionError("Redis is down")

    pubsub.subscribe = subscribe
    try:
        await layer.group_add("conversation.1", "specific.page")
    except ConnectionError:
        pass
    else:
        raise AssertionError("the caller was not told")
    await layer.group_add("conversation.1", "specific.page")
    assert len(attempts) == 2
    await layer.flush()


async def test_a_socket_joining_as_the_last_one_leaves_stays_subscribed():
    """The group's last socket leaves while another joins it: the joining socket's subscribe() saw the group still
    subscribed and returned, then the leaving one's UNSUBSCRIBE went through; the process heard nothing more."""
    layer, loop_layer = stubbed_layer(layers.PubSubChannelLayer, asyncio.Event())
    for page in ("specific.a", "specific.b"):
        loop_layer.channels[page] = asyncio.Queue()
    await layer.group_add("conversation.1", "specific.a")
    group = loop_layer._get_group_channel_name("conversation.1")
    leaving = asyncio.ensure_future(layer.group_discard("conversation.1", "specific.a"))
    await asyncio.sleep(0)
    await layer.group_add("conversation.1", "specific.b")
    await leaving
    shard = loop_layer._get_shard(group)
    assert group in shard._pubsub.server and group in shard._subscribed_to
    await layer.flush()


async def test_a_channel_given_up_while_subscribing_is_not_left_subscribed():
    """A socket whose opening timed out (LAYER_CALL_SECONDS) gave its channel up while the SUBSCRIBE was on its way:
    the channel stayed subscribed for the process's life, and subscribed again after each reconnection."""
    layer, loop_layer = stubbed_layer(layers.PubSubChannelLayer, asyncio.Event())
    shard = loop_layer._shards[0]
    subscribe = shard._pubsub.subscribe

    async def slow(*channels):
        await asyncio.sleep(0.2)
        await subscribe(*channels)

    shard._pubsub.subscribe = slow
    try:
        async with asyncio.timeout(0.05):
            await layers.new_channel(layer)
    except TimeoutError:
        pass
    await asyncio.sleep(0.4)
    assert list(loop_layer.channels) == ["specific.page"]  # the stub's own page; the given-up channel is gone
    assert shard._subscribed_to == set() and shard._pubsub.server == set()
    await layer.flush()
