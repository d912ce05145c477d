//! The policy: what `rules.toml` says (and the files it `extends`), before it
//! is checked against the plugins' rules (see `linter.rs` for that).
//!
//! The file is read with toml's span-preserving document parser
//! ([`toml::de::DeTable`]), so every key and every value, down to one element
//! of an option's array, keeps its exact place in its file: configuration
//! errors point there, and `pirlint config` says where each value came from.

use pirlint_report::time::DateOrder;
use crate::finding::Severity;
use crate::sandbox::Limits;
use crate::severity::{Alias, SeverityScale};
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::de::{DeString, DeTable, DeValue};
use toml::Spanned;

pub const FILE_NAME: &str = "rules.toml";

/// A configuration problem, with where in which file it is.
#[derive(Clone, Debug)]
pub struct ConfigError {
    pub path: Option<PathBuf>,
    /// The configuration file's text, for snippets: shared by every error
    /// in that file, never copied per error (a policy with thousands of
    /// mistakes would otherwise hold thousands of copies of itself).
    pub source_text: Option<Arc<str>>,
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

/// One policy file as read.
#[derive(Debug)]
pub struct SourceFile {
    pub path: Option<PathBuf>,
    pub text: Arc<str>,
}

/// Where a value was written: a span in one of the policy's files.
#[derive(Clone, Debug)]
pub struct Origin {
    pub file: Arc<SourceFile>,
    pub span: Range<usize>,
}

impl Origin {
    pub fn error(&self, message: impl Into<String>, help: Option<String>) -> ConfigError {
        ConfigError {
            path: self.file.path.clone(),
            source_text: Some(self.file.text.clone()),
            message: message.into(),
            span: Some(self.span.clone()),
            help,
        }
    }

    /// 1-based line and column (in characters) of the span's start.
    pub fn line_column(&self) -> (usize, usize) {
        let before = &self.file.text[..self.span.start.min(self.file.text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        (line, column)
    }

    /// `path:line:column`, for people.
    pub fn describe(&self) -> String {
        let (line, column) = self.line_column();
        let path = self.file.path.as_ref().map_or_else(|| "<policy>".to_owned(), |p| p.display().to_string());
        format!("{path}:{line}:{column}")
    }

    /// The directory relative paths in this file are resolved against.
    pub fn base_dir(&self) -> PathBuf {
        self.file.path.as_deref().and_then(Path::parent).map_or_else(|| PathBuf::from("."), Path::to_owned)
    }
}

/// A severity as configured: a level, or off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Off => "off",
            Level::On(s) => s.as_str(),
        }
    }
}

/// Where one setting was written: its key and its value.
#[derive(Clone, Debug)]
pub struct Located {
    pub key: Origin,
    pub value: Origin,
}

#[derive(Clone, Debug, Default)]
pub struct RuleSetting {
    pub severity: Option<Level>,
    /// Everything in the rule's table except `severity`.
    pub options: serde_json::Map<String, serde_json::Value>,
    /// Where the rule's table is in the policy file (its header's key).
    pub span: Option<Range<usize>>,
    /// Where the table's id was written (for errors about the rule itself).
    pub origin: Option<Origin>,
    /// Where each value was written, by JSON pointer into the rule's table:
    /// `/severity`, `/sections`, `/sections/1`, ...
    pub locations: BTreeMap<String, Located>,
}

impl RuleSetting {
    /// Later settings win, key by key (an option's value is replaced whole).
    pub fn merge(&mut self, later: &RuleSetting) {
        if later.severity.is_some() {
            self.severity = later.severity;
        }
        for (key, value) in &later.options {
            self.options.insert(key.clone(), value.clone());
            let prefix = format!("/{key}");
            self.locations.retain(|p, _| p != &prefix && !p.starts_with(&format!("{prefix}/")));
        }
        for (pointer, located) in &later.locations {
            self.locations.insert(pointer.clone(), located.clone());
        }
        if later.origin.is_some() {
            self.origin = later.origin.clone();
            self.span = later.span.clone();
        }
    }

    /// The most precise place known for a JSON pointer into the table: the
    /// value itself, else its nearest written parent, else the table.
    pub fn locate(&self, pointer: &str, key: bool) -> Option<Origin> {
        let mut p = pointer.to_owned();
        loop {
            if let Some(l) = self.locations.get(&p) {
                return Some(if key { l.key.clone() } else { l.value.clone() });
            }
            match p.rfind('/') {
                Some(i) => p.truncate(i),
                None => return self.origin.clone(),
            }
        }
    }
}

/// A plugin component loaded from a file, pinned by its SHA-256.
#[derive(Clone, Debug)]
pub struct PluginFile {
    /// Resolved against the directory of the policy file that names it.
    pub path: PathBuf,
    /// The pin, lowercase hex; `None` when missing (then it is refused).
    pub sha256: Option<String>,
    /// The `[plugins.NAME]` key.
    pub origin: Origin,
    pub path_origin: Origin,
    pub sha256_origin: Option<Origin>,
}

/// `[[overrides]]`: rule settings for the reports that match.
#[derive(Clone, Debug)]
pub struct Override {
    /// Gitignore-style globs, relative to `base_dir`; a pattern without `/`
    /// matches a file name anywhere.
    pub files: Vec<String>,
    pub base_dir: PathBuf,
    /// Incident types (front matter `incident-type`), compared without case.
    pub incident_types: Vec<String>,
    /// Severities as written (`severity = ["SEV1", "P1"]`), with where.
    pub severities: Vec<(String, Origin)>,
    /// The same, resolved through the policy's scale: ranks (1 = most
    /// severe), each once. A report matches when its severity has one.
    pub severity_ranks: Vec<u32>,
    pub rules: BTreeMap<String, RuleSetting>,
    /// Regulations applied to the matching reports (`regulations =
    /// ["gdpr"]`), lowercased, added to those a report declares: what the
    /// `compliance` plugin checks.
    pub regulations: Vec<String>,
    pub origin: Origin,
    matcher: Option<globset::GlobSet>,
}

