use super::*;
use crate::http::Method;
use crate::providers::{base_url, InvitationRef, ListQuery};
use serde_json::json;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::task::{RawWaker, RawWakerVTable, Waker};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// A runtime whose network, clock and dice are scripted: answers are taken in order, time
/// only moves when the client sleeps or a request takes time.
struct Script {
    answers: RefCell<VecDeque<Result<HttpResponse, Failure>>>,
    sent: RefCell<Vec<HttpRequest>>,
    slept: RefCell<Vec<u64>>,
    now: Cell<i64>,
    latency: Cell<i64>,
}

impl Script {
    fn new(answers: Vec<Result<HttpResponse, Failure>>) -> Script {
        Script {
            answers: RefCell::new(answers.into()),
            sent: RefCell::new(Vec::new()),
            slept: RefCell::new(Vec::new()),
            now: Cell::new(1_704_067_200_000),
            latency: Cell::new(5),
        }
    }

    fn methods(&self) -> Vec<(Method, String)> {
        self.sent
            .borrow()
            .iter()
            .map(|r| (r.method, r.url.clone()))
            .collect()
    }
}

impl Runtime for Script {
    async fn send(&self, request: &HttpRequest, timeout_ms: u64) -> Result<HttpResponse, Failure> {
        self.sent.borrow_mut().push(request.clone());
        let answer = self
            .answers
            .borrow_mut()
            .pop_front()
            .unwrap_or(Err(Failure::Network("script exhausted".into())));
        if answer == Err(Failure::Timeout) {
            self.now.set(self.now.get() + timeout_ms as i64);
        } else {
            self.now.set(self.now.get() + self.latency.get());
        }
        answer
    }

    async fn sleep(&self, ms: u64) -> Result<(), Failure> {
        self.slept.borrow_mut().push(ms);
        self.now.set(self.now.get() + ms as i64);
        Ok(())
    }

    fn now(&self) -> i64 {
        self.now.get()
    }

    fn random(&self) -> f64 {
        0.5
    }
}

