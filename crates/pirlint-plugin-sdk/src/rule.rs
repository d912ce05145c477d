//! SDK v2: a rule is a type.
//!
//! A rule is a unit struct declared with [`rule!`](crate::rule!), whose doc
//! comment is the rule's documentation (what `pirlint explain` shows), and an
//! implementation of [`Rule`]: its id, summary, default severity, a typed
//! options struct (serde + a derived JSON Schema, defaults in its `Default`
//! impl alone) and `check`. A plugin is the list of its rule types;
//! [`plugin!`](crate::plugin!) generates `describe`, the dispatch in `check`
//! and a per-instance cache of parsed options (each distinct options string
//! of a rule is parsed once per instance, not once per report).
//!
//! Built-in plugins keep one rule per file in `src/rules/` and let the
//! `pirlint-plugin-build` build script write the list, so adding a rule
//! touches no other file; a plugin outside this repository can call
//! [`plugin!`](crate::plugin!) with its list by hand.
//!
//! Rule code reads the report through [`Context`] (`cx.text(span)`,
//! `cx.sections_of_kind(..)`, `cx.prose()`, ...) rather than slicing the
//! source itself, so that a change of transport between host and plugin
//! touches the SDK only.

use std::any::{Any, TypeId};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::text;
use crate::types::*;

/// The documentation a [`rule!`](crate::rule!) declaration carries: the
/// lines of the type's doc comment, as the compiler gives them.
pub trait Documented {
    /// One entry per `///` line, with its leading space.
    const DOC_LINES: &'static [&'static str];
}

/// A rule: implement it for the unit struct that [`rule!`](crate::rule!)
/// declares.
pub trait Rule: Documented + Sized + 'static {
    /// The rule id, `plugin/name`.
    const ID: &'static str;
    /// One line: what the rule checks (`pirlint rules`).
    const SUMMARY: &'static str;
    /// The severity when the policy gives none.
    const DEFAULT_SEVERITY: Severity;
    /// Whether the rule's findings can carry fixes (`pirlint rules` shows
    /// it). Set it when `check` may return a diagnostic with `.fix(..)`.
    const FIXABLE: bool = false;
    /// The ids the rule had before it was renamed: a policy's
    /// `[rules."OLD"]` and a suppression naming an old id apply to it.
    const FORMER_IDS: &'static [&'static str] = &[];
    /// The rule's options: `#[serde(default, deny_unknown_fields,
    /// rename_all = "kebab-case")]`, documented fields (the doc comment is
    /// the schema's `description`), defaults in `Default` alone. Use
    /// [`NoOptions`] for a rule without options.
    type Options: DeserializeOwned + Serialize + Default + JsonSchema + 'static;
    /// The findings of this rule on `cx`'s report.
    fn check(cx: &Context<'_>, options: &Self::Options) -> Vec<Diagnostic>;

    /// The Markdown documentation: the doc comment under `# ID` (see
    /// [`documentation`]). Override it to fill in text made from data,
    /// such as a table of the section kinds the parser knows.
    fn documentation() -> String {
        documentation::<Self>()
    }

    /// The JSON Schema of the options: derived from `Options` (see
    /// [`schema_of`]). Override it only where a derived schema cannot say
    /// what the options accept; [`check_rule`] still checks its defaults
    /// against `Options::default()`.
    fn options_schema() -> serde_json::Value {
        schema_of::<Self::Options>()
    }
}

/// The options of a rule that takes none: `{}` and nothing else.
#[derive(serde::Deserialize, Serialize, Default, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct NoOptions {}

impl JsonSchema for NoOptions {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "NoOptions".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "object", "properties": {}, "additionalProperties": false})
    }
}

/// The rule's Markdown documentation: `# ID`, a blank line, then the doc
/// comment (one leading space removed from each line).
pub fn documentation<R: Rule>() -> String {
    let mut out = format!("# {}\n\n", R::ID);
    for line in R::DOC_LINES {
        out.push_str(line.strip_prefix(' ').unwrap_or(line));
        out.push('\n');
    }
    out
}

/// The JSON Schema of `T` as the host wants it: draft 2020-12, no `title`
/// or `description` at the top (the options' own doc comments become their
/// `description`s), no `format` annotations (`uint32` and the like say nothing a user can
/// act on; the ranges stay).
pub fn schema_of<T: JsonSchema>() -> serde_json::Value {
    let schema = schemars::generate::SchemaSettings::draft2020_12().into_generator().into_root_schema_for::<T>();
    let mut value = schema.to_value();
    if let Some(obj) = value.as_object_mut() {
        // The type's name and doc comment speak to Rust readers; the
        // properties' descriptions are what users read.
        obj.remove("title");
        obj.remove("description");
    }
    strip_formats(&mut value);
    value
}

