"""Distributions of work times and delays, declared in scenario files and sampled with a Generator.

Forms accepted in a scenario (all durations as in the policy: ``"90s"``, ``"12min"``, ``"1h 30min"``):

- ``"10min"`` -- always this long;
- ``{mean = "12min", cv = 0.6}`` -- lognormal with this mean and coefficient of variation (spread);
- ``{mean = "12min", dist = "exponential"}``;
- ``{samples = ["4min", "9min", "25min"]}`` -- empirical: one of the samples, equally likely.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from analytics.sla.durations import parse_duration

__all__ = ["Dist", "fixed", "parse_dist"]

_DISTS = ("lognormal", "exponential", "fixed", "empirical")
_FORM = (
    'a duration like "10min", a table {mean = "12min", cv = 0.6} (lognormal), '
    '{mean = "12min", dist = "exponential"} or {samples = ["4min", "9min"]}'
)


@dataclass(frozen=True)
class Dist:
    """A non-negative random duration in minutes."""

    kind: str
    mean: float = 0.0  # minutes
    cv: float = 0.0
    samples: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        # Lognormal parameters once, not per draw.
        if self.kind == "lognormal" and self.cv > 0:
            s2 = math.log1p(self.cv**2)
            object.__setattr__(self, "_mu", math.log(self.mean) - s2 / 2)
            object.__setattr__(self, "_sigma", math.sqrt(s2))

    @property
    def expected(self) -> float:
        """Mean in minutes."""
        return float(np.mean(self.samples)) if self.kind == "empirical" else self.mean

    def sample(self, rng: np.random.Generator) -> float:
        """One draw, in minutes."""
        k = self.kind
        if k == "exponential":
            return rng.exponential(self.mean)
        if k == "lognormal" and self.cv > 0:
            return rng.lognormal(self._mu, self._sigma)
        if k == "empirical":
            return self.samples[int(rng.integers(len(self.samples)))]
        return self.mean

    def sampler(self, rng: np.random.Generator):
        """A function of no arguments drawing like ``sample(rng)`` (same draws), for hot loops."""
        k = self.kind
        if k == "exponential":
            return functools.partial(rng.exponential, self.mean)
        if k == "lognormal" and self.cv > 0:
            return functools.partial(rng.lognormal, self._mu, self._sigma)
        return functools.partial(self.sample, rng)

    def sample_n(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` draws at once, in minutes."""
        k = self.kind
        if k == "exponential":
            return rng.exponential(self.mean, n)
        if k == "lognormal" and self.cv > 0:
            return rng.lognormal(self._mu, self._sigma, n)
        if k == "empirical":
            return np.asarray(self.samples)[rng.integers(len(self.samples), size=n)]
        return np.full(n, self.mean)

    def scaled(self, factor: float) -> Dist:
        """The same shape with every duration multiplied by ``factor``."""
        if factor == 1.0:
            return self
        return Dist(self.kind, self.mean * factor, self.cv, tuple(s * factor for s in self.samples))


def fixed(minutes: float) -> Dist:
    return Dist("fixed", float(minutes))


def parse_dist(value: object, where: str) -> Dist:
    """A :class:`Dist` from a scenario value; ``ValueError`` naming ``where`` and the accepted forms."""

    def minutes(v, what):
        try:
            return parse_duration(v, what=f"{where}{what}") / 60.0
        except ValueError as exc:
            raise ValueError(str(exc)) from None

    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return fixed(minutes(value, ""))
    if not isinstance(value, dict):
        raise ValueError(f"{where}: {value!r} is not a distribution; write {_FORM}")
    unknown = set(value) - {"mean", "cv", "dist", "samples"}
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: mean, cv, dist, samples")
    if "samples" in value:
        raw = value["samples"]
        if not isinstance(raw, list) or not raw:
            raise ValueError(f'{where}.samples: give a non-empty list of durations, e.g. ["4min", "9min"]')
        return Dist("empirical", samples=tuple(minutes(v, f".samples[{i}]") for i, v in enumerate(raw, 1)))
    if "mean" not in value:
        raise ValueError(f"{where}: missing 'mean' (e.g. {{mean = \"12min\", cv = 0.6}})")
    mean = minutes(value["mean"], ".mean")
    kind = value.get("dist", "lognormal")
    if kind not in ("lognormal", "exponential", "fixed"):
        raise ValueError(f"{where}.dist: {kind!r} is not one of lognormal, exponential, fixed")
    cv = value.get("cv", 0.5 if kind == "lognormal" else 0.0)
    if isinstance(cv, bool) or not isinstance(cv, (int, float)) or not 0 <= cv <= 10:
        raise ValueError(f"{where}.cv: {cv!r} must be a number from 0 (no spread) to 10; 0.5 is a typical spread")
    if kind == "lognormal" and mean <= 0:
        raise ValueError(f'{where}.mean: a lognormal needs a mean above zero; use "0s" alone for no delay')
    return Dist(kind, mean, float(cv) if kind == "lognormal" else 0.0)
