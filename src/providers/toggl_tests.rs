use super::*;
use crate::providers::fixtures::*;
use crate::providers::{build as build_call, parse as parse_call};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const BASE_V9: &str = "https://api.test/api/v9";

fn cfg(auth: Option<Auth>) -> Config {
    config(P, BASE_V9, auth)
}

fn token() -> Option<Auth> {
    Some(Auth::ApiToken(secret(SECRET)))
}

fn target(code: &str) -> InvitationRef {
    InvitationRef::key(code)
}

fn run(call: &Call, r: HttpResponse) -> Result<Outcome, InviteError> {
    parse_call(P, call, &r, ctx())
}

#[test]
fn t1_lookup_request_and_answers() {
    let call = Call::Lookup {
        code: "ab/c?d#e".into(),
    };
    let req = build_call(&cfg(None), &call).unwrap();
    assert_request(
        &req,
        Method::Get,
        "https://api.test/api/v9/invitations/ab%2Fc%3Fd%23e",
        &[("Accept", "application/json")],
        None,
    );

    let ok = json_response(
        200,
        json!({"accounts_signup_url": "", "code": "ab/c?d#e", "email": "jane@example.com", "organization_id": 9001,
               "organization_name": "Acme", "sender_email": "boss@acme.io", "sender_name": "The Boss", "sso": false, "token": "t"}),
    );
    let inv = single(run(&call, ok));
    assert_eq!(inv.code.as_deref(), Some("ab/c?d#e"));
    assert_eq!(
        inv.organization,
        Organization {
            id: Some("9001".into()),
            name: Some("Acme".into())
        }
    );
    assert_eq!(inv.email.as_deref(), Some("jane@example.com"));
    assert_eq!(inv.status, Status::Pending);
    assert_eq!(inv.provider_status, None);
    assert_eq!(inv.expires_at, None);
    assert_eq!(
        inv.inviter.as_ref().and_then(|i| i.email.as_deref()),
        Some("boss@acme.io")
    );
    assert_eq!(inv.raw["sso"], false);

    // 404 as plain text and JSON-quoted: both kept in detail.
    for body in ["Invitation not found", "\"Invitation not found\""] {
        let err = assert_error(
            run(
                &call,
                response(404, &[("Content-Type", "text/plain")], body),
            ),
            ErrorCode::NotFound,
        );
        assert_eq!(err.detail.as_deref(), Some("Invitation not found"));
        assert_eq!((err.status, err.provider), (Some(404), Some(P)));
    }
    assert_error(
        run(&call, response(500, &[], "boom")),
        ErrorCode::ProviderUnavailable,
    );
    assert_error(
        run(&call, json_response(200, json!(["not", "an", "object"]))),
        ErrorCode::MalformedResponse,
    );
    assert_error(
        run(&call, response(200, &[], "<html>")),
        ErrorCode::MalformedResponse,
    );
}

#[test]
fn t2_t3_accept_and_reject() {
    for (verb, status) in [("accept", Status::Accepted), ("reject", Status::Rejected)] {
        let call = if verb == "accept" {
            Call::Accept {
                target: target("CODE1"),
                user_id: None,
            }
        } else {
            Call::Reject {
                target: target("CODE1"),
            }
        };
        let auth = Some(Auth::Basic {
            username: "jane@example.com".into(),
            password: secret(SECRET),
        });
        let req = build_call(&cfg(auth), &call).unwrap();
        let basic_value = format!(
            "Basic {}",
            crate::http::base64_standard(format!("jane@example.com:{SECRET}").as_bytes())
        );
        assert_request(
            &req,
            Method::Post,
            &format!("https://api.test/api/v9/organizations/invitations/CODE1/{verb}"),
            // Accept produces text/plain, reject application/json (T2, T3).
            &[
                (
                    "Accept",
                    if verb == "accept" {
                        "text/plain"
                    } else {
                        "application/json"
                    },
                ),
                ("Authorization", &basic_value),
            ],
            None,
        );
        // Accept answers text/plain "OK"; reject a JSON string.
        for body in ["OK", "\"OK\""] {
            let inv = single(run(
                &call,
                response(200, &[("Content-Type", "text/plain")], body),
            ));
            assert_eq!((inv.status, inv.code.as_deref()), (status, Some("CODE1")));
        }
        // Toggl answers 403 for failed authentication.
        assert_error(
            run(&call, response(403, &[], "Forbidden")),
            ErrorCode::Unauthorized,
        );
        let err = assert_error(
            run(&call, response(404, &[], "\"Invalid invitation code\"")),
            ErrorCode::NotFound,
        );
        assert_eq!(err.detail.as_deref(), Some("Invalid invitation code"));
    }
}

fn draft() -> InvitationDraft {
    serde_json::from_value(json!({
        "organizationId": 42, "emails": ["a@x.io", "b@x.io", "c@x.io"],
        "workspaces": [{"id": 7, "admin": false}, {"id": 8, "role": "user"}]
    }))
    .unwrap()
}

