use super::*;
use crate::providers::fixtures::*;
use crate::providers::{build as build_call, parse as parse_call};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn cfg() -> Config {
    config(P, TEST_BASE, Some(Auth::Bearer(secret(SECRET))))
}

const ID: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

fn entity(status: &str, expires: &str) -> Value {
    json!({"id": ID, "userId": null, "userEmail": "jane@example.com", "status": status, "expirationDate": expires})
}

fn target() -> InvitationRef {
    InvitationRef {
        organization: Some("my org".into()),
        ..InvitationRef::key(ID)
    }
}

fn run(call: &Call, r: HttpResponse) -> Result<Outcome, InviteError> {
    parse_call(P, call, &r, ctx())
}

fn bearer() -> String {
    format!("Bearer {SECRET}")
}

#[test]
fn j1_create_answers_200_with_no_body() {
    let emails = vec!["a@x.io".to_string(), "b@x.io".to_string()];
    let draft: InvitationDraft =
        serde_json::from_value(json!({"organization": "my org", "emails": emails})).unwrap();
    let call = Call::Create { draft, emails };
    let req = build_call(&cfg(), &call).unwrap();
    assert_request(
        &req,
        Method::Post,
        "https://api.test/v1/organizations/my%20org/invitations",
        &[
            ("Accept", "application/json"),
            ("Content-Type", "application/json"),
            ("Authorization", &bearer()),
        ],
        Some(r#"{"emails":["a@x.io","b@x.io"]}"#),
    );
    for status in [200, 201] {
        let Outcome::Created { created, failed } = run(&call, response(status, &[], "")).unwrap()
        else {
            panic!()
        };
        assert!(failed.is_empty());
        assert_eq!(
            created
                .iter()
                .map(|i| i.email.as_deref().unwrap_or_default())
                .collect::<Vec<_>>(),
            ["a@x.io", "b@x.io"]
        );
        assert!(created.iter().all(
            |i| i.status == Status::Pending && i.organization.name.as_deref() == Some("my org")
        ));
    }
    let err = assert_error(
        run(
            &call,
            json_response(
                400,
                json!({"status": 400, "message": "Invalid email address", "code": null}),
            ),
        ),
        ErrorCode::InvalidInput,
    );
    assert_eq!(err.detail.as_deref(), Some("Invalid email address"));
    // Authorization failures are 403 from @PreAuthorize (the spec says 401).
    assert_error(run(&call, response(403, &[], "")), ErrorCode::Forbidden);
    assert_error(
        run(
            &call,
            json_response(401, json!({"message": "Unauthorized", "code": 401})),
        ),
        ErrorCode::Unauthorized,
    );
    let err = assert_error(
        run(
            &call,
            response(
                429,
                &[("Retry-After", "600")],
                r#"{"status":429,"message":"Too many invitations","code":"RATE_LIMIT"}"#,
            ),
        ),
        ErrorCode::RateLimited,
    );
    assert_eq!(err.retry_after_ms, Some(600_000));
    assert_error(
        run(
            &call,
            json_response(
                404,
                json!({"timestamp": "2024-01-01T00:00:00.000+00:00", "status": 404, "error": "Not Found", "message": "Organization not found", "path": "/v1/organizations/x/invitations"}),
            ),
        ),
        ErrorCode::NotFound,
    );
    // The key-pair scheme sends both headers.
    let pair = config(
        P,
        TEST_BASE,
        Some(Auth::KeyPair {
            key: secret("key-1"),
            secret: secret(SECRET),
        }),
    );
    let req = build_call(&pair, &call).unwrap();
    assert_eq!(req.header("x-api-key"), Some("key-1"));
    assert_eq!(req.header("x-api-secret"), Some(SECRET));
    assert_eq!(req.header("authorization"), None);
}

#[test]
fn j2_list_is_a_bare_array_filtered_here() {
    let query = ListQuery {
        organization: Some("my org".into()),
        status: Some("pending".into()),
        ..ListQuery::default()
    };
    let call = Call::List { query };
    let req = build_call(&cfg(), &call).unwrap();
    assert_request(
        &req,
        Method::Get,
        "https://api.test/v1/organizations/my%20org/invitations",
        &[("Accept", "application/json"), ("Authorization", &bearer())],
        None,
    );
    let body = json!([
        entity("PENDING", "2024-01-08T00:00:00+02:00"),
        entity("ACCEPTED", "2024-01-08T00:00:00Z"),
        entity("PENDING", "2023-12-01T00:00:00Z"),
        entity("SOMETHING_NEW", "2024-01-08T00:00:00Z"),
    ]);
    let Outcome::Page { items, next } = run(&call, json_response(200, body.clone())).unwrap()
    else {
        panic!()
    };
    assert_eq!(next, None);
    assert_eq!(items.len(), 1, "only the open pending one: {items:?}");
    assert_eq!(
        items[0].expires_at.as_deref(),
        Some("2024-01-07T22:00:00.000Z")
    );
    // Unfiltered: every status, Jaqpot's expiry computed here (no EXPIRED value exists).
    let all = Call::List {
        query: ListQuery {
            organization: Some("o".into()),
            ..ListQuery::default()
        },
    };
    let Outcome::Page { items, .. } = run(&all, json_response(200, body)).unwrap() else {
        panic!()
    };
    let statuses: Vec<(Status, Option<&str>)> = items
        .iter()
        .map(|i| (i.status, i.provider_status.as_deref()))
        .collect();
    assert_eq!(
        statuses,
        [
            (Status::Pending, Some("PENDING")),
            (Status::Accepted, Some("ACCEPTED")),
            (Status::Expired, Some("PENDING")),
            (Status::Unknown, Some("SOMETHING_NEW")),
        ]
    );
    assert_error(
        run(&all, json_response(200, json!({"items": []}))),
        ErrorCode::MalformedResponse,
    );
    assert_error(
        run(
            &all,
            json_response(400, json!({"message": "bad", "code": 400})),
        ),
        ErrorCode::InvalidInput,
    );
    let missing_org = Call::List {
        query: ListQuery::default(),
    };
    assert_error(
        build_call(&cfg(), &missing_org).map(|_| Outcome::Nothing),
        ErrorCode::InvalidInput,
    );
}

#[test]
fn j3_get_by_org_name_and_uuid() {
    let call = Call::Get { target: target() };
    let req = build_call(&cfg(), &call).unwrap();
    assert_request(
        &req,
        Method::Get,
        &format!("https://api.test/v1/organizations/my%20org/invitations/{ID}"),
        &[("Accept", "application/json"), ("Authorization", &bearer())],
        None,
    );
    let inv = single(run(
        &call,
        json_response(200, entity("PENDING", "2024-01-08T00:00:00Z")),
    ));
    assert_eq!(
        (inv.id.as_deref(), inv.email.as_deref(), inv.status),
        (Some(ID), Some("jane@example.com"), Status::Pending)
    );
    assert_eq!(inv.organization.name.as_deref(), Some("my org"));
    assert_error(
        run(
            &call,
            json_response(
                400,
                json!({"status": 400, "message": "Invalid UUID", "code": null}),
            ),
        ),
        ErrorCode::InvalidInput,
    );
    assert_error(run(&call, response(404, &[], "")), ErrorCode::NotFound);
}

#[test]
fn j4_accept_and_reject_put_the_full_invitation() {
    let mut t = target();
    t.raw = Some(entity("PENDING", "2024-01-08T00:00:00Z"));
    for (call, word, status) in [
        (
            Call::Accept {
                target: t.clone(),
                user_id: None,
            },
            "ACCEPTED",
            Status::Accepted,
        ),
        (
            Call::Reject { target: t.clone() },
            "REJECTED",
            Status::Rejected,
        ),
    ] {
        let req = build_call(&cfg(), &call).unwrap();
        let mut want = entity(word, "2024-01-08T00:00:00Z");
        want["status"] = json!(word);
        assert_request(
            &req,
            Method::Put,
            &format!("https://api.test/v1/organizations/my%20org/invitations/{ID}"),
            &[
                ("Accept", "application/json"),
                ("Content-Type", "application/json"),
                ("Authorization", &bearer()),
            ],
            Some(&want.to_string()),
        );
        assert_eq!(single(run(&call, json_response(200, want))).status, status);
        let table: &[(&str, ErrorCode)] = &[
            (
                "Invitation has already been accepted",
                ErrorCode::AlreadyAccepted,
            ),
            (
                "Invitation has already been rejected",
                ErrorCode::AlreadyRejected,
            ),
            ("Invitation has expired", ErrorCode::Expired),
            (
                "The invitation email does not match the user email",
                ErrorCode::EmailMismatch,
            ),
            ("User email is not verified", ErrorCode::Forbidden),
        ];
        for (message, code) in table {
            let body = json!({"status": 400, "message": message, "code": null});
            assert_error(run(&call, json_response(400, body)), *code);
        }
        assert_error(run(&call, response(404, &[], "")), ErrorCode::NotFound);
    }
    // Without the invitation object there is nothing to PUT: refused before any request.
    let bare = Call::Accept {
        target: target(),
        user_id: None,
    };
    let err = build_call(&cfg(), &bare).unwrap_err();
    assert_eq!(
        (err.code, err.field.as_deref()),
        (ErrorCode::InvalidInput, Some("ref"))
    );
}

#[test]
fn j5_resend_uses_the_numeric_org_id() {
    let t = InvitationRef {
        organization_id: Some("77".into()),
        ..InvitationRef::key(ID)
    };
    let call = Call::Resend {
        target: t,
        message: None,
    };
    let req = build_call(&cfg(), &call).unwrap();
    assert_request(
        &req,
        Method::Post,
        &format!("https://api.test/v1/organizations/77/invitations/{ID}/resend"),
        &[("Accept", "application/json"), ("Authorization", &bearer())],
        None,
    );
    assert_eq!(
        run(&call, response(200, &[], "")).unwrap(),
        Outcome::Nothing
    );
    assert_error(
        run(
            &call,
            json_response(
                400,
                json!({"status": 400, "message": "Invitation already accepted", "code": null}),
            ),
        ),
        ErrorCode::AlreadyAccepted,
    );
    assert_error(run(&call, response(429, &[], "")), ErrorCode::RateLimited);
    assert_error(run(&call, response(410, &[], "")), ErrorCode::Expired);
    // An organization name is not the numeric orgId resend needs.
    let by_name = Call::Resend {
        target: target(),
        message: None,
    };
    let err = build_call(&cfg(), &by_name).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("organizationId"));
    for call in [
        Call::Lookup { code: "x".into() },
        Call::Revoke { target: target() },
        Call::Delete { target: target() },
    ] {
        assert_error(
            build_call(&cfg(), &call).map(|_| Outcome::Nothing),
            ErrorCode::Unsupported,
        );
    }
}

