use super::*;
use crate::model::Status;
use crate::providers::fixtures::*;
use crate::providers::{build as build_call, parse as parse_call};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const ID: &str = "6e2f6c1a-77a5-4e0b-9a8a-0c1f2e3d4b5a";

fn cfg() -> Config {
    config(P, TEST_BASE, Some(Auth::ApiKey(secret(SECRET))))
}

fn api_key() -> String {
    format!("Api-Key {SECRET}")
}

fn run(call: &Call, r: HttpResponse) -> Result<Outcome, InviteError> {
    parse_call(P, call, &r, ctx())
}

fn item(state: &str) -> Value {
    json!({
        "url": format!("https://api.cloudtruth.io/api/v1/invitations/{ID}/"), "id": ID,
        "email": "jane@example.com", "role": "VIEWER",
        "inviter": "https://api.cloudtruth.io/api/v1/users/auth0%7C61a/", "inviter_name": "The Boss",
        "state": state, "state_detail": "", "membership": null,
        "organization": "https://api.cloudtruth.io/api/v1/organizations/org-42/"
    })
}

fn get_target() -> InvitationRef {
    InvitationRef::key(ID)
}

#[test]
fn c1_list_with_filters_and_page_cursor() {
    let query = ListQuery {
        email: Some("jane+x@example.com".into()),
        role: Some("VIEWER".into()),
        status: Some("sent".into()),
        cursor: Some("2".into()),
        page_size: Some(50),
        ..ListQuery::default()
    };
    let call = Call::List { query };
    let req = build_call(&cfg(), &call).unwrap();
    assert_request(
        &req,
        Method::Get,
        "https://api.test/api/v1/invitations/?email=jane%2Bx%40example.com&role=VIEWER&state=sent&page=2&page_size=50",
        &[("Accept", "application/json"), ("Authorization", &api_key())],
        None,
    );
    let body = json!({"count": 3, "next": "https://api.cloudtruth.io/api/v1/invitations/?page=3&page_size=50", "previous": null,
                      "results": [item("pending"), item("sent"), item("bounced")]});
    let Outcome::Page { items, next } = run(&call, json_response(200, body)).unwrap() else {
        panic!()
    };
    assert_eq!(next.as_deref(), Some("3"));
    let states: Vec<Status> = items.iter().map(|i| i.status).collect();
    assert_eq!(states, [Status::Pending, Status::Pending, Status::Bounced]);
    // Related objects are URIs: their last segment, percent-decoded, is the id.
    assert_eq!(items[0].organization.id.as_deref(), Some("org-42"));
    assert_eq!(
        items[0].inviter.as_ref().and_then(|i| i.id.as_deref()),
        Some("auth0|61a")
    );
    assert_eq!(items[0].roles, ["VIEWER"]);
    assert_eq!(items[0].expires_at, None, "CloudTruth has no expiry");
    for bad in [
        ListQuery {
            role: Some("viewer".into()),
            ..ListQuery::default()
        },
        ListQuery {
            status: Some("expired".into()),
            ..ListQuery::default()
        },
    ] {
        assert_error(
            build_call(&cfg(), &Call::List { query: bad }).map(|_| Outcome::Nothing),
            ErrorCode::InvalidInput,
        );
    }
}

