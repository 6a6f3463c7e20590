//! The provider layer: one module per provider, each a set of pure request builders and
//! response parsers, readable top to bottom against that provider's spec. This file holds only
//! what they share: configuration and credentials, the operation and outcome types, URL and
//! header helpers, and the generic status-to-code mapping each module refines.

pub mod cloudtruth;
#[cfg(test)]
pub(crate) mod fixtures;
pub mod gencove;
pub mod jaqpot;
pub mod logto;
pub mod toggl;

use crate::draft::{DraftRules, InvitationDraft, Problems};
use crate::error::{ErrorCode, InviteError};
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::model::{Capabilities, Invitation, Provider, Status};
use crate::secret::Secret;
use crate::time::{parse_http_date, EpochMs};
use serde_json::Value;

/// What one provider module tells the rest of the crate: its facts as data, its request
/// builder and response parser as functions. Each provider module defines one as `MODULE`;
/// [`module`] is the registry, and nothing outside the provider modules and the registry
/// matches on the provider.
pub struct ProviderModule {
    pub provider: Provider,
    /// The public API the spec's paths live under (`None`: per tenant, `baseUrl` required).
    pub default_base_url: Option<&'static str>,
    pub capabilities: Capabilities,
    /// The provider's status words onto [`Status`].
    pub status_of: fn(Option<&str>) -> Status,
    /// Refuses credentials of a scheme the provider does not take.
    pub check_auth: fn(&Config) -> Result<(), InviteError>,
    pub build: fn(&Config, &Call) -> Result<HttpRequest, InviteError>,
    pub parse: fn(&Call, &HttpResponse, ParseContext) -> Result<Outcome, InviteError>,
    /// Its own checks of a draft for `create` (given the number of emails in it).
    pub check_draft: fn(&InvitationDraft, &DraftRules, usize, &mut Problems),
    /// Moves it allows from a status other than pending or unknown (besides deleting, which
    /// every provider with a delete allows from any status).
    pub reopens: &'static [(Operation, Status)],
    /// How many emails one create request carries: `None` all of them in one request (sent
    /// alone), `Some(1)` one request per email (several at a time), `Some(n)` chunks of `n`
    /// (sent one after another).
    pub create_batch: Option<usize>,
    /// Whether a lookup by code still finds an invitation once it is used. Where it does not
    /// (Toggl), an accept or reject looks the code up first (it must be open), and a lost
    /// answer is settled without reading back.
    pub lookup_finds_used: bool,
    /// Whether accept and reject send the whole invitation back (Jaqpot's PUT), so that a bare
    /// reference is read first.
    pub writes_whole_invitation: bool,
}

/// The draft fields a provider that invites into the credentials' own organization, with no
/// message or inviter of the caller's choosing, has no place for (Gencove, CloudTruth).
pub(crate) fn refuse_credentials_scoped(
    provider: Provider,
    draft: &InvitationDraft,
    out: &mut Problems,
) {
    let name = provider.display_name();
    out.refuse(
        draft.message.is_some(),
        "message",
        &format!("{name} takes no message"),
    );
    out.refuse(
        draft.workspaces.is_some(),
        "workspaces",
        "only Toggl takes workspaces",
    );
    out.refuse(
        draft.inviter_id.is_some(),
        "inviterId",
        &format!("{name} takes no inviterId: the credentials are the inviter"),
    );
    out.refuse(
        draft.organization.is_some() || draft.organization_id.is_some(),
        if draft.organization.is_some() {
            "organization"
        } else {
            "organizationId"
        },
        &format!("{name} invites into the organization of the credentials"),
    );
}

/// The registry: each provider's module.
pub fn module(provider: Provider) -> &'static ProviderModule {
    match provider {
        Provider::Toggl => &toggl::MODULE,
        Provider::Jaqpot => &jaqpot::MODULE,
        Provider::Gencove => &gencove::MODULE,
        Provider::Cloudtruth => &cloudtruth::MODULE,
        Provider::Logto => &logto::MODULE,
    }
}

/// Largest response body a parser reads (bigger answers are `malformed_response`).
pub const MAX_RESPONSE_BYTES: usize = 4 * 1024 * 1024;
/// Longest `Retry-After` honoured; longer waits are reported, not slept through.
pub const MAX_RETRY_AFTER_MS: u64 = 10 * 60 * 1000;

