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
    fn placeholder(self) -> &'static str {
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

fn invalid(message: impl Into<String>) -> InviteError {
    InviteError::new(ErrorCode::InvalidLink, message)
}

// ---------------------------------------------------------------------------------------------
// A small URL splitter: enough of WHATWG URL parsing to find the origin, path, query and
// fragment of an invite link the way a browser would.

#[derive(Debug, PartialEq, Eq)]
struct UrlParts<'a> {
    /// The scheme and `host[:port]` as written (checked); `None` for a path-only link.
    origin: Option<Origin<'a>>,
    path: &'a str,
    query: &'a str,
    fragment: &'a str,
}

#[derive(Debug, PartialEq, Eq)]
struct Origin<'a> {
    scheme: &'a str,
    host_port: &'a str,
}

impl Origin<'_> {
    /// `scheme://host[:port]`, lowercased, default port removed. Made only when a template
    /// names an origin: the well-known formats never look at it.
    fn normalized(&self) -> String {
        let scheme = self.scheme.to_ascii_lowercase();
        let mut host = if self
            .host_port
            .bytes()
            .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
        {
            self.host_port.to_lowercase()
        } else {
            self.host_port.to_string()
        };
        let default_port = match scheme.as_str() {
            "https" | "wss" => Some(":443"),
            "http" | "ws" => Some(":80"),
            _ => None,
        };
        if let Some(port) = default_port {
            if host.ends_with(port) {
                host.truncate(host.len() - port.len());
            }
        }
        format!("{scheme}://{host}")
    }
}

fn split_scheme(text: &str) -> Option<(&str, &str)> {
    let colon = text.find(':')?;
    let scheme = text.get(..colon)?;
    let mut chars = scheme.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    if !first_ok || !chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) {
        return None;
    }
    Some((scheme, text.get(colon + 1..)?))
}

fn split_url(text: &str) -> Result<UrlParts<'_>, InviteError> {
    let (origin, rest) = match split_scheme(text) {
        Some((scheme, after)) => {
            let after = after
                .strip_prefix("//")
                .ok_or_else(|| invalid("the link has a scheme but no host"))?;
            let end = find_any(after, b"/?#").unwrap_or(after.len());
            let (authority, rest) = after.split_at(end);
            // The host is what follows the last '@' (userinfo is never part of the origin).
            let host_port = authority.rsplit('@').next().unwrap_or(authority);
            if host_port.is_empty() {
                return Err(invalid("the link has no host"));
            }
            if host_port.contains('\\') {
                return Err(invalid("the link's host contains a backslash"));
            }
            (Some(Origin { scheme, host_port }), rest)
        }
        None => (None, text),
    };
    let (before_fragment, fragment) = rest.split_once('#').unwrap_or((rest, ""));
    let (path, query) = before_fragment
        .split_once('?')
        .unwrap_or((before_fragment, ""));
    Ok(UrlParts {
        origin,
        path,
        query,
        fragment,
    })
}

/// Whether `text` has any of `bytes` (all ASCII). A byte loop: std's char-array patterns
/// decode and compare one char at a time, several times slower on the hot paths here.
fn has_any(text: &str, bytes: &[u8]) -> bool {
    find_any(text, bytes).is_some()
}

