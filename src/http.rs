//! The sans-IO boundary: provider modules build an `HttpRequest` and parse an `HttpResponse`;
//! only the transport (in `wasm/`) performs I/O.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Method {
    #[serde(rename = "GET")]
    Get,
    #[serde(rename = "POST")]
    Post,
    #[serde(rename = "PUT")]
    Put,
    #[serde(rename = "PATCH")]
    Patch,
    #[serde(rename = "DELETE")]
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// GET, PUT and DELETE may be repeated without changing the outcome (RFC 9110 §9.2.2).
    pub fn is_idempotent(self) -> bool {
        matches!(self, Method::Get | Method::Put | Method::Delete)
    }
}

/// A request, complete: what goes on the wire. Its `Debug` shows no credential: the values of
/// the credential headers and the body (a token request's body holds a client secret) are
/// left out.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct HttpRequest {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

impl HttpRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        header_value(&self.headers, name)
    }
}

/// Headers whose values are credentials.
const CREDENTIAL_HEADERS: [&str; 5] = [
    "authorization",
    "proxy-authorization",
    "cookie",
    "x-api-key",
    "x-api-secret",
];

impl std::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let secret = CREDENTIAL_HEADERS
                    .iter()
                    .any(|c| c.eq_ignore_ascii_case(name));
                (
                    name.as_str(),
                    if secret { "<redacted>" } else { value.as_str() },
                )
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field(
                "body",
                &self.body.as_ref().map(|b| format!("<{} bytes>", b.len())),
            )
            .finish()
    }
}

/// A response as received: every status is data for the provider's parser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        header_value(&self.headers, name)
    }
}

fn header_value<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The standard base64 alphabet (RFC 4648 §4).
pub const BASE64_STANDARD: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/// The URL- and filename-safe base64 alphabet (RFC 4648 §5), as JWTs use.
pub const BASE64_URL: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64 of `bytes` in `alphabet` (RFC 4648 §4 or the URL-safe §5), `=`-padded when `pad`.
pub fn base64_encode(bytes: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let sym = |v: u32| char::from(alphabet.get((v & 63) as usize).copied().unwrap_or(b'A'));
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = b(0) << 16 | b(1) << 8 | b(2);
        out.push(sym(n >> 18));
        out.push(sym(n >> 12));
        if chunk.len() > 1 {
            out.push(sym(n >> 6));
        } else if pad {
            out.push('=');
        }
        if chunk.len() > 2 {
            out.push(sym(n));
        } else if pad {
            out.push('=');
        }
    }
    out
}

/// Standard base64 with padding (RFC 4648 §4), as HTTP Basic credentials use.
pub fn base64_standard(bytes: &[u8]) -> String {
    base64_encode(bytes, BASE64_STANDARD, true)
}

/// Bytes `encodeURIComponent` leaves as they are: ASCII letters and digits and `-_.!~*'()`.
pub fn uri_component_keeps(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b)
}

/// RFC 3986's unreserved bytes: ASCII letters and digits and `-._~`.
pub fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~".contains(&b)
}

/// `bytes` with every byte `keep` refuses written as `%XX` (uppercase hex).
pub fn percent_encode_with(bytes: &[u8], keep: fn(u8) -> bool) -> String {
    let hex = |nibble: u8| {
        char::from(
            b"0123456789ABCDEF"
                .get(usize::from(nibble & 15))
                .copied()
                .unwrap_or(b'0'),
        )
    };
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        if keep(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(hex(b >> 4));
            out.push(hex(b & 15));
        }
    }
    out
}

/// Percent-encodes like JavaScript's `encodeURIComponent`.
pub fn percent_encode(text: &str) -> String {
    percent_encode_with(text.as_bytes(), uri_component_keeps)
}

/// Whether the host is this machine (plain HTTP is allowed only there).
pub fn is_loopback(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    let host = if host.starts_with('[') {
        host.split(']').next().map(|h| h.trim_start_matches('['))
    } else {
        host.split(':').next()
    }
    .unwrap_or_default()
    .to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "::1"
        || (host.starts_with("127.")
            && host.split('.').count() == 4
            && host.split('.').all(|p| p.parse::<u8>().is_ok()))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_request_debug_shows_no_credential() {
        let request = HttpRequest {
            method: Method::Post,
            url: "https://tenant.example/oidc/token".into(),
            headers: vec![
                ("Authorization".into(), "Basic c2VjcmV0OnZhbHVl".into()),
                ("X-Api-Key".into(), "key-value-1".into()),
                ("x-api-secret".into(), "secret-value-1".into()),
                ("Content-Type".into(), "application/json".into()),
            ],
            body: Some("client_secret=secret-value-2".into()),
        };
        let shown = format!("{request:?} {request:#?}");
        for secret in [
            "c2VjcmV0OnZhbHVl",
            "key-value-1",
            "secret-value-1",
            "secret-value-2",
        ] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert!(
            shown.contains("application/json") && shown.contains("<28 bytes>"),
            "{shown}"
        );
    }
}
