//! `lessons/focus-areas`: the lessons learned cover documentation and
//! processes, team performance and readiness, tools and resources, and the
//! business's involvement.

use pirlint_plugin_sdk::prelude::*;

use crate::{covers, default_types, field, in_scope, lenient, lessons_section, says_something};

rule! {
    /// Checks that the lessons learned cover each **focus area** of the
    /// post-incident review. By default:
    ///
    /// | area | covered by a section of kind | or the field |
    /// |---|---|---|
    /// | documentation and processes | `processes` ("Documentation and processes", "Processes", ...), `playbooks` ("Plans and playbooks", "Runbook updates", ...) | `lessons.processes`, `playbooks-update` |
    /// | team performance and readiness | `team-performance` ("Team performance", "Team readiness", ...), `training` | `lessons.team`, `training` |
    /// | effectiveness of tools and resources | `tools` ("Tools and resources", "Tooling", ...) | `lessons.tools` |
    /// | business involvement during the incident | `business-involvement` ("Business involvement", "Stakeholder communication", "Communication", ...) | `lessons.business` |
    ///
    /// A section counts when it (or a subsection) has content, wherever it
    /// is (usually under Lessons learned); its headings are the host's
    /// heading table, so a policy's `[sections]` synonyms add to them. A
    /// labelled line of the lessons counts as a section named by its label:
    /// `- **Tools** – ...`, `- Process: ...`, `- (Process/Structure) ...`. A
    /// field counts when it says something (`lessons:` is a mapping in the
    /// front matter or at the top level of a JSON/YAML report). The
    /// wording of the lessons is never searched for keywords.
    ///
    /// One finding per report, on the Lessons learned heading, listing the
    /// areas not covered. Applied to reports whose `incident-type` is one of
    /// `incident-types` (default: security incidents). A report without a
    /// lessons-learned section and without a `lessons` field gets none:
    /// `structure/required-sections` reports the missing section. On a
    /// draft the finding is `info`.
    ///
    /// ## Why it matters
    ///
    /// NIST SP 800-61 Rev. 2, §3.4.1, lists what a lessons-learned meeting
    /// asks: how well staff and management performed, whether the
    /// documented procedures were followed and adequate, what information
    /// was needed sooner, and what additional tools or resources are needed
    /// to detect, analyze and mitigate future incidents. Lessons that only
    /// list what went well and what went wrong tend to skip the areas
    /// nobody owns: the business's part and the team's readiness.
    ///
    /// ## How to fix
    ///
    /// One subsection of Lessons learned per area:
    ///
    /// ```markdown
    /// # Lessons learned
    /// ## Documentation and processes
    /// ## Team performance and readiness
    /// ## Tools and resources
    /// ## Business involvement
    /// ```
    ///
    /// or the front matter:
    ///
    /// ```yaml
    /// lessons:
    ///   processes: "The revocation runbook was out of date"
    ///   team: "Two of five on-call engineers had done a token revocation before"
    ///   tools: "Secret scanning did not cover the CI logs"
    ///   business: "Legal joined within an hour; support had no customer statement"
    /// ```
    ///
    /// ## Options
    ///
    /// - `incident-types` (list, default `["security"]`): incident types the
    ///   rule applies to; `[]` applies it to every report.
    /// - `areas` (list, default the four above): each `{id, name, kinds,
    ///   fields}`; `kinds` are section kinds (add headings to a kind with the
    ///   policy's `[sections]`), `fields` front-matter paths (`lessons.tools`).
    ///
    /// ```toml
    /// [rules."lessons/focus-areas"]
    /// areas = [
    ///   { id = "tools", name = "tools and resources", kinds = ["tools"], fields = ["lessons.tools"] },
    ///   { id = "vendors", name = "vendor involvement", kinds = ["vendors"], fields = ["lessons.vendors"] },
    /// ]
    /// ```
    ///
    /// ## Example
    ///
    /// A security report whose Lessons learned has only "What went well" and
    /// "What went wrong" reports `the lessons learned have no part on
    /// documentation and processes, team performance and readiness,
    /// effectiveness of tools and resources, business involvement during the
    /// incident` on the Lessons learned heading.
    pub struct FocusAreas;
}

