"""A page's fixed queries, built and compiled by Django once per process and run with each
request's values bound in.

Django builds a queryset (each filter() copies and resolves it) and compiles it to SQL on every
evaluation: 0.3-0.5 ms of Python for a small query, however few rows it returns, against less
than 0.1 ms to run the same SQL through the cursor and read its rows. A page of a dozen
queries spends most of its time there. `Prepared` keeps the compiled SQL of a queryset whose
structure does not change between requests, and binds each call's values into it:

    WAITING = Prepared(lambda today, limit: Assessment.objects.filter(
        visit_start__lt=today).values_list("pk", "school__name")[:limit], shape=("limit",))

    rows = WAITING(today=datetime.date.today(), limit=10)    # [(pk, name), ...] as list(queryset)
    total = WAITING.count(today=datetime.date.today(), limit=10)

How the values are found in the SQL: the first call for a connection builds the queryset with
a made-up *probe* value for each parameter (a date no one would use, a negative number, a
marked string; one for each element of a list), compiles it, and finds each probe among the
compiled parameters: those positions are where that parameter's value goes. A value that
changes the SQL's text rather than its parameters (a LIMIT, a list's length, None for IS NULL,
a bool that picks a branch) cannot be found so: such a parameter is named in `shape`, and each
of its values gets its own compiled query. A probe that is not found is an error at the first
call, never a wrong answer.

What a call returns is what Django would: the rows of a `values_list()` queryset (tuples, or
single values with flat=True) with the database's values converted as the queryset converts
them (dates from SQLite's text, and so on). Only value-list querysets are accepted: model
instances, prefetches and select_related are Django's to build.

With the setting PREPARED_QUERIES_CHECK on (the test suite's settings), every call also builds
and compiles the queryset the ordinary way and fails if its SQL or parameters differ from the
ones bound: every test that passes through a prepared query checks it against Django.

Compiled queries are kept on the database connection's wrapper, one per thread, so a thread
never uses another's cursor; a process keeps them as long as it lives (a query's structure is
code, not data).
"""

import datetime
import itertools
import re
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.query import FlatValuesListIterable, ValuesListIterable
from django.utils import timezone

__all__ = ["Prepared", "PreparedQueryError", "forget_compiled"]


class PreparedQueryError(Exception):
    """A queryset that cannot be prepared as given: a parameter not found in its SQL, a value of
    a type that cannot be bound, or a queryset that does not read value tuples."""


_SEQUENCES = (list, tuple, set, frozenset)
# A list of more values than this is not compiled and kept (each length is a query of its own):
# the queryset is run the ordinary way instead.
LONGEST_LIST = 100


# Probes are counted from 0 in each compilation; two compilations, with the first and the
# second set of probes, tell a parameter's places from a constant that happens to equal a probe.
# Integers stay within every integer field's range (a smallint's included): out of a field's
# range Django compiles a lookup as matching nothing, which would hide the parameter.
_INT_PROBES = (20_000, 26_000)
MOST_PROBES = 6_000


def _probe(kind: type, index: int, second: bool) -> Any:
    """A value of `kind` that no real query would use, distinct for each index and set."""
    if index >= MOST_PROBES:
        raise PreparedQueryError(f"a prepared query binds at most {MOST_PROBES} values")
    if kind is int:
        return _INT_PROBES[second] + index
    if kind is str:
        return f"\N{NOT SIGN}prepared-probe-{'ab'[second]}{index}\N{NOT SIGN}"
    if kind is datetime.date:
        return datetime.date(1222 if second else 1111, 1, 1) + datetime.timedelta(days=index)
    if kind is datetime.datetime:
        base = datetime.datetime(1222 if second else 1111, 1, 1, 11, 11, 11, tzinfo=datetime.UTC)
        return base + datetime.timedelta(seconds=index, microseconds=1)
    raise PreparedQueryError(f"a {kind.__name__} cannot be bound into a prepared query")


def _preparer(kind: type, connection) -> Callable[[Any], Any]:
    """How a value of `kind` becomes a query parameter on `connection`, as Django's fields
    prepare it (the check mode compares the two)."""
    if kind is datetime.date:
        return connection.ops.adapt_datefield_value
    if kind is datetime.datetime:

        def prepare(value):
            if timezone.is_naive(value):
                raise PreparedQueryError("a naive datetime cannot be bound into a prepared query")
            return connection.ops.adapt_datetimefield_value(value)

        return prepare
    return _same


def _same(value):
    return value


