-- Job history: one row per job, kept with the job grain's state writes (see ADR 0022), read newest first by keyset
-- paging on (created_at, job_id) within an org or a host, and deleted by age.
CREATE TABLE job_history (
    job_id     uuid        PRIMARY KEY,
    org_id     text        NOT NULL,
    host_id    text        NOT NULL,
    server_id  text        NOT NULL,
    action     text        NOT NULL,
    state      integer     NOT NULL,
    actor_id   text        NOT NULL,
    created_at timestamptz NOT NULL,
    payload    bytea       NOT NULL
);

CREATE INDEX job_history_by_org ON job_history (org_id, created_at DESC, job_id DESC);
CREATE INDEX job_history_by_host ON job_history (host_id, created_at DESC, job_id DESC);
CREATE INDEX job_history_by_server ON job_history (host_id, server_id, created_at DESC, job_id DESC);
CREATE INDEX job_history_by_age ON job_history (created_at);
