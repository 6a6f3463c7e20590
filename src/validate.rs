//! Validation with each provider's own rules: `validateInvitation` (drafts, before `create`),
//! the status transitions each provider allows, and `checkAcceptance` (before `accept`).

use crate::draft::{truncate, DraftRules, InvitationDraft, Problem, Problems};
use crate::email;
use crate::error::ErrorCode;
use crate::model::{effective_status, Invitation, Provider, Status};
use crate::providers::{self, Operation};
use crate::time::{parse_iso, EpochMs};
use serde::Serialize;

/// Most emails one draft may carry (InviteClient.create splits them per provider).
pub const MAX_DRAFT_EMAILS: usize = 1000;
/// Free-text role and name limits (Gencove `role` maxLength 255).
pub const MAX_TEXT: usize = 255;

/// The outcome of `validateInvitation`: every problem, not just the first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "InvitationValidation"))]
pub struct Validation {
    pub ok: bool,
    pub errors: Vec<Problem>,
}

impl Validation {
    /// The outcome as JSON text, as its `Serialize` writes it (the wasm boundary hands this text
    /// to `JSON.parse`, without serde in the core-only build).
    pub fn to_json(&self) -> String {
        use crate::json::write_string;
        let mut out = String::from("{\"ok\":");
        out.push_str(if self.ok { "true" } else { "false" });
        out.push_str(",\"errors\":[");
        for (i, p) in self.errors.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"field\":");
            write_string(&mut out, &p.field);
            out.push_str(",\"code\":");
            write_string(&mut out, p.code.as_str());
            out.push_str(",\"message\":");
            write_string(&mut out, &p.message);
            out.push('}');
        }
        out.push_str("]}");
        out
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

/// `validateInvitation`: required fields, vocabularies, limits, future expiry, duplicates.
pub fn validate_invitation(
    provider: Provider,
    draft: &InvitationDraft,
    rules: DraftRules,
) -> Validation {
    let mut out = Problems::default();
    let count = check_emails(draft, &mut out);
    let roles = draft.all_roles();
    for (i, role) in roles.iter().enumerate() {
        out.text_len(Some(role), &format!("roles[{i}]"), MAX_TEXT);
    }
    out.text_len(draft.organization.as_deref(), "organization", MAX_TEXT);
    (providers::module(provider).check_draft)(draft, &rules, count, &mut out);
    Validation {
        ok: out.0.is_empty(),
        errors: out.0,
    }
}

// ---------------------------------------------------------------------------------------------
// Transitions

/// Whether `provider` allows `op` on an invitation in `status` (NOTES.md per provider).
/// Terminal statuses are final, except where a provider module lists a move in its `reopens`
/// (Jaqpot's resend extends an expired invitation, CloudTruth's moves re-open a bounced one),
/// and deleting a record is always allowed where deletion exists.
pub fn allows(provider: Provider, status: Status, op: Operation) -> bool {
    use Operation::*;
    let module = providers::module(provider);
    module.capabilities.allows(op)
        && (matches!(
            (op, status),
            (Delete, _)
                | (_, Status::Unknown)
                | (Accept | Reject | Resend | Revoke | Update, Status::Pending)
        ) || module.reopens.contains(&(op, status)))
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
    if !allows(invitation.provider, status, Operation::Accept) {
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
