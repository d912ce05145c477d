//! `cargo xtask corpus`: the ecosystem check, in the style of ruff's. Runs
//! the current build over every report in `../shared/corpus/<name>/`, each
//! corpus under the policy in `tests/corpus/<name>/rules.toml`, and compares
//! with the committed snapshots beside it:
//!
//! - `findings.snap`: one line per finding: file, line, rule, severity and
//!   a hash of the flagged text (never the text: some corpora are
//!   CC-BY-SA, and a hash still shows when a finding moves to other text);
//! - `timeline.snap`: every timeline entry pirlint read: file, line, date,
//!   time, zone, approximate.
//!
//! It prints what changed per rule and fails when a snapshot is stale
//! (`--update` rewrites them). It also scores the parser against the
//! hand-labelled `timeline.gold.tsv` of each corpus: the share of the
//! entries a reader sees that pirlint reads exactly (date, time, zone,
//! approximate); the misses go to `target/corpus/gold-misses.tsv`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use crate::{cargo, workspace_root, Result};

/// The run's fixed "now", so that findings about dates do not drift.
const NOW: &str = "2026-12-01T00:00:00Z";

pub fn run(update: bool) -> Result<bool> {
    let root = workspace_root();
    let corpus = std::env::var_os("PIRLINT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/corpus"));
    if !corpus.is_dir() {
        println!("corpus check skipped: {} not found", corpus.display());
        return Ok(true);
    }
    let status = Command::new(cargo())
        .args(["build", "-q", "-p", "pirlint", "--bin", "pirlint"])
        .current_dir(&root)
        .status()?;
    if !status.success() {
        return Err("building pirlint failed".into());
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let exe = target.join("debug/pirlint");
    let out_dir = target.join("corpus");
    std::fs::create_dir_all(&out_dir)?;

    let mut names: Vec<String> = std::fs::read_dir(&corpus)?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();

    let mut fresh = true;
    let mut gold_total = 0usize;
    let mut gold_exact = 0usize;
    let mut misses = String::from("corpus\tfile\tline\tgold (date time zone approx)\tread\n");
    let mut per_rule: BTreeMap<String, usize> = BTreeMap::new();
    let mut failing_reports = 0usize;
    let mut reports = 0usize;
    // (corpus, file) -> (line, rule) of every finding, for recall.
    let mut found_at: BTreeMap<(String, String), Vec<(u64, String)>> = BTreeMap::new();
    for name in &names {
        let dir = corpus.join(name);
        let files = reports_in(&dir)?;
        reports += files.len();
        let snap_dir = root.join("tests/corpus").join(name);
        std::fs::create_dir_all(&snap_dir)?;
        let config = snap_dir.join("rules.toml");
        if !config.is_file() {
            return Err(format!("{} is missing: every corpus names its preset", config.display()).into());
        }

        let findings = findings(&exe, &dir, &config)?;
        let mut failing = BTreeSet::new();
        for f in &findings {
            *per_rule.entry(f.rule.clone()).or_default() += 1;
            if f.severity == "error" {
                failing.insert(f.file.clone());
            }
        }
        failing_reports += failing.len();
        for f in &findings {
            found_at.entry((name.clone(), f.file.clone())).or_default().push((f.line, f.rule.clone()));
        }
        let finding_lines: Vec<String> = findings.iter().map(Finding::row).collect();
        fresh &= compare(&snap_dir.join("findings.snap"), "file\tline\trule\tseverity\ttext-hash", &finding_lines, update, name, 2)?;

        let entries = timeline(&exe, &dir, &files, &config)?;
        let entry_lines: Vec<String> = entries.iter().map(Entry::row).collect();
        fresh &= compare(&snap_dir.join("timeline.snap"), "file\tline\tdate\ttime\tzone\tapprox", &entry_lines, update, name, usize::MAX)?;

        let gold_path = snap_dir.join("timeline.gold.tsv");
        if gold_path.is_file() {
            let read: BTreeMap<(String, usize), &Entry> =
                entries.iter().map(|e| ((e.file.clone(), e.line), e)).collect();
            let (mut total, mut exact) = (0, 0);
            for row in std::fs::read_to_string(&gold_path)?.lines().skip(1) {
                let cols: Vec<&str> = row.split('\t').collect();
                let [file, line, date, time, zone, approx] = cols.as_slice() else {
                    continue;
                };
                let Ok(line) = line.parse::<usize>() else { continue };
                total += 1;
                let want = (dash(date), dash(time), zone_key(zone), *approx == "y");
                let got = read.get(&(file.to_string(), line));
                let same = got.is_some_and(|e| {
                    (e.date.clone(), e.time.clone(), zone_key(&e.zone), e.approximate) == want
                });
                if same {
                    exact += 1;
                } else {
                    let got = got.map_or("(no entry)".to_string(), |e| {
                        format!("{} {} {} {}", e.date, e.time, e.zone, if e.approximate { "y" } else { "n" })
                    });
                    misses.push_str(&format!("{name}\t{file}\t{line}\t{date} {time} {zone} {approx}\t{got}\n"));
                }
            }
            if total > 0 {
                println!("{name}: gold timelines {exact}/{total} read exactly ({:.1} %)", 100.0 * exact as f64 / total as f64);
            }
            gold_total += total;
            gold_exact += exact;
        }
    }
    std::fs::write(out_dir.join("gold-misses.tsv"), misses)?;
    let defects = root.join("tests/corpus/defects.md");
    if defects.is_file() {
        recall(&std::fs::read_to_string(&defects)?, &found_at, &out_dir)?;
    }
    println!();
    println!("findings per rule over {reports} reports ({failing_reports} fail on an error):");
    for (rule, n) in &per_rule {
        println!("  {n:5}  {rule}");
    }
    if gold_total > 0 {
        println!(
            "gold timeline entries read exactly: {gold_exact}/{gold_total} ({:.1} %); misses in {}",
            100.0 * gold_exact as f64 / gold_total as f64,
            out_dir.join("gold-misses.tsv").display()
        );
    }
    if !fresh {
        println!("\nsnapshots are stale: read the changes above, then run `cargo xtask corpus --update` and commit them");
    }
    Ok(fresh)
}

