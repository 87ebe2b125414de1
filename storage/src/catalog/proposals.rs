//! Proposed register changes: a digitaliseringskontor proposes a new system or a change to one of its
//! forvaltning's systems; `koncern_it` accepts it (the change is applied in the same transaction as the
//! decision, so a proposal is never "accepted" without its change, nor the change made twice) or rejects it.
//! Who may propose what is the policy's business (`access`); this module only keeps the records.

use serde_json::json;

use super::systems::{insert, replace};
use super::{Catalog, audit, now};
use crate::error::{Error, Result, decode, decode_json, decode_time};
use crate::model::{Forvaltning, NewSystem, ProposalStatus, RegisterProposal};

#[cfg(test)]
#[path = "tests/proposals.rs"]
mod tests;

#[derive(sqlx::FromRow)]
struct ProposalRow {
    id: i64,
    system_id: Option<String>,
    forvaltning: String,
    change: String,
    note: Option<String>,
    proposed_by: String,
    proposed_at: String,
    status: String,
    decided_by: Option<String>,
    decided_at: Option<String>,
    reason: Option<String>,
}

impl ProposalRow {
    fn into_proposal(self) -> Result<RegisterProposal> {
        let decided_at = self
            .decided_at
            .map(|t| decode_time("register_proposals.decided_at", &t))
            .transpose()?;
        Ok(RegisterProposal {
            forvaltning: decode("register_proposals.forvaltning", &self.forvaltning)?,
            change: decode_json("register_proposals.change", &self.change)?,
            proposed_at: decode_time("register_proposals.proposed_at", &self.proposed_at)?,
            status: decode("register_proposals.status", &self.status)?,
            decided_at,
            id: self.id,
            system_id: self.system_id,
            note: self.note,
            proposed_by: self.proposed_by,
            decided_by: self.decided_by,
            reason: self.reason,
        })
    }
}

/// A decision on a pending proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Accept,
    Reject,
}

impl Catalog {
    /// Records a proposal (audited). `system_id` names the system to change, or `None` for a new one.
    pub async fn propose_system(
        &self,
        system_id: Option<&str>,
        forvaltning: Forvaltning,
        change: &NewSystem,
        note: Option<&str>,
        actor: &str,
    ) -> Result<RegisterProposal> {
        let mut change = change.clone();
        change.validate()?;
        if let Some(id) = system_id {
            self.get_system(id).await?;
        }
        let mut tx = self.write.begin().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO register_proposals (system_id, forvaltning, change, note, proposed_by, \
             proposed_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(system_id)
        .bind(forvaltning.as_str())
        .bind(serde_json::to_string(&change)?)
        .bind(note)
        .bind(actor)
        .bind(now())
        .fetch_one(&mut *tx)
        .await?;
        let details = json!({"system_id": system_id, "change": change, "note": note});
        audit::record(
            &mut tx,
            actor,
            "register.propose",
            &format!("proposal/{id}"),
            &details,
        )
        .await?;
        tx.commit().await?;
        self.get_proposal(id).await
    }

    pub async fn get_proposal(&self, id: i64) -> Result<RegisterProposal> {
        let row: Option<ProposalRow> =
            sqlx::query_as("SELECT * FROM register_proposals WHERE id = ?")
                .bind(id)
                .fetch_optional(&self.read)
                .await?;
        row.ok_or_else(|| Error::NotFound(format!("proposal {id}")))?
            .into_proposal()
    }

    /// Proposals, newest first, optionally of one forvaltning and one status.
    pub async fn list_proposals(
        &self,
        forvaltning: Option<Forvaltning>,
        status: Option<ProposalStatus>,
    ) -> Result<Vec<RegisterProposal>> {
        let rows: Vec<ProposalRow> = sqlx::query_as(
            "SELECT * FROM register_proposals WHERE (?1 IS NULL OR forvaltning = ?1) \
             AND (?2 IS NULL OR status = ?2) ORDER BY id DESC",
        )
        .bind(forvaltning.map(|f| f.as_str()))
        .bind(status.map(|s| s.as_str()))
        .fetch_all(&self.read)
        .await?;
        rows.into_iter().map(ProposalRow::into_proposal).collect()
    }

    /// Accepts (applying the change) or rejects a pending proposal; a decided one is a conflict.
    pub async fn decide_proposal(
        &self,
        id: i64,
        decision: Decision,
        reason: Option<&str>,
        actor: &str,
    ) -> Result<RegisterProposal> {
        let proposal = self.get_proposal(id).await?;
        if proposal.status != ProposalStatus::Pending {
            return Err(Error::Conflict(format!(
                "proposal {id} was already {}",
                proposal.status.as_str()
            )));
        }
        let old = match &proposal.system_id {
            Some(system) => Some(self.get_system(system).await?),
            None => None,
        };
        let mut tx = self.write.begin().await?;
        let status = match decision {
            Decision::Accept => ProposalStatus::Accepted,
            Decision::Reject => ProposalStatus::Rejected,
        };
        // The status check in the WHERE clause makes two concurrent decisions conflict, not both win.
        let updated = sqlx::query(
            "UPDATE register_proposals SET status = ?, decided_by = ?, decided_at = ?, reason = ? \
             WHERE id = ? AND status = 'pending'",
        )
        .bind(status.as_str())
        .bind(actor)
        .bind(now())
        .bind(reason)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            return Err(Error::Conflict(format!(
                "proposal {id} was already decided"
            )));
        }
        let system = match (decision, &old) {
            (Decision::Reject, _) => proposal.system_id.clone(),
            (Decision::Accept, Some(old)) => {
                replace(&mut tx, old, &proposal.change, actor).await?;
                Some(old.id.clone())
            }
            (Decision::Accept, None) => Some(insert(&mut tx, &proposal.change, actor).await?),
        };
        let details = json!({"status": status.as_str(), "system_id": system, "reason": reason});
        audit::record(
            &mut tx,
            actor,
            "register.decide",
            &format!("proposal/{id}"),
            &details,
        )
        .await?;
        tx.commit().await?;
        self.get_proposal(id).await
    }
}
