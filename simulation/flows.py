"""Routing flows: where a team hands a ticket on after its work, with several hops and bounces.

``[[routing.flows]]`` in a scenario gives, for each (team, category, complexity), the probability of
each hand-off target and reason, e.g. ``{from = "SYSADMIN", category = "vps", complexity = "complex",
to = "DC-NL", reason = "onsite", p = 0.2}``. ``category`` and ``complexity`` may be ``"*"`` (or left
out): the most specific rows that match a ticket apply (exact category and complexity first, then
exact category, then exact complexity, then both wildcards), never a mix. The rest (1 - sum) is what
the team resolves itself. ``routing.max_hops`` caps the hand-offs of one ticket, so every ticket ends.

The intake team's first decision stays ``categories.NAME.escalation``; rows ``from`` the intake team
apply when a ticket comes back to it. Field documentation: ``docs/scenarios.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from analytics.vocabulary import COMPLEXITIES
from simulation.scenario import ScenarioError

__all__ = ["ANY", "FLOW_REASONS", "Flow", "RoutingFlows", "parse_flows"]

ANY = "*"
FLOW_REASONS = ("server", "complex", "onsite", "volume")  # hand-overs; approvals keep the ticket
_KEYS = {"from", "category", "complexity", "to", "reason", "p"}
_TOL = 1e-6


@dataclass(frozen=True)
class Flow:
    """One row: ``team`` hands tickets of (category, complexity) to ``to`` for ``reason`` with probability ``p``."""

    team: str
    category: str
    complexity: str
    to: str
    reason: str
    p: float


@dataclass(frozen=True)
class RoutingFlows:
    """The rows of ``[[routing.flows]]`` and the hop limit; :meth:`draw` picks the next hand-off."""

    flows: tuple[Flow, ...]
    max_hops: int = 5
    _table: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        table: dict[tuple[str, str, str], list] = {}
        for f in self.flows:
            table.setdefault((f.team, f.category, f.complexity), []).append(f)
        for key, rows in table.items():
            cum = np.cumsum([r.p for r in rows]).tolist()
            self._table[key] = (cum, [(r.to, r.reason) for r in rows])

    def rows(self, team: str, category: str, complexity: str):
        """``(cumulative probabilities, [(to, reason)])`` of the most specific match, or None."""
        t = self._table
        for key in ((team, category, complexity), (team, category, ANY), (team, ANY, complexity), (team, ANY, ANY)):
            hit = t.get(key)
            if hit is not None:
                return hit
        return None

    def draw(self, team: str, category: str, complexity: str, rng: np.random.Generator):
        """The next hand-off ``(to, reason)`` of a ticket ``team`` has worked on, or None: it resolves it.

        Draws one uniform number when rows match, none otherwise.
        """
        hit = self.rows(team, category, complexity)
        if hit is None:
            return None
        cum, targets = hit
        u = rng.random()
        for c, target in zip(cum, targets):
            if u < c:
                return target
        return None

    def targets(self) -> dict[str, str]:
        """Teams that receive work through flows, each with why (for messages)."""
        out: dict[str, str] = {}
        for f in self.flows:
            if f.p > 0:
                out.setdefault(f.to, f"routing.flows from {f.team} ({f.reason})")
        return out


def parse_flows(raw, max_hops, team, categories, where: str) -> RoutingFlows | None:
    """Read ``routing.flows`` (an array of tables) and ``routing.max_hops``; None when there are no rows.

    Parameters
    ----------
    raw : list or None
        The TOML array.
    max_hops : object
        ``routing.max_hops`` as written (None: 5).
    team : callable
        ``team(name, where)`` checks a team of the policy (raises :class:`ScenarioError`).
    categories : iterable of str
        The scenario's categories.
    where : str
        Prefix of messages, e.g. ``"scenario.toml: routing"``.

    Raises
    ------
    ScenarioError
        One line naming the row and key: unknown team, category, complexity or reason, a probability
        outside 0..1, a team handing to itself, a repeated row, rows of one group summing above 1, or
        a bad ``max_hops``.
    """
    hops = 5 if max_hops is None else max_hops
    if isinstance(hops, bool) or not isinstance(hops, int) or not 1 <= hops <= 100:
        raise ScenarioError(
            f"{where}.max_hops: {max_hops!r} must be a whole number from 1 to 100 (hand-offs per ticket)"
        )
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw):
        raise ScenarioError(f"{where}.flows: must be an array of tables: [[routing.flows]] or flows = [{{...}}, ...]")
    cats = set(categories)
    rows, seen, sums = [], set(), {}
    for i, r in enumerate(raw, 1):
        rw = f"{where}.flows[{i}]"
        bad = sorted(set(r) - _KEYS)
        if bad:
            raise ScenarioError(f"{rw}: unknown key(s) {bad}; allowed: {', '.join(sorted(_KEYS))}")
        for key in ("from", "to", "reason", "p"):
            if key not in r:
                raise ScenarioError(f"{rw}: missing {key!r}; a row is {{from, category, complexity, to, reason, p}}")
        src = team(r["from"], f"{rw}.from")
        dst = team(r["to"], f"{rw}.to")
        if src == dst:
            raise ScenarioError(f"{rw}: {src} hands tickets to itself; a flow goes to another team")
        cat = r.get("category", ANY)
        if cat != ANY and cat not in cats:
            raise ScenarioError(f'{rw}.category: unknown category {cat!r}; use "*" or one of {", ".join(categories)}')
        cx = r.get("complexity", ANY)
        if cx != ANY and cx not in COMPLEXITIES:
            raise ScenarioError(
                f'{rw}.complexity: unknown complexity {cx!r}; use "*" or one of {", ".join(COMPLEXITIES)}'
            )
        reason = r["reason"]
        if reason not in FLOW_REASONS:
            raise ScenarioError(
                f"{rw}.reason: {reason!r} is not a hand-off reason; choose from {', '.join(FLOW_REASONS)}"
                " (approvals keep the ticket and are set in categories.NAME.escalation)"
            )
        p = r["p"]
        if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0 <= p <= 1:
            raise ScenarioError(f"{rw}.p: {p!r} is not a probability (a number from 0 to 1)")
        key = (src, cat, cx, dst, reason)
        if key in seen:
            raise ScenarioError(f"{rw}: repeats an earlier row ({src} -> {dst}, {reason}, {cat}/{cx}); merge them")
        seen.add(key)
        group = (src, cat, cx)
        sums[group] = sums.get(group, 0.0) + float(p)
        if sums[group] > 1 + _TOL:
            raise ScenarioError(
                f"{rw}: the flows from {src} for {cat}/{cx} add up to {sums[group]:.4g}, more than 1; the rest "
                f"(1 - sum) is what {src} resolves itself, so keep the sum at most 1"
            )
        rows.append(Flow(src, cat, cx, dst, reason, float(p)))
    return RoutingFlows(tuple(rows), hops) if rows else None
