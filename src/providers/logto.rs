//! Logto Management API: organization invitations (spec
//! `organization-invitations.DERIVED.openapi.json`, NOTES.md §5). Paths start with `/api`.
//!
//! Quirks handled here: a machine-to-machine access token from the client-credentials grant at
//! `/oidc/token` (HTTP Basic client auth, `resource`, `scope=all`), which the client fetches
//! once through [`MODULE`]'s `token_grant` ([`token_request`] / [`parse_token`]) and reuses; times are epoch milliseconds;
//! `Expired` is computed when read (a `Pending` past `expiresAt` is expired here too);
//! `messagePayload` is an object or the literal `false` (sent explicitly); status changes
//! answer 422 when the invitation has ended, the `acceptedUserId` is missing or its email is
//! not the invitee's; 429 on create and message; 501 when a message is asked for and no email
//! connector exists.

use super::*;
use crate::model::{Capabilities, Inviter, Organization, Status};
use serde_json::{json, Map};

const P: Provider = Provider::Logto;

/// Everything the rest of the crate asks about this provider (see [`ProviderModule`]).
pub const MODULE: ProviderModule = ProviderModule {
    provider: P,
    display_name: "Logto",
    default_base_url: None,
    capabilities: Capabilities {
        // L1-L6: management API only.
        get: true,
        list: true,
        create: true,
        accept: true,
        resend: true,
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
        token_grant: Some(TokenGrant {
            exchanges: |config| matches!(config.auth, Some(Auth::ClientCredentials { .. })),
            request: token_request,
            parse: parse_token,
        }),
    },
};

/// Logto's status words (L1 `OrganizationInvitationStatus`; Expired is computed when read).
pub fn status_of(word: Option<&str>) -> Status {
    match word {
        Some("Pending") => Status::Pending,
        Some("Accepted") => Status::Accepted,
        Some("Expired") => Status::Expired,
        Some("Revoked") => Status::Revoked,
        _ => Status::Unknown,
    }
}
const BASE: &str = "/api/organization-invitations";

/// Renew the access token this long before it expires.
pub const TOKEN_REFRESH_MARGIN_MS: i64 = 60_000;
/// Logto ids are at most 21 characters (nanoid-style).
pub const ID_MAX: usize = 21;

/// Whether the client's credentials are a scheme Logto takes (checked when a client is made).
/// Client credentials are: the client exchanges them for the bearer token requests carry.
pub(crate) fn check_auth(config: &Config) -> Result<(), InviteError> {
    match config.auth {
        Some(Auth::ClientCredentials { .. }) => Ok(()),
        _ => auth(config).map(drop),
    }
}

fn auth(config: &Config) -> Result<Vec<(String, String)>, InviteError> {
    Ok(match &config.auth {
        None => Vec::new(),
        Some(Auth::Bearer(token)) => vec![header("Authorization", format!("Bearer {}", token.expose()))],
        Some(Auth::ClientCredentials { .. }) => {
            return Err(InviteError::new(
                ErrorCode::InvalidInput,
                "Logto requests need the access token from the client-credentials grant (InviteClient fetches it)",
            )
            .with_field("auth"))
        }
        Some(other) => return Err(unsupported_auth(P, other, "clientCredentials or bearer")),
    })
}

// ---------------------------------------------------------------------------------------------
// The client-credentials grant (RFC 6749 §4.4) at {endpoint}/oidc/token

/// `POST /oidc/token` with `grant_type=client_credentials`, `resource`, `scope` (default
/// `all`), the client authenticated with HTTP Basic (id and secret form-encoded first, as
/// RFC 6749 §2.3.1 asks).
pub fn token_request(config: &Config) -> Result<HttpRequest, InviteError> {
    let Some(Auth::ClientCredentials {
        client_id,
        client_secret,
        resource,
        token_url,
        scope,
    }) = &config.auth
    else {
        return Err(
            InviteError::new(ErrorCode::InvalidInput, "no clientCredentials to exchange")
                .with_field("auth"),
        );
    };
    let url = match token_url {
        Some(u) => u.clone(),
        None => format!("{}/oidc/token", config.base_url),
    };
    let form = form_encode;
    let body = format!(
        "grant_type=client_credentials&resource={}&scope={}",
        form(resource),
        form(scope.as_deref().unwrap_or("all"))
    );
    Ok(HttpRequest {
        method: Method::Post,
        url,
        headers: vec![
            header("Accept", "application/json".into()),
            header("Content-Type", "application/x-www-form-urlencoded".into()),
            header(
                "Authorization",
                basic_header(client_id, client_secret.expose()),
            ),
        ],
        body: Some(body),
    })
}

