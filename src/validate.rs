//! Validation with each provider's own rules: `validateInvitation` (drafts, before `create`),
//! the status transitions each provider allows, and `checkAcceptance` (before `accept`).

use crate::email;
use crate::error::ErrorCode;
use crate::model::{effective_status, Invitation, InvitationDraft, Provider, Status};
use crate::providers::{cloudtruth, jaqpot, logto};
use crate::time::{parse_iso, EpochMs};
use serde::Serialize;
use serde_json::Value;

/// Most emails one draft may carry (InviteClient.create splits them per provider).
pub const MAX_DRAFT_EMAILS: usize = 1000;
/// Free-text role and name limits (Gencove `role` maxLength 255).
pub const MAX_TEXT: usize = 255;

/// One problem with a draft.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "ValidationProblem"))]
pub struct Problem {
    pub field: String,
    pub code: ErrorCode,
    pub message: String,
}

/// The outcome of `validateInvitation`: every problem, not just the first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "InvitationValidation"))]
pub struct Validation {
    pub ok: bool,
    pub errors: Vec<Problem>,
}

/// Options of [`validate_invitation`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DraftRules {
    pub now: EpochMs,
    /// Whether the provider's per-request email limit applies (true for `validateInvitation`;
    /// `create` splits the list into requests that each respect it).
    pub per_call_limit: bool,
}

struct Problems(Vec<Problem>);

impl Problems {
    fn add(&mut self, field: impl Into<String>, code: ErrorCode, message: impl Into<String>) {
        self.0.push(Problem {
            field: field.into(),
            code,
            message: message.into(),
        });
    }
}

fn check_emails(draft: &InvitationDraft, out: &mut Problems) -> usize {
    let field_of = |i: usize| -> String {
        match (&draft.email, i) {
            (Some(_), 0) => "email".to_string(),
            (Some(_), i) => format!("emails[{}]", i - 1),
            (None, i) => format!("emails[{i}]"),
        }
    };
    let all = draft.all_emails();
    if all.len() > MAX_DRAFT_EMAILS {
        out.add(
            "emails",
            ErrorCode::InvalidInput,
            format!("at most {MAX_DRAFT_EMAILS} emails per draft"),
        );
        return all.len();
    }
    let mut seen: Vec<String> = Vec::with_capacity(all.len());
    for (i, address) in all.iter().enumerate() {
        let check = email::validate_email(address);
        if !check.ok {
            out.add(
                field_of(i),
                ErrorCode::InvalidEmail,
                format!("{:?} is not a valid email address", truncate(address, 80)),
            );
            continue;
        }
        let key = email::comparable(address);
        if seen.contains(&key) {
            out.add(
                field_of(i),
                ErrorCode::InvalidInput,
                format!(
                    "{:?} is listed twice (emails compare case-insensitively)",
                    truncate(address, 80)
                ),
            );
        } else {
            seen.push(key);
        }
    }
    if all.is_empty() {
        out.add(
            "emails",
            ErrorCode::InvalidInput,
            "at least one email is required",
        );
    }
    all.len()
}

fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", text.get(..i).unwrap_or_default()),
        None => text.to_string(),
    }
}

fn check_text_len(value: Option<&str>, field: &str, max: usize, out: &mut Problems) {
    if let Some(v) = value {
        if v.chars().count() > max {
            out.add(
                field,
                ErrorCode::InvalidInput,
                format!("{field} is longer than {max} characters"),
            );
        }
    }
}

