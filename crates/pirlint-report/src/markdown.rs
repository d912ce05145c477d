//! Markdown reports: front matter, sections, timeline, recommendations and
//! prose runs, all with exact byte spans into the source.

use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use regex::Regex;

use crate::meta::MetaBuilder;
use crate::model::*;
use crate::node::load_yaml;
use crate::time::{self, parse_timestamp, TimeContext};
use crate::ParseOptions;

#[derive(Clone, Debug)]
struct Inline {
    range: Range<usize>,
    text: String,
}

#[derive(Debug)]
struct Heading {
    level: u8,
    range: Range<usize>,
    text: String,
}

#[derive(Debug, Default)]
struct Para {
    range: Range<usize>,
    inlines: Vec<Inline>,
    in_item: bool,
    in_quote: bool,
}

#[derive(Debug, Default)]
struct Cell {
    range: Range<usize>,
    text: String,
}

#[derive(Debug, Default)]
struct Table {
    header: Vec<Cell>,
    rows: Vec<(Range<usize>, Vec<Cell>)>,
}

#[derive(Debug, Default)]
struct Item {
    range: Range<usize>,
    parent: Option<usize>,
    /// Inline text of the item itself, not of nested lists.
    inlines: Vec<Inline>,
    nested: bool,
    task: Option<(bool, Range<usize>)>,
}

#[derive(Debug, Clone, Copy)]
enum Block {
    Heading(usize),
    Para(usize),
    Table(usize),
    Item(usize),
}

#[derive(Default)]
struct Doc {
    headings: Vec<Heading>,
    paras: Vec<Para>,
    tables: Vec<Table>,
    items: Vec<Item>,
    blocks: Vec<(usize, Block)>,
    prose: Vec<Range<usize>>,
}

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
        None => {}
    }

    let doc = collect(source, md_start);
    report.sections = sections(source, &doc, options);
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
    let timeline = timeline(
        source,
        &doc,
        &report.sections,
        &mut report.metadata,
        options,
    );
    report.timeline = timeline;
    report.recommendations = recommendations(source, &doc, &report.sections);
    crate::Parsed { report, problems }
}

