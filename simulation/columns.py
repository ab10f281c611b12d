"""Column buffers -> Arrow tables in the store's shape (written by ``analytics.api.write_run``).

Tickets created during the warm-up are dropped with all their events; events after the end of the
horizon have not happened yet and are dropped too (their clocks are read as of the run's end, like
history read at the time of an export). Ticket ids carry the replication, so they are unique across
the replications of one dataset: ``r01-000123``. Instants are rounded to whole seconds, as helpdesks
record them; the order of events within a ticket (``seq``) is that of the exact simulated times.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from analytics.vocabulary import COMPLEXITIES
from simulation.engine import ReplicationResult
from simulation.scenario import PRIORITIES, Scenario

__all__ = ["ticket_ids", "to_arrow"]

_TS = pa.timestamp("us", tz="UTC")
# Text fields of events come from small vocabularies (kinds, teams, agents, a few details), so they
# are dictionary-encoded while Arrow reads the tuples: a small int32 index per event instead of a
# copy of the text, four times less memory to fill and to permute. The store's columns stay VARCHAR.
_TEXT = pa.dictionary(pa.int32(), pa.string())
_EVENT_ROW = pa.struct(
    [
        ("ticket", pa.int64()),
        ("minute", pa.float64()),
        ("kind", _TEXT),
        ("team", _TEXT),
        ("agent", _TEXT),
        ("to_team", _TEXT),
        ("reason", _TEXT),
        ("due", pa.float64()),
        ("detail", _TEXT),
    ]
)


def ticket_ids(replication: int, index: np.ndarray, width: int = 2) -> pa.Array:
    """``r01-000123`` for replication 1, ticket index 122 (ids count from 1); built by Arrow, not per row."""
    return _prefixed(f"r{replication:0{width}d}-", np.asarray(index, dtype=np.int64) + 1, 6)


def _prefixed(prefix: str, numbers: np.ndarray, digits: int) -> pa.Array:
    """``f"{prefix}{n:0{digits}d}"`` for each of ``numbers`` (>= 0), as one Arrow string array."""
    padded = pc.utf8_lpad(pc.cast(pa.array(numbers, pa.int64()), pa.string()), width=digits, padding="0")
    return pc.binary_join_element_wise(prefix, padded, "")


def _labels(names, codes: np.ndarray) -> pa.Array:
    """The string of each code (an index into ``names``)."""
    return pa.array(list(names), pa.string()).take(pa.array(codes, pa.int64()))


def to_arrow(result: ReplicationResult, s: Scenario, width: int = 2) -> tuple[pa.Table, pa.Table]:
    """``(tickets, events)`` Arrow tables of one replication, ready for ``write_tickets``."""
    arr = result.arrivals
    h = s.horizon
    origin_us = int(h.origin.timestamp() * 1_000_000)
    keep = arr.t >= h.warmup_minutes
    kept = np.flatnonzero(keep)
    ids = ticket_ids(result.replication, kept, width)
    tickets = pa.table(
        {
            "ticket_id": ids,
            "channel": _labels(arr.channels, arr.channel[kept]),
            "category": _labels(s.categories, arr.category[kept]),
            "complexity": _labels(COMPLEXITIES, arr.complexity[kept]),
            "priority": _labels(PRIORITIES, arr.priority[kept]),
            "site": _labels(s.sites, arr.site[kept]),
            "customer": _prefixed("C-", arr.customer[kept], 5),
            "created_at": pa.array(origin_us + (np.round(arr.t[kept] * 60) * 1_000_000).astype(np.int64), _TS),
            "replication": pa.array(np.full(len(kept), result.replication, dtype=np.int32)),
        }
    )
    if not result.events:
        return tickets, _empty_events()
    # The recorder keeps one tuple per event (the cheapest append in the model's hot loop); Arrow
    # turns them into typed columns in one C++ pass.
    rows = pa.array(result.events, type=_EVENT_ROW)
    tix = rows.field(0).to_numpy()
    t = rows.field(1).to_numpy()
    sel = keep[tix] & (t <= h.end_minutes)
    idx = np.flatnonzero(sel)
    idx = idx[np.lexsort((t[idx], tix[idx]))]  # by ticket, time, then recording order (a stable sort)
    tix_s = tix[idx]
    starts = np.flatnonzero(np.concatenate(([True], tix_s[1:] != tix_s[:-1])))
    seq = np.arange(len(idx)) - np.repeat(starts, np.diff(np.append(starts, len(idx)))) + 1
    # Row of the ticket in `tickets`: arrivals are in time order, so the kept tickets are a contiguous range.
    contiguous = len(kept) and kept[-1] - kept[0] + 1 == len(kept)
    pos = tix_s - kept[0] if contiguous else np.searchsorted(kept, tix_s)
    take = pa.array(idx)
    due = rows.field(7).take(take)
    due_min = due.to_numpy(zero_copy_only=False)
    missing = np.isnan(due_min)
    due_us = origin_us + (np.round(np.nan_to_num(due_min) * 60) * 1_000_000).astype(np.int64)
    events = pa.table(
        {
            "ticket_id": ids.take(pa.array(pos)),
            "seq": pa.array(seq.astype(np.int32)),
            "ts": pa.array(origin_us + (np.round(t[idx] * 60) * 1_000_000).astype(np.int64), _TS),
            **{
                name: rows.field(k).take(take)
                for k, name in ((2, "kind"), (3, "team"), (4, "agent"), (5, "to_team"), (6, "reason"))
            },
            "due_at": pa.array(due_us, _TS, mask=missing),
            "detail": rows.field(8).take(take),
        }
    )
    return tickets, events


def _empty_events() -> pa.Table:
    s = _TEXT
    return pa.table(
        {
            "ticket_id": pa.array([], pa.string()),
            "seq": pa.array([], pa.int32()),
            "ts": pa.array([], _TS),
            "kind": pa.array([], s),
            "team": pa.array([], s),
            "agent": pa.array([], s),
            "to_team": pa.array([], s),
            "reason": pa.array([], s),
            "due_at": pa.array([], _TS),
            "detail": pa.array([], s),
        }
    )
