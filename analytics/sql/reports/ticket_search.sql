-- ticket_search: tickets matching the filters, a ticket-id search text and a status, newest first;
-- at most $limit. Grain: ticket. Inputs: ticket_facts; {where} = filter predicate (tickets scope);
-- $pattern = ILIKE pattern with the user's text escaped (\ is the escape character);
-- $status = 'any' | 'open' | 'resolved' | 'breached'.
SELECT ticket_id, created_at, channel, category, complexity, intake_team, owner, is_open, breaches,
       breached_metrics, escalations, path, events
FROM ticket_facts
WHERE {where}
  AND ticket_id ILIKE $pattern ESCAPE '\'
  AND CASE $status WHEN 'open' THEN is_open WHEN 'resolved' THEN NOT is_open
                   WHEN 'breached' THEN breaches > 0 ELSE true END
ORDER BY created_at DESC, ticket_id
LIMIT $limit
