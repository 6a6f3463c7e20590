//! The draft `create` takes ([`InvitationDraft`], as JavaScript callers give it), and the
//! problems a check of it finds ([`Problems`]): collected by the generic checks of
//! `validate` and by each provider module's own (`ProviderModule::check_draft`).

use crate::error::ErrorCode;
use crate::time::{parse_iso, EpochMs};
use serde::{Deserialize, Serialize};

/// A string or a number, as JS callers pass organization ids.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum IdValue {
    Text(String),
    Number(f64),
}

impl IdValue {
    /// The id as text: a whole number in digits, any other number in its shortest round-trip
    /// form (serde_json's, e.g. `1.5`, `1e-7`), NaN and the infinities by their JavaScript
    /// names.
    pub fn as_text(&self) -> String {
        match self {
            IdValue::Text(s) => s.clone(),
            IdValue::Number(n) if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 => {
                format!("{}", *n as i64)
            }
            IdValue::Number(n) => match serde_json::Number::from_f64(*n) {
                Some(number) => number.to_string(),
                None if n.is_nan() => "NaN".to_string(),
                None if *n > 0.0 => "Infinity".to_string(),
                None => "-Infinity".to_string(),
            },
        }
    }

    /// A positive integer id (Toggl `organization_id`, Jaqpot `orgId`).
    pub fn as_positive_int(&self) -> Option<u64> {
        match self {
            IdValue::Number(n)
                if n.fract() == 0.0 && *n >= 1.0 && *n < 9.007_199_254_740_992e15 =>
            {
                Some(*n as u64)
            }
            IdValue::Text(s)
                if !s.is_empty() && s.len() <= 19 && s.bytes().all(|b| b.is_ascii_digit()) =>
            {
                s.parse().ok().filter(|n| *n >= 1)
            }
            _ => None,
        }
    }
}

/// A JSON value kept as its text (a draft's message payload, as `JSON.stringify` wrote it):
/// checked to be one JSON value, read for its kind, and parsed only by the request that sends
/// it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonText(String);

impl JsonText {
    /// `text` when it is one JSON value.
    pub fn new(text: String) -> Option<JsonText> {
        crate::json::is_value(&text).then_some(JsonText(text))
    }

    pub fn get(&self) -> &str {
        &self.0
    }

    /// Whether the value is the literal `false`.
    pub fn is_false(&self) -> bool {
        self.0.trim() == "false"
    }

    /// Whether the value is an object.
    pub fn is_object(&self) -> bool {
        self.0.trim_start().starts_with('{')
    }

    /// The value, parsed (`null` where the text would not parse, which `new` rules out).
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::from_str(&self.0).unwrap_or_default()
    }
}

impl From<serde_json::Value> for JsonText {
    fn from(value: serde_json::Value) -> JsonText {
        JsonText(value.to_string())
    }
}

impl Serialize for JsonText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_value().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for JsonText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<JsonText, D::Error> {
        serde_json::Value::deserialize(deserializer).map(JsonText::from)
    }
}

/// A Toggl workspace grant in a create draft.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct WorkspaceGrant {
    pub id: f64,
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub role: Option<String>,
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub admin: Option<bool>,
}

/// Expiry as JS callers give it: ISO-8601 text or epoch milliseconds (a `Date` is turned into
/// milliseconds at the boundary).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum TimeValue {
    Ms(f64),
    Text(String),
}

impl TimeValue {
    pub fn to_ms(&self) -> Option<EpochMs> {
        match self {
            TimeValue::Ms(ms) if ms.is_finite() && ms.abs() <= crate::time::MAX_EPOCH_MS as f64 => {
                Some(ms.floor() as i64)
            }
            TimeValue::Ms(_) => None,
            TimeValue::Text(t) => parse_iso(t),
        }
    }
}