/// Credentials, one variant per scheme of API.md. Each provider module accepts the schemes its
/// API has and refuses the others with `invalid_input` before any request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Auth {
    Bearer(Secret),
    ApiKey(Secret),
    Basic {
        username: String,
        password: Secret,
    },
    /// Toggl's `<token>:api_token`.
    ApiToken(Secret),
    /// Jaqpot's `X-Api-Key` / `X-Api-Secret`.
    KeyPair {
        key: Secret,
        secret: Secret,
    },
    /// Logto's machine-to-machine client-credentials grant.
    ClientCredentials {
        client_id: String,
        client_secret: Secret,
        resource: String,
        token_url: Option<String>,
        scope: Option<String>,
    },
}

impl Auth {
    /// Every secret value inside, for redaction.
    pub fn secrets(&self) -> Vec<&Secret> {
        match self {
            Auth::Bearer(s) | Auth::ApiKey(s) | Auth::ApiToken(s) => vec![s],
            Auth::Basic { password, .. } => vec![password],
            Auth::KeyPair { key, secret } => vec![key, secret],
            Auth::ClientCredentials { client_secret, .. } => vec![client_secret],
        }
    }

    /// Every text that carries a credential, for redaction: each secret value, and the
    /// composites a scheme sends (Basic's `user:password`, Toggl's `<token>:api_token`, Logto's
    /// form-encoded `client_id:client_secret`), which come back base64-encoded in an echoed
    /// `Authorization` header.
    pub fn secret_texts(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .secrets()
            .iter()
            .map(|s| s.expose().to_string())
            .collect();
        match self {
            Auth::Basic { username, password } => {
                out.push(format!("{username}:{}", password.expose()))
            }
            Auth::ApiToken(token) => out.push(format!("{}:api_token", token.expose())),
            Auth::ClientCredentials {
                client_id,
                client_secret,
                ..
            } => {
                out.push(format!("{client_id}:{}", client_secret.expose()));
                out.push(logto::client_basic_credentials(
                    client_id,
                    client_secret.expose(),
                ));
            }
            _ => {}
        }
        out
    }

    fn scheme(&self) -> &'static str {
        match self {
            Auth::Bearer(_) => "bearer",
            Auth::ApiKey(_) => "apiKey",
            Auth::Basic { .. } => "basic",
            Auth::ApiToken(_) => "apiToken",
            Auth::KeyPair { .. } => "keyPair",
            Auth::ClientCredentials { .. } => "clientCredentials",
        }
    }
}

impl Auth {
    /// Credentials go into headers: control characters (CR, LF, NUL...) would split or corrupt
    /// them (header injection), so they are refused before any request.
    pub fn check(&self) -> Result<(), InviteError> {
        let mut texts: Vec<&str> = self.secrets().iter().map(|s| s.expose()).collect();
        match self {
            Auth::Basic { username, .. } => texts.push(username),
            Auth::ClientCredentials {
                client_id,
                resource,
                token_url,
                scope,
                ..
            } => {
                texts.extend([client_id.as_str(), resource.as_str()]);
                texts.extend(token_url.as_deref());
                texts.extend(scope.as_deref());
            }
            _ => {}
        }
        if texts.iter().any(|t| t.chars().any(char::is_control)) {
            return Err(InviteError::new(
                ErrorCode::InvalidInput,
                "credentials must not contain control characters (CR, LF, NUL...)",
            )
            .with_field("auth"));
        }
        if texts.iter().any(|t| t.len() > 16 * 1024) {
            return Err(InviteError::new(
                ErrorCode::InvalidInput,
                "a credential is longer than 16 KiB",
            )
            .with_field("auth"));
        }
        if let Auth::ClientCredentials {
            token_url: Some(u), ..
        } = self
        {
            let lower = u.to_ascii_lowercase();
            let secure = lower.starts_with("https://")
                || (lower.starts_with("http://") && crate::http::is_loopback(u));
            if !secure {
                return Err(InviteError::new(
                    ErrorCode::InsecureTransport,
                    "tokenUrl must use HTTPS",
                )
                .with_field("auth"));
            }
        }
        Ok(())
    }
}

/// Refusal of an auth scheme the provider does not have.
pub(crate) fn unsupported_auth(provider: Provider, auth: &Auth, accepted: &str) -> InviteError {
    InviteError::new(
        ErrorCode::InvalidInput,
        format!(
            "{provider} does not take {} credentials; use {accepted}",
            auth.scheme()
        ),
    )
    .with_provider(provider)
    .with_field("auth")
}

