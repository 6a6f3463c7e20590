//! The one invitation model every provider is normalised into.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The five supported providers, in the order `PROVIDERS` lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
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

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organization {
    pub id: Option<String>,
    pub name: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inviter {
    pub id: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
}

/// What every read returns, whatever the provider.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Invitation {
    pub provider: Provider,
    pub id: Option<String>,
    pub code: Option<String>,
    pub organization: Organization,
    pub email: Option<String>,
    pub roles: Vec<String>,
    pub status: Status,
    pub provider_status: Option<String>,
    pub expires_at: Option<String>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub inviter: Option<Inviter>,
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
