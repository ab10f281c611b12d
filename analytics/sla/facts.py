"""Prepared clock facts per (database file version, policy, dataset, as-of), kept in process memory.

Computing every clock of a large dataset takes seconds (about 7 s for 1M tickets), while a page
needs a dozen small aggregates of them on every click. So the facts are computed once per key from
the store and copied (through Arrow) into a private in-memory DuckDB database of this process; every
report then runs on that copy with bound filters, through a cursor of its own.

Each key gets its own attached in-memory catalog, compressed (checkpointed after each table is
copied in, as a database file would be), so the report SQL reads plain names
(``clock_facts``, ``ticket_facts``, ``handoffs``) after ``USE``. A key includes the database file's
inode, mtime and size, so a finished import (which replaces the file) is a new key: readers see the
old facts or the new, never a mixture. Older versions of the same dataset are dropped when a newer
one is built; beyond ``SLA_FACT_CACHE_ENTRIES`` (6) the least recently used entry goes.
"""

from __future__ import annotations

import hashlib
import itertools
import threading
import time
import warnings
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd

from analytics.settings import settings
from analytics.sla.clocks import LeftOutTickets, build_clocks
from analytics.sla.policy import Policy, load_policy
from analytics.store.database import Store, fetch_one, file_identity, prepare
from analytics.store.sqlfiles import bound, layer, sql

__all__ = ["Facts", "clear", "facts", "policy_fingerprint"]

# temp relation built on the reader cursor -> table name in the cache catalog
_TABLES = {"fact_clocks": "clock_facts", "fact_handoffs": "handoffs", "fact_tickets": "ticket_facts"}


