//! The speed helpers of the boundary: each does what wasm-bindgen's generic glue or a generic
//! converter (serde-wasm-bindgen, which the boundary no longer uses) would, in fewer
//! crossings. What each buys, measured in Node:
//! - [`Names`]: member names made into JS strings once, instead of a string copy and a new-key
//!   lookup in the engine on every read.
//! - [`read_bounded`] (through one reused scratch buffer and `readString`): a string argument
//!   type-checked, bounded and copied in one call; -0.35 us on a 415-byte token.
//! - [`json_to_js`] (and [`to_js`] for the client's serde types): results as one JSON text for
//!   the engine's `JSON.parse`, several times faster than one crossing per field for the small
//!   nested objects invitekit returns.
//! - [`decoded_to_js`]: a decoded token as one string and a list of lengths, built by
//!   `decodedToken` in js/runtime.js in one call.
//!
//! (In bindings.rs, `parseInviteLink` keeps the last template list it compiled: an edge worker
//! passing the same array each request skips ~4 us of copying and compiling. It crosses its
//! result as parts: serialising the link only for `JSON.parse` to read it back cost a third of
//! the call. In client.rs, an `Invitation` passed as a reference is read member by member:
//! serde-wasm-bindgen's walk of the whole object cost ~9 us a call.)

use super::*;

/// The names of the members the bindings read (every member of every argument is read through
/// [`member`] or [`try_member`] with one of these), made into JS strings once: a name made
/// afresh is a string copy plus the engine's lookup of a new key on every read.
// The core-only build reads none of InviteClient's names.
#[cfg_attr(not(feature = "client"), allow(dead_code))]
pub(super) struct Names {
    pub(super) secret: JsValue,
    pub(super) jwk: JsValue,
    pub(super) jwks: JsValue,
    pub(super) keys: JsValue,
    pub(super) algorithms: JsValue,
    pub(super) issuer: JsValue,
    pub(super) audience: JsValue,
    pub(super) now: JsValue,
    pub(super) leeway_seconds: JsValue,
    pub(super) provider: JsValue,
    pub(super) status: JsValue,
    pub(super) email: JsValue,
    pub(super) expires_at: JsValue,
    pub(super) templates: JsValue,
    pub(super) id: JsValue,
    pub(super) code: JsValue,
    pub(super) organization: JsValue,
    pub(super) name: JsValue,
    pub(super) raw: JsValue,
    pub(super) signed_in_email: JsValue,
    pub(super) organization_id: JsValue,
    pub(super) base_url: JsValue,
    pub(super) auth: JsValue,
    pub(super) allow_secrets_in_browser: JsValue,
    pub(super) fetch: JsValue,
    pub(super) timeout_ms: JsValue,
    pub(super) retries: JsValue,
    pub(super) attempt_timeout_ms: JsValue,
    pub(super) signal: JsValue,
    pub(super) user_id: JsValue,
    pub(super) message: JsValue,
    pub(super) replace: JsValue,
    pub(super) kind: JsValue,
    pub(super) value: JsValue,
    pub(super) format: JsValue,
    pub(super) emails: JsValue,
    pub(super) role: JsValue,
    pub(super) roles: JsValue,
    pub(super) workspaces: JsValue,
    pub(super) inviter_id: JsValue,
    pub(super) admin: JsValue,
    pub(super) inviter: JsValue,
    pub(super) page_size: JsValue,
    pub(super) cursor: JsValue,
}

/// The largest string argument `bounded_string` takes (a token: 16 KiB).
pub(super) const SCRATCH_BYTES: usize = 16 * 1024;

