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

import functools
import secrets
import threading

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import Model, Prefetch, QuerySet, prefetch_related_objects, signals
from django.db.models.base import ModelState
from django.db.models.constants import LOOKUP_SEP
from django.db.models.fields.related_descriptors import ManyToManyDescriptor, ReverseManyToOneDescriptor
from django.db.models.query import ModelIterable, RelatedPopulator
from django.utils.translation import get_language

from config.kept import keep

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
        self.prefetch_lookups = queryset._prefetch_related_lookups
        self.prefetches = _PreparedPrefetch.for_lookups(queryset.model, self.prefetch_lookups, using)
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
        self.instance = _instance_builder(self.model, using, self.init_list)
        self.populators = _related_populators(klass_info, self.compiler.select, using)
        self.annotations = list((self.compiler.annotation_col_map or {}).items())
        # What results_iter() works out on every call: each column's converters (some 0.1 ms a query).
        columns = [column[0] for column in self.compiler.select[0 : self.compiler.col_count]]
        if self.compiler.has_composite_fields(columns):
            raise ImproperlyConfigured("A prepared query does not select composite primary keys.")
        self.converters = {
            position: ([_kept_decimals(convert) for convert in converts], expression)
            for position, (converts, expression) in self.compiler.get_converters(columns).items()
        }
        # On SQLite, the SQL in the sqlite3 module's own "?" style, as Django's cursor rewrites it on every run (a
        # regular expression over the whole text: 23 to 33 µs for an occupation page's queries).
        self.qmark_sql = None
        if connections[using].vendor == "sqlite":
            from django.db.backends.sqlite3.base import FORMAT_QMARK_REGEX

            self.qmark_sql = FORMAT_QMARK_REGEX.sub("?", self.sql).replace("%%", "%")

    def run(self, values):
        connection = connections[self.using]
        params = list(self.params)
        for position, index, like_prefix in self.slots:
            value = values[index]
            params[position] = f"{connection.ops.prep_for_like_query(value)}%" if like_prefix else value
        if self.qmark_sql is not None and not connection.queries_logged:
            # Django's debug cursor, which logs the query (tests counting queries, DEBUG), reads the "%s" style.
            cursor, sql = _qmark_cursor(connection), self.qmark_sql
        else:
            cursor, sql = _statement_cursor(connection), self.sql
        with cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if connection.queries_logged and connection.queries_log and connection.queries_log[-1]["sql"] is None:
            # Django logs a server-bound statement's text as None (psycopg keeps none for a prepared one).
            connection.queries_log[-1]["sql"] = connection.ops.compose_sql(self.sql, params)
        instances = []
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        for row in rows:
            instance = self.instance(row[self.fields])
            for populator in self.populators:
                populator.populate(row, instance)
            for name, column in self.annotations:
                setattr(instance, name, row[column])
            instances.append(instance)
        if not (self.prefetch_lookups and instances):
            return instances
        if self.prefetches is not None and len(instances) <= PREFETCH_SIZES[-1]:
            for prefetch in self.prefetches:
                prefetch.run(instances)
        else:
            prefetch_related_objects(instances, *self.prefetch_lookups)
        return instances


def _kept_decimals(convert):
    """SQLite's converter of a decimal column (a float as SQLite stores it, to a Decimal rounded to the field's
    places), keeping each value's Decimal, at most _MAX_KEPT_DECIMALS per column and process; any other converter
    as it is. The same result for a value every time (a Decimal is immutable, and numerically equal values, 47 and
    47.0, convert alike), in a dictionary lookup rather than a context's conversion and a quantize(): an occupation
    page converts some 70 hourly wages, 2% of its time (docs/performance.md, stop 29)."""
    if not getattr(convert, "__qualname__", "").endswith("get_decimalfield_converter.<locals>.converter"):
        return convert
    kept, limit = {}, _MAX_KEPT_DECIMALS

    def converter(value, expression, connection):
        try:
            return kept[value]
        except KeyError:
            return keep(kept, value, convert(value, expression, connection), limit)
        except TypeError:  # not hashable: no database value is, but then it is converted as it comes
            return convert(value, expression, connection)

    converter.kept = kept
    return converter


_MAX_KEPT_DECIMALS = 5_000


# The numbers of instances a prefetch is prepared for (an IN list of that many, padded); more go to Django.
PREFETCH_SIZES = (1, 2, 5, 10, 20, 50)


