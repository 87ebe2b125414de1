//! Unit tests of users, passwords, API tokens, feed keys, single-sign-on users and sessions.

use std::time::Duration;

use crate::access::Role;
use crate::catalog::{AuditQuery, Catalog, ExternalLogin, NewUser};
use crate::error::Error;
use crate::model::Forvaltning;

fn enhed(name: &str) -> NewUser {
    NewUser {
        name: name.into(),
        display_name: Some("Anne Enhed".into()),
        role: Role::Enhed,
        forvaltning: Some(Forvaltning::Buf),
        unit: Some("Skoler".into()),
    }
}

async fn with_user(name: &str) -> Catalog {
    let c = Catalog::in_memory().await.unwrap();
    c.add_user("cli:root", &enhed(name)).await.unwrap();
    c
}

async fn actions(c: &Catalog) -> Vec<String> {
    let events = c.audit_log(&AuditQuery::default()).await.unwrap();
    events
        .into_iter()
        .map(|e| format!("{} {} {}", e.actor, e.action, e.object))
        .collect()
}

#[tokio::test]
async fn users_are_added_listed_and_disabled() {
    let c = with_user("anne").await;
    let anne = c.user("anne").await.unwrap();
    assert_eq!(
        (anne.role, anne.forvaltning),
        (Role::Enhed, Some(Forvaltning::Buf))
    );
    assert_eq!(anne.display_name, "Anne Enhed");
    assert_eq!(c.user_by_id(&anne.id).await.unwrap(), anne);
    assert!(matches!(
        c.user_by_id("nobody").await,
        Err(Error::NotFound(_))
    ));
    assert!(!anne.disabled && !anne.has_password);
    assert!(matches!(
        c.add_user("x", &enhed("anne")).await,
        Err(Error::Conflict(_))
    ));
    for bad in ["", "has space", "cli:root"] {
        assert!(matches!(
            c.add_user("x", &enhed(bad)).await,
            Err(Error::Invalid { field: "name", .. })
        ));
    }
    let mut homeless = enhed("bo");
    homeless.forvaltning = None;
    assert!(matches!(
        c.add_user("x", &homeless).await,
        Err(Error::Invalid {
            field: "forvaltning",
            ..
        })
    ));
    let admin = NewUser {
        name: "root".into(),
        display_name: None,
        role: Role::Admin,
        forvaltning: None,
        unit: None,
    };
    assert_eq!(
        c.add_user("cli:root", &admin).await.unwrap().display_name,
        "root"
    );
    let names: Vec<_> = c
        .list_users()
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.name)
        .collect();
    assert_eq!(names, ["anne", "root"]);
    assert!(c.disable_user("root", "anne").await.unwrap().disabled);
    assert!(matches!(
        c.disable_user("root", "nobody").await,
        Err(Error::NotFound(_))
    ));
    assert_eq!(
        actions(&c).await,
        [
            "cli:root user.add user/anne",
            "cli:root user.add user/root",
            "root user.disable user/anne"
        ]
    );
}

