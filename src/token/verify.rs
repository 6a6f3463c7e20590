//! The verification policy: which algorithms and keys are acceptable for a token, the JWK
//! checks, and the claim checks after a signature is verified. The signature arithmetic itself
//! is the platform's WebCrypto (`wasm/crypto.rs`), behind [`SignatureVerifier`].

use super::*;

/// The algorithms invitekit verifies, with the WebCrypto parameters each needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    Hs256,
    Hs384,
    Hs512,
    Rs256,
    Rs384,
    Rs512,
    Es256,
    Es384,
}

impl Algorithm {
    pub fn parse(name: &str) -> Option<Algorithm> {
        Some(match name {
            "HS256" => Algorithm::Hs256,
            "HS384" => Algorithm::Hs384,
            "HS512" => Algorithm::Hs512,
            "RS256" => Algorithm::Rs256,
            "RS384" => Algorithm::Rs384,
            "RS512" => Algorithm::Rs512,
            "ES256" => Algorithm::Es256,
            "ES384" => Algorithm::Es384,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Hs256 => "HS256",
            Algorithm::Hs384 => "HS384",
            Algorithm::Hs512 => "HS512",
            Algorithm::Rs256 => "RS256",
            Algorithm::Rs384 => "RS384",
            Algorithm::Rs512 => "RS512",
            Algorithm::Es256 => "ES256",
            Algorithm::Es384 => "ES384",
        }
    }

    /// The JWK `kty` a key for this algorithm must have.
    pub fn key_type(self) -> &'static str {
        match self {
            Algorithm::Hs256 | Algorithm::Hs384 | Algorithm::Hs512 => "oct",
            Algorithm::Rs256 | Algorithm::Rs384 | Algorithm::Rs512 => "RSA",
            Algorithm::Es256 | Algorithm::Es384 => "EC",
        }
    }

    pub fn hash(self) -> &'static str {
        match self {
            Algorithm::Hs256 | Algorithm::Rs256 | Algorithm::Es256 => "SHA-256",
            Algorithm::Hs384 | Algorithm::Rs384 | Algorithm::Es384 => "SHA-384",
            Algorithm::Hs512 | Algorithm::Rs512 => "SHA-512",
        }
    }

    /// Length in bytes of a raw (IEEE P1363) ECDSA signature, which JWS uses.
    pub fn ec_signature_len(self) -> Option<usize> {
        match self {
            Algorithm::Es256 => Some(64),
            Algorithm::Es384 => Some(96),
            _ => None,
        }
    }
}

/// What `verifyInviteToken` checks besides the signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyPolicy {
    /// Mandatory and non-empty: the algorithms the caller expects.
    pub algorithms: Vec<Algorithm>,
    pub issuer: Option<String>,
    pub audience: Option<String>,
    pub time: TimeOptions,
}

