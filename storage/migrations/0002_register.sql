-- The system register, the supplier register, and the indexes that contract families need.

CREATE TABLE systems (
    seq               INTEGER PRIMARY KEY AUTOINCREMENT,
    id                TEXT NOT NULL UNIQUE,
    kitos_uuid        TEXT UNIQUE,
    name              TEXT NOT NULL,
    description       TEXT,
    category          TEXT NOT NULL,
    network           TEXT NOT NULL,
    owner_forvaltning TEXT NOT NULL,
    owner_unit        TEXT,
    -- forvaltning codes as a JSON array
    used_by           TEXT NOT NULL DEFAULT '[]',
    lifecycle         TEXT NOT NULL,
    archive_duty      TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX systems_owner ON systems (owner_forvaltning);
CREATE INDEX systems_category ON systems (category);

-- A supplier's identity is its key (CVR, or <country>-<id> abroad); its name may change.
CREATE TABLE suppliers (
    key         TEXT PRIMARY KEY NOT NULL,
    cvr         TEXT UNIQUE,
    country     TEXT NOT NULL,
    national_id TEXT NOT NULL,
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

ALTER TABLE documents ADD COLUMN supplier_key TEXT REFERENCES suppliers (key);

-- Documents stored before the supplier register get their supplier from what they were uploaded with.
INSERT OR IGNORE INTO suppliers (key, cvr, country, national_id, name, created_at, updated_at)
    SELECT supplier_cvr, supplier_cvr, 'DK', supplier_cvr, supplier_name, min(uploaded_at), min(uploaded_at)
    FROM documents WHERE supplier_cvr IS NOT NULL AND supplier_name IS NOT NULL GROUP BY supplier_cvr;
UPDATE documents SET supplier_key = supplier_cvr
    WHERE supplier_cvr IS NOT NULL AND supplier_cvr IN (SELECT key FROM suppliers);

CREATE INDEX documents_supplier ON documents (supplier_key);
CREATE INDEX documents_parent ON documents (json_extract(details_json, '$.parent_id'));
CREATE INDEX documents_supersedes ON documents (json_extract(details_json, '$.supersedes_id'));
CREATE INDEX document_systems_system ON document_systems (system_id);
