//! Danish formatting: dates (`5. december 2026`), amounts (`1.250.000 kr.`) and the Danish labels of the
//! API's snake_case codes. Unknown codes are shown as they are, so a new enum value never breaks a page.

use std::fmt;

const MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];

/// A calendar date. The service fills it from its own date type; templates need no date crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    pub const fn new(year: i32, month: u32, day: u32) -> Date {
        Date { year, month, day }
    }

    /// Reads `YYYY-MM-DD`, also as the start of an RFC 3339 timestamp.
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.get(..10)?;
        let mut parts = s.split('-');
        let year = parts.next()?.parse().ok()?;
        let month: u32 = parts.next()?.parse().ok()?;
        let day: u32 = parts.next()?.parse().ok()?;
        ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(Date { year, month, day })
    }

    /// `2026-12-05`, for `<time datetime>` and `<input type=date>`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// Days since 1970-01-01 (proleptic Gregorian), so the SVG timelines can place dates on an axis.
    pub fn days(&self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `n` days later (or earlier); the inverse of [`Date::days`] (Hinnant's civil_from_days).
    pub fn add_days(&self, n: i64) -> Date {
        let z = self.days() + n + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date::new(year, month, day)
    }

    /// The date `months` later, clamped to the month's last day (options run in whole months).
    pub fn add_months(&self, months: u32) -> Date {
        let total = i64::from(self.year) * 12 + i64::from(self.month - 1) + i64::from(months);
        let year = total.div_euclid(12) as i32;
        let month = total.rem_euclid(12) as u32 + 1;
        let last = match month {
            2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        Date::new(year, month, self.day.min(last))
    }

    /// `december 2026`, for month headings.
    pub fn month_year(&self) -> String {
        format!("{} {}", month_name(self.month), self.year)
    }
}

fn month_name(month: u32) -> &'static str {
    MONTHS
        .get(month.wrapping_sub(1) as usize)
        .copied()
        .unwrap_or("?")
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}. {} {}", self.day, month_name(self.month), self.year)
    }
}

/// `1250000` → `1.250.000` (Danish thousands separator).
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// `1250000` → `1.250.000 kr.`; negative amounts keep their sign.
pub fn amount_dkk(kroner: i64) -> String {
    let sign = if kroner < 0 { "-" } else { "" };
    format!("{sign}{} kr.", thousands(kroner.unsigned_abs()))
}

/// An RFC 3339 timestamp as `5. december 2026 kl. 12.50` (the time as given, which the service keeps in UTC).
pub fn timestamp(rfc3339: &str) -> String {
    match (Date::parse(rfc3339), rfc3339.get(11..16)) {
        (Some(d), Some(hm)) if hm.as_bytes().get(2) == Some(&b':') => {
            format!("{d} kl. {}", hm.replace(':', "."))
        }
        (Some(d), _) => d.to_string(),
        _ => rfc3339.to_owned(),
    }
}

/// A byte count for people: `1,4 MB`.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "kB", "MB", "GB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit]).replace('.', ",")
    }
}

