//! Guest-side SDK for writing [pirlint] rule plugins in Rust.
//!
//! A pirlint plugin is a WebAssembly component implementing the
//! `pirlint:plugin/rule-plugin` world (`wit/pirlint.wit`, a copy of which
//! ships in this crate). It imports nothing: the host passes in the parsed
//! report, its source text, the enabled rules with their options and the
//! run's "now", and the plugin returns diagnostics. This crate runs
//! `wit-bindgen` on that contract once, re-exports the generated types under
//! [`types`] and adds what every plugin needs.
//!
//! # Rules as types (SDK v2)
//!
//! A rule is a type: a unit struct declared with [`rule!`], whose doc
//! comment is the documentation `pirlint explain` shows (what it checks,
//! `## Why it matters` citing the practice, `## How to fix` with an
//! example, `## Options`), and an implementation of [`rule::Rule`]: id,
//! summary, default severity, a typed options struct (serde, with a derived
//! JSON Schema whose field doc comments are the options' descriptions and
//! whose defaults come from the one `Default` impl) and `check`. A plugin is
//! its list of rule types, given to [`plugin!`], which writes `describe`,
//! the dispatch in `check` (each enabled rule, its options parsed once per
//! instance and options text) and a test that every rule's documentation
//! has the required parts and its schema's defaults equal `Default`.
//!
//! Rules read the report through [`rule::Context`]: `cx.report`,
//! `cx.text(&text)` (a model `text` or `timestamp` as the parser read it:
//! interface version 2 passes text as spans into the source, with the
//! value only where it differs), `cx.heading(section)`, `cx.body(section)`,
//! `cx.slice(span)`, `cx.kind(section)`, `cx.is_kind(section, kind)`,
//! `cx.sections_of_kind(kind)`, `cx.title_anchor()`, `cx.prose()`,
//! `cx.zone(&timestamp)`, the host's heading table (`cx.headings()`,
//! `cx.kinds_of(heading)`, `cx.display_name(kind)`) and date context
//! (`cx.dates()`), the regulations that apply (`cx.regulations()`,
//! `cx.regulated_by("gdpr")`), `cx.shared(..)` for work several rules need once per
//! call. `Rule::FIXABLE` and `Rule::FORMER_IDS` go into `rule-info`.
//! What the contract packs as numbers (prose runs, section kinds as indexes
//! into the heading table, dates in days, times in seconds, zones as
//! indexes into `report.zones`) [`model`] decodes.
//! Shared vocabulary lives here once: [`phases`] (incident-response phases of
//! timeline entries), [`values`] (draft statuses, placeholder values,
//! calendar days, the section tree), [`calendar`] (business days and the US
//! federal holiday table, over jiff's civil dates), [`text`] (phrase search), [`vocab`]
//! (section kinds and headings), [`rule::human_duration`].
//!
//! A complete plugin, one rule with an option (its `Cargo.toml` needs
//! `crate-type = ["cdylib"]` and the dependencies `pirlint-plugin-sdk`,
//! `serde` and `schemars`):
//!
//! ```no_run
//! use pirlint_plugin_sdk::prelude::*;
//!
//! rule! {
//!     /// Flags the word "foo" in prose.
//!     ///
//!     /// ## Why it matters
//!     ///
//!     /// Readers outside the team do not know what a foo is; the Google SRE
//!     /// book (ch. 15) asks postmortems to be written for them.
//!     ///
//!     /// ## How to fix
//!     ///
//!     /// Say what you mean:
//!     ///
//!     /// ```markdown
//!     /// The cache node ran out of memory.
//!     /// ```
//!     ///
//!     /// ## Options
//!     ///
//!     /// - `allow-in-headings` (boolean, default `false`).
//!     pub struct NoFoo;
//! }
//!
//! #[derive(Deserialize, Serialize, JsonSchema, Default)]
//! #[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
//! pub struct NoFooOptions {
//!     /// Accept "foo" in headings.
//!     pub allow_in_headings: bool,
//! }
//!
//! impl Rule for NoFoo {
//!     const ID: &'static str = "hello/no-foo";
//!     const SUMMARY: &'static str = "Flags the word \"foo\"";
//!     const DEFAULT_SEVERITY: Severity = Severity::Warning;
//!     type Options = NoFooOptions;
//!
//!     fn check(cx: &Context<'_>, opts: &NoFooOptions) -> Vec<Diagnostic> {
//!         let mut out = Vec::new();
//!         for run in cx.prose() {
//!             for hit in text::find_phrase(cx.source(), run.span, "foo") {
//!                 out.push(Diagnostic::new(Self::ID, hit, "\"foo\" is not allowed")
//!                     .label("written here")
//!                     .help("say what you mean instead"));
//!             }
//!         }
//!         if !opts.allow_in_headings {
//!             for s in &cx.report.sections {
//!                 for hit in text::find_phrase(cx.source(), s.heading_span, "foo") {
//!                     out.push(Diagnostic::new(Self::ID, hit, "\"foo\" in a heading"));
//!                 }
//!             }
//!         }
//!         out
//!     }
//! }
//!
//! pirlint_plugin_sdk::plugin!("hello", [NoFoo]);
//! ```
//!
//! With more rules, keep one per file in `src/rules/` and let the
//! `pirlint-plugin-build` build script list them (`build.rs`:
//! `pirlint_plugin_build::Plugin::new("hello").generate();`, `src/lib.rs`:
//! `pirlint_plugin_sdk::include_rules!();`): adding a rule is adding a file.
//! The built-in plugins of pirlint (`plugins/*/src/rules/`) are written so.
//!
//! # The v1 API
//!
//! Plugins may also implement the contract by hand, as before:
//!
//! * [`export!`] — register your [`Plugin`] implementation;
//! * [`INTERFACE_VERSION`] and [`types::PluginInfo::new`] / [`types::RuleInfo::new`];
//! * [`enabled`] and [`options`] — find a rule's configuration and parse its
//!   `options-json` into a serde type with defaults;
//! * a diagnostic builder: [`types::Diagnostic::new`] then `.label()`,
//!   `.help()`, `.secondary()`, `.fix()`, `.severity()`;
//! * [`text`] — byte-span helpers: slicing, whole-word phrase search,
//!   trimming, lines; [`rule::text_of`], [`rule::heading_of`],
//!   [`rule::body_of`] for the model's text;
//! * [`rule::heading_table`] — keep the heading table: `check-context.headings`
//!   is sent on an instance's first call only (`none` afterwards while it is
//!   unchanged), so a hand-written plugin that needs it must keep it
//!   (`Context::new` does this for you).
//!
//! ## Example (v1)
//!
//! ```no_run
//! use pirlint_plugin_sdk::prelude::*;
//!
//! struct Hello;
//!
//! impl Plugin for Hello {
//!     fn describe() -> PluginInfo {
//!         PluginInfo::new("hello", env!("CARGO_PKG_VERSION"), vec![RuleInfo::new(
//!             "hello/no-foo", "Flags the word \"foo\"", Severity::Warning,
//!             "Long Markdown documentation.", r#"{"type":"object","additionalProperties":false}"#,
//!         )])
//!     }
//!
//!     fn check(report: Report, source: String, rules: Vec<RuleConfig>, _: CheckContext)
//!         -> Result<Vec<Diagnostic>, String> {
//!         let mut out = Vec::new();
//!         if enabled(&rules, "hello/no-foo").is_some() {
//!             for run in model::prose_runs(&report) {
//!                 for hit in text::find_phrase(&source, run.span, "foo") {
//!                     out.push(Diagnostic::new("hello/no-foo", hit, "\"foo\" is not allowed")
//!                         .label("written here")
//!                         .help("say what you mean instead"));
//!                 }
//!             }
//!         }
//!         Ok(out)
//!     }
//! }
//!
//! pirlint_plugin_sdk::export!(Hello);
//! ```
//!
//! Build plugins with `cargo xtask build-plugins`, which compiles them for
//! `wasm32-unknown-unknown` and wraps them into components.
//!
//! [pirlint]: https://example.invalid/pirlint

