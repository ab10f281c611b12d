"""Business calendars and a vectorised business-time engine.

A :class:`Calendar` says when a support team is open: weekly open hours in the
local wall-clock time of an IANA timezone, minus the public holidays of a
country (``holidays`` package) and extra closed dates -- or always open (24/7).

Definition (the one the tests check by brute force): an instant ``t`` is open
iff the calendar is 24/7, or, with ``(d, w)`` the local date and wall-clock time
of ``t``, ``d`` is neither a holiday nor a closed date and ``w`` lies in one of
the half-open ranges ``[a, b)`` configured for ``d``'s weekday.  A fall-back
hour whose wall time is in range is therefore open twice; spring-forward wall
times do not exist and contribute nothing.  An overnight spec such as
``"Mon-Fri 22:00-06:00"`` is stored as ``22:00-24:00`` on Mon..Fri plus
``00:00-06:00`` on Tue..Sat; the morning part belongs to the *following* local
date, so it is that date's holiday status that counts.

:meth:`Calendar.intervals` materialises the open set as an :class:`IntervalTable`
(UTC epoch microseconds plus a running total), which answers "open time
between a and b" and "a plus N open seconds" for millions of rows with
``np.searchsorted``.
"""
from __future__ import annotations

import datetime as _dt
import difflib
import functools
import re
import zoneinfo
from dataclasses import dataclass

import holidays
import numpy as np
import pandas as pd

__all__ = ["Calendar", "IntervalTable", "open_seconds", "NOT_REACHED"]

#: Returned by :meth:`IntervalTable.add_open` when the target lies beyond the
#: table; it is the int64 bit pattern of NaT, so ``.view("datetime64[us]")``
#: turns it into NaT.
NOT_REACHED = np.iinfo(np.int64).min

_US = 1_000_000
_DAY_S = 86_400
_UTC = _dt.timezone.utc
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_UTC)
_EPOCH_ORDINAL = _dt.date(1970, 1, 1).toordinal()
_PAD_S = 2 * _DAY_S
# Offsets are sampled this often when looking for DST transitions; real zones
# never have two transitions within 6 hours, so none can be skipped.
_PROBE_S = 6 * 3600
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SPEC_KEYS = ("timezone", "hours", "holidays", "holiday_subdiv", "closed_dates")
_HOURS_FORM = "'Mon-Fri 09:00-18:00'"
_ITEM_RE = re.compile(r"^\s*(?P<days>[^\d]+?)\s+(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})\s*$")
_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})$")


@functools.lru_cache(maxsize=512)
def _holiday_dates(country: str, subdiv: str | None, year: int) -> frozenset[_dt.date]:
    return frozenset(holidays.country_holidays(country, subdiv=subdiv, years=year).keys())


def _offset_s(tz: zoneinfo.ZoneInfo, u: int) -> int:
    return int(_dt.datetime.fromtimestamp(u, tz).utcoffset().total_seconds())


def _offset_segments(tz: zoneinfo.ZoneInfo, u0: int, u1: int) -> list[tuple[int, int, int]]:
    """Split [u0, u1) (UTC seconds) into pieces of constant UTC offset."""
    segments, seg_start, cur = [], u0, _offset_s(tz, u0)
    probe = u0
    while probe < u1:
        probe = min(probe + _PROBE_S, u1)
        while _offset_s(tz, probe) != cur:
            # Bisect to the first second whose offset differs from `cur`.
            lo, hi = seg_start, probe
            while hi - lo > 1:
                mid = (lo + hi) // 2
                lo, hi = (mid, hi) if _offset_s(tz, mid) == cur else (lo, mid)
            segments.append((seg_start, hi, cur))
            seg_start, cur = hi, _offset_s(tz, hi)
    segments.append((seg_start, u1, cur))
    return segments


