//! The conversions at the boundary, written once for every export: arguments type-checked and
//! read into core types, input errors made into the JS `InviteError` (the faster readers and
//! writers they use are in `crossing`).

use super::*;

pub(crate) fn input_error(field: &str, message: impl Into<String>) -> JsValue {
    to_js_error(InviteError::new(ErrorCode::InvalidInput, message).with_field(field))
}

/// Options objects: `undefined`/`null` mean "all defaults".
pub(crate) fn from_js<T: DeserializeOwned + Default>(
    value: JsValue,
    field: &str,
) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| input_error(field, format!("{field} is not valid: {e}")))
}

/// A string argument, type-checked. wasm-bindgen's `&str` glue does not check the JS type, and a
/// number or an object passed where a string is expected corrupts linear memory (a trap that
/// leaves the instance unusable), so every string crosses the boundary as a `JsValue`.
pub(crate) fn string_arg(value: &JsValue, field: &str) -> Result<String, JsValue> {
    value
        .as_string()
        .ok_or_else(|| input_error(field, format!("{field} must be a string")))
}

/// A string argument whose UTF-8 form may not exceed `max` bytes, refused with `error` before
/// it is copied into wasm memory.
pub(crate) fn bounded_string(
    value: &JsValue,
    field: &str,
    max: usize,
    error: impl FnOnce() -> InviteError,
) -> Result<String, JsValue> {
    read_bounded(value, max).map_err(|unread| match unread {
        Unread::NotAString => input_error(field, format!("{field} must be a string")),
        Unread::TooLong => to_js_error(error()),
    })
}

pub(crate) fn provider_arg(value: &JsValue) -> Result<Provider, JsValue> {
    let name = string_arg(value, "provider")?;
    Provider::parse(&name).ok_or_else(|| {
        input_error(
            "provider",
            format!("unknown provider {name:?}: expected one of toggl, jaqpot, gencove, cloudtruth, logto"),
        )
    })
}

/// The current time in epoch milliseconds, read here at the edge and passed into the core.
pub(crate) fn now_ms(explicit: Option<f64>) -> Result<i64, JsValue> {
    let ms = explicit.unwrap_or_else(js_sys::Date::now);
    if !ms.is_finite() || ms.abs() > crate::time::MAX_EPOCH_MS as f64 {
        return Err(input_error(
            "now",
            "now must be a finite time in epoch milliseconds",
        ));
    }
    Ok(ms as i64)
}
