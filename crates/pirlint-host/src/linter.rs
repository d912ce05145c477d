//! The policy engine: loads the plugins a policy asks for, checks the
//! policy's rule settings against what the plugins declare, and runs every
//! enabled rule over a report, turning plugin output into validated findings.
//! After the plugins, the suppressions written in the report are applied
//! (see `suppress.rs`).

use crate::builtin::BUILTIN_PLUGINS;
use crate::convert;
use crate::finding::{Applicability, Edit, Finding, Fix, LineIndex, Severity};
use crate::policy::{closest, ConfigError, Level, Origin, Override, Policy, RuleSetting};
use crate::sandbox::{LoadedPlugin, Sandbox, INTERFACE_VERSION};
use crate::suppress;
use crate::wit::wit_types as w;
use pirlint_report::{HeadingMap, ParseOptions, SourceFormat, Span};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Rules the host itself reports under; no plugin may declare them.
pub const HOST_PLUGIN: &str = "pirlint";
pub const PARSE_ERROR: &str = "pirlint/parse-error";
pub const PLUGIN_FAILED: &str = "pirlint/plugin-failed";
pub const SUPPRESSION_WITHOUT_REASON: &str = "pirlint/suppression-without-reason";
pub const UNUSED_SUPPRESSION: &str = "pirlint/unused-suppression";
pub const INVALID_SUPPRESSION: &str = "pirlint/invalid-suppression";
pub const LANGUAGE: &str = "pirlint/language";
pub const UNKNOWN_SEVERITY: &str = "pirlint/unknown-severity";

/// Plugins whose rules match English phrases: not run on a report that is
/// not in English (one `pirlint/language` note says so).
const LANGUAGE_PLUGINS: &[&str] = &["blameless", "questions"];

/// Findings a plugin may return for one report before the host stops
/// reading them (a bound on what a misbehaving plugin can make us print).
/// The host's own findings about a report's suppressions have the same cap.
const MAX_FINDINGS_PER_PLUGIN: usize = 1000;

// What one finding may carry. The built-in plugins stay far below each
// (their longest message is about 400 bytes, their most labels 6, their
// largest fix 40 edits); the caps bound what a misbehaving plugin can make
// every output format print, and what it cuts is said in one note.
/// Secondary labels kept per finding.
const MAX_LABELS_PER_FINDING: usize = 16;
/// Fixes kept per finding.
const MAX_FIXES_PER_FINDING: usize = 8;
/// A fix with more edits, or a longer replacement, is dropped whole: a
/// fix cut short would apply half a change.
const MAX_EDITS_PER_FIX: usize = 1000;
const MAX_REPLACEMENT_BYTES: usize = 64 << 10;
/// Messages, help, label messages and fix descriptions are shortened to
/// this many bytes (on a character boundary, ending in `…`).
const MAX_TEXT_BYTES: usize = 4 << 10;
/// All the text one plugin call returns for one report; findings past it
/// are dropped.
const MAX_OUTPUT_BYTES_PER_CALL: usize = 4 << 20;

/// Shortens `text` to at most `max` bytes, ending in `…`; whether it did.
fn shorten(text: &mut String, max: usize) -> bool {
    if text.len() <= max {
        return false;
    }
    let mut end = max - '…'.len_utf8();
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text.push('…');
    true
}

/// What [`Linter::accept`] cut from one plugin's output for one report.
#[derive(Default)]
struct Cuts {
    labels: usize,
    fixes: usize,
    shortened: usize,
    over_budget: usize,
}

impl Cuts {
    /// `text`, shortened to [`MAX_TEXT_BYTES`] if need be (and counted).
    fn text(&mut self, mut text: String) -> String {
        self.shortened += usize::from(shorten(&mut text, MAX_TEXT_BYTES));
        text
    }

