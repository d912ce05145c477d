//! Test plugin `wasi-probe`: a component built for `wasm32-wasip2`, as third
//! parties build theirs, so it imports WASI. Its one rule tries the
//! capability named by the `probe` option and reports what it learnt; the
//! host must instantiate it and give answers that carry nothing from the
//! machine (see `crates/pirlint-host/src/wasi_shim.rs`).

use pirlint_plugin_sdk::prelude::*;
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
struct Options {
    probe: String,
}

struct P;

const SCHEMA: &str = r#"{"type":"object","additionalProperties":false,"properties":{"probe":{"enum":["none","env","clock","monotonic","file","random","socket","stdout","panic"]}}}"#;

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
            "env" => format!(
                "{} environment variables, {} arguments, current directory {:?}",
                std::env::vars_os().count(),
                std::env::args_os().count(),
                std::env::current_dir().ok()
            ),
            "clock" => format!(
                "{:?} since the epoch",
                std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs())
            ),
            "monotonic" => {
                let start = std::time::Instant::now();
                format!("{:?} elapsed, reads {start:?}", start.elapsed())
            }
            "file" => format!(
                "read {:?}, listed {:?}",
                std::fs::read("/etc/passwd").map(|b| b.len()).map_err(|e| e.kind()),
                std::fs::read_dir(".").map(|d| d.count()).map_err(|e| e.kind())
            ),
            "random" => {
                use std::hash::BuildHasher;
                // std seeds `RandomState` from `wasi:random/insecure-seed`.
                format!("hash {}", std::collections::hash_map::RandomState::new().hash_one(42u32))
            }
            "socket" => format!(
                "connect {:?}, lookup {:?}",
                std::net::TcpStream::connect("127.0.0.1:80").map(|_| ()).map_err(|e| e.kind()),
                std::net::ToSocketAddrs::to_socket_addrs("localhost:80").map(|a| a.count()).map_err(|e| e.kind())
            ),
            "stdout" => {
                println!("hello from a plugin on stdout");
                eprintln!("and on stderr");
                "printed".to_owned()
            }
            "panic" => {
                println!("printed before the panic");
                panic!("the probe panicked on purpose")
            }
            _ => "nothing tried".to_owned(),
        };
        Ok(vec![Diagnostic::new("wasi-probe/probe", Span::new(0, 0), format!("probe {}: {outcome}", options.probe))])
    }
}

pirlint_plugin_sdk::export!(P);
