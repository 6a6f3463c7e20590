//! decodeInviteToken and the verification policy: no input panics, and a decoded token's
//! expiry flags agree with its times.
#![no_main]
use invitekit::token::{decode, verify_with, Algorithm, SignatureVerifier, TimeOptions, VerifyPolicy};
use libfuzzer_sys::fuzz_target;

struct Says(bool);
impl SignatureVerifier for Says {
    fn verify(&self, _: Algorithm, _: &[u8], _: &[u8]) -> bool {
        self.0
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let time = TimeOptions::new(1_700_000_000_000, Some(60)).unwrap_or(TimeOptions { now: 0, leeway_seconds: 0 });
    if let Ok(d) = decode(&text, time) {
        assert!(!(d.expired && d.expires_at.is_none()));
        assert!(!d.header.alg.is_empty());
    }
    if let Ok(policy) = VerifyPolicy::new(&["HS256".to_string(), "ES256".to_string()], None, None, time) {
        let _ = verify_with(&text, &policy, &Says(true));
        let _ = verify_with(&text, &policy, &Says(false));
    }
});
