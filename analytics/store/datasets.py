"""Dataset bookkeeping in the store: create, look up, refresh counts, list, rename, delete."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import duckdb
import pandas as pd

from analytics.store.sqlfiles import sql
from analytics.store.database import fetch_one

__all__ = ["DatasetNotFound", "dataset_id", "delete_dataset", "get_or_create", "list_datasets", "refresh_counts",
           "rejects", "rename_dataset"]


class DatasetNotFound(LookupError):
    """No dataset of that name; the message lists the ones there are."""


def dataset_id(con: duckdb.DuckDBPyConnection, name: str) -> int:
    """Id of the dataset called ``name``; raises :class:`DatasetNotFound` naming the known ones."""
    row = fetch_one(con, sql("store/dataset_by_name"), [name])
    if row is None:
        names = [r[0] for r in con.execute(sql("store/dataset_names")).fetchall()]
        known = ", ".join(names) if names else "none yet; import one with 'sla import FILE --name NAME'"
        raise DatasetNotFound(f"no dataset named {name!r} (datasets: {known})")
    return int(row[0])


def get_or_create(con: duckdb.DuckDBPyConnection, name: str, *, kind: str = "history", source: str = "",
                  policy: str = "", params: dict | None = None, seed: int | None = None,
                  replication: int | None = None, scenario: str | None = None) -> tuple[int, bool]:
    """``(dataset_id, created)`` for ``name``, creating the dataset when missing."""
    row = fetch_one(con, sql("store/dataset_by_name"), [name])
    now = datetime.now(UTC)
    if row is not None:
        if row[1] != kind:
            raise ValueError(f"dataset {name!r} is a {row[1]} dataset; choose another name for this {kind}")
        return int(row[0]), False
    new_id = fetch_one(con, sql("store/dataset_next_id"))[0]
    con.execute(
        sql("store/dataset_insert"),
        [new_id, name, kind, source, now, now, policy, json.dumps(params or {}), seed, replication, scenario],
    )
    return int(new_id), True


def refresh_counts(con: duckdb.DuckDBPyConnection, ds: int, *, source: str | None = None,
                   policy: str | None = None) -> None:
    """Recompute a dataset's row counts and time span after a write."""
    con.execute(sql("store/refresh_counts"), {"ds": ds, "now": datetime.now(UTC), "source": source,
                                              "policy": policy})


def list_datasets(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every dataset with kind, source, counts and time span, newest first."""
    return con.execute(sql("store/dataset_list")).fetchdf()


def rename_dataset(con: duckdb.DuckDBPyConnection, old: str, new: str) -> None:
    """Rename a dataset (names are unique)."""
    ds = dataset_id(con, old)
    if fetch_one(con, sql("store/dataset_by_name"), [new]):
        raise ValueError(f"a dataset named {new!r} already exists; choose another name")
    con.execute(sql("store/dataset_rename"), [new, datetime.now(UTC), ds])


def delete_dataset(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Delete a dataset and everything in it."""
    ds = dataset_id(con, name)
    for table in ("events", "tickets", "import_rejects", "imports", "native_sla", "metric_scope", "datasets"):
        con.execute(f"DELETE FROM {table} WHERE dataset_id = ?", [ds])  # table names are fixed, not input


def rejects(con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
    """Rows refused by the imports of a dataset: file, line, ticket, reason, raw values."""
    ds = dataset_id(con, name)
    return con.execute(sql("store/reject_list"), [ds]).fetchdf()
