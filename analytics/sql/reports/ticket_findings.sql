-- ticket_findings: tickets that bounced between teams (sent back to a team that already held them)
-- or skipped L1 (first taken in by a team that is not tier 1), most hand-offs first; at most $limit.
-- Grain: ticket. Inputs: ticket_facts; {where} = filter predicate (tickets scope); $finding is
-- 'bounced' or 'skipped_l1' (compared as a value, never spliced in).
SELECT ticket_id, created_at, intake_team, path, escalations, approvals, owner, is_open, breaches
FROM ticket_facts
WHERE {where} AND CASE $finding WHEN 'bounced' THEN bounced WHEN 'skipped_l1' THEN skipped_l1 ELSE false END
ORDER BY escalations DESC, created_at DESC, ticket_id
LIMIT $limit
