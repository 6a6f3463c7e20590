//! Toggl Track API v9: organization invitations (spec `toggl-track-api-v9.swagger.json`,
//! NOTES.md §1). Paths are relative to `/api/v9`, which the base URL includes.
//!
//! Quirks handled here: HTTP Basic only (`email:password` or `<token>:api_token`); errors are
//! plain text, sometimes JSON-quoted; failed authentication is 403, not 401; 402 means the
//! request quota is used up (`X-Toggl-Quota-Resets-In`); accept answers `OK` as text/plain;
//! create is bulk (emails x workspaces) and answers 200; resend takes the integer
//! `invitation_id`, not the code; invitations carry no status and no timestamps (a successful
//! lookup is pending).

use super::*;
use crate::model::{Capabilities, Inviter, Organization, Status};
use serde_json::{json, Map};

const P: Provider = Provider::Toggl;

/// Everything the rest of the crate asks about this provider (see [`ProviderModule`]).
pub const MODULE: ProviderModule = ProviderModule {
    provider: P,
    display_name: "Toggl",
    default_base_url: Some("https://api.track.toggl.com/api/v9"),
    capabilities: Capabilities {
        // T1-T5: lookup by code, accept, reject, bulk create, resend by integer id.
        lookup: true,
        create: true,
        accept: true,
        reject: true,
        resend: true,
        ..Capabilities::NONE
    },
    status_of,
    check_draft,
    reopens: &[],
    create_batch: None,
    lookup_finds_used: false,
    writes_whole_invitation: false,
    #[cfg(feature = "client")]
    wire: Wire {
        check_auth,
        build,
        parse,
        token_grant: None,
    },
};

/// Toggl exposes no status word: an invitation its lookup finds is pending.
pub fn status_of(word: Option<&str>) -> Status {
    match word {
        None => Status::Pending,
        Some(_) => Status::Unknown,
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
        Some(Auth::Basic { username, password }) => {
            vec![header("Authorization", basic(username, password.expose()))]
        }
        Some(Auth::ApiToken(token)) => {
            vec![header("Authorization", basic(token.expose(), "api_token"))]
        }
        Some(other) => {
            return Err(unsupported_auth(
                P,
                other,
                "basic (email and password) or apiToken",
            ))
        }
    })
}

fn code_of(target: &InvitationRef) -> Result<&str, InviteError> {
    required(target.code.as_deref(), "code", "the invitation code")
}

// T1 GET /invitations/{invitation_code}
fn lookup(config: &Config, code: &str) -> Result<HttpRequest, InviteError> {
    let path = format!("/invitations/{}", segment(code)?);
    Ok(request(
        Method::Get,
        url(config, &path, &[]),
        auth(config)?,
        None,
    ))
}

// T2 POST /organizations/invitations/{invitation_code}/accept (no body)
// T3 POST /organizations/invitations/{invitation_code}/reject (no body)
fn answer(config: &Config, target: &InvitationRef, verb: &str) -> Result<HttpRequest, InviteError> {
    let path = format!(
        "/organizations/invitations/{}/{verb}",
        segment(code_of(target)?)?
    );
    let mut req = request(Method::Post, url(config, &path, &[]), auth(config)?, None);
    // T2 `produces: text/plain` (its "OK"); T3 `produces: application/json`.
    if verb == "accept" {
        req.headers.retain(|(k, _)| k != "Accept");
        req.headers.insert(0, header("Accept", "text/plain".into()));
    }
    Ok(req)
}

// T4 POST /organizations/{organization_id}/invitations, body invitation.Post
fn create(
    config: &Config,
    draft: &InvitationDraft,
    emails: &[String],
) -> Result<HttpRequest, InviteError> {
    let org = draft
        .organization_id
        .as_ref()
        .and_then(|id| id.as_positive_int());
    let org = integer_id(org.map(|o| o.to_string()).as_deref(), "organizationId", P)?;
    let workspaces: Vec<Value> = draft
        .workspaces
        .iter()
        .flatten()
        .map(|w| {
            let mut ws = Map::new();
            ws.insert("workspace_id".into(), json!(w.id as u64));
            if let Some(admin) = w.admin {
                ws.insert("admin".into(), json!(admin));
            }
            if let Some(role) = &w.role {
                ws.insert("role".into(), json!(role));
            }
            Value::Object(ws)
        })
        .collect();
    let mut body = Map::new();
    body.insert("emails".into(), json!(emails));
    body.insert("workspaces".into(), Value::Array(workspaces));
    // `message: false` is invitekit's "send no email": T4's skip_email.
    if draft.message.as_ref().is_some_and(|m| m.is_false()) {
        body.insert("skip_email".into(), Value::Bool(true));
    }
    let body = Value::Object(body);
    let path = format!("/organizations/{org}/invitations");
    Ok(request(
        Method::Post,
        url(config, &path, &[]),
        auth(config)?,
        Some(&body),
    ))
}

