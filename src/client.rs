//! The unified client: retries, backoff, `Retry-After`, deadlines, pagination, bulk create
//! and verified accepts, written once over the [`Runtime`] trait (I/O, clock, timers and
//! randomness come from outside). wasm implements it with `fetch`; tests script it.
//!
//! Retry rules, per operation:
//! - GET, PUT and DELETE requests (lookup, get, list, Jaqpot accept/reject, Logto
//!   accept/revoke, CloudTruth update, deletes) are idempotent: retried on network errors,
//!   timeouts, 429, 502, 503 and 504.
//! - POST and PATCH requests (create, resend, Toggl/Gencove/CloudTruth accept, Toggl reject)
//!   are retried only on 429, which means the server refused them unprocessed.
//! - accept: when an answer is lost (network error, timeout, 502/503/504) the invitation is
//!   read back; accepted means success, still pending means the accept is sent again, and a
//!   provider that cannot be read back (Toggl) reports the failure. An accept retried after a
//!   lost answer that is then refused (as "already accepted", or with an answer too garbled
//!   to say why) is confirmed by reading back too, so one accept never turns into two and
//!   never reports a failure that succeeded.
//! - Every wait honours `Retry-After` (capped) or else uses exponential backoff with full
//!   jitter, and no wait goes past the overall `timeoutMs`.

use crate::draft::DraftRules;
use crate::draft::InvitationDraft;
use crate::error::{ErrorCode, InviteError};
use crate::http::{HttpRequest, HttpResponse};
use crate::model::{Invitation, Provider, Status};
use crate::providers::{
    self, Auth, Call, Config, InvitationRef, ListQuery, Outcome, ParseContext, TokenGrant,
};
use crate::secret::Secret;
use crate::time::EpochMs;
use crate::validate;
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Why a request got no answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    Network(String),
    Timeout,
    Aborted,
}

/// What the client needs from its environment.
#[allow(async_fn_in_trait)] // implemented for one single-threaded runtime at a time
pub trait Runtime {
    /// Sends one request; gives up with `Failure::Timeout` after `timeout_ms`.
    async fn send(&self, request: &HttpRequest, timeout_ms: u64) -> Result<HttpResponse, Failure>;
    /// Waits; `Err(Failure::Aborted)` when the caller aborts meanwhile.
    async fn sleep(&self, ms: u64) -> Result<(), Failure>;
    fn now(&self) -> EpochMs;
    /// Uniform in [0, 1).
    fn random(&self) -> f64;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientOptions {
    /// Overall budget of one call, every attempt and wait included.
    pub timeout_ms: u64,
    /// Budget of one attempt (a server that never answers costs this much, not the whole call).
    pub attempt_timeout_ms: u64,
    /// Retries after the first attempt.
    pub retries: u32,
    pub leeway_ms: i64,
    /// Requests in flight at once when `create` sends one request per email.
    pub concurrency: usize,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            timeout_ms: 30_000,
            attempt_timeout_ms: 10_000,
            retries: 2,
            leeway_ms: 60_000,
            concurrency: 4,
        }
    }
}

/// Backoff base and cap (exponential, full jitter: a wait is uniform in [0, min(cap, base*2^n))).
const BACKOFF_BASE_MS: f64 = 200.0;
const BACKOFF_CAP_MS: f64 = 10_000.0;

/// The result of `create` (`CreateResult` in JavaScript, where each failure is an object).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CreateResult {
    pub created: Vec<Invitation>,
    /// Each email that was not invited, with why.
    #[cfg_attr(
        test,
        ts(type = "{ email: string; error: import(\"./runtime.mjs\").InviteError }[]")
    )]
    pub failed: Vec<(String, InviteError)>,
}

pub struct Client {
    pub config: Config,
    pub options: ClientOptions,
    /// The token of the provider's token grant (Logto's) and when to stop using it.
    token: RefCell<Option<(Secret, EpochMs)>>,
    /// No request leaves before this time: the latest `Retry-After` any answer gave this client.
    not_before: Cell<EpochMs>,
}

fn retryable_status(status: u16) -> bool {
    matches!(status, 429 | 502 | 503 | 504)
}