/// The share of the rows of `tests/corpus/defects.md` that a finding of the
/// right family reports (same file; within five lines, or anywhere for a
/// report-level row), per family; the misses go to
/// `target/corpus/recall-misses.tsv`.
fn recall(
    defects: &str,
    found: &BTreeMap<(String, String), Vec<(u64, String)>>,
    out_dir: &Path,
) -> Result<()> {
    let mut per_family: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut misses = String::from("file\tline\tfamily\tdefect\n");
    for row in defects.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| file")) {
        let cols: Vec<&str> = row.trim_matches('|').split(" | ").map(str::trim).collect();
        let [path, line, what, family] = cols.as_slice() else { continue };
        let path = path.trim_matches('`');
        let family = family.trim_matches('`');
        let Some((corpus, file)) = path.split_once('/') else { continue };
        let line: Option<u64> = line.parse().ok();
        // Families whose findings are per report or per section (an action
        // list without owners, a meeting, an unanswered question) are
        // matched by file; the others by line.
        let per_report = matches!(family, "recommendations" | "meeting" | "questions");
        // Gaps whose finding moved to a more specific rule (one gap, one
        // finding): a lessons-learned question about detection is
        // timeline/discovery's, one about the whole lessons section is
        // structure/required-sections', and unknown parts of a timestamp
        // are structure/placeholder's.
        let lower = what.to_lowercase();
        let also = |rule: &str| match family {
            "questions" => {
                (rule == "timeline/discovery" && (lower.contains("detect") || lower.contains("noticed") || lower.contains("discover")))
                    || (rule == "structure/required-sections" && lower.contains("lessons"))
                    || (rule == "timeline/present" && lower.contains("timeline"))
            }
            "timeline" => rule == "structure/placeholder",
            // "No guidance for the users who installed it" is the
            // public-disclosure preset's "what should users do" question.
            "structure" => rule == "questions/answered" && (lower.contains("guidance") || lower.contains("advice")),
            _ => false,
        };
        let hit = found.get(&(corpus.to_string(), file.to_string())).is_some_and(|fs| {
            fs.iter().any(|(l, rule)| {
                (rule.split('/').next() == Some(family) || also(rule))
                    && (per_report || line.is_none_or(|d| l.abs_diff(d) <= 5))
            })
        });
        let entry = per_family.entry(family.to_string()).or_default();
        entry.0 += 1;
        if hit {
            entry.1 += 1;
        } else {
            misses.push_str(&format!("{path}\t{}\t{family}\t{what}\n", line.map_or("-".into(), |l| l.to_string())));
        }
    }
    let (total, reported) = per_family.values().fold((0, 0), |(t, r), (a, b)| (t + a, r + b));
    println!();
    println!("defects in tests/corpus/defects.md reported by the right family: {reported}/{total} ({:.1} %)", 100.0 * reported as f64 / total.max(1) as f64);
    for (family, (t, r)) in &per_family {
        println!("  {family:16} {r}/{t}");
    }
    std::fs::write(out_dir.join("recall-misses.tsv"), misses)?;
    Ok(())
}

