//! The layers stay as `docs/ARCHITECTURE.md` draws them: every `crate::` path in the library is
//! checked against the layer table there, the modules import each other without a cycle, and
//! sled, bincode, the clock, the environment and printing stay in their one place.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for item in std::fs::read_dir(dir).unwrap() {
        let path = item.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The library's files: everything under `src/` but the binary (`main.rs`, `cli/`).
fn library_files() -> Vec<PathBuf> {
    let src = root().join("src");
    rust_files(&src)
        .into_iter()
        .filter(|p| !p.starts_with(src.join("cli")) && *p != src.join("main.rs"))
        .collect()
}

/// The file's path under `src/`, for messages.
fn shown(path: &Path) -> String {
    path.strip_prefix(root()).unwrap().display().to_string()
}

/// The module path a file defines: `src/law/interpret.rs` is `law::interpret`, a `mod.rs` its
/// folder, `lib.rs` the crate root (empty).
fn module_of(path: &Path) -> String {
    let rel = path.strip_prefix(root().join("src")).unwrap();
    let mut parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts.join("::")
}

/// The layer a module belongs to: its first path segment.
fn layer_of(module: &str) -> &str {
    module.split("::").next().unwrap_or("")
}

/// The code of a file without comments and string literals, so that a path in a doc comment
/// or a message is not taken for an import.
fn code_of(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut in_string = false;
        let mut chars = line.chars().peekable();
        let mut previous = ' ';
        while let Some(c) = chars.next() {
            if !in_string && c == '/' && chars.peek() == Some(&'/') {
                break;
            }
            if c == '"' && previous != '\\' && previous != '\'' {
                in_string = !in_string;
            }
            if !in_string {
                out.push(c);
            }
            previous = c;
        }
        out.push('\n');
    }
    out
}

/// Every `crate::a::b::...` path in some code, as its segments.
fn crate_paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let preceded_by_ident = rest[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_');
        rest = &rest[at + "crate::".len()..];
        if preceded_by_ident {
            continue;
        }
        let mut segments = Vec::new();
        let mut cursor = rest;
        loop {
            let segment: String = cursor
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if segment.is_empty() {
                break;
            }
            cursor = &cursor[segment.len()..];
            segments.push(segment);
            match cursor.strip_prefix("::") {
                Some(next) => cursor = next,
                None => break,
            }
        }
        out.push(segments);
    }
    out
}

/// The layer table of `docs/ARCHITECTURE.md`: layer → the layers it may import.
fn layer_table() -> BTreeMap<String, BTreeSet<String>> {
    let doc = std::fs::read_to_string(root().join("docs/ARCHITECTURE.md")).unwrap();
    let section = doc
        .split("## Layers")
        .nth(1)
        .expect("docs/ARCHITECTURE.md has a '## Layers' section");
    let mut table = BTreeMap::new();
    for line in section.lines().skip_while(|l| !l.starts_with('|')) {
        if !line.starts_with('|') {
            break;
        }
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let [layer, allowed, ..] = cells.as_slice() else {
            continue;
        };
        let names = |cell: &str| -> Vec<String> {
            cell.split(',')
                .map(|n| n.trim().trim_matches('`').to_string())
                .filter(|n| !n.is_empty() && n != "nothing" && !n.starts_with('-'))
                .collect()
        };
        let Some(layer) = names(layer).into_iter().next() else {
            continue;
        };
        if layer == "layer" {
            continue;
        }
        table.insert(layer, names(allowed).into_iter().collect());
    }
    assert!(
        table.len() >= 8,
        "the layer table lists {} layers",
        table.len()
    );
    table
}

/// Which module a `crate::` path names: the longest prefix that is a module of the crate.
fn target_module(path: &[String], modules: &BTreeSet<String>) -> Option<String> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].join("::"))
        .find(|m| modules.contains(m))
}