// T5 PUT /organizations/{organization_id}/invitations/{invitation_id}/resend
fn resend(config: &Config, target: &InvitationRef) -> Result<HttpRequest, InviteError> {
    let org = integer_id(target.organization_id.as_deref(), "organizationId", P)?;
    let id = integer_id(target.id.as_deref(), "id", P)?;
    let path = format!("/organizations/{org}/invitations/{id}/resend");
    Ok(request(
        Method::Put,
        url(config, &path, &[]),
        auth(config)?,
        None,
    ))
}

pub fn build(config: &Config, call: &Call) -> Result<HttpRequest, InviteError> {
    match call {
        Call::Lookup { code } => lookup(config, code),
        Call::Accept { target, .. } => answer(config, target, "accept"),
        Call::Reject { target } => answer(config, target, "reject"),
        Call::Create { draft, emails } => create(config, draft, emails),
        Call::Resend { target, message } => {
            no_resend_message(P, message.as_ref())?;
            resend(config, target)
        }
        other => Err(unsupported(P, other.operation())),
    }
}

// ---------------------------------------------------------------------------------------------

/// Toggl's error bodies are `schema: string`: plain text, or the same text JSON-quoted.
fn message(body: &str) -> Option<String> {
    let t = body.trim();
    if t.is_empty() {
        return None;
    }
    match serde_json::from_str::<Value>(t) {
        Ok(Value::String(s)) => Some(s),
        Ok(v @ (Value::Object(_) | Value::Array(_))) => {
            drf_message(&v).or_else(|| text(v.get("message")))
        }
        _ => Some(t.to_string()),
    }
}

fn error(response: &HttpResponse, ctx: ParseContext) -> InviteError {
    let msg = message(&response.body);
    let lower = msg.as_deref().unwrap_or_default().to_ascii_lowercase();
    let code = match response.status {
        400 if lower.contains("invalid e-mail") || lower.contains("invalid email") => {
            ErrorCode::InvalidEmail
        }
        400 if lower.contains("already") => ErrorCode::AlreadyInvited,
        400 if lower.contains("limit") => ErrorCode::QuotaExceeded,
        // Toggl documents 403 for failed authentication.
        403 => ErrorCode::Unauthorized,
        s => code_for_status(s),
    };
    let mut err = status_error(P, response, code, msg, ctx);
    if response.status == 402 {
        // X-Toggl-Quota-Resets-In: seconds until the quota resets.
        err.retry_after_ms = response
            .header("x-toggl-quota-resets-in")
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(|s| s.saturating_mul(1000).min(MAX_RETRY_AFTER_MS))
            .or_else(|| retry_after_ms(response, ctx.now));
        if let Some(remaining) = response.header("x-toggl-quota-remaining") {
            let detail = err.detail.take().unwrap_or_default();
            err.detail = Some(
                format!("{detail} (quota remaining: {})", remaining.trim())
                    .trim()
                    .to_string(),
            );
        }
    }
    err
}

/// `models.SSOInvitation` (T1) or an `invitation.Result.invitations[]` item.
fn invitation(value: &Value) -> Invitation {
    let inviter = Inviter {
        id: text(value.get("sender_id")),
        name: text(value.get("sender_name")),
        email: text(value.get("sender_email")),
    };
    Invitation {
        id: text(value.get("invitation_id")),
        code: text(value.get("code")),
        organization: Organization {
            id: text(value.get("organization_id")),
            name: text(value.get("organization_name")),
        },
        email: text(value.get("email")),
        // Toggl exposes no status: an invitation that can be read is pending.
        status: Status::Pending,
        inviter: (inviter != Inviter::default()).then_some(inviter),
        raw: value.clone(),
        ..Invitation::empty(P)
    }
}

fn answered(target: &InvitationRef, status: Status, response: &HttpResponse) -> Invitation {
    Invitation {
        id: target.id.clone(),
        code: target.code.clone(),
        organization: Organization {
            id: target.organization_id.clone(),
            name: target.organization.clone(),
        },
        status,
        raw: Value::String(message(&response.body).unwrap_or_default()),
        ..Invitation::empty(P)
    }
}

