//! End-to-end tests through the built binary.

use std::path::PathBuf;

mod common;
use common::{json_of, pirlint, repo, run as stdout_of};

fn diagnostics_schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(repo().join("schemas/diagnostics.schema.json")).unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

fn rules_in<'a>(json: &'a serde_json::Value, path_part: &str) -> Vec<&'a str> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"].as_str().unwrap().contains(path_part))
        .map(|d| d["rule"].as_str().unwrap())
        .collect()
}

#[test]
fn the_readme_command_fails_on_the_faulty_examples() {
    let (code, stdout, _) = stdout_of(pirlint(&repo()).args(["check", "examples/"]));
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("examples/faulty/2026-04-ransomware-draft.md"), "{stdout}");
    assert!(stdout.contains("structure/required-sections"), "{stdout}");
    let summary = stdout.lines().last().unwrap();
    assert!(summary.starts_with("Found ") && summary.ends_with("of 5 reports."), "{summary}");
}

#[test]
fn the_clean_examples_pass() {
    let (code, stdout, stderr) = stdout_of(pirlint(&repo()).args(["check", "examples/clean"]));
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(stdout.trim(), "No problems found in 2 reports.");
}

#[test]
fn human_output_shows_the_rule_the_place_and_a_snippet() {
    let (_, stdout, _) =
        stdout_of(pirlint(&repo()).args(["check", "examples/faulty/2026-04-ransomware-draft.md"]));
    assert!(stdout.contains("missing required section: Lessons learned"), "{stdout}");
    // miette's location line: [path:line:column]
    assert!(stdout.contains("[examples/faulty/2026-04-ransomware-draft.md:"), "{stdout}");
    assert!(stdout.contains("help:"), "{stdout}");
}

#[test]
fn json_output_follows_its_schema_and_is_deterministic() {
    let (code, json) = json_of(pirlint(&repo()).args(["check", "examples/", "--format", "json"]));
    assert_eq!(code, 1);
    let validator = diagnostics_schema();
    let errors: Vec<String> = validator.iter_errors(&json).map(|e| format!("{e} at {}", e.instance_path)).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(json["now"], "2026-07-01T00:00:00Z");
    assert_eq!(json["summary"]["reports"], 5);
    assert!(rules_in(&json, "clean/").is_empty(), "{json:#}");
    let draft = rules_in(&json, "ransomware-draft");
    for rule in ["structure/required-sections", "structure/empty-section", "structure/placeholder"] {
        assert!(draft.contains(&rule), "{rule} missing in {draft:?}");
    }
    let (_, single) = json_of(pirlint(&repo()).env("RAYON_NUM_THREADS", "1").args(["check", "examples/", "--format", "json"]));
    assert_eq!(json, single, "output depends on the number of threads");
}

#[test]
fn json_spans_match_lines_and_columns() {
    let (_, json) = json_of(pirlint(&repo()).args(["check", "examples/faulty", "--format", "json"]));
    for d in json["diagnostics"].as_array().unwrap() {
        let source = std::fs::read_to_string(repo().join(d["path"].as_str().unwrap())).unwrap();
        let start = d["primary"]["span"]["start"].as_u64().unwrap() as usize;
        let before = &source[..start];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
        assert_eq!(d["primary"]["start"]["line"], line, "{d:#}");
        assert_eq!(d["primary"]["start"]["column"], column, "{d:#}");
    }
}

#[test]
fn rules_lists_every_rule_with_plugin_and_severity() {
    let (code, stdout, _) = stdout_of(pirlint(&repo()).args(["rules"]));
    assert_eq!(code, 0);
    let line = stdout.lines().find(|l| l.starts_with("structure/required-sections")).unwrap();
    let columns: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(&columns[1..4], ["structure", "error", "error"]);
    assert!(stdout.lines().any(|l| l.starts_with("pirlint/plugin-failed")));
}