    fn describe(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.labels > 0 {
            parts.push(format!("{} secondary labels past {MAX_LABELS_PER_FINDING} per finding", self.labels));
        }
        if self.fixes > 0 {
            parts.push(format!(
                "{} fixes (past {MAX_FIXES_PER_FINDING} per finding, or with more than {MAX_EDITS_PER_FIX} edits or a replacement over {} KiB)",
                self.fixes,
                MAX_REPLACEMENT_BYTES >> 10
            ));
        }
        if self.shortened > 0 {
            parts.push(format!("{} texts shortened to {} KiB", self.shortened, MAX_TEXT_BYTES >> 10));
        }
        if self.over_budget > 0 {
            parts.push(format!(
                "{} findings past the {} MiB of text one plugin may return for a report (bytes)",
                self.over_budget,
                MAX_OUTPUT_BYTES_PER_CALL >> 20
            ));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

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
    /// Where the severity was set (`file:line:column`), when the policy set it.
    pub severity_origin: Option<String>,
    /// Where each option was set, by option name.
    pub option_origins: BTreeMap<String, String>,
    /// Whether the rule's findings can carry fixes.
    pub fixable: bool,
    /// The ids the rule had before (a policy or suppression naming one
    /// applies to this rule).
    pub former_ids: Vec<String>,
}

struct ActivePlugin {
    name: String,
    loaded: LoadedPlugin,
}

/// The rules' severities and options for one set of applicable overrides,
/// with the configs passed to each plugin's `check`.
pub struct RuleSet {
    pub rules: BTreeMap<String, RuleDoc>,
    /// Per plugin (same order as `Linter::plugins`).
    configs: Vec<Vec<w::RuleConfig>>,
    /// Indexes of the overrides applied, in order.
    pub overrides: Vec<usize>,
}

pub struct LinterOptions {
    /// The run's "now", RFC 3339; defaults to the current time.
    pub now: Option<String>,
    /// The compile cache; `None` compiles plugins in memory on every run.
    pub cache: Option<crate::cache::CacheLocation>,
    /// Extra plugin components to load (trusted local development and
    /// tests): no pin is required.
    pub extra_plugins: Vec<PathBuf>,
}

impl Default for LinterOptions {
    fn default() -> Self {
        LinterOptions { now: None, cache: crate::cache::CacheLocation::default_location(), extra_plugins: Vec::new() }
    }
}

pub struct Linter {
    sandbox: Sandbox,
    plugins: Vec<ActivePlugin>,
    base: Arc<RuleSet>,
    overrides: Vec<Override>,
    /// Rule sets by the combination of overrides that apply, built on first
    /// use: a run pays for each combination once, not per report.
    cache: Mutex<HashMap<Vec<usize>, Arc<RuleSet>>>,
    parse_options: ParseOptions,
    pub fail_on: Severity,
    pub max_file_bytes: u64,
    now: (String, i64),
    plugin_log: Option<PluginLog>,
    /// The heading table plugins receive (`check-context.headings`).
    headings: crate::sandbox::HeadingTable,
    /// Warnings about policy settings naming a rule by a former id.
    renamed: Vec<String>,
    /// The policy's severity scale (`[severity]`).
    severity: crate::severity::SeverityScale,
}

/// Where what a plugin printed during a successful `check` call goes
/// (`--plugin-log`): called with the plugin's name, the report's display
/// path and the output, once per call that printed anything, in plugin
/// order within a report. Output of a failed call is in its
/// `plugin-failed` finding instead.
pub type PluginLog = Arc<dyn Fn(&str, &str, &str) + Send + Sync>;

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

fn host_rules(policy: &Policy) -> Vec<RuleDoc> {
    let doc = |id: &str, severity: Severity, summary: &str, documentation: &str| RuleDoc {
        id: id.into(),
        plugin: HOST_PLUGIN.into(),
        summary: summary.into(),
        documentation: documentation.into(),
        default_severity: severity,
        options_schema: serde_json::json!({"type": "object", "additionalProperties": false}),
        severity: Some(severity),
        severity_from_policy: false,
        options: Default::default(),
        severity_origin: None,
        option_origins: BTreeMap::new(),
        fixable: false,
        former_ids: Vec::new(),
    };
    let mut without_reason = doc(
        SUPPRESSION_WITHOUT_REASON,
        Severity::Error,
        "A suppression comment in the report gives no reason",
        include_str!("../docs/suppression-without-reason.md"),
    );
    if !policy.require_suppression_reason {
        without_reason.severity = None;
        without_reason.severity_from_policy = true;
        without_reason.severity_origin = policy.origins.get("policy.require-suppression-reason").map(Origin::describe);
    }
    vec![
        doc(PARSE_ERROR, Severity::Error, "The report could not be read as written", include_str!("../docs/parse-error.md")),
        doc(
            PLUGIN_FAILED,
            Severity::Error,
            "A rule plugin failed on this report, so its findings are missing",
            include_str!("../docs/plugin-failed.md"),
        ),
        without_reason,
        doc(
            UNUSED_SUPPRESSION,
            Severity::Warning,
            "A suppression in the report suppresses nothing",
            include_str!("../docs/unused-suppression.md"),
        ),
        doc(
            INVALID_SUPPRESSION,
            Severity::Warning,
            "A suppression in the report is malformed or names an unknown rule",
            include_str!("../docs/invalid-suppression.md"),
        ),
        doc(
            UNKNOWN_SEVERITY,
            Severity::Warning,
            "The report's severity is not a level or alias of the policy's severity scale",
            include_str!("../docs/unknown-severity.md"),
        ),
        doc(
            LANGUAGE,
            Severity::Info,
            "The report is not in English, so the language rules were not run on it",
            include_str!("../docs/language.md"),
        ),
    ]
}

/// A plugin starting or ending its load, for a progress display: on a
/// miss of the compile cache a 12–19 MB Python or JavaScript component
/// takes 20–45 s to compile, while a hit takes milliseconds, so a load
/// still running after a second is a compilation. The host prints nothing
/// itself; the caller decides what to show (the CLI: `progress.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PluginLoad<'a> {
    /// `plugin` describes it for people ("built-in plugin `structure`",
    /// "plugin `name` (path)"); `bytes` is the component's size.
    Started { plugin: &'a str, bytes: usize },
    Finished { plugin: &'a str, elapsed: std::time::Duration },
}

impl Linter {
    /// Loads the policy's plugins and checks its rule settings. Plugins that
    /// fail to load and settings that do not fit are all returned as errors
    /// together; the caller decides whether to go on without them.
    pub fn new(policy: &Policy, options: LinterOptions) -> (Linter, Vec<ConfigError>) {
        Self::new_reporting_loads(policy, options, &|_| {})
    }

    /// [`Linter::new`], telling `on_load` when each plugin starts and ends
    /// loading (from the loading threads, plugins loading in parallel).
    pub fn new_reporting_loads(
        policy: &Policy,
        options: LinterOptions,
        on_load: &(dyn Fn(PluginLoad<'_>) + Sync),
    ) -> (Linter, Vec<ConfigError>) {
        let mut errors = Vec::new();
        let sandbox = Sandbox::new(policy.limits, options.cache.as_ref()).expect("the wasmtime configuration is valid");
        let now = resolve_now(options.now.as_deref()).unwrap_or_else(|msg| {
            errors.push(ConfigError::plain(msg));
            resolve_now(None).expect("the clock is readable")
        });

        let mut rules: BTreeMap<String, RuleDoc> = host_rules(policy).into_iter().map(|r| (r.id.clone(), r)).collect();
        let mut plugins = Vec::new();
        let builtin_names: Vec<&str> = BUILTIN_PLUGINS.iter().map(|b| b.name).collect();
        for name in policy.plugins.keys() {
            if !builtin_names.contains(&name.as_str()) {
                let origin = policy.origins.get(&format!("plugins.{name}"));
                let help = match closest(name, builtin_names.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`? built-in plugins: {}", builtin_names.join(", ")),
                    None => format!(
                        "built-in plugins: {}; a third-party plugin is a table: [plugins.{name}] with `path` and `sha256`",
                        builtin_names.join(", ")
                    ),
                };
                let message = format!("unknown built-in plugin `{name}`");
                errors.push(match origin {
                    Some(o) => o.error(message, Some(help)),
                    None => ConfigError { help: Some(help), ..ConfigError::plain(message) },
                });
            }
        }
        // (origin for messages, bytes, the name the policy expects it to have)
        // Built-in plugins are borrowed from the binary, never copied.
        // (..., whether built in, its SHA-256 when known at build time)
        type Candidate = (String, std::borrow::Cow<'static, [u8]>, Option<(String, Origin)>, bool, Option<&'static str>);
        let mut candidates: Vec<Candidate> = BUILTIN_PLUGINS
            .iter()
            .filter(|b| policy.plugins.get(b.name).copied().unwrap_or(true))
            .map(|b| (format!("built-in plugin `{}`", b.name), b.wasm.into(), None, true, Some(b.sha256())))
            .collect();
        for (name, file) in &policy.plugin_files {
            if builtin_names.contains(&name.as_str()) {
                errors.push(file.origin.error(
                    format!("[plugins.{name}] takes the name of a built-in plugin; refusing to load {}", file.path.display()),
                    Some(format!("a third-party plugin needs a name of its own; `{name} = true` or `false` switches the built-in one")),
                ));
                continue;
            }
            if let Some(bytes) = pinned_plugin(name, file, &mut errors) {
                candidates.push((
                    format!("plugin `{name}` ({})", file.path.display()),
                    bytes.into(),
                    Some((name.clone(), file.origin.clone())),
                    false,
                    None,
                ));
            }
        }
        for path in &options.extra_plugins {
            match pirlint_report::input::read_bytes(path, MAX_PLUGIN_BYTES) {
                Ok(bytes) => candidates.push((format!("plugin {}", path.display()), bytes.into(), None, false, None)),
                Err(e) => errors.push(ConfigError::plain(format!("plugin {} {e}", path.display()))),
            }
        }
        // Loading is independent per plugin (mapping compiled code, calling
        // `describe`), so plugins load in parallel; they are registered in
        // order, so rule ids and errors do not depend on timing.
        let loads: Vec<Result<LoadedPlugin, String>> = candidates
            .par_iter()
            .map(|(origin, wasm, _, _, sha256)| {
                on_load(PluginLoad::Started { plugin: origin, bytes: wasm.len() });
                let started = std::time::Instant::now();
                let loaded = match sha256 {
                    Some(sha256) => sandbox.load_hashed(wasm, (*sha256).to_owned()),
                    None => sandbox.load(wasm),
                };
                on_load(PluginLoad::Finished { plugin: origin, elapsed: started.elapsed() });
                loaded
            })
            .collect();
        for ((origin, _, expected, builtin, _), load) in candidates.into_iter().zip(loads) {
            match load {
                Ok(loaded) => {
                    if let Some((name, at)) = &expected {
                        if &loaded.info.name != name {
                            errors.push(at.error(
                                format!("{origin} calls itself `{}`, not `{name}`", loaded.info.name),
                                Some(format!(
                                    "name the table after the plugin: [plugins.{}] (its rules are `{}/...`)",
                                    loaded.info.name, loaded.info.name
                                )),
                            ));
                            continue;
                        }
                    }
                    let loaded_names: Vec<&str> = plugins.iter().map(|p: &ActivePlugin| p.name.as_str()).collect();
                    match register(&loaded, &mut rules, &loaded_names, builtin) {
                        Ok(()) => plugins.push(ActivePlugin { name: loaded.info.name.clone(), loaded }),
                        Err(msg) => {
                            let message = format!("{origin} {msg}");
                            errors.push(match &expected {
                                Some((_, at)) => at.error(message, None),
                                None => ConfigError::plain(message),
                            });
                        }
                    }
                }
                Err(msg) => {
                    let message = format!("{origin} {msg}");
                    errors.push(match &expected {
                        Some((_, at)) => at.error(message, None),
                        None => ConfigError::plain(message),
                    });
                }
            }
        }

        // Option validators are compiled only for rules the policy sets,
        // once each (the base and every override share them).
        // `[rules."OLD"]` of a renamed rule: applied to the new id, said.
        let mut renamed = Vec::new();
        let mut validators = OptionValidators { compiled: HashMap::new(), known_valid: sandbox.cache() };
        for (id, setting) in &policy.rules {
            apply_setting(policy, &mut rules, id, setting, &mut validators, &mut errors, &mut renamed);
        }
        // Each override is checked once against the base, so its mistakes are
        // reported when the policy loads, not per report.
        let mut overrides = policy.overrides.clone();
        for o in &mut overrides {
            let mut scratch = rules.clone();
            let mut valid = BTreeMap::new();
            for (id, setting) in &o.rules {
                let before = errors.len();
                let id = apply_setting(policy, &mut scratch, id, setting, &mut validators, &mut errors, &mut renamed);
                if errors.len() == before {
                    valid.insert(id, setting.clone());
                }
            }
            o.rules = valid;
        }

        let mut headings = HeadingMap::default();
        for (kind, synonyms) in &policy.sections {
            let synonyms: Vec<&str> = synonyms.iter().map(String::as_str).collect();
            headings = headings.with_synonyms(kind, &synonyms);
        }
        let base = Arc::new(rule_set(&plugins, rules, Vec::new()));
        // Each linter's table has its own id, so that an instance never
        // keeps a table another policy sent it.
        static TABLES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let heading_table = crate::sandbox::HeadingTable {
            id: TABLES.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            kinds: convert::headings(policy.sections.iter().map(|(k, v)| (k.as_str(), v.as_slice()))),
        };
        let linter = Linter {
            sandbox,
            plugins,
            base,
            overrides,
            cache: Mutex::new(HashMap::new()),
            parse_options: ParseOptions {
                headings,
                date_order: policy.date_order,
                zone_aliases: policy.zone_aliases.clone(),
                ..ParseOptions::default()
            },
            fail_on: policy.fail_on,
            max_file_bytes: policy.max_file_bytes,
            now,
            plugin_log: None,
            headings: heading_table,
            renamed,
            severity: policy.severity.clone(),
        };
        (linter, errors)
    }

    /// Hands what plugins print during successful calls to `log` (only
    /// components that import WASI can print).
    pub fn with_plugin_log(mut self, log: PluginLog) -> Self {
        self.plugin_log = Some(log);
        self
    }

    /// The model pirlint builds of a report under this policy (its heading
    /// synonyms, zone and date order), as the plugins receive it.
    pub fn parse(&self, path: &Path, source: &str) -> pirlint_report::Parsed {
        pirlint_report::parse(path, source, &self.parse_options)
    }

    /// Every rule with the severity and options of the policy (before any
    /// `[[overrides]]`).
    pub fn rules(&self) -> impl Iterator<Item = &RuleDoc> {
        self.base.rules.values()
    }

    pub fn rule(&self, id: &str) -> Option<&RuleDoc> {
        self.base.rules.get(id)
    }

    /// Things the user should know that do not stop the run: today, why the
    /// compile cache is not used.
    pub fn warnings(&self) -> Vec<String> {
        self.sandbox
            .cache_refused()
            .map(|why| format!("not using the compiled-plugin cache: {why}; compiling plugins in memory (see SECURITY.md)"))
            .into_iter()
            .chain(self.renamed.iter().cloned())
            .collect()
    }

    /// The most memory plugin calls running at once reserved in this run
    /// (never above `[limits] total-memory-mib`).
    pub fn peak_reserved_memory(&self) -> usize {
        self.sandbox.peak_reserved_memory()
    }

    /// The fuel and memory limits every plugin call runs under.
    pub fn limits(&self) -> crate::sandbox::Limits {
        self.sandbox.limits()
    }

    /// Each plugin's `check` totals so far, in load order.
    pub fn plugin_stats(&self) -> impl Iterator<Item = (&str, crate::sandbox::CallTotals)> {
        self.plugins.iter().map(|p| (p.name.as_str(), p.loaded.stats()))
    }

    pub fn plugin_versions(&self) -> impl Iterator<Item = (&str, &str)> {
        self.plugins.iter().map(|p| (p.name.as_str(), p.loaded.info.version.as_str()))
    }

    pub fn now(&self) -> &str {
        &self.now.0
    }

    pub fn overrides(&self) -> &[Override] {
        &self.overrides
    }

    /// The policy's severity scale.
    pub fn severity_scale(&self) -> &crate::severity::SeverityScale {
        &self.severity
    }

    /// A report's severity (front matter `severity`) placed on the policy's
    /// scale: its level's name and rank (1 = most severe). `None` without a
    /// severity, or with one the scale does not know (reported as
    /// `pirlint/unknown-severity`). What overrides match, plugins receive
    /// and the audit can group by.
    pub fn report_severity(&self, report: &pirlint_report::Report) -> Option<crate::severity::ReportSeverity> {
        self.severity.resolve(&report.metadata.severity.as_ref()?.value)
    }

    /// The regulations that apply to a report: those its front matter
    /// declares (`regulations`), then those the `[[overrides]]` in `set`
    /// apply (`regulations = ["gdpr"]`), lowercased and without repeats.
    /// What the `compliance` plugin receives in `check-context` and the
    /// audit counts reports in scope by.
    pub fn regulations(&self, set: &RuleSet, report: &pirlint_report::Report) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let declared = report.metadata.regulations.iter().map(|t| t.value.trim().to_ascii_lowercase());
        let applied = set.overrides.iter().filter_map(|&i| self.overrides.get(i)).flat_map(|o| o.regulations.iter().cloned());
        for r in declared.chain(applied) {
            if !r.is_empty() && !out.contains(&r) {
                out.push(r);
            }
        }
        out
    }

    /// The rules as they apply to one report: after the `[[overrides]]`
    /// matching its path, incident type and severity.
    pub fn rules_for(&self, path: &Path, source: &str) -> Arc<RuleSet> {
        let parsed = pirlint_report::parse(path, source, &self.parse_options);
        self.rule_set_for(path, &parsed.report)
    }

    /// The rules as they apply to an already parsed report (what
    /// [`Linter::check_parsed`] used for it): for callers that need the
    /// per-report rule set without parsing the report again, such as the
    /// audit's regulations view ([`Linter::regulations`], the rules on).
    pub fn rules_for_report(&self, path: &Path, report: &pirlint_report::Report) -> Arc<RuleSet> {
        self.rule_set_for(path, report)
    }

    fn rule_set_for(&self, path: &Path, report: &pirlint_report::Report) -> Arc<RuleSet> {
        let incident_type = report.metadata.incident_type.as_ref().map(|t| t.value.as_str());
        let rank = self.report_severity(report).map(|s| s.rank);
        let applicable: Vec<usize> =
            self.overrides.iter().enumerate().filter(|(_, o)| o.applies(path, incident_type, rank)).map(|(i, _)| i).collect();
        if applicable.is_empty() {
            return self.base.clone();
        }
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .entry(applicable.clone())
            .or_insert_with(|| {
                let mut rules = self.base.rules.clone();
                for &i in &applicable {
                    for (id, setting) in &self.overrides[i].rules {
                        if let Some(rule) = rules.get_mut(id) {
                            merge_into(rule, setting);
                        }
                    }
                }
                Arc::new(rule_set(&self.plugins, rules, applicable))
            })
            .clone()
    }

    /// Parses and checks one report. Findings come sorted by position, then
    /// rule, then message, whatever order the plugins returned them in.
    pub fn check(&self, path: &Path, display_path: &str, source: &str) -> Vec<Finding> {
        self.check_parsed(path, display_path, source).1
    }

    /// Like [`Linter::check`], and also returns the parsed report, for
    /// callers that need the model too (the audit) without parsing twice.
    pub fn check_parsed(&self, path: &Path, display_path: &str, source: &str) -> (pirlint_report::Parsed, Vec<Finding>) {
        let parsed = pirlint_report::parse(path, source, &self.parse_options);
        let set = self.rule_set_for(path, &parsed.report);
        let lines = LineIndex::new(source);
        let mut findings = Vec::new();
        if let (Some(value), Some(severity)) = (&parsed.report.metadata.severity, severity_of(&set, UNKNOWN_SEVERITY)) {
            if self.severity.is_unknown(&value.value) {
                let span = clamp(value.span, source);
                findings.push(Finding {
                    rule: UNKNOWN_SEVERITY.into(),
                    plugin: HOST_PLUGIN.into(),
                    severity,
                    message: format!(
                        "severity `{}` is not on the policy's severity scale ({})",
                        value.value.trim(),
                        self.severity.describe_levels()
                    ),
                    primary: lines.label(span, "not a level or alias of the scale".into()),
                    secondary: Vec::new(),
                    help: Some(format!(
                        "Overrides by severity and severity-based deadlines do not apply to this report until its severity is placed. \
                         Write one of the scale's levels or aliases — {} — or, if this is a name your organization uses, add it to the \
                         policy: `[severity.aliases]` maps names onto the levels (`pirlint explain {UNKNOWN_SEVERITY}`).",
                        self.severity.describe()
                    )),
                    fixes: Vec::new(),
                });
            }
        }
        if let Some(severity) = severity_of(&set, PARSE_ERROR) {
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
        // A report in another language: the language rules would only
        // guess. Said once, at the start of the report.
        let language_rules_on = self
            .plugins
            .iter()
            .zip(&set.configs)
            .any(|(p, c)| !c.is_empty() && LANGUAGE_PLUGINS.contains(&p.name.as_str()));
        let english = !language_rules_on || pirlint_report::language::is_english(&parsed.report, source) != Some(false);
        if !english {
            if let Some(severity) = severity_of(&set, LANGUAGE) {
                let skipped: Vec<&str> = self
                    .plugins
                    .iter()
                    .zip(&set.configs)
                    .filter(|(p, c)| !c.is_empty() && LANGUAGE_PLUGINS.contains(&p.name.as_str()))
                    .map(|(p, _)| p.name.as_str())
                    .collect();
                if !skipped.is_empty() {
                    let first = clamp(pirlint_report::Span::new(0, source.find('\n').unwrap_or(source.len())), source);
                    findings.push(Finding {
                        rule: LANGUAGE.into(),
                        plugin: HOST_PLUGIN.into(),
                        severity,
                        message: format!("the report is not in English: the {} rules were not run on it", skipped.join(" and ")),
                        primary: lines.label(first, "in this report".into()),
                        secondary: Vec::new(),
                        help: Some("Their phrase lists are English; on another language they would only guess. Switch this note off with `[rules.\"pirlint/language\"] severity = \"off\"`.".into()),
                        fixes: Vec::new(),
                    });
                }
            }
        }
        let (report, dates) =
            convert::report(&parsed, source, &self.headings.kinds, self.parse_options.default_timezone.as_deref());
        let context = w::CheckContext {
            now: self.now.0.clone(),
            now_utc_seconds: self.now.1,
            path: display_path.to_owned(),
            headings: None,
            dates,
            regulations: self.regulations(&set, &parsed.report),
            severity: self.report_severity(&parsed.report).map(|s| w::ReportSeverity { name: s.name, rank: s.rank }),
        };
        let mut failed = BTreeSet::new();
        // The plugins run in parallel (each call has its own instance); what
        // they return is taken in plugin order, so findings do not depend on
        // timing. With many reports this nests in the per-report
        // parallelism and rayon balances both.
        let outcomes: Vec<_> = self
            .plugins
            .par_iter()
            .zip(&set.configs)
            .map(|(plugin, configs)| {
                let language_skipped = !english && LANGUAGE_PLUGINS.contains(&plugin.name.as_str());
                (!configs.is_empty() && !language_skipped).then(|| {
                    let mut printed = None;
                    let mut keep = |output: String| printed = Some(output);
                    let log: Option<&mut dyn FnMut(String)> = self.plugin_log.is_some().then_some(&mut keep);
                    let outcome = self.sandbox.check_logged(
                        &plugin.loaded,
                        &report,
                        source,
                        configs,
                        crate::sandbox::Passed { context: &context, headings: Some(&self.headings) },
                        log,
                    );
                    (outcome, printed)
                })
            })
            .collect();
        for (plugin, outcome) in self.plugins.iter().zip(outcomes) {
            let Some((outcome, printed)) = outcome else { continue };
            if let (Some(log), Some(printed)) = (&self.plugin_log, printed) {
                log(&plugin.name, display_path, &printed);
            }
            match outcome {
                Ok(diagnostics) => {
                    if self.accept(&set, plugin, diagnostics, source, &lines, &mut findings) {
                        failed.insert(plugin.name.clone());
                    }
                }
                Err(failure) => {
                    failed.insert(plugin.name.clone());
                    findings.push(plugin_failed(
                        &set,
                        &plugin.name,
                        format!("plugin `{}` {failure}; its findings for this report are missing", plugin.name),
                        &lines,
                    ))
                }
            }
        }
        self.suppress(&set, &parsed.report, source, &lines, &failed, &mut findings);
        findings.sort_by(|a, b| {
            (a.primary.span.start, a.primary.span.end, &a.rule, &a.message).cmp(&(
                b.primary.span.start,
                b.primary.span.end,
                &b.rule,
                &b.message,
            ))
        });
        (parsed, findings)
    }

    /// Applies the report's suppressions to the findings and reports the
    /// suppressions themselves: without reason, unused, malformed.
    fn suppress(
        &self,
        set: &RuleSet,
        report: &pirlint_report::Report,
        source: &str,
        lines: &LineIndex,
        failed: &BTreeSet<String>,
        findings: &mut Vec<Finding>,
    ) {
        let (mut suppressions, mut problems) =
            if report.format == SourceFormat::Markdown { suppress::scan_markdown(source) } else { (Vec::new(), Vec::new()) };
        for field in report.metadata.extra.iter().filter(|f| f.key == HOST_PLUGIN) {
            let span = clamp(field.span, source);
            let (more, more_problems) = suppress::from_front_matter(&field.value_json, span);
            suppressions.extend(more);
            problems.extend(more_problems);
        }
        if suppressions.is_empty() && problems.is_empty() {
            return;
        }
        // Capped like a plugin's findings; suggestions (an edit-distance
        // search each) are only worked out for findings that are kept.
        let mut host = Vec::new();
        let mut omitted = 0usize;
        let mut host_finding = |rule: &str, message: String, span: Span, help: &dyn Fn() -> Option<String>| {
            if let Some(severity) = severity_of(set, rule) {
                if host.len() >= MAX_FINDINGS_PER_PLUGIN {
                    omitted += 1;
                    return;
                }
                host.push(Finding {
                    rule: rule.into(),
                    plugin: HOST_PLUGIN.into(),
                    severity,
                    message,
                    primary: lines.label(clamp(span, source), String::new()),
                    secondary: Vec::new(),
                    help: help(),
                    fixes: Vec::new(),
                });
            }
        };
        for problem in problems {
            let help = problem.help;
            host_finding(INVALID_SUPPRESSION, problem.message, problem.span, &|| help.clone());
        }
        // Targets naming no known rule are reported and dropped.
        let plugin_names: BTreeSet<&str> = self.plugins.iter().map(|p| p.name.as_str()).collect();
        let known: BTreeSet<&str> = set.rules.keys().filter(|k| !k.starts_with("pirlint/")).map(String::as_str).collect();
        // A suppression naming a rule by a former id applies to the rule.
        let former: BTreeMap<&str, &str> = set
            .rules
            .values()
            .flat_map(|r| r.former_ids.iter().map(move |f| (f.as_str(), r.id.as_str())))
            .collect();
        for t in suppressions.iter_mut().flat_map(|s| s.targets.iter_mut()) {
            if let Some(new) = former.get(t.pattern.as_str()).filter(|_| !known.contains(t.pattern.as_str())) {
                t.pattern = (*new).to_owned();
            }
        }
        for s in &mut suppressions {
            s.targets.retain(|t| {
                let valid = match t.pattern.strip_suffix("/*") {
                    Some(plugin) => plugin_names.contains(plugin),
                    None => known.contains(t.pattern.as_str()),
                };
                if !valid {
                    if t.pattern.starts_with("pirlint/") {
                        host_finding(
                            INVALID_SUPPRESSION,
                            format!("`{}` cannot be suppressed in a report", t.pattern),
                            t.span,
                            &|| Some(format!("pirlint's own rules are switched in rules.toml: [rules.\"{}\"] severity = \"off\"", t.pattern)),
                        );
                    } else {
                        let suggest = || {
                            let help = match t.pattern.strip_suffix("/*") {
                                Some(p) => closest(p, plugin_names.iter().copied()).map(|s| format!("did you mean `{s}/*`?")),
                                None => closest(&t.pattern, known.iter().copied()).map(|s| format!("did you mean `{s}`?")),
                            };
                            help.or_else(|| Some("`pirlint rules` lists every rule".into()))
                        };
                        host_finding(INVALID_SUPPRESSION, format!("unknown rule `{}` in a suppression", t.pattern), t.span, &suggest);
                    }
                }
                valid
            });
        }
        suppressions.retain(|s| !s.targets.is_empty());
        for s in &suppressions {
            if s.reason.is_none() {
                host_finding(
                    SUPPRESSION_WITHOUT_REASON,
                    "this suppression gives no reason".into(),
                    s.span,
                    &|| Some("say why the finding does not apply after ` -- `, e.g. `<!-- pirlint-disable-next-line blameless/hindsight -- quoting the customer's words -->`; the suppression still applies".into()),
                );
            }
        }
        findings.retain(|f| {
            if f.plugin == HOST_PLUGIN {
                return true;
            }
            let at = f.primary.span.start as usize;
            for s in suppressions.iter_mut() {
                if !s.covers(at) {
                    continue;
                }
                if let Some(t) = s.targets.iter_mut().find(|t| t.matches(&f.rule)) {
                    t.used = true;
                    return false;
                }
            }
            true
        });
        for s in &suppressions {
            for t in s.targets.iter().filter(|t| !t.used) {
                // A rule that is off here, or whose plugin failed on this
                // report, could not have produced a finding to suppress.
                let live = set.rules.values().any(|r| {
                    r.plugin != HOST_PLUGIN && r.severity.is_some() && t.matches(&r.id) && !failed.contains(&r.plugin)
                });
                if live {
                    host_finding(
                        UNUSED_SUPPRESSION,
                        format!("this suppression of `{}` suppresses nothing", t.pattern),
                        t.span,
                        &|| Some("the finding it was written for is gone: remove the suppression (or the rule from it)".into()),
                    );
                }
            }
        }
        if omitted > 0 {
            if let (Some(severity), Some(first)) = (severity_of(set, INVALID_SUPPRESSION), host.first()) {
                let primary = first.primary.clone();
                host.push(Finding {
                    rule: INVALID_SUPPRESSION.into(),
                    plugin: HOST_PLUGIN.into(),
                    severity,
                    message: format!("{omitted} more problems with suppressions in this report are not shown (at most {MAX_FINDINGS_PER_PLUGIN} are)"),
                    primary,
                    secondary: Vec::new(),
                    help: Some("fix the ones shown and check again".into()),
                    fixes: Vec::new(),
                });
            }
        }
        findings.extend(host);
    }

    /// Validates what a plugin returned. Invalid findings are dropped and
    /// reported once as a plugin failure; the valid ones are kept. Returns
    /// whether the plugin's output was (partly) invalid.
    fn accept(
        &self,
        set: &RuleSet,
        plugin: &ActivePlugin,
        diagnostics: Vec<w::Diagnostic>,
        source: &str,
        lines: &LineIndex,
        findings: &mut Vec<Finding>,
    ) -> bool {
        let mut problems: Vec<String> = Vec::new();
        let returned = diagnostics.len();
        let mut cuts = Cuts::default();
        let mut output_bytes = 0;
        for diagnostic in diagnostics.into_iter().take(MAX_FINDINGS_PER_PLUGIN) {
            let Some(rule) = set.rules.get(&diagnostic.rule).filter(|r| r.plugin == plugin.name) else {
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
            let w::Diagnostic { rule: rule_id, message, primary, secondary, help, fixes, .. } = diagnostic;
            let message = cuts.text(message);
            let help = help.map(|h| cuts.text(h));
            let primary_message = cuts.text(primary.message);
            let primary = lines.label(Span { start: primary.span.start, end: primary.span.end }, primary_message);
            cuts.labels += secondary.len().saturating_sub(MAX_LABELS_PER_FINDING);
            let secondary: Vec<_> = secondary
                .into_iter()
                .take(MAX_LABELS_PER_FINDING)
                .map(|l| {
                    let message = cuts.text(l.message);
                    lines.label(Span { start: l.span.start, end: l.span.end }, message)
                })
                .collect();
            let whole = |f: &w::Fix| f.edits.len() <= MAX_EDITS_PER_FIX && f.edits.iter().all(|e| e.replacement.len() <= MAX_REPLACEMENT_BYTES);
            let offered = fixes.len();
            let fixes: Vec<Fix> = fixes
                .into_iter()
                .filter(whole)
                .take(MAX_FIXES_PER_FINDING)
                .map(|f| Fix {
                    description: cuts.text(f.description),
                    applicability: match f.applicability {
                        w::Applicability::Safe => Applicability::Safe,
                        w::Applicability::Unsafe => Applicability::Unsafe,
                    },
                    edits: f.edits.into_iter().map(|e| Edit { span: Span { start: e.span.start, end: e.span.end }, replacement: e.replacement }).collect(),
                })
                .collect();
            cuts.fixes += offered - fixes.len();
            let bytes = message.len()
                + help.as_ref().map_or(0, String::len)
                + primary.message.len()
                + secondary.iter().map(|l| l.message.len()).sum::<usize>()
                + fixes.iter().map(|f| f.description.len() + f.edits.iter().map(|e| e.replacement.len()).sum::<usize>()).sum::<usize>();
            if output_bytes + bytes > MAX_OUTPUT_BYTES_PER_CALL {
                cuts.over_budget += 1;
                continue;
            }
            output_bytes += bytes;
            findings.push(Finding { rule: rule_id, plugin: plugin.name.clone(), severity, message, primary, secondary, help, fixes });
        }
        if let Some(cut) = cuts.describe() {
            let mut note = plugin_failed(set, &plugin.name, format!("plugin `{}` returned more than pirlint keeps: {cut}", plugin.name), lines);
            note.help = Some("the limits bound what one plugin can make pirlint print; a plugin that reaches them has a bug".into());
            findings.push(note);
        }
        if returned > MAX_FINDINGS_PER_PLUGIN {
            // Not invalid, but more than anyone can read: keep the first ones
            // and say that the rest are missing, so the report is not
            // mistaken for fully checked.
            let mut note = plugin_failed(
                set,
                &plugin.name,
                format!(
                    "plugin `{}` returned {returned} findings for this report; only the first {MAX_FINDINGS_PER_PLUGIN} are shown",
                    plugin.name
                ),
                lines,
            );
            note.help = Some("fix the most frequent problem first and check again; the limit bounds what one plugin can print".into());
            findings.push(note);
        }
        if problems.is_empty() {
            return false;
        }
        problems.dedup();
        let shown = problems.iter().take(3).cloned().collect::<Vec<_>>().join("; ");
        let more = if problems.len() > 3 { format!(" (and {} more)", problems.len() - 3) } else { String::new() };
        findings.push(plugin_failed(
            set,
            &plugin.name,
            format!("plugin `{}` returned invalid output: {shown}{more}", plugin.name),
            lines,
        ));
        true
    }
}

fn severity_of(set: &RuleSet, rule: &str) -> Option<Severity> {
    set.rules.get(rule).and_then(|r| r.severity)
}

fn plugin_failed(set: &RuleSet, plugin: &str, message: String, lines: &LineIndex) -> Finding {
    Finding {
        rule: PLUGIN_FAILED.into(),
        plugin: plugin.into(),
        severity: severity_of(set, PLUGIN_FAILED).unwrap_or(Severity::Error),
        message,
        primary: lines.label(Span::default(), String::new()),
        secondary: Vec::new(),
        help: Some(format!(
            "this is a fault in the plugin, not in the report: report it to the plugin's authors, or switch the plugin off with `[plugins] {plugin} = false` in rules.toml"
        )),
        fixes: Vec::new(),
    }
}

fn rule_set(plugins: &[ActivePlugin], rules: BTreeMap<String, RuleDoc>, overrides: Vec<usize>) -> RuleSet {
    let configs = plugins
        .iter()
        .map(|plugin| {
            rules
                .values()
                .filter(|r| r.plugin == plugin.name)
                .filter_map(|r| {
                    Some(w::RuleConfig {
                        rule: r.id.clone(),
                        severity: to_wit_severity(r.severity?),
                        options_json: serde_json::Value::Object(r.options.clone()).to_string(),
                    })
                })
                .collect()
        })
        .collect();
    RuleSet { rules, configs, overrides }
}

/// Python and JavaScript components are 12–19 MB; a file eight times the
/// largest is not read.
pub const MAX_PLUGIN_BYTES: u64 = 128 << 20;

/// Reads a third-party plugin named in the policy, if its pin matches.
fn pinned_plugin(name: &str, file: &crate::policy::PluginFile, errors: &mut Vec<ConfigError>) -> Option<Vec<u8>> {
    let bytes = match pirlint_report::input::read_bytes(&file.path, MAX_PLUGIN_BYTES) {
        Ok(bytes) => bytes,
        Err(e) => {
            errors.push(file.path_origin.error(
                format!("plugin `{name}`: {} {e}", file.path.display()),
                Some("the path is relative to the policy file that names it".into()),
            ));
            return None;
        }
    };
    let actual = crate::cache::sha256_hex(&bytes);
    match &file.sha256 {
        None => {
            errors.push(file.origin.error(
                format!("plugin `{name}`: {} is not pinned; refusing to load it", file.path.display()),
                Some(format!(
                    "a plugin loaded from a file must be pinned to the exact build you reviewed; its SHA-256 is {actual}: add\n    sha256 = \"{actual}\"\nto [plugins.{name}] (`--plugin FILE` loads an unpinned plugin for local development)"
                )),
            ));
            None
        }
        Some(expected) if *expected != actual => {
            let at = file.sha256_origin.as_ref().unwrap_or(&file.origin);
            errors.push(at.error(
                format!(
                    "plugin `{name}`: {} does not match its pin; refusing to load it\n  expected sha256: {expected}\n    actual sha256: {actual}",
                    file.path.display()
                ),
                Some(format!(
                    "the file changed since it was pinned. If you trust this build, pin it: sha256 = \"{actual}\""
                )),
            ));
            None
        }
        Some(_) => Some(bytes),
    }
}

/// Applies a severity and options onto a rule, options key by key.
fn merge_into(rule: &mut RuleDoc, setting: &RuleSetting) {
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
    if setting.severity.is_some() {
        rule.severity_origin = setting.locate("/severity", false).map(|o| o.describe());
    }
    for (key, value) in &setting.options {
        rule.options.insert(key.clone(), value.clone());
        if let Some(origin) = setting.locate(&format!("/{}", key.replace('~', "~0").replace('/', "~1")), false) {
            rule.option_origins.insert(key.clone(), origin.describe());
        }
    }
}

/// Applies one `[rules."id"]` setting, validating the resulting options
/// against the rule's schema; each problem points at the exact key or value.
/// A setting naming a rule by a former id applies to the rule (a warning
/// in `renamed` says so). Returns the id the setting applied to.
fn apply_setting(
    policy: &Policy,
    rules: &mut BTreeMap<String, RuleDoc>,
    id: &str,
    setting: &RuleSetting,
    validators: &mut OptionValidators,
    errors: &mut Vec<ConfigError>,
    renamed: &mut Vec<String>,
) -> String {
    let new_id = (!rules.contains_key(id))
        .then(|| rules.values().find(|r| r.former_ids.iter().any(|f| f == id)).map(|r| r.id.clone()))
        .flatten();
    if let Some(new) = &new_id {
        let file = policy.path.as_ref().map_or_else(|| "the policy".to_owned(), |p| p.display().to_string());
        let warning = format!("{file}: rule `{id}` was renamed to `{new}`; its settings apply to `{new}` (write [rules.\"{new}\"])");
        if !renamed.contains(&warning) {
            renamed.push(warning);
        }
    }
    apply_setting_to(policy, rules, new_id.as_deref().unwrap_or(id), setting, validators, errors);
    new_id.unwrap_or_else(|| id.to_owned())
}

fn apply_setting_to(
    policy: &Policy,
    rules: &mut BTreeMap<String, RuleDoc>,
    id: &str,
    setting: &RuleSetting,
    validators: &mut OptionValidators,
    errors: &mut Vec<ConfigError>,
) {
    let fallback = |message: String, help: Option<String>| ConfigError {
        path: policy.path.clone(),
        source_text: policy.source_text.clone(),
        message,
        span: setting.span.clone(),
        help,
    };
    let error_at = |origin: Option<Origin>, message: String, help: Option<String>| match origin {
        Some(o) => o.error(message, help),
        None => fallback(message, help),
    };
    let known: Vec<&str> = rules.keys().map(String::as_str).collect();
    let Some(rule) = rules.get(id) else {
        let help = closest(id, known.iter().copied())
            .map(|s| format!("did you mean `{s}`?"))
            .or(Some("`pirlint rules` lists every rule".into()));
        errors.push(error_at(setting.origin.clone(), format!("unknown rule `{id}`"), help));
        return;
    };
    let mut merged = rule.clone();
    merge_into(&mut merged, setting);
    let options = serde_json::Value::Object(merged.options.clone());
    if validators.known_valid.is_some_and(|cache| cache.options_known_valid(&rule.options_schema, &options)) {
        *rules.get_mut(id).expect("looked up above") = merged;
        return;
    }
    let validator = validators.compiled.entry(id.to_owned()).or_insert_with(|| {
        jsonschema::validator_for(&rule.options_schema).expect("checked when the plugin loaded")
    });
    let properties: Vec<String> = rule
        .options_schema
        .get("properties")
        .and_then(|p| p.as_object())
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    let allowed = if properties.is_empty() {
        format!("`{id}` takes no options besides `severity`; `pirlint explain {id}` shows its documentation")
    } else {
        format!(
            "`{id}` takes: `severity`, {}; `pirlint explain {id}` documents them",
            properties.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
        )
    };
    let mut invalid = false;
    for problem in validator.iter_errors(&options) {
        invalid = true;
        let pointer = problem.instance_path.to_string();
        if let jsonschema::error::ValidationErrorKind::AdditionalProperties { unexpected } = &problem.kind {
            for name in unexpected {
                let at = setting.locate(&format!("{pointer}/{}", name.replace('~', "~0").replace('/', "~1")), true);
                let mut names: Vec<&str> = properties.iter().map(String::as_str).collect();
                if pointer.is_empty() {
                    names.push("severity");
                }
                let help = match closest(name, names.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`? {allowed}"),
                    None => allowed.clone(),
                };
                let place = if pointer.is_empty() { String::new() } else { format!(" in `{}`", pointer.trim_start_matches('/')) };
                errors.push(error_at(at, format!("rule `{id}`: unknown option `{name}`{place}"), Some(help)));
            }
            continue;
        }
        let at = setting.locate(&pointer, false);
        let mut help = allowed.clone();
        if let (jsonschema::error::ValidationErrorKind::Enum { options }, Some(written)) = (&problem.kind, problem.instance.as_str()) {
            let choices: Vec<&str> = options.as_array().map(|a| a.iter().filter_map(|v| v.as_str()).collect()).unwrap_or_default();
            if let Some(s) = closest(written, choices.iter().copied()) {
                help = format!("did you mean `{s}`? {allowed}");
            }
        }
        let shown = if pointer.is_empty() { String::new() } else { format!(" `{}` (at {pointer})", pointer.trim_start_matches('/')) };
        errors.push(error_at(at, format!("rule `{id}`: invalid option{shown}: {problem}"), Some(help)));
    }
    if !invalid {
        if let Some(cache) = validators.known_valid {
            cache.remember_valid_options(&rule.options_schema, &options);
        }
        *rules.get_mut(id).expect("looked up above") = merged;
    }
}

/// Validators of rule options, compiled on demand and shared by the base
/// policy and its overrides. Options that passed before (remembered in the
/// compile cache) are not validated again: the first validator a process
/// compiles also builds jsonschema's meta-schema validator, 8–18 ms
/// measured, more than checking a whole report with every plugin.
struct OptionValidators<'a> {
    compiled: HashMap<String, jsonschema::Validator>,
    known_valid: Option<&'a crate::cache::CompileCache>,
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

/// Checks what a plugin declared and adds its rules. The options schemas of
/// built-in plugins are not compiled here (a test checks them all, and
/// compiling ~40 schemas costs most of a run's start-up); those of other
/// plugins are.
fn register(loaded: &LoadedPlugin, rules: &mut BTreeMap<String, RuleDoc>, loaded_names: &[&str], builtin: bool) -> Result<(), String> {
    let declared = check_plugin_info(&loaded.info, rules, loaded_names, builtin)?;
    rules.extend(declared.into_iter().map(|r| (r.id.clone(), r)));
    Ok(())
}

/// Checks what a plugin says about itself, against the rules and plugin
/// names already taken, and returns its rules' documentation. A third-party
/// plugin may not take a built-in plugin's name, even one switched off: its
/// findings would pass for the built-in plugin's.
fn check_plugin_info(
    info: &w::PluginInfo,
    rules: &BTreeMap<String, RuleDoc>,
    loaded_names: &[&str],
    builtin: bool,
) -> Result<Vec<RuleDoc>, String> {
    if !builtin && BUILTIN_PLUGINS.iter().any(|b| b.name == info.name) {
        return Err(format!(
            "calls itself `{}`, the name of a built-in plugin; a third-party plugin needs a name of its own",
            info.name
        ));
    }
    if loaded_names.contains(&info.name.as_str()) {
        return Err(format!("calls itself `{}`, like a plugin already loaded; refusing the second one", info.name));
    }
    if info.interface_version != INTERFACE_VERSION {
        return Err(format!(
            "speaks plugin interface version {}, but this pirlint speaks version {INTERFACE_VERSION} ({}): \
             rebuild it against the WIT that `pirlint plugin wit` prints, with the SDK of that version",
            info.interface_version,
            crate::wit::WIT_PACKAGE
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
        if declared.iter().any(|d: &RuleDoc| d.id == rule.id) {
            return Err(format!("declares rule `{}` twice", rule.id));
        }
        let schema: serde_json::Value = serde_json::from_str(&rule.options_schema)
            .map_err(|e| format!("declares an options schema for `{}` that is not JSON: {e}", rule.id))?;
        if !builtin {
            jsonschema::validator_for(&schema)
                .map_err(|e| format!("declares an invalid options schema for `{}`: {e}", rule.id))?;
        }
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
            severity_origin: None,
            option_origins: BTreeMap::new(),
            fixable: rule.fixable,
            former_ids: rule.former_ids.clone(),
        });
    }
    Ok(declared)
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
    fn every_plugin_load_is_reported_started_then_finished() {
        let events = Mutex::new(Vec::new());
        let record = |event: PluginLoad<'_>| {
            let entry = match event {
                PluginLoad::Started { plugin, bytes } => (plugin.to_owned(), Some(bytes)),
                PluginLoad::Finished { plugin, .. } => (plugin.to_owned(), None),
            };
            events.lock().unwrap().push(entry);
        };
        let (linter, errors) = Linter::new_reporting_loads(
            &Policy::default(),
            LinterOptions { now: None, cache: None, extra_plugins: vec![] },
            &record,
        );
        assert!(errors.is_empty(), "{errors:?}");
        let events = events.into_inner().unwrap();
        assert_eq!(events.len(), 2 * BUILTIN_PLUGINS.len(), "{events:?}");
        for builtin in BUILTIN_PLUGINS {
            let name = format!("built-in plugin `{}`", builtin.name);
            let started = events.iter().position(|e| *e == (name.clone(), Some(builtin.wasm.len())));
            let finished = events.iter().position(|e| *e == (name.clone(), None));
            assert!(matches!((started, finished), (Some(s), Some(f)) if s < f), "{name}: {events:?}");
        }
        assert_eq!(linter.plugins.len(), BUILTIN_PLUGINS.len());
    }

    #[test]
    fn now_accepts_rfc3339_and_dates() {
        assert_eq!(resolve_now(Some("2026-03-05T12:00:00Z")).unwrap(), ("2026-03-05T12:00:00Z".into(), 1772712000));
        assert_eq!(resolve_now(Some("2026-03-05")).unwrap().0, "2026-03-05T00:00:00Z");
        assert!(resolve_now(Some("yesterday")).unwrap_err().contains("invalid --now"));
    }

    fn echo_linter() -> Linter {
        let echo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/plugins/dist/fixture-echo.wasm");
        let (linter, errors) = Linter::new(&Policy::default(), LinterOptions { now: None, cache: None, extra_plugins: vec![echo] });
        assert!(errors.is_empty(), "{errors:?}");
        linter
    }

    /// What a plugin returns is bounded beyond the number of findings:
    /// labels per finding, fixes and edits, bytes per string and per call.
    /// What was cut is said in one note.
    #[test]
    fn plugin_output_is_bounded_and_the_cut_is_reported() {
        let linter = echo_linter();
        let plugin = linter.plugins.iter().find(|p| p.name == "fixture-echo").unwrap();
        let source = "# Report\n\nSome text here.\n";
        let lines = LineIndex::new(source);
        let span = w::Span { start: 0, end: 8 };
        let label = |message: &str| w::Label { span, message: message.to_owned() };
        let huge = "é".repeat(3 << 20);
        let diagnostic = w::Diagnostic {
            rule: "fixture-echo/seen".into(),
            severity: None,
            message: huge.clone(),
            primary: label(&huge),
            secondary: (0..100_000).map(|_| label("also here")).collect(),
            help: Some(huge.clone()),
            fixes: vec![
                w::Fix { description: "sprawling".into(), applicability: w::Applicability::Safe, edits: (0..100_000).map(|_| w::Edit { span, replacement: String::new() }).collect() },
                w::Fix { description: "bloated".into(), applicability: w::Applicability::Safe, edits: vec![w::Edit { span, replacement: huge.clone() }] },
                w::Fix { description: "fine".into(), applicability: w::Applicability::Safe, edits: vec![w::Edit { span, replacement: "Report".into() }] },
            ],
        };
        let mut findings = Vec::new();
        linter.accept(&linter.base, plugin, vec![diagnostic.clone(), diagnostic], source, &lines, &mut findings);
        let kept: Vec<&Finding> = findings.iter().filter(|f| f.rule == "fixture-echo/seen").collect();
        assert_eq!(kept.len(), 2);
        for f in &kept {
            assert!(f.message.len() <= MAX_TEXT_BYTES && f.message.ends_with('…'), "{}", f.message.len());
            assert!(f.help.as_ref().unwrap().len() <= MAX_TEXT_BYTES);
            assert!(f.primary.message.len() <= MAX_TEXT_BYTES);
            assert_eq!(f.secondary.len(), MAX_LABELS_PER_FINDING);
            let fixes: Vec<&str> = f.fixes.iter().map(|x| x.description.as_str()).collect();
            assert_eq!(fixes, ["fine"], "a fix with too many edits or too long a replacement is dropped whole, never cut");
        }
        let notes: Vec<&Finding> = findings.iter().filter(|f| f.rule == PLUGIN_FAILED).collect();
        assert_eq!(notes.len(), 1, "{notes:#?}");
        for what in ["labels", "fixes", "shortened"] {
            assert!(notes[0].message.contains(what), "{what}: {}", notes[0].message);
        }
    }

    /// Many findings each under the string cap still add up: one call's
    /// output has a byte budget, and what is past it is dropped and said.
    #[test]
    fn one_calls_output_has_a_byte_budget() {
        let linter = echo_linter();
        let plugin = linter.plugins.iter().find(|p| p.name == "fixture-echo").unwrap();
        let source = "# Report\n";
        let lines = LineIndex::new(source);
        let span = w::Span { start: 0, end: 8 };
        let text = "x".repeat(MAX_TEXT_BYTES - 10);
        let diagnostic = w::Diagnostic {
            rule: "fixture-echo/seen".into(),
            severity: None,
            message: text.clone(),
            primary: w::Label { span, message: text.clone() },
            secondary: vec![w::Label { span, message: text.clone() }; MAX_LABELS_PER_FINDING],
            help: Some(text.clone()),
            fixes: Vec::new(),
        };
        let mut findings = Vec::new();
        linter.accept(&linter.base, plugin, vec![diagnostic; MAX_FINDINGS_PER_PLUGIN], source, &lines, &mut findings);
        let bytes: usize = findings
            .iter()
            .filter(|f| f.rule == "fixture-echo/seen")
            .map(|f| f.message.len() + f.primary.message.len() + f.help.as_ref().map_or(0, String::len) + f.secondary.iter().map(|l| l.message.len()).sum::<usize>())
            .sum();
        assert!(bytes <= MAX_OUTPUT_BYTES_PER_CALL, "{bytes} bytes kept");
        assert!(findings.iter().any(|f| f.rule == PLUGIN_FAILED && f.message.contains("bytes")), "the cut is not reported");
    }

    /// A plugin may not declare one rule twice (the second would silently
    /// replace the first's documentation and options).
    #[test]
    fn a_rule_declared_twice_is_refused() {
        let rule = |summary: &str| w::RuleInfo {
            id: "mine/twice".into(),
            summary: summary.into(),
            default_severity: w::Severity::Warning,
            documentation: String::new(),
            options_schema: "{}".into(),
            fixable: false,
            former_ids: Vec::new(),
        };
        let info = w::PluginInfo { name: "mine".into(), version: "1".into(), interface_version: INTERFACE_VERSION, rules: vec![rule("first"), rule("second")] };
        let error = check_plugin_info(&info, &BTreeMap::new(), &[], false).unwrap_err();
        assert!(error.contains("declares rule `mine/twice` twice"), "{error}");
    }

    /// `register` trusts the built-in plugins' options schemas without
    /// compiling them; this is what makes that safe.
    #[test]
    fn builtin_option_schemas_compile() {
        let sandbox = Sandbox::new(crate::sandbox::Limits::default(), None).unwrap();
        let mut count = 0;
        for b in BUILTIN_PLUGINS {
            let loaded = sandbox.load(b.wasm).unwrap();
            for rule in &loaded.info.rules {
                let schema: serde_json::Value = serde_json::from_str(&rule.options_schema).unwrap();
                jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{}: {e}", rule.id));
                count += 1;
            }
        }
        assert!(count > 0);
    }

    #[test]
    fn suggests_the_closest_rule() {
        let known = ["structure/placeholder", "structure/empty-section"];
        assert_eq!(closest("structure/placeholders", known), Some("structure/placeholder"));
        assert_eq!(closest("timeline/gaps", known), None);
    }
}
