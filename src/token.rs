//! Invite tokens (JWS compact / JWT): strict decoding, claim checks with the time passed in,
//! and everything about verification except the signature arithmetic, which the platform's
//! WebCrypto does (see `wasm/crypto.rs`) behind the [`SignatureVerifier`] trait.

use crate::error::{ErrorCode, InviteError};
use crate::json::{self, Scaled};
use crate::time::{format_iso, EpochMs};
use serde::Serialize;
use std::borrow::Cow;

/// Longest token accepted, in bytes.
pub const MAX_TOKEN_BYTES: usize = 16 * 1024;
/// Default clock leeway for `exp` and `nbf`.
pub const DEFAULT_LEEWAY_SECONDS: u32 = 60;
/// Longest leeway accepted (one day).
pub const MAX_LEEWAY_SECONDS: u32 = 86_400;

mod verify;
pub use verify::*;

fn invalid(message: impl Into<String>) -> InviteError {
    InviteError::new(ErrorCode::InvalidToken, message)
}

/// The base64url alphabet as a lookup table: 0..63, or 255 for a byte outside it. (Built at
/// compile time: an out-of-range index here would fail the build, never a run.)
#[allow(clippy::indexing_slicing)]
const B64_DECODE: [u8; 256] = {
    let mut t = [255u8; 256];
    let alphabet = crate::http::BASE64_URL;
    let mut i = 0;
    while i < 64 {
        t[alphabet[i] as usize] = i as u8;
        i += 1;
    }
    t
};

/// Strict base64url (RFC 4648 §5) without padding, as JWS requires (RFC 7515 §2): no `=`, no
/// `+` or `/`, no whitespace, and the unused bits of the last character must be zero.
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let tail = match bytes.len() % 4 {
        0 => 0,
        2 => 1,
        3 => 2,
        _ => return None,
    };
    // Every alphabet value is below 64, and 255 marks a byte outside it: OR-ing a group's four
    // values and testing bit 7 checks all four with one branch.
    let value = |c: u8| u32::from(B64_DECODE.get(usize::from(c)).copied().unwrap_or(255));
    let mut out = vec![0u8; bytes.len() / 4 * 3 + tail];
    let mut groups = bytes.chunks_exact(4);
    for (src, dst) in (&mut groups).zip(out.chunks_exact_mut(3)) {
        let (&[a, b, c, d], [x, y, z]) = (src, dst) else {
            return None;
        };
        let (a, b, c, d) = (value(a), value(b), value(c), value(d));
        if (a | b | c | d) & 0x80 != 0 {
            return None;
        }
        let acc = a << 18 | b << 12 | c << 6 | d;
        *x = (acc >> 16) as u8;
        *y = (acc >> 8) as u8;
        *z = acc as u8;
    }
    let rest = groups.remainder();
    let mut acc = 0u32;
    for &c in rest {
        let v = value(c);
        if v & 0x80 != 0 {
            return None;
        }
        acc = acc << 6 | v;
    }
    let end = out.len();
    let last = out.get_mut(end - tail..)?;
    match last {
        [] => {}
        [x, y] => {
            // Three characters carry 18 bits for 16: the 2 spare bits must be zero.
            if acc & 0b11 != 0 {
                return None;
            }
            *x = (acc >> 10) as u8;
            *y = (acc >> 2) as u8;
        }
        [x] => {
            // Two characters carry 12 bits for 8: the 4 spare bits must be zero.
            if acc & 0b1111 != 0 {
                return None;
            }
            *x = (acc >> 4) as u8;
        }
        _ => return None,
    }
    Some(out)
}

/// Base64url without padding.
pub fn base64url_encode(bytes: &[u8]) -> String {
    crate::http::base64_encode(bytes, crate::http::BASE64_URL, false)
}

/// The JOSE header fields the API exposes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "TokenHeader"))]
pub struct Header {
    pub alg: String,
    pub typ: Option<String>,
    pub kid: Option<String>,
}

/// What `decodeInviteToken` returns (`DecodedToken` in JavaScript). The claims are kept as the
/// token's own JSON text, so crossing into JavaScript costs one `JSON.parse` and no re-encoding.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DecodedToken {
    pub header: Header,
    #[cfg_attr(test, ts(type = "Record<string, unknown>"))]
    pub claims: JsonObjectText,
    pub email: Option<String>,
    pub organization: Option<String>,
    pub roles: Vec<String>,
    pub expires_at: Option<String>,
    pub not_before: Option<String>,
    pub issued_at: Option<String>,
    pub expired: bool,
    pub not_yet_valid: bool,
}

impl DecodedToken {
    /// The claims' members, scanned again when verify checks `iss` or `aud`, so that decoding
    /// alone does not pay for those two claims.
    fn members(&self) -> Result<Members<'_>, InviteError> {
        Members::parse(self.claims.get(), "payload")
    }

    /// One claim, parsed (the last occurrence wins, as with `JSON.parse`).
    #[cfg(test)]
    pub fn claim(&self, name: &str) -> Option<serde_json::Value> {
        self.members()
            .ok()?
            .raw(name)
            .and_then(|raw| serde_json::from_str(raw).ok())
    }
}

