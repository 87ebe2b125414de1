-- Accounts (users, API tokens, browser sessions) and the audit log's hash chain.

CREATE TABLE users (
    id               TEXT PRIMARY KEY NOT NULL,
    -- the login name: unique, what the audit log records as the actor
    name             TEXT NOT NULL UNIQUE,
    display_name     TEXT NOT NULL,
    role             TEXT NOT NULL
        CHECK (role IN ('enhed', 'digitaliseringskontor', 'koncern_it', 'revisor', 'admin')),
    forvaltning      TEXT,
    unit             TEXT,
    disabled         INTEGER NOT NULL DEFAULT 0,
    -- Argon2id in PHC string format; NULL = no browser login with a password
    password_hash    TEXT,
    -- single sign-on users: the OpenID provider and its stable subject id
    external_issuer  TEXT,
    external_subject TEXT,
    -- SHA-256 of the secret calendar-feed key; NULL = no feed URL
    feed_key_hash    TEXT UNIQUE,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (external_issuer, external_subject)
);

-- API tokens: only the SHA-256 of the secret is stored.
CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users (id),
    name         TEXT NOT NULL,
    secret_hash  TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    expires_at   TEXT,
    revoked_at   TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Browser sessions, server-side: the cookie holds the secret, the table its SHA-256.
CREATE TABLE sessions (
    secret_hash  TEXT PRIMARY KEY NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users (id),
    -- per-session CSRF token, put into forms; useless without the session cookie
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- The hash chain. Rows written before this migration get their hashes when the catalog opens (SQLite has
-- no SHA-256 of its own); every later row is chained as it is appended.
ALTER TABLE audit_events ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_events ADD COLUMN hash TEXT;
CREATE INDEX audit_events_object ON audit_events (object);
CREATE INDEX audit_events_at ON audit_events (at);
CREATE INDEX audit_events_actor ON audit_events (actor);

-- The log is append-only for the service: no code path updates or deletes an event. These triggers make a
-- slip in our own code fail loudly; they are no defence against someone who can write the file (the chain
-- and the head file outside the catalog are). Only the one-time filling in of hashes may update a row.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
    WHEN OLD.hash IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;