fn find_any(text: &str, bytes: &[u8]) -> Option<usize> {
    let mut table = [false; 256];
    for &b in bytes {
        if let Some(slot) = table.get_mut(usize::from(b)) {
            *slot = true;
        }
    }
    text.bytes()
        .position(|b| table.get(usize::from(b)).copied().unwrap_or(false))
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Percent-decodes (and, for query strings, turns `+` into a space, as `URLSearchParams`
/// does). A `%` not followed by two hex digits stays as it is, as in browsers.
pub fn percent_decode(text: &str, plus_is_space: bool) -> Result<String, InviteError> {
    if !has_any(text, b"%+") {
        return Ok(text.to_string());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'%' => {
                let hi = bytes.get(i + 1).copied().and_then(hex_value);
                let lo = bytes.get(i + 2).copied().and_then(hex_value);
                if let (Some(hi), Some(lo)) = (hi, lo) {
                    out.push(hi << 4 | lo);
                    i += 3;
                    continue;
                }
                out.push(b'%');
            }
            b'+' if plus_is_space => out.push(b' '),
            _ => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| invalid("a link value is not valid UTF-8 once decoded"))
}

fn hex_digit(nibble: u8) -> char {
    char::from_digit(u32::from(nibble & 15), 16).map_or('0', |c| c.to_ascii_uppercase())
}

/// Percent-encodes like JavaScript's `encodeURIComponent`.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(hex_digit(b >> 4));
            out.push(hex_digit(b & 15));
        }
    }
    out
}

/// Parameters of a query or fragment, in order, raw (not yet decoded).
fn params(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
}

/// The parameters of a query or fragment, split once: keys decoded (they are short), values
/// left raw until one is asked for.
struct Params<'a>(Vec<(std::borrow::Cow<'a, str>, &'a str)>);

impl<'a> Params<'a> {
    fn new(text: &'a str) -> Result<Params<'a>, InviteError> {
        params(text)
            .map(|(k, v)| {
                let key = if has_any(k, b"%+") {
                    std::borrow::Cow::Owned(percent_decode(k, true)?)
                } else {
                    std::borrow::Cow::Borrowed(k)
                };
                Ok((key, v))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Params)
    }

    /// The first non-empty value of `name`, decoded.
    fn get(&self, name: &str) -> Result<Option<String>, InviteError> {
        match self.0.iter().find(|(k, _)| k == name) {
            Some((_, v)) if !v.is_empty() => {
                percent_decode(v, true).map(|d| Some(d).filter(|d| !d.is_empty()))
            }
            _ => Ok(None),
        }
    }

    fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, v)| k == name && !v.is_empty())
    }
}

fn path_segments(path: &str) -> impl Iterator<Item = &str> {
    let trimmed = path.trim_matches('/');
    trimmed.split('/').filter(move |_| !trimmed.is_empty())
}

// ---------------------------------------------------------------------------------------------
// Templates

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Placeholder {
    Provider,
    Code,
    Token,
    Id,
    Organization,
    Email,
}

impl Placeholder {
    fn parse(name: &str) -> Option<Placeholder> {
        Some(match name {
            "provider" => Placeholder::Provider,
            "code" => Placeholder::Code,
            "token" => Placeholder::Token,
            "id" => Placeholder::Id,
            "organization" => Placeholder::Organization,
            "email" => Placeholder::Email,
            _ => return None,
        })
    }

    fn kind(self) -> Option<LinkKind> {
        match self {
            Placeholder::Code => Some(LinkKind::Code),
            Placeholder::Token => Some(LinkKind::Token),
            Placeholder::Id => Some(LinkKind::Id),
            _ => None,
        }
    }
}

/// One piece of a template part: literal text or a placeholder.
#[derive(Debug, PartialEq, Eq)]
enum Piece {
    Literal(String),
    Hole(Placeholder),
}

fn pieces(text: &str) -> Result<Vec<Piece>, InviteError> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let (literal, after) = rest.split_at(open);
        if !literal.is_empty() {
            out.push(Piece::Literal(literal.to_string()));
        }
        let close = after
            .find('}')
            .ok_or_else(|| template_error("has an unclosed '{'"))?;
        let name = after.get(1..close).unwrap_or_default();
        let hole = Placeholder::parse(name)
            .ok_or_else(|| template_error(&format!("has an unknown placeholder {{{name}}}")))?;
        if matches!(out.last(), Some(Piece::Hole(_))) {
            return Err(template_error(
                "has two placeholders with nothing between them",
            ));
        }
        out.push(Piece::Hole(hole));
        rest = after.get(close + 1..).unwrap_or_default();
    }
    if !rest.is_empty() {
        out.push(Piece::Literal(rest.to_string()));
    }
    Ok(out)
}

