//! What the core borrows from the platform it runs on instead of carrying Unicode tables of its
//! own: the URL Standard's host parser and Unicode lowercasing. Natively they come from the
//! `url` crate and the standard library; in wasm, from the JavaScript runtime (its `URL` and
//! `String.prototype.toLowerCase`), which the wasm boundary registers here when the module
//! starts. Carrying them would cost the wasm ~47 KB of gzip for the `idna` crate with its ICU4X
//! data (or ~111 KB with the unicode-rs tables), and ~5 KB for the standard library's
//! lowercase tables (measured).

use std::sync::OnceLock;

/// The URL Standard's host parser: a domain's ASCII serialisation, or `None` where the
/// standard fails the host.
pub type HostParser = fn(&str) -> Option<String>;

/// Unicode's default lowercase mapping of a text that is not all ASCII (`str::to_lowercase`,
/// `String.prototype.toLowerCase`).
pub type Lowercaser = fn(&str) -> String;

static HOST_PARSER: OnceLock<HostParser> = OnceLock::new();
static LOWERCASER: OnceLock<Lowercaser> = OnceLock::new();

/// Sets the host parser (once; later calls are ignored and answer `false`).
pub fn set_host_parser(parser: HostParser) -> bool {
    HOST_PARSER.set(parser).is_ok()
}

/// Sets the lowercaser (once; later calls are ignored and answer `false`).
pub fn set_lowercaser(lowercaser: Lowercaser) -> bool {
    LOWERCASER.set(lowercaser).is_ok()
}

/// `domain` as the URL Standard's host parser serialises it, or `None` where it fails.
pub fn parse_host(domain: &str) -> Option<String> {
    match HOST_PARSER.get() {
        Some(parser) => parser(domain),
        None => default_host_parser(domain),
    }
}

/// `text` in Unicode's default lowercase; ASCII text is lowercased here without a call out.
pub fn lowercase(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    match LOWERCASER.get() {
        Some(lowercaser) => lowercaser(text),
        None => default_lowercase(text),
    }
}

/// Natively: the `url` crate's host parser (an IPv4 host serialises in dotted decimal, as the
/// standard does; an IPv6 literal is refused, as no caller takes one).
#[cfg(not(target_arch = "wasm32"))]
fn default_host_parser(domain: &str) -> Option<String> {
    match url::Host::parse(domain).ok()? {
        url::Host::Domain(d) => Some(d),
        url::Host::Ipv4(a) => Some(a.to_string()),
        url::Host::Ipv6(_) => None,
    }
}

/// In wasm before the boundary has registered the runtime's parser: ASCII domains only,
/// lowercased (no Unicode processing is attempted without the standard's tables).
#[cfg(target_arch = "wasm32")]
fn default_host_parser(domain: &str) -> Option<String> {
    domain.is_ascii().then(|| domain.to_ascii_lowercase())
}

/// Natively: the standard library's tables.
#[cfg(not(target_arch = "wasm32"))]
fn default_lowercase(text: &str) -> String {
    text.to_lowercase()
}

/// In wasm before the boundary has registered the runtime's lowercasing: ASCII letters only
/// (the standard library's tables are not linked into the wasm).
#[cfg(target_arch = "wasm32")]
fn default_lowercase(text: &str) -> String {
    text.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn lowercase_table() {
        // wasm-bindgen-test does not run the module's start function, which registers this.
        #[cfg(target_arch = "wasm32")]
        crate::wasm::bindings::use_runtime_platform();
        let cases = [
            ("", ""),
            ("Jane.Doe", "jane.doe"),
            ("ÄÖÜ", "äöü"),
            ("ΣΑΣ", "σας"),
            ("İ", "i\u{307}"),
            ("ＡＢＣ", "ａｂｃ"),
            ("MiXeD-ünïcode", "mixed-ünïcode"),
        ];
        for (text, want) in cases {
            assert_eq!(lowercase(text), want, "{text}");
        }
    }
}