/// Removes `format` from `schema` and the schemas inside it (not from a
/// `properties` map, whose keys are option names).
fn strip_formats(schema: &mut serde_json::Value) {
    let Some(obj) = schema.as_object_mut() else { return };
    obj.remove("format");
    for (key, sub) in obj.iter_mut() {
        match key.as_str() {
            "properties" | "$defs" => sub.as_object_mut().into_iter().flat_map(|m| m.values_mut()).for_each(strip_formats),
            "items" | "additionalProperties" | "not" => strip_formats(sub),
            "anyOf" | "oneOf" | "allOf" | "prefixItems" => sub.as_array_mut().into_iter().flatten().for_each(strip_formats),
            _ => {}
        }
    }
}

/// The `rule-info` of `R`, for `describe`.
pub fn info<R: Rule>() -> RuleInfo {
    let schema = R::options_schema();
    RuleInfo::new(
        R::ID,
        R::SUMMARY,
        R::DEFAULT_SEVERITY,
        R::documentation(),
        serde_json::to_string_pretty(&schema).unwrap_or_default(),
    )
    .fixable(R::FIXABLE)
    .former_ids(R::FORMER_IDS)
}

thread_local! {
    /// The host's heading table as last sent (`check-context.headings` is
    /// `none` when it is unchanged since this instance's previous call).
    static HEADINGS: RefCell<Rc<Vec<SectionKind>>> = RefCell::new(Rc::new(Vec::new()));
}

/// Normalized heading -> kind.
type HeadingMap = HashMap<String, String>;
/// A heading table with the map built from it.
type KeptHeadingMap = (Rc<Vec<SectionKind>>, Rc<HeadingMap>);

thread_local! {
    /// The normalized-heading map of the table last asked about, kept with
    /// that table (so that its address cannot be reused while kept): built
    /// once per table an instance receives, not once per report.
    static HEADING_MAP: RefCell<Option<KeptHeadingMap>> = const { RefCell::new(None) };
}

/// Normalized heading -> kind for `table` (later entries win, as in the
/// parser's map: the policy's synonyms come last).
fn heading_map(table: &Rc<Vec<SectionKind>>) -> Rc<HeadingMap> {
    HEADING_MAP.with(|kept| {
        if let Some((t, map)) = &*kept.borrow() {
            if Rc::ptr_eq(t, table) {
                return map.clone();
            }
        }
        let mut map = HashMap::new();
        for k in table.iter() {
            for h in &k.headings {
                let key = crate::vocab::normalize(h);
                if !key.is_empty() {
                    map.insert(key, k.kind.clone());
                }
            }
        }
        let map = Rc::new(map);
        *kept.borrow_mut() = Some((table.clone(), map.clone()));
        map
    })
}

/// Keeps the heading table `context` carries, or returns the one kept.
pub fn heading_table(context: &CheckContext) -> Rc<Vec<SectionKind>> {
    HEADINGS.with(|h| {
        if let Some(table) = &context.headings {
            *h.borrow_mut() = Rc::new(table.clone());
        }
        h.borrow().clone()
    })
}

/// What [`Context::text`] reads: a span, or a model value (`text`,
/// `timestamp`) whose value is the source at its span unless carried.
pub trait TextRef<'t> {
    /// The text, given the report's source.
    fn resolve(self, source: &'t str) -> &'t str;
}

