//! Every `#[wasm_bindgen]` export of invitekit. Values cross the boundary here and only here:
//! JS options are deserialised into core types, core results serialised to plain JS objects,
//! and `InviteError` converted once into the JS `InviteError` class from `js/runtime.js`.

use crate::contract::{AcceptanceOptions, DecodeOptions, ValidateOptions, VerifyOptions};
use crate::draft::DraftRules;
use crate::draft::{IdValue, InvitationDraft, JsonText, TimeValue, WorkspaceGrant};
use crate::email;
use crate::error::{ErrorCode, InviteError};
use crate::link::{self, LinkParts};
use crate::model::Provider;
use crate::platform;
use crate::providers;
use crate::token::{self, TimeOptions, VerifyPolicy};
use crate::validate;
use crate::wasm::crypto::{self, KeyInput};
use crate::wasm::runtime::{
    acceptance_check, capabilities_of, decoded_token, domain_to_ascii, invite_link, read_bytes,
    read_string, to_js_error, NO_PROVIDER, READ_NOT_A_STRING, READ_TOO_LONG,
};
use js_sys::{Array, JsString, Reflect, JSON};
#[cfg(feature = "client")]
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[cfg(feature = "client")]
mod client;
mod convert;
mod crossing;
#[cfg(feature = "client")]
pub use client::InviteClient;
use convert::*;
use crossing::*;

/// Runs when the module is instantiated: the core's host parsing and Unicode lowercasing are
/// the runtime's own (see `platform`), those every browser, Node, workerd and Deno use.
#[wasm_bindgen(start, private)]
fn start() {
    use_runtime_platform();
}

/// Registers the runtime's URL as the host parser and its `toLowerCase` as the lowercaser.
/// `start` calls it; the core's wasm tests call it themselves, since wasm-bindgen-test does not
/// run `start`.
pub fn use_runtime_platform() {
    platform::set_host_parser(domain_to_ascii);
    platform::set_lowercaser(|text| String::from(JsString::from(text).to_lower_case()));
}

/// The data shapes, generated from the Rust types (src/contract/typescript.rs keeps the file
/// current: a test fails when it is stale).
#[wasm_bindgen(typescript_custom_section)]
const TS_GENERATED: &'static str = include_str!("../../js/types.d.ts");

/// The shapes that exist only in JavaScript, hand-written in one file.
#[wasm_bindgen(typescript_custom_section)]
const TS_HANDWRITTEN: &'static str = include_str!("../../js/boundary.d.ts");

/// The provider names, in a fixed order (also exported as the frozen `PROVIDERS` array).
#[wasm_bindgen(js_name = providers, unchecked_return_type = "Provider[]")]
pub fn providers_list() -> Array {
    Provider::ALL
        .iter()
        .map(|p| JsValue::from_str(p.as_str()))
        .collect()
}

/// Which operations `provider` offers.
#[wasm_bindgen(unchecked_return_type = "Capabilities")]
pub fn capabilities(
    #[wasm_bindgen(unchecked_param_type = "Provider")] provider: JsValue,
) -> Result<JsValue, JsValue> {
    Ok(capabilities_of(
        providers::capabilities(provider_arg(&provider)?).bits(),
    ))
}

/// WHATWG "valid e-mail address", at most 254 octets, local part at most 64; IDN domains.
#[wasm_bindgen(js_name = validateEmail, unchecked_return_type = "EmailValidation")]
pub fn validate_email(
    #[wasm_bindgen(unchecked_param_type = "string")] email: JsValue,
) -> Result<JsValue, JsValue> {
    if !email.is_string() {
        return Err(input_error("email", "email must be a string"));
    }
    // An over-long address is simply invalid: answered without copying it into wasm.
    let too_long = || InviteError::new(ErrorCode::InvalidEmail, "");
    let text =
        bounded_string(&email, "email", 4 * email::MAX_EMAIL_OCTETS, too_long).unwrap_or_default();
    json_to_js(&email::validate_email(&text).to_json())
}

