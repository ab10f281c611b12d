"""Arrivals (hour-of-week rates, mix, trend, customers) and the first hop of routing of a calibrated period."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.calibration.fit import slope_test
from analytics.store.sqlfiles import bound, sql

__all__ = ["measure_arrivals", "measure_routing", "ticket_mix"]

TREND_T = 3.0  # |t| of the weekly slope above which a trend is written
MIN_ROUTING = 20  # tickets of a (category, complexity) below which its hand-off shares are a gap


def _df(con, name: str, params: dict) -> pd.DataFrame:
    text = sql(f"calibration/{name}")
    return con.execute(text, bound(text, params)).df()


def ticket_mix(con, p: dict) -> pd.DataFrame:
    """Tickets per (channel, category, complexity) of the period."""
    return _df(con, "ticket_mix", p)


def _shares(counts: pd.Series) -> dict:
    total = counts.sum()
    return {str(k): float(v / total) for k, v in counts.items() if v > 0}


def measure_arrivals(con, p: dict, tz: str, cal) -> None:
    """Rates per hour of week and channel, category and complexity mix, trend, customers."""
    rates = _df(con, "arrivals_hour_of_week", p | {"tz": tz})
    mix = ticket_mix(con, p)
    occurred = cal.notes.setdefault("occurred", {})
    for channel, g in rates.groupby("channel"):
        r = (g["tickets"] / g["occurred"].where(g["occurred"] > 0)).to_numpy()
        occurred[str(channel)] = g["occurred"].to_numpy()
        m = mix[mix["channel"] == channel]
        cats = m.assign(category=m["category"].fillna("unknown")).groupby("category")["tickets"].sum()
        cal.channels[str(channel)] = {
            "rates": np.nan_to_num(r).tolist(),
            "n": int(g["tickets"].sum()),
            "categories": _shares(cats),
        }
    if mix["category"].isna().any():
        cal.gaps.append(
            f"{int(mix.loc[mix['category'].isna(), 'tickets'].sum())} tickets have no category; "
            "written as category 'unknown' (add it to the policy's vocabulary or map the column)"
        )
    known = mix.dropna(subset=["category"])
    for category, g in known.groupby("category"):
        cal.category_n[str(category)] = int(g["tickets"].sum())
        c = g.dropna(subset=["complexity"]).groupby("complexity")["tickets"].sum()
        if c.sum():
            cal.complexity[str(category)] = _shares(c)
    if mix["complexity"].isna().any():
        cal.gaps.append(
            f"{int(mix.loc[mix['complexity'].isna(), 'tickets'].sum())} tickets have no complexity; "
            "the complexity mix is measured on the others (a category with none is written as all standard)"
        )
    weeks = _df(con, "weekly_counts", p)
    full = cal.days // 7
    weekly = weeks[weeks["week"] < full].groupby("week")["tickets"].sum().reindex(range(full), fill_value=0)
    slope, t = slope_test(weekly.to_numpy())
    level = float(weekly.mean()) if full else 0.0
    if abs(t) >= TREND_T and level > 0:
        start_level = level - slope * (full - 1) / 2
        cal.trend = float(slope * 52 / start_level)
        cal.trend_note = f"weekly counts grow {slope:+.1f} tickets/week (t = {t:.1f}, {full} weeks)"
        for ch in cal.channels.values():
            ch["rates"] = (np.asarray(ch["rates"]) * start_level / level).tolist()
    else:
        cal.trend_note = (
            f"no significant slope of weekly counts (t = {t:.1f} over {full} weeks; |t| >= {TREND_T} needed)"
        )
    cust = _df(con, "customer_mix", p)
    cal.customers["count"] = int(cust.loc[cust["attribute"] == "customers", "n"].sum())
    for attr, key in (("site", "sites"), ("priority", "priority")):
        c = cust[(cust["attribute"] == attr)]
        if c["value"].isna().all():
            cal.gaps.append(f"no ticket has a {attr}; customers.{key} is left to the scenario's default")
            continue
        cal.customers[key] = _shares(c.dropna(subset=["value"]).set_index("value")["n"])


def _mode(frame: pd.DataFrame, reason: str | None = None) -> str | None:
    f = frame if reason is None else frame[frame["reason"] == reason]
    if f.empty:
        return None
    return str(f.groupby("to_team")["n"].sum().idxmax())


def measure_routing(con, p: dict, policy, cal) -> None:
    """The intake team; per category x complexity the share handed off by reason; specialist, server, approval."""
    intake = _df(con, "intake_team", p)
    if intake.empty:
        cal.gaps.append("no event names a team: routing cannot be measured")
        return
    team = str(intake["team"].iloc[0])
    cal.routing["intake"] = team
    share = float(intake["tickets"].iloc[0] / intake["tickets"].sum())
    cal.notes["intake"] = f"team of the first agent event on {share:.0%} of {int(intake['tickets'].sum())} tickets"
    h = _df(con, "handoffs", p | {"intake": team})
    esc = h[h["kind"] == "escalated"]
    appr = h[h["kind"] == "approval_requested"].assign(reason="approval")
    server, approval = _mode(esc, "server"), _mode(appr)
    if server:
        cal.routing["server"] = server
    if approval:
        cal.routing["approval"] = approval
    allh = pd.concat([esc, appr])
    unknown = allh["reason"].isna() | ~allh["reason"].isin(["server", "complex", "approval", "onsite", "volume"])
    if unknown.any():
        cal.gaps.append(f"{int(allh.loc[unknown, 'n'].sum())} hand-offs have no known reason; left out of the shares")
    # A ticket without a complexity is written as `standard` (its category's mix is {standard = 1}).
    drawn = allh[~unknown & (allh["reason"] != "volume")].fillna({"complexity": "standard"})
    mix = ticket_mix(con, p).dropna(subset=["category"]).fillna({"complexity": "standard"})
    totals = mix.groupby(["category", "complexity"])["tickets"].sum()
    by_cell = drawn.groupby(["category", "complexity", "reason"])["n"].sum()
    by_cat = drawn.groupby(["category", "reason"])["n"].sum()
    cat_totals = mix.groupby("category")["tickets"].sum()
    for category, g in drawn.groupby("category"):
        spec = _mode(g[g["reason"].isin(["complex", "volume"])])
        if spec:
            cal.specialist[str(category)] = spec
    small_cats = [c for c, n in cat_totals.items() if n < MIN_ROUTING]
    pool_n = int(cat_totals[small_cats].sum()) if small_cats else 0
    pool = drawn[drawn["category"].isin(small_cats)].groupby("reason")["n"].sum()
    pooled = {"category": 0, "all": 0}
    for (category, complexity), total in totals.items():
        if total >= MIN_ROUTING:
            cell = by_cell.get((category, complexity))
            shares = {} if cell is None else {str(r): float(v / total) for r, v in cell.items()}
        elif cat_totals[category] >= MIN_ROUTING:
            pooled["category"] += 1
            cell = by_cat.get(category)
            shares = {} if cell is None else {str(r): float(v / cat_totals[category]) for r, v in cell.items()}
        else:
            pooled["all"] += 1
            shares = {str(r): float(v / pool_n) for r, v in pool.items()} if pool_n else {}
        shares = {r: round(v, 4) for r, v in shares.items() if v > 0}
        if shares:
            cal.escalation.setdefault(str(category), {})[str(complexity)] = shares
    if pooled["category"] or pooled["all"]:
        cal.gaps.append(
            f"routing: {pooled['category'] + pooled['all']} (category, complexity) groups have fewer than "
            f"{MIN_ROUTING} tickets; {pooled['category']} use their category's shares, {pooled['all']} the shares "
            f"of all {len(small_cats)} categories under {MIN_ROUTING} tickets ({pool_n} tickets)"
        )
    if any("complex" in c for e in cal.escalation.values() for c in e.values()):
        fallback = _mode(drawn[drawn["reason"] == "complex"])
        for category in cal.escalation:
            if category not in cal.specialist and fallback:
                cal.specialist[category] = fallback
