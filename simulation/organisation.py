"""The support organisation being simulated: desks, the event recorder, timers and statistics.

:class:`Organisation` is the shared facility of the SimPy model: it owns one desk per team (queue,
agents, roster; :class:`~simulation.facility.Desk`), records canonical events into column buffers,
keeps the status-update timers and the statistics of the measured window. The ticket process
(:mod:`simulation.lifecycle`) drives it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

import numpy as np
import simpy

from analytics.sla.intervals import NOT_REACHED, IntervalTable
from simulation import kernel
from simulation.facility import Desk, Job, queue_key
from simulation.scenario import Scenario

__all__ = ["RETRY_MIN", "Organisation", "Ticket"]

RETRY_MIN = 15.0  # a status update due while nobody is on duty is tried again this much later
_NOT_COUNTED = float("-inf")  # queued at: a message's job, left out of the teams' pickup-wait statistics


class Ticket:
    """State of one simulated ticket (attributes are indices into the scenario's lists)."""

    __slots__ = (
        "i",
        "created",
        "channel",
        "category",
        "complexity",
        "priority",
        "site",
        "reason",
        "owner",
        "open",
        "paused",
        "token",
        "left",
        "deadline",
        "first_deadline",
        "intake_minutes",
        "writing",
        "close_after",
        "pause_u",
        "reopen",
        "routes",
        "target_minutes",
        "category_name",
        "complexity_name",
    )

    def __init__(self, i: int, created: float):
        self.i, self.created = i, created
        self.open, self.paused, self.token, self.left = True, False, 0, 0.0
        self.owner = ""
        self.deadline = self.first_deadline = created


class Organisation:
    """Desks, recorder and timers of one replication."""

    def __init__(
        self,
        env: simpy.Environment,
        scenario: Scenario,
        rngs: dict[str, np.random.Generator],
        hour_of_week: np.ndarray,
        calendars: dict[str, tuple[IntervalTable | None, int]],
    ):
        self.env, self.s, self.rng = env, scenario, rngs
        b = scenario.behaviour
        self.discipline = b.queue
        window = (scenario.horizon.warmup_minutes, scenario.horizon.end_minutes)
        self.window = window
        # team id -> its desk; teams without a roster have none
        self.desks = {name: Desk(env, name, b.queue, window, hour_of_week) for name in scenario.rosters}
        self.events: list[tuple] = []  # one tuple per event; transposed into columns at the end
        self.hooks: tuple | None = None  # the intake job's pickup and completion callbacks (lifecycle)
        self.calendars = calendars  # team -> (open intervals in us, origin us); None for 24/7
        self.status = b.status_every
        # One status interval per reply, drawn exactly as `Dist.sample` draws it, without its dispatch.
        self._status_draw = b.status_every.sampler(rngs["behaviour"]) if b.status_every is not None else None
        self._open_tables: dict[str, tuple | None] = {}
        self.notice_work, self.status_work = b.notice_work, b.status_work
        self.open_count = 0
        self.resolved_count = 0
        self.arrived = 0

    # -- recording ---------------------------------------------------------------------------
    def record(
        self,
        t: Ticket,
        kind: str,
        team=None,
        agent=None,
        to_team=None,
        reason=None,
        due=None,
        detail=None,
        at: float | None = None,
    ) -> None:
        """Append one canonical event (``at`` defaults to now; events are sorted per ticket at the end)."""
        self.events.append(
            (t.i, kernel.now(self.env) if at is None else at, kind, team, agent, to_team, reason, due, detail)
        )

    def reply(self, t: Ticket, team: str, agent: str, detail: str) -> None:
        """A public agent reply: recorded, and the status-update timer starts again from it."""
        at = kernel.now(self.env)
        self.events.append((t.i, at, "agent_reply", team, agent, None, None, None, detail))
        if self._status_draw is not None and t.open:
            t.token += 1
            self._arm(t, self._status_draw(), at)

    def notice(self, t: Ticket, team: str, agent: str, detail: str) -> None:
        """The customer is told why the ticket moved: at once, or written by the next free agent of ``team``.

        With ``behaviour.notice_work`` the notice is a job at the team's desk and is sent when it is
        done (by whoever wrote it); otherwise it is free and sent now by ``agent``.
        """
        work = self.notice_work
        if work is None:
            self.reply(t, team, agent, detail)
            return
        self._message(t, team, work, lambda job: self.reply(t, team, job.agent, detail))

    def _message(self, t: Ticket, team: str, work, then, pickup=None) -> None:
        """Queue a message's writing at ``team`` (its agent time); ``then(job)`` sends it."""
        at = kernel.now(self.env)
        desk = self.desks[team]
        job = Job(t, work.sample(self.rng["messages"]), pickup, then, _NOT_COUNTED)
        desk.put(job, at if desk.fifo else queue_key(self.discipline, t, at, at))

    def later(self, delay: float, fn, *args) -> None:
        """Call ``fn(*args)`` after ``delay`` minutes (scheduled now, like a ``Timeout``)."""
        kernel.call_later(self.env, delay, fn, *args)

    def _arm(self, t: Ticket, delay: float, at: float) -> None:
        t.left = at + delay  # when the next update is due (while not paused)
        kernel.call_later(self.env, delay, self._status_due, t, t.token)

    def _status_due(self, t: Ticket, token: int) -> None:
        if token != t.token or not t.open or t.paused:
            return
        rng = self.rng["behaviour"]
        if self.status_work is not None:
            self._status_job(t)
            return
        # The owning team updates the customer when it is at work; otherwise the 24/7 desk does.
        for team in (t.owner, self.s.intake):
            desk = self.desks.get(team)
            agent = desk.on_duty_name(rng) if desk is not None else None
            if agent is not None:
                self.reply(t, team, agent, "status update")
                return
        t.token += 1
        self._arm(t, RETRY_MIN, kernel.now(self.env))

    def _status_job(self, t: Ticket) -> None:
        """A status update that takes agent time: queued at the owning team when it is on duty, else at
        the intake team, and sent when written unless the customer heard from someone meanwhile."""
        for team in (t.owner, self.s.intake):
            desk = self.desks.get(team)
            if desk is not None and desk.on_duty > 0:
                token = t.token

                def stale(job, token=token) -> None:
                    if token != t.token or not t.open or t.paused:
                        job.duration = 0.0  # no longer needed when an agent gets to it

                def send(job, team=team, token=token) -> None:
                    if token == t.token and t.open and not t.paused:
                        self.reply(t, team, job.agent, "status update")

                self._message(t, team, self.status_work, send, stale)
                return
        t.token += 1
        self._arm(t, RETRY_MIN, kernel.now(self.env))

    def pause(self, t: Ticket, team: str, agent: str) -> None:
        """The ticket waits for the customer: recorded, and its status-update timer stops."""
        self.record(t, "paused", team, agent, detail="waiting for the customer")
        t.paused = True
        t.token += 1  # the update timer stops; what was left of it resumes with the ticket
        t.left = max(t.left - self.env.now, 0.0)

    def resume(self, t: Ticket) -> None:
        """The customer answered: recorded, and the status-update timer goes on with what was left."""
        self.record(t, "customer_reply", detail="customer answered")
        self.record(t, "resumed")
        t.paused = False
        if self.status is not None and t.open:
            t.token += 1
            self._arm(t, max(t.left, 1.0), kernel.now(self.env))

    def resolve(self, t: Ticket, team: str, agent: str) -> None:
        """The ticket is resolved: recorded, its timers stop and it leaves the open count."""
        self.record(t, "resolved", team, agent)
        t.open = False
        t.token += 1
        self.open_count -= 1
        self.resolved_count += 1

    # -- work --------------------------------------------------------------------------------
    def work(self, t: Ticket, team: str, duration: float, pickup, deadline: float) -> simpy.Event:
        """Queue a job at ``team``; the returned event fires (with the job) when an agent has finished it."""
        done = self.env.event()
        self.work_then(t, team, duration, pickup, deadline, done.succeed)
        return done

    def work_then(self, t: Ticket, team: str, duration: float, pickup, deadline: float, then) -> None:
        """Queue a job at ``team`` and call ``then(job)`` when it is done."""
        at = kernel.now(self.env)
        desk = self.desks[team]
        job = Job(t, duration, pickup, then, at)
        desk.put(job, at if desk.fifo else queue_key(self.discipline, t, deadline, at))

    def due_after(self, team: str, now: float, hours: float) -> float:
        """Simulated minute by which ``hours`` of the team's open (business) time have passed."""
        table, origin_us = self.calendars.get(team, (None, 0))
        if table is None:
            return now + hours * 60.0
        at_us = origin_us + int(now * 60e6)
        due_us = self._add_open(team, table, at_us, int(hours * 3600e6))
        if due_us == NOT_REACHED:
            return now + hours * 60.0
        return (due_us - origin_us) / 60e6

    def _add_open(self, team: str, table: IntervalTable, a: int, amount: int) -> int:
        """``IntervalTable.add_open`` for one instant, on Python ints (same result, no array overhead)."""
        lists = self._open_tables.get(team)
        if lists is None:
            starts, ends, cum = table.starts.tolist(), table.ends.tolist(), table.cum.tolist()
            lists = self._open_tables[team] = (starts, ends, cum, [c + e - s for s, e, c in zip(starts, ends, cum)])
        starts, ends, cum, cum_end = lists
        n = len(starts)
        if a == NOT_REACHED:
            return NOT_REACHED
        if amount == 0:
            return a
        if not n:
            return NOT_REACHED
        i = bisect_right(starts, a) - 1
        opened = cum[i] + min(a - starts[i], ends[i] - starts[i]) if i >= 0 else 0
        target = opened + amount
        i = bisect_left(cum_end, target)
        return starts[i] + (target - cum[i]) if i < n else NOT_REACHED
