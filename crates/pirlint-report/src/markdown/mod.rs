//! Markdown reports: front matter, then the document as blocks (once, in
//! `blocks`), then one extractor per part of the model: `sections`,
//! `timeline`, `actions`. Every element keeps its exact byte span.

mod actions;
mod blocks;
mod nesting;
mod sections;
mod tables;
mod timeline;

use std::ops::Range;

use blocks::{Block, Doc, Inline, Item};

use crate::meta::MetaBuilder;
use crate::model::*;
use crate::node::load_yaml;
use crate::ParseOptions;

fn trim_range(source: &str, r: Range<usize>) -> Range<usize> {
    let s = &source[r.clone()];
    let start = r.start + (s.len() - s.trim_start().len());
    let end = r.end - (s.len() - s.trim_end().len());
    start..end.max(start)
}

/// Locates front matter: a first line `---` and a closing `---` or `...`
/// line. Returns (block range, YAML text range).
fn front_matter(source: &str, start: usize) -> Option<(Range<usize>, Range<usize>, bool)> {
    let rest = &source[start..];
    let first_end = rest.find('\n')?;
    if rest[..first_end].trim_end() != "---" {
        return None;
    }
    let yaml_start = start + first_end + 1;
    let mut pos = yaml_start;
    while pos < source.len() {
        let line_end = source[pos..].find('\n').map_or(source.len(), |i| pos + i);
        let line = source[pos..line_end].trim_end();
        if line == "---" || line == "..." {
            let block_end = (line_end + 1).min(source.len());
            return Some((start..block_end, yaml_start..pos, true));
        }
        pos = line_end + 1;
    }
    Some((start..start + first_end, yaml_start..yaml_start, false))
}

/// Parses a Markdown report.
pub fn parse_markdown(source: &str, options: &ParseOptions) -> crate::Parsed {
    parse_markdown_named(source, options, None)
}

/// Parses a Markdown report whose file is called `file_name` (a date in
/// the name, as in `2024-03-02-outage.md`, dates the timeline when nothing
/// else in the report does).
pub fn parse_markdown_named(
    source: &str,
    options: &ParseOptions,
    file_name: Option<&str>,
) -> crate::Parsed {
    let mut problems = Vec::new();
    let mut report = Report {
        format: SourceFormat::Markdown,
        ..Report::default()
    };
    let bom = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let mut md_start = bom;
    match front_matter(source, bom) {
        Some((block, yaml, true)) => {
            md_start = block.end;
            let block_span = Span::new(block.start, trim_range(source, block.clone()).end);
            report.metadata.span = Some(block_span);
            match load_yaml(&source[yaml.clone()], yaml.start) {
                Ok(Some(node)) => {
                    let mut b = MetaBuilder {
                        source,
                        problems: &mut problems,
                        zone: None,
                        zone_aliases: &options.zone_aliases,
                    };
                    report.metadata = b.build(&node, block_span);
                }
                Ok(None) => {}
                Err(e) => problems.push(ParseProblem {
                    message: format!("front matter: {}", e.message),
                    span: e.span,
                    help: Some("the rest of the report was still read".into()),
                }),
            }
        }
        Some((first, _, false)) => problems.push(ParseProblem {
            message: "front matter is not closed: no `---` line ends it".into(),
            span: Span::new(first.start, first.end),
            help: Some("add a line `---` after the last front-matter key".into()),
        }),
        None => {
            // TOML front matter between `+++` lines (Hugo, Zola): skipped as
            // Markdown; its title is read.
            if let Some((block, title)) = toml_front_matter(source, bom) {
                md_start = block.end;
                report.metadata.span = Some(Span::new(block.start, trim_range(source, block).end));
                report.metadata.title = title;
            }
        }
    }

    let doc = blocks::collect(source, md_start);
    report.sections = sections::sections(source, &doc, options);
    let section_at = |offset: usize| -> Option<u32> {
        let i = report
            .sections
            .partition_point(|s| s.heading_span.start as usize <= offset);
        (i > 0).then(|| (i - 1) as u32)
    };
    report.prose = doc
        .prose
        .iter()
        .map(|r| ProseRun {
            span: Span::new(r.start, r.end),
            section: section_at(r.start),
        })
        .collect();
    let context = timeline::ReportContext {
        incident_date: incident_date(&report, file_name),
        date_order: date_order(source, options.date_order),
        zone_aliases: options.zone_aliases.clone(),
    };
    let (timeline, readings) = timeline::timeline(
        source,
        &doc,
        &report.sections,
        &mut report.metadata,
        options,
        &context,
    );
    report.timeline = timeline;
    report.recommendations = actions::recommendations(source, &doc, &report.sections);
    crate::Parsed {
        report,
        problems,
        readings,
        incident_date: context.incident_date,
        date_order: context.date_order,
    }
}

