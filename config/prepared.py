"""Querysets built and compiled once, then run with each request's values (issue 15).

Django builds a queryset (each `filter`, `annotate`, `select_related` a copy of a tree of Python objects) and
compiles it to SQL again on every request. For the pages' small queries that is most of their cost: measured on
the real bundle, a program page's occupations with their national pay (four correlated subqueries) take 2.8 ms
through the ORM, of which 0.2 ms is the database; prepared, 0.6 ms. See docs/performance.md.

    occupations = PreparedQuery(lambda code: Occupation.objects.for_cip_code(code).with_national_pay(), str)
    occupations("51.07")  # a list of Occupation, as list(queryset) gives

`build` is called once per database connection and language with a marker for each value; the compiled SQL's
parameters are searched for the markers, and each run puts its values where the markers were. So only a value
the SQL takes as it is (an exact lookup, or a `startswith` one) can be a parameter; anything else (a value the
query's shape depends on, a list) is refused when the query is prepared, never run wrong. Anything the queryset
reads when it is built, other than its parameters, is fixed from then on: the date, a setting. Built per language,
so a translated word in a query is the request's own.

Rows become model instances as Django's ModelIterable makes them (select_related objects, annotations);
`prefetch_related` lookups on the built queryset are run by Django after each run, uncompiled.
"""

import secrets
import threading

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import prefetch_related_objects
from django.db.models.query import ModelIterable, get_related_populators
from django.utils.translation import get_language

# Far outside any id the database hands out, and distinct per parameter.
_INT_MARKER_BASE = -(2**52)


class PreparedQuery:
    """`build(*markers)` returns a QuerySet; calling the PreparedQuery with values returns its rows as a list."""

    def __init__(self, build, *kinds, using="default"):
        if any(kind not in (str, int) for kind in kinds):
            raise ImproperlyConfigured("A prepared query's parameters are str or int.")
        self.build = build
        self.kinds = kinds
        self.using = using
        self._token = secrets.token_hex(8)
        # One compiled query per thread (a compiler holds its thread's connection), database and language.
        self._local = threading.local()

    def _markers(self):
        return [
            f"\x00prepared:{index}:{self._token}" if kind is str else _INT_MARKER_BASE - index
            for index, kind in enumerate(self.kinds)
        ]

    def _compiled(self):
        compiled = getattr(self._local, "compiled", None)
        if compiled is None:
            compiled = self._local.compiled = {}
        key = (self.using, get_language())
        if key not in compiled:
            compiled[key] = _Compiled(self.build, self._markers(), self.using)
        return compiled[key]

    def __call__(self, *values):
        if len(values) != len(self.kinds):
            raise TypeError(f"This prepared query takes {len(self.kinds)} values, not {len(values)}.")
        for value, kind in zip(values, self.kinds, strict=True):
            if not isinstance(value, kind) or isinstance(value, bool):
                raise TypeError(f"{value!r} is not a {kind.__name__}.")
        return self._compiled().run(values)


class _Compiled:
    def __init__(self, build, markers, using):
        queryset = build(*markers)
        if queryset._iterable_class is not ModelIterable or queryset._known_related_objects:
            raise ImproperlyConfigured("A prepared query lists model instances from a manager's own queryset.")
        self.using = using
        self.prefetches = queryset._prefetch_related_lookups
        self.compiler = queryset.query.get_compiler(using=using)
        self.sql, params = self.compiler.as_sql()
        self.params = list(params)
        # Where each value goes: (position, marker index, as a LIKE prefix).
        self.slots = []
        found = set()
        for position, param in enumerate(self.params):
            for index, marker in enumerate(markers):
                if param == marker and type(param) is type(marker):
                    self.slots.append((position, index, False))
                elif isinstance(marker, str) and param == f"{marker}%":
                    self.slots.append((position, index, True))
                elif isinstance(marker, str) and isinstance(param, str) and marker in param:
                    raise ImproperlyConfigured(
                        f"A prepared query's value is changed before it reaches the SQL: {param!r}"
                    )
                else:
                    continue
                found.add(index)
        missing = set(range(len(markers))) - found
        if missing or any(str(marker) in self.sql for marker in markers):
            raise ImproperlyConfigured("A prepared query's values must each be one of the SQL's parameters.")
        klass_info = self.compiler.klass_info
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        self.model = klass_info["model"]
        self.fields = slice(start, end)
        self.init_list = [column[0].target.attname for column in self.compiler.select[start:end]]
        self.populators = get_related_populators(klass_info, self.compiler.select, using)
        self.annotations = list((self.compiler.annotation_col_map or {}).items())

    def run(self, values):
        connection = connections[self.using]
        params = list(self.params)
        for position, index, like_prefix in self.slots:
            value = values[index]
            params[position] = f"{connection.ops.prep_for_like_query(value)}%" if like_prefix else value
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        instances = []
        for row in self.compiler.results_iter([rows]):
            instance = self.model.from_db(self.using, self.init_list, row[self.fields])
            for populator in self.populators:
                populator.populate(row, instance)
            for name, column in self.annotations:
                setattr(instance, name, row[column])
            instances.append(instance)
        if self.prefetches and instances:
            prefetch_related_objects(instances, *self.prefetches)
        return instances


def attach(instance, name, rows):
    """Hand `rows` to `instance` as `prefetch_related(name)` would: `instance.<name>.all()` then reads them with no
    query. For a prepared query of one instance's related rows."""
    from django.db.models import QuerySet

    queryset = QuerySet(model=type(instance)._meta.get_field(name).related_model)
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def padded(values, size):
    """`values` made `size` long by repeating the last one, for a query prepared with `size` values in an IN list:
    a repeated value changes nothing there, so one prepared query serves every list of 1 to `size` values."""
    values = list(values)
    if not values or len(values) > size:
        raise ValueError(f"1 to {size} values, not {len(values)}.")
    return [*values, *[values[-1]] * (size - len(values))]
