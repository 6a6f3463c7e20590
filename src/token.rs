//! Invite tokens (JWS compact / JWT): strict decoding, claim checks with the time passed in,
//! and everything about verification except the signature arithmetic, which the platform's
//! WebCrypto does (see `wasm/crypto.rs`) behind the [`SignatureVerifier`] trait.

use crate::error::{ErrorCode, InviteError};
use crate::time::{format_iso, EpochMs};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::borrow::Cow;

/// Longest token accepted, in bytes.
pub const MAX_TOKEN_BYTES: usize = 16 * 1024;
/// Default clock leeway for `exp` and `nbf`.
pub const DEFAULT_LEEWAY_SECONDS: u32 = 60;
/// Longest leeway accepted (one day).
pub const MAX_LEEWAY_SECONDS: u32 = 86_400;

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
    /// `iss`, when it is a string (for the issuer check).
    #[serde(skip)]
    pub issuer: Option<String>,
    /// `aud`, as a list (for the audience check).
    #[serde(skip)]
    pub audience: Vec<String>,
}

impl DecodedToken {
    /// One claim, parsed (the last occurrence wins, as with `JSON.parse`).
    pub fn claim(&self, name: &str) -> Option<Value> {
        Members::parse(self.claims.get(), "payload").ok()?.get(name)
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
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        RawValue::from_string(self.0.clone())
            .map_err(serde::ser::Error::custom)?
            .serialize(serializer)
    }
}

/// A JSON object's members scanned once: keys borrowed where they have no escapes, values left
/// as raw JSON text until one is asked for.
struct Members<'a>(Vec<(Cow<'a, str>, &'a RawValue)>);

#[derive(Deserialize)]
struct Key<'a>(#[serde(borrow)] Cow<'a, str>);

impl<'de> Deserialize<'de> for Members<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Members<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some((Key(k), v)) = map.next_entry::<Key<'de>, &'de RawValue>()? {
                    out.push((k, v));
                }
                Ok(Members(out))
            }
        }
        d.deserialize_map(Visit)
    }
}

impl<'a> Members<'a> {
    fn parse(text: &'a str, what: &str) -> Result<Members<'a>, InviteError> {
        if !text.trim_start().starts_with('{') {
            return Err(invalid(format!("the token's {what} is not a JSON object")));
        }
        serde_json::from_str(text)
            .map_err(|_| invalid(format!("the token's {what} is not valid JSON")))
    }

    fn raw(&self, name: &str) -> Option<&'a RawValue> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| *v)
    }

    fn get(&self, name: &str) -> Option<Value> {
        self.raw(name)
            .and_then(|r| serde_json::from_str(r.get()).ok())
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
    let alg = match members.get("alg") {
        Some(Value::String(a)) if !a.is_empty() => a,
        _ => return Err(invalid("the token's header has no \"alg\"")),
    };
    let text = |name: &str| -> Result<Option<String>, InviteError> {
        match members.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(v)) => Ok(Some(v)),
            Some(_) => Err(invalid(format!("the token's \"{name}\" is not a string"))),
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
    let Some(raw) = claims.raw(name) else {
        return Ok(None);
    };
    let text = raw.get().trim();
    if text == "null" {
        return Ok(None);
    }
    let seconds: f64 = match serde_json::from_str::<Value>(text) {
        Ok(Value::Number(n)) => n
            .as_f64()
            .filter(|s| s.is_finite())
            .ok_or_else(|| invalid(format!("the \"{name}\" claim is not a number")))?,
        _ => {
            return Err(invalid(format!(
                "the \"{name}\" claim is not a NumericDate"
            )))
        }
    };
    let ms = (seconds * 1000.0).floor();
    if ms.abs() > crate::time::MAX_EPOCH_MS as f64 {
        return Err(invalid(format!("the \"{name}\" claim is out of range")));
    }
    Ok(Some(ms as i64))
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

fn claim_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        // `organization: { id, name }` is a common nested shape.
        Value::Object(o) => o.get("id").or_else(|| o.get("name")).and_then(claim_text),
        _ => None,
    }
}

