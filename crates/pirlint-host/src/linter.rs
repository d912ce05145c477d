//! The policy engine: loads the plugins a policy asks for, checks the
//! policy's rule settings against what the plugins declare, and runs every
//! enabled rule over a report, turning plugin output into validated findings.

use crate::builtin::BUILTIN_PLUGINS;
use crate::convert;
use crate::finding::{Applicability, Edit, Finding, Fix, LineIndex, Severity};
use crate::policy::{ConfigError, Level, Policy};
use crate::sandbox::{LoadedPlugin, Sandbox, INTERFACE_VERSION};
use crate::wit::wit_types as w;
use pirlint_report::{HeadingMap, ParseOptions, Span};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Rules the host itself reports under; no plugin may declare them.
pub const HOST_PLUGIN: &str = "pirlint";
pub const PARSE_ERROR: &str = "pirlint/parse-error";
pub const PLUGIN_FAILED: &str = "pirlint/plugin-failed";

/// Findings a plugin may return for one report before the host stops
/// reading them (a bound on what a misbehaving plugin can make us print).
const MAX_FINDINGS_PER_PLUGIN: usize = 1000;

#[derive(Clone, Debug)]
pub struct RuleDoc {
    pub id: String,
    pub plugin: String,
    pub summary: String,
    pub documentation: String,
    pub default_severity: Severity,
    pub options_schema: serde_json::Value,
    /// The severity the policy gives it; `None` when off.
    pub severity: Option<Severity>,
    /// Whether the policy set the severity (then per-finding severities from
    /// the plugin are overridden).
    pub severity_from_policy: bool,
    pub options: serde_json::Map<String, serde_json::Value>,
}

struct ActivePlugin {
    name: String,
    loaded: LoadedPlugin,
    /// The enabled rules and their options, as passed to `check`.
    configs: Vec<w::RuleConfig>,
}

pub struct LinterOptions {
    /// The run's "now", RFC 3339; defaults to the current time.
    pub now: Option<String>,
    pub cache_dir: Option<PathBuf>,
    /// Extra plugin components to load (tests and third parties).
    pub extra_plugins: Vec<PathBuf>,
}

impl Default for LinterOptions {
    fn default() -> Self {
        LinterOptions { now: None, cache_dir: crate::cache::CompileCache::default_dir(), extra_plugins: Vec::new() }
    }
}

pub struct Linter {
    sandbox: Sandbox,
    plugins: Vec<ActivePlugin>,
    rules: BTreeMap<String, RuleDoc>,
    parse_options: ParseOptions,
    pub fail_on: Severity,
    pub max_file_bytes: u64,
    now: (String, i64),
}

fn wit_severity(s: w::Severity) -> Severity {
    match s {
        w::Severity::Error => Severity::Error,
        w::Severity::Warning => Severity::Warning,
        w::Severity::Info => Severity::Info,
    }
}

fn to_wit_severity(s: Severity) -> w::Severity {
    match s {
        Severity::Error => w::Severity::Error,
        Severity::Warning => w::Severity::Warning,
        Severity::Info => w::Severity::Info,
    }
}

fn host_rules() -> Vec<RuleDoc> {
    let doc = |id: &str, summary: &str, documentation: &str| RuleDoc {
        id: id.into(),
        plugin: HOST_PLUGIN.into(),
        summary: summary.into(),
        documentation: documentation.into(),
        default_severity: Severity::Error,
        options_schema: serde_json::json!({"type": "object", "additionalProperties": false}),
        severity: Some(Severity::Error),
        severity_from_policy: false,
        options: Default::default(),
    };
    vec![
        doc(
            PARSE_ERROR,
            "The report could not be read as written",
            include_str!("../docs/parse-error.md"),
        ),
        doc(
            PLUGIN_FAILED,
            "A rule plugin failed on this report, so its findings are missing",
            include_str!("../docs/plugin-failed.md"),
        ),
    ]
}