#![warn(missing_docs)]

/// The raw `wit-bindgen` output. Use [`types`], [`Plugin`] and [`export!`]
/// instead; this module is public only because the export macro needs a path
/// to it.
#[doc(hidden)]
#[allow(missing_docs)]
pub mod bindings {
    wit_bindgen::generate!({
        world: "rule-plugin",
        // The crate's own copy of `wit/pirlint.wit` (a test checks they
        // are the same), so that the published crate builds on its own.
        path: "wit",
        pub_export_macro: true,
        default_bindings_module: "pirlint_plugin_sdk::bindings",
        export_macro_name: "export",
        additional_derives: [PartialEq, Eq],
    });
}

pub mod calendar;
pub mod regulations;
pub mod rule;
pub mod text;
pub mod values;

/// The phase vocabulary of timeline entries (`[containment]` tags and the
/// keywords of each phase), shared by every rule that asks which phase an
/// entry belongs to.
pub mod phases;

/// serde, re-exported for options types (`#[derive(Deserialize)]` needs the
/// crate under its own name, so plugins depend on it too).
pub use serde;
/// schemars, re-exported: options types derive `JsonSchema`.
pub use schemars;
/// serde_json, re-exported for rules that write their options schema by hand
/// ([`rule::Rule::options_schema`]).
pub use serde_json;