#[test]
fn t4_bulk_create() {
    let d = draft();
    let emails: Vec<String> = d.all_emails().iter().map(|e| e.to_string()).collect();
    let call = Call::Create { draft: d, emails };
    let req = build_call(&cfg(token()), &call).unwrap();
    let auth = format!(
        "Basic {}",
        crate::http::base64_standard(format!("{SECRET}:api_token").as_bytes())
    );
    assert_request(
        &req,
        Method::Post,
        "https://api.test/api/v9/organizations/42/invitations",
        &[
            ("Accept", "application/json"),
            ("Content-Type", "application/json"),
            ("Authorization", &auth),
        ],
        Some(
            r#"{"emails":["a@x.io","b@x.io","c@x.io"],"workspaces":[{"workspace_id":7,"admin":false},{"workspace_id":8,"role":"user"}]}"#,
        ),
    );

    // 200 (not 201) invitation.Result; c@x.io was not invited.
    let ok = json_response(
        200,
        json!({
            "data": [
                {"invitation_id": 1001, "email": "a@x.io", "invite_url": "https://track.toggl.com/i/AAA", "organization_id": 42, "sender_id": 5, "recipient_id": 0, "workspaces": []},
                {"invitation_id": 1002, "email": "B@x.io", "invite_url": "https://track.toggl.com/i/BBB", "organization_id": 42, "sender_id": 5, "recipient_id": 0, "workspaces": []}
            ],
            "invitations": [
                {"code": "AAA", "email": "a@x.io", "organization_id": 42, "organization_name": "Acme", "sender_email": "boss@acme.io", "sender_name": "Boss"}
            ],
            "messages": ["User with e-mail 'c@x.io' is already an inactive member of the organization"]
        }),
    );
    let Outcome::Created { created, failed } = run(&call, ok).unwrap() else {
        panic!("not Created")
    };
    assert_eq!(created.len(), 2);
    assert_eq!(
        (created[0].id.as_deref(), created[0].code.as_deref()),
        (Some("1001"), Some("AAA"))
    );
    assert_eq!(created[0].organization.name.as_deref(), Some("Acme"));
    assert_eq!(
        created[0].inviter.as_ref().and_then(|i| i.id.as_deref()),
        Some("5")
    );
    assert_eq!(
        (created[1].id.as_deref(), created[1].code.as_deref()),
        (Some("1002"), None)
    );
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].0, "c@x.io");
    assert_eq!(failed[0].1.code, ErrorCode::AlreadyInvited);
    assert!(failed[0]
        .1
        .detail
        .as_deref()
        .unwrap_or_default()
        .contains("inactive member"));

    let cases: &[(&str, ErrorCode)] = &[
        ("Invalid e-mail: 'not-an-email'", ErrorCode::InvalidEmail),
        ("at least one email is required", ErrorCode::InvalidInput),
        (
            "at least one workspace is required",
            ErrorCode::InvalidInput,
        ),
        ("Invalid JSON input", ErrorCode::InvalidInput),
        (
            "Active user limit is 5 for this organization",
            ErrorCode::QuotaExceeded,
        ),
        (
            "Invitation limit reached for today",
            ErrorCode::QuotaExceeded,
        ),
        (
            "\"User with e-mail 'c@x.io' is already an inactive member\"",
            ErrorCode::AlreadyInvited,
        ),
    ];
    for (body, code) in cases {
        assert_error(run(&call, response(400, &[], body)), *code);
    }
    assert_error(
        run(&call, response(403, &[], "Forbidden")),
        ErrorCode::Unauthorized,
    );
    let quota = response(
        402,
        &[
            ("X-Toggl-Quota-Remaining", "0"),
            ("X-Toggl-Quota-Resets-In", "1800"),
        ],
        "quota exceeded",
    );
    let err = assert_error(run(&call, quota), ErrorCode::QuotaExceeded);
    assert_eq!(err.retry_after_ms, Some(600_000), "capped at 10 minutes");
    assert!(err
        .detail
        .as_deref()
        .unwrap_or_default()
        .contains("quota remaining: 0"));
    let err = assert_error(
        run(&call, response(429, &[("Retry-After", "2")], "")),
        ErrorCode::RateLimited,
    );
    assert_eq!(err.retry_after_ms, Some(2000));

    // The organization id must be a positive integer; nothing is sent otherwise.
    let bad = Call::Create {
        draft: serde_json::from_value(json!({"organizationId": "acme", "emails": ["a@x.io"]}))
            .unwrap(),
        emails: vec!["a@x.io".into()],
    };
    assert_error(
        build_call(&cfg(token()), &bad).map(|_| Outcome::Nothing),
        ErrorCode::InvalidInput,
    );
}

