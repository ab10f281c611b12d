"""Later hops of a calibrated period: where each team hands tickets on after its work (``[[routing.flows]]``).

A work step of a team starts when it receives a ticket (a hand-off names it, a ticket coming back to the
intake team included) and ends in a hand-off or a resolution; the intake team's first decision is
``categories.NAME.escalation`` (:func:`analytics.calibration.history.measure_routing`), not a flow. The
probability of a flow is hand-offs / steps of its (team, category, complexity). Groups with fewer than
:data:`MIN_STEPS` steps are pooled: they use rows measured over all the team's steps of their category
(``category, "*"``), or, for categories with too few steps, over the steps of all such categories
(``"*", "*"``); the flows format applies those when no more specific row matches.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.calibration.history import _df
from analytics.vocabulary import COMPLEXITIES, ESCALATION_REASONS

__all__ = ["FLOW_REASONS", "MIN_STEPS", "flow_rows", "measure_flows"]

MIN_STEPS = 20  # work steps of a (team, category, complexity) below which it is pooled
FLOW_REASONS = tuple(r for r in ESCALATION_REASONS if r != "approval")  # approvals keep the ticket
DEFAULT_MAX_HOPS = 5  # the scenario format's default, kept when the history shows fewer
ANY = "*"
_LISTED = 6  # pooled groups named in a gap line, the rest counted


def _cells(frame: pd.DataFrame) -> str:
    parts = [f"{r.category}/{r.complexity} ({int(r.steps)})" for r in frame.head(_LISTED).itertuples()]
    more = len(frame) - _LISTED
    return ", ".join(parts) + (f" and {more} more" if more > 0 else "")


def _excluded(s: pd.DataFrame, handed: pd.Series, teams, work) -> tuple[pd.Series, list[str]]:
    """Hand-offs that cannot be a flow row (they stay steps the team ends itself), with a gap line each kind."""
    to = s["to_team"]
    kinds = (
        (~s["reason"].isin(FLOW_REASONS), "have no hand-off reason (server, complex, onsite, volume)"),
        (to.isna(), "name no receiving team"),
        (to == s["team"], "go to the team that hands on (a reassignment within the team)"),
        (to.notna() & ~to.isin(teams), "go to teams not in the policy"),
        (to.isin(teams) & ~to.isin(work), "go to teams without measured work steps"),
    )
    out = pd.Series(False, index=s.index)
    gaps = []
    for mask, what in kinds:
        hit = handed & mask & ~out
        if hit.any():
            names = sorted({f"{a}->{b}" for a, b in zip(s.loc[hit, "team"], s.loc[hit, "to_team"].fillna("?"))})
            gaps.append(
                f"{int(s.loc[hit, 'n'].sum())} later hand-offs {what} ({', '.join(names[:_LISTED])}): "
                "no flow; counted as steps the team ends itself"
            )
            out |= hit
    return out, gaps


def _groups(s: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The step rows of each group that gets flow rows, and the cells that were pooled.

    A cell of at least :data:`MIN_STEPS` steps is its own group. A smaller one uses its category's
    ``(category, "*")`` group, measured over all the team's steps of that category, when that has at least
    :data:`MIN_STEPS`; otherwise the ``("*", "*")`` group, measured over the steps of all such categories
    (those the rows apply to). A step row can so count in a cell's group and its category's.
    """
    cell = s.groupby(["team", "category", "complexity"], dropna=False)["n"].sum().rename("steps").reset_index()
    cat_steps = s.groupby(["team", "category"])["n"].sum().rename("cat_steps")
    cell = cell.join(cat_steps, on=["team", "category"])
    exact = cell["category"].notna() & cell["complexity"].notna() & (cell["steps"] >= MIN_STEPS)
    by_cat = ~exact & cell["category"].notna() & (cell["cat_steps"] >= MIN_STEPS)
    cell["level"] = np.select([exact, by_cat], ["exact", "category"], "team")
    s = s.merge(cell[["team", "category", "complexity", "level"]], on=["team", "category", "complexity"])
    cat_keys = cell.loc[by_cat, ["team", "category"]].drop_duplicates()
    parts = [
        s[s["level"] == "exact"].assign(g_cat=lambda d: d["category"], g_cx=lambda d: d["complexity"]),
        s.merge(cat_keys, on=["team", "category"]).assign(g_cat=lambda d: d["category"], g_cx=ANY),
        s[s["level"] == "team"].assign(g_cat=ANY, g_cx=ANY),
    ]
    return pd.concat(parts, ignore_index=True), cell[cell["level"] != "exact"]


def _capped(p: pd.Series, group: list[pd.Series]) -> pd.Series:
    """``p`` rounded to 4 decimals, the largest row of a group lowered if rounding took the sum above 1."""
    r = p.round(4)
    by = r.groupby(group)
    excess = (by.sum() - 1).clip(lower=0)
    top = by.idxmax()
    r.loc[top.to_numpy()] -= excess.loc[top.index].to_numpy()
    return r.round(4)


