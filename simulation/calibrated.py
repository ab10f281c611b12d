"""A measured history (``analytics.api.Calibration``) written as scenario TOML text, one comment per value.

tomli-w writes no comments, so the text is generated here; :func:`calibrated_scenario` parses it back with
the scenario parser before returning it, so a calibrated file always loads.
"""

from __future__ import annotations

import tomllib

from analytics.api import Calibration, Fit, Policy

__all__ = ["calibrated_scenario", "duration_text"]


def duration_text(minutes: float) -> str:
    """Minutes as a scenario duration in whole seconds, e.g. ``"754s"``."""
    return f"{max(0, round(minutes * 60))}s"


def _dist(fit: Fit) -> str:
    if fit.method == "lognormal":
        return f'{{mean = "{duration_text(fit.mean)}", cv = {fit.cv:.3f}}}'
    return "{samples = [" + ", ".join(f'"{duration_text(v)}"' for v in fit.samples) + "]}"


def _why(fit: Fit) -> str:
    return f"# {fit.source}: n = {fit.n}, {fit.note}"


def _grid(values) -> str:
    rows = [values[d * 24 : d * 24 + 24] for d in range(7)]
    return "[\n" + "".join("  [" + ", ".join(f"{v:g}" for v in r) + "],\n" for r in rows) + "]"


def _inline(shares: dict) -> str:
    return "{" + ", ".join(f'"{k}" = {v:.4f}' for k, v in shares.items()) + "}"


def _normalised(shares: dict) -> dict:
    r = {k: round(v, 4) for k, v in shares.items()}
    if r:
        top = max(r, key=r.get)
        r[top] = round(r[top] + 1 - sum(r.values()), 4)
    return r


def calibrated_scenario(cal: Calibration, policy: Policy, rosters_text: str | None = None) -> str:
    """Scenario TOML text of a calibration, checked by parsing it back.

    Parameters
    ----------
    cal : Calibration
        From ``analytics.api.calibrate``.
    policy : Policy
    rosters_text : str, optional
        A roster file's text (``[rosters.TEAM]`` tables in the scenario format), used instead of inferred rosters.

    Returns
    -------
    str

    Raises
    ------
    ScenarioError
        The text does not make a valid scenario (e.g. a team receives work but had no one on duty).
    """
    from simulation.scenario_parse import parse_scenario

    out = [
        f"# Calibrated from dataset '{cal.dataset}': {cal.tickets} tickets, {cal.start} + {cal.days} days.",
        "# Every value says where it came from. Gaps (what the data cannot support):",
        *[f"#   - {g}" for g in cal.gaps],
        "",
        f'name = "calibrated-{cal.dataset}"',
        f'description = "Measured from dataset {cal.dataset} ({cal.start}, {cal.days} days)."',
        "",
        "[horizon]",
        f"start = {cal.start.isoformat()}",
        f"days = {cal.days}",
        'warmup = "3d"  # not measured: queues start filled',
        f'timezone = "{cal.timezone}"  # the policy\'s reporting timezone',
        "",
        "[arrivals]",
        "multiplier = 1.0",
        f"trend = {cal.trend:.4f}  # {cal.trend_note}",
    ]
    for ch, spec in cal.channels.items():
        out += [
            "",
            f"# {ch}: {spec['n']} created events; per local hour of week / times that hour occurred (DST-aware)",
            f"[arrivals.channels.{ch}]",
            "rates = " + _grid([round(v, 3) for v in spec["rates"]]),
            f"categories = {_inline(_normalised(spec['categories']))}",
        ]
    cust = cal.customers
    out += ["", "[customers]", f"count = {max(1, cust.get('count', 1))}  # distinct customers in the period"]
    for key in ("sites", "priority"):
        if key in cust:
            out.append(f"{key} = {_inline(_normalised(cust[key]))}  # share of tickets")
    for cat, n in cal.category_n.items():
        out += ["", f"# {cat}: {n} tickets", f"[categories.{cat}]"]
        if cat in cal.specialist:
            out.append(f'specialist = "{cal.specialist[cat]}"  # most frequent receiver of its complex hand-offs')
        if cat in cal.complexity:
            out.append(f"complexity = {_inline(_normalised(cal.complexity[cat]))}")
        for cplx, reasons in cal.escalation.get(cat, {}).items():
            out.append(f"escalation.{cplx} = {_inline(reasons)}  # intake team's first hand-off, share of tickets")
    out += ["", "[routing]"]
    for key in ("intake", "server", "approval"):
        if key in cal.routing:
            out.append(f'{key} = "{cal.routing[key]}"  # most frequent team')
    out += ["volume_share = 0.0  # the load rule of 'volume' hand-offs is not fitted", ""]
    out += [
        "[work]",
        f"complexity_factor = {_inline(cal.complexity_factor or {'standard': 1.0})}"
        "  # mean work by complexity / standard, within team and category",
    ]
    for team, fits in cal.work.items():
        out += [
            "",
            f"# {team}: from its first reply or pickup to its hand-off or resolution, wall-clock,"
            " steps that paused for the customer left out, divided by the complexity factor",
            f"[work.{team}]",
        ]
        for key, fit in fits.items():
            out += [_why(fit), f"{key} = {_dist(fit)}"]
    approver = cal.routing.get("approval")
    if approver and approver not in cal.work:
        out += [
            "",
            f"# {approver}: its decisions are not picked up visibly; their time is all in approval_delay",
            f"[work.{approver}]",
            'default = "0s"',
        ]
    out += ["", "[behaviour]", 'reply_writing = "0s"  # not measurable: see the gaps above', "ack_outages_per_week = 0"]
    for key, value in cal.behaviour.items():
        if isinstance(value, tuple):
            out.append(f"{key} = {value[0]:.4f}  # n = {value[1]}")
        elif value.method != "none":
            out += [_why(value), f"{key} = {_dist(value)}"]
    if rosters_text is not None:
        out += ["", "# Rosters from the given roster file", rosters_text.strip()]
    else:
        for team, r in cal.rosters.items():
            out += [
                "",
                f"# {team}: {r['method']}",
                f"[rosters.{team}]",
                f'timezone = "{r["timezone"]}"',
                "headcount = " + _grid(r["headcount"]),
            ]
    text = "\n".join(out) + "\n"
    tomllib.loads(text)
    parse_scenario(text, policy, "calibrated scenario")
    return text