fn roles_of(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => s
            .split([' ', ','])
            .filter(|r| !r.is_empty())
            .map(str::to_string)
            .collect(),
        Value::Array(items) => items.iter().filter_map(claim_text).collect(),
        _ => Vec::new(),
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
            .find_map(|n| claims.get(n).as_ref().and_then(claim_text))
    };
    let email = first(EMAIL_CLAIMS);
    let organization = first(ORG_CLAIMS);
    let roles = ROLE_CLAIMS
        .iter()
        .find_map(|n| {
            claims
                .get(n)
                .map(|v| roles_of(&v))
                .filter(|r| !r.is_empty())
        })
        .unwrap_or_default();
    let issuer = match claims.get("iss") {
        Some(Value::String(s)) => Some(s),
        _ => None,
    };
    let audience = match claims.get("aud") {
        Some(Value::String(a)) => vec![a],
        Some(Value::Array(list)) => list
            .into_iter()
            .filter_map(|a| a.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    };
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
        issuer,
        audience,
        claims: raw,
    })
}

// ---------------------------------------------------------------------------------------------
// Verification policy

/// The algorithms invitekit verifies, with the WebCrypto parameters each needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    Hs256,
    Hs384,
    Hs512,
    Rs256,
    Rs384,
    Rs512,
    Es256,
    Es384,
}

impl Algorithm {
    pub fn parse(name: &str) -> Option<Algorithm> {
        Some(match name {
            "HS256" => Algorithm::Hs256,
            "HS384" => Algorithm::Hs384,
            "HS512" => Algorithm::Hs512,
            "RS256" => Algorithm::Rs256,
            "RS384" => Algorithm::Rs384,
            "RS512" => Algorithm::Rs512,
            "ES256" => Algorithm::Es256,
            "ES384" => Algorithm::Es384,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Hs256 => "HS256",
            Algorithm::Hs384 => "HS384",
            Algorithm::Hs512 => "HS512",
            Algorithm::Rs256 => "RS256",
            Algorithm::Rs384 => "RS384",
            Algorithm::Rs512 => "RS512",
            Algorithm::Es256 => "ES256",
            Algorithm::Es384 => "ES384",
        }
    }

    /// The JWK `kty` a key for this algorithm must have.
    pub fn key_type(self) -> &'static str {
        match self {
            Algorithm::Hs256 | Algorithm::Hs384 | Algorithm::Hs512 => "oct",
            Algorithm::Rs256 | Algorithm::Rs384 | Algorithm::Rs512 => "RSA",
            Algorithm::Es256 | Algorithm::Es384 => "EC",
        }
    }

    pub fn hash(self) -> &'static str {
        match self {
            Algorithm::Hs256 | Algorithm::Rs256 | Algorithm::Es256 => "SHA-256",
            Algorithm::Hs384 | Algorithm::Rs384 | Algorithm::Es384 => "SHA-384",
            Algorithm::Hs512 | Algorithm::Rs512 => "SHA-512",
        }
    }

    /// Length in bytes of a raw (IEEE P1363) ECDSA signature, which JWS uses.
    pub fn ec_signature_len(self) -> Option<usize> {
        match self {
            Algorithm::Es256 => Some(64),
            Algorithm::Es384 => Some(96),
            _ => None,
        }
    }
}

/// What `verifyInviteToken` checks besides the signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyPolicy {
    /// Mandatory and non-empty: the algorithms the caller expects.
    pub algorithms: Vec<Algorithm>,
    pub issuer: Option<String>,
    pub audience: Option<String>,
    pub time: TimeOptions,
}

