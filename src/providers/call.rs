//! What one call of the unified client carries: where and as whom it goes ([`Config`]), the
//! invitation it is about ([`InvitationRef`]), the list query and its filters ([`ListQuery`]),
//! the call itself ([`Call`], of one [`Operation`]) and what its parsed answer means
//! ([`Outcome`]).

use super::*;

/// Where and as whom requests go. `base_url` has no trailing slash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub provider: Provider,
    pub base_url: String,
    /// For Logto's client-credentials grant the client puts the obtained access token here
    /// as `Auth::Bearer` before building requests.
    pub auth: Option<Auth>,
}

/// Checks and normalises a base URL: absolute http(s), HTTPS unless loopback, no query,
/// fragment or credentials, no trailing slash.
pub fn base_url(provider: Provider, given: Option<&str>) -> Result<String, InviteError> {
    let url = match given {
        Some(u) => u.trim().to_string(),
        None => default_base_url(provider)
            .map(str::to_string)
            .ok_or_else(|| {
                InviteError::new(
                    ErrorCode::InvalidInput,
                    format!("{provider} has no public API: pass baseUrl (your tenant's endpoint)"),
                )
                .with_field("baseUrl")
            })?,
    };
    let bad = |m: &str| {
        InviteError::new(ErrorCode::InvalidInput, m.to_string())
            .with_field("baseUrl")
            .with_provider(provider)
    };
    let lower = url.to_ascii_lowercase();
    let https = lower.starts_with("https://");
    if !https && !lower.starts_with("http://") {
        return Err(bad("baseUrl must be an http(s) URL"));
    }
    if url.len() > 2048 || url.contains(['?', '#', ' ', '\n', '\r', '\t', '\\']) {
        return Err(bad(
            "baseUrl must not have a query, fragment, spaces or backslashes",
        ));
    }
    let authority = url
        .split_once("://")
        .map_or("", |(_, r)| r)
        .split('/')
        .next()
        .unwrap_or_default();
    if authority.is_empty() || authority.contains('@') {
        return Err(bad("baseUrl needs a host and must not carry credentials"));
    }
    if !https && !crate::http::is_loopback(&url) {
        return Err(InviteError::new(
            ErrorCode::InsecureTransport,
            "baseUrl must use HTTPS (plain HTTP is allowed only for localhost and 127.0.0.1)",
        )
        .with_field("baseUrl")
        .with_provider(provider));
    }
    Ok(url.trim_end_matches('/').to_string())
}

/// An invitation reference (API.md `ref`): a string is the provider's primary key, so it fills
/// both `id` and `code`; an `Invitation` or an object fills what it has. The object form is
/// `InvitationRefParts` in JavaScript (an integer `organizationId` is taken as its digits).
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(
        rename = "InvitationRefParts",
        rename_all = "camelCase",
        optional_fields
    )
)]
pub struct InvitationRef {
    pub id: Option<String>,
    pub code: Option<String>,
    pub organization: Option<String>,
    #[cfg_attr(test, ts(type = "string | number", optional))]
    pub organization_id: Option<String>,
    /// The provider's own JSON of the invitation, when the caller passed an `Invitation`
    /// (Jaqpot's accept sends the full object back).
    #[cfg_attr(test, ts(skip))]
    pub raw: Option<Value>,
}

impl InvitationRef {
    pub fn key(key: &str) -> InvitationRef {
        InvitationRef {
            id: Some(key.to_string()),
            code: Some(key.to_string()),
            ..InvitationRef::default()
        }
    }

    pub fn from_invitation(inv: &Invitation) -> InvitationRef {
        InvitationRef {
            id: inv.id.clone(),
            code: inv.code.clone(),
            organization: inv.organization.name.clone(),
            organization_id: inv.organization.id.clone(),
            raw: Some(inv.raw.clone()).filter(|r| !r.is_null()),
        }
    }
}

