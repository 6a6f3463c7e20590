use super::*;
use serde_json::Value;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// RFC 7515 Appendix A.1: the HS256 example JWS and its key.
pub const RFC7515_A1: &str = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

fn at(ms: i64) -> TimeOptions {
    TimeOptions::new(ms, None).unwrap()
}

#[test]
fn base64url_is_strict() {
    assert_eq!(base64url_decode("").as_deref(), Some(&b""[..]));
    assert_eq!(base64url_decode("Zm9vYg").as_deref(), Some(&b"foob"[..]));
    assert_eq!(base64url_decode("_-8").as_deref(), Some(&[0xff, 0xef][..]));
    for bad in ["Zm9vYg==", "Zm9v+g", "Zm9v/g", "Zm9 v", "Z", "Zm9vYh", "Zh"] {
        assert_eq!(base64url_decode(bad), None, "{bad}");
    }
    for bytes in [&b""[..], b"f", b"fo", b"foo", &[0xff, 0xfe, 0xfd, 0x00]] {
        assert_eq!(
            base64url_decode(&base64url_encode(bytes)).as_deref(),
            Some(bytes)
        );
    }
}

#[test]
fn decodes_the_rfc7515_example() {
    let d = decode(RFC7515_A1, at(1_300_819_380_000 - 120_000)).unwrap();
    assert_eq!(d.header.alg, "HS256");
    assert_eq!(d.header.typ.as_deref(), Some("JWT"));
    assert_eq!(d.claim("iss"), Some(Value::from("joe")));
    // The claims cross as the token's own JSON text, untouched (its \r\n included).
    assert!(d.claims.get().starts_with("{\"iss\":\"joe\",\r\n"));
    assert_eq!(
        d.claim("http://example.com/is_root"),
        Some(Value::Bool(true))
    );
    assert_eq!(d.expires_at.as_deref(), Some("2011-03-22T18:43:00.000Z"));
    assert!(!d.expired);
    // Expired exactly at exp + leeway, not a millisecond before.
    assert!(
        !decode(RFC7515_A1, at(1_300_819_380_000 + 59_999))
            .unwrap()
            .expired
    );
    assert!(
        decode(RFC7515_A1, at(1_300_819_380_000 + 60_000))
            .unwrap()
            .expired
    );
}

fn token(header: &str, claims: &str) -> String {
    format!(
        "{}.{}.{}",
        base64url_encode(header.as_bytes()),
        base64url_encode(claims.as_bytes()),
        base64url_encode(b"sig")
    )
}

#[test]
fn picks_common_claims() {
    let t = token(
        r#"{"alg":"ES256","kid":"k1"}"#,
        r#"{"email":"a@b.c","org_id":"org_1","roles":["admin","member"],"nbf":2000,"iat":1000.5}"#,
    );
    let d = decode(&t, at(1_000_000)).unwrap();
    assert_eq!(d.header.kid.as_deref(), Some("k1"));
    assert_eq!(d.email.as_deref(), Some("a@b.c"));
    assert_eq!(d.organization.as_deref(), Some("org_1"));
    assert_eq!(d.roles, ["admin", "member"]);
    assert_eq!(d.issued_at.as_deref(), Some("1970-01-01T00:16:40.500Z"));
    assert!(d.not_yet_valid);
    assert!(!decode(&t, at(1_940_000)).unwrap().not_yet_valid);
    assert!(decode(&t, at(1_939_999)).unwrap().not_yet_valid);

    let t2 = token(
        r#"{"alg":"HS256"}"#,
        r#"{"invitee":"x@y.z","organization":{"id":7},"role":"viewer editor"}"#,
    );
    let d2 = decode(&t2, at(0)).unwrap();
    assert_eq!(
        (d2.email.as_deref(), d2.organization.as_deref()),
        (Some("x@y.z"), Some("7"))
    );
    assert_eq!(d2.roles, ["viewer", "editor"]);
}

