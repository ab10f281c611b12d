"""Run replications in parallel worker processes and write them as one simulation dataset.

Workers are started with the ``spawn`` method (DuckDB and forked processes do not mix); each returns
its replication as Arrow tables plus statistics, and the parent writes everything once, columnar,
inside one ``Store.writer()`` transaction: readers see the whole run or none of it.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from analytics import api
from analytics.sla.policy import Policy
from simulation.arrivals import hourly_rates
from simulation.columns import to_arrow
from simulation.engine import run_replication
from simulation.scenario import Scenario

__all__ = ["DEFAULT_SEED", "RunSummary", "expected_events", "overload_warnings", "run_all", "simulate", "summarise"]

if TYPE_CHECKING:
    from analytics.api.runs import Store

DEFAULT_SEED = 2026
Progress = Callable[[int, int], None]  # (replications done, replications in total)


@dataclass
class RunSummary:
    """What a run wrote, with its statistics and any warnings (e.g. queues growing without bound)."""

    name: str
    replications: int
    seed: int
    tickets: int
    events: int
    seconds: float
    params: dict = field(default_factory=dict)

    @property
    def warnings(self) -> list[str]:
        """Warnings of the run (see :func:`overload_warnings`)."""
        return self.params.get("warnings", [])

    def text(self) -> str:
        """What the run wrote, its utilisation per team and its warnings, for the command line."""
        lines = [
            f"Simulated '{self.params.get('scenario', '?')}' into dataset '{self.name}': {self.replications} "
            f"replication(s), seed {self.seed}, {self.tickets:,} tickets, {self.events:,} events "
            f"in {self.seconds:.1f} s."
        ]
        util = self.params.get("utilisation", {})
        if util:
            lines.append(
                "Utilisation (busy / on-duty time): "
                + ", ".join(f"{t} {u * 100:.0f}%" for t, u in util.items() if u == u)
            )
        lines += [f"warning: {w}" for w in self.warnings]
        return "\n".join(lines)


def _one(scenario: Scenario, policy: Policy, seed: np.random.SeedSequence, rep: int, width: int):
    """Worker entry point: one replication as Arrow tables plus its statistics."""
    result = run_replication(scenario, policy, seed, rep)
    tickets, events = to_arrow(result, scenario, width)
    return rep, tickets, events, result.stats


def run_all(
    scenario: Scenario,
    policy: Policy,
    replications: int,
    seed: int,
    workers: int | None = None,
    progress: Progress | None = None,
) -> list[tuple]:
    """Every replication, in replication order; ``workers`` > 1 uses spawned worker processes."""
    children = np.random.SeedSequence(seed).spawn(replications)
    width = max(2, len(str(replications)))
    workers = max(1, min(workers or os.cpu_count() or 1, replications))
    out = []
    if progress:
        progress(0, replications)
    if workers == 1:
        for k in range(replications):
            out.append(_one(scenario, policy, children[k], k + 1, width))
            if progress:
                progress(k + 1, replications)
    else:
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            futures = [pool.submit(_one, scenario, policy, children[k], k + 1, width) for k in range(replications)]
            for done, fut in enumerate(as_completed(futures), 1):
                out.append(fut.result())
                if progress:
                    progress(done, replications)
    return sorted(out, key=lambda r: r[0])


def overload_warnings(scenario: Scenario, stats: list[dict]) -> list[str]:
    """Teams whose queue kept growing: the load exceeds what the roster can serve."""
    h = scenario.horizon
    out = []
    for team in scenario.rosters:
        grew, ends, starts, utils = 0, [], [], []
        for st in stats:
            t = np.asarray(st["backlog_t"])
            q = np.asarray(st["backlog_queues"].get(team, []))
            if len(q) == 0:
                continue
            span = h.end_minutes - h.warmup_minutes
            first = q[(t >= h.warmup_minutes) & (t < h.warmup_minutes + span / 4)]
            last = q[t >= h.end_minutes - span / 4]
            if len(first) and len(last):
                starts.append(first.mean())
                ends.append(last.mean())
                tm = st["teams"][team]
                util = tm["busy_minutes"] / tm["on_duty_minutes"] if tm["on_duty_minutes"] else 0.0
                utils.append(util)
                if last.mean() > 2 * first.mean() + 10 and util > 0.9:
                    grew += 1
        if grew and grew * 2 >= len(stats):
            out.append(
                f"queues grew without bound at {team}: on average {np.mean(starts):.0f} tickets were "
                f"waiting in the first quarter of the run and {np.mean(ends):.0f} in the last, with agents "
                f"busy {np.mean(utils) * 100:.0f}% of their time on duty. The load exceeds what this "
                f"roster can serve, so SLA figures depend on how long the run is; add agents to {team} "
                "or lower the volume."
            )
    return out


def summarise(scenario: Scenario, results: list[tuple]) -> dict:
    """Statistics for the dataset's ``params``: per replication, and aggregated for the page."""
    stats = [r[3] for r in results]
    per_rep, util, hours = [], {}, {}
    for (rep, *_), st in zip(results, stats, strict=True):
        teams = {}
        for team, tm in st["teams"].items():
            teams[team] = {
                "utilisation": tm["busy_minutes"] / tm["on_duty_minutes"] if tm["on_duty_minutes"] else None,
                "agent_hours": tm["on_duty_minutes"] / 60.0,
                "busy_hours": tm["busy_minutes"] / 60.0,
                "jobs": tm["jobs"],
            }
        per_rep.append(
            {
                "replication": rep,
                "arrived": st["arrived"],
                "resolved": st["resolved"],
                "open_at_end": st["open_at_end"],
                "teams": teams,
            }
        )
    waits = {}
    for team in scenario.rosters:
        s_ = np.sum([st["teams"][team]["wait_sum"] for st in stats], axis=0)
        n_ = np.sum([st["teams"][team]["wait_n"] for st in stats], axis=0)
        waits[team] = {
            "mean_minutes": np.where(n_ > 0, s_ / np.maximum(n_, 1), np.nan).round(3).tolist(),
            "jobs": n_.astype(int).tolist(),
        }
        busy = sum(st["teams"][team]["busy_minutes"] for st in stats)
        duty = sum(st["teams"][team]["on_duty_minutes"] for st in stats)
        util[team] = busy / duty if duty else float("nan")
        hours[team] = duty / 60.0 / len(stats)
    return {
        "per_replication": per_rep,
        "waits_by_hour_of_week": waits,
        "utilisation": util,
        "agent_hours": hours,
        "warnings": overload_warnings(scenario, stats),
    }


