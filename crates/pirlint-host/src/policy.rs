//! The policy: what `rules.toml` says, before it is checked against the
//! plugins' rules (see `linter.rs` for that).

use crate::finding::Severity;
use crate::sandbox::Limits;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "rules.toml";

/// A configuration problem, with where in which file it is.
#[derive(Clone, Debug)]
pub struct ConfigError {
    pub path: Option<PathBuf>,
    /// The configuration file's text, for snippets.
    pub source_text: Option<String>,
    pub message: String,
    pub span: Option<Range<usize>>,
    pub help: Option<String>,
}

impl ConfigError {
    pub fn plain(message: impl Into<String>) -> Self {
        ConfigError { path: None, source_text: None, message: message.into(), span: None, help: None }
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{}: ", path.display())?;
        }
        f.write_str(&self.message)
    }
}

/// A severity as configured: a level, or off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

#[derive(Clone, Debug, Default)]
pub struct RuleSetting {
    pub severity: Option<Level>,
    /// Everything in the rule's table except `severity`.
    pub options: serde_json::Map<String, serde_json::Value>,
    /// Where the rule's table is in the policy file.
    pub span: Option<Range<usize>>,
}

#[derive(Clone, Debug)]
pub struct Policy {
    pub name: String,
    pub fail_on: Severity,
    pub limits: Limits,
    pub max_file_bytes: u64,
    /// Built-in plugins switched on or off; unlisted ones are on.
    pub plugins: BTreeMap<String, bool>,
    /// Extra heading synonyms per canonical section kind.
    pub sections: BTreeMap<String, Vec<String>>,
    pub rules: BTreeMap<String, RuleSetting>,
    /// Gitignore-style patterns of files never checked when walking
    /// directories (a README beside the reports, say).
    pub exclude: Vec<String>,
    pub path: Option<PathBuf>,
    pub source_text: Option<String>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            name: "pirlint default policy".into(),
            fail_on: Severity::Error,
            limits: Limits::default(),
            max_file_bytes: 10 << 20,
            plugins: BTreeMap::new(),
            sections: BTreeMap::new(),
            rules: BTreeMap::new(),
            exclude: Vec::new(),
            path: None,
            source_text: None,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    #[serde(default)]
    policy: RawMeta,
    #[serde(default)]
    limits: RawLimits,
    #[serde(default)]
    plugins: BTreeMap<String, bool>,
    #[serde(default)]
    sections: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    rules: BTreeMap<String, toml::Spanned<toml::Table>>,
    #[serde(default)]
    files: RawFiles,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFiles {
    #[serde(default)]
    exclude: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawMeta {
    name: Option<String>,
    fail_on: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawLimits {
    fuel: Option<u64>,
    memory_mib: Option<u64>,
    max_file_size_mib: Option<u64>,
}

/// Finds `rules.toml` in `start` or the nearest directory above it.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start.ancestors().map(|dir| dir.join(FILE_NAME)).find(|candidate| candidate.is_file())
}

impl Policy {
    pub fn load(path: &Path) -> Result<Policy, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: Some(path.to_owned()),
            source_text: None,
            message: format!("cannot read the policy: {e}"),
            span: None,
            help: None,
        })?;
        Policy::parse(&text, Some(path))
    }

    pub fn parse(text: &str, path: Option<&Path>) -> Result<Policy, ConfigError> {
        let error = |message: String, span: Option<Range<usize>>, help: Option<String>| ConfigError {
            path: path.map(Path::to_owned),
            source_text: Some(text.to_owned()),
            message,
            span,
            help,
        };
        let raw: RawPolicy = toml::from_str(text).map_err(|e| {
            let help = Some(
                "the policy has the tables [policy], [files], [limits], [plugins], [sections] and [rules.\"plugin/rule\"]; see the repository's rules.toml for a commented example".to_owned(),
            );
            error(e.message().to_owned(), e.span(), help)
        })?;
        let mut policy = Policy { path: path.map(Path::to_owned), source_text: Some(text.to_owned()), ..Policy::default() };
        if let Some(name) = raw.policy.name {
            policy.name = name;
        }
        if let Some(level) = raw.policy.fail_on {
            policy.fail_on = level.parse().map_err(|msg: String| {
                error(format!("[policy] fail-on: {msg}"), find_key(text, "fail-on"), None)
            })?;
        }
        if let Some(fuel) = raw.limits.fuel {
            policy.limits.fuel = fuel;
        }
        if let Some(mib) = raw.limits.memory_mib {
            policy.limits.memory_bytes = (mib as usize) << 20;
        }
        if let Some(mib) = raw.limits.max_file_size_mib {
            policy.max_file_bytes = mib << 20;
        }
        policy.plugins = raw.plugins;
        policy.exclude = raw.files.exclude;
        policy.sections = raw.sections;
        for (id, table) in raw.rules {
            let span = table_region(text, table.span());
            let mut setting = RuleSetting { span: Some(span.clone()), ..RuleSetting::default() };
            for (key, value) in table.into_inner() {
                if key == "severity" {
                    let level = match value.as_str() {
                        Some("off") => Level::Off,
                        Some(s) => Level::On(s.parse().map_err(|msg: String| {
                            error(
                                format!("rule `{id}`: {msg}"),
                                find_key_in(text, span.clone(), "severity").or(Some(span.clone())),
                                Some("use one of: error, warning, info, off".into()),
                            )
                        })?),
                        None => {
                            return Err(error(
                                format!("rule `{id}`: severity must be a string"),
                                find_key_in(text, span.clone(), "severity").or(Some(span.clone())),
                                Some("use one of: \"error\", \"warning\", \"info\", \"off\"".into()),
                            ))
                        }
                    };
                    setting.severity = Some(level);
                } else {
                    let json = serde_json::to_value(&value).expect("TOML values are JSON-representable");
                    setting.options.insert(key, json);
                }
            }
            policy.rules.insert(id, setting);
        }
        Ok(policy)
    }
}