impl Override {
    /// Whether this override applies to a report at `path` (as given on the
    /// command line or found by the walk) of the given incident type and
    /// severity (its rank on the policy's scale). Every condition given
    /// must hold.
    pub fn applies(&self, path: &Path, incident_type: Option<&str>, severity_rank: Option<u32>) -> bool {
        if let Some(matcher) = &self.matcher {
            let absolute = if path.is_absolute() {
                path.to_owned()
            } else {
                std::env::current_dir().map(|d| d.join(path)).unwrap_or_else(|_| path.to_owned())
            };
            let base = std::fs::canonicalize(&self.base_dir).unwrap_or_else(|_| self.base_dir.clone());
            let absolute = absolute
                .parent()
                .and_then(|p| std::fs::canonicalize(p).ok())
                .and_then(|p| absolute.file_name().map(|n| p.join(n)))
                .unwrap_or(absolute);
            let relative = absolute.strip_prefix(&base).map(Path::to_owned).unwrap_or_else(|_| path.to_owned());
            if !matcher.is_match(&relative) {
                return false;
            }
        }
        if !self.incident_types.is_empty() {
            let Some(kind) = incident_type else { return false };
            if !self.incident_types.iter().any(|t| t.eq_ignore_ascii_case(kind.trim())) {
                return false;
            }
        }
        if !self.severities.is_empty() {
            let Some(rank) = severity_rank else { return false };
            if !self.severity_ranks.contains(&rank) {
                return false;
            }
        }
        true
    }
}

#[derive(Clone, Debug)]
pub struct Policy {
    pub name: String,
    pub fail_on: Severity,
    pub limits: Limits,
    pub max_file_bytes: u64,
    /// Built-in plugins switched on or off; unlisted ones are on.
    pub plugins: BTreeMap<String, bool>,
    /// Third-party plugins loaded from files, by name.
    pub plugin_files: BTreeMap<String, PluginFile>,
    /// Extra heading synonyms per canonical section kind.
    pub sections: BTreeMap<String, Vec<String>>,
    /// Other names of affected systems (`[systems]`), by canonical name:
    /// the audit's recurrence counts them as one system.
    pub systems: BTreeMap<String, Vec<String>>,
    pub rules: BTreeMap<String, RuleSetting>,
    /// Gitignore-style patterns of files never checked when walking
    /// directories (a README beside the reports, say).
    pub exclude: Vec<String>,
    /// A suppression comment in a report must give a reason.
    pub require_suppression_reason: bool,
    /// How numeric dates such as `03/04/2026` are read (`date-order`).
    pub date_order: DateOrder,
    /// What the organization means by ambiguous zone abbreviations
    /// (`zone-aliases`): abbreviation -> zone, in the order written.
    pub zone_aliases: Vec<(String, String)>,
    pub overrides: Vec<Override>,
    /// The severity scale (`[severity]`): levels, most severe first, and
    /// their aliases; the built-in SEV1–SEV4 when the policy sets none.
    pub severity: SeverityScale,
    /// Where each top-level setting came from, by dotted key
    /// (`policy.fail-on`, `limits.fuel`, `plugins.structure`, ...).
    pub origins: BTreeMap<String, Origin>,
    /// The policy files read, the one named first, then what it extends.
    pub files: Vec<PathBuf>,
    pub path: Option<PathBuf>,
    pub source_text: Option<Arc<str>>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            name: "pirlint default policy".into(),
            fail_on: Severity::Error,
            limits: Limits::default(),
            max_file_bytes: 10 << 20,
            plugins: BTreeMap::new(),
            plugin_files: BTreeMap::new(),
            sections: BTreeMap::new(),
            systems: BTreeMap::new(),
            rules: BTreeMap::new(),
            exclude: Vec::new(),
            require_suppression_reason: true,
            date_order: DateOrder::Auto,
            zone_aliases: Vec::new(),
            overrides: Vec::new(),
            severity: SeverityScale::default(),
            origins: BTreeMap::new(),
            files: Vec::new(),
            path: None,
            source_text: None,
        }
    }
}

/// Finds `rules.toml` in `start` or the nearest directory above it.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start.ancestors().map(|dir| dir.join(FILE_NAME)).find(|candidate| candidate.is_file())
}

const TOP_LEVEL: &[&str] = &["extends", "policy", "files", "limits", "plugins", "sections", "systems", "severity", "rules", "overrides"];
const SEVERITY_KEYS: &[&str] = &["levels", "aliases"];
const POLICY_KEYS: &[&str] = &["name", "fail-on", "require-suppression-reason", "date-order", "zone-aliases"];
const FILES_KEYS: &[&str] = &["exclude"];
const LIMITS_KEYS: &[&str] = &["fuel", "memory-mib", "total-memory-mib", "max-file-size-mib"];
/// The largest value each limit takes: beyond, a value converted to bytes
/// would overflow (or a span could not address the file: spans are 32-bit).
const LIMITS_MAX: &[(&str, u64, &str)] = &[
    ("fuel", 1_000_000_000_000, " (about twenty minutes of plugin work)"),
    ("memory-mib", 65_536, " (64 GiB)"),
    ("total-memory-mib", 1_048_576, " (1 TiB)"),
    ("max-file-size-mib", 4_095, " (spans address at most 4 GiB)"),
];
const PLUGIN_FILE_KEYS: &[&str] = &["path", "sha256"];
const OVERRIDE_KEYS: &[&str] = &["files", "incident-type", "severity", "rules", "regulations"];

impl Policy {
    /// The policy without a `rules.toml`: the `pirlint:recommended` preset.
    pub fn builtin() -> Policy {
        let mut policy = Policy::parse("extends = [\"pirlint:recommended\"]\n", None)
            .expect("the built-in presets are valid policies (tested)");
        policy.files.clear();
        policy.source_text = None;
        policy
    }

    /// Reads a policy file and every file it extends; the first error found.
    pub fn load(path: &Path) -> Result<Policy, ConfigError> {
        Policy::load_all(path).map_err(|mut errors| errors.remove(0))
    }

    /// Reads a policy file and every file it extends; every error found.
    pub fn load_all(path: &Path) -> Result<Policy, Vec<ConfigError>> {
        let text = read_policy_text(path).map_err(|e| {
            vec![ConfigError {
                path: Some(path.to_owned()),
                source_text: None,
                message: format!("cannot read the policy: {e}"),
                span: None,
                help: None,
            }]
        })?;
        Policy::parse_all(&text, Some(path))
    }

    pub fn parse(text: &str, path: Option<&Path>) -> Result<Policy, ConfigError> {
        Policy::parse_all(text, path).map_err(|mut errors| errors.remove(0))
    }

    pub fn parse_all(text: &str, path: Option<&Path>) -> Result<Policy, Vec<ConfigError>> {
        let text: Arc<str> = Arc::from(text);
        let mut policy = Policy { path: path.map(Path::to_owned), source_text: Some(text.clone()), ..Policy::default() };
        let mut errors = Vec::new();
        let file = Arc::new(SourceFile { path: path.map(Path::to_owned), text });
        let mut stack = path.map(|p| vec![canonical(p)]).unwrap_or_default();
        read_layer(&mut policy, file, &mut stack, &mut errors);
        check_severity(&mut policy, &mut errors);
        if policy.limits.total_memory_bytes < policy.limits.memory_bytes {
            let message = "`total-memory-mib` must be at least `memory-mib`: one plugin call reserves its whole `memory-mib` from the total";
            errors.push(match policy.origins.get("limits.total-memory-mib").or_else(|| policy.origins.get("limits.memory-mib")) {
                Some(origin) => origin.error(message, None),
                None => ConfigError::plain(message),
            });
        }
        if errors.is_empty() {
            Ok(policy)
        } else {
            Err(errors)
        }
    }
}

