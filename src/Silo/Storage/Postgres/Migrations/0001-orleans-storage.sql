-- GameOps' schema for Orleans' ADO.NET grain storage and reminder providers on PostgreSQL.
-- The providers read their statements from the orleansquery table by key and bind the parameters they name
-- (@ServiceId, @GrainIdN0, ...); every statement below is written to that contract, nothing else reads them.
-- Parameters are cast explicitly: a null the provider binds carries no type of its own.

CREATE TABLE orleansquery (
    querykey  text PRIMARY KEY,
    querytext text NOT NULL
);

-- One row per grain state. The providers key a state by service, state name and the grain's key (two 64-bit halves
-- and an optional string); a cleared state stays as a row without payload, so its version keeps counting and an ETag
-- from before the clear never matches the state written after it.
CREATE TABLE grain_state (
    service_id  text    NOT NULL,
    state_name  text    NOT NULL,
    key_n0      bigint  NOT NULL,
    key_n1      bigint  NOT NULL,
    key_string  text    NOT NULL,
    payload     bytea,
    version     integer NOT NULL,
    modified_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, state_name, key_n0, key_n1, key_string)
);

-- Reminders, read by grain and by ranges of the grain hash ring. The provider binds hashes as signed 32-bit values
-- and picks the range statement by comparing them signed, so the ring is walked in signed order.
CREATE TABLE reminders (
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    grain_hash    integer     NOT NULL,
    start_time    timestamptz NOT NULL,
    period_ms     bigint      NOT NULL,
    version       integer     NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

CREATE INDEX reminders_by_hash ON reminders (service_id, grain_hash);

INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadFromStorageKey', $q$
SELECT payload AS "PayloadBinary", version AS "Version"
FROM grain_state
WHERE service_id = @ServiceId::text
  AND state_name = @GrainTypeString::text
  AND key_n0 = @GrainIdN0::bigint
  AND key_n1 = @GrainIdN1::bigint
  AND key_string = coalesce(@GrainIdExtensionString::text, '')
  AND payload IS NOT NULL
$q$),
-- With a version: update the row holding exactly that version. Without: insert, or take over a cleared row.
-- Either way one row comes back; a null version in it is the conflict the provider reports.
('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE grain_state
    SET payload = @PayloadBinary::bytea, version = version + 1, modified_at = now()
    WHERE @GrainStateVersion::integer IS NOT NULL
      AND service_id = @ServiceId::text
      AND state_name = @GrainTypeString::text
      AND key_n0 = @GrainIdN0::bigint
      AND key_n1 = @GrainIdN1::bigint
      AND key_string = coalesce(@GrainIdExtensionString::text, '')
      AND version = @GrainStateVersion::integer
    RETURNING version
), inserted AS (
    INSERT INTO grain_state AS existing (service_id, state_name, key_n0, key_n1, key_string, payload, version)
    SELECT @ServiceId::text, @GrainTypeString::text, @GrainIdN0::bigint, @GrainIdN1::bigint,
           coalesce(@GrainIdExtensionString::text, ''), @PayloadBinary::bytea, 1
    WHERE @GrainStateVersion::integer IS NULL
    ON CONFLICT (service_id, state_name, key_n0, key_n1, key_string) DO UPDATE
        SET payload = excluded.payload, version = existing.version + 1, modified_at = now()
        WHERE existing.payload IS NULL
    RETURNING version
)
SELECT (SELECT version FROM updated UNION ALL SELECT version FROM inserted) AS "NewGrainStateVersion"
$q$),
('ClearStorageKey', $q$
UPDATE grain_state
SET payload = NULL, version = version + 1, modified_at = now()
WHERE service_id = @ServiceId::text
  AND state_name = @GrainTypeString::text
  AND key_n0 = @GrainIdN0::bigint
  AND key_n1 = @GrainIdN1::bigint
  AND key_string = coalesce(@GrainIdExtensionString::text, '')
  AND version = @GrainStateVersion::integer
RETURNING version AS "Version"
$q$),
('ReadReminderRowsKey', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period_ms AS "Period", version AS "Version"
FROM reminders
WHERE service_id = @ServiceId::text AND grain_id = @GrainId::text
$q$),
('ReadReminderRowKey', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period_ms AS "Period", version AS "Version"
FROM reminders
WHERE service_id = @ServiceId::text AND grain_id = @GrainId::text AND reminder_name = @ReminderName::text
$q$),
-- (begin, end] when begin < end.
('ReadRangeRows1Key', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period_ms AS "Period", version AS "Version"
FROM reminders
WHERE service_id = @ServiceId::text AND grain_hash > @BeginHash::integer AND grain_hash <= @EndHash::integer
$q$),
-- Otherwise the range wraps: above begin, or up to and including end (equal bounds: the whole ring).
('ReadRangeRows2Key', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period_ms AS "Period", version AS "Version"
FROM reminders
WHERE service_id = @ServiceId::text AND (grain_hash > @BeginHash::integer OR grain_hash <= @EndHash::integer)
$q$),
('UpsertReminderRowKey', $q$
INSERT INTO reminders AS existing (service_id, grain_id, reminder_name, grain_hash, start_time, period_ms, version)
VALUES (@ServiceId::text, @GrainId::text, @ReminderName::text, @GrainHash::integer, @StartTime::timestamptz, @Period::bigint, 1)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
    SET grain_hash = excluded.grain_hash, start_time = excluded.start_time, period_ms = excluded.period_ms,
        version = existing.version + 1
RETURNING version AS "Version"
$q$),
('DeleteReminderRowKey', $q$
WITH deleted AS (
    DELETE FROM reminders
    WHERE service_id = @ServiceId::text AND grain_id = @GrainId::text AND reminder_name = @ReminderName::text
      AND version = @Version::integer
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM deleted)
$q$),
('DeleteReminderRowsKey', $q$
DELETE FROM reminders WHERE service_id = @ServiceId::text
$q$);
