-- backlog: tickets still open at the as-of instant (a resolution cycle still running), with the
-- age of the oldest. Grain: one row. Inputs: ticket_facts; {where} = filter predicate (tickets
-- scope, without dates: the backlog is what is open now, whenever it came in); $as_of.
SELECT count(*) FILTER (WHERE is_open) AS open_tickets,
       max(epoch($as_of::TIMESTAMPTZ) - epoch(created_at)) FILTER (WHERE is_open) AS oldest_open_seconds
FROM ticket_facts
WHERE {where}