/// The section kinds and the heading names people give them by default
/// (`pirlint-vocab`), and the parser's heading matching rules
/// (`kinds_in`, `normalize`). At run time, rules take names from the
/// host's table instead ([`rule::Context::headings`]: the policy's
/// `[sections]` synonyms included); the defaults are for documentation
/// written at `describe` time and for tests.
pub use pirlint_vocab as vocab;

/// The contract's types (`interface types` of `wit/pirlint.wit`), with
/// constructors and builder methods added by this crate.
pub mod types {
    pub use crate::bindings::pirlint::plugin::types::*;
    pub use crate::model::ProseRun;
}

/// What the SDK decodes of the model's compact encodings (see the note at
/// the top of `wit/pirlint.wit`).
pub mod model {
    use crate::types::{KindRef, Report, Section, SectionKind, Span, Timestamp};

    /// A run of prose: text that is neither code, quote, HTML nor front
    /// matter (`report.prose` carries three numbers per run).
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct ProseRun {
        /// Where the run is.
        pub span: Span,
        /// Index in `report.sections` of the section it is in, if any.
        pub section: Option<u32>,
    }

    /// `report.prose`'s value for a run outside every section.
    pub const NO_SECTION: u32 = u32::MAX;

    /// The prose runs of `report`, decoded from `report.prose`.
    pub fn prose_runs(report: &Report) -> impl ExactSizeIterator<Item = ProseRun> + Clone + '_ {
        report.prose.chunks_exact(3).map(|c| ProseRun {
            span: Span { start: c[0], end: c[1] },
            section: (c[2] != NO_SECTION).then_some(c[2]),
        })
    }

    /// `runs` as `report.prose` carries them (for tests that build a
    /// report by hand).
    pub fn encode_prose(runs: &[ProseRun]) -> Vec<u32> {
        runs.iter().flat_map(|r| [r.span.start, r.span.end, r.section.unwrap_or(NO_SECTION)]).collect()
    }

    /// The name of a section's kind, given the heading table it indexes
    /// (`Context::kind` does this with the table the host sent).
    pub fn kind_of<'t>(section: &'t Section, table: &'t [SectionKind]) -> Option<&'t str> {
        match section.kind.as_ref()? {
            KindRef::Table(i) => table.get(*i as usize).map(|k| k.kind.as_str()),
            KindRef::Named(name) => Some(name),
        }
    }

    /// The reference to kind `kind` in `table` (its index, else its name),
    /// for tests that build a report by hand.
    pub fn kind_ref(kind: &str, table: &[SectionKind]) -> KindRef {
        match table.iter().position(|k| k.kind == kind) {
            Some(i) => KindRef::Table(i as u32),
            None => KindRef::Named(kind.to_owned()),
        }
    }

    /// The time zone of `t` ("UTC", "+02:00", "Europe/Oslo"), from
    /// `report.zones`.
    pub fn zone_of<'t>(report: &'t Report, t: &Timestamp) -> Option<&'t str> {
        zone_at(report, t.zone)
    }

    /// The zone `report.zones[index]`.
    pub fn zone_at(report: &Report, index: Option<u32>) -> Option<&str> {
        report.zones.get(index? as usize).map(String::as_str)
    }

    /// "YYYY-MM-DD" of a date in days since 1970-01-01 (a `timestamp.date`).
    pub fn date_string(days: i32) -> String {
        crate::values::iso(i64::from(days))
    }

    /// "HH:MM", or "HH:MM:SS" when the seconds are not 0, of a time of day
    /// in seconds since midnight (a `timestamp.time`).
    pub fn time_string(seconds: u32) -> String {
        let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        if s == 0 {
            format!("{h:02}:{m:02}")
        } else {
            format!("{h:02}:{m:02}:{s:02}")
        }
    }
}

/// The trait a plugin implements: `describe` and `check` of `interface rules`.
pub use bindings::exports::pirlint::plugin::rules::Guest as Plugin;

/// Registers a type implementing [`Plugin`] as the component's export:
/// `pirlint_plugin_sdk::export!(MyPlugin);` at the crate root of a plugin.
pub use bindings::export;

/// Everything a plugin usually needs: `use pirlint_plugin_sdk::prelude::*;`.
pub mod prelude {
    pub use crate::types::*;
    pub use crate::{enabled, model, options, text, values, vocab, Plugin, INTERFACE_VERSION};
    pub use crate::rule::{body_of, heading_of, human_duration, text_of, Context, NoOptions, Rule};
    pub use crate::rule;
    pub use schemars::JsonSchema;
    pub use serde::{Deserialize, Serialize};
}