#[test]
fn explain_prints_the_documentation_and_suggests_on_typos() {
    let (code, stdout, _) = stdout_of(pirlint(&repo()).args(["explain", "structure/placeholder"]));
    assert_eq!(code, 0);
    assert!(stdout.starts_with("structure/placeholder  (structure plugin)"), "{stdout}");
    assert!(stdout.contains("Options (JSON Schema):"), "{stdout}");
    let (code, _, stderr) = stdout_of(pirlint(&repo()).args(["explain", "placeholder"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("did you mean `structure/placeholder`?"), "{stderr}");
}

#[test]
fn the_nearest_rules_toml_applies() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("reports/2026");
    std::fs::create_dir_all(&reports).unwrap();
    std::fs::write(reports.join("r.md"), "# Only a title\n\nSome text.\n").unwrap();
    let severities = |json: &serde_json::Value| -> Vec<String> {
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["rule"] == "structure/required-sections")
            .map(|d| d["severity"].as_str().unwrap().to_owned())
            .collect()
    };
    let (code, json) = json_of(pirlint(&reports).args(["check", "--format", "json"]));
    assert_eq!(code, 1, "the default policy requires sections");
    assert!(!severities(&json).is_empty() && severities(&json).iter().all(|s| s == "error"), "{json:#}");

    std::fs::write(
        dir.path().join("rules.toml"),
        "[policy]\nfail-on = \"error\"\n\n[plugins]\ntimeline = false\nrecommendations = false\nquestions = false\nmetrics = false\nmeeting = false\n\n[rules.\"structure/required-sections\"]\nseverity = \"warning\"\n",
    )
    .unwrap();
    let (code, json) = json_of(pirlint(&reports).args(["check", "--format", "json"]));
    assert_eq!(code, 0, "{json:#}");
    assert!(!severities(&json).is_empty() && severities(&json).iter().all(|s| s == "warning"), "{json:#}");
    let (code, _) = json_of(pirlint(&reports).args(["check", "--format", "json", "--fail-on", "warning"]));
    assert_eq!(code, 1);
}

#[test]
fn a_broken_policy_is_explained_with_its_location() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rules.toml"), "[policy]\nfail-on = \"error\"\n\n[rules.\"structure/placeholders\"]\nseverity = \"warning\"\n").unwrap();
    std::fs::write(dir.path().join("r.md"), "# T\n").unwrap();
    let (code, _, stderr) = stdout_of(pirlint(dir.path()).args(["check"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("unknown rule `structure/placeholders`"), "{stderr}");
    assert!(stderr.contains("did you mean `structure/placeholder`?"), "{stderr}");
    assert!(stderr.contains("rules.toml:4:"), "{stderr}");

    std::fs::write(dir.path().join("rules.toml"), "[policy]\nfail-on = error\n").unwrap();
    let (code, _, stderr) = stdout_of(pirlint(dir.path()).args(["check"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("rules.toml:2:"), "{stderr}");
}

#[test]
fn an_invalid_rule_option_is_refused_with_what_is_allowed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("rules.toml"),
        "[rules.\"structure/required-sections\"]\nseverity = \"error\"\nsections = \"timeline\"\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("r.md"), "# T\n").unwrap();
    let (code, _, stderr) = stdout_of(pirlint(dir.path()).args(["check"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("invalid option `sections`"), "{stderr}");
    assert!(stderr.contains("rules.toml:3:12"), "{stderr}");
}

/// Each bad file gets one clear error naming it; the good report is still
/// checked, and the run exits 2 because some files could not be checked.
#[test]
fn bad_inputs_are_reported_one_by_one() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let good = "---\ntitle: Good\n---\n# Summary\n\nFine.\n";
    std::fs::write(d.join("good.md"), good).unwrap();
    std::fs::write(d.join("latin1.md"), b"# Title\n\nCaf\xe9 au lait\n").unwrap();
    std::fs::write(d.join("binary.md"), b"# x\n\0\0\0\x01\x02").unwrap();
    std::fs::write(d.join("empty.md"), "").unwrap();
    let big = std::fs::File::create(d.join("huge.md")).unwrap();
    big.set_len(50 << 20).unwrap();
    std::fs::write(d.join("bad-yaml.md"), "---\ntitle: [unclosed\nseverity: SEV-1\n---\n# Summary\n").unwrap();
    let bomb = "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n---\n# Summary\n";
    std::fs::write(d.join("bomb.md"), bomb).unwrap();
    std::fs::write(d.join("deep.json"), format!("{}{}", "[".repeat(100_000), "]".repeat(100_000))).unwrap();

    let (code, json) = json_of(pirlint(d).args(["check", "--format", "json"]));
    assert_eq!(code, 2, "{json:#}");
    let errors: Vec<(String, String)> = json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["path"].as_str().unwrap().to_owned(), e["message"].as_str().unwrap().to_owned()))
        .collect();
    let error_of = |name: &str| {
        let matching: Vec<&String> = errors.iter().filter(|(p, _)| p.ends_with(name)).map(|(_, m)| m).collect();
        assert_eq!(matching.len(), 1, "{name}: {errors:?}");
        matching[0].clone()
    };
    assert!(error_of("latin1.md").contains("line 3, column 4"), "{errors:?}");
    assert!(error_of("binary.md").contains("binary"), "{errors:?}");
    assert!(error_of("huge.md").contains("is 50.0 MiB, larger than the 10.0 MiB limit"), "{errors:?}");

    let problems_of = |name: &str| -> Vec<String> {
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["path"].as_str().unwrap().ends_with(name) && d["rule"] == "pirlint/parse-error")
            .map(|d| format!("{} @{}:{}", d["message"].as_str().unwrap(), d["primary"]["start"]["line"], d["primary"]["start"]["column"]))
            .collect()
    };
    let empty = problems_of("empty.md");
    assert_eq!(empty.len(), 1, "{empty:?}");
    assert!(empty[0].contains("empty"), "{empty:?}");
    let yaml = problems_of("bad-yaml.md");
    assert_eq!(yaml.len(), 1, "{yaml:?}");
    assert!(yaml[0].contains("@2:") || yaml[0].contains("@3:"), "the YAML error has no line: {yaml:?}");
    let bomb = problems_of("bomb.md");
    assert_eq!(bomb.len(), 1, "{bomb:?}");
    let deep = problems_of("deep.json");
    assert_eq!(deep.len(), 1, "{deep:?}");
    assert!(deep[0].contains("@1:"), "{deep:?}");
    assert_eq!(json["summary"]["reports"], 5, "good, empty, bad-yaml, bomb and deep are read: {json:#}");
    assert!(rules_in(&json, "good.md").contains(&"structure/required-sections"), "the good report was not checked");
}

