//! Hostile plugins are contained: each failure is reported under
//! `pirlint/plugin-failed`, naming the plugin and the cause, and the other
//! plugins' findings for the same report survive.

use pirlint_host::cache::CacheLocation;
use pirlint_host::linter::{Linter, LinterOptions, PLUGIN_FAILED};
use pirlint_host::policy::Policy;
use pirlint_host::sandbox::Limits;
use pirlint_host::Finding;
use std::path::{Path, PathBuf};

const REPORT: &str = "# Broken report\n\nNothing here yet. TODO\n";

fn plugin(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/plugins/dist").join(format!("{name}.wasm"))
}

fn cache_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("plugin-cache")
}

/// The compile cache in `dir`, with the key the tests share (outside it).
fn cache_at(dir: &Path) -> Option<CacheLocation> {
    Some(CacheLocation::new(dir, PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("plugin-cache.key")))
}

fn linter_with(plugins: &[&str], limits: Limits) -> (Linter, Vec<String>) {
    let policy = Policy { limits, ..Policy::default() };
    let mut extra: Vec<PathBuf> = plugins.iter().map(|p| plugin(p)).collect();
    extra.push(plugin("fixture-echo"));
    let (linter, errors) = Linter::new(
        &policy,
        LinterOptions { now: Some("2026-03-10T00:00:00Z".into()), cache: cache_at(&cache_dir()), extra_plugins: extra },
    );
    (linter, errors.iter().map(|e| e.to_string()).collect())
}

fn check(linter: &Linter) -> Vec<Finding> {
    linter.check(Path::new("report.md"), "report.md", REPORT)
}

fn failures(findings: &[Finding]) -> Vec<&Finding> {
    findings.iter().filter(|f| f.rule == PLUGIN_FAILED).collect()
}

/// The well-behaved plugins' findings are all still there.
fn assert_others_survive(findings: &[Finding]) {
    assert!(
        findings.iter().any(|f| f.rule == "fixture-echo/seen"),
        "the echo plugin's finding is missing: {findings:#?}"
    );
    assert!(
        findings.iter().any(|f| f.rule == "structure/required-sections"),
        "the structure plugin's findings are missing: {findings:#?}"
    );
}

fn small_limits() -> Limits {
    Limits { fuel: 20_000_000, memory_bytes: 16 << 20, ..Limits::default() }
}

#[test]
fn an_endless_loop_runs_out_of_fuel() {
    let (linter, errors) = linter_with(&["hostile-loop"], small_limits());
    assert_eq!(errors, Vec::<String>::new());
    let findings = check(&linter);
    let failed = failures(&findings);
    assert_eq!(failed.len(), 1, "{findings:#?}");
    assert_eq!(failed[0].plugin, "hostile-loop");
    assert!(failed[0].message.contains("plugin `hostile-loop` ran out of its budget of 20000000 fuel units"), "{}", failed[0].message);
    assert_others_survive(&findings);
}

#[test]
fn a_memory_bomb_hits_the_memory_cap() {
    let (linter, _) = linter_with(&["hostile-memory"], small_limits());
    let findings = check(&linter);
    let failed = failures(&findings);
    assert_eq!(failed.len(), 1, "{findings:#?}");
    assert!(failed[0].message.contains("plugin `hostile-memory` ran out of memory"), "{}", failed[0].message);
    assert!(failed[0].message.contains("above the limit of 16 MiB"), "{}", failed[0].message);
    assert_others_survive(&findings);
}

#[test]
fn a_panic_is_reported_as_a_crash() {
    let (linter, _) = linter_with(&["hostile-panic"], Limits::default());
    let findings = check(&linter);
    let failed = failures(&findings);
    assert_eq!(failed.len(), 1, "{findings:#?}");
    assert!(failed[0].message.contains("plugin `hostile-panic` crashed"), "{}", failed[0].message);
    assert!(failed[0].message.contains("panic"), "{}", failed[0].message);
    assert_others_survive(&findings);
}

#[test]
fn a_span_past_the_end_is_refused() {
    let (linter, _) = linter_with(&["hostile-span"], Limits::default());
    let findings = check(&linter);
    let failed = failures(&findings);
    assert_eq!(failed.len(), 1, "{findings:#?}");
    assert!(failed[0].message.contains("plugin `hostile-span` returned invalid output"), "{}", failed[0].message);
    assert!(failed[0].message.contains(&format!("which is {} bytes long", REPORT.len())), "{}", failed[0].message);
    assert!(findings.iter().all(|f| !f.rule.starts_with("hostile-span/")), "the invalid finding was kept");
    assert_others_survive(&findings);
}

