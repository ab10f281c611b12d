"""The editor secret: its stored hash, checking a guess in constant time, and the brake on wrong guesses.

The server keeps only a hash line, made by ``sla editor-secret``::

    scrypt:16384:8:1:<salt>:<hash>

(scrypt's cost ``n``, block size ``r`` and parallelism ``p``, then the salt and the derived key, both
URL-safe base64 without padding: no character a shell or a ``.env`` file treats specially). A guess
is hashed the same way and compared with :func:`hmac.compare_digest`.

Wrong guesses are braked per server, not per browser session (a new session is one page load away):
after :data:`FREE_ATTEMPTS` wrong guesses each further one doubles the wait, up to
:data:`MAX_WAIT_SECONDS`; a right guess or an hour without wrong ones forgives them. Pure Python, no
Streamlit, so the command line can make hash lines without starting the dashboard.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "FREE_ATTEMPTS",
    "MAX_WAIT_SECONDS",
    "MIN_SECRET_LENGTH",
    "THROTTLE",
    "Attempt",
    "SecretHash",
    "Throttle",
    "hash_secret",
]

MIN_SECRET_LENGTH = 12
FREE_ATTEMPTS = 3
FIRST_WAIT_SECONDS = 2.0
MAX_WAIT_SECONDS = 300.0
FORGIVE_AFTER_SECONDS = 3600.0
_SCHEME = "scrypt"
_N, _R, _P = 2**14, 8, 1  # about 16 MiB and 50 ms per guess
_SALT_BYTES, _KEY_BYTES = 16, 32
_MAXMEM = 2**27
_HOW = "make one with: sla editor-secret"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True, repr=False)
class SecretHash:
    """A parsed hash line (``repr`` hides the salt and key, so a log never shows them)."""

    line: str
    n: int
    r: int
    p: int
    salt: bytes
    key: bytes

    def __repr__(self) -> str:
        return f"SecretHash(scrypt n={self.n} r={self.r} p={self.p})"

    @classmethod
    def parse(cls, line: str) -> SecretHash:
        """Read a hash line; ``ValueError`` says what is wrong with it and how to make a good one."""
        parts = line.strip().split(":")
        if len(parts) != 6 or parts[0] != _SCHEME:
            raise ValueError(f"the editor secret hash is not a line of the form scrypt:N:r:p:salt:hash; {_HOW}")
        try:
            n, r, p = (int(x) for x in parts[1:4])
            salt, key = _unb64(parts[4]), _unb64(parts[5])
        except ValueError:  # binascii.Error is a ValueError
            raise ValueError(f"the editor secret hash has a part that is not a number or base64; {_HOW}") from None
        if n < 2**10 or n > 2**16 or n & (n - 1) or not 1 <= r <= 32 or not 1 <= p <= 16:
            raise ValueError(f"the editor secret hash has scrypt costs out of range (n={n}, r={r}, p={p}); {_HOW}")
        if len(salt) < _SALT_BYTES or not 16 <= len(key) <= 64:
            raise ValueError(f"the editor secret hash has too short a salt or key; {_HOW}")
        return cls(line.strip(), n, r, p, salt, key)

    def matches(self, secret: str) -> bool:
        """True when ``secret`` is the one this line was made from (compared in constant time)."""
        guess = hashlib.scrypt(
            secret.encode("utf-8"), salt=self.salt, n=self.n, r=self.r, p=self.p, maxmem=_MAXMEM, dklen=len(self.key)
        )
        return hmac.compare_digest(guess, self.key)


def hash_secret(secret: str, *, salt: bytes | None = None) -> str:
    """The hash line of an editor secret, with a fresh random salt unless one is given.

    Parameters
    ----------
    secret : str
        The secret editors will type; at least :data:`MIN_SECRET_LENGTH` characters.
    salt : bytes, optional
        For tests only: a fixed salt makes a fixed line.

    Returns
    -------
    str
        ``scrypt:N:r:p:salt:hash``, the value of ``SLA_EDITOR_SECRET_HASH``.
    """
    if len(secret) < MIN_SECRET_LENGTH:
        raise ValueError(f"the secret has {len(secret)} characters; use at least {MIN_SECRET_LENGTH}, e.g. a few words")
    salt = os.urandom(_SALT_BYTES) if salt is None else salt
    key = hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, maxmem=_MAXMEM, dklen=_KEY_BYTES)
    return f"{_SCHEME}:{_N}:{_R}:{_P}:{_b64(salt)}:{_b64(key)}"


@dataclass(frozen=True)
class Attempt:
    """The outcome of one unlock attempt.

    Attributes
    ----------
    granted : the secret was right
    retry_in : seconds before the next guess is heard (0: at once); when positive and ``granted`` is
        False because of it, this guess was not even checked
    checked : the guess was compared with the secret (False: refused for waiting)
    """

    granted: bool
    retry_in: float
    checked: bool


class Throttle:
    """Wrong guesses of the whole server: a few are free, then each doubles the wait before the next.

    Thread-safe: Streamlit runs every session's script in its own thread. A guess is checked while
    the lock is held, so guesses from many sessions are checked one at a time.
    """

    def __init__(
        self,
        free_attempts: int = FREE_ATTEMPTS,
        first_wait: float = FIRST_WAIT_SECONDS,
        max_wait: float = MAX_WAIT_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.free_attempts, self.first_wait, self.max_wait, self.clock = free_attempts, first_wait, max_wait, clock
        self._lock = threading.Lock()
        self._failures = 0
        self._last_failure = float("-inf")
        self._next_allowed = float("-inf")

    def retry_in(self) -> float:
        """Seconds before a guess is heard again (0: now)."""
        with self._lock:
            return max(0.0, self._next_allowed - self.clock())

    def attempt(self, check: Callable[[], bool]) -> Attempt:
        """Run ``check`` (is the guess right?) unless the server is waiting; record the outcome."""
        with self._lock:
            now = self.clock()
            if now < self._next_allowed:
                return Attempt(False, self._next_allowed - now, checked=False)
            if now - self._last_failure > FORGIVE_AFTER_SECONDS:
                self._failures = 0
            if check():
                self._failures, self._next_allowed = 0, float("-inf")
                return Attempt(True, 0.0, checked=True)
            self._failures += 1
            self._last_failure = now
            beyond = self._failures - self.free_attempts
            if beyond >= 0:
                self._next_allowed = now + min(self.max_wait, self.first_wait * 2**beyond)
            return Attempt(False, max(0.0, self._next_allowed - now), checked=True)

    def reset(self) -> None:
        """Forget every wrong guess (tests; a restart does the same)."""
        with self._lock:
            self._failures, self._last_failure, self._next_allowed = 0, float("-inf"), float("-inf")


THROTTLE = Throttle()
"""The server's one throttle, shared by every session of this process."""
