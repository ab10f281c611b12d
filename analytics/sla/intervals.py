"""Open time as a table: a calendar's open intervals in UTC, with a running total of open time.

:class:`IntervalTable` answers "open time between a and b" and "a plus N open seconds" for millions
of rows at once with ``np.searchsorted``; :meth:`analytics.sla.calendar.Calendar.intervals` builds
one, and the simulation reads on-duty time from one.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["NOT_REACHED", "IntervalTable", "to_us"]

_US = 1_000_000
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)
#: Result of :meth:`IntervalTable.add_open` when the target lies beyond the
#: table.  It is NaT's int64 bit pattern, so ``.view("datetime64[us]")`` gives NaT.
NOT_REACHED = np.iinfo(np.int64).min


def to_us(x) -> np.ndarray:
    """Coerce instants to int64 UTC epoch microseconds; NaT keeps its bit pattern."""
    if isinstance(x, _dt.datetime):
        if x.utcoffset() is None:
            raise ValueError(f"datetime {x!r} must be timezone-aware")
        return np.asarray((x - _EPOCH) // _dt.timedelta(microseconds=1), dtype=np.int64)
    if isinstance(x, (pd.Series, pd.Index, pd.api.extensions.ExtensionArray)):
        # pandas stores tz-aware values as UTC already; naive values are taken as UTC.
        return pd.DatetimeIndex(x).as_unit("us").asi8.reshape(np.shape(x))
    arr = np.asarray(x)
    if arr.dtype.kind == "M":
        return arr.astype("datetime64[us]").view(np.int64)
    if arr.dtype.kind in "iu":
        return arr.astype(np.int64, copy=False)
    if arr.dtype == object:
        return pd.DatetimeIndex(arr.ravel()).as_unit("us").asi8.reshape(arr.shape)
    raise TypeError(f"cannot interpret {arr.dtype} values as instants")


def _readonly(a) -> np.ndarray:
    # Tables may be shared between callers; a frozen dataclass should not hide
    # mutable arrays.
    a = np.array(a, dtype=np.int64)
    a.flags.writeable = False
    return a


@dataclass(frozen=True, eq=False)
class IntervalTable:
    """Disjoint open intervals with a running total of open time.

    Attributes
    ----------
    starts, ends : np.ndarray
        int64 UTC epoch microseconds; sorted, ``ends[i] > starts[i]``,
        ``ends[i] < starts[i + 1]`` (touching intervals are merged).
    cum : np.ndarray
        int64 open microseconds before ``starts[i]`` (``cum[0] == 0``).

    Notes
    -----
    Methods take int64 epoch microseconds or ``datetime64``.  Time outside the
    table's window counts as closed.  Arrays are read-only; equality is identity
    (``eq=False``) since array ``==`` has no single truth value.
    """

    starts: np.ndarray
    ends: np.ndarray
    cum: np.ndarray

    def __post_init__(self) -> None:
        for name in ("starts", "ends", "cum"):
            object.__setattr__(self, name, _readonly(getattr(self, name)))
        object.__setattr__(self, "_cum_end", _readonly(self.cum + (self.ends - self.starts)))

    @classmethod
    def from_bounds(cls, starts, ends) -> IntervalTable:
        """Build a table from unsorted, overlapping or touching ``[start, end)`` pairs.

        Parameters
        ----------
        starts, ends : array_like
            int64 epoch microseconds; empty pairs are dropped.

        Returns
        -------
        IntervalTable
        """
        s, e = np.asarray(starts, np.int64), np.asarray(ends, np.int64)
        s, e = s[e > s], e[e > s]
        order = np.argsort(s, kind="stable")
        s, e = s[order], e[order]
        if len(s):
            reach = np.maximum.accumulate(e)
            # A group starts where an interval begins strictly after all earlier
            # ones ended; touching intervals join, so no zero-length gaps remain.
            new = np.concatenate(([True], s[1:] > reach[:-1]))
            last = np.concatenate((np.flatnonzero(new)[1:] - 1, [len(s) - 1]))
            s, e = s[new], reach[last]
        cum = np.concatenate(([0], np.cumsum(e - s)[:-1])) if len(s) else s
        return cls(s, e, cum)

    def open_until(self, t) -> np.ndarray:
        """``F(t)``: open microseconds from the table start up to ``t``.

        Parameters
        ----------
        t : array_like
            Instants.

        Returns
        -------
        np.ndarray
            int64 microseconds, shaped like ``t``.
        """
        t = to_us(t)
        if not len(self.starts):
            return np.zeros(np.shape(t), np.int64)
        i = np.searchsorted(self.starts, t, side="right") - 1
        j = np.maximum(i, 0)
        inside = np.minimum(t - self.starts[j], self.ends[j] - self.starts[j])
        return np.where(i >= 0, self.cum[j] + inside, 0)

    def open_between(self, a, b) -> np.ndarray:
        """Open microseconds in ``[a, b)``.

        Parameters
        ----------
        a, b : array_like
            Instants, broadcastable against each other.

        Returns
        -------
        np.ndarray
            int64 ``F(b) - F(a)``, clipped at 0 where ``b < a``.
        """
        return np.maximum(self.open_until(b) - self.open_until(a), 0)

    def add_open(self, a, amount) -> np.ndarray:
        """Earliest instant by which ``amount`` open time has elapsed since ``a``.

        The smallest ``t >= a`` with ``F(t) - F(a) >= amount``.  ``F`` is
        continuous, so a target met exactly at the end of an open interval gives
        that end (Friday 18:00), not the next opening; ``amount == 0`` gives ``a``.

        Parameters
        ----------
        a : array_like
            Start instants.
        amount : array_like
            Open microseconds to add, ``>= 0``; broadcastable against ``a``.

        Returns
        -------
        np.ndarray
            int64 epoch microseconds; :data:`NOT_REACHED` where ``a`` is NaT or
            the target lies beyond the table.
        """
        a = to_us(a)
        amount = np.asarray(amount, dtype=np.int64)
        if np.any(amount < 0):
            raise ValueError("add_open: amount must be >= 0")
        a, amount = np.broadcast_arrays(a, amount)
        target = self.open_until(a) + amount
        n = len(self.starts)
        i = np.searchsorted(self._cum_end, target, side="left")
        j = np.minimum(i, max(n - 1, 0))
        hit = self.starts[j] + (target - self.cum[j]) if n else a
        out = np.where(amount == 0, a, np.where(i < n, hit, NOT_REACHED))
        return np.where(a == NOT_REACHED, NOT_REACHED, out)

    def to_frame(self, calendar_name: str) -> pd.DataFrame:
        """The table as a frame for DuckDB ASOF joins.

        Parameters
        ----------
        calendar_name : str
            Value of the ``calendar`` (join key) column.

        Returns
        -------
        pandas.DataFrame
            Columns ``calendar, start_us, end_us, cum_us``, one row per interval.
        """
        return pd.DataFrame(
            {
                "calendar": [calendar_name] * len(self.starts),
                "start_us": self.starts.copy(),
                "end_us": self.ends.copy(),
                "cum_us": self.cum.copy(),
            }
        )