#[derive(Deserialize, Serialize, JsonSchema, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Area {
    /// Identifier of the area.
    #[schemars(length(min = 1))]
    pub id: String,
    /// How messages name it ("tools and resources").
    #[schemars(length(min = 1))]
    pub name: String,
    /// Section kinds that cover it.
    #[serde(default)]
    pub kinds: Vec<String>,
    /// Front-matter paths that cover it ("lessons.tools").
    #[serde(default)]
    pub fields: Vec<String>,
}

#[derive(Deserialize, Serialize, JsonSchema, Debug)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct FocusAreasOptions {
    /// Incident types the rule applies to; [] applies it to every report.
    pub incident_types: Vec<String>,
    /// The focus areas the lessons must cover.
    pub areas: Vec<Area>,
}

fn area(id: &str, name: &str, kinds: &[&str], fields: &[&str]) -> Area {
    let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect();
    Area { id: id.into(), name: name.into(), kinds: v(kinds), fields: v(fields) }
}

impl Default for FocusAreasOptions {
    fn default() -> Self {
        FocusAreasOptions {
            incident_types: default_types(),
            areas: vec![
                area(
                    "documentation-and-processes",
                    "documentation and processes",
                    &["processes", "playbooks"],
                    &["lessons.processes", "lessons.documentation", "playbooks-update"],
                ),
                area(
                    "team-performance",
                    "team performance and readiness",
                    &["team-performance", "training"],
                    &["lessons.team", "training"],
                ),
                area("tools-and-resources", "effectiveness of tools and resources", &["tools"], &["lessons.tools"]),
                area(
                    "business-involvement",
                    "business involvement during the incident",
                    &["business-involvement"],
                    &["lessons.business"],
                ),
            ],
        }
    }
}

impl Rule for FocusAreas {
    const ID: &'static str = "lessons/focus-areas";
    const SUMMARY: &'static str = "The lessons learned cover documentation and processes, team performance and readiness, tools and resources, and business involvement";
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    type Options = FocusAreasOptions;

    fn check(cx: &Context<'_>, opts: &FocusAreasOptions) -> Vec<Diagnostic> {
        if !in_scope(cx, &opts.incident_types) || opts.areas.is_empty() {
            return Vec::new();
        }
        let lessons_field = field(cx, "lessons");
        let anchor = match (lessons_section(cx), &lessons_field) {
            (Some(s), _) => s.heading_span,
            (None, Some(f)) => f.span,
            (None, None) => return Vec::new(),
        };
        let missing: Vec<&Area> = opts
            .areas
            .iter()
            .filter(|a| {
                let by_section = covers(cx, &a.kinds);
                let by_field = a.fields.iter().any(|p| field(cx, p).is_some_and(|f| says_something(&f.value)));
                !(by_section || by_field)
            })
            .collect();
        if missing.is_empty() {
            return Vec::new();
        }
        let names: Vec<&str> = missing.iter().map(|a| a.name.as_str()).collect();
        let headings: Vec<String> = missing
            .iter()
            .map(|a| match a.kinds.first() {
                Some(k) => format!("`### {}`", cx.display_name(k)),
                None => format!("`{}`", a.fields.first().map_or(a.id.as_str(), String::as_str)),
            })
            .collect();
        vec![lenient(
            cx,
            Diagnostic::new(Self::ID, anchor, format!("the lessons learned have no part on {}", names.join(", ")))
                .label(format!("{} of {} focus areas not covered", missing.len(), opts.areas.len()))
                .help(format!(
                    "NIST SP 800-61 (3.4.1) asks how staff performed, whether the documented procedures \
                     were adequate, and what tools or resources are needed. Add a subsection of Lessons \
                     learned per area ({}), or a front-matter `lessons:` mapping (`processes`, `team`, \
                     `tools`, `business`). If an area does not apply, say so there and why.",
                    headings.join(", ")
                )),
        )]
    }
}
