"""Calibration: a stored history measured into the values a scenario needs (``analytics.calibration``)."""

from __future__ import annotations

from analytics.calibration import Calibration, Fit, calibrate

__all__ = ["Calibration", "Fit", "calibrate"]