def _type_of(name: str, value: Any) -> type | tuple:
    """The type a value is bound as; for a sequence, its length and its elements' types."""
    if isinstance(value, bool) or value is None:
        raise PreparedQueryError(
            f"{name}={value!r} changes the query's SQL rather than its parameters: name {name!r} in shape"
        )
    if isinstance(value, _SEQUENCES):
        return tuple(_type_of(name, item) for item in value)
    if isinstance(value, datetime.datetime):
        return datetime.datetime
    if type(value) in (int, str, datetime.date):
        return type(value)
    # An enum member (TextChoices, IntegerChoices) is bound as its plain value.
    for kind in (str, int):
        if isinstance(value, kind):
            return kind
    raise PreparedQueryError(f"{name}: a {type(value).__name__} cannot be bound into a prepared query")


class _Compiled:
    """One compiled query: its SQL and parameters with the probes' positions, and how its rows
    are read back."""

    __slots__ = ("compiler", "empty", "flat", "params", "slots", "sql", "statement", "trim")

    def __init__(self):
        self.empty = False
        self.statement = None


class Prepared:
    """A queryset built by `build(**values)` and compiled once per connection and shape; each
    call runs it with its values bound (see the module's docstring)."""

    def __init__(
        self, build: Callable[..., QuerySet], *, shape: Iterable[str] = (), using: str = DEFAULT_DB_ALIAS
    ):
        self.build = build
        self.shape = tuple(shape)
        self.using = using
        self._key = object()

    # Reading

    def __call__(self, **values) -> list:
        """The queryset's rows for these values, as list(build(**values)) gives them."""
        if _too_long(values):
            return list(self.build(**values))
        compiled, params = self._bind(values, count=False)
        if compiled.empty:
            self._check(values, compiled, params, count=False, found=0)
            return []
        connection = connections[self.using]
        with connection.cursor() as cursor:
            _execute(connection, cursor, compiled, params)
            rows = cursor.fetchall()
        self._check(values, compiled, params, count=False, found=len(rows))
        if compiled.trim is not None:
            rows = [row[: compiled.trim] for row in rows]
        # Converted as the queryset converts them, by the compiler's own results_iter.
        rows = compiled.compiler.results_iter(results=(rows,), tuple_expected=True)
        return [row[0] for row in rows] if compiled.flat else list(rows)

    def count(self, **values) -> int:
        """How many rows the queryset has for these values, as build(**values).count() says."""
        if _too_long(values):
            return self.build(**values).count()
        compiled, params = self._bind(values, count=True)
        if compiled.empty:
            self._check(values, compiled, params, count=True, found=0)
            return 0
        connection = connections[self.using]
        with connection.cursor() as cursor:
            _execute(connection, cursor, compiled, params)
            (total,) = cursor.fetchone()
        self._check(values, compiled, params, count=True, found=total)
        return int(total)

    # Compiling

    def _bind(self, values: dict, *, count: bool) -> tuple[_Compiled, list]:
        connection = connections[self.using]
        types = tuple(
            (name, _type_of(name, value)) for name, value in values.items() if name not in self.shape
        )
        key = (self._key, count, types, tuple(values.get(name) for name in self.shape))
        cache = connection.__dict__.setdefault("_prepared_queries", {})
        compiled = cache.get(key)
        if compiled is None:
            compiled = cache[key] = self._compile(values, types, count=count, connection=connection)
        params = list(compiled.params)
        lists = {}
        for name, index, prepare, positions in compiled.slots:
            if index is None:
                value = values[name]
            else:
                if name not in lists:
                    # A set's elements are bound in the order the queryset would iterate them.
                    lists[name] = list(values[name])
                value = lists[name][index]
            value = prepare(value)
            for position in positions:
                params[position] = value
        return compiled, params

    def _compile(self, values: dict, types: tuple, *, count: bool, connection) -> _Compiled:
        compiled = _Compiled()
        (sql, params, compiler, queryset, wanted), second = (
            self._probed(values, types, count=count, connection=connection, second=flag)
            for flag in (False, True)
        )
        if sql is None or second[0] is None:
            if sql is not None or second[0] is not None or not _has_empty_list(values):
                raise PreparedQueryError(
                    "the probe values made the query match nothing: it cannot be prepared"
                )
            # An empty list (`pk__in=[]`): no rows, without asking the database, as Django does.
            compiled.empty = True
            compiled.sql, compiled.params, compiled.slots = "", (), ()
            return compiled
        if sql != second[0] or len(params) != len(second[1]):
            raise PreparedQueryError(
                "the query's SQL depends on its bound values (a value the build uses itself belongs in shape=)"
            )
        slots = []
        for (name, index, prepare, probe), (*_, other) in zip(wanted, second[4], strict=True):
            positions = tuple(
                i
                for i, (param, param2) in enumerate(zip(params, second[1], strict=True))
                if type(param) is type(probe) and param == probe and param2 == other
            )
            if not positions:
                raise PreparedQueryError(
                    f"{name!r} is not among the query's parameters (its value changes the SQL itself,"
                    f" as a LIMIT or a list's length does): name it in shape=, or leave it out"
                )
            slots.append((name, index, prepare, positions))
        compiled.sql, compiled.params, compiled.slots = sql, tuple(params), tuple(slots)
        compiled.compiler = compiler
        if connection.vendor == "postgresql" and getattr(settings, "PREPARED_STATEMENTS", False):
            bound = sorted(position for *_, positions in slots for position in positions)
            compiled.statement = (*_statement(sql, params, bound, connection), bound)
        # Django 5.2 selects the columns in the order values_list() names them; the columns of
        # extra(select=...) come first and are cut off, as SQLCompiler.execute_sql does.
        compiled.trim = compiler.col_count if compiler.has_extra_select else None
        compiled.flat = queryset._iterable_class is FlatValuesListIterable
        return compiled

    def _probed(self, values: dict, types: tuple, *, count: bool, connection, second: bool) -> tuple:
        """The query built with one set of probes and compiled: its SQL (None if it matches
        nothing), parameters, compiler and queryset, and for each bound value its name, index in
        its list, how it is prepared and its probe as a parameter."""
        probes, wanted = {}, []
        counter = 0
        for name, kind in types:
            if isinstance(kind, tuple):
                items = []
                for index, item_kind in enumerate(kind):
                    if isinstance(item_kind, tuple):
                        raise PreparedQueryError(f"{name}: a list of lists cannot be bound")
                    probe = _probe(item_kind, counter, second)
                    counter += 1
                    prepare = _preparer(item_kind, connection)
                    wanted.append((name, index, prepare, prepare(probe)))
                    items.append(probe)
                probes[name] = items
            else:
                probe = _probe(kind, counter, second)
                counter += 1
                prepare = _preparer(kind, connection)
                wanted.append((name, None, prepare, prepare(probe)))
                probes[name] = probe
        for name in self.shape:
            if name in values:
                probes[name] = values[name]
        try:
            queryset = self.build(**probes)
        except (TypeError, ValueError) as error:
            raise PreparedQueryError(
                f"the query could not be built with probe values ({error}): a parameter the build uses"
                " itself (a LIMIT, a branch) belongs in shape="
            ) from error
        try:
            sql, params, compiler = _sql(queryset, connection, count=count)
        except EmptyResultSet:
            return None, (), None, queryset, wanted
        return sql, list(params), compiler, queryset, wanted

    # Checking

    def _check(self, values: dict, compiled: _Compiled, params: list, *, count: bool, found) -> None:
        """With PREPARED_QUERIES_CHECK on: the queryset for these values, as Django compiles it,
        is the prepared query with these parameters; or Django knows it matches nothing (a
        number beyond its column's range, an empty list) and nothing was `found`."""
        if not getattr(settings, "PREPARED_QUERIES_CHECK", False):
            return
        connection = connections[self.using]
        try:
            sql, expected, _ = _sql(self.build(**values), connection, count=count)
        except EmptyResultSet:
            if not found:
                return
            sql, expected = "", ()
        if sql != compiled.sql or list(expected) != list(params):
            raise PreparedQueryError(
                "a prepared query differs from the queryset it stands for:\n"
                f"  prepared: {compiled.sql} {params!r}\n  Django:   {sql} {list(expected)!r}"
            )