@dataclass(frozen=True)
class Facts:
    """One cached fact set: where it lives and what it was computed for."""

    catalog: str
    dataset: str
    as_of: datetime
    key: tuple
    built_seconds: float
    notes: tuple[str, ...] = ()  # e.g. tickets left out for an instant outside the plausible window

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A new cursor on the cache whose default catalog is this fact set.

        Returns
        -------
        duckdb.DuckDBPyConnection
            The caller closes it.
        """
        con = prepare(_memory().cursor())
        con.execute(f"USE {self.catalog}")  # generated name (f1, f2, ...), never user text
        return con

    def query(self, text: str, params: dict | None = None) -> pd.DataFrame:
        """Run one query on this fact set with bound parameters; only the ones it names are passed.

        Parameters
        ----------
        text : str
            A report's SQL text over ``clock_facts``, ``ticket_facts`` and ``handoffs``.
        params : dict, optional
            Candidate ``$name`` values (see :func:`analytics.store.sqlfiles.bound`).

        Returns
        -------
        pandas.DataFrame
        """
        con = self.cursor()
        try:
            return con.execute(text, bound(text, params)).fetchdf()
        finally:
            con.close()


_lock = threading.RLock()
_key_locks: dict[tuple, threading.Lock] = {}
_entries: dict[tuple, Facts] = {}
_last_used: dict[tuple, float] = {}
_counter = itertools.count(1)
_mem: duckdb.DuckDBPyConnection | None = None


def _memory() -> duckdb.DuckDBPyConnection:
    global _mem
    with _lock:
        if _mem is None:
            _mem = prepare(duckdb.connect(":memory:"))
        return _mem


def policy_fingerprint(policy: Policy) -> str:
    """A short hash of everything in a policy that changes clocks (targets, calendars, pauses).

    Parameters
    ----------
    policy : Policy
        The policy in force.

    Returns
    -------
    str
        16 hexadecimal digits, part of a fact set's key.
    """
    h = hashlib.sha256()
    h.update(policy.text.encode())
    h.update(pd.util.hash_pandas_object(policy.target_table(), index=False).values.tobytes())
    h.update(pd.util.hash_pandas_object(policy.metric_table(), index=False).values.tobytes())
    h.update(repr(sorted((t.id, repr(t.calendar)) for t in policy.teams.values())).encode())
    h.update(policy.reporting_timezone.encode())
    return h.hexdigest()[:16]


def _build(store: Store, dataset: str, policy: Policy, as_of, key: tuple) -> Facts:
    t0 = time.perf_counter()
    src = store.reader()
    try:
        prepared = build_clocks(src, dataset, policy, as_of)
        as_of_dt = prepared.as_of
        for note in prepared.notes:
            warnings.warn(note, LeftOutTickets, stacklevel=3)
        ds = fetch_one(src, sql("sla/policy_dataset"))[0]
        for _name, text in layer("facts"):
            src.execute(text, bound(text, {"ds": ds, "as_of": as_of_dt}))
        catalog = f"f{next(_counter)}"
        con = _memory().cursor()
        try:
            # Compressed like a database file once checkpointed: a tenth of the memory or less, and
            # the reports' scans get faster, not slower.
            con.execute(f"ATTACH ':memory:' AS {catalog} (COMPRESS)")
            for temp, table in _TABLES.items():
                # streamed in batches: the whole table is never held twice
                batches = src.sql(f"SELECT * FROM {temp}").to_arrow_reader(1 << 17)
                con.register("incoming", batches)
                con.execute(f"CREATE TABLE {catalog}.{table} AS SELECT * FROM incoming")
                con.unregister("incoming")
                del batches
                con.execute(f"CHECKPOINT {catalog}")
        finally:
            con.close()
    finally:
        src.close()
    return Facts(catalog, dataset, as_of_dt, key, time.perf_counter() - t0, prepared.notes)


def _drop(key: tuple) -> None:
    facts = _entries.pop(key, None)
    _last_used.pop(key, None)
    if facts is not None:
        con = _memory().cursor()
        try:
            con.execute(f"DETACH DATABASE IF EXISTS {facts.catalog}")
        finally:
            con.close()


def facts(store: Store, dataset: str, policy: Policy | None = None, as_of=None) -> Facts:
    """The cached facts of ``dataset`` under ``policy`` as of ``as_of``, built on first use.

    Parameters
    ----------
    store : Store
        The database.
    dataset : str
        Dataset name.
    policy : Policy, optional
        Policy in force (default: the default policy file).
    as_of : str or datetime, optional
        Instant the clocks are read at (ISO 8601 with offset; default: the latest event).

    Returns
    -------
    Facts
        Shared by every caller with the same key (database file version, policy, dataset, as-of).

    Raises
    ------
    DatasetNotFound, EmptyDataset, StoreError, ValueError
        As :func:`analytics.sla.clocks.build_clocks` does.
    """
    policy = policy or load_policy()
    if not store.exists():
        store.reader()  # raises the usual StoreError with how to fix it
    key = (
        (str(store.path), *file_identity(store.path)),
        policy_fingerprint(policy),
        dataset,
        None if as_of is None else pd.Timestamp(as_of).isoformat(),
    )
    with _lock:
        found = _entries.get(key)
        if found is not None:
            _last_used[key] = time.monotonic()
            return found
        key_lock = _key_locks.setdefault(key, threading.Lock())
    # One build per key: eight sessions opening the same page wait for one computation.
    with key_lock:
        with _lock:
            found = _entries.get(key)
        if found is not None:
            return found
        built = _build(store, dataset, policy, as_of, key)
        with _lock:
            stale = [k for k in _entries if k[0][0] == key[0][0] and k[0] != key[0] and k[2] == dataset]
            for k in stale:
                _drop(k)
            _entries[key] = built
            _last_used[key] = time.monotonic()
            while len(_entries) > settings().fact_cache_entries:
                _drop(min(_last_used, key=_last_used.get))
            _key_locks.pop(key, None)
        return built


def clear() -> None:
    """Forget every cached fact set (tests; after deleting a dataset)."""
    with _lock:
        for key in list(_entries):
            _drop(key)
