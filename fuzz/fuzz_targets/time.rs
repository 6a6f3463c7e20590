//! ISO-8601 and HTTP-date parsing: no input panics; what parses formats and parses back.
#![no_main]
use invitekit::time::{format_iso, parse_http_date, parse_iso};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Some(ms) = parse_iso(&text) {
        if let Some(iso) = format_iso(ms) {
            assert_eq!(parse_iso(&iso), Some(ms), "{iso}");
        }
    }
    let _ = parse_http_date(&text);
});