#[test]
fn c2_create_and_its_404_bad_request() {
    let draft: InvitationDraft =
        serde_json::from_value(json!({"email": "jane@example.com", "role": "VIEWER"})).unwrap();
    let call = Call::Create {
        draft,
        emails: vec!["jane@example.com".into()],
    };
    let req = build_call(&cfg(), &call).unwrap();
    assert_request(
        &req,
        Method::Post,
        "https://api.test/api/v1/invitations/",
        &[
            ("Accept", "application/json"),
            ("Content-Type", "application/json"),
            ("Authorization", &api_key()),
        ],
        Some(r#"{"email":"jane@example.com","role":"VIEWER"}"#),
    );
    let Outcome::Created { created, .. } = run(&call, json_response(201, item("pending"))).unwrap()
    else {
        panic!()
    };
    assert_eq!(created[0].id.as_deref(), Some(ID));
    // "Bad Request. Is there already an invitation for that email?" comes as 404 (or 400).
    assert_error(
        run(&call, json_response(404, json!({"detail": "Bad Request"}))),
        ErrorCode::AlreadyInvited,
    );
    assert_error(
        run(
            &call,
            json_response(
                400,
                json!({"__all__": ["An invitation already exists for this email."]}),
            ),
        ),
        ErrorCode::AlreadyInvited,
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
            json_response(403, json!({"detail": "Permission denied."})),
        ),
        ErrorCode::Forbidden,
    );
    // Bearer for a JWT; the key never goes in as Bearer.
    let jwt = config(P, TEST_BASE, Some(Auth::Bearer(secret("eyJ.jwt"))));
    assert_eq!(
        build_call(&jwt, &call).unwrap().header("authorization"),
        Some("Bearer eyJ.jwt")
    );
}

