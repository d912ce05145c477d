//! `pirlint plugin`: tools for plugin authors. `wit` prints the contract
//! this binary speaks; `test` runs one plugin over fixture reports written in
//! the format of the built-in fixtures (`pirlint_host::fixture`), compares
//! the findings with the announced `rule@line`s and their exact text
//! (messages, labels, help, fixes) with a snapshot beside each fixture;
//! `new` writes a plugin to start from and `build` builds one (`scaffold`).

use clap::{Args, Subcommand};
use pirlint_host::builtin::BUILTIN_PLUGINS;
use pirlint_host::escape;
use pirlint_host::finding::LineIndex;
use pirlint_host::fixture::{self, Expectation};
use pirlint_host::linter::{Linter, LinterOptions, PLUGIN_FAILED};
use pirlint_host::{Finding, Policy};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::{EXIT_ERROR, EXIT_FINDINGS};

mod scaffold;

#[derive(Subcommand)]
pub enum PluginCommand {
    /// Print the WIT contract this binary speaks (wit/pirlint.wit, as built in).
    Wit,
    /// Test a plugin against fixture reports: the findings each fixture
    /// announces (`<!-- expect: rule@line -->`, `NAME.expect` beside JSON and
    /// YAML fixtures) and the exact text kept in a snapshot beside each
    /// fixture (`NAME.md.snap`). Only the plugin under test runs.
    Test(TestArgs),
    /// Write a working plugin to start from: one rule with an option, a fix
    /// and a secondary label, fixtures with their snapshots, a README and a
    /// CI script (`--lang rust` needs `--sdk-path`: the SDK is not on
    /// crates.io yet). Never overwrites.
    New(scaffold::NewArgs),
    /// Build the plugin in a directory into `plugin.wasm` with its language's
    /// toolchain (cargo for wasm32-wasip2, componentize-py, componentize-js),
    /// and print its SHA-256 for the policy's pin.
    Build(scaffold::BuildArgs),
}

#[derive(Args)]
pub struct TestArgs {
    /// A plugin component (.wasm), or the name of a built-in plugin.
    plugin: String,
    /// Fixture reports, or directories searched recursively for .md, .json,
    /// .yaml and .yml fixtures.
    #[arg(required = true)]
    fixtures: Vec<PathBuf>,
    /// Write the snapshots of the fixtures' findings (new or changed) instead
    /// of failing on them; the announced `rule@line`s must still match.
    #[arg(long)]
    bless: bool,
}

pub fn run(command: PluginCommand) -> u8 {
    match command {
        PluginCommand::Wit => {
            // The WIT file ends with a newline: print it as it is.
            print!("{}", pirlint_host::wit::WIT);
            0
        }
        PluginCommand::Test(args) => test(args),
        PluginCommand::New(args) => scaffold::new(args),
        PluginCommand::Build(args) => scaffold::build(args),
    }
}

