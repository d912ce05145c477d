//! Bounds that keep one hostile report or third-party plugin from flooding
//! the output or passing itself off as a built-in plugin.

use pirlint_host::linter::{Linter, LinterOptions};
use pirlint_host::policy::Policy;
use pirlint_host::Finding;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn linter(policy: &Policy, extra: Vec<PathBuf>) -> (Linter, Vec<String>) {
    let (linter, errors) = Linter::new(policy, LinterOptions { now: Some("2026-07-01T00:00:00Z".into()), cache: None, extra_plugins: extra });
    (linter, errors.iter().map(|e| e.to_string()).collect())
}

fn count(findings: &[Finding], rule: &str) -> usize {
    findings.iter().filter(|f| f.rule == rule).count()
}

/// One suppression comment naming 20,000 unknown rules: the host reports at
/// most as many problems as a plugin may, and says how many it left out.
#[test]
fn host_findings_about_suppressions_are_capped() {
    let (linter, errors) = linter(&Policy::default(), vec![]);
    assert!(errors.is_empty(), "{errors:?}");
    let rules: Vec<String> = (0..20_000).map(|i| format!("nope/rule-{i}")).collect();
    let report = format!("# Outage\n\n<!-- pirlint-disable-next-line {} -- why -->\nText.\n", rules.join(" "));
    let findings = linter.check(Path::new("r.md"), "r.md", &report);
    let invalid = count(&findings, "pirlint/invalid-suppression");
    assert!(invalid <= 1001, "{invalid} invalid-suppression findings");
    assert!(
        findings.iter().any(|f| f.message.contains("more than 1000 rules in suppressions")),
        "the cut is not said"
    );

    // Malformed directives name no rule, and are capped as findings.
    let bogus = "<!-- pirlint-bogus -->\n".repeat(20_000);
    let findings = linter.check(Path::new("r.md"), "r.md", &format!("# Outage\n\n{bogus}"));
    let invalid = count(&findings, "pirlint/invalid-suppression");
    assert!(invalid <= 1001, "{invalid} invalid-suppression findings");
    assert!(
        findings.iter().any(|f| f.message.contains("19000 more problems with suppressions")),
        "the cut is not said"
    );

    let many = "<!-- pirlint-disable-next-line structure/placeholder -- a reason -->\nText.\n".repeat(20_000);
    let findings = linter.check(Path::new("r.md"), "r.md", &format!("# Outage\n\n{many}"));
    let unused = count(&findings, "pirlint/unused-suppression");
    assert!(unused <= 1001, "{unused} unused-suppression findings");
}

/// The built-in `structure` plugin, loaded again as a third-party file
/// while the built-in one is off: its findings would pass for the built-in
/// plugin's. Refused.
#[test]
fn a_third_party_plugin_cannot_take_a_built_in_name() {
    let policy = Policy::parse("[plugins]\nstructure = false\n", None).unwrap();
    let (_, errors) = linter(&policy, vec![root().join("plugins/dist/structure.wasm")]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("the name of a built-in plugin"), "{}", errors[0]);
}

/// `[plugins.structure]` pinned to a file: refused at the policy, whatever
/// the file is.
#[test]
fn a_pinned_plugin_cannot_be_named_after_a_built_in_one() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("structure.wasm");
    std::fs::copy(root().join("plugins/dist/structure.wasm"), &copy).unwrap();
    let sha = pirlint_host::cache::sha256_hex(&std::fs::read(&copy).unwrap());
    std::fs::write(dir.path().join("rules.toml"), format!("[plugins.structure]\npath = \"structure.wasm\"\nsha256 = \"{sha}\"\n")).unwrap();
    let policy = Policy::load(&dir.path().join("rules.toml")).unwrap();
    let (_, errors) = linter(&policy, vec![]);
    assert!(errors.iter().any(|e| e.contains("the name of a built-in plugin")), "{errors:?}");
}

/// Two third-party plugins with one name: the second is refused.
#[test]
fn two_plugins_cannot_share_a_name() {
    let echo = root().join("tests/plugins/dist/fixture-echo.wasm");
    let (linter, errors) = linter(&Policy::default(), vec![echo.clone(), echo]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("already loaded"), "{}", errors[0]);
    assert_eq!(linter.plugin_versions().filter(|(name, _)| *name == "fixture-echo").count(), 1);
}
