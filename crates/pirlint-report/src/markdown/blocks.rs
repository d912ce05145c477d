//! Markdown to blocks, once: one pass over pulldown-cmark's events
//! collecting headings, paragraphs, tables, list items and indented code
//! blocks with their byte ranges, plus the prose runs. The extractors
//! (sections, timeline, actions) read these and never the event stream.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::{collapse, trim_range};

#[derive(Clone, Debug)]
pub(super) struct Inline {
    pub(super) range: Range<usize>,
    pub(super) text: String,
}

#[derive(Debug)]
pub(super) struct Heading {
    pub(super) level: u8,
    pub(super) range: Range<usize>,
    pub(super) text: String,
}

#[derive(Debug, Default)]
pub(super) struct Para {
    pub(super) range: Range<usize>,
    pub(super) inlines: Vec<Inline>,
    pub(super) in_item: bool,
    pub(super) in_quote: bool,
}

#[derive(Debug, Default)]
pub(super) struct Cell {
    pub(super) range: Range<usize>,
    pub(super) text: String,
}

#[derive(Debug, Default)]
pub(super) struct Table {
    pub(super) header: Vec<Cell>,
    pub(super) rows: Vec<(Range<usize>, Vec<Cell>)>,
}

#[derive(Debug, Default)]
pub(super) struct Item {
    pub(super) range: Range<usize>,
    pub(super) parent: Option<usize>,
    /// Inline text of the item itself, not of nested lists.
    pub(super) inlines: Vec<Inline>,
    pub(super) nested: bool,
    pub(super) task: Option<(bool, Range<usize>)>,
}

#[derive(Debug, Clone, Copy)]
pub(super) enum Block {
    Heading(usize),
    Para(usize),
    Table(usize),
    Item(usize),
    /// An indented (not fenced) code block.
    Code(usize),
}

#[derive(Default)]
pub(super) struct Doc {
    pub(super) headings: Vec<Heading>,
    pub(super) paras: Vec<Para>,
    pub(super) tables: Vec<Table>,
    pub(super) items: Vec<Item>,
    pub(super) blocks: Vec<(usize, Block)>,
    /// Indented code blocks, whose lines may be a timeline indented by
    /// accident.
    pub(super) codes: Vec<Range<usize>>,
    pub(super) prose: Vec<Range<usize>>,
}

/// One pass over pulldown-cmark's events, collecting the blocks the
/// extractors need and the prose runs.
pub(super) fn collect(source: &str, md_start: usize) -> Doc {
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

    // Same length and offsets as `md`: see `nesting`.
    let tamed = super::nesting::tame(md);
    for (event, r) in Parser::new_ext(&tamed, opts).into_offset_iter() {
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
                    Tag::CodeBlock(kind) => {
                        code += 1;
                        if matches!(kind, pulldown_cmark::CodeBlockKind::Indented) {
                            doc.codes.push(trim_range(source, r.clone()));
                            doc.blocks.push((r.start, Block::Code(doc.codes.len() - 1)));
                        }
                    }
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
            // `<br>` inside a table cell or a paragraph separates words.
            Event::InlineHtml(ref h) if h.trim_start().to_ascii_lowercase().starts_with("<br") => {
                inline = Some(" ".into());
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
