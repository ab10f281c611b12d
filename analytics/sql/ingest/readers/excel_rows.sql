-- raw_rows (Excel): the sheet's cells as text, `line` = row number in the sheet.
-- Grain: row of the sheet. Inputs: excel_rows (registered Arrow table: line, then one text column
-- per header name).
CREATE OR REPLACE TEMP TABLE raw_rows AS
SELECT *
FROM excel_rows