/// Policy files are small: the largest we know of is a few KiB.
pub const MAX_POLICY_BYTES: u64 = 4 << 20;

/// A policy file's text, read like a report: a bounded read of a regular
/// file, UTF-8 with the place of the first invalid byte.
fn read_policy_text(path: &Path) -> Result<String, pirlint_report::input::InputError> {
    pirlint_report::input::read_bytes(path, MAX_POLICY_BYTES).and_then(pirlint_report::input::decode)
}

/// Checks, before anything of it can be shown in an error, that an extended
/// file is a pirlint policy: valid TOML whose top-level keys are all
/// pirlint's. Errors name the file and the place, never its text.
fn looks_like_policy(path: &Path, text: &str) -> Result<(), ConfigError> {
    let refuse = |message: String, help: &str| ConfigError {
        path: Some(path.to_owned()),
        source_text: None,
        message,
        span: None,
        help: Some(help.to_owned()),
    };
    let doc = DeTable::parse(text).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start).min(text.len());
        let before = text.get(..at).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        refuse(
            format!("is not valid TOML (line {line}, column {column}); not showing its contents"),
            "fix the file, or remove it from `extends`",
        )
    })?;
    let unknown: Vec<String> =
        doc.get_ref().keys().map(|k| k.get_ref().to_string()).filter(|k| !TOP_LEVEL.contains(&k.as_str())).collect();
    if unknown.is_empty() {
        return Ok(());
    }
    Err(refuse(
        format!(
            "does not look like a pirlint policy (its top level has {}); not showing its contents",
            unknown.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
        ),
        &format!("a policy's top level takes: {}", TOP_LEVEL.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")),
    ))
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned())
}

