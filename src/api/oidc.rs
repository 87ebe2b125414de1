//! Single sign-on with OpenID Connect (Microsoft Entra ID, or any provider): the authorization-code flow
//! with PKCE. `/login/oidc` sends the browser to the provider; `/login/oidc/callback` takes the code back,
//! checks the ID token (signature, issuer, audience, expiry, nonce), maps its group claim to a role and a
//! forvaltning, creates the user at the first login, and starts a session.
//!
//! The flow's secrets (PKCE verifier, nonce) stay on the server, keyed by the `state` value, which also
//! sits in a short-lived cookie so that a callback only completes in the browser that started it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use base64::Engine;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet,
    EndpointSet, IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope,
    TokenResponse,
};
use serde::Deserialize;
use storage::access::Role;
use storage::catalog::ExternalLogin;
use storage::model::Forvaltning;

use super::auth::cookie;
use super::error::ApiError;
use super::extract::Query;
use super::login::{set_cookie, start_session};
use super::state::AppState;

const FLOW_COOKIE: &str = "ka_oidc";
/// A login that takes longer than this starts over.
const FLOW_TTL: Duration = Duration::from_secs(600);

type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// The provider's settings, from the command line or the environment.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct OidcArgs {
    /// The provider's issuer URL, e.g. https://login.microsoftonline.com/<tenant-id>/v2.0. Sign-on is off
    /// when absent.
    #[arg(long, env = "KONTRAKTARKIV_OIDC_ISSUER")]
    pub oidc_issuer: Option<String>,
    #[arg(long, env = "KONTRAKTARKIV_OIDC_CLIENT_ID")]
    pub oidc_client_id: Option<String>,
    #[arg(long, env = "KONTRAKTARKIV_OIDC_CLIENT_SECRET", hide_env_values = true)]
    pub oidc_client_secret: Option<String>,
    /// This service's callback as the provider knows it: https://<host>/login/oidc/callback.
    #[arg(long, env = "KONTRAKTARKIV_OIDC_REDIRECT_URL")]
    pub oidc_redirect_url: Option<String>,
    /// The ID token's claim that lists the user's groups (Entra ID: `groups`, or `roles` for app roles).
    #[arg(long, env = "KONTRAKTARKIV_OIDC_GROUP_CLAIM", default_value = "groups")]
    pub oidc_group_claim: String,
    /// `GROUP=ROLE` or `GROUP=ROLE:FORVALTNING`, e.g. `8f1c…=enhed:BUF`; the first rule that matches one of
    /// the user's groups decides, so list the strongest roles first. Comma-separated in the environment.
    #[arg(
        long = "oidc-role",
        env = "KONTRAKTARKIV_OIDC_ROLES",
        value_delimiter = ','
    )]
    pub oidc_roles: Vec<String>,
}

/// One rule of the claim-to-role mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleRule {
    pub group: String,
    pub role: Role,
    pub forvaltning: Option<Forvaltning>,
}

impl std::str::FromStr for RoleRule {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (group, target) = s
            .split_once('=')
            .ok_or(format!("{s:?}: expected GROUP=ROLE[:FORVALTNING]"))?;
        let (role, forvaltning) = match target.split_once(':') {
            Some((r, f)) => (
                r,
                Some(f.parse::<Forvaltning>().map_err(|e| e.to_string())?),
            ),
            None => (target, None),
        };
        Ok(RoleRule {
            group: group.trim().to_string(),
            role: role
                .trim()
                .parse()
                .map_err(|e: storage::Error| e.to_string())?,
            forvaltning,
        })
    }
}

/// The first rule matching one of `groups`.
pub fn map_role<'a>(rules: &'a [RoleRule], groups: &[String]) -> Option<&'a RoleRule> {
    rules.iter().find(|r| groups.contains(&r.group))
}

struct Flow {
    verifier: PkceCodeVerifier,
    nonce: Nonce,
    started: Instant,
}

