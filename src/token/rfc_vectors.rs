//! RFC 7515 Appendix A and RFC 7520 §4.4 example JWSs, verified natively through the same
//! policy code the wasm build uses, with reference crypto crates standing in for WebCrypto.

use super::*;
use serde_json::Value;

pub const A1_HS256: &str = super::tests::RFC7515_A1;
pub const A1_KEY: &str =
    "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";
pub const A2_RS256: &str = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";
pub const A2_N: &str = "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ";
pub const A3_ES256: &str = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
pub const A3_X: &str = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
pub const A3_Y: &str = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";
/// RFC 7520 §4.4 (HS256 with a kid; its payload is text, not JSON claims).
#[cfg(not(target_arch = "wasm32"))]
pub const R7520_44: &str = "eyJhbGciOiJIUzI1NiIsImtpZCI6IjAxOGMwYWU1LTRkOWItNDcxYi1iZmQ2LWVlZjMxNGJjNzAzNyJ9.SXTigJlzIGEgZGFuZ2Vyb3VzIGJ1c2luZXNzLCBGcm9kbywgZ29pbmcgb3V0IHlvdXIgZG9vci4gWW91IHN0ZXAgb250byB0aGUgcm9hZCwgYW5kIGlmIHlvdSBkb24ndCBrZWVwIHlvdXIgZmVldCwgdGhlcmXigJlzIG5vIGtub3dpbmcgd2hlcmUgeW91IG1pZ2h0IGJlIHN3ZXB0IG9mZiB0by4.s0h6KThzkfBBBkLspW1h84VsJZFTsPPqMDA7g1Md7p0";
#[cfg(not(target_arch = "wasm32"))]
pub const R7520_KEY: &str = "hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg";
/// Just before the RFC 7515 tokens' exp (1300819380).
pub const BEFORE_EXP: i64 = 1_300_819_300_000;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::*;
    use hmac::{Hmac, Mac};
    use rsa::signature::Verifier;

    enum Key {
        Hmac(Vec<u8>),
        Rsa(rsa::RsaPublicKey),
        P256(p256::ecdsa::VerifyingKey),
    }

    struct Native(Key);

    impl SignatureVerifier for Native {
        fn verify(&self, alg: Algorithm, input: &[u8], sig: &[u8]) -> bool {
            match (&self.0, alg) {
                (Key::Hmac(k), Algorithm::Hs256) => {
                    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(k).unwrap();
                    mac.update(input);
                    mac.verify_slice(sig).is_ok()
                }
                (Key::Rsa(pk), Algorithm::Rs256) => {
                    let vk = rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(pk.clone());
                    rsa::pkcs1v15::Signature::try_from(sig)
                        .is_ok_and(|s| vk.verify(input, &s).is_ok())
                }
                (Key::P256(vk), Algorithm::Es256) => p256::ecdsa::Signature::from_slice(sig)
                    .is_ok_and(|s| vk.verify(input, &s).is_ok()),
                _ => false,
            }
        }
    }

    fn b64(s: &str) -> Vec<u8> {
        base64url_decode(s).unwrap()
    }

    fn rsa_key() -> Native {
        let n = rsa::BigUint::from_bytes_be(&b64(A2_N));
        let e = rsa::BigUint::from_bytes_be(&b64("AQAB"));
        Native(Key::Rsa(rsa::RsaPublicKey::new(n, e).unwrap()))
    }

    fn ec_key() -> Native {
        let point = p256::EncodedPoint::from_affine_coordinates(
            b64(A3_X).as_slice().into(),
            b64(A3_Y).as_slice().into(),
            false,
        );
        Native(Key::P256(
            p256::ecdsa::VerifyingKey::from_encoded_point(&point).unwrap(),
        ))
    }

    fn policy(alg: &str, now: i64) -> VerifyPolicy {
        VerifyPolicy::new(
            &[alg.to_string()],
            Some("joe".into()),
            None,
            TimeOptions::new(now, Some(0)).unwrap(),
        )
        .unwrap()
    }

    fn tamper(token: &str) -> String {
        // Still valid claims, one value changed: the signature no longer covers them.
        let mut parts = token.split('.');
        let (h, p, s) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        let claims = String::from_utf8(b64(p))
            .unwrap()
            .replace("\"joe\"", "\"jod\"");
        format!("{h}.{}.{s}", base64url_encode(claims.as_bytes()))
    }

    #[test]
    fn rfc7515_vectors_verify() {
        let cases: Vec<(&str, &str, Native)> = vec![
            (A1_HS256, "HS256", Native(Key::Hmac(b64(A1_KEY)))),
            (A2_RS256, "RS256", rsa_key()),
            (A3_ES256, "ES256", ec_key()),
        ];
        for (token, alg, key) in &cases {
            let d = verify_with(token, &policy(alg, BEFORE_EXP), key)
                .unwrap_or_else(|e| panic!("{alg}: {e}"));
            assert_eq!(d.header.alg, *alg);
            assert_eq!(d.claim("iss"), Some(Value::from("joe")));
            // Tampered payload: signature_invalid. After exp: token_expired (checked after the signature).
            assert_eq!(
                verify_with(&tamper(token), &policy(alg, BEFORE_EXP), key)
                    .unwrap_err()
                    .code,
                ErrorCode::SignatureInvalid
            );
            assert_eq!(
                verify_with(token, &policy(alg, 1_300_819_381_000), key)
                    .unwrap_err()
                    .code,
                ErrorCode::TokenExpired
            );
            // Wrong issuer expectation.
            let mut other = policy(alg, BEFORE_EXP);
            other.issuer = Some("mallory".into());
            assert_eq!(
                verify_with(token, &other, key).unwrap_err().code,
                ErrorCode::InvalidToken
            );
        }
        // A key of the wrong type never verifies another algorithm's token.
        assert_eq!(
            verify_with(A2_RS256, &policy("RS256", BEFORE_EXP), &ec_key())
                .unwrap_err()
                .code,
            ErrorCode::SignatureInvalid
        );
    }

    #[test]
    fn rfc7520_hs256_signature() {
        let parsed_err = decode(R7520_44, TimeOptions::new(0, None).unwrap()).unwrap_err();
        assert_eq!(
            parsed_err.code,
            ErrorCode::InvalidToken,
            "its payload is text, not claims"
        );
        let mut parts = R7520_44.split('.');
        let (h, p, s) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        let header: Value = serde_json::from_slice(&b64(h)).unwrap();
        assert_eq!(header["kid"], "018c0ae5-4d9b-471b-bfd6-eef314bc7037");
        let key = Native(Key::Hmac(b64(R7520_KEY)));
        let input = format!("{h}.{p}");
        assert!(key.verify(Algorithm::Hs256, input.as_bytes(), &b64(s)));
        assert!(!key.verify(Algorithm::Hs256, format!("{h}.{p}x").as_bytes(), &b64(s)));
        assert!(String::from_utf8(b64(p))
            .unwrap()
            .starts_with("It\u{2019}s a dangerous business, Frodo"));
    }
}

