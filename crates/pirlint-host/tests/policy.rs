//! The policy as the engine applies it: misconfigurations reported at their
//! exact place, pinned third-party plugins, suppressions in reports,
//! overrides per report.

use pirlint_host::linter::{Linter, LinterOptions};
use pirlint_host::policy::{ConfigError, Policy};
use pirlint_host::Finding;
use std::path::{Path, PathBuf};

fn test_plugin(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/plugins/dist").join(format!("{name}.wasm"))
}

fn options() -> LinterOptions {
    LinterOptions {
        now: Some("2026-07-01T00:00:00Z".into()),
        cache: Some(pirlint_host::cache::CacheLocation::new(PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("plugin-cache"), PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("plugin-cache.key"))),
        extra_plugins: Vec::new(),
    }
}

/// `path:line:column: message` for each error, as the CLI prints the place.
fn located(errors: &[ConfigError]) -> Vec<String> {
    errors
        .iter()
        .map(|e| {
            let (line, column) = match (&e.source_text, &e.span) {
                (Some(text), Some(span)) => {
                    let before = &text[..span.start];
                    (before.matches('\n').count() + 1, before.rsplit('\n').next().unwrap().chars().count() + 1)
                }
                _ => (0, 0),
            };
            let name = e.path.as_ref().and_then(|p| p.file_name()).map_or("-".into(), |n| n.to_string_lossy().into_owned());
            format!("{name}:{line}:{column}: {} [help: {}]", e.message, e.help.clone().unwrap_or_default())
        })
        .collect()
}

fn config_errors(text: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rules.toml");
    std::fs::write(&path, text).unwrap();
    match Policy::load_all(&path) {
        Err(errors) => located(&errors),
        Ok(policy) => located(&Linter::new(&policy, options()).1),
    }
}

