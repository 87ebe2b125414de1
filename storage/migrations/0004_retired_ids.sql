-- An id is never issued twice, not even after a delete: audit events and exported bags that name a
-- deleted system must never come to point at another one. A deleted system's id is retired here; creating
-- a system refuses a retired id, and the generator (SYS-nnnn, counted from sqlite_sequence, which
-- AUTOINCREMENT never lowers) skips retired ones.
CREATE TABLE retired_system_ids (
    id          TEXT PRIMARY KEY NOT NULL,
    retired_at  TEXT NOT NULL
);

-- Systems deleted before this table existed are known from their audit events.
INSERT OR IGNORE INTO retired_system_ids (id, retired_at)
    SELECT substr(object, length('system/') + 1), max(at) FROM audit_events
    WHERE action = 'system.delete' AND substr(object, length('system/') + 1) NOT IN (SELECT id FROM systems)
    GROUP BY object;
