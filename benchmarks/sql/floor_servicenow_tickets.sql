-- Floor of an import (no check at all), ServiceNow benchmark file: one ticket per incident number
-- with the values of its first update, in the store's shape. Grain: ticket. Inputs: src (the file as
-- text), $fmt (the day-first date format).
SELECT
    number AS ticket_id,
    arg_min(contact_type, sys_mod_count::INTEGER) AS channel,
    arg_min(category, sys_mod_count::INTEGER) AS category,
    NULL AS complexity,
    arg_min(priority, sys_mod_count::INTEGER) AS priority,
    NULL AS site,
    arg_min(caller_id, sys_mod_count::INTEGER) AS customer,
    timezone('UTC', min(strptime(opened_at, $fmt))) AS created_at
FROM src
GROUP BY number