#[test]
fn malformed_tokens_are_invalid_token() {
    let cases = [
        String::new(),
        "a.b".to_string(),
        "a.b.c.d".to_string(),
        ".e30.".to_string(),
        token("[]", "{}"),
        token("{}", "{}"),
        token(r#"{"alg":""}"#, "{}"),
        token(r#"{"alg":"HS256"}"#, "[1]"),
        token(r#"{"alg":"HS256"}"#, "not json"),
        token(r#"{"alg":"HS256","kid":5}"#, "{}"),
        token(r#"{"alg":"HS256"}"#, r#"{"exp":"tomorrow"}"#),
        token(r#"{"alg":"HS256"}"#, r#"{"exp":1e300}"#),
        format!("{}.e30.", "e".repeat(MAX_TOKEN_BYTES)),
        format!(
            "{}.{}.",
            base64url_encode(b"{\"alg\":\"HS256\"}"),
            base64url_encode(&[b'['; 10_000])
        ),
    ];
    for t in &cases {
        let err = decode(t, at(0)).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidToken, "{t:.60}");
        assert!(!err.message.contains(t.as_str()) || t.is_empty());
    }
}

struct Fixed(bool);
impl SignatureVerifier for Fixed {
    fn verify(&self, _: Algorithm, _: &[u8], _: &[u8]) -> bool {
        self.0
    }
}

#[test]
fn verification_policy_order() {
    let policy = |algs: &[&str]| {
        VerifyPolicy::new(
            &algs.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            None,
            None,
            at(0),
        )
        .unwrap()
    };
    let none = token(r#"{"alg":"none"}"#, "{}");
    assert_eq!(
        verify_with(&none, &policy(&["HS256"]), &Fixed(true))
            .unwrap_err()
            .code,
        ErrorCode::UnsupportedAlgorithm
    );
    assert_eq!(
        VerifyPolicy::new(&["none".to_string()], None, None, at(0))
            .unwrap_err()
            .code,
        ErrorCode::UnsupportedAlgorithm
    );
    assert_eq!(
        VerifyPolicy::new(&[], None, None, at(0)).unwrap_err().code,
        ErrorCode::InvalidInput
    );
    let hs = token(r#"{"alg":"HS256"}"#, r#"{"exp":10}"#);
    assert_eq!(
        verify_with(&hs, &policy(&["RS256"]), &Fixed(true))
            .unwrap_err()
            .code,
        ErrorCode::UnsupportedAlgorithm
    );
    assert_eq!(
        verify_with(&hs, &policy(&["HS256"]), &Fixed(false))
            .unwrap_err()
            .code,
        ErrorCode::SignatureInvalid
    );
    let late = VerifyPolicy {
        time: at(70_000),
        ..policy(&["HS256"])
    };
    assert_eq!(
        verify_with(&hs, &late, &Fixed(true)).unwrap_err().code,
        ErrorCode::TokenExpired
    );
    assert!(verify_with(&hs, &policy(&["HS256"]), &Fixed(true)).is_ok());
}

#[test]
fn jwks_selection() {
    let keys = Jwk::list(
        r#"[{"kty":"EC","kid":"a","crv":"P-256"},{"kty":"RSA","kid":"b"},{"kty":"EC","kid":"c","use":"enc"}]"#,
    )
    .unwrap();
    assert_eq!(
        select_jwk(&keys, Some("a"), Algorithm::Es256)
            .unwrap()
            .get("kid"),
        Some("a")
    );
    assert_eq!(
        select_jwk(&keys, Some("zz"), Algorithm::Es256)
            .unwrap_err()
            .code,
        ErrorCode::SignatureInvalid
    );
    // kid "b" is RSA: not usable for ES256 even though the kid matches.
    assert!(select_jwk(&keys, Some("b"), Algorithm::Es256).is_err());
    assert_eq!(
        select_jwk(&keys, None, Algorithm::Rs256)
            .unwrap()
            .get("kid"),
        Some("b")
    );
    assert_eq!(
        select_jwk(&keys, None, Algorithm::Es256)
            .unwrap()
            .get("kid"),
        Some("a")
    );
}

proptest::proptest! {
    #[test]
    fn decode_never_panics(s in "\\PC{0,300}") {
        let _ = decode(&s, at(0));
    }

    #[test]
    fn base64url_round_trips_and_refuses_any_foreign_byte(
        bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..48),
        at in proptest::num::usize::ANY,
        foreign in "[^A-Za-z0-9_-]",
    ) {
        let text = base64url_encode(&bytes);
        proptest::prop_assert_eq!(base64url_decode(&text), Some(bytes));
        if !text.is_empty() {
            // One character anywhere (inside a full group or in the tail) replaced by one
            // outside the alphabet: refused.
            let i = at % text.len();
            let mut chars: Vec<char> = text.chars().collect();
            chars[i] = foreign.chars().next().unwrap_or('*');
            let bad: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(base64url_decode(&bad), None, "{}", bad);
        }
    }

    #[test]
    fn decode_never_panics_on_wellformed_parts(h in proptest::collection::vec(proptest::num::u8::ANY, 0..64), p in proptest::collection::vec(proptest::num::u8::ANY, 0..64)) {
        let t = format!("{}.{}.", base64url_encode(&h), base64url_encode(&p));
        let _ = decode(&t, at(0));
    }
}

#[test]
fn duplicate_claims_resolve_like_json_parse() {
    let t = token(
        r#"{"alg":"HS256","alg":"ES256"}"#,
        r#"{"email":"first@x.io","email":"last@x.io","exp":1,"exp":null}"#,
    );
    let d = decode(&t, at(10_000)).unwrap();
    assert_eq!(d.header.alg, "ES256");
    assert_eq!(d.email.as_deref(), Some("last@x.io"));
    assert!(!d.expired, "the last exp (null) wins");
    // Escaped keys are read too.
    let t = token(r#"{"alg":"HS256"}"#, r#"{"em\u0061il":"esc@x.io"}"#);
    assert_eq!(
        decode(&t, at(0)).unwrap().email.as_deref(),
        Some("esc@x.io")
    );
}
