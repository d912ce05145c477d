//! Rule fixtures: every report under `tests/fixtures/<plugin>/` is checked
//! with the default policy and all built-in plugins, and the findings of
//! `<plugin>`'s rules must be exactly the ones the fixture announces.
//!
//! A fixture announces a finding with an HTML comment, either on the line
//! where it is expected (`<!-- expect: blameless/hindsight -->`) or anywhere
//! with an explicit line (`<!-- expect: timeline/present@1 -->`). JSON and
//! YAML fixtures list the same `rule@line` entries, one per line, in a
//! sidecar file `<name>.expect`. A fixture without announcements must give no
//! finding of its plugin: that is how near misses are pinned down.
//! `<!-- now: 2026-03-10T00:00:00Z -->` sets the run's "now" (default
//! 2026-07-01T00:00:00Z). The format is read by `pirlint_host::fixture`,
//! which `pirlint plugin test` uses too.

use pirlint_host::fixture;
use pirlint_host::linter::{Linter, LinterOptions};
use pirlint_host::policy::Policy;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

#[test]
fn every_fixture_gives_exactly_the_findings_it_announces() {
    let mut by_now: BTreeMap<String, Linter> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut count = 0;
    let mut plugin_dirs: Vec<PathBuf> = std::fs::read_dir(fixtures_root()).unwrap().map(|e| e.unwrap().path()).collect();
    plugin_dirs.sort();
    for dir in plugin_dirs.into_iter().filter(|d| d.is_dir()) {
        let plugin = dir.file_name().unwrap().to_str().unwrap().to_owned();
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for file in files {
            if pirlint_host::pirlint_report::format_for_path(&file).is_none() {
                continue;
            }
            count += 1;
            let source = std::fs::read_to_string(&file).unwrap();
            let now = fixture::now_of(&source);
            let linter = by_now.entry(now.clone()).or_insert_with(|| {
                let (linter, errors) = Linter::new(
                    &Policy::default(),
                    LinterOptions {
                        now: Some(now.clone()),
                        cache: Some(pirlint_host::cache::CacheLocation::new(PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("plugin-cache"), PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("plugin-cache.key"))),
                        extra_plugins: vec![],
                    },
                );
                assert!(errors.is_empty(), "{errors:?}");
                linter
            });
            let shown = file.strip_prefix(fixtures_root()).unwrap().display().to_string();
            let findings = linter.check(&file, &shown, &source);
            let mut actual: Vec<(String, u32)> = findings
                .iter()
                .filter(|f| f.rule.starts_with(&format!("{plugin}/")))
                .map(|f| (f.rule.clone(), f.primary.start.line))
                .collect();
            actual.sort();
            let sidecar = fixture::sidecar_path(&file);
            let sidecar_text = sidecar.exists().then(|| std::fs::read_to_string(&sidecar).unwrap());
            let expected: Vec<(String, u32)> = fixture::expectations(&file, &source, sidecar_text.as_deref())
                .unwrap_or_else(|e| panic!("{e}"))
                .into_iter()
                .map(|e| (e.rule, e.line))
                .collect();
            if actual != expected {
                let details: Vec<String> = findings
                    .iter()
                    .filter(|f| f.rule.starts_with(&format!("{plugin}/")))
                    .map(|f| format!("    {}@{}: {}", f.rule, f.primary.start.line, f.message))
                    .collect();
                failures.push(format!(
                    "{shown}\n  expected: {expected:?}\n  actual:   {actual:?}\n{}",
                    details.join("\n")
                ));
            }
        }
    }
    assert!(count > 0, "no fixtures found under {}", fixtures_root().display());
    assert!(failures.is_empty(), "{} of {count} fixtures differ:\n{}", failures.len(), failures.join("\n"));
}
