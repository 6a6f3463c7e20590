//! `verifyInviteToken` on the platform's WebCrypto (`crypto.subtle`, present in browsers,
//! Web Workers, Node >= 20, workerd and Deno). The policy (allowed algorithms, `none`, kid
//! selection, key-type checks, claims) is the pure core's; this module only imports keys and
//! checks signatures. Imported keys are cached, keyed by algorithm and key material.
//! The signature check is chained in JavaScript (`js/runtime.js`): a Rust future around one
//! `crypto.subtle.verify` cost more than the verification of an HMAC.

use crate::error::{ErrorCode, InviteError};
use crate::token::{self, Algorithm, DecodedToken, Jwk, VerifyPolicy};
use crate::wasm::runtime::{signature_settled, signature_valid, to_js_error};
use js_sys::{Object, Promise, Reflect, Uint8Array};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::SubtleCrypto;

/// The key a caller passes: a shared secret, one JWK, or a JWKS. JWKs are kept as the JSON
/// text they crossed as (an object; the JWKS's `keys` array): a cached key is found by that
/// text without parsing it again.
pub enum KeyInput {
    Secret(Vec<u8>),
    Jwk(String),
    Jwks(String),
}

/// How many imported keys are kept; the cache is emptied when it fills (keys rotate rarely).
const KEY_CACHE_SIZE: usize = 64;

