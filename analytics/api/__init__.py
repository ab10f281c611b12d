"""The one API every front calls (the ``sla`` command line, the dashboard, the simulation, scripts).

A store plus filters in, DataFrames out: the same question gives the same answer by the same path.
Functions open a fresh cursor per call (safe across Streamlit sessions and threads) and bind every
value as a parameter. The package only gathers; each module holds one part:

data      the store and its datasets: list, import (preview, mappings), export, rename, delete
reports   compliance, breaches, overview, resolution, escalations, tickets (over cached clock facts)
policy    the SLA policy, its tables and what-if copies, goals, settings and the shared vocabulary
errors    the errors a front shows as one line, and shown() for text from files
calibration  a history measured into a scenario's values (with provenance and gaps)
runs      a dataset looked up by name (kind, params, seed); a simulated run written as one dataset
"""

from analytics.api.calibration import *  # noqa: F403
from analytics.api.calibration import __all__ as _calibration
from analytics.api.data import *  # noqa: F403
from analytics.api.data import __all__ as _data
from analytics.api.errors import *  # noqa: F403
from analytics.api.errors import __all__ as _errors
from analytics.api.policy import *  # noqa: F403
from analytics.api.policy import __all__ as _policy
from analytics.api.reports import *  # noqa: F403
from analytics.api.reports import __all__ as _reports
from analytics.api.runs import *  # noqa: F403
from analytics.api.runs import __all__ as _runs

__all__ = [*_calibration, *_data, *_errors, *_policy, *_reports, *_runs]
