//! The helpers the provider modules share to build requests and read answers: path segments,
//! URLs, headers, JSON bodies, status codes, `Retry-After`, error messages, and the draft
//! fields a credentials-scoped provider cannot carry.

use super::*;

/// Largest response body a parser reads (bigger answers are `malformed_response`).
pub const MAX_RESPONSE_BYTES: usize = 4 * 1024 * 1024;
/// Longest `Retry-After` honoured; longer waits are reported, not slept through.
pub const MAX_RETRY_AFTER_MS: u64 = 10 * 60 * 1000;

/// Percent-encodes one path segment: everything but RFC 3986 unreserved characters, so `/`,
/// `?`, `#`, `%`, `..` tricks and CR/LF in ids or codes are data, never structure.
pub fn segment(value: &str) -> Result<String, InviteError> {
    if value.is_empty() {
        return Err(InviteError::new(
            ErrorCode::InvalidInput,
            "an id or code is empty",
        ));
    }
    if value.len() > 1024 {
        return Err(InviteError::new(
            ErrorCode::InvalidInput,
            "an id or code is longer than 1 KiB",
        ));
    }
    let encoded = crate::http::percent_encode(value);
    // encodeURIComponent keeps !'()* and a lone "." or ".." segment would still be read as a
    // path step: encode those too.
    let encoded = encoded
        .replace('!', "%21")
        .replace('\'', "%27")
        .replace('(', "%28")
        .replace(')', "%29")
        .replace('*', "%2A");
    Ok(match encoded.as_str() {
        "." => "%2E".to_string(),
        ".." => "%2E%2E".to_string(),
        _ => encoded,
    })
}

/// `base` + path + `?query` with each query value encoded.
pub fn url(config: &Config, path: &str, query: &[(&str, String)]) -> String {
    let mut out = format!("{}{}", config.base_url, path);
    for (i, (k, v)) in query.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(k);
        out.push('=');
        out.push_str(&crate::http::percent_encode(v));
    }
    out
}

/// A request with the JSON content negotiation every provider uses.
pub fn request(
    method: Method,
    url: String,
    auth: Vec<(String, String)>,
    body: Option<&Value>,
) -> HttpRequest {
    let mut headers = vec![("Accept".to_string(), "application/json".to_string())];
    if body.is_some() {
        headers.push(("Content-Type".to_string(), "application/json".to_string()));
    }
    headers.extend(auth);
    HttpRequest {
        method,
        url,
        headers,
        body: body.map(Value::to_string),
    }
}

pub fn header(name: &str, value: String) -> (String, String) {
    (name.to_string(), value)
}

pub fn basic(username: &str, password: &str) -> String {
    format!(
        "Basic {}",
        crate::http::base64_standard(format!("{username}:{password}").as_bytes())
    )
}

/// A numeric id in a path (Toggl's organization and invitation ids, Jaqpot's `orgId`).
pub fn integer_id(
    value: Option<&str>,
    field: &str,
    provider: Provider,
) -> Result<u64, InviteError> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty() && v.len() <= 19 && v.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|v| v.parse::<u64>().ok())
        .ok_or_else(|| {
            InviteError::new(
                ErrorCode::InvalidInput,
                format!("{provider} needs a numeric {field} here"),
            )
            .with_field(field)
        })
}

/// The one email of a single-invitation create (Gencove, CloudTruth, Logto); `name` is how
/// the message spells the provider.
pub fn single_email(emails: &[String], provider: Provider) -> Result<&String, InviteError> {
    match emails {
        [email] => Ok(email),
        _ => Err(InviteError::new(
            ErrorCode::InvalidInput,
            format!(
                "{} creates one invitation per request",
                module(provider).display_name
            ),
        )),
    }
}

pub fn required<'a>(
    value: Option<&'a str>,
    field: &str,
    what: &str,
) -> Result<&'a str, InviteError> {
    value.filter(|v| !v.trim().is_empty()).ok_or_else(|| {
        InviteError::new(ErrorCode::InvalidInput, format!("{what} is required")).with_field(field)
    })
}