impl Linter {
    /// Loads the policy's plugins and checks its rule settings. Plugins that
    /// fail to load and settings that do not fit are all returned as errors
    /// together; the caller decides whether to go on without them.
    pub fn new(policy: &Policy, options: LinterOptions) -> (Linter, Vec<ConfigError>) {
        let mut errors = Vec::new();
        let sandbox = Sandbox::new(policy.limits, options.cache_dir).expect("the wasmtime configuration is valid");
        let now = resolve_now(options.now.as_deref()).unwrap_or_else(|msg| {
            errors.push(ConfigError::plain(msg));
            resolve_now(None).expect("the clock is readable")
        });

        let mut rules: BTreeMap<String, RuleDoc> = host_rules().into_iter().map(|r| (r.id.clone(), r)).collect();
        let mut plugins = Vec::new();
        let mut candidates: Vec<(String, Vec<u8>)> = BUILTIN_PLUGINS
            .iter()
            .filter(|b| policy.plugins.get(b.name).copied().unwrap_or(true))
            .map(|b| (format!("built-in plugin `{}`", b.name), b.wasm.to_vec()))
            .collect();
        for path in &options.extra_plugins {
            match std::fs::read(path) {
                Ok(bytes) => candidates.push((format!("plugin {}", path.display()), bytes)),
                Err(e) => errors.push(ConfigError::plain(format!("cannot read plugin {}: {e}", path.display()))),
            }
        }
        for (origin, wasm) in candidates {
            match sandbox.load(&wasm) {
                Ok(loaded) => match register(&loaded, &mut rules) {
                    Ok(()) => plugins.push(ActivePlugin { name: loaded.info.name.clone(), loaded, configs: Vec::new() }),
                    Err(msg) => errors.push(ConfigError::plain(format!("{origin} {msg}"))),
                },
                Err(msg) => errors.push(ConfigError::plain(format!("{origin} {msg}"))),
            }
        }

        apply_settings(policy, &mut rules, &mut errors);
        for plugin in &mut plugins {
            plugin.configs = rules
                .values()
                .filter(|r| r.plugin == plugin.name)
                .filter_map(|r| {
                    Some(w::RuleConfig {
                        rule: r.id.clone(),
                        severity: to_wit_severity(r.severity?),
                        options_json: serde_json::Value::Object(r.options.clone()).to_string(),
                    })
                })
                .collect();
        }

        let mut headings = HeadingMap::default();
        for (kind, synonyms) in &policy.sections {
            let synonyms: Vec<&str> = synonyms.iter().map(String::as_str).collect();
            headings = headings.with_synonyms(kind, &synonyms);
        }
        let linter = Linter {
            sandbox,
            plugins,
            rules,
            parse_options: ParseOptions { headings, ..ParseOptions::default() },
            fail_on: policy.fail_on,
            max_file_bytes: policy.max_file_bytes,
            now,
        };
        (linter, errors)
    }

    pub fn rules(&self) -> impl Iterator<Item = &RuleDoc> {
        self.rules.values()
    }

    pub fn rule(&self, id: &str) -> Option<&RuleDoc> {
        self.rules.get(id)
    }

    pub fn plugin_versions(&self) -> impl Iterator<Item = (&str, &str)> {
        self.plugins.iter().map(|p| (p.name.as_str(), p.loaded.info.version.as_str()))
    }

    pub fn now(&self) -> &str {
        &self.now.0
    }