#[tokio::test]
async fn passwords_are_argon2id_and_checked() {
    let c = with_user("anne").await;
    assert!(c.set_password("anne", "anne", "short").await.is_err());
    c.set_password("anne", "anne", "korrekt hest batteri")
        .await
        .unwrap();
    let stored: String = sqlx::query_scalar("SELECT password_hash FROM users")
        .fetch_one(&c.write)
        .await
        .unwrap();
    assert!(stored.starts_with("$argon2id$"), "{stored}");
    assert!(c.user("anne").await.unwrap().has_password);
    assert_eq!(
        c.verify_password("anne", "korrekt hest batteri")
            .await
            .unwrap()
            .unwrap()
            .name,
        "anne"
    );
    assert!(
        c.verify_password("anne", "forkert hest batteri")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        c.verify_password("nobody", "korrekt hest batteri")
            .await
            .unwrap()
            .is_none()
    );
    c.disable_user("root", "anne").await.unwrap();
    assert!(
        c.verify_password("anne", "korrekt hest batteri")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn tokens_are_shown_once_stored_hashed_and_revocable() {
    let c = with_user("anne").await;
    let t = c
        .issue_token("cli:root", "anne", "laptop", None)
        .await
        .unwrap();
    assert!(t.secret.len() >= 4 + 32, "at least 128 bits");
    assert_eq!(
        c.authenticate_token(&t.secret).await.unwrap().unwrap().name,
        "anne"
    );
    // Nothing stored contains the secret.
    let dump: Vec<(String, String)> = sqlx::query_as("SELECT id, secret_hash FROM api_tokens")
        .fetch_all(&c.write)
        .await
        .unwrap();
    assert!(
        dump.iter()
            .all(|(id, h)| !h.contains(&t.secret[4..]) && !id.contains(&t.secret[4..]))
    );
    let listed = c.list_tokens(Some("anne")).await.unwrap();
    assert_eq!(
        (listed.len(), listed[0].id.as_str(), listed[0].name.as_str()),
        (1, t.id.as_str(), "laptop")
    );
    assert!(c.authenticate_token("kat_0000").await.unwrap().is_none());
    assert!(
        c.authenticate_token(&t.secret[4..])
            .await
            .unwrap()
            .is_none()
    );
    c.revoke_token("cli:root", &t.id).await.unwrap();
    c.revoke_token("cli:root", &t.id).await.unwrap();
    assert!(c.authenticate_token(&t.secret).await.unwrap().is_none());
    assert!(c.list_tokens(None).await.unwrap()[0].revoked_at.is_some());
    assert!(matches!(
        c.revoke_token("x", "tok-none").await,
        Err(Error::NotFound(_))
    ));
    let events = actions(&c).await;
    assert_eq!(
        events.iter().filter(|e| e.contains("token.revoke")).count(),
        1,
        "{events:?}"
    );
}

#[tokio::test]
async fn expired_tokens_and_disabled_users_are_refused() {
    let c = with_user("anne").await;
    let past = chrono::Utc::now() - chrono::Duration::seconds(1);
    let future = chrono::Utc::now() + chrono::Duration::days(30);
    let old = c.issue_token("x", "anne", "old", Some(past)).await.unwrap();
    let fresh = c
        .issue_token("x", "anne", "fresh", Some(future))
        .await
        .unwrap();
    assert!(c.authenticate_token(&old.secret).await.unwrap().is_none());
    assert!(c.authenticate_token(&fresh.secret).await.unwrap().is_some());
    c.disable_user("x", "anne").await.unwrap();
    assert!(c.authenticate_token(&fresh.secret).await.unwrap().is_none());
}

#[tokio::test]
async fn feed_keys_rotate_and_revoke() {
    let c = with_user("anne").await;
    assert!(!c.has_feed_key("anne").await.unwrap());
    let first = c.rotate_feed_key("anne", "anne").await.unwrap();
    assert_eq!(
        c.user_by_feed_key(&first).await.unwrap().unwrap().name,
        "anne"
    );
    let second = c.rotate_feed_key("anne", "anne").await.unwrap();
    assert!(c.user_by_feed_key(&first).await.unwrap().is_none());
    assert!(c.user_by_feed_key(&second).await.unwrap().is_some());
    // A feed key is no API token, and the other way round.
    assert!(c.authenticate_token(&second).await.unwrap().is_none());
    c.revoke_feed_key("anne", "anne").await.unwrap();
    assert!(c.user_by_feed_key(&second).await.unwrap().is_none());
    assert!(!c.has_feed_key("anne").await.unwrap());
}

#[tokio::test]
async fn single_sign_on_users_are_made_at_first_login_and_follow_their_claims() {
    let c = with_user("anne").await;
    let mut login = ExternalLogin {
        issuer: "https://login.example/tenant".into(),
        subject: "sub-1".into(),
        name: "anne".into(),
        display_name: "Anne Fra Entra".into(),
        role: Role::Digitaliseringskontor,
        forvaltning: Some(Forvaltning::Okf),
        unit: None,
    };
    let user = c.upsert_external_user(&login).await.unwrap();
    assert_eq!(user.name, "anne-2", "the local anne keeps her name");
    assert_eq!(user.external_subject.as_deref(), Some("sub-1"));
    assert_eq!(c.upsert_external_user(&login).await.unwrap().id, user.id);
    login.role = Role::Revisor;
    login.forvaltning = None;
    let again = c.upsert_external_user(&login).await.unwrap();
    assert_eq!(
        (again.id.as_str(), again.role),
        (user.id.as_str(), Role::Revisor)
    );
    login.role = Role::Enhed;
    assert!(
        c.upsert_external_user(&login).await.is_err(),
        "enhed without forvaltning"
    );
    let events = actions(&c).await;
    assert_eq!(
        events.iter().filter(|e| e.ends_with("user/anne-2")).count(),
        2,
        "{events:?}"
    );
}

#[tokio::test]
async fn sessions_expire_and_end() {
    let c = with_user("anne").await;
    let anne = c.user("anne").await.unwrap();
    let hour = Duration::from_secs(3600);
    let s = c.create_session(&anne.id).await.unwrap();
    let live = c
        .session_user(&s.secret, hour, hour)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (live.user.name.as_str(), live.csrf_token.as_str()),
        ("anne", s.csrf_token.as_str())
    );
    let other = c.create_session(&anne.id).await.unwrap();
    assert_ne!(
        (&s.secret, &s.csrf_token),
        (&other.secret, &other.csrf_token)
    );
    let stored: Vec<String> = sqlx::query_scalar("SELECT secret_hash FROM sessions")
        .fetch_all(&c.write)
        .await
        .unwrap();
    assert!(!stored.contains(&s.secret));
    // Idle and absolute expiry; an expired session is gone for good.
    assert!(
        c.session_user(&s.secret, Duration::ZERO, hour)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        c.session_user(&s.secret, hour, hour)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        c.session_user(&other.secret, hour, Duration::ZERO)
            .await
            .unwrap()
            .is_none()
    );
    let third = c.create_session(&anne.id).await.unwrap();
    c.delete_session(&third.secret).await.unwrap();
    assert!(
        c.session_user(&third.secret, hour, hour)
            .await
            .unwrap()
            .is_none()
    );
    let fourth = c.create_session(&anne.id).await.unwrap();
    c.disable_user("x", "anne").await.unwrap();
    assert!(
        c.session_user(&fourth.secret, hour, hour)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        c.delete_expired_sessions(Duration::ZERO, hour)
            .await
            .unwrap(),
        0
    );
}
