//! Request extractors whose rejections answer through [`ApiError`], so a malformed path, query string or
//! body gets the same JSON error shape as every other failure instead of axum's plain text.

use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use bytes::Bytes;

use super::error::ApiError;

/// The body limit of every route but the upload: JSON bodies and forms are small.
pub const BODY_LIMIT: usize = 1 << 20;

/// Like `axum::extract::Query`, rejecting with a 400 that says which parameter is wrong.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct Query<T>(pub T);

/// Like `axum::extract::Path`, rejecting with a 400.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct Path<T>(pub T);

/// Like `axum::Form`, rejecting with a 400 that says what is wrong with the form.
#[derive(FromRequest)]
#[from_request(via(axum::Form), rejection(ApiError))]
pub struct Form<T>(pub T);

impl From<axum::extract::rejection::FormRejection> for ApiError {
    fn from(e: axum::extract::rejection::FormRejection) -> Self {
        ApiError::BadRequest(format!("invalid form: {}", e.body_text()))
    }
}

/// Like `axum::extract::Multipart`, rejecting with a 400 when the body is not multipart.
pub struct Multipart(pub axum::extract::Multipart);

impl<S: Send + Sync> FromRequest<S> for Multipart {
    type Rejection = ApiError;
    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        Ok(Multipart(
            axum::extract::Multipart::from_request(req, state).await?,
        ))
    }
}

/// The whole request body as bytes (small JSON bodies only; uploads stream).
pub struct Body(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for Body {
    type Rejection = ApiError;
    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        Ok(Body(Bytes::from_request(req, state).await?))
    }
}

impl From<QueryRejection> for ApiError {
    fn from(e: QueryRejection) -> Self {
        ApiError::BadRequest(format!("invalid query parameters: {}", e.body_text()))
    }
}

impl From<PathRejection> for ApiError {
    fn from(e: PathRejection) -> Self {
        match e {
            PathRejection::FailedToDeserializePathParams(e) => {
                ApiError::BadRequest(format!("invalid path: {}", e.body_text()))
            }
            other => ApiError::internal(other.body_text()),
        }
    }
}

impl From<MultipartRejection> for ApiError {
    fn from(e: MultipartRejection) -> Self {
        ApiError::BadRequest(format!(
            "expected a multipart/form-data body with parts `metadata` and `file`: {}",
            e.body_text()
        ))
    }
}

impl From<BytesRejection> for ApiError {
    fn from(e: BytesRejection) -> Self {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return ApiError::PayloadTooLarge(BODY_LIMIT as u64);
        }
        ApiError::BadRequest(format!(
            "the request body could not be read: {}",
            e.body_text()
        ))
    }
}
