//! E-mail addresses: the WHATWG "valid e-mail address" grammar, RFC 5321 lengths, IDN domains
//! compared in their ASCII (punycode) form.

use crate::error::ErrorCode;

/// Longest address accepted, in octets (RFC 5321 path limit less the angle brackets).
pub const MAX_EMAIL_OCTETS: usize = 254;
/// Longest local part, in octets (RFC 5321).
pub const MAX_LOCAL_OCTETS: usize = 64;

/// The outcome of `validateEmail`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "EmailValidation"))]
pub struct EmailCheck {
    pub ok: bool,
    /// The address with its domain lowercased and in ASCII form; null when invalid.
    pub normalized: Option<String>,
    pub error: Option<ErrorCode>,
}

fn is_local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c)
}

fn is_valid_ascii_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) => {
            bytes.len() <= 63
                && first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && bytes
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        }
        _ => false,
    }
}

const BASE: u32 = 36;
const T_MIN: u32 = 1;
const T_MAX: u32 = 26;

fn adapt(mut delta: u32, num_points: u32, first_time: bool) -> u32 {
    delta /= if first_time { 700 } else { 2 };
    delta += delta / num_points;
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (BASE - T_MIN + 1) * delta / (delta + 38)
}

fn encode_digit(d: u32) -> char {
    // 0..25 -> a..z, 26..35 -> 0..9
    char::from_digit((d + 10) % 36, 36).unwrap_or('a')
}

