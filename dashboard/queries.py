"""Calls of :mod:`analytics.api` for the pages, with the selection's policy, as-of instant and filters.

Computing clocks is the slow part; :mod:`analytics.sla.facts` keeps them per database file version,
policy version, dataset and as-of instant, so a new import or an edited policy is picked up at once
while clicks (each a rerun of the page) cost only small aggregates in DuckDB.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from analytics import api
from dashboard.selection import Selection

__all__ = ["breaches", "compliance", "data_notes", "each", "get", "stacked"]


def get(selection: Selection, fn: Callable, dataset: str | None = None, **kwargs):
    """``fn(store, dataset, policy=..., as_of=..., filters=..., **kwargs)`` for the selection's (or the given) dataset.

    The comparison dataset is read at its own latest event and with :meth:`Selection.filters_for`.
    """
    name = dataset or selection.dataset
    return fn(
        selection.store,
        name,
        policy=selection.policy,
        as_of=selection.as_of_for(name),
        filters=selection.filters_for(name),
        **kwargs,
    )


def each(selection: Selection, fn: Callable, **kwargs) -> dict[str, object]:
    """:func:`get` for every dataset shown (the chosen one, then the comparison), keyed by name."""
    return {name: get(selection, fn, name, **kwargs) for name in selection.shown}


def stacked(selection: Selection, fn: Callable, **kwargs) -> pd.DataFrame:
    """:func:`each` for frame results, stacked with a ``dataset`` column (the dataset's label)."""
    frames = [df.assign(dataset=selection.label(name)) for name, df in each(selection, fn, **kwargs).items()]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def compliance(selection: Selection, by: str = "metric", dataset: str | None = None) -> pd.DataFrame:
    """``analytics.api.compliance`` for the selection."""
    return get(selection, api.compliance, dataset, by=by)


def breaches(selection: Selection, limit: int | None = None, dataset: str | None = None) -> pd.DataFrame:
    """``analytics.api.breaches`` (latest first) for the selection."""
    return get(selection, api.breaches, dataset, limit=limit)


def data_notes(selection: Selection) -> dict[str, tuple[str, ...]]:
    """The data notes (tickets left out...) of every dataset shown, keyed by name."""
    return each(selection, api.data_notes)
