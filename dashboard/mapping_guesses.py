"""First suggestions of the "map columns by hand" wizard: which column is probably which, and what a
source value probably means. Only suggestions: every one is shown in a widget the person can change."""

from __future__ import annotations

import re

from analytics import api

__all__ = ["guess_columns", "guess_kind", "guess_team", "guess_value", "has_offset"]


_ROLE_PATTERNS = {
    "case": r"^(ticket|case|incident|issue|request)?[ _-]*(id|number|no|nr|key|#)$|^(ticket|case|incident|number|key)$",
    "created": r"open|creat|submit|report|start|logged",
    "acknowledged": r"ack",
    "agent_reply": r"first.*(repl|respon)|repl|respon",
    "resolved": r"resol|solv|fix|done|complet",
    "closed": r"clos",
    "timestamp": r"time|date|^at$|when",
    "activity": r"activ|status|state|event|action|step",
    "group": r"group|queue|team|line|level|department",
    "resource": r"agent|assignee|resource|owner|assigned|handler|user",
    "channel": r"channel|contact|source|via|medium",
    "category": r"categor|type|topic|service|product",
    "complexity": r"complex|difficult",
    "priority": r"prio|impact|severity|urgen",
    "site": r"site|location|datacent|region|country",
    "customer": r"customer|caller|requester|client|account|company",
}


def guess_columns(columns: list[str], shape: str = "tickets") -> dict[str, str]:
    """First suggestions: role (``case``, ``created``, ``group``, ``channel``...) -> column, by name.

    Each column is suggested for one role at most; roles without a likely column are left out.
    """
    time_roles = (
        ("created", "acknowledged", "agent_reply", "resolved", "closed") if shape == "tickets" else ("timestamp",)
    )
    roles = [
        "case",
        *time_roles,
        *(("activity",) if shape == "events" else ()),
        "group",
        "resource",
        "complexity",
        "priority",
        "channel",
        "category",
        "site",
        "customer",
    ]
    taken: set[str] = set()
    out = {}
    for role in roles:
        for col in columns:
            if col not in taken and re.search(_ROLE_PATTERNS[role], col.strip().lower()):
                out[role] = col
                taken.add(col)
                break
    return out


_KIND_WORDS = (
    ("reopen", "reopened"),
    ("resum", "resumed"),
    ("resol", "resolved"),
    ("solv", "resolved"),
    ("clos", "closed"),
    ("cancel", "closed"),
    ("wait", "paused"),
    ("pend", "paused"),
    ("hold", "paused"),
    ("paus", "paused"),
    ("ack", "acknowledged"),
    ("customer", "customer_reply"),
    ("repl", "agent_reply"),
    ("respon", "agent_reply"),
    ("answer", "agent_reply"),
    ("assign", "assigned"),
    ("take", "assigned"),
    ("progress", "assigned"),
    ("accept", "assigned"),
    ("creat", "created"),
    ("open", "created"),
    ("new", "created"),
    ("insert", "created"),
    ("approv", "approval_granted"),
    ("denied", "approval_denied"),
    ("reject", "approval_denied"),
)


def guess_kind(value: str) -> str:
    """A first suggestion for the canonical kind of an activity value (``internal_note`` if unsure)."""
    low = value.strip().lower()
    if low in api.EVENT_KINDS:
        return low
    return next((kind for word, kind in _KIND_WORDS if word in low), "internal_note")


def guess_team(value: str, teams: dict[str, str], fallback: str) -> str:
    """A first suggestion for the policy team of a group value: by team id or team name, else ``fallback``.

    ``teams`` maps team id -> its name (as in the policy).
    """
    low = value.strip().lower()
    for tid, name in teams.items():
        if low in (tid.lower(), str(name).lower()):
            return tid
    words = [w for w in re.split(r"[^a-z0-9]+", low) if w]
    compact = "".join(words)
    for tid, name in teams.items():
        key = re.sub(r"[^a-z0-9]+", "", tid.lower())
        if key in words or (len(key) > 3 and (compact.startswith(key) or any(w.startswith(key) for w in words))):
            return tid
        if len(low) > 3 and low in str(name).lower():
            return tid
    return fallback


def guess_value(attr: str, value: str) -> str:
    """A first suggestion for the canonical ``channel`` or ``complexity`` of a source value."""
    low = value.strip().lower()
    if attr == "channel":
        return "chat" if "chat" in low else "ticket"
    return low if low in api.COMPLEXITIES else ""


def has_offset(value: str) -> bool:
    """Whether a timestamp text ends with a UTC offset or ``Z`` (as the importers test it)."""
    return bool(re.search(r"(Z|z|[+-]\d\d(:?\d\d)?)$", value.strip())) and bool(re.search(r"\d[T ]\d", value))
