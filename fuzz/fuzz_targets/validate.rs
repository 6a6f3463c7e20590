//! validateInvitation and checkAcceptance on arbitrary JSON drafts and invitations.
#![no_main]
use invitekit::model::{Invitation, Provider};
use invitekit::draft::{DraftRules, InvitationDraft};
use invitekit::validate::{check_acceptance, validate_invitation};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [p, rest @ ..] = data else { return };
    let provider = Provider::ALL[usize::from(*p) % 5];
    if let Ok(draft) = serde_json::from_slice::<InvitationDraft>(rest) {
        let v = validate_invitation(provider, &draft, DraftRules { now: 1_700_000_000_000, per_call_limit: true });
        assert_eq!(v.ok, v.errors.is_empty());
    }
    if let Ok(inv) = serde_json::from_slice::<Invitation>(rest) {
        let a = check_acceptance(&inv, Some("a@b.c"), 1_700_000_000_000, 60_000);
        assert_eq!(a.ok, a.code.is_none());
    }
});
