"""The rules bench/faults.py's pages follow and what it computes from their records, apart from the processes (so
they are unit-tested without starting any: tests/bench/test_fault_measures.py)."""

import random

FIRST_RECONNECT_SECONDS = (0.2, 1.0)
MAX_RECONNECT_SECONDS = 30
AWAY_POLL_SECONDS = (1.5, 2.5)


def away_poll_delay(failures=0, draw=random.random):
    """Seconds until a page without its socket asks over HTTP what it lacks (after the close, then again until a
    socket opens), as `awayPollDelay` in static/js/messaging.js: 1.5–2.5 s while the server answers; after
    `failures` unanswered ones in a row, backoff with full jitter from 1.5 s up to 30 s."""
    low, high = AWAY_POLL_SECONDS
    if not failures:
        return low + draw() * (high - low)
    return low + draw() * (min(MAX_RECONNECT_SECONDS, low * 2**failures) - low)


def reconnect_delay(attempt, draw=random.random):
    """Seconds before reconnection attempt `attempt` (0 for the first after a close), as `reconnectDelay` in
    static/js/messaging.js: the first after 0.2 to 1 s, then exponential backoff with full jitter between 1 and 30 s."""
    if attempt == 0:
        low, high = FIRST_RECONNECT_SECONDS
        return low + draw() * (high - low)
    return 1 + draw() * (min(MAX_RECONNECT_SECONDS, 2**attempt) - 1)


def recovery_seconds(messages, pages, fault_end):
    """How long after the fault's end a page still lacked a message: for every message and every page of its
    conversation, the moment the page showed it minus the later of the fault's end and the message's sending; the
    worst of these (0 when none is late). A message sent before the fault's end (during the fault, or just before
    it and caught in it) counts from the fault's end; one sent after it, from its sending (a page still without its
    socket gets it only when it catches up).

    messages: (conversation, seq, sent_at), sent_at None for what the harness did not send;
    pages: (conversation, {seq: shown_at}). A message a page never showed is « missing », counted apart."""
    return latest(messages, pages, fault_end)[0]


def latest(messages, pages, fault_end):
    """recovery_seconds and where it comes from: (seconds, (conversation, seq, sent_at, shown_at, page index)), the
    second None when no page showed anything."""
    worst, where = 0.0, None
    for index, (conversation, shown) in enumerate(pages):
        for message_conversation, seq, sent_at in messages:
            if message_conversation != conversation or sent_at is None or seq not in shown:
                continue
            late = shown[seq] - max(sent_at, fault_end)
            if where is None or late > worst:
                worst, where = max(worst, late), (conversation, seq, sent_at, shown[seq], index)
    return worst, where