/// The access token and the time it stops being used (its expiry less a safety margin).
pub fn parse_token(
    response: &HttpResponse,
    ctx: ParseContext,
) -> Result<(Secret, EpochMs), InviteError> {
    if response.status != 200 {
        let body: Option<Value> = serde_json::from_str(&response.body).ok();
        let detail = body
            .as_ref()
            .and_then(|b| text(b.get("error_description")).or_else(|| text(b.get("error"))));
        let code = match response.status {
            400 | 401 | 403 => ErrorCode::Unauthorized,
            s => code_for_status(s),
        };
        let mut err = status_error(P, response, code, detail, ctx);
        err.message = format!(
            "Logto's token endpoint answered {}: the client credentials were refused",
            response.status
        );
        if code != ErrorCode::Unauthorized {
            err.message = format!("Logto's token endpoint answered {}", response.status);
        }
        return Err(err);
    }
    let body = json_body(P, response)?;
    let token = body
        .get("access_token")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| malformed(P, 200, "the token response has no access_token"))?;
    let expires_in = body
        .get("expires_in")
        .and_then(Value::as_f64)
        .unwrap_or(3600.0)
        .clamp(0.0, 86_400.0 * 366.0);
    let use_until = ctx.now + (expires_in * 1000.0) as i64 - TOKEN_REFRESH_MARGIN_MS;
    Ok((Secret::new(token), use_until))
}

// ---------------------------------------------------------------------------------------------

fn item(target: &InvitationRef, suffix: &str) -> Result<String, InviteError> {
    let id = required(target.id.as_deref(), "id", "the invitation id")?;
    Ok(format!("{BASE}/{}{suffix}", segment(id)?))
}

// L1 GET /api/organization-invitations?organizationId=&inviterId=&invitee= (no paging)
/// L1 takes organizationId, inviterId and invitee: status and role are applied to its answer.
const LOCAL_FILTERS: &[Filter] = &[Filter::Status, Filter::Role];

fn list(config: &Config, query: &ListQuery) -> Result<HttpRequest, InviteError> {
    query.check_filters(P, LOCAL_FILTERS, &[])?;
    let mut params = Vec::new();
    if let Some(org) = &query.organization {
        params.push(("organizationId", org.clone()));
    }
    if let Some(inviter) = &query.inviter {
        params.push(("inviterId", inviter.clone()));
    }
    if let Some(email) = &query.email {
        params.push(("invitee", email.clone()));
    }
    Ok(request(
        Method::Get,
        url(config, BASE, &params),
        auth(config)?,
        None,
    ))
}

// L2 POST /api/organization-invitations
fn create(
    config: &Config,
    draft: &InvitationDraft,
    emails: &[String],
) -> Result<HttpRequest, InviteError> {
    let email = single_email(emails, P)?;
    let org = required(
        draft.organization_text().as_deref(),
        "organizationId",
        "Logto's organizationId",
    )?
    .to_string();
    let expires = draft
        .expires_at
        .as_ref()
        .and_then(|t| t.to_ms())
        .ok_or_else(|| {
            InviteError::new(ErrorCode::InvalidInput, "Logto needs expiresAt")
                .with_field("expiresAt")
        })?;
    let mut body = Map::new();
    body.insert("invitee".into(), json!(email));
    body.insert("organizationId".into(), json!(org));
    body.insert("expiresAt".into(), json!(expires));
    if let Some(inviter) = &draft.inviter_id {
        body.insert("inviterId".into(), json!(inviter));
    }
    let roles = draft.all_roles();
    if !roles.is_empty() {
        body.insert("organizationRoleIds".into(), json!(roles));
    }
    // The literal false (no email) unless a payload object is given.
    let payload = match &draft.message {
        Some(m) if m.is_object() => m.to_value(),
        _ => Value::Bool(false),
    };
    body.insert("messagePayload".into(), payload);
    let body = Value::Object(body);
    Ok(request(
        Method::Post,
        url(config, BASE, &[]),
        auth(config)?,
        Some(&body),
    ))
}

