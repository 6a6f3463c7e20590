//! Generates the TypeScript declarations of the contract's data shapes from the Rust types
//! (ts-rs reads the same serde attributes the boundary uses, so a renamed or retyped field
//! changes the declarations too). The text is checked in as `js/types.d.ts`, which
//! wasm-bindgen puts into the package's `.d.ts` (`typescript_custom_section` in
//! `wasm/bindings.rs`). This test fails while the file differs from what the types say;
//! `INVITEKIT_WRITE_TYPES=1 cargo test --lib contract::typescript` rewrites it.

use crate::client::CreateResult;
use crate::contract::{
    AcceptanceOptions, AuthInput, BasicInput, ClientCredentialsInput, DecodeOptions,
    InvitationPage, KeyPairInput, ValidateOptions, VerifyOptions,
};
use crate::draft::{InvitationDraft, Problem, WorkspaceGrant};
use crate::email::EmailCheck;
use crate::error::ErrorCode;
use crate::link::{InviteLink, LinkKind, LinkParts};
use crate::model::{Capabilities, Invitation, Inviter, Organization, Provider, Status};
use crate::providers::{InvitationRef, ListQuery};
use crate::token::{DecodedToken, Header};
use crate::validate::{Acceptance, Validation};
use ts_rs::{Config, TS};

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/js/types.d.ts");

fn export<T: TS>(out: &mut String, cfg: &Config) {
    let decl = T::decl(cfg);
    // ts-rs writes `type Name = ...;` on one line, doc comments inline.
    // (Anything else is kept as it is; the `tsc` layer of the test command would reject it.)
    let Some(body) = decl.strip_prefix("type ") else {
        out.push_str(&decl);
        out.push('\n');
        return;
    };
    out.push_str("export type ");
    let object = body
        .split_once(" = { ")
        .and_then(|(name, rest)| Some((name, split_members(rest.strip_suffix(" };")?)?)));
    match object {
        Some((name, members)) => {
            out.push_str(name);
            out.push_str(" = {\n");
            for member in members {
                for line in member.lines().map(str::trim).filter(|l| !l.is_empty()) {
                    let pad = if line.starts_with('*') { "   " } else { "  " };
                    out.push_str(pad);
                    out.push_str(line);
                    out.push('\n');
                }
                out.pop();
                out.push_str(";\n");
            }
            out.push_str("};\n");
        }
        _ => {
            out.push_str(body);
            out.push('\n');
        }
    }
}

/// An object type's members, split at the commas that are not nested in a type, a string or a
/// doc comment; `None` when the text is not one object's members (a union of objects).
fn split_members(members: &str) -> Option<Vec<String>> {
    let (mut parts, mut current, mut depth) = (Vec::new(), String::new(), 0i32);
    let (mut quoted, mut comment) = (false, false);
    for c in members.chars() {
        let plain = !quoted && !comment;
        match c {
            '"' if !comment => quoted = !quoted,
            '*' if !quoted && current.ends_with('/') => comment = true,
            '/' if comment && current.ends_with('*') => comment = false,
            '{' | '(' | '<' | '[' if plain => depth += 1,
            '}' | ')' | '>' | ']' if plain => {
                depth -= 1;
                if depth < 0 {
                    return None;
                }
            }
            ',' if plain && depth == 0 => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current);
    Some(
        parts
            .into_iter()
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect(),
    )
}

fn declarations() -> String {
    // Every integer the boundary produces fits in a double and crosses as a JS number.
    let cfg = Config::default().with_large_int("number");
    let mut out = String::from(
        "// Generated from the Rust types by src/contract/typescript.rs (ts-rs); do not edit.\n\
         // Rewrite with: INVITEKIT_WRITE_TYPES=1 cargo test --lib contract::typescript\n",
    );
    let out_ref = &mut out;
    export::<Provider>(out_ref, &cfg);
    export::<ErrorCode>(out_ref, &cfg);
    export::<Capabilities>(out_ref, &cfg);
    export::<LinkKind>(out_ref, &cfg);
    export::<InviteLink>(out_ref, &cfg);
    export::<LinkParts>(out_ref, &cfg);
    export::<EmailCheck>(out_ref, &cfg);
    export::<Header>(out_ref, &cfg);
    export::<DecodedToken>(out_ref, &cfg);
    export::<DecodeOptions>(out_ref, &cfg);
    export::<VerifyOptions>(out_ref, &cfg);
    export::<Status>(out_ref, &cfg);
    export::<Organization>(out_ref, &cfg);
    export::<Inviter>(out_ref, &cfg);
    export::<Invitation>(out_ref, &cfg);
    export::<WorkspaceGrant>(out_ref, &cfg);
    export::<InvitationDraft>(out_ref, &cfg);
    export::<Problem>(out_ref, &cfg);
    export::<Validation>(out_ref, &cfg);
    export::<ValidateOptions>(out_ref, &cfg);
    export::<AcceptanceOptions>(out_ref, &cfg);
    export::<Acceptance>(out_ref, &cfg);
    export::<BasicInput>(out_ref, &cfg);
    export::<KeyPairInput>(out_ref, &cfg);
    export::<ClientCredentialsInput>(out_ref, &cfg);
    export::<AuthInput>(out_ref, &cfg);
    export::<ListQuery>(out_ref, &cfg);
    export::<InvitationPage<'static>>(out_ref, &cfg);
    export::<InvitationRef>(out_ref, &cfg);
    export::<CreateResult>(out_ref, &cfg);
    out
}

#[test]
fn declarations_are_current() {
    let generated = declarations();
    if std::env::var_os("INVITEKIT_WRITE_TYPES").is_some() {
        std::fs::write(PATH, &generated).unwrap_or_else(|e| panic!("writing {PATH}: {e}"));
        return;
    }
    let on_disk = std::fs::read_to_string(PATH).unwrap_or_default();
    assert!(
        on_disk == generated,
        "js/types.d.ts is not what the Rust types declare; run \
         `INVITEKIT_WRITE_TYPES=1 cargo test --lib contract::typescript` and commit it.\n\
         --- generated ---\n{generated}"
    );
}

#[test]
fn declarations_have_no_any_and_no_bigint() {
    let generated = declarations();
    for word in ["any", "bigint", "JsonValue"] {
        assert!(
            !generated
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| w == word),
            "the declarations use `{word}`:\n{generated}"
        );
    }
}