#[test]
fn a_finding_for_an_undeclared_rule_is_refused() {
    let (linter, _) = linter_with(&["hostile-unknown-rule"], Limits::default());
    let findings = check(&linter);
    let failed = failures(&findings);
    assert_eq!(failed.len(), 1, "{findings:#?}");
    assert!(failed[0].message.contains("which it did not declare"), "{}", failed[0].message);
    assert_others_survive(&findings);
}

#[test]
fn a_plugin_of_another_interface_version_is_not_loaded() {
    let (linter, errors) = linter_with(&["hostile-describe"], Limits::default());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("hostile-describe.wasm"), "{}", errors[0]);
    assert!(errors[0].contains("interface version 999"), "{}", errors[0]);
    let findings = check(&linter);
    assert!(failures(&findings).is_empty());
    assert_others_survive(&findings);
}

#[test]
fn all_hostile_plugins_at_once_leave_the_others_alone() {
    let hostile = ["hostile-loop", "hostile-memory", "hostile-panic", "hostile-span", "hostile-unknown-rule"];
    let (linter, _) = linter_with(&hostile, small_limits());
    let findings = check(&linter);
    let mut failed: Vec<&str> = failures(&findings).iter().map(|f| f.plugin.as_str()).collect();
    failed.sort();
    assert_eq!(failed, hostile);
    assert_others_survive(&findings);
}

/// Instances are reused across reports; one that failed must never be
/// (wasmtime refuses to enter a component instance after a trap, so a
/// reused one would fail differently, or take the next report down).
#[test]
fn a_failed_instance_is_replaced_and_every_report_fails_the_same_way() {
    let hostile = ["hostile-loop", "hostile-memory", "hostile-panic", "hostile-span"];
    let (linter, _) = linter_with(&hostile, small_limits());
    let first = check(&linter);
    for round in 0..3 {
        let again = check(&linter);
        assert_eq!(again, first, "round {round}: a later report was checked differently");
    }
    let messages: Vec<&str> = failures(&first).iter().map(|f| f.message.as_str()).collect();
    assert_eq!(messages.len(), hostile.len(), "{messages:#?}");
    for m in &messages {
        assert!(!m.contains("cannot enter component instance"), "a trapped instance was reused: {m}");
    }
    assert_others_survive(&first);
}

/// A warm instance (one that has checked other reports) finds exactly what
/// a fresh one finds: plugins keep no state from one report to the next.
#[test]
fn warm_instances_find_what_fresh_ones_find() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let reports: Vec<(PathBuf, String)> = ["examples/faulty/2026-06-cdn-outage.md", "examples/faulty/2026-04-ransomware-draft.md", "examples/clean/2026-03-credential-stuffing.md"]
        .iter()
        .map(|p| (root.join(p), std::fs::read_to_string(root.join(p)).unwrap()))
        .collect();
    let fresh_linter = || Linter::new(&Policy::default(), LinterOptions { now: Some("2026-07-01T00:00:00Z".into()), cache: cache_at(&cache_dir()), extra_plugins: vec![] }).0;
    // Each report checked first by a new linter, whose instances are fresh
    // (only `describe` ran in them)...
    let fresh: Vec<Vec<Finding>> = reports.iter().map(|(path, text)| fresh_linter().check(path, "r.md", text)).collect();
    assert!(fresh[0].len() > 5 && fresh[1].len() > 5, "the faulty examples have findings");
    // ...and by one linter, in turn and then in reverse order.
    let warm = fresh_linter();
    let forward: Vec<Vec<Finding>> = reports.iter().map(|(path, text)| warm.check(path, "r.md", text)).collect();
    let backward: Vec<Vec<Finding>> = reports.iter().rev().map(|(path, text)| warm.check(path, "r.md", text)).collect();
    assert_eq!(forward, fresh);
    assert_eq!(backward.into_iter().rev().collect::<Vec<_>>(), fresh);
}

