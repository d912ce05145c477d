//! The fixture format of rule plugins: which findings a report announces and
//! the "now" it is checked at. Read by the built-in fixture test
//! (`tests/fixtures.rs`) and by `pirlint plugin test`, so that a plugin
//! author's fixtures mean exactly what the built-in ones mean.
//!
//! A fixture announces a finding with an HTML comment, either on the line
//! where it is expected (`<!-- expect: blameless/hindsight -->`) or anywhere
//! with an explicit line (`<!-- expect: timeline/present@1 -->`); several
//! may share one comment, separated by spaces. JSON and YAML fixtures list
//! the same `rule@line` entries, one per line, in a sidecar file
//! `<name>.expect`. A fixture without announcements must give no finding of
//! its plugin. `<!-- now: 2026-03-10T00:00:00Z -->` sets the run's "now".

use std::fmt;
use std::path::{Path, PathBuf};

/// The "now" of a fixture that does not set one.
pub const DEFAULT_NOW: &str = "2026-07-01T00:00:00Z";

const EXPECT_OPEN: &str = "<!-- expect:";
const NOW_OPEN: &str = "<!-- now:";
const CLOSE: &str = "-->";

/// One announced finding: a rule id and the 1-based line of its primary span.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Expectation {
    pub rule: String,
    pub line: u32,
}

impl fmt::Display for Expectation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.rule, self.line)
    }
}

/// A malformed announcement: the file and 1-based line it is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixtureError {
    pub path: PathBuf,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for FixtureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
    }
}

impl std::error::Error for FixtureError {}

/// The sidecar file listing a structured fixture's expectations.
pub fn sidecar_path(fixture: &Path) -> PathBuf {
    fixture.with_extension("expect")
}

/// Every finding `source` (the fixture at `path`) and its sidecar text, if
/// any, announce, sorted.
pub fn expectations(path: &Path, source: &str, sidecar: Option<&str>) -> Result<Vec<Expectation>, FixtureError> {
    let mut expected = Vec::new();
    if let Some(text) = sidecar {
        let sidecar = sidecar_path(path);
        for (index, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let error = |message: String| FixtureError { path: sidecar.clone(), line: index + 1, message };
            let item = line.trim();
            let Some((rule, at)) = item.split_once('@') else {
                return Err(error(format!("`{item}` is not rule@line")));
            };
            expected.push(Expectation { rule: parse_rule(rule).map_err(error)?, line: parse_line(item, at).map_err(error)? });
        }
    }
    for (index, line) in source.lines().enumerate() {
        let error = |message: String| FixtureError { path: path.to_owned(), line: index + 1, message };
        let mut rest = line;
        while let Some(start) = rest.find(EXPECT_OPEN) {
            let after = &rest[start + EXPECT_OPEN.len()..];
            let Some(end) = after.find(CLOSE) else {
                return Err(error("unclosed `<!-- expect:` comment (it must end with `-->` on the same line)".to_owned()));
            };
            let items: Vec<&str> = after[..end].split_whitespace().collect();
            if items.is_empty() {
                return Err(error("`<!-- expect: -->` names no rule".to_owned()));
            }
            for item in items {
                expected.push(match item.split_once('@') {
                    Some((rule, at)) => Expectation { rule: parse_rule(rule).map_err(error)?, line: parse_line(item, at).map_err(error)? },
                    None => Expectation { rule: parse_rule(item).map_err(error)?, line: index as u32 + 1 },
                });
            }
            rest = &after[end..];
        }
    }
    expected.sort();
    Ok(expected)
}

fn parse_rule(rule: &str) -> Result<String, String> {
    match rule.split_once('/') {
        Some((plugin, name)) if !plugin.is_empty() && !name.is_empty() => Ok(rule.to_owned()),
        _ => Err(format!("`{rule}` is not a rule id (plugin/rule)")),
    }
}

fn parse_line(item: &str, at: &str) -> Result<u32, String> {
    match at.parse::<u32>() {
        Ok(line) if line > 0 => Ok(line),
        _ => Err(format!("`{item}`: `{at}` is not a line number (1 or more)")),
    }
}

/// The "now" a fixture sets (its first `<!-- now: ... -->`), else [`DEFAULT_NOW`].
pub fn now_of(source: &str) -> String {
    source
        .split(NOW_OPEN)
        .nth(1)
        .and_then(|rest| rest.split(CLOSE).next())
        .map(|s| s.trim().to_owned())
        .unwrap_or_else(|| DEFAULT_NOW.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exp(rule: &str, line: u32) -> Expectation {
        Expectation { rule: rule.to_owned(), line }
    }

    #[test]
    fn an_announcement_without_a_line_is_for_its_own_line() {
        let source = "# T\n\nWe should have known. <!-- expect: blameless/hindsight -->\n";
        assert_eq!(expectations(Path::new("a.md"), source, None).unwrap(), vec![exp("blameless/hindsight", 3)]);
    }

    #[test]
    fn explicit_lines_several_per_comment_and_several_comments_per_line_are_sorted() {
        let source = "<!-- expect: timeline/present@9 structure/x@2 --> text <!-- expect: a/b -->\n";
        assert_eq!(
            expectations(Path::new("a.md"), source, None).unwrap(),
            vec![exp("a/b", 1), exp("structure/x", 2), exp("timeline/present", 9)]
        );
    }

    #[test]
    fn the_sidecar_adds_rule_at_line_entries_and_skips_blank_lines() {
        let got = expectations(Path::new("r.yaml"), "title: x\n", Some("\nmetrics/ttd@4\n  timeline/order@2  \n")).unwrap();
        assert_eq!(got, vec![exp("metrics/ttd", 4), exp("timeline/order", 2)]);
    }

    #[test]
    fn a_malformed_line_number_names_the_file_and_line() {
        let err = expectations(Path::new("f.md"), "ok\nx <!-- expect: foo/bar@x -->\n", None).unwrap_err();
        assert_eq!(err.to_string(), "f.md:2: `foo/bar@x`: `x` is not a line number (1 or more)");
        let err = expectations(Path::new("f.md"), "<!-- expect: foo/bar@0 -->", None).unwrap_err();
        assert_eq!(err.line, 1);
    }

    #[test]
    fn a_rule_without_its_plugin_an_empty_or_an_unclosed_comment_is_refused() {
        let err = expectations(Path::new("f.md"), "<!-- expect: hindsight -->", None).unwrap_err();
        assert!(err.message.contains("`hindsight` is not a rule id"), "{err}");
        let err = expectations(Path::new("f.md"), "<!-- expect: -->", None).unwrap_err();
        assert!(err.message.contains("names no rule"), "{err}");
        let err = expectations(Path::new("f.md"), "\n\n<!-- expect: a/b\n-->", None).unwrap_err();
        assert_eq!((err.line, err.message.contains("unclosed")), (3, true));
    }

    #[test]
    fn a_sidecar_entry_without_at_names_the_sidecar() {
        let err = expectations(Path::new("d/r.json"), "{}", Some("metrics/ttd\n")).unwrap_err();
        assert_eq!(err.to_string(), format!("{}:1: `metrics/ttd` is not rule@line", Path::new("d/r.expect").display()));
    }

    #[test]
    fn now_is_the_first_announcement_or_the_default() {
        assert_eq!(now_of("a\n<!-- now: 2026-03-10T00:00:00Z -->\n<!-- now: 2027-01-01 -->"), "2026-03-10T00:00:00Z");
        assert_eq!(now_of("no announcement"), DEFAULT_NOW);
    }
}
