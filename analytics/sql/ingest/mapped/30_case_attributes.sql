-- case_attributes: one row per ticket with its canonical attributes (channel, category, complexity,
-- priority, site, customer): the latest non-empty source value in the ticket's order, translated by
-- the mapping's value maps; a value missing from a map falls back to the map's default, else passes
-- through (and the shared validation then names it if it is not canonical).
-- Grain: ticket (case_id). Inputs: mapped_states (rid, pos), mapped_rows, attr_map (attr, src, value),
-- attr_default (attr, value, has_map).
CREATE OR REPLACE TEMP TABLE case_attributes AS
WITH latest AS (
    SELECT
        case_id,
        arg_max(channel_src, pos)    FILTER (WHERE channel_src IS NOT NULL)    AS channel_src,
        arg_max(category_src, pos)   FILTER (WHERE category_src IS NOT NULL)   AS category_src,
        arg_max(complexity_src, pos) FILTER (WHERE complexity_src IS NOT NULL) AS complexity_src,
        arg_max(priority_src, pos)   FILTER (WHERE priority_src IS NOT NULL)   AS priority_src,
        arg_max(site_src, pos)       FILTER (WHERE site_src IS NOT NULL)       AS site_src,
        arg_max(customer_src, pos)   FILTER (WHERE customer_src IS NOT NULL)   AS customer_src
    FROM mapped_states st
    JOIN mapped_rows m ON m.rowid = st.rid
    GROUP BY case_id
)
SELECT
    l.case_id,
    coalesce(m1.value, CASE WHEN l.channel_src IS NULL OR d1.has_map THEN d1.value END, l.channel_src) AS channel,
    coalesce(m2.value, CASE WHEN l.category_src IS NULL OR d2.has_map THEN d2.value END, l.category_src) AS category,
    coalesce(m3.value, CASE WHEN l.complexity_src IS NULL OR d3.has_map THEN d3.value END, l.complexity_src) AS complexity,
    coalesce(m4.value, CASE WHEN l.priority_src IS NULL OR d4.has_map THEN d4.value END, l.priority_src) AS priority,
    coalesce(m5.value, CASE WHEN l.site_src IS NULL OR d5.has_map THEN d5.value END, l.site_src) AS site,
    coalesce(m6.value, CASE WHEN l.customer_src IS NULL OR d6.has_map THEN d6.value END, l.customer_src) AS customer
FROM latest l
LEFT JOIN attr_map m1 ON m1.attr = 'channel' AND m1.src = l.channel_src
LEFT JOIN attr_default d1 ON d1.attr = 'channel'
LEFT JOIN attr_map m2 ON m2.attr = 'category' AND m2.src = l.category_src
LEFT JOIN attr_default d2 ON d2.attr = 'category'
LEFT JOIN attr_map m3 ON m3.attr = 'complexity' AND m3.src = l.complexity_src
LEFT JOIN attr_default d3 ON d3.attr = 'complexity'
LEFT JOIN attr_map m4 ON m4.attr = 'priority' AND m4.src = l.priority_src
LEFT JOIN attr_default d4 ON d4.attr = 'priority'
LEFT JOIN attr_map m5 ON m5.attr = 'site' AND m5.src = l.site_src
LEFT JOIN attr_default d5 ON d5.attr = 'site'
LEFT JOIN attr_map m6 ON m6.attr = 'customer' AND m6.src = l.customer_src
LEFT JOIN attr_default d6 ON d6.attr = 'customer';
