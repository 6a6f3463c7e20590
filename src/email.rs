//! E-mail addresses: the WHATWG "valid e-mail address" grammar and the RFC 5321 lengths, with
//! the domain normalised exactly as the URL Standard's host parser normalises a host (UTS-46,
//! nontransitional processing: `new URL("http://" + domain).hostname`), and compared in that
//! ASCII form.
//!
//! The host parser and the Unicode lowercasing of addresses are the platform's own (see
//! [`crate::platform`]). Around them this module keeps what is e-mail's own: a domain holding a
//! character the URL syntax would read as structure (`/ \ ? # @ : %`, brackets, spaces,
//! controls) is refused before host parsing, and the parsed host must be dot-separated labels
//! of letters, digits and inner hyphens, each at most 63 octets.

use crate::error::ErrorCode;
use crate::platform::{lowercase, parse_host};

/// Longest address accepted, in octets (RFC 5321 path limit less the angle brackets).
pub const MAX_EMAIL_OCTETS: usize = 254;
/// Longest local part, in octets (RFC 5321).
pub const MAX_LOCAL_OCTETS: usize = 64;

/// The outcome of `validateEmail`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "EmailValidation"))]
pub struct EmailCheck {
    pub ok: bool,
    /// The address with its domain as the URL Standard's host parser gives it (lowercase
    /// ASCII); null when invalid.
    pub normalized: Option<String>,
    pub error: Option<ErrorCode>,
}

impl EmailCheck {
    /// The check as JSON text, as its `Serialize` writes it (the wasm boundary hands this text
    /// to `JSON.parse`, without serde in the core-only build).
    pub fn to_json(&self) -> String {
        let mut out = String::from("{\"ok\":");
        out.push_str(if self.ok { "true" } else { "false" });
        out.push_str(",\"normalized\":");
        crate::json::write_opt_string(&mut out, self.normalized.as_deref());
        out.push_str(",\"error\":");
        crate::json::write_opt_string(&mut out, self.error.map(ErrorCode::as_str));
        out.push('}');
        out
    }
}

fn is_local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c)
}

/// The hostname label grammar of the WHATWG e-mail address: 1 to 63 letters, digits and
/// hyphens, starting and ending with a letter or digit.
fn is_valid_ascii_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) => {
            bytes.len() <= 63
                && first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && bytes
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        }
        _ => false,
    }
}

/// Characters the URL syntax reads as structure around a host (or strips or trims), refused in
/// an e-mail domain before it is host-parsed.
fn is_structural(c: char) -> bool {
    c.is_ascii_control()
        || matches!(
            c,
            ' ' | '/' | '\\' | '?' | '#' | '@' | ':' | '%' | '[' | ']'
        )
}

/// The ASCII form of an e-mail domain: the URL Standard's host parsing of it, then the label
/// grammar. `None` when it is not a valid domain.
pub fn domain_to_ascii(domain: &str) -> Option<String> {
    if domain.is_empty() || domain.len() > 1024 || domain.chars().any(is_structural) {
        return None;
    }
    if let Some(ascii) = plain_ascii_host(domain) {
        return Some(ascii);
    }
    let ascii = parse_host(domain)?;
    ascii.split('.').all(is_valid_ascii_label).then_some(ascii)
}

/// The host parser's answer, computed here, for the common case it cannot change beyond
/// lowercasing: ASCII labels of letters, digits and inner hyphens, none of them punycode
/// (`xn--`, which the parser must decode and check) and the last not a number (which makes the
/// host an IPv4 address). Saves a call into the host parser (two in `emailsMatch`).
fn plain_ascii_host(domain: &str) -> Option<String> {
    let lower = domain.to_ascii_lowercase();
    let labels_ok = lower
        .split('.')
        .all(|l| is_valid_ascii_label(l) && !l.starts_with("xn--"));
    let last = lower.rsplit('.').next().unwrap_or_default();
    let number = last.bytes().all(|b| b.is_ascii_digit())
        || last
            .strip_prefix("0x")
            .is_some_and(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()));
    (labels_ok && !number).then_some(lower)
}

