//! The core's JSON, without serde: a validating scanner of one JSON object (RFC 8259) that
//! yields its top-level members as they are written (each key unescaped, borrowed where it has
//! no escapes, and each value as its raw text, read later only if asked for); readers of one
//! value's raw text (a string, an array's elements, a number scaled exactly in decimal); and a
//! writer of JSON strings for the core's results. The scanner accepts exactly the texts
//! serde_json's reading of an object into borrowed keys and raw values accepts (strict
//! numbers, no control characters in strings, nothing after the object; keys must be valid
//! Unicode, while a value's `\u` escapes are only checked for their four hex digits, as
//! serde_json leaves that to the value's own parse); the tests hold each part to serde_json.
//! Reading tokens, keys and drafts through serde_json instead would link its deserializer,
//! `Value` with its BTreeMap, and float parsing and formatting into the core-only wasm (~11 KB
//! of its gzip, measured).

use std::borrow::Cow;

/// The members of the JSON object `text`, in order (a key given twice appears twice), or
/// `None` when `text` is not one JSON object with optional whitespace around it.
pub fn object_members(text: &str) -> Option<Vec<(Cow<'_, str>, &str)>> {
    sequence(text, b'{', b'}', |s| {
        let key_start = s.pos;
        let escaped = s.string()?;
        let key_text = text.get(key_start + 1..s.pos - 1)?;
        let key = if escaped {
            Cow::Owned(unescape(key_text)?)
        } else {
            Cow::Borrowed(key_text)
        };
        s.skip_ws();
        s.eat(b':')?;
        s.skip_ws();
        let value_start = s.pos;
        s.value()?;
        Some((key, text.get(value_start..s.pos)?))
    })
}

/// The items of the JSON array or object `text` opened by `open` and closed by `close`, each
/// read by `item` (called at the item's first byte), or `None` when `text` is not exactly that
/// one array or object with optional whitespace around it.
fn sequence<'a, T>(
    text: &'a str,
    open: u8,
    close: u8,
    mut item: impl FnMut(&mut Scanner<'a>) -> Option<T>,
) -> Option<Vec<T>> {
    let mut s = Scanner::new(text);
    s.skip_ws();
    s.eat(open)?;
    // Room for a token's claims without growing.
    let mut items = Vec::with_capacity(16);
    s.skip_ws();
    if s.peek() == Some(close) {
        s.pos += 1;
    } else {
        loop {
            s.skip_ws();
            items.push(item(&mut s)?);
            s.skip_ws();
            match s.next()? {
                b',' => continue,
                c if c == close => break,
                _ => return None,
            }
        }
    }
    s.skip_ws();
    s.at_end().then_some(items)
}

/// Whether `text` is one JSON value with optional whitespace around it.
pub fn is_value(text: &str) -> bool {
    let mut s = Scanner::new(text);
    if s.value().is_none() {
        return false;
    }
    s.skip_ws();
    s.at_end()
}

/// The value of the JSON string `raw` (one string with its quotes, optional whitespace around
/// it), escapes decoded; `None` when `raw` is anything else or holds a lone surrogate (as
/// serde_json refuses it).
pub fn string(raw: &str) -> Option<String> {
    let raw = trim_ws(raw);
    let mut s = Scanner::new(raw);
    let escaped = s.string()?;
    if !s.at_end() {
        return None;
    }
    let inner = raw.get(1..raw.len() - 1)?;
    if escaped {
        unescape(inner)
    } else {
        Some(inner.to_string())
    }
}

/// The elements of the JSON array `raw`, in order, each as its raw text; `None` when `raw` is
/// not one JSON array with optional whitespace around it.
pub fn array(raw: &str) -> Option<Vec<&str>> {
    sequence(raw, b'[', b']', |s| {
        let start = s.pos;
        s.value()?;
        raw.get(start..s.pos)
    })
}

/// What [`scaled_floor`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scaled {
    /// The result, at most the limit in magnitude.
    Value(i64),
    /// A number beyond the limit, but one an f64 holds.
    OutOfRange,
    /// A number beyond an f64's range (over 1.8e308 in magnitude): not a number to JavaScript.
    Infinite,
}