fn template_error(what: &str) -> InviteError {
    InviteError::new(ErrorCode::InvalidInput, format!("the link template {what}"))
        .with_field("templates")
}

/// Matches one template part (a path segment, a parameter value) against raw link text,
/// collecting decoded placeholder values. Literals must match exactly.
fn match_pieces(
    pieces: &[Piece],
    text: &str,
    plus_is_space: bool,
    found: &mut Vec<(Placeholder, String)>,
) -> Result<bool, InviteError> {
    let mut rest = text;
    let mut iter = pieces.iter().peekable();
    while let Some(piece) = iter.next() {
        match piece {
            Piece::Literal(lit) => match rest.strip_prefix(lit.as_str()) {
                Some(r) => rest = r,
                None => return Ok(false),
            },
            Piece::Hole(hole) => {
                let end = match iter.peek() {
                    Some(Piece::Literal(next)) => match rest.find(next.as_str()) {
                        Some(i) => i,
                        None => return Ok(false),
                    },
                    _ => rest.len(),
                };
                let (raw, r) = rest.split_at(end);
                if raw.is_empty() {
                    return Ok(false);
                }
                let value = percent_decode(raw, plus_is_space)?;
                if let Some((_, previous)) = found.iter().find(|(h, _)| h == hole) {
                    if *previous != value {
                        return Ok(false);
                    }
                } else {
                    found.push((*hole, value));
                }
                rest = r;
            }
        }
    }
    Ok(rest.is_empty())
}

/// A compiled template: owns its pieces, so a list compiled once serves many links.
#[derive(Debug)]
struct Template {
    origin: Option<String>,
    path: Vec<Vec<Piece>>,
    query: Vec<(String, Vec<Piece>)>,
    fragment: Vec<(String, Vec<Piece>)>,
    kind: LinkKind,
}

/// A list of link templates, each checked and compiled once (`Templates::compile`), to match
/// any number of links with [`parse_with_templates`].
#[derive(Debug, Default)]
pub struct Templates(Vec<Template>);

impl Templates {
    /// Compiles every template; the first bad one is an `invalid_input` error naming it.
    pub fn compile(list: &[String]) -> Result<Templates, InviteError> {
        if list.len() > MAX_TEMPLATES {
            return Err(template_error("list has more than 64 entries"));
        }
        list.iter()
            .map(|t| compile(t))
            .collect::<Result<Vec<_>, _>>()
            .map(Templates)
    }
}

fn compile(template: &str) -> Result<Template, InviteError> {
    if template.len() > MAX_TEMPLATE_BYTES {
        return Err(template_error("is longer than 2 KiB"));
    }
    let parts = split_url(template).map_err(|e| template_error(&e.message))?;
    let path = path_segments(parts.path)
        .map(pieces)
        .collect::<Result<Vec<_>, _>>()?;
    let compile_params = |text| -> Result<Vec<_>, InviteError> {
        params(text)
            .map(|(k, v)| pieces(v).map(|p| (k.to_string(), p)))
            .collect()
    };
    let query = compile_params(parts.query)?;
    let fragment = compile_params(parts.fragment)?;
    let mut kinds = path
        .iter()
        .flatten()
        .chain(query.iter().chain(fragment.iter()).flat_map(|(_, p)| p))
        .filter_map(|p| match p {
            Piece::Hole(h) => h.kind(),
            Piece::Literal(_) => None,
        });
    let kind = kinds
        .next()
        .ok_or_else(|| template_error("has no {code}, {token} or {id} placeholder"))?;
    if kinds.any(|k| k != kind) {
        return Err(template_error("mixes {code}, {token} and {id}"));
    }
    Ok(Template {
        origin: parts.origin.as_ref().map(Origin::normalized),
        path,
        query,
        fragment,
        kind,
    })
}