/// A configured provider.
#[derive(Clone)]
pub struct Oidc {
    client: Client,
    http: openidconnect::reqwest::Client,
    issuer: String,
    group_claim: String,
    rules: Arc<Vec<RoleRule>>,
    flows: Arc<Mutex<HashMap<String, Flow>>>,
}

impl Oidc {
    /// Discovers the provider (its endpoints and keys); `None` when sign-on is not configured.
    pub async fn discover(args: &OidcArgs) -> anyhow::Result<Option<Oidc>> {
        let Some(issuer) = &args.oidc_issuer else {
            return Ok(None);
        };
        let need = |v: &Option<String>, flag: &str| {
            v.clone()
                .ok_or_else(|| anyhow::anyhow!("--oidc-issuer needs {flag} too"))
        };
        let client_id = need(&args.oidc_client_id, "--oidc-client-id")?;
        let redirect = need(&args.oidc_redirect_url, "--oidc-redirect-url")?;
        let rules = args
            .oidc_roles
            .iter()
            .map(|r| r.parse::<RoleRule>().map_err(anyhow::Error::msg))
            .collect::<anyhow::Result<Vec<_>>>()?;
        anyhow::ensure!(
            !rules.is_empty(),
            "--oidc-issuer needs at least one --oidc-role GROUP=ROLE"
        );
        let http = openidconnect::reqwest::ClientBuilder::new()
            // The provider's answers must not send us elsewhere (SSRF).
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .build()?;
        let metadata =
            CoreProviderMetadata::discover_async(IssuerUrl::new(issuer.clone())?, &http).await?;
        let client = CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(client_id),
            args.oidc_client_secret.clone().map(ClientSecret::new),
        )
        .set_redirect_uri(RedirectUrl::new(redirect)?);
        Ok(Some(Oidc {
            client,
            http,
            issuer: issuer.clone(),
            group_claim: args.oidc_group_claim.clone(),
            rules: Arc::new(rules),
            flows: Arc::default(),
        }))
    }
}

fn provider(state: &AppState) -> Result<&Oidc, ApiError> {
    state
        .auth
        .oidc
        .as_ref()
        .ok_or_else(|| ApiError::NotFound("single sign-on is not configured".into()))
}

/// Starts a login: to the provider, with PKCE and a nonce.
pub async fn start(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let oidc = provider(&state)?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, csrf, nonce) = oidc
        .client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("profile".into()))
        .add_scope(Scope::new("email".into()))
        .set_pkce_challenge(challenge)
        .url();
    {
        let mut flows = oidc.flows.lock().unwrap_or_else(|e| e.into_inner());
        flows.retain(|_, f| f.started.elapsed() < FLOW_TTL);
        flows.insert(
            csrf.secret().clone(),
            Flow {
                verifier,
                nonce,
                started: Instant::now(),
            },
        );
    }
    let mut response = Redirect::to(url.as_str()).into_response();
    let flow_cookie = set_cookie(
        &state,
        &headers,
        FLOW_COOKIE,
        csrf.secret(),
        Some(FLOW_TTL.as_secs()),
    );
    response
        .headers_mut()
        .append(header::SET_COOKIE, flow_cookie);
    Ok(response)
}