/// For a table written as `[header]`, toml's span covers only the header;
/// extend it over the body, up to the next header.
fn table_region(text: &str, span: Range<usize>) -> Range<usize> {
    if !text[span.clone()].starts_with('[') {
        return span;
    }
    let body_start = text[span.end..].find('\n').map_or(text.len(), |i| span.end + i + 1);
    let mut end = body_start;
    for line in text[body_start..].split_inclusive('\n') {
        if line.trim_start().starts_with('[') {
            break;
        }
        end += line.len();
    }
    span.start..end
}

/// The span of `key = ...` at the start of a line anywhere in the file.
fn find_key(text: &str, key: &str) -> Option<Range<usize>> {
    find_key_in(text, 0..text.len(), key)
}

/// The span of a `key` written at the start of a line within `range`.
pub fn find_key_in(text: &str, range: Range<usize>, key: &str) -> Option<Range<usize>> {
    let region = text.get(range.clone())?;
    let mut offset = range.start;
    for line in region.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let rest = trimmed.strip_prefix(key).or_else(|| trimmed.strip_prefix(&format!("\"{key}\"")));
        if let Some(rest) = rest {
            if rest.trim_start().starts_with('=') {
                let start = offset + indent;
                return Some(start..start + (trimmed.len() - rest.len()));
            }
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_severities_options_and_limits() {
        let text = r#"
[policy]
name = "Acme"
fail-on = "warning"

[limits]
fuel = 5000
memory-mib = 16

[rules."structure/placeholder"]
severity = "off"

[rules."structure/required-sections"]
severity = "warning"
sections = ["timeline"]
"#;
        let policy = Policy::parse(text, None).unwrap();
        assert_eq!(policy.name, "Acme");
        assert_eq!(policy.fail_on, Severity::Warning);
        assert_eq!(policy.limits, Limits { fuel: 5000, memory_bytes: 16 << 20 });
        assert_eq!(policy.rules["structure/placeholder"].severity, Some(Level::Off));
        let required = &policy.rules["structure/required-sections"];
        assert_eq!(required.severity, Some(Level::On(Severity::Warning)));
        assert_eq!(required.options["sections"], serde_json::json!(["timeline"]));
    }

    #[test]
    fn a_bad_severity_points_at_its_key() {
        let text = "[rules.\"structure/placeholder\"]\nseverity = \"loud\"\n";
        let err = Policy::parse(text, None).unwrap_err();
        assert!(err.message.contains("unknown severity `loud`"), "{}", err.message);
        let span = err.span.unwrap();
        assert_eq!(&text[span], "severity");
    }

    #[test]
    fn unknown_tables_are_refused_with_a_location() {
        let text = "[policy]\nname = \"x\"\n\n[rulez]\n";
        let err = Policy::parse(text, None).unwrap_err();
        assert!(err.message.contains("rulez"), "{}", err.message);
        assert!(err.span.is_some());
    }
}
