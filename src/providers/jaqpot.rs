//! Jaqpot API: organization invitations (spec `jaqpot/openapi.yaml`, NOTES.md §2). Paths
//! start with `/v1`.
//!
//! Quirks handled here: three organization identifiers (`orgName` to list and create, `name`
//! to get and update, numeric `orgId` to resend); create answers 200 with no body (the spec
//! says 201); accept and reject are a PUT of the *full* invitation with a new `status`;
//! permission failures are 403 (the spec says 401); errors come as `ApiErrorResponse`
//! `{status, message, code}` or Spring's `{timestamp, status, error, message, path}`; no
//! EXPIRED status (expiry is computed from `expirationDate`); no filters and no paging on the
//! list (filters are applied here, after the answer).

use super::*;
use crate::model::{Capabilities, Organization, Status};
use serde_json::json;

/// Jaqpot accepts 1-10 emails per create call (J1 `maxItems: 10`); `create` sends longer lists
/// in chunks of this size.
pub const EMAILS_PER_CALL: usize = 10;

const P: Provider = Provider::Jaqpot;

/// Everything the rest of the crate asks about this provider (see [`ProviderModule`]).
pub const MODULE: ProviderModule = ProviderModule {
    provider: P,
    display_name: "Jaqpot",
    default_base_url: Some("https://api.jaqpot.org"),
    capabilities: Capabilities {
        // J1-J5: no lookup by code, no revoke or delete.
        get: true,
        list: true,
        create: true,
        accept: true,
        reject: true,
        resend: true,
        ..Capabilities::NONE
    },
    status_of,
    check_draft,
    // Jaqpot's resend extends an expired invitation.
    reopens: &[(Operation::Resend, Status::Expired)],
    create_batch: Some(EMAILS_PER_CALL),
    lookup_finds_used: true,
    writes_whole_invitation: true,
    #[cfg(feature = "client")]
    wire: Wire {
        check_auth,
        build,
        parse,
        token_grant: None,
    },
};

/// Jaqpot's status words (J3 `status` enum); it has no expired value.
pub fn status_of(word: Option<&str>) -> Status {
    match word {
        Some("PENDING") => Status::Pending,
        Some("ACCEPTED") => Status::Accepted,
        Some("REJECTED") => Status::Rejected,
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
        Some(Auth::Bearer(token)) => vec![header(
            "Authorization",
            format!("Bearer {}", token.expose()),
        )],
        Some(Auth::KeyPair { key, secret }) => vec![
            header("X-Api-Key", key.expose().to_string()),
            header("X-Api-Secret", secret.expose().to_string()),
        ],
        Some(other) => return Err(unsupported_auth(P, other, "bearer or keyPair")),
    })
}

fn org_name(value: Option<&str>) -> Result<&str, InviteError> {
    required(value, "organization", "Jaqpot's organization name")
}

fn invitation_path(target: &InvitationRef) -> Result<String, InviteError> {
    let name = org_name(target.organization.as_deref())?;
    let id = required(target.id.as_deref(), "id", "the invitation id")?;
    Ok(format!(
        "/v1/organizations/{}/invitations/{}",
        segment(name)?,
        segment(id)?
    ))
}

// J3 GET /v1/organizations/{name}/invitations/{uuid}
fn get(config: &Config, target: &InvitationRef) -> Result<HttpRequest, InviteError> {
    Ok(request(
        Method::Get,
        url(config, &invitation_path(target)?, &[]),
        auth(config)?,
        None,
    ))
}

// J2 GET /v1/organizations/{orgName}/invitations (no query parameters exist)
/// J2 takes no filter: status and email are applied to its answer; its invitations carry no
/// role and no inviter.
const LOCAL_FILTERS: &[Filter] = &[Filter::Status, Filter::Email];
const UNANSWERABLE_FILTERS: &[Filter] = &[Filter::Role, Filter::Inviter];

