//! The policy table of DESIGN "Who may do what", role by role: every role × action × kind of resource.
//!
//! Each row is a string with one letter per resource column: A = allow, D = deny (403), H = hidden (404).

use super::*;
use DocumentKind::*;
use Forvaltning::{Buf, Okf};

/// The actor's own forvaltning is BUF; "other" is ØKF.
fn actor(role: Role) -> Actor {
    Actor {
        user_id: Some("u".into()),
        name: "someone".into(),
        role,
        forvaltning: matches!(role, Role::Enhed | Role::Digitaliseringskontor).then_some(Buf),
        unit: None,
    }
}

fn doc(kind: DocumentKind, forvaltning: Forvaltning, confidential: bool) -> Resource {
    Resource::Document(DocFacts {
        kind,
        forvaltning,
        confidential,
    })
}

/// The document columns.
fn documents() -> Vec<Resource> {
    vec![
        doc(Contract, Buf, false),                // own contract
        doc(Contract, Okf, false),                // other contract
        doc(Contract, Okf, true),                 // other confidential contract
        doc(SystemDocumentation, Buf, true),      // own confidential documentation
        doc(SystemDocumentation, Okf, false),     // other documentation
        doc(DataProcessingAgreement, Okf, false), // other databehandleraftale
        doc(Addendum, Okf, false),                // other tillæg
        doc(Appendix, Okf, true),                 // other confidential bilag
    ]
}

fn letter(d: Decision) -> char {
    match d {
        Decision::Allow => 'A',
        Decision::Deny => 'D',
        Decision::Hidden => 'H',
    }
}