/// The plugin under test, as the policy and loader see it.
enum Target {
    Builtin(&'static str),
    Component(PathBuf),
}

fn target_of(plugin: &str) -> Result<Target, String> {
    let path = Path::new(plugin);
    if path.exists() || path.extension().is_some_and(|e| e == "wasm") {
        // The loader reserves the built-in plugins' names, so a component
        // that is byte for byte a built-in one (plugins/dist/NAME.wasm) is
        // tested as that built-in plugin.
        if let Ok(bytes) = pirlint_host::pirlint_report::input::read_bytes(path, pirlint_host::linter::MAX_PLUGIN_BYTES) {
            use sha2::Digest;
            let sha256: String = sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
            if let Some(b) = BUILTIN_PLUGINS.iter().find(|b| b.sha256() == sha256) {
                return Ok(Target::Builtin(b.name));
            }
        }
        return Ok(Target::Component(path.to_owned()));
    }
    match BUILTIN_PLUGINS.iter().find(|b| b.name == plugin) {
        Some(b) => Ok(Target::Builtin(b.name)),
        None => Err(format!(
            "`{plugin}` is neither a plugin component (.wasm) nor a built-in plugin ({})",
            BUILTIN_PLUGINS.iter().map(|b| b.name).collect::<Vec<_>>().join(", ")
        )),
    }
}

/// A linter with the default policy and the plugin under test alone: the
/// other plugins' findings would not count, so they do not run (and a
/// component may then reuse a built-in plugin's name, as a new build of it).
/// pirlint's own rules run as in `check`; only `pirlint/plugin-failed` for
/// the plugin counts, as a finding nobody announces.
fn linter_for(target: &Target, now: &str) -> Result<(Linter, String), Vec<String>> {
    let mut policy = Policy::default();
    for b in BUILTIN_PLUGINS {
        policy.plugins.insert(b.name.to_owned(), matches!(target, Target::Builtin(name) if *name == b.name));
    }
    let extra_plugins = match target {
        Target::Component(path) => vec![path.clone()],
        Target::Builtin(_) => Vec::new(),
    };
    let (linter, errors) = Linter::new(&policy, LinterOptions { now: Some(now.to_owned()), extra_plugins, ..LinterOptions::default() });
    if !errors.is_empty() {
        return Err(errors.iter().map(|e| e.to_string()).collect());
    }
    let name = linter.plugin_stats().map(|(name, _)| name.to_owned()).next();
    match name {
        Some(name) => Ok((linter, name)),
        None => Err(vec!["the plugin did not load".to_owned()]),
    }
}

/// The fixtures under `paths`, in order: files as given, directories walked
/// recursively in name order.
fn collect_fixtures(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
        let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: cannot read the directory: {e}", dir.display()))?;
        let mut paths: Vec<PathBuf> = entries
            .map(|e| e.map(|e| e.path()).map_err(|e| format!("{}: cannot read the directory: {e}", dir.display())))
            .collect::<Result<_, _>>()?;
        paths.sort();
        for path in paths {
            if path.is_dir() {
                walk(&path, out)?;
            } else if pirlint_host::pirlint_report::format_for_path(&path).is_some() {
                out.push(path);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut out)?;
        } else if pirlint_host::pirlint_report::format_for_path(path).is_some() {
            out.push(path.clone());
        } else if path.exists() {
            return Err(format!("{}: not a fixture (a .md, .json, .yaml or .yml report)", path.display()));
        } else {
            return Err(format!("{}: no such file or directory", path.display()));
        }
    }
    Ok(out)
}

/// The snapshot beside a fixture: its whole file name plus `.snap`, so that
/// `r.md` and `r.yaml` keep separate snapshots.
pub fn snapshot_path(fixture: &Path) -> PathBuf {
    let mut name = fixture.file_name().unwrap_or_default().to_os_string();
    name.push(".snap");
    fixture.with_file_name(name)
}

/// The findings as snapshot text: one block per finding, in the host's
/// order, every free text as a JSON string so that it stays on one line.
pub fn snapshot_text(plugin: &str, source: &str, findings: &[&Finding]) -> String {
    let q = |s: &str| serde_json::to_string(s).expect("a string serializes");
    let lines = LineIndex::new(source);
    let mut out = format!("# pirlint plugin test: the findings of `{plugin}` (regenerate with --bless)\n");
    for f in findings {
        let p = &f.primary;
        let _ = writeln!(
            out,
            "\n{} {}:{}-{}:{} {}",
            f.rule,
            p.start.line,
            p.start.column,
            p.end.line,
            p.end.column,
            f.severity.as_str()
        );
        let _ = writeln!(out, "  message {}", q(&f.message));
        if !p.message.is_empty() {
            let _ = writeln!(out, "  label {}", q(&p.message));
        }
        for l in &f.secondary {
            let _ = writeln!(out, "  secondary {}:{}-{}:{} {}", l.start.line, l.start.column, l.end.line, l.end.column, q(&l.message));
        }
        if let Some(help) = &f.help {
            let _ = writeln!(out, "  help {}", q(help));
        }
        for fix in &f.fixes {
            let applicability = match fix.applicability {
                pirlint_host::finding::Applicability::Safe => "safe",
                pirlint_host::finding::Applicability::Unsafe => "unsafe",
            };
            let _ = writeln!(out, "  fix {applicability} {}", q(&fix.description));
            for edit in &fix.edits {
                let (start, end) = (lines.location(edit.span.start as usize), lines.location(edit.span.end as usize));
                let _ = writeln!(out, "    edit {}:{}-{}:{} {}", start.line, start.column, end.line, end.column, q(&edit.replacement));
            }
        }
    }
    out
}

