//! Credentials as newtypes: their `Debug` and `Display` never show the value.

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

/// Removes every occurrence of each secret (and of its common encodings in headers) from a
/// text that came from outside, e.g. a provider's error message echoing the request.
pub fn redact(text: &str, secrets: &[&Secret]) -> String {
    let mut out = text.to_string();
    for secret in secrets {
        let value = secret.expose();
        // Short values would redact ordinary words; credentials are never this short.
        if value.len() >= 4 && out.contains(value) {
            out = out.replace(value, "<redacted>");
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
        let s = Secret::new("sk_live_123");
        let t = Secret::new("abc");
        assert_eq!(
            redact("bad key sk_live_123 (sk_live_123) abc", &[&s, &t]),
            "bad key <redacted> (<redacted>) abc"
        );
    }
}
