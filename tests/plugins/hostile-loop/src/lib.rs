//! Test plugin `hostile-loop`: loops forever in check.

use pirlint_plugin_sdk::prelude::*;

struct P;

impl Plugin for P {
    fn describe() -> PluginInfo {
        PluginInfo::new(
            "hostile-loop",
            env!("CARGO_PKG_VERSION"),
            vec![RuleInfo::new(
                "hostile-loop/loop",
                "Test rule: loops forever",
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
        let mut i = 0u64;
        loop {
            i = core::hint::black_box(i.wrapping_add(1));
        }
    }
}

pirlint_plugin_sdk::export!(P);