fn one_error(text: &str) -> String {
    let errors = config_errors(text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    errors[0].clone()
}

#[test]
fn an_unknown_rule_points_at_its_id_and_suggests() {
    let e = one_error("[policy]\nname = \"x\"\n\n[rules.\"structure/placeholders\"]\nseverity = \"warning\"\n");
    assert!(e.starts_with("rules.toml:4:8: unknown rule `structure/placeholders`"), "{e}");
    assert!(e.contains("did you mean `structure/placeholder`?"), "{e}");
}

#[test]
fn a_misspelled_option_points_at_the_key_and_suggests() {
    let e = one_error("[rules.\"structure/placeholder\"]\nseverty = \"warning\"\n");
    assert!(e.starts_with("rules.toml:2:1: rule `structure/placeholder`: unknown option `severty`"), "{e}");
    assert!(e.contains("did you mean `severity`?"), "{e}");
    let e = one_error("[rules.\"structure/placeholder\"]\nalow = [\"N/A\"]\n");
    assert!(e.starts_with("rules.toml:2:1: rule `structure/placeholder`: unknown option `alow`"), "{e}");
    assert!(e.contains("did you mean `allow`?") && e.contains("`extra`"), "lists what is allowed: {e}");
}

#[test]
fn an_invalid_option_value_points_at_the_value_with_its_pointer() {
    let e = one_error("[rules.\"structure/required-sections\"]\nsections = [\"timeline\", \"Time Line\"]\n");
    assert!(e.starts_with("rules.toml:2:25: rule `structure/required-sections`: invalid option `sections/1` (at /sections/1)"), "{e}");
    assert!(e.contains("`sections`"), "lists what is allowed: {e}");
    let e = one_error("[rules.\"structure/required-sections\"]\nseverity = \"error\"\nsections = \"timeline\"\n");
    assert!(e.starts_with("rules.toml:3:12: rule `structure/required-sections`: invalid option `sections`"), "{e}");
    let e = one_error("[rules.\"structure/required-sections\"]\nsections = { timeline = true }\n");
    assert!(e.starts_with("rules.toml:2:12:"), "{e}");
}

#[test]
fn misspelled_tables_and_keys_anywhere_get_suggestions() {
    let cases = [
        ("[polcy]\nname = \"x\"\n", "rules.toml:1:2: unknown key `polcy`", "did you mean `policy`?"),
        ("[policy]\nfail_on = \"error\"\n", "rules.toml:2:1: unknown key `fail_on` in [policy]", "did you mean `fail-on`?"),
        ("[policy]\nfail-on = \"warn\"\n", "rules.toml:2:11: [policy] fail-on: unknown level `warn`", "use one of"),
        ("[files]\nexclud = []\n", "rules.toml:2:1: unknown key `exclud` in [files]", "did you mean `exclude`?"),
        ("[plugins]\nstructur = false\n", "rules.toml:2:12: unknown built-in plugin `structur`", "did you mean `structure`?"),
        ("[rules.\"structure/placeholder\"]\nseverity = \"warn\"\n", "rules.toml:2:12: rule `structure/placeholder`: unknown severity `warn`", "error, warning, info, off"),
        ("[[overrides]]\nfile = [\"a\"]\n", "rules.toml:2:1: unknown key `file` in [[overrides]]", "did you mean `files`?"),
    ];
    for (text, start, help) in cases {
        let errors = config_errors(text);
        assert!(errors.iter().any(|e| e.starts_with(start) && e.contains(help)), "{text}: {errors:#?}");
    }
}

#[test]
fn override_options_are_validated_too() {
    let e = one_error("[[overrides]]\nfiles = [\"old/**\"]\n[overrides.rules.\"structure/placeholder\"]\nallow = \"N/A\"\n");
    assert!(e.starts_with("rules.toml:4:9: rule `structure/placeholder`: invalid option `allow`"), "{e}");
}

fn pinned_policy(dir: &Path, plugin: &str, name: &str, pin: Option<&str>) -> Policy {
    std::fs::create_dir_all(dir.join("plugins")).unwrap();
    std::fs::copy(test_plugin(plugin), dir.join(format!("plugins/{plugin}.wasm"))).unwrap();
    let pin = pin.map(|p| format!("sha256 = \"{p}\"\n")).unwrap_or_default();
    let text = format!("[plugins.{name}]\npath = \"plugins/{plugin}.wasm\"\n{pin}");
    std::fs::write(dir.join("rules.toml"), text).unwrap();
    Policy::load(&dir.join("rules.toml")).unwrap()
}

fn sha256_of(path: &Path) -> String {
    pirlint_host::cache::sha256_hex(&std::fs::read(path).unwrap())
}

/// `wasi-probe` is built for wasm32-wasip2 by the standard toolchain: the
/// way a third party builds a plugin.
#[test]
fn a_pinned_third_party_plugin_loads_from_a_path() {
    let dir = tempfile::tempdir().unwrap();
    let digest = sha256_of(&test_plugin("wasi-probe"));
    let policy = pinned_policy(dir.path(), "wasi-probe", "wasi-probe", Some(&digest.to_uppercase()));
    let (linter, errors) = Linter::new(&policy, options());
    assert!(errors.is_empty(), "{:#?}", located(&errors));
    assert!(linter.rule("wasi-probe/probe").is_some());
    let findings = linter.check(Path::new("r.md"), "r.md", "# T\n\nText.\n");
    assert!(findings.iter().any(|f| f.rule == "wasi-probe/probe"), "{findings:#?}");

    let dir = tempfile::tempdir().unwrap();
    let policy = pinned_policy(dir.path(), "fixture-echo", "fixture-echo", Some(&sha256_of(&test_plugin("fixture-echo"))));
    let (linter, errors) = Linter::new(&policy, options());
    assert!(errors.is_empty(), "{:#?}", located(&errors));
    let findings = linter.check(Path::new("r.md"), "r.md", "# T\n");
    assert!(findings.iter().any(|f| f.rule == "fixture-echo/seen"), "{findings:#?}");
}

#[test]
fn a_wrong_or_missing_pin_is_refused_with_both_digests() {
    let dir = tempfile::tempdir().unwrap();
    let actual = sha256_of(&test_plugin("wasi-probe"));
    let wrong = "0".repeat(64);
    let policy = pinned_policy(dir.path(), "wasi-probe", "wasi-probe", Some(&wrong));
    let (linter, errors) = Linter::new(&policy, options());
    let errors = located(&errors);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].starts_with("rules.toml:3:10: plugin `wasi-probe`:"), "{}", errors[0]);
    assert!(errors[0].contains("does not match its pin; refusing to load it"), "{}", errors[0]);
    assert!(errors[0].contains(&format!("expected sha256: {wrong}")), "{}", errors[0]);
    assert!(errors[0].contains(&format!("actual sha256: {actual}")), "{}", errors[0]);
    assert!(errors[0].contains(&format!("sha256 = \"{actual}\"")), "says how to pin: {}", errors[0]);
    assert!(linter.rule("wasi-probe/probe").is_none(), "the plugin was loaded anyway");

    let dir = tempfile::tempdir().unwrap();
    let policy = pinned_policy(dir.path(), "wasi-probe", "wasi-probe", None);
    let (linter, errors) = Linter::new(&policy, options());
    let errors = located(&errors);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].starts_with("rules.toml:1:10: plugin `wasi-probe`:") && errors[0].contains("is not pinned"), "{}", errors[0]);
    assert!(errors[0].contains(&format!("sha256 = \"{actual}\"")), "{}", errors[0]);
    assert!(linter.rule("wasi-probe/probe").is_none());

    let dir = tempfile::tempdir().unwrap();
    let policy = pinned_policy(dir.path(), "fixture-echo", "my-org", Some(&sha256_of(&test_plugin("fixture-echo"))));
    let (_, errors) = Linter::new(&policy, options());
    let errors = located(&errors);
    assert!(errors[0].contains("calls itself `fixture-echo`, not `my-org`") && errors[0].contains("[plugins.fixture-echo]"), "{errors:#?}");
}