#[test]
fn a_file_that_is_not_a_component_is_reported_by_path() {
    let dir = tempfile::tempdir().unwrap();
    let bogus = dir.path().join("bogus.wasm");
    std::fs::write(&bogus, b"\0asm\x01\0\0\0").unwrap(); // a core module, not a component
    let (_, errors) = Linter::new(
        &Policy::default(),
        LinterOptions { now: None, cache: None, extra_plugins: vec![bogus] },
    );
    assert_eq!(errors.len(), 1);
    let message = errors[0].to_string();
    assert!(message.contains("bogus.wasm") && message.contains("is a core WebAssembly module, not a component"), "{message}");
    assert!(message.contains("wasm32-wasip2") && message.contains("wasm-tools component new"), "{message}");
}

/// The load error for the component at `path`, which must be the only error.
fn load_error(wasm: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.wasm");
    std::fs::write(&path, wasm).unwrap();
    let (_, errors) =
        Linter::new(&Policy::default(), LinterOptions { now: None, cache: None, extra_plugins: vec![path] });
    assert_eq!(errors.len(), 1, "{errors:?}");
    let message = errors[0].to_string();
    assert!(message.contains("mine.wasm"), "{message}");
    message
}

#[test]
fn a_file_that_is_not_webassembly_says_so() {
    let message = load_error(b"# rules\n[plugins]\n");
    assert!(message.contains("is not WebAssembly"), "{message}");
}

#[test]
fn a_component_built_for_another_version_of_the_contract_names_both_versions() {
    // A built-in plugin as a build against a later WIT would make it: every
    // `pirlint:plugin/...@0.2.0` name becomes `@0.9.0` (same length, so the
    // binary stays valid).
    let structure = pirlint_host::builtin::BUILTIN_PLUGINS.iter().find(|p| p.name == "structure").unwrap();
    let mut wasm = structure.wasm.to_vec();
    let (from, to) = (b"pirlint:plugin/".as_slice(), b"@0.2.0".as_slice());
    let mut renamed = 0;
    let mut at = 0;
    while let Some(start) = wasm[at..].windows(from.len()).position(|w| w == from).map(|p| p + at) {
        let name_end = (start..wasm.len().min(start + 64)).find(|&i| wasm[i..].starts_with(to));
        if let Some(end) = name_end {
            wasm[end..end + to.len()].copy_from_slice(b"@0.9.0");
            renamed += 1;
        }
        at = start + from.len();
    }
    assert!(renamed > 0);
    let message = load_error(&wasm);
    assert!(message.contains("was built for the plugin interface pirlint:plugin@0.9.0"), "{message}");
    assert!(message.contains("this pirlint speaks pirlint:plugin@0.2.0"), "{message}");
    assert!(message.contains("pirlint plugin wit"), "{message}");
}

/// A plugin built for interface version 1 (`pirlint:plugin@0.1.0`, the
/// `fixture-echo` component as it was built before version 2, kept in
/// `tests/plugins/dist/v1/`) is refused with both versions named and the
/// command that prints the contract to rebuild against.
#[test]
fn a_plugin_built_for_interface_version_1_names_it_and_this_version() {
    let wasm = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/plugins/dist/v1/fixture-echo.wasm")).unwrap();
    let message = load_error(&wasm);
    assert!(message.contains("was built for the plugin interface pirlint:plugin@0.1.0"), "{message}");
    assert!(message.contains("this pirlint speaks pirlint:plugin@0.2.0"), "{message}");
    assert!(message.contains("pirlint plugin wit"), "{message}");
}

#[test]
fn a_component_without_the_rules_export_lists_what_it_exports() {
    let message = load_error(&wasm_encoder::Component::new().finish());
    assert!(message.contains("does not export `pirlint:plugin/rules@0.2.0` (it exports nothing)"), "{message}");
    assert!(message.contains("rule-plugin"), "{message}");
}

#[test]
fn the_compile_cache_is_reused_and_survives_corruption() {
    let dir = tempfile::tempdir().unwrap();
    let options = || LinterOptions { now: None, cache: cache_at(dir.path()), extra_plugins: vec![] };
    let (first, errors) = Linter::new(&Policy::default(), options());
    assert!(errors.is_empty());
    let files: Vec<PathBuf> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
    assert!(files.iter().all(|p| ["cwasm", "tag"].contains(&p.extension().unwrap().to_str().unwrap())), "{files:?}");
    let entries: Vec<PathBuf> = files.into_iter().filter(|p| p.extension().unwrap() == "cwasm").collect();
    assert!(!entries.is_empty());
    let expected = check(&first);
    for entry in &entries {
        std::fs::write(entry, b"garbage").unwrap();
    }
    let (second, errors) = Linter::new(&Policy::default(), options());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(check(&second), expected);
    assert!(entries.iter().all(|p| std::fs::read(p).unwrap() != b"garbage"), "corrupt entries were not replaced");
}

