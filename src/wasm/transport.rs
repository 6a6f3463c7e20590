//! The only I/O in invitekit: one `HttpRequest` out, one `HttpResponse` back, through gloo-net
//! (which calls the runtime's global `fetch`: a window, a Web Worker, Node, workerd and Deno all
//! have one) or through a `fetch` function the caller supplied. Every HTTP status is data for
//! the provider parsers; only a failure to get any answer is an error here.

use crate::http::{HttpRequest, HttpResponse};
use gloo_net::http::{Method as GlooMethod, RequestBuilder, Response};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

/// Why no response came back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransportError {
    /// The request could not be made or the connection failed (DNS, refused, reset, CORS...).
    Network(String),
    /// The signal passed in was aborted (by the caller, or by the client's own timeout; the
    /// client tells those apart by its own flag).
    Aborted,
}

/// The largest response body read into memory.
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

fn method(m: crate::http::Method) -> GlooMethod {
    match m {
        crate::http::Method::Get => GlooMethod::GET,
        crate::http::Method::Post => GlooMethod::POST,
        crate::http::Method::Put => GlooMethod::PUT,
        crate::http::Method::Patch => GlooMethod::PATCH,
        crate::http::Method::Delete => GlooMethod::DELETE,
    }
}

fn failure(signal: Option<&AbortSignal>, error: String) -> TransportError {
    if signal.is_some_and(AbortSignal::aborted) {
        TransportError::Aborted
    } else {
        TransportError::Network(error)
    }
}

fn js_message(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "fetch failed".to_string())
}

/// Sends one request. `fetch` is the caller's own `fetch` function when given.
pub async fn send(
    request: &HttpRequest,
    signal: Option<&AbortSignal>,
    fetch: Option<&js_sys::Function>,
) -> Result<HttpResponse, TransportError> {
    let mut builder = RequestBuilder::new(&request.url)
        .method(method(request.method))
        .abort_signal(signal);
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    let built = match &request.body {
        Some(body) => builder.body(body.clone()),
        None => builder.build(),
    }
    .map_err(|e| TransportError::Network(e.to_string()))?;

    let response = match fetch {
        None => built
            .send()
            .await
            .map_err(|e| failure(signal, e.to_string()))?,
        Some(f) => {
            let raw: web_sys::Request = built.into();
            let promise = f
                .call1(&JsValue::UNDEFINED, &raw)
                .map_err(|e| failure(signal, js_message(&e)))?;
            let promise: js_sys::Promise = promise
                .dyn_into()
                .map_err(|_| TransportError::Network("fetch did not return a Promise".into()))?;
            let value = JsFuture::from(promise)
                .await
                .map_err(|e| failure(signal, js_message(&e)))?;
            let raw: web_sys::Response = value.dyn_into().map_err(|_| {
                TransportError::Network("fetch did not resolve to a Response".into())
            })?;
            Response::from(raw)
        }
    };
    read(response, signal).await
}

async fn read(
    response: Response,
    signal: Option<&AbortSignal>,
) -> Result<HttpResponse, TransportError> {
    let status = response.status();
    let headers: Vec<(String, String)> = response.headers().entries().collect();
    let body = response
        .text()
        .await
        .map_err(|e| failure(signal, e.to_string()))?;
    if body.len() > MAX_BODY_BYTES {
        return Err(TransportError::Network(format!(
            "the response body is larger than {MAX_BODY_BYTES} bytes"
        )));
    }
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}

// ---------------------------------------------------------------------------------------------
// The client's runtime over fetch: per-attempt timeouts, the caller's AbortSignal, timers.

use crate::client::{Failure, Runtime};
use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    type AbortArm;

    #[wasm_bindgen(js_name = armAbort)]
    fn arm_abort(
        controller: &web_sys::AbortController,
        ms: f64,
        signal: Option<&AbortSignal>,
    ) -> AbortArm;

    #[wasm_bindgen(method)]
    fn disarm(this: &AbortArm);

    #[wasm_bindgen(method, js_name = timedOut)]
    fn timed_out(this: &AbortArm) -> bool;

    #[wasm_bindgen(js_name = sleep)]
    fn sleep_promise(ms: f64, signal: Option<&AbortSignal>) -> js_sys::Promise;
}

/// `fetch` (the caller's or the global one) with the caller's optional `AbortSignal`.
pub struct FetchRuntime {
    pub fetch: Option<js_sys::Function>,
    pub signal: Option<AbortSignal>,
}

impl Runtime for FetchRuntime {
    async fn send(&self, request: &HttpRequest, timeout_ms: u64) -> Result<HttpResponse, Failure> {
        if self.signal.as_ref().is_some_and(AbortSignal::aborted) {
            return Err(Failure::Aborted);
        }
        let controller =
            web_sys::AbortController::new().map_err(|e| Failure::Network(js_message(&e)))?;
        // Our own controller: aborted with no reason on timeout or when the caller aborts, so
        // whether it timed out is read from our flag, never from the abort reason.
        let arm = arm_abort(&controller, timeout_ms as f64, self.signal.as_ref());
        let result = send(request, Some(&controller.signal()), self.fetch.as_ref()).await;
        arm.disarm();
        match result {
            Err(TransportError::Aborted) if arm.timed_out() => Err(Failure::Timeout),
            Err(TransportError::Aborted) => Err(Failure::Aborted),
            Err(TransportError::Network(m)) => Err(Failure::Network(m)),
            Ok(response) => Ok(response),
        }
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
