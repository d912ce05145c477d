//! Action items: list items and table rows under the recommendation
//! sections, with owners, tickets, due dates and status.

use std::ops::Range;

use super::blocks::{Block, Doc, Table};
use super::tables::{cell_text, column, header_words};
use super::{blocks_in, own_range, render, trim_range};
use crate::model::*;
use crate::time::{parse_timestamp, TimeContext};

pub(super) fn recommendations(source: &str, doc: &Doc, sections: &[Section]) -> Vec<Recommendation> {
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
        let before = out.len();
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
                    } else if let Some(mark) = status_mark(&source[own.clone()]) {
                        rec.status = Some(Text {
                            value: mark.into(),
                            span: Span::new(own.start, own.start + source[own.clone()].chars().next().map_or(0, char::len_utf8)),
                        });
                    }
                    crate::attrs::extract(source, item.range.clone(), &mut rec);
                    out.push(rec);
                }
                Block::Table(t) => table_recommendations(source, &doc.tables[t], &mut out),
                _ => {}
            }
        }
        if out.len() == before {
            fallback_actions(source, doc, range, &mut out);
        }
    }
    out
}

/// ✅ or ☑ at the start of an item: done; ⬜ or ❌: not done.
fn status_mark(text: &str) -> Option<&'static str> {
    let first = text.trim_start().chars().next()?;
    match first {
        '✅' | '☑' | '✔' => Some("done"),
        '⬜' | '☐' | '❌' => Some("open"),
        _ => None,
    }
}

/// A recommendations section with no list or table: its subheadings are
/// the actions ("#### 1) Cron cleanup scheduled `@malte_j`", the body the
/// detail), else each paragraph is one.
fn fallback_actions(source: &str, doc: &Doc, range: Range<usize>, out: &mut Vec<Recommendation>) {
    let blocks: Vec<Block> = blocks_in(doc, range.clone()).collect();
    let headings: Vec<usize> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(h) => Some(*h),
            _ => None,
        })
        .skip(1)
        .collect();
    if !headings.is_empty() {
        for h in headings {
            let heading = &doc.headings[h];
            let end = doc.headings.get(h + 1).map_or(range.end, |n| n.range.start.min(range.end));
            let span = trim_range(source, heading.range.start..end);
            let mut rec = Recommendation {
                span: Span::new(span.start, span.end),
                text: Text {
                    value: heading.text.clone(),
                    span: Span::new(heading.range.start, heading.range.end),
                },
                ..Recommendation::default()
            };
            crate::attrs::extract(source, span, &mut rec);
            out.push(rec);
        }
        return;
    }
    for block in blocks {
        let Block::Para(p) = block else { continue };
        let para = &doc.paras[p];
        if para.in_quote || para.in_item {
            continue;
        }
        let r = trim_range(source, para.range.clone());
        let value = render(&para.inlines, &r, source);
        // A sentence long enough to be an action, not a label or a link,
        // and not a deferral ("We will discuss follow-ups at the next
        // meeting" names no action).
        if value.split_whitespace().count() < 4 || is_deferral(&value) {
            continue;
        }
        let mut rec = Recommendation {
            span: Span::new(r.start, r.end),
            text: Text {
                value,
                span: Span::new(r.start, r.end),
            },
            ..Recommendation::default()
        };
        crate::attrs::extract(source, r, &mut rec);
        out.push(rec);
    }
}

/// Text that puts the actions off rather than naming one.
fn is_deferral(text: &str) -> bool {
    let t = text.to_lowercase();
    ["will discuss", "to be discussed", "to be decided", "will decide", "tbd", "to be defined", "will follow up", "at the next", "will be added later"]
        .iter()
        .any(|p| t.contains(p))
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