use types::*;

/// The interface version this SDK implements. The host refuses plugins whose
/// `plugin-info.interface-version` differs from its own.
pub const INTERFACE_VERSION: u32 = 2;

/// Finds the configuration of rule `id` among the enabled `rules` passed to
/// `check`; `None` means the rule is disabled for this check and must not
/// report anything.
pub fn enabled<'a>(rules: &'a [RuleConfig], id: &str) -> Option<&'a RuleConfig> {
    rules.iter().find(|r| r.rule == id)
}

/// Parses a rule's `options-json` into `T`.
///
/// Give `T` `#[serde(default)]` (and a `Default` impl holding the documented
/// defaults) so that unset options take their default; an empty string is
/// read as `{}`. The host validates options against the rule's schema
/// first, so an error here means the schema and `T` disagree; returning it
/// from `check` makes the host report a plugin failure.
///
/// ```
/// #[derive(serde::Deserialize, Default)]
/// #[serde(default, rename_all = "kebab-case")]
/// struct Opts { max_len: Option<u32>, ignore_kinds: Vec<String> }
///
/// let cfg = pirlint_plugin_sdk::types::RuleConfig {
///     rule: "x/y".into(),
///     severity: pirlint_plugin_sdk::types::Severity::Warning,
///     options_json: r#"{"ignore-kinds":["timeline"]}"#.into(),
/// };
/// let o: Opts = pirlint_plugin_sdk::options(&cfg).unwrap();
/// assert_eq!(o.ignore_kinds, ["timeline"]);
/// assert_eq!(o.max_len, None);
/// ```
pub fn options<T: serde::de::DeserializeOwned>(config: &RuleConfig) -> Result<T, String> {
    let json = config.options_json.trim();
    let json = if json.is_empty() { "{}" } else { json };
    serde_json::from_str(json)
        .map_err(|e| format!("invalid options for rule `{}`: {e}", config.rule))
}

impl Span {
    /// The span `[start, end)`.
    pub fn new(start: u32, end: u32) -> Self {
        Span { start, end }
    }

    /// The span of a `usize` byte range (offsets saturate at `u32::MAX`).
    pub fn from_range(range: std::ops::Range<usize>) -> Self {
        let c = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        Span {
            start: c(range.start),
            end: c(range.end),
        }
    }

    /// The span as a `usize` range, for slicing.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Length in bytes (0 for inverted spans).
    pub fn len(self) -> u32 {
        self.end.saturating_sub(self.start)
    }

    /// True when the span covers no bytes.
    pub fn is_empty(self) -> bool {
        self.end <= self.start
    }

    /// True when `other` lies within this span.
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

impl SectionKind {
    /// The heading table the host sends under a policy without `[sections]`
    /// (pirlint-vocab's defaults), for tests that build a `check-context`
    /// by hand. Rules read the table the host sends: `Context::headings`.
    pub fn defaults() -> Vec<SectionKind> {
        vocab::SECTION_KINDS
            .iter()
            .map(|k| SectionKind {
                kind: k.id.to_owned(),
                display: k.display.to_owned(),
                headings: k.synonyms.iter().map(|s| (*s).to_owned()).collect(),
            })
            .collect()
    }
}

impl Dates {
    /// No date context: no incident date, no zone, date order `auto`, no
    /// entries (for tests that build a `check-context` by hand).
    pub fn none() -> Self {
        Dates { incident_date: None, zone: None, zone_from: ReadingSource::None, date_order: DateOrder::Auto }
    }
}

impl Label {
    /// A label on `span` with `message`.
    pub fn new(span: Span, message: impl Into<String>) -> Self {
        Label {
            span,
            message: message.into(),
        }
    }
}

impl Edit {
    /// Replace `span` with `replacement` (empty span: insert; empty
    /// replacement: delete).
    pub fn new(span: Span, replacement: impl Into<String>) -> Self {
        Edit {
            span,
            replacement: replacement.into(),
        }
    }
}

impl Fix {
    /// A mechanical, meaning-preserving fix, applied by `--fix`.
    pub fn safe(description: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix {
            description: description.into(),
            applicability: Applicability::Safe,
            edits,
        }
    }