fn dash(s: &str) -> String {
    if s.is_empty() { "-".into() } else { s.to_string() }
}

/// Zones compared by meaning as written: "GMT" is "UTC", "UTC+1" is
/// "+01:00", a generic US zone is its IANA name.
fn zone_key(zone: &str) -> String {
    let z = zone.trim().to_ascii_uppercase();
    let z = match z.as_str() {
        "" | "-" => return "-".into(),
        "GMT" | "Z" | "UTC" | "+00:00" | "ETC/UTC" => return "UTC".into(),
        "ET" | "EASTERN" | "AMERICA/NEW_YORK" => return "ET".into(),
        "PT" | "PACIFIC" | "AMERICA/LOS_ANGELES" => return "PT".into(),
        "CT" | "AMERICA/CHICAGO" => return "CT".into(),
        "MT" | "AMERICA/DENVER" => return "MT".into(),
        other => other.to_string(),
    };
    for prefix in ["UTC", "GMT"] {
        if let Some(rest) = z.strip_prefix(prefix) {
            if let Some((sign, num)) = rest.split_at_checked(1) {
                if let Ok(h) = num.parse::<i32>() {
                    return format!("{sign}{h:02}:00");
                }
            }
        }
    }
    z
}

fn reports_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d)? {
            let p = e?.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") && !is_license(&p) {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn is_license(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.to_ascii_uppercase().starts_with("LICENSE") || n.ends_with(".LICENSE"))
}

fn relative(dir: &Path, path: &str) -> String {
    let p = Path::new(path);
    p.strip_prefix(dir).unwrap_or(p).display().to_string()
}

struct Finding {
    file: String,
    line: u64,
    rule: String,
    severity: String,
    hash: String,
}

impl Finding {
    fn row(&self) -> String {
        format!("{}\t{}\t{}\t{}\t{}", self.file, self.line, self.rule, self.severity, self.hash)
    }
}

fn pirlint(exe: &Path, config: &Path) -> Command {
    let mut cmd = Command::new(exe);
    cmd.arg("--config").arg(config).env("PIRLINT_NOW", NOW);
    cmd
}

