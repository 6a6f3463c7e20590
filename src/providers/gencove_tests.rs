use super::*;
use crate::model::Status;
use crate::providers::fixtures::*;
use crate::providers::{build as build_call, parse as parse_call};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const ID: &str = "0b5e2d33-1c1c-4a5e-9a77-2f8a7f4c1d10";

fn cfg() -> Config {
    config(P, TEST_BASE, Some(Auth::ApiKey(secret(SECRET))))
}

fn api_key() -> String {
    format!("Api-Key {SECRET}")
}

fn run(call: &Call, r: HttpResponse) -> Result<Outcome, InviteError> {
    parse_call(P, call, &r, ctx())
}

fn item(status: &str, expires: &str) -> Value {
    json!({"id": ID, "email": "jane@example.com", "role": "member", "expires": expires,
           "last_status": {"id": "5a1b", "status": status, "created": "2023-12-30T10:00:00.123456Z", "actor": {"id": "u-1", "name": "Boss"}}})
}

fn details(status: &str) -> Value {
    json!({"token": "tok-123", "expires": "2024-02-01T00:00:00Z", "role": "member",
           "organization": {"id": "org-1", "name": "Acme Genomics"},
           "last_status": {"id": "5a1c", "status": status, "created": "2023-12-30T10:00:00Z", "actor": {"id": "u-1", "name": "Boss"}}})
}

#[test]
fn g1_list_with_meta_envelope() {
    let call = Call::List {
        query: ListQuery {
            status: Some("pending".into()),
            page_size: Some(2),
            cursor: Some("4".into()),
            ..ListQuery::default()
        },
    };
    let req = build_call(&cfg(), &call).unwrap();
    assert_request(
        &req,
        Method::Get,
        "https://api.test/api/v2/invitations/?status=pending&limit=2&offset=4",
        &[
            ("Accept", "application/json"),
            ("Authorization", &api_key()),
        ],
        None,
    );
    let body = json!({
        "meta": {"count": 9, "next": "https://api.gencove.com/api/v2/invitations/?limit=2&offset=6&status=pending", "previous": null},
        "results": [item("pending", "2024-02-01T00:00:00Z"), item("pending", "2023-12-15T00:00:00Z")]
    });
    let Outcome::Page { items, next } = run(&call, json_response(200, body)).unwrap() else {
        panic!()
    };
    assert_eq!(next.as_deref(), Some("6"));
    assert_eq!(items[0].status, Status::Pending);
    assert_eq!(items[0].roles, ["member"]);
    assert_eq!(
        items[0].updated_at.as_deref(),
        Some("2023-12-30T10:00:00.123Z")
    );
    assert_eq!(
        items[0].inviter.as_ref().and_then(|i| i.name.as_deref()),
        Some("Boss")
    );
    assert_eq!(items[1].status, Status::Expired, "expires in the past");
    let last = json!({"meta": {"count": 9, "next": null, "previous": "x"}, "results": []});
    assert_eq!(
        run(&call, json_response(200, last)).unwrap(),
        Outcome::Page {
            items: vec![],
            next: None
        }
    );
    assert_error(
        run(&call, json_response(200, json!({"meta": {}}))),
        ErrorCode::MalformedResponse,
    );
    let bad_status = Call::List {
        query: ListQuery {
            status: Some("bounced".into()),
            ..ListQuery::default()
        },
    };
    assert_error(
        build_call(&cfg(), &bad_status).map(|_| Outcome::Nothing),
        ErrorCode::InvalidInput,
    );
    assert_error(
        run(
            &call,
            json_response(401, json!({"detail": "Invalid API key."})),
        ),
        ErrorCode::Unauthorized,
    );
}