impl<'t> TextRef<'t> for Span {
    fn resolve(self, source: &'t str) -> &'t str {
        text::slice(source, self)
    }
}

impl<'t> TextRef<'t> for &'t Text {
    fn resolve(self, source: &'t str) -> &'t str {
        self.value.as_deref().unwrap_or_else(|| text::slice(source, self.span))
    }
}

impl<'t> TextRef<'t> for &'t Timestamp {
    fn resolve(self, source: &'t str) -> &'t str {
        self.text.as_deref().unwrap_or_else(|| text::slice(source, self.span))
    }
}

/// The text of `t` (a span, a `text` or a `timestamp`) in `source`, for
/// code that has the source but no [`Context`].
pub fn text_of<'t>(source: &'t str, t: impl TextRef<'t>) -> &'t str {
    t.resolve(source)
}

/// A section's heading (markup removed).
pub fn heading_of<'t>(source: &'t str, s: &'t Section) -> &'t str {
    text_of(source, &s.heading)
}

/// A section's own content (see `section.body-span`).
pub fn body_of<'t>(source: &'t str, s: &'t Section) -> &'t str {
    s.body.as_deref().unwrap_or_else(|| text::slice(source, s.body_span))
}

thread_local! {
    /// Parsed options by rule and options text. Instances are single
    /// threaded; the cache lives as long as the instance.
    static OPTIONS: RefCell<HashMap<(TypeId, String), Rc<dyn Any>>> = RefCell::new(HashMap::new());
}

/// Distinct (rule, options) pairs kept at most; past it the cache starts
/// over (a policy has a few override combinations, never hundreds).
const OPTIONS_CACHE_MAX: usize = 256;

/// `R`'s options parsed from `config`, from the cache when this instance
/// has parsed the same text before.
pub fn options_of<R: Rule>(config: &RuleConfig) -> Result<Rc<R::Options>, String> {
    let key = (TypeId::of::<R>(), config.options_json.clone());
    if let Some(hit) = OPTIONS.with(|c| c.borrow().get(&key).cloned()) {
        if let Ok(o) = hit.downcast::<R::Options>() {
            return Ok(o);
        }
    }
    let parsed: Rc<R::Options> = Rc::new(crate::options(config)?);
    OPTIONS.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= OPTIONS_CACHE_MAX {
            c.clear();
        }
        c.insert(key, parsed.clone() as Rc<dyn Any>);
    });
    Ok(parsed)
}

/// Runs `R` when the host enabled it, appending its findings to `out`.
pub fn run<R: Rule>(cx: &Context<'_>, rules: &[RuleConfig], out: &mut Vec<Diagnostic>) -> Result<(), String> {
    if let Some(config) = crate::enabled(rules, R::ID) {
        let options = options_of::<R>(config)?;
        out.extend(R::check(cx, &options));
    }
    Ok(())
}

/// What a rule sees of one `check` call: the report, its source, the run's
/// context, and values computed once per call and shared by the plugin's
/// rules ([`Context::shared`]).
pub struct Context<'a> {
    /// The parsed report.
    pub report: &'a Report,
    source: &'a str,
    /// The run: its "now" and the report's path.
    pub run: &'a CheckContext,
    rules: &'a [RuleConfig],
    shared: RefCell<Vec<(TypeId, Rc<dyn Any>)>>,
    headings: Rc<Vec<SectionKind>>,
    /// Normalized heading -> kind, from `headings`, built on first use.
    heading_map: std::cell::OnceCell<Rc<HeadingMap>>,
    /// `report.prose` decoded, on first use.
    prose: std::cell::OnceCell<Vec<ProseRun>>,
}

impl<'a> Context<'a> {
    /// The context of one `check` call.
    pub fn new(report: &'a Report, source: &'a str, run: &'a CheckContext, rules: &'a [RuleConfig]) -> Self {
        Context {
            report,
            source,
            run,
            rules,
            shared: RefCell::new(Vec::new()),
            headings: heading_table(run),
            heading_map: std::cell::OnceCell::new(),
            prose: std::cell::OnceCell::new(),
        }
    }

    /// The kind of section `s` ("timeline", "recommendations", ...) after
    /// heading synonyms are applied; `None` if unrecognized.
    pub fn kind<'t>(&'t self, s: &'t Section) -> Option<&'t str> {
        crate::model::kind_of(s, &self.headings)
    }

    /// True when section `s` is of kind `kind`.
    pub fn is_kind(&self, s: &Section, kind: &str) -> bool {
        self.kind(s) == Some(kind)
    }

