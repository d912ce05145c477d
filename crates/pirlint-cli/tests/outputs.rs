//! End-to-end tests of issue 5 through the built binary: output formats,
//! --quiet, standard input, fixes, diffs and baselines.

mod common;
use common::{json, pirlint, repo, run};

fn fixture_fix() -> String {
    repo().join("tests/plugins/dist/fixture-fix.wasm").display().to_string()
}

const FAULTY: &str = "examples/faulty/2026-04-ransomware-draft.md";

#[test]
fn short_format_is_one_line_per_finding_matching_json() {
    let (code, stdout, _) = run(pirlint(&repo()).args(["check", "examples/", "--format", "short"]));
    assert_eq!(code, 1);
    let all = json(pirlint(&repo()).args(["check", "examples/", "--format", "json"]));
    let diags = all["diagnostics"].as_array().unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), diags.len() + 1, "{stdout}");
    for (line, d) in lines.iter().zip(diags) {
        let expected = format!(
            "{}:{}:{}: {} {} {}",
            d["path"].as_str().unwrap(),
            d["primary"]["start"]["line"],
            d["primary"]["start"]["column"],
            d["severity"].as_str().unwrap(),
            d["rule"].as_str().unwrap(),
            d["message"].as_str().unwrap()
        );
        assert_eq!(*line, expected);
    }
    assert!(lines.last().unwrap().starts_with("Found "), "{stdout}");
}