    /// Parses and checks one report. Findings come sorted by position, then
    /// rule, then message, whatever order the plugins returned them in.
    pub fn check(&self, path: &Path, display_path: &str, source: &str) -> Vec<Finding> {
        let parsed = pirlint_report::parse(path, source, &self.parse_options);
        let lines = LineIndex::new(source);
        let mut findings = Vec::new();
        if let Some(severity) = self.severity_of(PARSE_ERROR) {
            for problem in &parsed.problems {
                let span = clamp(problem.span, source);
                findings.push(Finding {
                    rule: PARSE_ERROR.into(),
                    plugin: HOST_PLUGIN.into(),
                    severity,
                    message: problem.message.clone(),
                    primary: lines.label(span, "here".into()),
                    secondary: Vec::new(),
                    help: problem.help.clone(),
                    fixes: Vec::new(),
                });
            }
        }
        let report = convert::report(&parsed.report);
        let context = w::CheckContext { now: self.now.0.clone(), now_utc_seconds: self.now.1, path: display_path.to_owned() };
        for plugin in &self.plugins {
            if plugin.configs.is_empty() {
                continue;
            }
            match self.sandbox.check(&plugin.loaded, &report, source, &plugin.configs, &context) {
                Ok(diagnostics) => self.accept(plugin, diagnostics, source, &lines, &mut findings),
                Err(failure) => findings.push(self.plugin_failed(
                    &plugin.name,
                    format!("plugin `{}` {failure}; its findings for this report are missing", plugin.name),
                    &lines,
                )),
            }
        }
        findings.sort_by(|a, b| {
            (a.primary.span.start, a.primary.span.end, &a.rule, &a.message).cmp(&(
                b.primary.span.start,
                b.primary.span.end,
                &b.rule,
                &b.message,
            ))
        });
        findings
    }

    fn severity_of(&self, rule: &str) -> Option<Severity> {
        self.rules.get(rule).and_then(|r| r.severity)
    }

    fn plugin_failed(&self, plugin: &str, message: String, lines: &LineIndex) -> Finding {
        Finding {
            rule: PLUGIN_FAILED.into(),
            plugin: plugin.into(),
            severity: self.severity_of(PLUGIN_FAILED).unwrap_or(Severity::Error),
            message,
            primary: lines.label(Span::default(), String::new()),
            secondary: Vec::new(),
            help: Some(format!(
                "this is a fault in the plugin, not in the report: report it to the plugin's authors, or switch the plugin off with `[plugins] {plugin} = false` in rules.toml"
            )),
            fixes: Vec::new(),
        }
    }

    /// Validates what a plugin returned. Invalid findings are dropped and
    /// reported once as a plugin failure; the valid ones are kept.
    fn accept(
        &self,
        plugin: &ActivePlugin,
        diagnostics: Vec<w::Diagnostic>,
        source: &str,
        lines: &LineIndex,
        findings: &mut Vec<Finding>,
    ) {
        let mut problems: Vec<String> = Vec::new();
        if diagnostics.len() > MAX_FINDINGS_PER_PLUGIN {
            problems.push(format!(
                "returned {} findings, more than the {MAX_FINDINGS_PER_PLUGIN} allowed for one report; the rest were dropped",
                diagnostics.len()
            ));
        }
        for diagnostic in diagnostics.into_iter().take(MAX_FINDINGS_PER_PLUGIN) {
            let Some(rule) = self.rules.get(&diagnostic.rule).filter(|r| r.plugin == plugin.name) else {
                problems.push(format!("returned a finding for rule `{}`, which it did not declare", diagnostic.rule));
                continue;
            };
            let Some(configured) = rule.severity else {
                continue; // switched off by the policy: the host has the last word
            };
            if let Err(problem) = validate_spans(&diagnostic, source) {
                problems.push(format!("returned a finding for `{}` with {problem}", diagnostic.rule));
                continue;
            }
            if diagnostic.message.trim().is_empty() {
                problems.push(format!("returned a finding for `{}` with an empty message", diagnostic.rule));
                continue;
            }
            let severity = match diagnostic.severity {
                Some(s) if !rule.severity_from_policy => wit_severity(s),
                _ => configured,
            };
            let label = |l: &w::Label| lines.label(Span { start: l.span.start, end: l.span.end }, l.message.clone());
            findings.push(Finding {
                rule: diagnostic.rule.clone(),
                plugin: plugin.name.clone(),
                severity,
                message: diagnostic.message.clone(),
                primary: label(&diagnostic.primary),
                secondary: diagnostic.secondary.iter().map(label).collect(),
                help: diagnostic.help.clone(),
                fixes: diagnostic
                    .fixes
                    .iter()
                    .map(|f| Fix {
                        description: f.description.clone(),
                        applicability: match f.applicability {
                            w::Applicability::Safe => Applicability::Safe,
                            w::Applicability::Unsafe => Applicability::Unsafe,
                        },
                        edits: f
                            .edits
                            .iter()
                            .map(|e| Edit { span: Span { start: e.span.start, end: e.span.end }, replacement: e.replacement.clone() })
                            .collect(),
                    })
                    .collect(),
            });
        }
        if !problems.is_empty() {
            problems.dedup();
            let shown = problems.iter().take(3).cloned().collect::<Vec<_>>().join("; ");
            let more = if problems.len() > 3 { format!(" (and {} more)", problems.len() - 3) } else { String::new() };
            findings.push(self.plugin_failed(
                &plugin.name,
                format!("plugin `{}` returned invalid output: {shown}{more}", plugin.name),
                lines,
            ));
        }
    }
}