def forget_compiled() -> None:
    """Drop every open connection's compiled queries: each Prepared compiles again from its
    build at its next call. For a process that inherits connections from one whose code
    differed: a test run forked from another that had run tests (mutation testing, which
    changes a build between the two), whose compiled SQL would otherwise be the parent's. The
    statements already prepared on a PostgreSQL session stay, unused: new ones get new names."""
    for connection in connections.all(initialized_only=True):
        connection.__dict__.pop("_prepared_queries", None)


# PostgreSQL's side: each compiled query is also a prepared statement of the database session
# (PREPARE), so PostgreSQL parses and plans it once per session rather than at every request (a
# third of the database's time for the director's home). A statement lives as long as the
# session, and ROLLBACK does not undo a PREPARE; a new session (Django reconnects after
# CONN_MAX_AGE, or after an error) prepares it again.
_statements = itertools.count(1)
_PLACEHOLDER = re.compile(r"%[s%]")


def _statement(sql: str, params: list, bound: list[int], connection) -> tuple[str, str]:
    """A new statement's name, and the PREPARE that makes it from Django's SQL: the parameters at
    the `bound` positions become `$1`, `$2`...; the others, the query's constants (a status, a
    kind), are written in as literals, quoted by the driver, so that PostgreSQL plans with them
    (a partial index on a status applies). A literal `%` is doubled, as in Django's SQL, for
    the driver's interpolation of the EXECUTE's values."""
    name = f"iqm_prepared_{next(_statements)}"
    positions = iter(range(len(params)))
    numbers = {position: number for number, position in enumerate(bound, start=1)}

    def placeholder(match) -> str:
        if match.group() == "%%":
            return "%%"
        position = next(positions)
        if position in numbers:
            # A whole number as bigint: PostgreSQL would type the parameter as its column's
            # integer (a smallint, an integer), and a larger value would then be an error where
            # Django's query finds nothing; comparing across integer types keeps the index.
            value = params[position]
            is_int = isinstance(value, int) and not isinstance(value, bool)
            return f"${numbers[position]}::bigint" if is_int else f"${numbers[position]}"
        return connection.ops.compose_sql("%s", [params[position]]).replace("%", "%%")

    return name, f"PREPARE {name} AS {_PLACEHOLDER.sub(placeholder, sql)}"