pub fn malformed(provider: Provider, status: u16, what: &str) -> InviteError {
    InviteError::new(
        ErrorCode::MalformedResponse,
        format!("{provider} sent a response invitekit cannot read: {what}"),
    )
    .with_provider(provider)
    .with_status(status)
}

/// The body as JSON; an empty or non-JSON body is `malformed_response`.
pub fn json_body(provider: Provider, response: &HttpResponse) -> Result<Value, InviteError> {
    serde_json::from_str(&response.body)
        .map_err(|_| malformed(provider, response.status, "the body is not valid JSON"))
}

/// The body as one JSON object (an invitation); anything else is `malformed_response`.
pub fn json_object(provider: Provider, response: &HttpResponse) -> Result<Value, InviteError> {
    let body = json_body(provider, response)?;
    if body.is_object() {
        Ok(body)
    } else {
        Err(malformed(
            provider,
            response.status,
            "the invitation is not a JSON object",
        ))
    }
}

/// A list's items: the objects of `list` when it is a JSON array (other entries are skipped);
/// no array is `malformed_response` saying `missing`.
pub fn json_items<'a>(
    provider: Provider,
    status: u16,
    list: Option<&'a Value>,
    missing: &str,
) -> Result<impl Iterator<Item = &'a Value>, InviteError> {
    let items = list
        .and_then(Value::as_array)
        .ok_or_else(|| malformed(provider, status, missing))?;
    Ok(items.iter().filter(|v| v.is_object()))
}

/// `Retry-After` in milliseconds (delta-seconds, also with a decimal fraction, or an
/// HTTP-date), capped.
pub fn retry_after_ms(response: &HttpResponse, now: EpochMs) -> Option<u64> {
    let value = response.header("retry-after")?.trim();
    let ms = match delay_seconds_ms(value) {
        Some(ms) => ms,
        None => {
            let at = parse_http_date(value)?;
            u64::try_from(at.saturating_sub(now)).unwrap_or(0)
        }
    };
    Some(ms.min(MAX_RETRY_AFTER_MS))
}

/// `digits` or `digits.digits` seconds as milliseconds (a fraction past the millisecond is
/// dropped); `None` for anything else.
fn delay_seconds_ms(value: &str) -> Option<u64> {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || value.ends_with('.') {
        return None;
    }
    // Past 2^64 ms the wait is capped anyway: saturate instead of refusing.
    let seconds = whole.bytes().fold(0u64, |n, b| {
        n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
    });
    let ms = fraction
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(3)
        .fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
    Some(seconds.saturating_mul(1000).saturating_add(ms))
}

/// The code a bare HTTP status means, before any provider-specific reading of the body.
pub fn code_for_status(status: u16) -> ErrorCode {
    match status {
        400 | 405 | 413 | 415 | 422 => ErrorCode::InvalidInput,
        401 => ErrorCode::Unauthorized,
        402 => ErrorCode::QuotaExceeded,
        403 => ErrorCode::Forbidden,
        404 => ErrorCode::NotFound,
        409 => ErrorCode::AlreadyInvited,
        410 => ErrorCode::Expired,
        429 => ErrorCode::RateLimited,
        500..=599 => ErrorCode::ProviderUnavailable,
        _ => ErrorCode::MalformedResponse,
    }
}

/// A provider error with its own message kept in `detail` (the client redacts secrets from it).
pub fn status_error(
    provider: Provider,
    response: &HttpResponse,
    code: ErrorCode,
    detail: Option<String>,
    ctx: ParseContext,
) -> InviteError {
    let status = response.status;
    let what = match code {
        ErrorCode::NotFound => "the invitation was not found",
        ErrorCode::Unauthorized => "the credentials were refused",
        ErrorCode::Forbidden => "the credentials may not do this",
        ErrorCode::RateLimited => "too many requests",
        ErrorCode::QuotaExceeded => "the request quota is used up",
        ErrorCode::ProviderUnavailable => "the provider is unavailable",
        ErrorCode::AlreadyInvited => "this email is already invited",
        ErrorCode::AlreadyAccepted => "the invitation was already accepted",
        ErrorCode::AlreadyRejected => "the invitation was already declined",
        ErrorCode::Expired => "the invitation has expired",
        ErrorCode::Revoked => "the invitation was revoked",
        ErrorCode::EmailMismatch => "the signed-in user's email is not the invitee's",
        ErrorCode::InvalidEmail => "an email address was refused",
        ErrorCode::Unsupported => "the provider does not support this here",
        _ => "the request was refused",
    };
    let mut err = InviteError::new(code, format!("{provider} answered {status}: {what}"))
        .with_provider(provider)
        .with_status(status);
    if let Some(d) = detail
        .map(|d| d.trim().to_string())
        .filter(|d| !d.is_empty())
    {
        err.detail = Some(truncate_detail(&d));
    }
    if matches!(
        code,
        ErrorCode::RateLimited | ErrorCode::ProviderUnavailable
    ) {
        err.retry_after_ms = retry_after_ms(response, ctx.now);
    }
    err
}