/// The run's "now" the probe tests pass in: 2024-03-01T12:00:00Z.
const NOW: &str = "2024-03-01T12:00:00Z";
const NOW_UTC_SECONDS: u64 = 1_709_294_400;

fn probe_linter(capability: &str) -> Linter {
    let mut policy = Policy::default();
    let options = serde_json::json!({ "probe": capability }).as_object().unwrap().clone();
    policy.rules.insert(
        "wasi-probe/probe".into(),
        pirlint_host::policy::RuleSetting { options, ..Default::default() },
    );
    let (linter, errors) = Linter::new(
        &policy,
        LinterOptions { now: Some(NOW.into()), cache: cache_at(&cache_dir()), extra_plugins: vec![plugin("wasi-probe")] },
    );
    assert!(errors.is_empty(), "{errors:?}");
    linter
}

/// What the probe learnt with `capability`, or why it failed.
fn probe(capability: &str) -> String {
    let findings = check(&probe_linter(capability));
    let said: Vec<&str> = findings
        .iter()
        .filter(|f| f.rule == "wasi-probe/probe" || f.rule == PLUGIN_FAILED)
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(said.len(), 1, "{capability}: {findings:#?}");
    said[0].to_owned()
}

/// A component built for wasm32-wasip2 imports WASI. It is accepted, and
/// everything it can ask WASI carries nothing from the machine.
#[test]
fn a_wasi_component_learns_nothing_about_the_machine() {
    assert_eq!(probe("none"), "probe none: nothing tried");
    assert_eq!(probe("env"), "probe env: 0 environment variables, 0 arguments, current directory Some(\"/\")");
    assert_eq!(probe("clock"), format!("probe clock: Ok({NOW_UTC_SECONDS}) since the epoch"));
    assert_eq!(probe("monotonic"), "probe monotonic: 0ns elapsed, reads Instant { tv_sec: 1, tv_nsec: 0 }");
    let file = probe("file");
    assert!(file.starts_with("probe file: read Err(") && file.contains("listed Err("), "{file}");
    let socket = probe("socket");
    assert!(socket.starts_with("probe socket: connect Err(") && socket.contains("lookup Err("), "{socket}");
}

/// Random sources are fixed: the same answer on every run and machine.
/// (Rust's std advances its own hash key on each `RandomState::new` inside
/// an instance, so a reused instance answers differently on its next call;
/// that is the guest's state, and it too is the same on every run.)
#[test]
fn wasi_random_is_fixed_across_runs() {
    let first = probe("random");
    assert!(first.starts_with("probe random: hash "), "{first}");
    assert_eq!(probe("random"), first);
    let three_reports = || {
        let linter = probe_linter("random");
        (0..3).map(|_| check(&linter)).collect::<Vec<_>>()
    };
    assert_eq!(three_reports(), three_reports());
}

/// A plugin's printing does not fail it; its output is kept per call, so
/// a reused instance starts each report with an empty buffer.
#[test]
fn printing_plugin_succeeds_and_output_does_not_leak_between_reports() {
    let linter = probe_linter("stdout");
    let first = check(&linter);
    assert!(first.iter().any(|f| f.message == "probe stdout: printed"), "{first:#?}");
    assert!(failures(&first).is_empty(), "{first:#?}");
    assert_eq!(check(&linter), first);
}

/// A Rust guest's panic message (std's panic hook writes it to stderr) and
/// what it printed before reach the `plugin-failed` diagnostic, instead of a
/// bare `unreachable` trap or a refused WASI import.
#[test]
fn panic_message_and_print_reach_the_failure_diagnostic() {
    let message = probe("panic");
    assert!(message.contains("plugin `wasi-probe` crashed"), "{message}");
    assert!(message.contains("the probe panicked on purpose"), "{message}");
    assert!(message.contains("printed before the panic"), "{message}");
    assert!(!message.contains("wasi:"), "{message}");
}

