//! Who may do what: DESIGN "Who may do what" as one pure function, [`decide`].
//!
//! Every route, page and list asks the same question, actor × action × resource, and gets [`Decision::Allow`],
//! [`Decision::Deny`] (403) or [`Decision::Hidden`] (404: the actor may not learn that the document exists).
//! Lists and search do not ask per row; they take a [`DocumentScope`] (the same rules as data) and filter in
//! SQL or inside the index query, so that counts and facets never include what a row check would hide.
//!
//! The rules in one place:
//! - contracts, tillæg and bilag are readable across forvaltninger (§5.1: reuse what another has bought);
//!   documentation and databehandleraftaler of other forvaltninger are metadata only;
//! - a confidential document exists only for its own forvaltning, `koncern_it` and `revisor`;
//! - `revisor` reads everything and changes nothing; `admin` manages users and tokens and sees no document;
//! - `enhed` and `digitaliseringskontor` change only their own forvaltning's documents; a
//!   `digitaliseringskontor` also proposes register changes and reads the audit log of its forvaltning.

use crate::model::{DocumentKind, Forvaltning, vocabulary};

vocabulary!(
    /// A user's role (DESIGN "Who may do what").
    Role {
        Enhed = "enhed" => "Enhed",
        Digitaliseringskontor = "digitaliseringskontor" => "Digitaliseringskontor",
        KoncernIt = "koncern_it" => "Koncern IT",
        Revisor = "revisor" => "Revisor",
        Admin = "admin" => "Administrator",
    }
);

/// Who acts: a signed-in user, or a named local actor of the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// `None` for a local actor, which is no row of the user table.
    pub user_id: Option<String>,
    /// What the audit log records as the actor: the login name, or `cli:<os user>`.
    pub name: String,
    pub role: Role,
    pub forvaltning: Option<Forvaltning>,
    pub unit: Option<String>,
}

impl Actor {
    /// The command line's actor (`import`, `reindex`, `export`): whoever can run the binary on the server
    /// can read the data directory anyway, so it gets `koncern_it`'s rights; its name goes to the audit log.
    pub fn local(name: impl Into<String>) -> Actor {
        Actor {
            user_id: None,
            name: name.into(),
            role: Role::KoncernIt,
            forvaltning: None,
            unit: None,
        }
    }
}

/// What the actor wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// A document's metadata: title, kind, forvaltning, supplier, dates, linked systems.
    ReadMetadata,
    /// A document's bytes, text, snippets, and similar-contract matches over its text.
    ReadContent,
    Upload,
    Correct,
    /// Link or unlink a document and a system.
    Link,
    Search,
    /// The system and supplier registers.
    ReadRegister,
    ManageRegister,
    /// Propose a register change for one's own forvaltning (applied by `koncern_it`).
    ProposeRegister,
    /// The audit log, or one document's history.
    ReadAudit,
    /// The auditor's BagIt bag.
    Export,
    /// Compliance, deadlines, reuse, supplier overviews (filtered by [`DocumentScope`]).
    ReadReports,
    ManageUsers,
    /// One's own tokens, password and feed URL.
    ManageOwnAccount,
}

impl Action {
    pub const ALL: &'static [Action] = &[
        Action::ReadMetadata,
        Action::ReadContent,
        Action::Upload,
        Action::Correct,
        Action::Link,
        Action::Search,
        Action::ReadRegister,
        Action::ManageRegister,
        Action::ProposeRegister,
        Action::ReadAudit,
        Action::Export,
        Action::ReadReports,
        Action::ManageUsers,
        Action::ManageOwnAccount,
    ];
}

/// The facts about a document that the policy looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocFacts {
    pub kind: DocumentKind,
    pub forvaltning: Forvaltning,
    pub confidential: bool,
}

impl From<&crate::model::Document> for DocFacts {
    fn from(d: &crate::model::Document) -> Self {
        DocFacts {
            kind: d.kind,
            forvaltning: d.forvaltning,
            confidential: d.confidential,
        }
    }
}

/// What the action is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    /// An existing document, or for `Upload` the one about to be stored.
    Document(DocFacts),
    /// A register entry (a system, by its owning forvaltning), or the whole register (`None`).
    Register(Option<Forvaltning>),
    /// The audit log of one forvaltning, or all of it (`None`).
    Audit(Option<Forvaltning>),
    /// Nothing in particular: search, reports, users, one's own account.
    Global,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// 403: the actor knows the thing exists but may not do this.
    Deny,
    /// 404: the actor may not learn that the document exists.
    Hidden,
}

/// How much of one document an actor sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Visibility {
    /// The document does not exist for the actor.
    None,
    Metadata,
    Full,
}

/// An actor's view of the whole document set, as data for SQL filters and the index's scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentScope {
    /// Every document in full (`koncern_it`, `revisor`, local actors).
    All,
    /// No document at all (`admin`).
    Nothing,
    /// Own forvaltning's documents in full; of the others, non-confidential contracts, tillæg and bilag in
    /// full and non-confidential documentation and databehandleraftaler as metadata; no confidential ones.
    Forvaltning(Option<Forvaltning>),
}

/// Kinds that other forvaltninger read in full when not confidential (§5.1).
pub const SHARED_KINDS: &[DocumentKind] = &[
    DocumentKind::Contract,
    DocumentKind::Addendum,
    DocumentKind::Appendix,
];

impl DocumentScope {
    pub fn visibility(self, doc: &DocFacts) -> Visibility {
        match self {
            DocumentScope::All => Visibility::Full,
            DocumentScope::Nothing => Visibility::None,
            DocumentScope::Forvaltning(own) if own == Some(doc.forvaltning) => Visibility::Full,
            DocumentScope::Forvaltning(_) if doc.confidential => Visibility::None,
            DocumentScope::Forvaltning(_) if SHARED_KINDS.contains(&doc.kind) => Visibility::Full,
            DocumentScope::Forvaltning(_) => Visibility::Metadata,
        }
    }