thread_local! {
    /// The cache keys (algorithm and key material) of the runtime's CryptoKey cache, each at
    /// its slot's index: at most 64, searched in order. The material stays here; JavaScript
    /// only holds the imported, non-extractable keys.
    static SLOTS: RefCell<Vec<Vec<u8>>> = const { RefCell::new(Vec::new()) };
    static SUBTLE: RefCell<Option<SubtleCrypto>> = const { RefCell::new(None) };
    /// The WebCrypto parameter objects, made once per algorithm.
    static PARAMS: RefCell<Vec<(Algorithm, Object, Object)>> = const { RefCell::new(Vec::new()) };
    /// Turns a failed signature check's answer into the `InviteError` thrown (made once).
    static FAILURE: Closure<dyn Fn(JsValue) -> JsValue> =
        Closure::new(|answer: JsValue| to_js_error(failure_of(&answer)));
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    // Setting a property on a plain object we just created cannot fail.
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

/// `crypto.subtle`, looked up once it is found.
fn subtle() -> Result<SubtleCrypto, InviteError> {
    if let Some(found) = SUBTLE.with(|s| s.borrow().clone()) {
        return Ok(found);
    }
    let global = js_sys::global();
    let found = Reflect::get(&global, &JsValue::from_str("crypto"))
        .ok()
        .and_then(|c| Reflect::get(&c, &JsValue::from_str("subtle")).ok())
        .and_then(|s| s.dyn_into::<SubtleCrypto>().ok())
        .ok_or_else(|| {
            InviteError::new(
                ErrorCode::UnsupportedAlgorithm,
                "this runtime has no WebCrypto (crypto.subtle); a secure context is required in browsers",
            )
        })?;
    SUBTLE.with(|s| *s.borrow_mut() = Some(found.clone()));
    Ok(found)
}

/// The WebCrypto algorithm parameters for importing a key and verifying with it.
fn params(alg: Algorithm) -> (Object, Object) {
    if let Some(found) = PARAMS.with(|p| {
        p.borrow()
            .iter()
            .find(|(a, _, _)| *a == alg)
            .map(|(_, i, v)| (i.clone(), v.clone()))
    }) {
        return found;
    }
    let import = Object::new();
    let verify = Object::new();
    let hash = JsValue::from_str(alg.hash());
    match alg.key_type() {
        "oct" => {
            set(&import, "name", &"HMAC".into());
            set(&import, "hash", &hash);
            set(&verify, "name", &"HMAC".into());
        }
        "RSA" => {
            set(&import, "name", &"RSASSA-PKCS1-v1_5".into());
            set(&import, "hash", &hash);
            set(&verify, "name", &"RSASSA-PKCS1-v1_5".into());
        }
        _ => {
            let curve = if alg == Algorithm::Es384 {
                "P-384"
            } else {
                "P-256"
            };
            set(&import, "name", &"ECDSA".into());
            set(&import, "namedCurve", &curve.into());
            set(&verify, "name", &"ECDSA".into());
            set(&verify, "hash", &hash);
        }
    }
    PARAMS.with(|p| p.borrow_mut().push((alg, import.clone(), verify.clone())));
    (import, verify)
}

fn key_error(what: &str) -> InviteError {
    InviteError::new(
        ErrorCode::InvalidInput,
        format!("the key could not be imported: {what}"),
    )
    .with_field("key")
}

fn signature_invalid() -> InviteError {
    InviteError::new(ErrorCode::SignatureInvalid, "the signature is invalid")
}

/// What a `signatureValid` answer other than `true` means.
fn failure_of(answer: &JsValue) -> InviteError {
    match answer.as_string() {
        Some(message) => key_error(&message),
        None => signature_invalid(),
    }
}

enum KeyMaterial {
    Raw(Vec<u8>),
    Jwk(Vec<(&'static str, String)>),
}

/// The cache key for `input` under `alg`: the algorithm, the kind of input, the token's `kid`
/// for a JWKS (it selects the key), and the material as given. The same key always gets the
/// same cache key, so a hit skips the JWK checks that the first import passed.
fn cache_key(input: &KeyInput, alg: Algorithm, kid: Option<&str>) -> Vec<u8> {
    let mut key = alg.as_str().as_bytes().to_vec();
    match input {
        KeyInput::Secret(bytes) => {
            key.extend_from_slice(b"\0secret\0");
            key.extend_from_slice(bytes);
        }
        KeyInput::Jwk(jwk) => {
            key.extend_from_slice(b"\0jwk\0");
            key.extend_from_slice(jwk.as_bytes());
        }
        KeyInput::Jwks(keys) => {
            key.extend_from_slice(b"\0jwks\0");
            key.extend_from_slice(kid.unwrap_or_default().as_bytes());
            key.push(0);
            key.extend_from_slice(keys.as_bytes());
        }
    }
    key
}

/// The message for a key that is none of the three shapes.
pub const KEY_SHAPES: &str = "key must be { secret }, { jwk } or { jwks: { keys } }";

fn not_a_key() -> InviteError {
    InviteError::new(ErrorCode::InvalidInput, KEY_SHAPES).with_field("key")
}

fn material(
    input: &KeyInput,
    alg: Algorithm,
    kid: Option<&str>,
) -> Result<KeyMaterial, InviteError> {
    match input {
        KeyInput::Secret(bytes) => {
            if alg.key_type() != "oct" {
                return Err(InviteError::new(
                    ErrorCode::UnsupportedAlgorithm,
                    format!(
                        "a shared secret cannot verify {}; pass {{ jwk }} or {{ jwks }}",
                        alg.as_str()
                    ),
                ));
            }
            token::check_hmac_secret(bytes)?;
            Ok(KeyMaterial::Raw(bytes.clone()))
        }
        KeyInput::Jwk(text) => {
            let jwk = Jwk::parse(text).ok_or_else(not_a_key)?;
            Ok(KeyMaterial::Jwk(token::public_jwk(&jwk, alg)?))
        }
        KeyInput::Jwks(text) => {
            let keys = Jwk::list(text).ok_or_else(not_a_key)?;
            let jwk = token::select_jwk(&keys, kid, alg)?;
            Ok(KeyMaterial::Jwk(token::public_jwk(jwk, alg)?))
        }
    }
}

/// What to import into a new slot: the WebCrypto key format and the key data.
type Import = (&'static str, JsValue);

/// The slot holding the key for `input`, and what to import into it when it is new.
fn slot_for(
    input: &KeyInput,
    alg: Algorithm,
    kid: Option<&str>,
) -> Result<(u32, Option<Import>), InviteError> {
    let cache_key = cache_key(input, alg, kid);
    let cached = SLOTS.with(|s| s.borrow().iter().position(|k| *k == cache_key));
    if let Some(slot) = cached.and_then(|i| u32::try_from(i).ok()) {
        return Ok((slot, None));
    }
    let import = match material(input, alg, kid)? {
        KeyMaterial::Raw(bytes) => ("raw", Uint8Array::from(bytes.as_slice()).into()),
        KeyMaterial::Jwk(jwk) => {
            let obj = Object::new();
            for (k, v) in &jwk {
                set(&obj, k, &JsValue::from_str(v));
            }
            set(&obj, "ext", &JsValue::TRUE);
            ("jwk", obj.into())
        }
    };
    let slot = SLOTS.with(|s| {
        let mut s = s.borrow_mut();
        if s.len() >= KEY_CACHE_SIZE {
            s.clear();
        }
        let slot = u32::try_from(s.len()).unwrap_or(0);
        s.push(cache_key);
        slot
    });
    Ok((slot, Some(import)))
}

/// A token whose signature check is under way: its claims are decoded and checked meanwhile
/// (WebCrypto works off the main thread in Node, Deno and workerd, so this time is hidden), and
/// their outcome is reported only once the signature holds.
struct Started {
    answer: Promise,
    outcome: Result<DecodedToken, InviteError>,
}

/// Algorithm first (never `none`, never outside the allow-list), then the key and the start of
/// the signature check; then the claims.
fn start(token: &str, key: &KeyInput, policy: &VerifyPolicy) -> Result<Started, InviteError> {
    let parsed = token::parse_token(token)?;
    let alg = policy.algorithm_of(&parsed.header)?;
    if alg
        .ec_signature_len()
        .is_some_and(|len| parsed.signature.len() != len)
    {
        return Err(signature_invalid());
    }
    let subtle = subtle()?;
    let (slot, import) = slot_for(key, alg, parsed.header.kid.as_deref())?;
    let (import_params, verify_params) = params(alg);
    let (format, key_data, import_params) = match import {
        Some((format, data)) => (Some(format), data, import_params.into()),
        None => (None, JsValue::UNDEFINED, JsValue::UNDEFINED),
    };
    let answer = signature_valid(
        &subtle,
        slot,
        format,
        &key_data,
        &import_params,
        &verify_params,
        &parsed.signature,
        parsed.signing_input.as_bytes(),
    );
    // A payload that is not base64url is refused at once as it would be before the start
    // (the check under way is dropped; its promise never rejects).
    let claims = parsed.claims()?;
    let outcome = token::decoded_from(parsed.header, claims, policy.time)
        .and_then(|decoded| policy.check_claims(&decoded).map(|()| decoded));
    Ok(Started { answer, outcome })
}

/// Verifies `token` with `key` under `policy`: algorithm first (never `none`, never outside
/// the allow-list), then the signature, then the claims.
pub async fn verify(
    token: &str,
    key: &KeyInput,
    policy: &VerifyPolicy,
) -> Result<DecodedToken, InviteError> {
    let started = start(token, key, policy)?;
    let answer = JsFuture::from(started.answer)
        .await
        .unwrap_or(JsValue::FALSE);
    if answer.as_bool() != Some(true) {
        return Err(failure_of(&answer));
    }
    started.outcome
}

/// `verifyInviteToken`'s promise, settled in JavaScript: no Rust future, no waker, and with
/// the key imported, one `then` on `crypto.subtle.verify`. `to_result` turns the checked
/// claims into the value the promise resolves to.
pub fn verify_promise(
    token: &str,
    key: &KeyInput,
    policy: &VerifyPolicy,
    to_result: impl FnOnce(&DecodedToken) -> Result<JsValue, JsValue>,
) -> Promise {
    let started = match start(token, key, policy) {
        Ok(s) => s,
        Err(e) => return Promise::reject(&to_js_error(e)),
    };
    let (result, failed) = match started
        .outcome
        .as_ref()
        .map_err(|e| to_js_error(e.clone()))
        .and_then(to_result)
    {
        Ok(value) => (value, false),
        Err(error) => (error, true),
    };
    FAILURE.with(|failure| signature_settled(&started.answer, &result, failed, failure.as_ref()))
}
