-- A digitaliseringskontor proposes register changes for its own forvaltning; koncern_it accepts (the change
-- is applied in the same transaction) or rejects them with a reason. Proposals are never deleted: with the
-- audit events they show who asked for what and who decided.
CREATE TABLE register_proposals (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    -- NULL: a new system.
    system_id   TEXT,
    forvaltning TEXT NOT NULL,
    -- The proposed system (NewSystem) as JSON.
    change      TEXT NOT NULL,
    note        TEXT,
    proposed_by TEXT NOT NULL,
    proposed_at TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending',
    decided_by  TEXT,
    decided_at  TEXT,
    reason      TEXT
);
CREATE INDEX register_proposals_status ON register_proposals (status, forvaltning);
