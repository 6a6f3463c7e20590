//! validateEmail and emailsMatch: no input panics; a normalized address validates again and
//! fits in 254 octets; an address matches itself.
#![no_main]
use invitekit::email::{emails_match, validate_email, MAX_EMAIL_OCTETS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let r = validate_email(&text);
    if let Some(n) = &r.normalized {
        assert!(n.len() <= MAX_EMAIL_OCTETS);
        assert!(validate_email(n).ok);
        assert!(emails_match(n, &text));
    }
    let mid = text.char_indices().map(|(i, _)| i).nth(text.chars().count() / 2).unwrap_or(text.len());
    let (a, b) = text.split_at(mid);
    let _ = emails_match(a, b);
});
