"""Reports over clocks: compliance tables grouped by whitelisted dimensions, with bound filters."""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics.reports.filters import Filters, where
from analytics.sla.clocks import prepare_clocks
from analytics.sla.facts import Facts
from analytics.sla.policy import Policy
from analytics.store.sqlfiles import filled

__all__ = ["DIMENSIONS", "compliance", "compliance_from_prepared", "compliance_of", "parse_dimensions", "report"]

# Dimensions a compliance table can be grouped by (column names of clock_facts).
DIMENSIONS = (
    "metric",
    "team",
    "channel",
    "complexity",
    "category",
    "priority",
    "site",
    "cycle",
    "calendar",
    "day",
    "week",
    "month",
    "replication",
)


def parse_dimensions(text: str | list[str] | None) -> list[str]:
    """Validate a ``--by`` list such as ``"metric,team,week"``.

    Parameters
    ----------
    text : str or list of str, optional
        Comma-separated dimensions, or a list of them; empty or None means ``metric``.

    Returns
    -------
    list of str
        Names from :data:`DIMENSIONS`.

    Raises
    ------
    ValueError
        A name is not a dimension (the message names it) or is given twice.
    """
    if text is None:
        return ["metric"]
    items = text if isinstance(text, list) else [p.strip() for p in text.split(",")]
    items = [i for i in items if i]
    if not items:
        return ["metric"]
    for item in items:
        if item not in DIMENSIONS:
            raise ValueError(f"cannot group by {item!r}; choose from: {', '.join(DIMENSIONS)}")
    if len(set(items)) != len(items):
        raise ValueError(f"--by lists a dimension twice: {','.join(items)}")
    return items


def _compliance_sql(by: list[str], filters: Filters | None) -> tuple[str, dict]:
    dims = ", ".join(parse_dimensions(by))  # whitelisted identifiers only
    predicate, params = where(filters, "clocks")
    return filled("reports/compliance", dims=dims, where=predicate), params


def compliance_from_prepared(
    con: duckdb.DuckDBPyConnection, by: list[str], filters: Filters | None = None
) -> pd.DataFrame:
    """Compliance table from clocks already prepared on ``con``.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        A cursor on which :func:`~analytics.sla.clocks.prepare_clocks` ran.
    by : list of str
        Dimensions to group by.
    filters : Filters, optional
        The reader's filters (bound).

    Returns
    -------
    pandas.DataFrame
        One row per group: the dimensions, then met, breached, pending and compliance %.
    """
    text, params = _compliance_sql(by, filters)
    return con.execute(text, params).fetchdf()


def compliance(
    con: duckdb.DuckDBPyConnection,
    dataset: str,
    by: str | list[str] | None = None,
    policy: Policy | None = None,
    as_of=None,
    *,
    filters: Filters | None = None,
) -> pd.DataFrame:
    """Met, breached, pending and compliance % per group of ``by`` (default: per metric).

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        A reader cursor (the clocks are prepared on it).
    dataset : str
        Dataset name.
    by : str or list of str, optional
        Dimensions, as for :func:`parse_dimensions`.
    policy : Policy, optional
        Policy in force (default: the default policy file).
    as_of : str or datetime, optional
        Instant the clocks are read at (default: the latest event).
    filters : Filters, optional
        The reader's filters (bound).

    Returns
    -------
    pandas.DataFrame
        As :func:`compliance_from_prepared`.
    """
    dims = parse_dimensions(by)
    prepare_clocks(con, dataset, policy, as_of)
    return compliance_from_prepared(con, dims, filters)


def compliance_of(facts: Facts, by: str | list[str] | None = None, filters: Filters | None = None) -> pd.DataFrame:
    """:func:`compliance` on cached facts (same SQL, same numbers).

    Parameters
    ----------
    facts : Facts
        The cached fact set.
    by, filters
        As for :func:`compliance`.

    Returns
    -------
    pandas.DataFrame
        The same table as :func:`compliance`.
    """
    text, params = _compliance_sql(parse_dimensions(by), filters)
    return facts.query(text, params)


def report(
    facts: Facts,
    name: str,
    filters: Filters | None = None,
    scope: str = "clocks",
    params: dict | None = None,
    **scoped: str,
) -> pd.DataFrame:
    """Run ``analytics/sql/reports/<name>.sql`` on cached facts with the filters bound.

    Parameters
    ----------
    facts : Facts
        The cached fact set.
    name : str
        Report file name (fixed in code, never user input).
    filters : Filters, optional
        The reader's filters, applied to ``{where}`` in the scope ``scope``.
    scope : str
        ``clocks``, ``tickets`` or ``handoffs``: the relation ``{where}`` filters.
    params : dict, optional
        Further bound parameters the SQL names.
    **scoped : str
        Extra placeholders to fill with the same filters in another scope, e.g. ``cwhere="clocks"``
        fills ``{cwhere}`` (their parameters are the same ``$f_*`` values).

    Returns
    -------
    pandas.DataFrame
        The report's rows.
    """
    predicate, bound = where(filters, scope)
    parts = {"where": predicate}
    for placeholder, other_scope in scoped.items():
        parts[placeholder], more = where(filters, other_scope)
        bound.update(more)
    return facts.query(filled(f"reports/{name}", **parts), {**bound, **(params or {})})
