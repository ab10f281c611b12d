-- Floor of an import (no check at all), canonical benchmark file: one ticket per `created` row, in
-- the store's shape. Grain: ticket. Inputs: src (the file as read by DuckDB's reader, types sniffed).
SELECT ticket_id, channel, category, complexity, priority, site, customer, "at"::TIMESTAMPTZ AS created_at
FROM src
WHERE kind = 'created'
