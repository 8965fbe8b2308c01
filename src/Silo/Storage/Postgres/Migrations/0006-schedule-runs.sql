-- Schedule runs: upserted in the transaction of the schedule grain's state write that claimed, advanced or ended them
-- (ADR 0029), read per schedule newest first by keyset paging on (started_at, run_id), swept by their end.
CREATE TABLE schedule_runs (
    run_id      uuid        PRIMARY KEY,
    org_id      text        NOT NULL,
    schedule_id uuid        NOT NULL,
    started_at  timestamptz NOT NULL,
    ended_at    timestamptz,
    payload     bytea       NOT NULL
);

CREATE INDEX schedule_runs_by_schedule ON schedule_runs (schedule_id, started_at DESC, run_id DESC);
CREATE INDEX schedule_runs_by_end ON schedule_runs (ended_at);
