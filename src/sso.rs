//! Single sign-on with OpenID Connect (Microsoft Entra ID, or any provider), without HTTP serving: the
//! provider's settings, the claim-to-role mapping, and the authorization-code flow with PKCE (start a flow,
//! finish it with the code, verify the ID token, map its groups to a role and forvaltning). The routes that
//! drive it live in `api::oidc`; this module is a leaf so that the app state can hold an [`Oidc`] without
//! importing the handlers.
//!
//! The flow's secrets (PKCE verifier, nonce) stay on the server, keyed by the `state` value.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet,
    EndpointSet, IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope,
    TokenResponse,
};
use storage::access::Role;
use storage::catalog::ExternalLogin;
use storage::model::Forvaltning;

/// A login that takes longer than this starts over.
pub const FLOW_TTL: Duration = Duration::from_secs(600);

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

pub struct Flow {
    verifier: PkceCodeVerifier,
    nonce: Nonce,
    started: Instant,
    /// Where the browser goes after signing in (a path of ours, checked by the caller).
    pub next: Option<String>,
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

    /// Starts a flow: the provider's authorization URL, and the `state` that names the flow.
    pub fn begin(&self, next: Option<String>) -> (String, String) {
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, csrf, nonce) = self
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
        let mut flows = self.flows.lock().unwrap_or_else(|e| e.into_inner());
        flows.retain(|_, f| f.started.elapsed() < FLOW_TTL);
        let flow = Flow {
            verifier,
            nonce,
            started: Instant::now(),
            next,
        };
        flows.insert(csrf.secret().clone(), flow);
        (url.to_string(), csrf.secret().clone())
    }

    /// The flow named `state`, once: a second callback with the same state finds nothing.
    pub fn take_flow(&self, state: &str) -> Option<Flow> {
        let flow = self
            .flows
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(state);
        flow.filter(|f| f.started.elapsed() < FLOW_TTL)
    }

    /// Exchanges the code and verifies the ID token; answers its claims as JSON.
    pub async fn verified_claims(
        &self,
        code: String,
        flow: Flow,
    ) -> anyhow::Result<serde_json::Value> {
        let tokens = self
            .client
            .exchange_code(AuthorizationCode::new(code))?
            .set_pkce_verifier(flow.verifier)
            .request_async(&self.http)
            .await?;
        let id_token = tokens
            .id_token()
            .ok_or_else(|| anyhow::anyhow!("no ID token"))?;
        // Checks signature, issuer, audience, expiry and nonce.
        id_token.claims(&self.client.id_token_verifier(), &flow.nonce)?;
        // The group claim is not a standard one: read it from the payload that was just verified.
        let jwt = id_token.to_string();
        let payload = jwt
            .split('.')
            .nth(1)
            .ok_or_else(|| anyhow::anyhow!("malformed ID token"))?;
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload.trim_end_matches('='))?;
        Ok(serde_json::from_slice(&bytes)?)
    }

    /// The user that verified claims describe, or `None` when their groups map to no role.
    pub fn login_for(&self, claims: &serde_json::Value) -> Option<ExternalLogin> {
        let groups = string_list(&claims[self.group_claim.as_str()]);
        let rule = map_role(&self.rules, &groups)?;
        Some(external_login(&self.issuer, claims, rule))
    }
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