#[derive(Deserialize)]
pub struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// The provider sends the browser back here with a code.
pub async fn callback(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(cb): Query<Callback>,
) -> Result<Response, ApiError> {
    let oidc = provider(&state)?;
    if let Some(error) = cb.error {
        return Ok(refused(&format!("Udbyderen afviste login ({error}).")));
    }
    let (Some(code), Some(flow_state)) = (cb.code, cb.state) else {
        return Err(ApiError::BadRequest(
            "the callback needs `code` and `state`".into(),
        ));
    };
    let same_browser =
        cookie(&headers, FLOW_COOKIE).is_some_and(|c| super::auth::same_secret(c, &flow_state));
    let flow = oidc
        .flows
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .remove(&flow_state);
    let Some(flow) = flow.filter(|f| same_browser && f.started.elapsed() < FLOW_TTL) else {
        return Ok(refused(
            "Login-forløbet var udløbet eller startet i en anden browser. Prøv igen.",
        ));
    };
    let claims = match verified_claims(oidc, code, flow).await {
        Ok(claims) => claims,
        Err(e) => {
            tracing::warn!(error = %e, "single sign-on failed");
            return Ok(refused(
                "Login hos udbyderen kunne ikke bekræftes. Prøv igen.",
            ));
        }
    };
    let groups = string_list(&claims[oidc.group_claim.as_str()]);
    let Some(rule) = map_role(&oidc.rules, &groups) else {
        let subject = claims["sub"].as_str().unwrap_or("?");
        state
            .catalog
            .audit(
                "anonymous",
                "login.refused",
                &format!("oidc/{subject}"),
                serde_json::json!({"reason": "no role"}),
            )
            .await?;
        return Ok(refused(
            "Din konto har ingen rolle i Kontraktarkiv. Bed Koncern IT om adgang.",
        ));
    };
    let login = external_login(&oidc.issuer, &claims, rule);
    let user = state.catalog.upsert_external_user(&login).await?;
    let mut response = start_session(&state, &headers, &user, "oidc", "/").await?;
    // The flow is over: its cookie goes.
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&state, &headers, FLOW_COOKIE, "", Some(0)),
    );
    Ok(response)
}

/// Exchanges the code and verifies the ID token; answers its claims as JSON.
async fn verified_claims(
    oidc: &Oidc,
    code: String,
    flow: Flow,
) -> anyhow::Result<serde_json::Value> {
    let tokens = oidc
        .client
        .exchange_code(AuthorizationCode::new(code))?
        .set_pkce_verifier(flow.verifier)
        .request_async(&oidc.http)
        .await?;
    let id_token = tokens
        .id_token()
        .ok_or_else(|| anyhow::anyhow!("no ID token"))?;
    // Checks signature, issuer, audience, expiry and nonce.
    id_token.claims(&oidc.client.id_token_verifier(), &flow.nonce)?;
    // The group claim is not a standard one: read it from the payload that was just verified.
    let jwt = id_token.to_string();
    let payload = jwt
        .split('.')
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("malformed ID token"))?;
    let bytes =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload.trim_end_matches('='))?;
    Ok(serde_json::from_slice(&bytes)?)
}

fn string_list(v: &serde_json::Value) -> Vec<String> {
    match v {
        serde_json::Value::Array(items) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        serde_json::Value::String(s) => vec![s.clone()],
        _ => Vec::new(),
    }
}

fn external_login(issuer: &str, claims: &serde_json::Value, rule: &RoleRule) -> ExternalLogin {
    let text = |k: &str| claims[k].as_str().map(str::to_string);
    let subject = text("sub").unwrap_or_default();
    let name = text("preferred_username")
        .or_else(|| text("email"))
        .unwrap_or_else(|| subject.clone());
    ExternalLogin {
        issuer: issuer.to_string(),
        subject,
        display_name: text("name").unwrap_or_else(|| name.clone()),
        name,
        role: rule.role,
        forvaltning: rule.forvaltning,
        unit: None,
    }
}

/// A refused login, explained in Danish.
fn refused(message: &str) -> Response {
    let chrome = templates::view::Chrome::anonymous();
    let page = templates::error::error_page(&chrome, 403, Some(message));
    (StatusCode::FORBIDDEN, Html(page.into_string())).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_parse_and_the_first_match_wins() {
        let rules: Vec<RoleRule> = ["g-kit=koncern_it", "g-buf=enhed:BUF", "g-all=revisor"]
            .iter()
            .map(|r| r.parse().unwrap())
            .collect();
        assert_eq!(rules[1].forvaltning, Some(Forvaltning::Buf));
        let groups = vec!["g-all".to_string(), "g-buf".to_string()];
        assert_eq!(map_role(&rules, &groups).unwrap().role, Role::Enhed);
        assert!(map_role(&rules, &["other".to_string()]).is_none());
        assert!("nogroup".parse::<RoleRule>().is_err());
        assert!("g=boss".parse::<RoleRule>().is_err());
        assert!("g=enhed:XYZ".parse::<RoleRule>().is_err());
    }
}
