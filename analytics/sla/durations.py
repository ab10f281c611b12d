"""Parse and format durations: policy targets ("2min", "1h 30min") and readable output ("1 h 25 min")."""

from __future__ import annotations

import math
import re

__all__ = ["MAX_TARGET_DAYS", "format_duration", "parse_duration", "parse_target"]

#: The longest SLA target: ten years. Longer ones mean nothing for a helpdesk, and a target is added
#: to instants in microseconds (a 64-bit count), which 99999999999999999999 days would overflow.
MAX_TARGET_DAYS = 3650

_UNITS = {
    "s": 1,
    "sec": 1,
    "secs": 1,
    "second": 1,
    "seconds": 1,
    "m": 60,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
    "h": 3600,
    "hr": 3600,
    "hrs": 3600,
    "hour": 3600,
    "hours": 3600,
    "d": 86400,
    "day": 86400,
    "days": 86400,
    "w": 604800,
    "week": 604800,
    "weeks": 604800,
}
_PART = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*")


def parse_duration(value: object, *, what: str = "duration") -> float:
    """Return seconds for a duration such as ``"10min"``, ``"1h 30min"``, ``"24 h"`` or a number of seconds.

    Raises
    ------
    ValueError
        With a message naming ``what`` and the accepted forms.
    """
    if isinstance(value, bool):
        raise ValueError(f"{what}: {value!r} is not a duration (use e.g. '10min', '2h', '1h 30min')")
    if isinstance(value, (int, float)):
        seconds = float(value)
    elif isinstance(value, str):
        text = value.strip()
        pos, seconds = 0, 0.0
        if not text:
            raise ValueError(f"{what}: empty duration (use e.g. '10min', '2h', '1h 30min')")
        while pos < len(text):
            m = _PART.match(text, pos)
            if not m or m.group(2).lower() not in _UNITS:
                raise ValueError(
                    f"{what}: {value!r} is not a duration (use e.g. '90s', '10min', '2h', '1h 30min', '1d')"
                )
            seconds += float(m.group(1)) * _UNITS[m.group(2).lower()]
            pos = m.end()
    else:
        raise ValueError(f"{what}: {value!r} is not a duration (use e.g. '10min', '2h', '1h 30min')")
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"{what}: {value!r} must be zero or positive")
    return seconds


def parse_target(value: object, *, what: str = "target") -> float:
    """Seconds of an SLA target: a duration (:func:`parse_duration`) of at most :data:`MAX_TARGET_DAYS` days.

    Raises
    ------
    ValueError
        Not a duration, or longer than the limit; the message names ``what`` and the limit.
    """
    seconds = parse_duration(value, what=what)
    if seconds > MAX_TARGET_DAYS * 86400:
        raise ValueError(
            f"{what}: {value!r} is longer than {MAX_TARGET_DAYS} days; targets must be at most "
            f"{MAX_TARGET_DAYS}d (ten years), e.g. '24h' or '30d'"
        )
    return seconds


def format_duration(seconds: float | None) -> str:
    """Readable duration: ``"45 s"``, ``"12 min"``, ``"1 h 25 min"``, ``"2 d 3 h"``; ``""`` for missing."""
    if seconds is None or (isinstance(seconds, float) and math.isnan(seconds)):
        return ""
    sign = "-" if seconds < 0 else ""
    s = int(round(abs(seconds)))  # noqa: RUF046 - a numpy float rounds to a numpy float
    if s < 60:
        return f"{sign}{s} s"
    minutes, s = divmod(s, 60)
    if minutes < 60:
        return f"{sign}{minutes} min" + (f" {s} s" if s and minutes < 10 else "")
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{sign}{hours} h" + (f" {minutes} min" if minutes else "")
    days, hours = divmod(hours, 24)
    return f"{sign}{days} d" + (f" {hours} h" if hours else "")