/// The JSON number `raw` times 10^`scale`, rounded down (toward negative infinity), computed
/// exactly in decimal (no float parsing), or `None` when `raw` is not one JSON number.
/// Results over `limit` (at most 10^18) in magnitude are [`Scaled::OutOfRange`].
pub fn scaled_floor(raw: &str, scale: i64, limit: u64) -> Option<Scaled> {
    let raw = trim_ws(raw);
    let mut s = Scanner::new(raw);
    s.number()?;
    if !s.at_end() {
        return None;
    }
    let (negative, rest) = match raw.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, raw),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(i) => (rest.get(..i)?, rest.get(i + 1..)?),
        None => (rest, "0"),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let (exponent_negative, exponent) = match exponent.as_bytes().first() {
        Some(b'-') => (true, exponent.get(1..)?),
        Some(b'+') => (false, exponent.get(1..)?),
        _ => (false, exponent),
    };
    // The exponent, saturated far beyond any range that matters (its digits are checked above).
    let exponent = exponent.bytes().fold(0i64, |e, d| {
        (e * 10 + i64::from(d.saturating_sub(b'0'))).min(1_000_000)
    });
    let exponent = if exponent_negative {
        -exponent
    } else {
        exponent
    };
    // The significant digits (at most 19 kept, in a u64) and the power of ten they are scaled
    // by; `dropped` tells whether a non-zero digit was left out.
    let mut digits: u64 = 0;
    let mut kept = 0u32;
    let mut power = exponent + scale - fraction.len() as i64;
    let mut dropped = false;
    for d in whole.bytes().chain(fraction.bytes()) {
        let d = u64::from(d.saturating_sub(b'0'));
        if kept == 0 && d == 0 {
            continue;
        }
        if kept < 19 {
            digits = digits * 10 + d;
            kept += 1;
        } else {
            power += 1;
            dropped |= d != 0;
        }
    }
    if digits == 0 {
        return Some(Scaled::Value(0));
    }
    // The value is digits × 10^power, with `kept` digits: at least 10^(kept - 1 + power).
    let magnitude = i64::from(kept) - 1 + power;
    if magnitude - scale > 308 {
        return Some(Scaled::Infinite);
    }
    if magnitude >= 18 {
        return Some(Scaled::OutOfRange);
    }
    let (whole, remainder) = if power >= 0 {
        // magnitude < 18 bounds power, and the product stays under 10^18.
        (digits * 10u64.pow(power as u32), dropped)
    } else if power >= -19 {
        let divisor = 10u64.pow((-power) as u32);
        (digits / divisor, dropped || digits % divisor != 0)
    } else {
        (0, true)
    };
    let floor = if negative {
        -(whole as i64) - i64::from(remainder)
    } else {
        whole as i64
    };
    Some(if floor.unsigned_abs() > limit {
        Scaled::OutOfRange
    } else {
        Scaled::Value(floor)
    })
}

/// Appends `text` to `out` as a JSON string (quotes, `"` and `\` escaped, control characters
/// as `\n`, `\t`, ... or `\u00XX`).
pub fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let b = u32::from(c) as usize;
                out.push_str("\\u00");
                out.extend(
                    [b >> 4, b & 15]
                        .into_iter()
                        .filter_map(|i| HEX.get(i).map(|&h| char::from(h))),
                );
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Appends `text` as a JSON string, or `null` for none.
pub fn write_opt_string(out: &mut String, text: Option<&str>) {
    match text {
        Some(t) => write_string(out, t),
        None => out.push_str("null"),
    }
}

