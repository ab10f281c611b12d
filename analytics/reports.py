"""Reports over clocks: compliance tables grouped by whitelisted dimensions, with bound filters."""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics.clocks import prepare_clocks
from analytics.policy import Policy
from analytics.sqlfiles import sql

# Dimensions a compliance table can be grouped by (column names of clock_facts).
DIMENSIONS = ("metric", "team", "channel", "complexity", "category", "priority", "site", "cycle",
              "calendar", "day", "week", "month", "replication")


def parse_dimensions(text: str | list[str] | None) -> list[str]:
    """Validate a ``--by`` list such as ``"metric,team,week"``; raises ValueError naming the bad one."""
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


def compliance_from_prepared(con: duckdb.DuckDBPyConnection, by: list[str]) -> pd.DataFrame:
    """Compliance table from clocks already prepared on ``con``."""
    dims = ", ".join(parse_dimensions(by))  # whitelisted identifiers only
    return con.execute(sql("reports/compliance").replace("{dims}", dims)).fetchdf()


def compliance(con: duckdb.DuckDBPyConnection, dataset: str, by: str | list[str] | None = None,
               policy: Policy | None = None, as_of=None) -> pd.DataFrame:
    """Met, breached, pending and compliance % per group of ``by`` (default: per metric)."""
    dims = parse_dimensions(by)
    prepare_clocks(con, dataset, policy, as_of)
    return compliance_from_prepared(con, dims)
