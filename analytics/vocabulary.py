"""The canonical vocabulary shared by importers, the SLA engine and the simulation (DESIGN §4-5)."""

__all__ = [
    "CANONICAL_COLUMNS",
    "CHANNELS",
    "COMPLEXITIES",
    "ESCALATION_REASONS",
    "EVENT_KINDS",
    "METRICS",
    "OPTIONAL_CANONICAL_COLUMNS",
    "REQUIRED_CANONICAL_COLUMNS",
    "STATUSES",
]

EVENT_KINDS = (
    "created",
    "acknowledged",
    "agent_reply",
    "customer_reply",
    "internal_note",
    "assigned",
    "escalated",
    "approval_requested",
    "approval_granted",
    "approval_denied",
    "estimate",
    "paused",
    "resumed",
    "resolved",
    "reopened",
    "closed",
)
CHANNELS = ("ticket", "chat")
COMPLEXITIES = ("simple", "standard", "complex", "custom")
ESCALATION_REASONS = ("volume", "server", "complex", "approval", "onsite")
METRICS = (
    "acknowledgement",
    "first_response",
    "status_update",
    "escalation_notice",
    "handoff_pickup",
    "resolution",
)
STATUSES = ("met", "breached", "pending")

# Canonical events file columns, in file order (DESIGN §4); `detail` is an optional extra.
CANONICAL_COLUMNS = (
    "ticket_id",
    "at",
    "kind",
    "team",
    "agent",
    "to_team",
    "reason",
    "due_at",
    "channel",
    "category",
    "complexity",
    "priority",
    "site",
    "customer",
)
OPTIONAL_CANONICAL_COLUMNS = ("detail",)
REQUIRED_CANONICAL_COLUMNS = ("ticket_id", "at", "kind", "team", "channel")