/// `+++` ... `+++` at the start: the block's range and its `title = "..."`.
fn toml_front_matter(source: &str, start: usize) -> Option<(Range<usize>, Option<Text>)> {
    let rest = &source[start..];
    let first_end = rest.find('\n')?;
    if rest[..first_end].trim_end() != "+++" {
        return None;
    }
    let mut pos = start + first_end + 1;
    let mut title = None;
    while pos < source.len() {
        let line_end = source[pos..].find('\n').map_or(source.len(), |i| pos + i);
        let line = &source[pos..line_end];
        if line.trim_end() == "+++" {
            return Some((start..(line_end + 1).min(source.len()), title));
        }
        if let Some(value) = line.strip_prefix("title").map(str::trim_start) {
            if let Some(v) = value.strip_prefix('=').map(str::trim) {
                let v = v.trim_matches(|c| c == '"' || c == '\'');
                let at = pos + line.find(v).unwrap_or(0);
                title = Some(Text {
                    value: v.to_string(),
                    span: Span::new(at, at + v.len()),
                });
            }
        }
        pos = line_end + 1;
    }
    None
}

/// The incident's date, for timeline entries written with a time only: the
/// front matter's times or `date`, else a date in the title (front matter or
/// the level-1 heading), else one in the file name.
fn incident_date(report: &Report, file_name: Option<&str>) -> Option<String> {
    let m = &report.metadata;
    let from_meta = [&m.occurred, &m.detected]
        .into_iter()
        .flatten()
        .find_map(|t| t.date.clone())
        .or_else(|| {
            m.extra
                .iter()
                .find(|e| e.key == "date")
                .and_then(|e| serde_json::from_str::<String>(&e.value_json).ok())
                .and_then(|d| crate::time::find_date(&d))
        });
    if from_meta.is_some() {
        return from_meta;
    }
    let title = m.title.as_ref().map(|t| t.value.as_str()).or_else(|| {
        report
            .sections
            .iter()
            .find(|s| s.level == 1)
            .map(|s| s.heading.as_str())
    });
    title
        .and_then(crate::time::find_date)
        .or_else(|| file_name.and_then(crate::time::find_date))
}

/// `auto` resolved by the report itself: a numeric date whose first field
/// is above 12 is day-first, one whose second is above 12 month-first.
fn date_order(source: &str, configured: crate::time::DateOrder) -> crate::time::DateOrder {
    use crate::time::DateOrder;
    if configured != DateOrder::Auto {
        return configured;
    }
    let (mut dmy, mut mdy) = (false, false);
    for (a, b) in crate::time::numeric_date_fields(source) {
        dmy |= a > 12 && b <= 12;
        mdy |= b > 12 && a <= 12;
    }
    match (dmy, mdy) {
        (true, false) => DateOrder::Dmy,
        (false, true) => DateOrder::Mdy,
        _ => DateOrder::Auto,
    }
}


fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Rendered text of the inline pieces within `range`.
fn render(inlines: &[Inline], range: &Range<usize>, source: &str) -> String {
    let mut out = String::new();
    for i in inlines {
        if i.range.end <= range.start || i.range.start >= range.end {
            continue;
        }
        if i.range.start >= range.start && i.range.end <= range.end {
            out.push_str(&i.text);
        } else if i.range.len() == i.text.len()
            && source.get(i.range.clone()) == Some(i.text.as_str())
        {
            let s = range.start.max(i.range.start);
            let e = range.end.min(i.range.end);
            if let Some(part) = source.get(s..e) {
                out.push_str(part);
            }
        }
    }
    collapse(&out)
}

/// The item's own text, widened over emphasis markers around it so that
/// "**14:05** text" keeps its `**`.
fn own_range(source: &str, item: &Item) -> Option<Range<usize>> {
    let first = item.inlines.first()?;
    let last = item.inlines.last()?;
    let (mut start, mut end) = (first.range.start, last.range.end);
    let b = source.as_bytes();
    while start > item.range.start && matches!(b[start - 1], b'*' | b'_') {
        start -= 1;
    }
    while end < item.range.end && matches!(b[end], b'*' | b'_') {
        end += 1;
    }
    Some(start..end)
}

fn blocks_in(doc: &Doc, range: Range<usize>) -> impl Iterator<Item = Block> + '_ {
    let first = doc.blocks.partition_point(|(at, _)| *at < range.start);
    doc.blocks[first..]
        .iter()
        .take_while(move |(at, _)| *at < range.end)
        .map(|(_, b)| *b)
}