/// What `create` takes (`InvitationDraft` in JavaScript).
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(optional_fields))]
pub struct InvitationDraft {
    pub organization: Option<String>,
    #[cfg_attr(test, ts(type = "string | number", optional))]
    pub organization_id: Option<IdValue>,
    pub emails: Option<Vec<String>>,
    pub email: Option<String>,
    pub role: Option<String>,
    pub roles: Option<Vec<String>>,
    /// ISO-8601 text, epoch milliseconds or a `Date` (turned into milliseconds at the boundary).
    #[cfg_attr(test, ts(type = "string | number | Date", optional))]
    pub expires_at: Option<TimeValue>,
    pub workspaces: Option<Vec<WorkspaceGrant>>,
    /// An object (Logto `messagePayload`) or `false` (no email).
    #[cfg_attr(test, ts(type = "Record<string, unknown> | false", optional))]
    pub message: Option<JsonText>,
    pub inviter_id: Option<String>,
}

impl InvitationDraft {
    /// `email` and `emails` together, in order, as given (not yet trimmed or deduplicated).
    pub fn all_emails(&self) -> Vec<&str> {
        self.email
            .iter()
            .map(String::as_str)
            .chain(self.emails.iter().flatten().map(String::as_str))
            .collect()
    }

    /// The field the caller named roles with (`role` or `roles`), for messages.
    pub fn role_field(&self) -> &'static str {
        if self.role.is_some() {
            "role"
        } else {
            "roles"
        }
    }

    /// `role` and `roles` together.
    pub fn all_roles(&self) -> Vec<&str> {
        self.role
            .iter()
            .map(String::as_str)
            .chain(self.roles.iter().flatten().map(String::as_str))
            .collect()
    }

    /// The organization the caller named, by whichever field they used.
    pub fn organization_text(&self) -> Option<String> {
        self.organization_id
            .as_ref()
            .map(IdValue::as_text)
            .or_else(|| self.organization.clone())
            .filter(|s| !s.trim().is_empty())
    }
}

/// One problem with a draft.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "ValidationProblem"))]
pub struct Problem {
    pub field: String,
    pub code: ErrorCode,
    pub message: String,
}

/// Options of [`crate::validate::validate_invitation`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DraftRules {
    pub now: EpochMs,
    /// Whether the provider's per-request email limit applies (true for `validateInvitation`;
    /// `create` splits the list into requests that each respect it).
    pub per_call_limit: bool,
}

/// The problems found in a draft, in the order found.
#[derive(Debug, Default)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn add(&mut self, field: impl Into<String>, code: ErrorCode, message: impl Into<String>) {
        self.0.push(Problem {
            field: field.into(),
            code,
            message: message.into(),
        });
    }

    /// A field the provider's create request has no place for, when present: refused, never
    /// dropped in silence.
    pub fn refuse(&mut self, present: bool, field: &str, why: &str) {
        if present {
            self.add(field, ErrorCode::InvalidInput, why);
        }
    }

    /// A text longer than `max` characters.
    pub fn text_len(&mut self, value: Option<&str>, field: &str, max: usize) {
        if let Some(v) = value {
            if v.chars().count() > max {
                self.add(
                    field,
                    ErrorCode::InvalidInput,
                    format!("{field} is longer than {max} characters"),
                );
            }
        }
    }
}

/// `text` cut to `max` characters, with an ellipsis when cut (for quoting input in messages).
pub fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", text.get(..i).unwrap_or_default()),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn id_as_text_table() {
        let cases: &[(IdValue, &str)] = &[
            (IdValue::Text("org_1".into()), "org_1"),
            (IdValue::Number(42.0), "42"),
            (IdValue::Number(-7.0), "-7"),
            (IdValue::Number(1.5), "1.5"),
            (IdValue::Number(0.1 + 0.2), "0.30000000000000004"),
            (IdValue::Number(1e-7), "1e-7"),
            (IdValue::Number(f64::NAN), "NaN"),
            (IdValue::Number(f64::INFINITY), "Infinity"),
            (IdValue::Number(f64::NEG_INFINITY), "-Infinity"),
        ];
        for (id, want) in cases {
            assert_eq!(id.as_text(), *want, "{id:?}");
        }
    }
}