#[test]
fn t5_resend_by_integer_id() {
    let target = InvitationRef {
        id: Some("1001".into()),
        organization_id: Some("42".into()),
        ..InvitationRef::default()
    };
    let call = Call::Resend {
        target,
        message: None,
    };
    let req = build_call(&cfg(token()), &call).unwrap();
    assert_eq!(
        (req.method, req.url.as_str()),
        (
            Method::Put,
            "https://api.test/api/v9/organizations/42/invitations/1001/resend"
        )
    );
    assert_eq!(req.body, None);
    assert_eq!(
        run(&call, response(200, &[], "\"OK\"")).unwrap(),
        Outcome::Nothing
    );
    assert_error(
        run(
            &call,
            response(
                400,
                &[],
                "Organization ID and invitation organization ID mismatch",
            ),
        ),
        ErrorCode::InvalidInput,
    );
    assert_error(
        run(&call, response(404, &[], "Not Found")),
        ErrorCode::NotFound,
    );

    // The seed's string code is not what the current spec takes.
    let by_code = Call::Resend {
        target: InvitationRef {
            organization_id: Some("42".into()),
            ..InvitationRef::key("AAA")
        },
        message: None,
    };
    let err = build_call(&cfg(token()), &by_code).unwrap_err();
    assert_eq!(
        (err.code, err.field.as_deref()),
        (ErrorCode::InvalidInput, Some("id"))
    );
}

#[test]
fn auth_schemes_and_unsupported_operations() {
    let call = Call::Lookup { code: "x".into() };
    let err = build_call(&cfg(Some(Auth::Bearer(secret(SECRET)))), &call).unwrap_err();
    assert_eq!(
        (err.code, err.field.as_deref()),
        (ErrorCode::InvalidInput, Some("auth"))
    );
    assert!(!format!("{err:?}").contains(SECRET));
    for call in [
        Call::Get {
            target: target("x"),
        },
        Call::List {
            query: ListQuery::default(),
        },
        Call::Revoke {
            target: target("x"),
        },
        Call::Delete {
            target: target("x"),
        },
        Call::Update {
            target: target("x"),
            patch: json!({}),
            replace: false,
        },
    ] {
        assert_error(
            build_call(&cfg(token()), &call).map(|_| Outcome::Nothing),
            ErrorCode::Unsupported,
        );
    }
}

#[test]
fn codes_and_ids_are_path_data_never_structure() {
    let cases: &[(&str, &str)] = &[
        (
            "../../admin",
            "https://api.test/api/v9/invitations/..%2F..%2Fadmin",
        ),
        (
            "a/b?c=d#e",
            "https://api.test/api/v9/invitations/a%2Fb%3Fc%3Dd%23e",
        ),
        (
            "%2F%2e%2e",
            "https://api.test/api/v9/invitations/%252F%252e%252e",
        ),
        (
            "x\r\nX-Evil: 1",
            "https://api.test/api/v9/invitations/x%0D%0AX-Evil%3A%201",
        ),
        ("..", "https://api.test/api/v9/invitations/%2E%2E"),
        (".", "https://api.test/api/v9/invitations/%2E"),
        (
            "it's (ok)*!",
            "https://api.test/api/v9/invitations/it%27s%20%28ok%29%2A%21",
        ),
    ];
    for (code, url) in cases {
        let req = build_call(
            &cfg(None),
            &Call::Lookup {
                code: code.to_string(),
            },
        )
        .unwrap();
        assert_eq!(req.url, *url, "{code:?}");
        assert!(req
            .headers
            .iter()
            .all(|(k, v)| !k.contains(['\r', '\n']) && !v.contains(['\r', '\n'])));
    }
    assert_error(
        build_call(
            &cfg(None),
            &Call::Lookup {
                code: String::new(),
            },
        )
        .map(|_| Outcome::Nothing),
        ErrorCode::InvalidInput,
    );
    assert_error(
        build_call(
            &cfg(None),
            &Call::Lookup {
                code: "a".repeat(2000),
            },
        )
        .map(|_| Outcome::Nothing),
        ErrorCode::InvalidInput,
    );
    // Credentials with control characters never reach a header.
    let evil = Auth::Bearer(secret("tok\r\nX-Evil: 1"));
    assert_eq!(evil.check().unwrap_err().code, ErrorCode::InvalidInput);
    let insecure = Auth::ClientCredentials {
        client_id: "a".into(),
        client_secret: secret(SECRET),
        resource: "r".into(),
        token_url: Some("http://evil.example/token".into()),
        scope: None,
    };
    assert_eq!(
        insecure.check().unwrap_err().code,
        ErrorCode::InsecureTransport
    );
    assert!(Auth::ApiToken(secret(SECRET)).check().is_ok());
}

#[test]
fn t4_message_false_is_skip_email() {
    let mut d = draft();
    d.message = Some(json!(false).into());
    let emails: Vec<String> = d.all_emails().iter().map(|e| e.to_string()).collect();
    let req = build_call(&cfg(token()), &Call::Create { draft: d, emails }).unwrap();
    let body: Value = serde_json::from_str(req.body.as_deref().unwrap()).unwrap();
    assert_eq!(body["skip_email"], json!(true));
    // Without it, Toggl's default (the email is sent) stands: no skip_email at all.
    let d = draft();
    let emails: Vec<String> = d.all_emails().iter().map(|e| e.to_string()).collect();
    let req = build_call(&cfg(token()), &Call::Create { draft: d, emails }).unwrap();
    assert!(!req.body.unwrap().contains("skip_email"));
}