/// One pass over pulldown-cmark's events, collecting the blocks the
/// extractors need and the prose runs.
fn collect(source: &str, md_start: usize) -> Doc {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_TASKLISTS);
    let md = &source[md_start..];
    let mut doc = Doc::default();

    let mut heading: Option<usize> = None;
    let mut code = 0usize;
    let mut quote = 0usize;
    let mut image = 0usize;
    // Links do not nest, so a flag is enough.
    let mut autolink = false;
    let mut para: Option<usize> = None;
    let mut table: Option<usize> = None;
    let mut cell: Option<Cell> = None;
    let mut row: Option<(Range<usize>, Vec<Cell>)> = None;
    let mut items: Vec<usize> = Vec::new();
    let mut run: Option<Range<usize>> = None;
    let mut pending: Option<usize> = None;

    fn flush(run: &mut Option<Range<usize>>, prose: &mut Vec<Range<usize>>, source: &str) {
        if let Some(r) = run.take() {
            let r = trim_range(source, r);
            if !r.is_empty() {
                prose.push(r);
            }
        }
    }

    for (event, r) in Parser::new_ext(md, opts).into_offset_iter() {
        let r = r.start + md_start..r.end + md_start;
        let proseable = heading.is_none() && code == 0 && quote == 0 && image == 0 && !autolink;
        let mut inline: Option<String> = None;
        match event {
            Event::Start(tag) => {
                match &tag {
                    Tag::Emphasis | Tag::Strong | Tag::Strikethrough => {
                        if run.is_none() && pending.is_none() {
                            pending = Some(r.start);
                        }
                    }
                    _ => {
                        flush(&mut run, &mut doc.prose, source);
                        pending = None;
                    }
                }
                match tag {
                    Tag::Heading { level, .. } => {
                        doc.headings.push(Heading {
                            level: level as u8,
                            range: trim_range(source, r.clone()),
                            text: String::new(),
                        });
                        heading = Some(doc.headings.len() - 1);
                        doc.blocks
                            .push((r.start, Block::Heading(doc.headings.len() - 1)));
                    }
                    Tag::CodeBlock(_) => code += 1,
                    Tag::BlockQuote(_) => quote += 1,
                    Tag::Image { .. } => image += 1,
                    Tag::Link {
                        link_type: LinkType::Autolink | LinkType::Email,
                        ..
                    } => autolink = true,
                    Tag::Paragraph => {
                        doc.paras.push(Para {
                            range: r.clone(),
                            in_item: !items.is_empty(),
                            in_quote: quote > 0,
                            ..Para::default()
                        });
                        para = Some(doc.paras.len() - 1);
                        doc.blocks.push((r.start, Block::Para(doc.paras.len() - 1)));
                    }
                    Tag::Table(_) => {
                        doc.tables.push(Table::default());
                        table = Some(doc.tables.len() - 1);
                        doc.blocks
                            .push((r.start, Block::Table(doc.tables.len() - 1)));
                    }
                    Tag::TableRow => row = Some((trim_range(source, r.clone()), Vec::new())),
                    Tag::TableCell => {
                        let raw = &source[r.clone()];
                        let lead = raw.len()
                            - raw
                                .trim_start_matches(|c: char| c.is_whitespace() || c == '|')
                                .len();
                        let trail = raw.len()
                            - raw
                                .trim_end_matches(|c: char| c.is_whitespace() || c == '|')
                                .len();
                        let start = r.start + lead;
                        cell = Some(Cell {
                            range: start..(r.end - trail).max(start),
                            text: String::new(),
                        });
                    }
                    Tag::List(_) => {
                        if let Some(&top) = items.last() {
                            doc.items[top].nested = true;
                        }
                    }
                    Tag::Item => {
                        doc.items.push(Item {
                            range: trim_range(source, r.clone()),
                            parent: items.last().copied(),
                            ..Item::default()
                        });
                        items.push(doc.items.len() - 1);
                        doc.blocks.push((r.start, Block::Item(doc.items.len() - 1)));
                    }
                    _ => {}
                }
            }
            Event::End(end) => {
                match end {
                    TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {
                        if let Some(run) = run.as_mut() {
                            run.end = run.end.max(r.end);
                        }
                    }
                    _ => {
                        flush(&mut run, &mut doc.prose, source);
                        pending = None;
                    }
                }
                match end {
                    TagEnd::Heading(_) => heading = None,
                    TagEnd::CodeBlock => code = code.saturating_sub(1),
                    TagEnd::BlockQuote(_) => quote = quote.saturating_sub(1),
                    TagEnd::Image => image = image.saturating_sub(1),
                    TagEnd::Link => autolink = false,
                    TagEnd::Paragraph => para = None,
                    TagEnd::Table => table = None,
                    TagEnd::TableHead => {
                        if let (Some(t), Some((_, cells))) = (table, row.take()) {
                            doc.tables[t].header = cells;
                        }
                    }
                    TagEnd::TableRow => {
                        if let (Some(t), Some(rw)) = (table, row.take()) {
                            doc.tables[t].rows.push(rw);
                        }
                    }
                    TagEnd::TableCell => {
                        if let Some(mut c) = cell.take() {
                            c.text = collapse(&c.text);
                            let target = row.get_or_insert_with(|| (r.clone(), Vec::new()));
                            target.1.push(c);
                        }
                    }
                    TagEnd::Item => {
                        items.pop();
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                if code == 0 {
                    inline = Some(t.to_string());
                }
                if proseable {
                    let start = if run.is_none() {
                        pending.take().unwrap_or(r.start)
                    } else {
                        r.start
                    };
                    let run = run.get_or_insert(start..r.end);
                    run.end = r.end;
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                inline = Some(" ".into());
                if let Some(run) = run.as_mut() {
                    run.end = r.end;
                }
            }
            Event::Code(t) => {
                inline = Some(t.to_string());
                flush(&mut run, &mut doc.prose, source);
                pending = None;
            }
            Event::TaskListMarker(checked) => {
                if let Some(&top) = items.last() {
                    doc.items[top].task = Some((checked, r.clone()));
                }
            }
            _ => {
                flush(&mut run, &mut doc.prose, source);
                pending = None;
            }
        }
        let Some(text) = inline else { continue };
        if let Some(h) = heading {
            doc.headings[h].text.push_str(&text);
            continue;
        }
        if let Some(c) = cell.as_mut() {
            c.text.push_str(&text);
            continue;
        }
        let piece = Inline {
            range: r.clone(),
            text,
        };
        if let Some(p) = para {
            doc.paras[p].inlines.push(piece.clone());
        }
        if let Some(&top) = items.last() {
            if !doc.items[top].nested {
                doc.items[top].inlines.push(piece);
            }
        }
    }
    flush(&mut run, &mut doc.prose, source);
    for h in &mut doc.headings {
        h.text = collapse(&h.text);
    }
    doc
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

fn sections(source: &str, doc: &Doc, options: &ParseOptions) -> Vec<Section> {
    let hs = &doc.headings;
    let mut out: Vec<Section> = Vec::with_capacity(hs.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, h) in hs.iter().enumerate() {
        let next_any = hs.get(i + 1).map_or(source.len(), |n| n.range.start);
        let next_same = hs[i + 1..]
            .iter()
            .find(|n| n.level <= h.level)
            .map_or(source.len(), |n| n.range.start);
        let body_start = h.range.end.min(next_any);
        let body = trim_range(source, body_start..next_any);
        let span_end = trim_range(source, h.range.start..next_same).end;
        while stack.last().is_some_and(|&p| hs[p].level >= h.level) {
            stack.pop();
        }
        out.push(Section {
            heading: h.text.clone(),
            level: h.level,
            kind: options.headings.kind_of(&h.text),
            span: Span::new(h.range.start, span_end),
            heading_span: Span::new(h.range.start, h.range.end),
            body: source[body.clone()].to_string(),
            body_span: Span::new(body.start, body.end),
            parent: stack.last().map(|&p| p as u32),
        });
        stack.push(i);
    }
    out
}

/// The blocks starting inside `range` (blocks are in document order, so a
/// binary search keeps many sections from costing quadratic time).
fn blocks_in(doc: &Doc, range: Range<usize>) -> impl Iterator<Item = Block> + '_ {
    let first = doc.blocks.partition_point(|(at, _)| *at < range.start);
    doc.blocks[first..]
        .iter()
        .take_while(move |(at, _)| *at < range.end)
        .map(|(_, b)| *b)
}

/// Words of a header cell, lower-cased.
fn header_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn column(headers: &[Vec<String>], names: &[&str], taken: &[usize]) -> Option<usize> {
    headers.iter().enumerate().find_map(|(i, words)| {
        (!taken.contains(&i) && words.iter().any(|w| names.contains(&w.as_str()))).then_some(i)
    })
}

fn is_dash(s: &str) -> bool {
    matches!(s.trim(), "" | "-" | "—" | "–" | "--" | "n/a" | "N/A")
}

fn cell_text(cells: &[Cell], col: Option<usize>) -> Option<Text> {
    let c = cells.get(col?)?;
    (!is_dash(&c.text)).then(|| Text {
        value: c.text.clone(),
        span: Span::new(c.range.start, c.range.end),
    })
}

const PHASES: &[&str] = &[
    "preparation",
    "detection",
    "identification",
    "analysis",
    "triage",
    "investigation",
    "containment",
    "eradication",
    "recovery",
    "mitigation",
    "resolution",
    "response",
    "escalation",
    "communication",
    "monitoring",
    "impact",
    "lessons learned",
    "post-incident",
    "postincident",
    "remediation",
    "notification",
];

static PHASE_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:\[(?P<a>[^\]\n]{1,30})\]|\((?P<b>[^)\n]{1,30})\))\s*|\s*(?:\[(?P<c>[^\]\n]{1,30})\]|\((?P<d>[^)\n]{1,30})\))\s*$").unwrap()
});