/// Maps a code to its Danish label, falling back to the code itself.
macro_rules! labels {
    ($(#[$doc:meta])* $name:ident { $($code:literal => $label:literal),* $(,)? }) => {
        $(#[$doc])*
        pub fn $name(code: &str) -> &str {
            match code { $($code => $label,)* other => other }
        }
    };
}

labels!(
    /// Document kinds (`DocumentKind`).
    kind_label {
        "contract" => "Kontrakt", "addendum" => "Tillæg", "appendix" => "Bilag",
        "data_processing_agreement" => "Databehandleraftale",
        "system_documentation" => "Systemteknisk dokumentation",
    }
);
labels!(
    /// Extraction status of a document.
    status_label {
        "pending" => "Venter på tekstudtræk", "indexed" => "Søgbar",
        "no_text" => "Ingen tekst (scannet)", "failed" => "Tekstudtræk mislykkedes",
    }
);
labels!(
    /// §6 system categories.
    category_label {
        "infrastructure" => "Infrastruktur", "generic_administrative" => "Generisk administrativt system",
        "specialist" => "Fagsystem", "cross_cutting_specialist" => "Tværgående fagsystem",
        "joint_public" => "Fællesoffentligt system", "utility" => "Hjælpeværktøj",
    }
);
labels!(
    /// System lifecycle (KITOS's words).
    lifecycle_label {
        "phasing_in" => "Under indfasning", "operational" => "I drift",
        "phasing_out" => "Under udfasning", "not_in_use" => "Ikke i drift",
    }
);
labels!(
    /// Networks (§0.7).
    network_label { "administrative" => "Administrativt", "pedagogical" => "Pædagogisk" }
);
labels!(
    /// Archive duty.
    archive_duty_label { "preserve" => "B – bevares", "discard" => "K – kasseres", "undecided" => "Uafklaret" }
);
labels!(
    /// User roles.
    role_label {
        "enhed" => "Enhed", "digitaliseringskontor" => "Digitaliseringskontor",
        "koncern_it" => "Koncern IT", "revisor" => "Revisor", "admin" => "Administrator",
    }
);
labels!(
    /// What a notice period runs to.
    notice_anchor_label {
        "running" => "løbende", "end_of_month" => "til udgangen af en måned",
        "end_of_quarter" => "til udgangen af et kvartal", "end_of_year" => "til udgangen af et år",
    }
);
labels!(
    /// Kontraktskabelon.
    template_label {
        "K01" => "K01", "K02" => "K02", "K03" => "K03", "K04" => "K04", "KOMBIT" => "KOMBIT", "SKI" => "SKI",
        "supplier" => "Leverandørens", "own" => "Egen", "other" => "Anden",
    }
);
labels!(
    /// Documentation types.
    doc_type_label {
        "system_description" => "Systembeskrivelse", "architecture" => "Arkitektur",
        "operations_guide" => "Driftsvejledning", "installation" => "Installationsvejledning",
        "configuration" => "Konfiguration", "interface" => "Snitflade", "data_model" => "Datamodel",
        "security" => "Sikkerhed", "user_guide" => "Brugervejledning", "release_notes" => "Releasenoter",
        "test_report" => "Testrapport", "other" => "Andet",
    }
);
labels!(
    /// Audit-log actions, as a document's history shows them.
    audit_action_label {
        "document.upload" => "Indsendt", "document.read" => "Metadata læst", "document.read_text" => "Tekst læst",
        "document.read_content" => "PDF hentet", "document.correct" => "Metadata rettet",
        "document.link" => "Knyttet til system", "document.unlink" => "Fjernet fra system",
        "system.export" => "Revisionspakke hentet", "export_system" => "Revisionspakke hentet",
        "search" => "Søgning",
    }
);
labels!(
    /// The fields of an audit event's details.
    audit_field_label {
        "title" => "Titel", "file_name" => "Fil", "bytes" => "Bytes", "forvaltning" => "Forvaltning",
        "kind" => "Type", "page" => "Fra websiden", "system_id" => "System", "changes" => "Ændringer",
        "from" => "Fra", "to" => "Til", "address" => "Adresse", "query" => "Søgning",
    }
);

/// The seven forvaltninger, in the municipality's usual order.
pub const FORVALTNINGER: [&str; 7] = ["ØKF", "BUF", "KFF", "SUF", "SOF", "TMF", "BIF"];
pub const KINDS: [&str; 5] = [
    "contract",
    "addendum",
    "appendix",
    "data_processing_agreement",
    "system_documentation",
];
pub const CATEGORIES: [&str; 6] = [
    "infrastructure",
    "generic_administrative",
    "specialist",
    "cross_cutting_specialist",
    "joint_public",
    "utility",
];
pub const LIFECYCLES: [&str; 4] = ["phasing_in", "operational", "phasing_out", "not_in_use"];
pub const NETWORKS: [&str; 2] = ["administrative", "pedagogical"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_danish() {
        assert_eq!(Date::new(2026, 12, 5).to_string(), "5. december 2026");
        assert_eq!(Date::new(2024, 3, 31).to_string(), "31. marts 2024");
        assert_eq!(Date::parse("2026-12-05"), Some(Date::new(2026, 12, 5)));
        assert_eq!(
            Date::parse("2026-12-05T10:00:00Z").unwrap().iso(),
            "2026-12-05"
        );
        assert_eq!(Date::parse("2026-13-05"), None);
        assert_eq!(Date::parse("x"), None);
        assert_eq!(Date::new(2026, 12, 5).month_year(), "december 2026");
    }

    #[test]
    fn day_numbers_and_months() {
        assert_eq!(Date::new(1970, 1, 1).days(), 0);
        assert_eq!(Date::new(2000, 3, 1).days(), 11_017);
        assert_eq!(
            Date::new(2024, 3, 1).days() - Date::new(2024, 2, 28).days(),
            2
        );
        assert_eq!(Date::new(2024, 1, 31).add_months(1), Date::new(2024, 2, 29));
        assert_eq!(
            Date::new(2025, 11, 30).add_months(15),
            Date::new(2027, 2, 28)
        );
        // add_days inverts days() over four centuries, leap days included.
        let start = Date::new(1900, 1, 1);
        for n in (0..146_097).step_by(7) {
            assert_eq!(start.add_days(n).days(), start.days() + n);
        }
        assert_eq!(Date::new(2026, 12, 5).add_days(90), Date::new(2027, 3, 5));
        assert_eq!(Date::new(2024, 3, 1).add_days(-1), Date::new(2024, 2, 29));
    }

    #[test]
    fn amounts_use_dots_and_kr() {
        assert_eq!(amount_dkk(1_250_000), "1.250.000 kr.");
        assert_eq!(amount_dkk(0), "0 kr.");
        assert_eq!(amount_dkk(999), "999 kr.");
        assert_eq!(amount_dkk(1000), "1.000 kr.");
        assert_eq!(amount_dkk(-12_500), "-12.500 kr.");
        assert_eq!(thousands(123_456_789), "123.456.789");
    }

    #[test]
    fn timestamps_and_bytes() {
        assert_eq!(
            timestamp("2026-12-05T12:50:03Z"),
            "5. december 2026 kl. 12.50"
        );
        assert_eq!(timestamp("2026-12-05"), "5. december 2026");
        assert_eq!(timestamp("i går"), "i går");
        assert_eq!(bytes(512), "512 B");
        assert_eq!(bytes(1_400_000), "1,4 MB");
    }

    #[test]
    fn labels_fall_back_to_the_code() {
        assert_eq!(kind_label("addendum"), "Tillæg");
        assert_eq!(status_label("no_text"), "Ingen tekst (scannet)");
        assert_eq!(lifecycle_label("operational"), "I drift");
        assert_eq!(kind_label("new_kind"), "new_kind");
    }
}
