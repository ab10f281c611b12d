"""The facility: one :class:`Desk` per team, its agents, queue and roster at run time (SimPy style).

A desk is the simulated side of a policy team (``analytics.sla.policy.Team`` says when the team is at
work and its tier; the desk holds who is on duty and what waits). Agents pull work. Each desk keeps its
waiting jobs (FIFO, by priority, or earliest SLA deadline first) and its idle agents; a roster step
changes how many agents are on duty. An agent who goes off duty
while working finishes the ticket in hand first, then leaves; an idle agent leaves at once. Agent
``k`` (0-based) is on duty while ``k < on_duty``.

Speed (see ``benchmarks/simulation_bench.py``): an agent waits for one thing at a time (the end of
its work, a job handed to it, or a roster step), so it is its own SimPy event (a
:class:`~simulation.kernel.Wakeup`). It is scheduled through :mod:`simulation.kernel` and its callback
runs the next step of its loop; there is no generator process, no ``Timeout`` and no ``Event`` per
job. The events are scheduled at the same instants, with the same priorities and in the same order
as a process-per-agent model would schedule them, so ties are broken the same way and a seed gives
the same events.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections import deque

import numpy as np
import simpy

from simulation import kernel

__all__ = ["Agent", "Desk", "Job", "queue_key"]


class Job:
    """One piece of work for a desk: the ticket, how long it takes, what the pickup records."""

    __slots__ = ("ticket", "duration", "pickup", "then", "enq", "agent", "start")

    def __init__(self, ticket, duration: float, pickup, then, enq: float):
        # `then(job)` runs when the work is done: an event's succeed (a waiting process resumes) or a
        # plain callback (the short path of simple tickets, which needs no process of its own).
        self.ticket, self.duration, self.pickup, self.then, self.enq = ticket, duration, pickup, then, enq
        self.agent = ""
        self.start = 0.0


class Agent(kernel.Wakeup):
    """One agent: a SimPy event of its own, scheduled directly (see :mod:`simulation.kernel`).

    ``callbacks`` says what the agent does when it is next processed: ``_free`` (look for work, or go
    off duty), ``_handed`` (start the job ``put`` handed over; ``None``: sent home while idle) or
    ``_done`` (the job in hand is finished).
    """

    __slots__ = ("desk", "k", "name", "job", "free_cb", "handed_cb", "done_cb")

    def __init__(self, desk: Desk, k: int, name: str):
        self.desk, self.k, self.name = desk, k, name
        self.job = None
        self.free_cb, self.handed_cb, self.done_cb = (self._free,), (self._handed,), (self._done,)
        self.callbacks = self.free_cb

    def _free(self, _ev=None) -> None:
        desk = self.desk
        if self.k >= desk.on_duty:
            desk.off[self.k] = self  # until a roster step calls the agent in
        elif desk.queue:
            desk.start(self, desk._take())
        else:
            desk.idle.append(self)  # until `put` hands over a job

    def _handed(self, _ev) -> None:
        job, self.job = self.job, None
        if job is None:  # sent home while idle
            self._free()
        else:
            self.desk.start(self, job)

    def _done(self, _ev) -> None:
        job, self.job = self.job, None
        job.then(job)
        self._free()


class Desk:
    """A team's desk at run time: queue, idle agents, on-duty headcount, statistics of the measured window.

    ``name`` is the team's id in the policy, whose ``Team`` says when the team is at work.
    """

    def __init__(
        self, env: simpy.Environment, name: str, discipline: str, window: tuple[float, float], hour_of_week: np.ndarray
    ):
        self.env, self.name, self.discipline = env, name, discipline
        self.fifo = discipline == "fifo"
        self.queue: deque | list = deque() if self.fifo else []
        self.idle: list[Agent] = []
        self.off: dict[int, Agent] = {}
        self.on_duty = 0
        self.agents = 0
        self._seq = 0
        self.names: list[str] = []
        self.w0, self.w1 = window
        self.how = hour_of_week.tolist()
        self.busy = 0.0  # agent-minutes working inside the window
        self.wait_sum = [0.0] * 168
        self.wait_n = [0] * 168
        self.jobs = 0
        self.pickups: list[tuple[float, int]] = []  # (minute, agent index): checks that nobody works off duty
        self.step_times: list[float] = []  # the roster's steps (minutes) and headcount from each
        self.step_counts: list[int] = []

    def __len__(self) -> int:
        return len(self.queue)

    def put(self, job: Job, key: float = 0.0) -> None:
        """Hand the job to an idle agent on duty, or queue it."""
        if self.idle:
            agent = self.idle.pop()
            agent.job = job
            agent.callbacks = agent.handed_cb
            kernel.schedule(self.env, agent, 0)
        elif self.fifo:
            self.queue.append(job)
        else:
            self._seq += 1
            heapq.heappush(self.queue, (key, self._seq, job))

    def _take(self) -> Job:
        return self.queue.popleft() if self.fifo else heapq.heappop(self.queue)[2]

    def start(self, agent: Agent, job: Job) -> None:
        """The agent picks the job up now and is done after its duration."""
        t = kernel.now(self.env)
        job.agent, job.start = agent.name, t
        self.pickups.append((t, agent.k))
        if job.pickup is not None:
            job.pickup(job)  # records the pickup; may shorten the job (volume hand-off)
        duration = job.duration
        end = t + duration
        enq = job.enq
        if enq >= self.w0 and enq < self.w1:
            h = self.how[int(enq // 60)]
            self.wait_sum[h] += t - enq
            self.wait_n[h] += 1
            self.jobs += 1
        lo, hi = max(t, self.w0), min(end, self.w1)
        if hi > lo:
            self.busy += hi - lo
        agent.job = job
        agent.callbacks = agent.done_cb
        kernel.schedule(self.env, agent, duration)

    def set_on_duty(self, n: int) -> None:
        """Roster step: call agents in, or send idle ones home (busy ones leave after their ticket)."""
        old, self.on_duty = self.on_duty, n
        if n > old:
            for k in range(old, n):
                if k >= self.agents:
                    name = f"{self.name}-{k + 1:02d}"
                    self.names.append(name)
                    self.agents += 1
                    kernel.start(self.env, Agent(self, k, name))  # starts like a new process would
                elif k in self.off:
                    agent = self.off.pop(k)
                    agent.callbacks = agent.free_cb
                    kernel.schedule(self.env, agent, 0)
        elif n < old:
            keep = []
            for agent in self.idle:
                if agent.k >= n:
                    agent.job = None
                    agent.callbacks = agent.handed_cb
                    kernel.schedule(self.env, agent, 0)
                else:
                    keep.append(agent)
            self.idle = keep

    def roster(self, times: np.ndarray, counts: np.ndarray) -> None:
        """Apply each headcount step at its time (scheduled now, like the start of a process)."""
        counts = counts.tolist()
        self.step_times, self.step_counts = times.tolist(), counts

        def steps_due(lo: int, hi: int) -> None:
            for i in range(lo, hi):
                self.set_on_duty(counts[i])

        kernel.start(self.env, kernel.Steps(self.env, times.tolist(), steps_due))

    def on_duty_at(self, t: float) -> int:
        """Agents on the roster at minute ``t`` (now or later), whatever they are doing."""
        i = bisect_right(self.step_times, t) - 1
        return self.step_counts[i] if i >= 0 else 0

    def on_duty_name(self, rng: np.random.Generator) -> str | None:
        """Name of a random agent on duty now, or None when nobody is."""
        if self.on_duty <= 0:
            return None
        return self.names[int(rng.integers(self.on_duty))] if self.on_duty > 1 else self.names[0]


def queue_key(discipline: str, ticket, deadline: float, now: float) -> float:
    """Sort key of a job: its priority rank (then arrival), or its SLA deadline."""
    if discipline == "priority":
        return ticket.priority * 1e9 + now
    if discipline == "deadline":
        return deadline
    return now
