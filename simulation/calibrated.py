"""A measured history (``analytics.api.Calibration``) written as scenario TOML text, one comment per value.

tomli-w writes no comments, so the text is generated here; :func:`calibrated_scenario` parses it back with
the scenario parser before returning it, so a calibrated file always loads.
"""

from __future__ import annotations

import json
import re
import tomllib

from analytics.api import Calibration, Fit, Policy, shown
from simulation.scenario import PRIORITIES

__all__ = ["calibrated_scenario", "duration_text", "toml_key", "toml_string"]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string: quotes, backslashes and every control character escaped.

    Team, category, site and dataset names come from imported files; written through this (and
    :func:`toml_key`, :func:`_comment`), none can end a string, a table header or a comment line.
    """
    return json.dumps(str(text), ensure_ascii=True).replace("\x7f", "\\u007f")


def toml_key(name: str) -> str:
    """``name`` as a TOML key: bare when it is letters, digits, ``-`` and ``_``; quoted otherwise."""
    return name if _BARE_KEY.fullmatch(name) else toml_string(name)


def _comment(text: object) -> str:
    """Text for a ``#`` comment: line breaks and other control characters shown as escapes."""
    return shown(str(text))


def duration_text(minutes: float) -> str:
    """Minutes as a scenario duration in whole seconds, e.g. ``"754s"``."""
    return f"{max(0, round(minutes * 60))}s"


def _dist(fit: Fit) -> str:
    if fit.method == "lognormal":
        return f'{{mean = "{duration_text(fit.mean)}", cv = {fit.cv:.3f}}}'
    return "{samples = [" + ", ".join(f'"{duration_text(v)}"' for v in fit.samples) + "]}"


def _why(fit: Fit) -> str:
    return _comment(f"# {fit.source}: n = {fit.n}, {fit.note}")


def _grid(values) -> str:
    rows = [values[d * 24 : d * 24 + 24] for d in range(7)]
    return "[\n" + "".join("  [" + ", ".join(f"{v:g}" for v in r) + "],\n" for r in rows) + "]"


def _inline(shares: dict) -> str:
    return "{" + ", ".join(f"{toml_string(k)} = {v:.4f}" for k, v in shares.items()) + "}"


def _normalised(shares: dict) -> dict:
    r = {k: round(v, 4) for k, v in shares.items()}
    if r:
        top = max(r, key=r.get)
        r[top] = round(r[top] + 1 - sum(r.values()), 4)
    return r