    /// The time zone a timestamp is in ("UTC", "+02:00", "PST",
    /// "Europe/Oslo"), written on it or inherited from the report.
    pub fn zone(&self, t: &Timestamp) -> Option<&'a str> {
        crate::model::zone_of(self.report, t)
    }

    /// Every kind `heading` names under the host's heading table, the
    /// primary one first, by the parser's matching rules
    /// ([`crate::vocab::kinds_in`]): "Timeline and Response" names
    /// `timeline` and the kind "Response" is configured as.
    pub fn kinds_of(&self, heading: &str) -> Vec<String> {
        let map = self.heading_map.get_or_init(|| heading_map(&self.headings));
        crate::vocab::kinds_in(heading, |norm| map.get(norm).map(String::as_str)).into_iter().map(str::to_owned).collect()
    }

    /// The host's heading table: every section kind with the headings its
    /// parser recognizes as it, the policy's `[sections]` synonyms
    /// included. Help texts that name a section take the names from here.
    pub fn headings(&self) -> &[SectionKind] {
        &self.headings
    }

    /// The entry of `kind` in [`Context::headings`].
    pub fn section_kind(&self, kind: &str) -> Option<&SectionKind> {
        self.headings.iter().find(|k| k.kind == kind)
    }

    /// How help texts name section kind `kind` ("Timeline"); the kind
    /// itself when the host's table does not have it.
    pub fn display_name(&self, kind: &str) -> String {
        self.section_kind(kind).map_or_else(|| crate::vocab::display_name(kind), |k| k.display.clone())
    }

    /// The date and zone context the host read the report's times in
    /// (incident date, report zone and where it came from, date order, how
    /// each timeline entry was read).
    pub fn dates(&self) -> &'a Dates {
        &self.run.dates
    }

    /// The regulations that apply to the report, lowercased ("gdpr",
    /// "nis2", "dora", "sec-8k", or whatever else a policy names): those
    /// its front matter declares and those the policy's `[[overrides]]`
    /// apply (`check-context.regulations`). What the report declares, with
    /// spans, is `report.metadata.regulations`.
    pub fn regulations(&self) -> &'a [String] {
        &self.run.regulations
    }

    /// Whether `regulation` (compared without case) applies to the report.
    pub fn regulated_by(&self, regulation: &str) -> bool {
        self.run.regulations.iter().any(|r| r.eq_ignore_ascii_case(regulation))
    }

    /// The report's severity on the policy's severity scale (`[severity]`):
    /// the level's name and rank (1 = most severe), aliases resolved (`P1`
    /// is `SEV2` on the built-in scale). `None` when the report gives no
    /// severity or one the scale does not know.
    pub fn report_severity(&self) -> Option<&'a ReportSeverity> {
        self.run.severity.as_ref()
    }

    /// The options of rule `R` of the same plugin when it is enabled in
    /// this check (parsed once per instance, like a rule's own), for rules
    /// whose findings depend on another's settings. Options that do not
    /// parse read as the defaults here: `R`'s own run reports the error.
    pub fn options<R: Rule>(&self) -> Option<Rc<R::Options>> {
        crate::enabled(self.rules, R::ID).map(|c| options_of::<R>(c).unwrap_or_default())
    }

    /// The severity the policy gives rule `id` in this check (`None`: the
    /// rule is not enabled).
    pub fn severity(&self, id: &str) -> Option<Severity> {
        crate::enabled(self.rules, id).map(|c| c.severity)
    }

    /// The whole source text of the report. Prefer [`Context::text`] and
    /// the other accessors where they do.
    pub fn source(&self) -> &'a str {
        self.source
    }

    /// The text of a span (`""` for a span not valid in the source), or of
    /// a model value: a [`Text`] or a [`Timestamp`] as the parser read it
    /// (the source at its span, unless the value differs and is carried).
    pub fn text<'t>(&self, t: impl TextRef<'t>) -> &'t str
    where
        'a: 't,
    {
        t.resolve(self.source)
    }

    /// The source at `span` (`""` for a span not valid in the source).
    pub fn slice(&self, span: Span) -> &'a str {
        text::slice(self.source, span)
    }

    /// A section's heading, markup removed.
    pub fn heading<'t>(&self, s: &'t Section) -> &'t str
    where
        'a: 't,
    {
        heading_of(self.source, s)
    }

    /// A section's own content: from after its heading to the next heading.
    pub fn body<'t>(&self, s: &'t Section) -> &'t str
    where
        'a: 't,
    {
        body_of(self.source, s)
    }

    /// The span of the whole source.
    pub fn whole(&self) -> Span {
        Span::from_range(0..self.source.len())
    }

    /// Sections of `kind` (`pirlint_vocab` kind names), with their index.
    pub fn sections_of_kind<'s>(&'s self, kind: &'s str) -> impl Iterator<Item = (usize, &'a Section)> + 's {
        self.report.sections.iter().enumerate().filter(move |(_, s)| self.is_kind(s, kind))
    }

    /// The first section of `kind`.
    pub fn section_of_kind(&self, kind: &str) -> Option<&'a Section> {
        self.report.sections.iter().find(|s| self.is_kind(s, kind))
    }

    /// Where a finding about the whole report goes: the title (the first
    /// level-1 heading), else the first non-blank line.
    pub fn title_anchor(&self) -> Span {
        title_anchor(self.report, self.source)
    }

    /// Where a finding about the whole report goes when the front matter
    /// may name it: the front-matter `title`, else [`Context::title_anchor`].
    pub fn title_span(&self) -> Span {
        self.report.metadata.title.as_ref().map_or_else(|| self.title_anchor(), |t| t.span)
    }

    /// The report's prose runs (text that is neither code, quote nor
    /// front matter), in order.
    pub fn prose(&self) -> &[ProseRun] {
        self.prose.get_or_init(|| crate::model::prose_runs(self.report).collect())
    }

    /// The value `compute` returns, computed once per `check` call however
    /// many rules ask for it (keyed by `T`'s type).
    pub fn shared<T: 'static>(&self, compute: impl FnOnce(&Self) -> T) -> Rc<T> {
        let id = TypeId::of::<T>();
        if let Some((_, v)) = self.shared.borrow().iter().find(|(t, _)| *t == id) {
            if let Ok(v) = v.clone().downcast::<T>() {
                return v;
            }
        }
        let v = Rc::new(compute(self));
        self.shared.borrow_mut().push((id, v.clone() as Rc<dyn Any>));
        v
    }
}