#[test]
fn sarif_has_rules_results_regions_and_content_fingerprints() {
    let sarif = json(pirlint(&repo()).args(["check", "examples/", "--format", "sarif"]));
    assert_eq!(sarif["version"], "2.1.0");
    let run0 = &sarif["runs"][0];
    assert_eq!(run0["columnKind"], "unicodeCodePoints");
    let driver = &run0["tool"]["driver"];
    assert_eq!(driver["name"], "pirlint");
    assert!(driver["informationUri"].as_str().unwrap().starts_with("https://"));
    let rules = driver["rules"].as_array().unwrap();
    let placeholder = rules.iter().find(|r| r["id"] == "structure/placeholder").unwrap();
    for key in ["text", "markdown"] {
        assert!(!placeholder["help"][key].as_str().unwrap().is_empty());
    }
    assert!(!placeholder["shortDescription"]["text"].as_str().unwrap().is_empty());
    assert_eq!(placeholder["defaultConfiguration"]["level"], "warning");
    let results = run0["results"].as_array().unwrap();
    let r = results
        .iter()
        .find(|r| r["ruleId"] == "structure/required-sections" && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == FAULTY)
        .unwrap();
    assert_eq!(r["level"], "error");
    assert_eq!(rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"], "structure/required-sections");
    let region = &r["locations"][0]["physicalLocation"]["region"];
    for key in ["startLine", "startColumn", "endLine", "endColumn"] {
        assert!(region[key].as_u64().unwrap() >= 1, "{region}");
    }
    assert!(r["partialFingerprints"]["pirlint/v1"].is_string());
    assert!(r["partialFingerprints"]["primaryLocationLineHash"].is_string());

    // Fingerprints survive lines added above the finding; lines do not.
    let dir = tempfile::tempdir().unwrap();
    let source = std::fs::read_to_string(repo().join(FAULTY)).unwrap();
    let prints = |text: &str| -> Vec<(String, u64)> {
        std::fs::write(dir.path().join("r.md"), text).unwrap();
        let s = json(pirlint(dir.path()).args(["check", "r.md", "--format", "sarif"]));
        s["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["ruleId"] == "structure/placeholder")
            .map(|r| {
                (
                    r["partialFingerprints"]["pirlint/v1"].as_str().unwrap().to_owned(),
                    r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let before = prints(&source);
    let body = source.find("\n# ").unwrap() + 1;
    let shifted = format!("{}Added paragraph.\n\nAnother one.\n\n{}", &source[..body], &source[body..]);
    let after = prints(&shifted);
    assert_eq!(before.len(), after.len());
    assert!(!before.is_empty());
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b.0, a.0, "fingerprint changed when lines were added above");
        assert!(a.1 == b.1 || a.1 == b.1 + 4, "{b:?} {a:?}");
    }
    assert!(before.iter().zip(&after).any(|(b, a)| a.1 == b.1 + 4), "no finding moved");
}

#[test]
fn sarif_carries_fixes_and_unreadable_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.md"), "# Summary\n\nçé TODO here.\n").unwrap();
    std::fs::write(dir.path().join("bad.md"), b"# Caf\xe9\n").unwrap();
    let sarif = json(pirlint(dir.path()).args(["check", "--format", "sarif", "--plugin", &fixture_fix()]));
    let run0 = &sarif["runs"][0];
    let todo = run0["results"].as_array().unwrap().iter().find(|r| r["ruleId"] == "fixture-fix/todo").unwrap();
    let region = &todo["locations"][0]["physicalLocation"]["region"];
    assert_eq!((region["startLine"].as_u64(), region["startColumn"].as_u64(), region["endColumn"].as_u64()), (Some(3), Some(4), Some(8)));
    let replacement = &todo["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["insertedContent"]["text"], "DONE");
    assert_eq!(replacement["deletedRegion"], *region);
    assert_eq!(run0["invocations"][0]["executionSuccessful"], false);
    assert_eq!(run0["invocations"][0]["toolExecutionNotifications"].as_array().unwrap().len(), 1);
}

#[test]
fn junit_has_a_suite_per_report_and_a_case_per_rule() {
    let (code, xml, _) = run(pirlint(&repo()).args(["check", "examples/", "--format", "junit"]));
    assert_eq!(code, 1);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"), "{xml}");
    assert_eq!(xml.matches("<testsuite ").count(), 5);
    let case = format!("<testcase classname=\"{FAULTY}\" name=\"structure/required-sections\" file=\"{FAULTY}\" time=\"0\">\n      <failure type=\"error\"");
    assert!(xml.contains(&case), "{xml}");
    let clean = "examples/clean/2026-05-database-failover.yaml";
    assert!(xml.contains(&format!("<testcase classname=\"{clean}\" name=\"blameless/named-blame\" file=\"{clean}\" time=\"0\"/>")), "{xml}");
    // One <failure> per failing testcase, even with several findings.
    for case in xml.split("<testcase ").skip(1) {
        assert!(case.matches("<failure").count() <= 1, "{case}");
    }
}

#[test]
fn github_annotations_are_escaped_workflow_commands() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a,b:c.md"), "# Summary\n\n50% TODO done.\n").unwrap();
    let (_, out, _) = run(pirlint(dir.path()).args(["check", "--format", "github", "--plugin", &fixture_fix()]));
    let line = out.lines().find(|l| l.contains("title=fixture-fix/todo")).unwrap_or_else(|| panic!("{out}"));
    assert_eq!(line, "::warning file=a%2Cb%3Ac.md,line=3,endLine=3,col=5,endColumn=9,title=fixture-fix/todo::TODO left in the report");
    let (_, out, _) = run(pirlint(&repo()).args(["check", FAULTY, "--format", "github"]));
    assert!(out.lines().all(|l| l.starts_with("::error ") || l.starts_with("::warning ") || l.starts_with("::notice ")), "{out}");
    assert!(out.contains("title=structure/required-sections::missing required section: Lessons learned%0Ahelp: "), "{out}");
}

/// GitHub annotates at most 10 findings of each level per step: beyond that,
/// every finding goes to the job summary and a notice says so.
#[test]
fn github_lists_what_it_cannot_annotate_in_the_step_summary() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    // Few findings: no summary, no notice.
    let (_, out, _) = run(pirlint(&repo()).env("GITHUB_STEP_SUMMARY", &summary).args(["check", "examples/clean", "--format", "github"]));
    assert!(!out.contains("job summary"), "{out}");
    assert_eq!(std::fs::read_to_string(&summary).unwrap(), "earlier step\n");
    // The faulty examples have more than 10 warnings.
    let (_, out, _) = run(pirlint(&repo()).env("GITHUB_STEP_SUMMARY", &summary).args(["check", "examples/faulty", "--format", "github"]));
    assert!(out.contains("::notice title=pirlint::more findings than GitHub annotates"), "{out}");
    let (_, json) = (0, json(pirlint(&repo()).args(["check", "examples/faulty", "--format", "json"])));
    let findings = json["diagnostics"].as_array().unwrap().len();
    let written = std::fs::read_to_string(&summary).unwrap();
    assert!(written.starts_with("earlier step\n### pirlint: "), "the summary must be appended: {written}");
    assert_eq!(written.lines().filter(|l| l.starts_with("| `examples/faulty/")).count(), findings, "{written}");
}

#[test]
fn output_is_the_same_with_one_thread_or_many() {
    for format in ["short", "sarif", "junit", "github"] {
        let (_, many, _) = run(pirlint(&repo()).args(["check", "examples/", "--format", format]));
        let (_, one, _) = run(pirlint(&repo()).env("RAYON_NUM_THREADS", "1").args(["check", "examples/", "--format", format]));
        assert_eq!(many, one, "{format}");
    }
}

#[test]
fn quiet_prints_only_findings() {
    let (code, stdout, _) = run(pirlint(&repo()).args(["check", FAULTY, "--quiet"]));
    assert_eq!(code, 1);
    let (_, full, _) = run(pirlint(&repo()).args(["check", FAULTY]));
    assert!(full.lines().last().unwrap().starts_with("Found "), "{full}");
    assert!(!stdout.contains("Found ") && !stdout.contains("No problems"), "{stdout}");
    let (code, stdout, _) = run(pirlint(&repo()).args(["check", "examples/clean", "--quiet"]));
    assert_eq!((code, stdout.as_str()), (0, ""));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rules.toml"), "[rules.\"recommendations/due-date\"]\nseverity = \"off\"\n").unwrap();
    let clean = repo().join("examples/clean/2026-05-database-failover.yaml");
    let (code, stdout, stderr) = run(pirlint(dir.path()).args(["check", "-q"]).arg(&clean));
    assert_eq!((code, stdout.as_str()), (0, ""), "{stderr}");
    let (_, stdout, _) = run(pirlint(&repo()).args(["check", FAULTY, "-q", "--format", "short"]));
    assert!(stdout.lines().all(|l| l.starts_with(FAULTY)), "{stdout}");
}

#[test]
fn stdin_is_checked_under_the_given_name() {
    let source = std::fs::read(repo().join(FAULTY)).unwrap();
    let (code, stdout, _) = run(pirlint(&repo())
        .args(["check", "-", "--stdin-filename", "reports/draft.md", "--format", "short", "-q"])
        .write_stdin(source.clone()));
    assert_eq!(code, 1);
    let (_, from_file, _) = run(pirlint(&repo()).args(["check", FAULTY, "--format", "short", "-q"]));
    assert_eq!(stdout, from_file.replace(FAULTY, "reports/draft.md"));
    // The name decides the format: the same YAML as Markdown is another report.
    let yaml = std::fs::read(repo().join("examples/clean/2026-05-database-failover.yaml")).unwrap();
    let as_yaml = json(pirlint(&repo()).args(["check", "-", "--stdin-filename", "x.yaml", "--format", "json"]).write_stdin(yaml.clone()));
    let as_md = json(pirlint(&repo()).args(["check", "-", "--stdin-filename", "x.md", "--format", "json"]).write_stdin(yaml));
    assert_eq!(as_yaml["summary"]["reports"], 1);
    assert_eq!(as_yaml["diagnostics"], serde_json::json!([]), "the clean YAML report is clean");
    assert_eq!(as_md["diagnostics"][0]["path"], "x.md");
    let (code, _, stderr) = run(pirlint(&repo()).args(["check", "-", "--fix"]).write_stdin("# T\n"));
    assert_eq!(code, 2, "{stderr}");
}

const FIXABLE: &str = "intro\r\n# Summary\r\n\r\nOne TODO, TODO TODO and a FIXME.\r\nkeep   this\r\n";

#[test]
fn fix_changes_only_the_fixed_spans_and_keeps_crlf() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.md");
    std::fs::write(&path, FIXABLE).unwrap();
    let (code, stdout, stderr) =
        run(pirlint(dir.path()).args(["check", "r.md", "--fix", "--format", "short", "--plugin", &fixture_fix()]));
    let fixed = std::fs::read(&path).unwrap();
    // Safe fixes only; the overlapping `pair` fix is skipped whole (its
    // space → `+` edit too); bytes outside the spans are untouched.
    assert_eq!(String::from_utf8(fixed).unwrap(), FIXABLE.replace("TODO", "DONE"));
    assert!(stderr.contains("Fixed 3 problems in 1 file (1 fix skipped"), "{stderr}");
    // The re-check reports what remains: the FIXME (unsafe) and no TODO.
    assert!(stdout.contains("fixture-fix/fixme"), "{stdout}");
    assert!(!stdout.contains("fixture-fix/todo"), "{stdout}");
    assert_eq!(code, 1, "structure findings remain: {stdout}");

    let (_, _, stderr) = run(pirlint(dir.path()).args(["check", "r.md", "--fix", "--unsafe-fixes", "--plugin", &fixture_fix()]));
    assert!(stderr.contains("Fixed 1 problem in 1 file."), "{stderr}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FIXABLE.replace("TODO", "DONE").replace("FIXME", "FIXED"));
}

#[test]
fn diff_prints_a_unified_diff_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.md");
    std::fs::write(&path, FIXABLE).unwrap();
    let (code, stdout, _) = run(pirlint(dir.path()).args(["check", "r.md", "--diff", "--plugin", &fixture_fix()]));
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "--- a/r.md\n+++ b/r.md\n@@ -1,5 +1,5 @@\n intro\r\n # Summary\r\n \r\n-One TODO, TODO TODO and a FIXME.\r\n+One DONE, DONE DONE and a FIXME.\r\n keep   this\r\n"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FIXABLE);
    let (_, stdout, _) = run(pirlint(dir.path()).args(["check", "r.md", "--diff", "--unsafe-fixes", "--plugin", &fixture_fix()]));
    assert!(stdout.contains("+One DONE, DONE DONE and a FIXED.\r\n"), "{stdout}");
    let (code, stdout, _) = run(pirlint(&repo()).args(["check", "examples/clean", "--diff"]));
    assert_eq!((code, stdout.as_str()), (0, ""));
}