impl VerifyPolicy {
    pub fn new(
        algorithms: &[String],
        issuer: Option<String>,
        audience: Option<String>,
        time: TimeOptions,
    ) -> Result<VerifyPolicy, InviteError> {
        if algorithms.is_empty() {
            return Err(InviteError::new(
                ErrorCode::InvalidInput,
                "options.algorithms is required: list the algorithms you expect, e.g. [\"ES256\"]",
            )
            .with_field("algorithms"));
        }
        let algorithms = algorithms
            .iter()
            .map(|a| {
                Algorithm::parse(a).ok_or_else(|| {
                    InviteError::new(
                        ErrorCode::UnsupportedAlgorithm,
                        format!("algorithm {a:?} is not supported (none is never accepted)"),
                    )
                    .with_field("algorithms")
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(VerifyPolicy {
            algorithms,
            issuer,
            audience,
            time,
        })
    }

    /// The first check: the token's `alg` must be one the caller allowed. `none` never is.
    pub fn algorithm_of(&self, header: &Header) -> Result<Algorithm, InviteError> {
        let alg = Algorithm::parse(&header.alg).ok_or_else(|| {
            InviteError::new(
                ErrorCode::UnsupportedAlgorithm,
                format!("the token's algorithm {:?} is not supported", header.alg),
            )
        })?;
        if !self.algorithms.contains(&alg) {
            return Err(InviteError::new(
                ErrorCode::UnsupportedAlgorithm,
                format!(
                    "the token's algorithm {} is not in options.algorithms",
                    alg.as_str()
                ),
            ));
        }
        Ok(alg)
    }

    /// The checks after a valid signature: expiry, not-before, issuer, audience.
    pub fn check_claims(&self, decoded: &DecodedToken) -> Result<(), InviteError> {
        if decoded.expired {
            return Err(InviteError::new(
                ErrorCode::TokenExpired,
                "the token has expired",
            ));
        }
        if decoded.not_yet_valid {
            return Err(InviteError::new(
                ErrorCode::TokenNotYetValid,
                "the token is not valid yet (nbf)",
            ));
        }
        if let Some(iss) = &self.issuer {
            if decoded.issuer.as_deref() != Some(iss.as_str()) {
                return Err(invalid("the token's issuer (iss) is not the expected one"));
            }
        }
        if let Some(aud) = &self.audience {
            if !decoded.audience.iter().any(|a| a == aud) {
                return Err(invalid(
                    "the token's audience (aud) does not include the expected one",
                ));
            }
        }
        Ok(())
    }
}

/// Picks the JWK to verify with from a JWKS: by `kid` when the token has one (a `kid` not in
/// the set is an error, never a fallback), else the only key of the right type.
pub fn select_jwk<'a>(
    keys: &'a [Value],
    kid: Option<&str>,
    alg: Algorithm,
) -> Result<&'a Value, InviteError> {
    let fits = |k: &&Value| {
        k.get("kty").and_then(Value::as_str) == Some(alg.key_type())
            && k.get("alg")
                .and_then(Value::as_str)
                .is_none_or(|a| a == alg.as_str())
            && k.get("use")
                .and_then(Value::as_str)
                .is_none_or(|u| u == "sig")
    };
    match kid {
        Some(kid) => keys
            .iter()
            .filter(|k| k.get("kid").and_then(Value::as_str) == Some(kid))
            .find(fits)
            .ok_or_else(|| {
                InviteError::new(
                    ErrorCode::SignatureInvalid,
                    "no key in the JWKS has the token's kid",
                )
            }),
        None => {
            let mut candidates = keys.iter().filter(fits);
            match (candidates.next(), candidates.next()) {
                (Some(k), None) => Ok(k),
                (None, _) => Err(InviteError::new(
                    ErrorCode::SignatureInvalid,
                    format!("no {} key in the JWKS fits the token", alg.key_type()),
                )),
                (Some(_), Some(_)) => Err(InviteError::new(
                    ErrorCode::SignatureInvalid,
                    "the token has no kid and the JWKS has several candidate keys",
                )),
            }
        }
    }
}

/// The signature check itself, done by the platform (WebCrypto in wasm; a test double natively).
pub trait SignatureVerifier {
    fn verify(&self, alg: Algorithm, signing_input: &[u8], signature: &[u8]) -> bool;
}

/// Verification for a synchronous verifier: the same order of checks the async WebCrypto path
/// uses. Algorithm first, then signature, then claims.
pub fn verify_with(
    token: &str,
    policy: &VerifyPolicy,
    verifier: &dyn SignatureVerifier,
) -> Result<DecodedToken, InviteError> {
    let parsed = parse_token(token)?;
    let alg = policy.algorithm_of(&parsed.header)?;
    if let Some(len) = alg.ec_signature_len() {
        if parsed.signature.len() != len {
            return Err(InviteError::new(
                ErrorCode::SignatureInvalid,
                "the signature is invalid",
            ));
        }
    }
    // Where the WebCrypto path has its check under way: a payload that is not base64url is
    // refused whatever the signature.
    let claims = parsed.claims()?;
    if !verifier.verify(alg, parsed.signing_input.as_bytes(), &parsed.signature) {
        return Err(InviteError::new(
            ErrorCode::SignatureInvalid,
            "the signature is invalid",
        ));
    }
    let decoded = decoded_from(parsed.header, claims, policy.time)?;
    policy.check_claims(&decoded)?;
    Ok(decoded)
}

#[cfg(test)]
mod tests;

/// The members of a JWK that may be imported for verification: its public part only, after
/// checking that its type (and curve) fit `alg`. Private members (`d`, `p`, ...) are dropped,
/// so a private JWK passed by mistake still verifies and never reaches the platform's import.
pub fn public_jwk(jwk: &Value, alg: Algorithm) -> Result<Map<String, Value>, InviteError> {
    let bad = |m: &str| InviteError::new(ErrorCode::InvalidInput, m.to_string()).with_field("key");
    let obj = jwk
        .as_object()
        .ok_or_else(|| bad("the JWK is not an object"))?;
    let kty = obj.get("kty").and_then(Value::as_str).unwrap_or_default();
    if kty != alg.key_type() {
        return Err(InviteError::new(
            ErrorCode::UnsupportedAlgorithm,
            format!(
                "a {kty:?} key cannot verify {} (it needs a {:?} key)",
                alg.as_str(),
                alg.key_type()
            ),
        ));
    }
    if let Some(key_alg) = obj.get("alg").and_then(Value::as_str) {
        if key_alg != alg.as_str() {
            return Err(InviteError::new(
                ErrorCode::UnsupportedAlgorithm,
                format!("the key is for {key_alg}, the token is {}", alg.as_str()),
            ));
        }
    }
    let members: &[&str] = match alg.key_type() {
        "RSA" => &["kty", "n", "e"],
        "EC" => &["kty", "crv", "x", "y"],
        _ => &["kty", "k"],
    };
    let mut out = Map::new();
    for m in members {
        match obj.get(*m) {
            Some(Value::String(v)) if !v.is_empty() => {
                out.insert((*m).to_string(), Value::String(v.clone()));
            }
            _ => return Err(bad(&format!("the JWK has no {m:?}"))),
        }
    }
    let want_crv = match alg {
        Algorithm::Es256 => Some("P-256"),
        Algorithm::Es384 => Some("P-384"),
        _ => None,
    };
    if want_crv.is_some() && out.get("crv").and_then(Value::as_str) != want_crv {
        return Err(InviteError::new(
            ErrorCode::UnsupportedAlgorithm,
            format!(
                "{} needs a {} key",
                alg.as_str(),
                want_crv.unwrap_or_default()
            ),
        ));
    }
    Ok(out)
}

/// Refuses HMAC secrets that are really public keys: a PEM block or a JWK pasted as the
/// secret is the algorithm-confusion attack (an RS256 key's public text used as an HS256
/// secret, so anyone holding the public key can sign).
pub fn check_hmac_secret(secret: &[u8]) -> Result<(), InviteError> {
    let bad = |m: &str| InviteError::new(ErrorCode::InvalidInput, m.to_string()).with_field("key");
    if secret.is_empty() {
        return Err(bad("the HMAC secret is empty"));
    }
    let text = String::from_utf8_lossy(secret.get(..secret.len().min(64)).unwrap_or_default());
    let t = text.trim_start();
    if t.starts_with("-----BEGIN") || t.starts_with("ssh-") || t.starts_with('{') {
        return Err(bad(
            "the HMAC secret looks like a public key (PEM, SSH or JWK): pass it as { jwk } with an RS/ES algorithm instead",
        ));
    }
    Ok(())
}
#[cfg(test)]
mod rfc_vectors;
