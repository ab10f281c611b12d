"""Dataset bookkeeping in the store: create, look up, refresh counts, list, rename, delete."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb
import pandas as pd

from analytics.instants import instant_window
from analytics.store.database import fetch_one
from analytics.store.names import check_dataset_name
from analytics.store.sqlfiles import sql

__all__ = [
    "DatasetInfo",
    "DatasetNotFound",
    "dataset_id",
    "delete_dataset",
    "find_dataset",
    "get_or_create",
    "list_datasets",
    "refresh_counts",
    "rejects",
    "rename_dataset",
]


class DatasetNotFound(LookupError):
    """No dataset of that name; the message lists the ones there are."""


@dataclass(frozen=True)
class DatasetInfo:
    """One dataset's bookkeeping row (``datasets`` table), without its counts.

    Attributes
    ----------
    id : int
        ``dataset_id``.
    name, kind : str
        The unique name; ``"history"`` (imported) or ``"simulation"``.
    source, policy : str or None
        Files or scenario it came from; the policy file in force when it was last written.
    seed, replication : int or None
        A simulated run's seed (and replication, for a single-replication dataset).
    scenario : str or None
        A simulated run's scenario name.
    params_json : str or None
        ``params`` as stored (JSON text); see :attr:`params`.
    """

    id: int
    name: str
    kind: str
    source: str | None
    policy: str | None
    seed: int | None
    replication: int | None
    scenario: str | None
    params_json: str | None

    @property
    def params(self) -> dict:
        """``params`` parsed (format options, a simulated run's parameters and statistics); ``{}`` if none."""
        return json.loads(self.params_json) if self.params_json else {}


def find_dataset(con: duckdb.DuckDBPyConnection, name: str) -> DatasetInfo | None:
    """The dataset called ``name``, or ``None``: the one lookup of a dataset by name.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        A reader's cursor or a writer's connection (inside its transaction).
    name : str
        Dataset name, bound as a parameter.

    Returns
    -------
    DatasetInfo or None
    """
    row = fetch_one(con, sql("store/dataset_info"), {"name": name})
    if row is None:
        return None
    ds, name_, kind, source, policy, params, seed, replication, scenario = row
    return DatasetInfo(int(ds), name_, kind, source, policy, seed, replication, scenario, params)


def dataset_id(con: duckdb.DuckDBPyConnection, name: str) -> int:
    """Id of the dataset called ``name``; raises :class:`DatasetNotFound` naming the known ones."""
    info = find_dataset(con, name)
    if info is None:
        names = [r[0] for r in con.execute(sql("store/dataset_names")).fetchall()]
        known = ", ".join(names) if names else "none yet; import one with 'sla import FILE --name NAME'"
        raise DatasetNotFound(f"no dataset named {name!r} (datasets: {known})")
    return info.id


def get_or_create(
    con: duckdb.DuckDBPyConnection,
    name: str,
    *,
    kind: str = "history",
    source: str = "",
    policy: str = "",
    params: dict | None = None,
    seed: int | None = None,
    replication: int | None = None,
    scenario: str | None = None,
) -> tuple[int, bool]:
    """``(dataset_id, created)`` for ``name``, creating the dataset when missing."""
    name = check_dataset_name(name)
    found = find_dataset(con, name)
    now = datetime.now(UTC)
    if found is not None:
        if found.kind != kind:
            raise ValueError(f"dataset {name!r} is a {found.kind} dataset; choose another name for this {kind}")
        return found.id, False
    new_id = fetch_one(con, sql("store/dataset_next_id"))[0]
    con.execute(
        sql("store/dataset_insert"),
        [new_id, name, kind, source, now, now, policy, json.dumps(params or {}), seed, replication, scenario],
    )
    return int(new_id), True


def refresh_counts(
    con: duckdb.DuckDBPyConnection, ds: int, *, source: str | None = None, policy: str | None = None
) -> None:
    """Recompute a dataset's row counts and time span after a write."""
    con.execute(sql("store/refresh_counts"), {"ds": ds, "now": datetime.now(UTC), "source": source, "policy": policy})


def list_datasets(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every dataset with kind, source, counts and time span (NULL where it lies outside the plausible
    window of instants), newest first."""
    window = instant_window()
    return con.execute(sql("store/dataset_list"), {"earliest": window.earliest, "latest": window.latest}).fetchdf()


def rename_dataset(con: duckdb.DuckDBPyConnection, old: str, new: str) -> None:
    """Rename a dataset (names are unique; the new one is checked by :func:`check_dataset_name`)."""
    new = check_dataset_name(new)
    ds = dataset_id(con, old)
    if find_dataset(con, new) is not None:
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
