-- fact_tickets: one row per ticket known at as-of, for search, backlog, volume and escalation rates:
-- attributes, the teams that touched it, whether it is still open, hand-off counts and findings.
-- Grain: ticket. Inputs: ticket_facts, clock_events, fact_clocks, fact_handoffs, policy_teams,
-- policy_settings.
CREATE OR REPLACE TEMP TABLE fact_tickets AS
WITH ev AS (
    SELECT ticket_id, count(*) AS events, max(ts) AS last_event_at,
           list_distinct(list(team) FILTER (WHERE team IS NOT NULL)
                         || list(to_team) FILTER (WHERE to_team IS NOT NULL)) AS teams,
           count(*) FILTER (WHERE kind = 'reopened') AS reopens
    FROM clock_events
    GROUP BY ticket_id
), cl AS (
    SELECT ticket_id,
           bool_or(metric = 'resolution' AND stopped_at IS NULL)         AS is_open,
           count(*) FILTER (WHERE status = 'breached')                   AS breaches,
           list(DISTINCT metric) FILTER (WHERE status = 'breached')      AS breached_metrics
    FROM fact_clocks
    GROUP BY ticket_id
), ho AS (
    SELECT ticket_id, count(*) FILTER (WHERE kind = 'escalated') AS escalations,
           count(*) FILTER (WHERE kind = 'approval_requested') AS approvals,
           bool_or(bounce) AS bounced,
           string_agg(to_team, ' → ' ORDER BY seq) AS path
    FROM fact_handoffs
    GROUP BY ticket_id
)
SELECT f.ticket_id, f.created_ts AS created_at,
       CAST(timezone(s.report_tz, f.created_ts) AS DATE)                            AS created_day,
       CAST(date_trunc('week', timezone(s.report_tz, f.created_ts)) AS DATE)        AS week,
       f.intake_team, f.owner, f.channel, f.category, f.complexity, f.priority, f.site, f.replication,
       ev.teams, ev.events, ev.last_event_at, ev.reopens,
       coalesce(cl.is_open, true)                                                   AS is_open,
       coalesce(cl.breaches, 0)                                                     AS breaches,
       coalesce(cl.breached_metrics, [])                                            AS breached_metrics,
       coalesce(ho.escalations, 0)                                                  AS escalations,
       coalesce(ho.approvals, 0)                                                    AS approvals,
       coalesce(ho.bounced, false)                                                  AS bounced,
       CASE WHEN ho.path IS NOT NULL THEN f.intake_team || ' → ' || ho.path END     AS path,
       -- a ticket first taken in by a team that is not tier 1 went around the front desk
       (pt.tier IS DISTINCT FROM 1)                                                 AS skipped_l1
FROM ticket_facts f
JOIN ev USING (ticket_id)
LEFT JOIN cl USING (ticket_id)
LEFT JOIN ho USING (ticket_id)
LEFT JOIN policy_teams pt ON pt.team = f.intake_team
CROSS JOIN policy_settings s;
