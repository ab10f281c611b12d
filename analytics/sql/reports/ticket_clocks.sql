-- ticket_clocks: every clock of one ticket, in metric and cycle order, for its timeline.
-- Grain: clock. Inputs: clock_facts; $ticket.
SELECT ticket_id, metric, cycle, team, calendar, started_at, stopped_at, target_seconds, elapsed_seconds,
       wall_seconds, status, breached_at, note, due_at
FROM clock_facts
WHERE ticket_id = $ticket
ORDER BY started_at, metric, cycle
