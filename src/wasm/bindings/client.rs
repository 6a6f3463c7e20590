//! `InviteClient`: the JavaScript face of [`crate::client::Client`]. Options, references and
//! queries are converted here (credentials and list queries by `client/input.rs`); each method
//! returns a Promise whose future owns what it needs (so several calls on one client can be in
//! flight at once).

use super::{
    input_error, json_value, member, provider_arg, string_arg, to_js, to_js_error, try_member,
    Names,
};
use crate::client::{Client, ClientOptions};
use crate::contract::InvitationPage;
use crate::draft::InvitationDraft;
use crate::error::{ErrorCode, InviteError};
use crate::model::{Invitation, Provider};
use crate::providers::{self, Auth, Config, InvitationRef, ListQuery};
use crate::wasm::runtime::{in_browser_window, list_pages};
use crate::wasm::transport::{FetchRuntime, MAX_BODY_BYTES};
use js_sys::{Array, Object, Promise, Reflect, JSON};
use serde_json::Value;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;

mod input;
use input::{auth_input, list_query};

/// A number option within `min..=max` (whole-number bounds, so that the message needs no float
/// formatting).
fn number(
    obj: &JsValue,
    name: fn(&Names) -> &JsValue,
    key: &str,
    min: u32,
    max: u32,
) -> Result<Option<f64>, JsValue> {
    let v = member(obj, name);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    match v.as_f64() {
        Some(n) if n.is_finite() && (f64::from(min)..=f64::from(max)).contains(&n) => Ok(Some(n)),
        _ => Err(input_error(
            key,
            format!("{key} must be a number from {min} to {max}"),
        )),
    }
}

struct Inner {
    client: Client,
    fetch: Option<js_sys::Function>,
}

/// One provider, one set of credentials, one base URL.
#[wasm_bindgen(js_name = InviteClient)]
pub struct InviteClient {
    inner: Rc<Inner>,
}

fn signal_of(options: &JsValue) -> Result<Option<web_sys::AbortSignal>, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(None);
    }
    let s = member(options, |n| &n.signal);
    if s.is_undefined() || s.is_null() {
        return Ok(None);
    }
    s.dyn_into::<web_sys::AbortSignal>()
        .map(Some)
        .map_err(|_| input_error("signal", "signal must be an AbortSignal"))
}

