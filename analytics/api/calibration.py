"""Calibration: a stored history measured into the values a scenario needs (``analytics.calibration``)."""

from __future__ import annotations

import datetime as dt

from analytics.calibration import Calibration, Fit
from analytics.calibration import calibrate as _calibrate
from analytics.sla.policy import Policy
from analytics.store.database import Store

__all__ = ["Calibration", "Fit", "calibrate"]


def calibrate(
    store: Store,
    name: str,
    policy: Policy,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    roster_given: bool = False,
) -> Calibration:
    """Measure dataset ``name`` for a scenario; see :func:`analytics.calibration.calibrate`."""
    return _calibrate(store, name, policy, date_from, date_to, roster_given)