/// Runs a future whose every await is ready (the scripted runtime never waits for real).
fn run<F: Future>(f: F) -> F::Output {
    fn noop(_: *const ()) {}
    fn clone(p: *const ()) -> RawWaker {
        RawWaker::new(p, &VTABLE)
    }
    static VTABLE: RawWakerVTable = RawWakerVTable::new(clone, noop, noop, noop);
    // SAFETY: the vtable's functions do nothing and never dereference the pointer.
    let waker = unsafe { Waker::from_raw(RawWaker::new(std::ptr::null(), &VTABLE)) };
    let mut cx = Context::from_waker(&waker);
    let mut f = Box::pin(f);
    for _ in 0..10_000 {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
    panic!("the future never finished");
}

fn ok(status: u16, body: serde_json::Value) -> Result<HttpResponse, Failure> {
    Ok(HttpResponse {
        status,
        headers: vec![("content-type".into(), "application/json".into())],
        body: body.to_string(),
    })
}

fn status(status: u16, headers: &[(&str, &str)]) -> Result<HttpResponse, Failure> {
    Ok(HttpResponse {
        status,
        headers: headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        body: String::new(),
    })
}

const SECRET: &str = "sk_live_client_test_91";

fn client(provider: Provider, auth: Auth) -> Client {
    let config = Config {
        provider,
        base_url: "https://api.test".into(),
        auth: Some(auth),
    };
    Client::new(config, ClientOptions::default())
}

fn cloudtruth() -> Client {
    client(Provider::Cloudtruth, Auth::ApiKey(Secret::new(SECRET)))
}

fn ct_item(state: &str) -> serde_json::Value {
    json!({"id": "i1", "email": "a@x.io", "role": "VIEWER", "state": state, "url": "u", "inviter": "https://x/users/u1/", "inviter_name": "B", "state_detail": "", "membership": null, "organization": "https://x/organizations/o1/"})
}

#[test]
fn idempotent_reads_retry_5xx_and_network_errors_with_jittered_backoff() {
    let rt = Script::new(vec![
        status(503, &[]),
        Err(Failure::Network("reset".into())),
        ok(200, ct_item("pending")),
    ]);
    let inv = run(cloudtruth().get(&rt, &InvitationRef::key("i1"))).unwrap();
    assert_eq!(inv.id.as_deref(), Some("i1"));
    assert_eq!(rt.sent.borrow().len(), 3);
    // Full jitter with random() = 0.5: half of 200 ms, then half of 400 ms.
    assert_eq!(*rt.slept.borrow(), [100, 200]);
}

#[test]
fn retry_after_is_honoured_in_seconds_and_as_a_date() {
    let rt = Script::new(vec![
        status(429, &[("Retry-After", "2")]),
        status(429, &[("Retry-After", "Mon, 01 Jan 2024 00:00:05 GMT")]),
        ok(200, ct_item("pending")),
    ]);
    run(cloudtruth().get(&rt, &InvitationRef::key("i1"))).unwrap();
    // 2 s; then the date, 5 s after the start less the ~2 s already spent.
    let slept = rt.slept.borrow().clone();
    assert_eq!(slept[0], 2000);
    assert!((2980..=2995).contains(&slept[1]), "{slept:?}");
}

#[test]
fn retries_are_bounded_and_the_last_answer_is_reported() {
    let rt = Script::new(vec![
        status(503, &[("Retry-After", "1")]),
        status(503, &[("Retry-After", "1")]),
        status(503, &[("Retry-After", "1")]),
        ok(200, ct_item("pending")),
    ]);
    let err = run(cloudtruth().get(&rt, &InvitationRef::key("i1"))).unwrap_err();
    assert_eq!(
        (err.code, err.status, err.retry_after_ms),
        (ErrorCode::ProviderUnavailable, Some(503), Some(1000))
    );
    assert_eq!(rt.sent.borrow().len(), 3, "1 attempt + 2 retries");
}

#[test]
fn no_wait_goes_past_the_overall_timeout() {
    let rt = Script::new(vec![
        status(429, &[("Retry-After", "600")]),
        ok(200, ct_item("pending")),
    ]);
    let err = run(cloudtruth().get(&rt, &InvitationRef::key("i1"))).unwrap_err();
    assert_eq!(
        (err.code, err.retry_after_ms),
        (ErrorCode::RateLimited, Some(600_000))
    );
    assert!(rt.slept.borrow().is_empty());
    // A silent server costs one attempt's budget per attempt, and all of them fit in the
    // overall budget: three attempts of 10 s within 30 s, then `timeout`.
    let rt = Script::new(vec![
        Err(Failure::Timeout),
        Err(Failure::Timeout),
        Err(Failure::Timeout),
    ]);
    let start = rt.now.get();
    let err = run(cloudtruth().get(&rt, &InvitationRef::key("i1"))).unwrap_err();
    assert_eq!(err.code, ErrorCode::Timeout);
    assert_eq!(rt.sent.borrow().len(), 3);
    assert!(
        rt.now.get() - start <= 30_000,
        "{} ms",
        rt.now.get() - start
    );
    // With a 4 s budget the second attempt gets only what is left.
    let short = Client::new(
        cloudtruth().config,
        ClientOptions {
            timeout_ms: 4_000,
            attempt_timeout_ms: 3_000,
            ..ClientOptions::default()
        },
    );
    let rt = Script::new(vec![
        Err(Failure::Timeout),
        Err(Failure::Timeout),
        Err(Failure::Timeout),
    ]);
    let start = rt.now.get();
    assert_eq!(
        run(short.get(&rt, &InvitationRef::key("i1")))
            .unwrap_err()
            .code,
        ErrorCode::Timeout
    );
    assert!(rt.now.get() - start <= 4_000);
}

#[test]
fn posts_are_retried_only_on_429() {
    let draft: InvitationDraft =
        serde_json::from_value(json!({"email": "a@x.io", "role": "VIEWER"})).unwrap();
    let rt = Script::new(vec![status(503, &[])]);
    let result = run(cloudtruth().create(&rt, &draft)).unwrap();
    assert_eq!(rt.sent.borrow().len(), 1);
    assert_eq!(result.failed[0].1.code, ErrorCode::ProviderUnavailable);
    let rt = Script::new(vec![Err(Failure::Network("reset".into()))]);
    let result = run(cloudtruth().create(&rt, &draft)).unwrap();
    assert_eq!(
        (rt.sent.borrow().len(), result.failed[0].1.code),
        (1, ErrorCode::Network)
    );
    let rt = Script::new(vec![
        status(429, &[("Retry-After", "1")]),
        ok(201, ct_item("pending")),
    ]);
    let result = run(cloudtruth().create(&rt, &draft)).unwrap();
    assert_eq!((rt.sent.borrow().len(), result.created.len()), (2, 1));
}

#[test]
fn a_lost_accept_answer_is_confirmed_by_reading_back() {
    // The POST's answer is lost, the read-back shows it accepted: success, one accept sent.
    let rt = Script::new(vec![Err(Failure::Timeout), ok(200, ct_item("accepted"))]);
    let c = Client::new(
        cloudtruth().config,
        ClientOptions {
            timeout_ms: 5_000,
            attempt_timeout_ms: 1_000,
            ..ClientOptions::default()
        },
    );
    let inv = run(c.accept(&rt, &InvitationRef::key("i1"), None)).unwrap();
    assert_eq!(inv.status, Status::Accepted);
    let posts = rt
        .methods()
        .iter()
        .filter(|(m, _)| *m == Method::Post)
        .count();
    assert_eq!(posts, 1);
    // Lost, and the read-back shows it still pending: sent again, once.
    let rt = Script::new(vec![
        Err(Failure::Network("reset".into())),
        ok(200, ct_item("pending")),
        ok(200, ct_item("accepted")),
    ]);
    let inv = run(cloudtruth().accept(&rt, &InvitationRef::key("i1"), None)).unwrap();
    assert_eq!(inv.status, Status::Accepted);
    assert_eq!(
        rt.methods().iter().map(|(m, _)| *m).collect::<Vec<_>>(),
        [Method::Post, Method::Get, Method::Post]
    );
    // Logto's accept is a PUT: retried after the lost answer, refused as already accepted,
    // which the read-back confirms.
    let logto = client(Provider::Logto, Auth::Bearer(Secret::new("at")));
    let entity = |s: &str| json!({"id": "inv_1", "invitee": "a@x.io", "organizationId": "o", "status": s, "expiresAt": 1_904_067_200_000i64, "createdAt": 0, "updatedAt": 0, "organizationRoles": []});
    let rt = Script::new(vec![
        Err(Failure::Network("reset".into())),
        ok(
            422,
            json!({"code": "request.invalid_input", "message": "The invitation is already accepted."}),
        ),
        ok(200, entity("Accepted")),
    ]);
    let inv = run(logto.accept(&rt, &InvitationRef::key("inv_1"), Some("usr_1".into()))).unwrap();
    assert_eq!(inv.status, Status::Accepted);
    // The same, when the refusal's body is unreadable (so it does not say why): after a lost
    // answer any refusal is checked by reading back. (Found by bash scripts/faults.sh.)
    let garbled = Ok(HttpResponse {
        status: 422,
        headers: vec![("content-type".into(), "application/json".into())],
        body: "{\"code\": \"request.inva".into(),
    });
    let rt = Script::new(vec![
        Err(Failure::Timeout),
        garbled,
        ok(200, entity("Accepted")),
    ]);
    let inv = run(logto.accept(&rt, &InvitationRef::key("inv_1"), Some("usr_1".into()))).unwrap();
    assert_eq!(inv.status, Status::Accepted);
    // And when the read-back shows it still pending, the refusal is the answer.
    let rt = Script::new(vec![
        Err(Failure::Timeout),
        ok(
            422,
            json!({"code": "request.invalid_input", "message": "acceptedUserId is required when accepting."}),
        ),
        ok(200, entity("Pending")),
    ]);
    let err =
        run(logto.accept(&rt, &InvitationRef::key("inv_1"), Some("usr_1".into()))).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    // Without a lost answer, "already accepted" is the caller's error, reported as such.
    let rt = Script::new(vec![ok(
        422,
        json!({"code": "x", "message": "The invitation is already accepted."}),
    )]);
    let err =
        run(logto.accept(&rt, &InvitationRef::key("inv_1"), Some("usr_1".into()))).unwrap_err();
    assert_eq!(err.code, ErrorCode::AlreadyAccepted);
}

#[test]
fn jaqpot_accept_reads_the_invitation_first_and_puts_it_back() {
    let c = client(Provider::Jaqpot, Auth::Bearer(Secret::new("jwt")));
    let entity = |s: &str| json!({"id": "u-1", "userEmail": "a@x.io", "status": s, "expirationDate": "2030-01-01T00:00:00Z"});
    let rt = Script::new(vec![
        ok(200, entity("PENDING")),
        ok(200, entity("ACCEPTED")),
    ]);
    let target = InvitationRef {
        organization: Some("acme".into()),
        ..InvitationRef::key("u-1")
    };
    let inv = run(c.accept(&rt, &target, None)).unwrap();
    assert_eq!(inv.status, Status::Accepted);
    let sent = rt.sent.borrow();
    assert_eq!((sent[0].method, sent[1].method), (Method::Get, Method::Put));
    let body: serde_json::Value = serde_json::from_str(sent[1].body.as_deref().unwrap()).unwrap();
    assert_eq!(body, entity("ACCEPTED"));
}

#[test]
fn logto_token_is_fetched_once_reused_and_renewed() {
    let c = client(
        Provider::Logto,
        Auth::ClientCredentials {
            client_id: "app".into(),
            client_secret: Secret::new(SECRET),
            resource: "https://default.logto.app/api".into(),
            token_url: None,
            scope: None,
        },
    );
    let token = |t: &str| {
        ok(
            200,
            json!({"access_token": t, "expires_in": 3600, "token_type": "Bearer"}),
        )
    };
    let rt = Script::new(vec![
        token("at_1"),
        ok(200, json!([])),
        ok(200, json!([])),
        status(401, &[]),
        token("at_2"),
        ok(200, json!([])),
    ]);
    for _ in 0..3 {
        run(c.list(&rt, &ListQuery::default())).unwrap();
    }
    let sent = rt.sent.borrow();
    let urls: Vec<&str> = sent.iter().map(|r| r.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "https://api.test/oidc/token",
            "https://api.test/api/organization-invitations",
            "https://api.test/api/organization-invitations",
            "https://api.test/api/organization-invitations",
            "https://api.test/oidc/token",
            "https://api.test/api/organization-invitations",
        ]
    );
    assert_eq!(sent[1].header("authorization"), Some("Bearer at_1"));
    assert_eq!(sent[5].header("authorization"), Some("Bearer at_2"));
    drop(sent);
    // An hour later the token is renewed before use.
    rt.now.set(rt.now.get() + 3_600_000);
    rt.answers
        .borrow_mut()
        .extend([token("at_3"), ok(200, json!([]))]);
    run(c.list(&rt, &ListQuery::default())).unwrap();
    assert_eq!(
        rt.sent.borrow().last().unwrap().header("authorization"),
        Some("Bearer at_3")
    );
}