fn clamp(span: Span, source: &str) -> Span {
    let mut start = (span.start as usize).min(source.len());
    while !source.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (span.end as usize).clamp(start, source.len());
    while !source.is_char_boundary(end) {
        end += 1;
    }
    Span::new(start, end)
}

fn validate_spans(diagnostic: &w::Diagnostic, source: &str) -> Result<(), String> {
    let check = |span: &w::Span| -> Result<(), String> {
        let (start, end) = (span.start as usize, span.end as usize);
        if start > end || end > source.len() {
            return Err(format!("span {start}..{end} outside the report, which is {} bytes long", source.len()));
        }
        if !source.is_char_boundary(start) || !source.is_char_boundary(end) {
            return Err(format!("span {start}..{end} that cuts through a UTF-8 character"));
        }
        Ok(())
    };
    check(&diagnostic.primary.span)?;
    diagnostic.secondary.iter().try_for_each(|l| check(&l.span))?;
    diagnostic.fixes.iter().flat_map(|f| &f.edits).try_for_each(|e| check(&e.span))
}

/// Checks what a plugin declared and adds its rules.
fn register(loaded: &LoadedPlugin, rules: &mut BTreeMap<String, RuleDoc>) -> Result<(), String> {
    let info = &loaded.info;
    if info.interface_version != INTERFACE_VERSION {
        return Err(format!(
            "speaks plugin interface version {}, but this pirlint speaks version {INTERFACE_VERSION}",
            info.interface_version
        ));
    }
    let valid_name = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !valid_name(&info.name) || info.name == HOST_PLUGIN {
        return Err(format!("has an invalid name `{}` (lowercase letters, digits and `-`; `pirlint` is reserved)", info.name));
    }
    let mut declared = Vec::new();
    for rule in &info.rules {
        let local = rule.id.strip_prefix(&format!("{}/", info.name)).filter(|l| valid_name(l));
        if local.is_none() {
            return Err(format!("declares rule `{}`, which is not of the form `{}/rule-name`", rule.id, info.name));
        }
        if rules.contains_key(&rule.id) {
            return Err(format!("declares rule `{}`, which another plugin already declares", rule.id));
        }
        let schema: serde_json::Value = serde_json::from_str(&rule.options_schema)
            .map_err(|e| format!("declares an options schema for `{}` that is not JSON: {e}", rule.id))?;
        jsonschema::validator_for(&schema)
            .map_err(|e| format!("declares an invalid options schema for `{}`: {e}", rule.id))?;
        let severity = wit_severity(rule.default_severity);
        declared.push(RuleDoc {
            id: rule.id.clone(),
            plugin: info.name.clone(),
            summary: rule.summary.clone(),
            documentation: rule.documentation.clone(),
            default_severity: severity,
            options_schema: schema,
            severity: Some(severity),
            severity_from_policy: false,
            options: Default::default(),
        });
    }
    rules.extend(declared.into_iter().map(|r| (r.id.clone(), r)));
    Ok(())
}