/// Where a finding about the whole report goes: the title (the first
/// level-1 heading), else the first non-blank line of `source`.
pub fn title_anchor(report: &Report, source: &str) -> Span {
    report
        .sections
        .iter()
        .find(|s| s.level == 1)
        .map_or_else(|| text::first_line(source), |s| s.heading_span)
}

/// Durations in words, as findings give them: "45 min", "2 h", "2 h 5 min",
/// "3 d", "1 d 4 h" (the sign is dropped; minutes are truncated).
pub fn human_duration(secs: i64) -> String {
    let m = secs.abs() / 60;
    let (d, h, mm) = (m / 1440, (m % 1440) / 60, m % 60);
    match (d, h, mm) {
        (0, 0, m) => format!("{m} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, m) => format!("{h} h {m} min"),
        (d, 0, _) => format!("{d} d"),
        (d, h, _) => format!("{d} d {h} h"),
    }
}

/// What a documentation must hold, checked by [`check_rule`]: a title,
/// what the rule checks (the text before the first `##`), and these
/// sections, each non-empty.
pub const REQUIRED_SECTIONS: &[&str] = &["## Why it matters", "## How to fix", "## Options"];

/// What a `## Why it matters` section cites: the practice a rule comes
/// from, by name, or a link to it.
pub const PRACTICE_SOURCES: &[&str] = &[
    "NIST", "SANS", "Google", "SRE", "PagerDuty", "Atlassian", "Etsy", "GDPR", "ISO", "RFC", "http://", "https://",
];

/// Problems with `R`'s declaration: documentation without its required
/// parts (what it checks, why it matters citing the practice (see
/// [`PRACTICE_SOURCES`]), how to fix, an example as a fenced block, the
/// options), or a schema whose `default`s differ from
/// `R::Options::default()`. Empty when all is well; each plugin's tests
/// assert it for every rule (generated by [`plugin!`](crate::plugin!)).
pub fn check_rule<R: Rule>() -> Vec<String> {
    let mut problems = Vec::new();
    let doc = R::documentation();
    let id = R::ID;
    let intro = doc.split_once("\n\n").map_or("", |(_, rest)| rest.split("\n## ").next().unwrap_or(""));
    if intro.trim().is_empty() {
        problems.push(format!("{id}: the documentation does not start with what the rule checks"));
    }
    for heading in REQUIRED_SECTIONS {
        let Some(at) = doc.lines().position(|l| l == *heading) else {
            problems.push(format!("{id}: the documentation has no `{heading}` section"));
            continue;
        };
        let body: String = doc.lines().skip(at + 1).take_while(|l| !l.starts_with("## ")).collect();
        if body.trim().is_empty() {
            problems.push(format!("{id}: `{heading}` is empty"));
        }
    }
    let why: String = doc
        .lines()
        .skip_while(|l| *l != "## Why it matters")
        .skip(1)
        .take_while(|l| !l.starts_with("## "))
        .collect::<Vec<_>>()
        .join(" ");
    if !why.trim().is_empty() && !PRACTICE_SOURCES.iter().any(|p| why.contains(p)) {
        problems.push(format!(
            "{id}: `## Why it matters` cites no practice (one of {} or a link)",
            PRACTICE_SOURCES.join(", ")
        ));
    }
    if !doc.contains("\n```") {
        problems.push(format!("{id}: the documentation has no example (a fenced block)"));
    }
    let schema = R::options_schema();
    let defaults = serde_json::to_value(R::Options::default()).unwrap_or_default();
    if let Some(props) = schema.get("properties").and_then(|p| p.as_object()) {
        for (name, prop) in props {
            // No `default` in the schema stands for "unset" (`None`).
            let want = defaults.get(name).filter(|v| !v.is_null());
            // 24 and 24.0 are the same default.
            let same = match (prop.get("default"), want) {
                (Some(a), Some(b)) if a.is_number() && b.is_number() => a.as_f64() == b.as_f64(),
                (a, b) => a == b,
            };
            if !same {
                problems.push(format!(
                    "{id}: option `{name}`: the schema's default {:?} is not the `Default` value {:?}",
                    prop.get("default"),
                    want
                ));
            }
        }
    }
    problems
}

/// Declares a rule type whose doc comment is its documentation:
///
/// ```ignore
/// pirlint_plugin_sdk::rule! {
///     /// Checks that ...
///     ///
///     /// ## Why it matters
///     /// ...
///     pub struct Times;
/// }
/// ```
///
/// The documentation `pirlint explain` shows is `# ID`, a blank line and
/// the doc comment. Implement [`Rule`] for the type beside it. The
/// struct takes its doc comment and nothing else (a rule type is a unit
/// struct: it needs no derives).
#[macro_export]
macro_rules! rule {
    ($(#[doc = $doc:literal])+ $vis:vis struct $name:ident;) => {
        $(#[doc = $doc])+
        $vis struct $name;
        impl $crate::rule::Documented for $name {
            const DOC_LINES: &'static [&'static str] = &[$($doc),+];
        }
    };
}

/// Declares the plugin: its name and its rule types. Generates the
/// [`Plugin`](crate::Plugin) implementation (`describe` from the rules'
/// declarations, `check` running each enabled rule with its cached
/// options), the component export, and a test that every rule passes
/// [`check_rule`].
///
/// ```ignore
/// pirlint_plugin_sdk::plugin!("hello", [NoFoo, NoBar]);
/// ```
///
/// `max_findings: N` after the list caps the findings of one call.
#[macro_export]
macro_rules! plugin {
    ($name:literal, [$($rule:path),+ $(,)?] $(, max_findings: $max:expr)? $(,)?) => {
        #[doc(hidden)]
        pub struct __PirlintPlugin;

        impl $crate::Plugin for __PirlintPlugin {
            fn describe() -> $crate::types::PluginInfo {
                $crate::types::PluginInfo::new(
                    $name,
                    env!("CARGO_PKG_VERSION"),
                    vec![$($crate::rule::info::<$rule>()),+],
                )
            }

            fn check(
                report: $crate::types::Report,
                source: String,
                rules: Vec<$crate::types::RuleConfig>,
                context: $crate::types::CheckContext,
            ) -> Result<Vec<$crate::types::Diagnostic>, String> {
                let cx = $crate::rule::Context::new(&report, &source, &context, &rules);
                #[allow(unused_mut)]
                let mut out = Vec::new();
                $($crate::rule::run::<$rule>(&cx, &rules, &mut out)?;)+
                $(out.truncate($max);)?
                Ok(out)
            }
        }

        $crate::export!(__PirlintPlugin);

        #[cfg(test)]
        #[test]
        fn every_rule_is_documented_and_its_defaults_agree() {
            let mut problems: Vec<String> = Vec::new();
            $(problems.extend($crate::rule::check_rule::<$rule>());)+
            assert!(problems.is_empty(), "{}", problems.join("\n"));
        }
    };
}

/// Includes the rule list that `pirlint-plugin-build` wrote for this
/// plugin (`build.rs`: `pirlint_plugin_build::generate("NAME")`): one
/// module per file of `src/rules/` and the [`plugin!`](crate::plugin!) call.
#[macro_export]
macro_rules! include_rules {
    () => {
        include!(concat!(env!("OUT_DIR"), "/pirlint-rules.rs"));
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::rule! {
        /// Flags "foo".
        ///
        /// ## Why it matters
        ///
        /// Nobody knows what a foo is (Google SRE book, ch. 15).
        ///
        /// ## How to fix
        ///
        /// ```markdown
        /// Say what you mean.
        /// ```
        ///
        /// ## Options
        ///
        /// - `max` (default 3)
        struct Foo;
    }

    #[derive(serde::Deserialize, Serialize, JsonSchema)]
    #[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
    struct FooOptions {
        /// How many foos are fine.
        max_foos: u32,
    }

    impl Default for FooOptions {
        fn default() -> Self {
            FooOptions { max_foos: 3 }
        }
    }

    impl Rule for Foo {
        const ID: &'static str = "x/foo";
        const SUMMARY: &'static str = "No foo";
        const DEFAULT_SEVERITY: Severity = Severity::Warning;
        type Options = FooOptions;
        fn check(cx: &Context<'_>, o: &FooOptions) -> Vec<Diagnostic> {
            let hits = text::find_phrase(cx.source(), cx.whole(), "foo");
            if hits.len() as u32 > o.max_foos {
                vec![Diagnostic::new(Self::ID, hits[0], "foo")]
            } else {
                Vec::new()
            }
        }
    }

    #[test]
    fn documentation_and_schema() {
        let doc = documentation::<Foo>();
        assert!(doc.starts_with("# x/foo\n\nFlags \"foo\".\n\n## Why it matters\n"), "{doc}");
        assert!(doc.ends_with("- `max` (default 3)\n"));
        assert_eq!(check_rule::<Foo>(), Vec::<String>::new());
        let schema = schema_of::<FooOptions>();
        assert_eq!(
            schema,
            serde_json::json!({
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "object",
                "properties": {"max-foos": {"description": "How many foos are fine.", "type": "integer", "minimum": 0, "default": 3}},
                "additionalProperties": false
            })
        );
        assert_eq!(schema_of::<NoOptions>(), serde_json::json!({"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "properties": {}, "additionalProperties": false}));
    }

    crate::rule! {
        /// Flags things.
        ///
        /// ## Why it matters
        ///
        /// Because.
        struct Bare;
    }

    #[derive(serde::Deserialize, Serialize, JsonSchema)]
    #[serde(default)]
    struct BareOptions {
        /// A limit.
        #[schemars(default = "other_limit")]
        limit: u32,
    }

    fn other_limit() -> u32 {
        9
    }

    impl Default for BareOptions {
        fn default() -> Self {
            BareOptions { limit: 1 }
        }
    }

    impl Rule for Bare {
        const ID: &'static str = "x/bare";
        const SUMMARY: &'static str = "Bare";
        const DEFAULT_SEVERITY: Severity = Severity::Info;
        type Options = BareOptions;
        fn check(_: &Context<'_>, _: &BareOptions) -> Vec<Diagnostic> {
            Vec::new()
        }
    }

    #[test]
    fn a_rule_without_its_parts_or_with_other_defaults_is_told() {
        let problems = check_rule::<Bare>().join("\n");
        for want in [
            "cites no practice",
            "no `## How to fix` section",
            "no `## Options` section",
            "no example",
            "option `limit`: the schema's default",
        ] {
            assert!(problems.contains(want), "{want} not in:\n{problems}");
        }
    }

    #[test]
    fn options_are_parsed_once_per_text() {
        let cfg = |json: &str| RuleConfig { rule: "x/foo".into(), severity: Severity::Warning, options_json: json.into() };
        let a = options_of::<Foo>(&cfg(r#"{"max-foos":1}"#)).unwrap();
        let b = options_of::<Foo>(&cfg(r#"{"max-foos":1}"#)).unwrap();
        assert!(Rc::ptr_eq(&a, &b));
        assert_eq!(options_of::<Foo>(&cfg("")).unwrap().max_foos, 3);
        assert!(options_of::<Foo>(&cfg(r#"{"nope":1}"#)).is_err());
    }

    #[test]
    fn durations_in_words() {
        assert_eq!(human_duration(45 * 60), "45 min");
        assert_eq!(human_duration(-2 * 3600), "2 h");
        assert_eq!(human_duration(2 * 3600 + 300), "2 h 5 min");
        assert_eq!(human_duration(3 * 86400 + 59), "3 d");
        assert_eq!(human_duration(86400 + 4 * 3600), "1 d 4 h");
    }
}