// L5 POST /api/organization-invitations/{id}/message (payload required; all its fields optional)
fn message(
    config: &Config,
    target: &InvitationRef,
    payload: Option<&Value>,
) -> Result<HttpRequest, InviteError> {
    let body = match payload {
        None | Some(Value::Null) => json!({}),
        Some(Value::Object(m)) => Value::Object(m.clone()),
        Some(_) => {
            return Err(InviteError::new(
                ErrorCode::InvalidInput,
                "Logto's message payload is an object",
            )
            .with_field("message"))
        }
    };
    Ok(request(
        Method::Post,
        url(config, &item(target, "/message")?, &[]),
        auth(config)?,
        Some(&body),
    ))
}

// L6 PUT /api/organization-invitations/{id}/status
fn status(
    config: &Config,
    target: &InvitationRef,
    body: Value,
) -> Result<HttpRequest, InviteError> {
    Ok(request(
        Method::Put,
        url(config, &item(target, "/status")?, &[]),
        auth(config)?,
        Some(&body),
    ))
}

pub fn build(config: &Config, call: &Call) -> Result<HttpRequest, InviteError> {
    match call {
        Call::List { query } => list(config, query),
        Call::Create { draft, emails } => create(config, draft, emails),
        // L3 GET /api/organization-invitations/{id}
        Call::Get { target } => Ok(request(
            Method::Get,
            url(config, &item(target, "")?, &[]),
            auth(config)?,
            None,
        )),
        // L4 DELETE /api/organization-invitations/{id}
        Call::Delete { target } => Ok(request(
            Method::Delete,
            url(config, &item(target, "")?, &[]),
            auth(config)?,
            None,
        )),
        Call::Resend {
            target,
            message: payload,
        } => message(config, target, payload.as_ref()),
        Call::Accept { target, user_id } => {
            let user = required(
                user_id.as_deref(),
                "userId",
                "Logto's accept needs the accepting user's id (userId)",
            )?;
            status(
                config,
                target,
                json!({ "status": "Accepted", "acceptedUserId": user }),
            )
        }
        Call::Revoke { target } => status(config, target, json!({ "status": "Revoked" })),
        other => Err(unsupported(P, other.operation())),
    }
}

// ---------------------------------------------------------------------------------------------

fn error(response: &HttpResponse, ctx: ParseContext) -> InviteError {
    // RequestErrorBody {code, message, data, details?}
    let body: Option<Value> = serde_json::from_str(&response.body).ok();
    let provider_code = body
        .as_ref()
        .and_then(|b| text(b.get("code")))
        .unwrap_or_default();
    let msg = body.as_ref().and_then(|b| {
        let m = text(b.get("message"));
        match (m, text(b.get("details"))) {
            (Some(m), Some(d)) => Some(format!("{m} ({d})")),
            (m, d) => m.or(d),
        }
    });
    let detail = msg.map(|m| {
        if provider_code.is_empty() {
            m
        } else {
            format!("{provider_code}: {m}")
        }
    });
    let lower = detail.as_deref().unwrap_or_default().to_ascii_lowercase();
    let code = match response.status {
        422 if lower.contains("email") || lower.contains("mismatch") => ErrorCode::EmailMismatch,
        422 if lower.contains("accepteduserid") => ErrorCode::InvalidInput,
        422 if lower.contains("revoked") => ErrorCode::Revoked,
        422 if lower.contains("expired") => ErrorCode::Expired,
        422 if lower.contains("accepted") => ErrorCode::AlreadyAccepted,
        422 | 400 if lower.contains("already") || lower.contains("exist") => {
            ErrorCode::AlreadyInvited
        }
        501 => ErrorCode::Unsupported,
        s => code_for_status(s),
    };
    status_error(P, response, code, detail, ctx)
}

fn ms(value: Option<&Value>) -> Option<String> {
    value
        .and_then(Value::as_f64)
        .filter(|v| v.is_finite())
        .and_then(|v| crate::time::format_iso(v as i64))
}

