//! Checks every page test runs: no inline code (CSP), every input labelled, headings in order, user text escaped.

/// The tags of a page as (name, attribute text). Text and attribute values are escaped by maud, so a `<`
/// always starts a tag.
fn tags(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let Some(len) = rest[start..].find('>') else {
            break;
        };
        let inner = &rest[start + 1..start + len];
        let name: String = inner
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '/')
            .collect();
        out.push((name.to_ascii_lowercase(), inner[name.len()..].to_owned()));
        rest = &rest[start + len + 1..];
    }
    out
}

fn attr(attrs: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let i = attrs.find(&key)? + key.len();
    Some(attrs[i..].split('"').next()?.to_owned())
}

/// Asserts the page rules. Call it on every rendered page in tests.
pub(crate) fn check(html: &str) {
    dump(html);
    assert!(html.contains("<html lang=\"da\">"), "lang");
    assert!(!html.contains("<style"), "inline <style>");
    assert!(!html.contains("<script>alert"), "unescaped user text");
    let tags = tags(html);
    let mut ids = std::collections::HashSet::new();
    let mut last_heading = 0;
    let mut h1 = 0;
    for (name, attrs) in &tags {
        // Attribute names only: split on spaces outside quotes is overkill, values never start with ` on`.
        let mut in_quote = false;
        let mut names = Vec::new();
        let mut cur = String::new();
        for c in attrs.chars() {
            match c {
                '"' => in_quote = !in_quote,
                c if c.is_whitespace() && !in_quote => {
                    names.push(std::mem::take(&mut cur));
                }
                c if !in_quote => cur.push(c),
                _ => {}
            }
        }
        names.push(cur);
        for n in names.iter().map(|n| n.split('=').next().unwrap_or("")) {
            assert!(n != "style", "style= on <{name}>");
            assert!(!n.starts_with("on"), "event handler {n} on <{name}>");
        }
        if let Some(id) = attr(attrs, "id") {
            assert!(ids.insert(id.clone()), "duplicate id {id}");
        }
        if name == "script" {
            assert!(attr(attrs, "src").is_some(), "inline script");
        }
        if let Some(level) = name.strip_prefix('h').and_then(|l| l.parse::<u32>().ok()) {
            assert!(
                level <= last_heading + 1,
                "heading h{level} after h{last_heading}"
            );
            last_heading = level;
            h1 += u32::from(level == 1);
        }
    }
    assert_eq!(h1, 1, "exactly one h1");
    assert!(
        !html.contains("<script src=\"/static/app.js\" defer>x"),
        "script body"
    );
    for (name, attrs) in &tags {
        let control = match name.as_str() {
            "input" => !matches!(
                attr(attrs, "type").as_deref(),
                Some("hidden" | "submit" | "button")
            ),
            "select" | "textarea" => true,
            _ => false,
        };
        if control {
            let id = attr(attrs, "id").unwrap_or_else(|| panic!("<{name}{attrs}> without id"));
            assert!(
                html.contains(&format!("for=\"{id}\"")),
                "<{name} id={id}> without label"
            );
        }
        if name == "form" && attr(attrs, "method").as_deref() == Some("post") {
            // Checked loosely: a POST page must carry a CSRF field somewhere.
            assert!(
                html.contains("name=\"csrf_token\""),
                "POST form without csrf_token"
            );
        }
        if name == "img" {
            assert!(attr(attrs, "alt").is_some(), "img without alt");
        }
    }
}

/// With `TEMPLATES_DUMP_DIR` set, every checked page is written there, for an HTML validator or axe.
fn dump(html: &str) {
    use std::hash::{Hash, Hasher};
    let Some(dir) = std::env::var_os("TEMPLATES_DUMP_DIR") else {
        return;
    };
    let mut h = std::collections::hash_map::DefaultHasher::new();
    html.hash(&mut h);
    let path = std::path::Path::new(&dir).join(format!("{:016x}.html", h.finish()));
    std::fs::write(path, html).expect("write page dump");
}

/// A user-typed string that must come out escaped.
pub(crate) const EVIL: &str = "<script>alert(1)</script>";
