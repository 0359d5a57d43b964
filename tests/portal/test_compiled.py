"""portal.compiled: a queryset compiled once per shape gives what the ORM gives, reads the database at every call, and
refuses a shape it cannot fill in."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal import compiled, perms, second_factor
from portal.models import User
from tests.portal.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def users_with_flags(ids):
    return second_factor.with_requirement_flags(User.objects.filter(pk__in=ids, is_active=True))


class Counting:
    """The build function, counting its calls (one per compiled shape)."""

    def __init__(self, build=users_with_flags):
        self.build, self.calls = build, 0

    def __call__(self, *args):
        self.calls += 1
        return self.build(*args)


def flags(user):
    second_factor.adopt_requirement_flags(user)
    return (user.pk, perms.is_staff_member(user), perms.is_editor(user), second_factor.has_confirmed_device(user))


def variety(association):
    household = UserFactory()
    enrolled = UserFactory()
    TOTPDevice.objects.create(user=enrolled, name="téléphone", confirmed=True)
    unconfirmed = UserFactory()
    TOTPDevice.objects.create(user=unconfirmed, name="téléphone", confirmed=False)
    with_codes = UserFactory()
    StaticDevice.objects.create(user=with_codes, name="codes", confirmed=True).token_set.create(token="12345678")
    worker = MembershipFactory(organisation=association, user=UserFactory()).user
    editor = UserFactory()
    editor.groups.add(Group.objects.get_or_create(name=perms.EDITOR_GROUPS[0])[0])
    inactive = UserFactory(is_active=False)
    return [household, enrolled, unconfirmed, with_codes, worker, editor, inactive]


def test_it_gives_what_the_orm_gives_flags_included(association):
    people = variety(association)
    ids = [user.pk for user in people]
    expected = sorted(flags(user) for user in users_with_flags(ids))
    got = sorted(flags(user) for user in compiled.CompiledQuery(users_with_flags)(ids))
    assert got == expected
    assert len(got) == 6  # the inactive user is filtered out
    by_pk = {row[0]: row[1:] for row in got}
    household, enrolled, unconfirmed, with_codes, worker, editor, _ = people
    assert by_pk[household.pk] == (False, False, False)
    assert by_pk[enrolled.pk] == (False, False, True)
    assert by_pk[unconfirmed.pk] == (False, False, False)
    assert by_pk[with_codes.pk] == (False, False, True)
    assert by_pk[worker.pk] == (True, False, False)
    assert by_pk[editor.pk] == (True, True, False)
    assert all(type(value) is bool for row in got for value in row[1:])


def test_it_is_built_once_per_number_of_ids_and_reads_each_time(association):
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    build = Counting()
    query = compiled.CompiledQuery(build)
    assert [u.pk for u in query([first.pk])] == [first.pk]
    assert [u.pk for u in query([second.pk])] == [second.pk]  # the new id, not the one compiled first
    assert build.calls == 1
    assert sorted(u.pk for u in query([first.pk, third.pk])) == sorted([first.pk, third.pk])
    assert build.calls == 2
    # Rows are read again at every call: what changed since is seen.
    TOTPDevice.objects.create(user=second, name="téléphone", confirmed=True)
    assert flags(query([second.pk])[0])[3] is True
    User.objects.filter(pk=second.pk).update(is_active=False)
    with CaptureQueriesContext(connection) as queries:
        assert query([second.pk]) == []
    assert len(queries) == 1
    assert build.calls == 2


def test_many_ids_are_compiled_at_each_call(association):
    people = [UserFactory() for _ in range(compiled.CACHED_UP_TO + 1)]
    build = Counting()
    query = compiled.CompiledQuery(build)
    ids = [user.pk for user in people]
    assert sorted(u.pk for u in query(ids)) == sorted(ids)
    assert sorted(u.pk for u in query(ids)) == sorted(ids)
    assert build.calls == 2
    cached = [user.pk for user in people[: compiled.CACHED_UP_TO]]
    query(cached)
    query(cached)
    assert build.calls == 3


def test_no_ids_read_nothing():
    with CaptureQueriesContext(connection) as queries:
        assert compiled.CompiledQuery(users_with_flags)([]) == []
    assert len(queries) == 0


def unexpired(keys, now):
    return Session.objects.filter(session_key__in=keys, expire_date__gt=now)


def test_strings_and_a_datetime_are_filled_in_as_the_orm_would(association):
    """The stored sessions a frame's check reads (portal.sessions): keys and the instant, the boundary included."""
    now = datetime.datetime(2026, 11, 30, 12, 0, 0, 500000, tzinfo=datetime.UTC)
    tick = datetime.timedelta(microseconds=1)
    for key, expires in (("at", now), ("after", now + tick), ("before", now - tick), ("later", now + tick * 10**6)):
        Session.objects.create(session_key=key, session_data="", expire_date=expires)
    build = Counting(unexpired)
    query = compiled.CompiledQuery(build)
    keys = ["at", "after", "before"]
    assert sorted(s.session_key for s in query(keys, now)) == sorted(s.session_key for s in unexpired(keys, now))
    assert sorted(s.session_key for s in query(keys, now)) == ["after"]
    assert [s.session_key for s in query(["later"], now + tick * 10**6)] == []  # the instant of the call, not the first
    assert [s.session_key for s in query(["later"], now)] == ["later"]
    assert build.calls == 2  # three keys, then one
    assert query([], now) == []


@pytest.mark.parametrize("value", [True, 1.5, None])
def test_other_kinds_of_values_are_refused(value):
    with pytest.raises(TypeError):
        compiled.CompiledQuery(users_with_flags)([value])


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda ids: User.objects.filter(is_active=True), id="ids not used"),
        pytest.param(lambda ids: User.objects.filter(pk__in=ids) | User.objects.filter(id__in=ids), id="ids twice"),
    ],
)
def test_a_shape_that_does_not_hold_each_id_once_is_refused(build):
    user = UserFactory()
    with pytest.raises(ValueError, match="not once"):
        compiled.CompiledQuery(build)([user.pk])