/// Loads the built-in plugins and `extra` with the compile cache in `dir`,
/// and checks [`REPORT`].
fn check_cached(dir: &Path, extra: &str) -> Vec<Finding> {
    let (linter, errors) = Linter::new(
        &Policy::default(),
        LinterOptions { now: None, cache: cache_at(dir), extra_plugins: vec![plugin(extra)] },
    );
    assert!(errors.is_empty(), "{errors:?}");
    check(&linter)
}

fn entries(dir: &Path) -> std::collections::BTreeSet<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "cwasm"))
        .collect()
}

/// The cache entry of `name` in `dir`, and that of `other` in `other_dir`
/// (both caches also hold the built-in plugins, under the same names).
fn own_entries(dir: &Path, other_dir: &Path) -> (PathBuf, PathBuf) {
    let (ours, theirs) = (entries(dir), entries(other_dir));
    let only = |a: &std::collections::BTreeSet<PathBuf>, b: &std::collections::BTreeSet<PathBuf>| {
        let names: Vec<PathBuf> = a.iter().filter(|p| !b.iter().any(|q| q.file_name() == p.file_name())).cloned().collect();
        assert_eq!(names.len(), 1, "{names:?}");
        names[0].clone()
    };
    (only(&ours, &theirs), only(&theirs, &ours))
}

fn ran_plugin(findings: &[Finding], plugin: &str) -> bool {
    findings.iter().any(|f| f.plugin == plugin)
}

