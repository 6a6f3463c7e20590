//! The one import block of `js/runtime.js`, the JavaScript half of the boundary: every function
//! and class the Rust side calls there, grouped by who uses it, and the conversion of a core
//! error into the JS `InviteError` that every other wasm module throws with.

use crate::error::InviteError;
use crate::model::Provider;
use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::{AbortSignal, SubtleCrypto};

/// What `readString` and `readBytes` answer instead of a byte count (the same constants are in
/// js/runtime.js; a native test holds the two files to the same values).
pub(crate) const READ_NOT_A_STRING: i32 = -1;
pub(crate) const READ_TOO_LONG: i32 = -2;
/// The provider index `inviteLink` takes for a link of no provider.
pub(crate) const NO_PROVIDER: i32 = -1;

#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    // from src/wasm/bindings.rs

    #[wasm_bindgen(js_name = InviteError)]
    pub(crate) type JsInviteError;

    #[wasm_bindgen(constructor, js_class = "InviteError")]
    pub(crate) fn new(code: &str, message: &str, details: &JsValue) -> JsInviteError;

    /// Builds the JS `InviteLink` from its parts: one call, the strings copied once each. The
    /// provider is its index in `Provider::ALL` ([`NO_PROVIDER`] for none), the kind its index
    /// in `LinkKind::ALL`.
    #[wasm_bindgen(js_name = inviteLink)]
    pub(crate) fn invite_link(
        provider: i32,
        kind: u32,
        value: &str,
        organization: Option<&str>,
        email: Option<&str>,
        format: &str,
    ) -> JsValue;

    /// Builds the JS `Capabilities` from `Capabilities::bits`.
    #[wasm_bindgen(js_name = capabilitiesOf)]
    pub(crate) fn capabilities_of(bits: u32) -> JsValue;

    /// Builds the JS `AcceptanceCheck`.
    #[wasm_bindgen(js_name = acceptanceCheck)]
    pub(crate) fn acceptance_check(ok: bool, code: Option<&str>, message: Option<&str>) -> JsValue;

    /// Builds the JS `DecodedToken` from one text holding every string of it, one after the
    /// other (the claims first, as the token's own JSON text), and their UTF-16 lengths plus
    /// one (0: absent): one string crossing instead of one per field. Answers `undefined` if
    /// the claims' `JSON.parse` throws, so nothing ever throws through wasm whatever the core
    /// let through.
    #[wasm_bindgen(js_name = decodedToken)]
    pub(crate) fn decoded_token(
        text: &str,
        lengths: &[u32],
        expired: bool,
        not_yet_valid: bool,
    ) -> JsValue;

    /// Copies the string `value` into `into` as UTF-8 in one call: the byte count,
    /// [`READ_NOT_A_STRING`], or [`READ_TOO_LONG`] if it does not fit.
    #[wasm_bindgen(js_name = readString)]
    pub(crate) fn read_string(value: &JsValue, into: &mut [u8]) -> i32;

    /// `readString`, and a `Uint8Array` copied as it is.
    #[wasm_bindgen(js_name = readBytes)]
    pub(crate) fn read_bytes(value: &JsValue, into: &mut [u8]) -> i32;

    /// The runtime's URL Standard host parser: `new URL("http://" + domain).hostname`, or
    /// undefined where URL refuses the host.
    #[wasm_bindgen(js_name = domainToAscii)]
    pub(crate) fn domain_to_ascii(domain: &str) -> Option<String>;
    // from src/wasm/crypto.rs

    /// Imports the key into slot `slot` of the runtime's CryptoKey cache when `format` is given
    /// (else takes the slot's key) and starts the signature check. Resolves to `true`, `false`,
    /// or the key import's error message, never rejecting.
    #[wasm_bindgen(js_name = signatureValid)]
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn signature_valid(
        subtle: &SubtleCrypto,
        slot: u32,
        format: Option<&str>,
        key_data: &JsValue,
        import_params: &JsValue,
        verify_params: &Object,
        signature: &[u8],
        data: &[u8],
    ) -> Promise;

    /// Settles as `verifyInviteToken` does, once `answer` (from `signatureValid`) is in:
    /// `result` if the signature holds (thrown if `failed`), else the error `failure(answer)`
    /// builds.
    #[wasm_bindgen(js_name = signatureSettled)]
    pub(crate) fn signature_settled(
        answer: &Promise,
        result: &JsValue,
        failed: bool,
        failure: &JsValue,
    ) -> Promise;
    // from src/wasm/transport.rs

    /// What `attempt` resolves to.
    pub(crate) type AttemptResult;

    #[wasm_bindgen(method, getter)]
    pub(crate) fn failure(this: &AttemptResult) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    pub(crate) fn message(this: &AttemptResult) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    pub(crate) fn status(this: &AttemptResult) -> Option<u16>;
    /// Every response header as `name\nvalue\n` lines (one string crossing for all).
    #[wasm_bindgen(method, getter)]
    pub(crate) fn headers(this: &AttemptResult) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    pub(crate) fn body(this: &AttemptResult) -> Option<String>;

    #[allow(clippy::too_many_arguments)]
    #[wasm_bindgen(js_name = attempt)]
    pub(crate) fn attempt(
        fetch: Option<&js_sys::Function>,
        method: &str,
        url: &str,
        headers: Vec<String>,
        body: Option<String>,
        ms: f64,
        max_bytes: f64,
        signal: Option<&AbortSignal>,
    ) -> js_sys::Promise;

    #[wasm_bindgen(js_name = sleep)]
    pub(crate) fn sleep_promise(ms: f64, signal: Option<&AbortSignal>) -> js_sys::Promise;
    // from src/wasm/bindings/client.rs

    #[wasm_bindgen(js_name = listPages)]
    pub(crate) fn list_pages(fetch_page: &JsValue, cursor: &JsValue) -> JsValue;

    #[wasm_bindgen(js_name = inBrowserWindow)]
    pub(crate) fn in_browser_window() -> bool;
}

/// Converts a core error into the JS `InviteError` (a real `Error` subclass).
pub fn to_js_error(err: InviteError) -> JsValue {
    let details = Object::new();
    let set = |k: &str, v: JsValue| {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&details, &JsValue::from_str(k), &v);
    };
    let opt_str = |v: Option<&str>| v.map_or(JsValue::NULL, JsValue::from_str);
    set("provider", opt_str(err.provider.map(Provider::as_str)));
    set("status", err.status.map_or(JsValue::NULL, JsValue::from));
    set(
        "retryAfterMs",
        err.retry_after_ms
            .map_or(JsValue::NULL, |ms| JsValue::from(ms as f64)),
    );
    set("field", opt_str(err.field.as_deref()));
    set("detail", opt_str(err.detail.as_deref()));
    JsInviteError::new(err.code.as_str(), &err.message, &details).into()
}
