"""Fitting measured durations: a lognormal by maximum likelihood, or the empirical samples when it fits badly.

Plain numpy (no scipy): the lognormal's MLE is the mean and standard deviation of the logarithms, and the
Kolmogorov-Smirnov p-value uses the asymptotic Kolmogorov distribution.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

__all__ = ["Fit", "fit_duration", "ks_pvalue", "slope_test"]

KS_ALPHA = 0.01  # a fit is rejected when the KS test's p-value is below this
SAMPLES_KEPT = 100  # an empirical fallback keeps this many quantiles of the measured values
MIN_SAMPLES = 20  # fewer measured values than this: not fitted (a gap)
MAX_CV = 10.0  # a scenario's lognormal spread at most (a wider fit is a mixture: keep the samples)


@dataclass(frozen=True)
class Fit:
    """A fitted duration with its provenance.

    Attributes
    ----------
    method : str
        ``"lognormal"`` (``mean``, ``cv``), ``"samples"`` (``samples``) or ``"none"`` (too few values).
    n : int
        How many measured values support it.
    mean, cv : float
        Mean (minutes) and coefficient of variation of the values (for ``samples``: of the samples).
    samples : list of float
        Quantiles of the measured values (minutes), for ``samples``.
    source : str
        What was measured, for the scenario's comment.
    note : str
        Why this method (KS p-value).
    """

    method: str
    n: int
    mean: float = 0.0
    cv: float = 0.0
    samples: list[float] = field(default_factory=list)
    source: str = ""
    note: str = ""


def ks_pvalue(statistic: float, n: int) -> float:
    """Asymptotic p-value of a one-sample Kolmogorov-Smirnov statistic ``statistic`` of ``n`` values."""
    lam = (math.sqrt(n) + 0.12 + 0.11 / math.sqrt(n)) * statistic
    if lam < 0.2:
        return 1.0
    k = np.arange(1, 101)
    return float(min(1.0, max(0.0, 2 * np.sum((-1.0) ** (k - 1) * np.exp(-2 * k**2 * lam**2)))))


def _normal_cdf(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1 + np.vectorize(math.erf)(z / math.sqrt(2)))


def fit_duration(minutes, source: str) -> Fit:
    """Fit a lognormal to positive durations (minutes); fall back to empirical quantiles when KS rejects it.

    Parameters
    ----------
    minutes : array-like
        Measured durations in minutes; zero and negative values are kept for the samples, not the fit.
    source : str
        What was measured (for the comment).

    Returns
    -------
    Fit
    """
    x = np.asarray(minutes, dtype=float)
    x = x[np.isfinite(x)]
    n = int(x.size)
    if n == 0:
        return Fit("none", 0, source=source, note="no values")
    mean, sd = float(x.mean()), float(x.std())
    if n < MIN_SAMPLES:
        note = f"only {n} values (fewer than {MIN_SAMPLES}): kept as empirical samples, not fitted"
        return Fit(
            "samples",
            n,
            mean=mean,
            cv=sd / mean if mean > 0 else 0.0,
            samples=np.sort(x).tolist(),
            source=source,
            note=note,
        )
    pos = x[x > 0]
    if pos.size == n and n >= MIN_SAMPLES:
        logs = np.log(pos)
        mu, sigma = float(logs.mean()), float(logs.std())
        if sigma > 0:
            z = np.sort((logs - mu) / sigma)
            cdf = _normal_cdf(z)
            i = np.arange(1, n + 1)
            d = float(max(np.max(i / n - cdf), np.max(cdf - (i - 1) / n)))
            p = ks_pvalue(d, n)
            cv = math.sqrt(math.expm1(min(sigma**2, 700.0)))
            if p >= KS_ALPHA and cv <= MAX_CV:
                return Fit(
                    "lognormal",
                    n,
                    mean=math.exp(mu + sigma**2 / 2),
                    cv=cv,
                    source=source,
                    note=f"lognormal by maximum likelihood, KS p = {p:.2g}",
                )
            note = (
                f"lognormal rejected (KS p = {p:.2g}); {SAMPLES_KEPT} empirical quantiles"
                if p < KS_ALPHA
                else f"lognormal too wide (cv {cv:.3g} > {MAX_CV}); {SAMPLES_KEPT} empirical quantiles"
            )
        else:
            note = "all values equal; empirical quantiles"
    else:
        note = f"{n - pos.size} values of zero; empirical quantiles"
    q = np.quantile(x, (np.arange(SAMPLES_KEPT) + 0.5) / SAMPLES_KEPT)
    return Fit("samples", n, mean=mean, cv=sd / mean if mean > 0 else 0.0, samples=q.tolist(), source=source, note=note)


def slope_test(y) -> tuple[float, float]:
    """Least-squares slope of ``y`` over 0..n-1 and its t statistic (0, 0 with fewer than four points)."""
    y = np.asarray(y, dtype=float)
    n = y.size
    if n < 4:
        return 0.0, 0.0
    x = np.arange(n, dtype=float)
    b, a = np.polyfit(x, y, 1)
    resid = y - (a + b * x)
    s2 = float(resid @ resid) / (n - 2)
    se = math.sqrt(s2 / float(((x - x.mean()) ** 2).sum())) if s2 > 0 else 0.0
    return float(b), (float(b) / se if se > 0 else 0.0)