/// Reads one file onto `policy`: first what it extends, then its own values,
/// so later values win.
fn read_layer(policy: &mut Policy, file: Arc<SourceFile>, stack: &mut Vec<PathBuf>, errors: &mut Vec<ConfigError>) {
    if let Some(path) = &file.path {
        policy.files.push(path.clone());
    }
    let doc = match DeTable::parse(&file.text) {
        Ok(doc) => doc,
        Err(e) => {
            let origin = Origin { file: file.clone(), span: e.span().unwrap_or(0..0) };
            errors.push(origin.error(e.message().trim().to_owned(), Some(
                "the policy has the tables [policy], [files], [limits], [plugins], [sections], [rules.\"plugin/rule\"] and [[overrides]]; `pirlint init` writes a commented example".to_owned(),
            )));
            return;
        }
    };
    let w = Walker { file: file.clone() };
    let doc = doc.into_inner();
    // `extends` first: this file's own values are applied over it.
    if let Some((key, value)) = doc.get_key_value("extends") {
        let list: Vec<&Spanned<DeValue>> = match value.get_ref() {
            DeValue::String(_) => vec![value],
            DeValue::Array(items) => items.iter().collect(),
            _ => {
                errors.push(w.at(value).error("`extends` must be a list of policy files", Some("e.g. extends = [\"../org-policy.toml\"]".into())));
                Vec::new()
            }
        };
        let _ = key;
        for item in list {
            let Some(rel) = item.get_ref().as_str() else {
                errors.push(w.at(item).error("`extends` entries must be paths (strings)", None));
                continue;
            };
            let origin = w.at(item);
            if rel.starts_with(crate::presets::PREFIX) {
                let Some(text) = crate::presets::text(rel) else {
                    errors.push(origin.error(
                        format!("unknown preset `{rel}`"),
                        Some(format!("the presets are {}", crate::presets::names())),
                    ));
                    continue;
                };
                let name = PathBuf::from(rel);
                if stack.contains(&name) {
                    errors.push(origin.error(format!("`extends` cycle through `{rel}`"), None));
                    continue;
                }
                stack.push(name.clone());
                read_layer(policy, Arc::new(SourceFile { path: Some(name), text: Arc::from(text) }), stack, errors);
                stack.pop();
                continue;
            }
            let target = origin.base_dir().join(rel);
            let canon = canonical(&target);
            if let Some(pos) = stack.iter().position(|p| p == &canon) {
                let chain: Vec<String> = stack[pos..].iter().chain(std::iter::once(&canon)).map(|p| p.display().to_string()).collect();
                errors.push(origin.error(
                    format!("`extends` cycle: {}", chain.join(" → ")),
                    Some("a policy cannot extend itself, directly or through another file; remove one of these `extends` entries".into()),
                ));
                continue;
            }
            // A pull request can edit the policy: what it extends must not
            // turn pirlint into a way to print files (`/proc/self/environ`,
            // a credentials file) in CI logs.
            let is_toml = |p: &Path| p.extension().is_some_and(|e| e == "toml");
            if !is_toml(&target) || !is_toml(&canon) {
                errors.push(origin.error(
                    format!("`extends` names {}, which is not a .toml file; refusing to read it", canon.display()),
                    Some("a policy can only extend other policy files (`*.toml`) or a preset (`pirlint:recommended`)".into()),
                ));
                continue;
            }
            let text = match read_policy_text(&target) {
                Ok(text) => text,
                Err(e) => {
                    errors.push(origin.error(format!("cannot read the extended policy {}: {e}", target.display()), Some("paths in `extends` are relative to the file that names them".into())));
                    continue;
                }
            };
            if let Err(e) = looks_like_policy(&target, &text) {
                errors.push(e);
                continue;
            }
            stack.push(canon);
            read_layer(policy, Arc::new(SourceFile { path: Some(target), text: Arc::from(text) }), stack, errors);
            stack.pop();
        }
    }
    for (key, value) in doc.iter() {
        let name = key.get_ref().as_ref();
        match name {
            "extends" => {}
            "policy" => w.table(key, value, errors, |k, v, errors| match k.get_ref().as_ref() {
                "name" => {
                    if let Some(s) = w.string(k, v, errors) {
                        policy.name = s;
                        policy.origins.insert("policy.name".into(), w.at(v));
                    }
                }
                "fail-on" => {
                    if let Some(s) = w.string(k, v, errors) {
                        match s.parse::<Severity>() {
                            Ok(level) => {
                                policy.fail_on = level;
                                policy.origins.insert("policy.fail-on".into(), w.at(v));
                            }
                            Err(_) => errors.push(w.at(v).error(
                                format!("[policy] fail-on: unknown level `{s}`"),
                                Some(suggest(&s, &["error", "warning", "info"], "use one of: error, warning, info")),
                            )),
                        }
                    }
                }
                "date-order" => {
                    if let Some(s) = w.string(k, v, errors) {
                        let order = match s.as_str() {
                            "mdy" => Some(DateOrder::Mdy),
                            "dmy" => Some(DateOrder::Dmy),
                            "auto" => Some(DateOrder::Auto),
                            _ => None,
                        };
                        match order {
                            Some(order) => {
                                policy.date_order = order;
                                policy.origins.insert("policy.date-order".into(), w.at(v));
                            }
                            None => errors.push(w.at(v).error(
                                format!("[policy] date-order: unknown order `{s}`"),
                                Some(suggest(&s, &["mdy", "dmy", "auto"], "use one of: mdy (03/04 is March 4), dmy (3 April), auto (decided per report)")),
                            )),
                        }
                    }
                }
                "zone-aliases" => {
                    w.table(k, v, errors, |abbr, zone, errors| {
                        let abbr_text = abbr.get_ref().to_string();
                        let Some(zone_text) = w.string(abbr, zone, errors) else { return };
                        if !(2..=6).contains(&abbr_text.len()) || !abbr_text.chars().all(|c| c.is_ascii_alphabetic()) {
                            errors.push(w.at_key(abbr).error(
                                format!("[policy] zone-aliases: `{abbr_text}` is not a zone abbreviation"),
                                Some("keys are abbreviations as reports write them: IST, CST, BST".into()),
                            ));
                        } else if pirlint_report::time::parse_zone(&zone_text).is_none() {
                            errors.push(w.at(zone).error(
                                format!("[policy] zone-aliases: `{zone_text}` is not a time zone pirlint knows"),
                                Some("use an IANA name (\"Asia/Kolkata\"), an offset (\"+05:30\") or an abbreviation (\"CET\")".into()),
                            ));
                        } else {
                            let upper = abbr_text.to_ascii_uppercase();
                            policy.zone_aliases.retain(|(a, _)| *a != upper);
                            policy.zone_aliases.push((upper, zone_text.trim().to_string()));
                        }
                    });
                    policy.origins.insert("policy.zone-aliases".into(), w.at(v));
                }
                "require-suppression-reason" => {
                    if let Some(b) = w.boolean(k, v, errors) {
                        policy.require_suppression_reason = b;
                        policy.origins.insert("policy.require-suppression-reason".into(), w.at(v));
                    }
                }
                _ => errors.push(w.unknown_key("[policy]", k, POLICY_KEYS)),
            }),
            "files" => w.table(key, value, errors, |k, v, errors| match k.get_ref().as_ref() {
                "exclude" => {
                    if let Some(list) = w.strings(k, v, errors) {
                        policy.exclude = list;
                        policy.origins.insert("files.exclude".into(), w.at(v));
                    }
                }
                _ => errors.push(w.unknown_key("[files]", k, FILES_KEYS)),
            }),
            "limits" => w.table(key, value, errors, |k, v, errors| {
                let field = k.get_ref().as_ref();
                if !LIMITS_KEYS.contains(&field) {
                    errors.push(w.unknown_key("[limits]", k, LIMITS_KEYS));
                    return;
                }
                let Some(n) = w.positive(k, v, errors) else { return };
                let (max, unit) = LIMITS_MAX.iter().find(|(name, ..)| *name == field).map(|(_, max, unit)| (*max, *unit)).unwrap_or((u64::MAX, ""));
                if n > max {
                    errors.push(w.at(v).error(format!("`{field}` must be at most {max}{unit}"), None));
                    return;
                }
                // In range, so none of these shifts overflows.
                match field {
                    "fuel" => policy.limits.fuel = n,
                    "memory-mib" => policy.limits.memory_bytes = (n as usize) << 20,
                    "total-memory-mib" => policy.limits.total_memory_bytes = (n as usize) << 20,
                    _ => policy.max_file_bytes = n << 20,
                }
                policy.origins.insert(format!("limits.{field}"), w.at(v));
            }),
            "plugins" => w.table(key, value, errors, |k, v, errors| {
                let plugin = k.get_ref().to_string();
                match v.get_ref() {
                    DeValue::Boolean(on) => {
                        policy.plugins.insert(plugin.clone(), *on);
                        policy.plugin_files.remove(&plugin);
                    }
                    DeValue::Table(t) => {
                        let mut path = None;
                        let mut sha = None;
                        for (fk, fv) in t.iter() {
                            match fk.get_ref().as_ref() {
                                "path" => path = w.string(fk, fv, errors).map(|s| (s, w.at(fv))),
                                "sha256" => sha = w.string(fk, fv, errors).map(|s| (s, w.at(fv))),
                                _ => errors.push(w.unknown_key(&format!("[plugins.{plugin}]"), fk, PLUGIN_FILE_KEYS)),
                            }
                        }
                        let Some((rel, path_origin)) = path else {
                            errors.push(w.at_key(k).error(
                                format!("plugin `{plugin}`: a plugin table needs `path` (and its `sha256` pin)"),
                                Some(format!("[plugins.{plugin}]\npath = \"plugins/{plugin}.wasm\"\nsha256 = \"...\"  # `sha256sum plugins/{plugin}.wasm`")),
                            ));
                            return;
                        };
                        if let Some((digest, origin)) = &sha {
                            let ok = digest.len() == 64 && digest.chars().all(|c| c.is_ascii_hexdigit());
                            if !ok {
                                errors.push(origin.error(
                                    format!("plugin `{plugin}`: `sha256` must be 64 hexadecimal digits"),
                                    Some("`sha256sum FILE` (or `shasum -a 256 FILE`) prints the digest".into()),
                                ));
                                return;
                            }
                        }
                        let resolved = path_origin.base_dir().join(&rel);
                        policy.plugins.remove(&plugin);
                        policy.plugin_files.insert(
                            plugin.clone(),
                            PluginFile {
                                path: resolved,
                                sha256: sha.as_ref().map(|(s, _)| s.to_ascii_lowercase()),
                                origin: w.at_key(k),
                                path_origin,
                                sha256_origin: sha.map(|(_, o)| o),
                            },
                        );
                    }
                    _ => {
                        errors.push(w.at(v).error(
                            format!("plugin `{plugin}`: expected true, false or a table with `path` and `sha256`, found {}", v.get_ref().type_str()),
                            Some(format!("built-in plugins: `{plugin} = false`; third-party plugins: `[plugins.{plugin}]` with `path` and `sha256`")),
                        ));
                        return;
                    }
                }
                policy.origins.insert(format!("plugins.{plugin}"), w.at(v));
            }),
            "sections" => w.table(key, value, errors, |k, v, errors| {
                if let Some(list) = w.strings(k, v, errors) {
                    let kind = k.get_ref().to_string();
                    policy.origins.insert(format!("sections.{kind}"), w.at(v));
                    policy.sections.insert(kind, list);
                }
            }),
            "systems" => w.table(key, value, errors, |k, v, errors| {
                if let Some(list) = w.strings(k, v, errors) {
                    let system = k.get_ref().to_string();
                    policy.origins.insert(format!("systems.{system}"), w.at(v));
                    policy.systems.insert(system, list);
                }
            }),
            "rules" => w.table(key, value, errors, |k, v, errors| {
                if let Some(setting) = w.rule(k, v, errors) {
                    policy.rules.entry(k.get_ref().to_string()).or_default().merge(&setting);
                }
            }),
            "severity" => read_severity(policy, &w, key, value, errors),
            "overrides" => {
                let items: Vec<&Spanned<DeValue>> = match value.get_ref() {
                    DeValue::Array(items) => items.iter().collect(),
                    _ => {
                        errors.push(w.at(value).error("`overrides` is a list of tables: write each as [[overrides]]", None));
                        continue;
                    }
                };
                for item in items {
                    let Some(table) = item.get_ref().as_table() else {
                        errors.push(w.at(item).error("each [[overrides]] entry must be a table", None));
                        continue;
                    };
                    let origin = w.at(item);
                    let mut o = Override {
                        files: Vec::new(),
                        base_dir: origin.base_dir(),
                        incident_types: Vec::new(),
                        severities: Vec::new(),
                        severity_ranks: Vec::new(),
                        rules: BTreeMap::new(),
                        regulations: Vec::new(),
                        origin,
                        matcher: None,
                    };
                    for (k, v) in table.iter() {
                        match k.get_ref().as_ref() {
                            "files" => {
                                let Some(list) = w.strings(k, v, errors) else { continue };
                                let mut builder = globset::GlobSetBuilder::new();
                                let mut ok = true;
                                for (pattern, item) in list.iter().zip(v.get_ref().as_array().map(|a| a.iter().collect::<Vec<_>>()).unwrap_or_default()) {
                                    let full = if pattern.contains('/') { pattern.trim_start_matches('/').to_owned() } else { format!("**/{pattern}") };
                                    match globset::GlobBuilder::new(&full).literal_separator(true).build() {
                                        Ok(glob) => {
                                            builder.add(glob);
                                        }
                                        Err(e) => {
                                            ok = false;
                                            errors.push(w.at(item).error(format!("invalid glob `{pattern}`: {e}"), None));
                                        }
                                    }
                                }
                                if ok {
                                    o.matcher = builder.build().ok();
                                    o.files = list;
                                }
                            }
                            "incident-type" => {
                                if let Some(list) = w.strings(k, v, errors) {
                                    o.incident_types = list;
                                }
                            }
                            "severity" => {
                                if let Some(list) = w.strings(k, v, errors) {
                                    let items = v.get_ref().as_array().map(|a| a.iter().map(|i| w.at(i)).collect::<Vec<_>>()).unwrap_or_default();
                                    o.severities = list.into_iter().zip(items).collect();
                                    if o.severities.is_empty() {
                                        errors.push(w.at(v).error(
                                            "[[overrides]] severity: the list is empty, so no report would match",
                                            Some("list the severities it applies to, e.g. severity = [\"SEV1\", \"SEV2\"]".into()),
                                        ));
                                    }
                                }
                            }
                            "regulations" => {
                                if let Some(list) = w.strings(k, v, errors) {
                                    o.regulations = list.iter().map(|r| r.trim().to_ascii_lowercase()).collect();
                                }
                            }
                            "rules" => w.table(k, v, errors, |rk, rv, errors| {
                                if let Some(setting) = w.rule(rk, rv, errors) {
                                    o.rules.entry(rk.get_ref().to_string()).or_default().merge(&setting);
                                }
                            }),
                            _ => errors.push(w.unknown_key("[[overrides]]", k, OVERRIDE_KEYS)),
                        }
                    }
                    if o.files.is_empty() && o.incident_types.is_empty() && o.severities.is_empty() {
                        errors.push(o.origin.error(
                            "an [[overrides]] entry needs `files`, `incident-type` or `severity` (or several) to say which reports it applies to",
                            Some("e.g. files = [\"2019/**\"], incident-type = [\"security\"] or severity = [\"SEV1\", \"SEV2\"]".into()),
                        ));
                        continue;
                    }
                    policy.overrides.push(o);
                }
            }
            _ => errors.push(w.unknown_key("the policy's top level", key, TOP_LEVEL)),
        }
    }
}