/// Splits a `[detection]`/`(containment)` tag off the start or end of an
/// entry's text. Parenthesized tags must be known phases, since "(Lloyd)"
/// at the start of an entry is a person, not a phase.
fn split_phase(source: &str, text: Range<usize>) -> (Range<usize>, Option<Text>) {
    let s = &source[text.clone()];
    for m in PHASE_TAG.captures_iter(s) {
        let (g, bracket) = match (m.name("a"), m.name("b"), m.name("c"), m.name("d")) {
            (Some(g), ..) | (_, _, Some(g), _) => (g, true),
            (_, Some(g), ..) | (.., Some(g)) => (g, false),
            _ => continue,
        };
        let tag = g.as_str().trim();
        let known = PHASES.contains(&tag.to_lowercase().as_str());
        if !(known || bracket && tag.split_whitespace().count() <= 2 && !tag.contains(':')) {
            continue;
        }
        // `[x]`-style checkboxes and priorities are not phases.
        if tag.eq_ignore_ascii_case("x") || tag.len() <= 2 {
            continue;
        }
        let whole = m.get(0).unwrap().range();
        let rest = if whole.start == 0 {
            text.start + whole.end..text.end
        } else {
            text.start..text.start + whole.start
        };
        let phase = Text {
            value: tag.to_string(),
            span: Span::new(text.start + g.start(), text.start + g.end()),
        };
        return (trim_range(source, rest), Some(phase));
    }
    (text, None)
}

