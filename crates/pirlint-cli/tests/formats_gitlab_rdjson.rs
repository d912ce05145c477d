//! `--format gitlab` (GitLab Code Quality) and `--format rdjson` (reviewdog)
//! through the built binary: their schemas, positions, severities,
//! fingerprints and suggestions, checked against `--format json`.

mod common;
use common::{json, pirlint, repo, run};
use serde_json::Value;
use std::path::Path;

fn fixture_fix() -> String {
    repo().join("tests/plugins/dist/fixture-fix.wasm").display().to_string()
}

fn validator(schema: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(repo().join("schemas").join(schema)).unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

fn assert_valid(schema: &str, doc: &Value) {
    let errors: Vec<String> = validator(schema).iter_errors(doc).map(|e| format!("{}: {e}", e.instance_path)).collect();
    assert!(errors.is_empty(), "{schema}: {errors:?}");
}

/// `pirlint check ARGS --format FORMAT` in `dir`, as JSON.
fn check(dir: &Path, args: &[&str], format: &str) -> Value {
    json(pirlint(dir).arg("check").args(args).args(["--format", format]))
}

#[test]
fn gitlab_follows_the_documented_fields_one_issue_per_finding() {
    let issues = check(&repo(), &["examples/"], "gitlab");
    assert_valid("gitlab-codequality.schema.json", &issues);
    let diags = check(&repo(), &["examples/"], "json")["diagnostics"].as_array().unwrap().clone();
    let issues = issues.as_array().unwrap();
    assert_eq!(issues.len(), diags.len());
    assert!(!issues.is_empty());
    for (i, d) in issues.iter().zip(&diags) {
        assert_eq!(i["check_name"], d["rule"]);
        assert_eq!(i["description"], d["message"]);
        assert_eq!(i["location"]["path"], d["path"]);
        assert_eq!(i["location"]["lines"]["begin"], d["primary"]["start"]["line"]);
        let expected = match d["severity"].as_str().unwrap() {
            "error" => "major",
            "warning" => "minor",
            "info" => "info",
            other => panic!("severity {other}"),
        };
        assert_eq!(i["severity"], expected, "{i}");
        assert!(!i["location"]["path"].as_str().unwrap().starts_with("./"));
    }
    let mut prints: Vec<&str> = issues.iter().map(|i| i["fingerprint"].as_str().unwrap()).collect();
    prints.sort();
    prints.dedup();
    assert_eq!(prints.len(), issues.len(), "fingerprints must be unique");
    // Paths given with ./ are shown without it.
    let dotted = check(&repo(), &["./examples/faulty"], "gitlab");
    assert!(dotted.as_array().unwrap().iter().all(|i| i["location"]["path"].as_str().unwrap().starts_with("examples/faulty/")));
}

#[test]
fn gitlab_fingerprints_tell_identical_findings_apart_and_survive_edits_above() {
    let dir = tempfile::tempdir().unwrap();
    let prints = |text: &str| -> Vec<(String, u64)> {
        std::fs::write(dir.path().join("r.md"), text).unwrap();
        let issues = check(dir.path(), &["r.md", "--plugin", &fixture_fix()], "gitlab");
        assert_valid("gitlab-codequality.schema.json", &issues);
        issues
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["check_name"] == "fixture-fix/todo")
            .map(|i| (i["fingerprint"].as_str().unwrap().to_owned(), i["location"]["lines"]["begin"].as_u64().unwrap()))
            .collect()
    };
    // Two identical findings (same rule, same file, same text) in one file.
    let before = prints("# Summary\n\nTODO\n\nTODO\n");
    assert_eq!(before.len(), 2, "{before:?}");
    assert_ne!(before[0].0, before[1].0, "two identical findings share a fingerprint");
    let (hash0, n0) = before[0].0.split_once(':').unwrap();
    let (hash1, n1) = before[1].0.split_once(':').unwrap();
    assert_eq!(hash0, hash1, "the content hash is the same, the occurrence differs");
    assert_eq!((n0, n1), ("1", "2"));
    // Lines added above move the findings, not their fingerprints.
    let after = prints("# Summary\n\nA new paragraph.\n\nAnother.\n\nTODO\n\nTODO\n");
    assert_eq!(after.iter().map(|p| &p.0).collect::<Vec<_>>(), before.iter().map(|p| &p.0).collect::<Vec<_>>());
    assert_eq!(after.iter().map(|p| p.1).collect::<Vec<_>>(), vec![7, 9]);
    assert_eq!(before.iter().map(|p| p.1).collect::<Vec<_>>(), vec![3, 5]);
}

