"""A queryset built and compiled once per shape, then run with new ids.

Django builds a queryset and compiles its SQL again each time it runs. The check every websocket frame makes
(portal.sessions.session_users: the user, with four EXISTS for the second factor's rule) spent four fifths of its
time there, and that check was a third of a /ws/ process's CPU (py-spy, bench/faults.py, 30/11). The query stays
written once, with the ORM, where its rule lives; this runs the SQL Django compiled from it, with the ids of the
call in place of those it was compiled with.

Only integer ids vary (a `pk__in`, say): they are sentinels at compile time, found once each among the compiled
parameters (an unmatched or ambiguous shape is refused, not guessed). Rows come back as model instances through
`raw()`: annotations are plain attributes, as the database returns them (SQLite gives 0/1 for an EXISTS).
"""

import threading

from django.db import router

SENTINEL = -(2**62)  # far from any primary key; the i-th id of a call is compiled as SENTINEL - i
CACHED_UP_TO = 16  # ids per call: shapes with more are compiled at each call (the watch's round, every 2 s)


class CompiledQuery:
    def __init__(self, build):
        """build(ids) → a QuerySet whose SQL depends on `ids` (a list of ints) only where it filters on them."""
        self.build = build
        self._shapes = {}
        self._lock = threading.Lock()

    def __call__(self, ids):
        """The instances the built queryset gives for these ids (distinct ints), in one query."""
        ids = list(ids)
        if not ids:
            return []
        shape = self._shapes.get(len(ids)) if len(ids) <= CACHED_UP_TO else None
        if shape is None:
            shape = self._compile(len(ids))
            if len(ids) <= CACHED_UP_TO:
                with self._lock:
                    self._shapes.setdefault(len(ids), shape)
        model, alias, sql, params, positions = shape
        values = list(params)
        for position, value in zip(positions, ids, strict=True):
            values[position] = int(value)
        return list(model._default_manager.db_manager(alias).raw(sql, values))

    def _compile(self, count):
        sentinels = [SENTINEL - i for i in range(count)]
        queryset = self.build(sentinels)
        alias = router.db_for_read(queryset.model)
        sql, params = queryset.query.get_compiler(using=alias).as_sql()
        positions = []
        for sentinel in sentinels:
            found = [i for i, value in enumerate(params) if type(value) is int and value == sentinel]
            if len(found) != 1:
                raise ValueError(f"the compiled query holds id {sentinel} {len(found)} times, not once")
            positions.append(found[0])
        return queryset.model, alias, sql, tuple(params), positions