/// Case-insensitive, trimmed, IDN-aware comparison of two addresses.
#[wasm_bindgen(js_name = emailsMatch)]
pub fn emails_match(
    #[wasm_bindgen(unchecked_param_type = "string")] a: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] b: JsValue,
) -> Result<bool, JsValue> {
    let long = || InviteError::new(ErrorCode::InvalidInput, "an email is longer than 1 KiB");
    let a = bounded_string(&a, "a", 1024, long)?;
    let b = bounded_string(&b, "b", 1024, long)?;
    Ok(email::emails_match(&a, &b))
}

/// `options.templates`, with the count and each template's length checked before anything is
/// copied into wasm memory.
fn templates_arg(list: &JsValue) -> Result<Vec<String>, JsValue> {
    let list = list
        .dyn_ref::<Array>()
        .ok_or_else(|| input_error("templates", "options.templates must be an array of strings"))?;
    if list.length() as usize > link::MAX_TEMPLATES {
        return Err(input_error(
            "templates",
            "options.templates has more than 64 entries",
        ));
    }
    list.iter()
        .map(|t| {
            bounded_string(&t, "templates", link::MAX_TEMPLATE_BYTES, || {
                InviteError::new(
                    ErrorCode::InvalidInput,
                    "a link template is longer than 2 KiB",
                )
                .with_field("templates")
            })
        })
        .collect()
}

/// The last template list seen and its compiled form. An edge worker passes the same array on
/// every request: when the array and each of its strings are the same (`===`) as last time,
/// nothing is copied or compiled again (a few identity checks instead of ~4 us per call).
struct CompiledTemplates {
    list: JsValue,
    items: Vec<JsValue>,
    compiled: std::rc::Rc<link::Templates>,
}

thread_local! {
    static LAST_TEMPLATES: std::cell::RefCell<Option<CompiledTemplates>> =
        const { std::cell::RefCell::new(None) };
}

fn compiled_templates(options: &JsValue) -> Result<std::rc::Rc<link::Templates>, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(std::rc::Rc::default());
    }
    if !options.is_object() {
        return Err(input_error("options", "options must be an object"));
    }
    let list = try_member(options, |n| &n.templates)
        .map_err(|_| input_error("options", "options.templates could not be read"))?;
    if list.is_undefined() || list.is_null() {
        return Ok(std::rc::Rc::default());
    }
    let cached = LAST_TEMPLATES.with(|cell| {
        let cell = cell.borrow();
        let last = cell.as_ref()?;
        let array = list.dyn_ref::<Array>()?;
        let same = last.list == list
            && array.length() as usize == last.items.len()
            && last
                .items
                .iter()
                .zip(array.iter())
                .all(|(seen, now)| *seen == now);
        same.then(|| last.compiled.clone())
    });
    if let Some(compiled) = cached {
        return Ok(compiled);
    }
    let strings = templates_arg(&list)?;
    let compiled = std::rc::Rc::new(link::Templates::compile(&strings).map_err(to_js_error)?);
    if let Some(array) = list.dyn_ref::<Array>() {
        let items = array.iter().collect();
        LAST_TEMPLATES.with(|cell| {
            *cell.borrow_mut() = Some(CompiledTemplates {
                list: list.clone(),
                items,
                compiled: compiled.clone(),
            })
        });
    }
    Ok(compiled)
}

/// Parses an invite link: the templates first, in order, then the well-known formats.
#[wasm_bindgen(js_name = parseInviteLink, unchecked_return_type = "InviteLink")]
pub fn parse_invite_link(
    #[wasm_bindgen(unchecked_param_type = "string")] url: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ParseLinkOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let options = options.unwrap_or(JsValue::UNDEFINED);
    let url = bounded_string(&url, "url", link::MAX_LINK_BYTES, || {
        InviteError::new(ErrorCode::InvalidLink, "the link is longer than 8 KiB")
    })?;
    let templates = compiled_templates(&options)?;
    let parsed = link::parse_with_templates(&url, &templates).map_err(to_js_error)?;
    // Crossed as parts rather than JSON: the value is often a few hundred characters, and
    // serialising it only for JSON.parse to read it back cost a third of the call.
    let provider = parsed
        .provider
        .and_then(|p| Provider::ALL.iter().position(|q| *q == p))
        .map_or(NO_PROVIDER, |i| i as i32);
    let kind = link::LinkKind::ALL
        .iter()
        .position(|k| *k == parsed.kind)
        .map_or(0, |i| i as u32);
    Ok(invite_link(
        provider,
        kind,
        &parsed.value,
        parsed.organization.as_deref(),
        parsed.email.as_deref(),
        &parsed.format,
    ))
}