const PLACEHOLDER_REPORT: &str = "# Outage\n\n## Summary\n\nTBD\n\n## Timeline\n\nTBD\n";

fn linter(rules: &str) -> Linter {
    let policy = Policy::parse(rules, None).unwrap();
    let (linter, errors) = Linter::new(&policy, options());
    assert!(errors.is_empty(), "{:#?}", located(&errors));
    linter
}

fn findings_of(linter: &Linter, path: &str, source: &str) -> Vec<String> {
    let findings: Vec<Finding> = linter.check(Path::new(path), path, source);
    findings
        .iter()
        .filter(|f| f.rule.starts_with("structure/placeholder") || f.rule.starts_with("pirlint/"))
        .map(|f| format!("{}@{}:{} {}", f.rule, f.primary.start.line, f.primary.start.column, f.severity))
        .collect()
}

#[test]
fn suppression_comments_silence_findings_and_are_checked_themselves() {
    let linter = linter("");
    assert_eq!(findings_of(&linter, "r.md", PLACEHOLDER_REPORT), ["structure/placeholder@5:1 warning", "structure/placeholder@9:1 warning"]);

    let next_line = "# Outage\n\n## Summary\n\n<!-- pirlint-disable-next-line structure/placeholder -- filled in after the review -->\n\nTBD\n\n## Timeline\n\nTBD\n";
    assert_eq!(findings_of(&linter, "r.md", next_line), ["structure/placeholder@11:1 warning"]);

    let block = "# Outage\n\n<!-- pirlint-disable structure/* -->\n## Summary\n\nTBD\n<!-- pirlint-enable structure/* -->\n\n## Timeline\n\nTBD\n";
    assert_eq!(
        findings_of(&linter, "r.md", block),
        ["pirlint/suppression-without-reason@3:1 error", "structure/placeholder@11:1 warning"],
        "without a reason it is reported, and still suppresses"
    );

    let unused_and_unknown = "# Outage\n\n<!-- pirlint-disable-next-line structure/placeholder, structure/placeholdr -- x -->\n## Summary\n\nDone.\n\n```\n<!-- pirlint-disable structure/placeholder -->\n```\n\n## Timeline\n\nTBD\n";
    assert_eq!(
        findings_of(&linter, "r.md", unused_and_unknown),
        [
            "pirlint/unused-suppression@3:32 warning",
            "pirlint/invalid-suppression@3:55 warning",
            "structure/placeholder@14:1 warning"
        ],
        "the comment inside the code block is ignored"
    );
}

#[test]
fn front_matter_suppresses_the_whole_file() {
    let linter = linter("");
    let report = format!("---\ntitle: Outage\npirlint:\n  disable:\n    - rule: structure/placeholder\n      reason: a skeleton on purpose\n---\n{PLACEHOLDER_REPORT}");
    assert_eq!(findings_of(&linter, "r.md", &report), Vec::<String>::new());
    let report = format!("---\ntitle: Outage\npirlint:\n  disable:\n    - rule: structure/placeholder\n---\n{PLACEHOLDER_REPORT}");
    let found = findings_of(&linter, "r.md", &report);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("pirlint/suppression-without-reason@3:"), "{found:?}");
}

#[test]
fn reasons_can_be_made_optional() {
    let linter = linter("[policy]\nrequire-suppression-reason = false\n");
    let block = "# Outage\n\n<!-- pirlint-disable structure/placeholder -->\n## Summary\n\nTBD\n";
    assert_eq!(findings_of(&linter, "r.md", block), Vec::<String>::new());
}

#[test]
fn overrides_change_rules_per_file_and_incident_type() {
    let linter = linter(
        "[[overrides]]\nfiles = [\"archive/**\"]\nrules.\"structure/placeholder\".severity = \"off\"\n\n[[overrides]]\nincident-type = [\"security\"]\nrules.\"structure/placeholder\".severity = \"error\"\n",
    );
    assert_eq!(findings_of(&linter, "archive/2019/r.md", PLACEHOLDER_REPORT), Vec::<String>::new());
    assert_eq!(findings_of(&linter, "2026/r.md", PLACEHOLDER_REPORT).len(), 2);
    let security = format!("---\nincident-type: Security\n---\n{PLACEHOLDER_REPORT}");
    assert!(findings_of(&linter, "2026/r.md", &security).iter().all(|f| f.ends_with(" error")));
    // Both apply: later overrides win.
    assert!(findings_of(&linter, "archive/r.md", &security).iter().all(|f| f.ends_with(" error")));
    let rules = linter.rules_for(Path::new("archive/r.md"), &security);
    assert_eq!(rules.overrides, [0, 1]);
}

