//! Time conventions: ISO-8601 with an offset and epoch milliseconds in, ISO-8601 UTC out.
//! Nothing here reads a clock; callers pass `now` in.

/// Milliseconds since 1970-01-01T00:00:00Z.
pub type EpochMs = i64;

/// The range JavaScript's `Date` accepts (±8.64e15 ms), so every value formats in JS too.
pub const MAX_EPOCH_MS: EpochMs = 8_640_000_000_000_000;

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    // Howard Hinnant's algorithm; exact over the proleptic Gregorian calendar.
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// Formats epoch milliseconds the way JavaScript's `Date.prototype.toISOString` does
/// (`2024-05-01T12:00:00.000Z`). Values outside JS's date range give `None`.
pub fn format_iso(ms: EpochMs) -> Option<String> {
    if !(-MAX_EPOCH_MS..=MAX_EPOCH_MS).contains(&ms) {
        return None;
    }
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    let (y, mo, d) = civil_from_days(days);
    let (h, mi, s, milli) = (
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000,
    );
    // Written digit by digit into bytes: this runs for every time field of every result.
    let mut out = Vec::with_capacity(27);
    let digits = |out: &mut Vec<u8>, v: i64, width: usize| {
        let mut buf = [b'0'; 6];
        let mut v = v.unsigned_abs();
        for slot in buf.iter_mut().take(width).rev() {
            *slot = b'0' + (v % 10) as u8;
            v /= 10;
        }
        out.extend_from_slice(buf.get(..width).unwrap_or_default());
    };
    if (0..=9999).contains(&y) {
        digits(&mut out, y, 4);
    } else {
        out.push(if y < 0 { b'-' } else { b'+' });
        digits(&mut out, y, 6);
    }
    for (sep, v, w) in [
        (b'-', mo, 2),
        (b'-', d, 2),
        (b'T', h, 2),
        (b':', mi, 2),
        (b':', s, 2),
        (b'.', milli, 3),
    ] {
        out.push(sep);
        digits(&mut out, v, w);
    }
    out.push(b'Z');
    // Digits and separators only: ASCII.
    String::from_utf8(out).ok()
}

struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn digits(&mut self, n: usize) -> Option<i64> {
        let mut v = 0i64;
        for _ in 0..n {
            let b = *self.bytes.get(self.pos)?;
            if !b.is_ascii_digit() {
                return None;
            }
            v = v * 10 + i64::from(b - b'0');
            self.pos += 1;
        }
        Some(v)
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.bytes.get(self.pos) == Some(&c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }
}

/// Parses an ISO-8601 / RFC 3339 date-time with an offset (`Z`, `+02:00`, `+0200`), with or
/// without fractional seconds, into epoch milliseconds. A date-time without an offset is read
/// as UTC (Django's and Spring's naive output); a bare date is midnight UTC.
pub fn parse_iso(text: &str) -> Option<EpochMs> {
    let text = text.trim();
    if text.len() > 64 {
        return None;
    }
    let mut c = Cursor {
        bytes: text.as_bytes(),
        pos: 0,
    };
    let y = c.digits(4)?;
    if !c.eat(b'-') {
        return None;
    }
    let mo = c.digits(2)?;
    if !c.eat(b'-') {
        return None;
    }
    let d = c.digits(2)?;
    if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) {
        return None;
    }
    let mut ms = days_from_civil(y, mo, d) * 86_400_000;
    if c.peek().is_none() {
        return Some(ms);
    }
    if !(c.eat(b'T') || c.eat(b't') || c.eat(b' ')) {
        return None;
    }
    let h = c.digits(2)?;
    if !c.eat(b':') {
        return None;
    }
    let mi = c.digits(2)?;
    let s = if c.eat(b':') { c.digits(2)? } else { 0 };
    if h > 23 || mi > 59 || s > 60 {
        return None;
    }
    ms += (h * 3600 + mi * 60 + s.min(59)) * 1000;
    if c.eat(b'.') || c.eat(b',') {
        let start = c.pos;
        let mut frac = 0i64;
        let mut scale = 100i64;
        while let Some(b) = c.peek().filter(u8::is_ascii_digit) {
            frac += i64::from(b - b'0') * scale;
            scale /= 10;
            c.pos += 1;
        }
        if c.pos == start {
            return None;
        }
        ms += frac;
    }
    match c.peek() {
        None => {}
        Some(b'Z') | Some(b'z') => c.pos += 1,
        Some(sign @ (b'+' | b'-')) => {
            c.pos += 1;
            let oh = c.digits(2)?;
            c.eat(b':');
            let om = c.digits(2)?;
            if oh > 23 || om > 59 {
                return None;
            }
            let off = (oh * 60 + om) * 60_000;
            ms = if sign == b'+' { ms - off } else { ms + off };
        }
        Some(_) => return None,
    }
    if c.pos != c.bytes.len() {
        return None;
    }
    Some(ms)
}