#[test]
fn create_batches_per_provider() {
    let many: Vec<String> = (0..25).map(|i| format!("u{i}@x.io")).collect();
    let jaqpot = client(Provider::Jaqpot, Auth::Bearer(Secret::new("jwt")));
    let draft = InvitationDraft {
        organization: Some("acme".into()),
        emails: Some(many.clone()),
        ..Default::default()
    };
    let rt = Script::new(vec![status(200, &[]), status(201, &[]), status(200, &[])]);
    let result = run(jaqpot.create(&rt, &draft)).unwrap();
    assert_eq!(result.created.len(), 25);
    let sizes: Vec<usize> = rt
        .sent
        .borrow()
        .iter()
        .map(|r| {
            serde_json::from_str::<serde_json::Value>(r.body.as_deref().unwrap()).unwrap()["emails"]
                .as_array()
                .unwrap()
                .len()
        })
        .collect();
    assert_eq!(sizes, [10, 10, 5]);

    // One bad address fails alone, without a request; the others go one per request.
    let draft: InvitationDraft = serde_json::from_value(
        json!({"emails": ["a@x.io", "not an email", "b@x.io"], "role": "VIEWER"}),
    )
    .unwrap();
    let rt = Script::new(vec![
        ok(201, ct_item("pending")),
        ok(404, json!({"detail": "Bad Request"})),
    ]);
    let result = run(cloudtruth().create(&rt, &draft)).unwrap();
    assert_eq!(rt.sent.borrow().len(), 2);
    assert_eq!(result.created.len(), 1);
    let failed: Vec<(&str, ErrorCode)> = result
        .failed
        .iter()
        .map(|(e, err)| (e.as_str(), err.code))
        .collect();
    assert_eq!(
        failed,
        [
            ("not an email", ErrorCode::InvalidEmail),
            ("b@x.io", ErrorCode::AlreadyInvited)
        ]
    );

    // A draft-level problem is thrown before any request.
    let rt = Script::new(vec![]);
    let err = run(cloudtruth().create(
        &rt,
        &serde_json::from_value(json!({"email": "a@x.io"})).unwrap(),
    ))
    .unwrap_err();
    assert_eq!(
        (err.code, err.field.as_deref()),
        (ErrorCode::InvalidInput, Some("role"))
    );
    assert!(rt.sent.borrow().is_empty());
}