#[test]
fn overrides_match_by_severity_through_the_scale_and_its_aliases() {
    // `P1` in the override and `high` in a report are both SEV2 on the
    // built-in scale; `SEV-1` is SEV1.
    let linter = linter(
        "[[overrides]]\nseverity = [\"SEV1\", \"P1\"]\nrules.\"structure/placeholder\".severity = \"error\"\n",
    );
    let with = |severity: &str| format!("---\nseverity: {severity}\n---\n{PLACEHOLDER_REPORT}");
    for severity in ["SEV-1", "sev 1", "critical", "P0", "high", "Sev-2 (major)", "P1"] {
        let found = findings_of(&linter, "r.md", &with(severity));
        assert_eq!(found.len(), 2, "{severity}: {found:?}");
        assert!(found.iter().all(|f| f.ends_with(" error")), "{severity}: {found:?}");
        assert_eq!(linter.rules_for(Path::new("r.md"), &with(severity)).overrides, [0], "{severity}");
    }
    // Near misses: another level, no severity, a severity off the scale.
    for report in [with("SEV3"), with("low"), with("P2"), PLACEHOLDER_REPORT.to_owned()] {
        let found = findings_of(&linter, "r.md", &report);
        assert!(found.iter().filter(|f| f.starts_with("structure/")).all(|f| f.ends_with(" warning")), "{report}: {found:?}");
        assert!(linter.rules_for(Path::new("r.md"), &report).overrides.is_empty(), "{report}");
    }
    // Off the scale: not matched, and said.
    let found = findings_of(&linter, "r.md", &with("SEV-0"));
    assert!(found.contains(&"pirlint/unknown-severity@2:11 warning".to_owned()), "{found:?}");
    assert!(found.iter().filter(|f| f.starts_with("structure/")).all(|f| f.ends_with(" warning")), "{found:?}");
    // A placeholder is structure/placeholder's, not an unknown severity.
    assert!(!findings_of(&linter, "r.md", &with("TBD")).iter().any(|f| f.starts_with("pirlint/unknown-severity")));
}

#[test]
fn overrides_by_severity_use_the_policys_own_scale() {
    let linter = linter(
        "[severity]\nlevels = [\"critical\", \"major\", \"minor\"]\n[severity.aliases]\ncritical = [\"SEV0\", \"SEV1\"]\nmajor = [\"SEV2\"]\n\n[[overrides]]\nseverity = [\"SEV1\"]\nfiles = [\"2026/**\"]\nrules.\"structure/placeholder\".severity = \"off\"\n",
    );
    let with = |severity: &str| format!("---\nseverity: {severity}\n---\n{PLACEHOLDER_REPORT}");
    // SEV0 is an alias of `critical`, as is the override's SEV1.
    assert_eq!(findings_of(&linter, "2026/r.md", &with("SEV0")), Vec::<String>::new());
    // Both conditions must hold: the path, and the severity.
    assert_eq!(findings_of(&linter, "2025/r.md", &with("SEV0")).len(), 2);
    assert_eq!(findings_of(&linter, "2026/r.md", &with("major")).len(), 2);
    // The built-in aliases are gone with the built-in levels.
    let found = findings_of(&linter, "2026/r.md", &with("P1"));
    assert!(found.iter().any(|f| f.starts_with("pirlint/unknown-severity@2:")), "{found:?}");
    let scale = linter.severity_scale();
    assert_eq!(scale.resolve("sev-2").map(|s| (s.name, s.rank)), Some(("major".to_owned(), 2)));
}

