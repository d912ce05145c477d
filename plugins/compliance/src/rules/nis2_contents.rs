//! `compliance/nis2-contents`: each NIS2 stage records what Art. 23(4) asks
//! of it.

use pirlint_plugin_sdk::prelude::*;

use crate::{and_list, in_scope, missing_items, notices, of_kind, Regime};

type Items = &'static [(&'static str, &'static [&'static [&'static str]])];

/// Per stage: the items of Art. 23(4) and the content keys that answer them.
pub const NIS2_ITEMS: &[(&str, &str, Items)] = &[
    (
        "early-warning",
        "23(4)(a)",
        &[
            ("unlawful-or-malicious (suspected unlawful or malicious act?)", &[&["unlawfulormalicious"], &["suspectedmalicious"], &["malicious"]]),
            ("cross-border (could it have a cross-border impact?)", &[&["crossborder"], &["crossborderimpact"]]),
        ],
    ),
    (
        "incident-notification",
        "23(4)(b)",
        &[
            ("assessment (initial assessment)", &[&["assessment"], &["initialassessment"]]),
            ("severity", &[&["severity"]]),
            ("impact", &[&["impact"]]),
            ("indicators-of-compromise (where available)", &[&["indicatorsofcompromise"], &["iocs"], &["ioc"]]),
        ],
    ),
    (
        "final-report",
        "23(4)(d)",
        &[
            ("description (detailed, with severity and impact)", &[&["description"]]),
            ("severity", &[&["severity"]]),
            ("impact", &[&["impact"]]),
            ("threat-or-root-cause", &[&["threatorrootcause"], &["rootcause"], &["threat"], &["threattype"]]),
            ("mitigation (applied and ongoing)", &[&["mitigation"], &["mitigationmeasures"]]),
            ("cross-border (impact, where applicable)", &[&["crossborder"], &["crossborderimpact"]]),
        ],
    ),
];

rule! {
    /// For a report in the scope of NIS2, checks that each stage that was made
    /// (`notifications` entry with `regime: nis2` and an `at`) records under
    /// `contents` what Directive (EU) 2022/2555 Art. 23(4) asks of it:
    ///
    /// - early warning (a): `unlawful-or-malicious` (is the incident suspected of
    ///   being caused by unlawful or malicious acts?) and `cross-border` (could it
    ///   have a cross-border impact?);
    /// - incident notification (b): `assessment` (the initial assessment),
    ///   `severity`, `impact` and `indicators-of-compromise` ("where available":
    ///   write "none available" when there are none);
    /// - final report (d): `description` (detailed, with severity and impact),
    ///   `severity`, `impact`, `threat-or-root-cause`, `mitigation` (applied and
    ///   ongoing) and `cross-border` ("where applicable": write "none").
    ///
    /// One finding per stage, on its entry. Reads the structured `contents` only.
    ///
    /// ## Why it matters
    ///
    /// NIS2 Art. 23(4) (<https://eur-lex.europa.eu/eli/dir/2022/2555/oj>) defines
    /// each stage by what it tells the CSIRT or competent authority; a stage
    /// without its content meets the deadline but not the obligation.
    ///
    /// ## How to fix
    ///
    /// Record what the stage said:
    ///
    /// ```yaml
    /// notifications:
    ///   - regime: nis2
    ///     kind: early-warning
    ///     at: 2026-03-02T18:00:00+01:00
    ///     contents:
    ///       unlawful-or-malicious: yes, credential stuffing suspected
    ///       cross-border: no
    /// ```
    ///
    /// ## Options
    ///
    /// None.
    pub struct Nis2Contents;
}

impl Rule for Nis2Contents {
    const ID: &'static str = "compliance/nis2-contents";
    const SUMMARY: &'static str = "NIS2: each notification stage records what Art. 23(4) asks of it";
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    type Options = NoOptions;

    fn check(cx: &Context<'_>, _: &NoOptions) -> Vec<Diagnostic> {
        if !in_scope(cx, Regime::Nis2) {
            return Vec::new();
        }
        let notices = notices(cx);
        let mut out = Vec::new();
        for (kind, paragraph, items) in NIS2_ITEMS {
            let made: Vec<_> = of_kind(&notices, Regime::Nis2, &[kind]).into_iter().filter(|n| n.at.is_some()).collect();
            let Some(first) = made.first() else { continue };
            let missing = missing_items(&made, items);
            if missing.is_empty() {
                continue;
            }
            let names: Vec<&str> = missing.iter().map(|m| m.split(" (").next().unwrap_or(m)).collect();
            out.push(
                Diagnostic::new(
                    Self::ID,
                    first.span,
                    format!("the NIS2 {} does not record {} (Art. {paragraph})", kind.replace('-', " "), and_list(&missing)),
                )
                .label(format!("NIS2 {kind}"))
                .help(format!(
                    "Add the missing items under this entry's `contents`: {}. Where the Directive says \"where available\" or \"where applicable\", write what applies (\"none available\", \"no cross-border impact\").",
                    names.join(", ")
                )),
            );
        }
        out
    }
}