#[test]
fn g2_create_single() {
    let draft: InvitationDraft =
        serde_json::from_value(json!({"email": "jane@example.com", "role": "member"})).unwrap();
    let call = Call::Create {
        draft,
        emails: vec!["jane@example.com".into()],
    };
    let req = build_call(&cfg(), &call).unwrap();
    assert_request(
        &req,
        Method::Post,
        "https://api.test/api/v2/invitations/",
        &[
            ("Accept", "application/json"),
            ("Content-Type", "application/json"),
            ("Authorization", &api_key()),
        ],
        Some(r#"{"email":"jane@example.com","role":"member"}"#),
    );
    let Outcome::Created { created, .. } = run(
        &call,
        json_response(201, item("pending", "2024-02-01T00:00:00Z")),
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(created[0].id.as_deref(), Some(ID));
    let err = assert_error(
        run(
            &call,
            json_response(400, json!({"email": ["User is already invited."]})),
        ),
        ErrorCode::AlreadyInvited,
    );
    assert_eq!(
        err.detail.as_deref(),
        Some("email: User is already invited.")
    );
    assert_error(
        run(
            &call,
            json_response(400, json!({"email": ["Enter a valid email address."]})),
        ),
        ErrorCode::InvalidEmail,
    );
    assert_error(
        run(
            &call,
            json_response(400, json!(["Something else went wrong"])),
        ),
        ErrorCode::InvalidInput,
    );
    let err = assert_error(
        run(
            &call,
            response(
                503,
                &[("Retry-After", "120")],
                r#"{"maintenance": true, "maintenance_message": "Back at 10:00", "maintenance_eta": "2024-01-01T10:00:00Z"}"#,
            ),
        ),
        ErrorCode::ProviderUnavailable,
    );
    assert_eq!(
        (err.detail.as_deref(), err.retry_after_ms),
        (Some("Back at 10:00"), Some(120_000))
    );
    // A JWT goes in as Bearer.
    let jwt = config(P, TEST_BASE, Some(Auth::Bearer(secret("eyJ.jwt"))));
    assert_eq!(
        build_call(&jwt, &call).unwrap().header("authorization"),
        Some("Bearer eyJ.jwt")
    );
}

#[test]
fn g3_delete_without_trailing_slash() {
    for call in [
        Call::Revoke {
            target: InvitationRef::key(ID),
        },
        Call::Delete {
            target: InvitationRef::key(ID),
        },
    ] {
        let req = build_call(&cfg(), &call).unwrap();
        assert_request(
            &req,
            Method::Delete,
            &format!("https://api.test/api/v2/invitations/{ID}"),
            &[
                ("Accept", "application/json"),
                ("Authorization", &api_key()),
            ],
            None,
        );
        assert_eq!(
            run(&call, response(204, &[], "")).unwrap(),
            Outcome::Nothing
        );
        assert_error(
            run(&call, json_response(404, json!({"detail": "Not found."}))),
            ErrorCode::NotFound,
        );
        assert_error(
            run(
                &call,
                json_response(
                    403,
                    json!({"detail": "You do not have permission to perform this action."}),
                ),
            ),
            ErrorCode::Forbidden,
        );
    }
}

#[test]
fn g4_g5_lookup_and_accept_by_token() {
    let lookup = Call::Lookup {
        code: "tok-123".into(),
    };
    let req = build_call(&cfg(), &lookup).unwrap();
    assert_request(
        &req,
        Method::Get,
        "https://api.test/api/v2/invitations-token/tok-123",
        &[
            ("Accept", "application/json"),
            ("Authorization", &api_key()),
        ],
        None,
    );
    let inv = single(run(&lookup, json_response(200, details("pending"))));
    assert_eq!(
        (inv.code.as_deref(), inv.id.as_deref()),
        (Some("tok-123"), None)
    );
    assert_eq!(inv.organization.name.as_deref(), Some("Acme Genomics"));
    assert_eq!(inv.expires_at.as_deref(), Some("2024-02-01T00:00:00.000Z"));
    assert_error(
        run(&lookup, json_response(404, json!({"detail": "Not found."}))),
        ErrorCode::NotFound,
    );

    let accept = Call::Accept {
        target: InvitationRef::key("tok-123"),
        user_id: None,
    };
    let req = build_call(&cfg(), &accept).unwrap();
    assert_request(
        &req,
        Method::Patch,
        "https://api.test/api/v2/invitations-token/tok-123",
        &[
            ("Accept", "application/json"),
            ("Content-Type", "application/json"),
            ("Authorization", &api_key()),
        ],
        Some("{}"),
    );
    let inv = single(run(&accept, json_response(200, details("accepted"))));
    assert_eq!(
        (inv.status, inv.provider_status.as_deref()),
        (Status::Accepted, Some("accepted"))
    );
    assert!(
        inv.inviter.is_none(),
        "the actor of an accepted status is the invitee, not the inviter"
    );
    assert_error(
        run(
            &accept,
            json_response(400, json!({"detail": "Invitation has expired."})),
        ),
        ErrorCode::Expired,
    );
    assert_error(
        run(
            &accept,
            json_response(400, json!({"detail": "Invitation already accepted."})),
        ),
        ErrorCode::AlreadyAccepted,
    );
    for call in [
        Call::Get {
            target: InvitationRef::key(ID),
        },
        Call::Reject {
            target: InvitationRef::key(ID),
        },
        Call::Resend {
            target: InvitationRef::key(ID),
            message: None,
        },
    ] {
        assert_error(
            build_call(&cfg(), &call).map(|_| Outcome::Nothing),
            ErrorCode::Unsupported,
        );
    }
}

#[test]
fn g1_email_and_role_filters_are_applied_to_each_page() {
    // G1 takes only a status: email and role are not sent; each page is filtered here and
    // keeps its `next`, so listAll still reaches every match.
    let call = Call::List {
        query: ListQuery {
            status: Some("pending".into()),
            email: Some("jane@example.com".into()),
            role: Some("member".into()),
            ..ListQuery::default()
        },
    };
    let req = build_call(&cfg(), &call).unwrap();
    assert_eq!(
        req.url,
        format!("{TEST_BASE}/api/v2/invitations/?status=pending")
    );
    let with = |email: &str, role: &str| {
        let mut v = item("pending", "2024-02-01T00:00:00Z");
        v["email"] = json!(email);
        v["role"] = json!(role);
        v
    };
    let body = json!({
        "meta": {"count": 3, "next": format!("{TEST_BASE}/api/v2/invitations/?limit=3&offset=3&status=pending"), "previous": null},
        "results": [
            with("jane@example.com", "member"),
            with("joe@example.com", "member"),
            with("jane@example.com", "admin"),
        ]
    });
    let Outcome::Page { items, next } = run(&call, json_response(200, body)).unwrap() else {
        panic!()
    };
    assert_eq!(items.len(), 1);
    assert_eq!(next.as_deref(), Some("3"));
    // The list's Invitation has no organization, and who sent one is known only while it is
    // pending: those filters are refused before any request.
    for (query, field) in [
        (
            ListQuery {
                organization: Some("org-1".into()),
                ..ListQuery::default()
            },
            "organization",
        ),
        (
            ListQuery {
                inviter: Some("u-1".into()),
                ..ListQuery::default()
            },
            "inviter",
        ),
    ] {
        let err = build_call(&cfg(), &Call::List { query }).unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            (ErrorCode::InvalidInput, Some(field))
        );
    }
}
