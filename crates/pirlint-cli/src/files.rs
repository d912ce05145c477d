//! Finding the reports to check and checking them in parallel.

use pirlint_host::policy::Policy;
use pirlint_host::{Finding, Linter};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One checked report, with its text kept for rendering snippets.
pub struct CheckedReport {
    pub path: String,
    pub source: Arc<str>,
    pub findings: Vec<Finding>,
}

/// A file that could not be checked at all.
pub struct FileError {
    pub path: String,
    pub message: String,
}

pub struct Outcome {
    pub reports: Vec<CheckedReport>,
    pub errors: Vec<FileError>,
}

fn display(path: &Path) -> String {
    let text = path.to_string_lossy();
    text.strip_prefix("./").unwrap_or(&text).to_owned()
}

/// Expands the command line's paths into report files, sorted and without
/// duplicates. Directories are walked honoring `.gitignore` (in or out of a
/// git repository), skipping hidden files and the policy's `exclude`
/// patterns; files named explicitly are always checked.
pub fn collect(paths: &[PathBuf], policy: &Policy, errors: &mut Vec<FileError>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for root in paths {
        if root.is_file() {
            files.push(root.clone());
            continue;
        }
        if !root.exists() {
            errors.push(FileError { path: display(root), message: "no such file or directory".into() });
            continue;
        }
        let mut overrides = ignore::overrides::OverrideBuilder::new(root);
        for pattern in &policy.exclude {
            if let Err(e) = overrides.add(&format!("!{pattern}")) {
                errors.push(FileError { path: "rules.toml".into(), message: format!("invalid exclude pattern `{pattern}`: {e}") });
            }
        }
        let walker = ignore::WalkBuilder::new(root)
            .require_git(false)
            .overrides(overrides.build().expect("patterns were checked one by one"))
            .build();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    let path = entry.path();
                    if entry.file_type().is_some_and(|t| t.is_file())
                        && pirlint_host::pirlint_report::format_for_path(path).is_some()
                    {
                        files.push(path.to_owned());
                    }
                }
                Err(e) => errors.push(FileError { path: display(root), message: e.to_string() }),
            }
        }
    }
    files.sort();
    files.dedup();
    files
}

/// Without `keep_sources`, each report's text is dropped once it is checked
/// (`CheckedReport::source` is then empty). A progress bar runs on a
/// terminal's stderr for long runs unless `quiet` (see [`crate::progress`]);
/// it is cleared before this returns.
pub fn check_paths(linter: &Linter, paths: &[PathBuf], policy: &Policy, keep_sources: bool, quiet: bool) -> Outcome {
    let mut errors = Vec::new();
    let files = collect(paths, policy, &mut errors);
    let progress = crate::progress::Progress::start(files.len(), quiet, "checking");
    let results: Vec<Result<CheckedReport, FileError>> = files
        .par_iter()
        .map(|path| {
            let shown = display(path);
            let result = match pirlint_host::pirlint_report::input::read_source(path, linter.max_file_bytes) {
                Ok(source) => {
                    let findings = linter.check(path, &shown, &source);
                    let source: Arc<str> = if keep_sources { source.into() } else { Arc::from("") };
                    Ok(CheckedReport { path: shown, source, findings })
                }
                Err(e) => Err(FileError { path: shown, message: e.to_string() }),
            };
            progress.inc();
            result
        })
        .collect();
    progress.finish();
    let mut reports = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(report) => reports.push(report),
            Err(error) => errors.push(error),
        }
    }
    Outcome { reports, errors }
}
