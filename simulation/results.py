"""Read back what a simulation run stored besides its events: parameters and run statistics."""

from __future__ import annotations

from typing import TYPE_CHECKING

from analytics import api

__all__ = ["run_params"]

if TYPE_CHECKING:
    from analytics.api.runs import Store


def run_params(store: Store, dataset: str) -> dict:
    """The ``params`` of a simulation dataset (scenario, seed, utilisation, waits...).

    Parameters
    ----------
    store : Store
    dataset : str
        Dataset name.

    Returns
    -------
    dict
        ``{}`` for a history dataset, an unknown name or a run without parameters.
    """
    info = api.dataset_info(store, dataset)
    if info is None or info.kind != "simulation":
        return {}
    return info.params
