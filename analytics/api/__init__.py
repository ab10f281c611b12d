"""The one API every front calls (the ``sla`` command line, the dashboard, the simulation, scripts).

A store plus filters in, DataFrames out: the same question gives the same answer by the same path.
The package only gathers; each module holds one part:

reports   compliance, breaches, overview, resolution, escalations, tickets (over cached clock facts)
errors    the errors a front shows as one line
runs      a dataset looked up by name (kind, params, seed); a simulated run written as one dataset
"""

from analytics.api.errors import *  # noqa: F403
from analytics.api.errors import __all__ as _errors
from analytics.api.reports import *  # noqa: F403
from analytics.api.reports import __all__ as _reports
from analytics.api.runs import *  # noqa: F403
from analytics.api.runs import __all__ as _runs

__all__ = [*_errors, *_reports, *_runs]
