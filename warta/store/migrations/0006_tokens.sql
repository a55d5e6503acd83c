-- Warta store, schema version 6: access tokens for the API's write and admin endpoints (and for reading, when
-- read access is required). Only the SHA-256 hash of a token is kept (hex); the plain token is shown once,
-- when it is created. Revoked tokens stay listed, with the time they were revoked.

CREATE TABLE access_tokens (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL,
    scope     TEXT NOT NULL CHECK (scope IN ('read', 'write', 'admin')),
    hash      TEXT NOT NULL UNIQUE,
    created   TEXT NOT NULL,   -- UTC, ISO 8601
    last_used TEXT,            -- UTC, ISO 8601 (to the minute)
    revoked   TEXT             -- UTC, ISO 8601; NULL while the token is valid
);