/// Where and as whom requests go. `base_url` has no trailing slash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub provider: Provider,
    pub base_url: String,
    /// For Logto's client-credentials grant the client puts the obtained access token here
    /// as `Auth::Bearer` before building requests.
    pub auth: Option<Auth>,
}

/// The provider's public API, when it has one (Logto's is per tenant).
pub fn default_base_url(provider: Provider) -> Option<&'static str> {
    module(provider).default_base_url
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
/// both `id` and `code`; an `Invitation` or an object fills what it has.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InvitationRef {
    pub id: Option<String>,
    pub code: Option<String>,
    pub organization: Option<String>,
    pub organization_id: Option<String>,
    /// The provider's own JSON of the invitation, when the caller passed an `Invitation`
    /// (Jaqpot's accept sends the full object back).
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
                provider.display_name()
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
        let name = provider.display_name();
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

/// Builds the request for `call`, or refuses an operation the provider lacks (`unsupported`,
/// and no request at all).
pub fn build(config: &Config, call: &Call) -> Result<HttpRequest, InviteError> {
    let provider = config.provider;
    if !capabilities(provider).allows(call.operation()) {
        return Err(unsupported(provider, call.operation()));
    }
    (module(provider).build)(config, call).map_err(|e| e.with_provider(provider))
}

/// Refuses, when a client is made, credentials of a scheme the provider does not take (each
/// provider module's own list), so the mistake is reported there and not at the first call.
pub fn check_auth(config: &Config) -> Result<(), InviteError> {
    (module(config.provider).check_auth)(config)
}

/// Parses the response to `call` into an outcome or a coded error.
pub fn parse(
    provider: Provider,
    call: &Call,
    response: &HttpResponse,
    ctx: ParseContext,
) -> Result<Outcome, InviteError> {
    if response.body.len() > MAX_RESPONSE_BYTES {
        return Err(malformed(
            provider,
            response.status,
            "the response body is too large",
        ));
    }
    (module(provider).parse)(call, response, ctx).map_err(|mut e| {
        e.provider = Some(provider);
        if e.status.is_none() {
            e.status = Some(response.status);
        }
        e
    })
}

pub fn unsupported(provider: Provider, op: Operation) -> InviteError {
    InviteError::new(
        ErrorCode::Unsupported,
        format!("{provider} has no {} operation", op.as_str()),
    )
    .with_provider(provider)
}

// ---------------------------------------------------------------------------------------------
// Helpers the provider modules share

/// Percent-encodes one path segment: everything but RFC 3986 unreserved characters, so `/`,
/// `?`, `#`, `%`, `..` tricks and CR/LF in ids or codes are data, never structure.
pub fn segment(value: &str) -> Result<String, InviteError> {
    if value.is_empty() {
        return Err(InviteError::new(
            ErrorCode::InvalidInput,
            "an id or code is empty",
        ));
    }
    if value.len() > 1024 {
        return Err(InviteError::new(
            ErrorCode::InvalidInput,
            "an id or code is longer than 1 KiB",
        ));
    }
    let encoded = crate::link::percent_encode(value);
    // encodeURIComponent keeps !'()* and a lone "." or ".." segment would still be read as a
    // path step: encode those too.
    let encoded = encoded
        .replace('!', "%21")
        .replace('\'', "%27")
        .replace('(', "%28")
        .replace(')', "%29")
        .replace('*', "%2A");
    Ok(match encoded.as_str() {
        "." => "%2E".to_string(),
        ".." => "%2E%2E".to_string(),
        _ => encoded,
    })
}

/// `base` + path + `?query` with each query value encoded.
pub fn url(config: &Config, path: &str, query: &[(&str, String)]) -> String {
    let mut out = format!("{}{}", config.base_url, path);
    for (i, (k, v)) in query.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(k);
        out.push('=');
        out.push_str(&crate::link::percent_encode(v));
    }
    out
}

/// A request with the JSON content negotiation every provider uses.
pub fn request(
    method: Method,
    url: String,
    auth: Vec<(String, String)>,
    body: Option<&Value>,
) -> HttpRequest {
    let mut headers = vec![("Accept".to_string(), "application/json".to_string())];
    if body.is_some() {
        headers.push(("Content-Type".to_string(), "application/json".to_string()));
    }
    headers.extend(auth);
    HttpRequest {
        method,
        url,
        headers,
        body: body.map(Value::to_string),
    }
}

pub fn header(name: &str, value: String) -> (String, String) {
    (name.to_string(), value)
}