struct TimelineCtx<'a> {
    date: Option<String>,
    zone: Option<&'a str>,
}

impl TimelineCtx<'_> {
    fn stamp(&mut self, text: &str, span: Span, zone_override: Option<&str>) -> Timestamp {
        let ctx = TimeContext {
            date: self.date.as_deref(),
            zone: zone_override.or(self.zone),
        };
        let ts = parse_timestamp(text, span, &ctx);
        if ts.date.is_some() {
            self.date.clone_from(&ts.date);
        }
        ts
    }
}

const SEPARATORS: &[&str] = &["—", "–", "-", ":", "|", ","];

/// Splits a line-like entry ("2026-03-02 14:05 UTC — text", "**14:05**
/// text") into the timestamp's range and the text's range.
fn split_entry(source: &str, range: Range<usize>) -> (Option<Range<usize>>, Range<usize>) {
    let raw = &source[range.clone()];
    let mut ts: Option<Range<usize>> = None;
    let mut rest_at = 0;
    for marker in ["**", "__"] {
        if let Some(inner) = raw.strip_prefix(marker) {
            if let Some(close) = inner.find(marker) {
                let body = inner[..close].trim().trim_end_matches(':');
                if !body.is_empty() && time::timestamp_prefix_len(body) == Some(body.len()) {
                    let lead = inner.len() - inner.trim_start().len();
                    ts = Some(range.start + 2 + lead..range.start + 2 + lead + body.len());
                    rest_at = 2 + close + 2;
                }
            }
        }
    }
    if ts.is_none() {
        if let Some(len) = time::timestamp_prefix_len(raw) {
            ts = Some(range.start..range.start + len);
            rest_at = len;
        }
    }
    if ts.is_none() {
        // "Next morning: ..." — a short label before a separator is the
        // (not understood) time, so rules can point at it.
        for sep in [" — ", " – ", " - ", ": ", " | "] {
            if let Some(i) = raw.find(sep) {
                let label = &raw[..i];
                if i > 0
                    && i <= 40
                    && label.split_whitespace().count() <= 4
                    && !label.contains(['*', '[', '`'])
                {
                    ts = Some(range.start..range.start + i);
                    rest_at = i + sep.len();
                    break;
                }
            }
        }
    }
    let mut rest = raw[rest_at..].trim_start();
    let mut at = range.end - rest.len();
    for sep in SEPARATORS {
        if let Some(r) = rest.strip_prefix(sep) {
            if r.is_empty() || r.starts_with(char::is_whitespace) || *sep == ":" {
                rest = r.trim_start();
                at = range.end - rest.len();
                break;
            }
        }
    }
    (ts, trim_range(source, at..range.end))
}

