"""Websocket session checks (portal/sessions.py): right for each kind of user, and as many queries for fifty sockets
as for two (the messaging watch checks every open socket each round; it once cost four queries per household)."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal import sessions
from tests.conftest import verify_client
from tests.portal.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def scope_of(client, user):
    return {"session": SessionStore(session_key=client.cookies["sessionid"].value), "user": user}


def household_scope():
    user = UserFactory(confirmed=True)
    client = Client()
    client.force_login(user)
    return scope_of(client, user)


def verified_worker_scope(association):
    user = MembershipFactory(organisation=association, user=UserFactory()).user
    return scope_of(verify_client(Client(), user), user)


def valid_with_queries(scopes):
    with CaptureQueriesContext(connection) as queries:
        valid = sessions.valid_scopes(scopes)
    return valid, len(queries)


def test_each_kind_of_session_is_judged_as_the_rule_says(association):
    household, worker = household_scope(), verified_worker_scope(association)
    enrolled = household_scope()  # a household that enrolled a device, on a session without the second factor
    TOTPDevice.objects.create(user=enrolled["user"], name="téléphone", confirmed=True)
    unverified_worker = MembershipFactory(organisation=association, user=UserFactory()).user
    client = Client()
    client.force_login(unverified_worker)
    assert sessions.valid_scopes([household, worker, enrolled, scope_of(client, unverified_worker)]) == [
        True,
        True,
        False,
        False,
    ]


def test_fifty_sockets_cost_the_queries_of_two(association):
    few = [household_scope(), verified_worker_scope(association)]
    many = few + [household_scope() for _ in range(24)] + [verified_worker_scope(association) for _ in range(24)]
    valid_few, queries_few = valid_with_queries(few)
    valid_many, queries_many = valid_with_queries(many)
    assert valid_few == [True, True] and valid_many == [True] * 50
    # The stored sessions, the users with what the second-factor rule reads about them, the verified devices.
    assert queries_few == queries_many == 3


def lazy(scope):
    """The scope as channels' auth middleware leaves it here (portal.ws_auth): the user not read yet."""
    from channels.auth import UserLazyObject

    return {**scope, "user": UserLazyObject()}


def test_a_new_socket_acts_as_its_session_user_read_once(association):
    """The opening hop reads the session and the user once (three queries: session, user, device), with the same
    rules as every later frame; channels' get_user read both before this check read them again."""
    from portal import ws_auth

    household, worker = household_scope(), verified_worker_scope(association)
    unverified_worker = MembershipFactory(organisation=association, user=UserFactory()).user
    client = Client()
    client.force_login(unverified_worker)
    for scope, expected in ((household, household["user"]), (worker, worker["user"])):
        opening = lazy(scope)
        with CaptureQueriesContext(connection) as queries:
            assert ws_auth.socket_user(opening) == expected
        assert len(queries) <= 3
        assert opening["user"].pk == expected.pk
        assert sessions.valid_scopes([opening]) == [True]
    refused = lazy(scope_of(client, unverified_worker))
    assert ws_auth.socket_user(refused) is None
    assert not refused["user"].is_authenticated
    assert sessions.valid_scopes([refused]) == [False]


def test_a_frame_check_does_not_build_the_user_query_again(association, monkeypatch):
    """Every frame of every socket makes this check: its user query (four EXISTS for the second factor's rule) is
    built and compiled once per number of users (portal.compiled), not at each frame; it was a third of a /ws/
    process's CPU. What the rule reads is still read at each frame."""
    from portal import second_factor

    builds = []
    build = second_factor.with_requirement_flags
    monkeypatch.setattr(second_factor, "with_requirement_flags", lambda users: builds.append(1) or build(users))
    household = household_scope()
    assert [sessions.valid_scopes([household]) for _ in range(3)] == [[True]] * 3
    assert len(builds) <= 1
    TOTPDevice.objects.create(user=household["user"], name="téléphone", confirmed=True)  # now required: not verified
    assert sessions.valid_scopes([household]) == [False]