/// `OrganizationInvitationEntity`.
fn invitation(value: &Value, ctx: ParseContext) -> Invitation {
    let word = value.get("status").and_then(Value::as_str);
    let roles = value
        .get("organizationRoles")
        .and_then(Value::as_array)
        .map(|rs| {
            rs.iter()
                .filter_map(|r| text(r.get("name")).or_else(|| text(r.get("id"))))
                .collect()
        })
        .unwrap_or_default();
    finish(
        Invitation {
            id: text(value.get("id")),
            organization: Organization {
                id: text(value.get("organizationId")),
                name: None,
            },
            email: text(value.get("invitee")),
            roles,
            status: status_of(word),
            provider_status: word.map(str::to_string),
            expires_at: ms(value.get("expiresAt")),
            created_at: ms(value.get("createdAt")),
            updated_at: ms(value.get("updatedAt")),
            inviter: text(value.get("inviterId")).map(|id| Inviter {
                id: Some(id),
                name: None,
                email: None,
            }),
            raw: value.clone(),
            ..Invitation::empty(P)
        },
        ctx,
    )
}

fn entity(response: &HttpResponse, ctx: ParseContext) -> Result<Invitation, InviteError> {
    let body = json_object(P, response)?;
    Ok(invitation(&body, ctx))
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
                Some(&body),
                "the list is not a JSON array",
            )?
            .map(|v| invitation(v, ctx))
            .filter(|inv| query.keeps(inv, LOCAL_FILTERS))
            .collect();
            Ok(Outcome::Page { items, next: None })
        }
        Call::Create { .. } => Ok(Outcome::Created {
            created: vec![entity(response, ctx)?],
            failed: Vec::new(),
        }),
        Call::Get { .. } | Call::Accept { .. } | Call::Revoke { .. } => {
            Ok(Outcome::One(entity(response, ctx)?))
        }
        Call::Delete { .. } | Call::Resend { .. } => Ok(Outcome::Nothing),
        other => Err(unsupported(P, other.operation())),
    }
}

/// A value as `application/x-www-form-urlencoded` writes it.
fn form_encode(value: &str) -> String {
    crate::http::percent_encode(value).replace("%20", "+")
}

/// The `user:password` text of the token request's Basic authentication: the client id and
/// secret form-encoded first (RFC 6749 §2.3.1).
pub fn client_basic_credentials(client_id: &str, client_secret: &str) -> String {
    format!("{}:{}", form_encode(client_id), form_encode(client_secret))
}

fn basic_header(client_id: &str, client_secret: &str) -> String {
    format!(
        "Basic {}",
        crate::http::base64_standard(client_basic_credentials(client_id, client_secret).as_bytes())
    )
}

/// This provider's own checks of a draft for `create` (`validateInvitation` runs them after the
/// generic ones): what its create request needs, and the draft fields it has no place for,
/// which are refused rather than dropped in silence.
pub fn check_draft(
    draft: &InvitationDraft,
    rules: &DraftRules,
    _emails: usize,
    out: &mut Problems,
) {
    let expires = draft.expires_at.as_ref().map(|t| t.to_ms());
    if let Some(msg) = &draft.message {
        if !(msg.is_object() || msg.is_false()) {
            out.add(
                "message",
                ErrorCode::InvalidInput,
                "message must be an object or false",
            );
        }
    }
    match draft.organization_text() {
        None => out.add(
            "organizationId",
            ErrorCode::InvalidInput,
            "Logto needs organizationId",
        ),
        Some(id) if id.chars().count() > ID_MAX => out.add(
            "organizationId",
            ErrorCode::InvalidInput,
            format!("a Logto organizationId is at most {} characters", ID_MAX),
        ),
        Some(_) => {}
    }
    match expires {
        None => out.add(
            "expiresAt",
            ErrorCode::InvalidInput,
            "Logto needs expiresAt (a future time)",
        ),
        Some(None) => out.add(
            "expiresAt",
            ErrorCode::InvalidInput,
            "expiresAt is not a valid time",
        ),
        Some(Some(ms)) if ms <= rules.now => out.add(
            "expiresAt",
            ErrorCode::InvalidInput,
            "expiresAt must be in the future",
        ),
        Some(_) => {}
    }
    out.text_len(draft.inviter_id.as_deref(), "inviterId", ID_MAX);
    out.refuse(
        draft.workspaces.is_some(),
        "workspaces",
        "only Toggl takes workspaces",
    );
}

#[cfg(test)]
#[path = "logto_tests.rs"]
mod tests;
