//! The pure crates must build without a browser: Cargo enforces it through their manifests (no web
//! crate listed); this test also fails if one arrives transitively, by asking `cargo tree`.

use std::process::Command;

const WEB_CRATES: [&str; 7] = [
    "yew",
    "yew-router",
    "web-sys",
    "js-sys",
    "wasm-bindgen",
    "gloo",
    "idb",
];

fn normal_dependencies(package: &str) -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "tree",
            "--offline",
            "--edges",
            "normal",
            "--prefix",
            "none",
            "--format",
            "{p}",
            "--package",
            package,
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "cargo tree a échoué : {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

#[test]
fn the_pure_crates_depend_on_no_web_crate() {
    for package in [
        "chorus-domain",
        "chorus-storage",
        "chorus-formation",
        "chorus-formats",
        "chorus-formats-protocole",
    ] {
        let deps = normal_dependencies(package);
        assert!(
            deps.iter().any(|d| d == package),
            "{package} absent de sa propre arborescence : {deps:?}"
        );
        let web: Vec<&String> = deps
            .iter()
            .filter(|d| WEB_CRATES.iter().any(|w| d == w || d.starts_with("gloo")))
            .collect();
        assert!(web.is_empty(), "{package} dépend de crates web : {web:?}");
    }
}

/// The formats and training layers sit on the domain, never under it.
#[test]
fn the_domain_depends_on_no_layer_above_it() {
    let deps = normal_dependencies("chorus-domain");
    for above in ["chorus-formats", "chorus-formation", "chorus-storage"] {
        assert!(
            !deps.iter().any(|d| d == above),
            "le domaine dépend de {above}"
        );
    }
    assert!(normal_dependencies("chorus-formats")
        .iter()
        .any(|d| d == "chorus-domain"));
}

/// The formats are the worker's (their own wasm, loaded on first use): the app never links them,
/// only the protocol it speaks to the worker.
#[test]
fn the_app_does_not_link_the_formats() {
    let deps = normal_dependencies("chorus-pro-sandbox");
    assert!(!deps.iter().any(|d| d == "chorus-formats"), "{deps:?}");
    assert!(deps.iter().any(|d| d == "chorus-formats-protocole"));
    assert!(normal_dependencies("formats-worker")
        .iter()
        .any(|d| d == "chorus-formats"));
}

/// The check itself sees web crates where they are: the app crate depends on Yew.
#[test]
fn the_check_sees_web_crates_where_they_are() {
    let deps = normal_dependencies("chorus-pro-sandbox");
    for expected in [
        "yew",
        "web-sys",
        "wasm-bindgen",
        "chorus-domain",
        "chorus-storage",
    ] {
        assert!(
            deps.iter().any(|d| d == expected),
            "{expected} absent de l'application : {deps:?}"
        );
    }
}
