//! Tests of the registry and the dispatch through it (src/providers/mod.rs).

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
    crate::wasm::bindings::use_runtime_platform();
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

#[test]
fn retry_after_table() {
    let now = 1_704_067_200_000; // 2024-01-01T00:00:00Z
    let cases: &[(&str, Option<u64>)] = &[
        ("2", Some(2_000)),
        (" 120 ", Some(120_000)),
        ("0", Some(0)),
        ("1.5", Some(1_500)),
        ("0.0015", Some(1)),
        ("600", Some(MAX_RETRY_AFTER_MS.min(600_000))),
        ("99999999999999999999999", Some(MAX_RETRY_AFTER_MS)),
        ("Mon, 01 Jan 2024 00:00:30 GMT", Some(30_000)),
        ("Sun, 31 Dec 2023 23:59:00 GMT", Some(0)),
        ("-1", None),
        ("1.", None),
        (".5", None),
        ("1e3", None),
        ("+1", None),
        ("1.2.3", None),
        ("inf", None),
        ("soon", None),
        ("", None),
    ];
    for (value, want) in cases {
        let response = HttpResponse {
            status: 429,
            headers: vec![("Retry-After".to_string(), value.to_string())],
            body: String::new(),
        };
        assert_eq!(retry_after_ms(&response, now), *want, "{value:?}");
    }
}
