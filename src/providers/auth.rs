//! Credentials: one variant per scheme of API.md, the checks every scheme gets before a
//! request (no control characters, a size limit), and the texts redaction looks for.

use super::*;

/// Credentials, one variant per scheme of API.md. Each provider module accepts the schemes its
/// API has and refuses the others with `invalid_input` before any request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Auth {
    Bearer(Secret),
    ApiKey(Secret),
    Basic {
        username: String,
        password: Secret,
    },
    /// Toggl's `<token>:api_token`.
    ApiToken(Secret),
    /// Jaqpot's `X-Api-Key` / `X-Api-Secret`.
    KeyPair {
        key: Secret,
        secret: Secret,
    },
    /// Logto's machine-to-machine client-credentials grant.
    ClientCredentials {
        client_id: String,
        client_secret: Secret,
        resource: String,
        token_url: Option<String>,
        scope: Option<String>,
    },
}

impl Auth {
    /// Every secret value inside, for redaction.
    pub fn secrets(&self) -> Vec<&Secret> {
        match self {
            Auth::Bearer(s) | Auth::ApiKey(s) | Auth::ApiToken(s) => vec![s],
            Auth::Basic { password, .. } => vec![password],
            Auth::KeyPair { key, secret } => vec![key, secret],
            Auth::ClientCredentials { client_secret, .. } => vec![client_secret],
        }
    }

    /// Every text that carries a credential, for redaction: each secret value, and the
    /// composites a scheme sends (Basic's `user:password`, Toggl's `<token>:api_token`, Logto's
    /// form-encoded `client_id:client_secret`), which come back base64-encoded in an echoed
    /// `Authorization` header.
    pub fn secret_texts(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .secrets()
            .iter()
            .map(|s| s.expose().to_string())
            .collect();
        match self {
            Auth::Basic { username, password } => {
                out.push(format!("{username}:{}", password.expose()))
            }
            Auth::ApiToken(token) => out.push(format!("{}:api_token", token.expose())),
            Auth::ClientCredentials {
                client_id,
                client_secret,
                ..
            } => {
                out.push(format!("{client_id}:{}", client_secret.expose()));
                out.push(logto::client_basic_credentials(
                    client_id,
                    client_secret.expose(),
                ));
            }
            _ => {}
        }
        out
    }

    fn scheme(&self) -> &'static str {
        match self {
            Auth::Bearer(_) => "bearer",
            Auth::ApiKey(_) => "apiKey",
            Auth::Basic { .. } => "basic",
            Auth::ApiToken(_) => "apiToken",
            Auth::KeyPair { .. } => "keyPair",
            Auth::ClientCredentials { .. } => "clientCredentials",
        }
    }
}

impl Auth {
    /// Credentials go into headers: control characters (CR, LF, NUL...) would split or corrupt
    /// them (header injection), so they are refused before any request.
    pub fn check(&self) -> Result<(), InviteError> {
        let mut texts: Vec<&str> = self.secrets().iter().map(|s| s.expose()).collect();
        match self {
            Auth::Basic { username, .. } => texts.push(username),
            Auth::ClientCredentials {
                client_id,
                resource,
                token_url,
                scope,
                ..
            } => {
                texts.extend([client_id.as_str(), resource.as_str()]);
                texts.extend(token_url.as_deref());
                texts.extend(scope.as_deref());
            }
            _ => {}
        }
        if texts.iter().any(|t| t.chars().any(char::is_control)) {
            return Err(InviteError::new(
                ErrorCode::InvalidInput,
                "credentials must not contain control characters (CR, LF, NUL...)",
            )
            .with_field("auth"));
        }
        if texts.iter().any(|t| t.len() > 16 * 1024) {
            return Err(InviteError::new(
                ErrorCode::InvalidInput,
                "a credential is longer than 16 KiB",
            )
            .with_field("auth"));
        }
        if let Auth::ClientCredentials {
            token_url: Some(u), ..
        } = self
        {
            let lower = u.to_ascii_lowercase();
            let secure = lower.starts_with("https://")
                || (lower.starts_with("http://") && crate::http::is_loopback(u));
            if !secure {
                return Err(InviteError::new(
                    ErrorCode::InsecureTransport,
                    "tokenUrl must use HTTPS",
                )
                .with_field("auth"));
            }
        }
        Ok(())
    }
}

/// Refusal of an auth scheme the provider does not have.
pub(crate) fn unsupported_auth(provider: Provider, auth: &Auth, accepted: &str) -> InviteError {
    InviteError::new(
        ErrorCode::InvalidInput,
        format!(
            "{provider} does not take {} credentials; use {accepted}",
            auth.scheme()
        ),
    )
    .with_provider(provider)
    .with_field("auth")
}
