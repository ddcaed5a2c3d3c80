//! The pure modules (domain, training, formats) must build and test without a browser: this test
//! fails if one of them names a web crate.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::Path;

const PURE: [&str; 3] = ["src/domain", "src/training", "src/formats"];
const WEB_CRATES: [&str; 6] = [
    "yew",
    "web_sys",
    "gloo",
    "wasm_bindgen",
    "js_sys",
    "yew_router",
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Lines that use a web crate, outside comments.
fn offending_lines(source: &str) -> Vec<String> {
    source
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with("//"))
        .filter(|l| {
            WEB_CRATES.iter().any(|c| {
                l.contains(&format!("{c}::"))
                    || l.starts_with(&format!("use {c}"))
                    || l.starts_with(&format!("pub use {c}"))
                    || l.contains(&format!("extern crate {c}"))
            })
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn pure_modules_import_no_web_crate() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in PURE {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(!files.is_empty(), "the pure modules exist");
    let mut offences = Vec::new();
    for file in files {
        let source = fs::read_to_string(&file).unwrap();
        for line in offending_lines(&source) {
            offences.push(format!("{}: {line}", file.display()));
        }
    }
    assert!(
        offences.is_empty(),
        "web crates in pure modules:\n{}",
        offences.join("\n")
    );
}

#[test]
fn the_check_itself_catches_imports() {
    assert_eq!(offending_lines("use yew::prelude::*;").len(), 1);
    assert_eq!(offending_lines("let w = web_sys::window();").len(), 1);
    assert_eq!(
        offending_lines("    pub use wasm_bindgen::JsValue;").len(),
        1
    );
    assert!(offending_lines("// use yew::prelude::*;").is_empty());
    assert!(offending_lines("use serde::Serialize;").is_empty());
}