def _to_us(x) -> np.ndarray:
    """Coerce instants to int64 epoch microseconds (UTC); NaT stays the NaT pattern."""
    if isinstance(x, _dt.datetime):
        if x.tzinfo is None or x.utcoffset() is None:
            raise ValueError(f"datetime {x!r} must be timezone-aware")
        return np.asarray((x - _EPOCH) // _dt.timedelta(microseconds=1), dtype=np.int64)
    if isinstance(x, (pd.Series, pd.Index, pd.api.extensions.ExtensionArray)):
        # Tz-aware data is stored as UTC internally; naive data is taken as UTC.
        return pd.DatetimeIndex(x).as_unit("us").asi8.reshape(np.shape(x))
    arr = np.asarray(x)
    if arr.dtype.kind == "M":
        return arr.astype("datetime64[us]").view(np.int64)
    if arr.dtype.kind in "iu":
        return arr.astype(np.int64, copy=False)
    if arr.dtype == object:
        return pd.DatetimeIndex(arr.ravel()).as_unit("us").asi8.reshape(arr.shape)
    raise TypeError(f"cannot interpret {arr.dtype} values as instants")


def _us_to_datetime(us: int) -> _dt.datetime:
    return _EPOCH + _dt.timedelta(microseconds=int(us))


def _readonly(a: np.ndarray) -> np.ndarray:
    a = np.ascontiguousarray(a, dtype=np.int64)
    a.flags.writeable = False
    return a


@dataclass(frozen=True)
class IntervalTable:
    """Disjoint open intervals with a running total of open time.

    Attributes
    ----------
    starts, ends : np.ndarray
        int64 UTC epoch microseconds; sorted, ``ends[i] > starts[i]`` and
        ``ends[i] < starts[i + 1]`` (touching intervals are merged).
    cum : np.ndarray
        int64; open microseconds before ``starts[i]`` (``cum[0] == 0``).

    Notes
    -----
    ``F(t)`` (:meth:`open_until`) counts open time from the table start.  The
    table only knows the window it was built for: time before the first or
    after the last interval counts as closed.
    """

    starts: np.ndarray
    ends: np.ndarray
    cum: np.ndarray

    def __post_init__(self) -> None:
        for name in ("starts", "ends", "cum"):
            object.__setattr__(self, name, _readonly(getattr(self, name)))
        object.__setattr__(self, "_cum_end", _readonly(self.cum + (self.ends - self.starts)))

    @classmethod
    def from_bounds(cls, starts: np.ndarray, ends: np.ndarray) -> "IntervalTable":
        """Build a table from possibly unsorted, overlapping or touching intervals.

        Parameters
        ----------
        starts, ends : np.ndarray
            int64 epoch microseconds; empty intervals are dropped.

        Returns
        -------
        IntervalTable
        """
        s, e = np.asarray(starts, np.int64), np.asarray(ends, np.int64)
        keep = e > s
        s, e = s[keep], e[keep]
        order = np.argsort(s, kind="stable")
        s, e = s[order], e[order]
        if len(s):
            reach = np.maximum.accumulate(e)
            # A new group starts where an interval begins strictly after
            # everything before it has ended; `>=` would keep gaps of zero.
            new = np.concatenate(([True], s[1:] > reach[:-1]))
            last = np.concatenate((np.flatnonzero(new)[1:] - 1, [len(s) - 1]))
            s, e = s[new], reach[last]
        lengths = e - s
        cum = np.concatenate(([0], np.cumsum(lengths)[:-1])) if len(s) else lengths
        return cls(s, e, cum)

    def open_until(self, t) -> np.ndarray:
        """Open microseconds from the table start up to ``t``: ``F(t)``.

        Parameters
        ----------
        t : array_like
            Epoch microseconds (int64) or datetime64 values.

        Returns
        -------
        np.ndarray
            int64, same shape as ``t``.
        """
        t = _to_us(t)
        if not len(self.starts):
            return np.zeros(np.shape(t), np.int64)
        i = np.searchsorted(self.starts, t, side="right") - 1
        j = np.maximum(i, 0)
        inside = np.minimum(t - self.starts[j], self.ends[j] - self.starts[j])
        return np.where(i >= 0, self.cum[j] + inside, 0)

    def open_between(self, a, b) -> np.ndarray:
        """Open microseconds in ``[a, b)``: ``F(b) - F(a)``, 0 when ``b < a``.

        Parameters
        ----------
        a, b : array_like
            Epoch microseconds (int64) or datetime64 values, broadcastable.

        Returns
        -------
        np.ndarray
            int64 microseconds.
        """
        return np.maximum(self.open_until(b) - self.open_until(a), 0)

    def add_open(self, a, amount) -> np.ndarray:
        """Earliest instant at which ``amount`` open time has elapsed since ``a``.

        Returns the smallest ``t >= a`` with ``F(t) - F(a) >= amount``.  Since
        ``F`` is continuous, a target reached exactly at the end of an open
        interval yields that end instant (e.g. 18:00 on Friday), not the next
        opening; ``amount == 0`` yields ``a`` itself.

        Parameters
        ----------
        a : array_like
            Epoch microseconds (int64) or datetime64 values.
        amount : array_like
            Open microseconds to add, ``>= 0``; broadcastable against ``a``.

        Returns
        -------
        np.ndarray
            int64 epoch microseconds; :data:`NOT_REACHED` (NaT bits) where the
            target lies beyond the table or ``a`` is NaT.
        """
        a = _to_us(a)
        amount = np.asarray(amount, dtype=np.int64)
        if np.any(amount < 0):
            raise ValueError("add_open: amount must be >= 0")
        a, amount = np.broadcast_arrays(a, amount)
        target = self.open_until(a) + amount
        n = len(self.starts)
        i = np.searchsorted(self._cum_end, target, side="left")
        j = np.minimum(i, max(n - 1, 0))
        hit = (self.starts[j] + (target - self.cum[j])) if n else np.zeros_like(a)
        out = np.where(i < n, hit, NOT_REACHED)
        out = np.where(amount == 0, a, out)
        return np.where(a == NOT_REACHED, NOT_REACHED, out)

    def to_frame(self, calendar_name: str) -> pd.DataFrame:
        """Return the table as columns ``calendar, start_us, end_us, cum_us``.

        Parameters
        ----------
        calendar_name : str
            Value of the ``calendar`` column (the join key for ASOF joins).

        Returns
        -------
        pandas.DataFrame
        """
        return pd.DataFrame(
            {
                "calendar": [calendar_name] * len(self.starts),
                "start_us": self.starts.copy(),
                "end_us": self.ends.copy(),
                "cum_us": self.cum.copy(),
            }
        )


@dataclass(frozen=True)
class Calendar:
    """When a support team is open; see the module docstring for semantics.

    Attributes
    ----------
    name : str
        Used in error messages and as the frame key.
    timezone : str
        IANA timezone of the open hours.
    always_open : bool
        24/7; holidays and weekly hours are then ignored.
    weekly : tuple
        Seven entries Mon..Sun, each a sorted tuple of non-overlapping
        ``(start_minute, end_minute)`` local wall-time ranges, ``[start, end)``.
    holiday_country, holiday_subdiv : str or None
        Public holidays from the ``holidays`` package.
    closed_dates : frozenset of datetime.date
        Extra local dates on which the team is closed.
    """

    name: str
    timezone: str = "UTC"
    always_open: bool = False
    weekly: tuple[tuple[tuple[int, int], ...], ...] = ()
    holiday_country: str | None = None
    holiday_subdiv: str | None = None
    closed_dates: frozenset[_dt.date] = frozenset()

    def __post_init__(self) -> None:
        who = f"calendar {self.name!r}"
        try:
            zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
            close = difflib.get_close_matches(str(self.timezone), zoneinfo.available_timezones(), n=1)
            hint = f"did you mean {close[0]!r}?" if close else "use an IANA name such as 'Europe/Amsterdam'"
            raise ValueError(f"{who}: unknown timezone {self.timezone!r}; {hint}") from None
        if self.holiday_country is not None:
            country = str(self.holiday_country).upper()
            supported = holidays.list_supported_countries()
            if country not in supported:
                raise ValueError(
                    f"{who}: unknown holiday country {self.holiday_country!r}; expected an ISO 3166 code "
                    "supported by the 'holidays' package, e.g. 'NL', 'DE', 'US', 'CA'"
                )
            object.__setattr__(self, "holiday_country", country)
            if self.holiday_subdiv is not None:
                try:
                    _holiday_dates(country, self.holiday_subdiv, 2000)
                except NotImplementedError:
                    raise ValueError(
                        f"{who}: unknown holiday subdivision {self.holiday_subdiv!r} of {country}; "
                        f"expected one of {', '.join(supported[country]) or '(none)'}"
                    ) from None
        elif self.holiday_subdiv is not None:
            raise ValueError(f"{who}: holiday_subdiv {self.holiday_subdiv!r} given without a holiday country")
        dates = frozenset(self.closed_dates)
        if any(not isinstance(d, _dt.date) or isinstance(d, _dt.datetime) for d in dates):
            raise ValueError(f"{who}: closed_dates must be datetime.date values, got {sorted(map(repr, dates))}")
        object.__setattr__(self, "closed_dates", dates)
        weekly = tuple(tuple((int(a), int(b)) for a, b in day) for day in self.weekly)
        if weekly and len(weekly) != 7:
            raise ValueError(f"{who}: weekly must have 7 entries (Mon..Sun), got {len(weekly)}")
        for day, ranges in zip(_DAYS, weekly):
            prev_end = 0
            for a, b in ranges:
                if not 0 <= a < b <= 1440 or a < prev_end:
                    raise ValueError(
                        f"{who}: bad {day.title()} ranges {ranges!r}; expected sorted, non-overlapping "
                        "(start_minute, end_minute) pairs with 0 <= start < end <= 1440"
                    )
                prev_end = b
        object.__setattr__(self, "weekly", weekly)
        if not self.always_open and not any(weekly):
            raise ValueError(f"{who}: no open hours; give hours like {_HOURS_FORM} or '24/7'")

    @classmethod
    def from_spec(cls, name: str, spec: dict) -> "Calendar":
        """Build a calendar from a TOML-style dict.

        Parameters
        ----------
        name : str
            Calendar (team) name, used in error messages.
        spec : dict
            Keys ``timezone``, ``hours`` (``"24/7"`` or a list of items like
            ``"Mon-Fri 09:00-18:00"``, ``"Sat 10:00-14:00"``,
            ``"Mon,Wed,Fri 22:00-06:00"``; a string is a one-item list; an end
            before the start means overnight), ``holidays`` (country code),
            ``holiday_subdiv`` and ``closed_dates`` (``"YYYY-MM-DD"`` strings
            or dates).  Several items for the same day are united.

        Returns
        -------
        Calendar

        Raises
        ------
        ValueError
            On unknown keys or malformed values; the message names the
            calendar, the bad value and the expected form.
        """
        who = f"calendar {name!r}"
        if not isinstance(spec, dict):
            raise ValueError(f"{who}: expected a table of settings, got {spec!r}")
        unknown = sorted(set(spec) - set(_SPEC_KEYS))
        if unknown:
            raise ValueError(f"{who}: unknown key(s) {', '.join(map(repr, unknown))}; allowed: {', '.join(_SPEC_KEYS)}")
        hours = spec.get("hours")
        if hours is None:
            raise ValueError(f"{who}: missing 'hours' (e.g. ['Mon-Fri 09:00-18:00'] or '24/7')")
        items = [hours] if isinstance(hours, str) else hours
        if not isinstance(items, (list, tuple)) or not all(isinstance(h, str) for h in items):
            raise ValueError(f"{who}: 'hours' must be a string or a list of strings like {_HOURS_FORM}")
        always = [h.strip() for h in items] == ["24/7"]
        per_day: list[list[tuple[int, int]]] = [[] for _ in range(7)]
        for item in [] if always else items:
            for day, rng in _parse_hours_item(who, item):
                per_day[day].append(rng)
        weekly = tuple(_union(r) for r in per_day) if not always else ()
        closed = set()
        for d in spec.get("closed_dates", ()):
            try:
                closed.add(d if type(d) is _dt.date else _dt.date.fromisoformat(d))
            except (TypeError, ValueError):
                raise ValueError(f"{who}: closed date {d!r} is not of the form 'YYYY-MM-DD'") from None
        country = spec.get("holidays")
        if country is not None and not isinstance(country, str):
            raise ValueError(f"{who}: 'holidays' must be a country code such as 'NL', got {country!r}")
        return cls(
            name=name,
            timezone=spec.get("timezone", "UTC"),
            always_open=always,
            weekly=weekly,
            holiday_country=country or None,
            holiday_subdiv=spec.get("holiday_subdiv"),
            closed_dates=frozenset(closed),
        )

    def _closed_days(self, first_day: int, last_day: int) -> set[int]:
        """Closed local dates as day numbers since 1970-01-01."""
        closed = set(self.closed_dates)
        if self.holiday_country:
            y0 = _dt.date.fromordinal(_EPOCH_ORDINAL + first_day).year
            y1 = _dt.date.fromordinal(_EPOCH_ORDINAL + last_day).year
            for year in range(y0, y1 + 1):
                closed |= _holiday_dates(self.holiday_country, self.holiday_subdiv, year)
        return {d.toordinal() - _EPOCH_ORDINAL for d in closed}

    def intervals(self, start: _dt.datetime, end: _dt.datetime) -> IntervalTable:
        """Open intervals covering ``[start, end]`` padded by two days each side.

        Parameters
        ----------
        start, end : datetime.datetime
            Timezone-aware bounds, ``start <= end``.

        Returns
        -------
        IntervalTable
            Sorted, merged intervals in UTC epoch microseconds.
        """
        if start.tzinfo is None or end.tzinfo is None:
            raise ValueError("Calendar.intervals: start and end must be timezone-aware")
        u0 = (start - _EPOCH) // _dt.timedelta(seconds=1) - _PAD_S
        u1 = -((_EPOCH - end) // _dt.timedelta(seconds=1)) + _PAD_S
        if start > end:
            raise ValueError(f"Calendar.intervals: start {start} is after end {end}")
        if self.always_open:
            return IntervalTable.from_bounds(np.array([u0 * _US]), np.array([u1 * _US]))
        segments = _offset_segments(zoneinfo.ZoneInfo(self.timezone), u0, u1)
        closed = self._closed_days((u0 + segments[0][2]) // _DAY_S, (u1 + segments[-1][2]) // _DAY_S)
        starts, ends = [], []
        # Within a constant-offset segment wall time is UTC + offset, so each
        # local date's wall ranges map to UTC by subtracting the offset; the
        # clip to the segment is what makes fall-back hours count twice and
        # spring-forward gaps count zero.
        for s0, s1, off in segments:
            w0, w1 = s0 + off, s1 + off
            for day in range(w0 // _DAY_S, (w1 - 1) // _DAY_S + 1):
                if day in closed:
                    continue
                base = day * _DAY_S
                for a, b in self.weekly[(day + 3) % 7]:  # 1970-01-01 was a Thursday
                    lo, hi = max(base + a * 60, w0), min(base + b * 60, w1)
                    if lo < hi:
                        starts.append(lo - off)
                        ends.append(hi - off)
        return IntervalTable.from_bounds(
            np.array(starts, dtype=np.int64) * _US, np.array(ends, dtype=np.int64) * _US
        )


def _parse_hours_item(who: str, item: str) -> list[tuple[int, tuple[int, int]]]:
    m = _ITEM_RE.match(item)
    if not m:
        raise ValueError(f"{who}: hours item {item!r} is not of the form {_HOURS_FORM}")
    days = _parse_days(who, item, m["days"])
    start, end = (_parse_time(who, item, m[k], k) for k in ("start", "end"))
    if start == end:
        raise ValueError(f"{who}: hours item {item!r} has an empty range; use 00:00-24:00 for a whole day")
    if start < end:
        return [(d, (start, end)) for d in days]
    # Overnight: the morning part is attached to the next weekday.
    out = [(d, (start, 1440)) for d in days]
    return out + [((d + 1) % 7, (0, end)) for d in days if end > 0]


def _parse_days(who: str, item: str, text: str) -> list[int]:
    days: list[int] = []
    for part in re.sub(r"\s+", "", text).lower().split(","):
        ends = part.split("-")
        if len(ends) > 2 or not all(e in _DAYS for e in ends):
            raise ValueError(
                f"{who}: hours item {item!r} has unknown day(s) {text.strip()!r}; expected 3-letter English "
                "names like 'Mon', a range 'Mon-Fri' or a list 'Mon,Wed,Fri'"
            )
        a, b = _DAYS.index(ends[0]), _DAYS.index(ends[-1])
        days.extend((a + k) % 7 for k in range((b - a) % 7 + 1))  # ranges may wrap: 'Fri-Mon'
    return sorted(set(days))


def _parse_time(who: str, item: str, text: str, which: str) -> int:
    hh, mm = map(int, _TIME_RE.match(text).groups())
    minute = hh * 60 + mm
    if mm > 59 or minute > 1440 or (which == "start" and minute == 1440):
        raise ValueError(f"{who}: hours item {item!r} has invalid {which} time {text!r}; expected HH:MM from 00:00 to 24:00")
    return minute


def _union(ranges: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    merged: list[list[int]] = []
    for a, b in sorted(ranges):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return tuple((a, b) for a, b in merged)


def open_seconds(calendar: Calendar, starts, ends) -> np.ndarray:
    """Open (business) seconds between paired instants.

    Parameters
    ----------
    calendar : Calendar
    starts, ends : array_like
        numpy ``datetime64`` (taken as UTC), pandas Series/Index of tz-aware
        (or UTC-naive) timestamps, or int64 epoch microseconds; same shape.

    Returns
    -------
    np.ndarray
        float64 seconds in ``[start, end)``; 0 where ``end < start`` and NaN
        where either side is NaT.  One interval table is built for the
        overall min/max range, then everything is vectorised.
    """
    s, e = _to_us(starts), _to_us(ends)
    s, e = np.broadcast_arrays(s, e)
    out = np.full(s.shape, np.nan)
    valid = (s != NOT_REACHED) & (e != NOT_REACHED)
    if not valid.all():
        s, e = s[valid], e[valid]
    if s.size == 0:
        return out
    lo, hi = min(s.min(), e.min()), max(s.max(), e.max())
    table = calendar.intervals(_us_to_datetime(lo), _us_to_datetime(hi))
    secs = table.open_between(s, e) / _US
    if valid.all():
        return secs.reshape(out.shape)
    out[valid] = secs
    return out