#[cfg(target_arch = "wasm32")]
mod webcrypto {
    use super::*;
    use crate::wasm::crypto::{verify, KeyInput};
    use serde_json::json;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn policy(algs: &[&str], now: i64) -> VerifyPolicy {
        let algs: Vec<String> = algs.iter().map(|a| a.to_string()).collect();
        VerifyPolicy::new(
            &algs,
            Some("joe".into()),
            None,
            TimeOptions::new(now, Some(0)).unwrap(),
        )
        .unwrap()
    }

    fn keys() -> Vec<(&'static str, &'static str, KeyInput)> {
        vec![
            (
                A1_HS256,
                "HS256",
                KeyInput::Secret(base64url_decode(A1_KEY).unwrap()),
            ),
            (
                A2_RS256,
                "RS256",
                KeyInput::Jwk(json!({"kty": "RSA", "n": A2_N, "e": "AQAB"}).to_string()),
            ),
            (
                A3_ES256,
                "ES256",
                KeyInput::Jwk(
                    json!({"kty": "EC", "crv": "P-256", "x": A3_X, "y": A3_Y, "d": "private members are dropped"})
                        .to_string(),
                ),
            ),
        ]
    }

    #[wasm_bindgen_test]
    async fn rfc7515_vectors_verify_on_webcrypto() {
        for (token, alg, key) in keys() {
            let d = verify(token, &key, &policy(&[alg], BEFORE_EXP))
                .await
                .unwrap_or_else(|e| panic!("{alg}: {e}"));
            assert_eq!(d.claim("iss"), Some(Value::from("joe")));
            // Twice: the second verification uses the cached CryptoKey.
            assert!(verify(token, &key, &policy(&[alg], BEFORE_EXP))
                .await
                .is_ok());
            let expired = verify(token, &key, &policy(&[alg], BEFORE_EXP + 120_000))
                .await
                .unwrap_err();
            assert_eq!(expired.code, ErrorCode::TokenExpired, "{alg}");
            let other = if alg == "ES256" { "RS256" } else { "ES256" };
            let not_allowed = verify(token, &key, &policy(&[other], BEFORE_EXP))
                .await
                .unwrap_err();
            assert_eq!(not_allowed.code, ErrorCode::UnsupportedAlgorithm, "{alg}");
            let tampered = format!("{}x", &token[..token.len() - 1]);
            let err = verify(&tampered, &key, &policy(&[alg], BEFORE_EXP))
                .await
                .unwrap_err();
            assert!(
                matches!(
                    err.code,
                    ErrorCode::SignatureInvalid | ErrorCode::InvalidToken
                ),
                "{alg} {err}"
            );
        }
    }

