//! Rules that say they can fix (`fixable`) and rules renamed (`former-ids`
//! in `rule-info`): `pirlint rules` and `explain` show both, and a policy
//! or suppression naming a former id applies to the rule. The test plugin
//! `fixture-fix` declares `fixture-fix/todo` formerly `fixture-fix/todo-old`.

mod common;
use common::{json, pirlint, repo, run};

fn fixture_fix() -> String {
    repo().join("tests/plugins/dist/fixture-fix.wasm").display().to_string()
}

#[test]
fn rules_and_explain_show_fixable_and_former_ids() {
    let dir = tempfile::tempdir().unwrap();
    let rules = json(pirlint(dir.path()).args(["rules", "--format", "json", "--plugin", &fixture_fix()]));
    let rule = |id: &str| rules.as_array().unwrap().iter().find(|r| r["id"] == id).cloned().unwrap();
    assert_eq!(rule("fixture-fix/todo")["fixable"], true);
    assert_eq!(rule("fixture-fix/todo")["former_ids"], serde_json::json!(["fixture-fix/todo-old"]));
    assert_eq!(rule("structure/acronyms")["fixable"], true);
    assert_eq!(rule("structure/placeholder")["fixable"], false);
    assert_eq!(rule("structure/placeholder")["former_ids"], serde_json::json!([]));

    let (_, text, _) = run(pirlint(dir.path()).args(["rules", "--plugin", &fixture_fix()]));
    let line = text.lines().find(|l| l.starts_with("fixture-fix/todo ")).unwrap();
    assert!(line.contains(" yes ") && line.ends_with("(formerly fixture-fix/todo-old)"), "{line}");

    let (code, explain, stderr) = run(pirlint(dir.path()).args(["explain", "fixture-fix/todo", "--plugin", &fixture_fix()]));
    assert_eq!(code, 0, "{stderr}");
    assert!(explain.contains("Fixable: "), "{explain}");
    assert!(explain.contains("Formerly: `fixture-fix/todo-old`"), "{explain}");
}

#[test]
fn a_policy_and_a_suppression_naming_a_former_id_apply_to_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rules.toml"), "[rules.\"fixture-fix/todo-old\"]\nseverity = \"error\"\n").unwrap();
    std::fs::write(
        dir.path().join("r.md"),
        "# Summary\n\nOne TODO here.\n\n<!-- pirlint-disable-next-line fixture-fix/todo-old -- testing the rename -->\nAnother TODO here.\n",
    )
    .unwrap();
    let (_, stdout, stderr) = run(pirlint(dir.path()).args(["check", "--format", "short", "--plugin", &fixture_fix(), "r.md"]));
    assert!(
        stderr.contains("rule `fixture-fix/todo-old` was renamed to `fixture-fix/todo`"),
        "{stderr}"
    );
    // The policy's severity applies to the renamed rule.
    assert!(stdout.contains("r.md:3:5: error fixture-fix/todo"), "{stdout}");
    // The suppression naming the former id suppresses it, and is valid.
    assert!(!stdout.lines().any(|l| l.starts_with("r.md:6:") && l.contains("fixture-fix/todo")), "{stdout}");
    assert!(!stdout.contains("invalid-suppression") && !stdout.contains("unused"), "{stdout}");
}