#[test]
fn a_missing_path_is_an_error_but_the_rest_is_checked() {
    let (code, stdout, _) = stdout_of(pirlint(&repo()).args(["check", "no/such/dir", "examples/clean"]));
    assert_eq!(code, 2);
    assert!(stdout.contains("error: no/such/dir: no such file or directory"), "{stdout}");
    assert!(stdout.contains("in 2 reports"), "{stdout}");
}

#[test]
fn directories_are_walked_by_extension_honoring_gitignore_and_excludes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("2026/drafts")).unwrap();
    std::fs::create_dir_all(d.join(".hidden")).unwrap();
    for name in ["2026/a.md", "2026/b.markdown", "2026/c.json", "2026/d.yaml", "2026/e.yml", "2026/drafts/f.md", ".hidden/g.md", "README.md"] {
        std::fs::write(d.join(name), "# Title\n\nText.\n").unwrap();
    }
    std::fs::write(d.join("2026/notes.txt"), "not a report").unwrap();
    std::fs::write(d.join(".gitignore"), "drafts/\n").unwrap();
    std::fs::write(d.join("rules.toml"), "[files]\nexclude = [\"README.md\"]\n").unwrap();
    let (_, json) = json_of(pirlint(d).args(["check", "--format", "json"]));
    let mut paths: Vec<&str> = json["diagnostics"].as_array().unwrap().iter().map(|x| x["path"].as_str().unwrap()).collect();
    paths.dedup();
    assert_eq!(paths, ["2026/a.md", "2026/b.markdown", "2026/c.json", "2026/d.yaml", "2026/e.yml"], "{json:#}");
    // A file named on the command line is checked even if ignored.
    let (_, json) = json_of(pirlint(d).args(["check", "--format", "json", "2026/drafts/f.md"]));
    assert_eq!(json["summary"]["reports"], 1);
}

