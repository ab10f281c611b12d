"""The kernel's contract with SimPy: what it schedules is what SimPy would schedule, in the same order.

If a SimPy release changed the internals :mod:`simulation.kernel` relies on, these fail before the
engine's results silently change.
"""

from __future__ import annotations

import simpy
from simpy.events import NORMAL, URGENT

from simulation import kernel


class _Mark(kernel.Wakeup):
    """Logs its label and the time when processed."""

    __slots__ = ("env", "log", "label")

    def __init__(self, env: simpy.Environment, log: list, label: str):
        self.env, self.log, self.label = env, log, label
        self.callbacks = (self._fire,)

    def _fire(self, _ev) -> None:
        self.log.append((self.label, self.env.now))


def test_queue_entries_match_simpy_schedule():
    mine, theirs = simpy.Environment(), simpy.Environment()
    a, b = object(), object()
    kernel.schedule(mine, a, 5.0)
    kernel.start(mine, b)
    theirs.schedule(a, NORMAL, 5.0)
    theirs.schedule(b, URGENT, 0)
    assert mine._queue == theirs._queue
    assert kernel.events_scheduled(mine) == next(theirs._eid) == 2


def test_wakeups_take_their_turn_among_simpy_events():
    env = simpy.Environment()
    log: list = []

    def proc():
        yield env.timeout(1.0)
        log.append(("process", env.now))

    env.process(proc())
    kernel.schedule(env, _Mark(env, log, "normal"), 1.0)  # before the process's Timeout (made when it starts)
    kernel.start(env, _Mark(env, log, "urgent"))  # at 0, after the process's first step
    kernel.call_later(env, 0.5, lambda: log.append(("later", kernel.now(env))))
    env.run()
    assert log == [("urgent", 0), ("later", 0.5), ("normal", 1.0), ("process", 1.0)]


def test_steps_call_due_once_per_distinct_instant():
    env = simpy.Environment()
    calls: list = []
    steps = kernel.Steps(env, [0.0, 2.0, 2.0, 5.0], lambda lo, hi: calls.append((kernel.now(env), lo, hi)))
    kernel.start(env, steps)
    env.run()
    assert calls == [(0, 0, 1), (2.0, 1, 3), (5.0, 3, 4)]


def test_repeat_runs_now_and_every_period_until_the_end():
    env = simpy.Environment()
    seen: list = []
    kernel.start(env, kernel.Repeat(env, lambda: seen.append(kernel.now(env)), 60.0))
    env.run(until=200)
    assert seen == [0, 60.0, 120.0, 180.0]
