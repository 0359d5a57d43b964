"""A queryset built and compiled once per shape, then run with the values of each call.

Django builds a queryset and compiles its SQL again each time it runs. The check every websocket frame makes
(portal.sessions.session_users: the stored session, then the user with four EXISTS for the second factor's rule)
spent four fifths of its time there, and that check was a third of a /ws/ process's CPU (py-spy, bench/faults.py,
30/11). The query stays written once, with the ORM, where its rule lives; this runs the SQL Django compiled from it,
with the values of the call in place of those it was compiled with.

The values that vary are the build function's arguments: lists of ids or keys (ints or strings; the shape is their
lengths) and single datetimes. Each is compiled as a sentinel and found once among the compiled parameters, as is or
as the database adapts a datetime (an unmatched or ambiguous shape is refused, not guessed). Rows come back as model
instances through `raw()`: annotations are plain attributes, as the database returns them (SQLite gives 0/1 for an
EXISTS).
"""

import datetime

from django.db import connections, router

SENTINEL = -(2**62)  # far from any primary key: the i-th value of a call is compiled as SENTINEL - i (or its kind's)
EPOCH = datetime.datetime(2001, 1, 1, tzinfo=datetime.UTC)
CACHED_UP_TO = 16  # values per call: shapes with more are compiled at each call (the watch's round, every 2 s)


def _sentinel(value, index):
    if isinstance(value, bool) or not isinstance(value, int | str | datetime.datetime):
        raise TypeError(f"portal.compiled takes ints, strings and datetimes, not {type(value).__name__}")
    if isinstance(value, datetime.datetime):
        return EPOCH + datetime.timedelta(seconds=index)
    if isinstance(value, str):
        return f"portal.compiled:{index}"
    return SENTINEL - index


def _adapted(connection, value):
    """How the database receives a value of this kind (a datetime: as its backend adapts it)."""
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def _flat(args):
    """(shape, values): each argument a list (its length is part of the shape) or a single datetime."""
    shape, values = [], []
    for arg in args:
        if isinstance(arg, datetime.datetime):
            shape.append(None)
            values.append(arg)
        else:
            arg = list(arg)
            shape.append(len(arg))
            values.extend(arg)
    return tuple(shape), values


class CompiledQuery:
    def __init__(self, build):
        """build(*args) → a QuerySet whose SQL depends on its arguments only where it filters on them."""
        self.build = build
        self._shapes = {}  # (shape, kinds of the values) → what _compile gives (setdefault: one kept per shape)

    def __call__(self, *args):
        """The instances the built queryset gives for these arguments, in one query (none when a list is empty)."""
        shape, values = _flat(args)
        if 0 in shape:
            return []
        key = (shape, tuple(type(value) for value in values))
        compiled = self._shapes.get(key)
        if compiled is None:
            compiled = self._compile(shape, values)
            if len(values) <= CACHED_UP_TO:
                compiled = self._shapes.setdefault(key, compiled)
        model, alias, sql, params, positions = compiled
        connection = connections[alias]
        params = list(params)
        for position, value in zip(positions, values, strict=True):
            params[position] = _adapted(connection, value)
        return list(model._default_manager.db_manager(alias).raw(sql, params))

    def _compile(self, shape, values):
        sentinels = [_sentinel(value, index) for index, value in enumerate(values)]
        remaining = iter(sentinels)
        arguments = [
            next(remaining) if length is None else [next(remaining) for _ in range(length)] for length in shape
        ]
        queryset = self.build(*arguments)
        alias = router.db_for_read(queryset.model)
        sql, params = queryset.query.get_compiler(using=alias).as_sql()
        positions = []
        for sentinel in sentinels:
            expected = _adapted(connections[alias], sentinel)
            found = [i for i, value in enumerate(params) if type(value) is type(expected) and value == expected]
            if len(found) != 1:
                raise ValueError(f"the compiled query holds {sentinel!r} {len(found)} times, not once")
            positions.append(found[0])
        return queryset.model, alias, sql, tuple(params), positions
