"""bench/faults.py's pages follow the page's reconnection rule, and its recovery says how long a page lacked a
message after the fault's end."""

import pytest

from bench.fault_measures import away_poll_delay, latest, reconnect_delay, recovery_seconds


@pytest.mark.parametrize(("draw", "seconds"), [(0.0, 0.2), (0.5, 0.6), (0.999999, 1.0)])
def test_the_first_reconnection_comes_after_a_fifth_of_a_second_to_one_second(draw, seconds):
    assert reconnect_delay(0, draw=lambda: draw) == pytest.approx(seconds, abs=1e-5)


@pytest.mark.parametrize(("attempt", "longest"), [(1, 2), (2, 4), (3, 8), (4, 16), (5, 30), (6, 30), (20, 30)])
def test_later_attempts_back_off_exponentially_with_full_jitter_between_one_and_thirty_seconds(attempt, longest):
    assert reconnect_delay(attempt, draw=lambda: 0.0) == 1
    assert reconnect_delay(attempt, draw=lambda: 0.999999) == pytest.approx(longest, abs=1e-4)


@pytest.mark.parametrize(("draw", "seconds"), [(0.0, 1.5), (0.5, 2.0), (0.999999, 2.5)])
def test_a_page_without_its_socket_asks_over_http_every_one_and_a_half_to_two_and_a_half_seconds(draw, seconds):
    assert away_poll_delay(draw=lambda: draw) == pytest.approx(seconds, abs=1e-5)


@pytest.mark.parametrize(("failures", "longest"), [(1, 3), (2, 6), (3, 12), (4, 24), (5, 30), (9, 30)])
def test_while_its_asking_fails_it_backs_off_up_to_thirty_seconds(failures, longest):
    assert away_poll_delay(failures, draw=lambda: 0.0) == 1.5
    assert away_poll_delay(failures, draw=lambda: 0.999999) == pytest.approx(longest, abs=1e-4)


def test_recovery_counts_a_message_sent_during_the_fault_from_the_fault_s_end():
    messages = [(1, 7, 10.0)]
    pages = [(1, {7: 10.5}), (1, {7: 13.0})]  # the sender's page at its ack, the peer's once it caught up
    assert recovery_seconds(messages, pages, fault_end=12.0) == pytest.approx(1.0)


def test_recovery_counts_a_message_sent_after_the_fault_from_its_sending():
    # A page still without its socket got the peer's message sent after the fault's end only when it caught up.
    messages = [(1, 8, 20.0)]
    pages = [(1, {8: 20.01}), (1, {8: 23.5})]
    assert recovery_seconds(messages, pages, fault_end=12.0) == pytest.approx(3.5)


def test_recovery_ignores_what_came_before_the_fault_other_conversations_and_unsent_history():
    messages = [(1, 1, 2.0), (1, 2, None), (2, 1, 15.0)]
    pages = [(1, {1: 3.0, 2: 40.0}), (2, {1: 15.2}), (3, {1: 90.0})]
    assert recovery_seconds(messages, pages, fault_end=12.0) == pytest.approx(0.2)


def test_a_message_a_page_never_showed_is_missing_not_recovery():
    assert recovery_seconds([(1, 5, 13.0)], [(1, {})], fault_end=12.0) == 0


def test_latest_names_the_message_and_the_page_the_recovery_comes_from():
    messages = [(1, 7, 10.0), (1, 8, 20.0)]
    pages = [(1, {7: 10.5, 8: 20.1}), (1, {7: 13.0, 8: 23.5})]
    assert latest(messages, pages, fault_end=12.0) == (pytest.approx(3.5), (1, 8, 20.0, 23.5, 1))
