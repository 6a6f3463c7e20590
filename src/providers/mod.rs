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