#[test]
fn rdjson_follows_the_protocol_with_byte_columns_severities_and_codes() {
    let doc = check(&repo(), &["examples/"], "rdjson");
    assert_valid("rdjson.schema.json", &doc);
    assert_eq!(doc["source"]["name"], "pirlint");
    let diags = check(&repo(), &["examples/"], "json")["diagnostics"].as_array().unwrap().clone();
    let rd = doc["diagnostics"].as_array().unwrap();
    assert_eq!(rd.len(), diags.len());
    for (r, d) in rd.iter().zip(&diags) {
        assert_eq!(r["code"]["value"], d["rule"]);
        assert_eq!(r["location"]["path"], d["path"]);
        assert!(r["message"].as_str().unwrap().starts_with(d["message"].as_str().unwrap()));
        assert_eq!(r["severity"], d["severity"].as_str().unwrap().to_uppercase());
        let range = &r["location"]["range"];
        assert_eq!(range["start"]["line"], d["primary"]["start"]["line"]);
        assert_eq!(range["end"]["line"], d["primary"]["end"]["line"]);
        assert!(range["start"]["column"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn rdjson_columns_are_utf8_bytes_and_fixes_are_suggestions() {
    let dir = tempfile::tempdir().unwrap();
    // "çé " is 5 bytes but 3 characters: the finding on FIXME starts at
    // character column 4 and byte column 6; TODO at character 14, byte 16.
    let text = "# Summary\n\nçé FIXME and TODO.\n\nTODO TODO\n";
    std::fs::write(dir.path().join("r.md"), text).unwrap();
    let args = ["r.md", "--plugin", &fixture_fix()];
    let doc = check(dir.path(), &args, "rdjson");
    assert_valid("rdjson.schema.json", &doc);
    let json_diags = check(dir.path(), &args, "json")["diagnostics"].as_array().unwrap().clone();
    let find = |diags: &[Value], rule: &str, line: u64, rd: bool| -> Value {
        diags
            .iter()
            .find(|d| {
                if rd {
                    d["code"]["value"] == rule && d["location"]["range"]["start"]["line"] == line
                } else {
                    d["rule"] == rule && d["primary"]["start"]["line"] == line
                }
            })
            .unwrap_or_else(|| panic!("no {rule} on line {line}"))
            .clone()
    };
    let rd = doc["diagnostics"].as_array().unwrap();

    let fixme = find(rd, "fixture-fix/fixme", 3, true);
    assert_eq!(find(&json_diags, "fixture-fix/fixme", 3, false)["primary"]["start"]["column"], 4);
    assert_eq!(fixme["location"]["range"]["start"], serde_json::json!({ "line": 3, "column": 6 }));
    assert_eq!(fixme["location"]["range"]["end"], serde_json::json!({ "line": 3, "column": 11 }), "ends are exclusive");
    assert_eq!(fixme["severity"], "WARNING");
    // The unsafe fix is offered as a suggestion too (a person applies it).
    assert_eq!(
        fixme["suggestions"],
        serde_json::json!([{ "range": { "start": { "line": 3, "column": 6 }, "end": { "line": 3, "column": 11 } }, "text": "FIXED" }])
    );

    let todo = find(rd, "fixture-fix/todo", 3, true);
    assert_eq!(find(&json_diags, "fixture-fix/todo", 3, false)["primary"]["start"]["column"], 14);
    assert_eq!(todo["location"]["range"]["start"]["column"], 16);
    assert_eq!(todo["suggestions"][0]["text"], "DONE");

    // Applying a suggestion by its byte columns rewrites exactly the flagged text.
    let line3 = text.lines().nth(2).unwrap();
    let s = &todo["suggestions"][0]["range"];
    let (from, to) = (s["start"]["column"].as_u64().unwrap() as usize - 1, s["end"]["column"].as_u64().unwrap() as usize - 1);
    assert_eq!(&line3[from..to], "TODO");

    // A fix of two edits cannot be one rdjson suggestion: left out.
    let pair = find(rd, "fixture-fix/pair", 5, true);
    assert!(pair.get("suggestions").is_none(), "{pair}");
    // Findings without fixes have no suggestions either.
    let no_fix = rd.iter().find(|d| d["code"]["value"].as_str().unwrap().starts_with("structure/")).unwrap();
    assert!(no_fix.get("suggestions").is_none());
}

#[test]
fn unreadable_files_go_to_stderr_and_the_documents_stay_valid() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("latin1.md"), b"# Caf\xe9\n").unwrap();
    std::fs::write(dir.path().join("ok.md"), "# Summary\n\nTODO\n").unwrap();
    for (format, schema) in [("gitlab", "gitlab-codequality.schema.json"), ("rdjson", "rdjson.schema.json")] {
        let (code, stdout, stderr) = run(pirlint(dir.path()).args(["check", ".", "--format", format]));
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains("latin1.md"), "{stderr}");
        let doc: Value = serde_json::from_str(&stdout).unwrap();
        assert_valid(schema, &doc);
        assert!(!stdout.contains("latin1.md"));
    }
}

#[test]
fn no_findings_is_an_empty_document() {
    let clean = "examples/clean/2026-03-credential-stuffing.md";
    let (code, stdout, _) = run(pirlint(&repo()).args(["check", clean, "--format", "gitlab"]));
    assert_eq!(code, 0);
    assert_eq!(serde_json::from_str::<Value>(&stdout).unwrap(), serde_json::json!([]));
    let doc = check(&repo(), &[clean], "rdjson");
    assert_eq!(doc["diagnostics"], serde_json::json!([]));
    assert_valid("rdjson.schema.json", &doc);
}