#[test]
fn unsupported_operations_send_nothing() {
    let rt = Script::new(vec![]);
    let toggl = client(Provider::Toggl, Auth::ApiToken(Secret::new(SECRET)));
    assert_eq!(
        run(toggl.get(&rt, &InvitationRef::key("x")))
            .unwrap_err()
            .code,
        ErrorCode::Unsupported
    );
    assert_eq!(
        run(toggl.revoke(&rt, &InvitationRef::key("x")))
            .unwrap_err()
            .code,
        ErrorCode::Unsupported
    );
    assert_eq!(
        run(cloudtruth().reject(&rt, &InvitationRef::key("x")))
            .unwrap_err()
            .code,
        ErrorCode::Unsupported
    );
    assert!(rt.sent.borrow().is_empty());
}

#[test]
fn secrets_never_reach_errors() {
    // A server that echoes the credentials back in its error body.
    let rt = Script::new(vec![ok(
        400,
        json!({"detail": format!("bad header Authorization: Api-Key {SECRET}")}),
    )]);
    let err = run(cloudtruth().get(&rt, &InvitationRef::key("i1"))).unwrap_err();
    let shown = format!("{err:?} {err}");
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(err.detail.unwrap().contains("<redacted>"));
}

#[test]
fn base_urls() {
    let ok_cases = [
        (Provider::Toggl, None, "https://api.track.toggl.com/api/v9"),
        (
            Provider::Gencove,
            Some("https://api.gencove.com/"),
            "https://api.gencove.com",
        ),
        (
            Provider::Logto,
            Some("http://127.0.0.1:4010"),
            "http://127.0.0.1:4010",
        ),
        (
            Provider::Logto,
            Some("http://localhost:3001/"),
            "http://localhost:3001",
        ),
        (
            Provider::Logto,
            Some("http://[::1]:8080"),
            "http://[::1]:8080",
        ),
    ];
    for (p, given, want) in ok_cases {
        assert_eq!(base_url(p, given).unwrap(), want);
    }
    let bad: &[(Option<&str>, ErrorCode)] = &[
        (Some("http://api.example.com"), ErrorCode::InsecureTransport),
        (
            Some("http://127.0.0.1.evil.com"),
            ErrorCode::InsecureTransport,
        ),
        (Some("http://localhost@evil.com"), ErrorCode::InvalidInput),
        (Some("ftp://x"), ErrorCode::InvalidInput),
        (Some("https://x.io/?a=1"), ErrorCode::InvalidInput),
        (None, ErrorCode::InvalidInput),
    ];
    for (given, code) in bad {
        assert_eq!(
            base_url(Provider::Logto, *given).unwrap_err().code,
            *code,
            "{given:?}"
        );
    }
}