/// `[severity]`: `levels` (replaces the scale, and with it every alias)
/// first, then `aliases` (replaces the aliases of the levels it names),
/// whatever order they are written in.
fn read_severity(policy: &mut Policy, w: &Walker, key: &Key, value: &Value, errors: &mut Vec<ConfigError>) {
    let DeValue::Table(t) = value.get_ref() else {
        errors.push(w.at(value).error(format!("`{}` must be a table, found {}", key.get_ref(), value.get_ref().type_str()), Some("[severity]\nlevels = [\"SEV1\", \"SEV2\", \"SEV3\", \"SEV4\"]".into())));
        return;
    };
    for (k, _) in t.iter() {
        if !SEVERITY_KEYS.contains(&k.get_ref().as_ref()) {
            errors.push(w.unknown_key("[severity]", k, SEVERITY_KEYS));
        }
    }
    if let Some((k, v)) = t.get_key_value("levels") {
        if let Some(list) = w.strings(k, v, errors) {
            let items: Vec<Origin> = v.get_ref().as_array().map(|a| a.iter().map(|i| w.at(i)).collect()).unwrap_or_default();
            let mut levels: Vec<String> = Vec::new();
            let mut ok = true;
            for (name, at) in list.iter().zip(&items) {
                let folded = crate::severity::fold(name);
                if folded.is_empty() {
                    ok = false;
                    errors.push(at.error("[severity] levels: a level needs a name with a letter or digit", None));
                } else if let Some(first) = levels.iter().find(|l| crate::severity::fold(l) == folded) {
                    ok = false;
                    errors.push(at.error(
                        format!("[severity] levels: `{name}` is written twice (as `{first}`): names are compared without case, spaces or punctuation"),
                        None,
                    ));
                } else {
                    levels.push(name.trim().to_owned());
                }
            }
            if levels.is_empty() && ok {
                ok = false;
                errors.push(w.at(v).error("[severity] levels: the scale needs at least one level", Some("most severe first, e.g. levels = [\"SEV1\", \"SEV2\", \"SEV3\", \"SEV4\"]".into())));
            }
            if ok {
                policy.severity.aliases = vec![Vec::new(); levels.len()];
                policy.severity.levels = levels;
                policy.severity.reindex();
                policy.origins.insert("severity.levels".into(), w.at(v));
            }
        }
    }
    if let Some((k, v)) = t.get_key_value("aliases") {
        w.table(k, v, errors, |level, names, errors| {
            let level_name = level.get_ref().to_string();
            let Some(i) = policy.severity.levels.iter().position(|l| crate::severity::fold(l) == crate::severity::fold(&level_name)) else {
                let known = policy.severity.levels.iter().map(String::as_str);
                let help = match closest(&level_name, known) {
                    Some(s) => format!("did you mean `{s}`? The scale's levels are {}", policy.severity.describe_levels()),
                    None => format!("the keys of [severity.aliases] are the scale's levels: {}", policy.severity.describe_levels()),
                };
                errors.push(w.at_key(level).error(format!("[severity] aliases: `{level_name}` is not a level of the severity scale"), Some(help)));
                return;
            };
            let Some(list) = w.strings(level, names, errors) else { return };
            let items: Vec<Origin> = names.get_ref().as_array().map(|a| a.iter().map(|i| w.at(i)).collect()).unwrap_or_default();
            policy.severity.aliases[i] = list.into_iter().zip(items).map(|(name, at)| Alias { name: name.trim().to_owned(), origin: Some(at) }).collect();
            policy.origins.insert(format!("severity.aliases.{}", policy.severity.levels[i]), w.at(names));
        });
        policy.severity.reindex();
    }
}

