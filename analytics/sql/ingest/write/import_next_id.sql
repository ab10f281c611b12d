-- import_next_id: the number of a dataset's next import (1 for its first).
-- Grain: one row. Inputs: imports; parameter ? = dataset_id.
SELECT coalesce(max(import_id), 0) + 1
FROM imports
WHERE dataset_id = ?