/// The `list` query of API.md (`ListQueryInput` in TypeScript): the filters each provider
/// understands, the page size and the cursor of the page to fetch (`next` of the previous page).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(rename = "ListQueryInput", optional_fields)
)]
pub struct ListQuery {
    /// The organization's id or name (Jaqpot: required, its name).
    pub organization: Option<String>,
    /// invitekit's status (`pending`, `accepted`, `rejected`, `revoked`, `expired`, `bounced`,
    /// `unknown`, or `all`); Gencove and CloudTruth also take their own words.
    pub status: Option<String>,
    /// Compared as `emailsMatch` does.
    pub email: Option<String>,
    pub role: Option<String>,
    /// The inviter's id (or email).
    pub inviter: Option<String>,
    /// Items per page where the provider pages (Gencove, CloudTruth). Filters the provider does
    /// not take are applied to each page, so a page can hold fewer items while `next` is set.
    pub page_size: Option<u32>,
    #[cfg_attr(test, ts(optional = nullable))]
    pub cursor: Option<String>,
}

/// A filter of [`ListQuery`]. Each provider module names the ones its list endpoint does not
/// take and that its invitations can still answer: those are applied to each page as it is
/// parsed ([`ListQuery::keeps`]), so a query means the same whatever the provider. (A page can
/// then hold fewer than `pageSize` items, even none, while `next` is set.) The ones its
/// invitations cannot answer are refused before any request ([`ListQuery::check_filters`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Filter {
    Organization,
    Status,
    Email,
    Role,
    Inviter,
}

impl Filter {
    fn name(self) -> &'static str {
        match self {
            Filter::Organization => "organization",
            Filter::Status => "status",
            Filter::Email => "email",
            Filter::Role => "role",
            Filter::Inviter => "inviter",
        }
    }
}

/// For the providers whose resend sends the same email again: a `message` is refused (field
/// `message`), not dropped.
pub(crate) fn no_resend_message(
    provider: Provider,
    message: Option<&Value>,
) -> Result<(), InviteError> {
    match message {
        None => Ok(()),
        Some(_) => Err(InviteError::new(
            ErrorCode::InvalidInput,
            format!(
                "{}'s resend takes no message: it sends the invitation's email again",
                module(provider).display_name
            ),
        )
        .with_field("message")),
    }
}

/// The words a locally applied `status` filter takes: invitekit's statuses, and `all`.
const STATUS_WORDS: [&str; 8] = [
    "pending", "accepted", "rejected", "revoked", "expired", "bounced", "unknown", "all",
];

impl ListQuery {
    fn filter(&self, filter: Filter) -> Option<&str> {
        match filter {
            Filter::Organization => self.organization.as_deref(),
            Filter::Status => self.status.as_deref(),
            Filter::Email => self.email.as_deref(),
            Filter::Role => self.role.as_deref(),
            Filter::Inviter => self.inviter.as_deref(),
        }
    }

    /// Before the request: a filter in `unanswerable` (the provider's invitations do not carry
    /// it) is refused, and a `status` in `local` must be one of invitekit's statuses or `all`.
    pub fn check_filters(
        &self,
        provider: Provider,
        local: &[Filter],
        unanswerable: &[Filter],
    ) -> Result<(), InviteError> {
        let name = module(provider).display_name;
        if let Some(f) = unanswerable.iter().find(|f| self.filter(**f).is_some()) {
            let message = [
                name,
                " invitations do not say their ",
                f.name(),
                ": the list cannot be filtered by it",
            ];
            return Err(
                InviteError::new(ErrorCode::InvalidInput, message.concat()).with_field(f.name())
            );
        }
        if let Some(status) = self
            .status
            .as_deref()
            .filter(|_| local.contains(&Filter::Status))
        {
            if !STATUS_WORDS.contains(&status.to_ascii_lowercase().as_str()) {
                let message = [name, " lists filter by status pending, accepted, rejected, revoked, expired, bounced, unknown or all"];
                return Err(InviteError::new(ErrorCode::InvalidInput, message.concat())
                    .with_field("status"));
            }
        }
        Ok(())
    }

