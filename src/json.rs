//! A validating scanner of one JSON object (RFC 8259) that yields its top-level members as they
//! are written: each key unescaped (borrowed where it has no escapes) and each value as its raw
//! text, parsed later only if asked for. It accepts exactly the texts serde_json's reading of
//! an object into borrowed keys and raw values accepts (strict numbers, no control characters
//! in strings, nothing after the object; keys must be valid Unicode, while a value's `\u`
//! escapes are only checked for their four hex digits, as serde_json leaves that to the
//! value's own parse). Without it the core would read tokens through a typed serde
//! deserializer, which links serde's error formatting and with it float formatting into the
//! wasm (~18 KB of code).

use std::borrow::Cow;

/// The members of the JSON object `text`, in order (a key given twice appears twice), or
/// `None` when `text` is not one JSON object with optional whitespace around it.
pub fn object_members(text: &str) -> Option<Vec<(Cow<'_, str>, &str)>> {
    let mut s = Scanner {
        bytes: text.as_bytes(),
        pos: 0,
    };
    s.skip_ws();
    s.eat(b'{')?;
    let mut members = Vec::new();
    s.skip_ws();
    if s.peek() == Some(b'}') {
        s.pos += 1;
    } else {
        loop {
            s.skip_ws();
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
            members.push((key, text.get(value_start..s.pos)?));
            s.skip_ws();
            match s.next()? {
                b',' => continue,
                b'}' => break,
                _ => return None,
            }
        }
    }
    s.skip_ws();
    (s.pos == s.bytes.len()).then_some(members)
}

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Scanner<'_> {
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
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
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