/// JSON's insignificant whitespace: space, tab, line feed, carriage return.
fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// `text` without JSON's insignificant whitespace at either end.
fn trim_ws(text: &str) -> &str {
    let bytes = text.as_bytes();
    let start = bytes.iter().position(|&b| !is_ws(b)).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| !is_ws(b))
        .map_or(start, |i| i + 1);
    // Both ends sit next to an ASCII byte, so on char boundaries.
    text.get(start..end).unwrap_or_default()
}

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Scanner<'a> {
        Scanner {
            bytes: text.as_bytes(),
            pos: 0,
        }
    }

    /// Whether every byte has been read.
    fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }

    fn eat(&mut self, want: u8) -> Option<()> {
        (self.next()? == want).then_some(())
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(is_ws) {
            self.pos += 1;
        }
    }

    /// A string, from its opening quote to past its closing one; whether it has escapes.
    fn string(&mut self) -> Option<bool> {
        self.eat(b'"')?;
        let mut escaped = false;
        loop {
            match self.next()? {
                b'"' => return Some(escaped),
                b'\\' => {
                    escaped = true;
                    match self.next()? {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => {}
                        b'u' => {
                            for _ in 0..4 {
                                if !self.next()?.is_ascii_hexdigit() {
                                    return None;
                                }
                            }
                        }
                        _ => return None,
                    }
                }
                0x00..=0x1f => return None,
                _ => {}
            }
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    fn number(&mut self) -> Option<()> {
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.next()? {
            b'0' => {}
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            self.some_digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            self.some_digits()?;
        }
        Some(())
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
    }

    fn some_digits(&mut self) -> Option<()> {
        let start = self.pos;
        self.digits();
        (self.pos > start).then_some(())
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        let end = self.pos.checked_add(word.len())?;
        (self.bytes.get(self.pos..end)? == word).then(|| self.pos = end)
    }

    /// One value of any kind, nested arrays and objects included (without recursion: the
    /// brackets still open are kept in a list).
    fn value(&mut self) -> Option<()> {
        let mut open: Vec<u8> = Vec::new();
        loop {
            // A value.
            self.skip_ws();
            match self.peek()? {
                b'"' => {
                    self.string()?;
                }
                b'-' | b'0'..=b'9' => self.number()?,
                b't' => self.literal(b"true")?,
                b'f' => self.literal(b"false")?,
                b'n' => self.literal(b"null")?,
                bracket @ (b'[' | b'{') => {
                    let close = if bracket == b'[' { b']' } else { b'}' };
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(close) {
                        self.pos += 1;
                    } else {
                        open.push(close);
                        // An object's first member starts with its key.
                        if close == b'}' {
                            self.member_key()?;
                        }
                        continue;
                    }
                }
                _ => return None,
            }
            // After a value: close what it ends, until a comma starts the next one.
            loop {
                let Some(&close) = open.last() else {
                    return Some(());
                };
                self.skip_ws();
                match self.next()? {
                    b',' if close == b'}' => {
                        self.skip_ws();
                        self.member_key()?;
                        break;
                    }
                    b',' => break,
                    b if b == close => {
                        open.pop();
                    }
                    _ => return None,
                }
            }
        }
    }

    /// `"key" :` of a nested object's member.
    fn member_key(&mut self) -> Option<()> {
        self.string()?;
        self.skip_ws();
        self.eat(b':')
    }
}

/// The text between a JSON string's quotes, its escapes decoded; `None` for a lone surrogate.
fn unescape(raw: &str) -> Option<String> {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let c = match chars.next()? {
            'b' => '\u{8}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'u' => {
                let hex = |chars: &mut std::str::Chars| -> Option<u32> {
                    let text: String = chars.by_ref().take(4).collect();
                    if text.len() != 4 {
                        return None;
                    }
                    u32::from_str_radix(&text, 16).ok()
                };
                let first = hex(&mut chars)?;
                match first {
                    0xD800..=0xDBFF => {
                        if chars.next()? != '\\' || chars.next()? != 'u' {
                            return None;
                        }
                        let second = hex(&mut chars)?;
                        if !(0xDC00..=0xDFFF).contains(&second) {
                            return None;
                        }
                        char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))?
                    }
                    _ => char::from_u32(first)?,
                }
            }
            other => other,
        };
        out.push(c);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn members_table() {
        let ok: &[(&str, &[(&str, &str)])] = &[
            ("{}", &[]),
            (" \n{ }\t", &[]),
            (r#"{"a":1}"#, &[("a", "1")]),
            (
                r#"{ "a" : "x" , "b":[1, {"c": null}], "a": -0.5e+3 }"#,
                &[
                    ("a", "\"x\""),
                    ("b", "[1, {\"c\": null}]"),
                    ("a", "-0.5e+3"),
                ],
            ),
            (r#"{"k\u00e9y\n":true}"#, &[("kéy\n", "true")]),
            (r#"{"\ud83d\ude00":false}"#, &[("😀", "false")]),
            (r#"{"v":"\ud800"}"#, &[("v", "\"\\ud800\"")]),
            (r#"{"":{}}"#, &[("", "{}")]),
            (
                r#"{"x":[[[]]],"y":{"z":{"w":[]}}}"#,
                &[("x", "[[[]]]"), ("y", "{\"z\":{\"w\":[]}}")],
            ),
        ];
        for (text, want) in ok {
            let got = object_members(text).unwrap_or_default();
            let got: Vec<(&str, &str)> = got.iter().map(|(k, v)| (k.as_ref(), *v)).collect();
            assert_eq!(&got, want, "{text}");
        }
        let bad = [
            "",
            "[]",
            "{",
            "}",
            "{}}",
            "{} x",
            r#"{"a"}"#,
            r#"{"a":}"#,
            r#"{"a":1,}"#,
            r#"{a:1}"#,
            r#"{"a":01}"#,
            r#"{"a":1.}"#,
            r#"{"a":.5}"#,
            r#"{"a":1e}"#,
            r#"{"a":+1}"#,
            r#"{"a":-}"#,
            r#"{"a":tru}"#,
            r#"{"a":nul}"#,
            r#"{"a":"x}"#,
            "{\"a\":\"\u{1}\"}",
            r#"{"a":"\x"}"#,
            r#"{"a":"\u12"}"#,
            r#"{"\ud800":1}"#,
            r#"{"\udc00":1}"#,
            r#"{"a":[1,]}"#,
            r#"{"a":[1}"#,
            r#"{"a":{"b"}}"#,
            r#"{"a":{"b":1,}}"#,
            r#"{"a":]}"#,
            r#"{"a":1 "b":2}"#,
            r#"{"a":NaN}"#,
            r#"{"a":[1 2]}"#,
            "{\"a\":\"\t\"}",
            "{\"a\n\":1}",
            "{\"a\":[\"\u{1f}\"]}",
        ];
        for text in bad {
            assert!(object_members(text).is_none(), "{text:?} accepted");
        }
    }

    #[test]
    fn strings_arrays_and_numbers_table() {
        assert_eq!(
            string(r#" "a\"b\u00e9\ud83d\ude00" "#).as_deref(),
            Some("a\"bé😀")
        );
        assert_eq!(string(r#""plain""#).as_deref(), Some("plain"));
        for bad in [r#""\ud800""#, r#""a" "b""#, "1", r#""a"#, "", r#""\x""#] {
            assert_eq!(string(bad), None, "{bad}");
        }
        assert_eq!(
            array(" [ 1 , \"x\" ,[2,{\"a\":[]}] ] "),
            Some(vec!["1", "\"x\"", "[2,{\"a\":[]}]"])
        );
        assert_eq!(array("[]"), Some(vec![]));
        for bad in ["[1,]", "[", "[1] 2", "{}", "[1 2]"] {
            assert_eq!(array(bad), None, "{bad}");
        }
        let cases: &[(&str, Option<Scaled>)] = &[
            ("0", Some(Scaled::Value(0))),
            ("-0", Some(Scaled::Value(0))),
            ("1700000000", Some(Scaled::Value(1_700_000_000_000))),
            ("1.001", Some(Scaled::Value(1001))),
            ("1.0019", Some(Scaled::Value(1001))),
            ("-1.0019", Some(Scaled::Value(-1002))),
            ("-0.0000001", Some(Scaled::Value(-1))),
            ("1.7E9", Some(Scaled::Value(1_700_000_000_000))),
            ("17e+8", Some(Scaled::Value(1_700_000_000_000))),
            ("1e-400", Some(Scaled::Value(0))),
            (
                "0.000000000000000000000000000001e30",
                Some(Scaled::Value(1000)),
            ),
            ("8640000000000", Some(Scaled::Value(8_640_000_000_000_000))),
            ("8640000000000.001", Some(Scaled::OutOfRange)),
            (
                "-8640000000000",
                Some(Scaled::Value(-8_640_000_000_000_000)),
            ),
            ("1e20", Some(Scaled::OutOfRange)),
            ("123456789012345678901234567890", Some(Scaled::OutOfRange)),
            ("1e308", Some(Scaled::OutOfRange)),
            ("1e309", Some(Scaled::Infinite)),
            ("-1e999999999", Some(Scaled::Infinite)),
            ("\"1\"", None),
            ("1.", None),
            ("+1", None),
            ("1 2", None),
            ("NaN", None),
        ];
        for (raw, want) in cases {
            assert_eq!(scaled_floor(raw, 3, 8_640_000_000_000_000), *want, "{raw}");
        }
    }

    /// The reference: serde_json reading the object into borrowed keys and raw values.
    #[cfg(not(target_arch = "wasm32"))]
    fn serde_members(text: &str) -> Option<Vec<(String, String)>> {
        use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
        use serde_json::value::RawValue;
        struct Members(Vec<(String, String)>);
        #[derive(serde::Deserialize)]
        struct Key<'a>(#[serde(borrow)] Cow<'a, str>);
        impl<'de> Deserialize<'de> for Members {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct Visit;
                impl<'de> Visitor<'de> for Visit {
                    type Value = Members;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str("a JSON object")
                    }
                    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
                        let mut out = Vec::new();
                        while let Some((Key(k), v)) = map.next_entry::<Key<'de>, &'de RawValue>()? {
                            out.push((k.into_owned(), v.get().to_string()));
                        }
                        Ok(Members(out))
                    }
                }
                d.deserialize_map(Visit)
            }
        }
        serde_json::from_str::<Members>(text).ok().map(|m| m.0)
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn ours(text: &str) -> Option<Vec<(String, String)>> {
        object_members(text).map(|m| {
            m.into_iter()
                .map(|(k, v)| (k.into_owned(), v.to_string()))
                .collect()
        })
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]

        /// Any text written as a JSON string reads back as itself, written as serde_json
        /// writes it.
        #[test]
        fn strings_round_trip(text in "\\PC{0,12}|[\u{0}-\u{1f}\"\\\\a-z\u{7f}é]{0,12}") {
            let mut out = String::new();
            write_string(&mut out, &text);
            proptest::prop_assert_eq!(&out, &serde_json::to_string(&text).unwrap_or_default());
            proptest::prop_assert_eq!(string(&out), Some(text));
        }

        /// Strings and arrays read as serde_json reads them.
        #[test]
        fn strings_and_arrays_agree_with_serde_json(body in r#"[\[\]",0-9a-z\\ u{}]{0,24}"#) {
            let quoted = format!("\"{body}");
            proptest::prop_assert_eq!(string(&quoted), serde_json::from_str::<String>(&quoted).ok());
            let list = format!("[{body}");
            let theirs = serde_json::from_str::<Vec<&serde_json::value::RawValue>>(&list)
                .ok()
                .map(|v| v.into_iter().map(|r| r.get().to_string()).collect::<Vec<_>>());
            let ours = array(&list).map(|v| v.into_iter().map(str::to_string).collect::<Vec<_>>());
            proptest::prop_assert_eq!(ours, theirs, "{:?}", list);
        }

        /// Numbers scaled exactly: against i128 arithmetic on the same digits.
        #[test]
        fn scaled_floor_is_exact(
            digits in 0u64..10_000_000_000_000_000,
            fraction in 0usize..8,
            exponent in -12i64..12,
            negative in proptest::arbitrary::any::<bool>(),
        ) {
            let mut text = digits.to_string();
            while text.len() <= fraction {
                text.insert(0, '0');
            }
            if fraction > 0 {
                text.insert(text.len() - fraction, '.');
            }
            let text = format!("{}{text}e{exponent}", if negative { "-" } else { "" });
            let power = 3 + exponent - fraction as i64;
            let signed = if negative { -(digits as i128) } else { digits as i128 };
            let want = if power >= 0 {
                signed * 10i128.pow(power as u32)
            } else {
                signed.div_euclid(10i128.pow((-power) as u32))
            };
            let want = if want.unsigned_abs() > 8_640_000_000_000_000 {
                Scaled::OutOfRange
            } else {
                Scaled::Value(want as i64)
            };
            proptest::prop_assert_eq!(scaled_floor(&text, 3, 8_640_000_000_000_000), Some(want), "{}", text);
        }

        /// Texts made of JSON's own characters, most of them broken somewhere: both readers
        /// accept the same ones and find the same members.
        #[test]
        fn agrees_with_serde_json(body in r#"[{}\[\]":, 0-9.eE+\-a-z\\\t\n]{0,40}"#) {
            let text = format!("{{{body}");
            proptest::prop_assert_eq!(ours(&text), serde_members(&text), "{:?}", text);
        }

        /// Valid objects (serde_json's own serialisation of generated values), each also with
        /// one character cut out, and with one of JSON's characters (or a control character)
        /// put in.
        #[test]
        fn agrees_on_valid_objects(
            entries in proptest::collection::vec(("[a-zé\\\"\n\u{1F600}]{0,6}", proptest::arbitrary::any::<i64>(), "[ -~é]{0,8}"), 0..6),
            cut in proptest::arbitrary::any::<usize>(),
            put in "[\t\n\u{1}\"\\{}\\[\\],:0-9eE.+\\- ]",
        ) {
            let mut map = serde_json::Map::new();
            for (k, n, s) in entries {
                map.insert(k.clone(), serde_json::json!([n, s, {"k": k, "f": (n as f64) / 7.0}, null, true]));
            }
            let text = serde_json::Value::Object(map).to_string();
            proptest::prop_assert!(ours(&text).is_some());
            proptest::prop_assert_eq!(ours(&text), serde_members(&text));
            if let Some((i, _)) = text.char_indices().nth(cut % text.chars().count().max(1)) {
                let mut broken = text.clone();
                broken.remove(i);
                proptest::prop_assert_eq!(ours(&broken), serde_members(&broken), "{:?}", broken);
                let mut grown = text.clone();
                grown.insert_str(i, &put);
                proptest::prop_assert_eq!(ours(&grown), serde_members(&grown), "{:?}", grown);
            }
        }
    }
}