    /// After the response: whether `inv` passes every filter in `local` that is set. Statuses
    /// compare invitekit's status (so `pending` leaves out a pending invitation past its
    /// expiry), emails as `emailsMatch` does, roles, organizations (id or name) and inviters
    /// (id or email) exactly, roles and statuses ignoring ASCII case.
    pub fn keeps(&self, inv: &Invitation, local: &[Filter]) -> bool {
        let same = |a: Option<&str>, b: &str| a == Some(b);
        local.iter().all(|&f| {
            let Some(want) = self.filter(f) else {
                return true;
            };
            match f {
                Filter::Status => {
                    want.eq_ignore_ascii_case("all")
                        || want.eq_ignore_ascii_case(inv.status.as_str())
                }
                Filter::Email => inv
                    .email
                    .as_deref()
                    .is_some_and(|e| crate::email::emails_match(e, want)),
                Filter::Role => inv.roles.iter().any(|r| r.eq_ignore_ascii_case(want)),
                Filter::Organization => {
                    same(inv.organization.id.as_deref(), want)
                        || same(inv.organization.name.as_deref(), want)
                }
                Filter::Inviter => inv.inviter.as_ref().is_some_and(|i| {
                    same(i.id.as_deref(), want)
                        || i.email
                            .as_deref()
                            .is_some_and(|e| crate::email::emails_match(e, want))
                }),
            }
        })
    }
}

/// One call of the unified client, with everything its request needs.
#[derive(Clone, Debug, PartialEq)]
pub enum Call {
    Lookup {
        code: String,
    },
    Get {
        target: InvitationRef,
    },
    List {
        query: ListQuery,
    },
    /// `emails` is the slice of the draft's emails this request carries (a chunk for Jaqpot,
    /// all of them for Toggl, one for the others).
    Create {
        draft: InvitationDraft,
        emails: Vec<String>,
    },
    Accept {
        target: InvitationRef,
        user_id: Option<String>,
    },
    Reject {
        target: InvitationRef,
    },
    Resend {
        target: InvitationRef,
        message: Option<Value>,
    },
    Revoke {
        target: InvitationRef,
    },
    Delete {
        target: InvitationRef,
    },
    Update {
        target: InvitationRef,
        patch: Value,
        replace: bool,
    },
}

impl Call {
    pub fn operation(&self) -> Operation {
        match self {
            Call::Lookup { .. } => Operation::Lookup,
            Call::Get { .. } => Operation::Get,
            Call::List { .. } => Operation::List,
            Call::Create { .. } => Operation::Create,
            Call::Accept { .. } => Operation::Accept,
            Call::Reject { .. } => Operation::Reject,
            Call::Resend { .. } => Operation::Resend,
            Call::Revoke { .. } => Operation::Revoke,
            Call::Delete { .. } => Operation::Delete,
            Call::Update { .. } => Operation::Update,
        }
    }
}

/// What a parsed response means.
#[derive(Clone, Debug, PartialEq)]
#[allow(clippy::large_enum_variant)] // short-lived, one per response
pub enum Outcome {
    One(Invitation),
    /// A successful answer that returns no invitation (resend on Toggl, Jaqpot, Logto).
    Nothing,
    Page {
        items: Vec<Invitation>,
        next: Option<String>,
    },
    Created {
        created: Vec<Invitation>,
        failed: Vec<(String, InviteError)>,
    },
}

/// The time the parsers judge expiry at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParseContext {
    pub now: EpochMs,
    pub leeway_ms: i64,
}

/// The operations of the unified client (API.md), independent of any provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operation {
    Lookup,
    Get,
    List,
    Create,
    Accept,
    Reject,
    Resend,
    Revoke,
    Delete,
    Update,
}

impl Operation {
    pub const ALL: [Operation; 10] = [
        Operation::Lookup,
        Operation::Get,
        Operation::List,
        Operation::Create,
        Operation::Accept,
        Operation::Reject,
        Operation::Resend,
        Operation::Revoke,
        Operation::Delete,
        Operation::Update,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Lookup => "lookup",
            Operation::Get => "get",
            Operation::List => "list",
            Operation::Create => "create",
            Operation::Accept => "accept",
            Operation::Reject => "reject",
            Operation::Resend => "resend",
            Operation::Revoke => "revoke",
            Operation::Delete => "delete",
            Operation::Update => "update",
        }
    }
}
