//! Bulk create: the draft validated first, refused emails reported without a request, the
//! rest batched as the provider module says (`create_batch`), a few requests at a time.

use super::*;

impl Client {
    /// Validates the draft, then sends it the way the provider takes it: Toggl in one bulk
    /// call, Jaqpot in chunks of at most 10, the others one request per email, a few at a time.
    /// Emails the validation refuses are reported in `failed` without a request; a problem
    /// with the draft as a whole is thrown.
    pub async fn create<R: Runtime>(
        &self,
        rt: &R,
        draft: &InvitationDraft,
    ) -> Result<CreateResult, InviteError> {
        let p = self.provider();
        if !providers::capabilities(p).create {
            return Err(providers::unsupported(p, providers::Operation::Create));
        }
        let rules = DraftRules {
            now: rt.now(),
            per_call_limit: false,
        };
        let check = validate::validate_invitation(p, draft, rules);
        let emails = draft.all_emails();
        let mut failed: Vec<(String, InviteError)> = Vec::new();
        let mut bad_index = Vec::new();
        for problem in &check.errors {
            match email_index(&problem.field, draft.email.is_some()) {
                Some(i) => {
                    let email = emails
                        .get(i)
                        .map(|e| e.trim().to_string())
                        .unwrap_or_default();
                    bad_index.push(i);
                    failed.push((
                        email,
                        InviteError::new(problem.code, problem.message.clone())
                            .with_field(problem.field.clone())
                            .with_provider(p),
                    ));
                }
                None => {
                    let others: Vec<String> = check
                        .errors
                        .iter()
                        .map(|e| format!("{}: {}", e.field, e.message))
                        .collect();
                    return Err(
                        InviteError::new(ErrorCode::InvalidInput, problem.message.clone())
                            .with_field(problem.field.clone())
                            .with_provider(p)
                            .with_detail(others.join("; ")),
                    );
                }
            }
        }
        let good: Vec<String> = emails
            .iter()
            .enumerate()
            .filter(|(i, _)| !bad_index.contains(i))
            .map(|(_, e)| e.trim().to_string())
            .collect();
        let batch = providers::module(p).create_batch;
        let batches: Vec<Vec<String>> = match batch {
            None => vec![good],
            Some(n) => good.chunks(n.max(1)).map(<[String]>::to_vec).collect(),
        };
        let mut created = Vec::new();
        let deadline = rt.now().saturating_add(self.options.timeout_ms as i64);
        let width = if batch == Some(1) {
            self.options.concurrency.max(1)
        } else {
            1
        };
        for group in batches.chunks(width) {
            let futures: Vec<_> = group
                .iter()
                .map(|batch| {
                    let call = Call::Create {
                        draft: draft.clone(),
                        emails: batch.clone(),
                    };
                    async move {
                        (
                            batch.clone(),
                            self.call_until(rt, &call, deadline, &Cell::new(false))
                                .await,
                        )
                    }
                })
                .collect();
            for (batch, result) in join_all(futures).await {
                match result {
                    Ok(Outcome::Created {
                        created: c,
                        failed: f,
                    }) => {
                        created.extend(c);
                        failed.extend(f.into_iter().map(|(e, err)| (e, self.redact(err))));
                    }
                    Ok(_) => failed.extend(
                        batch
                            .into_iter()
                            .map(|e| (e, self.redact(self.unexpected()))),
                    ),
                    Err(err) => {
                        let err = self.redact(err);
                        failed.extend(batch.into_iter().map(|e| (e, err.clone())));
                    }
                }
            }
        }
        Ok(CreateResult { created, failed })
    }
}

/// `email` -> 0, `emails[i]` -> i (+1 when `email` is also given); other fields -> None.
fn email_index(field: &str, has_single: bool) -> Option<usize> {
    if field == "email" {
        return Some(0);
    }
    let i: usize = field
        .strip_prefix("emails[")?
        .strip_suffix(']')?
        .parse()
        .ok()?;
    Some(if has_single { i + 1 } else { i })
}

/// Polls every future until all are done; results in order. (No executor needed: whoever
/// polls this polls them all.)
pub async fn join_all<F: Future>(futures: Vec<F>) -> Vec<F::Output> {
    type Slot<F> = (Pin<Box<F>>, Option<<F as Future>::Output>);
    struct JoinAll<F: Future> {
        slots: Vec<Slot<F>>,
    }
    // Sound: the futures are pinned in their own boxes; nothing is pinned in place here.
    impl<F: Future> Unpin for JoinAll<F> {}
    impl<F: Future> Future for JoinAll<F> {
        type Output = Vec<F::Output>;
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
            let this = self.get_mut();
            let mut pending = false;
            for (fut, out) in this.slots.iter_mut() {
                if out.is_none() {
                    match fut.as_mut().poll(cx) {
                        Poll::Ready(v) => *out = Some(v),
                        Poll::Pending => pending = true,
                    }
                }
            }
            if pending {
                return Poll::Pending;
            }
            Poll::Ready(
                this.slots
                    .iter_mut()
                    .filter_map(|(_, out)| out.take())
                    .collect(),
            )
        }
    }
    JoinAll {
        slots: futures.into_iter().map(|f| (Box::pin(f), None)).collect(),
    }
    .await
}
