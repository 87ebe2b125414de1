//! CSV fields (RFC 4180), shared by the pages' Danish CSV and the API's reports.

/// One CSV field: quoted when it holds a separator (comma or semicolon), a quote or a line end; a leading
/// `=`, `+`, `-` or `@` is defused so that a spreadsheet never runs a title as a formula.
pub fn field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r', ';']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn separators_quotes_and_formulas_are_safe() {
        assert_eq!(field("Drift"), "Drift");
        assert_eq!(field("a;b"), "\"a;b\"");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("sagt \"nej\""), "\"sagt \"\"nej\"\"\"");
        assert_eq!(field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
    }
}
