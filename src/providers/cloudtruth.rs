//! CloudTruth Management API v1: invitations (spec `cloudtruth/openapi.json`, NOTES.md §4).
//! Paths start with `/api/v1/invitations/`.
//!
//! Quirks handled here: `Authorization: Api-Key <key>` (never `Bearer <key>` or `X-API-Key`),
//! or `Bearer <jwt>`; every path keeps its trailing slash (Django); related objects
//! (`organization`, `inviter`, `membership`) are URIs, whose last segment is the id; `state` is
//! `pending|sent|bounced|accepted`; DRF page-number pagination; several failures are 404
//! "Bad Request" (already invited on create, already accepted on accept and resend), and a
//! 403 on accept means the signed-in user's email is not the invitee's.

use super::*;
use crate::model::{Capabilities, Inviter, Organization, Status};
use serde_json::{json, Map};

/// CloudTruth's role vocabulary (C2 `RoleEnum`).
pub const ROLES: [&str; 4] = ["OWNER", "ADMIN", "CONTRIB", "VIEWER"];

const P: Provider = Provider::Cloudtruth;

/// Everything the rest of the crate asks about this provider (see [`ProviderModule`]).
pub const MODULE: ProviderModule = ProviderModule {
    provider: P,
    display_name: "CloudTruth",
    default_base_url: Some("https://api.cloudtruth.io"),
    capabilities: Capabilities {
        // C1-C8: no lookup by token and no reject.
        get: true,
        list: true,
        create: true,
        accept: true,
        resend: true,
        revoke: true,
        delete: true,
        update: true,
        ..Capabilities::NONE
    },
    status_of,
    check_draft,
    // A resend (or any move) re-opens a bounced invitation.
    reopens: &[
        (Operation::Accept, Status::Bounced),
        (Operation::Resend, Status::Bounced),
        (Operation::Revoke, Status::Bounced),
        (Operation::Update, Status::Bounced),
    ],
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

/// CloudTruth's `state` words (C1 `StateEnum`): pending and sent are both open.
pub fn status_of(word: Option<&str>) -> Status {
    match word {
        Some("pending" | "sent") => Status::Pending,
        Some("bounced") => Status::Bounced,
        Some("accepted") => Status::Accepted,
        _ => Status::Unknown,
    }
}
const BASE: &str = "/api/v1/invitations/";

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

fn item_path(target: &InvitationRef, action: &str) -> Result<String, InviteError> {
    let id = required(target.id.as_deref(), "id", "the invitation id")?;
    Ok(format!("{BASE}{}/{action}", segment(id)?))
}

/// The `state` filter's enum (C1).
const STATE_FILTER: [&str; 4] = ["accepted", "bounced", "pending", "sent"];

/// A role CloudTruth knows (the `role` enum of C1, C4 and C5), before any request.
fn check_role(role: &str) -> Result<(), InviteError> {
    if ROLES.contains(&role) {
        return Ok(());
    }
    Err(InviteError::new(
        ErrorCode::InvalidInput,
        "CloudTruth roles are OWNER, ADMIN, CONTRIB and VIEWER",
    )
    .with_field("role"))
}

// C1 GET /api/v1/invitations/?email=&role=&state=&page=&page_size=
/// C1 takes email, role and state: organization and inviter are applied to its answer. So is
/// status `pending`, which invitekit gives to both `pending` and `sent` (`state=pending` would
/// leave the sent ones out); the other states are sent.
fn local_filters(query: &ListQuery) -> &'static [Filter] {
    if query.status.as_deref() == Some("pending") {
        &[Filter::Organization, Filter::Inviter, Filter::Status]
    } else {
        &[Filter::Organization, Filter::Inviter]
    }
}