    /// A fix that changes wording or meaning, applied only with
    /// `--unsafe-fixes`.
    pub fn unsafe_(description: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix {
            description: description.into(),
            applicability: Applicability::Unsafe,
            edits,
        }
    }
}

impl Diagnostic {
    /// A diagnostic of `rule` at `span` with `message` (what is wrong). The
    /// primary label starts empty, severity is the rule's configured one.
    ///
    /// ```
    /// use pirlint_plugin_sdk::types::*;
    /// let d = Diagnostic::new("structure/placeholder", Span::new(4, 8), "placeholder `TODO`")
    ///     .label("left from the template")
    ///     .help("replace it with the actual content")
    ///     .secondary(Span::new(0, 3), "in this section");
    /// assert_eq!(d.primary.message, "left from the template");
    /// assert_eq!(d.secondary.len(), 1);
    /// ```
    pub fn new(rule: impl Into<String>, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            rule: rule.into(),
            severity: None,
            message: message.into(),
            primary: Label {
                span,
                message: String::new(),
            },
            secondary: Vec::new(),
            help: None,
            fixes: Vec::new(),
        }
    }

    /// Sets the primary label's message (shown under the primary span).
    pub fn label(mut self, message: impl Into<String>) -> Self {
        self.primary.message = message.into();
        self
    }

    /// Sets the help text: why it matters and how to fix it.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a secondary label.
    pub fn secondary(mut self, span: Span, message: impl Into<String>) -> Self {
        self.secondary.push(Label::new(span, message));
        self
    }

    /// Adds a fix.
    pub fn fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }

    /// Overrides the configured severity for this one diagnostic (rarely
    /// right: users configure severities per rule).
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = Some(severity);
        self
    }
}

impl RuleInfo {
    /// Describes one rule. `options_schema` is a JSON Schema (as JSON text)
    /// for the rule's options object; use
    /// `{"type":"object","additionalProperties":false}` for a rule without
    /// options.
    pub fn new(
        id: impl Into<String>,
        summary: impl Into<String>,
        default_severity: Severity,
        documentation: impl Into<String>,
        options_schema: impl Into<String>,
    ) -> Self {
        RuleInfo {
            id: id.into(),
            summary: summary.into(),
            default_severity,
            documentation: documentation.into(),
            options_schema: options_schema.into(),
            fixable: false,
            former_ids: Vec::new(),
        }
    }

    /// Marks whether the rule's findings can carry fixes.
    pub fn fixable(mut self, fixable: bool) -> Self {
        self.fixable = fixable;
        self
    }

    /// The ids the rule had before it was renamed.
    pub fn former_ids(mut self, ids: &[&str]) -> Self {
        self.former_ids = ids.iter().map(|s| s.to_string()).collect();
        self
    }
}

impl PluginInfo {
    /// Describes a plugin speaking [`INTERFACE_VERSION`].
    pub fn new(name: impl Into<String>, version: impl Into<String>, rules: Vec<RuleInfo>) -> Self {
        PluginInfo {
            name: name.into(),
            version: version.into(),
            interface_version: INTERFACE_VERSION,
            rules,
        }
    }
}

/// The schema of a rule without options.
pub const NO_OPTIONS_SCHEMA: &str =
    r#"{"type":"object","properties":{},"additionalProperties":false}"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enabled_and_options() {
        let rules = vec![RuleConfig {
            rule: "a/b".into(),
            severity: Severity::Error,
            options_json: String::new(),
        }];
        assert!(enabled(&rules, "a/b").is_some());
        assert!(enabled(&rules, "a/c").is_none());
        #[derive(serde::Deserialize, Default, Debug)]
        #[serde(default)]
        struct O {
            n: u32,
        }
        let o: O = options(&rules[0]).unwrap();
        assert_eq!(o.n, 0);
        let bad = RuleConfig {
            options_json: "{\"n\":\"x\"}".into(),
            ..rules[0].clone()
        };
        assert!(options::<O>(&bad).unwrap_err().contains("a/b"));
    }

    /// The crate builds from its own copy of the contract (so that it can
    /// be published); in the repository it must be the contract.
    #[test]
    fn wit_copy_is_the_contract() {
        let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../wit/pirlint.wit");
        let Ok(contract) = std::fs::read_to_string(&repo) else {
            return; // the published crate: no repository around it
        };
        assert!(
            contract == include_str!("../wit/pirlint.wit"),
            "crates/pirlint-plugin-sdk/wit/pirlint.wit differs from wit/pirlint.wit: copy it over"
        );
    }

    #[test]
    fn span_helpers() {
        let s = Span::from_range(2..5);
        assert_eq!(s, Span::new(2, 5));
        assert_eq!(s.len(), 3);
        assert!(!s.is_empty());
        assert!(s.contains(Span::new(3, 5)));
        assert!(Span::new(5, 2).is_empty());
    }
}
