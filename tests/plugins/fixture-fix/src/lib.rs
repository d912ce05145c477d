//! Test plugin `fixture-fix`: findings with fixes, for `--fix`, `--diff`
//! and `--unsafe-fixes`.
//!
//! * `fixture-fix/todo`: every `TODO`, with a safe fix replacing it by `DONE`;
//! * `fixture-fix/fixme`: every `FIXME`, with an unsafe fix making it `FIXED`;
//! * `fixture-fix/pair`: every `TODO TODO`, with a safe two-edit fix (first
//!   `TODO` → `LATER`, the space → `+`) that overlaps the first `todo` fix,
//!   so it must be skipped whole.
//!
//! `fixture-fix/todo` was once `fixture-fix/todo-old` (its former id, for
//! the tests of renamed rules).

use pirlint_plugin_sdk::prelude::*;

struct P;

const NO_OPTIONS: &str = pirlint_plugin_sdk::NO_OPTIONS_SCHEMA;
const DOC: &str = "Test plugin for the pirlint host; never ship it.";

fn span(start: usize, len: usize) -> Span {
    Span::from_range(start..start + len)
}

impl Plugin for P {
    fn describe() -> PluginInfo {
        PluginInfo::new(
            "fixture-fix",
            env!("CARGO_PKG_VERSION"),
            vec![
                RuleInfo::new("fixture-fix/todo", "Test rule: TODO, safely fixed to DONE", Severity::Warning, DOC, NO_OPTIONS)
                    .fixable(true)
                    .former_ids(&["fixture-fix/todo-old"]),
                RuleInfo::new("fixture-fix/fixme", "Test rule: FIXME, unsafely fixed to FIXED", Severity::Warning, DOC, NO_OPTIONS).fixable(true),
                RuleInfo::new("fixture-fix/pair", "Test rule: TODO TODO, with an overlapping fix", Severity::Warning, DOC, NO_OPTIONS).fixable(true),
            ],
        )
    }

    fn check(
        _report: Report,
        source: String,
        rules: Vec<RuleConfig>,
        _context: CheckContext,
    ) -> Result<Vec<Diagnostic>, String> {
        let mut out = Vec::new();
        if enabled(&rules, "fixture-fix/todo").is_some() {
            for (at, _) in source.match_indices("TODO") {
                out.push(
                    Diagnostic::new("fixture-fix/todo", span(at, 4), "TODO left in the report")
                        .label("here")
                        .fix(Fix::safe("replace TODO with DONE", vec![Edit::new(span(at, 4), "DONE")])),
                );
            }
        }
        if enabled(&rules, "fixture-fix/fixme").is_some() {
            for (at, _) in source.match_indices("FIXME") {
                out.push(
                    Diagnostic::new("fixture-fix/fixme", span(at, 5), "FIXME left in the report")
                        .fix(Fix::unsafe_("replace FIXME with FIXED", vec![Edit::new(span(at, 5), "FIXED")])),
                );
            }
        }
        if enabled(&rules, "fixture-fix/pair").is_some() {
            for (at, _) in source.match_indices("TODO TODO") {
                out.push(Diagnostic::new("fixture-fix/pair", span(at, 9), "two TODOs in a row").fix(Fix::safe(
                    "merge the pair",
                    vec![Edit::new(span(at, 4), "LATER"), Edit::new(span(at + 4, 1), "+")],
                )));
            }
        }
        Ok(out)
    }
}

pirlint_plugin_sdk::export!(P);
