//! The architecture, held against the code. Layers: every `crate::…` path a source file names
//! (in a `use` or inline, outside its test module) must name a module of a lower layer, or the
//! file's own module; a file that reaches up fails the test by name. Providers: every provider
//! of the registry has every piece docs/adding-a-provider.md lists.

use std::path::{Path, PathBuf};

/// The modules from the bottom up. A module may use only those before it.
const LAYERS: &[&[&str]] = &[
    // Core types: no I/O, no provider knowledge.
    &["platform"],
    &["json"],
    &["time"],
    &["http"],
    &["model"],
    &["error"],
    &["secret"],
    &["draft"],
    // Parsers of what users hand in.
    &["email"],
    &["link"],
    &["token"],
    // One module per provider, and the registry over them.
    &["providers"],
    // Rules that consult the providers.
    &["validate"],
    // Retries, deadlines, pagination, bulk create, the M2M token.
    &["client"],
    // The option objects of the JavaScript contract.
    &["contract"],
    // The wasm edge (compiled for wasm32 only).
    &["wasm::runtime"],
    &["wasm::crypto", "wasm::transport"],
    &["wasm::bindings"],
];

fn rank(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| {
        layer
            .iter()
            .any(|m| module == *m || module.starts_with(&format!("{m}::")))
    })
}

/// The module a source file belongs to, as the layers name it (`wasm::bindings` for
/// `src/wasm/bindings/client.rs`, `providers` for `src/providers/toggl.rs`).
fn module_of(relative: &Path) -> String {
    let parts: Vec<String> = relative
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    match parts.as_slice() {
        [first, second, ..] if first == "wasm" && second != "mod" => format!("wasm::{second}"),
        [first, ..] => first.clone(),
        [] => String::new(),
    }
}

/// Files that are test code through and through.
fn is_test_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    name == "tests.rs"
        || name.ends_with("_tests.rs")
        || matches!(
            name,
            "fixtures.rs" | "rfc_vectors.rs" | "typescript.rs" | "architecture.rs"
        )
}

fn sources(dir: &Path, into: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            sources(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") && !is_test_file(&path) {
            into.push(path);
        }
    }
}

/// The `crate::a` or `crate::a::b` (for `wasm`) modules a text names, with their line numbers.
fn imports(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or_default();
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let after = &rest[i + "crate::".len()..];
            let path: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let mut segments = path.split("::").filter(|s| !s.is_empty());
            let first = segments.next().unwrap_or_default().to_string();
            let module = if first == "wasm" {
                match segments.next() {
                    Some(second) => format!("wasm::{second}"),
                    None => first,
                }
            } else {
                first
            };
            if !module.is_empty()
                && module
                    .chars()
                    .all(|c| c.is_lowercase() || c == '_' || c == ':')
            {
                out.push((n + 1, module));
            }
            rest = &after[path.len().min(after.len())..];
        }
    }
    out
}

/// Each non-test source file under `src/` (its path relative to it) with its own code: the text
/// before its test module.
fn source_code() -> Vec<(PathBuf, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    assert!(files.len() > 20, "only {} source files found", files.len());
    files
        .iter()
        .map(|file| {
            let text = std::fs::read_to_string(file).unwrap_or_default();
            let code = text.split("#[cfg(test)]\nmod ").next().unwrap_or_default();
            let relative = file.strip_prefix(&src).unwrap_or(file);
            (relative.to_path_buf(), code.to_string())
        })
        .collect()
}

