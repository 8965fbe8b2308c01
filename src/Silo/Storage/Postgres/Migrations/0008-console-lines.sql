-- Console lines: a row per line its agent numbered (ADR 0032), inserted by the silo the host's agent is connected to,
-- many hosts' lines in one transaction; a line stored twice keeps its first row. Each server keeps its newest lines
-- (GameOps:Console:RingLines), the older ones deleted by the insert's transaction.
CREATE TABLE console_lines (
    host_id   text        NOT NULL,
    server_id text        NOT NULL,
    seq       bigint      NOT NULL,
    read_at   timestamptz NOT NULL,
    text      text        NOT NULL,
    cut       boolean     NOT NULL,
    dropped   bigint      NOT NULL,
    PRIMARY KEY (host_id, server_id, seq)
);
