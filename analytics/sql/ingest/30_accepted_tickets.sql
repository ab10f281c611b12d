-- accepted_tickets: one row per accepted ticket, attributes from its created event.
-- Grain: ticket. Inputs: staged_verdict.
SELECT
    tid          AS ticket_id,
    channel_v    AS channel,
    category_v   AS category,
    complexity_v AS complexity,
    priority_v   AS priority,
    site_v       AS site,
    customer_v   AS customer,
    ts           AS created_at
FROM staged_verdict
WHERE reject_reason IS NULL AND k = 'created'
ORDER BY tid
