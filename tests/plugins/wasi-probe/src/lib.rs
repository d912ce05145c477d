//! Test plugin `wasi-probe`: a component built for `wasm32-wasip2`, as third
//! parties build theirs, so it imports WASI. Its one rule tries the
//! capability named by the `probe` option; the host must instantiate it and
//! grant nothing.

use pirlint_plugin_sdk::prelude::*;
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
struct Options {
    probe: String,
}

struct P;

const SCHEMA: &str = r#"{"type":"object","additionalProperties":false,"properties":{"probe":{"enum":["none","env","clock","file","random","stdout"]}}}"#;

impl Plugin for P {
    fn describe() -> PluginInfo {
        PluginInfo::new(
            "wasi-probe",
            env!("CARGO_PKG_VERSION"),
            vec![RuleInfo::new(
                "wasi-probe/probe",
                "Test rule: tries one WASI capability",
                Severity::Info,
                "Test plugin for the pirlint host; never ship it.",
                SCHEMA,
            )],
        )
    }

    fn check(_: Report, _: String, rules: Vec<RuleConfig>, _: CheckContext) -> Result<Vec<Diagnostic>, String> {
        let Some(config) = enabled(&rules, "wasi-probe/probe") else { return Ok(Vec::new()) };
        let options: Options = options(config)?;
        let outcome = match options.probe.as_str() {
            "env" => format!("{} environment variables", std::env::vars().count()),
            "clock" => format!("{:?}", std::time::SystemTime::now()),
            "file" => format!("{:?}", std::fs::read("/etc/passwd").map(|b| b.len())),
            "random" => {
                let map: std::collections::HashMap<u8, u8> = std::collections::HashMap::new();
                format!("{}", map.len())
            }
            "stdout" => {
                println!("hello from a plugin");
                "printed".to_owned()
            }
            _ => "nothing tried".to_owned(),
        };
        Ok(vec![Diagnostic::new("wasi-probe/probe", Span::new(0, 0), format!("probe {}: {outcome}", options.probe))])
    }
}

pirlint_plugin_sdk::export!(P);
