//! Gencove API v2: invitations (spec `gencove-openapi-original.json`, NOTES.md §3). Paths
//! start with `/api/v2`.
//!
//! Quirks handled here: `Authorization: Api-Key <key>` (or `Bearer <jwt>`); trailing slashes
//! exactly as the spec has them (`/invitations/` but `/invitations/{id}` and
//! `/invitations-token/{token}`); limit/offset pagination inside a `meta` envelope, followed by
//! re-reading `offset` from `meta.next` as gencove-cli does; accept is a `PATCH {}` on the
//! token; the status is `last_status.status`, free text; DRF error bodies and the 503
//! maintenance body.

use super::*;
use crate::model::{Capabilities, Inviter, Organization, Status};
use serde_json::json;

const P: Provider = Provider::Gencove;

/// Everything the rest of the crate asks about this provider (see [`ProviderModule`]).
pub const MODULE: ProviderModule = ProviderModule {
    provider: P,
    display_name: "Gencove",
    default_base_url: Some("https://api.gencove.com"),
    capabilities: Capabilities {
        // G1-G5: lookup by token, accept by PATCH, DELETE revokes.
        lookup: true,
        list: true,
        create: true,
        accept: true,
        revoke: true,
        delete: true,
        ..Capabilities::NONE
    },
    status_of,
    check_draft,
    reopens: &[],
    create_batch: Some(1),
    lookup_finds_used: true,
    writes_whole_invitation: false,
    #[cfg(feature = "client")]
    wire: Wire {
        check_auth,
        build,
        parse,
        token_grant: None,
    },
};

/// Gencove's status is free text: compared case-insensitively, with its synonyms.
pub fn status_of(word: Option<&str>) -> Status {
    let Some(word) = word else {
        return Status::Unknown;
    };
    match word.trim().to_ascii_lowercase().as_str() {
        "pending" | "sent" | "created" => Status::Pending,
        "accepted" => Status::Accepted,
        "rejected" | "declined" => Status::Rejected,
        "revoked" | "cancelled" | "canceled" | "deleted" => Status::Revoked,
        "expired" => Status::Expired,
        _ => Status::Unknown,
    }
}

/// Whether the client's credentials are a scheme this provider takes (checked when a client is
/// made, so a wrong one fails there and not at the first call).
pub(crate) fn check_auth(config: &Config) -> Result<(), InviteError> {
    auth(config).map(drop)
}

fn auth(config: &Config) -> Result<Vec<(String, String)>, InviteError> {
    Ok(match &config.auth {
        None => Vec::new(),
        Some(Auth::ApiKey(key)) => {
            vec![header("Authorization", format!("Api-Key {}", key.expose()))]
        }
        Some(Auth::Bearer(token)) => vec![header(
            "Authorization",
            format!("Bearer {}", token.expose()),
        )],
        Some(other) => return Err(unsupported_auth(P, other, "apiKey or bearer")),
    })
}

/// The `status` filter's enum (G1).
const STATUS_FILTER: [&str; 5] = ["accepted", "all", "expired", "pending", "revoked"];

// G1 GET /api/v2/invitations/?status=&limit=&offset=
/// G1 takes a status: email and role are applied to its answer. Its `Invitation` has no
/// organization (the API key's is implied), and who sent an invitation is known only while it
/// is pending: those two filters are refused.
const LOCAL_FILTERS: &[Filter] = &[Filter::Email, Filter::Role];
const UNANSWERABLE_FILTERS: &[Filter] = &[Filter::Organization, Filter::Inviter];

fn list(config: &Config, query: &ListQuery) -> Result<HttpRequest, InviteError> {
    query.check_filters(P, LOCAL_FILTERS, UNANSWERABLE_FILTERS)?;
    let mut params = Vec::new();
    if let Some(status) = &query.status {
        if !STATUS_FILTER.contains(&status.as_str()) {
            return Err(InviteError::new(
                ErrorCode::InvalidInput,
                "Gencove filters by status pending, accepted, expired, revoked or all",
            )
            .with_field("status"));
        }
        params.push(("status", status.clone()));
    }
    if let Some(size) = query.page_size {
        params.push(("limit", size.clamp(1, 1000).to_string()));
    }
    if let Some(cursor) = &query.cursor {
        params.push(("offset", integer_id(Some(cursor), "cursor", P)?.to_string()));
    }
    Ok(request(
        Method::Get,
        url(config, "/api/v2/invitations/", &params),
        auth(config)?,
        None,
    ))
}

// G2 POST /api/v2/invitations/ {email, role}
fn create(
    config: &Config,
    draft: &InvitationDraft,
    emails: &[String],
) -> Result<HttpRequest, InviteError> {
    let email = single_email(emails, P)?;
    let role = draft
        .all_roles()
        .first()
        .map(|r| r.to_string())
        .unwrap_or_default();
    let body = json!({ "email": email, "role": role });
    Ok(request(
        Method::Post,
        url(config, "/api/v2/invitations/", &[]),
        auth(config)?,
        Some(&body),
    ))
}

// G3 DELETE /api/v2/invitations/{invitation_id} (no trailing slash)
fn delete(config: &Config, target: &InvitationRef) -> Result<HttpRequest, InviteError> {
    let id = required(target.id.as_deref(), "id", "the invitation id")?;
    let path = format!("/api/v2/invitations/{}", segment(id)?);
    Ok(request(
        Method::Delete,
        url(config, &path, &[]),
        auth(config)?,
        None,
    ))
}

fn token_path(code: &str) -> Result<String, InviteError> {
    Ok(format!("/api/v2/invitations-token/{}", segment(code)?))
}