    /// More keys than the CryptoKey cache holds (it empties and reassigns its slots): every
    /// answer stays the key's own, the right key after each wrong one and a wrong one after
    /// the right one.
    #[wasm_bindgen_test]
    async fn the_key_cache_never_answers_for_another_key() {
        let right = KeyInput::Secret(base64url_decode(A1_KEY).unwrap());
        for i in 0..150u32 {
            let wrong =
                KeyInput::Secret(format!("a wrong secret of decent length #{i:04}").into_bytes());
            let err = verify(A1_HS256, &wrong, &policy(&["HS256"], BEFORE_EXP))
                .await
                .unwrap_err();
            assert_eq!(err.code, ErrorCode::SignatureInvalid, "wrong key {i}");
            if i % 5 == 3 {
                assert!(
                    verify(A1_HS256, &right, &policy(&["HS256"], BEFORE_EXP))
                        .await
                        .is_ok(),
                    "right key after {i}"
                );
            }
        }
    }

    #[wasm_bindgen_test]
    async fn jwks_by_kid_and_confusion_guards() {
        let jwks = KeyInput::Jwks(
            json!([
                {"kty": "EC", "crv": "P-256", "x": A3_X, "y": A3_Y, "kid": "other"},
                {"kty": "RSA", "n": A2_N, "e": "AQAB", "kid": "2011-04-29"},
            ])
            .to_string(),
        );
        // No kid in the RFC token: the only RSA key is chosen.
        assert!(verify(A2_RS256, &jwks, &policy(&["RS256"], BEFORE_EXP))
            .await
            .is_ok());
        // An RSA public key used as an HMAC secret (algorithm confusion) is refused.
        let confused = KeyInput::Secret(
            b"-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA".to_vec(),
        );
        assert_eq!(
            verify(A1_HS256, &confused, &policy(&["HS256"], BEFORE_EXP))
                .await
                .unwrap_err()
                .code,
            ErrorCode::InvalidInput
        );
        // A secret never verifies an RS256 token, even when RS256 is allowed.
        let secret = KeyInput::Secret(b"shared secret".to_vec());
        assert_eq!(
            verify(A2_RS256, &secret, &policy(&["RS256"], BEFORE_EXP))
                .await
                .unwrap_err()
                .code,
            ErrorCode::UnsupportedAlgorithm
        );
        // alg none is never accepted.
        let none = format!(
            "{}.{}.",
            base64url_encode(br#"{"alg":"none"}"#),
            base64url_encode(br#"{"iss":"joe"}"#)
        );
        assert_eq!(
            verify(&none, &secret, &policy(&["HS256"], BEFORE_EXP))
                .await
                .unwrap_err()
                .code,
            ErrorCode::UnsupportedAlgorithm
        );
    }
}

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[test]
fn rfc_vectors_decode_and_keys_sanitise() {
    for token in [A1_HS256, A2_RS256, A3_ES256] {
        let d = decode(token, TimeOptions::new(BEFORE_EXP, None).unwrap()).unwrap();
        assert_eq!(d.expires_at.as_deref(), Some("2011-03-22T18:43:00.000Z"));
    }
    let private = Jwk::parse(&serde_json::json!({"kty": "EC", "crv": "P-256", "x": A3_X, "y": A3_Y, "d": "secret", "use": "sig"}).to_string()).unwrap();
    let public = public_jwk(&private, Algorithm::Es256).unwrap();
    assert_eq!(
        public.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
        ["crv", "kty", "x", "y"]
    );
    assert_eq!(
        public_jwk(&private, Algorithm::Rs256).unwrap_err().code,
        ErrorCode::UnsupportedAlgorithm
    );
    assert_eq!(
        public_jwk(&private, Algorithm::Es384).unwrap_err().code,
        ErrorCode::UnsupportedAlgorithm
    );
    let rsa = Jwk::parse(
        &serde_json::json!({"kty": "RSA", "n": A2_N, "e": "AQAB", "alg": "RS256"}).to_string(),
    )
    .unwrap();
    assert!(public_jwk(&rsa, Algorithm::Rs256).is_ok());
    assert_eq!(
        public_jwk(&rsa, Algorithm::Hs256).unwrap_err().code,
        ErrorCode::UnsupportedAlgorithm
    );
    for bad in ["-----BEGIN PUBLIC KEY-----\nMIIB", "{\"kty\":\"RSA\"}", ""] {
        assert_eq!(
            check_hmac_secret(bad.as_bytes()).unwrap_err().code,
            ErrorCode::InvalidInput,
            "{bad:?}"
        );
    }
    assert!(check_hmac_secret(b"a perfectly fine shared secret").is_ok());
}