fn match_params(
    wanted: &[(String, Vec<Piece>)],
    text: &str,
    found: &mut Vec<(Placeholder, String)>,
) -> Result<bool, InviteError> {
    for (key, value_pieces) in wanted {
        let raw = params(text)
            .find(|(k, _)| percent_decode(k, true).ok().as_deref() == Some(key.as_str()));
        match raw {
            Some((_, raw_value)) => {
                if !match_pieces(value_pieces, raw_value, true, found)? {
                    return Ok(false);
                }
            }
            None => return Ok(false),
        }
    }
    Ok(true)
}

/// `link_origin` is the link's normalised origin, made at most once for all the templates.
fn match_template(
    template: &Template,
    link: &UrlParts<'_>,
    link_origin: &OnceCell<Option<String>>,
    index: usize,
) -> Result<Option<InviteLink>, InviteError> {
    if let Some(origin) = &template.origin {
        let normalized = link_origin.get_or_init(|| link.origin.as_ref().map(Origin::normalized));
        if normalized.as_ref() != Some(origin) {
            return Ok(None);
        }
    }
    let mut found = Vec::new();
    let mut segments = path_segments(link.path);
    for segment_pieces in &template.path {
        match segments.next() {
            Some(seg) if match_pieces(segment_pieces, seg, false, &mut found)? => {}
            _ => return Ok(None),
        }
    }
    if segments.next().is_some()
        || !match_params(&template.query, link.query, &mut found)?
        || !match_params(&template.fragment, link.fragment, &mut found)?
    {
        return Ok(None);
    }
    let take = |h: Placeholder| found.iter().find(|(p, _)| *p == h).map(|(_, v)| v.clone());
    let provider = match take(Placeholder::Provider) {
        Some(name) => Some(
            Provider::parse(&name.to_ascii_lowercase())
                .ok_or_else(|| invalid(format!("the link names an unknown provider {name:?}")))?,
        ),
        None => None,
    };
    let value = match template.kind {
        LinkKind::Code => take(Placeholder::Code),
        LinkKind::Token => take(Placeholder::Token),
        LinkKind::Id | LinkKind::Ticket => take(Placeholder::Id),
    }
    .unwrap_or_default();
    Ok(Some(InviteLink {
        provider,
        kind: template.kind,
        value,
        organization: take(Placeholder::Organization),
        email: take(Placeholder::Email),
        format: format!("template:{index}"),
    }))
}

// ---------------------------------------------------------------------------------------------
// Well-known formats

fn well_known(link: &UrlParts<'_>) -> Result<Option<InviteLink>, InviteError> {
    let make = |provider, kind, value: String, organization, email, format: &str| InviteLink {
        provider,
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
                None,
                LinkKind::Ticket,
                ticket,
                organization,
                None,
                "auth0",
            )));
        }
    }
    if let Some(ticket) = q.get("__clerk_ticket")? {
        return Ok(Some(make(
            None,
            LinkKind::Ticket,
            ticket,
            None,
            None,
            "clerk",
        )));
    }
    if let Some(token) = q.get("invitation_token")? {
        return Ok(Some(make(
            None,
            LinkKind::Token,
            token,
            None,
            None,
            "workos",
        )));
    }
    if let Some(token) = q.get("one_time_token")? {
        let email = q.get("login_hint")?;
        let p = Some(Provider::Logto);
        return Ok(Some(make(p, LinkKind::Token, token, None, email, "logto")));
    }
    let fragment = Params::new(link.fragment)?;
    for (params, names) in [
        (&q, &["token_hash", "token"][..]),
        (&fragment, &["token_hash", "access_token", "token"][..]),
    ] {
        if params.get("type")?.as_deref() == Some("invite") {
            for name in names {
                if let Some(token) = params.get(name)? {
                    return Ok(Some(make(
                        None,
                        LinkKind::Token,
                        token,
                        None,
                        None,
                        "supabase",
                    )));
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
    if has_any(text, b"\t\n\r") {
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
                    compiled.kind.placeholder(),
                    kind.placeholder()
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
            Some(v) => out.push_str(&percent_encode(&v)),
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
