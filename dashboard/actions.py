"""Every change the dashboard makes to stored data or files, each checked for the editor role first.

Pages and tabs call these, never the writing functions of ``analytics.api``, ``simulation.api`` or
:mod:`dashboard.uploads` themselves (``tests/test_habits.py`` checks it), so the role is checked at
the place of the change: a browser that presses a control a viewer does not see, or sees disabled,
gets :class:`dashboard.access.EditingRefused` and nothing changes.

The policy's what-if on the Data page changes nothing (it recomputes in memory for one session), so
it is open to viewers; the policy in force is a file chosen when the dashboard starts.
"""

from __future__ import annotations

from pathlib import Path

from analytics import api
from dashboard import uploads
from dashboard.access import require_editor
from simulation import api as simulation_api

__all__ = ["delete_dataset", "import_file", "rename_dataset", "save_mapping", "save_upload", "simulate"]


def rename_dataset(store: api.Store, old: str, new: str) -> None:
    """:func:`analytics.api.rename_dataset`, for editors only."""
    require_editor("Renaming a dataset")
    api.rename_dataset(store, old, new)


def delete_dataset(store: api.Store, name: str) -> None:
    """:func:`analytics.api.delete_dataset`, for editors only."""
    require_editor("Deleting a dataset")
    api.delete_dataset(store, name)


def save_upload(folder: Path, name: str, data: bytes) -> Path:
    """:func:`dashboard.uploads.save_upload` (the first step of an import), for editors only."""
    require_editor("Importing a file")
    return uploads.save_upload(folder, name, data)


def save_mapping(folder: Path, name: str, text: str) -> Path:
    """:func:`dashboard.uploads.save_mapping`, for editors only."""
    require_editor("Importing a file")
    return uploads.save_mapping(folder, name, text)


def import_file(store: api.Store, path: Path, **options) -> api.ImportResult:
    """:func:`analytics.api.import_file` with the same options, for editors only."""
    require_editor("Importing a file")
    return api.import_file(store, path, **options)


def simulate(store: api.Store, scenario, policy: api.Policy, **options):
    """:func:`simulation.api.simulate` (writes a dataset) with the same options, for editors only."""
    require_editor("Running a simulation")
    return simulation_api.simulate(store, scenario, policy, **options)
