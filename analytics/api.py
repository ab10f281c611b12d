"""The analytics API the dashboard and scripts call: a store plus filters in, DataFrames out.

Functions open a fresh cursor per call (safe across Streamlit sessions and threads), bind every value
as a parameter, and never import Streamlit.
"""

from __future__ import annotations

import pandas as pd

from analytics.clocks import CLOCK_COLUMNS, prepare_clocks
from analytics.datasets import list_datasets
from analytics.policy import Policy, load_policy
from analytics.reports import compliance_from_prepared, parse_dimensions
from analytics.store import Store


def datasets(store: Store) -> pd.DataFrame:
    """Every dataset (name, kind, source, counts, time span); empty when the database has none."""
    return list_datasets(store.reader())


def clocks(store: Store, dataset: str, policy: Policy | None = None, as_of=None) -> pd.DataFrame:
    """All clocks of a dataset (columns as ``sla clocks``)."""
    con = store.reader()
    prepare_clocks(con, dataset, policy or load_policy(), as_of)
    return con.execute(f"SELECT {', '.join(CLOCK_COLUMNS)} FROM clocks ORDER BY ticket_id, metric, cycle").fetchdf()


def compliance(store: Store, dataset: str, by: str | list[str] | None = None, policy: Policy | None = None,
               as_of=None) -> pd.DataFrame:
    """Met / breached / pending and compliance % per group (default: per metric)."""
    dims = parse_dimensions(by)
    con = store.reader()
    prepare_clocks(con, dataset, policy or load_policy(), as_of)
    return compliance_from_prepared(con, dims)


def breaches(store: Store, dataset: str, policy: Policy | None = None, as_of=None) -> pd.DataFrame:
    """Breached clocks, latest first, with the reason: what management must see."""
    df = clocks(store, dataset, policy, as_of)
    return df[df["status"] == "breached"].sort_values("breached_at", ascending=False).reset_index(drop=True)
