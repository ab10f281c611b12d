"""Stored runs: a dataset looked up by name, and a simulated run written as one dataset.

The simulation reads what a run stored and writes new runs only through these functions, so it holds
no SQL of its own: the lookup is :func:`analytics.store.datasets.find_dataset` (SQL in
``analytics/sql/store/dataset_info.sql``), and a write is one atomic ``Store.writer()`` transaction, so
readers see the whole run or none of it.
"""

from __future__ import annotations

import pyarrow as pa

from analytics.ingest.pipeline import write_tickets
from analytics.store import datasets as _ds
from analytics.store.database import Store
from analytics.store.datasets import DatasetInfo
from analytics.store.space import BYTES_PER_EVENT, check_room

__all__ = ["DatasetInfo", "check_room_for_run", "dataset_info", "write_run"]


def check_room_for_run(store: Store, events: float) -> None:
    """Refuse, before it runs, a simulation whose write would not fit on the database's disk.

    Parameters
    ----------
    store : Store
    events : float
        About how many events the run will write.

    Raises
    ------
    StoreError
        Too little free space for a copy of the database and the run's events.
    """
    store.check_writable()
    check_room(store.path, int(events * BYTES_PER_EVENT))


def dataset_info(store: Store, name: str) -> DatasetInfo | None:
    """The bookkeeping of the dataset called ``name`` (kind, params, seed...), or ``None`` if there is none.

    Parameters
    ----------
    store : Store
    name : str
        Dataset name.

    Returns
    -------
    DatasetInfo or None

    Raises
    ------
    StoreError
        When the database file does not exist or cannot be opened.
    """
    return _ds.find_dataset(store.reader(), name)


def write_run(
    store: Store,
    name: str,
    tickets: pa.Table,
    events: pa.Table,
    *,
    source: str,
    policy: str,
    params: dict,
    seed: int,
    scenario: str,
    replace: bool = False,
) -> int:
    """Write a simulated run as dataset ``name`` (kind ``simulation``), in one atomic write.

    Parameters
    ----------
    store : Store
    name : str
        Dataset name.
    tickets, events : pyarrow.Table
        Every replication's tickets and events, in the columns of ``accepted_tickets`` (plus
        ``replication``) and ``accepted_events``.
    source, policy : str
        The scenario file (or name) and the policy file the run used.
    params : dict
        The run's parameters and statistics (stored as JSON, read back by :func:`dataset_info`).
    seed : int
        The run's seed.
    scenario : str
        The scenario's name.
    replace : bool
        Delete an earlier simulation of that name first; a history dataset of that name is never
        deleted (writing then fails with ``ValueError``).

    Returns
    -------
    int
        The dataset's id.
    """
    with store.writer(extra_bytes=events.num_rows * BYTES_PER_EVENT) as con:
        old = _ds.find_dataset(con, name)
        if replace and old is not None and old.kind == "simulation":
            _ds.delete_dataset(con, name)
        dsid, _ = _ds.get_or_create(
            con, name, kind="simulation", source=source, policy=policy, params=params, seed=seed, scenario=scenario
        )
        write_tickets(con, dsid, tickets, events)
        _ds.refresh_counts(con, dsid, source=source, policy=policy)
    return dsid
