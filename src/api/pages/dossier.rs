//! A system's dossier as the page shows it: each contract family with its terms as of the dossier's day,
//! and the versions of the system's documentation. Only mapping: the dossier is loaded by `register`.

use chrono::NaiveDate;
use storage::rules::Terms;
use storage::views::{Dossier, Family};
use templates::Link;
use templates::dossier::{Addendum, ContractFamily, DocumentationVersion, DossierView};

use super::view::{date, row};

/// The dossier page's data; `may_export` decides whether it links to the export.
pub(super) fn dossier_view(d: &Dossier, may_export: bool) -> DossierView {
    let s = &d.system;
    DossierView {
        system: Link::new(s.name.clone(), format!("/systemer/{}", s.id)),
        system_id: s.id.clone(),
        category: s.category.as_str().into(),
        lifecycle: s.lifecycle.as_str().into(),
        owner_forvaltning: s.owner_forvaltning.as_str().into(),
        today: Some(date(d.as_of)),
        families: d.families.iter().map(|f| family(f, d.as_of)).collect(),
        documentation: d.documentation.iter().map(documentation_version).collect(),
        missing_contract: !d.flags.has_contract,
        stale_documentation: d.flags.documentation_stale,
        export_url: may_export.then(|| format!("/api/v1/systems/{}/export", s.id)),
    }
}

/// A contract with its tillæg and bilag. The notice figures come from the terms as amended by `today`,
/// since a tillæg may change the notice period.
fn family(f: &Family, today: NaiveDate) -> ContractFamily {
    let c = &f.contract;
    let x = &c.details;
    let terms = terms_today(f, today);
    ContractFamily {
        contract: Link::new(c.title.clone(), format!("/dokumenter/{}", c.id)),
        contract_number: x.contract_number.clone(),
        supplier: c.supplier.as_ref().map(|s| s.name.clone()),
        forvaltning: c.forvaltning.as_str().into(),
        valid_from: x.valid_from.or(c.signed_on).map(date),
        valid_to: x.valid_to.map(date),
        ongoing: x.ongoing.unwrap_or(false),
        irrevocable_until: x.irrevocable_until.map(date),
        last_notice_day: c
            .contract_state
            .as_ref()
            .and_then(|s| s.last_notice_day)
            .map(date),
        notice_months: terms.notice_months,
        terminated_on: terms.terminated_on.map(date),
        ends_on: c.contract_state.as_ref().and_then(|s| s.ends_on).map(date),
        notice_effect: terms
            .notice_months
            .map(|_| date(terms.notice_takes_effect(today))),
        options: x.options.as_ref().map(|o| (o.count, o.months)),
        options_used: x.options_used.unwrap_or(0),
        in_force: c.contract_state.as_ref().is_some_and(|s| s.in_force),
        addenda: f
            .addenda
            .iter()
            .map(|a| Addendum {
                link: Link::new(a.title.clone(), format!("/dokumenter/{}", a.id)),
                number: a.details.addendum_number,
                signed_on: a.signed_on.map(date),
                changed_clauses: a.details.changed_clauses.clone().unwrap_or_default(),
            })
            .collect(),
        appendices: f
            .appendices
            .iter()
            .chain(&f.data_processing_agreements)
            .map(row)
            .collect(),
    }
}

/// The contract's terms as its tillæg signed so far have left them (what the notice rules reason about).
fn terms_today(f: &Family, today: NaiveDate) -> Terms {
    f.addenda.iter().filter(|a| a.date() <= today).fold(
        Terms::of(&f.contract.details, f.contract.signed_on),
        |t, a| t.amended_by(&a.details),
    )
}

fn documentation_version(doc: &storage::model::Document) -> DocumentationVersion {
    DocumentationVersion {
        link: Link::new(doc.title.clone(), format!("/dokumenter/{}", doc.id)),
        doc_type: doc
            .details
            .doc_type
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        version: doc.details.version.clone(),
        uploaded_on: Some(date(doc.uploaded_at.date_naive())),
        next_revision_due: doc.details.next_revision_due.map(date),
        current: doc.documentation_state.as_ref().is_some_and(|s| s.current),
        stale: doc.documentation_state.as_ref().is_some_and(|s| s.stale),
    }
}
