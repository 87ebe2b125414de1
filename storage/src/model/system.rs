//! The system register (§0.5): entries with their §6 category, network, owner and users (KITOS words).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ArchiveDuty, Forvaltning, Lifecycle, Network, SystemCategory};
use crate::error::{Error, Result};

/// A system as created; `id` is generated (`SYS-0001`, …) when not given.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSystem {
    /// A human key such as `SYS-0042`: capital letters, digits and `-`, at most 40 characters.
    #[serde(default)]
    pub id: Option<String>,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    pub category: SystemCategory,
    #[serde(default = "default_network")]
    pub network: Network,
    pub owner_forvaltning: Forvaltning,
    #[serde(default)]
    pub owner_unit: Option<String>,
    /// Forvaltninger that use the system (besides its owner), for tværgående fagsystemer.
    #[serde(default)]
    pub used_by: Vec<Forvaltning>,
    #[serde(default = "default_lifecycle")]
    pub lifecycle: Lifecycle,
    #[serde(default = "default_archive_duty")]
    pub archive_duty: ArchiveDuty,
    #[serde(default)]
    pub kitos_uuid: Option<String>,
}

fn default_network() -> Network {
    Network::Administrative
}
fn default_lifecycle() -> Lifecycle {
    Lifecycle::Operational
}
fn default_archive_duty() -> ArchiveDuty {
    ArchiveDuty::Undecided
}

/// A system of the register.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct System {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub category: SystemCategory,
    pub network: Network,
    pub owner_forvaltning: Forvaltning,
    pub owner_unit: Option<String>,
    pub used_by: Vec<Forvaltning>,
    pub lifecycle: Lifecycle,
    pub archive_duty: ArchiveDuty,
    pub kitos_uuid: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl System {
    /// The fields a client may set, for corrections.
    pub fn as_new(&self) -> NewSystem {
        NewSystem {
            id: Some(self.id.clone()),
            name: self.name.clone(),
            description: self.description.clone(),
            category: self.category,
            network: self.network,
            owner_forvaltning: self.owner_forvaltning,
            owner_unit: self.owner_unit.clone(),
            used_by: self.used_by.clone(),
            lifecycle: self.lifecycle,
            archive_duty: self.archive_duty,
            kitos_uuid: self.kitos_uuid.clone(),
        }
    }

    /// The owner and every user.
    pub fn forvaltninger(&self) -> Vec<Forvaltning> {
        let mut all = vec![self.owner_forvaltning];
        all.extend(self.used_by.iter().copied());
        all.sort();
        all.dedup();
        all
    }
}

/// Whether `id` is an acceptable system id.
pub fn valid_system_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 40
        && id
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
}

impl NewSystem {
    pub fn validate(&mut self) -> Result<()> {
        if let Some(id) = &self.id
            && !valid_system_id(id)
        {
            return Err(Error::invalid(
                "id",
                "a system id has capital letters, digits and -, at most 40 (e.g. SYS-0042)",
            ));
        }
        self.name = self.name.trim().to_string();
        if self.name.is_empty() || self.name.chars().count() > 300 {
            return Err(Error::invalid("name", "must be 1–300 characters"));
        }
        if self
            .description
            .as_ref()
            .is_some_and(|d| d.chars().count() > 5000)
        {
            return Err(Error::invalid(
                "description",
                "is longer than 5000 characters",
            ));
        }
        if self
            .owner_unit
            .as_ref()
            .is_some_and(|u| u.trim().is_empty() || u.chars().count() > 200)
        {
            return Err(Error::invalid("owner_unit", "must be 1–200 characters"));
        }
        if let Some(uuid) = &self.kitos_uuid {
            let parsed = uuid::Uuid::try_parse(uuid)
                .map_err(|_| Error::invalid("kitos_uuid", "must be a UUID"))?;
            self.kitos_uuid = Some(parsed.hyphenated().to_string());
        }
        let owner = self.owner_forvaltning;
        self.used_by.retain(|f| *f != owner);
        self.used_by.sort();
        self.used_by.dedup();
        Ok(())
    }
}

/// A register change that a digitaliseringskontor proposed for its forvaltning; `koncern_it` decides.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegisterProposal {
    pub id: i64,
    /// The system to change; absent for a new system.
    pub system_id: Option<String>,
    /// The proposer's forvaltning.
    pub forvaltning: Forvaltning,
    /// The system as it would be after the change.
    pub change: NewSystem,
    pub note: Option<String>,
    pub proposed_by: String,
    pub proposed_at: DateTime<Utc>,
    pub status: super::ProposalStatus,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    /// Why it was rejected (or a remark on acceptance).
    pub reason: Option<String>,
}
