"""Compare two runs: per metric, the compliance of each with a 95 % confidence interval over its
replications, and the difference (B - A) with its own interval.

Each replication's compliance % comes from ``analytics.api.compliance`` grouped by
``metric,replication``, so the figures are exactly those of every other page; each run's seed comes
from ``analytics.api.dataset_info``. When both runs have the same number of replications and the same
seed, replication k of A and of B saw the same customers (common random numbers), so the difference
is estimated pairwise, which is much sharper; otherwise Welch's interval for two independent means is
used. A history dataset counts as one observation (no interval).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analytics import api
from analytics.sla.policy import Policy
from analytics.vocabulary import METRICS
from simulation.stats import mean_ci, t_quantile_975

__all__ = ["COLUMNS", "compare", "per_replication", "readable"]

if TYPE_CHECKING:
    from analytics.api.runs import Store

COLUMNS = [
    "metric",
    "a_pct",
    "a_low",
    "a_high",
    "b_pct",
    "b_low",
    "b_high",
    "diff_pts",
    "diff_low",
    "diff_high",
    "paired",
    "a_replications",
    "b_replications",
]


def per_replication(store: Store, dataset: str, policy: Policy | None = None) -> pd.DataFrame:
    """Compliance % per metric (rows) and replication (columns), from ``analytics.api.compliance``.

    Parameters
    ----------
    store : Store
    dataset : str
    policy : Policy, optional
        Default: the policy file in force.

    Returns
    -------
    pandas.DataFrame
        A history dataset has the one column 0.
    """
    df = api.compliance(store, dataset, by="metric,replication", policy=policy)
    df["replication"] = df["replication"].fillna(0).astype(int)
    return df.pivot(index="metric", columns="replication", values="compliance_pct").astype(float)


def _seed(store: Store, dataset: str) -> int | None:
    info = api.dataset_info(store, dataset)
    return None if info is None else info.seed


def _welch(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    se = math.sqrt(va + vb)
    if se == 0:
        return 0.0, 0.0
    df = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
    return se, t_quantile_975(max(1, int(df)))


def compare(store: Store, a: str, b: str, policy: Policy | None = None) -> pd.DataFrame:
    """One row per metric: A and B compliance % with 95 % intervals, and B - A in percentage points.

    Parameters
    ----------
    store : Store
    a, b : str
        The two datasets (simulations or history), A usually the baseline.
    policy : Policy, optional
        Default: the policy file in force.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`; ``paired`` tells whether the difference was estimated replication by
        replication (same seed and replications) or with Welch's interval.
    """
    pa_, pb_ = per_replication(store, a, policy), per_replication(store, b, policy)
    paired = list(pa_.columns) == list(pb_.columns) and len(pa_.columns) > 1 and _seed(store, a) == _seed(store, b)
    rows = []
    for metric in METRICS:
        xa = pa_.loc[metric].to_numpy(float) if metric in pa_.index else np.array([])
        xb = pb_.loc[metric].to_numpy(float) if metric in pb_.index else np.array([])
        ca, cb = mean_ci(xa), mean_ci(xb)
        diff, half = cb.mean - ca.mean, float("nan")
        both = np.isfinite(xa) & np.isfinite(xb) if paired and len(xa) == len(xb) else None
        if both is not None and both.sum() >= 2:
            d = mean_ci(xb[both] - xa[both])
            diff, half = d.mean, d.half_width
        elif ca.n >= 2 and cb.n >= 2:
            se, t = _welch(xa[np.isfinite(xa)], xb[np.isfinite(xb)])
            half = se * t
        rows.append(
            [
                metric,
                ca.mean,
                ca.low,
                ca.high,
                cb.mean,
                cb.low,
                cb.high,
                diff,
                diff - half,
                diff + half,
                both is not None,
                ca.n,
                cb.n,
            ]
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def _pm(mean: float, low: float, high: float) -> str:
    if not np.isfinite(mean):
        return "n/a"
    if not np.isfinite(low):
        return f"{mean:.1f}%"
    return f"{mean:.1f}% ± {(high - low) / 2:.1f}"


def readable(df: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """The comparison for people: percentages with ± and the difference with its interval.

    Parameters
    ----------
    df : pandas.DataFrame
        What :func:`compare` returned.
    a, b : str
        The datasets' names, for the column headers.

    Returns
    -------
    pandas.DataFrame
        Text columns: metric, A, B and ``B - A (95% CI)`` with a verdict.
    """
    out = pd.DataFrame({"metric": df["metric"]})
    out[f"A: {a}"] = [_pm(r.a_pct, r.a_low, r.a_high) for r in df.itertuples()]
    out[f"B: {b}"] = [_pm(r.b_pct, r.b_low, r.b_high) for r in df.itertuples()]

    def diff(r):
        if not np.isfinite(r.diff_pts):
            return "n/a"
        if not np.isfinite(r.diff_low):
            return f"{r.diff_pts:+.1f} pts"
        verdict = "better" if r.diff_low > 0 else "worse" if r.diff_high < 0 else "no clear difference"
        return f"{r.diff_pts:+.1f} pts [{r.diff_low:+.1f}, {r.diff_high:+.1f}] {verdict}"

    out["B - A (95% CI)"] = [diff(r) for r in df.itertuples()]
    return out
