-- lines_from_good: set `line` of a table made in file order from a CSV scan to each record's source
-- line, as good_lines (record_lines with r = rowid) worked it out. Grain: record.
-- Inputs: {table} (a fixed name), good_lines.
UPDATE {table} SET line = g.line
FROM good_lines g
WHERE {table}.rowid = g.r
