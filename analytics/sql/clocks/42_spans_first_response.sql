-- spans_first_response: created -> first agent_reply, one per ticket (reopening does not restart
-- it); team = intake team.
-- Grain: ticket. Inputs: ticket_facts.
CREATE OR REPLACE TEMP TABLE spans_first_response AS
SELECT ticket_id, 'first_response' AS metric, 1 AS cycle, intake_team AS team,
       created_ts AS started_at, reply_ts AS stopped_at, NULL::TIMESTAMPTZ AS due_at
FROM ticket_facts;
