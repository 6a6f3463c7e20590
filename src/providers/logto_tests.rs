use super::*;
use crate::model::Status;
use crate::providers::fixtures::*;
use crate::providers::{build as build_call, parse as parse_call};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const TENANT: &str = "https://tenant.logto.test";
const ACCESS: &str = "at_9Kq3LmN0pQrS";

fn cfg() -> Config {
    config(P, TENANT, Some(Auth::Bearer(secret(ACCESS))))
}

fn bearer() -> String {
    format!("Bearer {ACCESS}")
}

fn run(call: &Call, r: HttpResponse) -> Result<Outcome, InviteError> {
    parse_call(P, call, &r, ctx())
}

/// 2024-01-01T00:00:00Z is 1704067200000 (the fixtures' now).
fn entity(status: &str, expires_at: i64) -> Value {
    json!({"tenantId": "default", "id": "inv_1", "inviterId": "usr_admin", "invitee": "jane@example.com",
           "acceptedUserId": null, "organizationId": "org_1", "status": status,
           "createdAt": 1_703_980_800_000i64, "updatedAt": 1_703_980_800_123i64, "expiresAt": expires_at,
           "organizationRoles": [{"id": "role_1", "name": "member"}]})
}

#[test]
fn client_credentials_grant() {
    let cc = Auth::ClientCredentials {
        client_id: "m2m app".into(),
        client_secret: secret(SECRET),
        resource: "https://default.logto.app/api".into(),
        token_url: None,
        scope: None,
    };
    let config = config(P, TENANT, Some(cc));
    let req = token_request(&config).unwrap();
    let basic_value = basic("m2m+app", SECRET);
    assert_request(
        &req,
        Method::Post,
        "https://tenant.logto.test/oidc/token",
        &[("Accept", "application/json"), ("Content-Type", "application/x-www-form-urlencoded"), ("Authorization", &basic_value)],
        Some("grant_type=client_credentials&resource=https%3A%2F%2Fdefault.logto.app%2Fapi&scope=all"),
    );
    let (token, until) = parse_token(&json_response(200, json!({"access_token": ACCESS, "expires_in": 3600, "token_type": "Bearer", "scope": "all"})), ctx()).unwrap();
    assert_eq!(token.expose(), ACCESS);
    assert_eq!(until, ctx().now + 3_600_000 - TOKEN_REFRESH_MARGIN_MS);
    let err = parse_token(
        &json_response(
            401,
            json!({"error": "invalid_client", "error_description": "client authentication failed"}),
        ),
        ctx(),
    )
    .unwrap_err();
    assert_eq!(
        (err.code, err.detail.as_deref()),
        (
            ErrorCode::Unauthorized,
            Some("client authentication failed")
        )
    );
    assert!(!format!("{err:?}").contains(SECRET));
    assert_eq!(
        parse_token(&json_response(200, json!({"token_type": "Bearer"})), ctx())
            .unwrap_err()
            .code,
        ErrorCode::MalformedResponse
    );
    // Building an API request still holding the client credentials (no token yet) is refused.
    let list = Call::List {
        query: ListQuery::default(),
    };
    assert_error(
        build_call(&config, &list).map(|_| Outcome::Nothing),
        ErrorCode::InvalidInput,
    );
    // A custom token URL and scope.
    let custom = crate::providers::Config {
        auth: Some(Auth::ClientCredentials {
            client_id: "id".into(),
            client_secret: secret(SECRET),
            resource: "r".into(),
            token_url: Some("https://auth.example/token".into()),
            scope: Some("read write".into()),
        }),
        ..config.clone()
    };
    let req = token_request(&custom).unwrap();
    assert_eq!(req.url, "https://auth.example/token");
    assert_eq!(
        req.body.as_deref(),
        Some("grant_type=client_credentials&resource=r&scope=read+write")
    );
}

