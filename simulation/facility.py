"""The facility: teams of agents with queues and rosters, owned by one small class (SimPy style).

Agents pull work. Each team keeps its waiting jobs (FIFO, by priority, or earliest SLA deadline first)
and its idle agents; a roster process changes how many agents are on duty at each step of the
team's roster. An agent who goes off duty while working finishes the ticket in hand first, then
leaves; an idle agent leaves at once. Agent ``k`` (0-based) is on duty while ``k < on_duty``.
"""

from __future__ import annotations

import heapq
from collections import deque

import numpy as np
import simpy

from simulation.scenario import PRIORITIES


class Job:
    """One piece of work for a team: the ticket, how long it takes, what the pickup records."""

    __slots__ = ("ticket", "duration", "pickup", "then", "enq", "agent", "start")

    def __init__(self, ticket, duration: float, pickup, then, enq: float):
        # `then(job)` runs when the work is done: an event's succeed (a waiting process resumes) or a
        # plain callback (the short path of simple tickets, which needs no process of its own).
        self.ticket, self.duration, self.pickup, self.then, self.enq = ticket, duration, pickup, then, enq
        self.agent = ""
        self.start = 0.0


class Team:
    """A team's queue, idle agents and on-duty headcount; statistics over the measured window."""

    def __init__(self, env: simpy.Environment, name: str, discipline: str, window: tuple[float, float],
                 hour_of_week: np.ndarray):
        self.env, self.name, self.discipline = env, name, discipline
        self.fifo = discipline == "fifo"
        self.queue: deque | list = deque() if self.fifo else []
        self.idle: list[tuple[int, simpy.Event]] = []
        self.off: dict[int, simpy.Event] = {}
        self.on_duty = 0
        self.agents = 0
        self._seq = 0
        self.names: list[str] = []
        self.w0, self.w1 = window
        self.how = hour_of_week
        self.busy = 0.0                                  # agent-minutes working inside the window
        self.wait_sum = np.zeros(168)
        self.wait_n = np.zeros(168, dtype=np.int64)
        self.jobs = 0
        self.pickups: list[tuple[float, int]] = []       # (minute, agent index): checks that nobody works off duty

    def __len__(self) -> int:
        return len(self.queue)

    def put(self, job: Job, key: float = 0.0) -> None:
        """Hand the job to an idle agent on duty, or queue it."""
        if self.idle:
            _, ev = self.idle.pop()
            ev.succeed(job)
        elif self.fifo:
            self.queue.append(job)
        else:
            self._seq += 1
            heapq.heappush(self.queue, (key, self._seq, job))

    def _take(self) -> Job:
        return self.queue.popleft() if self.fifo else heapq.heappop(self.queue)[2]

    def set_on_duty(self, n: int) -> None:
        """Roster step: call agents in, or send idle ones home (busy ones leave after their ticket)."""
        old, self.on_duty = self.on_duty, n
        if n > old:
            for k in range(old, n):
                if k >= self.agents:
                    self.names.append(f"{self.name}-{k + 1:02d}")
                    self.agents += 1
                    self.env.process(self.agent(k))
                elif k in self.off:
                    self.off.pop(k).succeed()
        elif n < old:
            keep = []
            for k, ev in self.idle:
                if k >= n:
                    ev.succeed(None)
                else:
                    keep.append((k, ev))
            self.idle = keep

    def agent(self, k: int):
        """Agent process: while on duty, take the next job (or wait for one) and work it to the end."""
        env = self.env
        name = self.names[k]
        while True:
            if k >= self.on_duty:
                ev = self.off[k] = env.event()
                yield ev
                continue
            if self.queue:
                job = self._take()
            else:
                ev = env.event()
                self.idle.append((k, ev))
                job = yield ev
                if job is None:       # sent home while idle
                    continue
            now = env.now
            job.agent, job.start = name, now
            self.pickups.append((now, k))
            if job.pickup is not None:
                job.pickup(job)       # records the pickup; may shorten the job (volume hand-off)
            end = now + job.duration
            if job.enq >= self.w0 and job.enq < self.w1:
                h = self.how[int(job.enq // 60)]
                self.wait_sum[h] += now - job.enq
                self.wait_n[h] += 1
                self.jobs += 1
            lo, hi = max(now, self.w0), min(end, self.w1)
            if hi > lo:
                self.busy += hi - lo
            yield env.timeout(job.duration)
            job.then(job)

    def roster(self, times: np.ndarray, counts: np.ndarray):
        """Roster process: apply each headcount step at its time."""
        env = self.env
        for t, n in zip(times.tolist(), counts.tolist(), strict=True):
            if t > env.now:
                yield env.timeout(t - env.now)
            self.set_on_duty(n)

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


PRIORITY_RANK = {p: i for i, p in enumerate(PRIORITIES)}
