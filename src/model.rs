//! The one invitation model every provider is normalised into ([`Invitation`], [`Status`],
//! [`Provider`], [`Capabilities`]).

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
    pub const ALL: [Status; 7] = [
        Status::Pending,
        Status::Accepted,
        Status::Rejected,
        Status::Revoked,
        Status::Expired,
        Status::Bounced,
        Status::Unknown,
    ];

    fn unknown() -> Status {
        Status::Unknown
    }

    /// The status named `name` (its JavaScript name, as `as_str` gives it).
    pub fn parse(name: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == name)
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