#[test]
fn j2_filters_it_cannot_answer_are_refused() {
    // Jaqpot's invitations carry no role and no inviter: filtering by them would answer
    // nothing, so the query is refused before any request.
    for (query, field) in [
        (
            ListQuery {
                organization: Some("o".into()),
                role: Some("admin".into()),
                ..ListQuery::default()
            },
            "role",
        ),
        (
            ListQuery {
                organization: Some("o".into()),
                inviter: Some("u1".into()),
                ..ListQuery::default()
            },
            "inviter",
        ),
    ] {
        let err = build_call(&cfg(), &Call::List { query }).unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref(), err.provider),
            (ErrorCode::InvalidInput, Some(field), Some(P))
        );
    }
    // Email is applied to the answer, as emailsMatch compares.
    let call = Call::List {
        query: ListQuery {
            organization: Some("o".into()),
            email: Some("JANE@example.com".into()),
            ..ListQuery::default()
        },
    };
    let mut other = entity("PENDING", "2024-02-01T00:00:00Z");
    other["userEmail"] = json!("joe@example.com");
    let body = json!([entity("PENDING", "2024-02-01T00:00:00Z"), other]);
    let Outcome::Page { items, .. } = run(&call, json_response(200, body)).unwrap() else {
        panic!()
    };
    assert_eq!(
        items.iter().map(|i| i.email.as_deref()).collect::<Vec<_>>(),
        [Some("jane@example.com")]
    );
}