#[test]
fn modules_use_only_lower_layers() {
    let mut wrong = Vec::new();
    let mut checked = 0;
    for (relative, code) in source_code() {
        let own = module_of(&relative);
        // The crate root and the wasm folder's module list declare modules; they use none.
        if own == "lib" || own == "wasm" {
            continue;
        }
        let Some(own_rank) = rank(&own) else {
            wrong.push(format!(
                "{}: module {own} has no layer in LAYERS",
                relative.display()
            ));
            continue;
        };
        for (line, used) in imports(&code) {
            checked += 1;
            if used == own || own.starts_with(&format!("{used}::")) {
                continue;
            }
            match rank(&used) {
                Some(r) if r < own_rank => {}
                Some(_) => wrong.push(format!(
                    "{}:{line}: {own} uses crate::{used}, which is not below it",
                    relative.display()
                )),
                None => wrong.push(format!(
                    "{}:{line}: crate::{used} has no layer in LAYERS",
                    relative.display()
                )),
            }
        }
    }
    assert!(checked > 50, "only {checked} crate paths read");
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_checker_sees_an_upward_import() {
    let found = imports("use crate::client::is_loopback; // crate::wasm::bindings in a comment\nlet x = crate::wasm::runtime::to_js_error(e);");
    assert_eq!(
        found,
        [(1, "client".to_string()), (2, "wasm::runtime".to_string())]
    );
    assert!(rank("client") > rank("providers"));
    assert_eq!(
        module_of(Path::new("wasm/bindings/client.rs")),
        "wasm::bindings"
    );
    assert_eq!(module_of(Path::new("providers/toggl.rs")), "providers");
}

/// Every provider of the registry has each piece a provider needs (docs/adding-a-provider.md):
/// its module registered under its own name, its fixture tests, its sandbox, its contract
/// extract and the extract's source entry, and its place in the JavaScript provider list.
/// A provider missing a piece fails by name.
#[test]
fn every_provider_has_every_piece() {
    use crate::model::Provider;
    use crate::providers;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |path: &str| std::fs::read_to_string(root.join(path)).unwrap_or_default();
    let runtime_js = read("js/runtime.js");
    let extract_sources = read("scripts/extract-contracts.mjs");
    let sandbox_index = read("www/sandbox/index.mjs");
    let mut missing = Vec::new();
    for provider in Provider::ALL {
        let name = provider.as_str();
        let module = providers::module(provider);
        let mut lacks = |piece: &str, present: bool| {
            if !present {
                missing.push(format!("{name}: {piece}"));
            }
        };
        lacks(
            "providers::module(..) is its own module",
            module.provider == provider,
        );
        lacks("at least one capability", module.capabilities.bits() != 0);
        for file in [
            format!("src/providers/{name}.rs"),
            format!("src/providers/{name}_tests.rs"),
            format!("www/sandbox/{name}.mjs"),
            format!("tests/contract/extracts/{name}.json"),
        ] {
            lacks(&format!("the file {file}"), root.join(&file).is_file());
        }
        lacks(
            "an entry in SOURCES of scripts/extract-contracts.mjs",
            extract_sources.contains(&format!("  {name}: {{")),
        );
        lacks(
            "its sandbox imported by www/sandbox/index.mjs",
            sandbox_index.contains(&format!("./{name}.mjs")),
        );
        lacks(
            "a place in PROVIDERS of js/runtime.js",
            runtime_js.contains(&format!("\"{name}\"")),
        );
    }
    assert!(
        missing.is_empty(),
        "providers missing a piece:\n{}",
        missing.join("\n")
    );
}

/// Where a text names one provider: `Provider::Toggl` (not `Provider::ALL`) or a provider
/// module's path (`providers::logto::…`), with line numbers.
fn provider_mentions(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or_default();
        let mut rest = code;
        while let Some(i) = rest.find("Provider::") {
            let after = &rest[i + "Provider::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if name.chars().any(|c| c.is_lowercase()) && name.starts_with(char::is_uppercase) {
                out.push((n + 1, format!("Provider::{name}")));
            }
            rest = after;
        }
        for provider in crate::model::Provider::ALL {
            let path = format!("providers::{}::", provider.as_str());
            if code.contains(&path) {
                out.push((n + 1, path));
            }
        }
    }
    out
}