#[test]
fn l1_list_with_filters() {
    let query = ListQuery {
        organization: Some("org_1".into()),
        inviter: Some("usr_admin".into()),
        email: Some("jane@example.com".into()),
        ..ListQuery::default()
    };
    let call = Call::List { query };
    let req = build_call(&cfg(), &call).unwrap();
    assert_request(
        &req,
        Method::Get,
        "https://tenant.logto.test/api/organization-invitations?organizationId=org_1&inviterId=usr_admin&invitee=jane%40example.com",
        &[("Accept", "application/json"), ("Authorization", &bearer())],
        None,
    );
    let body = json!([
        entity("Pending", 1_704_153_600_000),
        entity("Pending", 1_704_000_000_000),
        entity("Accepted", 1_704_000_000_000)
    ]);
    let Outcome::Page { items, next } = run(&call, json_response(200, body)).unwrap() else {
        panic!()
    };
    assert_eq!(next, None);
    // Expired is computed when read: the second row still says Pending.
    assert_eq!(
        items.iter().map(|i| i.status).collect::<Vec<_>>(),
        [Status::Pending, Status::Expired, Status::Accepted]
    );
    assert_eq!(items[1].provider_status.as_deref(), Some("Pending"));
    assert_eq!(
        items[0].expires_at.as_deref(),
        Some("2024-01-02T00:00:00.000Z")
    );
    assert_eq!(
        items[0].created_at.as_deref(),
        Some("2023-12-31T00:00:00.000Z")
    );
    assert_eq!(
        items[0].updated_at.as_deref(),
        Some("2023-12-31T00:00:00.123Z")
    );
    assert_eq!(items[0].roles, ["member"]);
    assert_eq!(
        items[0].inviter.as_ref().and_then(|i| i.id.as_deref()),
        Some("usr_admin")
    );
    assert_error(
        run(
            &call,
            json_response(
                401,
                json!({"code": "auth.unauthorized", "message": "Unauthorized"}),
            ),
        ),
        ErrorCode::Unauthorized,
    );
    assert_error(
        run(
            &call,
            json_response(
                403,
                json!({"code": "auth.forbidden", "message": "Forbidden"}),
            ),
        ),
        ErrorCode::Forbidden,
    );
}