/// `validateEmail`: trims, checks the WHATWG grammar (with IDN domains allowed) and the RFC
/// 5321 lengths, and returns the address with its domain in lowercase ASCII form.
pub fn validate_email(email: &str) -> EmailCheck {
    let fail = |code| EmailCheck {
        ok: false,
        normalized: None,
        error: Some(code),
    };
    if email.len() > 4 * MAX_EMAIL_OCTETS {
        return fail(ErrorCode::InvalidEmail);
    }
    match normalize_email(email.trim()) {
        Some(n) => EmailCheck {
            ok: true,
            normalized: Some(n),
            error: None,
        },
        None => fail(ErrorCode::InvalidEmail),
    }
}

fn normalize_email(email: &str) -> Option<String> {
    let (local, domain) = email.rsplit_once('@')?;
    if local.is_empty() || local.len() > MAX_LOCAL_OCTETS || !local.chars().all(is_local_char) {
        return None;
    }
    let domain = domain_to_ascii(domain)?;
    let normalized = format!("{local}@{domain}");
    (normalized.len() <= MAX_EMAIL_OCTETS).then_some(normalized)
}

/// The form two addresses are compared in: trimmed, lowercased, domain in ASCII form. Falls
/// back to the trimmed lowercase text when the address is not valid.
pub fn comparable(email: &str) -> String {
    let trimmed = email.trim();
    match normalize_email(trimmed) {
        Some(n) => lowercase(&n),
        None => lowercase(trimmed),
    }
}