#[test]
fn c3_c6_get_update_delete_keep_trailing_slashes() {
    let url = format!("https://api.test/api/v1/invitations/{ID}/");
    let get = Call::Get {
        target: get_target(),
    };
    assert_request(
        &build_call(&cfg(), &get).unwrap(),
        Method::Get,
        &url,
        &[
            ("Accept", "application/json"),
            ("Authorization", &api_key()),
        ],
        None,
    );
    assert_eq!(
        single(run(&get, json_response(200, item("accepted")))).status,
        Status::Accepted
    );
    assert_error(
        run(&get, json_response(404, json!({"detail": "Not found."}))),
        ErrorCode::NotFound,
    );

    let put = Call::Update {
        target: get_target(),
        patch: json!({"email": "new@example.com", "role": "ADMIN"}),
        replace: true,
    };
    assert_request(
        &build_call(&cfg(), &put).unwrap(),
        Method::Put,
        &url,
        &[
            ("Accept", "application/json"),
            ("Content-Type", "application/json"),
            ("Authorization", &api_key()),
        ],
        Some(r#"{"email":"new@example.com","role":"ADMIN"}"#),
    );
    assert_eq!(
        single(run(&put, json_response(200, item("pending"))))
            .id
            .as_deref(),
        Some(ID)
    );
    let patch = Call::Update {
        target: get_target(),
        patch: json!({"role": "ADMIN", "state": "accepted"}),
        replace: false,
    };
    let req = build_call(&cfg(), &patch).unwrap();
    assert_eq!(
        (req.method, req.body.as_deref()),
        (Method::Patch, Some(r#"{"role":"ADMIN"}"#))
    );
    // A replace without both writable fields, or a patch of nothing writable, is refused.
    for bad in [
        Call::Update {
            target: get_target(),
            patch: json!({"role": "ADMIN"}),
            replace: true,
        },
        Call::Update {
            target: get_target(),
            patch: json!({"state": "accepted"}),
            replace: false,
        },
        Call::Update {
            target: get_target(),
            patch: json!({"role": "viewer"}),
            replace: false,
        },
    ] {
        assert_error(
            build_call(&cfg(), &bad).map(|_| Outcome::Nothing),
            ErrorCode::InvalidInput,
        );
    }
    for call in [
        Call::Delete {
            target: get_target(),
        },
        Call::Revoke {
            target: get_target(),
        },
    ] {
        assert_request(
            &build_call(&cfg(), &call).unwrap(),
            Method::Delete,
            &url,
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
    }
}

#[test]
fn c7_c8_accept_and_resend() {
    let accept = Call::Accept {
        target: get_target(),
        user_id: None,
    };
    let req = build_call(&cfg(), &accept).unwrap();
    assert_request(
        &req,
        Method::Post,
        &format!("https://api.test/api/v1/invitations/{ID}/accept/"),
        &[
            ("Accept", "application/json"),
            ("Authorization", &api_key()),
        ],
        None,
    );
    assert_eq!(
        single(run(&accept, json_response(200, item("accepted")))).status,
        Status::Accepted
    );
    assert_error(
        run(
            &accept,
            json_response(403, json!({"detail": "Permission denied."})),
        ),
        ErrorCode::EmailMismatch,
    );
    assert_error(
        run(
            &accept,
            json_response(404, json!({"detail": "Bad Request"})),
        ),
        ErrorCode::NotFound,
    );
    assert_error(
        run(
            &accept,
            json_response(404, json!({"detail": "Invitation already accepted."})),
        ),
        ErrorCode::AlreadyAccepted,
    );

    let resend = Call::Resend {
        target: get_target(),
        message: None,
    };
    let req = build_call(&cfg(), &resend).unwrap();
    assert_request(
        &req,
        Method::Post,
        &format!("https://api.test/api/v1/invitations/{ID}/resend/"),
        &[
            ("Accept", "application/json"),
            ("Authorization", &api_key()),
        ],
        None,
    );
    let inv = single(run(&resend, json_response(200, item("pending"))));
    assert_eq!(inv.provider_status.as_deref(), Some("pending"));
    assert_error(
        run(
            &resend,
            json_response(
                404,
                json!({"detail": "The invitation was already accepted."}),
            ),
        ),
        ErrorCode::AlreadyAccepted,
    );
    for call in [
        Call::Lookup { code: "x".into() },
        Call::Reject {
            target: get_target(),
        },
    ] {
        assert_error(
            build_call(&cfg(), &call).map(|_| Outcome::Nothing),
            ErrorCode::Unsupported,
        );
    }
    let wrong = config(
        P,
        TEST_BASE,
        Some(Auth::KeyPair {
            key: secret("k"),
            secret: secret(SECRET),
        }),
    );
    assert_error(
        build_call(&wrong, &accept).map(|_| Outcome::Nothing),
        ErrorCode::InvalidInput,
    );
}

#[test]
fn c1_organization_and_inviter_filters_are_applied_to_each_page() {
    // C1 takes email, role and state; organization and inviter are matched here, against the
    // ids at the end of CloudTruth's URIs.
    let call = Call::List {
        query: ListQuery {
            organization: Some("org-42".into()),
            inviter: Some("auth0|61a".into()),
            ..ListQuery::default()
        },
    };
    let req = build_call(&cfg(), &call).unwrap();
    assert_eq!(req.url, format!("{TEST_BASE}/api/v1/invitations/"));
    let mut elsewhere = item("pending");
    elsewhere["organization"] = json!("https://api.cloudtruth.io/api/v1/organizations/org-7/");
    let mut other_inviter = item("pending");
    other_inviter["inviter"] = json!("https://api.cloudtruth.io/api/v1/users/auth0%7C99/");
    let body = json!({"count": 3, "next": format!("{TEST_BASE}/api/v1/invitations/?page=2"), "previous": null,
                      "results": [item("pending"), elsewhere, other_inviter]});
    let Outcome::Page { items, next } = run(&call, json_response(200, body)).unwrap() else {
        panic!()
    };
    assert_eq!(
        items
            .iter()
            .map(|i| (
                i.organization.id.as_deref(),
                i.inviter.as_ref().and_then(|v| v.id.as_deref())
            ))
            .collect::<Vec<_>>(),
        [(Some("org-42"), Some("auth0|61a"))]
    );
    assert_eq!(next.as_deref(), Some("2"));
    // Status pending is invitekit's: CloudTruth's pending and sent, so it is applied here.
    let pending = Call::List {
        query: ListQuery {
            status: Some("pending".into()),
            ..ListQuery::default()
        },
    };
    let req = build_call(&cfg(), &pending).unwrap();
    assert_eq!(req.url, format!("{TEST_BASE}/api/v1/invitations/"));
    let body = json!({"count": 4, "next": null, "previous": null,
                      "results": [item("pending"), item("sent"), item("bounced"), item("accepted")]});
    let Outcome::Page { items, .. } = run(&pending, json_response(200, body)).unwrap() else {
        panic!()
    };
    assert_eq!(
        items
            .iter()
            .map(|i| i.provider_status.as_deref())
            .collect::<Vec<_>>(),
        [Some("pending"), Some("sent")]
    );
}
