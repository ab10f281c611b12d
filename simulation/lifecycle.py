"""The life of a ticket (DESIGN §6): from creation to closing.

created -> acknowledged (automatic; its time is drawn up front) -> the intake team's first work, which
starts with the first response (``agent_reply``; custom requests also get an ``estimate``) -> then,
by the ticket's escalation reason: resolved by the intake team; or ``approval_requested`` to
management, ``approval_granted``/``approval_denied``, then resolved by the intake team; or
``escalated`` to a specialist team (the notice ``agent_reply`` follows a little later), picked up
there with ``assigned`` and resolved. A main work step may stop to ask the customer something
(``agent_reply``, ``paused`` ... ``customer_reply``, ``resumed``). Status updates run on timers of the
:class:`~simulation.organisation.Organisation`. After the resolution a ticket is sometimes
``reopened`` (the intake team takes it again); finally it is ``closed``.

Everything after the intake work is a SimPy process (:func:`rest_of_life`, a generator function).
Most tickets need none: the intake team resolves them in one go, so the job's completion callback
finishes them (:func:`_after_intake`). Skipping a process per simple ticket is what keeps the engine
close to a bare SimPy loop (see ``benchmarks/simulation_bench.py``).
"""

from __future__ import annotations

import functools

from simulation import kernel
from simulation.organisation import Organisation, Ticket
from simulation.scenario import REASONS_DRAWN

__all__ = ["REASON_NAMES", "VOLUME", "VOLUME_TRIAGE_MIN", "rest_of_life", "start_ticket"]

REASON_NAMES = (*REASONS_DRAWN, "volume")
VOLUME = len(REASONS_DRAWN)
VOLUME_TRIAGE_MIN = 5.0  # a ticket handed on because of volume gets at most this much intake time


def start_ticket(org: Organisation, t: Ticket, ack_at: float) -> None:
    """A ticket arrives: record it and queue the intake team's work (no process needed yet)."""
    intake = org.s.intake
    t.owner = intake
    org.open_count += 1
    org.arrived += 1
    ev = org.events
    i = t.i
    ev.append((i, t.created, "created", intake, None, None, None, None, None))
    ev.append((i, ack_at, "acknowledged", None, "autoresponder", None, None, None, None))
    minutes = t.intake_minutes * t.pause_u if t.pause_u > 0 else t.intake_minutes
    hooks = org.hooks
    if hooks is None:
        hooks = org.hooks = (functools.partial(_first_pickup, org), functools.partial(_after_intake, org))
    org.work_then(t, intake, minutes, hooks[0], t.first_deadline, hooks[1])


def _first_pickup(org: Organisation, job) -> None:
    t = job.ticket
    b = org.s.behaviour
    intake = org.s.intake
    # The first reply goes out once written; the writing is part of the agent's work time.
    if t.writing > 0:
        job.duration = max(job.duration, t.writing)
        org.later(t.writing, org.reply, t, intake, job.agent, "first response")
    else:
        org.reply(t, intake, job.agent, "first response")
    if (
        t.reason < 0
        and b.volume_share
        and len(org.desks[intake]) > b.volume_threshold
        and t.routes.get("volume")
        and _expert_available(org, t.routes["volume"], min(job.duration, VOLUME_TRIAGE_MIN))
        and org.rng["behaviour"].random() < b.volume_share
    ):
        t.reason = VOLUME
        job.duration = min(job.duration, VOLUME_TRIAGE_MIN)
    if t.complexity_name == "custom":
        doer = t.routes.get(REASON_NAMES[t.reason]) if t.reason >= 0 else intake
        due = org.due_after(doer or intake, org.env.now, b.custom_estimate_hours)
        org.record(t, "estimate", intake, job.agent, due=due, detail="estimate given up front")
        t.deadline = due


def _expert_available(org: Organisation, team: str, triage: float) -> bool:
    """``volume`` hand-offs go to available experts: ``team`` is on duty now and when the triage ends."""
    desk = org.desks.get(team)
    if desk is None:
        return False
    now = kernel.now(org.env)
    return desk.on_duty > 0 and desk.on_duty_at(now + triage) > 0


def _after_intake(org: Organisation, job) -> None:
    """The intake work is done: resolve and close at once, or hand the rest to a process."""
    t = job.ticket
    if t.reason < 0 and t.pause_u <= 0 and not t.reopen:
        intake = org.s.intake
        org.resolve(t, intake, job.agent)
        org.events.append(
            (
                t.i,
                kernel.now(org.env) + t.close_after,
                "closed",
                intake,
                job.agent,
                None,
                None,
                None,
                "confirmed with the customer",
            )
        )
        return
    org.env.process(rest_of_life(org, t, job))


def _note(org: Organisation, t: Ticket, team: str, text: str):
    return lambda job: org.record(t, "internal_note", team, job.agent, detail=text)


def _ask_customer(org: Organisation, t: Ticket, team: str, agent: str):
    """The agent asks the customer something and the ticket waits for the answer."""
    org.reply(t, team, agent, "asked the customer for details")
    org.pause(t, team, agent)
    yield org.env.timeout(org.s.behaviour.pause_duration.sample(org.rng["behaviour"]))
    org.resume(t)