/// Fills a link template's placeholders (the inverse of `parseInviteLink` for that template).
#[wasm_bindgen(js_name = buildInviteLink)]
pub fn build_invite_link(
    #[wasm_bindgen(unchecked_param_type = "string")] template: JsValue,
    #[wasm_bindgen(unchecked_param_type = "InviteLinkParts")] link: Option<JsValue>,
) -> Result<String, JsValue> {
    let link = link.unwrap_or(JsValue::UNDEFINED);
    let template = bounded_string(&template, "template", link::MAX_TEMPLATE_BYTES, || {
        InviteError::new(
            ErrorCode::InvalidInput,
            "the link template is longer than 2 KiB",
        )
        .with_field("template")
    })?;
    let parts = link_parts(&link)?;
    link::build_invite_link(&template, &parts).map_err(to_js_error)
}

fn too_long_token() -> InviteError {
    InviteError::new(ErrorCode::InvalidToken, "the token is longer than 16 KiB")
}

/// Decodes an invite token without verifying it; expiry is reported in flags.
#[wasm_bindgen(js_name = decodeInviteToken, unchecked_return_type = "DecodedToken")]
pub fn decode_invite_token(
    #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "DecodeOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let options = options.unwrap_or(JsValue::UNDEFINED);
    let options = decode_options(&options)?;
    let time =
        TimeOptions::new(now_ms(options.now)?, options.leeway_seconds).map_err(to_js_error)?;
    let token = bounded_string(&token, "token", token::MAX_TOKEN_BYTES, too_long_token)?;
    decoded_to_js(&token::decode(&token, time).map_err(to_js_error)?)
}

fn key_input(key: &JsValue) -> Result<KeyInput, JsValue> {
    let bad = || input_error("key", crypto::KEY_SHAPES);
    if !key.is_object() {
        return Err(bad());
    }
    let secret = member(key, |n| &n.secret);
    match read_scratch(&secret, SCRATCH_BYTES, read_bytes) {
        Some(Ok(bytes)) => return Ok(KeyInput::Secret(bytes)),
        // Neither a string nor a Uint8Array: a JWK, a JWKS or no key.
        Some(Err(READ_NOT_A_STRING)) => {}
        // Larger than the buffer (or the buffer is busy): the secret read the glue's way.
        _ => {
            if let Some(text) = secret.as_string() {
                return Ok(KeyInput::Secret(text.into_bytes()));
            }
            if let Some(bytes) = secret.dyn_ref::<js_sys::Uint8Array>() {
                return Ok(KeyInput::Secret(bytes.to_vec()));
            }
        }
    }
    // JWKs cross as one JSON text (the engine's JSON.stringify), which is also what finds an
    // already imported key; it is parsed only when the key is new.
    let json = |value: &JsValue| -> Option<String> { JSON::stringify(value).ok()?.as_string() };
    let jwk = member(key, |n| &n.jwk);
    if jwk.is_object() && !Array::is_array(&jwk) {
        return json(&jwk).map(KeyInput::Jwk).ok_or_else(bad);
    }
    let jwks = member(key, |n| &n.jwks);
    if jwks.is_object() {
        let keys = member(&jwks, |n| &n.keys);
        if Array::is_array(&keys) {
            return json(&keys).map(KeyInput::Jwks).ok_or_else(bad);
        }
    }
    Err(bad())
}

/// Verifies an invite token's signature with WebCrypto, then its claims. `options.algorithms`
/// is mandatory; `none` is never accepted. Every failure is a rejection, never a throw.
#[wasm_bindgen(js_name = verifyInviteToken, unchecked_return_type = "Promise<DecodedToken>")]
pub fn verify_invite_token(
    #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
    #[wasm_bindgen(unchecked_param_type = "VerifyKey")] key: JsValue,
    #[wasm_bindgen(unchecked_param_type = "VerifyOptions")] options: Option<JsValue>,
) -> js_sys::Promise {
    let options = options.unwrap_or(JsValue::UNDEFINED);
    let checked = (|| {
        let token = bounded_string(&token, "token", token::MAX_TOKEN_BYTES, too_long_token)?;
        let options = verify_options(&options)?;
        let key = key_input(&key)?;
        let time =
            TimeOptions::new(now_ms(options.now)?, options.leeway_seconds).map_err(to_js_error)?;
        let policy = VerifyPolicy::new(&options.algorithms, options.issuer, options.audience, time)
            .map_err(to_js_error)?;
        Ok::<_, JsValue>((token, key, policy))
    })();
    match checked {
        Ok((token, key, policy)) => crypto::verify_promise(&token, &key, &policy, decoded_to_js),
        Err(error) => js_sys::Promise::reject(&error),
    }
}