fn list(config: &Config, query: &ListQuery) -> Result<HttpRequest, InviteError> {
    let local = local_filters(query);
    query.check_filters(P, local, &[])?;
    let mut params = Vec::new();
    if let Some(email) = &query.email {
        params.push(("email", email.clone()));
    }
    if let Some(role) = &query.role {
        check_role(role)?;
        params.push(("role", role.clone()));
    }
    if let Some(state) = &query.status {
        if !STATE_FILTER.contains(&state.as_str()) {
            return Err(InviteError::new(
                ErrorCode::InvalidInput,
                "CloudTruth filters by status pending, sent, bounced or accepted",
            )
            .with_field("status"));
        }
        if !local.contains(&Filter::Status) {
            params.push(("state", state.clone()));
        }
    }
    if let Some(cursor) = &query.cursor {
        params.push(("page", integer_id(Some(cursor), "cursor", P)?.to_string()));
    }
    if let Some(size) = query.page_size {
        params.push(("page_size", size.clamp(1, 1000).to_string()));
    }
    Ok(request(
        Method::Get,
        url(config, BASE, &params),
        auth(config)?,
        None,
    ))
}

// C2 POST /api/v1/invitations/ {email, role}
fn create(
    config: &Config,
    draft: &InvitationDraft,
    emails: &[String],
) -> Result<HttpRequest, InviteError> {
    let email = single_email(emails, P)?;
    let role = required(
        draft.all_roles().first().copied(),
        "role",
        "CloudTruth's role",
    )?;
    let body = json!({ "email": email, "role": role });
    Ok(request(
        Method::Post,
        url(config, BASE, &[]),
        auth(config)?,
        Some(&body),
    ))
}

// C4 PUT /api/v1/invitations/{id}/ (email and role, the writable fields) and
// C5 PATCH /api/v1/invitations/{id}/ (either)
fn update(
    config: &Config,
    target: &InvitationRef,
    patch: &Value,
    replace: bool,
) -> Result<HttpRequest, InviteError> {
    // Only email and role are writable (C4/C5); the read-only fields of an Invitation passed
    // back whole are left out, as CloudTruth itself ignores them.
    if let Some(Value::String(role)) = patch.get("role") {
        check_role(role)?;
    }
    let mut body = Map::new();
    for field in ["email", "role"] {
        match patch.get(field) {
            Some(Value::String(v)) => {
                body.insert(field.into(), json!(v));
            }
            Some(_) => {
                return Err(InviteError::new(
                    ErrorCode::InvalidInput,
                    format!("{field} must be a string"),
                )
                .with_field(field))
            }
            None if replace => {
                return Err(InviteError::new(
                    ErrorCode::InvalidInput,
                    format!("a full update (replace) needs {field}"),
                )
                .with_field(field))
            }
            None => {}
        }
    }
    if body.is_empty() {
        return Err(InviteError::new(
            ErrorCode::InvalidInput,
            "the patch changes neither email nor role",
        )
        .with_field("patch"));
    }
    let method = if replace { Method::Put } else { Method::Patch };
    let body = Value::Object(body);
    Ok(request(
        method,
        url(config, &item_path(target, "")?, &[]),
        auth(config)?,
        Some(&body),
    ))
}

pub fn build(config: &Config, call: &Call) -> Result<HttpRequest, InviteError> {
    let simple =
        |method, target: &InvitationRef, action: &str| -> Result<HttpRequest, InviteError> {
            Ok(request(
                method,
                url(config, &item_path(target, action)?, &[]),
                auth(config)?,
                None,
            ))
        };
    match call {
        Call::List { query } => list(config, query),
        Call::Create { draft, emails } => create(config, draft, emails),
        // C3 GET /api/v1/invitations/{id}/
        Call::Get { target } => simple(Method::Get, target, ""),
        Call::Update {
            target,
            patch,
            replace,
        } => update(config, target, patch, *replace),
        // C6 DELETE /api/v1/invitations/{id}/
        Call::Revoke { target } | Call::Delete { target } => simple(Method::Delete, target, ""),
        // C7 POST /api/v1/invitations/{id}/accept/ (no body)
        Call::Accept { target, .. } => simple(Method::Post, target, "accept/"),
        // C8 POST /api/v1/invitations/{id}/resend/ (no body)
        Call::Resend { target, message } => {
            no_resend_message(P, message.as_ref())?;
            simple(Method::Post, target, "resend/")
        }
        other => Err(unsupported(P, other.operation())),
    }
}

// ---------------------------------------------------------------------------------------------