/// meeting/timely's deadline follows the report's level on the policy's own
/// scale, and business days skip the configured holidays.
#[test]
fn meeting_deadlines_follow_the_scale_and_skip_holidays() {
    let timely = |linter: &Linter, severity: &str, resolved: &str, meeting: &str| -> Vec<String> {
        let source = format!(
            "---\nseverity: {severity}\nstatus: final\nresolved: {resolved}T17:00:00Z\nmeeting:\n  date: {meeting}\n  agenda_sent: {meeting}\n  moderator: Luis Romero\n  scribe: Hannah Weiss\n  attendees: [Hannah Weiss, Luis Romero]\n---\n\n# Summary\n\nText.\n"
        );
        linter.check(Path::new("r.md"), "r.md", &source).iter().filter(|f| f.rule == "meeting/timely").map(|f| f.message.clone()).collect()
    };
    // A custom scale: `blocker` is its first level, `P1` an alias of it.
    let custom = linter(
        "[severity]\nlevels = [\"blocker\", \"major\", \"minor\"]\n[severity.aliases]\nblocker = [\"P1\"]\n\n[rules.\"meeting/timely\"]\ndeadlines = { blocker = { days = 2, business-days = true } }\nus-federal-holidays = true\nholidays = [\"2026-07-06\"]\n",
    );
    // Resolved Thursday 2026-07-02; Friday 07-03 is Independence Day
    // observed, the weekend and the company's 07-06 follow: Tuesday 07-07
    // is the first business day, Wednesday 07-08 the second.
    assert_eq!(timely(&custom, "P1", "2026-07-02", "2026-07-08"), Vec::<String>::new());
    let late = timely(&custom, "blocker", "2026-07-02", "2026-07-09");
    assert_eq!(late, ["meeting held 3 business days after the incident was resolved, beyond the 2 business days allowed for a blocker incident"]);
    // `major` has no deadline of its own: max-days, 5 calendar days.
    assert_eq!(timely(&custom, "major", "2026-07-02", "2026-07-07"), Vec::<String>::new());
    assert_eq!(timely(&custom, "major", "2026-07-02", "2026-07-08").len(), 1);
    // The built-in scale and defaults: SEV2 gets 5 business days, without
    // holidays unless asked for (Friday 07-03 counts).
    let builtin = linter("");
    assert_eq!(timely(&builtin, "high", "2026-07-02", "2026-07-09"), Vec::<String>::new());
    assert_eq!(
        timely(&builtin, "high", "2026-07-02", "2026-07-10"),
        ["meeting held 6 business days after the incident was resolved, beyond the 5 business days allowed for a SEV2 incident"]
    );
}

/// `lessons/legal-basis` asked only from a severity up (issue 15: "security
/// incidents and severities from a configurable level"): an override on the
/// severity scale turns it off below that level, aliases included, and a
/// report without a severity keeps the rule.
#[test]
fn legal_basis_from_a_severity_up_through_an_override() {
    let linter = linter("[[overrides]]\nseverity = [\"SEV3\", \"SEV4\"]\nrules.\"lessons/legal-basis\".severity = \"off\"\n");
    let legal = |severity: Option<&str>| -> usize {
        let severity = severity.map(|s| format!("severity: {s}\n")).unwrap_or_default();
        let source = format!("---\ntitle: Token leak\nincident-type: security\nstatus: final\n{severity}---\n\n# Summary\n\nA token leaked.\n");
        linter.check(Path::new("r.md"), "r.md", &source).iter().filter(|f| f.rule == "lessons/legal-basis").count()
    };
    assert_eq!(legal(Some("SEV1")), 1);
    assert_eq!(legal(Some("high")), 1, "high is SEV2 on the built-in scale");
    assert_eq!(legal(Some("SEV3")), 0);
    assert_eq!(legal(Some("P3")), 0, "P3 is SEV4 on the built-in scale");
    assert_eq!(legal(None), 1, "a report without a severity is not exempted");
}

/// A holiday option that is not a list of YYYY-MM-DD dates is a
/// configuration error at its place (the schema's pattern), in every rule
/// that takes holidays; a well-formed day that does not exist is
/// refused by the rule itself, naming the day, rather than left out of the
/// count.
#[test]
fn holidays_that_are_not_dates_are_errors() {
    for (rule, key) in [
        ("meeting/timely", "holidays"),
        ("compliance/sec-8k-deadline", "holidays"),
        ("compliance/dora-deadlines", "holidays"),
        ("compliance/nis2-deadlines", "holidays"),
    ] {
        let e = one_error(&format!("[rules.\"{rule}\"]\n{key} = [\"2026-07-03\", \"2026-7-4\"]\n"));
        assert!(e.starts_with("rules.toml:2:"), "{rule}: {e}");
        assert!(e.contains("2026-7-4"), "{rule}: {e}");
    }
    let linter = linter("[rules.\"meeting/timely\"]\nholidays = [\"2026-02-30\"]\n");
    let source = "---\nstatus: final\nresolved: 2026-07-02T17:00:00Z\nmeeting:\n  date: 2026-07-06\n---\n\n# Summary\n\nText.\n";
    let found: Vec<String> = linter.check(Path::new("r.md"), "r.md", source).iter().map(|f| format!("{} {}", f.rule, f.message)).collect();
    assert!(found.iter().any(|f| f.contains("`2026-02-30` is not a calendar date")), "{found:#?}");
}

