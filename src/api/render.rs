//! Text formats of the reports: CSV (RFC 4180) and iCalendar (RFC 5545).

use chrono::{DateTime, Utc};
use storage::views::{ComplianceReport, Deadline};
use templates::csv::field as csv_field;

/// Whether the client asked for `media_type` in its `Accept` header.
pub fn wants(headers: &axum::http::HeaderMap, media_type: &str) -> bool {
    headers
        .get_all(axum::http::header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|v| {
            v.split(';')
                .next()
                .is_some_and(|t| t.trim().eq_ignore_ascii_case(media_type))
        })
}

/// The audit log as CSV, one event a row, with its chain hashes so a reader can check them.
pub fn audit_csv(events: &[storage::catalog::AuditEvent]) -> String {
    let mut out = String::from("seq,at,actor,action,object,details,prev_hash,hash\r\n");
    for e in events {
        let seq = e.seq.to_string();
        let row = [
            seq.as_str(),
            &e.at,
            &e.actor,
            &e.action,
            &e.object,
            &e.details,
            &e.prev_hash,
            &e.hash,
        ];
        out.push_str(&row.map(csv_field).join(","));
        out.push_str("\r\n");
    }
    out
}

pub fn compliance_csv(report: &ComplianceReport) -> String {
    let mut out = String::from(
        "rule,gap,forvaltning,system_id,system_name,document_id,document_title,detail\r\n",
    );
    for g in &report.gaps {
        let row = [
            g.rule,
            g.gap,
            g.forvaltning.as_str(),
            g.system_id.as_deref().unwrap_or(""),
            g.system_name.as_deref().unwrap_or(""),
            g.document_id.as_deref().unwrap_or(""),
            g.document_title.as_deref().unwrap_or(""),
            &g.detail,
        ];
        out.push_str(&row.map(csv_field).join(","));
        out.push_str("\r\n");
    }
    out
}

/// RFC 5545 §3.3.11: backslash, semicolon, comma and newline are escaped in TEXT values.
fn ical_text(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace(['\n', '\r'], "\\n")
}

/// Folds a content line at 75 octets (never inside a UTF-8 character) and ends it with CRLF.
fn push_line(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

fn label(kind: &str) -> &'static str {
    match kind {
        "notice_deadline" => "Sidste frist for opsigelse",
        "expiry" => "Kontrakt udløber",
        "revision_due" => "Dokumentation skal revideres",
        _ => "Frist",
    }
}

/// The deadlines as all-day events; UIDs are stable so a subscribed calendar updates rather than duplicates.
pub fn calendar(deadlines: &[Deadline], now: DateTime<Utc>) -> String {
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Koebenhavns Kommune//Kontraktarkiv//DA",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Kontraktarkiv – frister",
    ] {
        push_line(&mut out, line);
    }
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    for d in deadlines {
        let next = d.date.succ_opt().unwrap_or(d.date);
        let mut description = d.detail.clone();
        if let Some(s) = &d.supplier {
            description.push_str(&format!("\nLeverandør: {}", s.name));
        }
        description.push_str(&format!("\nForvaltning: {}", d.forvaltning.as_str()));
        if !d.system_ids.is_empty() {
            description.push_str(&format!("\nSystemer: {}", d.system_ids.join(", ")));
        }
        description.push_str(&format!("\nDokument: {}", d.document_id));
        for line in [
            "BEGIN:VEVENT".to_string(),
            format!(
                "UID:{}-{}-{}@kontraktarkiv",
                d.kind,
                d.document_id,
                d.date.format("%Y%m%d")
            ),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{}", d.date.format("%Y%m%d")),
            format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")),
            format!(
                "SUMMARY:{}",
                ical_text(&format!("{}: {}", label(d.kind), d.title))
            ),
            format!("DESCRIPTION:{}", ical_text(&description)),
            format!("CATEGORIES:{}", d.kind),
            "TRANSP:TRANSPARENT".to_string(),
            "END:VEVENT".to_string(),
        ] {
            push_line(&mut out, &line);
        }
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_defuses() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=SUM(A1)"), "'=SUM(A1)");
    }

    #[test]
    fn ical_lines_fold_at_75_octets_on_character_boundaries() {
        let mut out = String::new();
        push_line(&mut out, &format!("SUMMARY:{}", "æ".repeat(60)));
        for line in out.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        assert_eq!(
            out.replace("\r\n ", ""),
            format!("SUMMARY:{}\r\n", "æ".repeat(60))
        );
        assert_eq!(ical_text("a;b,c\nd\\"), "a\\;b\\,c\\nd\\\\");
    }
}