fn error(call: &Call, response: &HttpResponse, ctx: ParseContext) -> InviteError {
    let body: Option<Value> = serde_json::from_str(&response.body).ok();
    let msg = body.as_ref().and_then(drf_message);
    let lower = msg.as_deref().unwrap_or_default().to_ascii_lowercase();
    let code = match (call, response.status) {
        (Call::Create { .. }, 400 | 404) if lower.contains("already") || response.status == 404 => {
            ErrorCode::AlreadyInvited
        }
        (Call::Create { .. }, 400) if lower.contains("email") => ErrorCode::InvalidEmail,
        (Call::Accept { .. }, 403) => ErrorCode::EmailMismatch,
        (Call::Accept { .. } | Call::Resend { .. }, 400 | 404) if lower.contains("accepted") => {
            ErrorCode::AlreadyAccepted
        }
        (_, 400 | 404) if lower.contains("not found") || lower.contains("does not exist") => {
            ErrorCode::NotFound
        }
        (_, s) => code_for_status(s),
    };
    status_error(P, response, code, msg, ctx)
}

/// The id at the end of a related-object URI (`https://api.cloudtruth.io/api/v1/organizations/<id>/`).
fn uri_id(value: Option<&Value>) -> Option<String> {
    let uri = value?.as_str()?;
    let path = uri.split(['?', '#']).next()?;
    // The id as the API knows it: `users/auth0%7C61a/` is the user `auth0|61a`.
    path.trim_end_matches('/')
        .rsplit('/')
        .next()
        .filter(|s| !s.is_empty())
        .map(|s| crate::link::percent_decode(s, false).unwrap_or_else(|_| s.to_string()))
}

fn invitation(value: &Value, ctx: ParseContext) -> Invitation {
    let word = value.get("state").and_then(Value::as_str);
    let inviter = Inviter {
        id: uri_id(value.get("inviter")),
        name: text(value.get("inviter_name")),
        email: None,
    };
    finish(
        Invitation {
            id: text(value.get("id")),
            organization: Organization {
                id: uri_id(value.get("organization")),
                name: None,
            },
            email: text(value.get("email")),
            roles: text(value.get("role")).into_iter().collect(),
            status: status_of(word),
            provider_status: word.map(str::to_string),
            inviter: (inviter != Inviter::default()).then_some(inviter),
            raw: value.clone(),
            ..Invitation::empty(P)
        },
        ctx,
    )
}

pub fn parse(
    call: &Call,
    response: &HttpResponse,
    ctx: ParseContext,
) -> Result<Outcome, InviteError> {
    if !(200..300).contains(&response.status) {
        return Err(error(call, response, ctx));
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
            .filter(|inv| query.keeps(inv, local_filters(query)))
            .collect();
            let next = body
                .get("next")
                .and_then(Value::as_str)
                .and_then(|u| query_param(u, "page"));
            Ok(Outcome::Page { items, next })
        }
        Call::Revoke { .. } | Call::Delete { .. } => Ok(Outcome::Nothing),
        Call::Create { .. }
        | Call::Get { .. }
        | Call::Update { .. }
        | Call::Accept { .. }
        | Call::Resend { .. } => {
            let body = json_object(P, response)?;
            let inv = invitation(&body, ctx);
            Ok(match call {
                Call::Create { .. } => Outcome::Created {
                    created: vec![inv],
                    failed: Vec::new(),
                },
                _ => Outcome::One(inv),
            })
        }
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
    let roles = draft.all_roles();
    match roles.as_slice() {
        [] => out.add(
            "role",
            ErrorCode::InvalidInput,
            "CloudTruth needs a role: OWNER, ADMIN, CONTRIB or VIEWER",
        ),
        [role] if ROLES.contains(role) => {}
        [role] => out.add(
            "role",
            ErrorCode::InvalidInput,
            format!(
                "{:?} is not a CloudTruth role: OWNER, ADMIN, CONTRIB or VIEWER",
                crate::draft::truncate(role, 40)
            ),
        ),
        _ => out.add(
            "roles",
            ErrorCode::InvalidInput,
            "CloudTruth takes exactly one role",
        ),
    }
    out.refuse(
        draft.expires_at.is_some(),
        "expiresAt",
        "CloudTruth invitations do not expire",
    );
    refuse_credentials_scoped(P, draft, out);
}

#[cfg(test)]
#[path = "cloudtruth_tests.rs"]
mod tests;