fn timeline(
    source: &str,
    doc: &Doc,
    sections: &[Section],
    metadata: &mut Metadata,
    options: &ParseOptions,
) -> Vec<TimelineEntry> {
    let tl = sections
        .iter()
        .find(|s| s.kind.as_deref() == Some("timeline"));
    let tl_range = tl.map(|s| s.span.range());

    // The report-wide zone: front matter, else a statement line (preferring
    // one inside the timeline), else a zone in the heading ("Timeline (UTC)").
    if metadata.timezone.is_none() {
        let mut found: Option<Text> = None;
        let mut candidates: Vec<&Para> = doc.paras.iter().filter(|p| !p.in_quote).collect();
        if let Some(r) = &tl_range {
            candidates.sort_by_key(|p| !r.contains(&p.range.start));
        }
        'outer: for p in candidates {
            let mut pos = p.range.start;
            for line in source[p.range.clone()].split_inclusive('\n') {
                if let Some((zone, _)) = time::report_zone_line(line.trim_end()) {
                    let r = trim_range(source, pos..pos + line.len());
                    found = Some(Text {
                        value: zone,
                        span: Span::new(r.start, r.end),
                    });
                    break 'outer;
                }
                pos += line.len();
            }
        }
        if found.is_none() {
            if let Some(s) = tl {
                if let (Some(open), Some(close)) = (s.heading.find('('), s.heading.rfind(')')) {
                    if open < close {
                        if let Some(z) = time::parse_zone(&s.heading[open + 1..close]) {
                            found = Some(Text {
                                value: z,
                                span: s.heading_span,
                            });
                        }
                    }
                }
            }
        }
        metadata.timezone = found;
    }
    let (Some(tl_range), Some(_)) = (tl_range, tl) else {
        return Vec::new();
    };
    let report_zone = metadata.timezone.as_ref().map(|t| t.value.clone());
    let zone = report_zone
        .as_deref()
        .or(options.default_timezone.as_deref());
    let mut ctx = TimelineCtx { date: None, zone };
    let mut out = Vec::new();

    for block in blocks_in(doc, tl_range) {
        match block {
            Block::Heading(h) => {
                if let Some(d) = time::parse_date_only(&doc.headings[h].text) {
                    ctx.date = Some(d);
                }
            }
            Block::Para(p) => {
                let para = &doc.paras[p];
                if para.in_item || para.in_quote {
                    continue;
                }
                let mut pos = para.range.start;
                for line in source[para.range.clone()].split_inclusive('\n') {
                    let lr = trim_range(source, pos..pos + line.len());
                    pos += line.len();
                    let plain = source[lr.clone()].trim_matches(|c| c == '*' || c == '_');
                    if let Some(d) = time::parse_date_only(plain) {
                        ctx.date = Some(d);
                        continue;
                    }
                    if let (Some(ts), text) = split_entry(source, lr.clone()) {
                        if time::timestamp_prefix_len(&source[ts.clone()]).is_some()
                            && !text.is_empty()
                        {
                            out.push(entry(source, &para.inlines, lr, ts, text, &mut ctx));
                        }
                    }
                }
            }
            Block::Item(i) => {
                let item = &doc.items[i];
                let Some(own) = own_range(source, item) else {
                    continue;
                };
                let own = trim_range(source, own);
                let (ts, text) = split_entry(source, own.clone());
                let understood = ts
                    .as_ref()
                    .is_some_and(|t| time::timestamp_prefix_len(&source[t.clone()]).is_some());
                if text.is_empty() {
                    if let Some(d) = time::parse_date_only(&render(&item.inlines, &own, source)) {
                        ctx.date = Some(d);
                    }
                    continue;
                }
                // Nested items without a time are details of their parent.
                if item.parent.is_some() && !understood {
                    continue;
                }
                let ts = ts.unwrap_or(own.start..own.start);
                out.push(entry(
                    source,
                    &item.inlines,
                    item.range.clone(),
                    ts,
                    text,
                    &mut ctx,
                ));
            }
            Block::Table(t) => table_entries(source, &doc.tables[t], &mut ctx, &mut out),
        }
    }
    out
}

