//! Test plugin `hostile-describe`: describe returns interface-version 999.

use pirlint_plugin_sdk::prelude::*;

struct P;

impl Plugin for P {
    fn describe() -> PluginInfo {
        PluginInfo {
            interface_version: 999,
            ..PluginInfo::new(
                "hostile-describe",
                env!("CARGO_PKG_VERSION"),
                vec![RuleInfo::new(
                    "hostile-describe/version",
                    "Test rule: wrong interface version",
                    Severity::Warning,
                    "Test plugin for the pirlint host; never ship it.",
                    pirlint_plugin_sdk::NO_OPTIONS_SCHEMA,
                )],
            )
        }
    }

    fn check(
        report: Report,
        source: String,
        rules: Vec<RuleConfig>,
        context: CheckContext,
    ) -> Result<Vec<Diagnostic>, String> {
        let _ = (&report, &source, &rules, &context);
        Ok(Vec::new())
    }
}

pirlint_plugin_sdk::export!(P);
