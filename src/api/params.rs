//! Small pieces shared by handlers: the day a view judges by, JSON bodies parsed with the field named,
//! and JSON merge patches.

use serde::Deserialize;
use utoipa::IntoParams;

use super::error::ApiError;
use super::state::AppState;

/// The day a view judges by.
#[derive(Debug, Clone, Copy, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AsOf {
    /// Judge as of this day (`YYYY-MM-DD`); today (UTC) when absent.
    pub as_of: Option<chrono::NaiveDate>,
}

/// The rules' context: the day and the staleness limit of the configuration.
pub fn context(state: &AppState, as_of: AsOf) -> storage::views::Context {
    storage::views::Context {
        today: as_of
            .as_of
            .unwrap_or_else(|| chrono::Utc::now().date_naive()),
        stale_after_months: state.stale_after_months,
    }
}

/// Parses a JSON body, naming the offending field on error (422).
pub fn parse_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." {
            "body".to_string()
        } else {
            path
        };
        ApiError::invalid(field, e.into_inner().to_string())
    })
}

/// Applies a JSON merge patch (RFC 7396, top level) to `current`; fields in `read_only` are refused.
pub fn merge_patch(
    current: serde_json::Value,
    patch: &[u8],
    read_only: &[&str],
) -> Result<Vec<u8>, ApiError> {
    let patch: serde_json::Value = serde_json::from_slice(patch)
        .map_err(|e| ApiError::invalid("body", format!("is not JSON: {e}")))?;
    let serde_json::Value::Object(patch) = patch else {
        return Err(ApiError::invalid(
            "body",
            "must be a JSON object of the fields to change",
        ));
    };
    let serde_json::Value::Object(mut merged) = current else {
        return Err(ApiError::internal("stored value is not an object"));
    };
    for (key, value) in patch {
        if read_only.contains(&key.as_str()) {
            return Err(ApiError::invalid(
                key,
                "is set by the server and cannot be corrected",
            ));
        }
        if value.is_null() {
            merged.remove(&key);
        } else {
            merged.insert(key, value);
        }
    }
    serde_json::to_vec(&merged).map_err(ApiError::internal)
}