/// T4's 200 `invitation.Result`: `data` (ids, invite URLs) and `invitations` (codes, names)
/// describe the same invitations; they are merged by email. Requested emails missing from
/// both failed, with Toggl's `messages` as the reason.
fn created(response: &HttpResponse, emails: &[String]) -> Result<Outcome, InviteError> {
    let body = json_body(P, response)?;
    let list = |key: &str| {
        body.get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let (data, invitations) = (list("data"), list("invitations"));
    let messages: Vec<String> = list("messages")
        .iter()
        .filter_map(|m| m.as_str().map(str::to_string))
        .collect();
    if !body.is_object() {
        return Err(malformed(
            P,
            response.status,
            "create did not answer an invitation.Result object",
        ));
    }
    let same_email = |v: &Value, email: &str| {
        v.get("email")
            .and_then(Value::as_str)
            .is_some_and(|e| crate::email::emails_match(e, email))
    };
    let mut out = Vec::new();
    let mut failed = Vec::new();
    for email in emails {
        let info = data.iter().find(|d| same_email(d, email));
        let inv = invitations.iter().find(|i| same_email(i, email));
        match (info, inv) {
            (None, None) => {
                let reason = messages
                    .iter()
                    .find(|m| m.to_ascii_lowercase().contains(&email.to_ascii_lowercase()));
                let code = match reason {
                    Some(m) if m.to_ascii_lowercase().contains("already") => {
                        ErrorCode::AlreadyInvited
                    }
                    _ => ErrorCode::InvalidInput,
                };
                let detail = reason
                    .cloned()
                    .or_else(|| (!messages.is_empty()).then(|| messages.join("; ")));
                let mut err = InviteError::new(code, format!("Toggl did not invite {email}"))
                    .with_provider(P)
                    .with_status(response.status);
                err.detail = detail;
                failed.push((email.clone(), err));
            }
            (info, inv) => {
                let mut merged = Map::new();
                for source in [inv, info].into_iter().flatten() {
                    if let Some(obj) = source.as_object() {
                        merged.extend(obj.clone());
                    }
                }
                let mut invitation = invitation(&Value::Object(merged));
                invitation.raw = json!({ "data": info, "invitation": inv });
                out.push(invitation);
            }
        }
    }
    Ok(Outcome::Created {
        created: out,
        failed,
    })
}

pub fn parse(
    call: &Call,
    response: &HttpResponse,
    ctx: ParseContext,
) -> Result<Outcome, InviteError> {
    if response.status != 200 {
        return Err(error(response, ctx));
    }
    match call {
        Call::Lookup { .. } => {
            let body = json_object(P, response)?;
            Ok(Outcome::One(finish(invitation(&body), ctx)))
        }
        Call::Accept { target, .. } => {
            Ok(Outcome::One(answered(target, Status::Accepted, response)))
        }
        Call::Reject { target } => Ok(Outcome::One(answered(target, Status::Rejected, response))),
        Call::Create { emails, .. } => created(response, emails),
        Call::Resend { .. } => Ok(Outcome::Nothing),
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
    match &draft.organization_id {
        None => out.add(
            "organizationId",
            ErrorCode::InvalidInput,
            "Toggl needs the numeric organizationId",
        ),
        Some(id) if id.as_positive_int().is_none() => out.add(
            "organizationId",
            ErrorCode::InvalidInput,
            "Toggl's organizationId is a positive integer",
        ),
        Some(_) => {}
    }
    match &draft.workspaces {
        Some(list) if !list.is_empty() => {
            for (i, ws) in list.iter().enumerate() {
                if !(ws.id.fract() == 0.0 && ws.id >= 1.0 && ws.id < 9.007_199_254_740_992e15) {
                    out.add(
                        format!("workspaces[{i}].id"),
                        ErrorCode::InvalidInput,
                        "a workspace id is a positive integer",
                    );
                }
            }
        }
        _ => out.add(
            "workspaces",
            ErrorCode::InvalidInput,
            "at least one workspace is required",
        ),
    }
    let roles = draft.all_roles();
    out.refuse(
        !roles.is_empty(),
        draft.role_field(),
        "Toggl grants roles per workspace: workspaces[].role or workspaces[].admin",
    );
    out.refuse(
        draft.expires_at.is_some(),
        "expiresAt",
        "Toggl invitations do not expire",
    );
    out.refuse(
        draft.message.as_ref().is_some_and(|m| !m.is_false()),
        "message",
        "Toggl takes no message payload; message: false skips its email",
    );
    out.refuse(
        draft.inviter_id.is_some(),
        "inviterId",
        "Toggl takes no inviterId: the credentials are the inviter",
    );
}

#[cfg(test)]
#[path = "toggl_tests.rs"]
mod tests;
