-- Console lines: a row per server per write of its silo, the lines in one block (ADR 0034), instead of a row per line
-- (0008). The rows of 0008 are not carried over: a client that reconnects is told them as missed, and an agent's lines
-- after its last acknowledgement are stored again as they are resent.
DROP TABLE console_lines;
CREATE TABLE console_line_blocks (
    host_id   text   NOT NULL,
    server_id text   NOT NULL,
    last_seq  bigint NOT NULL,
    first_seq bigint NOT NULL,
    lines     bytea  NOT NULL,
    PRIMARY KEY (host_id, server_id, last_seq)
);
