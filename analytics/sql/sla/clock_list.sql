-- clock_list: every clock prepared on the connection, in ticket, metric and cycle order.
-- Grain: (ticket, metric, cycle). Inputs: clocks; {columns} the documented clock columns
-- (analytics.sla.clocks.CLOCK_COLUMNS, fixed names).
SELECT {columns}
FROM clocks
ORDER BY ticket_id, metric, cycle
