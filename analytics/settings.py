"""The product's settings, read from the environment in this one place.

Every front (command line, dashboard, simulation, benchmarks) asks :func:`settings` instead of
reading ``os.environ`` itself, so a variable has one name, one default and one error message. The
environment is read on every call: tests and ``sla dashboard --db`` set variables at run time.

===============================  ============================================  ============================
The default policy and scenario ship inside the packages (``analytics/defaults/policy.toml``,
``simulation/defaults/scenario.toml``), so an installed ``sla`` runs without this source tree;
``sample_data/`` links to them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = ["DEFAULT_DB", "DEFAULT_GOAL_PCT", "DEFAULT_POLICY", "Settings", "debug_enabled", "settings"]

DEFAULT_DB = Path("data") / "sla.duckdb"
DEFAULT_POLICY = Path(__file__).resolve().parent / "defaults" / "policy.toml"
DEFAULT_GOAL_PCT = 95.0
DEFAULT_FACT_CACHE_ENTRIES = 6


@dataclass(frozen=True)
class Settings:
    """The settings in force (see the module's table), each read from ``env`` when asked for.

    A variable is checked only where it is used, so a bad ``SLA_COMPLIANCE_GOAL`` fails the page
    that colours KPIs (with its message), not every command that opens the database.
    """

    env: Mapping[str, str]

    @property
    def db(self) -> Path:
        return Path(self.env.get("SLA_DB") or DEFAULT_DB)

    @property
    def policy(self) -> Path:
        return Path(self.env.get("SLA_POLICY") or DEFAULT_POLICY)

    @property
    def scenario(self) -> Path | None:
        """``None``: the simulation's packaged default scenario."""
        return Path(self.env["SLA_SCENARIO"]) if self.env.get("SLA_SCENARIO") else None

    @property
    def compliance_goal_pct(self) -> float:
        return _goal(self.env.get("SLA_COMPLIANCE_GOAL"))

    @property
    def fact_cache_entries(self) -> int:
        return _entries(self.env.get("SLA_FACT_CACHE_ENTRIES"))

    @property
    def earliest(self) -> str | None:
        """Raw text; :func:`analytics.instants.instant_window` reads it (a year or a date)."""
        return self.env.get("SLA_EARLIEST") or None

    @property
    def latest(self) -> str | None:
        """Raw text; :func:`analytics.instants.instant_window` reads it (a year or a date)."""
        return self.env.get("SLA_LATEST") or None

    @property
    def debug(self) -> bool:
        return bool(self.env.get("SLA_DEBUG"))

    @property
    def read_only(self) -> bool:
        """The dashboard serves viewers only: no one can unlock editing."""
        return _switch("SLA_READ_ONLY", self.env.get("SLA_READ_ONLY"))

    @property
    def editor_secret_hash(self) -> str | None:
        """The hash line of the dashboard's editor secret (``sla editor-secret`` prints one), or None.

        Read from ``SLA_EDITOR_SECRET_HASH`` or from the file ``SLA_EDITOR_SECRET_HASH_FILE`` names
        (for secret stores that mount files); setting both is an error. The line's form is checked by
        the dashboard, which knows the hash.
        """
        line, file = self.env.get("SLA_EDITOR_SECRET_HASH", "").strip(), self.env.get("SLA_EDITOR_SECRET_HASH_FILE")
        if line and file:
            raise ValueError("SLA_EDITOR_SECRET_HASH and SLA_EDITOR_SECRET_HASH_FILE are both set; keep one of them")
        if file:
            try:
                line = Path(file).read_text(encoding="utf-8").strip()
            except (OSError, UnicodeDecodeError) as exc:
                raise ValueError(f"SLA_EDITOR_SECRET_HASH_FILE={file!r} cannot be read: {exc}") from None
            if not line:
                raise ValueError(f"SLA_EDITOR_SECRET_HASH_FILE={file!r} is empty; write sla editor-secret's line in it")
        return line or None


def _goal(raw: str | None) -> float:
    if not raw:
        return DEFAULT_GOAL_PCT
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"SLA_COMPLIANCE_GOAL={raw!r} is not a number; use a percentage such as 95") from None
    if not 0 < value <= 100:
        raise ValueError(f"SLA_COMPLIANCE_GOAL={raw!r} must be between 0 and 100")
    return value


_ON, _OFF = ("1", "true", "yes", "on"), ("", "0", "false", "no", "off")


def _switch(variable: str, raw: str | None) -> bool:
    value = (raw or "").strip().lower()
    if value not in _ON + _OFF:
        raise ValueError(f"{variable}={raw!r} is neither on nor off; use 1 or 0")
    return value in _ON


def _entries(raw: str | None) -> int:
    if not raw:
        return DEFAULT_FACT_CACHE_ENTRIES
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"SLA_FACT_CACHE_ENTRIES={raw!r} is not a whole number; use for example 6") from None
    if value < 1:
        raise ValueError(f"SLA_FACT_CACHE_ENTRIES={raw!r} must be at least 1")
    return value


def debug_enabled() -> bool:
    """``SLA_DEBUG`` is set: show the traceback behind a one-line error (read alone, so that a bad
    value of another variable cannot hide it)."""
    return bool(os.environ.get("SLA_DEBUG"))


def settings() -> Settings:
    """The settings from the environment now (a property raises ``ValueError`` naming a bad variable)."""
    return Settings(dict(os.environ))