/// An answer that may describe a change the provider applied without our knowing: none came
/// back, it was unreadable, or a gateway failed in between.
fn lost_answer(err: &InviteError) -> bool {
    matches!(
        err.code,
        ErrorCode::Network | ErrorCode::Timeout | ErrorCode::MalformedResponse
    ) || (err.code == ErrorCode::ProviderUnavailable
        && err.status.is_some_and(|s| matches!(s, 502..=504)))
}

impl Client {
    pub fn new(config: Config, options: ClientOptions) -> Client {
        Client {
            config,
            options,
            token: RefCell::new(None),
            not_before: Cell::new(0),
        }
    }

    pub fn provider(&self) -> Provider {
        self.config.provider
    }

    fn ctx(&self, now: EpochMs) -> ParseContext {
        ParseContext {
            now,
            leeway_ms: self.options.leeway_ms,
        }
    }

    /// The error with every credential this client holds (and the M2M token it fetched)
    /// removed from its message and detail, in every encoding of `secret::encodings`.
    fn redact(&self, mut err: InviteError) -> InviteError {
        let mut texts = self
            .config
            .auth
            .as_ref()
            .map(Auth::secret_texts)
            .unwrap_or_default();
        if let Some((t, _)) = self.token.borrow().as_ref() {
            texts.push(t.expose().to_string());
        }
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        err.message = crate::secret::redact(&err.message, &texts);
        err.detail = err.detail.map(|d| crate::secret::redact(&d, &texts));
        err.provider = Some(self.provider());
        err
    }

    fn failure_error(&self, failure: Failure) -> InviteError {
        let p = self.provider();
        match failure {
            Failure::Network(m) => {
                InviteError::new(ErrorCode::Network, format!("could not reach {p}")).with_detail(m)
            }
            Failure::Timeout => InviteError::new(
                ErrorCode::Timeout,
                format!(
                    "{p} did not answer in time ({} ms per attempt, {} ms in all)",
                    self.options.attempt_timeout_ms.min(self.options.timeout_ms),
                    self.options.timeout_ms
                ),
            ),
            Failure::Aborted => InviteError::new(ErrorCode::Aborted, "the call was aborted"),
        }
        .with_provider(p)
    }

    /// Sends `request` (rebuilt by `make` for each attempt) until it gets an answer that is not
    /// worth retrying, within the deadline and the retry budget. Returns the last answer, or
    /// the failure that ended the attempts.
    async fn attempts<R: Runtime>(
        &self,
        rt: &R,
        deadline: EpochMs,
        idempotent: bool,
        lost: &Cell<bool>,
        make: &mut dyn FnMut(&Self) -> Result<HttpRequest, InviteError>,
    ) -> Result<HttpResponse, InviteError> {
        let mut attempt: u32 = 0;
        loop {
            let request = make(self)?;
            // A Retry-After from an earlier answer (of this call or another) holds every request.
            let hold = self.not_before.get().saturating_sub(rt.now());
            if hold > 0 {
                if rt.now().saturating_add(hold) >= deadline {
                    return Err(InviteError::new(
                        ErrorCode::RateLimited,
                        format!("{} asked to wait before the next request", self.provider()),
                    )
                    .with_provider(self.provider())
                    .with_retry_after_ms(Some(hold as u64)));
                }
                if let Err(f) = rt.sleep(hold as u64).await {
                    return Err(self.failure_error(f));
                }
            }
            let remaining = deadline.saturating_sub(rt.now());
            if remaining <= 0 {
                return Err(self.failure_error(Failure::Timeout));
            }
            let budget = (remaining as u64).min(self.options.attempt_timeout_ms.max(1));
            let (err, retry_after) = match rt.send(&request, budget).await {
                Ok(response) if retryable_status(response.status) => {
                    let now = rt.now();
                    let wait = providers::retry_after_ms(&response, now);
                    if let Some(ms) = wait {
                        // Honoured by every later request of this client, not only this call's.
                        self.not_before
                            .set(self.not_before.get().max(now.saturating_add(ms as i64)));
                    }
                    if attempt >= self.options.retries || !(idempotent || response.status == 429) {
                        return Ok(response);
                    }
                    (Ok(response), wait)
                }
                Ok(response) => return Ok(response),
                Err(Failure::Aborted) => return Err(self.failure_error(Failure::Aborted)),
                Err(f) if idempotent && attempt < self.options.retries => {
                    (Err(self.failure_error(f)), None)
                }
                Err(f) => return Err(self.failure_error(f)),
            };
            let backoff = || {
                let ceiling =
                    (BACKOFF_BASE_MS * 2f64.powi(attempt.min(16) as i32)).min(BACKOFF_CAP_MS);
                (rt.random().clamp(0.0, 1.0) * ceiling) as u64
            };
            let wait = retry_after.unwrap_or_else(backoff);
            if rt.now().saturating_add(wait as i64) >= deadline {
                // No time left to wait: the last answer (with its retryAfterMs) is the outcome.
                return err;
            }
            // The next attempt follows an answer that may have been applied without reaching us.
            if err.as_ref().map_or(true, |r| r.status != 429) {
                lost.set(true);
            }
            if let Err(f) = rt.sleep(wait).await {
                return Err(self.failure_error(f));
            }
            attempt += 1;
        }
    }