/// After every layer is read: an alias written in the policy takes its
/// name from whatever other level the built-in scale gave it; two names
/// written for two levels, or an alias naming another level, are errors;
/// then each override's severities are resolved through the final scale.
fn check_severity(policy: &mut Policy, errors: &mut Vec<ConfigError>) {
    use crate::severity::fold;
    let scale = &mut policy.severity;
    let written: Vec<(usize, String)> =
        scale.aliases.iter().enumerate().flat_map(|(i, a)| a.iter().filter(|a| a.origin.is_some()).map(move |a| (i, fold(&a.name)))).collect();
    for (i, aliases) in scale.aliases.iter_mut().enumerate() {
        aliases.retain(|a| a.origin.is_some() || !written.iter().any(|(j, n)| *j != i && *n == fold(&a.name)));
    }
    let mut seen: Vec<(String, usize)> = scale.levels.iter().enumerate().map(|(i, l)| (fold(l), i)).collect();
    for (i, aliases) in scale.aliases.iter().enumerate() {
        for a in aliases {
            let key = fold(&a.name);
            let at = a.origin.as_ref();
            if key.is_empty() {
                if let Some(at) = at {
                    errors.push(at.error("[severity] aliases: an alias needs a letter or digit", None));
                }
                continue;
            }
            match seen.iter().find(|(k, _)| *k == key) {
                Some((_, j)) if *j == i => {}
                Some((_, j)) => {
                    if let Some(at) = at {
                        let other = &scale.levels[*j];
                        errors.push(at.error(
                            format!("[severity] aliases: `{}` cannot stand for {} — it already stands for {other}", a.name, scale.levels[i]),
                            Some("a name can mean one level only (names are compared without case, spaces or punctuation); remove it from one of the two".into()),
                        ));
                    }
                }
                None => seen.push((key, i)),
            }
        }
    }
    scale.reindex();
    let scale = &policy.severity;
    for o in &mut policy.overrides {
        o.severity_ranks.clear();
        for (name, at) in &o.severities {
            match scale.level_index(name) {
                Some(i) => {
                    let rank = i as u32 + 1;
                    if !o.severity_ranks.contains(&rank) {
                        o.severity_ranks.push(rank);
                    }
                }
                None => {
                    let help = match closest(name, scale.names()) {
                        Some(s) => format!("did you mean `{s}`? The scale: {}", scale.describe()),
                        None => format!("the scale (levels, with their aliases): {}; add a name to [severity.aliases] to accept it", scale.describe()),
                    };
                    errors.push(at.error(format!("[[overrides]] severity: `{name}` is not on the policy's severity scale"), Some(help)));
                }
            }
        }
    }
}

struct Walker {
    file: Arc<SourceFile>,
}

type Key<'i> = Spanned<DeString<'i>>;
type Value<'i> = Spanned<DeValue<'i>>;

impl Walker {
    fn at(&self, value: &Value) -> Origin {
        Origin { file: self.file.clone(), span: value.span() }
    }

    fn at_key(&self, key: &Key) -> Origin {
        Origin { file: self.file.clone(), span: key.span() }
    }

    fn unknown_key(&self, table: &str, key: &Key, known: &[&str]) -> ConfigError {
        let name = key.get_ref().as_ref();
        let listed = known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
        let help = match closest(name, known.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? {table} takes: {listed}"),
            None => format!("{table} takes: {listed}"),
        };
        self.at_key(key).error(format!("unknown key `{name}` in {table}"), Some(help))
    }

