-- backtest_volume: tickets created per replication, week (Monday, reporting timezone) and channel.
-- Grain: (replication, week, channel); a history is replication 0.
-- Inputs: ticket_facts; {where} (tickets scope) with bound $f_* values.
SELECT coalesce(replication, 0) AS replication, week, channel, count(*) AS tickets
FROM ticket_facts
WHERE {where}
GROUP BY ALL
ORDER BY 1, 2, 3