    /// The access token of the provider's token grant: fetched once and reused until the
    /// grant says to renew it.
    async fn granted_token<R: Runtime>(
        &self,
        rt: &R,
        grant: &TokenGrant,
        deadline: EpochMs,
        refresh: bool,
    ) -> Result<Secret, InviteError> {
        if !refresh {
            if let Some((token, until)) = self.token.borrow().as_ref() {
                if rt.now() < *until {
                    return Ok(token.clone());
                }
            }
        }
        let response = self
            .attempts(rt, deadline, true, &Cell::new(false), &mut |c| {
                (grant.request)(&c.config)
            })
            .await?;
        let (token, until) = (grant.parse)(&response, self.ctx(rt.now()))?;
        *self.token.borrow_mut() = Some((token.clone(), until));
        Ok(token)
    }

    /// The configuration requests are built with (credentials exchanged through the
    /// provider's token grant replaced by the token).
    async fn request_config<R: Runtime>(
        &self,
        rt: &R,
        deadline: EpochMs,
        refresh: bool,
    ) -> Result<Config, InviteError> {
        match providers::token_grant(&self.config) {
            Some(grant) => {
                let token = self.granted_token(rt, grant, deadline, refresh).await?;
                Ok(Config {
                    auth: Some(Auth::Bearer(token)),
                    ..self.config.clone()
                })
            }
            None => Ok(self.config.clone()),
        }
    }

    /// One call: build, send with retries, parse. Errors are redacted.
    pub async fn call<R: Runtime>(&self, rt: &R, call: &Call) -> Result<Outcome, InviteError> {
        self.call_tracking(rt, call, &Cell::new(false)).await
    }

    /// [`Client::call`], setting `lost` when an attempt's answer was lost and a later attempt
    /// was made (so a refusal of that later attempt may describe the first one's success).
    async fn call_tracking<R: Runtime>(
        &self,
        rt: &R,
        call: &Call,
        lost: &Cell<bool>,
    ) -> Result<Outcome, InviteError> {
        let deadline = rt.now().saturating_add(self.options.timeout_ms as i64);
        self.call_until(rt, call, deadline, lost)
            .await
            .map_err(|e| self.redact(e))
    }

    async fn call_until<R: Runtime>(
        &self,
        rt: &R,
        call: &Call,
        deadline: EpochMs,
        lost: &Cell<bool>,
    ) -> Result<Outcome, InviteError> {
        // Unsupported operations and invalid arguments fail here, before any request (and
        // before a granted token is fetched). The method does not depend on the credentials.
        let idempotent = providers::build(&self.config_without_grant(), call)?
            .method
            .is_idempotent();
        let mut refreshed = false;
        loop {
            let config = self.request_config(rt, deadline, refreshed).await?;
            let response = self
                .attempts(rt, deadline, idempotent, lost, &mut |_| {
                    providers::build(&config, call)
                })
                .await?;
            // A granted token revoked early: fetch a new one once.
            if response.status == 401
                && !refreshed
                && providers::token_grant(&self.config).is_some()
            {
                refreshed = true;
                continue;
            }
            return providers::parse(self.provider(), call, &response, self.ctx(rt.now()));
        }
    }

