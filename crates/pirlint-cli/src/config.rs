//! `pirlint config [FILE]`: the effective policy (for one report, after its
//! `[[overrides]]`) and where each value came from.

use pirlint_host::escape;
use pirlint_host::linter::{Linter, RuleDoc};
use pirlint_host::policy::Policy;
use std::fmt::Write;
use std::path::Path;

/// Prints `text`, which quotes the policy, plugin names and their option
/// descriptions, for a terminal.
fn print(text: &str) {
    print!("{}", escape::terminal(text));
}

pub fn run(linter: &Linter, policy: &Policy, report: Option<&Path>) -> u8 {
    let mut out = String::new();
    let from = |key: &str| policy.origins.get(key).map_or_else(|| "default".to_owned(), |o| o.describe());
    if policy.files.is_empty() {
        let _ = writeln!(out, "# policy: built-in defaults (no rules.toml found)");
    } else {
        let files: Vec<String> = policy.files.iter().map(|p| p.display().to_string()).collect();
        let _ = writeln!(out, "# policy files: {}", files.join(", "));
    }
    let rules = match report {
        Some(path) => match pirlint_host::pirlint_report::input::read_source(path, linter.max_file_bytes) {
            Ok(source) => {
                let set = linter.rules_for(path, &source);
                let applied: Vec<String> =
                    set.overrides.iter().map(|&i| format!("[[overrides]] at {}", linter.overrides()[i].origin.describe())).collect();
                let _ = writeln!(out, "# report: {}", path.display());
                let _ = writeln!(out, "# overrides applied: {}", if applied.is_empty() { "none".to_owned() } else { applied.join(", ") });
                let parsed = linter.parse(path, &source);
                let severity = match (&parsed.report.metadata.severity, linter.report_severity(&parsed.report)) {
                    (_, Some(level)) => format!("{} (rank {} of {})", level.name, level.rank, linter.severity_scale().levels.len()),
                    (Some(value), None) => format!("{:?}, not on the scale", value.value.trim()),
                    (None, None) => "none".to_owned(),
                };
                let _ = writeln!(out, "# severity: {severity}");
                set.rules.values().cloned().collect::<Vec<RuleDoc>>()
            }
            Err(e) => {
                print(&out);
                eprintln!("error: {}: {}", escape::terminal(&path.display().to_string()), escape::terminal(&e.to_string()));
                return 2;
            }
        },
        None => linter.rules().cloned().collect(),
    };
    let _ = writeln!(out);
    let _ = writeln!(out, "[policy]");
    let _ = writeln!(out, "name = {:?}  # {}", policy.name, from("policy.name"));
    let _ = writeln!(out, "fail-on = {:?}  # {}", policy.fail_on.as_str(), from("policy.fail-on"));
    let _ = writeln!(out, "require-suppression-reason = {}  # {}", policy.require_suppression_reason, from("policy.require-suppression-reason"));
    let _ = writeln!(out);
    let _ = writeln!(out, "[files]");
    let _ = writeln!(out, "exclude = {}  # {}", serde_json::to_string(&policy.exclude).expect("strings"), from("files.exclude"));
    let _ = writeln!(out);
    let _ = writeln!(out, "[limits]");
    let _ = writeln!(out, "fuel = {}  # {}", policy.limits.fuel, from("limits.fuel"));
    let _ = writeln!(out, "memory-mib = {}  # {}", policy.limits.memory_bytes >> 20, from("limits.memory-mib"));
    let _ = writeln!(out, "max-file-size-mib = {}  # {}", policy.max_file_bytes >> 20, from("limits.max-file-size-mib"));
    let _ = writeln!(out);
    let _ = writeln!(out, "[plugins]");
    for (name, version) in linter.plugin_versions() {
        let origin = from(&format!("plugins.{name}"));
        match policy.plugin_files.get(name) {
            Some(file) => {
                let _ = writeln!(out, "{name} = {{ path = {:?}, sha256 = {:?} }}  # {origin}", file.path.display().to_string(), file.sha256.clone().unwrap_or_default());
            }
            None => {
                let _ = writeln!(out, "{name} = true  # version {version}, {origin}");
            }
        }
    }
    for (name, on) in policy.plugins.iter().filter(|(_, on)| !**on) {
        let _ = writeln!(out, "{name} = {on}  # {}", from(&format!("plugins.{name}")));
    }
    if !policy.sections.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "[sections]");
        for (kind, names) in &policy.sections {
            let _ = writeln!(out, "{kind} = {}  # {}", serde_json::to_string(names).expect("strings"), from(&format!("sections.{kind}")));
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "[severity]");
    let scale = &policy.severity;
    let _ = writeln!(out, "levels = {}  # {}", serde_json::to_string(&scale.levels).expect("strings"), from("severity.levels"));
    let _ = writeln!(out, "[severity.aliases]");
    for (level, aliases) in scale.levels.iter().zip(&scale.aliases) {
        let names: Vec<&str> = aliases.iter().map(|a| a.name.as_str()).collect();
        let origin = policy.origins.get(&format!("severity.aliases.{level}")).or_else(|| policy.origins.get("severity.levels"));
        let key = if level.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') { level.clone() } else { format!("{level:?}") };
        let _ = writeln!(out, "{key} = {}  # {}", serde_json::to_string(&names).expect("strings"), origin.map_or_else(|| "default".to_owned(), |o| o.describe()));
    }
    for rule in rules {
        let _ = writeln!(out);
        let _ = writeln!(out, "[rules.{:?}]", rule.id);
        let severity = rule.severity.map_or("off", |s| s.as_str());
        let origin = rule.severity_origin.clone().unwrap_or_else(|| format!("default of the {} plugin", rule.plugin));
        let _ = writeln!(out, "severity = {severity:?}  # {origin}");
        for (key, value) in &rule.options {
            let origin = rule.option_origins.get(key).cloned().unwrap_or_else(|| "policy".into());
            let _ = writeln!(out, "{key} = {value}  # {origin}");
        }
    }
    print(&out);
    0
}

/// The options a rule takes, with their defaults, from its schema.
pub fn print_options(rule: &RuleDoc) {
    let Some(props) = rule.options_schema.get("properties").and_then(|p| p.as_object()) else { return };
    if props.is_empty() {
        return;
    }
    let mut out = String::new();
    let _ = writeln!(out);
    let _ = writeln!(out, "Options (set them under [rules.{:?}] in rules.toml):", rule.id);
    for (name, schema) in props {
        let kind = schema.get("type").map(|t| t.to_string().trim_matches('"').to_owned()).unwrap_or_else(|| "value".into());
        let default = schema.get("default").map_or_else(|| "none".to_owned(), |d| d.to_string());
        let current = rule.options.get(name).map(|v| format!(", in this policy: {v}")).unwrap_or_default();
        let _ = writeln!(out, "  {name} ({kind}, default: {default}{current})");
        if let Some(description) = schema.get("description").and_then(|d| d.as_str()) {
            let _ = writeln!(out, "      {description}");
        }
    }
    print(&out);
}