/// The text of a JSON object the decoder has already parsed in full: kept as text (JavaScript
/// gets it for one `JSON.parse`), serialised as raw JSON, never parsed a second time to get here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonObjectText(String);

impl JsonObjectText {
    pub fn get(&self) -> &str {
        &self.0
    }
}

impl Serialize for JsonObjectText {
    /// As the object it holds (parsed again here: the wasm boundary hands the text itself to
    /// JavaScript, so only native callers serialise it).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serde_json::from_str::<serde_json::Value>(&self.0)
            .map_err(serde::ser::Error::custom)?
            .serialize(serializer)
    }
}

/// A JSON object's members scanned once ([`crate::json::object_members`]): keys borrowed where
/// they have no escapes, values left as raw JSON text until one is asked for.
struct Members<'a>(Vec<(Cow<'a, str>, &'a str)>);

impl<'a> Members<'a> {
    fn parse(text: &'a str, what: &str) -> Result<Members<'a>, InviteError> {
        if !text.trim_start().starts_with('{') {
            return Err(invalid(format!("the token's {what} is not a JSON object")));
        }
        crate::json::object_members(text)
            .map(Members)
            .ok_or_else(|| invalid(format!("the token's {what} is not valid JSON")))
    }

    fn raw(&self, name: &str) -> Option<&'a str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| *v)
    }

    /// A member that is a JSON string, decoded.
    fn string(&self, name: &str) -> Option<String> {
        self.raw(name).and_then(json::string)
    }

    /// `aud`, as a list: a string is a list of one (RFC 7519 §4.1.3).
    fn audience(&self) -> Vec<String> {
        match self.raw("aud") {
            Some(list) if list.starts_with('[') => json::array(list)
                .unwrap_or_default()
                .into_iter()
                .filter_map(json::string)
                .collect(),
            Some(one) => json::string(one).into_iter().collect(),
            None => Vec::new(),
        }
    }
}

/// The time and leeway claims are checked against (jwt-compact's `TimeOptions`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeOptions {
    pub now: EpochMs,
    pub leeway_seconds: u32,
}

impl TimeOptions {
    pub fn new(now: EpochMs, leeway_seconds: Option<u32>) -> Result<TimeOptions, InviteError> {
        let leeway_seconds = leeway_seconds.unwrap_or(DEFAULT_LEEWAY_SECONDS);
        if leeway_seconds > MAX_LEEWAY_SECONDS {
            return Err(InviteError::new(
                ErrorCode::InvalidInput,
                "leewaySeconds must be at most 86400",
            )
            .with_field("leewaySeconds"));
        }
        Ok(TimeOptions {
            now,
            leeway_seconds,
        })
    }

    fn leeway_ms(self) -> i64 {
        i64::from(self.leeway_seconds) * 1000
    }
}

/// A token split and decoded, not yet trusted (jwt-compact's `UntrustedToken`).
#[derive(Clone, Debug)]
pub struct UntrustedToken<'a> {
    /// `header.payload`, the bytes the signature covers.
    pub signing_input: &'a str,
    pub signature: Vec<u8>,
    pub header: Header,
    /// The payload as it stands in the token (base64url); [`UntrustedToken::claims`] decodes
    /// it. Kept encoded so that a signature check can start before the payload is decoded.
    payload: &'a str,
}

impl UntrustedToken<'_> {
    /// The payload's JSON text (checked to be an object when the token is decoded).
    pub fn claims(&self) -> Result<String, InviteError> {
        let bytes = base64url_decode(self.payload)
            .ok_or_else(|| invalid("the token's payload is not base64url"))?;
        String::from_utf8(bytes).map_err(|_| invalid("the token's payload is not UTF-8"))
    }
}

/// Splits and decodes a compact JWS. Throws only `invalid_token`.
pub fn parse_token(token: &str) -> Result<UntrustedToken<'_>, InviteError> {
    if token.len() > MAX_TOKEN_BYTES {
        return Err(invalid("the token is longer than 16 KiB"));
    }
    let token = token.trim();
    let mut parts = token.splitn(4, '.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid("a token has exactly three dot-separated parts"));
    };
    if h.is_empty() || p.is_empty() {
        return Err(invalid("the token's header or payload is empty"));
    }
    let utf8 = |bytes: Vec<u8>, what: &str| {
        String::from_utf8(bytes).map_err(|_| invalid(format!("the token's {what} is not UTF-8")))
    };
    let header_text = utf8(
        base64url_decode(h).ok_or_else(|| invalid("the token's header is not base64url"))?,
        "header",
    )?;
    let signature =
        base64url_decode(s).ok_or_else(|| invalid("the token's signature is not base64url"))?;
    let members = Members::parse(&header_text, "header")?;
    let alg = match members.string("alg") {
        Some(a) if !a.is_empty() => a,
        _ => return Err(invalid("the token's header has no \"alg\"")),
    };
    let text = |name: &str| -> Result<Option<String>, InviteError> {
        match members.raw(name) {
            None | Some("null") => Ok(None),
            Some(raw) => json::string(raw)
                .map(Some)
                .ok_or_else(|| invalid(format!("the token's \"{name}\" is not a string"))),
        }
    };
    let header = Header {
        alg,
        typ: text("typ")?,
        kid: text("kid")?,
    };
    let signing_input = token
        .get(..h.len() + 1 + p.len())
        .ok_or_else(|| invalid("the token is malformed"))?;
    Ok(UntrustedToken {
        signing_input,
        signature,
        header,
        payload: p,
    })
}

