//! `verifyInviteToken` on the platform's WebCrypto (`crypto.subtle`, present in browsers,
//! Web Workers, Node >= 20, workerd and Deno). The policy (allowed algorithms, `none`, kid
//! selection, key-type checks, claims) is the pure core's; this module only imports keys and
//! checks signatures. Imported keys are cached, keyed by algorithm and key material.

use crate::error::{ErrorCode, InviteError};
use crate::token::{self, Algorithm, DecodedToken, VerifyPolicy};
use js_sys::{Object, Reflect, Uint8Array};
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

/// The key a caller passes: a shared secret, one JWK, or a JWKS.
pub enum KeyInput {
    Secret(Vec<u8>),
    Jwk(Value),
    Jwks(Vec<Value>),
}

/// How many imported keys are kept; the cache is emptied when it fills (keys rotate rarely).
const KEY_CACHE_SIZE: usize = 64;

thread_local! {
    static KEYS: RefCell<HashMap<Vec<u8>, CryptoKey>> = RefCell::new(HashMap::new());
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    // Setting a property on a plain object we just created cannot fail.
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

fn subtle() -> Result<SubtleCrypto, InviteError> {
    let global = js_sys::global();
    Reflect::get(&global, &JsValue::from_str("crypto"))
        .ok()
        .and_then(|c| Reflect::get(&c, &JsValue::from_str("subtle")).ok())
        .and_then(|s| s.dyn_into::<SubtleCrypto>().ok())
        .ok_or_else(|| {
            InviteError::new(
                ErrorCode::UnsupportedAlgorithm,
                "this runtime has no WebCrypto (crypto.subtle); a secure context is required in browsers",
            )
        })
}

/// The WebCrypto algorithm parameters for importing a key and verifying with it.
fn params(alg: Algorithm) -> (Object, Object) {
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
    (import, verify)
}

fn key_error(e: JsValue) -> InviteError {
    let what = e
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_default();
    InviteError::new(
        ErrorCode::InvalidInput,
        format!("the key could not be imported: {what}"),
    )
    .with_field("key")
}

/// Imports (or takes from the cache) the key for `alg`.
async fn import(
    subtle: &SubtleCrypto,
    alg: Algorithm,
    material: KeyMaterial,
) -> Result<CryptoKey, InviteError> {
    let mut cache_key = alg.as_str().as_bytes().to_vec();
    cache_key.push(0);
    match &material {
        KeyMaterial::Raw(bytes) => cache_key.extend_from_slice(bytes),
        KeyMaterial::Jwk(jwk) => {
            cache_key.extend_from_slice(Value::Object(jwk.clone()).to_string().as_bytes())
        }
    }
    if let Some(key) = KEYS.with(|k| k.borrow().get(&cache_key).cloned()) {
        return Ok(key);
    }
    let (import_params, _) = params(alg);
    let usages = js_sys::Array::of1(&JsValue::from_str("verify"));
    let promise = match &material {
        KeyMaterial::Raw(bytes) => {
            let data = Uint8Array::from(bytes.as_slice());
            subtle.import_key_with_object("raw", &data.into(), &import_params, false, &usages)
        }
        KeyMaterial::Jwk(jwk) => {
            let obj = Object::new();
            for (k, v) in jwk {
                if let Some(s) = v.as_str() {
                    set(&obj, k, &JsValue::from_str(s));
                }
            }
            set(&obj, "ext", &JsValue::TRUE);
            subtle.import_key_with_object("jwk", &obj, &import_params, false, &usages)
        }
    }
    .map_err(key_error)?;
    let key: CryptoKey = JsFuture::from(promise)
        .await
        .map_err(key_error)?
        .dyn_into()
        .map_err(key_error)?;
    KEYS.with(|k| {
        let mut k = k.borrow_mut();
        if k.len() >= KEY_CACHE_SIZE {
            k.clear();
        }
        k.insert(cache_key, key.clone());
    });
    Ok(key)
}

enum KeyMaterial {
    Raw(Vec<u8>),
    Jwk(Map<String, Value>),
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
        KeyInput::Jwk(jwk) => Ok(KeyMaterial::Jwk(token::public_jwk(jwk, alg)?)),
        KeyInput::Jwks(keys) => {
            let jwk = token::select_jwk(keys, kid, alg)?;
            Ok(KeyMaterial::Jwk(token::public_jwk(jwk, alg)?))
        }
    }
}

/// Verifies `token` with `key` under `policy`: algorithm first (never `none`, never outside
/// the allow-list), then the signature, then the claims.
pub async fn verify(
    token: &str,
    key: &KeyInput,
    policy: &VerifyPolicy,
) -> Result<DecodedToken, InviteError> {
    let parsed = token::parse_token(token)?;
    let alg = policy.algorithm_of(&parsed.header)?;
    let invalid = || InviteError::new(ErrorCode::SignatureInvalid, "the signature is invalid");
    if alg
        .ec_signature_len()
        .is_some_and(|len| parsed.signature.len() != len)
    {
        return Err(invalid());
    }
    let material = material(key, alg, parsed.header.kid.as_deref())?;
    let subtle = subtle()?;
    let crypto_key = import(&subtle, alg, material).await?;
    let (_, verify_params) = params(alg);
    let signature = Uint8Array::from(parsed.signature.as_slice());
    let data = Uint8Array::from(parsed.signing_input.as_bytes());
    let promise = subtle
        .verify_with_object_and_buffer_source_and_buffer_source(
            &verify_params,
            &crypto_key,
            &signature,
            &data,
        )
        .map_err(|_| invalid())?;
    let ok = JsFuture::from(promise).await.map_err(|_| invalid())?;
    if ok.as_bool() != Some(true) {
        return Err(invalid());
    }
    let decoded = token::decoded_from(parsed.header, parsed.claims, policy.time)?;
    policy.check_claims(&decoded)?;
    Ok(decoded)
}