pub fn basic(username: &str, password: &str) -> String {
    format!(
        "Basic {}",
        crate::http::base64_standard(format!("{username}:{password}").as_bytes())
    )
}

/// A numeric id in a path (Toggl's organization and invitation ids, Jaqpot's `orgId`).
pub fn integer_id(
    value: Option<&str>,
    field: &str,
    provider: Provider,
) -> Result<u64, InviteError> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty() && v.len() <= 19 && v.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|v| v.parse::<u64>().ok())
        .ok_or_else(|| {
            InviteError::new(
                ErrorCode::InvalidInput,
                format!("{provider} needs a numeric {field} here"),
            )
            .with_field(field)
        })
}

/// The one email of a single-invitation create (Gencove, CloudTruth, Logto); `name` is how
/// the message spells the provider.
pub fn single_email(emails: &[String], provider: Provider) -> Result<&String, InviteError> {
    match emails {
        [email] => Ok(email),
        _ => Err(InviteError::new(
            ErrorCode::InvalidInput,
            format!(
                "{} creates one invitation per request",
                provider.display_name()
            ),
        )),
    }
}

pub fn required<'a>(
    value: Option<&'a str>,
    field: &str,
    what: &str,
) -> Result<&'a str, InviteError> {
    value.filter(|v| !v.trim().is_empty()).ok_or_else(|| {
        InviteError::new(ErrorCode::InvalidInput, format!("{what} is required")).with_field(field)
    })
}

pub fn malformed(provider: Provider, status: u16, what: &str) -> InviteError {
    InviteError::new(
        ErrorCode::MalformedResponse,
        format!("{provider} sent a response invitekit cannot read: {what}"),
    )
    .with_provider(provider)
    .with_status(status)
}

/// The body as JSON; an empty or non-JSON body is `malformed_response`.
pub fn json_body(provider: Provider, response: &HttpResponse) -> Result<Value, InviteError> {
    serde_json::from_str(&response.body)
        .map_err(|_| malformed(provider, response.status, "the body is not valid JSON"))
}

/// The body as one JSON object (an invitation); anything else is `malformed_response`.
pub fn json_object(provider: Provider, response: &HttpResponse) -> Result<Value, InviteError> {
    let body = json_body(provider, response)?;
    if body.is_object() {
        Ok(body)
    } else {
        Err(malformed(
            provider,
            response.status,
            "the invitation is not a JSON object",
        ))
    }
}

/// A list's items: the objects of `list` when it is a JSON array (other entries are skipped);
/// no array is `malformed_response` saying `missing`.
pub fn json_items<'a>(
    provider: Provider,
    status: u16,
    list: Option<&'a Value>,
    missing: &str,
) -> Result<impl Iterator<Item = &'a Value>, InviteError> {
    let items = list
        .and_then(Value::as_array)
        .ok_or_else(|| malformed(provider, status, missing))?;
    Ok(items.iter().filter(|v| v.is_object()))
}

/// `Retry-After` in milliseconds (delta-seconds or an HTTP-date), capped.
pub fn retry_after_ms(response: &HttpResponse, now: EpochMs) -> Option<u64> {
    let value = response.header("retry-after")?.trim();
    let ms = if let Ok(seconds) = value.parse::<u64>() {
        seconds.saturating_mul(1000)
    } else if let Ok(seconds) = value.parse::<f64>() {
        if !seconds.is_finite() || seconds < 0.0 {
            return None;
        }
        (seconds * 1000.0) as u64
    } else {
        let at = parse_http_date(value)?;
        u64::try_from(at.saturating_sub(now)).unwrap_or(0)
    };
    Some(ms.min(MAX_RETRY_AFTER_MS))
}

/// The code a bare HTTP status means, before any provider-specific reading of the body.
pub fn code_for_status(status: u16) -> ErrorCode {
    match status {
        400 | 405 | 413 | 415 | 422 => ErrorCode::InvalidInput,
        401 => ErrorCode::Unauthorized,
        402 => ErrorCode::QuotaExceeded,
        403 => ErrorCode::Forbidden,
        404 => ErrorCode::NotFound,
        409 => ErrorCode::AlreadyInvited,
        410 => ErrorCode::Expired,
        429 => ErrorCode::RateLimited,
        500..=599 => ErrorCode::ProviderUnavailable,
        _ => ErrorCode::MalformedResponse,
    }
}

