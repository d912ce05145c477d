//! `pirlint plugin new` and `pirlint plugin build` through the built binary.
//! Building with the real toolchains is `tests/integrations/example-plugins.sh`.

use std::path::Path;

mod common;
use common::{pirlint, repo, run};

fn new(dir: &Path, args: &[&str]) -> (i32, String, String) {
    run(pirlint(dir).args(["plugin", "new"]).args(args))
}

fn files_under(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                out.push(path.strip_prefix(base).unwrap().to_str().unwrap().replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

#[test]
fn each_language_gets_a_plugin_with_fixtures_a_readme_and_a_ci_script() {
    let tmp = tempfile::tempdir().unwrap();
    let sdk = repo().join("crates/pirlint-plugin-sdk");
    for (lang, sources) in [("rust", &["Cargo.toml", "src/lib.rs"][..]), ("python", &["app.py"][..]), ("js", &["package.json", "plugin.js"][..])] {
        let name = format!("acme-{lang}");
        let mut args = vec![name.as_str(), "--lang", lang];
        let sdk_arg = sdk.to_str().unwrap();
        if lang == "rust" {
            args.extend(["--sdk-path", sdk_arg]);
        }
        let (code, stdout, stderr) = new(tmp.path(), &args);
        assert_eq!(code, 0, "{stdout}{stderr}");
        let dir = tmp.path().join(&name);
        let files = files_under(&dir);
        for expected in sources.iter().chain(&[
            ".gitignore",
            "README.md",
            "ci.sh",
            "fixtures/filler-words.md",
            "fixtures/filler-words.md.snap",
            "fixtures/near-misses.md",
            "fixtures/near-misses.md.snap",
        ]) {
            assert!(files.contains(&expected.to_string()), "{lang}: {expected} missing from {files:?}");
        }
        for file in &files {
            let text = std::fs::read_to_string(dir.join(file)).unwrap();
            assert!(!text.contains("{{"), "{lang}: {file} has an unfilled placeholder");
        }
        let fixture = std::fs::read_to_string(dir.join("fixtures/filler-words.md")).unwrap();
        assert!(fixture.contains(&format!("<!-- expect: {name}/filler-word -->")), "{fixture}");
        let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
        assert!(readme.contains("pirlint plugin build .") && readme.contains(&format!("[plugins.{name}]")), "{readme}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join("ci.sh")).unwrap().permissions().mode();
            assert!(mode & 0o100 != 0, "ci.sh is not executable");
        }
        if lang == "rust" {
            let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
            let canonical = sdk.canonicalize().unwrap();
            assert!(manifest.contains(&format!("pirlint-plugin-sdk = {{ path = {:?} }}", canonical.to_str().unwrap())), "{manifest}");
            assert!(manifest.contains("\n[workspace]\n"), "a workspace of its own: {manifest}");
        }
    }
}

/// The scaffold for the name `example` is `examples/plugins/`, which
/// `tests/integrations/example-plugins.sh` builds and tests: the templates
/// cannot drift from code that is known to work.
#[test]
fn the_templates_render_the_examples() {
    let tmp = tempfile::tempdir().unwrap();
    let examples = repo().join("examples/plugins");
    for (lang, files) in [("python", &["app.py"][..]), ("js", &["plugin.js", "package.json"][..]), ("rust", &["src/lib.rs"][..])] {
        let dir = tmp.path().join(lang);
        let sdk = repo().join("crates/pirlint-plugin-sdk");
        let mut args = vec!["example", "--lang", lang, "--dir", dir.to_str().unwrap()];
        if lang == "rust" {
            args.extend(["--sdk-path", sdk.to_str().unwrap()]);
        }
        let (code, stdout, stderr) = new(tmp.path(), &args);
        assert_eq!(code, 0, "{stdout}{stderr}");
        for file in files {
            let scaffold = std::fs::read_to_string(dir.join(file)).unwrap();
            let example = std::fs::read_to_string(examples.join(lang).join(file)).unwrap();
            assert!(scaffold == example, "{lang}/{file}: the template no longer renders examples/plugins/{lang}/{file}");
        }
        for file in ["filler-words.md", "filler-words.md.snap", "near-misses.md", "near-misses.md.snap"] {
            let scaffold = std::fs::read_to_string(dir.join("fixtures").join(file)).unwrap();
            let example = std::fs::read_to_string(examples.join("fixtures").join(file)).unwrap();
            assert!(scaffold == example, "fixtures/{file}: the template no longer renders examples/plugins/fixtures/{file}");
        }
    }
}

#[test]
fn an_existing_directory_is_never_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("acme");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("app.py"), "mine").unwrap();
    let (code, _, stderr) = new(tmp.path(), &["acme", "--lang", "python"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("already exists") && stderr.contains("never overwrites"), "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.join("app.py")).unwrap(), "mine");
    assert_eq!(files_under(&dir), ["app.py"]);
    // Also an existing file given as --dir.
    std::fs::write(tmp.path().join("file"), "x").unwrap();
    let (code, _, stderr) = new(tmp.path(), &["acme", "--lang", "js", "--dir", "file"]);
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn names_are_validated() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, why) in [
        ("Acme", "must start with a lowercase letter"),
        ("1acme", "must start with a lowercase letter"),
        ("ac_me", "has `_`"),
        ("acme-", "must not end with `-`"),
        ("ac--me", "`--`"),
        ("pirlint", "reserved"),
        ("structure", "built-in plugin"),
        ("", "is empty"),
    ] {
        let (code, _, stderr) = new(tmp.path(), &[name, "--lang", "js"]);
        assert_eq!(code, 2, "{name}: {stderr}");
        assert!(stderr.contains("invalid plugin name") && stderr.contains(why), "{name}: {stderr}");
    }
    assert!(std::fs::read_dir(tmp.path()).unwrap().next().is_none(), "nothing written");
}

#[test]
fn rust_needs_the_sdk_path_and_only_rust_takes_it() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, _, stderr) = new(tmp.path(), &["acme", "--lang", "rust"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--sdk-path") && stderr.contains("not on crates.io"), "{stderr}");
    let (code, _, stderr) = new(tmp.path(), &["acme", "--lang", "rust", "--sdk-path", "."]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--sdk-path"), "{stderr}");
    let (code, _, stderr) = new(tmp.path(), &["acme", "--lang", "python", "--sdk-path", "."]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--lang rust only"), "{stderr}");
    assert!(std::fs::read_dir(tmp.path()).unwrap().next().is_none(), "nothing written");
}

#[test]
fn build_says_what_it_needs() {
    let tmp = tempfile::tempdir().unwrap();
    // Nothing to build.
    let (code, _, stderr) = run(pirlint(tmp.path()).args(["plugin", "build"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("Cargo.toml") && stderr.contains("package.json") && stderr.contains("app.py"), "{stderr}");
    // A Python plugin without componentize-py; a JavaScript one without
    // node_modules (or without node).
    let (code, _, _) = new(tmp.path(), &["acme-py", "--lang", "python"]);
    assert_eq!(code, 0);
    let (code, _, _) = new(tmp.path(), &["acme-js", "--lang", "js"]);
    assert_eq!(code, 0);
    let empty = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run(pirlint(tmp.path()).env("PATH", empty.path()).args(["plugin", "build", "acme-py"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("componentize-py is not on PATH") && stderr.contains("pip install componentize-py=="), "{stderr}");
    let (code, _, stderr) = run(pirlint(tmp.path()).args(["plugin", "build", "acme-js"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("npm ci") || stderr.contains("node is not on PATH"), "{stderr}");
    assert!(!tmp.path().join("acme-py/plugin.wasm").exists() && !tmp.path().join("acme-js/plugin.wasm").exists());
}