/// The template filled in the way a responder would.
fn fill_template(template: &str) -> String {
    let answers = [
        "The attack ran from 13:10 to 15:05 UTC on 15 June; recovery was complete at 09:30 UTC on 16 June (see the timeline). Time to detect was 32 minutes.",
        "The SIEM rule on the failed-login ratio alerted the on-call SOC analyst at 13:42 UTC, who confirmed the successful logins.",
        "We contained it with a CAPTCHA challenge on the login endpoint at 14:35 and WAF blocks of the attacking networks at 15:05.",
        "The auth team revoked the sessions of the affected accounts, forced password resets and re-enabled account lockout; support reverted the changed addresses, and recovery completed at 09:30.",
        "Feature flags that disable a security control need an expiry date and an alert; declaring the incident took 38 minutes against a target of 15.",
        "Staff followed the account-takeover playbook for containment and notification; the playbook has no credential-stuffing play, so blocking was decided ad hoc.",
        "Yes: legal confirmed within two hours that no regulator notice was needed, and marketing approved the customer notice within one hour.",
        "Breached-password checks, per-account rate limits and expiring security flags will prevent similar incidents; see the recommendations.",
        "A dashboard joining WAF, auth-service and SIEM events by account, and SOC access to the proxy reputation feed.",
    ];
    let mut filled = template
        .replacen("id: \n", "id: INC-2026-031\n", 1)
        .replacen("title: \n", "title: Credential stuffing against the customer portal\n", 1)
        .replacen("severity: \n", "severity: SEV-2\n", 1)
        .replacen("incident-type: \n", "incident-type: security\n", 1)
        .replacen("status: draft\n", "status: final\n", 1)
        .replacen("occurred: \n", "occurred: 2026-03-02T13:10:00Z\n", 1)
        .replacen("detected: \n", "detected: 2026-03-02T13:42:00Z\n", 1)
        .replacen("contained: \n", "contained: 2026-03-02T15:05:00Z\n", 1)
        .replacen("recovered: \n", "recovered: 2026-03-03T09:30:00Z\n", 1)
        .replacen("resolved: \n", "resolved: 2026-03-03T11:00:00Z\n", 1)
        .replacen("authors: []\n", "authors: [Priya Raman, Tom Okafor]\n", 1)
        .replacen("  date: \n", "  date: 2026-03-05\n", 1)
        .replacen("  moderator: \n", "  moderator: Lena Fischer\n", 1)
        .replacen("  scribe: \n", "  scribe: Tom Okafor\n", 1)
        .replacen("  attendees: []\n", "  attendees: [Priya Raman, Tom Okafor, Lena Fischer, Ahmed Saleh]\n", 1)
        .replacen("  users_affected: \n", "  users_affected: 1240\n", 1)
        .replacen("  systems: []\n", "  systems: [customer-portal, auth-service]\n", 1)
        .replacen("  cost_estimate: \n", "  cost_estimate: \"USD 18,000 (support time and account credits)\"\n", 1)
        .replacen("playbooks_update: \n", "playbooks_update: yes\n", 1)
        .replacen("  onboarding: \n", "  onboarding: yes\n", 1)
        .replacen("  needs: \n", "  needs: \"A credential-stuffing tabletop for the SOC\"\n", 1)
        .replacen("  processes: \n", "  processes: \"The playbook has no credential-stuffing play\"\n", 1)
        .replacen("  team: \n", "  team: \"The SOC analyst declared late: 38 minutes against 15\"\n", 1)
        .replacen("  tools: \n", "  tools: \"No dashboard joins WAF, auth and SIEM events by account\"\n", 1)
        .replacen("  business: \n", "  business: \"Legal and marketing answered within two hours\"\n", 1)
        .replacen("  location: \n", "  location: \"SIEM case 4410 and the WAF log export in the evidence bucket\"\n", 1)
        .replacen("  custody: \n", "  custody: \"Exported by the SOC on 2026-03-02; hashes in the case\"\n", 1)
        .replacen("  retention: \n", "  retention: \"3 years\"\n", 1);
    for answer in answers {
        let next = filled.find("<!-- Prompt: answer here").expect("a prompt per answer");
        let end = next + filled[next..].find("-->").unwrap() + 3;
        filled.replace_range(next..end, answer);
    }
    let summary = "On 15 June 2026 a credential-stuffing campaign signed in to 1,240 customer portal accounts with passwords leaked elsewhere. The SOC detected it in 32 minutes, blocked the attackers at the WAF and forced password resets. No payment data was exposed; we are adding breached-password checks and per-account rate limits.";
    let investigation = "WAF logs showed 2.1 million attempts from 9,800 addresses of a residential proxy service, using pairs from a list published on 10 June. The root cause: account lockout had been disabled by a feature flag in January and never re-enabled, and the login endpoint had no per-account rate limit.";
    let timeline = "| 2026-03-02 13:10 UTC | First burst of logins from a residential proxy network | — |\n| 2026-03-02 13:42 UTC | SIEM alert on the failed-login ratio; on-call analyst starts triage | detection |\n| 2026-03-02 14:20 UTC | Incident declared SEV-2 | analysis |\n| 2026-03-02 14:35 UTC | CAPTCHA enabled on the login endpoint | containment |\n| 2026-03-02 15:05 UTC | Attacking ranges blocked at the WAF | containment |\n| 2026-03-02 18:40 UTC | Sessions revoked and password resets forced | eradication |\n| 2026-03-03 09:30 UTC | Customers notified; portal fully available | recovery |\n| 2026-03-03 11:00 UTC | Incident closed | recovery |\n";
    let actions = "| P1 | Reject passwords found in breach corpora | Priya Raman | 2026-07-27 | SEC-412 |\n| P1 | Rate-limit login attempts per account | Ahmed Saleh | 2026-07-20 | SEC-413 |\n| P2 | Add a credential-stuffing play to the playbook | Lena Fischer | 2026-08-24 | SEC-414 |\n";
    let mut out = String::new();
    let mut prompt = 0;
    let mut in_prompt = false;
    for line in filled.lines() {
        if line.starts_with("<!-- Prompt:") {
            in_prompt = !line.ends_with("-->");
            out.push_str([summary, "All times UTC.", investigation, "Action items, tracked in the SEC project:"][prompt]);
            out.push('\n');
            prompt += 1;
            continue;
        }
        if in_prompt {
            in_prompt = !line.ends_with("-->");
            continue;
        }
        out.push_str(line);
        out.push('\n');
        if line.starts_with("|------|") {
            out.push_str(timeline);
        } else if line.starts_with("|----------|") {
            out.push_str(actions);
        }
    }
    // A recent incident, so that due dates are ahead of the test's "now".
    out.replace("2026-03-02", "2026-06-15").replace("2026-03-03", "2026-06-16").replace("2026-03-05", "2026-06-18")
}

