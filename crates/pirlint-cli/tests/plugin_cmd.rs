//! `pirlint plugin wit` and `pirlint plugin test` through the built binary.

use std::path::{Path, PathBuf};

mod common;
use common::{pirlint, repo, run};

/// A copy of `tests/fixtures/<plugin>/` (or the named files of it) in a
/// temporary directory, so that snapshots can be written.
fn fixtures_copy(plugin: &str, only: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(repo().join("tests/fixtures").join(plugin)).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        if only.is_empty() || only.iter().any(|o| name.starts_with(o)) {
            std::fs::copy(&path, dir.path().join(&name)).unwrap();
        }
    }
    dir
}

fn structure_wasm() -> PathBuf {
    repo().join("plugins/dist/structure.wasm")
}

fn plugin_test(dir: &Path, plugin: &Path, extra: &[&str]) -> (i32, String, String) {
    run(pirlint(dir).args(["plugin", "test"]).arg(plugin).arg(".").args(extra))
}

#[test]
fn wit_prints_the_contract_byte_for_byte() {
    let output = pirlint(&repo()).args(["plugin", "wit"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(output.stdout, std::fs::read(repo().join("wit/pirlint.wit")).unwrap());
}

#[test]
fn bless_writes_the_snapshots_then_the_fixtures_pass_with_their_fuel() {
    let dir = fixtures_copy("structure", &["placeholders-and-empty"]);
    let (code, stdout, stderr) = plugin_test(dir.path(), &structure_wasm(), &[]);
    assert_eq!(code, 1, "a missing snapshot fails: {stdout}{stderr}");
    assert!(stdout.contains("no snapshot ./placeholders-and-empty.md.snap (run with --bless"), "{stdout}");
    assert!(!dir.path().join("placeholders-and-empty.md.snap").exists(), "not created without --bless");

    let (code, stdout, stderr) = plugin_test(dir.path(), &structure_wasm(), &["--bless"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.starts_with("blessed ./placeholders-and-empty.md  (fuel "), "{stdout}");
    let snapshot = std::fs::read_to_string(dir.path().join("placeholders-and-empty.md.snap")).unwrap();
    assert!(snapshot.contains("structure/placeholder 16:1-16:4 warning\n  message \"placeholder `TBD` left in the report\"\n"), "{snapshot}");

    let (code, stdout, stderr) = plugin_test(dir.path(), &structure_wasm(), &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let line = stdout.lines().next().unwrap();
    let fuel: u64 = line.strip_prefix("ok      ./placeholders-and-empty.md  (fuel ").and_then(|r| r.strip_suffix(')')).unwrap().parse().unwrap();
    assert!(fuel > 0, "{line}");
    assert!(stdout.ends_with(&format!("1 fixtures: 1 passed, 0 failed; fuel {fuel} in all\n")), "{stdout}");
}

#[test]
fn a_built_in_plugin_can_be_named_instead_of_its_component() {
    let dir = fixtures_copy("structure", &["complete"]);
    let (code, stdout, stderr) = run(pirlint(dir.path()).args(["plugin", "test", "structure", ".", "--bless"]));
    assert_eq!(code, 0, "{stdout}{stderr}");
    let (code, stdout, stderr) = run(pirlint(dir.path()).args(["plugin", "test", "structur", "."]));
    assert_eq!(code, 2, "{stdout}");
    assert!(stderr.contains("`structur` is neither a plugin component (.wasm) nor a built-in plugin"), "{stderr}");
}

#[test]
fn a_wrong_expectation_fails_naming_the_fixture_and_both_sides() {
    let dir = fixtures_copy("structure", &["placeholders-and-empty"]);
    assert_eq!(plugin_test(dir.path(), &structure_wasm(), &["--bless"]).0, 0);
    let path = dir.path().join("placeholders-and-empty.md");
    let source = std::fs::read_to_string(&path).unwrap();
    let changed = source.replacen("TBD <!-- expect: structure/placeholder -->", "TBD <!-- expect: structure/empty-section -->", 1);
    assert_ne!(changed, source);
    std::fs::write(&path, changed).unwrap();

    let (code, stdout, _) = plugin_test(dir.path(), &structure_wasm(), &[]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("FAIL    ./placeholders-and-empty.md  (fuel "), "{stdout}");
    assert!(stdout.contains("missing:    structure/empty-section@16 (announced, not found)"), "{stdout}");
    assert!(stdout.contains("unexpected: structure/placeholder@16: placeholder `TBD` left in the report"), "{stdout}");
    assert!(stdout.contains("1 fixtures: 0 passed, 1 failed"), "{stdout}");
}

#[test]
fn a_changed_message_shows_a_unified_diff_of_the_snapshot() {
    let dir = fixtures_copy("structure", &["placeholders-and-empty"]);
    assert_eq!(plugin_test(dir.path(), &structure_wasm(), &["--bless"]).0, 0);
    let snap = dir.path().join("placeholders-and-empty.md.snap");
    let text = std::fs::read_to_string(&snap).unwrap();
    std::fs::write(&snap, text.replacen("placeholder `TBD` left", "placeholder `TBD` still left", 1)).unwrap();

    let (code, stdout, _) = plugin_test(dir.path(), &structure_wasm(), &[]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("snapshot ./placeholders-and-empty.md.snap differs (--bless accepts the new findings):\n--- snapshot\n+++ this run\n@@ "), "{stdout}");
    assert!(stdout.contains("\n-  message \"placeholder `TBD` still left in the report\"\n+  message \"placeholder `TBD` left in the report\"\n"), "{stdout}");
}

#[test]
fn a_malformed_announcement_names_its_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.md"), "# Title\n\nText. <!-- expect: structure/placeholder@x -->\n").unwrap();
    let (code, stdout, stderr) = plugin_test(dir.path(), &structure_wasm(), &[]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(stderr.contains("./bad.md:3: `structure/placeholder@x`: `x` is not a line number"), "{stderr}");
}

#[test]
fn an_unloadable_plugin_is_exit_2_naming_it() {
    let dir = fixtures_copy("structure", &["complete"]);
    let (code, _, stderr) = plugin_test(dir.path(), &repo().join("tests/plugins/dist/missing.wasm"), &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("missing.wasm"), "{stderr}");
}

#[test]
fn a_third_party_component_counts_only_its_own_findings() {
    let dir = fixtures_copy("structure", &["complete"]);
    let echo = repo().join("tests/plugins/dist/fixture-echo.wasm");
    let (code, stdout, _) = plugin_test(dir.path(), &echo, &[]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("unexpected: fixture-echo/seen@1: "), "{stdout}");
    assert!(!stdout.contains("structure/"), "the built-in plugins do not run: {stdout}");
}

/// `plugin test` reads the fixtures as the host's fixture test does: every
/// built-in plugin's fixtures meet their announcements.
#[test]
fn every_built_in_plugin_passes_its_own_fixtures() {
    let mut plugins: Vec<String> = std::fs::read_dir(repo().join("plugins/dist"))
        .unwrap()
        .map(|e| e.unwrap().path().file_stem().unwrap().to_str().unwrap().to_owned())
        .collect();
    plugins.sort();
    assert!(plugins.len() >= 8, "{plugins:?}");
    for plugin in plugins {
        let dir = fixtures_copy(&plugin, &[]);
        let wasm = repo().join("plugins/dist").join(format!("{plugin}.wasm"));
        let (code, stdout, stderr) = plugin_test(dir.path(), &wasm, &["--bless"]);
        assert_eq!(code, 0, "{plugin}: {stdout}{stderr}");
        assert!(!stdout.contains("missing:") && !stdout.contains("unexpected:"), "{plugin}: {stdout}");
    }
}

/// `check --plugin-log` shows what a plugin printed during a successful
/// call, marked with the plugin and the report; without the flag nothing
/// of it reaches the terminal.
#[test]
fn plugin_log_shows_what_a_plugin_printed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rules.toml"), "[rules.\"wasi-probe/probe\"]\nprobe = \"stdout\"\n").unwrap();
    std::fs::write(dir.path().join("r.md"), "# Report\n\nText.\n").unwrap();
    let probe = repo().join("tests/plugins/dist/wasi-probe.wasm");
    let probe = probe.to_str().unwrap();
    let args = ["check", "--format", "short", "--plugin", probe, "r.md"];

    let (_, stdout, stderr) = run(pirlint(dir.path()).args(args).arg("--plugin-log"));
    assert!(stdout.contains("wasi-probe/probe") && stdout.contains("printed"), "{stdout}");
    assert!(stderr.contains("plugin-log: wasi-probe on r.md:\n  | "), "{stderr}");
    assert!(stderr.contains("  | hello from a plugin on stdout") && stderr.contains("  | and on stderr"), "{stderr}");

    let (_, _, quiet) = run(pirlint(dir.path()).args(args));
    assert!(!quiet.contains("hello from a plugin"), "{quiet}");
}
