//! Every provider's response parser: any status, headers and body for any operation give an
//! outcome or a coded error, never a panic.
#![no_main]
use invitekit::http::HttpResponse;
use invitekit::model::Provider;
use invitekit::providers::{parse, Call, InvitationRef, ListQuery, ParseContext};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [p, op, s1, s2, h, rest @ ..] = data else { return };
    let provider = Provider::ALL[usize::from(*p) % 5];
    let target = InvitationRef {
        id: Some("1".into()),
        code: Some("c".into()),
        organization: Some("o".into()),
        organization_id: Some("2".into()),
        raw: None,
    };
    let call = match op % 10 {
        0 => Call::Lookup { code: "c".into() },
        1 => Call::Get { target },
        2 => Call::List { query: ListQuery::default() },
        3 => Call::Create { draft: Default::default(), emails: vec!["a@b.c".into(), "d@e.f".into()] },
        4 => Call::Accept { target, user_id: Some("u".into()) },
        5 => Call::Reject { target },
        6 => Call::Resend { target, message: None },
        7 => Call::Revoke { target },
        8 => Call::Delete { target },
        _ => Call::Update { target, patch: serde_json::Value::Null, replace: false },
    };
    let status = 100 + (u16::from(*s1) << 8 | u16::from(*s2)) % 500;
    let body = String::from_utf8_lossy(rest).to_string();
    // A few header shapes the parsers read.
    let headers = match h % 4 {
        0 => vec![],
        1 => vec![("Retry-After".to_string(), body.chars().take(40).collect())],
        2 => vec![("X-Toggl-Quota-Resets-In".to_string(), body.chars().take(20).collect()), ("X-Toggl-Quota-Remaining".to_string(), "0".to_string())],
        _ => vec![("retry-after".to_string(), "Sun, 06 Nov 1994 08:49:37 GMT".to_string())],
    };
    let response = HttpResponse { status, headers, body };
    let ctx = ParseContext { now: 1_700_000_000_000, leeway_ms: 60_000 };
    match parse(provider, &call, &response, ctx) {
        Ok(_) => {}
        Err(e) => assert_eq!(e.provider, Some(provider)),
    }
});