fn entry(
    source: &str,
    inlines: &[Inline],
    span: Range<usize>,
    ts: Range<usize>,
    text: Range<usize>,
    ctx: &mut TimelineCtx<'_>,
) -> TimelineEntry {
    let (text, phase) = split_phase(source, text);
    let timestamp = ctx.stamp(&source[ts.clone()], Span::new(ts.start, ts.end), None);
    TimelineEntry {
        span: Span::new(span.start, span.end),
        timestamp,
        text: Text {
            value: render(inlines, &text, source),
            span: Span::new(text.start, text.end),
        },
        phase,
        actor: None,
    }
}

// ASCII digits and word boundaries, as in `time.rs` (compile time).
static HEADER_ZONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Z][A-Za-z]*/[A-Za-z_]+|(?:UTC|GMT)?[+-][0-9]{1,2}(?::?[0-9]{2})?|(?-u:\b)[A-Z]{1,5}(?-u:\b)")
        .unwrap()
});

fn table_entries(
    source: &str,
    table: &Table,
    ctx: &mut TimelineCtx<'_>,
    out: &mut Vec<TimelineEntry>,
) {
    let headers: Vec<Vec<String>> = table.header.iter().map(|c| header_words(&c.text)).collect();
    let only = |i: usize, yes: &[&str], no: &[&str]| {
        headers[i].iter().any(|w| yes.contains(&w.as_str()))
            && !headers[i].iter().any(|w| no.contains(&w.as_str()))
    };
    let date_only =
        (0..headers.len()).find(|&i| only(i, &["date", "day"], &["time", "timestamp", "when"]));
    let time_only = (0..headers.len()).find(|&i| only(i, &["time", "timestamp"], &["date", "day"]));
    let (date_col, time_col) = match (date_only, time_only) {
        (Some(d), Some(t)) => (Some(d), t),
        _ => (
            None,
            column(
                &headers,
                &["time", "timestamp", "when", "date", "datetime"],
                &[],
            )
            .unwrap_or(0),
        ),
    };
    let mut taken = vec![time_col];
    taken.extend(date_col);
    let phase_col = column(&headers, &["phase", "stage"], &taken);
    taken.extend(phase_col);
    let actor_col = column(&headers, &["actor", "who", "owner", "person", "by"], &taken);
    taken.extend(actor_col);
    let event_col = column(
        &headers,
        &[
            "event",
            "events",
            "description",
            "what",
            "action",
            "details",
            "activity",
            "summary",
            "note",
            "notes",
        ],
        &taken,
    )
    .or_else(|| (0..headers.len().max(2)).find(|i| !taken.contains(i)));
    // A zone in the time header ("Date and Time in CET", "Time (UTC)").
    let header_zone = table.header.get(time_col).and_then(|c| {
        HEADER_ZONE
            .find_iter(&c.text)
            .find_map(|m| time::parse_zone(m.as_str()))
    });

    for (row_range, cells) in &table.rows {
        let tcell = cells.get(time_col);
        let dcell = date_col.and_then(|d| cells.get(d));
        let ecell = event_col.and_then(|e| cells.get(e));
        let empty = |c: Option<&Cell>| c.is_none_or(|c| c.text.is_empty());
        if empty(tcell) && empty(dcell) && empty(ecell) {
            continue;
        }
        let (ts_text, ts_span) = match (dcell, tcell) {
            (Some(d), Some(t)) => (
                format!("{} {}", d.text, t.text).trim().to_string(),
                Span::new(
                    d.range.start.min(t.range.start),
                    d.range.end.max(t.range.end),
                ),
            ),
            (None, Some(t)) | (Some(t), None) => {
                (t.text.clone(), Span::new(t.range.start, t.range.end))
            }
            (None, None) => (String::new(), Span::new(row_range.start, row_range.start)),
        };
        let timestamp = ctx.stamp(&ts_text, ts_span, header_zone.as_deref());
        let mut text = ecell.map_or(
            Text {
                value: String::new(),
                span: Span::new(row_range.end, row_range.end),
            },
            |c| Text {
                value: c.text.clone(),
                span: Span::new(c.range.start, c.range.end),
            },
        );
        let mut phase = cell_text(cells, phase_col);
        if phase.is_none() && phase_col.is_none() {
            let (r, p) = split_phase(source, text.span.range());
            if p.is_some() {
                text = Text {
                    value: collapse(&source[r.clone()]),
                    span: Span::new(r.start, r.end),
                };
                phase = p;
            }
        }
        out.push(TimelineEntry {
            span: Span::new(row_range.start, row_range.end),
            timestamp,
            text,
            phase,
            actor: cell_text(cells, actor_col),
        });
    }
}

