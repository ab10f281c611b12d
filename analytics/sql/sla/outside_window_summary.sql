-- outside_window_summary: how many tickets the clock engine leaves out, and the first of them.
-- Grain: one row (count 0 and NULLs when none). Inputs: outside_window.
SELECT count(*), arg_min(shown_id, ticket_id), arg_min(instant, ticket_id)
FROM outside_window