#[test]
fn every_import_follows_the_layer_table() {
    let table = layer_table();
    let files = library_files();
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(f)).collect();
    let mut broken = Vec::new();
    for file in &files {
        let from = module_of(file);
        let from_layer = layer_of(&from);
        if from.is_empty() {
            continue;
        }
        let allowed = table.get(from_layer).unwrap_or_else(|| {
            panic!(
                "{} is in layer '{from_layer}', which docs/ARCHITECTURE.md's layer table does not list",
                shown(file)
            )
        });
        let code = code_of(&std::fs::read_to_string(file).unwrap());
        for path in crate_paths(&code) {
            let Some(to) = target_module(&path, &modules) else {
                continue;
            };
            let to_layer = layer_of(&to);
            if to_layer != from_layer && !allowed.contains(to_layer) {
                broken.push(format!(
                    "{} imports crate::{to} ({from_layer} → {to_layer}), which the layer table does not allow",
                    shown(file)
                ));
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn no_two_modules_import_each_other() {
    let files = library_files();
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(f)).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let from = module_of(file);
        let code = code_of(&std::fs::read_to_string(file).unwrap());
        for path in crate_paths(&code) {
            if let Some(to) = target_module(&path, &modules).filter(|to| *to != from) {
                edges.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    // Depth-first search; a module met again while still on the path closes a cycle.
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for module in &modules {
        if let Some(cycle) = visit(module, &edges, &mut Vec::new(), &mut done) {
            panic!("the modules import each other: {}", cycle.join(" → "));
        }
    }
}

/// Where each confined thing may appear: (what, the text that shows it, the files allowed).
const CONFINED: &[(&str, &[&str], &[&str])] = &[
    ("sled", &["sled::"], &["src/store/"]),
    ("bincode", &["bincode::"], &["src/chain/codec.rs"]),
    (
        "the clock",
        &["Utc::now", "SystemTime", "Instant::now", "Local::now"],
        &["src/cli/context.rs"],
    ),
    (
        "the environment",
        &["std::env", "env::var"],
        &["src/cli/context.rs", "src/cli/output.rs"],
    ),
];

#[test]
fn sled_bincode_the_clock_and_the_environment_stay_in_their_place() {
    let mut broken = Vec::new();
    for file in rust_files(&root().join("src")) {
        let name = shown(&file);
        let code = code_of(&std::fs::read_to_string(&file).unwrap());
        for (what, marks, allowed) in CONFINED {
            let found = marks.iter().find(|m| code.contains(*m));
            if let Some(mark) = found
                && !allowed.iter().any(|a| name.starts_with(a))
            {
                broken.push(format!("{name} uses {what} ({mark}); only {allowed:?} may"));
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn the_library_never_prints() {
    let mut broken = Vec::new();
    for file in library_files() {
        let code = code_of(&std::fs::read_to_string(&file).unwrap());
        for mark in ["println!", "eprintln!", "print!(", "eprint!(", "dbg!("] {
            if code.contains(mark) {
                broken.push(format!("{} prints ({mark})", shown(&file)));
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn every_file_says_what_it_holds_and_none_grows_past_a_reading() {
    for file in rust_files(&root().join("src")) {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.starts_with("//!"),
            "{} does not open with a //! line saying what it holds",
            shown(&file)
        );
        let lines = text.lines().count();
        assert!(
            lines <= 800,
            "{} has {lines} lines: split it by concept",
            shown(&file)
        );
    }
}

/// The checks above must be able to fail: a made-up file breaking each rule is caught.
#[test]
fn the_checks_catch_what_they_are_for() {
    let code = code_of(
        "use crate::ledger::Ledger; // crate::audit in a comment\nlet s = \"crate::archive\";\n",
    );
    let paths = crate_paths(&code);
    assert_eq!(
        paths,
        vec![vec!["ledger".to_string(), "Ledger".to_string()]]
    );
    let table = layer_table();
    assert!(
        !table["law"].contains("ledger"),
        "the table lets the law import the ledger"
    );
    assert!(!table["vocabulary"].contains("chain"));
    let modules: BTreeSet<String> = ["ledger".into(), "ledger::view".into()].into();
    assert_eq!(
        target_module(
            &["ledger".into(), "view".into(), "TreatyView".into()],
            &modules
        ),
        Some("ledger::view".into())
    );
}