#[test]
fn a_baseline_hides_known_findings_even_after_edits_above_them() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("r.md");
    let source = std::fs::read_to_string(repo().join(FAULTY)).unwrap();
    std::fs::write(&report, &source).unwrap();
    let (code, _, stderr) = run(pirlint(dir.path()).args(["check", "r.md", "--write-baseline", "baseline.json"]));
    assert_eq!(code, 0, "{stderr}");
    let baseline: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.path().join("baseline.json")).unwrap()).unwrap();
    let entries = baseline["findings"].as_array().unwrap();
    assert!(entries.iter().all(|e| e["path"] == "r.md" && e["fingerprint"].is_string() && e["count"].as_u64() >= Some(1)));
    assert!(entries.iter().any(|e| e["count"].as_u64() > Some(1)), "repeated findings share a fingerprint: {baseline:#}");

    let (code, stdout, stderr) = run(pirlint(dir.path()).args(["check", "r.md", "--baseline", "baseline.json"]));
    assert_eq!((code, stdout.trim()), (0, "No problems found in 1 report."), "{stderr}");
    assert!(stderr.contains("recorded in the baseline not shown"), "{stderr}");

    // Lines added above the findings: still matched.
    let body = source.find("\n# ").unwrap() + 1;
    let shifted = format!("{}Added paragraph.\n\nAnother one.\n\n{}", &source[..body], &source[body..]);
    std::fs::write(&report, &shifted).unwrap();
    let (code, stdout, _) = run(pirlint(dir.path()).args(["check", "r.md", "--baseline", "baseline.json", "--format", "short", "-q"]));
    assert_eq!((code, stdout.as_str()), (0, ""));

    // A new finding is reported; so is one more of a known kind.
    std::fs::write(&report, format!("{shifted}\nAnd a new placeholder: FIXME later.\n")).unwrap();
    let all = json(pirlint(dir.path()).args(["check", "r.md", "--format", "json"]));
    let new = json(pirlint(dir.path()).args(["check", "r.md", "--baseline", "baseline.json", "--format", "json"]));
    let rules: Vec<&str> = new["diagnostics"].as_array().unwrap().iter().map(|d| d["rule"].as_str().unwrap()).collect();
    assert!(!rules.is_empty() && rules.len() < all["diagnostics"].as_array().unwrap().len(), "{new:#}");
    assert!(new["diagnostics"].as_array().unwrap().iter().any(|d| d["message"].as_str().unwrap().contains("FIXME")), "{new:#}");
}
