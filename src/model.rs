//! The one invitation model every provider is normalised into ([`Invitation`], [`Status`],
//! [`Provider`], [`Capabilities`]), and the draft `create` takes ([`InvitationDraft`]).

use crate::time::{parse_iso, EpochMs};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The five supported providers, in the order `PROVIDERS` lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum Provider {
    Toggl,
    Jaqpot,
    Gencove,
    Cloudtruth,
    Logto,
}

impl Provider {
    pub const ALL: [Provider; 5] = [
        Provider::Toggl,
        Provider::Jaqpot,
        Provider::Gencove,
        Provider::Cloudtruth,
        Provider::Logto,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Toggl => "toggl",
            Provider::Jaqpot => "jaqpot",
            Provider::Gencove => "gencove",
            Provider::Cloudtruth => "cloudtruth",
            Provider::Logto => "logto",
        }
    }

    /// The name as the provider writes it, for messages ("CloudTruth", not "cloudtruth").
    pub fn display_name(self) -> &'static str {
        match self {
            Provider::Toggl => "Toggl",
            Provider::Jaqpot => "Jaqpot",
            Provider::Gencove => "Gencove",
            Provider::Cloudtruth => "CloudTruth",
            Provider::Logto => "Logto",
        }
    }

    /// Parses a provider name exactly as JavaScript spells it (lowercase).
    pub fn parse(name: &str) -> Option<Provider> {
        Provider::ALL.into_iter().find(|p| p.as_str() == name)
    }
}

impl std::fmt::Display for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The normalised invitation status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "InvitationStatus"))]
pub enum Status {
    Pending,
    Accepted,
    Rejected,
    Revoked,
    Expired,
    Bounced,
    Unknown,
}

impl Status {
    fn unknown() -> Status {
        Status::Unknown
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
            Status::Revoked => "revoked",
            Status::Expired => "expired",
            Status::Bounced => "bounced",
            Status::Unknown => "unknown",
        }
    }

    /// A terminal status never changes again, whatever the provider allows.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            Status::Accepted | Status::Rejected | Status::Revoked | Status::Expired
        )
    }
}

/// Which operations a provider offers (`capabilities(provider)` in JavaScript).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Capabilities {
    pub lookup: bool,
    pub get: bool,
    pub list: bool,
    pub create: bool,
    pub accept: bool,
    pub reject: bool,
    pub resend: bool,
    pub revoke: bool,
    pub delete: bool,
    pub update: bool,
}

impl Capabilities {
    /// No operation at all: what a provider module's table starts from.
    pub const NONE: Capabilities = Capabilities {
        lookup: false,
        get: false,
        list: false,
        create: false,
        accept: false,
        reject: false,
        resend: false,
        revoke: false,
        delete: false,
        update: false,
    };

    /// The ten flags as bits in field order: bit 0 `lookup` ... bit 9 `update` (how the
    /// bindings hand them to JavaScript's `capabilitiesOf`).
    pub fn bits(self) -> u32 {
        [
            self.lookup,
            self.get,
            self.list,
            self.create,
            self.accept,
            self.reject,
            self.resend,
            self.revoke,
            self.delete,
            self.update,
        ]
        .iter()
        .rev()
        .fold(0, |bits, &flag| bits << 1 | u32::from(flag))
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Organization {
    pub id: Option<String>,
    pub name: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Inviter {
    pub id: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
}

/// What every read returns, whatever the provider.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Invitation {
    pub provider: Provider,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub organization: Organization,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default = "Status::unknown")]
    pub status: Status,
    #[serde(default)]
    pub provider_status: Option<String>,
    #[serde(default)]
    pub expires_at: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
    #[serde(default)]
    pub inviter: Option<Inviter>,
    /// The provider's own record, as it answered.
    #[serde(default)]
    #[cfg_attr(test, ts(type = "unknown"))]
    pub raw: Value,
}

impl Invitation {
    /// An invitation with nothing known but its provider, for parsers to fill in.
    pub fn empty(provider: Provider) -> Invitation {
        Invitation {
            provider,
            id: None,
            code: None,
            organization: Organization::default(),
            email: None,
            roles: Vec::new(),
            status: Status::Unknown,
            provider_status: None,
            expires_at: None,
            created_at: None,
            updated_at: None,
            inviter: None,
            raw: Value::Null,
        }
    }
}

/// The status a reader should see at `now`: an invitation that is still open (pending,
/// bounced or unknown) and whose `expiresAt` + leeway has passed is `Expired`, whatever the
/// provider says (Logto computes Expired only when read; Jaqpot has no such value). A closed
/// invitation (accepted, rejected, revoked) keeps its status: its expiry no longer matters.
pub fn effective_status(
    status: Status,
    expires_at_ms: Option<i64>,
    now_ms: i64,
    leeway_ms: i64,
) -> Status {
    let open = matches!(status, Status::Pending | Status::Bounced | Status::Unknown);
    match expires_at_ms {
        Some(exp) if open && exp.saturating_add(leeway_ms) < now_ms => Status::Expired,
        _ => status,
    }
}

// The draft `create` takes, as JavaScript callers give it.

/// A string or a number, as JS callers pass organization ids.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum IdValue {
    Text(String),
    Number(f64),
}

