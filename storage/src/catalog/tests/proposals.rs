//! Unit tests of register proposals: accepting applies the change in the same transaction, rejecting
//! changes nothing, a decision is taken once, and each step is audited.

use super::super::documents::test_support::*;
use super::Decision;
use crate::error::Error;
use crate::model::{Forvaltning, ProposalStatus};

#[tokio::test]
async fn an_accepted_change_is_applied_once_and_audited() {
    let c = catalog().await;
    let system = add_system(&c, "Løn").await;
    let mut change = system.as_new();
    change.name = "Lønsystem".into();
    let p = c
        .propose_system(
            Some(&system.id),
            Forvaltning::Tmf,
            &change,
            Some("nyt navn"),
            "dk",
        )
        .await
        .unwrap();
    assert_eq!(p.status, ProposalStatus::Pending);
    assert_eq!(
        c.get_system(&system.id).await.unwrap().name,
        "Løn",
        "not applied before a decision"
    );

    let done = c
        .decide_proposal(p.id, Decision::Accept, None, "kit")
        .await
        .unwrap();
    assert_eq!(done.status, ProposalStatus::Accepted);
    assert_eq!(done.decided_by.as_deref(), Some("kit"));
    assert_eq!(c.get_system(&system.id).await.unwrap().name, "Lønsystem");
    let err = c
        .decide_proposal(p.id, Decision::Reject, None, "kit")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Conflict(_)), "{err}");
    let acts = actions(&c).await;
    assert_eq!(
        &acts[acts.len() - 3..],
        ["register.propose", "system.correct", "register.decide"]
    );
}

#[tokio::test]
async fn a_new_system_is_created_on_acceptance_and_nothing_on_rejection() {
    let c = catalog().await;
    let new = new_system("Elevplan");
    let p = c
        .propose_system(None, Forvaltning::Tmf, &new, None, "dk")
        .await
        .unwrap();
    let q = c
        .propose_system(None, Forvaltning::Tmf, &new_system("Andet"), None, "dk")
        .await
        .unwrap();
    c.decide_proposal(q.id, Decision::Reject, Some("findes allerede"), "kit")
        .await
        .unwrap();
    assert_eq!(c.all_systems().await.unwrap().len(), 0);
    c.decide_proposal(p.id, Decision::Accept, None, "kit")
        .await
        .unwrap();
    let all = c.all_systems().await.unwrap();
    assert_eq!(
        all.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        ["Elevplan"]
    );
    let pending = c
        .list_proposals(Some(Forvaltning::Tmf), Some(ProposalStatus::Pending))
        .await
        .unwrap();
    assert!(pending.is_empty());
    let rejected = c.get_proposal(q.id).await.unwrap();
    assert_eq!(rejected.reason.as_deref(), Some("findes allerede"));
}

#[tokio::test]
async fn a_failing_change_leaves_the_proposal_pending() {
    let c = catalog().await;
    let mut taken = new_system("Dublet");
    taken.id = Some("SYS-0100".into());
    c.create_system(&taken, "kit").await.unwrap();
    let p = c
        .propose_system(None, Forvaltning::Tmf, &taken, None, "dk")
        .await
        .unwrap();
    let err = c
        .decide_proposal(p.id, Decision::Accept, None, "kit")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Conflict(_)), "{err}");
    assert_eq!(
        c.get_proposal(p.id).await.unwrap().status,
        ProposalStatus::Pending
    );
}