#[test]
fn init_writes_a_policy_and_a_template_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = stdout_of(pirlint(dir.path()).args(["init"]));
    assert_eq!(code, 0, "{stdout}{stderr}");
    let template = std::fs::read_to_string(dir.path().join("incident-report-template.md")).unwrap();
    let policy = std::fs::read_to_string(dir.path().join("rules.toml")).unwrap();
    assert!(policy.contains("[rules.\"structure/required-sections\"]") && policy.contains("# "), "{policy}");
    for heading in ["# Executive summary", "# Timeline", "# Investigation", "# Lessons learned", "# Recommendations"] {
        assert!(template.contains(heading), "{heading} missing");
    }
    let (code, _, stderr) = stdout_of(pirlint(dir.path()).args(["init"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("rules.toml already exists"), "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.path().join("rules.toml")).unwrap(), policy, "overwritten");
    // The written policy is valid for every loaded plugin.
    let (code, _, stderr) = stdout_of(pirlint(dir.path()).args(["rules"]));
    assert_eq!(code, 0, "{stderr}");
}

/// Whatever rule plugins are present: the template filled in passes the
/// default policy, and left as written it fails with one diagnostic per
/// missing answer (never two findings for the same thing at one place).
#[test]
fn the_template_passes_when_filled_and_fails_once_per_missing_answer() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, _) = stdout_of(pirlint(dir.path()).args(["init"]));
    assert_eq!(code, 0);
    std::fs::remove_file(dir.path().join("rules.toml")).unwrap(); // the default policy
    let template = std::fs::read_to_string(dir.path().join("incident-report-template.md")).unwrap();
    std::fs::write(dir.path().join("filled.md"), fill_template(&template)).unwrap();
    let (code, json) = json_of(pirlint(dir.path()).args(["check", "filled.md", "--format", "json"]));
    let blocking: Vec<String> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] != "info")
        .map(|d| format!("{}@{}: {}", d["rule"], d["primary"]["start"]["line"], d["message"]))
        .collect();
    assert_eq!(code, 0, "{blocking:#?}");
    assert!(blocking.is_empty(), "the filled template still has warnings: {blocking:#?}");

    let (code, json) = json_of(pirlint(dir.path()).args(["check", "incident-report-template.md", "--format", "json"]));
    assert_eq!(code, 1, "the unfilled template passes: {json:#}");
    let mut seen = std::collections::BTreeSet::new();
    for d in json["diagnostics"].as_array().unwrap() {
        let key = (d["primary"]["start"]["line"].as_u64().unwrap(), d["message"].as_str().unwrap().to_owned());
        assert!(seen.insert(key.clone()), "reported twice: {key:?}");
    }
}

