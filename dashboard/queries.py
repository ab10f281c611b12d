"""Calls of :mod:`analytics.api` for the pages, with the view's policy, as-of instant and filters.

Computing clocks is the slow part; :mod:`analytics.sla.facts` keeps them per database file version,
policy version, dataset and as-of instant, so a new import or an edited policy is picked up at once
while clicks (each a rerun of the page) cost only small aggregates in DuckDB.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from analytics import api
from dashboard.context import View


def get(view: View, fn: Callable, dataset: str | None = None, **kwargs):
    """``fn(store, dataset, policy=..., as_of=..., filters=..., **kwargs)`` for the view's (or the given) dataset.

    The comparison dataset is read at its own latest event and with :meth:`View.filters_for`.
    """
    name = dataset or view.dataset
    return fn(view.store, name, policy=view.policy, as_of=view.as_of_for(name), filters=view.filters_for(name),
              **kwargs)


def each(view: View, fn: Callable, **kwargs) -> dict[str, object]:
    """:func:`get` for every dataset shown (the chosen one, then the comparison), keyed by name."""
    return {name: get(view, fn, name, **kwargs) for name in view.shown}


def stacked(view: View, fn: Callable, **kwargs) -> pd.DataFrame:
    """:func:`each` for frame results, stacked with a ``dataset`` column (the dataset's label)."""
    frames = [df.assign(dataset=view.label(name)) for name, df in each(view, fn, **kwargs).items()]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def compliance(view: View, by: str = "metric", dataset: str | None = None) -> pd.DataFrame:
    """``analytics.api.compliance`` for the view."""
    return get(view, api.compliance, dataset, by=by)


def breaches(view: View, limit: int | None = None, dataset: str | None = None) -> pd.DataFrame:
    """``analytics.api.breaches`` (latest first) for the view."""
    return get(view, api.breaches, dataset, limit=limit)
