-- Cluster mode's ASP.NET Core Data Protection key ring, one row per XML element the key manager stores (keys and
-- revocations), shared by every silo: PostgresKeyRing reads them all and only ever appends.
CREATE TABLE data_protection_keys (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    friendly_name text        NOT NULL,
    xml           text        NOT NULL,
    stored_at     timestamptz NOT NULL DEFAULT now()
);
