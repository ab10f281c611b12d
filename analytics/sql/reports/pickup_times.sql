-- pickup_times: how fast each receiving team picks up hand-offs: median / p90 in the team's own
-- hours (what the SLA measures) and in wall-clock time (what the customer waits, nights and
-- weekends included), and compliance with the pickup target.
-- Grain: receiving team. Inputs: handoffs; {where} = filter predicate (hand-offs scope).
SELECT to_team, count(*) AS handoffs,
       count(*) FILTER (WHERE pickup_status = 'pending') AS waiting,
       quantile_cont(pickup_seconds, 0.5) FILTER (WHERE picked_up_at IS NOT NULL)      AS p50_seconds,
       quantile_cont(pickup_seconds, 0.9) FILTER (WHERE picked_up_at IS NOT NULL)      AS p90_seconds,
       quantile_cont(pickup_wall_seconds, 0.5) FILTER (WHERE picked_up_at IS NOT NULL) AS wall_p50_seconds,
       quantile_cont(pickup_wall_seconds, 0.9) FILTER (WHERE picked_up_at IS NOT NULL) AS wall_p90_seconds,
       max(pickup_target_seconds) AS target_seconds,
       round(100.0 * count(*) FILTER (WHERE pickup_status = 'met')
             / nullif(count(*) FILTER (WHERE pickup_status IN ('met', 'breached')), 0), 2) AS compliance_pct
FROM handoffs
WHERE {where}
GROUP BY to_team
ORDER BY handoffs DESC, to_team