/// No code outside the provider modules, their registry and the enum that names them (in
/// `model.rs`) singles out a provider: the rest of the crate asks the registry.
#[test]
fn only_the_provider_modules_name_a_provider() {
    let mut named = Vec::new();
    for (relative, code) in source_code() {
        if relative.starts_with("providers") || relative == Path::new("model.rs") {
            continue;
        }
        for (line, what) in provider_mentions(&code) {
            named.push(format!("{}:{line}: {what}", relative.display()));
        }
    }
    assert!(
        named.is_empty(),
        "code outside the provider modules names a provider:\n{}",
        named.join("\n")
    );
}

#[test]
fn the_provider_check_sees_a_mention() {
    let text = "let all = Provider::ALL;\nif p == Provider::Logto {}\nproviders::toggl::MODULE // Provider::Jaqpot";
    assert_eq!(
        provider_mentions(text),
        [
            (2, "Provider::Logto".to_string()),
            (3, "providers::toggl::".to_string())
        ]
    );
}

/// The JS array literal `const NAME = Object.freeze([...]);` of js/runtime.js, as its strings.
fn js_string_list(js: &str, name: &str) -> Vec<String> {
    let start = format!("const {name} = Object.freeze([");
    js.split_once(&start)
        .and_then(|(_, rest)| rest.split_once("])"))
        .map(|(list, _)| {
            list.split(',')
                .map(|s| s.trim().trim_matches('"').to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// The numbers the bindings hand to js/runtime.js instead of strings (indexes, bits, codes) mean
/// the same on both sides.
#[test]
fn the_boundary_numbers_match_js_runtime() {
    use crate::link::LinkKind;
    use crate::model::{Capabilities, Provider};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let js = std::fs::read_to_string(root.join("js/runtime.js")).unwrap_or_default();
    let rust = std::fs::read_to_string(root.join("src/wasm/runtime.rs")).unwrap_or_default();
    let names = |all: Vec<&str>| all.into_iter().map(String::from).collect::<Vec<_>>();
    assert_eq!(
        js_string_list(&js, "PROVIDERS"),
        names(Provider::ALL.iter().map(|p| p.as_str()).collect()),
        "PROVIDERS in js/runtime.js is not Provider::ALL, in order"
    );
    assert_eq!(
        js_string_list(&js, "LINK_KINDS"),
        names(LinkKind::ALL.iter().map(|k| k.as_str()).collect()),
        "LINK_KINDS in js/runtime.js is not LinkKind::ALL, in order"
    );
    // capabilitiesOf reads bit i as the i-th field of Capabilities.
    let fields = serde_json::to_string(&Capabilities::NONE).unwrap_or_default();
    let fields: Vec<String> = fields
        .split('"')
        .skip(1)
        .step_by(2)
        .map(String::from)
        .collect();
    assert_eq!(fields.len(), 10, "{fields:?}");
    let body = js
        .split_once("function capabilitiesOf(bits) {")
        .and_then(|(_, rest)| rest.split_once("\n}"))
        .map(|(body, _)| body)
        .unwrap_or_default();
    for (bit, field) in fields.iter().enumerate() {
        assert!(
            body.contains(&format!("{field}: (bits & {}) !== 0", 1u32 << bit)),
            "capabilitiesOf does not read {field} from bit {bit}"
        );
    }
    for constant in ["READ_NOT_A_STRING", "READ_TOO_LONG", "NO_PROVIDER"] {
        let value = |text: &str, definition: &str| {
            text.split_once(definition)
                .and_then(|(_, rest)| rest.split([',', ';']).next())
                .map(|v| v.trim().to_string())
        };
        let in_rust = value(&rust, &format!("const {constant}: i32 = "));
        let in_js = value(&js, &format!("{constant} = "));
        assert!(
            in_rust.is_some(),
            "{constant} is not defined in src/wasm/runtime.rs"
        );
        assert_eq!(
            in_js, in_rust,
            "{constant} differs between js/runtime.js and src/wasm/runtime.rs"
        );
    }
}