    /// A SQL condition over a documents table aliased `alias` that keeps the documents that exist for the
    /// actor (metadata or full); `None` when nothing needs filtering. Forvaltning codes are a closed
    /// vocabulary, so inlining them is safe.
    pub fn sql_condition(self, alias: &str) -> Option<String> {
        match self {
            DocumentScope::All => None,
            DocumentScope::Nothing => Some("0".into()),
            DocumentScope::Forvaltning(None) => Some(format!("{alias}.confidential = 0")),
            DocumentScope::Forvaltning(Some(own)) => Some(format!(
                "({alias}.forvaltning = '{}' OR {alias}.confidential = 0)",
                own.as_str()
            )),
        }
    }
}

impl DocumentScope {
    /// A SQL condition like [`DocumentScope::sql_condition`] that keeps only the documents the actor may
    /// read in full (content, text, snippets); `None` when nothing needs filtering.
    pub fn sql_full_condition(self, alias: &str) -> Option<String> {
        let shared = SHARED_KINDS
            .iter()
            .map(|k| format!("'{}'", k.as_str()))
            .collect::<Vec<_>>()
            .join(", ");
        let across = format!("({alias}.confidential = 0 AND {alias}.kind IN ({shared}))");
        match self {
            DocumentScope::All => None,
            DocumentScope::Nothing => Some("0".into()),
            DocumentScope::Forvaltning(None) => Some(across),
            DocumentScope::Forvaltning(Some(own)) => Some(format!(
                "({alias}.forvaltning = '{}' OR {across})",
                own.as_str()
            )),
        }
    }
}

/// The actor's view of the document set.
pub fn document_scope(actor: &Actor) -> DocumentScope {
    match actor.role {
        Role::KoncernIt | Role::Revisor => DocumentScope::All,
        Role::Admin => DocumentScope::Nothing,
        Role::Enhed | Role::Digitaliseringskontor => DocumentScope::Forvaltning(actor.forvaltning),
    }
}

/// How much of `doc` the actor sees.
pub fn document_visibility(actor: &Actor, doc: &DocFacts) -> Visibility {
    document_scope(actor).visibility(doc)
}

/// Whether the actor's role may do `action` to anything at all: the gate a route checks before it looks
/// the resource up, so that a role refused everywhere gets 403 for existing and missing ids alike.
pub fn allowed_at_all(actor: &Actor, action: Action) -> bool {
    use Action::*;
    match actor.role {
        Role::KoncernIt => true,
        Role::Revisor => matches!(
            action,
            ReadMetadata
                | ReadContent
                | Search
                | ReadRegister
                | ReadAudit
                | Export
                | ReadReports
                | ManageOwnAccount
        ),
        Role::Admin => matches!(action, ManageUsers | ManageOwnAccount),
        Role::Digitaliseringskontor => !matches!(action, ManageRegister | Export | ManageUsers),
        Role::Enhed => !matches!(
            action,
            ManageRegister | ProposeRegister | ReadAudit | Export | ManageUsers
        ),
    }
}

/// The policy: may `actor` do `action` to `resource`?
pub fn decide(actor: &Actor, action: Action, resource: &Resource) -> Decision {
    let gate = allowed_at_all(actor, action);
    let own = |f: Option<Forvaltning>| f.is_some() && f == actor.forvaltning;
    let allow = |yes: bool| if yes { Decision::Allow } else { Decision::Deny };
    match resource {
        Resource::Document(doc) => {
            let seen = document_visibility(actor, doc);
            if action == Action::Upload {
                // The uploader names the document, so refusing it reveals nothing.
                return allow(
                    gate && (actor.role == Role::KoncernIt || own(Some(doc.forvaltning))),
                );
            }
            if !gate {
                // The role may never do this: 403 whatever the document, as the route's gate answered.
                return Decision::Deny;
            }
            if seen == Visibility::None {
                return Decision::Hidden;
            }
            let everything = actor.role == Role::KoncernIt;
            match action {
                Action::ReadMetadata => Decision::Allow,
                Action::ReadContent => allow(seen == Visibility::Full),
                Action::Correct | Action::Link => allow(everything || own(Some(doc.forvaltning))),
                Action::ReadAudit => allow(
                    everything
                        || actor.role == Role::Revisor
                        || (actor.role == Role::Digitaliseringskontor
                            && own(Some(doc.forvaltning))),
                ),
                // Actions that are not about one document: the role's gate answers.
                _ => allow(gate),
            }
        }
        Resource::Register(owner) => match action {
            Action::ProposeRegister => allow(
                actor.role == Role::KoncernIt
                    || (actor.role == Role::Digitaliseringskontor && own(*owner)),
            ),
            _ => allow(gate),
        },
        Resource::Audit(forvaltning) => match action {
            Action::ReadAudit => allow(
                matches!(actor.role, Role::KoncernIt | Role::Revisor)
                    || (actor.role == Role::Digitaliseringskontor && own(*forvaltning)),
            ),
            _ => allow(gate),
        },
        Resource::Global => {
            allow(gate && (action != Action::ReadAudit || can_read_whole_audit(actor)))
        }
    }
}

/// The whole audit log (not one forvaltning's) is for `koncern_it` and `revisor`.
fn can_read_whole_audit(actor: &Actor) -> bool {
    matches!(actor.role, Role::KoncernIt | Role::Revisor)
}

#[cfg(test)]
mod tests;
