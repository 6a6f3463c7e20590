//! The only I/O in invitekit: one `HttpRequest` out, one `HttpResponse` back, through the
//! runtime's global `fetch(url, init)` (a window, a Web Worker, Node, workerd and Deno all have
//! one) or through a `fetch` function the caller supplied, which is given a `Request`. Every HTTP
//! status is data for the provider parsers; only a failure to get any answer is an error here.
//!
//! One attempt is one call into `attempt` in js/runtime.js and one awaited promise: the request
//! crosses as a handful of strings, the answer as `{ status, headers, body }`. (gloo-net built a
//! `Request` for every attempt, which fetch then copies again; in Node that alone cost more than
//! the 10% the client may add to a raw fetch. See the README's benchmark section.)

use crate::client::{Failure, Runtime};
use crate::http::{HttpRequest, HttpResponse};
use crate::wasm::runtime::{attempt, sleep_promise, AttemptResult};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

/// The largest response body read into memory.
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

fn method(m: crate::http::Method) -> &'static str {
    match m {
        crate::http::Method::Get => "GET",
        crate::http::Method::Post => "POST",
        crate::http::Method::Put => "PUT",
        crate::http::Method::Patch => "PATCH",
        crate::http::Method::Delete => "DELETE",
    }
}

/// Sends one request, giving up after `timeout_ms` or when `signal` aborts. `fetch` is the
/// caller's own `fetch` function when given.
pub async fn send(
    request: &HttpRequest,
    timeout_ms: u64,
    signal: Option<&AbortSignal>,
    fetch: Option<&js_sys::Function>,
) -> Result<HttpResponse, Failure> {
    let mut headers = Vec::with_capacity(request.headers.len() * 2);
    for (name, value) in &request.headers {
        headers.push(name.clone());
        headers.push(value.clone());
    }
    let promise = attempt(
        fetch,
        method(request.method),
        &request.url,
        headers,
        request.body.clone(),
        timeout_ms as f64,
        MAX_BODY_BYTES as f64,
        signal,
    );
    let outcome: AttemptResult = JsFuture::from(promise)
        .await
        .map_err(|_| Failure::Network("fetch failed".into()))?
        .unchecked_into();
    match outcome.failure().as_deref() {
        None => {}
        Some("timeout") => return Err(Failure::Timeout),
        Some("aborted") => return Err(Failure::Aborted),
        Some(_) => {
            return Err(Failure::Network(
                outcome.message().unwrap_or_else(|| "fetch failed".into()),
            ))
        }
    }
    let (Some(status), Some(flat), Some(body)) =
        (outcome.status(), outcome.headers(), outcome.body())
    else {
        return Err(Failure::Network(
            "fetch did not resolve to a Response".into(),
        ));
    };
    if body.len() > MAX_BODY_BYTES {
        return Err(Failure::Network(format!(
            "the response body is larger than {MAX_BODY_BYTES} bytes"
        )));
    }
    let mut headers = Vec::new();
    let mut lines = flat.split('\n');
    while let (Some(name), Some(value)) = (lines.next(), lines.next()) {
        headers.push((name.to_string(), value.to_string()));
    }
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}

/// `fetch` (the caller's or the global one) with the caller's optional `AbortSignal`.
pub struct FetchRuntime {
    pub fetch: Option<js_sys::Function>,
    pub signal: Option<AbortSignal>,
}

impl Runtime for FetchRuntime {
    async fn send(&self, request: &HttpRequest, timeout_ms: u64) -> Result<HttpResponse, Failure> {
        send(
            request,
            timeout_ms,
            self.signal.as_ref(),
            self.fetch.as_ref(),
        )
        .await
    }

    async fn sleep(&self, ms: u64) -> Result<(), Failure> {
        JsFuture::from(sleep_promise(ms as f64, self.signal.as_ref()))
            .await
            .map(|_| ())
            .map_err(|_| Failure::Aborted)
    }

    fn now(&self) -> i64 {
        js_sys::Date::now() as i64
    }

    fn random(&self) -> f64 {
        js_sys::Math::random()
    }
}
