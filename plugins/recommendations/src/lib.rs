//! pirlint built-in plugin `recommendations` (rules to come).
use pirlint_plugin_sdk::prelude::*;

struct Stub;

impl Plugin for Stub {
    fn describe() -> PluginInfo {
        PluginInfo::new("recommendations", env!("CARGO_PKG_VERSION"), vec![])
    }

    fn check(_: Report, _: String, _: Vec<RuleConfig>, _: CheckContext) -> Result<Vec<Diagnostic>, String> {
        Ok(Vec::new())
    }
}

pirlint_plugin_sdk::export!(Stub);