def _flows(cal: Calibration) -> list[str]:
    """``max_hops`` and ``flows = [...]`` of ``[routing]``: one row per line, its steps in a comment."""
    if not cal.flows:
        return []
    out = [
        _comment(f"max_hops = {cal.max_hops}  # {cal.notes.get('max_hops', '')}"),
        "# Later hops: after its work on a ticket it received (a bounce back to the intake team included),",
        "# a team hands it on with p = hand-offs / its work steps; '*' rows pool smaller groups (see the gaps)",
        "flows = [",
    ]
    for f in cal.flows:
        fields = ", ".join(f"{k} = {toml_string(f[k])}" for k in ("from", "category", "complexity", "to", "reason"))
        why = f"  # n = {f['steps']} steps, {f['handed_off']} handed on"
        if not f["handed_off"]:
            why += " (a row of p = 0 keeps the '*' rows off this group)"
        out.append(f"  {{{fields}, p = {f['p']:.4f}}}," + _comment(why))
    return [*out, "]"]


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
        _comment(f"# Calibrated from dataset '{cal.dataset}': {cal.tickets} tickets, {cal.start} + {cal.days} days."),
        "# Every value says where it came from. Gaps (what the data cannot support):",
        *[_comment(f"#   - {g}") for g in cal.gaps],
        "",
        f"name = {toml_string('calibrated-' + cal.dataset)}",
        f"description = {toml_string(f'Measured from dataset {cal.dataset} ({cal.start}, {cal.days} days).')}",
        "",
        "[horizon]",
        f"start = {cal.start.isoformat()}",
        f"days = {cal.days}",
        'warmup = "3d"  # not measured: queues start filled',
        f"timezone = {toml_string(cal.timezone)}  # the policy's reporting timezone",
        "",
        "[arrivals]",
        "multiplier = 1.0",
        f"trend = {cal.trend:.4f}  # {cal.trend_note}",
    ]
    for ch, spec in cal.channels.items():
        out += [
            "",
            _comment(
                f"# {ch}: {spec['n']} created events; per local hour of week / times that hour occurred (DST-aware)"
            ),
            f"[arrivals.channels.{toml_key(ch)}]",
            "rates = " + _grid([round(v, 3) for v in spec["rates"]]),
            f"categories = {_inline(_normalised(spec['categories']))}",
        ]
    for b in cal.bursts:
        if b["category"] is None or b["category"] not in cal.category_n:
            out += ["", _comment(f"# {b['n']} bursts of {b['channel']} tickets without a known category: not replayed")]
            continue
        out += [
            "",
            _comment(
                f"# {b['n']} burst(s) on channel {b['channel']}, {b['members']} tickets in all: far more than the"
                " hour's rate within minutes; the rates above leave them out"
            ),
            "[[arrivals.bursts]]",
            f"per_week = {b['per_week']:.3f}",
            f"tickets = {b['tickets']:.1f}  # mean tickets per burst",
            f'within = "{duration_text(b["within"])}"  # median span from first to last ticket',
            f"channel = {toml_string(b['channel'])}",
            f"category = {toml_string(b['category'])}  # the most frequent in its bursts",
            f"complexity = {toml_string(b['complexity'])}",
        ]
    cust = cal.customers
    out += ["", "[customers]", f"count = {max(1, cust.get('count', 1))}  # distinct customers in the period"]
    known = {
        "sites": {t.site: t.site for t in policy.teams.values() if t.site},
        "priority": {p: p for p in PRIORITIES}
        | {p.capitalize(): p for p in PRIORITIES}
        | {p.upper(): p for p in PRIORITIES},
    }
    for key in ("sites", "priority"):
        if key not in cust:
            continue
        shares: dict[str, float] = {}
        for value, share in cust[key].items():
            if value in known[key]:
                shares[known[key][value]] = shares.get(known[key][value], 0.0) + share
        left = sorted(set(cust[key]) - set(known[key]))
        if left:
            names = ", ".join(left[:5]) + (f" and {len(left) - 5} more" if len(left) > 5 else "")
            what = "sites of the policy" if key == "sites" else f"priorities ({', '.join(PRIORITIES)})"
            out.append(_comment(f"# {key}: values that are not {what} left out: {names}"))
        if shares:
            total = sum(shares.values())
            out.append(f"{key} = {_inline(_normalised({k: v / total for k, v in shares.items()}))}  # share of tickets")
        else:
            out.append(f"# {key}: no known value in the data; the scenario's default applies")
    for cat, n in cal.category_n.items():
        out += ["", _comment(f"# {cat}: {n} tickets"), f"[categories.{toml_key(cat)}]"]
        if cat in cal.specialist:
            out.append(
                f"specialist = {toml_string(cal.specialist[cat])}  # most frequent receiver of its complex hand-offs"
            )
        if cat in cal.complexity:
            out.append(f"complexity = {_inline(_normalised(cal.complexity[cat]))}")
        else:
            out.append("complexity = {standard = 1.0}  # no ticket of this category has a complexity (see the gaps)")
        for cplx, reasons in cal.escalation.get(cat, {}).items():
            out.append(
                f"escalation.{toml_key(cplx)} = {_inline(reasons)}  # intake team's first hand-off, share of tickets"
            )
    out += ["", "[routing]"]
    for key in ("intake", "server", "approval"):
        if key in cal.routing:
            out.append(f"{key} = {toml_string(cal.routing[key])}  # most frequent team")
    rule = cal.routing_rule
    if rule:
        out += [
            f"volume_threshold = {rule['volume_threshold']}  # 'volume' hand-offs: one below the 5th percentile of"
            " the intake queue at their pickup",
            f"volume_share = {rule['volume_share']:.4f}  # {rule['n']} of {rule['candidates']} tickets the intake"
            " team would have kept, picked up above it",
        ]
    else:
        out.append("volume_share = 0.0  # the load rule of 'volume' hand-offs is not fitted (see the gaps)")
    out += [*_flows(cal), ""]
    out += [
        "[work]",
        f"complexity_factor = {_inline(cal.complexity_factor or {'standard': 1.0})}"
        "  # mean work by complexity / standard, within team and category",
    ]
    for team, fits in cal.work.items():
        out += [
            "",
            _comment(
                f"# {team}: from its first reply or pickup to its hand-off or resolution, or to where its agent"
                " turned to another ticket (in its business hours when it has them); steps that paused for the"
                " customer left out; divided by the complexity factor"
            ),
            f"[work.{toml_key(team)}]",
        ]
        for key, fit in fits.items():
            out += [_why(fit), f"{toml_key(key)} = {_dist(fit)}"]
    approver = cal.routing.get("approval")
    if approver and approver not in cal.work:
        out += [
            "",
            _comment(f"# {approver}: its decisions are not picked up visibly; their time is all in approval_delay"),
            f"[work.{toml_key(approver)}]",
            'default = "0s"',
        ]
    out += [
        "",
        "[behaviour]",
        *([] if "reply_writing" in cal.behaviour else ['reply_writing = "0s"  # not measurable: see the gaps above']),
        "ack_outages_per_week = 0",
        "# notice_work and status_work are left out: messages cost no agent time here, so notice_delay and",
        "# status_every hold the whole delay the history shows (writing and waiting for an agent included)",
    ]
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
                _comment(f"# {team}: {r['method']}"),
                f"[rosters.{toml_key(team)}]",
                f"timezone = {toml_string(r['timezone'])}",
                "headcount = " + _grid(r["headcount"]),
            ]
    text = "\n".join(out) + "\n"
    tomllib.loads(text)
    parse_scenario(text, policy, "calibrated scenario")
    return text
