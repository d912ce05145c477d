//! `pirlint parse`: the model pirlint built of each report, for the user
//! whose finding looks wrong and for plugin authors. JSON follows
//! `schemas/model.schema.json`.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use pirlint_host::escape;
use pirlint_host::linter::Linter;
use pirlint_host::pirlint_report::{input, Parsed, Report, Timestamp};
use serde_json::json;

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ParseFormat {
    /// An outline for people.
    Text,
    /// One JSON document: `{"version": 1, "reports": [...]}`.
    Json,
}

/// Exit 0 when every file was read, 2 when one could not be.
pub fn run(linter: &Linter, files: &[PathBuf], format: ParseFormat) -> u8 {
    let mut code = 0;
    let mut reports = Vec::new();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for path in files {
        let source = match input::read_source(path, linter.max_file_bytes) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: {}: {}", escape::terminal(&path.display().to_string()), escape::terminal(&e.to_string()));
                code = 2;
                continue;
            }
        };
        let parsed = linter.parse(path, &source);
        match format {
            ParseFormat::Json => reports.push(to_json(path, &source, &parsed)),
            ParseFormat::Text => {
                // The outline quotes the report, for a terminal.
                let mut text = Vec::new();
                let _ = write_text(&mut text, path, &source, &parsed);
                let _ = out.write_all(escape::terminal(&String::from_utf8_lossy(&text)).as_bytes());
            }
        }
    }
    if format == ParseFormat::Json {
        let doc = json!({ "version": 1, "reports": reports });
        let _ = serde_json::to_writer_pretty(&mut out, &doc);
        let _ = writeln!(out);
    }
    let _ = out.flush();
    code
}

fn line_of(source: &str, offset: u32) -> usize {
    let end = (offset as usize).min(source.len());
    source.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count() + 1
}

fn to_json(path: &Path, source: &str, parsed: &Parsed) -> serde_json::Value {
    let timeline: Vec<_> = parsed
        .report
        .timeline
        .iter()
        .enumerate()
        .map(|(i, e)| {
            json!({
                "line": line_of(source, e.span.start),
                "entry": e,
                "reading": parsed.readings.get(i),
            })
        })
        .collect();
    json!({
        "path": path.display().to_string(),
        "report": &parsed.report,
        "timeline": timeline,
        "problems": &parsed.problems,
    })
}

fn when(t: &Timestamp) -> String {
    let mut s = String::new();
    s.push_str(t.date.as_deref().unwrap_or("????-??-??"));
    s.push(' ');
    s.push_str(t.time.as_deref().unwrap_or("--:--"));
    if let Some(z) = &t.zone {
        s.push(' ');
        s.push_str(z);
    }
    s
}

fn write_text(out: &mut impl Write, path: &Path, source: &str, parsed: &Parsed) -> std::io::Result<()> {
    let Report { metadata, sections, timeline, recommendations, .. } = &parsed.report;
    writeln!(out, "{}", path.display())?;
    if let Some(t) = &metadata.title {
        writeln!(out, "  title: {}", t.value)?;
    }
    if let Some(z) = &metadata.timezone {
        writeln!(out, "  time zone: {} (line {})", z.value, line_of(source, z.span.start))?;
    }
    writeln!(out, "  sections ({}):", sections.len())?;
    for s in sections {
        let indent = "  ".repeat(s.level.saturating_sub(1) as usize);
        let kind = s.kind.as_deref().unwrap_or("-");
        writeln!(out, "    {indent}{:<4} {} [{kind}]", line_of(source, s.heading_span.start), s.heading)?;
    }
    writeln!(out, "  timeline ({} entries):", timeline.len())?;
    for (i, e) in timeline.iter().enumerate() {
        let r = parsed.readings.get(i);
        let mut notes = Vec::new();
        if let Some(r) = r {
            notes.push(format!("date: {}", r.date_from));
            notes.push(format!("zone: {}", r.zone_from));
            if r.approximate {
                notes.push("approximate".into());
            }
            if r.rolled_over_midnight {
                notes.push("after midnight".into());
            }
            if r.placeholder {
                notes.push("placeholder".into());
            }
            if let Some(d) = &r.ambiguous_date {
                notes.push(format!("ambiguous date {d}"));
            }
            if let Some(d) = &r.malformed_date {
                notes.push(format!("malformed date {d}"));
            }
        }
        let text: String = e.text.value.chars().take(60).collect();
        writeln!(
            out,
            "    {:<4} {:<22} {text}  ({})",
            line_of(source, e.span.start),
            when(&e.timestamp),
            notes.join(", ")
        )?;
    }
    writeln!(out, "  action items ({}):", recommendations.len())?;
    for r in recommendations {
        let text: String = r.text.value.chars().take(60).collect();
        let owner = r.owner.as_ref().map_or("-", |o| o.value.as_str());
        let ticket = r.tracking.as_ref().map_or("-", |o| o.value.as_str());
        let status = r.status.as_ref().map_or("-", |o| o.value.as_str());
        writeln!(
            out,
            "    {:<4} {text}  (owner: {owner}, ticket: {ticket}, status: {status})",
            line_of(source, r.span.start)
        )?;
    }
    for p in &parsed.problems {
        writeln!(out, "  problem at line {}: {}", line_of(source, p.span.start), p.message)?;
    }
    writeln!(out)
}