thread_local! {
    pub(super) static NAMES: Names = Names {
        secret: JsValue::from_str("secret"),
        jwk: JsValue::from_str("jwk"),
        jwks: JsValue::from_str("jwks"),
        keys: JsValue::from_str("keys"),
        algorithms: JsValue::from_str("algorithms"),
        issuer: JsValue::from_str("issuer"),
        audience: JsValue::from_str("audience"),
        now: JsValue::from_str("now"),
        leeway_seconds: JsValue::from_str("leewaySeconds"),
        provider: JsValue::from_str("provider"),
        status: JsValue::from_str("status"),
        email: JsValue::from_str("email"),
        expires_at: JsValue::from_str("expiresAt"),
        templates: JsValue::from_str("templates"),
        id: JsValue::from_str("id"),
        code: JsValue::from_str("code"),
        organization: JsValue::from_str("organization"),
        name: JsValue::from_str("name"),
        raw: JsValue::from_str("raw"),
        signed_in_email: JsValue::from_str("signedInEmail"),
        organization_id: JsValue::from_str("organizationId"),
        base_url: JsValue::from_str("baseUrl"),
        auth: JsValue::from_str("auth"),
        allow_secrets_in_browser: JsValue::from_str("allowSecretsInBrowser"),
        fetch: JsValue::from_str("fetch"),
        timeout_ms: JsValue::from_str("timeoutMs"),
        retries: JsValue::from_str("retries"),
        attempt_timeout_ms: JsValue::from_str("attemptTimeoutMs"),
        signal: JsValue::from_str("signal"),
        user_id: JsValue::from_str("userId"),
        message: JsValue::from_str("message"),
        replace: JsValue::from_str("replace"),
        kind: JsValue::from_str("kind"),
        value: JsValue::from_str("value"),
        format: JsValue::from_str("format"),
        emails: JsValue::from_str("emails"),
        role: JsValue::from_str("role"),
        roles: JsValue::from_str("roles"),
        workspaces: JsValue::from_str("workspaces"),
        inviter_id: JsValue::from_str("inviterId"),
        admin: JsValue::from_str("admin"),
        inviter: JsValue::from_str("inviter"),
        page_size: JsValue::from_str("pageSize"),
        cursor: JsValue::from_str("cursor"),
    };
    /// Where `bounded_string` has string arguments copied in, reused by every call.
    pub(super) static SCRATCH: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Has `read` (`readString` or `readBytes`) copy `value` into the scratch buffer, at most `max`
/// bytes: the bytes, or `Err` with its code ([`READ_NOT_A_STRING`], [`READ_TOO_LONG`]); `None` when the
/// buffer cannot serve (the caller then reads `value` the slower way).
pub(super) fn read_scratch(
    value: &JsValue,
    max: usize,
    read: fn(&JsValue, &mut [u8]) -> i32,
) -> Option<Result<Vec<u8>, i32>> {
    SCRATCH.with(|scratch| {
        let mut scratch = scratch.try_borrow_mut().ok()?;
        if scratch.is_empty() {
            scratch.resize(SCRATCH_BYTES, 0);
        }
        let buf = scratch.get_mut(..max)?;
        let n = read(value, buf);
        Some(match usize::try_from(n) {
            Ok(len) => Ok(buf.get(..len)?.to_vec()),
            Err(_) => Err(n),
        })
    })
}

/// `object[name]`, or what reading it threw.
pub(super) fn try_member(
    object: &JsValue,
    name: fn(&Names) -> &JsValue,
) -> Result<JsValue, JsValue> {
    NAMES.with(|names| Reflect::get(object, name(names)))
}

/// `object[name]` (`undefined` if reading it throws).
pub(super) fn member(object: &JsValue, name: fn(&Names) -> &JsValue) -> JsValue {
    try_member(object, name).unwrap_or(JsValue::UNDEFINED)
}

/// Results cross the boundary as one JSON text turned into plain objects by the engine's
/// `JSON.parse`: one crossing instead of one per field (serde-wasm-bindgen's way), which is
/// several times faster for the small nested objects invitekit returns. The client's results
/// are written by their `Serialize` ([`to_js`]); the core's by hand (`to_json`), so that the
/// core-only build carries no serde.
pub(crate) fn json_to_js(text: &str) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(text).map_err(|_| {
        to_js_error(InviteError::new(
            ErrorCode::InvalidInput,
            "could not convert a result to JavaScript: JSON.parse failed",
        ))
    })
}

/// A client result through its `Serialize`, as one JSON text (see [`json_to_js`]).
#[cfg(feature = "client")]
pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|e| {
        to_js_error(InviteError::new(
            ErrorCode::InvalidInput,
            format!("could not convert a result to JavaScript: {e}"),
        ))
    })?;
    json_to_js(&text)
}

/// Why `read_bounded` read nothing.
pub(super) enum Unread {
    NotAString,
    TooLong,
}

/// `value` as a `String` of at most `max` UTF-8 bytes. One call that type-checks, bounds and
/// copies (the engine's UTF-8 encoder into a reused buffer) where wasm-bindgen's glue makes
/// three and copies ASCII a character at a time: -0.35 us on a 415-byte token in Node. The
/// glue's way remains for what the buffer cannot take.
#[inline(never)]
pub(super) fn read_bounded(value: &JsValue, max: usize) -> Result<String, Unread> {
    match read_scratch(value, max, read_string) {
        Some(Ok(bytes)) => {
            if let Ok(text) = String::from_utf8(bytes) {
                return Ok(text);
            }
        }
        Some(Err(READ_NOT_A_STRING)) => return Err(Unread::NotAString),
        Some(Err(READ_TOO_LONG)) => return Err(Unread::TooLong),
        _ => {}
    }
    // A JS string's UTF-8 form is never shorter than its UTF-16 length: too long by length is
    // too long, and refused before the copy.
    if let Some(js) = value.dyn_ref::<js_sys::JsString>() {
        if js.length() as usize > max {
            return Err(Unread::TooLong);
        }
    }
    let text = value.as_string().ok_or(Unread::NotAString)?;
    if text.len() > max {
        return Err(Unread::TooLong);
    }
    Ok(text)
}

/// A decoded token as the JS `DecodedToken`, in one call. The order of the parts is the order
/// `decodedToken` in js/runtime.js reads them in.
pub(super) fn decoded_to_js(d: &token::DecodedToken) -> Result<JsValue, JsValue> {
    let fixed = [
        Some(d.claims.get()),
        Some(d.header.alg.as_str()),
        d.header.typ.as_deref(),
        d.header.kid.as_deref(),
        d.email.as_deref(),
        d.organization.as_deref(),
        d.expires_at.as_deref(),
        d.not_before.as_deref(),
        d.issued_at.as_deref(),
    ];
    let parts = fixed
        .into_iter()
        .chain(d.roles.iter().map(|r| Some(r.as_str())));
    let mut text = String::with_capacity(d.claims.get().len() + 160);
    let mut lengths = Vec::with_capacity(fixed.len() + d.roles.len());
    for part in parts {
        let length = part.map_or(0, |p| {
            text.push_str(p);
            let units = if p.is_ascii() {
                p.len()
            } else {
                p.encode_utf16().count()
            };
            u32::try_from(units).map_or(u32::MAX, |u| u.saturating_add(1))
        });
        lengths.push(length);
    }
    let value = decoded_token(&text, &lengths, d.expired, d.not_yet_valid);
    if value.is_undefined() {
        return Err(to_js_error(InviteError::new(
            ErrorCode::InvalidToken,
            "the token's payload is not valid JSON",
        )));
    }
    Ok(value)
}