/// Normalises an ISO-8601 string with any offset into ISO-8601 UTC.
pub fn normalize_iso(text: &str) -> Option<String> {
    parse_iso(text).and_then(format_iso)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn formats_like_javascript() {
        let cases: &[(i64, &str)] = &[
            (0, "1970-01-01T00:00:00.000Z"),
            (1_700_000_000_123, "2023-11-14T22:13:20.123Z"),
            (-1, "1969-12-31T23:59:59.999Z"),
            (951_782_400_000, "2000-02-29T00:00:00.000Z"),
            (MAX_EPOCH_MS, "+275760-09-13T00:00:00.000Z"),
        ];
        for (ms, want) in cases {
            assert_eq!(format_iso(*ms).as_deref(), Some(*want), "{ms}");
        }
        assert_eq!(format_iso(MAX_EPOCH_MS + 1), None);
    }

    #[test]
    fn parses_offsets_fractions_and_rejects_garbage() {
        let ok: &[(&str, i64)] = &[
            ("2023-11-14T22:13:20.123Z", 1_700_000_000_123),
            ("2023-11-14T23:13:20.123+01:00", 1_700_000_000_123),
            ("2023-11-14T21:13:20.123456-0100", 1_700_000_000_123),
            ("2023-11-14T22:13:20Z", 1_700_000_000_000),
            ("2023-11-14T22:13:20", 1_700_000_000_000),
            ("2023-11-14 22:13", 1_699_999_980_000),
            ("2000-02-29", 951_782_400_000),
        ];
        for (text, want) in ok {
            assert_eq!(parse_iso(text), Some(*want), "{text}");
        }
        for bad in [
            "",
            "2023",
            "2023-13-01",
            "2023-02-29",
            "2023-11-14T25:00Z",
            "2023-11-14T22:13:20.Z",
            "2023-11-14T22:13:20Zjunk",
            "2023-11-14T22:13:20+5",
            "２０２３-11-14",
        ] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
    }

    proptest::proptest! {
        #[test]
        fn round_trips(ms in -62_135_596_800_000i64..253_402_300_799_999i64) {
            let text = format_iso(ms).unwrap_or_default();
            proptest::prop_assert_eq!(parse_iso(&text), Some(ms));
        }

        #[test]
        fn never_panics(text in ".{0,80}") {
            let _ = parse_iso(&text);
        }
    }
}

/// Parses an HTTP-date (RFC 9110 §5.6.7: IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`, and
/// the obsolete RFC 850 / asctime forms) into epoch milliseconds.
pub fn parse_http_date(text: &str) -> Option<EpochMs> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let text = text.trim();
    if text.len() > 64 {
        return None;
    }
    let month_of = |m: &str| {
        MONTHS
            .iter()
            .position(|x| x.eq_ignore_ascii_case(m))
            .map(|i| i as i64 + 1)
    };
    let parts: Vec<&str> = text
        .split([' ', ',', '-'])
        .filter(|p| !p.is_empty())
        .collect();
    // IMF-fixdate and RFC 850: [weekday] day month year time GMT; asctime: weekday month day time year.
    let (day, month, year, time) = match parts.as_slice() {
        [_, d, m, y, t, "GMT"] => (*d, *m, *y, *t),
        [_, m, d, t, y] => (*d, *m, *y, *t),
        _ => return None,
    };
    let day: i64 = day.parse().ok()?;
    let month = month_of(month)?;
    let mut year: i64 = year.parse().ok()?;
    if year < 100 {
        year += if year < 70 { 2000 } else { 1900 };
    }
    let mut hms = time.split(':').map(|x| x.parse::<i64>().ok());
    let (h, mi, s) = (hms.next()??, hms.next()??, hms.next()??);
    if hms.next().is_some()
        || !(1..=days_in_month(year, month)).contains(&day)
        || h > 23
        || mi > 59
        || s > 60
    {
        return None;
    }
    Some((days_from_civil(year, month, day) * 86_400 + h * 3600 + mi * 60 + s.min(59)) * 1000)
}

#[cfg(test)]
mod http_date_tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn http_dates() {
        let want = Some(784_111_777_000);
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), want);
        assert_eq!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), want);
        assert_eq!(parse_http_date("Sun Nov  6 08:49:37 1994"), want);
        for bad in [
            "",
            "tomorrow",
            "Sun, 31 Feb 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 25:00:00 GMT",
            "Sun, 06 Nov 1994 08:49:37 PST",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad}");
        }
    }
}
