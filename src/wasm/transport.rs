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
