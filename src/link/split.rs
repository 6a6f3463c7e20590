//! A small URL splitter: enough of WHATWG URL parsing to find the origin, path, query and
//! fragment of an invite link the way a browser would, and the percent-coding links use.

use super::*;

#[derive(Debug, PartialEq, Eq)]
pub(super) struct UrlParts<'a> {
    /// The scheme and `host[:port]` as written (checked); `None` for a path-only link.
    pub(super) origin: Option<Origin<'a>>,
    pub(super) path: &'a str,
    pub(super) query: &'a str,
    pub(super) fragment: &'a str,
}

#[derive(Debug, PartialEq, Eq)]
pub(super) struct Origin<'a> {
    pub(super) scheme: &'a str,
    pub(super) host_port: &'a str,
}

impl Origin<'_> {
    /// `scheme://host[:port]`, lowercased, default port removed. Made only when a template
    /// names an origin: the well-known formats never look at it.
    pub(super) fn normalized(&self) -> String {
        let scheme = self.scheme.to_ascii_lowercase();
        let mut host = crate::platform::lowercase(self.host_port);
        let default_port = match scheme.as_str() {
            "https" | "wss" => Some(":443"),
            "http" | "ws" => Some(":80"),
            _ => None,
        };
        if let Some(port) = default_port {
            if host.ends_with(port) {
                host.truncate(host.len() - port.len());
            }
        }
        format!("{scheme}://{host}")
    }
}

pub(super) fn split_scheme(text: &str) -> Option<(&str, &str)> {
    let colon = text.find(':')?;
    let scheme = text.get(..colon)?;
    let mut chars = scheme.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    if !first_ok || !chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) {
        return None;
    }
    Some((scheme, text.get(colon + 1..)?))
}

pub(super) fn split_url(text: &str) -> Result<UrlParts<'_>, InviteError> {
    let (origin, rest) = match split_scheme(text) {
        Some((scheme, after)) => {
            let after = after
                .strip_prefix("//")
                .ok_or_else(|| invalid("the link has a scheme but no host"))?;
            let end = after
                .bytes()
                .position(|b| matches!(b, b'/' | b'?' | b'#'))
                .unwrap_or(after.len());
            let (authority, rest) = after.split_at(end);
            // The host is what follows the last '@' (userinfo is never part of the origin).
            let host_port = authority.rsplit('@').next().unwrap_or(authority);
            if host_port.is_empty() {
                return Err(invalid("the link has no host"));
            }
            if host_port.contains('\\') {
                return Err(invalid("the link's host contains a backslash"));
            }
            (Some(Origin { scheme, host_port }), rest)
        }
        None => (None, text),
    };
    let (before_fragment, fragment) = rest.split_once('#').unwrap_or((rest, ""));
    let (path, query) = before_fragment
        .split_once('?')
        .unwrap_or((before_fragment, ""));
    Ok(UrlParts {
        origin,
        path,
        query,
        fragment,
    })
}

/// Whether `text` has a `%` or a `+`, the bytes [`percent_decode`] changes. (Byte loops with
/// `matches!` here and in the callers: std's char-array patterns decode and compare one char at
/// a time, several times slower on the hot paths.)
pub(super) fn has_escapes(text: &str) -> bool {
    text.bytes().any(|b| matches!(b, b'%' | b'+'))
}

pub(super) fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Percent-decodes (and, for query strings, turns `+` into a space, as `URLSearchParams`
/// does). A `%` not followed by two hex digits stays as it is, as in browsers.
pub fn percent_decode(text: &str, plus_is_space: bool) -> Result<String, InviteError> {
    if !has_escapes(text) {
        return Ok(text.to_string());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'%' => {
                let hi = bytes.get(i + 1).copied().and_then(hex_value);
                let lo = bytes.get(i + 2).copied().and_then(hex_value);
                if let (Some(hi), Some(lo)) = (hi, lo) {
                    out.push(hi << 4 | lo);
                    i += 3;
                    continue;
                }
                out.push(b'%');
            }
            b'+' if plus_is_space => out.push(b' '),
            _ => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| invalid("a link value is not valid UTF-8 once decoded"))
}

/// Parameters of a query or fragment, in order, raw (not yet decoded).
pub(super) fn params(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
}

/// The parameters of a query or fragment, split once: keys decoded (they are short), values
/// left raw until one is asked for.
pub(super) struct Params<'a>(Vec<(std::borrow::Cow<'a, str>, &'a str)>);

impl<'a> Params<'a> {
    pub(super) fn new(text: &'a str) -> Result<Params<'a>, InviteError> {
        let mut list = Vec::with_capacity(8);
        for (k, v) in params(text) {
            let key = if has_escapes(k) {
                std::borrow::Cow::Owned(percent_decode(k, true)?)
            } else {
                std::borrow::Cow::Borrowed(k)
            };
            list.push((key, v));
        }
        Ok(Params(list))
    }

    /// The first non-empty value of `name`, decoded.
    pub(super) fn get(&self, name: &str) -> Result<Option<String>, InviteError> {
        match self.0.iter().find(|(k, _)| k == name) {
            Some((_, v)) if !v.is_empty() => {
                percent_decode(v, true).map(|d| Some(d).filter(|d| !d.is_empty()))
            }
            _ => Ok(None),
        }
    }

    pub(super) fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, v)| k == name && !v.is_empty())
    }
}

pub(super) fn path_segments(path: &str) -> impl Iterator<Item = &str> {
    let trimmed = path.trim_matches('/');
    trimmed.split('/').filter(move |_| !trimmed.is_empty())
}
