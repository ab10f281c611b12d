-- spans_acknowledgement: created -> first acknowledged, one per ticket; team = intake team.
-- Grain: ticket. Inputs: ticket_facts.
CREATE OR REPLACE TEMP TABLE spans_acknowledgement AS
SELECT ticket_id, 'acknowledgement' AS metric, 1 AS cycle, intake_team AS team,
       created_ts AS started_at, ack_ts AS stopped_at, NULL::TIMESTAMPTZ AS due_at
FROM ticket_facts;
