"""Backpressure for websockets (portal/ws_flow.py): the transport under daphne's send, and the bounds."""

import functools

from django.conf import settings
from twisted.web.http import HTTPChannel

from portal import ws_flow


class FakeTransport:
    def __init__(self, producer=None):
        self.producer = producer
        self.aborted = False

    def registerProducer(self, producer, streaming):  # noqa: N802
        assert self.producer is None and streaming
        self.producer = producer

    def unregisterProducer(self):  # noqa: N802
        self.producer = None

    def abortConnection(self):  # noqa: N802
        self.aborted = True


class FakeProtocol:
    def __init__(self, transport):
        self.transport = transport


class SessionWrapper:
    """As channels' InstanceSessionWrapper: its send calls `real_send`."""

    def __init__(self, send):
        self.real_send = send

    async def send(self, message):
        await self.real_send(message)


async def handle_reply(protocol, message):
    pass


def daphne_send(transport):
    return SessionWrapper(functools.partial(handle_reply, FakeProtocol(transport))).send


def test_the_transport_is_found_under_the_session_wrapper():
    transport = FakeTransport()
    assert ws_flow.transport_of(daphne_send(transport)) is transport
    assert ws_flow.transport_of(handle_reply) is None  # another server: nothing to watch


def test_the_upgraded_http_channel_gives_way_and_a_stalled_client_is_dropped_past_the_bound():
    transport = FakeTransport(producer=HTTPChannel())
    flow = ws_flow.OutgoingFlow.of(daphne_send(transport))
    assert transport.producer is flow
    assert not flow.over_bound(10 * settings.WEBSOCKET_MAX_UNREAD_BYTES)  # reading: no limit
    flow.pauseProducing()
    assert not flow.over_bound(settings.WEBSOCKET_MAX_UNREAD_BYTES)
    assert flow.over_bound(1)  # one byte past the bound while paused
    flow.resumeProducing()
    assert not flow.over_bound(10 * settings.WEBSOCKET_MAX_UNREAD_BYTES)
    flow.drop()
    assert transport.aborted and transport.producer is None


def test_someone_elses_producer_is_left_alone():
    other = object()
    transport = FakeTransport(producer=other)
    assert isinstance(ws_flow.OutgoingFlow.of(daphne_send(transport)), ws_flow.NoFlow)
    assert transport.producer is other
