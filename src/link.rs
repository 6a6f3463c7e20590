//! Invite links: templates with placeholders and the well-known formats, parsed and built
//! without a network and without panics.

use crate::error::{ErrorCode, InviteError};
use crate::model::Provider;
use serde::{Deserialize, Serialize};
use std::cell::OnceCell;

/// Longest link accepted, in bytes.
pub const MAX_LINK_BYTES: usize = 8 * 1024;
/// Most templates one call may try, and the longest template.
pub const MAX_TEMPLATES: usize = 64;
pub const MAX_TEMPLATE_BYTES: usize = 2 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "InviteLinkKind"))]
pub enum LinkKind {
    Code,
    Token,
    Id,
    Ticket,
}

impl LinkKind {
    /// Every kind, in the order js/runtime.js's `LINK_KINDS` lists them.
    pub const ALL: [LinkKind; 4] = [
        LinkKind::Code,
        LinkKind::Token,
        LinkKind::Id,
        LinkKind::Ticket,
    ];

    /// Its name in JavaScript, which is also its placeholder in link templates (`{code}`).
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Code => "code",
            LinkKind::Token => "token",
            LinkKind::Id => "id",
            LinkKind::Ticket => "ticket",
        }
    }
}

/// A parsed invite link (`InviteLink` in JavaScript).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct InviteLink {
    pub provider: Option<Provider>,
    pub kind: LinkKind,
    pub value: String,
    pub organization: Option<String>,
    pub email: Option<String>,
    pub format: String,
}

/// What `buildInviteLink` takes: any subset of an `InviteLink`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "InviteLinkParts", optional_fields = nullable))]
pub struct LinkParts {
    pub provider: Option<Provider>,
    pub kind: Option<LinkKind>,
    pub value: Option<String>,
    pub organization: Option<String>,
    pub email: Option<String>,
    pub format: Option<String>,
}

mod split;
mod template;

pub use split::percent_decode;
use split::*;
pub use template::Templates;
use template::*;

fn invalid(message: impl Into<String>) -> InviteError {
    InviteError::new(ErrorCode::InvalidLink, message)
}

// ---------------------------------------------------------------------------------------------
// Well-known formats

/// The formats of identity vendors' invite links. A format named after a provider (Logto's
/// sign-in experience link) belongs to that provider.
fn well_known(link: &UrlParts<'_>) -> Result<Option<InviteLink>, InviteError> {
    let make = |kind, value: String, organization, email, format: &str| InviteLink {
        provider: Provider::parse(format),
        kind,
        value,
        organization,
        email,
        format: format.to_string(),
    };
    let q = Params::new(link.query)?;
    if q.has("invitation") && (q.has("organization") || q.has("organization_name")) {
        if let Some(ticket) = q.get("invitation")? {
            let organization = match q.get("organization")? {
                Some(org) => Some(org),
                None => q.get("organization_name")?,
            };
            return Ok(Some(make(
                LinkKind::Ticket,
                ticket,
                organization,
                None,
                "auth0",
            )));
        }
    }
    if let Some(ticket) = q.get("__clerk_ticket")? {
        return Ok(Some(make(LinkKind::Ticket, ticket, None, None, "clerk")));
    }
    if let Some(token) = q.get("invitation_token")? {
        return Ok(Some(make(LinkKind::Token, token, None, None, "workos")));
    }
    if let Some(token) = q.get("one_time_token")? {
        let email = q.get("login_hint")?;
        return Ok(Some(make(LinkKind::Token, token, None, email, "logto")));
    }
    let fragment = Params::new(link.fragment)?;
    for (params, names) in [
        (&q, &["token_hash", "token"][..]),
        (&fragment, &["token_hash", "access_token", "token"][..]),
    ] {
        if params.get("type")?.as_deref() == Some("invite") {
            for name in names {
                if let Some(token) = params.get(name)? {
                    return Ok(Some(make(LinkKind::Token, token, None, None, "supabase")));
                }
            }
        }
    }
    Ok(None)
}

