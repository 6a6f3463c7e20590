use super::*;
use crate::model::Invitation;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const NOW: EpochMs = 1_700_000_000_000;

fn draft(json: &str) -> InvitationDraft {
    serde_json::from_str(json).unwrap()
}

fn problems(provider: Provider, json: &str) -> Vec<(String, ErrorCode)> {
    let rules = DraftRules {
        now: NOW,
        per_call_limit: true,
    };
    validate_invitation(provider, &draft(json), rules)
        .errors
        .into_iter()
        .map(|p| (p.field, p.code))
        .collect()
}

fn p(field: &str, code: ErrorCode) -> (String, ErrorCode) {
    (field.to_string(), code)
}

#[test]
fn valid_drafts_per_provider() {
    let cases: &[(Provider, &str)] = &[
        (
            Provider::Toggl,
            r#"{"organizationId": 42, "emails": ["a@x.io", "b@x.io"], "workspaces": [{"id": 7, "admin": false}]}"#,
        ),
        (
            Provider::Toggl,
            r#"{"organizationId": "42", "email": "a@x.io", "workspaces": [{"id": 7, "role": "user"}]}"#,
        ),
        (
            Provider::Jaqpot,
            r#"{"organization": "acme", "emails": ["a@x.io"]}"#,
        ),
        (
            Provider::Gencove,
            r#"{"email": "a@x.io", "role": "member"}"#,
        ),
        (Provider::Gencove, r#"{"email": "a@x.io"}"#),
        (
            Provider::Cloudtruth,
            r#"{"email": "a@x.io", "role": "VIEWER"}"#,
        ),
        (
            Provider::Logto,
            r#"{"organizationId": "org_abc", "email": "a@x.io", "expiresAt": 1700000600000, "roles": ["r1"], "message": false}"#,
        ),
        (
            Provider::Logto,
            r#"{"organizationId": "org_abc", "email": "a@x.io", "expiresAt": "2030-01-01T00:00:00Z", "message": {"link": "https://x"}}"#,
        ),
    ];
    for (provider, json) in cases {
        assert_eq!(problems(*provider, json), vec![], "{provider} {json}");
    }
}

#[test]
fn every_problem_is_reported() {
    use ErrorCode::*;
    type Case<'a> = (Provider, &'a str, Vec<(String, ErrorCode)>);
    let table: &[Case] = &[
        (
            Provider::Toggl,
            r#"{}"#,
            vec![
                p("emails", InvalidInput),
                p("organizationId", InvalidInput),
                p("workspaces", InvalidInput),
            ],
        ),
        (
            Provider::Toggl,
            r#"{"organizationId": 1.5, "emails": ["bad", "A@x.io", "a@X.io"], "workspaces": [{"id": 0}]}"#,
            vec![
                p("emails[0]", InvalidEmail),
                p("emails[2]", InvalidInput),
                p("organizationId", InvalidInput),
                p("workspaces[0].id", InvalidInput),
            ],
        ),
        (
            Provider::Jaqpot,
            r#"{"emails": ["a@x.io"]}"#,
            vec![p("organization", InvalidInput)],
        ),
        (
            Provider::Jaqpot,
            r#"{"organization": "acme", "emails": ["a1@x.io","a2@x.io","a3@x.io","a4@x.io","a5@x.io","a6@x.io","a7@x.io","a8@x.io","a9@x.io","a10@x.io","a11@x.io"]}"#,
            vec![p("emails", InvalidInput)],
        ),
        (
            Provider::Cloudtruth,
            r#"{"email": "a@x.io"}"#,
            vec![p("role", InvalidInput)],
        ),
        (
            Provider::Cloudtruth,
            r#"{"email": "a@x.io", "role": "viewer"}"#,
            vec![p("role", InvalidInput)],
        ),
        (
            Provider::Cloudtruth,
            r#"{"email": "a@x.io", "roles": ["ADMIN", "VIEWER"]}"#,
            vec![p("roles", InvalidInput)],
        ),
        (
            Provider::Logto,
            r#"{"email": "a@x.io"}"#,
            vec![
                p("organizationId", InvalidInput),
                p("expiresAt", InvalidInput),
            ],
        ),
        (
            Provider::Logto,
            r#"{"email": "a@x.io", "organizationId": "0123456789012345678901", "expiresAt": 1600000000000, "message": "hi"}"#,
            vec![
                p("message", InvalidInput),
                p("organizationId", InvalidInput),
                p("expiresAt", InvalidInput),
            ],
        ),
        (
            Provider::Gencove,
            r#"{"email": "a@x.io", "expiresAt": "yesterday"}"#,
            vec![p("expiresAt", InvalidInput)],
        ),
        (
            Provider::Gencove,
            r#"{"email": "a@x.io", "emails": ["A@X.IO"]}"#,
            vec![p("emails[0]", InvalidInput)],
        ),
    ];
    for (provider, json, want) in table {
        assert_eq!(&problems(*provider, json), want, "{provider} {json}");
    }
    let long_role = format!(r#"{{"email": "a@x.io", "role": "{}"}}"#, "r".repeat(256));
    assert_eq!(
        problems(Provider::Gencove, &long_role),
        vec![p("roles[0]", InvalidInput)]
    );
}

#[test]
fn per_call_limit_can_be_lifted_for_create() {
    let many: Vec<String> = (0..25).map(|i| format!("u{i}@x.io")).collect();
    let d = InvitationDraft {
        organization: Some("acme".into()),
        emails: Some(many),
        ..Default::default()
    };
    assert!(
        !validate_invitation(
            Provider::Jaqpot,
            &d,
            DraftRules {
                now: NOW,
                per_call_limit: true
            }
        )
        .ok
    );
    assert!(
        validate_invitation(
            Provider::Jaqpot,
            &d,
            DraftRules {
                now: NOW,
                per_call_limit: false
            }
        )
        .ok
    );
}

#[test]
fn transitions() {
    use Operation::*;
    use Provider::*;
    use Status::*;
    let yes: &[(Provider, Status, Operation)] = &[
        (Toggl, Pending, Accept),
        (Toggl, Pending, Reject),
        (Toggl, Pending, Resend),
        (Jaqpot, Pending, Accept),
        (Jaqpot, Pending, Reject),
        (Jaqpot, Expired, Resend),
        (Gencove, Pending, Accept),
        (Gencove, Pending, Revoke),
        (Gencove, Accepted, Delete),
        (Cloudtruth, Bounced, Resend),
        (Cloudtruth, Bounced, Accept),
        (Cloudtruth, Pending, Update),
        (Logto, Pending, Accept),
        (Logto, Pending, Revoke),
        (Logto, Expired, Delete),
        (Logto, Pending, Resend),
    ];
    let no: &[(Provider, Status, Operation)] = &[
        (Toggl, Pending, Revoke),
        (Gencove, Pending, Reject),
        (Cloudtruth, Pending, Reject),
        (Jaqpot, Accepted, Reject),
        (Jaqpot, Rejected, Accept),
        (Jaqpot, Accepted, Resend),
        (Logto, Accepted, Revoke),
        (Logto, Expired, Accept),
        (Logto, Revoked, Accept),
        (Cloudtruth, Accepted, Resend),
        (Gencove, Expired, Accept),
        (Toggl, Expired, Accept),
    ];
    for (pr, st, ac) in yes {
        assert!(
            allows(*pr, *st, *ac),
            "{pr} {st:?} {ac:?} should be allowed"
        );
    }
    for (pr, st, ac) in no {
        assert!(
            !allows(*pr, *st, *ac),
            "{pr} {st:?} {ac:?} should be refused"
        );
    }
}

fn invitation(
    provider: Provider,
    status: Status,
    email: Option<&str>,
    expires: Option<&str>,
) -> Invitation {
    Invitation {
        status,
        email: email.map(str::to_string),
        expires_at: expires.map(str::to_string),
        ..Invitation::empty(provider)
    }
}

#[test]
fn acceptance_table() {
    // wasm-bindgen-test does not run the module's start function, which registers this.
    #[cfg(target_arch = "wasm32")]
    crate::wasm::bindings::use_runtime_platform();
    use ErrorCode::*;
    let future = Some("2030-01-01T00:00:00.000Z");
    let past = Some("2020-01-01T00:00:00.000Z");
    let cases: Vec<(Invitation, Option<&str>, Option<ErrorCode>)> = vec![
        (
            invitation(Provider::Jaqpot, Status::Pending, Some("jane@x.io"), future),
            Some(" JANE@x.io "),
            None,
        ),
        (
            invitation(Provider::Jaqpot, Status::Pending, Some("jane@x.io"), future),
            None,
            None,
        ),
        (
            invitation(Provider::Jaqpot, Status::Pending, Some("jane@x.io"), future),
            Some("bob@x.io"),
            Some(EmailMismatch),
        ),
        (
            invitation(Provider::Jaqpot, Status::Pending, Some("jane@x.io"), future),
            Some("not an email"),
            Some(InvalidEmail),
        ),
        (
            invitation(Provider::Jaqpot, Status::Pending, Some("jane@x.io"), past),
            Some("jane@x.io"),
            Some(Expired),
        ),
        (
            invitation(Provider::Logto, Status::Expired, Some("jane@x.io"), None),
            Some("jane@x.io"),
            Some(Expired),
        ),
        (
            invitation(Provider::Logto, Status::Revoked, Some("jane@x.io"), None),
            None,
            Some(Revoked),
        ),
        (
            invitation(Provider::Gencove, Status::Accepted, None, None),
            None,
            Some(AlreadyAccepted),
        ),
        (
            invitation(Provider::Jaqpot, Status::Rejected, None, None),
            None,
            Some(AlreadyRejected),
        ),
        (
            invitation(
                Provider::Cloudtruth,
                Status::Bounced,
                Some("jane@x.io"),
                None,
            ),
            Some("jane@x.io"),
            None,
        ),
        (
            invitation(
                Provider::Toggl,
                Status::Pending,
                Some("jane@bücher.de"),
                None,
            ),
            Some("Jane@xn--bcher-kva.de"),
            None,
        ),
    ];
    for (inv, me, want) in &cases {
        let got = check_acceptance(inv, *me, NOW, 60_000);
        assert_eq!(
            got.code, *want,
            "{:?} {:?} as {me:?}",
            inv.provider, inv.status
        );
        assert_eq!(got.ok, want.is_none());
        assert_eq!(got.message.is_some(), want.is_some());
    }
    // The mismatch message names both addresses (it is shown before any request is sent).
    let m = check_acceptance(&cases[2].0, Some("bob@x.io"), NOW, 0)
        .message
        .unwrap();
    assert_eq!(
        m,
        "This invitation is for jane@x.io, but you are signed in as bob@x.io."
    );
}

#[test]
fn fields_a_provider_cannot_carry_are_refused_not_dropped() {
    use ErrorCode::*;
    let future = r#""2099-01-01T00:00:00Z""#;
    type Case = (Provider, String, Vec<(String, ErrorCode)>);
    let table: &[Case] = &[
        (
            Provider::Toggl,
            format!(
                r#"{{"organizationId": 1, "email": "a@x.io", "workspaces": [{{"id": 7}}], "role": "admin", "expiresAt": {future}, "message": {{"text": "hi"}}, "inviterId": "u1"}}"#
            ),
            vec![
                p("role", InvalidInput),
                p("expiresAt", InvalidInput),
                p("message", InvalidInput),
                p("inviterId", InvalidInput),
            ],
        ),
        // message: false is Toggl's skip_email.
        (
            Provider::Toggl,
            r#"{"organizationId": 1, "email": "a@x.io", "workspaces": [{"id": 7, "role": "user"}], "message": false}"#.into(),
            vec![],
        ),
        (
            Provider::Jaqpot,
            format!(
                r#"{{"organization": "acme", "email": "a@x.io", "roles": ["admin"], "expiresAt": {future}, "message": false, "workspaces": [], "inviterId": "u1"}}"#
            ),
            vec![
                p("roles", InvalidInput),
                p("expiresAt", InvalidInput),
                p("message", InvalidInput),
                p("workspaces", InvalidInput),
                p("inviterId", InvalidInput),
            ],
        ),
        (
            Provider::Gencove,
            format!(
                r#"{{"email": "a@x.io", "roles": ["member", "admin"], "expiresAt": {future}, "organization": "acme"}}"#
            ),
            vec![
                p("roles", InvalidInput),
                p("expiresAt", InvalidInput),
                p("organization", InvalidInput),
            ],
        ),
        (
            Provider::Cloudtruth,
            r#"{"email": "a@x.io", "role": "VIEWER", "expiresAt": 4102444800000, "organizationId": 3, "message": {}}"#.into(),
            vec![
                p("expiresAt", InvalidInput),
                p("message", InvalidInput),
                p("organizationId", InvalidInput),
            ],
        ),
        (
            Provider::Logto,
            format!(
                r#"{{"email": "a@x.io", "organizationId": "org_1", "expiresAt": {future}, "roles": ["r1", "r2"], "message": false, "inviterId": "u1", "workspaces": [{{"id": 1}}]}}"#
            ),
            vec![p("workspaces", InvalidInput)],
        ),
    ];
    for (provider, json, want) in table {
        assert_eq!(&problems(*provider, json), want, "{provider} {json}");
    }
}

#[test]
fn to_json_writes_what_serialize_writes() {
    let rules = DraftRules {
        now: NOW,
        per_call_limit: true,
    };
    let drafts = [
        (
            Provider::Logto,
            r#"{"emails":["a@b.co"],"organizationId":"o1"}"#,
        ),
        (
            Provider::Toggl,
            r#"{"emails":["x\"y@z", "a@b.co", "A@B.CO"],"roles":["r\n"]}"#,
        ),
        (Provider::Gencove, r#"{}"#),
    ];
    for (provider, json) in drafts {
        let result = validate_invitation(provider, &draft(json), rules);
        let want = serde_json::to_string(&result).unwrap_or_default();
        assert_eq!(result.to_json(), want, "{json}");
    }
}