/// A provider error with its own message kept in `detail` (the client redacts secrets from it).
pub fn status_error(
    provider: Provider,
    response: &HttpResponse,
    code: ErrorCode,
    detail: Option<String>,
    ctx: ParseContext,
) -> InviteError {
    let status = response.status;
    let what = match code {
        ErrorCode::NotFound => "the invitation was not found",
        ErrorCode::Unauthorized => "the credentials were refused",
        ErrorCode::Forbidden => "the credentials may not do this",
        ErrorCode::RateLimited => "too many requests",
        ErrorCode::QuotaExceeded => "the request quota is used up",
        ErrorCode::ProviderUnavailable => "the provider is unavailable",
        ErrorCode::AlreadyInvited => "this email is already invited",
        ErrorCode::AlreadyAccepted => "the invitation was already accepted",
        ErrorCode::AlreadyRejected => "the invitation was already declined",
        ErrorCode::Expired => "the invitation has expired",
        ErrorCode::Revoked => "the invitation was revoked",
        ErrorCode::EmailMismatch => "the signed-in user's email is not the invitee's",
        ErrorCode::InvalidEmail => "an email address was refused",
        ErrorCode::Unsupported => "the provider does not support this here",
        _ => "the request was refused",
    };
    let mut err = InviteError::new(code, format!("{provider} answered {status}: {what}"))
        .with_provider(provider)
        .with_status(status);
    if let Some(d) = detail
        .map(|d| d.trim().to_string())
        .filter(|d| !d.is_empty())
    {
        err.detail = Some(truncate_detail(&d));
    }
    if matches!(
        code,
        ErrorCode::RateLimited | ErrorCode::ProviderUnavailable
    ) {
        err.retry_after_ms = retry_after_ms(response, ctx.now);
    }
    err
}

fn truncate_detail(text: &str) -> String {
    match text.char_indices().nth(500) {
        Some((i, _)) => format!("{}…", text.get(..i).unwrap_or_default()),
        None => text.to_string(),
    }
}

