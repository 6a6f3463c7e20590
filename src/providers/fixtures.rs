//! Test helpers shared by the provider modules' fixture tests.

use super::*;
use crate::secret::Secret;

pub const TEST_BASE: &str = "https://api.test";
/// Credentials the suite searches for in every error it produces.
pub const SECRET: &str = "sk_test_7Hq2VnX9pLr4";

pub fn config(provider: Provider, base: &str, auth: Option<Auth>) -> Config {
    Config {
        provider,
        base_url: base.to_string(),
        auth,
    }
}

pub fn secret(s: &str) -> Secret {
    Secret::new(s)
}

pub fn ctx() -> ParseContext {
    // 2024-01-01T00:00:00Z
    ParseContext {
        now: 1_704_067_200_000,
        leeway_ms: 60_000,
    }
}

pub fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        body: body.to_string(),
    }
}

pub fn json_response(status: u16, body: serde_json::Value) -> HttpResponse {
    response(
        status,
        &[("Content-Type", "application/json")],
        &body.to_string(),
    )
}

/// The request, exactly: method, URL, every header in order, and the body as JSON (or text).
pub fn assert_request(
    req: &HttpRequest,
    method: Method,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) {
    assert_eq!(req.method, method, "method of {}", req.url);
    assert_eq!(req.url, url);
    let got: Vec<(&str, &str)> = req
        .headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(got, headers, "headers of {url}");
    match (req.body.as_deref(), body) {
        (Some(got), Some(want)) => match (
            serde_json::from_str::<Value>(got),
            serde_json::from_str::<Value>(want),
        ) {
            (Ok(g), Ok(w)) => assert_eq!(g, w, "body of {url}"),
            _ => assert_eq!(got, want, "body of {url}"),
        },
        (got, want) => assert_eq!(got, want, "body of {url}"),
    }
}

/// An error's code and status, and that no test secret leaked into it.
pub fn assert_error(result: Result<Outcome, InviteError>, code: ErrorCode) -> InviteError {
    let err = match result {
        Err(e) => e,
        Ok(o) => panic!("expected {code:?}, got {o:?}"),
    };
    assert_eq!(err.code, code, "{err:?}");
    let shown = format!("{err:?} {err}");
    assert!(!shown.contains(SECRET), "a secret leaked into {shown}");
    err
}

pub fn single(result: Result<Outcome, InviteError>) -> Invitation {
    match result {
        Ok(Outcome::One(inv)) => inv,
        other => panic!("expected one invitation, got {other:?}"),
    }
}
