//! Link templates: placeholders compiled once, matched against a link's origin, path and
//! query, and filled in to build a link.

use super::split::*;
use super::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Placeholder {
    Provider,
    Code,
    Token,
    Id,
    Organization,
    Email,
}

impl Placeholder {
    pub(super) fn parse(name: &str) -> Option<Placeholder> {
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

    pub(super) fn kind(self) -> Option<LinkKind> {
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
pub(super) enum Piece {
    Literal(String),
    Hole(Placeholder),
}

pub(super) fn pieces(text: &str) -> Result<Vec<Piece>, InviteError> {
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

pub(super) fn template_error(what: &str) -> InviteError {
    InviteError::new(ErrorCode::InvalidInput, format!("the link template {what}"))
        .with_field("templates")
}

/// Matches one template part (a path segment, a parameter value) against raw link text,
/// collecting decoded placeholder values. Literals must match exactly.
pub(super) fn match_pieces(
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
pub(super) struct Template {
    pub(super) origin: Option<String>,
    pub(super) path: Vec<Vec<Piece>>,
    pub(super) query: Vec<(String, Vec<Piece>)>,
    pub(super) fragment: Vec<(String, Vec<Piece>)>,
    pub(super) kind: LinkKind,
}

/// A list of link templates, each checked and compiled once (`Templates::compile`), to match
/// any number of links with [`parse_with_templates`].
#[derive(Debug, Default)]
pub struct Templates(pub(super) Vec<Template>);

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

pub(super) fn compile(template: &str) -> Result<Template, InviteError> {
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

pub(super) fn match_params(
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
pub(super) fn match_template(
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
