//! Test plugin `hostile-span`: returns a span ending past the end of the source.

use pirlint_plugin_sdk::prelude::*;

struct P;

impl Plugin for P {
    fn describe() -> PluginInfo {
        PluginInfo::new(
            "hostile-span",
            env!("CARGO_PKG_VERSION"),
            vec![RuleInfo::new(
                "hostile-span/span",
                "Test rule: returns an out-of-range span",
                Severity::Warning,
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
        let end = u32::try_from(source.len())
            .unwrap_or(u32::MAX)
            .saturating_add(10);
        Ok(vec![Diagnostic::new(
            "hostile-span/span",
            Span::new(0, end),
            "span past the end of the source",
        )])
    }
}

pirlint_plugin_sdk::export!(P);