/// `buildInviteLink`'s parts: any subset of an `InviteLink`.
fn link_parts(link: &JsValue) -> Result<LinkParts, JsValue> {
    let m = Members::of(link, "link")?;
    let provider = m
        .text(|n| &n.provider, "provider")?
        .map(|p| {
            Provider::parse(&p).ok_or_else(|| {
                m.invalid(
                    "provider",
                    "must be one of toggl, jaqpot, gencove, cloudtruth, logto",
                )
            })
        })
        .transpose()?;
    let kind = m
        .text(|n| &n.kind, "kind")?
        .map(|k| {
            link::LinkKind::ALL
                .into_iter()
                .find(|kind| kind.as_str() == k)
                .ok_or_else(|| m.invalid("kind", "must be one of code, token, id, ticket"))
        })
        .transpose()?;
    Ok(LinkParts {
        provider,
        kind,
        value: m.text(|n| &n.value, "value")?,
        organization: m.text(|n| &n.organization, "organization")?,
        email: m.text(|n| &n.email, "email")?,
        format: m.text(|n| &n.format, "format")?,
    })
}

fn decode_options(options: &JsValue) -> Result<DecodeOptions, JsValue> {
    let m = Members::of(options, "options")?;
    Ok(DecodeOptions {
        now: m.number(|n| &n.now, "now")?,
        leeway_seconds: m.count(|n| &n.leeway_seconds, "leewaySeconds")?,
    })
}

fn verify_options(options: &JsValue) -> Result<VerifyOptions, JsValue> {
    let m = Members::of(options, "options")?;
    Ok(VerifyOptions {
        algorithms: m
            .texts(|n| &n.algorithms, "algorithms")?
            .unwrap_or_default(),
        issuer: m.text(|n| &n.issuer, "issuer")?,
        audience: m.text(|n| &n.audience, "audience")?,
        now: m.number(|n| &n.now, "now")?,
        leeway_seconds: m.count(|n| &n.leeway_seconds, "leewaySeconds")?,
    })
}

fn acceptance_options(options: &JsValue) -> Result<AcceptanceOptions, JsValue> {
    let m = Members::of(options, "options")?;
    Ok(AcceptanceOptions {
        signed_in_email: m.text(|n| &n.signed_in_email, "signedInEmail")?,
        now: m.number(|n| &n.now, "now")?,
        leeway_seconds: m.count(|n| &n.leeway_seconds, "leewaySeconds")?,
    })
}