class _PreparedPrefetch:
    """One `prefetch_related` lookup of a prepared query (a reverse foreign key or a many-to-many, one level, as
    a name or a Prefetch with a queryset and to_attr), itself prepared for each of PREFETCH_SIZES. The related
    manager builds its prefetch queryset once, for instances whose keys are markers; each run puts the real keys
    in their places, and hands each instance its rows as Django's prefetch_related_objects does: in `to_attr`,
    or in the prefetch cache that `<name>.all()` reads (as `attach` does), with a reverse foreign key's rows
    pointing back at their instance."""

    @classmethod
    def for_lookups(cls, model, lookups, using):
        """One per lookup, or None when any lookup is of a kind this does not prepare: Django then runs them all."""
        prepared = [cls.for_lookup(model, lookup, using) for lookup in lookups]
        return None if None in prepared else prepared

    @classmethod
    def for_lookup(cls, model, lookup, using):
        if isinstance(lookup, str):
            lookup = Prefetch(lookup)
        name = lookup.prefetch_through
        if LOOKUP_SEP in name or lookup.prefetch_to != (lookup.to_attr or name):
            return None
        if not isinstance(getattr(model, name, None), ReverseManyToOneDescriptor):
            return None
        queryset = lookup.queryset
        if queryset is not None and (queryset.query.is_sliced or queryset._iterable_class is not ModelIterable):
            return None
        return cls(model, name, queryset, lookup.to_attr, using)

    def __init__(self, model, name, queryset, to_attr, using):
        self.model, self.name, self.queryset, self.to_attr, self.using = model, name, queryset, to_attr, using
        self.by_size = {}

    def _compiled(self, size):
        try:
            return self.by_size[size]
        except KeyError:
            pass
        markers = [_INT_MARKER_BASE - index for index in range(size)]
        stand_ins = [self.model(pk=marker) for marker in markers]
        descriptor = getattr(self.model, self.name)
        if isinstance(descriptor, ManyToManyDescriptor):
            querysets = [self.queryset.all()] if self.queryset is not None else None
            queryset, rel_obj_attr, instance_attr, _, cache_name, _ = getattr(
                stand_ins[0], self.name
            ).get_prefetch_querysets(stand_ins, querysets)
            back = None
        else:
            # What the reverse foreign key manager's get_prefetch_querysets() builds, without the query it runs
            # to point each row back at its instance (done here on each run).
            back = descriptor.field
            queryset = self.queryset if self.queryset is not None else back.model._default_manager.get_queryset()
            queryset = queryset.using(self.using).filter(**{f"{back.name}__in": stand_ins})
            rel_obj_attr, instance_attr = back.get_local_related_value, back.get_foreign_related_value
            cache_name = back.remote_field.cache_name
        if instance_attr(stand_ins[0]) != (markers[0],):
            raise ImproperlyConfigured(f"A prepared prefetch of {self.name} must be keyed by the instances' pk.")
        compiled = _Compiled(lambda *_markers: queryset, markers, self.using)
        self.by_size[size] = (compiled, rel_obj_attr, instance_attr, cache_name, back)
        return self.by_size[size]

    def run(self, instances):
        """Prefetch onto `instances`, at most PREFETCH_SIZES[-1] of them."""
        size = next(size for size in PREFETCH_SIZES if len(instances) <= size)
        compiled, rel_obj_attr, instance_attr, cache_name, back = self._compiled(size)
        keys = [instance_attr(instance) for instance in instances]
        rows = compiled.run(padded([key[0] for key in keys], size))
        groups = {}
        for row in rows:
            groups.setdefault(rel_obj_attr(row), []).append(row)
        for instance, key in zip(instances, keys, strict=True):
            related = groups.get(key, [])
            if back is not None:
                for row in related:
                    if not back.is_cached(row):
                        back.set_cached_value(row, instance)
            if self.to_attr:
                setattr(instance, self.to_attr, related)
            else:
                _cache(instance, cache_name, self.model._meta.get_field(self.name).related_model, related)


