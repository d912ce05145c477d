//! A clean report written in each corpus's own style (`tests/fixtures-styles/`,
//! written fresh for pirlint) passes that corpus's policy
//! (`tests/corpus/<corpus>/rules.toml`) with no error, and every timeline
//! entry in it is read with a date, a time and a zone.

use pirlint_host::linter::{Linter, LinterOptions};
use pirlint_host::policy::Policy;
use pirlint_host::Severity;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn every_style_fixture_passes_its_corpus_policy() {
    let mut corpora: Vec<PathBuf> = std::fs::read_dir(root().join("tests/corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("rules.toml").is_file())
        .collect();
    corpora.sort();
    assert!(corpora.len() >= 12, "{corpora:?}");
    let mut problems = Vec::new();
    for dir in corpora {
        let name = dir.file_name().unwrap().to_str().unwrap().to_owned();
        let fixture = root().join("tests/fixtures-styles").join(format!("{name}.md"));
        let Ok(source) = std::fs::read_to_string(&fixture) else {
            problems.push(format!("{name}: no style fixture {}", fixture.display()));
            continue;
        };
        let policy = Policy::load_all(&dir.join("rules.toml")).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let (linter, errors) = Linter::new(
            &policy,
            LinterOptions {
                now: Some("2026-12-01T00:00:00Z".into()),
                cache: Some(pirlint_host::cache::CacheLocation::new(PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("plugin-cache"), PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("plugin-cache.key"))),
                extra_plugins: Vec::new(),
            },
        );
        assert!(errors.is_empty(), "{name}: {errors:?}");
        let (parsed, findings) = linter.check_parsed(&fixture, &format!("{name}.md"), &source);
        for f in findings.iter().filter(|f| f.severity == Severity::Error) {
            problems.push(format!("{name}.md:{}: {} {}", f.primary.start.line, f.rule, f.message));
        }
        for e in &parsed.report.timeline {
            let t = &e.timestamp;
            if t.date.is_none() || t.time.is_none() || t.zone.is_none() {
                problems.push(format!("{name}.md: timeline entry `{}` read as {:?} {:?} {:?}", t.text, t.date, t.time, t.zone));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
