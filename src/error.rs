//! One error type, [`InviteError`], with a stable [`ErrorCode`] (`err.code` in JavaScript).
//! Every layer reports failures in it directly; the wasm boundary converts it once into the
//! JavaScript `InviteError` class (`wasm::runtime::to_js_error`).

use crate::model::Provider;
use serde::Serialize;

macro_rules! error_codes {
    ($($variant:ident => $name:literal),+ $(,)?) => {
        /// The stable error codes of the JavaScript contract (`err.code`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
        #[serde(rename_all = "snake_case")]
        #[cfg_attr(test, derive(ts_rs::TS))]
        pub enum ErrorCode { $($variant),+ }

        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $name),+ }
            }
        }
    };
}

error_codes! {
    InvalidLink => "invalid_link",
    InvalidToken => "invalid_token",
    TokenExpired => "token_expired",
    TokenNotYetValid => "token_not_yet_valid",
    SignatureInvalid => "signature_invalid",
    UnsupportedAlgorithm => "unsupported_algorithm",
    InvalidEmail => "invalid_email",
    InvalidInput => "invalid_input",
    Unsupported => "unsupported",
    NotFound => "not_found",
    Expired => "expired",
    AlreadyAccepted => "already_accepted",
    AlreadyRejected => "already_rejected",
    Revoked => "revoked",
    EmailMismatch => "email_mismatch",
    AlreadyInvited => "already_invited",
    Unauthorized => "unauthorized",
    Forbidden => "forbidden",
    RateLimited => "rate_limited",
    QuotaExceeded => "quota_exceeded",
    ProviderUnavailable => "provider_unavailable",
    Network => "network",
    Timeout => "timeout",
    Aborted => "aborted",
    MalformedResponse => "malformed_response",
    InsecureTransport => "insecure_transport",
    SecretInBrowser => "secret_in_browser",
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error every public function returns. Its fields are exactly the JavaScript
/// `InviteError`'s; the bindings convert it once into a real JS `Error` subclass.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InviteError {
    pub code: ErrorCode,
    pub message: String,
    pub provider: Option<Provider>,
    pub status: Option<u16>,
    pub retry_after_ms: Option<u64>,
    pub field: Option<String>,
    pub detail: Option<String>,
}

impl InviteError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> InviteError {
        InviteError {
            code,
            message: message.into(),
            provider: None,
            status: None,
            retry_after_ms: None,
            field: None,
            detail: None,
        }
    }

    pub fn code(&self) -> ErrorCode {
        self.code
    }

    pub fn with_provider(mut self, provider: Provider) -> Self {
        self.provider = Some(provider);
        self
    }

    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub fn with_retry_after_ms(mut self, ms: Option<u64>) -> Self {
        self.retry_after_ms = ms;
        self
    }
}

impl std::fmt::Display for InviteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for InviteError {}
