//! The conversions at the boundary, written once for every export: arguments type-checked and
//! read into core types, input errors made into the JS `InviteError` (the faster readers and
//! writers they use are in `crossing`).

use super::*;

pub(crate) fn input_error(field: &str, message: impl Into<String>) -> JsValue {
    to_js_error(InviteError::new(ErrorCode::InvalidInput, message).with_field(field))
}

/// An argument that is an object of named members (options, a draft, link parts), read
/// member by member into core types: `undefined`/`null` is an object with no members (all
/// defaults), anything else but an object is refused, and so is a member of the wrong type,
/// by name (`options is not valid: issuer must be a string`). Members not read are ignored. A
/// member whose getter throws is refused too, so nothing throws through wasm.
pub(crate) struct Members<'a> {
    object: Option<&'a JsValue>,
    what: &'static str,
}

impl<'a> Members<'a> {
    pub(crate) fn of(value: &'a JsValue, what: &'static str) -> Result<Self, JsValue> {
        if value.is_undefined() || value.is_null() {
            return Ok(Members { object: None, what });
        }
        if !value.is_object() {
            return Err(input_error(what, format!("{what} must be an object")));
        }
        Ok(Members {
            object: Some(value),
            what,
        })
    }

    /// `what is not valid: {label} {problem}`, as the `InviteError` for the argument.
    pub(crate) fn invalid(&self, label: &str, problem: &str) -> JsValue {
        let what = self.what;
        input_error(what, format!("{what} is not valid: {label} {problem}"))
    }

    /// The member, `None` when absent (`undefined` or `null`).
    pub(crate) fn get(
        &self,
        name: fn(&Names) -> &JsValue,
        label: &str,
    ) -> Result<Option<JsValue>, JsValue> {
        let Some(object) = self.object else {
            return Ok(None);
        };
        let v = try_member(object, name).map_err(|_| {
            let what = self.what;
            input_error(
                what,
                format!("{what} is not valid: reading one of its members threw ({label})"),
            )
        })?;
        Ok((!v.is_undefined() && !v.is_null()).then_some(v))
    }

    /// The member converted by `convert`, refused as `{label} {must}` where it gives `None`.
    fn typed<T>(
        &self,
        name: fn(&Names) -> &JsValue,
        label: &str,
        convert: impl FnOnce(&JsValue) -> Option<T>,
        must: &str,
    ) -> Result<Option<T>, JsValue> {
        self.get(name, label)?
            .map(|v| convert(&v).ok_or_else(|| self.invalid(label, must)))
            .transpose()
    }

    pub(crate) fn text(
        &self,
        name: fn(&Names) -> &JsValue,
        label: &str,
    ) -> Result<Option<String>, JsValue> {
        self.typed(name, label, JsValue::as_string, "must be a string")
    }

    pub(crate) fn number(
        &self,
        name: fn(&Names) -> &JsValue,
        label: &str,
    ) -> Result<Option<f64>, JsValue> {
        self.typed(name, label, JsValue::as_f64, "must be a number")
    }

    pub(crate) fn flag(
        &self,
        name: fn(&Names) -> &JsValue,
        label: &str,
    ) -> Result<Option<bool>, JsValue> {
        self.typed(name, label, JsValue::as_bool, "must be true or false")
    }

    /// A whole number from 0 to 2^32 - 1 (seconds, a page size).
    pub(crate) fn count(
        &self,
        name: fn(&Names) -> &JsValue,
        label: &str,
    ) -> Result<Option<u32>, JsValue> {
        self.number(name, label)?
            .map(|n| {
                (n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n))
                    .then_some(n as u32)
                    .ok_or_else(|| {
                        self.invalid(label, "must be a whole number from 0 to 4294967295")
                    })
            })
            .transpose()
    }

    /// An array of strings.
    pub(crate) fn texts(
        &self,
        name: fn(&Names) -> &JsValue,
        label: &str,
    ) -> Result<Option<Vec<String>>, JsValue> {
        self.typed(
            name,
            label,
            |v| {
                v.dyn_ref::<Array>()
                    .and_then(|list| list.iter().map(|s| s.as_string()).collect())
            },
            "must be an array of strings",
        )
    }

    /// An array of objects, each read by `read` (given the element's label, `label[i]`).
    pub(crate) fn objects<T>(
        &self,
        name: fn(&Names) -> &JsValue,
        label: &str,
        read: impl Fn(&Members, &str) -> Result<T, JsValue>,
    ) -> Result<Option<Vec<T>>, JsValue> {
        let Some(v) = self.get(name, label)? else {
            return Ok(None);
        };
        let list = v
            .dyn_ref::<Array>()
            .ok_or_else(|| self.invalid(label, "must be an array of objects"))?;
        list.iter()
            .enumerate()
            .map(|(i, item)| {
                let label = format!("{label}[{i}]");
                if !item.is_object() {
                    return Err(self.invalid(&label, "must be an object"));
                }
                read(
                    &Members {
                        object: Some(&item),
                        what: self.what,
                    },
                    &label,
                )
            })
            .collect::<Result<Vec<T>, JsValue>>()
            .map(Some)
    }
}

/// A JSON-shaped value (a draft's message payload) as its JSON text, through the engine's
/// `JSON.stringify`; `None` where it has no JSON form (a function, a BigInt, a cycle).
pub(crate) fn json_text(value: &JsValue) -> Option<JsonText> {
    JsonText::new(js_sys::JSON::stringify(value).ok()?.as_string()?)
}

/// A JSON-shaped value (a resend's message, a patch) as serde_json's `Value` (see
/// [`json_text`]).
#[cfg(feature = "client")]
pub(crate) fn json_value(value: &JsValue) -> Option<serde_json::Value> {
    serde_json::from_str(json_text(value)?.get()).ok()
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