fn check(table: &[(Role, Action, &str)], resources: &[Resource]) {
    let mut wrong = Vec::new();
    for &(role, action, expected) in table {
        let got: String = resources
            .iter()
            .map(|r| letter(decide(&actor(role), action, r)))
            .collect();
        if got != expected {
            wrong.push(format!(
                "{role:?} {action:?}: expected {expected}, got {got}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn documents_by_role() {
    use Action::*;
    use Role::*;
    #[rustfmt::skip]
    let table = [
        (Enhed, ReadMetadata, "AAHAAAAH"),
        (Enhed, ReadContent, "AAHADDAH"),
        (Enhed, Upload, "ADDADDDD"),
        (Enhed, Correct, "ADHADDDH"),
        (Enhed, Link, "ADHADDDH"),
        (Enhed, ReadAudit, "DDDDDDDD"),
        (Enhed, Export, "DDDDDDDD"),
        (Digitaliseringskontor, ReadMetadata, "AAHAAAAH"),
        (Digitaliseringskontor, ReadContent, "AAHADDAH"),
        (Digitaliseringskontor, Upload, "ADDADDDD"),
        (Digitaliseringskontor, Correct, "ADHADDDH"),
        (Digitaliseringskontor, Link, "ADHADDDH"),
        (Digitaliseringskontor, ReadAudit, "ADHADDDH"),
        (Digitaliseringskontor, Export, "DDDDDDDD"),
        (KoncernIt, ReadMetadata, "AAAAAAAA"),
        (KoncernIt, ReadContent, "AAAAAAAA"),
        (KoncernIt, Upload, "AAAAAAAA"),
        (KoncernIt, Correct, "AAAAAAAA"),
        (KoncernIt, Link, "AAAAAAAA"),
        (KoncernIt, ReadAudit, "AAAAAAAA"),
        (KoncernIt, Export, "AAAAAAAA"),
        (Revisor, ReadMetadata, "AAAAAAAA"),
        (Revisor, ReadContent, "AAAAAAAA"),
        (Revisor, Upload, "DDDDDDDD"),
        (Revisor, Correct, "DDDDDDDD"),
        (Revisor, Link, "DDDDDDDD"),
        (Revisor, ReadAudit, "AAAAAAAA"),
        (Revisor, Export, "AAAAAAAA"),
        (Admin, ReadMetadata, "DDDDDDDD"),
        (Admin, ReadContent, "DDDDDDDD"),
        (Admin, Upload, "DDDDDDDD"),
        (Admin, Correct, "DDDDDDDD"),
        (Admin, Link, "DDDDDDDD"),
        (Admin, ReadAudit, "DDDDDDDD"),
        (Admin, Export, "DDDDDDDD"),
    ];
    check(&table, &documents());
}

#[test]
fn register_by_role() {
    use Action::*;
    use Role::*;
    let columns = [
        Resource::Register(Some(Buf)),
        Resource::Register(Some(Okf)),
        Resource::Register(None),
    ];
    #[rustfmt::skip]
    let table = [
        (Enhed, ReadRegister, "AAA"), (Enhed, ManageRegister, "DDD"), (Enhed, ProposeRegister, "DDD"),
        (Digitaliseringskontor, ReadRegister, "AAA"), (Digitaliseringskontor, ManageRegister, "DDD"),
        (Digitaliseringskontor, ProposeRegister, "ADD"),
        (KoncernIt, ReadRegister, "AAA"), (KoncernIt, ManageRegister, "AAA"), (KoncernIt, ProposeRegister, "AAA"),
        (Revisor, ReadRegister, "AAA"), (Revisor, ManageRegister, "DDD"), (Revisor, ProposeRegister, "DDD"),
        (Admin, ReadRegister, "DDD"), (Admin, ManageRegister, "DDD"), (Admin, ProposeRegister, "DDD"),
    ];
    check(&table, &columns);
}

#[test]
fn audit_log_by_role() {
    use Role::*;
    let columns = [
        Resource::Audit(Some(Buf)),
        Resource::Audit(Some(Okf)),
        Resource::Audit(None),
        Resource::Global,
    ];
    let table = [
        (Enhed, Action::ReadAudit, "DDDD"),
        (Digitaliseringskontor, Action::ReadAudit, "ADDD"),
        (KoncernIt, Action::ReadAudit, "AAAA"),
        (Revisor, Action::ReadAudit, "AAAA"),
        (Admin, Action::ReadAudit, "DDDD"),
    ];
    check(&table, &columns);
}

#[test]
fn global_actions_by_role() {
    use Action::*;
    use Role::*;
    let actions = [Search, ReadReports, ManageUsers, ManageOwnAccount, Export];
    let expected = [
        (Enhed, "AADAD"),
        (Digitaliseringskontor, "AADAD"),
        (KoncernIt, "AAAAA"),
        (Revisor, "AADAA"),
        (Admin, "DDAAD"),
    ];
    let mut wrong = Vec::new();
    for (role, row) in expected {
        let got: String = actions
            .iter()
            .map(|&a| letter(decide(&actor(role), a, &Resource::Global)))
            .collect();
        if got != row {
            wrong.push(format!("{role:?}: expected {row}, got {got}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The route gate agrees with `decide` on a resource the role could see at all.
#[test]
fn gate_agrees_with_decide() {
    for &role in Role::ALL {
        for &action in Action::ALL {
            let a = actor(role);
            let own_contract = doc(Contract, Buf, false);
            if !allowed_at_all(&a, action) {
                for r in [
                    own_contract,
                    Resource::Register(Some(Buf)),
                    Resource::Global,
                ] {
                    assert_eq!(
                        decide(&a, action, &r),
                        Decision::Deny,
                        "{role:?} {action:?} {r:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn local_actor_acts_as_koncern_it() {
    let cli = Actor::local("cli:root");
    assert_eq!(cli.name, "cli:root");
    for &action in Action::ALL {
        for r in documents() {
            assert_eq!(
                decide(&cli, action, &r),
                Decision::Allow,
                "{action:?} {r:?}"
            );
        }
    }
}

#[test]
fn enhed_without_forvaltning_owns_nothing() {
    let mut a = actor(Role::Enhed);
    a.forvaltning = None;
    let got: String = documents()
        .iter()
        .map(|r| letter(decide(&a, Action::ReadContent, r)))
        .collect();
    assert_eq!(got, "AAHHDDAH");
    assert_eq!(
        decide(&a, Action::Upload, &doc(Contract, Buf, false)),
        Decision::Deny
    );
}

#[test]
fn scope_matches_visibility_and_sql() {
    let scope = document_scope(&actor(Role::Enhed));
    assert_eq!(scope, DocumentScope::Forvaltning(Some(Buf)));
    let seen: Vec<Visibility> = documents()
        .iter()
        .map(|r| match r {
            Resource::Document(d) => scope.visibility(d),
            _ => unreachable!(),
        })
        .collect();
    use Visibility::*;
    assert_eq!(
        seen,
        [Full, Full, None, Full, Metadata, Metadata, Full, None]
    );
    assert_eq!(
        scope.sql_condition("d").as_deref(),
        Some("(d.forvaltning = 'BUF' OR d.confidential = 0)")
    );
    assert_eq!(
        document_scope(&actor(Role::Revisor)).sql_condition("d"),
        Option::None
    );
    assert_eq!(
        scope.sql_full_condition("d").as_deref(),
        Some(
            "(d.forvaltning = 'BUF' OR (d.confidential = 0 AND d.kind IN ('contract', 'addendum', 'appendix')))"
        )
    );
    assert_eq!(document_scope(&actor(Role::Admin)), DocumentScope::Nothing);
}

#[test]
fn roles_travel_as_words() {
    assert_eq!(
        serde_json::to_string(&Role::KoncernIt).unwrap(),
        "\"koncern_it\""
    );
    assert_eq!(
        "digitaliseringskontor".parse::<Role>().unwrap(),
        Role::Digitaliseringskontor
    );
    assert!("root".parse::<Role>().is_err());
}
