"""Read back what a simulation run stored besides its events: parameters and run statistics."""

from __future__ import annotations

import json

from analytics.store.database import Store, fetch_one


def run_params(store: Store, dataset: str) -> dict:
    """The ``params`` of a simulation dataset (scenario, seed, utilisation, waits...); ``{}`` for history."""
    row = fetch_one(store.reader(), "SELECT kind, params FROM datasets WHERE name = ?", [dataset])
    if row is None or row[0] != "simulation" or not row[1]:
        return {}
    return json.loads(row[1])