/// Someone who can write to the cache directory replaces the entry of one
/// plugin with the (valid, compiled) entry of another. pirlint must notice
/// and recompile, not run the other plugin under the first one's name.
#[test]
fn a_swapped_cache_entry_is_not_run() {
    let (echo_dir, panic_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let expected = check_cached(echo_dir.path(), "fixture-echo");
    assert!(ran_plugin(&expected, "fixture-echo"));
    assert!(ran_plugin(&check_cached(panic_dir.path(), "hostile-panic"), "hostile-panic"));
    let (echo_entry, panic_entry) = own_entries(echo_dir.path(), panic_dir.path());
    std::fs::copy(&panic_entry, &echo_entry).unwrap();

    let findings = check_cached(echo_dir.path(), "fixture-echo");
    assert!(!ran_plugin(&findings, "hostile-panic"), "the swapped-in plugin ran: {findings:#?}");
    assert_eq!(findings, expected);
}

/// An entry whose bytes were changed (here one byte in the middle, where
/// the compiled code is) is recompiled and replaced, never run.
#[test]
fn a_tampered_cache_entry_is_recompiled() {
    let (echo_dir, panic_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let expected = check_cached(echo_dir.path(), "fixture-echo");
    check_cached(panic_dir.path(), "hostile-panic");
    let (echo_entry, _) = own_entries(echo_dir.path(), panic_dir.path());
    let mut bytes = std::fs::read(&echo_entry).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x5a;
    std::fs::write(&echo_entry, &bytes).unwrap();

    assert_eq!(check_cached(echo_dir.path(), "fixture-echo"), expected);
    assert!(std::fs::read(&echo_entry).unwrap() != bytes, "the tampered entry was kept");
}

/// A cache directory that other users can write to is not trusted: its
/// entries are never loaded, whatever they contain.
#[cfg(unix)]
#[test]
fn a_cache_directory_writable_by_others_is_not_used() {
    use std::os::unix::fs::PermissionsExt;
    let (echo_dir, panic_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let expected = check_cached(echo_dir.path(), "fixture-echo");
    check_cached(panic_dir.path(), "hostile-panic");
    let (echo_entry, panic_entry) = own_entries(echo_dir.path(), panic_dir.path());
    for mode in [0o777, 0o775] {
        std::fs::copy(&panic_entry, &echo_entry).unwrap();
        std::fs::set_permissions(echo_dir.path(), std::fs::Permissions::from_mode(mode)).unwrap();
        let (linter, errors) = Linter::new(
            &Policy::default(),
            LinterOptions { now: None, cache: cache_at(echo_dir.path()), extra_plugins: vec![plugin("fixture-echo")] },
        );
        assert!(errors.is_empty(), "{errors:?}");
        let warnings = linter.warnings();
        assert!(
            warnings.len() == 1 && warnings[0].contains("is writable by other users"),
            "mode {mode:o}: {warnings:?}"
        );
        let findings = check(&linter);
        assert!(!ran_plugin(&findings, "hostile-panic"), "mode {mode:o}: an entry from a shared directory ran");
        assert_eq!(findings, expected);
    }
}

/// `fixture-echo` with `count` extra core instances of a module that has one
/// linear memory of `pages` 64 KiB pages (none if 0): each memory alone is under the
/// cap, all of them together are not. Built here from the committed echo
/// component by appending two sections, so it is a working plugin apart
/// from its appetite.
fn echo_with_memories(count: u32, pages: u64) -> Vec<u8> {
    use wasm_encoder::{Component, InstanceSection, MemorySection, MemoryType, Module, ModuleSection};
    let echo = std::fs::read(plugin("fixture-echo")).unwrap();
    let mut modules = 0;
    let mut nested = 0usize;
    for payload in wasmparser::Parser::new(0).parse_all(&echo) {
        match payload.unwrap() {
            wasmparser::Payload::ModuleSection { .. } if nested == 0 => modules += 1,
            wasmparser::Payload::ModuleSection { .. } | wasmparser::Payload::ComponentSection { .. } => nested += 1,
            wasmparser::Payload::End(_) => nested = nested.saturating_sub(1),
            _ => {}
        }
    }
    let mut memories = MemorySection::new();
    memories.memory(MemoryType { minimum: pages, maximum: None, memory64: false, shared: false, page_size_log2: None });
    let mut hog = Module::new();
    if pages > 0 {
        hog.section(&memories);
    }
    let mut instances = InstanceSection::new();
    for _ in 0..count {
        instances.instantiate::<[(&str, wasm_encoder::ModuleArg); 0], &str>(modules, []);
    }
    let mut extra = Component::new();
    extra.section(&ModuleSection(&hog));
    extra.section(&instances);
    let extra = extra.finish();
    let mut bytes = echo;
    bytes.extend_from_slice(&extra[8..]); // without the header
    bytes
}

fn load_bytes(wasm: &[u8], limits: Limits) -> (Linter, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hungry.wasm");
    std::fs::write(&path, wasm).unwrap();
    let policy = Policy { limits, ..Policy::default() };
    let (linter, errors) = Linter::new(&policy, LinterOptions { now: None, cache: None, extra_plugins: vec![path] });
    (linter, errors.iter().map(|e| e.to_string()).collect())
}

/// The memory cap bounds a plugin instance as a whole: 24 memories of 1 MiB
/// each are 24 MiB, over a 16 MiB cap, though each is under it.
#[test]
fn the_memory_cap_counts_every_memory_of_a_plugin() {
    let (modest, errors) = load_bytes(&echo_with_memories(4, 16), small_limits());
    assert!(errors.is_empty(), "4 MiB in four memories fit in 16 MiB: {errors:?}");
    assert!(check(&modest).iter().any(|f| f.rule == "fixture-echo/seen"));

    let (linter, errors) = load_bytes(&echo_with_memories(24, 16), small_limits());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("ran out of memory") && errors[0].contains("above the limit of 16 MiB"), "{}", errors[0]);
    let findings = check(&linter);
    assert!(findings.iter().all(|f| !f.rule.starts_with("fixture-echo/")), "the hungry plugin ran");
    assert!(findings.iter().any(|f| f.rule == "structure/required-sections"), "the other plugins stopped");
}

/// Hundreds of core instances, each with no memory at all, are refused
/// too: an instance costs host memory of its own.
#[test]
fn a_plugin_with_hundreds_of_instances_is_refused() {
    let (_, errors) = load_bytes(&echo_with_memories(900, 0), Limits::default());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("instances"), "{}", errors[0]);
}

/// Concurrent calls share one memory budget: a call waits until the calls
/// before it leave room for its whole cap, so the sum stays under the budget
/// and no call fails for it (findings never depend on scheduling).
#[test]
fn concurrent_calls_wait_for_room_in_the_memory_budget() {
    let limits = Limits { total_memory_bytes: 48 << 20, ..small_limits() };
    let (linter, errors) = linter_with(&[], limits);
    assert!(errors.is_empty(), "{errors:?}");
    let expected = check(&linter);
    let results: Vec<Vec<Finding>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..12).map(|_| scope.spawn(|| check(&linter))).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(results.iter().all(|r| *r == expected), "a concurrent call was checked differently");
    let peak = linter.peak_reserved_memory();
    assert!(peak > 0 && peak <= 48 << 20, "peak {peak} bytes reserved, over the 48 MiB budget");
}