/// What `create` and `validateInvitation` take; `expiresAt` may be a `Date` too.
pub(crate) fn draft_from_js(draft: &JsValue) -> Result<InvitationDraft, JsValue> {
    if !draft.is_object() {
        return Err(input_error("draft", "the draft must be an object"));
    }
    let m = Members::of(draft, "draft")?;
    let organization_id = match m.get(|n| &n.organization_id, "organizationId")? {
        None => None,
        Some(v) => Some(match (v.as_string(), v.as_f64()) {
            (Some(text), _) => IdValue::Text(text),
            (None, Some(number)) => IdValue::Number(number),
            (None, None) => return Err(m.invalid("organizationId", "must be a string or a number")),
        }),
    };
    let expires_at = match m.get(|n| &n.expires_at, "expiresAt")? {
        None => None,
        Some(v) => Some(
            match (v.as_string(), v.as_f64(), v.dyn_ref::<js_sys::Date>()) {
                (Some(text), _, _) => TimeValue::Text(text),
                (None, Some(ms), _) => TimeValue::Ms(ms),
                (None, None, Some(date)) => TimeValue::Ms(date.get_time()),
                (None, None, None) => {
                    return Err(m.invalid(
                        "expiresAt",
                        "must be ISO-8601 text, epoch milliseconds or a Date",
                    ))
                }
            },
        ),
    };
    let message = match m.get(|n| &n.message, "message")? {
        None => None,
        Some(v) => {
            Some(json_text(&v).ok_or_else(|| m.invalid("message", "must be an object or false"))?)
        }
    };
    Ok(InvitationDraft {
        organization: m.text(|n| &n.organization, "organization")?,
        organization_id,
        emails: m.texts(|n| &n.emails, "emails")?,
        email: m.text(|n| &n.email, "email")?,
        role: m.text(|n| &n.role, "role")?,
        roles: m.texts(|n| &n.roles, "roles")?,
        expires_at,
        workspaces: m.objects(
            |n| &n.workspaces,
            "workspaces",
            |w, label| {
                Ok(WorkspaceGrant {
                    id: w
                        .number(|n| &n.id, &format!("{label}.id"))?
                        .ok_or_else(|| w.invalid(&format!("{label}.id"), "must be a number"))?,
                    role: w.text(|n| &n.role, &format!("{label}.role"))?,
                    admin: w.flag(|n| &n.admin, &format!("{label}.admin"))?,
                })
            },
        )?,
        message,
        inviter_id: m.text(|n| &n.inviter_id, "inviterId")?,
    })
}

/// Applies the provider's own rules to a draft; reports every problem.
#[wasm_bindgen(js_name = validateInvitation, unchecked_return_type = "InvitationValidation")]
pub fn validate_invitation(
    #[wasm_bindgen(unchecked_param_type = "Provider")] provider: JsValue,
    #[wasm_bindgen(unchecked_param_type = "InvitationDraft")] draft: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ValidateOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let options = options.unwrap_or(JsValue::UNDEFINED);
    let provider = provider_arg(&provider)?;
    let draft = draft_from_js(&draft)?;
    let options = ValidateOptions {
        now: Members::of(&options, "options")?.number(|n| &n.now, "now")?,
    };
    let rules = DraftRules {
        now: now_ms(options.now)?,
        per_call_limit: true,
    };
    json_to_js(&validate::validate_invitation(provider, &draft, rules).to_json())
}

/// May the signed-in person accept this invitation now? (Checked before any request.)
#[wasm_bindgen(js_name = checkAcceptance, unchecked_return_type = "AcceptanceCheck")]
pub fn check_acceptance(
    #[wasm_bindgen(unchecked_param_type = "Invitation")] invitation: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "AcceptanceOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    if !invitation.is_object() {
        return Err(input_error(
            "invitation",
            "the invitation must be an object",
        ));
    }
    // Only what the check reads (not `raw`, which can be large): four properties.
    let text = |name: fn(&Names) -> &JsValue, label: &str| -> Result<Option<String>, JsValue> {
        let v = member(&invitation, name);
        if v.is_undefined() || v.is_null() {
            return Ok(None);
        }
        v.as_string().map(Some).ok_or_else(|| {
            input_error("invitation", format!("invitation.{label} must be a string"))
        })
    };
    let provider = provider_arg(&member(&invitation, |n| &n.provider))?;
    let status: crate::model::Status = match text(|n| &n.status, "status")? {
        None => crate::model::Status::Unknown,
        Some(s) => crate::model::Status::parse(&s)
            .ok_or_else(|| input_error("invitation", "invitation.status is not a status"))?,
    };
    let invitation = crate::model::Invitation {
        status,
        email: text(|n| &n.email, "email")?,
        expires_at: text(|n| &n.expires_at, "expiresAt")?,
        ..crate::model::Invitation::empty(provider)
    };
    let options = acceptance_options(&options)?;
    let time =
        TimeOptions::new(now_ms(options.now)?, options.leeway_seconds).map_err(to_js_error)?;
    let leeway_ms = i64::from(time.leeway_seconds) * 1000;
    let check = validate::check_acceptance(
        &invitation,
        options.signed_in_email.as_deref(),
        time.now,
        leeway_ms,
    );
    Ok(acceptance_check(
        check.ok,
        check.code.map(ErrorCode::as_str),
        check.message.as_deref(),
    ))
}
