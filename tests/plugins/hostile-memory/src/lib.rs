//! Test plugin `hostile-memory`: allocates memory without bound in check.

use pirlint_plugin_sdk::prelude::*;

struct P;

impl Plugin for P {
    fn describe() -> PluginInfo {
        PluginInfo::new(
            "hostile-memory",
            env!("CARGO_PKG_VERSION"),
            vec![RuleInfo::new(
                "hostile-memory/memory",
                "Test rule: allocates without bound",
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
        let mut kept: Vec<Vec<u8>> = Vec::new();
        loop {
            // 1 MiB at a time, written to so the pages are really touched.
            let block = vec![0xA5u8; 1 << 20];
            kept.push(core::hint::black_box(block));
        }
    }
}

pirlint_plugin_sdk::export!(P);
