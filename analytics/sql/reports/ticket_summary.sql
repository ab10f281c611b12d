-- ticket_summary: one ticket's facts (status, times, counts) for the head of its timeline.
-- Grain: one row, or none. Inputs: ticket_facts; parameter $ticket.
SELECT *
FROM ticket_facts
WHERE ticket_id = $ticket