// G4 GET /api/v2/invitations-token/{token}
fn lookup(config: &Config, code: &str) -> Result<HttpRequest, InviteError> {
    Ok(request(
        Method::Get,
        url(config, &token_path(code)?, &[]),
        auth(config)?,
        None,
    ))
}

// G5 PATCH /api/v2/invitations-token/{token} with {}: the PATCH itself accepts.
fn accept(config: &Config, target: &InvitationRef) -> Result<HttpRequest, InviteError> {
    let code = required(target.code.as_deref(), "code", "the invitation token")?;
    Ok(request(
        Method::Patch,
        url(config, &token_path(code)?, &[]),
        auth(config)?,
        Some(&json!({})),
    ))
}

pub fn build(config: &Config, call: &Call) -> Result<HttpRequest, InviteError> {
    match call {
        Call::List { query } => list(config, query),
        Call::Create { draft, emails } => create(config, draft, emails),
        Call::Revoke { target } | Call::Delete { target } => delete(config, target),
        Call::Lookup { code } => lookup(config, code),
        Call::Accept { target, .. } => accept(config, target),
        other => Err(unsupported(P, other.operation())),
    }
}

// ---------------------------------------------------------------------------------------------

fn error(response: &HttpResponse, ctx: ParseContext) -> InviteError {
    let body: Option<Value> = serde_json::from_str(&response.body).ok();
    // 503 maintenance: {"maintenance": true, "maintenance_message": "...", "maintenance_eta": "..."}
    let maintenance = body
        .as_ref()
        .and_then(|b| text(b.get("maintenance_message")));
    let msg = maintenance.or_else(|| body.as_ref().and_then(drf_message));
    let lower = msg.as_deref().unwrap_or_default().to_ascii_lowercase();
    let code = match response.status {
        400 if lower.contains("already") && lower.contains("accepted") => {
            ErrorCode::AlreadyAccepted
        }
        400 if lower.contains("already") => ErrorCode::AlreadyInvited,
        400 if lower.contains("expired") => ErrorCode::Expired,
        400 if lower.contains("email") && lower.contains("valid") => ErrorCode::InvalidEmail,
        s => code_for_status(s),
    };
    status_error(P, response, code, msg, ctx)
}

/// `Invitation` (list, create) or `InvitationDetails` (token lookup, accept).
fn invitation(value: &Value, ctx: ParseContext) -> Invitation {
    let last = value.get("last_status");
    let word = last.and_then(|l| l.get("status")).and_then(Value::as_str);
    let status = status_of(word);
    let actor = last.and_then(|l| l.get("actor"));
    // The actor of a pending invitation's last status is the person who sent it.
    let inviter = actor
        .filter(|_| status == crate::model::Status::Pending)
        .map(|a| Inviter {
            id: text(a.get("id")),
            name: text(a.get("name")),
            email: None,
        })
        .filter(|i| *i != Inviter::default());
    let org = value.get("organization");
    finish(
        Invitation {
            id: text(value.get("id")),
            code: text(value.get("token")),
            organization: Organization {
                id: org.and_then(|o| text(o.get("id"))),
                name: org.and_then(|o| text(o.get("name"))),
            },
            email: text(value.get("email")),
            roles: text(value.get("role"))
                .filter(|r| !r.is_empty())
                .into_iter()
                .collect(),
            status,
            provider_status: word.map(str::to_string),
            expires_at: iso(value.get("expires")),
            updated_at: iso(last.and_then(|l| l.get("created"))),
            inviter,
            raw: value.clone(),
            ..Invitation::empty(P)
        },
        ctx,
    )
}

fn one(response: &HttpResponse, ctx: ParseContext) -> Result<Outcome, InviteError> {
    let body = json_object(P, response)?;
    Ok(Outcome::One(invitation(&body, ctx)))
}

pub fn parse(
    call: &Call,
    response: &HttpResponse,
    ctx: ParseContext,
) -> Result<Outcome, InviteError> {
    if !(200..300).contains(&response.status) {
        return Err(error(response, ctx));
    }
    match call {
        Call::List { query } => {
            let body = json_body(P, response)?;
            let items = json_items(
                P,
                response.status,
                body.get("results"),
                "the list has no results array",
            )?
            .map(|v| invitation(v, ctx))
            .filter(|inv| query.keeps(inv, LOCAL_FILTERS))
            .collect();
            // The `meta` envelope (flat DRF `next` accepted too); the cursor is the next offset.
            let next_url = body
                .get("meta")
                .and_then(|m| m.get("next"))
                .or_else(|| body.get("next"))
                .and_then(Value::as_str);
            let next = next_url.and_then(|u| query_param(u, "offset"));
            Ok(Outcome::Page { items, next })
        }
        Call::Lookup { .. } | Call::Accept { .. } => one(response, ctx),
        Call::Create { .. } => match one(response, ctx)? {
            Outcome::One(inv) => Ok(Outcome::Created {
                created: vec![inv],
                failed: Vec::new(),
            }),
            other => Ok(other),
        },
        Call::Revoke { .. } | Call::Delete { .. } => Ok(Outcome::Nothing),
        other => Err(unsupported(P, other.operation())),
    }
}

/// This provider's own checks of a draft for `create` (`validateInvitation` runs them after the
/// generic ones): what its create request needs, and the draft fields it has no place for,
/// which are refused rather than dropped in silence.
pub fn check_draft(
    draft: &InvitationDraft,
    _rules: &DraftRules,
    _emails: usize,
    out: &mut Problems,
) {
    out.refuse(
        draft.all_roles().len() > 1,
        "roles",
        "Gencove takes one role",
    );
    out.refuse(
        draft.expires_at.is_some(),
        "expiresAt",
        "Gencove sets the expiry itself",
    );
    refuse_credentials_scoped(P, draft, out);
}

#[cfg(test)]
#[path = "gencove_tests.rs"]
mod tests;
