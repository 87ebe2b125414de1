//! The security headers every answer carries (unless a handler sets its own, as the PDF download does).

/// No inline script or style anywhere, no framing by other sites, forms post only to us.
pub const CSP: &str = "default-src 'self'; img-src 'self' data:; object-src 'self'; base-uri 'none'; \
    form-action 'self'; frame-ancestors 'none'";