/// Applies the policy's `[rules]` settings, validating options against each
/// rule's schema.
fn apply_settings(policy: &Policy, rules: &mut BTreeMap<String, RuleDoc>, errors: &mut Vec<ConfigError>) {
    let error = |message: String, span: Option<std::ops::Range<usize>>, help: Option<String>| ConfigError {
        path: policy.path.clone(),
        source_text: policy.source_text.clone(),
        message,
        span,
        help,
    };
    let known: Vec<String> = rules.keys().cloned().collect();
    for (id, setting) in &policy.rules {
        let Some(rule) = rules.get_mut(id) else {
            let help = closest(id, &known)
                .map(|s| format!("did you mean `{s}`?"))
                .or(Some("`pirlint rules` lists every rule".into()));
            errors.push(error(format!("unknown rule `{id}`"), setting.span.clone(), help));
            continue;
        };
        match setting.severity {
            Some(Level::Off) => {
                rule.severity = None;
                rule.severity_from_policy = true;
            }
            Some(Level::On(s)) => {
                rule.severity = Some(s);
                rule.severity_from_policy = true;
            }
            None => {}
        }
        let options = serde_json::Value::Object(setting.options.clone());
        let validator = jsonschema::validator_for(&rule.options_schema).expect("checked when the plugin loaded");
        let mut invalid = false;
        for problem in validator.iter_errors(&options) {
            invalid = true;
            let pointer = problem.instance_path.to_string();
            let key = pointer.trim_start_matches('/').split('/').next().unwrap_or("").to_owned();
            let span = setting
                .span
                .clone()
                .and_then(|range| {
                    policy.source_text.as_deref().and_then(|t| crate::policy::find_key_in(t, range, &key))
                })
                .or(setting.span.clone());
            let allowed = rule.options_schema.get("properties").and_then(|p| p.as_object()).map(|props| {
                props.keys().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
            });
            let help = allowed.map(|a| {
                if a.is_empty() {
                    format!("`{id}` takes no options; `pirlint explain {id}` shows its documentation")
                } else {
                    format!("`{id}` takes: {a} (and `severity`); `pirlint explain {id}` documents them")
                }
            });
            errors.push(error(format!("rule `{id}`: invalid option{}: {problem}", if pointer.is_empty() { String::new() } else { format!(" `{}`", pointer.trim_start_matches('/')) }), span, help));
        }
        if !invalid {
            rule.options = setting.options.clone();
        }
    }
}

/// The known name closest to `name`, if close enough to be a likely typo.
fn closest<'a>(name: &str, known: &'a [String]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (edit_distance(name, k), k))
        .filter(|(d, k)| *d <= (k.len() / 3).max(2))
        .min()
        .map(|(_, k)| k.as_str())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1).min(row[j] + 1).min(prev + usize::from(ca != *cb));
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

fn resolve_now(now: Option<&str>) -> Result<(String, i64), String> {
    let timestamp = match now {
        Some(text) => text
            .parse::<jiff::Timestamp>()
            .or_else(|_| format!("{text}T00:00:00Z").parse::<jiff::Timestamp>())
            .map_err(|e| format!("invalid --now `{text}`: {e} (use RFC 3339, e.g. 2026-03-05T12:00:00Z, or a date)"))?,
        None => jiff::Timestamp::now(),
    };
    let seconds = timestamp.as_second();
    let rounded = jiff::Timestamp::from_second(seconds).expect("in range");
    Ok((rounded.to_string(), seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_rule() {
        let known = vec!["structure/placeholder".to_string(), "structure/empty-section".to_string()];
        assert_eq!(closest("structure/placeholders", &known), Some("structure/placeholder"));
        assert_eq!(closest("timeline/gaps", &known), None);
    }

    #[test]
    fn now_accepts_rfc3339_and_dates() {
        assert_eq!(resolve_now(Some("2026-03-05T12:00:00Z")).unwrap(), ("2026-03-05T12:00:00Z".into(), 1772712000));
        assert_eq!(resolve_now(Some("2026-03-05")).unwrap().0, "2026-03-05T00:00:00Z");
        assert!(resolve_now(Some("yesterday")).unwrap_err().contains("invalid --now"));
    }
}
