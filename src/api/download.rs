//! Download responses: one place that sets the content type and a `Content-Disposition` whose file name
//! survives any characters (an ASCII fallback plus the real name in RFC 5987 form).

use axum::body::Body;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use storage::model::Document;

use super::error::ApiError;

/// Marks `response` as a file download named `file_name`.
pub fn attachment(mut response: Response, content_type: &'static str, file_name: &str) -> Response {
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // Built from ASCII only, so it is always a valid header value.
    if let Ok(value) = HeaderValue::from_str(&disposition(file_name)) {
        h.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// A stored PDF as a download: its length, its ETag, and a CSP that lets only our own pages frame it.
pub fn pdf(body: Body, doc: &Document, etag: &str) -> Result<Response, ApiError> {
    let name = doc
        .file_name
        .clone()
        .unwrap_or_else(|| format!("{}.pdf", doc.id));
    let mut response = attachment(Response::new(body), "application/pdf", &name);
    let h = response.headers_mut();
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(doc.bytes));
    h.insert(
        header::ETAG,
        HeaderValue::from_str(etag).map_err(ApiError::internal)?,
    );
    // Our own document page shows the PDF in a frame; other sites still may not.
    let csp = super::headers::CSP.replace("frame-ancestors 'none'", "frame-ancestors 'self'");
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_str(&csp).map_err(ApiError::internal)?,
    );
    h.insert(
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static("SAMEORIGIN"),
    );
    Ok(response)
}

fn disposition(name: &str) -> String {
    let safe = |b: u8| b.is_ascii_alphanumeric() || b".-_".contains(&b);
    let ascii: String = name
        .bytes()
        .map(|b| if safe(b) { b as char } else { '_' })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if safe(b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_with_quotes_and_danish_letters_are_escaped() {
        let d = super::disposition("Tillæg \"1\".pdf");
        assert_eq!(
            d,
            "attachment; filename=\"Till__g__1_.pdf\"; filename*=UTF-8''Till%C3%A6g%20%221%22.pdf"
        );
    }
}