fn truncate_detail(text: &str) -> String {
    match text.char_indices().nth(500) {
        Some((i, _)) => format!("{}…", text.get(..i).unwrap_or_default()),
        None => text.to_string(),
    }
}

/// A DRF-style error body (`{"detail": ...}`, `{"field": ["msg"]}`, `["msg"]`) as one line.
pub fn drf_message(body: &Value) -> Option<String> {
    match body {
        Value::Object(map) => {
            if let Some(Value::String(d)) = map.get("detail") {
                return Some(d.clone());
            }
            let parts: Vec<String> = map
                .iter()
                .map(|(field, v)| match v {
                    Value::Array(items) => format!(
                        "{field}: {}",
                        items
                            .iter()
                            .filter_map(Value::as_str)
                            .collect::<Vec<_>>()
                            .join(" ")
                    ),
                    Value::String(s) => format!("{field}: {s}"),
                    other => format!("{field}: {other}"),
                })
                .collect();
            (!parts.is_empty()).then(|| parts.join("; "))
        }
        Value::Array(items) => Some(
            items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(" "),
        ),
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

/// Text of a JSON value that may be a string or a number (ids).
pub fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// An ISO-8601 field normalised to UTC; unreadable times become `None`, never an error.
pub fn iso(value: Option<&Value>) -> Option<String> {
    value
        .and_then(Value::as_str)
        .and_then(crate::time::normalize_iso)
}

/// Sets the status readers see: expired when `expiresAt` + leeway has passed (model.rs).
pub fn finish(mut inv: Invitation, ctx: ParseContext) -> Invitation {
    let expires = inv.expires_at.as_deref().and_then(crate::time::parse_iso);
    inv.status = crate::model::effective_status(inv.status, expires, ctx.now, ctx.leeway_ms);
    inv
}

/// The value of `name` in a URL's query (for following `next` links as cursors).
pub fn query_param(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1.split('#').next()?;
    query
        .split('&')
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| *k == name)
        .and_then(|(_, v)| crate::link::percent_decode(v, true).ok())
}

/// The draft fields a provider whose credentials are the inviter has no place for: a message
/// of the caller's choosing, workspaces (Toggl's alone), an inviter id (Jaqpot, Gencove,
/// CloudTruth).
pub(crate) fn refuse_caller_choices(
    provider: Provider,
    draft: &InvitationDraft,
    out: &mut Problems,
) {
    let name = module(provider).display_name;
    out.refuse(
        draft.message.is_some(),
        "message",
        &format!("{name} takes no message"),
    );
    out.refuse(
        draft.workspaces.is_some(),
        "workspaces",
        "only Toggl takes workspaces",
    );
    out.refuse(
        draft.inviter_id.is_some(),
        "inviterId",
        &format!("{name} takes no inviterId: the credentials are the inviter"),
    );
}

/// The same, and the organization too, for a provider that invites into the credentials' own
/// organization (Gencove, CloudTruth).
pub(crate) fn refuse_credentials_scoped(
    provider: Provider,
    draft: &InvitationDraft,
    out: &mut Problems,
) {
    refuse_caller_choices(provider, draft, out);
    out.refuse(
        draft.organization.is_some() || draft.organization_id.is_some(),
        if draft.organization.is_some() {
            "organization"
        } else {
            "organizationId"
        },
        &format!(
            "{} invites into the organization of the credentials",
            module(provider).display_name
        ),
    );
}
