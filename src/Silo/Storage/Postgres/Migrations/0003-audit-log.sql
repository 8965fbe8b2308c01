-- Audit log: the entries a change carries, inserted in the transaction of the state write that makes the change
-- (ADR 0020, ADR 0022), read newest first by keyset paging on (at, entry_id) within an org, deleted by age.
CREATE TABLE audit_log (
    entry_id uuid        PRIMARY KEY,
    org_id   text        NOT NULL,
    at       timestamptz NOT NULL,
    actor_id text        NOT NULL,
    target   text        NOT NULL,
    payload  bytea       NOT NULL
);

CREATE INDEX audit_log_by_org ON audit_log (org_id, at DESC, entry_id DESC);
CREATE INDEX audit_log_by_age ON audit_log (at);
