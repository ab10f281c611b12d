-- clock_spans: every clock of every metric with its target, calendar and pause rule resolved from
-- the policy. Grain: (ticket, metric, cycle). Inputs: spans_* , ticket_facts, policy_targets,
-- policy_metrics, policy_teams (registered from the policy file); parameter $as_of.
-- end_at is where measuring stops: the stop event, or the as-of instant for a running clock.
-- Custom requests whose target is their estimate get target = due_at - started_at (the estimate as a
-- duration; customer-wait pauses are excluded from elapsed time as for every pausable clock).
CREATE OR REPLACE TEMP TABLE clock_spans AS
WITH spans AS (
    SELECT * FROM spans_acknowledgement
    UNION ALL SELECT * FROM spans_first_response
    UNION ALL SELECT * FROM spans_status_update
    UNION ALL SELECT * FROM spans_escalation_notice
    UNION ALL SELECT * FROM spans_handoff_pickup
    UNION ALL SELECT * FROM spans_resolution
)
SELECT
    s.ticket_id, s.metric, s.cycle, s.team,
    f.channel, f.complexity,
    s.started_at, s.stopped_at,
    coalesce(s.stopped_at, $as_of) AS end_at,
    s.due_at,
    CASE WHEN NOT t.use_estimate THEN t.target_seconds
         WHEN s.due_at IS NOT NULL THEN greatest(0, epoch(s.due_at) - epoch(s.started_at)) END AS target_seconds,
    t.use_estimate,
    CASE m.calendar_mode
        WHEN '24/7' THEN '24/7'
        WHEN 'team' THEN coalesce(ct.calendar, '24/7')
        WHEN 'receiving_team' THEN coalesce(ct.calendar, '24/7')
        ELSE coalesce(cm.calendar, '24/7')
    END AS calendar,
    (m.pauses AND f.has_pause) AS pausable
FROM spans s
JOIN ticket_facts f USING (ticket_id)
JOIN policy_metrics m ON m.metric = s.metric
JOIN policy_targets t
  ON t.metric = s.metric AND t.channel = f.channel
 AND t.complexity = coalesce(f.complexity, '') AND t.team = coalesce(s.team, '')
LEFT JOIN policy_teams ct ON ct.team = s.team
LEFT JOIN policy_teams cm ON cm.team = m.calendar_mode
WHERE s.metric NOT IN (SELECT metric FROM unmeasured_metrics);
