//! Accept and reject, settled once however the network behaves: the invitation read back
//! after a lost answer (or looked up first where a used one cannot be read back), sent again
//! only while it is still pending, and never reported as failed when it succeeded.

use super::*;

impl Client {
    /// How this provider can read an invitation back, if it can (Toggl's lookup cannot tell an
    /// accepted invitation from a missing one).
    fn read_back_call(&self, target: &InvitationRef) -> Option<Call> {
        let caps = providers::capabilities(self.provider());
        if caps.get && target.id.is_some() {
            Some(Call::Get {
                target: target.clone(),
            })
        } else if caps.lookup && providers::module(self.provider()).lookup_finds_used {
            target.code.clone().map(|code| Call::Lookup { code })
        } else {
            None
        }
    }

    /// Reads the invitation back until it answers or `deadline` passes.
    async fn confirm<R: Runtime>(
        &self,
        rt: &R,
        target: &InvitationRef,
        deadline: EpochMs,
    ) -> Option<Invitation> {
        let call = self.read_back_call(target)?;
        let mut attempt: u32 = 0;
        while rt.now() < deadline {
            if let Ok(Outcome::One(inv)) = self
                .call_until(rt, &call, deadline, &Cell::new(false))
                .await
            {
                return Some(inv);
            }
            let ceiling = (BACKOFF_BASE_MS * 2f64.powi(attempt.min(16) as i32)).min(BACKOFF_CAP_MS);
            let wait = (rt.random().clamp(0.0, 1.0) * ceiling) as u64;
            if rt.now().saturating_add(wait as i64) >= deadline || rt.sleep(wait).await.is_err() {
                return None;
            }
            attempt += 1;
        }
        None
    }

    /// Jaqpot's accept and reject PUT the whole invitation: read it first when only a
    /// reference was given.
    async fn with_raw<R: Runtime>(
        &self,
        rt: &R,
        target: &InvitationRef,
    ) -> Result<InvitationRef, InviteError> {
        if !providers::module(self.provider()).writes_whole_invitation || target.raw.is_some() {
            return Ok(target.clone());
        }
        let inv = self.get(rt, target).await?;
        Ok(InvitationRef {
            raw: Some(inv.raw.clone()),
            ..target.clone()
        })
    }

    /// Accepts once, however the network behaves (see the module docs). The whole accept,
    /// confirmations included, fits in one `timeoutMs`.
    pub async fn accept<R: Runtime>(
        &self,
        rt: &R,
        target: &InvitationRef,
        user_id: Option<String>,
    ) -> Result<Invitation, InviteError> {
        let make = move |target: InvitationRef| Call::Accept {
            target,
            user_id: user_id.clone(),
        };
        self.settle(rt, target, &make, Status::Accepted).await
    }

    /// Declines once, with the same care as [`Client::accept`].
    pub async fn reject<R: Runtime>(
        &self,
        rt: &R,
        target: &InvitationRef,
    ) -> Result<Invitation, InviteError> {
        let make = |target: InvitationRef| Call::Reject { target };
        self.settle(rt, target, &make, Status::Rejected).await
    }

    /// Moves an invitation to `want` exactly once. When an answer is lost (or a retry after a
    /// lost answer is refused), the invitation is read back: in `want` means done, still
    /// pending after a lost answer means the change is sent again. Toggl cannot read a used invitation back, so its invitation is
    /// looked up first (it must be open) and, after a lost answer, an invitation that has since
    /// disappeared is taken as changed by this call.
    async fn settle<R: Runtime>(
        &self,
        rt: &R,
        target: &InvitationRef,
        make: &dyn Fn(InvitationRef) -> Call,
        want: Status,
    ) -> Result<Invitation, InviteError> {
        let deadline = rt.now().saturating_add(self.options.timeout_ms as i64);
        let lookup_first = !providers::module(self.provider()).lookup_finds_used;
        let before = if lookup_first {
            let code = target.code.clone().unwrap_or_default();
            match self
                .call_until(rt, &Call::Lookup { code }, deadline, &Cell::new(false))
                .await
            {
                Ok(Outcome::One(inv)) => Some(inv),
                Ok(_) => return Err(self.redact(self.unexpected())),
                Err(e) => return Err(self.redact(e)),
            }
        } else {
            None
        };
        let target = self.with_raw(rt, target).await?;
        let call = make(target.clone());
        let lost = Cell::new(false);
        let mut tries = 0;
        loop {
            tries += 1;
            let result = self.call_until(rt, &call, deadline, &lost).await;
            let answer_lost = lost.get();
            match result {
                Ok(outcome) => {
                    let mut inv = self.expect_one(outcome).map_err(|e| self.redact(e))?;
                    if let Some(b) = &before {
                        // Toggl answers "OK": the looked-up invitation, now in its new state.
                        inv = Invitation {
                            status: inv.status,
                            raw: inv.raw,
                            ..b.clone()
                        };
                    }
                    return Ok(inv);
                }
                // After a lost answer, a refusal may describe the first attempt's success
                // (already accepted, or a body too garbled to say): read back to know.
                Err(err) if lost_answer(&err) || answer_lost => {
                    lost.set(true);
                    let seen = match &before {
                        Some(b) => self.toggl_after_loss(rt, b, want, deadline).await,
                        None => self.confirm(rt, &target, deadline).await,
                    };
                    match seen {
                        Some(inv) if inv.status == want => return Ok(inv),
                        // Not applied, and this attempt got no answer either: send it again.
                        // (A refusal of a still-pending invitation is the answer.)
                        Some(inv)
                            if inv.status == Status::Pending
                                && lost_answer(&err)
                                && tries <= self.options.retries
                                && rt.now() < deadline =>
                        {
                            continue
                        }
                        _ => return Err(self.redact(err)),
                    }
                }
                Err(err) => return Err(self.redact(err)),
            }
        }
    }

    /// Toggl after a lost answer: still there means still open; gone means used, by this call.
    async fn toggl_after_loss<R: Runtime>(
        &self,
        rt: &R,
        before: &Invitation,
        want: Status,
        deadline: EpochMs,
    ) -> Option<Invitation> {
        let code = before.code.clone()?;
        while rt.now() < deadline {
            match self
                .call_until(
                    rt,
                    &Call::Lookup { code: code.clone() },
                    deadline,
                    &Cell::new(false),
                )
                .await
            {
                Ok(Outcome::One(inv)) => return Some(inv),
                Err(e) if e.code == ErrorCode::NotFound => {
                    return Some(Invitation {
                        status: want,
                        ..before.clone()
                    })
                }
                _ => {
                    if rt.sleep(BACKOFF_BASE_MS as u64).await.is_err() {
                        return None;
                    }
                }
            }
        }
        None
    }
}
