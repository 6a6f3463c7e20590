//! parseInviteLink and buildInviteLink: no input panics; a parsed value is never empty; a link
//! built from a simple template parses back to the same value.
#![no_main]
use invitekit::link::{build_invite_link, parse_invite_link, LinkKind, LinkParts};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // "url\ntemplate\ntemplate...": the first line is the link, the rest templates.
    let mut lines = text.split('\n');
    let url = lines.next().unwrap_or_default();
    let templates: Vec<String> = lines.take(8).map(str::to_string).collect();
    if let Ok(link) = parse_invite_link(url, &templates) {
        assert!(!link.value.is_empty());
    }
    let _ = parse_invite_link(&text, &[]);
    // Round trip through fixed templates with the fuzzed text as the value.
    for (template, kind) in [("/i/{code}", LinkKind::Code), ("https://h.example/j?t={token}&o={organization}", LinkKind::Token)] {
        let parts = LinkParts {
            kind: Some(kind),
            value: Some(text.to_string()),
            organization: Some("org".into()),
            ..LinkParts::default()
        };
        if let Ok(built) = build_invite_link(template, &parts) {
            if let Ok(back) = parse_invite_link(&built, &[template.to_string()]) {
                assert_eq!(back.value, text, "round trip through {template}");
            }
        }
    }
});
