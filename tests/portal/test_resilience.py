"""The breaker that spares callers a failing dependency (portal/resilience.py), with and without trials."""

import pytest

from portal.resilience import Breaker


@pytest.fixture
def clock(monkeypatch):
    """time.monotonic() as the test sets it."""
    now = [1000.0]
    monkeypatch.setattr("portal.resilience.time.monotonic", lambda: now[0])
    return now


def test_a_closed_breaker_admits_every_call(clock):
    breaker = Breaker("dépendance", seconds=2, trial_every=0.25)
    assert [breaker.admit() for _ in range(3)] == [True, True, True]


def test_without_trials_an_open_breaker_admits_nothing_until_its_time_is_up(clock):
    breaker = Breaker("dépendance", seconds=2)
    breaker.failed(TimeoutError())
    clock[0] += 1.99
    assert not breaker.admit()
    clock[0] += 0.01
    assert breaker.admit()


def test_an_open_breaker_admits_one_trial_a_quarter_second_after_the_last_failure(clock):
    breaker = Breaker("dépendance", seconds=2, trial_every=0.25)
    breaker.failed(TimeoutError())
    clock[0] += 0.24
    assert not breaker.admit()  # a dependency that is down is not hammered
    clock[0] += 0.01
    assert breaker.admit()  # the trial
    assert not breaker.admit()  # while it runs
    breaker.failed(TimeoutError())  # it failed: still open, the next trial a quarter second later
    assert breaker.open
    assert not breaker.admit()
    clock[0] += 0.25
    assert breaker.admit()


def test_a_successful_trial_closes_the_breaker(clock):
    breaker = Breaker("dépendance", seconds=2, trial_every=0.25)
    breaker.failed(TimeoutError())
    clock[0] += 0.25
    assert breaker.admit()
    breaker.succeeded()
    assert not breaker.open
    assert [breaker.admit() for _ in range(3)] == [True, True, True]


def test_an_abandoned_trial_lets_the_next_call_try(clock):
    breaker = Breaker("dépendance", seconds=2, trial_every=0.25)
    breaker.failed(TimeoutError())
    clock[0] += 0.25
    assert breaker.admit()
    breaker.abandoned()
    assert breaker.open
    assert breaker.admit()
