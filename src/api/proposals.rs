//! Proposed register changes: a digitaliseringskontor proposes a new system or a change for its own
//! forvaltning; `koncern_it` lists and decides them. Accepting applies the change (storage does both in one
//! transaction).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use storage::access::{self, Action, Resource, decide};
use storage::catalog::Decision;
use storage::model::{NewSystem, ProposalStatus, RegisterProposal};
use utoipa::{IntoParams, ToSchema};

use super::auth::{Caller, authorize};
use super::error::{ApiError, ErrorBody};
use super::extract::{Body, Path, Query};
use super::params::parse_json;
use super::state::AppState;

/// A proposal as sent.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewProposal {
    /// The system to change; leave out to propose a new system.
    #[serde(default)]
    system_id: Option<String>,
    /// The whole system as it should be (as for `POST /api/v1/systems`).
    change: NewSystem,
    #[serde(default)]
    note: Option<String>,
}

/// Propose a register change for one's own forvaltning: the system's owner, before and after the change,
/// must be the proposer's forvaltning (`koncern_it` may propose for any).
#[utoipa::path(post, path = "/api/v1/register/proposals", operation_id = "propose_register_change",
    request_body = NewProposal,
    responses(
        (status = 201, description = "recorded, pending", body = RegisterProposal),
        (status = 403, description = "not the proposer's forvaltning, or the role may not propose", body = ErrorBody),
        (status = 404, description = "no such system", body = ErrorBody),
        (status = 422, description = "invalid; the message names the field", body = ErrorBody)))]
pub async fn propose(
    State(state): State<AppState>,
    caller: Caller,
    Body(body): Body,
) -> Result<Response, ApiError> {
    caller.gate(Action::ProposeRegister)?;
    let p: NewProposal = parse_json(&body)?;
    let mut owners = vec![p.change.owner_forvaltning];
    if let Some(id) = &p.system_id {
        owners.push(state.catalog.get_system(id).await?.owner_forvaltning);
    }
    for owner in owners {
        authorize(
            &caller.actor,
            Action::ProposeRegister,
            &Resource::Register(Some(owner)),
        )?;
    }
    let forvaltning = caller
        .actor
        .forvaltning
        .unwrap_or(p.change.owner_forvaltning);
    let (system, note) = (p.system_id.as_deref(), p.note.as_deref());
    let proposal = state
        .catalog
        .propose_system(system, forvaltning, &p.change, note, caller.name())
        .await?;
    Ok((StatusCode::CREATED, Json(proposal)).into_response())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// `pending`, `accepted` or `rejected`; all when absent.
    status: Option<ProposalStatus>,
}

#[derive(Serialize, ToSchema)]
pub struct ProposalList {
    proposals: Vec<RegisterProposal>,
}

/// Proposals, newest first: all of them for `koncern_it`, one's own forvaltning's for a
/// digitaliseringskontor.
#[utoipa::path(get, path = "/api/v1/register/proposals", operation_id = "list_register_proposals",
    params(ListParams),
    responses((status = 200, description = "the proposals", body = ProposalList)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(p): Query<ListParams>,
) -> Result<Json<ProposalList>, ApiError> {
    caller.gate(Action::ProposeRegister)?;
    let all = decide(
        &caller.actor,
        Action::ManageRegister,
        &Resource::Register(None),
    ) == access::Decision::Allow;
    let forvaltning = if all { None } else { caller.actor.forvaltning };
    let own = Resource::Register(forvaltning);
    if !all {
        authorize(&caller.actor, Action::ProposeRegister, &own)?;
    }
    let proposals = state.catalog.list_proposals(forvaltning, p.status).await?;
    Ok(Json(ProposalList { proposals }))
}

/// A decision: accept (the change is applied) or reject, with an optional reason.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    accept: bool,
    #[serde(default)]
    reason: Option<String>,
}

/// Accept or reject a pending proposal (`koncern_it`).
#[utoipa::path(post, path = "/api/v1/register/proposals/{id}/decision", operation_id = "decide_register_proposal",
    params(("id" = i64, Path, description = "proposal number")), request_body = DecisionBody,
    responses(
        (status = 200, description = "decided; an accepted change is applied", body = RegisterProposal),
        (status = 404, description = "no such proposal", body = ErrorBody),
        (status = 409, description = "already decided, or the change conflicts with the register", body = ErrorBody)))]
pub async fn decide_one(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Body(body): Body,
) -> Result<Json<RegisterProposal>, ApiError> {
    caller.gate(Action::ManageRegister)?;
    let d: DecisionBody = parse_json(&body)?;
    let decision = if d.accept {
        Decision::Accept
    } else {
        Decision::Reject
    };
    let reason = d.reason.as_deref();
    Ok(Json(
        state
            .catalog
            .decide_proposal(id, decision, reason, caller.name())
            .await?,
    ))
}