/// Each lessons-learned question left unanswered is named by exactly one
/// finding. Today `structure/empty-section` and `questions/answered` both
/// report an empty question section.
#[test]
fn each_unanswered_question_of_the_template_gets_one_finding() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, _) = stdout_of(pirlint(dir.path()).args(["init", "--preset", "nist-800-61"]));
    assert_eq!(code, 0);
    let template = std::fs::read_to_string(dir.path().join("incident-report-template.md")).unwrap();
    assert!(template.contains("incident-type: security"), "the NIST template is for security incidents");
    // Under the NIST preset every question of the template is asked, once;
    // the two whose section is missing altogether (the empty timeline, the
    // empty action table) are left to timeline/present and
    // recommendations/present, which say it in their words.
    let (_, json) = json_of(pirlint(dir.path()).args(["check", "incident-report-template.md", "--format", "json"]));
    let diagnostics = json["diagnostics"].as_array().unwrap();
    for question in template.lines().filter_map(|l| l.strip_prefix("## ")) {
        let naming: Vec<&str> = diagnostics
            .iter()
            .filter(|d| d["message"].as_str().unwrap().contains(question.trim_end_matches('?')))
            .map(|d| d["rule"].as_str().unwrap())
            .collect();
        let deferred = question.starts_with("What happened") || question.starts_with("What corrective actions");
        assert_eq!(naming.len(), usize::from(!deferred), "{question}: {naming:?}");
    }
    // The default policy (no rules.toml) does not ask them at all: on
    // postmortems written on other templates its evidence was too often
    // wrong (see tests/corpus-review.md).
    std::fs::remove_file(dir.path().join("rules.toml")).unwrap();
    let (_, json) = json_of(pirlint(dir.path()).args(["check", "incident-report-template.md", "--format", "json"]));
    assert!(json["diagnostics"].as_array().unwrap().iter().all(|d| d["rule"] != "questions/answered"));
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    // `pirlint explain RULE | head -n 1`: the reader goes away early.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("pirlint"))
        .args(["explain", "structure/placeholder"])
        .current_dir(repo())
        .env("PIRLINT_CACHE_DIR", PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("plugin-cache"))
        .env("PIRLINT_CACHE_KEY", PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("plugin-cache.key"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // close the read end before pirlint writes
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// `--stats` accounts for every call of every plugin, on standard error,
/// and leaves standard output as it was.
#[test]
fn stats_count_each_plugins_calls_and_fuel() {
    let root = repo();
    let (code, plain, _) = stdout_of(pirlint(&root).args(["check", "examples/", "--format", "short"]));
    let (code_stats, out, err) = stdout_of(pirlint(&root).args(["check", "examples/", "--format", "short", "--stats"]));
    assert_eq!((code, code_stats), (1, 1));
    assert_eq!(out, plain, "--stats must not change the findings");
    let rows: Vec<Vec<&str>> = err.lines().skip(1).map(|l| l.split_whitespace().collect()).collect();
    let plugins: Vec<&str> = rows.iter().map(|r| r[0]).collect();
    assert_eq!(plugins, ["structure", "timeline", "questions", "recommendations", "blameless", "meeting", "metrics", "secrets", "compliance", "lessons"], "{err}");
    for row in &rows {
        assert_eq!(row[1], "5", "one call per example report: {err}");
        let (fuel, per_call, max): (u64, u64, u64) = (row[2].parse().unwrap(), row[3].parse().unwrap(), row[4].parse().unwrap());
        assert!(fuel > 0 && per_call == fuel / 5 && max >= per_call && max <= fuel, "{err}");
    }
}
