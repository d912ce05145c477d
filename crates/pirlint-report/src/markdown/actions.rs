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

