-- Player sessions: upserted in the transaction of the players grain's state write that opened or closed them
-- (ADR 0023), read per game server newest first by keyset paging on (started_at, session_id).
CREATE TABLE player_sessions (
    session_id uuid        PRIMARY KEY,
    org_id     text        NOT NULL,
    host_id    text        NOT NULL,
    server_id  text        NOT NULL,
    started_at timestamptz NOT NULL,
    ended_at   timestamptz,
    payload    bytea       NOT NULL
);

CREATE INDEX player_sessions_by_server ON player_sessions (host_id, server_id, started_at DESC, session_id DESC);