/// What one fixture's run gave.
struct Outcome {
    shown: String,
    fuel: u64,
    /// Failure details; empty when the fixture passed.
    problems: Vec<String>,
    blessed: bool,
}

fn test(args: TestArgs) -> u8 {
    let target = match target_of(&args.plugin) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {}", escape::terminal(&e));
            return EXIT_ERROR;
        }
    };
    let fixtures = match collect_fixtures(&args.fixtures) {
        Ok(f) if f.is_empty() => {
            eprintln!("error: no fixtures (.md, .json, .yaml, .yml) under the paths given");
            return EXIT_ERROR;
        }
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {}", escape::terminal(&e));
            return EXIT_ERROR;
        }
    };
    // Read every fixture and its announcements first: a malformed fixture
    // stops the run before anything is compared or blessed.
    let mut prepared = Vec::new();
    let mut unreadable = false;
    for path in fixtures {
        match prepare(&path) {
            Ok(p) => prepared.push(p),
            Err(e) => {
                eprintln!("error: {}", escape::terminal(&e));
                unreadable = true;
            }
        }
    }
    if unreadable {
        return EXIT_ERROR;
    }

    let mut linters: BTreeMap<String, (Linter, String)> = BTreeMap::new();
    let mut outcomes = Vec::new();
    for fixture in &prepared {
        if !linters.contains_key(&fixture.now) {
            match linter_for(&target, &fixture.now) {
                Ok(l) => {
                    linters.insert(fixture.now.clone(), l);
                }
                Err(errors) => {
                    for e in errors {
                        eprintln!("error: {}: {}", escape::terminal(&args.plugin), escape::terminal(&e));
                    }
                    return EXIT_ERROR;
                }
            }
        }
        let (linter, plugin) = &linters[&fixture.now];
        match run_fixture(linter, plugin, fixture, args.bless) {
            Ok(o) => outcomes.push(o),
            Err(e) => {
                eprintln!("error: {}", escape::terminal(&e));
                return EXIT_ERROR;
            }
        }
    }

    let mut stdout = std::io::stdout().lock();
    for o in &outcomes {
        let status = if !o.problems.is_empty() { "FAIL" } else if o.blessed { "blessed" } else { "ok" };
        let _ = writeln!(stdout, "{status:<7} {}  (fuel {})", escape::terminal(&o.shown), o.fuel);
    }
    let failed: Vec<&Outcome> = outcomes.iter().filter(|o| !o.problems.is_empty()).collect();
    for o in &failed {
        let _ = writeln!(stdout, "\n--- {}", escape::terminal(&o.shown));
        for p in &o.problems {
            let _ = writeln!(stdout, "{}", escape::terminal(p));
        }
    }
    let fuel: u64 = outcomes.iter().map(|o| o.fuel).sum();
    let _ = writeln!(
        stdout,
        "\n{} fixtures: {} passed, {} failed; fuel {fuel} in all",
        outcomes.len(),
        outcomes.len() - failed.len(),
        failed.len()
    );
    if failed.is_empty() { 0 } else { EXIT_FINDINGS }
}

struct Prepared {
    path: PathBuf,
    source: String,
    now: String,
    expected: Vec<Expectation>,
}

fn prepare(path: &Path) -> Result<Prepared, String> {
    // Fixtures are the author's own files, but still read through the
    // bounded reader, as reports are.
    const MAX_FIXTURE_BYTES: u64 = 16 << 20;
    let read = |p: &Path| pirlint_host::pirlint_report::input::read_source(p, MAX_FIXTURE_BYTES).map_err(|e| format!("{} {e}", p.display()));
    let source = read(path)?;
    let sidecar = fixture::sidecar_path(path);
    let sidecar_text = if sidecar.exists() { Some(read(&sidecar)?) } else { None };
    let expected = fixture::expectations(path, &source, sidecar_text.as_deref()).map_err(|e| e.to_string())?;
    Ok(Prepared { path: path.to_owned(), now: fixture::now_of(&source), source, expected })
}