/// A DRF-style error body (`{"detail": ...}`, `{"field": ["msg"]}`, `["msg"]`) as one line.
pub fn drf_message(body: &Value) -> Option<String> {
    match body {
        Value::Object(map) => {
            if let Some(Value::String(d)) = map.get("detail") {
                return Some(d.clone());
            }
            let parts: Vec<String> = map
                .iter()
                .map(|(field, v)| match v {
                    Value::Array(items) => format!(
                        "{field}: {}",
                        items
                            .iter()
                            .filter_map(Value::as_str)
                            .collect::<Vec<_>>()
                            .join(" ")
                    ),
                    Value::String(s) => format!("{field}: {s}"),
                    other => format!("{field}: {other}"),
                })
                .collect();
            (!parts.is_empty()).then(|| parts.join("; "))
        }
        Value::Array(items) => Some(
            items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(" "),
        ),
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

/// Text of a JSON value that may be a string or a number (ids).
pub fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// An ISO-8601 field normalised to UTC; unreadable times become `None`, never an error.
pub fn iso(value: Option<&Value>) -> Option<String> {
    value
        .and_then(Value::as_str)
        .and_then(crate::time::normalize_iso)
}

/// Sets the status readers see: expired when `expiresAt` + leeway has passed (model.rs).
pub fn finish(mut inv: Invitation, ctx: ParseContext) -> Invitation {
    let expires = inv.expires_at.as_deref().and_then(crate::time::parse_iso);
    inv.status = crate::model::effective_status(inv.status, expires, ctx.now, ctx.leeway_ms);
    inv
}

/// The value of `name` in a URL's query (for following `next` links as cursors).
pub fn query_param(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1.split('#').next()?;
    query
        .split('&')
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| *k == name)
        .and_then(|(_, v)| crate::link::percent_decode(v, true).ok())
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

/// Which operations each provider offers (each module's table, from the cross-provider map in
/// NOTES.md §6).
pub fn capabilities(provider: Provider) -> Capabilities {
    module(provider).capabilities
}

/// The provider's own status word mapped onto [`Status`] (the normalisation table of
/// NOTES.md, one part per provider module). A word outside a provider's vocabulary is
/// `Unknown`; callers keep the word in `providerStatus`.
pub fn status_of(provider: Provider, word: Option<&str>) -> Status {
    (module(provider).status_of)(word)
}

impl Capabilities {
    pub fn allows(&self, op: Operation) -> bool {
        match op {
            Operation::Lookup => self.lookup,
            Operation::Get => self.get,
            Operation::List => self.list,
            Operation::Create => self.create,
            Operation::Accept => self.accept,
            Operation::Reject => self.reject,
            Operation::Resend => self.resend,
            Operation::Revoke => self.revoke,
            Operation::Delete => self.delete,
            Operation::Update => self.update,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_table() {
        use Provider::*;
        use Status::*;
        let table: &[(Provider, Option<&str>, Status)] = &[
            (Jaqpot, Some("PENDING"), Pending),
            (Jaqpot, Some("ACCEPTED"), Accepted),
            (Jaqpot, Some("REJECTED"), Rejected),
            (Jaqpot, Some("pending"), Unknown),
            (Jaqpot, Some("EXPIRED"), Unknown),
            (Gencove, Some("pending"), Pending),
            (Gencove, Some("Accepted"), Accepted),
            (Gencove, Some(" expired "), Expired),
            (Gencove, Some("revoked"), Revoked),
            (Gencove, Some("on hold"), Unknown),
            (Cloudtruth, Some("pending"), Pending),
            (Cloudtruth, Some("sent"), Pending),
            (Cloudtruth, Some("bounced"), Bounced),
            (Cloudtruth, Some("accepted"), Accepted),
            (Cloudtruth, Some("rejected"), Unknown),
            (Logto, Some("Pending"), Pending),
            (Logto, Some("Accepted"), Accepted),
            (Logto, Some("Expired"), Expired),
            (Logto, Some("Revoked"), Revoked),
            (Logto, Some("pending"), Unknown),
            (Toggl, None, Pending),
            (Toggl, Some("anything"), Unknown),
            (Jaqpot, None, Unknown),
        ];
        for (provider, word, want) in table {
            assert_eq!(status_of(*provider, *word), *want, "{provider} {word:?}");
        }
    }

    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn local_list_filters_mean_the_same_for_every_provider() {
        // wasm-bindgen-test does not run the module's start function, which registers this.
        #[cfg(target_arch = "wasm32")]
        crate::wasm::bindings::use_runtime_url_for_hosts();
        use crate::model::{Inviter, Organization, Status};
        let inv = Invitation {
            organization: Organization {
                id: Some("o1".into()),
                name: Some("Acme".into()),
            },
            email: Some("Jane.Doe@Bücher.de".into()),
            roles: vec!["VIEWER".into(), "billing".into()],
            status: Status::Expired,
            provider_status: Some("PENDING".into()),
            inviter: Some(Inviter {
                id: Some("u7".into()),
                name: Some("Boss".into()),
                email: Some("boss@example.com".into()),
            }),
            ..Invitation::empty(Provider::Jaqpot)
        };
        let all = [
            Filter::Organization,
            Filter::Status,
            Filter::Email,
            Filter::Role,
            Filter::Inviter,
        ];
        let q = |f: fn(&mut ListQuery)| {
            let mut q = ListQuery::default();
            f(&mut q);
            q
        };
        let table: &[(ListQuery, bool)] = &[
            (ListQuery::default(), true),
            (q(|q| q.status = Some("expired".into())), true),
            (q(|q| q.status = Some("EXPIRED".into())), true),
            (q(|q| q.status = Some("all".into())), true),
            // invitekit's status, not the provider's word: past its expiry, PENDING is expired.
            (q(|q| q.status = Some("pending".into())), false),
            (
                q(|q| q.email = Some(" jane.doe@xn--bcher-kva.de".into())),
                true,
            ),
            (q(|q| q.email = Some("jane@bücher.de".into())), false),
            (q(|q| q.role = Some("viewer".into())), true),
            (q(|q| q.role = Some("admin".into())), false),
            (q(|q| q.organization = Some("o1".into())), true),
            (q(|q| q.organization = Some("Acme".into())), true),
            (q(|q| q.organization = Some("acme".into())), false),
            (q(|q| q.inviter = Some("u7".into())), true),
            (q(|q| q.inviter = Some("BOSS@example.com".into())), true),
            (q(|q| q.inviter = Some("Boss".into())), false),
            (
                q(|q| {
                    q.role = Some("billing".into());
                    q.organization = Some("o1".into());
                }),
                true,
            ),
            (
                q(|q| {
                    q.role = Some("billing".into());
                    q.organization = Some("o2".into());
                }),
                false,
            ),
        ];
        for (query, kept) in table {
            assert_eq!(query.keeps(&inv, &all), *kept, "{query:?}");
            // A filter the provider applied itself is not applied again.
            assert!(query.keeps(&inv, &[]), "{query:?}");
        }
        // Nothing to compare with: an invitation without the field is left out.
        let bare = Invitation::empty(Provider::Logto);
        assert!(!q(|q| q.email = Some("a@b.co".into())).keeps(&bare, &all));
        assert!(!q(|q| q.inviter = Some("u7".into())).keeps(&bare, &all));
        assert!(!q(|q| q.role = Some("member".into())).keeps(&bare, &all));
    }

    #[test]
    fn a_resend_message_is_refused_where_resend_cannot_carry_one() {
        for provider in [Provider::Toggl, Provider::Jaqpot, Provider::Cloudtruth] {
            let config = Config {
                provider,
                base_url: "https://api.test".into(),
                auth: None,
            };
            let call = Call::Resend {
                target: InvitationRef {
                    organization: Some("o".into()),
                    organization_id: Some("1".into()),
                    ..InvitationRef::key("7")
                },
                message: Some(serde_json::json!({"text": "hello again"})),
            };
            let err = build(&config, &call).unwrap_err();
            assert_eq!(
                (err.code, err.field.as_deref(), err.provider),
                (ErrorCode::InvalidInput, Some("message"), Some(provider)),
                "{provider:?}"
            );
        }
    }

    #[test]
    fn credentials_of_a_scheme_the_provider_lacks_are_refused_up_front() {
        use crate::secret::Secret;
        const SECRET: &str = "s3cret-value-never-shown";
        let key = || Auth::ApiKey(Secret::new(SECRET));
        let bearer = || Auth::Bearer(Secret::new(SECRET));
        let token = || Auth::ApiToken(Secret::new(SECRET));
        let cases: [(Provider, Auth, bool); 8] = [
            (Provider::Cloudtruth, key(), true),
            (Provider::Cloudtruth, token(), false),
            (Provider::Gencove, bearer(), true),
            (Provider::Toggl, key(), false),
            (Provider::Toggl, token(), true),
            (Provider::Jaqpot, key(), false),
            (Provider::Logto, key(), false),
            (Provider::Logto, bearer(), true),
        ];
        for (provider, auth, ok) in cases {
            let config = Config {
                provider,
                base_url: "https://api.test".into(),
                auth: Some(auth),
            };
            match check_auth(&config) {
                Ok(()) => assert!(ok, "{provider:?} accepted"),
                Err(e) => {
                    assert!(!ok, "{provider:?} refused: {}", e.message);
                    assert_eq!(
                        (e.code, e.field.as_deref()),
                        (ErrorCode::InvalidInput, Some("auth"))
                    );
                    assert!(!e.message.contains(SECRET), "{}", e.message);
                }
            }
        }
        // None is fine everywhere (public reads, user-forwarded auth added later).
        for provider in Provider::ALL {
            let config = Config {
                provider,
                base_url: "https://api.test".into(),
                auth: None,
            };
            assert!(check_auth(&config).is_ok());
        }
    }

    #[test]
    fn list_filters_a_provider_cannot_answer_are_refused_before_any_request() {
        let by_role = ListQuery {
            role: Some("admin".into()),
            ..ListQuery::default()
        };
        let err = by_role
            .check_filters(Provider::Jaqpot, &[Filter::Status], &[Filter::Role])
            .unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            (ErrorCode::InvalidInput, Some("role"))
        );
        assert!(
            err.message
                .contains("Jaqpot invitations do not say their role"),
            "{}",
            err.message
        );
        assert!(by_role
            .check_filters(Provider::Jaqpot, &[Filter::Role], &[])
            .is_ok());
        let typo = ListQuery {
            status: Some("pendng".into()),
            ..ListQuery::default()
        };
        let err = typo
            .check_filters(Provider::Logto, &[Filter::Status], &[])
            .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("status"));
        assert!(err.message.contains("pending, accepted"), "{}", err.message);
        // A status the provider's endpoint takes is its own business (its vocabulary).
        assert!(typo.check_filters(Provider::Gencove, &[], &[]).is_ok());
    }

    #[test]
    fn capability_table_matches_api_md() {
        // Rows of API.md's method table: which providers each method covers.
        let table: &[(Operation, &[Provider])] = &[
            (Operation::Lookup, &[Provider::Toggl, Provider::Gencove]),
            (
                Operation::Get,
                &[Provider::Jaqpot, Provider::Cloudtruth, Provider::Logto],
            ),
            (
                Operation::List,
                &[
                    Provider::Jaqpot,
                    Provider::Gencove,
                    Provider::Cloudtruth,
                    Provider::Logto,
                ],
            ),
            (Operation::Create, &Provider::ALL),
            (Operation::Accept, &Provider::ALL),
            (Operation::Reject, &[Provider::Toggl, Provider::Jaqpot]),
            (
                Operation::Resend,
                &[
                    Provider::Toggl,
                    Provider::Jaqpot,
                    Provider::Cloudtruth,
                    Provider::Logto,
                ],
            ),
            (
                Operation::Revoke,
                &[Provider::Gencove, Provider::Cloudtruth, Provider::Logto],
            ),
            (
                Operation::Delete,
                &[Provider::Gencove, Provider::Cloudtruth, Provider::Logto],
            ),
            (Operation::Update, &[Provider::Cloudtruth]),
        ];
        for (op, offered) in table {
            for p in Provider::ALL {
                assert_eq!(
                    capabilities(p).allows(*op),
                    offered.contains(&p),
                    "{p} {}",
                    op.as_str()
                );
            }
        }
    }

    /// JSON shaped like the providers' answers: objects keyed by the field names the parsers
    /// read, holding the values they branch on, nested a few levels.
    fn provider_json() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<f64>()
                .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
            prop::sample::select(vec![
                "pending",
                "PENDING",
                "Accepted",
                "Expired",
                "sent",
                "bounced",
                "revoked",
                "",
                "2024-05-01T12:00:00Z",
                "2024-05-01T12:00:00+02:00",
                "1714564800000",
                "https://x.example/api/v1/organizations/o1/",
                "a@b.co",
                "ADMIN",
                "7",
            ])
            .prop_map(|s| Value::String(s.to_string())),
            "\\PC{0,12}".prop_map(Value::String),
        ];
        let keys = prop::sample::select(vec![
            "id",
            "email",
            "state",
            "status",
            "last_status",
            "created",
            "expiresAt",
            "expires_at",
            "createdAt",
            "organization",
            "organizationId",
            "organization_id",
            "role",
            "roles",
            "results",
            "meta",
            "next",
            "count",
            "data",
            "invitations",
            "invitation",
            "workspace_id",
            "organizationRoles",
            "inviter",
            "url",
            "detail",
            "message",
            "code",
            "error",
            "emails",
            "items",
            "user",
            "project",
            "name",
            "page",
            "total",
        ]);
        leaf.prop_recursive(4, 48, 8, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((keys.clone(), inner), 0..8).prop_map(|members| {
                    Value::Object(
                        members
                            .into_iter()
                            .map(|(k, v)| (k.to_string(), v))
                            .collect(),
                    )
                }),
            ]
        })
    }

    fn any_call(op: u8) -> Call {
        let target = InvitationRef {
            id: Some("1".into()),
            code: Some("c".into()),
            organization: Some("o".into()),
            organization_id: Some("2".into()),
            raw: None,
        };
        match op % 10 {
            0 => Call::Lookup { code: "c".into() },
            1 => Call::Get { target },
            2 => Call::List {
                query: ListQuery::default(),
            },
            3 => Call::Create {
                draft: Default::default(),
                emails: vec!["a@b.co".into(), "d@e.fg".into()],
            },
            4 => Call::Accept {
                target,
                user_id: Some("u".into()),
            },
            5 => Call::Reject { target },
            6 => Call::Resend {
                target,
                message: None,
            },
            7 => Call::Revoke { target },
            8 => Call::Delete { target },
            _ => Call::Update {
                target,
                patch: Value::Null,
                replace: false,
            },
        }
    }

    proptest::proptest! {
        /// Every provider's response parser, for every operation: any status and any JSON of
        /// the providers' shapes (or any text) gives an outcome or a coded error, never a panic.
        #[test]
        fn parsers_never_panic(
            provider in 0usize..5,
            op in 0u8..10,
            status in 100u16..600,
            json in provider_json(),
            text in proptest::option::of("\\PC{0,40}"),
            retry_after in proptest::option::of("\\PC{0,20}"),
        ) {
            let provider = Provider::ALL.get(provider).copied().unwrap_or(Provider::Toggl);
            let call = any_call(op);
            let headers = retry_after.map(|v| vec![("Retry-After".to_string(), v)]).unwrap_or_default();
            let body = text.unwrap_or_else(|| json.to_string());
            let response = HttpResponse { status, headers, body };
            let ctx = ParseContext { now: 1_700_000_000_000, leeway_ms: 60_000 };
            if let Err(e) = parse(provider, &call, &response, ctx) {
                proptest::prop_assert_eq!(e.provider, Some(provider));
            }
        }
    }
}