def flow_rows(steps: pd.DataFrame, categories, teams, work) -> tuple[list[dict], list[str]]:
    """The ``[[routing.flows]]`` rows of measured work steps, and the gaps of what they leave out.

    Parameters
    ----------
    steps : pandas.DataFrame
        ``calibration/flow_steps``: team, category, complexity, outcome, to_team, reason, n.
    categories : iterable of str
        The scenario's categories (others pool into ``"*"`` rows).
    teams : iterable of str
        Teams of the policy.
    work : iterable of str
        Teams with measured work times: the only ones a flow can go to.

    Returns
    -------
    rows : list of dict
        ``from, category, complexity, to, reason, p`` with ``steps`` (of the group) and ``handed_off``;
        exact groups first, then ``(category, "*")``, then ``("*", "*")`` rows, per team.
    gaps : list of str
    """
    teams, gaps = set(teams), []
    other = steps["outcome"] == "other_team"
    if other.any():
        gaps.append(
            f"{int(steps.loc[other, 'n'].sum())} work steps were ended by another team than the one that "
            "received the ticket; left out of the flows"
        )
    outside = sorted(set(steps.loc[~other & ~steps["team"].isin(teams), "team"]))
    if outside:
        gaps.append(f"work steps of teams not in the policy ({', '.join(outside)}): no flows from them")
    s = steps[~other & steps["team"].isin(teams)].copy()
    handed = s["outcome"] == "handed_off"
    excluded, lost = _excluded(s, handed, teams, set(work))
    gaps += lost
    s["k"] = np.where(handed & ~excluded, s["n"], 0)
    # Categories the scenario does not have and complexities outside the vocabulary pool further up.
    s["category"] = s["category"].where(s["category"].isin(list(categories)))
    s["complexity"] = s["complexity"].where(s["category"].notna() & s["complexity"].isin(COMPLEXITIES))
    s = s[s.groupby("team")["k"].transform("sum") > 0]  # a team that never hands on resolves: no rows
    if s.empty:
        return [], gaps
    rows, pooled = _groups(s)
    key = ["team", "g_cat", "g_cx"]
    size = rows.groupby(key)["n"].sum().rename("steps")
    flows = rows[rows["k"] > 0].groupby([*key, "to_team", "reason"])["k"].sum().reset_index().join(size, on=key)
    # A group measured without hand-offs still needs a row (p = 0) where a pooled row would catch it.
    empty = size.reset_index().merge(flows[key].drop_duplicates(), on=key, how="left", indicator=True)
    empty = empty[empty.pop("_merge") == "left_only"]
    pooled_cat = pd.MultiIndex.from_frame(pooled.loc[pooled["level"] == "category", ["team", "category"]])
    caught = empty["team"].isin(pooled.loc[pooled["level"] == "team", "team"]) | (
        (empty["g_cx"] != ANY) & pd.MultiIndex.from_frame(empty[["team", "g_cat"]]).isin(pooled_cat)
    )
    top = flows.groupby(["team", "to_team", "reason"])["k"].sum().reset_index()
    top = top.sort_values(["team", "k"], ascending=[True, False]).drop_duplicates("team")
    zero = empty[caught].merge(top[["team", "to_team", "reason"]], on="team").assign(k=0)
    flows = pd.concat([flows, zero], ignore_index=True)
    flows["p"] = _capped(flows["k"] / flows["steps"], [flows["team"], flows["g_cat"], flows["g_cx"]])
    flows["level"] = np.where(flows["g_cat"] == ANY, 2, np.where(flows["g_cx"] == ANY, 1, 0))
    flows = flows.sort_values(
        ["team", "level", "g_cat", "g_cx", "k", "to_team"], ascending=[True, True, True, True, False, True]
    )
    out = [
        {
            "from": r.team,
            "category": r.g_cat,
            "complexity": r.g_cx,
            "to": r.to_team,
            "reason": r.reason,
            "p": float(r.p),
            "steps": int(r.steps),
            "handed_off": int(r.k),
        }
        for r in flows.itertuples()
    ]
    for team, g in pooled.groupby("team"):
        cat, rest = g[g["level"] == "category"], g[g["level"] == "team"].fillna("?")
        said = []
        if len(cat):
            names = ", ".join(f"{c}/*" for c in cat["category"].unique())
            said.append(f"{_cells(cat)}: pooled into {names} (all its steps of the category)")
        if len(rest):
            said.append(f"{_cells(rest)}: pooled into */* (these {int(rest['steps'].sum())} steps)")
        gaps.append(f"routing.flows from {team}: fewer than {MIN_STEPS} steps in " + "; ".join(said))
    return out, gaps


def measure_flows(con, p: dict, policy, cal) -> None:
    """``cal.flows`` and ``cal.max_hops`` from the hand-offs after the intake team's first decision.

    Needs ``cal.category_n`` (arrivals) and ``cal.work`` (teams with measured work times): flows go
    only to teams the scenario can give work.
    """
    hops = _df(con, "hops_per_ticket", p).iloc[0]
    if int(hops["after_reopening"]):
        cal.gaps.append(
            f"{int(hops['after_reopening'])} hand-offs after a reopening: not expressible (a reopened ticket "
            "goes back to the intake team, which resolves it)"
        )
    cal.flows, gaps = flow_rows(_df(con, "flow_steps", p), cal.category_n, policy.teams, cal.work)
    cal.gaps += gaps
    if not cal.flows:
        return
    most = int(hops["max_hops"])
    cal.max_hops = min(max(most, DEFAULT_MAX_HOPS), 100)
    kept = f"; the default {DEFAULT_MAX_HOPS} kept" if most < DEFAULT_MAX_HOPS else ""
    cal.notes["max_hops"] = (
        f"most hand-offs on one ticket: {most} ({int(hops['multi_hop_tickets'])} tickets had more than one){kept}"
    )