EVENTS_PER_TICKET = 12  # the demo run writes about 8: room for the status updates of a slow roster


def expected_events(scenario: Scenario) -> float:
    """About how many events one replication of ``scenario`` writes (for the free-space check)."""
    tickets = sum(float(hourly_rates(scenario, c).sum()) for c in scenario.channels)
    return tickets * EVENTS_PER_TICKET


def _check_name(store: Store, name: str, replace: bool) -> str:
    """The run's dataset name, checked before any simulating (a bad name fails at once, not after the run)."""
    if not name or not name.strip():
        raise ValueError("--name: give the run a name, e.g. --name baseline")
    try:
        name = api.check_dataset_name(name)
    except ValueError as exc:
        raise ValueError(f"--name: {exc}") from None
    if not store.exists():
        return name
    info = api.dataset_info(store, name)
    if info is None:
        return name
    if info.kind != "simulation":
        raise ValueError(
            f"a {info.kind} dataset named {name!r} already exists and only simulations can be replaced; "
            "choose another --name"
        )
    if not replace:
        raise ValueError(
            f"a simulation named {name!r} already exists; choose another --name, or overwrite it with --replace"
        )
    return name


def simulate(
    store: Store,
    scenario: Scenario,
    policy: Policy,
    *,
    name: str,
    replications: int = 1,
    seed: int = DEFAULT_SEED,
    workers: int | None = None,
    progress: Progress | None = None,
    replace: bool = False,
    extra_params: dict | None = None,
) -> RunSummary:
    """Run ``replications`` of ``scenario`` and write them as dataset ``name`` (kind ``simulation``).

    Parameters
    ----------
    store : Store
    scenario : Scenario
    policy : Policy
    name : str
        The dataset to write; an existing one is refused unless it is a simulation and ``replace``.
    replications : int
        From 1 to 1000; replication k draws from the k-th child of ``seed``.
    seed : int
        The same seed gives the same events, however many worker processes run them.
    workers : int, optional
        Worker processes (default: one per CPU, at most one per replication).
    progress : callable, optional
        ``progress(done, total)`` after each replication.
    replace : bool
        Overwrite an earlier simulation of the same name.
    extra_params : dict, optional
        More entries for the dataset's ``params`` (e.g. what the staffing page changed).

    Returns
    -------
    RunSummary

    Raises
    ------
    ValueError
        A bad argument or name, each message naming the option to change.
    """
    if not isinstance(replications, int) or replications < 1 or replications > 1000:
        raise ValueError(f"--replications: {replications!r} must be a whole number from 1 to 1000")
    if seed is None or seed < 0 or seed >= 2**63:
        raise ValueError(f"--seed: {seed!r} must be a whole number from 0 to 2^63-1")
    if workers is not None and workers < 1:
        raise ValueError(f"--workers: {workers!r} must be 1 or more")
    name = _check_name(store, name, replace)
    api.check_room_for_run(store, expected_events(scenario) * replications)
    t0 = time.perf_counter()
    results = run_all(scenario, policy, replications, seed, workers, progress)
    summary = summarise(scenario, results)
    h = scenario.horizon
    params = {
        "scenario": scenario.name,
        "scenario_hash": scenario.text_hash,
        "scenario_source": scenario.source,
        "replications": replications,
        "seed": seed,
        "start": h.start.isoformat(),
        "days": h.days,
        "warmup_days": h.warmup_days,
        "queue": scenario.behaviour.queue,
        "multiplier": scenario.multiplier,
        **(extra_params or {}),
        **summary,
        "scenario_text": scenario.text,
    }
    tickets = pa.concat_tables([r[1] for r in results])
    events = pa.concat_tables([r[2] for r in results])
    api.write_run(
        store,
        name,
        tickets,
        events,
        source=scenario.source or scenario.name,
        policy=policy.source,
        params=params,
        seed=seed,
        scenario=scenario.name,
        replace=replace,
    )
    params["runtime_s"] = round(time.perf_counter() - t0, 2)
    return RunSummary(name, replications, seed, tickets.num_rows, events.num_rows, params["runtime_s"], params)