/// `parseInviteLink`: templates first, in order, then the well-known formats. Every template
/// is checked, whichever one matches.
pub fn parse_invite_link(url: &str, templates: &[String]) -> Result<InviteLink, InviteError> {
    if url.len() > MAX_LINK_BYTES {
        return Err(invalid("the link is longer than 8 KiB"));
    }
    parse_with_templates(url, &Templates::compile(templates)?)
}

/// [`parse_invite_link`] with templates compiled beforehand.
pub fn parse_with_templates(url: &str, templates: &Templates) -> Result<InviteLink, InviteError> {
    if url.len() > MAX_LINK_BYTES {
        return Err(invalid("the link is longer than 8 KiB"));
    }
    // As WHATWG URL parsing does: surrounding spaces go, tabs and newlines inside are dropped.
    let cleaned: String;
    let mut text = url.trim_matches(|c: char| c <= ' ');
    if text.bytes().any(|b| matches!(b, b'\t' | b'\n' | b'\r')) {
        cleaned = text
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .collect();
        text = &cleaned;
    }
    if text.is_empty() {
        return Err(invalid("the link is empty"));
    }
    let link = split_url(text)?;
    let link_origin = OnceCell::new();
    for (index, compiled) in templates.0.iter().enumerate() {
        if let Some(found) = match_template(compiled, &link, &link_origin, index)? {
            if found.value.is_empty() {
                return Err(invalid("the link's invitation value is empty"));
            }
            return Ok(found);
        }
    }
    well_known(&link)?
        .ok_or_else(|| invalid("the link matches no template and no known invite link format"))
}