#[test]
fn severity_mistakes_point_at_their_place() {
    let e = one_error("[[overrides]]\nseverity = [\"SEV1\", \"SEV5\"]\nrules.\"structure/placeholder\".severity = \"off\"\n");
    assert!(e.starts_with("rules.toml:2:21: [[overrides]] severity: `SEV5` is not on the policy's severity scale"), "{e}");
    assert!(e.contains("SEV1 (S1, Severity 1, 1, P0, critical)"), "{e}");
    let e = one_error("[[overrides]]\nseverity = [\"SEV-I\"]\nrules.\"structure/placeholder\".severity = \"off\"\n");
    assert!(e.contains("did you mean `SEV1`?"), "{e}");
    let e = one_error("[severity]\nlevels = [\"SEV1\", \"sev-1\"]\n");
    assert!(e.starts_with("rules.toml:2:19: [severity] levels: `sev-1` is written twice"), "{e}");
    let e = one_error("[severity.aliases]\nSEV7 = [\"P6\"]\n");
    assert!(e.starts_with("rules.toml:2:1: [severity] aliases: `SEV7` is not a level"), "{e}");
    let e = one_error("[severity.aliases]\nSEV1 = [\"P0\"]\nSEV2 = [\"P0\"]\n");
    assert!(e.starts_with("rules.toml:3:9: [severity] aliases: `P0` cannot stand for SEV2 — it already stands for SEV1"), "{e}");
    let e = one_error("[severity]\nlevel = []\n");
    assert!(e.contains("did you mean `levels`?"), "{e}");
    let e = config_errors("[[overrides]]\nseverity = []\nrules.\"structure/placeholder\".severity = \"off\"\n");
    assert!(e[0].starts_with("rules.toml:2:12: [[overrides]] severity: the list is empty"), "{e:?}");
    // A written alias takes its name from the built-in level that had it.
    let policy = Policy::parse("[severity.aliases]\nSEV1 = [\"P0\", \"P1\", \"blocker\"]\n", None).unwrap();
    assert_eq!(policy.severity.resolve("P1").map(|s| s.rank), Some(1));
    assert_eq!(policy.severity.resolve("blocker").map(|s| s.rank), Some(1));
    assert_eq!(policy.severity.resolve("high").map(|s| s.rank), Some(2));
    assert_eq!(policy.severity.resolve("critical"), None, "SEV1's built-in aliases were replaced");
}

#[test]
fn overrides_apply_regulations_added_to_the_declared_ones() {
    let linter = linter("[[overrides]]\nincident-type = [\"security\"]\nregulations = [\"nis2\", \"gdpr\"]\n");
    let regulations = |path: &str, source: &str| {
        let report = pirlint_report::parse(Path::new(path), source, &pirlint_report::ParseOptions::default()).report;
        linter.regulations(&linter.rules_for(Path::new(path), source), &report)
    };
    let declared = "---\nregulations: [GDPR, sec-8k]\n---\n# Breach\n";
    assert_eq!(regulations("r.md", declared), ["gdpr", "sec-8k"]);
    let security = "---\nincident-type: security\nregulations: [GDPR, sec-8k]\n---\n# Breach\n";
    assert_eq!(regulations("r.md", security), ["gdpr", "sec-8k", "nis2"]);
    assert_eq!(regulations("r.md", "---\nincident-type: availability\n---\n# Outage\n"), Vec::<String>::new());
    // They reach the compliance plugin: the GDPR deadline is checked for
    // the security report the override applies to, and only for it.
    let gdpr = |source: &str| -> Vec<String> {
        linter
            .check(Path::new("r.md"), "r.md", source)
            .iter()
            .filter(|f| f.rule.starts_with("compliance/"))
            .map(|f| format!("{}@{}", f.rule, f.primary.start.line))
            .collect()
    };
    let report = |kind: &str| format!("---\nincident-type: {kind}\naware: 2026-03-02T09:00:00Z\n---\n# Breach\n");
    assert!(gdpr(&report("security")).contains(&"compliance/gdpr-deadline@3".to_string()), "{:?}", gdpr(&report("security")));
    assert_eq!(gdpr(&report("availability")), Vec::<String>::new());
}

/// schemas/rules.schema.json (for editors) accepts the repository's own
/// rules.toml, and the file loads.
#[test]
fn the_schema_validates_the_repository_policy() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(root.join("schemas/rules.schema.json")).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let text = std::fs::read_to_string(root.join("rules.toml")).unwrap();
    assert!(text.starts_with("#:schema ./schemas/rules.schema.json\n"));
    let value: toml::Value = toml::from_str(&text).unwrap();
    let json = serde_json::to_value(&value).unwrap();
    let errors: Vec<String> = validator.iter_errors(&json).map(|e| format!("{e} at {}", e.instance_path)).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let bad: serde_json::Value = serde_json::json!({"polcy": {}, "plugins": {"acme": {"path": "a.wasm"}}});
    assert!(validator.iter_errors(&bad).count() >= 2);
    let (_, errors) = Linter::new(&Policy::load(&root.join("rules.toml")).unwrap(), options());
    assert!(errors.is_empty(), "{:#?}", located(&errors));
}

