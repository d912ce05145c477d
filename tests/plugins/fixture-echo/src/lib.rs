//! Test plugin `fixture-echo`: well-behaved: one info diagnostic per report.

use pirlint_plugin_sdk::prelude::*;

struct P;

impl Plugin for P {
    fn describe() -> PluginInfo {
        PluginInfo::new(
            "fixture-echo",
            env!("CARGO_PKG_VERSION"),
            vec![RuleInfo::new(
                "fixture-echo/seen",
                "Test rule: reports every report once, at 0..0",
                Severity::Info,
                "Test plugin for the pirlint host; never ship it.",
                pirlint_plugin_sdk::NO_OPTIONS_SCHEMA,
            )],
        )
    }

    fn check(
        report: Report,
        source: String,
        rules: Vec<RuleConfig>,
        context: CheckContext,
    ) -> Result<Vec<Diagnostic>, String> {
        let _ = (&report, &source, &rules, &context);
        Ok(enabled(&rules, "fixture-echo/seen")
            .map(|_| {
                Diagnostic::new(
                    "fixture-echo/seen",
                    Span::new(0, 0),
                    format!("fixture-echo saw {}", context.path),
                )
                .label("report start")
            })
            .into_iter()
            .collect())
    }
}

pirlint_plugin_sdk::export!(P);
