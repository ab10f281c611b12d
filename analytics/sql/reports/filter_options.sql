-- filter_options: the categories of a dataset's tickets, for the sidebar's category filter.
-- Grain: category. Inputs: tickets, datasets (the store); $dataset (name).
SELECT DISTINCT t.category
FROM tickets t JOIN datasets d USING (dataset_id)
WHERE d.name = $dataset AND t.category IS NOT NULL
ORDER BY t.category
