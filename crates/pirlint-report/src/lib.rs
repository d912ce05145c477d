//! The post-incident report model and its parsers.
//!
//! One entry point, [`parse`], turns a file's text into a [`Report`] plus the
//! [`ParseProblem`]s met on the way. Parsing is lenient by design: any input
//! yields a model (possibly empty), because a linter that stops at the first
//! odd line helps nobody, and problems become findings beside the others.
//!
//! - [`parse_markdown`]: Markdown with optional YAML front matter.
//! - [`parse_structured`]: JSON or YAML in the shape of [`REPORT_SCHEMA`].
//! - [`time`]: timestamps as people write them, reused by rules and the host.
//! - [`input`]: reading a file safely before parsing it.
//! - [`HeadingMap`]: which heading means which section.
//!
//! Every span is a byte range into the exact source text (a UTF-8 BOM is
//! kept and skipped by the parsers), so fixes and diagnostics line up.

mod attrs;
mod headings;
pub mod input;
pub mod language;
mod markdown;
mod meta;
pub mod model;
mod node;
mod structured;
pub mod time;

use std::path::Path;

pub use headings::HeadingMap;
pub use markdown::parse_markdown;
pub use model::*;
pub use structured::{parse_structured, REPORT_SCHEMA};

/// How to read reports; built from the organization's configuration.
#[derive(Clone, Debug, Default)]
pub struct ParseOptions {
    pub headings: HeadingMap,
    /// The zone assumed when neither a value nor the report states one
    /// (an IANA name, an abbreviation such as "UTC", or an offset).
    pub default_timezone: Option<String>,
    /// How to read numeric dates such as `03/04/2026` (`date-order`).
    pub date_order: time::DateOrder,
    /// What the organization means by zone abbreviations (`zone-aliases`):
    /// abbreviation -> zone, e.g. ("IST", "Asia/Kolkata").
    pub zone_aliases: Vec<(String, String)>,
}

/// The report format for a file name, from its extension; `None` when
/// pirlint does not read that kind of file.
pub fn format_for_path(path: &Path) -> Option<SourceFormat> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "md" | "markdown" => Some(SourceFormat::Markdown),
        "json" => Some(SourceFormat::Json),
        "yaml" | "yml" => Some(SourceFormat::Yaml),
        _ => None,
    }
}

/// Parses a report, choosing the format by `path`'s extension (Markdown
/// when it is not one pirlint knows; callers filter with
/// [`format_for_path`] first).
pub fn parse(path: &Path, source: &str, options: &ParseOptions) -> Parsed {
    let format = format_for_path(path).unwrap_or_default();
    if source.trim_start_matches('\u{feff}').trim().is_empty() {
        return Parsed {
            report: Report {
                format,
                ..Report::default()
            },
            problems: vec![ParseProblem {
                message: "the report is empty".into(),
                span: Span::new(0, source.len()),
                help: None,
            }],
            ..Parsed::default()
        };
    }
    let mut parsed = match format {
        SourceFormat::Markdown => markdown::parse_markdown_named(
            source,
            options,
            path.file_name().and_then(|n| n.to_str()),
        ),
        SourceFormat::Json | SourceFormat::Yaml => parse_structured(source, format, options),
    };
    parsed.report.durations = Durations::of(&parsed.report.metadata);
    parsed
}