/// Punycode-encodes one label (RFC 3492), without the `xn--` prefix. `None` on overflow.
pub fn punycode_encode(input: &str) -> Option<String> {
    let chars: Vec<u32> = input.chars().map(u32::from).collect();
    let mut output: String = input.chars().filter(char::is_ascii).collect();
    let basic = u32::try_from(output.len()).ok()?;
    let mut handled = basic;
    if basic > 0 {
        output.push('-');
    }
    let (mut n, mut delta, mut bias) = (128u32, 0u32, 72u32);
    let total = u32::try_from(chars.len()).ok()?;
    while handled < total {
        let m = chars.iter().copied().filter(|&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
        n = m;
        for &c in &chars {
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        T_MIN
                    } else if k >= bias + T_MAX {
                        T_MAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    output.push(encode_digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                output.push(encode_digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta = delta.checked_add(1)?;
        n = n.checked_add(1)?;
    }
    Some(output)
}

/// The ASCII form of a domain: lowercased, each non-ASCII label punycoded with `xn--`, and
/// checked against the hostname label grammar. `None` when it is not a valid domain.
pub fn domain_to_ascii(domain: &str) -> Option<String> {
    if domain.is_empty() || domain.len() > 1024 {
        return None;
    }
    let mut out = String::with_capacity(domain.len());
    // IDNA2008 label separators: ASCII full stop and its ideographic/fullwidth forms.
    for (i, label) in domain
        .split(['.', '\u{3002}', '\u{FF0E}', '\u{FF61}'])
        .enumerate()
    {
        if i > 0 {
            out.push('.');
        }
        let lower = label.to_lowercase();
        if lower.is_ascii() {
            if !is_valid_ascii_label(&lower) {
                return None;
            }
            out.push_str(&lower);
        } else {
            if !lower.chars().all(is_idn_char) {
                return None;
            }
            let encoded = punycode_encode(&lower)?;
            let label = format!("xn--{encoded}");
            if !is_valid_ascii_label(&label) {
                return None;
            }
            out.push_str(&label);
        }
    }
    Some(out)
}

fn is_label_ascii(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-'
}

/// What an internationalized label may hold (IDNA2008's PVALID, approximated without Unicode
/// category tables): letters and digits of any script, the hyphen, and combining marks (the
/// common combining blocks, Indic signs, Thai vowels and tone marks, ZWNJ/ZWJ). Symbols,
/// punctuation, spaces, controls and U+FFFD are refused.
fn is_idn_char(c: char) -> bool {
    if c.is_ascii() {
        return is_label_ascii(c);
    }
    if c.is_alphanumeric() {
        return true;
    }
    matches!(u32::from(c),
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05C7 | 0x0610..=0x061A | 0x064B..=0x065F
        | 0x0670 | 0x06D6..=0x06ED | 0x0900..=0x0963 | 0x0966..=0x0DFF | 0x0E31..=0x0E3A
        | 0x0E47..=0x0E4E | 0x0EB1..=0x0ECD | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x200C..=0x200D
        | 0x20D0..=0x20FF | 0x302A..=0x302F | 0x3099..=0x309A | 0xFE20..=0xFE2F)
}

/// `validateEmail`: trims, checks the WHATWG grammar (with IDN domains allowed) and the RFC
/// 5321 lengths, and returns the address with its domain in lowercase ASCII form.
pub fn validate_email(email: &str) -> EmailCheck {
    let fail = |code| EmailCheck {
        ok: false,
        normalized: None,
        error: Some(code),
    };
    if email.len() > 4 * MAX_EMAIL_OCTETS {
        return fail(ErrorCode::InvalidEmail);
    }
    match normalize_email(email.trim()) {
        Some(n) => EmailCheck {
            ok: true,
            normalized: Some(n),
            error: None,
        },
        None => fail(ErrorCode::InvalidEmail),
    }
}

fn normalize_email(email: &str) -> Option<String> {
    let (local, domain) = email.rsplit_once('@')?;
    if local.is_empty() || local.len() > MAX_LOCAL_OCTETS || !local.chars().all(is_local_char) {
        return None;
    }
    let domain = domain_to_ascii(domain)?;
    let normalized = format!("{local}@{domain}");
    (normalized.len() <= MAX_EMAIL_OCTETS).then_some(normalized)
}

/// The form two addresses are compared in: trimmed, lowercased, domain in ASCII form. Falls
/// back to the trimmed lowercase text when the address is not valid.
pub fn comparable(email: &str) -> String {
    let trimmed = email.trim();
    match normalize_email(trimmed) {
        Some(n) => n.to_lowercase(),
        None => trimmed.to_lowercase(),
    }
}

/// `emailsMatch`: trimmed, case-insensitive, IDN-aware. Two empty strings never match.
pub fn emails_match(a: &str, b: &str) -> bool {
    let (a, b) = (comparable(a), comparable(b));
    !a.is_empty() && a == b
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn punycode_rfc3492_samples() {
        // RFC 3492 section 7.1 samples (lowercased), and well-known IDNs.
        let cases = [
            ("bücher", "bcher-kva"),
            ("münchen", "mnchen-3ya"),
            ("例え", "r8jz45g"),
            ("他们为什么不说中文", "ihqwcrb4cv8a8dqg056pqjye"),
            (
                "почемужеонинеговорятпорусски",
                "b1abfaaepdrnnbgefbadotcwatmq2g4l",
            ),
            ("3年b組金八先生", "3b-ww4c5e180e575a65lsy2b"),
        ];
        for (input, want) in cases {
            assert_eq!(punycode_encode(input).as_deref(), Some(want), "{input}");
        }
    }

    #[test]
    fn validate_email_table() {
        let cases: &[(&str, Option<&str>)] = &[
            ("a@example.com", Some("a@example.com")),
            (
                "  Jane.Doe+tag@Example.COM ",
                Some("Jane.Doe+tag@example.com"),
            ),
            ("x@localhost", Some("x@localhost")),
            ("o'brien@ex-ample.io", Some("o'brien@ex-ample.io")),
            ("user@bücher.de", Some("user@xn--bcher-kva.de")),
            ("user@BÜCHER.de", Some("user@xn--bcher-kva.de")),
            ("user@例え.jp", Some("user@xn--r8jz45g.jp")),
            ("user@नमस्ते.in", Some("user@xn--h2bhs4b8d8a.in")),
            ("user@ex\u{FFFD}ample.com", None),
            ("user@ex☃ample.com", None),
            ("user@exa\u{00A0}mple.com", None),
            ("user@ex«ample.com", None),
            ("", None),
            ("plain", None),
            ("@example.com", None),
            ("a@", None),
            ("a@@example.com", None),
            ("a b@example.com", None),
            ("a@-example.com", None),
            ("a@example-.com", None),
            ("a@exa_mple.com", None),
            ("a@example..com", None),
            ("a@.example.com", None),
            ("\"quoted\"@example.com", None),
            ("ü@example.com", None),
            ("a@b@c.com", None),
            ("a@exa mple.com", None),
        ];
        for (input, want) in cases {
            let got = validate_email(input);
            assert_eq!(got.normalized.as_deref(), *want, "{input:?}");
            assert_eq!(got.ok, want.is_some());
            assert_eq!(got.error.is_some(), want.is_none());
        }
    }

    #[test]
    fn lengths() {
        let local64 = "a".repeat(64);
        assert!(validate_email(&format!("{local64}@example.com")).ok);
        assert!(!validate_email(&format!("a{local64}@example.com")).ok);
        let label = "b".repeat(63);
        let long = format!("{local64}@{label}.{label}.{label}.com");
        assert!(long.len() > 254);
        assert!(!validate_email(&long).ok);
        let fits = format!("{local64}@{label}.{label}.{}.com", "c".repeat(57));
        assert_eq!(fits.len(), 254);
        assert!(validate_email(&fits).ok);
        assert!(!validate_email(&format!("a@{}.com", "d".repeat(64))).ok);
    }

    #[test]
    fn matching() {
        assert!(emails_match(" Jane@Example.com", "jane@example.COM "));
        assert!(emails_match("a@bücher.de", "A@xn--bcher-kva.de"));
        assert!(!emails_match("a@example.com", "b@example.com"));
        assert!(!emails_match("", " "));
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_normalized_revalidates(s in "\\PC{0,300}") {
            let r = validate_email(&s);
            if let Some(n) = r.normalized {
                proptest::prop_assert!(validate_email(&n).ok);
                proptest::prop_assert!(n.len() <= MAX_EMAIL_OCTETS);
            }
        }
    }
}

#[cfg(test)]
mod fuzz_regressions {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// The fuzzer's first find (fuzz/corpus/email/regression-split-boundary): invalid UTF-8
    /// made lossy, so multi-byte replacement characters sit where a byte split would land.
    #[test]
    fn lossy_multibyte_input() {
        let text = String::from_utf8_lossy(b"a@exa\x93\x8f\x93\x9a\xd1\x9c\x90\x95");
        assert!(!validate_email(&text).ok);
        assert!(!emails_match(&text, "a@exa"));
    }
}
