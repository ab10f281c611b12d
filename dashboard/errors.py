"""Problems shown as messages on the page, never as an exception box or a traceback.

The same errors the ``sla`` command line reports in one line (a bad policy file, a missing or locked
database, an unknown or empty dataset, a bad as-of time) are expected here too; their messages
already say what to do.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import streamlit as st

from analytics import api
from dashboard.access import EditingRefused
from dashboard.markup import plain
from dashboard.selection import Message

__all__ = ["error_message", "show_messages", "shown_as_error"]


def error_message(exc: BaseException) -> str:
    """One readable line for an error, as the command line would print it, shown literally in Markdown.

    Messages name files, datasets and values from outside, so they are passed through :func:`plain`.
    """
    if isinstance(exc, (*api.EXPECTED_ERRORS, EditingRefused)):
        return plain(exc)
    return (
        f"Unexpected error ({type(exc).__name__}): {plain(exc)}. "
        "Restart the dashboard with SLA_DEBUG=1 to see the details."
    )


@contextlib.contextmanager
def shown_as_error() -> Iterator[None]:
    """Run a block; on an error show it with ``st.error`` and stop the page there.

    Streamlit's own control flow (``st.stop``, reruns, page switches) derives from BaseException,
    not Exception, so it passes through untouched. With ``SLA_DEBUG`` set the error is re-raised
    so developers get the traceback.
    """
    try:
        yield
    except Exception as exc:
        if api.debug_enabled():
            raise
        st.error(error_message(exc))
        st.stop()


def show_messages(messages: tuple[Message, ...]) -> None:
    """Draw messages with the Streamlit element of their level (Markdown: outside text in them is
    already passed through :func:`dashboard.markup.plain`)."""
    draw = {"info": st.info, "warning": st.warning, "error": st.error}
    for m in messages:
        draw.get(m.level, st.info)(m.text)
