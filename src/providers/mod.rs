//! The provider layer: one module per provider, each holding all of its provider's facts and a
//! set of pure request builders and response parsers, readable top to bottom against that
//! provider's spec. This file is the registry ([`module`]) and the dispatch through it; what
//! the modules share lives beside it: [`auth`] (credentials), [`call`] (configuration,
//! references, list queries, calls and outcomes) and [`wire`] (request and response helpers).
//!
//! Without the `client` feature (the core-only build) only the facts are used, what validation
//! and acceptance checks consult; the builders and parsers are compiled but never reached, so
//! they are not in that build's wasm.

#![cfg_attr(not(feature = "client"), allow(dead_code, unused_imports))]

pub mod auth;
pub mod call;
pub mod wire;

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

pub use auth::*;
pub use call::*;
pub use wire::*;

/// What one provider module tells the rest of the crate: its facts as data, its request
/// builder and response parser as functions. Each provider module defines one as `MODULE`;
/// [`module`] is the registry, and nothing outside the provider modules and the registry
/// matches on the provider.
pub struct ProviderModule {
    pub provider: Provider,
    /// The name as the provider writes it, for messages ("CloudTruth", not "cloudtruth").
    pub display_name: &'static str,
    /// The public API the spec's paths live under (`None`: per tenant, `baseUrl` required).
    pub default_base_url: Option<&'static str>,
    pub capabilities: Capabilities,
    /// The provider's status words onto [`Status`].
    pub status_of: fn(Option<&str>) -> Status,
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
    /// How the client talks to it (built only with the `client` feature: the core-only build
    /// has the provider's facts and none of its requests).
    #[cfg(feature = "client")]
    pub wire: Wire,
}

/// A provider's request builder and response parser, and what its credentials need.
#[cfg(feature = "client")]
pub struct Wire {
    /// Refuses credentials of a scheme the provider does not take.
    pub check_auth: fn(&Config) -> Result<(), InviteError>,
    pub build: fn(&Config, &Call) -> Result<HttpRequest, InviteError>,
    pub parse: fn(&Call, &HttpResponse, ParseContext) -> Result<Outcome, InviteError>,
    /// An access token the client fetches before its calls, when the credentials are a grant
    /// (Logto's client credentials).
    pub token_grant: Option<TokenGrant>,
}

#[cfg(feature = "client")]
/// A token endpoint the client exchanges the configured credentials at, reusing the token it
/// answers with until `parse` says it must be renewed.
pub struct TokenGrant {
    /// Whether these credentials are exchanged (other schemes go with each request as they are).
    pub exchanges: fn(&Config) -> bool,
    /// The token request.
    pub request: fn(&Config) -> Result<HttpRequest, InviteError>,
    /// The token and the time from which it is renewed.
    pub parse: fn(&HttpResponse, ParseContext) -> Result<GrantedToken, InviteError>,
}

#[cfg(feature = "client")]
/// An access token and the time from which it is renewed.
pub type GrantedToken = (Secret, EpochMs);

#[cfg(feature = "client")]
/// The grant `config`'s credentials are exchanged through, if they are.
pub fn token_grant(config: &Config) -> Option<&'static TokenGrant> {
    module(config.provider)
        .wire
        .token_grant
        .as_ref()
        .filter(|grant| (grant.exchanges)(config))
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

/// The provider's public API, when it has one (Logto's is per tenant).
pub fn default_base_url(provider: Provider) -> Option<&'static str> {
    module(provider).default_base_url
}

#[cfg(feature = "client")]
/// Builds the request for `call`, or refuses an operation the provider lacks (`unsupported`,
/// and no request at all).
pub fn build(config: &Config, call: &Call) -> Result<HttpRequest, InviteError> {
    let provider = config.provider;
    if !capabilities(provider).allows(call.operation()) {
        return Err(unsupported(provider, call.operation()));
    }
    (module(provider).wire.build)(config, call).map_err(|e| e.with_provider(provider))
}

#[cfg(feature = "client")]
/// Refuses, when a client is made, credentials of a scheme the provider does not take (each
/// provider module's own list), so the mistake is reported there and not at the first call.
pub fn check_auth(config: &Config) -> Result<(), InviteError> {
    (module(config.provider).wire.check_auth)(config)
}

#[cfg(feature = "client")]
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
    (module(provider).wire.parse)(call, response, ctx).map_err(|mut e| {
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
#[path = "registry_tests.rs"]
mod tests;
