"""The few SimPy internals the engine relies on, in one place.

Why: speed. A SimPy process costs a generator, an ``Initialize`` event to start it, and a
``Timeout`` plus a resumption per wait. The engine's agents, arrivals, rosters, timers and the
backlog sampler each wait for one thing at a time, so they need none of that: each is an object that
SimPy's ``Environment.step`` can process as an event, pushed straight onto the event queue, whose
callback runs the next step. Simple tickets then need no process at all. Measured on the M/M/5
benchmark (``benchmarks/simulation_bench.py``; README, "Performance"): 202k customers/s against 146k/s
for the textbook SimPy loop with a process per customer, 1.38x. Every object is scheduled at the
same instant, with the same priority and in the same order as the equivalent process would schedule
its events, so ties break the same way and a seed gives the same events (docs/decisions.md, "Speed
without changing results").

What this relies on (SimPy 4; the rest of the package sticks to SimPy's public API):

- ``Environment._queue`` is a heap of ``(time, priority, event id, event)`` and ``Environment._eid``
  the counter of event ids; ``Environment.schedule`` pushes exactly such a tuple.
- ``Environment.step`` pops the heap, sets ``_now`` to the time, replaces the event's ``callbacks``
  with ``None``, calls each callback with the event, then reads ``event._ok``. So an event is anything
  with a ``callbacks`` tuple and ``_ok = True`` (:class:`Wakeup`), and one that is to fire again must
  set its ``callbacks`` again each time.
- ``URGENT`` is the priority of a new process's first step, ``NORMAL`` that of a ``Timeout``.
- ``Environment.now`` is a property around ``_now``; :func:`now` reads the attribute, at about half
  the property's cost, on paths taken several times per ticket.
"""

from __future__ import annotations

from collections.abc import Callable
from heapq import heappush

import simpy
from simpy.events import NORMAL, URGENT

__all__ = ["Repeat", "Steps", "Wakeup", "call_later", "events_scheduled", "now", "schedule", "start"]


def now(env: simpy.Environment) -> float:
    """The current simulated time (minutes), as ``env.now`` without the property's call."""
    return env._now


def schedule(env: simpy.Environment, event: Wakeup, delay: float) -> None:
    """Process ``event`` after ``delay`` minutes, in the order a ``Timeout`` made now would be.

    Parameters
    ----------
    env : simpy.Environment
    event : Wakeup
        Its ``callbacks`` must be set (again) before it is processed.
    delay : float
        Minutes from now, 0 or more.
    """
    heappush(env._queue, (env._now + delay, NORMAL, next(env._eid), event))


def start(env: simpy.Environment, event: Wakeup) -> None:
    """Process ``event`` now, in the order a process started now would take its first step."""
    heappush(env._queue, (env._now, URGENT, next(env._eid), event))


def events_scheduled(env: simpy.Environment) -> int:
    """How many events SimPy has scheduled so far (its own id counter; call once, at the end of a run)."""
    return next(env._eid)


class Wakeup:
    """Base of the objects scheduled as events: ``callbacks`` and ``_ok`` are all ``Environment.step`` reads."""

    __slots__ = ("callbacks",)
    _ok = True


class _Later(Wakeup):
    __slots__ = ("fn", "args")


def _run_later(ev: _Later) -> None:
    ev.fn(*ev.args)


_LATER_CB = (_run_later,)


def call_later(env: simpy.Environment, delay: float, fn: Callable, *args) -> None:
    """Call ``fn(*args)`` after ``delay`` minutes: a timer without a process (scheduled like a ``Timeout``).

    A status-update timer per reply goes through here, so the timer is filled in and pushed in
    place (no ``__init__``, no call to :func:`schedule`).
    """
    ev = _Later()
    ev.fn, ev.args, ev.callbacks = fn, args, _LATER_CB
    heappush(env._queue, (env._now + delay, NORMAL, next(env._eid), ev))


class Steps(Wakeup):
    """Calls ``due(lo, hi)`` at each distinct instant of ``times``: items ``lo`` to ``hi - 1`` fall due then.

    Start it with :func:`start`; it reschedules itself for the next instant, like a process waiting
    for each time in turn would, but without a generator and a ``Timeout`` per item.

    Parameters
    ----------
    env : simpy.Environment
    times : list[float]
        Ascending simulated minutes.
    due : callable
        ``due(lo, hi)``, called once per distinct instant.
    """

    __slots__ = ("env", "times", "due", "i")

    def __init__(self, env: simpy.Environment, times: list, due: Callable[[int, int], None]):
        self.env, self.times, self.due, self.i = env, times, due, 0
        self.callbacks = (self._fire,)

    def _fire(self, _ev) -> None:
        env, times, lo = self.env, self.times, self.i
        t_now, n, hi = env._now, len(times), lo
        while hi < n:
            if times[hi] > t_now:
                break
            hi += 1
        self.i = hi
        if hi > lo:
            self.due(lo, hi)
        if hi < n:
            self.callbacks = (self._fire,)
            schedule(env, self, times[hi] - t_now)


class Repeat(Wakeup):
    """Calls ``fn()`` now and then every ``every`` minutes until the run ends (start it with :func:`start`)."""

    __slots__ = ("env", "fn", "every", "cb")

    def __init__(self, env: simpy.Environment, fn: Callable[[], None], every: float):
        self.env, self.fn, self.every = env, fn, every
        self.cb = self.callbacks = (self._fire,)

    def _fire(self, _ev) -> None:
        self.fn()
        self.callbacks = self.cb
        schedule(self.env, self, self.every)