def _execute(connection, cursor, compiled: _Compiled, params: list) -> None:
    """Run the compiled query with its parameters: as a prepared statement of the session on
    PostgreSQL (prepared in the same round trip the first time), else as it is."""
    if compiled.statement is None:
        cursor.execute(compiled.sql, params)
        return
    name, prepare, bound = compiled.statement
    params = [params[position] for position in bound]
    session = connection.connection  # the driver's connection: a new one has no statements
    known = connection.__dict__.get("_prepared_statements")
    if known is None or known[0] is not session:
        known = connection.__dict__["_prepared_statements"] = (session, set())
    execute = f"EXECUTE {name}({', '.join(['%s'] * len(params))})" if params else f"EXECUTE {name}"
    if name in known[1]:
        cursor.execute(execute, params)
    else:
        cursor.execute(f"{prepare}; {execute}", params)
        known[1].add(name)


def _has_empty_list(values: dict) -> bool:
    return any(isinstance(value, _SEQUENCES) and not value for value in values.values())


_BIGINT = range(-(2**63), 2**63)


def _too_long(values: dict) -> bool:
    """Whether to run the queryset the ordinary way: a list too long to keep a query for, or a
    whole number too large for any integer column (Django compiles it as matching nothing)."""
    for value in values.values():
        if isinstance(value, _SEQUENCES):
            if len(value) > LONGEST_LIST or any(_huge(item) for item in value):
                return True
        elif _huge(value):
            return True
    return False


def _huge(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value not in _BIGINT


def _sql(queryset: QuerySet, connection, *, count: bool) -> tuple[str, tuple, Any]:
    """The queryset's SQL and parameters as Django compiles them (raises EmptyResultSet for a
    query that can have no rows, as `pk__in=[]`); for `count`, the count of its rows."""
    if queryset._iterable_class not in (ValuesListIterable, FlatValuesListIterable):
        raise PreparedQueryError("a prepared query reads value tuples: end its queryset with values_list()")
    if queryset._prefetch_related_lookups:
        raise PreparedQueryError("a prepared query cannot prefetch")
    query = queryset.query
    if count:
        # Django's count() of a plain query: the same rows, unordered, counted by the database.
        inner = query.chain()
        inner.clear_ordering(force=False)  # kept where it picks the rows: a slice, DISTINCT ON
        compiler = inner.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        # Django's compiled SQL with its parameters still apart: nothing of a value is in the text.
        return f"SELECT COUNT(*) FROM ({sql}) prepared_count", tuple(params), compiler  # noqa: S608
    compiler = query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    return sql, tuple(params), compiler


# PostgreSQL's side: each compiled query is also a prepared statement of the database session
# (PREPARE), so PostgreSQL parses and plans it once per session rather than at every request (a
# third of the database's time for the director's home). A statement lives as long as the
# session, and ROLLBACK does not undo a PREPARE; a new session (Django reconnects after
# CONN_MAX_AGE, or after an error) prepares it again.
_statements = itertools.count(1)
_PLACEHOLDER = re.compile(r"%[s%]")