/// A NumericDate claim (RFC 7519 §2) as epoch milliseconds: a JSON number of seconds, possibly
/// fractional. `Ok(None)` when absent; an error when present but not a usable number.
fn numeric_date(claims: &Members<'_>, name: &str) -> Result<Option<EpochMs>, InviteError> {
    let raw = match claims.raw(name) {
        None | Some("null") => return Ok(None),
        Some(raw) => raw,
    };
    match json::scaled_floor(raw, 3, crate::time::MAX_EPOCH_MS.unsigned_abs()) {
        Some(Scaled::Value(ms)) => Ok(Some(ms)),
        Some(Scaled::OutOfRange) => Err(invalid(format!("the \"{name}\" claim is out of range"))),
        Some(Scaled::Infinite) => Err(invalid(format!("the \"{name}\" claim is not a number"))),
        None => Err(invalid(format!(
            "the \"{name}\" claim is not a NumericDate"
        ))),
    }
}

const EMAIL_CLAIMS: &[&str] = &[
    "email",
    "invitee",
    "invitee_email",
    "inviteeEmail",
    "user_email",
    "login_hint",
];
const ORG_CLAIMS: &[&str] = &[
    "org_id",
    "organization_id",
    "organizationId",
    "org",
    "organization",
    "orgId",
    "org_name",
    "organization_name",
];
const ROLE_CLAIMS: &[&str] = &[
    "roles",
    "role",
    "org_roles",
    "organization_roles",
    "organizationRoles",
];

/// A claim naming something (an email, an organization, a role), as text: a non-empty string,
/// a number as the token writes it, or an object's `id` (else its `name`), for the common
/// `organization: { id, name }` shape.
fn claim_text(raw: &str) -> Option<String> {
    match raw.as_bytes().first()? {
        b'"' => json::string(raw).filter(|s| !s.is_empty()),
        b'-' | b'0'..=b'9' => Some(raw.to_string()),
        b'{' => {
            let members = json::object_members(raw)?;
            let last = |name: &str| members.iter().rev().find(|(k, _)| k == name);
            let (_, value) = last("id").or_else(|| last("name"))?;
            claim_text(value)
        }
        _ => None,
    }
}

/// Roles: a string of names separated by spaces or commas, or a list of names.
fn roles_of(raw: &str) -> Vec<String> {
    if raw.starts_with('[') {
        return json::array(raw)
            .unwrap_or_default()
            .into_iter()
            .filter_map(claim_text)
            .collect();
    }
    match json::string(raw) {
        Some(s) => s
            .split([' ', ','])
            .filter(|r| !r.is_empty())
            .map(str::to_string)
            .collect(),
        None => Vec::new(),
    }
}

/// `decodeInviteToken`: decodes without verifying; expiry is reported in flags.
pub fn decode(token: &str, time: TimeOptions) -> Result<DecodedToken, InviteError> {
    let parsed = parse_token(token)?;
    let claims = parsed.claims()?;
    decoded_from(parsed.header, claims, time)
}

pub(crate) fn decoded_from(
    header: Header,
    claims_text: String,
    time: TimeOptions,
) -> Result<DecodedToken, InviteError> {
    let claims = Members::parse(&claims_text, "payload")?;
    let exp = numeric_date(&claims, "exp")?;
    let nbf = numeric_date(&claims, "nbf")?;
    let iat = numeric_date(&claims, "iat")?;
    let first = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| claims.raw(n).and_then(claim_text))
    };
    let email = first(EMAIL_CLAIMS);
    let organization = first(ORG_CLAIMS);
    let roles = ROLE_CLAIMS
        .iter()
        .find_map(|n| claims.raw(n).map(roles_of).filter(|r| !r.is_empty()))
        .unwrap_or_default();
    let expired = exp.is_some_and(|e| time.now >= e.saturating_add(time.leeway_ms()));
    let not_yet_valid = nbf.is_some_and(|n| time.now.saturating_add(time.leeway_ms()) < n);
    // `Members::parse` read the whole text: a JSON object, nothing after it.
    drop(claims);
    let raw = JsonObjectText(claims_text);
    Ok(DecodedToken {
        header,
        email,
        organization,
        roles,
        expires_at: exp.and_then(format_iso),
        not_before: nbf.and_then(format_iso),
        issued_at: iat.and_then(format_iso),
        expired,
        not_yet_valid,
        claims: raw,
    })
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod rfc_vectors;