fn recommendations(source: &str, doc: &Doc, sections: &[Section]) -> Vec<Recommendation> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for s in sections
        .iter()
        .filter(|s| s.kind.as_deref() == Some("recommendations"))
    {
        let r = s.span.range();
        if !ranges.last().is_some_and(|o| o.contains(&r.start)) {
            ranges.push(r);
        }
    }
    let mut out = Vec::new();
    for range in ranges {
        for block in blocks_in(doc, range.clone()) {
            match block {
                Block::Item(i) => {
                    let item = &doc.items[i];
                    // Nested items are details of their recommendation.
                    if item
                        .parent
                        .is_some_and(|p| range.contains(&doc.items[p].range.start))
                    {
                        continue;
                    }
                    let Some(own) = own_range(source, item) else {
                        continue;
                    };
                    let own = trim_range(source, own);
                    let value = render(&item.inlines, &own, source);
                    if value.is_empty() {
                        continue;
                    }
                    let mut rec = Recommendation {
                        span: Span::new(item.range.start, item.range.end),
                        text: Text {
                            value,
                            span: Span::new(own.start, own.end),
                        },
                        ..Recommendation::default()
                    };
                    if let Some((checked, r)) = &item.task {
                        rec.status = Some(Text {
                            value: if *checked { "done" } else { "open" }.into(),
                            span: Span::new(r.start, r.end),
                        });
                    }
                    crate::attrs::extract(source, item.range.clone(), &mut rec);
                    out.push(rec);
                }
                Block::Table(t) => table_recommendations(source, &doc.tables[t], &mut out),
                _ => {}
            }
        }
    }
    out
}

fn table_recommendations(source: &str, table: &Table, out: &mut Vec<Recommendation>) {
    let headers: Vec<Vec<String>> = table.header.iter().map(|c| header_words(&c.text)).collect();
    let mut taken = Vec::new();
    let pick = |names: &[&str], taken: &mut Vec<usize>| {
        let c = column(&headers, names, taken);
        taken.extend(c);
        c
    };
    let priority = pick(&["priority", "prio", "severity"], &mut taken);
    let owner = pick(
        &["owner", "owners", "assignee", "responsible", "who", "team"],
        &mut taken,
    );
    let due = pick(
        &["due", "deadline", "by", "date", "target", "eta"],
        &mut taken,
    );
    let status = pick(&["status", "state", "done"], &mut taken);
    let tracking = pick(
        &[
            "ticket",
            "tracking",
            "issue",
            "link",
            "jira",
            "reference",
            "ref",
            "tracker",
        ],
        &mut taken,
    );
    let action = pick(
        &[
            "action",
            "actions",
            "recommendation",
            "item",
            "description",
            "task",
            "what",
            "title",
            "summary",
        ],
        &mut taken,
    )
    .or_else(|| (0..headers.len()).find(|i| !taken.contains(i)));
    for (row_range, cells) in &table.rows {
        let Some(text) = cell_text(cells, action) else {
            continue;
        };
        let mut rec = Recommendation {
            span: Span::new(row_range.start, row_range.end),
            priority: cell_text(cells, priority),
            owner: cell_text(cells, owner),
            due: cell_text(cells, due)
                .map(|t| parse_timestamp(&t.value, t.span, &TimeContext::default())),
            status: cell_text(cells, status),
            tracking: cell_text(cells, tracking),
            text,
        };
        // Attributes written inline in the action cell fill missing columns.
        crate::attrs::extract(source, rec.text.span.range(), &mut rec);
        out.push(rec);
    }
}