def rest_of_life(org: Organisation, t: Ticket, job):
    """SimPy process: everything after the intake team's first work on the ticket."""
    env, s = org.env, org.s
    b = s.behaviour
    rng, wrng = org.rng["behaviour"], org.rng["work"]
    intake = s.intake
    category, complexity = t.category_name, t.complexity_name
    rest = max(t.intake_minutes - job.duration, 0.0)  # intake work left when a volume hand-off falls through
    if t.pause_u > 0:
        yield from _ask_customer(org, t, intake, job.agent)
        job = yield org.work(
            t,
            intake,
            t.intake_minutes * (1 - t.pause_u),
            _note(org, t, intake, "continues after the customer's answer"),
            t.deadline,
        )
        rest = 0.0
    team, agent = intake, job.agent
    reason = REASON_NAMES[t.reason] if t.reason >= 0 else None
    target = t.routes.get(reason) if reason else None
    if reason == "volume" and not _expert_available(org, target, 0.0):
        # The experts went off duty meanwhile (e.g. while the customer answered): L1 keeps the ticket.
        reason = target = None
        if rest > 0:
            job = yield org.work(t, intake, rest, _note(org, t, intake, "no expert on duty: keeps it"), t.deadline)
            agent = job.agent

    if reason == "approval":
        org.record(t, "approval_requested", intake, agent, to_team=target, reason="approval")
        _later(org, b.notice_delay.sample(rng), lambda: org.notice(t, intake, agent, "asked management for a decision"))
        yield env.timeout(b.approval_delay.sample(rng))
        job = yield org.work(
            t,
            target,
            s.work_dist(target, category, complexity).sample(wrng),
            _note(org, t, target, "reviewing the request"),
            t.deadline,
        )
        denied = b.approval_denied and rng.random() < b.approval_denied
        org.record(t, "approval_denied" if denied else "approval_granted", target, job.agent)
        job = yield org.work(
            t,
            intake,
            0.3 * s.work_dist(intake, category, complexity).sample(wrng),
            _note(org, t, intake, "continues after management's decision"),
            t.deadline,
        )
        agent = job.agent
    elif reason:
        org.record(t, "escalated", intake, agent, to_team=target, reason=reason)
        t.owner = target
        _later(
            org,
            b.notice_delay.sample(rng),
            lambda: org.notice(t, intake, agent, f"passed to {target}: why and what happens next"),
        )
        minutes = s.work_dist(target, category, complexity).sample(wrng)
        assigned = lambda job: org.record(t, "assigned", target, job.agent)  # noqa: E731
        if b.pause_probability and rng.random() < b.pause_probability:
            u = rng.random()
            job = yield org.work(t, target, minutes * u, assigned, t.deadline)
            yield from _ask_customer(org, t, target, job.agent)
            job = yield org.work(
                t, target, minutes * (1 - u), _note(org, t, target, "continues after the customer's answer"), t.deadline
            )
        else:
            job = yield org.work(t, target, minutes, assigned, t.deadline)
        team, agent = target, job.agent
        if s.flows is not None:
            team, agent = yield from _more_hops(org, t, team, agent)
    org.resolve(t, team, agent)

    if t.reopen:
        yield env.timeout(b.reopen_after.sample(rng))
        org.record(t, "customer_reply", detail="the problem is back")
        org.record(t, "reopened")
        t.open = True
        org.open_count += 1
        org.resolved_count -= 1
        t.deadline = env.now + t.target_minutes

        def again(job):
            org.record(t, "assigned", intake, job.agent)
            t.owner = intake
            org.reply(t, intake, job.agent, "looking into it again")

        job = yield org.work(t, intake, 0.5 * s.work_dist(intake, category, complexity).sample(wrng), again, t.deadline)
        team, agent = intake, job.agent
        org.resolve(t, team, agent)
    org.record(t, "closed", team, agent, at=env.now + t.close_after, detail="confirmed with the customer")


def _more_hops(org: Organisation, t: Ticket, team: str, agent: str):
    """Hand-offs after the first (``[[routing.flows]]``): L2 -> L3, bounces back, until a team resolves.

    Returns the team and agent that resolve the ticket; at most ``max_hops`` hand-offs in all.
    """
    s = org.s
    flows = s.flows
    b = s.behaviour
    rng, wrng, frng = org.rng["behaviour"], org.rng["work"], org.rng["routing"]
    category, complexity = t.category_name, t.complexity_name
    hops = 1
    while hops < flows.max_hops:
        nxt = flows.draw(team, category, complexity, frng)
        if nxt is None:
            break
        to, why = nxt
        org.record(t, "escalated", team, agent, to_team=to, reason=why)
        t.owner = to
        _later(org, b.notice_delay.sample(rng), functools.partial(_hop_notice, org, t, team, agent, to))
        job = yield org.work(
            t, to, s.work_dist(to, category, complexity).sample(wrng), _assigned(org, t, to), t.deadline
        )
        team, agent = to, job.agent
        hops += 1
    return team, agent


def _hop_notice(org: Organisation, t: Ticket, team: str, agent: str, to: str) -> None:
    org.notice(t, team, agent, f"passed to {to}: why and what happens next")


def _assigned(org: Organisation, t: Ticket, team: str):
    return lambda job: org.record(t, "assigned", team, job.agent)


def _later(org: Organisation, delay: float, fn) -> None:
    """Run ``fn`` after ``delay`` minutes without a process of its own (a timer callback)."""
    if delay <= 0:
        fn()
        return
    org.later(delay, fn)