    fn table<'i>(&self, key: &Key<'i>, value: &Value<'i>, errors: &mut Vec<ConfigError>, mut each: impl FnMut(&Key<'i>, &Value<'i>, &mut Vec<ConfigError>)) {
        match value.get_ref() {
            DeValue::Table(t) => {
                for (k, v) in t.iter() {
                    each(k, v, errors);
                }
            }
            other => errors.push(self.at(value).error(format!("`{}` must be a table, found {}", key.get_ref(), other.type_str()), None)),
        }
    }

    fn string(&self, key: &Key, value: &Value, errors: &mut Vec<ConfigError>) -> Option<String> {
        match value.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            other => {
                errors.push(self.at(value).error(format!("`{}` must be a string, found {}", key.get_ref(), other.type_str()), None));
                None
            }
        }
    }

    fn boolean(&self, key: &Key, value: &Value, errors: &mut Vec<ConfigError>) -> Option<bool> {
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                errors.push(self.at(value).error(format!("`{}` must be true or false, found {}", key.get_ref(), other.type_str()), None));
                None
            }
        }
    }

    fn positive(&self, key: &Key, value: &Value, errors: &mut Vec<ConfigError>) -> Option<u64> {
        let n = match value.get_ref() {
            DeValue::Integer(i) => u64::from_str_radix(i.as_str(), i.radix()).ok().filter(|n| *n > 0),
            _ => None,
        };
        if n.is_none() {
            errors.push(self.at(value).error(format!("`{}` must be a positive integer", key.get_ref()), None));
        }
        n
    }

    fn strings(&self, key: &Key, value: &Value, errors: &mut Vec<ConfigError>) -> Option<Vec<String>> {
        let DeValue::Array(items) = value.get_ref() else {
            errors.push(self.at(value).error(format!("`{}` must be a list of strings, found {}", key.get_ref(), value.get_ref().type_str()), Some(format!("e.g. {} = [\"...\"]", key.get_ref()))));
            return None;
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => out.push(s.to_string()),
                other => {
                    errors.push(self.at(item).error(format!("`{}` must be a list of strings, but this is {}", key.get_ref(), other.type_str()), None));
                    return None;
                }
            }
        }
        Some(out)
    }

    /// A `[rules."plugin/rule"]` table: `severity` and the rule's options,
    /// with the place of every value.
    fn rule(&self, key: &Key, value: &Value, errors: &mut Vec<ConfigError>) -> Option<RuleSetting> {
        let id = key.get_ref().to_string();
        let DeValue::Table(table) = value.get_ref() else {
            errors.push(self.at(value).error(
                format!("rule `{id}`: expected a table of settings, found {}", value.get_ref().type_str()),
                Some(format!("e.g. [rules.\"{id}\"]\nseverity = \"warning\"")),
            ));
            return None;
        };
        let mut setting = RuleSetting { span: Some(key.span()), origin: Some(self.at_key(key)), ..RuleSetting::default() };
        for (k, v) in table.iter() {
            let name = k.get_ref().to_string();
            if name == "severity" {
                let level = match v.get_ref().as_str() {
                    Some("off") => Some(Level::Off),
                    Some(s) => match s.parse() {
                        Ok(level) => Some(Level::On(level)),
                        Err(_) => {
                            errors.push(self.at(v).error(
                                format!("rule `{id}`: unknown severity `{s}`"),
                                Some(suggest(s, &["error", "warning", "info", "off"], "use one of: error, warning, info, off")),
                            ));
                            None
                        }
                    },
                    None => {
                        errors.push(self.at(v).error(
                            format!("rule `{id}`: severity must be a string"),
                            Some("use one of: \"error\", \"warning\", \"info\", \"off\"".into()),
                        ));
                        None
                    }
                };
                setting.severity = level;
                setting.locations.insert("/severity".into(), Located { key: self.at_key(k), value: self.at(v) });
            } else {
                let pointer = format!("/{}", escape_pointer(&name));
                self.locate_value(&pointer, Some(k), v, &mut setting.locations);
                setting.options.insert(name, to_json(v.get_ref()));
            }
        }
        Some(setting)
    }

    fn locate_value(&self, pointer: &str, key: Option<&Key>, value: &Value, out: &mut BTreeMap<String, Located>) {
        let value_origin = self.at(value);
        let key_origin = key.map_or_else(|| value_origin.clone(), |k| self.at_key(k));
        out.insert(pointer.to_owned(), Located { key: key_origin, value: value_origin });
        match value.get_ref() {
            DeValue::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.locate_value(&format!("{pointer}/{i}"), None, item, out);
                }
            }
            DeValue::Table(t) => {
                for (k, v) in t.iter() {
                    self.locate_value(&format!("{pointer}/{}", escape_pointer(k.get_ref())), Some(k), v, out);
                }
            }
            _ => {}
        }
    }
}

fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn to_json(value: &DeValue) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        DeValue::String(s) => J::String(s.to_string()),
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .map(J::from)
            .unwrap_or_else(|_| J::String(i.to_string())),
        DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok().and_then(serde_json::Number::from_f64).map_or(J::Null, J::Number),
        DeValue::Boolean(b) => J::Bool(*b),
        DeValue::Datetime(d) => J::String(d.to_string()),
        DeValue::Array(items) => J::Array(items.iter().map(|v| to_json(v.get_ref())).collect()),
        DeValue::Table(t) => J::Object(t.iter().map(|(k, v)| (k.get_ref().to_string(), to_json(v.get_ref()))).collect()),
    }
}

fn suggest(value: &str, allowed: &[&str], fallback: &str) -> String {
    match closest(value, allowed.iter().copied()) {
        Some(s) => format!("did you mean `{s}`? ({fallback})"),
        None => fallback.to_owned(),
    }
}

