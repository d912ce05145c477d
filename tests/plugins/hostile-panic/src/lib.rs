//! Test plugin `hostile-panic`: panics in check.

use pirlint_plugin_sdk::prelude::*;

struct P;

impl Plugin for P {
    fn describe() -> PluginInfo {
        PluginInfo::new(
            "hostile-panic",
            env!("CARGO_PKG_VERSION"),
            vec![RuleInfo::new(
                "hostile-panic/panic",
                "Test rule: panics",
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
        panic!(
            "hostile-panic: deliberate panic in check ({} bytes of source)",
            source.len()
        )
    }
}

pirlint_plugin_sdk::export!(P);