#[test]
fn l2_create_with_epoch_ms_and_message_payload_false() {
    let draft: InvitationDraft = serde_json::from_value(json!({
        "organizationId": "org_1", "email": "jane@example.com", "expiresAt": "2024-01-08T00:00:00Z", "roles": ["role_1"], "inviterId": "usr_admin"
    }))
    .unwrap();
    let call = Call::Create {
        draft: draft.clone(),
        emails: vec!["jane@example.com".into()],
    };
    let req = build_call(&cfg(), &call).unwrap();
    assert_request(
        &req,
        Method::Post,
        "https://tenant.logto.test/api/organization-invitations",
        &[
            ("Accept", "application/json"),
            ("Content-Type", "application/json"),
            ("Authorization", &bearer()),
        ],
        Some(
            r#"{"invitee":"jane@example.com","organizationId":"org_1","expiresAt":1704672000000,"inviterId":"usr_admin","organizationRoleIds":["role_1"],"messagePayload":false}"#,
        ),
    );
    let with_message = Call::Create {
        draft: InvitationDraft {
            message: Some(json!({"link": "https://app/invite"}).into()),
            ..draft
        },
        emails: vec!["jane@example.com".into()],
    };
    let body: Value = serde_json::from_str(
        build_call(&cfg(), &with_message)
            .unwrap()
            .body
            .as_deref()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        body["messagePayload"],
        json!({"link": "https://app/invite"})
    );
    let Outcome::Created { created, .. } = run(
        &call,
        json_response(201, entity("Pending", 1_704_672_000_000)),
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(created[0].id.as_deref(), Some("inv_1"));
    let table: &[(u16, Value, ErrorCode)] = &[
        (
            400,
            json!({"code": "guard.invalid_input", "message": "The expiresAt must be in the future."}),
            ErrorCode::InvalidInput,
        ),
        (
            422,
            json!({"code": "entity.unique_integrity_violation", "message": "The entity already exists."}),
            ErrorCode::AlreadyInvited,
        ),
        (
            429,
            json!({"code": "request.too_many_requests", "message": "Too many requests."}),
            ErrorCode::RateLimited,
        ),
        (
            501,
            json!({"code": "connector.not_found", "message": "No email connector is configured.", "details": "type: Email"}),
            ErrorCode::Unsupported,
        ),
    ];
    for (status, body, code) in table {
        let err = assert_error(run(&call, json_response(*status, body.clone())), *code);
        assert!(err
            .detail
            .as_deref()
            .unwrap_or_default()
            .starts_with(body["code"].as_str().unwrap()));
    }
}

#[test]
fn l3_l4_get_and_delete() {
    let get = Call::Get {
        target: InvitationRef::key("inv/1"),
    };
    assert_request(
        &build_call(&cfg(), &get).unwrap(),
        Method::Get,
        "https://tenant.logto.test/api/organization-invitations/inv%2F1",
        &[("Accept", "application/json"), ("Authorization", &bearer())],
        None,
    );
    assert_eq!(
        single(run(
            &get,
            json_response(200, entity("Revoked", 1_704_672_000_000))
        ))
        .status,
        Status::Revoked
    );
    assert_error(
        run(
            &get,
            json_response(
                404,
                json!({"code": "entity.not_found", "message": "Not found"}),
            ),
        ),
        ErrorCode::NotFound,
    );
    let delete = Call::Delete {
        target: InvitationRef::key("inv_1"),
    };
    assert_request(
        &build_call(&cfg(), &delete).unwrap(),
        Method::Delete,
        "https://tenant.logto.test/api/organization-invitations/inv_1",
        &[("Accept", "application/json"), ("Authorization", &bearer())],
        None,
    );
    assert_eq!(
        run(&delete, response(204, &[], "")).unwrap(),
        Outcome::Nothing
    );
}

#[test]
fn l5_message_resends() {
    let call = Call::Resend {
        target: InvitationRef::key("inv_1"),
        message: None,
    };
    let req = build_call(&cfg(), &call).unwrap();
    assert_request(
        &req,
        Method::Post,
        "https://tenant.logto.test/api/organization-invitations/inv_1/message",
        &[
            ("Accept", "application/json"),
            ("Content-Type", "application/json"),
            ("Authorization", &bearer()),
        ],
        Some("{}"),
    );
    assert_eq!(
        run(&call, response(204, &[], "")).unwrap(),
        Outcome::Nothing
    );
    let err = assert_error(
        run(
            &call,
            response(
                429,
                &[("Retry-After", "Mon, 01 Jan 2024 00:00:30 GMT")],
                r#"{"code":"x","message":"slow down"}"#,
            ),
        ),
        ErrorCode::RateLimited,
    );
    assert_eq!(
        err.retry_after_ms,
        Some(30_000),
        "an HTTP-date Retry-After, relative to now"
    );
    let bad = Call::Resend {
        target: InvitationRef::key("inv_1"),
        message: Some(json!("hello")),
    };
    assert_error(
        build_call(&cfg(), &bad).map(|_| Outcome::Nothing),
        ErrorCode::InvalidInput,
    );
}

#[test]
fn l6_status_changes_and_their_422s() {
    let accept = Call::Accept {
        target: InvitationRef::key("inv_1"),
        user_id: Some("usr_jane".into()),
    };
    let req = build_call(&cfg(), &accept).unwrap();
    assert_request(
        &req,
        Method::Put,
        "https://tenant.logto.test/api/organization-invitations/inv_1/status",
        &[
            ("Accept", "application/json"),
            ("Content-Type", "application/json"),
            ("Authorization", &bearer()),
        ],
        Some(r#"{"status":"Accepted","acceptedUserId":"usr_jane"}"#),
    );
    assert_eq!(
        single(run(
            &accept,
            json_response(200, entity("Accepted", 1_704_672_000_000))
        ))
        .status,
        Status::Accepted
    );
    let table: &[(&str, ErrorCode)] = &[
        (
            "The invitation is already accepted.",
            ErrorCode::AlreadyAccepted,
        ),
        ("The invitation has expired.", ErrorCode::Expired),
        ("The invitation is revoked.", ErrorCode::Revoked),
        (
            "The email of the accepted user does not match the invitee.",
            ErrorCode::EmailMismatch,
        ),
        (
            "acceptedUserId is required when accepting.",
            ErrorCode::InvalidInput,
        ),
    ];
    for (message, code) in table {
        assert_error(
            run(
                &accept,
                json_response(
                    422,
                    json!({"code": "request.invalid_input", "message": message}),
                ),
            ),
            *code,
        );
    }
    let no_user = Call::Accept {
        target: InvitationRef::key("inv_1"),
        user_id: None,
    };
    let err = build_call(&cfg(), &no_user).unwrap_err();
    assert_eq!(
        (err.code, err.field.as_deref()),
        (ErrorCode::InvalidInput, Some("userId"))
    );

    let revoke = Call::Revoke {
        target: InvitationRef::key("inv_1"),
    };
    let req = build_call(&cfg(), &revoke).unwrap();
    assert_eq!(req.body.as_deref(), Some(r#"{"status":"Revoked"}"#));
    assert_eq!(
        single(run(
            &revoke,
            json_response(200, entity("Revoked", 1_704_672_000_000))
        ))
        .status,
        Status::Revoked
    );
    for call in [
        Call::Lookup { code: "x".into() },
        Call::Reject {
            target: InvitationRef::key("x"),
        },
        Call::Update {
            target: InvitationRef::key("x"),
            patch: json!({}),
            replace: false,
        },
    ] {
        assert_error(
            build_call(&cfg(), &call).map(|_| Outcome::Nothing),
            ErrorCode::Unsupported,
        );
    }
    let api_key = config(P, TENANT, Some(Auth::ApiKey(secret(SECRET))));
    assert_error(
        build_call(&api_key, &revoke).map(|_| Outcome::Nothing),
        ErrorCode::InvalidInput,
    );
}

#[test]
fn l1_status_and_role_filters_are_applied_to_the_answer() {
    // L1 takes no status and no role: they are not sent, and the answer is filtered here.
    let call = Call::List {
        query: ListQuery {
            status: Some("Pending".into()),
            role: Some("member".into()),
            ..ListQuery::default()
        },
    };
    let req = build_call(&cfg(), &call).unwrap();
    assert_eq!(
        req.url,
        "https://tenant.logto.test/api/organization-invitations"
    );
    let mut admin = entity("Pending", 1_704_153_600_000);
    admin["organizationRoles"] = json!([{"id": "role_2", "name": "admin"}]);
    let body = json!([
        entity("Pending", 1_704_153_600_000),
        entity("Pending", 1_704_000_000_000), // past its expiry: expired, not pending
        entity("Accepted", 1_704_153_600_000),
        admin,
    ]);
    let Outcome::Page { items, next } = run(&call, json_response(200, body)).unwrap() else {
        panic!()
    };
    assert_eq!(next, None);
    assert_eq!(
        items
            .iter()
            .map(|i| (i.status, i.roles.clone()))
            .collect::<Vec<_>>(),
        [(Status::Pending, vec!["member".to_string()])]
    );
    let typo = Call::List {
        query: ListQuery {
            status: Some("open".into()),
            ..ListQuery::default()
        },
    };
    let err = build_call(&cfg(), &typo).unwrap_err();
    assert_eq!(
        (err.code, err.field.as_deref()),
        (ErrorCode::InvalidInput, Some("status"))
    );
}
