-- finding_counts: how many of the filtered tickets were escalated, bounced or skipped L1.
-- Grain: one row. Inputs: ticket_facts; {where} = filter predicate (tickets scope).
SELECT count(*) AS tickets,
       count(*) FILTER (WHERE escalations > 0) AS escalated,
       count(*) FILTER (WHERE bounced)         AS bounced,
       count(*) FILTER (WHERE skipped_l1)      AS skipped_l1
FROM ticket_facts
WHERE {where}