def _instance_builder(model, using, attnames):
    """A function of a row's values that makes the model instance `model.from_db` would, in a fifth of the time:
    an occupation page makes some 200 instances, and Model.__init__ is most of their cost (docs/performance.md).
    Model.__init__ with every value given only stores each value under its field's attname (the only descriptor
    that intercepts, a foreign key's, clears a cached object a new instance does not have) and sends pre_init and
    post_init. So where a model has its own __init__ or from_db, or anything listens for those signals, this is
    from_db itself. A field the query defers is left out of the instance, as Model.__init__ leaves a DEFERRED
    value out: reading it loads it, as on an instance from_db makes."""
    if (
        model.__init__ is not Model.__init__
        or model.from_db.__func__ is not Model.from_db.__func__
        or signals.pre_init.has_listeners(model)
        or signals.post_init.has_listeners(model)
        or len(set(attnames)) != len(attnames)
        or not set(attnames) <= {field.attname for field in model._meta.concrete_fields}
        or model._meta.pk.attname not in attnames
    ):
        return lambda values: model.from_db(using, attnames, values)
    new = Model.__new__

    def instance(values):
        obj = new(model)
        obj.__dict__.update(zip(attnames, values, strict=True))
        state = obj._state = ModelState()
        state.adding = False
        state.db = using
        return obj

    return instance


class _RelatedPopulator(RelatedPopulator):
    """Django's select_related populator, making its instances as _instance_builder does (the institution and
    CIP code of every card and program page, some 40 instances on a results page)."""

    def __init__(self, klass_info, select, db):
        super().__init__(klass_info, select, db)
        self.related_populators = _related_populators(klass_info, select, db)
        self.instance = _instance_builder(self.model_cls, db, self.init_list)

    def populate(self, row, from_obj):
        reorder = self.reorder_for_init
        values = reorder(row) if reorder else row[self.cols_start : self.cols_end]
        if values[self.pk_idx] is None:
            obj = None
        else:
            obj = self.instance(values)
            for populator in self.related_populators:
                populator.populate(row, obj)
        self.local_setter(from_obj, obj)
        if obj is not None:
            self.remote_setter(obj, from_obj)


def _related_populators(klass_info, select, db):
    """get_related_populators(), with _RelatedPopulator."""
    return [_RelatedPopulator(info, select, db) for info in klass_info.get("related_klass_infos", [])]


def _statement_cursor(connection):
    """A cursor for a prepared query's SQL. On PostgreSQL (psycopg 3) it binds the values on the server, so that
    psycopg prepares the statement on the connection (`prepare_threshold` in settings) and PostgreSQL plans it once
    per connection rather than on every request: planning was 2 to 4.6 ms of the detail pages' queries at
    100,000 programs (docs/performance.md). Django's own cursors bind on the client and are never prepared.
    Wrapped as Django wraps its cursors: errors are Django's, and the query is logged and counted."""
    if connection.vendor != "postgresql" or connection.settings_dict["OPTIONS"].get("prepare_threshold") is None:
        return connection.cursor()
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        return connection._prepare_cursor(ServerBindingCursor(connection.connection))


def _qmark_cursor(connection):
    """A SQLite cursor, wrapped as Django wraps its cursors (errors are Django's, execute wrappers run), that runs
    SQL already in the "?" style as it is. Only where queries are not logged: see _Compiled.run()."""
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        return connection._prepare_cursor(connection.connection.cursor(factory=_qmark_cursor_class()))


@functools.cache
def _qmark_cursor_class():
    # Imported on first use: a PostgreSQL site never loads the SQLite backend.
    from django.db.backends.sqlite3.base import Database, SQLiteCursorWrapper

    class QmarkCursor(SQLiteCursorWrapper):
        """Django's SQLite cursor, without its rewriting of "%s" to "?"."""

        def execute(self, query, params=()):
            return Database.Cursor.execute(self, query, params)

    return QmarkCursor


def attach(instance, name, rows):
    """Hand `rows` to `instance` as `prefetch_related(name)` would: `instance.<name>.all()` then reads them with no
    query. For a prepared query of one instance's related rows."""
    _cache(instance, name, type(instance)._meta.get_field(name).related_model, rows)


def _cache(instance, cache_name, model, rows):
    queryset = QuerySet(model=model)
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[cache_name] = queryset


def padded(values, size):
    """`values` made `size` long by repeating the last one, for a query prepared with `size` values in an IN list:
    a repeated value changes nothing there, so one prepared query serves every list of 1 to `size` values."""
    values = list(values)
    if not values or len(values) > size:
        raise ValueError(f"1 to {size} values, not {len(values)}.")
    return [*values, *[values[-1]] * (size - len(values))]