/// `validateInvitation`: required fields, vocabularies, limits, future expiry, duplicates.
pub fn validate_invitation(
    provider: Provider,
    draft: &InvitationDraft,
    rules: DraftRules,
) -> Validation {
    let mut out = Problems(Vec::new());
    let count = check_emails(draft, &mut out);
    let roles = draft.all_roles();
    for (i, role) in roles.iter().enumerate() {
        check_text_len(Some(role), &format!("roles[{i}]"), MAX_TEXT, &mut out);
    }
    check_text_len(
        draft.organization.as_deref(),
        "organization",
        MAX_TEXT,
        &mut out,
    );
    let expires = draft.expires_at.as_ref().map(|t| t.to_ms());
    match provider {
        Provider::Toggl => {
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
                        if !(ws.id.fract() == 0.0
                            && ws.id >= 1.0
                            && ws.id < 9.007_199_254_740_992e15)
                        {
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
        }
        Provider::Jaqpot => {
            if draft.organization_text().is_none() {
                out.add(
                    "organization",
                    ErrorCode::InvalidInput,
                    "Jaqpot needs the organization's name (orgName)",
                );
            }
            if rules.per_call_limit && count > jaqpot::EMAILS_PER_CALL {
                out.add(
                    "emails",
                    ErrorCode::InvalidInput,
                    format!(
                        "Jaqpot accepts 1-{} emails per call ({count} given); InviteClient.create splits longer lists",
                        jaqpot::EMAILS_PER_CALL
                    ),
                );
            }
        }
        Provider::Gencove => {}
        Provider::Cloudtruth => match roles.as_slice() {
            [] => out.add(
                "role",
                ErrorCode::InvalidInput,
                "CloudTruth needs a role: OWNER, ADMIN, CONTRIB or VIEWER",
            ),
            [role] if cloudtruth::ROLES.contains(role) => {}
            [role] => out.add(
                "role",
                ErrorCode::InvalidInput,
                format!(
                    "{:?} is not a CloudTruth role: OWNER, ADMIN, CONTRIB or VIEWER",
                    truncate(role, 40)
                ),
            ),
            _ => out.add(
                "roles",
                ErrorCode::InvalidInput,
                "CloudTruth takes exactly one role",
            ),
        },
        Provider::Logto => {
            if let Some(msg) = &draft.message {
                if !matches!(msg, Value::Object(_) | Value::Bool(false)) {
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
                Some(id) if id.chars().count() > logto::ID_MAX => out.add(
                    "organizationId",
                    ErrorCode::InvalidInput,
                    format!(
                        "a Logto organizationId is at most {} characters",
                        logto::ID_MAX
                    ),
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
            check_text_len(
                draft.inviter_id.as_deref(),
                "inviterId",
                logto::ID_MAX,
                &mut out,
            );
        }
    }
    check_carried(provider, draft, &mut out);
    Validation {
        ok: out.0.is_empty(),
        errors: out.0,
    }
}

/// Draft fields the provider's create request has no place for: refused, never dropped in
/// silence (an invitation created without the role or the expiry its caller asked for is worse
/// than an error). What each provider's create carries is in its module; this is the same
/// table, read from the caller's side.
fn check_carried(provider: Provider, draft: &InvitationDraft, out: &mut Problems) {
    let roles = draft.all_roles();
    let role_field = if draft.role.is_some() {
        "role"
    } else {
        "roles"
    };
    let expires = draft.expires_at.is_some();
    let message = draft.message.is_some();
    let workspaces = draft.workspaces.is_some();
    let inviter = draft.inviter_id.is_some();
    let organization = draft.organization.is_some() || draft.organization_id.is_some();
    let mut refuse = |present: bool, field: &str, why: &str| {
        if present {
            out.add(field, ErrorCode::InvalidInput, why);
        }
    };
    match provider {
        Provider::Toggl => {
            refuse(
                !roles.is_empty(),
                role_field,
                "Toggl grants roles per workspace: workspaces[].role or workspaces[].admin",
            );
            refuse(expires, "expiresAt", "Toggl invitations do not expire");
            refuse(
                message && !matches!(draft.message, Some(Value::Bool(false))),
                "message",
                "Toggl takes no message payload; message: false skips its email",
            );
            refuse(
                inviter,
                "inviterId",
                "Toggl takes no inviterId: the credentials are the inviter",
            );
        }
        Provider::Jaqpot => {
            refuse(
                !roles.is_empty(),
                role_field,
                "Jaqpot invitations have no role",
            );
            refuse(expires, "expiresAt", "Jaqpot sets the expiry itself");
            refuse(message, "message", "Jaqpot takes no message");
            refuse(workspaces, "workspaces", "only Toggl takes workspaces");
            refuse(
                inviter,
                "inviterId",
                "Jaqpot takes no inviterId: the credentials are the inviter",
            );
        }
        Provider::Gencove | Provider::Cloudtruth => {
            let name = provider.display_name();
            if provider == Provider::Gencove {
                refuse(roles.len() > 1, "roles", "Gencove takes one role");
                refuse(expires, "expiresAt", "Gencove sets the expiry itself");
            } else {
                refuse(expires, "expiresAt", "CloudTruth invitations do not expire");
            }
            refuse(message, "message", &format!("{name} takes no message"));
            refuse(workspaces, "workspaces", "only Toggl takes workspaces");
            refuse(
                inviter,
                "inviterId",
                &format!("{name} takes no inviterId: the credentials are the inviter"),
            );
            refuse(
                organization,
                if draft.organization.is_some() {
                    "organization"
                } else {
                    "organizationId"
                },
                &format!("{name} invites into the organization of the credentials"),
            );
        }
        Provider::Logto => refuse(workspaces, "workspaces", "only Toggl takes workspaces"),
    }
}

// ---------------------------------------------------------------------------------------------
// Transitions

/// The moves on an existing invitation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Accept,
    Reject,
    Resend,
    Revoke,
    Delete,
    Update,
}

/// Whether `provider` allows `action` on an invitation in `status` (NOTES.md per provider).
/// Terminal statuses are final, except where a provider documents otherwise: Jaqpot's resend
/// extends an expired invitation, CloudTruth's resend re-opens a bounced one, and deleting a
/// record is always allowed where deletion exists.
pub fn allows(provider: Provider, status: Status, action: Action) -> bool {
    use Action::*;
    use Status::*;
    if !crate::providers::capabilities(provider).allows(match action {
        Accept => crate::providers::Operation::Accept,
        Reject => crate::providers::Operation::Reject,
        Resend => crate::providers::Operation::Resend,
        Revoke => crate::providers::Operation::Revoke,
        Delete => crate::providers::Operation::Delete,
        Update => crate::providers::Operation::Update,
    }) {
        return false;
    }
    matches!(
        (provider, action, status),
        (_, Delete, _)
            | (_, _, Unknown)
            | (_, Accept | Reject | Resend | Revoke | Update, Pending)
            | (
                Provider::Cloudtruth,
                Accept | Resend | Revoke | Update,
                Bounced
            )
            | (Provider::Jaqpot, Resend, Expired)
    )
}

// ---------------------------------------------------------------------------------------------
// checkAcceptance

/// The outcome of `checkAcceptance`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "AcceptanceCheck"))]
pub struct Acceptance {
    pub ok: bool,
    pub code: Option<ErrorCode>,
    pub message: Option<String>,
}

fn refuse(code: ErrorCode, message: String) -> Acceptance {
    Acceptance {
        ok: false,
        code: Some(code),
        message: Some(message),
    }
}

/// `checkAcceptance`: may the person signed in as `signed_in` accept `invitation` at `now`?
pub fn check_acceptance(
    invitation: &Invitation,
    signed_in: Option<&str>,
    now: EpochMs,
    leeway_ms: i64,
) -> Acceptance {
    let expires = invitation.expires_at.as_deref().and_then(parse_iso);
    let status = effective_status(invitation.status, expires, now, leeway_ms);
    let closed = match status {
        Status::Expired => Some((ErrorCode::Expired, "This invitation has expired.")),
        Status::Revoked => Some((ErrorCode::Revoked, "This invitation was revoked.")),
        Status::Accepted => Some((
            ErrorCode::AlreadyAccepted,
            "This invitation was already accepted.",
        )),
        Status::Rejected => Some((
            ErrorCode::AlreadyRejected,
            "This invitation was already declined.",
        )),
        _ => None,
    };
    if let Some((code, message)) = closed {
        return refuse(code, message.to_string());
    }
    if !allows(invitation.provider, status, Action::Accept) {
        return refuse(
            ErrorCode::Unsupported,
            format!(
                "{} does not allow accepting an invitation that is {}",
                invitation.provider,
                status.as_str()
            ),
        );
    }
    if let Some(me) = signed_in.map(str::trim).filter(|s| !s.is_empty()) {
        if !email::validate_email(me).ok {
            return refuse(
                ErrorCode::InvalidEmail,
                "The signed-in email is not a valid address.".to_string(),
            );
        }
        if let Some(invitee) = invitation.email.as_deref() {
            if !email::emails_match(me, invitee) {
                return refuse(
                    ErrorCode::EmailMismatch,
                    format!("This invitation is for {invitee}, but you are signed in as {me}."),
                );
            }
        }
    }
    Acceptance {
        ok: true,
        code: None,
        message: None,
    }
}

#[cfg(test)]
mod tests;
