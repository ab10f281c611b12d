-- day_span: first and last day (reporting timezone) with a ticket, for periods without an explicit range.
-- Grain: one row. Inputs: ticket_facts.
SELECT min(created_day) AS first_day, max(created_day) AS last_day FROM ticket_facts
