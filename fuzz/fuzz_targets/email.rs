//! validateEmail and emailsMatch: no input panics; a normalized address validates again and
//! fits in 254 octets; an address matches itself; and the domain normalises as the URL
//! Standard's host parser does (the url crate, called here directly): an accepted domain's
//! ASCII form is the parsed host, and a domain the parser refuses is refused.
#![no_main]
use invitekit::email::{emails_match, validate_email, MAX_EMAIL_OCTETS};
use libfuzzer_sys::fuzz_target;

/// The URL Standard's host, where the e-mail grammar lets the domain reach host parsing.
fn url_host(domain: &str) -> Option<String> {
    let structural = |c: char| c.is_ascii_control() || " /\\?#@:%[]".contains(c);
    if domain.is_empty() || domain.chars().any(structural) {
        return None;
    }
    match url::Host::parse(domain).ok()? {
        url::Host::Domain(d) => Some(d),
        url::Host::Ipv4(a) => Some(a.to_string()),
        url::Host::Ipv6(_) => None,
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let r = validate_email(&text);
    if let Some(n) = &r.normalized {
        assert!(n.len() <= MAX_EMAIL_OCTETS);
        assert!(validate_email(n).ok);
        assert!(emails_match(n, &text));
        let domain = text.trim().rsplit_once('@').map(|(_, d)| d).unwrap_or_default();
        let normalized_domain = n.rsplit_once('@').map(|(_, d)| d).unwrap_or_default();
        assert_eq!(url_host(domain).as_deref(), Some(normalized_domain), "{domain:?}");
    } else if let Some((_, domain)) = text.trim().rsplit_once('@') {
        // Refused: either the host parser refuses the domain, or the e-mail grammar refuses
        // what it gives (or the local part, or a length); never a host the grammar takes
        // with a valid local part and length.
        if let Some(host) = url_host(domain) {
            let local = text.trim().rsplit_once('@').map(|(l, _)| l).unwrap_or_default();
            let grammar = host.split('.').all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            });
            let local_ok = !local.is_empty()
                && local.len() <= 64
                && local.chars().all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c));
            let fits = local.len() + 1 + host.len() <= MAX_EMAIL_OCTETS && text.len() <= 4 * MAX_EMAIL_OCTETS && domain.len() <= 1024;
            assert!(!(grammar && local_ok && fits), "refused {text:?} though its host {host:?} is valid");
        }
    }
    let mid = text.char_indices().map(|(i, _)| i).nth(text.chars().count() / 2).unwrap_or(text.len());
    let (a, b) = text.split_at(mid);
    let _ = emails_match(a, b);
});
