-- Kontraktarkiv catalog: the source of truth for metadata. Blobs hold content; the search index is derived.

CREATE TABLE blobs (
    sha256      TEXT PRIMARY KEY NOT NULL CHECK (length(sha256) = 64),
    bytes       INTEGER NOT NULL,
    media_type  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- Extraction results belong to the bytes, not the document: two documents over one blob share them.
CREATE TABLE extractions (
    sha256      TEXT PRIMARY KEY NOT NULL REFERENCES blobs (sha256),
    status      TEXT NOT NULL,
    message     TEXT,
    pages_json  TEXT NOT NULL,
    extracted_at TEXT NOT NULL
);

CREATE TABLE documents (
    id              TEXT PRIMARY KEY NOT NULL,
    kind            TEXT NOT NULL,
    title           TEXT NOT NULL,
    forvaltning     TEXT NOT NULL,
    unit            TEXT,
    supplier_cvr    TEXT,
    supplier_name   TEXT,
    sha256          TEXT NOT NULL REFERENCES blobs (sha256),
    file_name       TEXT,
    media_type      TEXT NOT NULL,
    bytes           INTEGER NOT NULL,
    pages           INTEGER,
    status          TEXT NOT NULL DEFAULT 'pending',
    status_message  TEXT,
    confidential    INTEGER NOT NULL DEFAULT 0,
    signed_on       TEXT,
    -- kind-specific metadata (contract dates, addendum parent, documentation version, ...) as JSON
    details_json    TEXT NOT NULL DEFAULT '{}',
    uploaded_by     TEXT NOT NULL,
    uploaded_at     TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
-- The dedup rule of the design: same bytes, same forvaltning, same kind = the same document.
CREATE UNIQUE INDEX documents_dedup ON documents (sha256, forvaltning, kind);
CREATE INDEX documents_forvaltning ON documents (forvaltning, kind);

CREATE TABLE document_systems (
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    system_id   TEXT NOT NULL,
    PRIMARY KEY (document_id, system_id)
);

-- The ordered job log the indexer replays; the index stores the last id it committed.
CREATE TABLE index_jobs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('index', 'delete')),
    created_at  TEXT NOT NULL,
    done_at     TEXT
);

CREATE TABLE audit_events (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    object      TEXT NOT NULL,
    details     TEXT NOT NULL DEFAULT '{}'
);