/// A reference: a string (the provider's primary key), an `Invitation`, or `{ id, code, organization, organizationId }`.
fn ref_arg(value: &JsValue) -> Result<InvitationRef, JsValue> {
    if let Some(key) = value.as_string() {
        if key.is_empty() || key.len() > 1024 {
            return Err(input_error(
                "ref",
                "ref must be a non-empty id or code of at most 1 KiB",
            ));
        }
        return Ok(InvitationRef::key(&key));
    }
    if !value.is_object() {
        return Err(input_error(
            "ref",
            "ref must be a string, an Invitation or { id, code, organization, organizationId }",
        ));
    }
    let provider = member(value, |n| &n.provider);
    if !provider.is_undefined() && !member(value, |n| &n.status).is_undefined() {
        return invitation_ref(value, &provider);
    }
    let text = |name: fn(&Names) -> &JsValue, k: &str| -> Result<Option<String>, JsValue> {
        let v = member(value, name);
        if v.is_undefined() || v.is_null() {
            return Ok(None);
        }
        if let Some(s) = v.as_string() {
            return Ok(Some(s));
        }
        match v.as_f64() {
            Some(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => Ok(Some(format!("{}", n as i64))),
            _ => Err(input_error(k, format!("ref.{k} must be a string"))),
        }
    };
    Ok(InvitationRef {
        id: text(|n| &n.id, "id")?,
        code: text(|n| &n.code, "code")?,
        organization: text(|n| &n.organization, "organization")?,
        organization_id: text(|n| &n.organization_id, "organizationId")?,
        raw: None,
    })
}

/// The parts of an `Invitation` a call uses (id, code, organization, raw), read member by
/// member: serde-wasm-bindgen's walk of the whole object, `raw` included, cost ~9 us a call.
/// `provider` is its `provider` member, already read to tell it is an `Invitation`.
fn invitation_ref(value: &JsValue, provider: &JsValue) -> Result<InvitationRef, JsValue> {
    let invalid = |what: &str| input_error("ref", format!("the Invitation is not valid: {what}"));
    let text = |object: &JsValue, name: fn(&Names) -> &JsValue, label: &str| {
        let v =
            try_member(object, name).map_err(|_| invalid(&format!("{label} cannot be read")))?;
        if v.is_undefined() || v.is_null() {
            return Ok(None);
        }
        v.as_string()
            .map(Some)
            .ok_or_else(|| invalid(&format!("{label} must be a string or null")))
    };
    if provider
        .as_string()
        .and_then(|p| Provider::parse(&p))
        .is_none()
    {
        return Err(invalid(
            "provider must be one of toggl, jaqpot, gencove, cloudtruth, logto",
        ));
    }
    let organization = member(value, |n| &n.organization);
    let (org_id, org_name) = if organization.is_undefined() || organization.is_null() {
        (None, None)
    } else if organization.is_object() {
        (
            text(&organization, |n| &n.id, "organization.id")?,
            text(&organization, |n| &n.name, "organization.name")?,
        )
    } else {
        return Err(invalid("organization must be { id, name }"));
    };
    // `raw` is the provider's own JSON: one JSON.stringify in the engine, one serde_json parse.
    let raw = member(value, |n| &n.raw);
    let raw = if raw.is_undefined() || raw.is_null() {
        None
    } else {
        let json = JSON::stringify(&raw).map_err(|_| invalid("raw is not JSON"))?;
        // `undefined` for a function or a symbol.
        if !json.is_string() {
            return Err(invalid("raw is not JSON"));
        }
        // It came from a response body, which is never larger than this: the UTF-16 length is
        // checked before the copy into wasm, the UTF-8 length after it.
        let too_large = || invalid("raw is larger than the largest response body read (4 MiB)");
        if json.length() as usize > MAX_BODY_BYTES {
            return Err(too_large());
        }
        let json = json.as_string().ok_or_else(|| invalid("raw is not JSON"))?;
        if json.len() > MAX_BODY_BYTES {
            return Err(too_large());
        }
        Some(serde_json::from_str::<Value>(&json).map_err(|_| invalid("raw is not JSON"))?)
    };
    Ok(InvitationRef {
        id: text(value, |n| &n.id, "id")?,
        code: text(value, |n| &n.code, "code")?,
        organization: org_name,
        organization_id: org_id,
        raw,
    })
}

fn page_js(items: &[Invitation], next: Option<String>) -> Result<JsValue, JsValue> {
    to_js(&InvitationPage {
        items,
        next: next.as_deref(),
    })
}

/// One page of `list`, as the Promise that both `list` and each step of `listAll` hand out.
fn page_promise(inner: Rc<Inner>, rt: Rc<FetchRuntime>, query: ListQuery) -> Promise {
    promise(async move {
        let (items, next) = inner.client.list(&*rt, &query).await?;
        page_js(&items, next).map_err(|_| internal())
    })
}

/// The Promise of `future`. Every method's future is boxed into one type here, so that
/// wasm-bindgen-futures' spawning code is compiled once rather than once per method.
fn promise<F>(future: F) -> Promise
where
    F: Future<Output = Result<JsValue, InviteError>> + 'static,
{
    let future: std::pin::Pin<Box<dyn Future<Output = Result<JsValue, InviteError>>>> =
        Box::pin(future);
    future_to_promise(async move { future.await.map_err(to_js_error) })
}

impl InviteClient {
    /// The body the methods share: the call's runtime (its `signal` read from `options`), then
    /// the Promise of what `call` resolves to, as a plain JS value.
    fn run<T, F, Fut>(&self, options: &JsValue, call: F) -> Result<Promise, JsValue>
    where
        T: serde::Serialize,
        F: FnOnce(Rc<Inner>, FetchRuntime) -> Fut,
        Fut: Future<Output = Result<T, InviteError>> + 'static,
    {
        let (inner, rt) = self.runtime(options)?;
        let result = call(inner, rt);
        Ok(promise(async move { to_js_core(&result.await?) }))
    }

    /// `revoke` and `delete`: both resolve to nothing.
    fn remove(
        &self,
        target: JsValue,
        options: Option<JsValue>,
        delete: bool,
    ) -> Result<Promise, JsValue> {
        let options = options.unwrap_or(JsValue::UNDEFINED);
        let target = ref_arg(&target)?;
        let (inner, rt) = self.runtime(&options)?;
        Ok(promise(async move {
            let done = if delete {
                inner.client.delete(&rt, &target).await
            } else {
                inner.client.revoke(&rt, &target).await
            };
            done.map(|_| JsValue::UNDEFINED)
        }))
    }

    fn runtime(&self, options: &JsValue) -> Result<(Rc<Inner>, FetchRuntime), JsValue> {
        let signal = signal_of(options)?;
        Ok((
            self.inner.clone(),
            FetchRuntime {
                fetch: self.inner.fetch.clone(),
                signal,
            },
        ))
    }
}

#[wasm_bindgen(js_class = InviteClient)]
impl InviteClient {
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "InviteClientOptions")] options: JsValue,
    ) -> Result<InviteClient, JsValue> {
        if !options.is_object() {
            return Err(input_error(
                "options",
                "new InviteClient(options): options must be an object",
            ));
        }
        let provider = provider_arg(&member(&options, |n| &n.provider))?;
        let base = member(&options, |n| &n.base_url);
        let base = if base.is_undefined() || base.is_null() {
            None
        } else {
            Some(string_arg(&base, "baseUrl")?)
        };
        let base_url = providers::base_url(provider, base.as_deref()).map_err(to_js_error)?;
        let auth_value = member(&options, |n| &n.auth);
        let auth: Option<Auth> = if auth_value.is_undefined() || auth_value.is_null() {
            None
        } else {
            let input = auth_input(&auth_value).ok_or_else(|| {
                input_error(
                    "auth",
                    "auth must be one of { bearer }, { apiKey }, { basic: { username, password } }, { apiToken }, { keyPair: { key, secret } }, { clientCredentials: { clientId, clientSecret, resource } }",
                )
            })?;
            let auth: Auth = input.into();
            auth.check()
                .map_err(|e| to_js_error(e.with_provider(provider)))?;
            Some(auth)
        };
        let admin_secret = matches!(
            auth,
            Some(
                Auth::ApiKey(_)
                    | Auth::Basic { .. }
                    | Auth::ApiToken(_)
                    | Auth::KeyPair { .. }
                    | Auth::ClientCredentials { .. }
            )
        );
        let allow = member(&options, |n| &n.allow_secrets_in_browser)
            .as_bool()
            .unwrap_or(false);
        if admin_secret && !allow && in_browser_window() {
            return Err(to_js_error(
                InviteError::new(
                    ErrorCode::SecretInBrowser,
                    "admin credentials (API key, password, key pair, client secret) in a browser page are visible to every script on it; keep them on a server, or pass allowSecretsInBrowser: true",
                )
                .with_provider(provider)
                .with_field("auth"),
            ));
        }
        let mut opts = ClientOptions::default();
        if let Some(t) = number(&options, |n| &n.timeout_ms, "timeoutMs", 1, 600_000)? {
            opts.timeout_ms = t as u64;
        }
        if let Some(r) = number(&options, |n| &n.retries, "retries", 0, 10)? {
            opts.retries = r as u32;
        }
        // One attempt's budget: given, or an even share of the whole (at least a second).
        opts.attempt_timeout_ms = match number(
            &options,
            |n| &n.attempt_timeout_ms,
            "attemptTimeoutMs",
            1,
            600_000,
        )? {
            Some(a) => a as u64,
            None => (opts.timeout_ms / u64::from(opts.retries + 1)).max(1000),
        }
        .min(opts.timeout_ms);
        let fetch = member(&options, |n| &n.fetch);
        let fetch = if fetch.is_undefined() || fetch.is_null() {
            None
        } else {
            Some(
                fetch
                    .dyn_into::<js_sys::Function>()
                    .map_err(|_| input_error("fetch", "fetch must be a function"))?,
            )
        };
        let config = Config {
            provider,
            base_url,
            auth,
        };
        crate::providers::check_auth(&config).map_err(to_js_error)?;
        Ok(InviteClient {
            inner: Rc::new(Inner {
                client: Client::new(config, opts),
                fetch,
            }),
        })
    }

    /// The provider this client talks to.
    #[wasm_bindgen(getter, unchecked_return_type = "Provider")]
    pub fn provider(&self) -> String {
        self.inner.client.provider().as_str().to_string()
    }

    /// The base URL requests go to (never the credentials).
    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.inner.client.config.base_url.clone()
    }

    /// Toggl and Gencove: the invitation a code or token stands for.
    #[wasm_bindgen(unchecked_return_type = "Promise<Invitation>")]
    pub fn lookup(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> Result<Promise, JsValue> {
        let options = options.unwrap_or(JsValue::UNDEFINED);
        let code = string_arg(&code, "code")?;
        self.run(&options, |inner, rt| async move {
            inner.client.lookup(&rt, &code).await
        })
    }

    #[wasm_bindgen(unchecked_return_type = "Promise<Invitation>")]
    pub fn get(
        &self,
        #[wasm_bindgen(unchecked_param_type = "InvitationRefInput")] target: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> Result<Promise, JsValue> {
        let options = options.unwrap_or(JsValue::UNDEFINED);
        let target = ref_arg(&target)?;
        self.run(&options, |inner, rt| async move {
            inner.client.get(&rt, &target).await
        })
    }

    /// One page: `{ items, next }` (`next` is the cursor of the next page, or null).
    #[wasm_bindgen(unchecked_return_type = "Promise<InvitationPage>")]
    pub fn list(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ListQueryInput")] query: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> Result<Promise, JsValue> {
        let query = query.unwrap_or(JsValue::UNDEFINED);
        let options = options.unwrap_or(JsValue::UNDEFINED);
        let query = list_query(&query)?;
        let (inner, rt) = self.runtime(&options)?;
        Ok(page_promise(inner, Rc::new(rt), query))
    }

    /// Every invitation, page after page, fetched only as the iteration reaches it.
    #[wasm_bindgen(js_name = listAll, unchecked_return_type = "AsyncIterableIterator<Invitation>")]
    pub fn list_all(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ListQueryInput")] query: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let query = query.unwrap_or(JsValue::UNDEFINED);
        let options = options.unwrap_or(JsValue::UNDEFINED);
        let query = list_query(&query)?;
        let first = query.cursor.clone();
        let (inner, rt) = self.runtime(&options)?;
        let rt = Rc::new(rt);
        let fetch_page = Closure::<dyn FnMut(JsValue) -> Promise>::new(move |cursor: JsValue| {
            let mut q = query.clone();
            q.cursor = cursor.as_string();
            page_promise(inner.clone(), rt.clone(), q)
        });
        let cursor = first.map_or(JsValue::NULL, |c| JsValue::from_str(&c));
        Ok(list_pages(&fetch_page.into_js_value(), &cursor))
    }

    /// Validates, then invites every email the way the provider takes them.
    #[wasm_bindgen(unchecked_return_type = "Promise<CreateResult>")]
    pub fn create(
        &self,
        #[wasm_bindgen(unchecked_param_type = "InvitationDraft")] draft: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> Result<Promise, JsValue> {
        let options = options.unwrap_or(JsValue::UNDEFINED);
        let draft: InvitationDraft = super::draft_from_js(&draft)?;
        let (inner, rt) = self.runtime(&options)?;
        Ok(promise(async move {
            let result = inner.client.create(&rt, &draft).await?;
            let out = Object::new();
            let created = to_js(&result.created).map_err(|_| internal())?;
            let _ = Reflect::set(&out, &"created".into(), &created);
            let failed = Array::new();
            for (email, err) in result.failed {
                let item = Object::new();
                let _ = Reflect::set(&item, &"email".into(), &JsValue::from_str(&email));
                let _ = Reflect::set(&item, &"error".into(), &to_js_error(err));
                failed.push(&item);
            }
            let _ = Reflect::set(&out, &"failed".into(), &failed);
            Ok(out.into())
        }))
    }

    /// Accepts once, confirming by reading back when an answer is lost. Logto needs `userId`.
    #[wasm_bindgen(unchecked_return_type = "Promise<Invitation>")]
    pub fn accept(
        &self,
        #[wasm_bindgen(unchecked_param_type = "InvitationRefInput")] target: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "AcceptOptions")] options: Option<JsValue>,
    ) -> Result<Promise, JsValue> {
        let options = options.unwrap_or(JsValue::UNDEFINED);
        let target = ref_arg(&target)?;
        let user = if options.is_object() {
            member(&options, |n| &n.user_id)
        } else {
            JsValue::UNDEFINED
        };
        let user_id = if user.is_undefined() || user.is_null() {
            None
        } else {
            Some(string_arg(&user, "userId")?)
        };
        self.run(&options, |inner, rt| async move {
            inner.client.accept(&rt, &target, user_id).await
        })
    }

    #[wasm_bindgen(unchecked_return_type = "Promise<Invitation>")]
    pub fn reject(
        &self,
        #[wasm_bindgen(unchecked_param_type = "InvitationRefInput")] target: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> Result<Promise, JsValue> {
        let options = options.unwrap_or(JsValue::UNDEFINED);
        let target = ref_arg(&target)?;
        self.run(&options, |inner, rt| async move {
            inner.client.reject(&rt, &target).await
        })
    }

    /// Sends the invitation again; resolves to the invitation where the provider returns it.
    #[wasm_bindgen(unchecked_return_type = "Promise<Invitation | null>")]
    pub fn resend(
        &self,
        #[wasm_bindgen(unchecked_param_type = "InvitationRefInput")] target: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ResendOptions")] options: JsValue,
    ) -> Result<Promise, JsValue> {
        let target = ref_arg(&target)?;
        let message = if options.is_object() {
            member(&options, |n| &n.message)
        } else {
            JsValue::UNDEFINED
        };
        let message: Option<Value> = if message.is_undefined() || message.is_null() {
            None
        } else {
            Some(
                json_value(&message)
                    .ok_or_else(|| input_error("message", "message must be an object"))?,
            )
        };
        self.run(&options, |inner, rt| async move {
            inner.client.resend(&rt, &target, message).await
        })
    }

    /// Revokes (Gencove and CloudTruth delete it; Logto marks it Revoked).
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn revoke(
        &self,
        #[wasm_bindgen(unchecked_param_type = "InvitationRefInput")] target: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> Result<Promise, JsValue> {
        self.remove(target, options, false)
    }

    /// Deletes the invitation record.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn delete(
        &self,
        #[wasm_bindgen(unchecked_param_type = "InvitationRefInput")] target: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> Result<Promise, JsValue> {
        self.remove(target, options, true)
    }

    /// CloudTruth: change email or role (`replace: true` sends both with PUT).
    #[wasm_bindgen(unchecked_return_type = "Promise<Invitation>")]
    pub fn update(
        &self,
        #[wasm_bindgen(unchecked_param_type = "InvitationRefInput")] target: JsValue,
        #[wasm_bindgen(unchecked_param_type = "InvitationPatch")] patch: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "UpdateOptions")] options: JsValue,
    ) -> Result<Promise, JsValue> {
        let target = ref_arg(&target)?;
        if !patch.is_object() {
            return Err(input_error("patch", "patch must be an object"));
        }
        let patch: Value = json_value(&patch)
            .ok_or_else(|| input_error("patch", "patch must be a plain object"))?;
        let replace =
            options.is_object() && member(&options, |n| &n.replace).as_bool().unwrap_or(false);
        self.run(&options, |inner, rt| async move {
            inner.client.update(&rt, &target, patch, replace).await
        })
    }
}

fn internal() -> InviteError {
    InviteError::new(
        ErrorCode::InvalidInput,
        "could not convert a result to JavaScript",
    )
}

fn to_js_core<T: serde::Serialize>(value: &T) -> Result<JsValue, InviteError> {
    to_js(value).map_err(|_| internal())
}
