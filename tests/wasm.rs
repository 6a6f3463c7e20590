//! The JavaScript-facing layer, run by wasm-bindgen-test under Node and, with
//! `WASM_BINDGEN_USE_BROWSER=1`, in headless Chromium: the same tests in both.
#![cfg(target_arch = "wasm32")]
// Test code: a failed unwrap is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use invitekit::client::Failure;
use invitekit::http::{HttpRequest, Method};
use invitekit::wasm::bindings;
use invitekit::wasm::transport;
use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

#[wasm_bindgen_test]
fn errors_are_real_invite_errors() {
    let err = bindings::parse_invite_link("https://example.com/nothing".into(), None).unwrap_err();
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(get(&err, "name"), "InviteError");
    assert_eq!(get(&err, "code"), "invalid_link");
    assert!(get(&err, "provider").is_null());
    assert!(get(&err, "status").is_null());
    let message = get(&err, "message").as_string().unwrap();
    assert!(message.contains("matches no template"), "{message}");
}

#[wasm_bindgen_test]
fn options_are_checked_at_the_boundary() {
    let bad = js_sys::JSON::parse(r#"{"templates": "not a list"}"#).unwrap();
    let err = bindings::parse_invite_link("https://x.dev/?invitation_token=a".into(), Some(bad))
        .unwrap_err();
    assert_eq!(get(&err, "code"), "invalid_input");
    assert_eq!(get(&err, "field"), "templates");
    let err = bindings::capabilities("slack".into()).unwrap_err();
    assert_eq!(
        (get(&err, "code"), get(&err, "field")),
        ("invalid_input".into(), "provider".into())
    );
}

#[wasm_bindgen_test]
fn providers_and_capabilities() {
    let list: Vec<String> = bindings::providers_list()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    assert_eq!(list, ["toggl", "jaqpot", "gencove", "cloudtruth", "logto"]);
    let caps = bindings::capabilities("gencove".into()).unwrap();
    assert_eq!(get(&caps, "lookup"), true);
    assert_eq!(get(&caps, "reject"), false);
}

#[wasm_bindgen_test]
fn sync_functions_round_trip_values() {
    // wasm-bindgen-test does not run the module's start function, which registers this.
    bindings::use_runtime_platform();
    let v = bindings::validate_email("  Jane@BÜCHER.de ".into()).unwrap();
    assert_eq!(get(&v, "ok"), true);
    assert_eq!(get(&v, "normalized"), "Jane@xn--bcher-kva.de");
    assert!(get(&v, "error").is_null());
    assert!(bindings::emails_match("a@bücher.de".into(), "A@XN--BCHER-KVA.DE".into()).unwrap());
    let err = bindings::emails_match(JsValue::from(42), "a@b.c".into()).unwrap_err();
    assert_eq!(
        (get(&err, "code"), get(&err, "field")),
        ("invalid_input".into(), "a".into())
    );

    let opts = js_sys::JSON::parse(r#"{"templates":["/i/{provider}/{code}"]}"#).unwrap();
    let link = bindings::parse_invite_link("https://a.b/i/logto/x%2Fy".into(), Some(opts)).unwrap();
    assert_eq!(
        (get(&link, "provider"), get(&link, "value")),
        ("logto".into(), "x/y".into())
    );
    assert!(get(&link, "email").is_null());
    let built = bindings::build_invite_link("/i/{provider}/{code}".into(), Some(link)).unwrap();
    assert_eq!(built, "/i/logto/x%2Fy");
    // parseInviteLink crosses provider and kind as indexes: every one must come back by name.
    for provider in ["toggl", "jaqpot", "gencove", "cloudtruth", "logto"] {
        for kind in ["code", "token", "id"] {
            let template = format!("/i/{{provider}}/{{{kind}}}?o={{organization}}&e={{email}}");
            let opts = js_sys::Array::of1(&template.into());
            let opts_obj = js_sys::Object::new();
            js_sys::Reflect::set(&opts_obj, &"templates".into(), &opts).unwrap();
            let url = format!("https://a.b/i/{provider}/v%C3%A9?o=O&e=a%40b.co");
            let link = bindings::parse_invite_link(url.into(), Some(opts_obj.into())).unwrap();
            assert_eq!(get(&link, "provider"), provider);
            assert_eq!(get(&link, "kind"), kind);
            assert_eq!(get(&link, "value"), "vé");
            assert_eq!(get(&link, "organization"), "O");
            assert_eq!(get(&link, "email"), "a@b.co");
            assert_eq!(get(&link, "format"), "template:0");
        }
    }
    let link = bindings::parse_invite_link("https://a.b/?invitation_token=t".into(), None).unwrap();
    assert!(get(&link, "provider").is_null());
    assert!(get(&link, "organization").is_null());
    assert_eq!(get(&link, "format"), "workos");
    assert_eq!(get(&link, "kind"), "token");
    let link = bindings::parse_invite_link("https://a.b/?__clerk_ticket=t".into(), None).unwrap();
    assert_eq!(get(&link, "kind"), "ticket");

    // The compiled templates are reused only while the array and its strings are unchanged.
    let list = js_sys::Array::of2(&"/a/{code}".into(), &"/b/{id}".into());
    let opts = js_sys::Object::new();
    js_sys::Reflect::set(&opts, &"templates".into(), &list).unwrap();
    let parse = |url: &str| bindings::parse_invite_link(url.into(), Some(opts.clone().into()));
    assert_eq!(get(&parse("/b/1").unwrap(), "format"), "template:1");
    assert_eq!(get(&parse("/b/2").unwrap(), "value"), "2");
    list.set(1, "/c/{token}".into());
    assert!(
        parse("/b/3").is_err(),
        "a replaced template no longer matches"
    );
    assert_eq!(get(&parse("/c/3").unwrap(), "kind"), "token");
    list.push(&"/d/{nope}".into());
    let err = parse("/c/4").unwrap_err();
    assert_eq!(get(&err, "code"), "invalid_input");
    list.pop();
    list.push(&JsValue::from(7));
    assert_eq!(get(&parse("/c/5").unwrap_err(), "field"), "templates");
    list.pop();
    assert_eq!(get(&parse("/c/6").unwrap(), "value"), "6");

    let token = "eyJhbGciOiJIUzI1NiJ9.eyJlbWFpbCI6ImFAYi5jIiwiZXhwIjoxMDB9.c2ln";
    let opts = js_sys::JSON::parse(r#"{"now": 150000, "leewaySeconds": 0}"#).unwrap();
    let d = bindings::decode_invite_token(token.into(), Some(opts)).unwrap();
    assert_eq!(get(&d, "expired"), true);
    assert_eq!(get(&get(&d, "claims"), "email"), "a@b.c");
    assert_eq!(get(&d, "expiresAt"), "1970-01-01T00:01:40.000Z");
}

fn scripted_fetch(body: &str) -> Function {
    // A stand-in for `fetch` that records the request and answers like a server would.
    Function::new_with_args(
        "req",
        &format!(
            "globalThis.__lastRequest = req; return req.text().then(t => {{ globalThis.__lastBody = t; \
             return new Response({body:?}, {{ status: 418, headers: {{ 'X-Test': 'yes', 'Content-Type': 'text/plain' }} }}); }});"
        ),
    )
}

#[wasm_bindgen_test]
async fn transport_passes_every_status_through() {
    let fetch = scripted_fetch("short and stout");
    let request = HttpRequest {
        method: Method::Post,
        url: "https://api.example.test/v1/x?q=1".into(),
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("X-Api-Key".into(), "k".into()),
        ],
        body: Some("{\"a\":1}".into()),
    };
    let response = transport::send(&request, 5_000, None, Some(&fetch))
        .await
        .unwrap();
    assert_eq!(response.status, 418);
    assert_eq!(response.header("x-test"), Some("yes"));
    assert_eq!(response.body, "short and stout");
    let global = js_sys::global();
    let seen = get(&global, "__lastRequest");
    assert_eq!(get(&seen, "method"), "POST");
    assert_eq!(get(&seen, "url"), "https://api.example.test/v1/x?q=1");
    assert_eq!(get(&global, "__lastBody"), "{\"a\":1}");
}

#[wasm_bindgen_test]
async fn transport_reports_network_failures() {
    // Test fakes of fetch reject with Error objects, as real fetch does.
    let failing =
        Function::new_no_args("return Promise.reject(new TypeError('connection refused'));");
    let request = HttpRequest {
        method: Method::Get,
        url: "https://x.test/".into(),
        headers: vec![],
        body: None,
    };
    let err = transport::send(&request, 5_000, None, Some(&failing))
        .await
        .unwrap_err();
    assert_eq!(err, Failure::Network("connection refused".into()));

    let controller = web_sys::AbortController::new().unwrap();
    controller.abort();
    let aborting =
        Function::new_no_args("return Promise.reject(new DOMException('aborted', 'AbortError'));");
    let err = transport::send(&request, 5_000, Some(&controller.signal()), Some(&aborting))
        .await
        .unwrap_err();
    assert_eq!(err, Failure::Aborted);

    let not_a_response = Function::new_no_args("return Promise.resolve(42);");
    let err = transport::send(&request, 5_000, None, Some(&not_a_response))
        .await
        .unwrap_err();
    assert!(matches!(err, Failure::Network(_)));

    // A server that never answers: the attempt's own timer aborts it, with no reason given, and
    // the outcome is a timeout, not an abort.
    let hanging = Function::new_with_args(
        "req",
        "return new Promise((_, reject) => req.signal.addEventListener('abort', () => \
         reject(req.signal.reason instanceof Error ? req.signal.reason : new Error('abort reason was not an Error'))));",
    );
    let err = transport::send(&request, 20, None, Some(&hanging))
        .await
        .unwrap_err();
    assert_eq!(err, Failure::Timeout);

    // Things a caller's fetch may resolve to that are not Responses: each is a network
    // failure, never a value that traps or a mangled status.
    for fake in [
        "return Promise.resolve({ status: NaN, text: async () => '{}', headers: new Headers() });",
        "return Promise.resolve({ status: 1e10, text: async () => '{}', headers: new Headers() });",
        "return Promise.resolve({ status: -5, text: async () => '{}', headers: new Headers() });",
        "return Promise.resolve({ status: 200, text: async () => 42, headers: new Headers() });",
        "return Promise.resolve({ status: 200, text: async () => '{}' });",
        "return Promise.resolve({ status: 200, text: async () => { throw new Error('gone'); }, headers: new Headers() });",
    ] {
        let err = transport::send(&request, 5_000, None, Some(&Function::new_no_args(fake)))
            .await
            .unwrap_err();
        assert!(matches!(err, Failure::Network(_)), "{fake}: {err:?}");
    }

    // A body announced as larger than the limit is not read.
    let huge = Function::new_no_args(
        "return Promise.resolve(new Response('{}', { headers: { 'Content-Length': '999999999' } }));",
    );
    let err = transport::send(&request, 5_000, None, Some(&huge))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Failure::Network(ref m) if m.contains("larger than")),
        "{err:?}"
    );
}
