//! The `InviteClient`'s own argument readers: its credentials (`auth`) and `list`'s query.

use super::super::Members;
use crate::contract::{AuthInput, BasicInput, ClientCredentialsInput, KeyPairInput};
use crate::providers::ListQuery;
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

/// `list`'s query.
pub(super) fn list_query(query: &JsValue) -> Result<ListQuery, JsValue> {
    let m = Members::of(query, "query")?;
    Ok(ListQuery {
        organization: m.text(|n| &n.organization, "organization")?,
        status: m.text(|n| &n.status, "status")?,
        email: m.text(|n| &n.email, "email")?,
        role: m.text(|n| &n.role, "role")?,
        inviter: m.text(|n| &n.inviter, "inviter")?,
        page_size: m.count(|n| &n.page_size, "pageSize")?,
        cursor: m.text(|n| &n.cursor, "cursor")?,
    })
}

/// `auth`: an object with exactly one member, the credential kind, holding a string or an
/// object with exactly that kind's members (strings; `tokenUrl` and `scope` may be absent).
pub(super) fn auth_input(value: &JsValue) -> Option<AuthInput> {
    let object = value.dyn_ref::<Object>()?;
    let kinds = Object::keys(object);
    if kinds.length() != 1 {
        return None;
    }
    let kind = kinds.get(0).as_string()?;
    let inner = Reflect::get(value, &JsValue::from_str(&kind)).ok()?;
    // The members `names` of `inner`, which may have no other; `None` where one is absent.
    let fields = |names: &[&str]| -> Option<Vec<Option<String>>> {
        let members = Object::keys(inner.dyn_ref::<Object>()?);
        for name in members.iter() {
            if !names.contains(&name.as_string()?.as_str()) {
                return None;
            }
        }
        names
            .iter()
            .map(|name| {
                let v = Reflect::get(&inner, &JsValue::from_str(name)).ok()?;
                if v.is_undefined() || v.is_null() {
                    Some(None)
                } else {
                    v.as_string().map(Some)
                }
            })
            .collect()
    };
    Some(match kind.as_str() {
        "bearer" => AuthInput::Bearer(inner.as_string()?),
        "apiKey" => AuthInput::ApiKey(inner.as_string()?),
        "apiToken" => AuthInput::ApiToken(inner.as_string()?),
        "basic" => match fields(&["username", "password"])?.as_slice() {
            [Some(username), Some(password)] => AuthInput::Basic(BasicInput {
                username: username.clone(),
                password: password.clone(),
            }),
            _ => return None,
        },
        "keyPair" => match fields(&["key", "secret"])?.as_slice() {
            [Some(key), Some(secret)] => AuthInput::KeyPair(KeyPairInput {
                key: key.clone(),
                secret: secret.clone(),
            }),
            _ => return None,
        },
        "clientCredentials" => {
            match fields(&["clientId", "clientSecret", "resource", "tokenUrl", "scope"])?.as_slice()
            {
                [Some(client_id), Some(client_secret), Some(resource), token_url, scope] => {
                    AuthInput::ClientCredentials(ClientCredentialsInput {
                        client_id: client_id.clone(),
                        client_secret: client_secret.clone(),
                        resource: resource.clone(),
                        token_url: token_url.clone(),
                        scope: scope.clone(),
                    })
                }
                _ => return None,
            }
        }
        _ => return None,
    })
}
