//! Test plugin `hostile-unknown-rule`: reports a rule id it never declared.

use pirlint_plugin_sdk::prelude::*;

struct P;

impl Plugin for P {
    fn describe() -> PluginInfo {
        PluginInfo::new(
            "hostile-unknown-rule",
            env!("CARGO_PKG_VERSION"),
            vec![RuleInfo::new(
                "hostile-unknown-rule/declared",
                "Test rule: declared but never reported",
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
        Ok(vec![Diagnostic::new(
            "hostile-unknown-rule/undeclared",
            Span::new(0, 0),
            "diagnostic for a rule this plugin never declared",
        )])
    }
}

pirlint_plugin_sdk::export!(P);