/// `emailsMatch`: trimmed, case-insensitive, IDN-aware. Two empty strings never match.
pub fn emails_match(a: &str, b: &str) -> bool {
    let (a, b) = (comparable(a), comparable(b));
    !a.is_empty() && a == b
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn to_json_writes_what_serialize_writes() {
        #[cfg(target_arch = "wasm32")]
        crate::wasm::bindings::use_runtime_platform();
        for input in [
            "a@example.com",
            "Jane@Example.COM",
            "no at sign",
            "\"q\"@x.io",
            "a@b\u{1}.c",
            "",
        ] {
            let check = validate_email(input);
            let want = serde_json::to_string(&check).unwrap_or_default();
            assert_eq!(check.to_json(), want, "{input:?}");
        }
        let odd = EmailCheck {
            ok: true,
            normalized: Some("\"\\\n\u{1f}é@x".into()),
            error: Some(ErrorCode::InvalidEmail),
        };
        assert_eq!(
            odd.to_json(),
            serde_json::to_string(&odd).unwrap_or_default()
        );
    }

    #[test]
    fn validate_email_table() {
        // wasm-bindgen-test does not run the module's start function, which registers this.
        #[cfg(target_arch = "wasm32")]
        crate::wasm::bindings::use_runtime_platform();
        let cases: &[(&str, Option<&str>)] = &[
            ("a@example.com", Some("a@example.com")),
            (
                "  Jane.Doe+tag@Example.COM ",
                Some("Jane.Doe+tag@example.com"),
            ),
            ("x@localhost", Some("x@localhost")),
            ("o'brien@ex-ample.io", Some("o'brien@ex-ample.io")),
            ("user@bücher.de", Some("user@xn--bcher-kva.de")),
            ("user@BÜCHER.de", Some("user@xn--bcher-kva.de")),
            ("user@例え.jp", Some("user@xn--r8jz45g.jp")),
            ("user@नमस्ते.in", Some("user@xn--h2bhs4b8d8a.in")),
            ("user@ex\u{FFFD}ample.com", None),
            // Symbols are valid under UTS-46, as every browser's URL parser takes them.
            ("user@ex☃ample.com", Some("user@xn--example-bz6d.com")),
            ("user@exa\u{00A0}mple.com", None),
            ("user@ex«ample.com", Some("user@xn--example-5ja.com")),
            // Typed with a combining diaeresis (NFD), fullwidth letters (an IME), ideographic
            // full stops: normalised as the URL Standard does.
            ("jane@bu\u{0308}cher.de", Some("jane@xn--bcher-kva.de")),
            ("a@ｅｘａｍｐｌｅ.com", Some("a@example.com")),
            ("a@example\u{3002}com", Some("a@example.com")),
            // Numbers become IPv4 hosts; a domain ending in a number that is none is refused.
            ("a@0x7f.1", Some("a@127.0.0.1")),
            ("a@example.123", None),
            // What the URL syntax reads as structure never reaches the host parser.
            ("a@example.com/x", None),
            ("a@example.com:80", None),
            ("a@ex%41mple.com", None),
            ("a@[::1]", None),
            ("", None),
            ("plain", None),
            ("@example.com", None),
            ("a@", None),
            ("a@@example.com", None),
            ("a b@example.com", None),
            ("a@-example.com", None),
            ("a@example-.com", None),
            ("a@exa_mple.com", None),
            ("a@example..com", None),
            ("a@.example.com", None),
            ("\"quoted\"@example.com", None),
            ("ü@example.com", None),
            ("a@b@c.com", None),
            ("a@exa mple.com", None),
        ];
        for (input, want) in cases {
            let got = validate_email(input);
            assert_eq!(got.normalized.as_deref(), *want, "{input:?}");
            assert_eq!(got.ok, want.is_some());
            assert_eq!(got.error.is_some(), want.is_none());
        }
    }

    #[test]
    fn lengths() {
        let local64 = "a".repeat(64);
        assert!(validate_email(&format!("{local64}@example.com")).ok);
        assert!(!validate_email(&format!("a{local64}@example.com")).ok);
        let label = "b".repeat(63);
        let long = format!("{local64}@{label}.{label}.{label}.com");
        assert!(long.len() > 254);
        assert!(!validate_email(&long).ok);
        let fits = format!("{local64}@{label}.{label}.{}.com", "c".repeat(57));
        assert_eq!(fits.len(), 254);
        assert!(validate_email(&fits).ok);
        assert!(!validate_email(&format!("a@{}.com", "d".repeat(64))).ok);
    }

    #[test]
    fn matching() {
        // wasm-bindgen-test does not run the module's start function, which registers this.
        #[cfg(target_arch = "wasm32")]
        crate::wasm::bindings::use_runtime_platform();
        assert!(emails_match(" Jane@Example.com", "jane@example.COM "));
        assert!(emails_match("a@bücher.de", "A@xn--bcher-kva.de"));
        assert!(emails_match("jane@bücher.de", "jane@bu\u{0308}cher.de"));
        assert!(emails_match("a@example.com", "a@ｅｘａｍｐｌｅ.com"));
        assert!(!emails_match("a@example.com", "b@example.com"));
        assert!(!emails_match("", " "));
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_normalized_revalidates(s in "\\PC{0,300}") {
            let r = validate_email(&s);
            if let Some(n) = r.normalized {
                proptest::prop_assert!(validate_email(&n).ok);
                proptest::prop_assert!(n.len() <= MAX_EMAIL_OCTETS);
            }
        }
    }
}

#[cfg(test)]
mod fuzz_regressions {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// The fuzzer's first find (fuzz/corpus/email/regression-split-boundary): invalid UTF-8
    /// made lossy, so multi-byte replacement characters sit where a byte split would land.
    #[test]
    fn lossy_multibyte_input() {
        let text = String::from_utf8_lossy(b"a@exa\x93\x8f\x93\x9a\xd1\x9c\x90\x95");
        assert!(!validate_email(&text).ok);
        assert!(!emails_match(&text, "a@exa"));
    }
}
