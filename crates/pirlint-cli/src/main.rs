//! `pirlint`: the post-incident review linter.

mod audit;
mod baseline;
mod check;
mod config;
mod diff;
mod files;
mod fingerprint;
mod fix;
mod formats;
mod init;
mod output;
mod parse;
mod plugin;
mod server;
mod progress;
mod snippet;

use clap::{Parser, Subcommand, ValueEnum};
use pirlint_host::escape;
use pirlint_host::linter::{Linter, LinterOptions};
use pirlint_host::policy::{self, ConfigError, Policy};
use pirlint_host::Severity;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "pirlint", version, about = "Lints post-incident reports against your organization's rules", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// The policy file (default: the nearest rules.toml in this directory or
    /// above it; without one, the built-in default policy).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Also load this plugin component (trusted local development; repeat
    /// for several).
    #[arg(long = "plugin", global = true, value_name = "WASM")]
    plugins: Vec<PathBuf>,
    /// The time rules treat as "now" (RFC 3339 or a date), for reproducible
    /// runs. Default: the current time.
    #[arg(long, global = true, value_name = "TIME", env = "PIRLINT_NOW")]
    now: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Check reports (Markdown, JSON or YAML) and print findings.
    Check {
        /// Files or directories (searched recursively, honoring .gitignore).
        #[arg(default_value = ".")]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Exit with 1 when a finding at or above this level exists
        /// (default: the policy's `fail-on`, else error).
        #[arg(long, value_enum)]
        fail_on: Option<FailOn>,
        #[command(flatten)]
        options: check::CheckOptions,
    },
    /// List every rule with its plugin, default severity and the severity the
    /// policy gives it.
    Rules {
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Audit a repository of reports: compliance with the policy, incident
    /// metrics (times to detect, contain, recover) and follow-through.
    Audit(audit::AuditArgs),
    /// Print a rule's documentation and options.
    Explain {
        /// A rule id such as structure/required-sections.
        rule: String,
    },
    /// Print what pirlint understood of reports: sections with their kinds,
    /// timeline entries with parsed times and where their date and zone came
    /// from, action items with owners and tickets (schemas/model.schema.json).
    Parse {
        /// Report files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = parse::ParseFormat::Text)]
        format: parse::ParseFormat,
    },
    /// Write a commented rules.toml and a report template
    /// (incident-report-template.md) into the current directory.
    Init {
        /// The preset the policy starts from: recommended, nist-800-61,
        /// google-sre, pagerduty or public-disclosure.
        #[arg(long, default_value = "recommended")]
        preset: String,
    },
    /// Print the effective policy (for REPORT: after its overrides) and where
    /// each value came from.
    Config {
        /// A report: show the settings that apply to it.
        report: Option<PathBuf>,
    },
    /// Run the language server (LSP over standard input and output): live
    /// diagnostics, fixes as code actions, rule documentation on hover.
    Server,
    /// Tools for plugin authors: print the WIT contract, start a plugin,
    /// build it, test it against fixtures.
    Plugin {
        #[command(subcommand)]
        command: plugin::PluginCommand,
    },
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// For people: findings with source snippets (default).
    Human,
    /// `path:line:col: severity rule message`, one per line.
    Short,
    /// schemas/diagnostics.schema.json.
    Json,
    /// SARIF 2.1.0 (GitHub code scanning and other SARIF consumers).
    Sarif,
    /// JUnit XML: one testsuite per report, one testcase per rule.
    Junit,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// GitLab Code Quality JSON (schemas/gitlab-codequality.schema.json).
    Gitlab,
    /// reviewdog's Diagnostic JSON, rdjson (schemas/rdjson.schema.json).
    Rdjson,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
}

/// Exit codes: 0 clean, 1 findings at or above the fail level, 2 usage,
/// configuration or input errors.
const EXIT_FINDINGS: u8 = 1;
const EXIT_ERROR: u8 = 2;

