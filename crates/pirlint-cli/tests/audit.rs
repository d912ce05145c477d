//! `pirlint audit` end to end, on the fixture repository
//! `tests/fixtures-audit/` whose metrics were computed by hand (see
//! `tests/fixtures-audit/README.md`).

use assert_cmd::Command;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

const NOW: &str = "2026-03-01T00:00:00Z";
const FIXTURES: &str = "tests/fixtures-audit/reports";

fn pirlint() -> Command {
    let mut cmd = Command::cargo_bin("pirlint").unwrap();
    cmd.current_dir(repo())
        .env("PIRLINT_CACHE_DIR", PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("plugin-cache"))
        .env("PIRLINT_CACHE_KEY", PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("plugin-cache.key"))
        .env("PIRLINT_NOW", NOW)
        .env("NO_COLOR", "1");
    cmd
}

fn run(args: &[&str]) -> (i32, String, String) {
    let output = pirlint().args(args).output().unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn audit_json(extra: &[&str]) -> Value {
    let mut args = vec!["audit", FIXTURES, "--format", "json"];
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = run(&args);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"))
}

fn p(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

#[test]
fn audit_metrics_match_the_hand_computed_values() {
    let a = audit_json(&[]);
    assert_eq!(a["now"], NOW);
    assert_eq!(a["reports"], json!({"checked": 6, "audited": 6, "outside-period": 0, "undated": 0}));
    let m = &a["metrics"];
    let counts = |v: &Value| -> Vec<(String, u64)> {
        v.as_array().unwrap().iter().map(|c| (c["key"].as_str().unwrap().to_owned(), c["count"].as_u64().unwrap())).collect()
    };
    let kv = |pairs: &[(&str, u64)]| pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect::<Vec<_>>();
    assert_eq!(counts(&m["by-month"]), kv(&[("2025-12", 1), ("2026-01", 2), ("2026-02", 3)]));
    assert_eq!(counts(&m["by-severity"]), kv(&[("SEV-1", 1), ("SEV-2", 2), ("SEV-3", 2), ("unspecified", 1)]));
    assert_eq!(counts(&m["by-type"]), kv(&[("availability", 3), ("security", 3)]));

    // detect: A 30 min, B 2 h, C 10 min; D out of order (-1 h); E, F missing.
    let d = &m["time-to-detect"];
    assert_eq!((&d["median"], &d["p90"], &d["worst"]), (&json!(1800), &json!(7200), &json!(7200)));
    assert_eq!((&d["median-text"], &d["p90-text"]), (&json!("30 min"), &json!("2 h")));
    assert_eq!(d["worst-reports"], json!([p("b-db-failover.md")]));
    assert_eq!(d["missing"], json!([p("e-missing-times.md"), p("f-december.md")]));
    assert_eq!(d["out-of-order"], json!([p("d-wrong-order.md")]));
    assert_eq!(d["measured"], 3);
    // contain: B 15 min, F 45 min, A 1 h, D 2 h; C, E missing.
    let c = &m["time-to-contain"];
    assert_eq!((&c["median"], &c["p90"], &c["median-text"]), (&json!(2700), &json!(7200), &json!("45 min")));
    assert_eq!(c["worst-reports"], json!([p("d-wrong-order.md")]));
    assert_eq!(c["missing"], json!([p("c-phishing.md"), p("e-missing-times.md")]));
    // recover: B 1 h, D 1 h 30 min, A 3 h, F 6 h, C 1 d; E missing.
    let r = &m["time-to-recover"];
    assert_eq!((&r["median"], &r["p90"], &r["worst"]), (&json!(10800), &json!(86400), &json!(86400)));
    assert_eq!((&r["median-text"], &r["p90-text"], &r["worst-text"]), (&json!("3 h"), &json!("1 d"), &json!("1 d")));
    assert_eq!(r["worst-reports"], json!([p("c-phishing.md")]));
    assert_eq!(counts(&m["recover-distribution"]).iter().map(|c| c.1).collect::<Vec<_>>(), [0, 3, 1, 0, 1, 0]);
    // resolve: A 4 h, B 1 d; D out of order (-2 h); C, E, F missing.
    let s = &m["time-to-resolve"];
    assert_eq!((&s["median"], &s["p90"]), (&json!(14400), &json!(86400)));
    assert_eq!(s["out-of-order"], json!([p("d-wrong-order.md")]));
    assert_eq!(s["missing"].as_array().unwrap().len(), 3);

    // actions: A 3, B 4, C 1, E 2, F 2; D has no phases.
    let act = &m["actions"];
    assert_eq!(
        (&act["measured"], &act["total"], &act["median"], &act["p90"], &act["max"], &act["mean"]),
        (&json!(5), &json!(12), &json!(2), &json!(4), &json!(4), &json!(2.4))
    );
    assert_eq!(act["without-phases"], json!([p("d-wrong-order.md")]));

    let f = &a["follow-through"];
    assert_eq!((&f["recommendations"], &f["open"], &f["done"], &f["overdue"]), (&json!(5), &json!(4), &json!(1), &json!(3)));
    assert_eq!(counts(&f["by-priority"]), kv(&[("P1", 2), ("P2", 2), ("P3", 1)]));
    assert_eq!(counts(&f["by-status"]), kv(&[("done", 1), ("in progress", 1), ("open", 2), ("unspecified", 1)]));
    let owners: Vec<(&str, &str, i64)> = f["overdue-by-owner"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| {
            o["items"].as_array().unwrap().iter().map(move |i| {
                (o["owner"].as_str().unwrap(), i["due"].as_str().unwrap(), i["days-overdue"].as_i64().unwrap())
            })
        })
        .collect();
    assert_eq!(
        owners,
        [("Alice Archer", "2026-02-01", 28), ("Bob Baker", "2026-02-20", 9), ("unassigned", "2026-02-10", 19)]
    );
    assert_eq!(f["overdue-by-owner"][0]["items"][0]["line"], 50, "the recommendation's line in a-auth-outage.md");

    // meetings (meeting/timely's defaults: SEV1 3 days, SEV2 5 business
    // days, otherwise 5 days): A (SEV1) +2 and D (SEV3) +1 and F (SEV3) +2
    // timely, B (SEV2) +9 days = 7 business days late, C (SEV2) none (16
    // business days since recovery), E no end date.
    let mt = &f["meetings"];
    assert_eq!((&mt["max-days"], &mt["max-days-from-policy"], &mt["timely"]), (&json!(5), &json!(false), &json!(3)));
    assert_eq!(
        mt["deadlines"],
        json!([{"level": "SEV1", "days": 3, "business-days": false}, {"level": "SEV2", "days": 5, "business-days": true}])
    );
    assert_eq!(mt["late"], json!([p("b-db-failover.md")]));
    assert_eq!(mt["missing"], json!([p("c-phishing.md")]));
    assert_eq!(mt["no-end"], json!([p("e-missing-times.md")]));
    assert_eq!(mt["timely-share"], 0.6);

    let comp = &a["compliance"];
    let reports = comp["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 6);
    assert_eq!(comp["passed"].as_u64().unwrap() + comp["failed"].as_u64().unwrap(), 6);
    for r in reports {
        let errors = r["findings"].as_array().unwrap().iter().filter(|f| f["severity"] == "error").count();
        assert_eq!(r["passed"], errors == 0, "{r:#}");
        assert_eq!(r["counts"]["error"], errors);
    }
    for rule in comp["rules"].as_array().unwrap() {
        let violating = reports
            .iter()
            .filter(|r| r["findings"].as_array().unwrap().iter().any(|f| f["rule"] == rule["rule"]))
            .count() as u64;
        assert_eq!(rule["violating"], violating, "{rule:#}");
        assert_eq!(rule["compliant"].as_u64().unwrap() + violating, 6);
    }
    assert!(comp["rules"].as_array().unwrap().iter().any(|r| r["rule"] == "meeting/timely"));
}

#[test]
fn audit_json_follows_its_schema_and_is_deterministic() {
    let text = std::fs::read_to_string(repo().join("schemas/audit.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap();
    let a = audit_json(&[]);
    let errors: Vec<String> = validator.iter_errors(&a).map(|e| format!("{e} at {}", e.instance_path)).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let output = pirlint().env("RAYON_NUM_THREADS", "1").args(["audit", FIXTURES, "--format", "json"]).output().unwrap();
    let single: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(a, single, "the audit depends on the number of threads");
}

#[test]
fn audit_formats_agree() {
    let a = audit_json(&[]);
    let (_, table, _) = run(&["audit", FIXTURES]);
    let (_, markdown, _) = run(&["audit", FIXTURES, "--format", "markdown"]);
    let (_, html, _) = run(&["audit", FIXTURES, "--format", "html"]);
    let m = &a["metrics"];
    let mut expected: Vec<String> = Vec::new();
    for key in ["time-to-detect", "time-to-contain", "time-to-recover", "time-to-resolve"] {
        for stat in ["median-text", "p90-text", "worst-text"] {
            expected.push(m[key][stat].as_str().unwrap().to_owned());
        }
    }
    let c = &a["compliance"];
    expected.push(format!("{} of 6 reports pass", c["passed"]));
    expected.push(format!("{} fail", c["failed"]));
    expected.push("(60%)".into()); // timely meetings
    expected.push("5 recommendations: 4 open, 1 done; 3 open past their due date.".into());
    for rule in c["rules"].as_array().unwrap() {
        expected.push(rule["rule"].as_str().unwrap().to_owned());
        expected.push(format!("{:.0}%", rule["share"].as_f64().unwrap() * 100.0));
    }
    for (name, text) in [("table", &table), ("markdown", &markdown), ("html", &html)] {
        for e in &expected {
            assert!(text.contains(e.as_str()), "{name} lacks `{e}`:\n{text}");
        }
    }
    // Each format's own shape for the same median row.
    assert!(markdown.contains("| recover | detected → recovered | 5 | 3 h | 1 d | 1 d | tests/fixtures-audit/reports/c-phishing.md | 1 | 0 |"), "{markdown}");
    assert!(html.contains(r#"<td class="num median">3 h</td>"#), "{html}");
    assert!(table.lines().any(|l| l.split_whitespace().take(6).eq(["recover", "detected", "→", "recovered", "5", "3"])), "{table}");
}

#[test]
fn audit_filters_by_incident_date() {
    let a = audit_json(&["--since", "2026-01", "--until", "2026-01-31"]);
    assert_eq!(a["period"], json!({"since": "2026-01-01", "until": "2026-01-31"}));
    assert_eq!(a["reports"], json!({"checked": 6, "audited": 2, "outside-period": 4, "undated": 0}));
    let paths: Vec<&str> = a["compliance"]["reports"].as_array().unwrap().iter().map(|r| r["path"].as_str().unwrap()).collect();
    assert_eq!(paths, [p("a-auth-outage.md"), p("b-db-failover.md")]);
    // E has no front-matter times: its date is its first timeline date.
    let e = audit_json(&["--since", "2026-02-25", "--until", "2026-02-25"]);
    assert_eq!(e["compliance"]["reports"][0]["path"], p("e-missing-times.md"));
    let (code, _, stderr) = run(&["audit", FIXTURES, "--since", "March"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("invalid date `March`"), "{stderr}");
}

#[test]
fn audit_takes_the_meeting_deadline_from_the_policy() {
    let a = audit_json(&["--config", "tests/fixtures-audit/rules-meeting-10-days.toml"]);
    let mt = &a["follow-through"]["meetings"];
    assert_eq!((&mt["max-days"], &mt["max-days-from-policy"], &mt["timely"]), (&json!(10), &json!(true), &json!(3)));
    // `max-days = 10` leaves the per-severity `deadlines` at their
    // defaults: B is a SEV2, 7 business days after its resolution, so late
    // (as `pirlint check` says with the same policy).
    assert_eq!(mt["late"], json!([p("b-db-failover.md")]));
    assert_eq!(mt["timely-share"], 0.6);
    assert_eq!(timely_findings(FIXTURES, &["--config", "tests/fixtures-audit/rules-meeting-10-days.toml"]), [p("b-db-failover.md")]);
}

const MEETINGS: &str = "tests/fixtures-audit/meetings";

/// The reports `pirlint check` gives a `meeting/timely` finding, sorted.
fn timely_findings(dir: &str, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["check", dir, "--format", "json"];
    args.extend_from_slice(extra);
    let (_, stdout, stderr) = run(&args);
    let check: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}{stderr}"));
    let mut paths: Vec<String> = check["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "meeting/timely")
        .map(|d| d["path"].as_str().unwrap().to_owned())
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

/// Hand-computed (`tests/fixtures-audit/README.md`): the audit holds each
/// meeting to the deadline `meeting/timely` gives its severity, counting
/// business days with the rule's calendar, and agrees with `pirlint check`.
#[test]
fn audit_meetings_use_the_deadline_of_each_severity() {
    let m = |name: &str| format!("{MEETINGS}/{name}");
    let audit = |extra: &[&str]| {
        let mut args = vec!["audit", MEETINGS, "--format", "json"];
        args.extend_from_slice(extra);
        let (code, stdout, stderr) = run(&args);
        assert_eq!(code, 0, "{stderr}");
        serde_json::from_str::<Value>(&stdout).unwrap()["follow-through"]["meetings"].clone()
    };
    // M1 SEV1 resolved Mon 2026-02-02, meeting Fri 02-06: 4 days > 3, late.
    // M2 `P1` (SEV2) resolved Fri 02-06, meeting Fri 02-13: 7 calendar days
    // but 5 business days (the weekend of 02-07/08 left out), on time.
    // M3 no severity, resolved Mon 02-09, meeting Sat 02-14: 5 days =
    // max-days, on time. M4 SEV3 (no entry in `deadlines`) resolved Mon
    // 02-16, meeting Sun 02-22: 6 days > 5, late. M5 SEV2 resolved Fri
    // 02-13, meeting Mon 02-23: 6 business days (02-16 to 02-20, 02-23), late.
    let mt = audit(&[]);
    assert_eq!(mt["timely"], 2);
    let late = [m("m1-sev1-day-4.md"), m("m4-sev3-day-6.md"), m("m5-sev2-presidents-day.md")];
    assert_eq!(mt["late"], json!(late));
    assert_eq!(mt["timely-share"], 0.4);
    assert_eq!(timely_findings(MEETINGS, &[]), late);
    // With the US federal holidays, Washington's Birthday (Mon 02-16) is not
    // a business day: M5 is 5 business days after, on time.
    let holidays = ["--config", "tests/fixtures-audit/rules-meeting-holidays.toml"];
    let mt = audit(&holidays);
    assert_eq!((&mt["timely"], &mt["us-federal-holidays"]), (&json!(3), &json!(true)));
    let late = [m("m1-sev1-day-4.md"), m("m4-sev3-day-6.md")];
    assert_eq!(mt["late"], json!(late));
    assert_eq!(mt["timely-share"], 0.6);
    assert_eq!(timely_findings(MEETINGS, &holidays), late);
    // Every format says the deadline per severity.
    let text = "on time (SEV1 3 days, SEV2 5 business days, otherwise 5 days after the end of the incident)";
    for format in ["table", "markdown", "html"] {
        let (_, out, _) = run(&["audit", MEETINGS, "--format", format]);
        assert!(out.contains(text), "{format} lacks `{text}`:\n{out}");
    }
    let (_, out, _) = run(&["audit", MEETINGS, "--config", "tests/fixtures-audit/rules-meeting-holidays.toml"]);
    assert!(out.contains("(business days less the US federal holidays)"), "{out}");
}

#[test]
fn audit_writes_html_atomically_with_working_relative_links() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let out = dir.path().join("site/audit.html");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    let (code, stdout, stderr) = run(&["audit", FIXTURES, "--format", "html", "--output", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty());
    let names: Vec<_> = std::fs::read_dir(out.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["audit.html"], "no temporary file left behind");
    let html = std::fs::read_to_string(&out).unwrap();
    // Self-contained: no script, no external resource (the only URL is the
    // SVG namespace).
    assert!(!html.contains("<script") && !html.contains(" src=") && !html.contains("https://"));
    assert_eq!(html.matches("http://").count(), html.matches("http://www.w3.org/2000/svg").count());
    for id in ["chart-incidents-per-month", "chart-time-to-recover", "chart-compliance-per-rule"] {
        assert!(html.contains(&format!(r#"<svg id="{id}""#)), "{id}");
    }
    let hrefs: Vec<&str> = html.split(r#"href=""#).skip(1).map(|s| &s[..s.find('"').unwrap()]).collect();
    assert!(hrefs.len() > 6);
    for href in hrefs {
        assert!(href.starts_with("../"), "{href}");
        let target = out.parent().unwrap().join(href.replace("%20", " "));
        assert!(target.is_file(), "{href} does not lead to a report");
    }
}

#[test]
fn the_readme_audit_command_works_on_the_examples() {
    let (code, stdout, stderr) = run(&["audit", "examples/"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("5 reports checked, 5 audited"), "{stdout}");
    for heading in ["Compliance", "Incident metrics", "Follow-through", "examples/faulty/2026-06-cdn-outage.md"] {
        assert!(stdout.contains(heading), "{heading}");
    }
}

const TICKETS: [&str; 4] = ["--tickets", "tests/fixtures-audit/tickets/jira.csv", "--tickets", "tests/fixtures-audit/tickets/github.json"];

#[test]
fn audit_takes_ticket_status_from_the_tracker() {
    // Without exports: the statuses written in the reports (4 open, 3 overdue).
    assert_eq!(audit_json(&[])["follow-through"]["tickets"], Value::Null);
    let a = audit_json(&TICKETS);
    let f = &a["follow-through"];
    // OPS-101 (A, open in the report) is Closed in Jira; OPS-201 (B, done in
    // the report) was reopened; acme/mail#7 (C, in progress) is closed on
    // GitHub; OPS-202 (B) is unknown to Jira, so its report status stays.
    assert_eq!((&f["recommendations"], &f["open"], &f["done"], &f["overdue"]), (&json!(5), &json!(3), &json!(2), &json!(2)));
    let t = &f["tickets"];
    assert_eq!(t["files"], json!(["tests/fixtures-audit/tickets/jira.csv", "tests/fixtures-audit/tickets/github.json"]));
    assert_eq!(
        (&t["exported"], &t["referenced"], &t["without-reference"], &t["from-tracker"]),
        (&json!(6), &json!(5), &json!(0), &json!(4))
    );
    assert_eq!(
        t["by-tracker-status"],
        json!([{"key": "CLOSED", "count": 1}, {"key": "Closed", "count": 1}, {"key": "In Progress", "count": 1}, {"key": "Reopened", "count": 1}])
    );
    let rows = |v: &Value| -> Vec<(String, u64, String, Value, Value)> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|i| {
                let path = i["path"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();
                (path, i["line"].as_u64().unwrap(), i["ticket"].as_str().unwrap().to_owned(), i["report-status"].clone(), i["tracker-status"].clone())
            })
            .collect()
    };
    assert_eq!(
        rows(&t["disagreements"]),
        [
            ("a-auth-outage.md".into(), 50, "OPS-101".into(), json!("open"), json!("Closed")),
            ("b-db-failover.md".into(), 50, "OPS-201".into(), json!("done"), json!("Reopened")),
            ("c-phishing.md".into(), 47, "acme/mail#7".into(), json!("in progress"), json!("CLOSED")),
        ]
    );
    assert_eq!(rows(&t["unknown"]), [("b-db-failover.md".into(), 51, "OPS-202".into(), Value::Null, Value::Null)]);
    let overdue: Vec<(&str, &str, i64, &Value, &Value, &Value)> = f["overdue-by-owner"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| {
            o["items"].as_array().unwrap().iter().map(move |i| {
                (o["owner"].as_str().unwrap(), i["due"].as_str().unwrap(), i["days-overdue"].as_i64().unwrap(), &i["ticket"], &i["status"], &i["status-from-tracker"])
            })
        })
        .collect();
    assert_eq!(
        overdue,
        [
            ("Alice Archer", "2026-01-25", 35, &json!("OPS-201"), &json!("Reopened"), &json!(true)),
            ("unassigned", "2026-02-10", 19, &json!("OPS-202"), &Value::Null, &json!(false)),
        ]
    );

    // Every format shows the same.
    let text = std::fs::read_to_string(repo().join("schemas/audit.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap();
    let errors: Vec<String> = validator.iter_errors(&a).map(|e| format!("{e} at {}", e.instance_path)).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let sentence = "5 of 5 recommendations reference a ticket, 0 do not; 4 took the tracker's status. Recommendations on which the report and the tracker disagree: 3. Recommendations naming tickets the exports do not know: 1.";
    for format in ["table", "markdown", "html"] {
        let mut args = vec!["audit", FIXTURES, "--format", format];
        args.extend_from_slice(&TICKETS);
        let (code, out, stderr) = run(&args);
        assert_eq!(code, 0, "{stderr}");
        let flat = out.split_whitespace().collect::<Vec<_>>().join(" ").replace("&#39;", "'");
        for expected in [sentence, "5 recommendations: 3 open, 2 done; 2 open past their due date.", "Reopened (tracker)", "Write a failover runbook"] {
            assert!(flat.contains(expected), "{format} lacks `{expected}`:\n{out}");
        }
        assert!(flat.contains("tests/fixtures-audit/reports/c-phishing.md:47"), "{format}");
    }
    let (_, md, _) = run(&[&["audit", FIXTURES, "--format", "markdown"][..], &TICKETS].concat());
    assert!(md.contains("| tests/fixtures-audit/reports/b-db-failover.md:50 | Page on replica lag above 256 MB | OPS-201 | done | Reopened |"), "{md}");
}

#[test]
fn a_bad_ticket_export_names_the_file_and_line() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let csv = dir.path().join("jira.csv");
    std::fs::write(&csv, "Issue key,Status\nOPS-101,Done\nOPS-102\n").unwrap();
    let (code, stdout, stderr) = run(&["audit", FIXTURES, "--tickets", csv.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(stderr.contains(&format!("error: bad ticket export: {}:3: this row has 1 fields, the header has 2", csv.display())), "{stderr}");
    let json = dir.path().join("gh.json");
    std::fs::write(&json, "[\n  {\"number\": 7, \"state\": \"open\"},\n  {\"state\": \"open\"}\n]\n").unwrap();
    let (code, _, stderr) = run(&["audit", FIXTURES, "--tickets", json.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains(&format!("{}:3: missing field `number`", json.display())), "{stderr}");
    let (code, _, stderr) = run(&["audit", FIXTURES, "--tickets", "no/such/export.csv"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("bad ticket export: no/such/export.csv: cannot read it"), "{stderr}");
}

#[test]
fn audit_trends_match_the_hand_computed_values() {
    let a = audit_json(&[]);
    let t = &a["trends"];
    let stat = |s: &Value| (s["measured"].as_u64().unwrap(), s["median"].as_i64(), s["p90"].as_i64());
    let quarters: Vec<_> = t["quarters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| (q["quarter"].as_str().unwrap(), q["incidents"].as_u64().unwrap(), stat(&q["time-to-detect"]), stat(&q["time-to-contain"]), stat(&q["time-to-recover"])))
        .collect();
    // 2025-Q4: F (contain 45 min, recover 6 h). 2026-Q1: A, B, C, D, E —
    // detect 10 min, 30 min, 2 h; contain 15 min, 1 h, 2 h; recover 1 h,
    // 1 h 30 min, 3 h, 1 d (median at rank 2 of 4).
    assert_eq!(
        quarters,
        [
            ("2025-Q4", 1, (0, None, None), (1, Some(2700), Some(2700)), (1, Some(21600), Some(21600))),
            ("2026-Q1", 5, (3, Some(1800), Some(7200)), (3, Some(3600), Some(7200)), (4, Some(5400), Some(86400))),
        ]
    );
    // Grouped by the policy scale's level: `SEV-1` as written is SEV1.
    let severities: Vec<_> = t["by-severity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| (q["severity"].as_str().unwrap(), q["quarter"].as_str().unwrap(), q["incidents"].as_u64().unwrap(), stat(&q["time-to-detect"]).1, stat(&q["time-to-recover"]).1))
        .collect();
    assert_eq!(
        severities,
        [
            ("SEV1", "2026-Q1", 1, Some(1800), Some(10800)),
            ("SEV2", "2026-Q1", 2, Some(600), Some(3600)),
            ("SEV3", "2025-Q4", 1, None, Some(21600)),
            ("SEV3", "2026-Q1", 1, None, Some(5400)),
            ("unspecified", "2026-Q1", 1, None, None),
        ]
    );
    assert_eq!(
        t["actions"],
        json!([
            {"quarter": "2025-Q4", "opened": 0, "closed": 0, "open": 0, "overdue": 0},
            {"quarter": "2026-Q1", "opened": 5, "closed": 1, "open": 4, "overdue": 3}
        ])
    );
    // F timely; A, D timely, B late, C missing (E has no end, not counted).
    assert_eq!(
        t["meetings"],
        json!([
            {"quarter": "2025-Q4", "timely": 1, "counted": 1, "timely-share": 1.0},
            {"quarter": "2026-Q1", "timely": 2, "counted": 4, "timely-share": 0.5}
        ])
    );
    assert_eq!(t["undated"], 0);
    // The tracker's statuses move the action items: OPS-101 and acme/mail#7
    // closed, OPS-201 reopened.
    let with = audit_json(&TICKETS);
    assert_eq!(with["trends"]["actions"][1], json!({"quarter": "2026-Q1", "opened": 5, "closed": 2, "open": 3, "overdue": 2}));

    // Every format shows the same rows.
    let (_, table, _) = run(&["audit", FIXTURES]);
    let (_, markdown, _) = run(&["audit", FIXTURES, "--format", "markdown"]);
    let (_, html, _) = run(&["audit", FIXTURES, "--format", "html"]);
    assert!(markdown.contains("| 2026-Q1 | 5 | 30 min / 2 h (3) | 1 h / 2 h (3) | 1 h 30 min / 1 d (4) |"), "{markdown}");
    assert!(markdown.contains("| SEV2 | 2026-Q1 | 2 | 10 min / 2 h (2) | 15 min / 15 min (1) | 1 h / 1 d (2) |"), "{markdown}");
    assert!(markdown.contains("| 2026-Q1 | 5 | 1 | 4 | 3 |") && markdown.contains("| 2026-Q1 | 2 | 4 | 50% |"), "{markdown}");
    let words = |l: &str| l.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(table.lines().any(|l| words(l) == "2026-Q1 5 30 min / 2 h (3) 1 h / 2 h (3) 1 h 30 min / 1 d (4)"), "{table}");
    assert!(table.lines().any(|l| words(l) == "2025-Q4 1 1 100%"), "{table}");
    assert!(html.contains(r#"<tr data-quarter="2026-Q1"><td>2026-Q1</td><td class="num">5</td><td class="num median">30 min</td><td class="num p90">2 h</td><td class="num">3</td>"#), "{html}");
    assert!(html.contains(r#"<circle class="point s-recover" data-series="recover" data-key="2026-Q1" data-value="5400""#), "{html}");
    assert!(html.contains(r#"data-series="overdue" data-key="2026-Q1" data-value="3""#), "{html}");
    assert!(html.contains(r#"<td>2026-Q1</td><td class="num">2</td><td class="num">4</td><td class="num">50%</td>"#), "{html}");
}

#[test]
fn audit_reading_list_matches_the_hand_computed_values() {
    let a = audit_json(&[]);
    let r = &a["reading-list"];
    assert_eq!(r["per-type"], 3);
    let types: Vec<_> = r["types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let list: Vec<_> = t["list"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| (e["path"].as_str().unwrap().rsplit('/').next().unwrap().to_owned(), e["points"].as_u64().unwrap(), e["missing"].clone()))
                .collect();
            (t["incident-type"].as_str().unwrap().to_owned(), t["reports"].as_u64().unwrap(), t["passing"].as_u64().unwrap(), list)
        })
        .collect();
    // Passing: A, B, E (C, D, F have errors). No fixture has an impact
    // section; B's runbook item has no owner; E has no front-matter times,
    // no meeting and no action items (its timeline gives phases).
    assert_eq!(
        types,
        [
            ("availability".to_owned(), 3, 1, vec![("b-db-failover.md".to_owned(), 13, json!(["impact section", "action items with owner, due date and ticket"]))]),
            (
                "security".to_owned(),
                3,
                2,
                vec![
                    ("a-auth-outage.md".to_owned(), 14, json!(["impact section"])),
                    (
                        "e-missing-times.md".to_owned(),
                        7,
                        json!(["impact section", "occurred time", "detected time", "contained time", "recovered time", "resolved time", "meeting date", "action items with owner, due date and ticket"])
                    ),
                ]
            ),
        ]
    );
    assert_eq!(r["types"][1]["list"][0]["completeness"], 0.9333);
    let (_, table, _) = run(&["audit", FIXTURES]);
    let (_, markdown, _) = run(&["audit", FIXTURES, "--format", "markdown"]);
    let (_, html, _) = run(&["audit", FIXTURES, "--format", "html"]);
    assert!(markdown.contains("| security | 2 | tests/fixtures-audit/reports/e-missing-times.md | Lost laptop | 47% (7/15) | impact section, occurred time,"), "{markdown}");
    assert!(table.lines().any(|l| l.split_whitespace().collect::<Vec<_>>().join(" ") == "security 1 tests/fixtures-audit/reports/a-auth-outage.md Token signing outage 93% (14/15) impact section"), "{table}");
    assert!(html.contains(r#"<tr data-type="availability" data-rank="1"><td>availability</td><td class="num">1</td><td><a href="tests/fixtures-audit/reports/b-db-failover.md">tests/fixtures-audit/reports/b-db-failover.md</a></td><td>Database failover delay</td><td class="num">87% (13/15)</td>"#), "{html}");
}

#[test]
fn audit_recurrence_matches_the_hand_computed_values() {
    type Row = (String, String, i64, Value, Value, u64, u64);
    let rows = |a: &Value| -> Vec<Row> {
        let name = |v: &Value| v.as_str().unwrap().rsplit('/').next().unwrap().to_owned();
        a["recurrence"]["recurrences"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| {
                (
                    name(&x["path"]),
                    name(&x["earlier"]),
                    x["days-apart"].as_i64().unwrap(),
                    x["systems"].clone(),
                    x["factors"].clone(),
                    x["earlier-actions"].as_u64().unwrap(),
                    x["earlier-actions-done"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let row = |p: &str, e: &str, d: i64, s: Value, f: Value, n: u64, done: u64| (p.to_owned(), e.to_owned(), d, s, f, n, done);
    // E (2026-02-25, security) names "manual key rotation" in its
    // Contributing factors section, as A (2026-01-10, security) does in its
    // front matter: 46 days. D (2026-02-15) hit Primary-DB as B
    // (2026-01-20) did: 26 days; B's P1 item is done, its P3 item not.
    // C's impact section names the token service, the auth-service A hit,
    // only through the policy's alias map.
    let a = audit_json(&["--config", "tests/fixtures-audit/rules-systems.toml"]);
    assert_eq!(a["recurrence"]["window-days"], 90);
    assert_eq!(
        rows(&a),
        [
            row("e-missing-times.md", "a-auth-outage.md", 46, json!([]), json!(["manual key rotation"]), 2, 0),
            row("d-wrong-order.md", "b-db-failover.md", 26, json!(["primary-db"]), json!([]), 2, 1),
            row("c-phishing.md", "a-auth-outage.md", 26, json!(["auth-service"]), json!([]), 2, 0),
        ]
    );
    assert_eq!(a["recurrence"]["recurrences"][0]["incident-type"], "security");
    assert_eq!(a["recurrence"]["without-systems"], json!([p("e-missing-times.md")]));
    // Without the alias map, C and A share nothing; with a 30-day window,
    // E is too late after A; with the tracker, A's OPS-101 is done.
    let plain = audit_json(&[]);
    assert_eq!(rows(&plain).iter().map(|r| r.0.as_str()).collect::<Vec<_>>(), ["e-missing-times.md", "d-wrong-order.md"]);
    let short = audit_json(&["--config", "tests/fixtures-audit/rules-systems.toml", "--recurrence-days", "30"]);
    assert_eq!(rows(&short).iter().map(|r| r.0.as_str()).collect::<Vec<_>>(), ["d-wrong-order.md", "c-phishing.md"]);
    let tracked = audit_json(&[&["--config", "tests/fixtures-audit/rules-systems.toml"][..], &TICKETS].concat());
    assert_eq!(rows(&tracked)[2].6, 1);

    let args = ["audit", FIXTURES, "--config", "tests/fixtures-audit/rules-systems.toml"];
    let (_, table, _) = run(&args);
    let (_, markdown, _) = run(&[&args[..], &["--format", "markdown"]].concat());
    let (_, html, _) = run(&[&args[..], &["--format", "html"]].concat());
    let sentence = "or of the same type with a contributing factor in common: 3; in 3 of them the earlier report's action items were not all done.";
    for (name, text) in [("table", &table), ("markdown", &markdown), ("html", &html)] {
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ").replace("&#39;", "'");
        assert!(flat.contains(sentence), "{name}: {text}");
    }
    assert!(markdown.contains("| tests/fixtures-audit/reports/d-wrong-order.md | 2026-02-15 | tests/fixtures-audit/reports/b-db-failover.md | 2026-01-20 | 26 | systems: primary-db | 1 of 2 done |"), "{markdown}");
    assert!(table.lines().any(|l| l.split_whitespace().collect::<Vec<_>>().join(" ").ends_with("46 security factors: manual key rotation 0 of 2 done")), "{table}");
    assert!(html.contains(r#"<td><a href="tests/fixtures-audit/reports/a-auth-outage.md">tests/fixtures-audit/reports/a-auth-outage.md</a></td><td>2026-01-10</td><td class="num">26</td><td>systems: auth-service</td><td class="fail">0 of 2 done</td>"#), "{html}");
}

const REGULATIONS: &str = "tests/fixtures-audit/regulations";
const REGULATIONS_POLICY: [&str; 2] = ["--config", "tests/fixtures-audit/rules-regulations.toml"];

fn regulations_json(extra: &[&str]) -> Value {
    let mut args = vec!["audit", REGULATIONS, "--format", "json"];
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = run(&args);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"))
}

#[test]
fn audit_regulations_match_the_hand_computed_values() {
    type Counts = (String, u64, u64, u64, u64, u64, u64, u64, u64);
    let counts = |a: &Value| -> Vec<Counts> {
        a["regulations"]["regimes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let n = |k: &str| r[k].as_u64().unwrap();
                (
                    r["regime"].as_str().unwrap().to_owned(),
                    n("in-scope"),
                    n("met"),
                    n("reason-given"),
                    n("missed"),
                    n("start-unknown"),
                    n("none-due-yet"),
                    n("not-checked"),
                    n("missing-contents"),
                )
            })
            .collect()
    };
    let c = |r: &str, n: [u64; 8]| (r.to_owned(), n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7]);
    type Row = (String, String, String, String, bool, u64, Vec<String>);
    let reports = |a: &Value| -> Vec<Row> {
        a["regulations"]["regimes"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|r| {
                r["reports"].as_array().unwrap().iter().map(move |x| {
                    (
                        r["regime"].as_str().unwrap().to_owned(),
                        x["path"].as_str().unwrap().rsplit('/').next().unwrap().to_owned(),
                        x["deadlines"].as_str().unwrap().to_owned(),
                        x["contents"].as_str().unwrap().to_owned(),
                        x["declared"].as_bool().unwrap(),
                        x["notifications"].as_u64().unwrap(),
                        x["findings"].as_array().unwrap().iter().map(|f| format!("{}:{}", f["rule"].as_str().unwrap(), f["line"])).collect(),
                    )
                })
            })
            .collect()
    };
    let row = |g: &str, p: &str, d: &str, c: &str, declared: bool, n: u64, f: &[&str]| {
        (g.to_owned(), p.to_owned(), d.to_owned(), c.to_owned(), declared, n, f.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    };

    // With the fixtures' policy (see tests/fixtures-audit/README.md): A met
    // the GDPR's 72 hours (49 h); B's NIS2 incident notification came after
    // 76 h; C's GDPR notification after 96 h with the reasons, but with two
    // of the six items of Art. 33(3); D names the GDPR and NIS2 in its text
    // only; E is under the GDPR and HIPAA by the policy (privacy), its 72
    // hours still running; F's DORA deadlines are off for payments; G writes
    // `Form 8-K` without a materiality determination.
    let a = regulations_json(&REGULATIONS_POLICY);
    assert_eq!(a["reports"]["audited"], 7);
    assert_eq!(
        counts(&a),
        [
            c("gdpr", [3, 1, 1, 0, 0, 1, 0, 1]),
            c("nis2", [1, 0, 0, 1, 0, 0, 0, 0]),
            c("dora", [1, 0, 0, 0, 0, 0, 1, 0]),
            c("sec-8k", [1, 0, 0, 0, 1, 0, 0, 0]),
            c("hipaa", [1, 0, 0, 0, 0, 0, 1, 0]),
        ]
    );
    assert_eq!(
        reports(&a),
        [
            row("gdpr", "a-gdpr-met.md", "met", "no-finding", true, 1, &[]),
            row("gdpr", "c-gdpr-delay-reason.md", "reason-given", "missing", true, 1, &["compliance/gdpr-contents:18"]),
            row("gdpr", "e-privacy-running.md", "none-due-yet", "no-finding", false, 0, &[]),
            row("nis2", "b-nis2-missed.md", "missed", "no-finding", true, 2, &["compliance/nis2-deadlines:28"]),
            row("dora", "f-dora-off.md", "not-checked", "no-finding", true, 0, &[]),
            row("sec-8k", "g-sec-no-materiality.md", "start-unknown", "no-finding", true, 0, &["compliance/sec-8k-deadline:12"]),
            row("hipaa", "e-privacy-running.md", "not-checked", "not-checked", false, 0, &[]),
        ]
    );
    let regimes = a["regulations"]["regimes"].as_array().unwrap();
    assert_eq!(regimes[0]["deadline-rule"], "compliance/gdpr-deadline");
    assert_eq!(regimes[0]["contents-rules"], json!(["compliance/gdpr-contents", "compliance/gdpr-record"]));
    assert_eq!(regimes[4]["deadline-rule"], Value::Null);
    assert_eq!(regimes[1]["reports"][0]["date"], "2026-02-10");
    let text = std::fs::read_to_string(repo().join("schemas/audit.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap();
    let errors: Vec<String> = validator.iter_errors(&a).map(|e| format!("{e} at {}", e.instance_path)).collect();
    assert!(errors.is_empty(), "{errors:#?}");

    // Under the repository's policy: no override puts E under the GDPR (nor
    // HIPAA), and F's DORA initial notification (due 4 h after 10:00) is
    // missed.
    let plain = regulations_json(&[]);
    assert_eq!(
        counts(&plain),
        [
            c("gdpr", [2, 1, 1, 0, 0, 0, 0, 1]),
            c("nis2", [1, 0, 0, 1, 0, 0, 0, 0]),
            c("dora", [1, 0, 0, 1, 0, 0, 0, 0]),
            c("sec-8k", [1, 0, 0, 0, 1, 0, 0, 0]),
        ]
    );
    assert_eq!(reports(&plain)[3], row("dora", "f-dora-off.md", "missed", "no-finding", true, 0, &["compliance/dora-deadlines:17"]));

    // The audit fixtures declare no regulation: four empty rows.
    assert_eq!(counts(&audit_json(&[])).iter().map(|r| r.1).collect::<Vec<_>>(), [0, 0, 0, 0]);

    // Every format shows the same counts and the same findings, linked.
    let args = [&["audit", REGULATIONS][..], &REGULATIONS_POLICY].concat();
    let (_, table, _) = run(&args);
    let (_, markdown, _) = run(&[&args[..], &["--format", "markdown"]].concat());
    let (_, html, _) = run(&[&args[..], &["--format", "html"]].concat());
    let sentence = "6 of 7 reports are under a regulation; reports that missed a deadline: ";
    let b = "tests/fixtures-audit/regulations/b-nis2-missed.md";
    for (name, text) in [("table", &table), ("markdown", &markdown), ("html", &html)] {
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(sentence), "{name}: {text}");
        assert!(flat.contains("none due yet (no notification recorded, no deadline passed)"), "{name}");
    }
    for text in [&table, &markdown] {
        assert!(text.split_whitespace().collect::<Vec<_>>().join(" ").contains(&format!("{sentence}{b}.")), "{text}");
    }
    assert!(html.contains(&format!(r#"{sentence}<a href="{b}">{b}</a>."#)), "{html}");
    let words = |l: &str| l.split_whitespace().collect::<Vec<_>>().join(" ");
    for line in ["gdpr 3 1 1 0 0 1 0 1", "nis2 1 0 0 1 0 0 0 0", "dora 1 0 0 0 0 0 1 0", "sec-8k 1 0 0 0 1 0 0 0", "hipaa 1 0 0 0 0 0 1 0"] {
        assert!(table.lines().any(|l| words(l) == line), "table lacks `{line}`:\n{table}");
        assert!(markdown.contains(&format!("| {} |", line.replace(' ', " | "))), "markdown lacks `{line}`:\n{markdown}");
    }
    assert!(
        table.lines().any(|l| words(l).starts_with(&format!("nis2 {b}:28 2026-02-10 missed no finding compliance/nis2-deadlines NIS2 incident notification made late"))),
        "{table}"
    );
    assert!(markdown.contains("| gdpr | tests/fixtures-audit/regulations/c-gdpr-delay-reason.md:18 | 2026-01-04 | reason given | missing | compliance/gdpr-contents | the GDPR notification does not record data-subjects"), "{markdown}");
    assert!(markdown.contains("| sec-8k | tests/fixtures-audit/regulations/g-sec-no-materiality.md:12 | 2026-02-16 | start unknown | no finding | compliance/sec-8k-deadline |"), "{markdown}");
    let section = |t: &str, start: &str, end: &str| {
        let from = t.find(start).unwrap();
        t[from..from + t[from..].find(end).unwrap()].to_owned()
    };
    for part in [
        section(&table, "Regulations\n", "Incident metrics"),
        section(&markdown, "## Regulations", "## Incident metrics"),
        section(&html, r#"<section id="regulations">"#, "</section>"),
    ] {
        assert!(part.contains("b-nis2-missed.md") && !part.contains("d-mentions-gdpr.md"), "D is in no regulation's scope:\n{part}");
    }
    assert!(html.contains(r#"<tr data-regime="gdpr"><td>gdpr</td><td class="num in-scope">3</td><td class="num met">1</td><td class="num reason-given">1</td><td class="num missed">0</td><td class="num start-unknown">0</td><td class="num none-due-yet">1</td><td class="num not-checked">0</td><td class="num missing-contents fail">1</td></tr>"#), "{html}");
    assert!(html.contains(r#"<tr data-regime="hipaa"><td>hipaa</td><td class="num in-scope">1</td>"#), "{html}");
    assert!(html.contains(&format!(r#"<tr data-regime="nis2"><td>nis2</td><td><a href="{b}">{b}:28</a></td><td>2026-02-10</td><td class="fail">missed</td><td>no finding</td><td><code>compliance/nis2-deadlines</code></td><td>NIS2 incident notification made late"#)), "{html}");
    assert!(html.contains(r#"<div class="value fail">1</div><div class="label">reports that missed a notification deadline</div>"#), "{html}");
}
