-- escalation_flows: how work moves between teams: hand-offs per (sending team, receiving team, kind).
-- Grain: (from_team, to_team, kind). Inputs: handoffs; {where} = filter predicate (hand-offs scope).
SELECT coalesce(from_team, '(unknown)') AS from_team, to_team, kind, count(*) AS handoffs,
       count(*) FILTER (WHERE bounce) AS bounces
FROM handoffs
WHERE {where}
GROUP BY ALL
ORDER BY handoffs DESC, from_team, to_team