fn list(config: &Config, query: &ListQuery) -> Result<HttpRequest, InviteError> {
    query.check_filters(P, LOCAL_FILTERS, UNANSWERABLE_FILTERS)?;
    let path = format!(
        "/v1/organizations/{}/invitations",
        segment(org_name(query.organization.as_deref())?)?
    );
    Ok(request(
        Method::Get,
        url(config, &path, &[]),
        auth(config)?,
        None,
    ))
}

// J1 POST /v1/organizations/{orgName}/invitations {"emails": [1..10]}
fn create(
    config: &Config,
    draft: &InvitationDraft,
    emails: &[String],
) -> Result<HttpRequest, InviteError> {
    let name = draft
        .organization
        .clone()
        .or_else(|| draft.organization_text());
    let path = format!(
        "/v1/organizations/{}/invitations",
        segment(org_name(name.as_deref())?)?
    );
    let body = json!({ "emails": emails });
    Ok(request(
        Method::Post,
        url(config, &path, &[]),
        auth(config)?,
        Some(&body),
    ))
}

// J4 PUT /v1/organizations/{name}/invitations/{uuid} with the full OrganizationInvitation
fn set_status(
    config: &Config,
    target: &InvitationRef,
    status: &str,
) -> Result<HttpRequest, InviteError> {
    let mut body = match &target.raw {
        Some(Value::Object(obj)) => obj.clone(),
        _ => {
            return Err(InviteError::new(
                ErrorCode::InvalidInput,
                "Jaqpot's accept and reject send the whole invitation back: pass the Invitation that get() returned",
            )
            .with_field("ref"))
        }
    };
    for field in ["userEmail", "expirationDate"] {
        if !body.get(field).is_some_and(Value::is_string) {
            return Err(InviteError::new(
                ErrorCode::InvalidInput,
                format!("the invitation lacks {field}, which Jaqpot requires"),
            )
            .with_field("ref"));
        }
    }
    body.insert("status".into(), json!(status));
    let body = Value::Object(body);
    Ok(request(
        Method::Put,
        url(config, &invitation_path(target)?, &[]),
        auth(config)?,
        Some(&body),
    ))
}

// J5 POST /v1/organizations/{orgId}/invitations/{id}/resend (orgId is int64)
fn resend(config: &Config, target: &InvitationRef) -> Result<HttpRequest, InviteError> {
    let org = integer_id(target.organization_id.as_deref(), "organizationId", P)?;
    let id = required(target.id.as_deref(), "id", "the invitation id")?;
    let path = format!(
        "/v1/organizations/{org}/invitations/{}/resend",
        segment(id)?
    );
    Ok(request(
        Method::Post,
        url(config, &path, &[]),
        auth(config)?,
        None,
    ))
}

pub fn build(config: &Config, call: &Call) -> Result<HttpRequest, InviteError> {
    match call {
        Call::Get { target } => get(config, target),
        Call::List { query } => list(config, query),
        Call::Create { draft, emails } => create(config, draft, emails),
        Call::Accept { target, .. } => set_status(config, target, "ACCEPTED"),
        Call::Reject { target } => set_status(config, target, "REJECTED"),
        Call::Resend { target, message } => {
            no_resend_message(P, message.as_ref())?;
            resend(config, target)
        }
        other => Err(unsupported(P, other.operation())),
    }
}

// ---------------------------------------------------------------------------------------------

fn error(response: &HttpResponse, ctx: ParseContext) -> InviteError {
    // ApiErrorResponse, the spec's ErrorResponse and Spring's default body all carry `message`.
    let body: Option<Value> = serde_json::from_str(&response.body).ok();
    let msg = body
        .as_ref()
        .and_then(|b| text(b.get("message")).or_else(|| text(b.get("error"))))
        .or_else(|| {
            Some(response.body.trim().to_string()).filter(|t| !t.is_empty() && t.len() < 2000)
        });
    let lower = msg.as_deref().unwrap_or_default().to_ascii_lowercase();
    let code = match response.status {
        400 if lower.contains("accepted") => ErrorCode::AlreadyAccepted,
        400 if lower.contains("rejected") => ErrorCode::AlreadyRejected,
        400 if lower.contains("expired") => ErrorCode::Expired,
        400 if lower.contains("email") && (lower.contains("match") || lower.contains("belong")) => {
            ErrorCode::EmailMismatch
        }
        400 if lower.contains("verif") => ErrorCode::Forbidden,
        400 if lower.contains("already") => ErrorCode::AlreadyInvited,
        s => code_for_status(s),
    };
    status_error(P, response, code, msg, ctx)
}

