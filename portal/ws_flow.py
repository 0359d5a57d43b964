"""Backpressure for websockets: a client that does not read what it is sent is closed, not buffered for.

ASGI gives an application no view of the socket's outgoing buffer; under daphne (Twisted), whatever the
application sends is written to the transport, which buffers it without limit while the client does not read.
The transport tells a registered streaming producer when more than its buffer size (64 KiB) waits to be written
(pauseProducing) and when it has drained (resumeProducing): that is public Twisted API. What is private is how to
reach the transport from the ASGI `send` callable: daphne passes `partial(server.handle_reply, protocol)`,
wrapped by channels' session middleware (`.real_send`). Under any other server (tests' WebsocketCommunicator,
another ASGI server) no transport is found and nothing is limited here; docs/deployment.md says to serve /ws/
with daphne.

While paused, a socket may still be sent WEBSOCKET_MAX_UNREAD_BYTES more (settings), for at most
WEBSOCKET_MAX_STALL_SECONDS: past either bound
the application closes it (SLOW_READER_CLOSE_CODE; a page reconnects and catches up) and the connection is
dropped at once, its buffer with it (a close frame would wait behind what the client does not read).
"""

import functools
import logging
import time

from django.conf import settings

logger = logging.getLogger(__name__)

SLOW_READER_CLOSE_CODE = 4008


def transport_of(send):
    """The Twisted transport under daphne's `send`, or None."""
    for _ in range(8):  # a few middleware layers at most
        if isinstance(send, functools.partial):
            protocol = send.args[0] if send.args else None
            return getattr(protocol, "transport", None)
        owner = getattr(send, "__self__", None)
        inner = getattr(owner, "real_send", None) if owner is not None else None
        if inner is None:
            return None
        send = inner
    return None


def upgraded_http_channel(producer):
    """Twisted's HTTP channel registers itself on the transport; daphne moves the transport to the websocket
    protocol on upgrade and leaves that registration behind: the channel no longer serves this connection."""
    from twisted.web.http import HTTPChannel

    return isinstance(producer, HTTPChannel)


class OutgoingFlow:
    """A streaming producer registered on the transport, to learn when its client stops reading."""

    def __init__(self, transport):
        self.transport = transport
        self.paused_since = None
        self.sent_while_paused = 0

    @classmethod
    def of(cls, send):
        transport = transport_of(send)
        if transport is None or not hasattr(transport, "registerProducer"):
            return NoFlow()
        producer = getattr(transport, "producer", None)
        if producer is not None and not upgraded_http_channel(producer):
            return NoFlow()  # someone else's producer: leave it alone
        flow = cls(transport)
        try:
            if producer is not None:
                transport.unregisterProducer()
            transport.registerProducer(flow, True)
        except Exception:  # noqa: BLE001 — a transport that refuses (closing already): no limit for it
            return NoFlow()
        return flow

    # Twisted's IPushProducer.
    def pauseProducing(self):  # noqa: N802
        if self.paused_since is None:
            self.paused_since = time.monotonic()
            self.sent_while_paused = 0

    def resumeProducing(self):  # noqa: N802
        self.paused_since = None

    def stopProducing(self):  # noqa: N802
        self.paused_since = None

    @property
    def paused(self):
        """More than the transport's buffer waits for the client: what is not yet made had better wait."""
        return self.paused_since is not None

    def over_bound(self, size):
        """Count `size` bytes about to be sent; True when this client has stopped reading past the bounds."""
        if self.paused_since is None:
            return False
        self.sent_while_paused += size
        return (
            self.sent_while_paused > settings.WEBSOCKET_MAX_UNREAD_BYTES
            or time.monotonic() - self.paused_since > settings.WEBSOCKET_MAX_STALL_SECONDS
        )

    def drop(self):
        """End the connection now: the unread buffer goes with it."""
        try:
            self.transport.unregisterProducer()
            self.transport.abortConnection()
        except Exception:  # noqa: BLE001, S110 — gone already
            pass


class NoFlow:
    """No transport to watch (not daphne): nothing limited here."""

    paused = False

    def over_bound(self, size):
        return False

    def drop(self):
        pass
