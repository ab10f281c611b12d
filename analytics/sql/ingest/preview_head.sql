-- preview_head: the first staged rows as the import wizard shows them (source line order).
-- Grain: staged row. Inputs: staged; {columns} the preview's columns the adapter staged (fixed
-- names; an instant an adapter already read shown as ISO 8601 text in UTC); parameter ? = how many.
SELECT {columns}
FROM staged
ORDER BY line
LIMIT ?