    /// For the up-front check: credentials exchanged through a token grant stand in as a
    /// placeholder bearer token.
    fn config_without_grant(&self) -> Config {
        match providers::token_grant(&self.config) {
            Some(_) => Config {
                auth: Some(Auth::Bearer(Secret::new("-"))),
                ..self.config.clone()
            },
            None => self.config.clone(),
        }
    }

    fn expect_one(&self, outcome: Outcome) -> Result<Invitation, InviteError> {
        match outcome {
            Outcome::One(inv) => Ok(inv),
            Outcome::Created { mut created, .. } if created.len() == 1 => {
                created.pop().ok_or_else(|| self.unexpected())
            }
            _ => Err(self.unexpected()),
        }
    }

    fn unexpected(&self) -> InviteError {
        providers::malformed(self.provider(), 0, "the answer had an unexpected shape")
    }

    pub async fn lookup<R: Runtime>(&self, rt: &R, code: &str) -> Result<Invitation, InviteError> {
        let outcome = self
            .call(
                rt,
                &Call::Lookup {
                    code: code.to_string(),
                },
            )
            .await?;
        self.expect_one(outcome)
    }

    pub async fn get<R: Runtime>(
        &self,
        rt: &R,
        target: &InvitationRef,
    ) -> Result<Invitation, InviteError> {
        let outcome = self
            .call(
                rt,
                &Call::Get {
                    target: target.clone(),
                },
            )
            .await?;
        self.expect_one(outcome)
    }

    pub async fn list<R: Runtime>(
        &self,
        rt: &R,
        query: &ListQuery,
    ) -> Result<(Vec<Invitation>, Option<String>), InviteError> {
        match self
            .call(
                rt,
                &Call::List {
                    query: query.clone(),
                },
            )
            .await?
        {
            Outcome::Page { items, next } => Ok((items, next)),
            _ => Err(self.redact(self.unexpected())),
        }
    }

    pub async fn resend<R: Runtime>(
        &self,
        rt: &R,
        target: &InvitationRef,
        message: Option<Value>,
    ) -> Result<Option<Invitation>, InviteError> {
        match self
            .call(
                rt,
                &Call::Resend {
                    target: target.clone(),
                    message,
                },
            )
            .await?
        {
            Outcome::Nothing => Ok(None),
            other => self.expect_one(other).map(Some),
        }
    }

    pub async fn revoke<R: Runtime>(
        &self,
        rt: &R,
        target: &InvitationRef,
    ) -> Result<(), InviteError> {
        self.remove(
            rt,
            &Call::Revoke {
                target: target.clone(),
            },
        )
        .await
    }

    pub async fn delete<R: Runtime>(
        &self,
        rt: &R,
        target: &InvitationRef,
    ) -> Result<(), InviteError> {
        self.remove(
            rt,
            &Call::Delete {
                target: target.clone(),
            },
        )
        .await
    }

    /// Revoke and delete are retried (DELETE, or Logto's PUT); a retry that follows a lost
    /// answer and finds the invitation gone or already revoked means the first one landed.
    async fn remove<R: Runtime>(&self, rt: &R, call: &Call) -> Result<(), InviteError> {
        let lost = Cell::new(false);
        match self.call_tracking(rt, call, &lost).await {
            Ok(_) => Ok(()),
            Err(e) if lost.get() && matches!(e.code, ErrorCode::NotFound | ErrorCode::Revoked) => {
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    pub async fn update<R: Runtime>(
        &self,
        rt: &R,
        target: &InvitationRef,
        patch: Value,
        replace: bool,
    ) -> Result<Invitation, InviteError> {
        let outcome = self
            .call(
                rt,
                &Call::Update {
                    target: target.clone(),
                    patch,
                    replace,
                },
            )
            .await?;
        self.expect_one(outcome)
    }
}

mod create;
mod settle;

#[cfg(test)]
mod tests;