/// Options that passed validation are remembered in the cache directory, so
/// a hook run with an unchanged policy compiles no validator; the memory
/// never lets a different (invalid) value through.
#[test]
fn validated_options_are_remembered_and_changes_are_validated_again() {
    let cache = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rules.toml");
    let linter_for = |text: &str| {
        std::fs::write(&path, text).unwrap();
        let policy = Policy::load_all(&path).unwrap_or_else(|e| panic!("{e:?}"));
        Linter::new(&policy, LinterOptions { cache: Some(pirlint_host::cache::CacheLocation::new(cache.path(), PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("plugin-cache.key"))), ..options() })
    };
    let remembered = || {
        std::fs::read_dir(cache.path()).unwrap().filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().ends_with(".options-ok")).count()
    };
    let valid = "[rules.\"structure/required-sections\"]\nsections = [\"timeline\"]\n";
    let sections = |linter: &Linter| {
        linter.rules().find(|r| r.id == "structure/required-sections").unwrap().options.get("sections").cloned()
    };

    let (linter, errors) = linter_for(valid);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(remembered(), 1);
    assert_eq!(sections(&linter), Some(serde_json::json!(["timeline"])));

    // The same policy again: known valid, and still applied.
    let (linter, errors) = linter_for(valid);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(remembered(), 1);
    assert_eq!(sections(&linter), Some(serde_json::json!(["timeline"])));

    // A different value is validated, and an invalid one is refused and not remembered.
    let (_, errors) = linter_for("[rules.\"structure/required-sections\"]\nsections = [\"timeline\", \"Time Line\"]\n");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].to_string().contains("invalid option `sections/1`"), "{}", errors[0]);
    assert_eq!(remembered(), 1);
}

#[test]
fn zone_aliases_say_what_an_ambiguous_abbreviation_means() {
    let report = "# Outage\n\n## Timeline\n\nAll times in IST.\n\n- 2020-08-28 14:05 — Users report the hub is down\n";
    let ambiguous = |rules: &str| -> Vec<String> {
        linter(rules)
            .check(Path::new("r.md"), "r.md", report)
            .iter()
            .filter(|f| f.rule == "timeline/timestamps")
            .map(|f| f.message.clone())
            .collect()
    };
    let found = ambiguous("");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("time zone `IST` is ambiguous"), "{found:?}");
    assert_eq!(ambiguous("[policy]\nzone-aliases = { IST = \"Asia/Kolkata\" }\n"), Vec::<String>::new());
    assert_eq!(ambiguous("[policy]\nzone-aliases = { ist = \"+05:30\" }\n"), Vec::<String>::new());

    // Declared in front matter and written on the entry: both mean the alias.
    let declared = "---\ntimezone: IST\n---\n# Outage\n\n## Timeline\n\n- 2020-08-28 14:05 IST — Users report the hub is down\n";
    let findings = linter("[policy]\nzone-aliases = { IST = \"+05:30\" }\n").check(Path::new("r.md"), "r.md", declared);
    let timestamps: Vec<&str> = findings.iter().filter(|f| f.rule == "timeline/timestamps").map(|f| f.message.as_str()).collect();
    assert_eq!(timestamps, Vec::<&str>::new());

    let wrong_zone = one_error("[policy]\nzone-aliases = { IST = \"Asia/Kolkatta\" }\n");
    assert!(wrong_zone.starts_with("rules.toml:2:24: [policy] zone-aliases: `Asia/Kolkatta` is not a time zone"), "{wrong_zone}");
    let wrong_key = one_error("[policy]\nzone-aliases = { \"India time\" = \"+05:30\" }\n");
    assert!(wrong_key.contains("`India time` is not a zone abbreviation"), "{wrong_key}");
}

#[test]
fn the_systems_alias_map() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rules.toml");
    std::fs::write(&path, "[systems]\nauth-service = [\"auth\", \"token service\"]\n").unwrap();
    let policy = Policy::load_all(&path).unwrap();
    assert_eq!(policy.systems.get("auth-service").unwrap(), &["auth", "token service"]);
    let e = one_error("[systems]\nauth-service = \"auth\"\n");
    assert!(e.starts_with("rules.toml:2:"), "{e}");
}