#[test]
fn a_retry_after_holds_every_later_request_of_the_client() {
    // A create refused with 429 + Retry-After: 3 and retried; the next, unrelated call waits too.
    let c = Client::new(
        cloudtruth().config,
        ClientOptions {
            retries: 0,
            ..ClientOptions::default()
        },
    );
    let rt = Script::new(vec![
        status(429, &[("Retry-After", "3")]),
        ok(200, ct_item("pending")),
    ]);
    let draft: InvitationDraft =
        serde_json::from_value(json!({"email": "a@x.io", "role": "VIEWER"})).unwrap();
    let result = run(c.create(&rt, &draft)).unwrap();
    assert_eq!(result.failed[0].1.code, ErrorCode::RateLimited);
    run(c.get(&rt, &InvitationRef::key("i1"))).unwrap();
    let slept: u64 = rt.slept.borrow().iter().sum();
    assert!(
        slept >= 2990,
        "the get waited out the create's Retry-After: {slept} ms"
    );
}

#[test]
fn toggl_accept_is_settled_by_looking_the_code_up() {
    let toggl = client(Provider::Toggl, Auth::ApiToken(Secret::new(SECRET)));
    let open = json!({"code": "C1", "email": "a@x.io", "organization_id": 9, "organization_name": "Acme", "sender_email": "b@x.io", "sender_name": "B"});
    // Looked up, accepted ("OK"): the result carries the looked-up details.
    let rt = Script::new(vec![
        ok(200, open.clone()),
        Ok(HttpResponse {
            status: 200,
            headers: vec![],
            body: "OK".into(),
        }),
    ]);
    let inv = run(toggl.accept(&rt, &InvitationRef::key("C1"), None)).unwrap();
    assert_eq!(
        (
            inv.status,
            inv.organization.name.as_deref(),
            inv.email.as_deref()
        ),
        (Status::Accepted, Some("Acme"), Some("a@x.io"))
    );
    // The accept's answer is lost and the code is gone afterwards: it was used, by this call.
    let rt = Script::new(vec![
        ok(200, open.clone()),
        Err(Failure::Network("reset".into())),
        status(404, &[]),
    ]);
    assert_eq!(
        run(toggl.accept(&rt, &InvitationRef::key("C1"), None))
            .unwrap()
            .status,
        Status::Accepted
    );
    assert_eq!(
        rt.methods()
            .iter()
            .filter(|(m, _)| *m == Method::Post)
            .count(),
        1
    );
    // A code that is not open is refused before any accept is sent.
    let rt = Script::new(vec![status(404, &[])]);
    assert_eq!(
        run(toggl.accept(&rt, &InvitationRef::key("C1"), None))
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
    assert_eq!(rt.sent.borrow().len(), 1);
}

#[test]
fn a_delete_retried_after_a_lost_answer_that_finds_nothing_succeeded() {
    let rt = Script::new(vec![
        Err(Failure::Network("reset".into())),
        ok(404, json!({"detail": "Not found."})),
    ]);
    run(cloudtruth().delete(&rt, &InvitationRef::key("i1"))).unwrap();
    // Without a lost answer, not found is reported.
    let rt = Script::new(vec![ok(404, json!({"detail": "Not found."}))]);
    assert_eq!(
        run(cloudtruth().delete(&rt, &InvitationRef::key("i1")))
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
}

/// A provider that echoes the request it received (every header, verbatim, and the body) back
/// in its error answer, under each field a provider's error message is read from. Logto's token
/// requests get a token, whose value is then echoed back with the invitation request.
struct Echo;

const M2M_TOKEN: &str = "m2m_access_token_4f1b9";

impl Runtime for Echo {
    async fn send(&self, request: &HttpRequest, _: u64) -> Result<HttpResponse, Failure> {
        if request.url.ends_with("/oidc/token") {
            return ok(
                200,
                json!({"access_token": M2M_TOKEN, "expires_in": 3600, "token_type": "Bearer"}),
            );
        }
        let mut echo: String = request
            .headers
            .iter()
            .map(|(k, v)| format!("{k}: {v}\n"))
            .collect();
        echo.push_str(request.body.as_deref().unwrap_or_default());
        ok(
            400,
            json!({"detail": echo, "message": echo, "error": echo, "error_description": echo, "code": "echo"}),
        )
    }

    async fn sleep(&self, _: u64) -> Result<(), Failure> {
        Ok(())
    }

    fn now(&self) -> i64 {
        1_704_067_200_000
    }

    fn random(&self) -> f64 {
        0.5
    }
}

/// Per provider and credential scheme: an error body echoing the request's `Authorization`
/// (and Jaqpot's key headers) shows no credential in the error, in any encoding.
#[test]
fn echoed_credentials_are_redacted_for_every_provider() {
    let jaqpot_list = ListQuery {
        organization: Some("acme".into()),
        ..ListQuery::default()
    };
    let cases: Vec<(Provider, Auth, Vec<String>)> = vec![
        (
            Provider::Toggl,
            Auth::Basic {
                username: "ada@example.com".into(),
                password: Secret::new("pa55 w/rd+ü"),
            },
            vec!["pa55 w/rd+ü".into(), "ada@example.com:pa55 w/rd+ü".into()],
        ),
        (
            Provider::Toggl,
            Auth::ApiToken(Secret::new(SECRET)),
            vec![SECRET.into(), format!("{SECRET}:api_token")],
        ),
        (
            Provider::Jaqpot,
            Auth::KeyPair {
                key: Secret::new("jq-key-7788"),
                secret: Secret::new("jq-secret-9911"),
            },
            vec!["jq-key-7788".into(), "jq-secret-9911".into()],
        ),
        (
            Provider::Jaqpot,
            Auth::Bearer(Secret::new("jq.bearer.jwt")),
            vec!["jq.bearer.jwt".into()],
        ),
        (
            Provider::Gencove,
            Auth::ApiKey(Secret::new(SECRET)),
            vec![SECRET.into()],
        ),
        (
            Provider::Cloudtruth,
            Auth::ApiKey(Secret::new(SECRET)),
            vec![SECRET.into()],
        ),
        (
            Provider::Logto,
            Auth::ClientCredentials {
                client_id: "m2m app".into(),
                client_secret: Secret::new("cs/secret+1"),
                resource: "https://default.logto.app/api".into(),
                token_url: None,
                scope: None,
            },
            vec![
                "cs/secret+1".into(),
                "m2m app:cs/secret+1".into(),
                "m2m+app:cs%2Fsecret%2B1".into(),
                M2M_TOKEN.into(),
            ],
        ),
    ];
    for (provider, auth, secrets) in cases {
        let c = client(provider, auth);
        let err = match provider {
            Provider::Toggl | Provider::Gencove => run(c.lookup(&Echo, "code_1")).unwrap_err(),
            Provider::Jaqpot => run(c.list(&Echo, &jaqpot_list)).unwrap_err(),
            _ => run(c.get(&Echo, &InvitationRef::key("i1"))).unwrap_err(),
        };
        let shown = format!(
            "{err:?}\n{err}\n{}\n{}",
            err.message,
            err.detail.clone().unwrap_or_default()
        );
        assert!(
            shown.contains("<redacted>"),
            "{provider:?}: the echo did not reach the error: {shown}"
        );
        for secret in &secrets {
            for form in crate::secret::encodings(secret) {
                assert!(
                    !shown.contains(&form),
                    "{provider:?}: {form:?} (of {secret:?}) in {shown}"
                );
            }
        }
    }
}
