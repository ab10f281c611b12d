-- lines_in_order: set `line` of a table made in file order from a CSV scan without malformed
-- records: its position (the header is line 1). Grain: record. Inputs: {table}, a fixed name.
UPDATE {table} SET line = rowid + 2