fn findings(exe: &Path, dir: &Path, config: &Path) -> Result<Vec<Finding>> {
    let out = pirlint(exe, config).arg("check").arg(dir).args(["--format", "json"]).output()?;
    if !matches!(out.status.code(), Some(0 | 1)) {
        return Err(format!("pirlint check {} failed: {}", dir.display(), String::from_utf8_lossy(&out.stderr)).into());
    }
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    let mut sources: BTreeMap<String, String> = BTreeMap::new();
    let mut rows = Vec::new();
    for d in doc["diagnostics"].as_array().into_iter().flatten() {
        let path = d["path"].as_str().unwrap_or_default().to_string();
        let source = sources
            .entry(path.clone())
            .or_insert_with(|| std::fs::read_to_string(&path).unwrap_or_default());
        let span = &d["primary"]["span"];
        let (start, end) = (span["start"].as_u64().unwrap_or(0) as usize, span["end"].as_u64().unwrap_or(0) as usize);
        let text = source.get(start..end).unwrap_or_default();
        let digest = Sha256::digest(text.as_bytes());
        let hash: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
        rows.push(Finding {
            file: relative(dir, &path),
            line: d["primary"]["start"]["line"].as_u64().unwrap_or(0),
            rule: d["rule"].as_str().unwrap_or_default().to_string(),
            severity: d["severity"].as_str().unwrap_or_default().to_string(),
            hash,
        });
    }
    rows.sort_by(|a, b| (&a.file, a.line, &a.rule, &a.hash).cmp(&(&b.file, b.line, &b.rule, &b.hash)));
    Ok(rows)
}

struct Entry {
    file: String,
    line: usize,
    date: String,
    time: String,
    zone: String,
    approximate: bool,
}

impl Entry {
    fn row(&self) -> String {
        let approx = if self.approximate { "y" } else { "n" };
        format!("{}\t{}\t{}\t{}\t{}\t{approx}", self.file, self.line, self.date, self.time, self.zone)
    }
}

fn timeline(exe: &Path, dir: &Path, files: &[PathBuf], config: &Path) -> Result<Vec<Entry>> {
    if files.is_empty() {
        return Ok(Vec::new());
    }
    let out = pirlint(exe, config).arg("parse").args(["--format", "json"]).args(files).output()?;
    if !out.status.success() {
        return Err(format!("pirlint parse {} failed: {}", dir.display(), String::from_utf8_lossy(&out.stderr)).into());
    }
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    let mut rows = Vec::new();
    for r in doc["reports"].as_array().into_iter().flatten() {
        let file = relative(dir, r["path"].as_str().unwrap_or_default());
        for e in r["timeline"].as_array().into_iter().flatten() {
            let ts = &e["entry"]["timestamp"];
            let field = |k: &str| ts[k].as_str().map_or("-".to_string(), str::to_string);
            rows.push(Entry {
                file: file.clone(),
                line: e["line"].as_u64().unwrap_or(0) as usize,
                date: field("date"),
                time: field("time"),
                zone: field("zone"),
                approximate: e["reading"]["approximate"].as_bool().unwrap_or(false),
            });
        }
    }
    Ok(rows)
}

/// Compares `rows` with the snapshot at `path`, printing what changed
/// (per rule for findings: the third column when `group` is 2). Returns
/// whether the snapshot was fresh; with `update` it is rewritten.
fn compare(path: &Path, header: &str, rows: &[String], update: bool, corpus: &str, group: usize) -> Result<bool> {
    let old = std::fs::read_to_string(path).unwrap_or_default();
    let old_rows: BTreeSet<&str> = old.lines().skip(1).collect();
    let new_rows: BTreeSet<&str> = rows.iter().map(String::as_str).collect();
    let added: Vec<&&str> = new_rows.difference(&old_rows).collect();
    let removed: Vec<&&str> = old_rows.difference(&new_rows).collect();
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    if added.is_empty() && removed.is_empty() && !old.is_empty() {
        return Ok(true);
    }
    println!("{corpus}/{name}: +{} -{}", added.len(), removed.len());
    if group != usize::MAX {
        let mut by: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for r in &added {
            by.entry(r.split('\t').nth(group).unwrap_or("")).or_default().0 += 1;
        }
        for r in &removed {
            by.entry(r.split('\t').nth(group).unwrap_or("")).or_default().1 += 1;
        }
        for (rule, (a, r)) in by {
            println!("    {rule}: +{a} -{r}");
        }
    }
    for r in removed.iter().take(20) {
        println!("  - {r}");
    }
    for r in added.iter().take(20) {
        println!("  + {r}");
    }
    if update {
        let mut text = String::from(header);
        text.push('\n');
        for r in rows {
            text.push_str(r);
            text.push('\n');
        }
        std::fs::write(path, text)?;
    }
    Ok(update)
}