/// The known name closest to `name`, if close enough to be a likely typo.
pub fn closest<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::levenshtein(name, k), k))
        .filter(|(d, k)| *d <= (k.len() / 3).max(2) && *d < k.len().max(name.len()))
        .min()
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_at(text: &str) -> (String, String, (usize, usize), String) {
        let err = Policy::parse(text, None).unwrap_err();
        let span = err.span.clone().unwrap();
        let origin = Origin { file: Arc::new(SourceFile { path: None, text: Arc::from(text) }), span: span.clone() };
        (err.message.clone(), text[span].to_owned(), origin.line_column(), err.help.unwrap_or_default())
    }

    #[test]
    fn errors_share_the_policy_text_instead_of_copying_it() {
        // Thousands of mistakes in a large policy held one copy of the text
        // each (6,435 unknown keys in 345 KB: 4.4 GB).
        let keys: String = (0..50).map(|i| format!("unknown-{i} = 1\n")).collect();
        let errors = Policy::parse_all(&format!("[policy]\n{keys}"), None).unwrap_err();
        assert!(errors.len() >= 50, "{errors:?}");
        let first = errors[0].source_text.as_ref().unwrap();
        for error in &errors {
            assert!(Arc::ptr_eq(first, error.source_text.as_ref().unwrap()), "{error:?}");
        }
    }

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
        assert_eq!(policy.limits, Limits { fuel: 5000, memory_bytes: 16 << 20, ..Limits::default() });
        assert_eq!(policy.rules["structure/placeholder"].severity, Some(Level::Off));
        let required = &policy.rules["structure/required-sections"];
        assert_eq!(required.severity, Some(Level::On(Severity::Warning)));
        assert_eq!(required.options["sections"], serde_json::json!(["timeline"]));
        let at = required.locate("/sections/0", false).unwrap();
        assert_eq!(&text[at.span.clone()], "\"timeline\"");
        assert_eq!(at.line_column(), (15, 13));
    }

    #[test]
    fn a_bad_severity_points_at_its_value() {
        let (message, snippet, at, help) = error_at("[rules.\"structure/placeholder\"]\nseverity = \"loud\"\n");
        assert!(message.contains("unknown severity `loud`"), "{message}");
        assert_eq!(snippet, "\"loud\"");
        assert_eq!(at, (2, 12));
        assert!(help.contains("error, warning, info, off"), "{help}");
    }

    #[test]
    fn unknown_tables_are_refused_with_a_suggestion() {
        let (message, snippet, at, help) = error_at("[policy]\nname = \"x\"\n\n[polcy]\n");
        assert!(message.contains("unknown key `polcy`"), "{message}");
        assert_eq!(snippet, "polcy");
        assert_eq!(at, (4, 2));
        assert!(help.contains("did you mean `policy`?"), "{help}");
    }

    #[test]
    fn a_misspelled_key_gets_a_suggestion() {
        let (message, snippet, at, help) = error_at("[policy]\nfail_on = \"error\"\n");
        assert!(message.contains("unknown key `fail_on` in [policy]"), "{message}");
        assert_eq!(snippet, "fail_on");
        assert_eq!(at, (2, 1));
        assert!(help.contains("did you mean `fail-on`?"), "{help}");
        let (_, snippet, at, help) = error_at("[limits]\nfuel = 10\nmemory-mb = 3\n");
        assert_eq!((snippet.as_str(), at), ("memory-mb", (3, 1)));
        assert!(help.contains("did you mean `memory-mib`?"), "{help}");
        let (message, snippet, at, help) = error_at("[policy]\nfail-on = \"eror\"\n");
        assert!(message.contains("unknown level `eror`"), "{message}");
        assert_eq!((snippet.as_str(), at), ("\"eror\"", (2, 11)));
        assert!(help.contains("did you mean `error`?"), "{help}");
    }

    #[test]
    fn wrong_types_point_at_the_value() {
        let (message, snippet, at, _) = error_at("[limits]\nfuel = \"lots\"\n");
        assert!(message.contains("`fuel` must be a positive integer"), "{message}");
        assert_eq!((snippet.as_str(), at), ("\"lots\"", (2, 8)));
        let (message, snippet, at, _) = error_at("[files]\nexclude = [\"a\", 3]\n");
        assert!(message.contains("list of strings"), "{message}");
        assert_eq!((snippet.as_str(), at), ("3", (2, 17)));
        let (message, _, at, _) = error_at("[policy]\nfail-on = error\n");
        assert!(!message.is_empty());
        assert_eq!(at.0, 2);
    }

    #[test]
    fn plugins_are_switches_or_pinned_files() {
        let text = "[plugins]\nstructure = false\n\n[plugins.acme]\npath = \"plugins/acme.wasm\"\nsha256 = \"ABCDEF0000000000000000000000000000000000000000000000000000000000\"\n";
        let policy = Policy::parse(text, Some(Path::new("/org/rules.toml"))).unwrap();
        assert!(!policy.plugins["structure"]);
        let acme = &policy.plugin_files["acme"];
        assert_eq!(acme.path, Path::new("/org/plugins/acme.wasm"));
        assert_eq!(acme.sha256.as_deref(), Some("abcdef0000000000000000000000000000000000000000000000000000000000"));
        let (message, snippet, at, _) = error_at("[plugins.acme]\npath = \"a.wasm\"\nsha256 = \"xyz\"\n");
        assert!(message.contains("64 hexadecimal digits"), "{message}");
        assert_eq!((snippet.as_str(), at), ("\"xyz\"", (3, 10)));
        let (_, snippet, _, help) = error_at("[plugins.acme]\npaht = \"a.wasm\"\n");
        assert_eq!(snippet, "paht");
        assert!(help.contains("did you mean `path`?"), "{help}");
    }

    #[test]
    fn overrides_apply_regulations() {
        let text = "[[overrides]]\nincident-type = [\"security\"]\nregulations = [\"GDPR\", \" nis2\"]\n";
        let policy = Policy::parse(text, Some(Path::new("/nonexistent/rules.toml"))).unwrap();
        assert_eq!(policy.overrides[0].regulations, ["gdpr", "nis2"]);
        let (message, snippet, _, _) = error_at("[[overrides]]\nincident-type = [\"security\"]\nregulations = \"gdpr\"\n");
        assert!(message.contains("list"), "{message}");
        assert_eq!(snippet, "\"gdpr\"");
    }

    #[test]
    fn overrides_need_a_condition_and_match_files_and_types() {
        let text = "[[overrides]]\nfiles = [\"2019/**\", \"*-draft.md\"]\n[overrides.rules.\"structure/placeholder\"]\nseverity = \"off\"\n\n[[overrides]]\nincident-type = [\"security\"]\nrules.\"timeline/gap\".severity = \"error\"\n";
        let policy = Policy::parse(text, Some(Path::new("/nonexistent/rules.toml"))).unwrap();
        assert_eq!(policy.overrides.len(), 2);
        let (old, security) = (&policy.overrides[0], &policy.overrides[1]);
        assert!(old.applies(Path::new("/nonexistent/2019/a.md"), None, None));
        assert!(old.applies(Path::new("/nonexistent/2026/x/y-draft.md"), None, None));
        assert!(!old.applies(Path::new("/nonexistent/2026/a.md"), None, None));
        assert!(security.applies(Path::new("/nonexistent/2026/a.md"), Some("Security"), None));
        assert!(!security.applies(Path::new("/nonexistent/2026/a.md"), Some("availability"), None));
        assert_eq!(security.rules["timeline/gap"].severity, Some(Level::On(Severity::Error)));
        let (message, _, at, _) = error_at("[[overrides]]\nrules.\"a/b\".severity = \"off\"\n");
        assert!(message.contains("needs `files`, `incident-type` or `severity`"), "{message}");
        assert_eq!(at.0, 1);
    }

    #[test]
    fn extends_layers_files_and_detects_cycles() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("org")).unwrap();
        std::fs::write(
            d.join("org/base.toml"),
            "[policy]\nfail-on = \"warning\"\nname = \"org\"\n\n[rules.\"structure/required-sections\"]\nseverity = \"warning\"\nsections = [\"timeline\"]\n",
        )
        .unwrap();
        std::fs::write(
            d.join("rules.toml"),
            "extends = [\"org/base.toml\"]\n[policy]\nname = \"team\"\n\n[rules.\"structure/required-sections\"]\nseverity = \"error\"\n",
        )
        .unwrap();
        let policy = Policy::load(&d.join("rules.toml")).unwrap();
        assert_eq!(policy.name, "team");
        assert_eq!(policy.fail_on, Severity::Warning);
        let rule = &policy.rules["structure/required-sections"];
        assert_eq!(rule.severity, Some(Level::On(Severity::Error)));
        assert_eq!(rule.options["sections"], serde_json::json!(["timeline"]), "options merge key by key");
        assert!(rule.locate("/sections", false).unwrap().describe().ends_with("base.toml:7:12"));
        assert!(policy.origins["policy.fail-on"].describe().ends_with("base.toml:2:11"));
        assert!(policy.origins["policy.name"].describe().ends_with("rules.toml:3:8"));

        std::fs::write(d.join("org/base.toml"), "extends = [\"../rules.toml\"]\n").unwrap();
        let err = Policy::load(&d.join("rules.toml")).unwrap_err();
        assert!(err.message.contains("`extends` cycle"), "{}", err.message);
        assert!(err.path.unwrap().ends_with("org/base.toml"));
    }
}