/// `OrganizationInvitation` -> Invitation. The organization is the one the request named.
fn invitation(value: &Value, org: Option<&str>, ctx: ParseContext) -> Invitation {
    let word = value.get("status").and_then(Value::as_str);
    finish(
        Invitation {
            id: text(value.get("id")),
            organization: Organization {
                id: None,
                name: org.map(str::to_string),
            },
            email: text(value.get("userEmail")),
            status: status_of(word),
            provider_status: word.map(str::to_string),
            expires_at: iso(value.get("expirationDate")),
            raw: value.clone(),
            ..Invitation::empty(P)
        },
        ctx,
    )
}

fn one(
    response: &HttpResponse,
    org: Option<&str>,
    ctx: ParseContext,
) -> Result<Outcome, InviteError> {
    let body = json_object(P, response)?;
    Ok(Outcome::One(invitation(&body, org, ctx)))
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
        Call::Get { target } => one(response, target.organization.as_deref(), ctx),
        Call::Accept { target, .. } | Call::Reject { target } => {
            one(response, target.organization.as_deref(), ctx)
        }
        Call::List { query } => {
            let body = json_body(P, response)?;
            let items = json_items(
                P,
                response.status,
                Some(&body),
                "the list is not a JSON array",
            )?
            .map(|v| invitation(v, query.organization.as_deref(), ctx))
            .filter(|inv| query.keeps(inv, LOCAL_FILTERS))
            .collect();
            Ok(Outcome::Page { items, next: None })
        }
        // 200 (the server) or 201 (the spec), with no body: the invitations are known only by
        // the emails sent.
        Call::Create { draft, emails } => {
            let org = draft
                .organization
                .clone()
                .or_else(|| draft.organization_text());
            let created = emails
                .iter()
                .map(|email| Invitation {
                    organization: Organization {
                        id: None,
                        name: org.clone(),
                    },
                    email: Some(email.clone()),
                    status: Status::Pending,
                    ..Invitation::empty(P)
                })
                .collect();
            Ok(Outcome::Created {
                created,
                failed: Vec::new(),
            })
        }
        // 200 with no body; resend extends the expiry (the spec's 410 is never sent).
        Call::Resend { .. } => Ok(Outcome::Nothing),
        other => Err(unsupported(P, other.operation())),
    }
}

/// This provider's own checks of a draft for `create` (`validateInvitation` runs them after the
/// generic ones): what its create request needs, and the draft fields it has no place for,
/// which are refused rather than dropped in silence.
pub fn check_draft(draft: &InvitationDraft, rules: &DraftRules, emails: usize, out: &mut Problems) {
    if draft.organization_text().is_none() {
        out.add(
            "organization",
            ErrorCode::InvalidInput,
            "Jaqpot needs the organization's name (orgName)",
        );
    }
    if rules.per_call_limit && emails > EMAILS_PER_CALL {
        out.add(
            "emails",
            ErrorCode::InvalidInput,
            format!(
                "Jaqpot accepts 1-{EMAILS_PER_CALL} emails per call ({emails} given); \
                 InviteClient.create splits longer lists"
            ),
        );
    }
    out.refuse(
        !draft.all_roles().is_empty(),
        draft.role_field(),
        "Jaqpot invitations have no role",
    );
    out.refuse(
        draft.expires_at.is_some(),
        "expiresAt",
        "Jaqpot sets the expiry itself",
    );
    refuse_caller_choices(P, draft, out);
}

#[cfg(test)]
#[path = "jaqpot_tests.rs"]
mod tests;