/// `buildInviteLink`: fills a template's placeholders, percent-encoded.
pub fn build_invite_link(template: &str, parts: &LinkParts) -> Result<String, InviteError> {
    let compiled = compile(template)?;
    if let Some(kind) = parts.kind {
        if kind != compiled.kind && kind != LinkKind::Ticket {
            return Err(InviteError::new(
                ErrorCode::InvalidInput,
                format!(
                    "the template takes {{{}}} but the link is of kind {}",
                    compiled.kind.as_str(),
                    kind.as_str()
                ),
            )
            .with_field("kind"));
        }
    }
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let (literal, after) = rest.split_at(open);
        out.push_str(literal);
        let close = after.find('}').unwrap_or(after.len());
        let name = after.get(1..close).unwrap_or_default();
        let value = match Placeholder::parse(name) {
            Some(Placeholder::Provider) => parts.provider.map(|p| p.as_str().to_string()),
            Some(Placeholder::Code | Placeholder::Token | Placeholder::Id) => parts.value.clone(),
            Some(Placeholder::Organization) => parts.organization.clone(),
            Some(Placeholder::Email) => parts.email.clone(),
            None => None,
        };
        let field = if matches!(name, "code" | "token" | "id") {
            "value"
        } else {
            name
        };
        match value.filter(|v| !v.is_empty()) {
            Some(v) => out.push_str(&crate::http::percent_encode(&v)),
            None => {
                return Err(InviteError::new(
                    ErrorCode::InvalidInput,
                    format!("the template needs {{{name}}} but the link has no {field}"),
                )
                .with_field(field))
            }
        }
        rest = after.get(close + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn t(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    /// url, format, kind, value, organization, email
    type Case<'a> = (
        &'a str,
        &'a str,
        LinkKind,
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
    );

    #[test]
    fn well_known_formats() {
        let cases: &[Case] = &[
            (
                "https://app.example.com/login?invitation=tkt_123&organization=org_9&organization_name=Acme",
                "auth0", LinkKind::Ticket, "tkt_123", Some("org_9"), None,
            ),
            (
                "https://app.example.com/login?invitation=tkt_1&organization_name=Acme%20Inc",
                "auth0", LinkKind::Ticket, "tkt_1", Some("Acme Inc"), None,
            ),
            ("https://x.dev/sign-up?__clerk_ticket=eyJ.a.b", "clerk", LinkKind::Ticket, "eyJ.a.b", None, None),
            ("https://x.dev/accept?invitation_token=Z3x", "workos", LinkKind::Token, "Z3x", None, None),
            (
                "https://auth.x.dev/one-time?one_time_token=ott1&login_hint=jane%2Bq%40x.dev",
                "logto", LinkKind::Token, "ott1", None, Some("jane+q@x.dev"),
            ),
            ("https://p.supabase.co/auth/v1/verify?token_hash=th1&type=invite", "supabase", LinkKind::Token, "th1", None, None),
            ("https://p.supabase.co/auth/v1/verify?token=tk&type=invite&redirect_to=x", "supabase", LinkKind::Token, "tk", None, None),
            ("https://app.x.dev/#access_token=jwt.a.b&type=invite&expires_in=3600", "supabase", LinkKind::Token, "jwt.a.b", None, None),
        ];
        for (url, format, kind, value, org, email) in cases {
            let got = parse_invite_link(url, &[]).unwrap_or_else(|e| panic!("{url}: {e}"));
            assert_eq!(got.format, *format, "{url}");
            assert_eq!(got.kind, *kind, "{url}");
            assert_eq!(got.value, *value, "{url}");
            assert_eq!(got.organization.as_deref(), *org, "{url}");
            assert_eq!(got.email.as_deref(), *email, "{url}");
        }
        assert_eq!(
            parse_invite_link("https://a.b/?one_time_token=x", &[]).map(|l| l.provider),
            Ok(Some(Provider::Logto))
        );
    }

    #[test]
    fn rejects_what_matches_nothing() {
        for url in [
            "",
            "   ",
            "https://example.com/",
            "https://example.com/?token=abc",
            "https://example.com/?type=invite",
            "https://example.com/?invitation=abc",
            "mailto:x@y.z",
            "https://",
        ] {
            let err = parse_invite_link(url, &[]).unwrap_err();
            assert_eq!(err.code, ErrorCode::InvalidLink, "{url}");
        }
        let huge = format!(
            "https://a.b/?invitation_token={}",
            "a".repeat(MAX_LINK_BYTES)
        );
        assert_eq!(
            parse_invite_link(&huge, &[]).unwrap_err().code,
            ErrorCode::InvalidLink
        );
    }

    #[test]
    fn templates_match_in_order_and_respect_origin() {
        let templates = t(&[
            "https://app.example.com/invite/{provider}/{code}",
            "/join?invitation={token}&org={organization}",
            "/i/{id}#email={email}",
        ]);
        let a = parse_invite_link(
            "https://APP.example.com:443/invite/toggl/abc%20d/",
            &templates,
        )
        .unwrap();
        assert_eq!(a.format, "template:0");
        assert_eq!(
            (a.provider, a.kind, a.value.as_str()),
            (Some(Provider::Toggl), LinkKind::Code, "abc d")
        );

        // Same path on another origin: the origin-bound template does not match.
        assert!(
            parse_invite_link("https://evil.example.net/invite/toggl/abc", &templates).is_err()
        );
        // Userinfo that looks like the host does not fool the origin check.
        assert!(parse_invite_link(
            "https://app.example.com@evil.net/invite/toggl/abc",
            &templates
        )
        .is_err());

        let b = parse_invite_link(
            "https://anything.dev/join?x=1&org=Acme+Co&invitation=tok",
            &templates,
        )
        .unwrap();
        assert_eq!(b.format, "template:1");
        assert_eq!(
            (b.kind, b.value.as_str(), b.organization.as_deref()),
            (LinkKind::Token, "tok", Some("Acme Co"))
        );

        let c = parse_invite_link("/i/42#email=a%40b.c", &templates).unwrap();
        assert_eq!(
            (
                c.format.as_str(),
                c.kind,
                c.value.as_str(),
                c.email.as_deref()
            ),
            ("template:2", LinkKind::Id, "42", Some("a@b.c"))
        );

        let err =
            parse_invite_link("https://app.example.com/invite/slack/abc", &templates).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidLink);
    }

    #[test]
    fn bad_templates_are_invalid_input() {
        for bad in [
            "/x/{nope}",
            "/x/{code",
            "/x/static",
            "/x/{code}{token}",
            "/x/{code}/{token}",
        ] {
            let err = parse_invite_link("/x/y", &t(&[bad])).unwrap_err();
            assert_eq!(err.code, ErrorCode::InvalidInput, "{bad}");
            // Every template is checked, even after one that matches.
            let err = parse_invite_link("/x/y", &t(&["/x/{code}", bad])).unwrap_err();
            assert_eq!(err.code, ErrorCode::InvalidInput, "{bad}");
        }
        // Compiled once, used for many links.
        let compiled = Templates::compile(&t(&["/a/{code}", "/b/{id}?o={organization}"])).unwrap();
        assert_eq!(parse_with_templates("/a/1", &compiled).unwrap().value, "1");
        let b = parse_with_templates("https://h.x/b/2?o=O", &compiled).unwrap();
        assert_eq!(
            (
                b.value.as_str(),
                b.organization.as_deref(),
                b.format.as_str()
            ),
            ("2", Some("O"), "template:1")
        );
    }

    #[test]
    fn build_then_parse_round_trips() {
        let templates = [
            "https://app.example.com/invite/{provider}/{code}",
            "/join?invitation={token}&org={organization}",
            "/i/{id}#email={email}&org={organization}",
            "https://x.dev/o/{organization}/inv-{code}.html?e={email}",
        ];
        let value = "a b/c?d#e&f=g+h%/é";
        for (i, template) in templates.iter().enumerate() {
            let compiled = compile(template).unwrap();
            let parts = LinkParts {
                provider: Some(Provider::Gencove),
                kind: Some(compiled.kind),
                value: Some(value.to_string()),
                organization: Some("Org/1 &Co".to_string()),
                email: Some("j+x@ex.com".to_string()),
                format: None,
            };
            let url = build_invite_link(template, &parts).unwrap();
            let got = parse_invite_link(&url, &t(&[template])).unwrap();
            assert_eq!(got.value, value, "{template} -> {url}");
            assert_eq!(got.format, format!("template:0"));
            let _ = i;
            if template.contains("{organization}") {
                assert_eq!(got.organization.as_deref(), Some("Org/1 &Co"));
            }
            if template.contains("{email}") {
                assert_eq!(got.email.as_deref(), Some("j+x@ex.com"));
            }
            if template.contains("{provider}") {
                assert_eq!(got.provider, Some(Provider::Gencove));
            }
        }
        let err = build_invite_link("/i/{code}", &LinkParts::default()).unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            (ErrorCode::InvalidInput, Some("value"))
        );
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics(s in "\\PC{0,200}") {
            let _ = parse_invite_link(&s, &t(&["/a/{code}?o={organization}", "https://h.x/{provider}/{token}"]));
        }

        #[test]
        fn round_trip_any_value(value in "\\PC{1,40}", org in "\\PC{1,20}") {
            for template in ["https://h.example/inv/{code}", "/join?t={token}&o={organization}", "/p/{organization}/{id}"] {
                let compiled = compile(template).unwrap();
                let parts = LinkParts { kind: Some(compiled.kind), value: Some(value.clone()), organization: Some(org.clone()), ..LinkParts::default() };
                let url = build_invite_link(template, &parts).unwrap();
                let got = parse_invite_link(&url, &t(&[template])).unwrap();
                proptest::prop_assert_eq!(&got.value, &value);
                if template.contains("{organization}") {
                    proptest::prop_assert_eq!(got.organization.as_ref(), Some(&org));
                }
            }
        }
    }
}
