//! Credentials as newtypes whose `Debug` and `Display` never show the value, and [`redact`],
//! which removes every credential text, in each of its common encodings ([`encodings`]), from
//! what a provider sends back.

/// A credential (password, API key, bearer token, client secret). The value is reachable only
/// through [`Secret::expose`], which the provider modules call when they build a header.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Shortest text redacted: shorter values would redact ordinary words (credentials are never
/// this short).
const MIN_REDACTED: usize = 4;

/// Every form in which a credential text can come back in a provider's answer: as it is; in
/// base64 (standard and URL-safe alphabets, padded or not); percent-encoded (every byte but the
/// unreserved ones, or as `encodeURIComponent` leaves it, upper- or lowercase hex, or form
/// encoded with `+` for a space); JSON-escaped (as serde_json and `JSON.stringify` escape, with
/// `\/` for a slash, or with every non-ASCII character as `\uXXXX`).
pub fn encodings(value: &str) -> Vec<String> {
    let bytes = value.as_bytes();
    let mut out = vec![value.to_string()];
    for (alphabet, pad) in [
        (crate::http::BASE64_STANDARD, true),
        (crate::http::BASE64_STANDARD, false),
        (crate::http::BASE64_URL, true),
        (crate::http::BASE64_URL, false),
    ] {
        out.push(crate::http::base64_encode(bytes, alphabet, pad));
    }
    for keep in [crate::http::unreserved, crate::http::uri_component_keeps] {
        let upper = crate::http::percent_encode_with(bytes, keep);
        out.push(lowercase_hex(&upper));
        out.push(upper.replace("%20", "+"));
        out.push(upper);
    }
    let json = serde_json::to_string(value).unwrap_or_default();
    let json = json
        .strip_prefix('"')
        .and_then(|j| j.strip_suffix('"'))
        .unwrap_or_default();
    out.push(json.replace('/', "\\/"));
    let mut ascii = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_ascii() {
            ascii.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                ascii.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out.push(ascii);
    out.push(json.to_string());
    out.retain(|e| e.len() >= MIN_REDACTED);
    out
}

/// A percent-encoded text with its escapes' hex digits in lowercase (`%2f`).
fn lowercase_hex(encoded: &str) -> String {
    let mut out = String::with_capacity(encoded.len());
    let mut pending = 0;
    for c in encoded.chars() {
        if c == '%' {
            pending = 2;
            out.push(c);
        } else if pending > 0 {
            pending -= 1;
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Removes every credential text (each given secret value, and composites such as Basic's
/// `user:password`), in every form of [`encodings`], from a text that came from outside, e.g. a
/// provider's error message echoing the request. Longer forms are replaced first.
pub fn redact(text: &str, secrets: &[&str]) -> String {
    // Longest first, so that a form holding a shorter one is replaced whole.
    let mut needles: Vec<String> = Vec::new();
    for form in secrets.iter().flat_map(|s| encodings(s)) {
        if !needles.contains(&form) {
            let at = needles
                .iter()
                .position(|n| n.len() < form.len())
                .unwrap_or(needles.len());
            needles.insert(at, form);
        }
    }
    let mut out = text.to_string();
    for needle in &needles {
        if out.contains(needle.as_str()) {
            out = out.replace(needle.as_str(), "<redacted>");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn debug_and_display_never_show_the_value() {
        let s = Secret::new("hunter2-very-secret");
        assert_eq!(format!("{s:?}"), "Secret(<redacted>)");
        assert_eq!(format!("{s}"), "<redacted>");
        assert_eq!(s.expose(), "hunter2-very-secret");
    }

    #[test]
    fn redact_removes_every_occurrence() {
        assert_eq!(
            redact(
                "bad key sk_live_123 (sk_live_123) abc",
                &["sk_live_123", "abc"]
            ),
            "bad key <redacted> (<redacted>) abc"
        );
    }

    /// One case per encoding: the secret, written in that form inside a provider's message, is
    /// gone after redaction.
    #[test]
    fn redact_removes_every_encoding() {
        let secret = "s3cr3t/K+y ü=&\"x";
        let basic = "ada@example.com:pa55 w/rd";
        let cases: &[(&str, String)] = &[
            ("raw", secret.to_string()),
            (
                "basic base64 of user:password",
                crate::http::base64_standard(basic.as_bytes()),
            ),
            (
                "base64",
                crate::http::base64_encode(secret.as_bytes(), crate::http::BASE64_STANDARD, true),
            ),
            (
                "base64 unpadded",
                crate::http::base64_encode(secret.as_bytes(), crate::http::BASE64_STANDARD, false),
            ),
            (
                "base64url",
                crate::http::base64_encode(secret.as_bytes(), crate::http::BASE64_URL, false),
            ),
            (
                "base64url padded",
                crate::http::base64_encode(secret.as_bytes(), crate::http::BASE64_URL, true),
            ),
            (
                "percent-encoded",
                "s3cr3t%2FK%2By%20%C3%BC%3D%26%22x".to_string(),
            ),
            (
                "percent-encoded, lowercase hex",
                "s3cr3t%2fK%2by%20%c3%bc%3d%26%22x".to_string(),
            ),
            (
                "form-encoded",
                "s3cr3t%2FK%2By+%C3%BC%3D%26%22x".to_string(),
            ),
            ("JSON-escaped", r#"s3cr3t/K+y ü=&\"x"#.to_string()),
            (
                "JSON-escaped, slash escaped",
                r#"s3cr3t\/K+y ü=&\"x"#.to_string(),
            ),
            (
                "JSON-escaped, ASCII only",
                r#"s3cr3t/K+y \u00fc=&\"x"#.to_string(),
            ),
        ];
        for (what, form) in cases {
            let text = format!("{{\"detail\":\"you sent <{form}>\"}}");
            let out = redact(&text, &[secret, basic]);
            assert!(!out.contains(form.as_str()), "{what}: {out}");
            assert!(out.contains("<redacted>"), "{what}: {out}");
        }
    }

    #[test]
    fn short_values_are_left_alone() {
        assert_eq!(redact("a b c", &["b"]), "a b c");
    }
}