fn run_fixture(linter: &Linter, plugin: &str, fixture: &Prepared, bless: bool) -> Result<Outcome, String> {
    let shown = fixture.path.display().to_string();
    let fuel_so_far = |linter: &Linter| linter.plugin_stats().find(|(name, _)| *name == plugin).map_or(0, |(_, t)| t.fuel);
    // Fixtures run one at a time, so the plugin's fuel total grows by exactly
    // this fixture's calls.
    let before = fuel_so_far(linter);
    let findings = linter.check(&fixture.path, &shown, &fixture.source);
    let fuel = fuel_so_far(linter) - before;
    let prefix = format!("{plugin}/");
    let counted: Vec<&Finding> =
        findings.iter().filter(|f| f.rule.starts_with(&prefix) || (f.rule == PLUGIN_FAILED && f.plugin == plugin)).collect();

    let mut problems = Vec::new();
    let mut actual: Vec<Expectation> = counted.iter().map(|f| Expectation { rule: f.rule.clone(), line: f.primary.start.line }).collect();
    actual.sort();
    let (missing, unexpected) = multiset_difference(&fixture.expected, &actual);
    for e in &missing {
        problems.push(format!("  missing:    {e} (announced, not found)"));
    }
    for e in &unexpected {
        let message = counted.iter().find(|f| f.rule == e.rule && f.primary.start.line == e.line).map_or("", |f| f.message.as_str());
        problems.push(format!("  unexpected: {e}: {message}"));
    }

    let snapshot = snapshot_path(&fixture.path);
    let text = snapshot_text(plugin, &fixture.source, &counted);
    let old = match std::fs::read_to_string(&snapshot) {
        Ok(old) => Some(old),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("{}: cannot read the snapshot: {e}", snapshot.display())),
    };
    let mut blessed = false;
    if old.as_deref() != Some(text.as_str()) {
        if bless {
            write_atomically(&snapshot, &text)?;
            blessed = true;
        } else {
            match &old {
                None => problems.push(format!("  no snapshot {} (run with --bless to write it)", snapshot.display())),
                Some(old) => {
                    let diff = similar::TextDiff::from_lines(old.as_str(), text.as_str());
                    problems.push(format!(
                        "  snapshot {} differs (--bless accepts the new findings):\n{}",
                        snapshot.display(),
                        diff.unified_diff().context_radius(3).header("snapshot", "this run")
                    ));
                }
            }
        }
    }
    Ok(Outcome { shown, fuel, problems, blessed })
}

/// (in `expected` but not `actual`, in `actual` but not `expected`), both
/// sorted, counting repeats.
fn multiset_difference(expected: &[Expectation], actual: &[Expectation]) -> (Vec<Expectation>, Vec<Expectation>) {
    let mut counts: BTreeMap<&Expectation, i64> = BTreeMap::new();
    for e in expected {
        *counts.entry(e).or_default() += 1;
    }
    for a in actual {
        *counts.entry(a).or_default() -= 1;
    }
    let mut missing = Vec::new();
    let mut unexpected = Vec::new();
    for (e, n) in counts {
        for _ in 0..n.max(0) {
            missing.push(e.clone());
        }
        for _ in 0..(-n).max(0) {
            unexpected.push(e.clone());
        }
    }
    (missing, unexpected)
}

/// A new file beside the snapshot, renamed over it.
fn write_atomically(path: &Path, text: &str) -> Result<(), String> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let fail = |e: &dyn std::fmt::Display| format!("{}: cannot write the snapshot: {e}", path.display());
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| fail(&e))?;
    temp.write_all(text.as_bytes()).map_err(|e| fail(&e))?;
    temp.persist(path).map_err(|e| fail(&e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(rule: &str, line: u32) -> Expectation {
        Expectation { rule: rule.to_owned(), line }
    }

    #[test]
    fn repeats_count_in_the_difference() {
        let expected = [e("a/b", 1), e("a/b", 1), e("a/c", 2)];
        let actual = [e("a/b", 1), e("a/d", 3), e("a/d", 3)];
        assert_eq!(multiset_difference(&expected, &actual), (vec![e("a/b", 1), e("a/c", 2)], vec![e("a/d", 3), e("a/d", 3)]));
    }

    #[test]
    fn the_snapshot_keeps_the_whole_file_name() {
        assert_eq!(snapshot_path(Path::new("d/r.md")), Path::new("d/r.md.snap"));
        assert_eq!(snapshot_path(Path::new("r.yaml")), Path::new("r.yaml.snap"));
    }
}
