//! Who is calling, and may they: a bearer token or a session cookie becomes a `storage::access::Actor`,
//! and every handler asks [`authorize`] (the one policy, `storage::access::decide`) before it acts.
//!
//! No credentials: 401. Credentials that may not do this: 403. A document the caller may not know of: 404.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use storage::access::{Action, Actor, Decision, DocumentScope, Resource, decide, document_scope};

use super::error::ApiError;
use super::state::AppState;

/// The browser's session cookie (HttpOnly, SameSite=Lax; Secure behind TLS).
pub const SESSION_COOKIE: &str = "ka_session";

/// The signed-in caller of a request.
#[derive(Debug, Clone)]
pub struct Caller {
    pub actor: Actor,
    /// The session's CSRF token when the caller came with the session cookie (None for bearer tokens,
    /// which a browser never sends on its own and so need no CSRF check).
    pub csrf: Option<String>,
}

impl Caller {
    /// 403 unless the caller's role may do `action` to anything at all.
    pub fn gate(&self, action: Action) -> Result<(), ApiError> {
        authorize(&self.actor, action, &Resource::Global)
    }

    pub fn scope(&self) -> DocumentScope {
        document_scope(&self.actor)
    }

    pub fn name(&self) -> &str {
        &self.actor.name
    }

    /// A form posted with the session cookie must carry the session's CSRF token.
    pub fn check_csrf(&self, sent: Option<&str>) -> Result<(), ApiError> {
        match (&self.csrf, sent) {
            (None, _) => Ok(()),
            (Some(expected), Some(sent)) if same_secret(expected, sent) => Ok(()),
            _ => Err(ApiError::Forbidden(
                "the form's CSRF token is missing or stale; reload the page and try again".into(),
            )),
        }
    }
}

/// Constant-time equality of two secrets, so that no timing tells how much of a guess was right.
pub fn same_secret(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// The policy's answer as an HTTP error.
pub fn authorize(actor: &Actor, action: Action, resource: &Resource) -> Result<(), ApiError> {
    match decide(actor, action, resource) {
        Decision::Allow => Ok(()),
        Decision::Deny => Err(ApiError::Forbidden(format!(
            "the role {} may not do this ({action:?})",
            actor.role.as_str()
        ))),
        Decision::Hidden => Err(ApiError::NotFound("document".into())),
    }
}

/// One cookie's value from the request's `Cookie` headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let caller = identify(parts, state).await?;
        // The actor joins the request's span, so a log line and an audit event can be matched.
        tracing::Span::current().record("actor", caller.actor.name.as_str());
        let changes = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if changes && parts.uri.path().starts_with("/api/") {
            // JSON calls from the browser's own scripts send the token in a header; forms check their field.
            let sent = parts
                .headers
                .get("x-csrf-token")
                .and_then(|v| v.to_str().ok());
            caller.check_csrf(sent)?;
        }
        Ok(caller)
    }
}

async fn identify(parts: &Parts, state: &AppState) -> Result<Caller, ApiError> {
    if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or_else(|| {
                ApiError::Unauthorized("the Authorization header must be `Bearer <token>`".into())
            })?;
        let user = state
            .catalog
            .authenticate_token(token.trim())
            .await?
            .ok_or_else(|| {
                ApiError::Unauthorized("the token is unknown, expired or revoked".into())
            })?;
        return Ok(Caller {
            actor: Actor::from(&user),
            csrf: None,
        });
    }
    if let Some(secret) = cookie(&parts.headers, SESSION_COOKIE)
        && let Some(session) = state
            .catalog
            .session_user(secret, state.auth.idle, state.auth.absolute)
            .await?
    {
        return Ok(Caller {
            actor: Actor::from(&session.user),
            csrf: Some(session.csrf_token),
        });
    }
    Err(ApiError::Unauthorized(
        "sign in: send `Authorization: Bearer <token>`, or log in at /login".into(),
    ))
}

/// Loads a document the caller may do `action` to: 404 for a missing document and for one the caller may
/// not know of, 403 when they know it but may not do this.
pub async fn document_for(
    state: &AppState,
    caller: &Caller,
    id: &str,
    action: Action,
) -> Result<storage::model::Document, ApiError> {
    let id: storage::DocumentId = id.parse()?;
    let doc = state.catalog.get_document(&id).await?;
    let facts = storage::access::DocFacts::from(&doc);
    // Existence first: a document the caller may not know of is 404 whatever they wanted to do with it.
    if caller.scope().visibility(&facts) == storage::access::Visibility::None {
        return Err(ApiError::NotFound("document".into()));
    }
    authorize(&caller.actor, action, &Resource::Document(facts))?;
    Ok(doc)
}

impl Caller {
    /// The caller's view of the document set, as the search index applies it inside its query.
    pub fn index_scope(&self) -> index::Scope {
        match self.scope() {
            DocumentScope::All => index::Scope::All,
            DocumentScope::Forvaltning(own) => {
                index::Scope::Forvaltning(own.map(|f| f.as_str().to_string()).unwrap_or_default())
            }
            // No role without a document view may search (the gate refuses); match nothing anyway.
            DocumentScope::Nothing => index::Scope::Forvaltning(String::new()),
        }
    }
}

/// The caller of the calendar feed: a user's secret feed key (`?key=`, for Outlook, which sends no
/// token), or else the usual token or session.
pub struct FeedCaller(pub Caller);

impl FromRequestParts<AppState> for FeedCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let key = parts.uri.query().and_then(|q| {
            q.split('&')
                .filter_map(|pair| pair.split_once('='))
                .find(|(k, _)| *k == "key")
                .map(|(_, v)| v.to_string())
        });
        let Some(key) = key else {
            return Ok(FeedCaller(Caller::from_request_parts(parts, state).await?));
        };
        let user =
            state.catalog.user_by_feed_key(&key).await?.ok_or_else(|| {
                ApiError::Unauthorized("the feed key is unknown or revoked".into())
            })?;
        tracing::Span::current().record("actor", user.name.as_str());
        Ok(FeedCaller(Caller {
            actor: Actor::from(&user),
            csrf: None,
        }))
    }
}

impl Caller {
    /// The documents of `queries`, closed over their families and versions, without those the caller may
    /// not know of: every view built from it (dossier, supplier overview, reuse, compliance, deadlines,
    /// export) is then filtered by the same policy.
    pub async fn doc_set(
        &self,
        state: &AppState,
        queries: &[storage::catalog::DocQuery],
        ctx: &storage::views::Context,
    ) -> Result<storage::views::DocSet, ApiError> {
        let mut seed = Vec::new();
        for q in queries {
            seed.extend(state.catalog.documents(q).await?);
        }
        let all = state.catalog.close_over_families(seed).await?;
        let scope = self.scope();
        let known = all
            .into_iter()
            .filter(|(_, d)| {
                scope.visibility(&storage::access::DocFacts::from(d))
                    != storage::access::Visibility::None
            })
            .collect();
        Ok(storage::views::DocSet::new(known, ctx))
    }
}