/// The weekend and holiday rules of the EU texts, each applied only when the
/// policy asks for it: DORA RTS 2025/301 Art. 5(4) (`next-working-day`: a
/// limit on a weekend day or bank holiday is met by 12:00 of the next
/// working day) and Regulation 1182/71 Art. 3(4) under NIS2's
/// `period-rule = "regulation-1182-71"` (a month ending on a Saturday,
/// Sunday or holiday ends with the next working day).
#[test]
fn weekend_and_holiday_rules_of_dora_and_regulation_1182_71() {
    let compliance = |linter: &Linter, source: &str| -> Vec<String> {
        linter
            .check(Path::new("r.md"), "r.md", source)
            .iter()
            .filter(|f| f.rule.starts_with("compliance/") && f.rule.ends_with("-deadlines"))
            .map(|f| format!("{}@{} {}", f.rule, f.primary.start.line, f.message))
            .collect()
    };
    // Classified as major Friday 2026-03-06 22:00 +01:00: the initial
    // notification is due Saturday 02:00 +01:00 (4 hours), and came Monday
    // 9 March at 11:30 +01:00. Intermediate and final reports in time.
    let dora = |initial: &str| {
        format!(
            "---\nregulations: [dora]\naware: 2026-03-06T21:00:00+01:00\nclassified-major: 2026-03-06T22:00:00+01:00\nnotifications:\n  - {{regime: dora, kind: initial, at: {initial}}}\n  - {{regime: dora, kind: intermediate, at: 2026-03-11T09:00:00+01:00}}\n  - {{regime: dora, kind: final, at: 2026-04-02T09:00:00+02:00}}\n---\n# Outage\n"
        )
    };
    let strict = linter("");
    let late = compliance(&strict, &dora("2026-03-09T11:30:00+01:00"));
    assert_eq!(late.len(), 1, "{late:#?}");
    assert!(late[0].starts_with("compliance/dora-deadlines@6 DORA initial notification made late: due 4 hours after the classification as major (2026-03-07 01:00 UTC)"), "{late:#?}");
    let relieved = linter("[rules.\"compliance/dora-deadlines\"]\nnext-working-day = true\n");
    assert_eq!(compliance(&relieved, &dora("2026-03-09T11:30:00+01:00")), Vec::<String>::new());
    // After 12:00 on Monday is late even with the relief, and says why.
    let after_noon = compliance(&relieved, &dora("2026-03-09T12:30:00+01:00"));
    assert_eq!(after_noon.len(), 1, "{after_noon:#?}");
    assert!(after_noon[0].contains("a weekend day or holiday, so by 12:00 of the next working day (Art. 5(4)) (2026-03-09 11:00 UTC)"), "{after_noon:#?}");
    // Monday a bank holiday: Tuesday noon.
    let holiday = linter("[rules.\"compliance/dora-deadlines\"]\nnext-working-day = true\nholidays = [\"2026-03-09\"]\n");
    assert_eq!(compliance(&holiday, &dora("2026-03-10T11:00:00+01:00")), Vec::<String>::new());
    // Each of the initial notification's two limits is moved on its own: aware
    // Sunday 09:00, classified Sunday 19:00; the 4-hour limit (Sunday 23:00)
    // moves to Monday noon, but the 24-hour one (Monday 09:00) falls on a
    // working day and comes first. Monday 10:00 is late.
    let sunday = "---\nregulations: [dora]\naware: 2026-03-08T09:00:00+01:00\nclassified-major: 2026-03-08T19:00:00+01:00\nnotifications:\n  - {regime: dora, kind: initial, at: 2026-03-09T10:00:00+01:00}\n---\n# Outage\n";
    let late: Vec<String> = compliance(&relieved, sunday).into_iter().filter(|f| f.contains("DORA initial notification")).collect();
    assert_eq!(late.len(), 1, "{late:#?}");
    assert!(late[0].contains("made late: due 24 hours after awareness (`aware`) (2026-03-09 08:00 UTC)"), "{late:#?}");

    // NIS2: incident notification Saturday 2026-01-31; its final report is
    // due a month later, on Saturday 28 February.
    let nis2 = |final_at: &str| {
        format!(
            "---\nregulations: [nis2]\naware: 2026-01-30T10:00:00+01:00\nresolved: 2026-02-02T10:00:00+01:00\nnotifications:\n  - {{regime: nis2, kind: early-warning, at: 2026-01-30T18:00:00+01:00}}\n  - {{regime: nis2, kind: incident-notification, at: 2026-01-31T10:00:00+01:00}}\n  - {{regime: nis2, kind: final-report, at: {final_at}}}\n---\n# Breach\n"
        )
    };
    let monday = "2026-03-02T16:00:00+01:00";
    let exact = compliance(&strict, &nis2(monday));
    assert!(exact.len() == 1 && exact[0].contains("NIS2 final report made late"), "{exact:#?}");
    let counted = linter("[rules.\"compliance/nis2-deadlines\"]\nperiod-rule = \"regulation-1182-71\"\n");
    assert_eq!(compliance(&counted, &nis2(monday)), Vec::<String>::new());
    // Tuesday is late under 1182/71 too, unless Monday was a public holiday.
    assert_eq!(compliance(&counted, &nis2("2026-03-03T09:00:00+01:00")).len(), 1);
    let holiday = linter("[rules.\"compliance/nis2-deadlines\"]\nperiod-rule = \"regulation-1182-71\"\nholidays = [\"2026-03-02\"]\n");
    assert_eq!(compliance(&holiday, &nis2("2026-03-03T09:00:00+01:00")), Vec::<String>::new());
}