impl IdValue {
    pub fn as_text(&self) -> String {
        match self {
            IdValue::Text(s) => s.clone(),
            IdValue::Number(n) if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 => {
                format!("{}", *n as i64)
            }
            IdValue::Number(n) => n.to_string(),
        }
    }

    /// A positive integer id (Toggl `organization_id`, Jaqpot `orgId`).
    pub fn as_positive_int(&self) -> Option<u64> {
        match self {
            IdValue::Number(n)
                if n.fract() == 0.0 && *n >= 1.0 && *n < 9.007_199_254_740_992e15 =>
            {
                Some(*n as u64)
            }
            IdValue::Text(s)
                if !s.is_empty() && s.len() <= 19 && s.bytes().all(|b| b.is_ascii_digit()) =>
            {
                s.parse().ok().filter(|n| *n >= 1)
            }
            _ => None,
        }
    }
}

/// A Toggl workspace grant in a create draft.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct WorkspaceGrant {
    pub id: f64,
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub role: Option<String>,
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub admin: Option<bool>,
}

/// Expiry as JS callers give it: ISO-8601 text or epoch milliseconds (a `Date` is turned into
/// milliseconds at the boundary).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum TimeValue {
    Ms(f64),
    Text(String),
}

impl TimeValue {
    pub fn to_ms(&self) -> Option<EpochMs> {
        match self {
            TimeValue::Ms(ms) if ms.is_finite() && ms.abs() <= crate::time::MAX_EPOCH_MS as f64 => {
                Some(ms.floor() as i64)
            }
            TimeValue::Ms(_) => None,
            TimeValue::Text(t) => parse_iso(t),
        }
    }
}

/// What `create` takes (`InvitationDraft` in JavaScript).
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(optional_fields))]
pub struct InvitationDraft {
    pub organization: Option<String>,
    #[cfg_attr(test, ts(type = "string | number", optional))]
    pub organization_id: Option<IdValue>,
    pub emails: Option<Vec<String>>,
    pub email: Option<String>,
    pub role: Option<String>,
    pub roles: Option<Vec<String>>,
    /// ISO-8601 text, epoch milliseconds or a `Date` (turned into milliseconds at the boundary).
    #[cfg_attr(test, ts(type = "string | number | Date", optional))]
    pub expires_at: Option<TimeValue>,
    pub workspaces: Option<Vec<WorkspaceGrant>>,
    /// An object (Logto `messagePayload`) or `false` (no email).
    #[cfg_attr(test, ts(type = "Record<string, unknown> | false", optional))]
    pub message: Option<Value>,
    pub inviter_id: Option<String>,
}

impl InvitationDraft {
    /// `email` and `emails` together, in order, as given (not yet trimmed or deduplicated).
    pub fn all_emails(&self) -> Vec<&str> {
        self.email
            .iter()
            .map(String::as_str)
            .chain(self.emails.iter().flatten().map(String::as_str))
            .collect()
    }

    /// `role` and `roles` together.
    pub fn all_roles(&self) -> Vec<&str> {
        self.role
            .iter()
            .map(String::as_str)
            .chain(self.roles.iter().flatten().map(String::as_str))
            .collect()
    }

    /// The organization the caller named, by whichever field they used.
    pub fn organization_text(&self) -> Option<String> {
        self.organization_id
            .as_ref()
            .map(IdValue::as_text)
            .or_else(|| self.organization.clone())
            .filter(|s| !s.trim().is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// `bits` follows the field order JavaScript's `capabilitiesOf` decodes: bit i is the i-th
    /// field as serialized (a field added to `Capabilities` but not to `bits` fails here).
    #[test]
    fn capability_bits_follow_field_order() {
        for provider in Provider::ALL {
            let caps = crate::providers::capabilities(provider);
            let fields = match serde_json::to_value(caps) {
                Ok(serde_json::Value::Object(map)) => map,
                other => panic!("capabilities serialize to an object, not {other:?}"),
            };
            assert_eq!(fields.len(), 10);
            let names = [
                "lookup", "get", "list", "create", "accept", "reject", "resend", "revoke",
                "delete", "update",
            ];
            for (i, name) in names.iter().enumerate() {
                let flag = fields.get(*name).and_then(serde_json::Value::as_bool);
                assert_eq!(flag, Some(caps.bits() & (1 << i) != 0), "{provider} {name}");
            }
            assert_eq!(caps.bits() >> 10, 0);
        }
    }

    #[test]
    fn expiry_overrides_open_statuses_only() {
        let exp = Some(1_000_000);
        let leeway = 60_000;
        assert_eq!(
            effective_status(Status::Pending, exp, 1_060_000, leeway),
            Status::Pending
        );
        assert_eq!(
            effective_status(Status::Pending, exp, 1_060_001, leeway),
            Status::Expired
        );
        assert_eq!(
            effective_status(Status::Bounced, exp, 2_000_000, leeway),
            Status::Expired
        );
        assert_eq!(
            effective_status(Status::Unknown, exp, 2_000_000, 0),
            Status::Expired
        );
        assert_eq!(
            effective_status(Status::Accepted, exp, 2_000_000, 0),
            Status::Accepted
        );
        assert_eq!(
            effective_status(Status::Revoked, exp, 2_000_000, 0),
            Status::Revoked
        );
        assert_eq!(
            effective_status(Status::Pending, None, i64::MAX, 0),
            Status::Pending
        );
    }
}
