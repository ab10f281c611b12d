"""The source system's own SLA verdicts, and the metrics a source cannot measure, for pages and reports.

ServiceNow (``made_sla``) and Jira Service Management ("Time to first response", "Time to
resolution") carry their own verdict per ticket. Imports keep them in ``native_sla``
(:mod:`analytics.ingest.native` writes them) so that a page can show *their verdict vs. our clocks*.
Event logs that lack some facts (no automatic acknowledgement, no customer-visible reply) record in
``metric_scope`` which metrics are not measurable; their clocks are not applicable rather than
breached.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics.sla.policy import Policy
from analytics.store.datasets import dataset_id
from analytics.store.sqlfiles import sql

__all__ = ["native_verdicts", "native_vs_clocks", "unmeasurable_metrics"]


def native_verdicts(con: duckdb.DuckDBPyConnection, dataset: str) -> pd.DataFrame:
    """The source's own SLA verdicts of a dataset.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        A reader cursor.
    dataset : str
        Dataset name.

    Returns
    -------
    pandas.DataFrame
        ``ticket_id, source, name, metric, met, value`` by ticket and field name.
    """
    ds = dataset_id(con, dataset)
    return con.execute(sql("reports/native_verdicts"), [ds]).fetchdf()


def unmeasurable_metrics(con: duckdb.DuckDBPyConnection, dataset: str) -> pd.DataFrame:
    """Metrics the dataset's source cannot measure.

    Parameters
    ----------
    con, dataset
        A reader cursor and the dataset's name.

    Returns
    -------
    pandas.DataFrame
        ``metric, reason, source``; empty when every metric is measurable.
    """
    ds = dataset_id(con, dataset)
    return con.execute(sql("reports/unmeasurable_metrics"), [ds]).fetchdf()


def native_vs_clocks(
    con: duckdb.DuckDBPyConnection, dataset: str, policy: Policy, as_of: str | None = None
) -> pd.DataFrame:
    """Their verdict vs. our clocks, one row per ticket and native SLA field.

    Our verdict for a ticket and metric is ``breached`` if any of its clocks breached, ``pending`` if
    one is still pending, else ``met``. ``agree`` is true/false where both sides have a verdict.

    Parameters
    ----------
    con, dataset
        A reader cursor (our clocks are prepared on it) and the dataset's name.
    policy : Policy
        The policy our clocks follow.
    as_of : str, optional
        Instant our clocks are read at (by default the dataset's latest event).

    Returns
    -------
    pandas.DataFrame
        ``ticket_id, name, metric, native_met, our_status, agree``.
    """
    from analytics.sla.clocks import compute_clocks

    native = native_verdicts(con, dataset)
    if native.empty:
        return pd.DataFrame(columns=["ticket_id", "name", "metric", "native_met", "our_status", "agree"])
    clocks = compute_clocks(con, dataset, policy, as_of)
    rank = clocks["status"].map({"met": 0, "pending": 1, "breached": 2})
    ours = (
        clocks.assign(rank=rank)
        .groupby(["ticket_id", "metric"], as_index=False)["rank"]
        .max()
        .assign(our_status=lambda d: d["rank"].map({0: "met", 1: "pending", 2: "breached"}))
        .drop(columns="rank")
    )
    out = native.rename(columns={"met": "native_met"}).merge(ours, on=["ticket_id", "metric"], how="left")
    known = out["native_met"].notna() & out["our_status"].isin(["met", "breached"])
    out["agree"] = pd.array([pd.NA] * len(out), dtype="boolean")
    out.loc[known, "agree"] = out.loc[known, "native_met"].astype(bool) == (out.loc[known, "our_status"] == "met")
    return out[["ticket_id", "name", "metric", "native_met", "our_status", "agree"]]