/// Rust ignores SIGPIPE, so `println!` into a closed pipe (`pirlint rules |
/// head`) would panic; end quietly instead, as other Unix tools do.
#[cfg(unix)]
fn restore_default_sigpipe() {
    // SAFETY: called first thing in `main`, before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn restore_default_sigpipe() {}

/// `--plugin-log`: one block per call that printed, each line marked so a
/// plugin's output cannot pass for pirlint's own, and escaped so it cannot
/// drive the terminal.
fn print_plugin_log(plugin: &str, path: &str, output: &str) {
    use std::io::Write;
    let mut block = format!("plugin-log: {} on {}:\n", escape::terminal(plugin), escape::terminal(path));
    for line in output.trim_end_matches('\n').split('\n') {
        block.push_str(&format!("  | {}\n", escape::terminal(line)));
    }
    // One write per block, so blocks from reports checked in parallel do
    // not interleave line by line.
    let _ = std::io::stderr().lock().write_all(block.as_bytes());
}

fn main() -> ExitCode {
    restore_default_sigpipe();
    let cli = Cli::parse();
    let color = output::use_color();
    if let Command::Init { preset } = &cli.command {
        return ExitCode::from(init::run(std::path::Path::new("."), preset));
    }
    if let Command::Server = &cli.command {
        let settings = server::Settings { config: cli.config.clone(), now: cli.now.clone(), plugins: cli.plugins.clone() };
        return ExitCode::from(server::run(settings));
    }
    // A plugin command tests one plugin under the default policy, whatever
    // rules.toml says.
    if let Command::Plugin { command } = cli.command {
        return ExitCode::from(plugin::run(command));
    }
    let policy = match load_policy(cli.config.as_ref()) {
        Ok(policy) => policy,
        Err(errors) => {
            for error in &errors {
                output::print_config_error(error, color);
            }
            return ExitCode::from(EXIT_ERROR);
        }
    };
    let quiet = match &cli.command {
        Command::Check { options, .. } => options.quiet,
        Command::Audit(args) => args.quiet,
        _ => false,
    };
    let compile_progress = progress::CompileProgress::new(quiet);
    let (linter, config_errors) = Linter::new_reporting_loads(
        &policy,
        LinterOptions { now: cli.now.clone(), extra_plugins: cli.plugins.clone(), ..LinterOptions::default() },
        &|event| {
            if let Some(lines) = &compile_progress {
                lines.event(event);
            }
        },
    );
    let linter = match &cli.command {
        Command::Check { options, .. } if options.plugin_log => linter.with_plugin_log(std::sync::Arc::new(print_plugin_log)),
        _ => linter,
    };
    for error in &config_errors {
        output::print_config_error(error, color);
    }
    for warning in linter.warnings() {
        eprintln!("pirlint: warning: {}", escape::terminal(&warning));
    }
    let config_failed = !config_errors.is_empty();

    let code = match cli.command {
        Command::Check { paths, format, fail_on, options } => {
            let fail_on = match fail_on {
                Some(FailOn::Error) => Severity::Error,
                Some(FailOn::Warning) => Severity::Warning,
                Some(FailOn::Info) => Severity::Info,
                None => linter.fail_on,
            };
            check::run(check::Run { linter: &linter, policy: &policy, paths, format, fail_on, color, config_failed, options })
        }
        Command::Rules { format } => {
            output::print_rules(&linter, format);
            if config_failed { EXIT_ERROR } else { 0 }
        }
        Command::Audit(args) => audit::run(&linter, &policy, args, config_failed),
        Command::Explain { rule } => match linter.rule(&rule) {
            Some(doc) => {
                output::print_explain(doc);
                config::print_options(doc);
                0
            }
            None => {
                let known: Vec<&str> = linter.rules().map(|r| r.id.as_str()).collect();
                eprintln!("error: unknown rule `{}`", escape::terminal(&rule));
                if let Some(similar) = known.iter().find(|k| k.ends_with(&format!("/{rule}")) || k.contains(rule.as_str())) {
                    eprintln!("  help: did you mean `{}`?", escape::terminal(similar));
                }
                eprintln!("  help: `pirlint rules` lists every rule");
                EXIT_ERROR
            }
        },
        Command::Parse { files, format } => {
            let code = parse::run(&linter, &files, format);
            if config_failed { EXIT_ERROR } else { code }
        }
        Command::Init { .. } | Command::Server | Command::Plugin { .. } => unreachable!("handled before the policy is loaded"),
        Command::Config { report } => {
            let code = config::run(&linter, &policy, report.as_deref());
            if config_failed { EXIT_ERROR } else { code }
        }
    };
    ExitCode::from(code)
}

fn load_policy(explicit: Option<&PathBuf>) -> Result<Policy, Vec<ConfigError>> {
    if let Some(path) = explicit {
        return Policy::load_all(path);
    }
    let cwd = std::env::current_dir().map_err(|e| vec![ConfigError::plain(format!("cannot read the current directory: {e}"))])?;
    match policy::discover(&cwd) {
        Some(path) => Policy::load_all(&path),
        None => Ok(Policy::builtin()),
    }
}
