"""Calibration: a stored history measured into the values a scenario needs, each with its provenance.

``calibrate`` returns a :class:`Calibration` of plain values (rates, shares, :class:`Fit` durations,
headcount grids) and the gaps the data cannot support; the simulation turns it into scenario text.
All measuring is SQL in ``analytics/sql/calibration/``.
"""

from analytics.calibration.fit import Fit
from analytics.calibration.measure import Calibration, calibrate

__all__ = ["Calibration", "Fit", "calibrate"]
