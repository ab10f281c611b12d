"""Who may change data: viewers look, editors import, rename, delete and run simulations.

How a server decides (:func:`server_access`), first match wins:

``read-only``
    ``sla dashboard --read-only`` (``SLA_READ_ONLY``): everyone is a viewer; no unlock.
``misconfigured``
    the editor secret's hash is set but unusable: everyone is a viewer, and the sidebar says why.
``secret``
    an editor secret's hash is set (``SLA_EDITOR_SECRET_HASH``): everyone starts as a viewer and a
    browser session becomes editor by typing the secret in the sidebar, until it locks again.
``local``
    no secret, and Streamlit listens on a loopback address only (``sla dashboard``'s default): the
    dashboard is a personal tool on this machine, so its user is editor.
``closed``
    no secret, and it listens beyond this machine (``--address 0.0.0.0``, or ``streamlit run`` with
    no address, which listens everywhere): everyone is a viewer; the sidebar says how to set a secret.

The role is checked where data changes, by :func:`require_editor` in :mod:`dashboard.actions`, not
only by hiding buttons: a message from a browser can still press a hidden or disabled one.
"""

from __future__ import annotations

import ipaddress
import logging
from dataclasses import dataclass

import streamlit as st

from analytics import api
from dashboard.editor_secret import THROTTLE, SecretHash
from dashboard.markup import code, plain

__all__ = [
    "EditingRefused",
    "ServerAccess",
    "draw_role",
    "editing_note",
    "is_editor",
    "lock",
    "require_editor",
    "server_access",
    "unlock",
]

_GRANT_KEY = "_sla_editor_grant"
_log = logging.getLogger(__name__)


class EditingRefused(PermissionError):
    """A change asked for by a session without the editor role (the message says how to get it)."""


@dataclass(frozen=True)
class _Grant:
    """Kept in a session's state once it typed the secret; bound to the hash line it matched.

    An object, not a flag: no widget value sent by a browser can be one.
    """

    line: str


@dataclass(frozen=True)
class ServerAccess:
    """What this server allows: ``mode`` (see the module), the secret's hash, the address it listens on."""

    mode: str
    secret: SecretHash | None = None
    address: str = ""
    problem: str = ""


def _listen_address() -> str:
    return str(st.get_option("server.address") or "")


def _loopback(address: str) -> bool:
    if address.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False  # no address (every interface) or a host name


def server_access() -> ServerAccess:
    """How this server decides roles, from the settings and the address Streamlit listens on."""
    address = _listen_address()
    try:
        if api.settings().read_only:
            return ServerAccess("read-only", address=address)
        line = api.settings().editor_secret_hash
        if line:
            return ServerAccess("secret", SecretHash.parse(line), address=address)
    except ValueError as exc:
        return ServerAccess("misconfigured", address=address, problem=str(exc))
    return ServerAccess("local" if _loopback(address) else "closed", address=address)


def is_editor() -> bool:
    """True when this browser session may change data."""
    access = server_access()
    if access.mode == "local":
        return True
    if access.mode != "secret":
        return False
    grant = st.session_state.get(_GRANT_KEY)
    return isinstance(grant, _Grant) and grant.line == access.secret.line


def _how_to_edit(access: ServerAccess) -> str:
    return {
        "secret": "unlock editing in the sidebar with the editor secret",
        "read-only": "this dashboard was started read-only (sla dashboard --read-only)",
        "closed": "no editor secret is set for a dashboard reachable from other machines (see the sidebar)",
        "misconfigured": "the editor secret setting cannot be used (see the sidebar)",
    }.get(access.mode, "")


def require_editor(action: str) -> None:
    """Raise :class:`EditingRefused` unless this session is editor; call it right before a change.

    Parameters
    ----------
    action : str
        What is refused, as the start of a sentence: ``"Deleting a dataset"``.
    """
    if not is_editor():
        raise EditingRefused(f"{action} needs the editor role: {_how_to_edit(server_access())}.")


def editing_note(action: str) -> str | None:
    """Why a viewer sees ``action``'s controls disabled (Markdown), or None for an editor."""
    return None if is_editor() else f"{action} needs the editor role: {_how_to_edit(server_access())}."


def unlock(secret: str) -> str | None:
    """Try ``secret`` for this session; None when it unlocked, else what to tell the reader."""
    access = server_access()
    if access.mode != "secret":
        return "Editing cannot be unlocked on this dashboard."
    if not secret:
        return "Type the editor secret first."
    outcome = THROTTLE.attempt(lambda: access.secret.matches(secret))
    if outcome.granted:
        st.session_state[_GRANT_KEY] = _Grant(access.secret.line)
        return None
    if not outcome.checked:
        return f"Too many wrong secrets: the next try is heard in {outcome.retry_in:.0f} s."
    _log.warning("a wrong editor secret was typed; next try heard in %.0f s", outcome.retry_in)
    wait = f" The next try is heard in {outcome.retry_in:.0f} s." if outcome.retry_in else ""
    return "That is not the editor secret." + wait


def lock() -> None:
    """Back to viewer for this session."""
    st.session_state.pop(_GRANT_KEY, None)


def draw_role() -> None:
    """The sidebar's access box: the current role, and the unlock form or the Lock button.

    Drawn first in the sidebar, so that an unlock takes effect on the page drawn in the same run.
    """
    access = server_access()
    status, form_area = st.container(), st.container()
    problem = None
    if access.mode == "secret" and not is_editor():
        with form_area.expander("Unlock editing"), st.form("unlock", clear_on_submit=True, border=False):
            st.caption("Importing, renaming, deleting and simulating need the editor secret.")
            secret = st.text_input("Editor secret", type="password", key="unlock_secret", autocomplete="off")
            if st.form_submit_button("Unlock", key="unlock_editing"):
                problem = unlock(secret)
                if problem is None:
                    st.rerun()  # draw the sidebar again, with the Lock button instead of the form
    editor = is_editor()
    status.markdown(f"**Role:** {'editor' if editor else 'viewer'}")
    if problem:
        status.error(problem)
    if access.mode == "local":
        status.caption(
            f"Listening on {code(access.address)} only, without an editor secret: whoever opens the dashboard "
            "on this machine may change data."
        )
    elif access.mode == "secret" and editor:
        status.caption("Unlocked in this browser tab until you lock it; reloading the page locks it.")
        form_area.button("Lock", key="lock_editing", on_click=lock)
    elif access.mode == "read-only":
        status.caption("This dashboard is read-only (started with `--read-only`): nothing can be changed here.")
    elif access.mode == "closed":
        status.caption(
            f"Editing is off: the dashboard listens on {code(access.address or 'every address')}, beyond this "
            "machine, and no editor secret is set. To allow editing, make a secret's hash with "
            "`sla editor-secret` and restart with `SLA_EDITOR_SECRET_HASH` set to it (see the README)."
        )
    elif access.mode == "misconfigured":
        status.error(f"Editing is off: {plain(access.problem)}")