impl VerifyPolicy {
    pub fn new(
        algorithms: &[String],
        issuer: Option<String>,
        audience: Option<String>,
        time: TimeOptions,
    ) -> Result<VerifyPolicy, InviteError> {
        if algorithms.is_empty() {
            return Err(InviteError::new(
                ErrorCode::InvalidInput,
                "options.algorithms is required: list the algorithms you expect, e.g. [\"ES256\"]",
            )
            .with_field("algorithms"));
        }
        let algorithms = algorithms
            .iter()
            .map(|a| {
                Algorithm::parse(a).ok_or_else(|| {
                    InviteError::new(
                        ErrorCode::UnsupportedAlgorithm,
                        format!("algorithm {a:?} is not supported (none is never accepted)"),
                    )
                    .with_field("algorithms")
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(VerifyPolicy {
            algorithms,
            issuer,
            audience,
            time,
        })
    }

    /// The first check: the token's `alg` must be one the caller allowed. `none` never is.
    pub fn algorithm_of(&self, header: &Header) -> Result<Algorithm, InviteError> {
        let alg = Algorithm::parse(&header.alg).ok_or_else(|| {
            InviteError::new(
                ErrorCode::UnsupportedAlgorithm,
                format!("the token's algorithm {:?} is not supported", header.alg),
            )
        })?;
        if !self.algorithms.contains(&alg) {
            return Err(InviteError::new(
                ErrorCode::UnsupportedAlgorithm,
                format!(
                    "the token's algorithm {} is not in options.algorithms",
                    alg.as_str()
                ),
            ));
        }
        Ok(alg)
    }

    /// The checks after a valid signature: expiry, not-before, issuer, audience.
    pub fn check_claims(&self, decoded: &DecodedToken) -> Result<(), InviteError> {
        if decoded.expired {
            return Err(InviteError::new(
                ErrorCode::TokenExpired,
                "the token has expired",
            ));
        }
        if decoded.not_yet_valid {
            return Err(InviteError::new(
                ErrorCode::TokenNotYetValid,
                "the token is not valid yet (nbf)",
            ));
        }
        if self.issuer.is_none() && self.audience.is_none() {
            return Ok(());
        }
        let claims = decoded.members()?;
        if let Some(iss) = &self.issuer {
            if claims.string("iss").as_deref() != Some(iss.as_str()) {
                return Err(invalid("the token's issuer (iss) is not the expected one"));
            }
        }
        if let Some(aud) = &self.audience {
            if !claims.audience().iter().any(|a| a == aud) {
                return Err(invalid(
                    "the token's audience (aud) does not include the expected one",
                ));
            }
        }
        Ok(())
    }
}

/// A JWK as read from its JSON text: each member's name and, for a string, its value (the
/// checks and the import read only strings).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Jwk(Vec<(String, Option<String>)>);

impl Jwk {
    /// The JWK in the JSON text `text`; `None` when it is not a JSON object.
    pub fn parse(text: &str) -> Option<Jwk> {
        let members = crate::json::object_members(text)?;
        Some(Jwk(members
            .into_iter()
            .map(|(name, raw)| (name.into_owned(), crate::json::string(raw)))
            .collect()))
    }

    /// The keys of a JWKS, from the JSON text of its `keys` list (entries that are not objects
    /// left out); `None` when the text is not a JSON array.
    pub fn list(text: &str) -> Option<Vec<Jwk>> {
        Some(
            crate::json::array(text)?
                .into_iter()
                .filter_map(Jwk::parse)
                .collect(),
        )
    }

    /// The member `name` when it is a string (the last one, as with `JSON.parse`).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }
}

/// Picks the JWK to verify with from a JWKS: by `kid` when the token has one (a `kid` not in
/// the set is an error, never a fallback), else the only key of the right type.
pub fn select_jwk<'a>(
    keys: &'a [Jwk],
    kid: Option<&str>,
    alg: Algorithm,
) -> Result<&'a Jwk, InviteError> {
    let fits = |k: &&Jwk| {
        k.get("kty") == Some(alg.key_type())
            && k.get("alg").is_none_or(|a| a == alg.as_str())
            && k.get("use").is_none_or(|u| u == "sig")
    };
    match kid {
        Some(kid) => keys
            .iter()
            .filter(|k| k.get("kid") == Some(kid))
            .find(fits)
            .ok_or_else(|| {
                InviteError::new(
                    ErrorCode::SignatureInvalid,
                    "no key in the JWKS has the token's kid",
                )
            }),
        None => {
            let mut candidates = keys.iter().filter(fits);
            match (candidates.next(), candidates.next()) {
                (Some(k), None) => Ok(k),
                (None, _) => Err(InviteError::new(
                    ErrorCode::SignatureInvalid,
                    format!("no {} key in the JWKS fits the token", alg.key_type()),
                )),
                (Some(_), Some(_)) => Err(InviteError::new(
                    ErrorCode::SignatureInvalid,
                    "the token has no kid and the JWKS has several candidate keys",
                )),
            }
        }
    }
}

/// The signature check itself, done by the platform (WebCrypto in wasm; a test double natively).
pub trait SignatureVerifier {
    fn verify(&self, alg: Algorithm, signing_input: &[u8], signature: &[u8]) -> bool;
}

/// Verification for a synchronous verifier: the same order of checks the async WebCrypto path
/// uses. Algorithm first, then signature, then claims.
pub fn verify_with(
    token: &str,
    policy: &VerifyPolicy,
    verifier: &dyn SignatureVerifier,
) -> Result<DecodedToken, InviteError> {
    let parsed = parse_token(token)?;
    let alg = policy.algorithm_of(&parsed.header)?;
    if let Some(len) = alg.ec_signature_len() {
        if parsed.signature.len() != len {
            return Err(InviteError::new(
                ErrorCode::SignatureInvalid,
                "the signature is invalid",
            ));
        }
    }
    // Where the WebCrypto path has its check under way: a payload that is not base64url is
    // refused whatever the signature.
    let claims = parsed.claims()?;
    if !verifier.verify(alg, parsed.signing_input.as_bytes(), &parsed.signature) {
        return Err(InviteError::new(
            ErrorCode::SignatureInvalid,
            "the signature is invalid",
        ));
    }
    let decoded = decoded_from(parsed.header, claims, policy.time)?;
    policy.check_claims(&decoded)?;
    Ok(decoded)
}

/// The members of a JWK that may be imported for verification: its public part only, after
/// checking that its type (and curve) fit `alg`. Private members (`d`, `p`, ...) are dropped,
/// so a private JWK passed by mistake still verifies and never reaches the platform's import.
pub fn public_jwk(jwk: &Jwk, alg: Algorithm) -> Result<Vec<(&'static str, String)>, InviteError> {
    let bad = |m: &str| InviteError::new(ErrorCode::InvalidInput, m.to_string()).with_field("key");
    let kty = jwk.get("kty").unwrap_or_default();
    if kty != alg.key_type() {
        return Err(InviteError::new(
            ErrorCode::UnsupportedAlgorithm,
            format!(
                "a {kty:?} key cannot verify {} (it needs a {:?} key)",
                alg.as_str(),
                alg.key_type()
            ),
        ));
    }
    if let Some(key_alg) = jwk.get("alg") {
        if key_alg != alg.as_str() {
            return Err(InviteError::new(
                ErrorCode::UnsupportedAlgorithm,
                format!("the key is for {key_alg}, the token is {}", alg.as_str()),
            ));
        }
    }
    // The public members of each key type, by name.
    let members: &[&'static str] = match alg.key_type() {
        "RSA" => &["e", "kty", "n"],
        "EC" => &["crv", "kty", "x", "y"],
        _ => &["k", "kty"],
    };
    let mut out = Vec::with_capacity(members.len());
    for m in members {
        match jwk.get(m) {
            Some(v) if !v.is_empty() => out.push((*m, v.to_string())),
            _ => return Err(bad(&format!("the JWK has no {m:?}"))),
        }
    }
    let want_crv = match alg {
        Algorithm::Es256 => Some("P-256"),
        Algorithm::Es384 => Some("P-384"),
        _ => None,
    };
    if want_crv.is_some() && jwk.get("crv") != want_crv {
        return Err(InviteError::new(
            ErrorCode::UnsupportedAlgorithm,
            format!(
                "{} needs a {} key",
                alg.as_str(),
                want_crv.unwrap_or_default()
            ),
        ));
    }
    Ok(out)
}

/// Refuses HMAC secrets that are really public keys: a PEM block or a JWK pasted as the
/// secret is the algorithm-confusion attack (an RS256 key's public text used as an HS256
/// secret, so anyone holding the public key can sign).
pub fn check_hmac_secret(secret: &[u8]) -> Result<(), InviteError> {
    let bad = |m: &str| InviteError::new(ErrorCode::InvalidInput, m.to_string()).with_field("key");
    if secret.is_empty() {
        return Err(bad("the HMAC secret is empty"));
    }
    let text = String::from_utf8_lossy(secret.get(..secret.len().min(64)).unwrap_or_default());
    let t = text.trim_start();
    if t.starts_with("-----BEGIN") || t.starts_with("ssh-") || t.starts_with('{') {
        return Err(bad(
            "the HMAC secret looks like a public key (PEM, SSH or JWK): pass it as { jwk } with an RS/ES algorithm instead",
        ));
    }
    Ok(())
}
