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
    // A list under a label line ("**Action items:**", "Actions planned:")
    // outside any such section.
    for r in label_lists(source, doc) {
        if !ranges.iter().any(|o| o.contains(&r.start)) {
            ranges.push(r);
        }
    }
    ranges.sort_by_key(|r| r.start);
    let mut out = Vec::new();
    for range in ranges {
        let before = out.len();
        // What the nearest heading says of the items under it: "Immediate
        // actions (completed)" marks them done, "Short-term (tracked in
        // #40885)" gives them a ticket.
        let mut heading_done = false;
        let mut heading_ticket: Option<Text> = None;
        for block in blocks_in(doc, range.clone()) {
            match block {
                Block::Heading(h) => {
                    let heading = &doc.headings[h];
                    heading_done = heading_marks_done(&heading.text);
                    let mut probe = Recommendation::default();
                    crate::attrs::extract(source, heading.range.clone(), &mut probe);
                    heading_ticket = probe.tracking;
                }
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
                    // A template's instruction left as the item
                    // ("<Link to the tickets>") is a placeholder, not an
                    // action.
                    let raw = source[own.clone()].trim();
                    if value.is_empty() || (raw.starts_with('<') && raw.ends_with('>')) {
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
                    // "- [ ] Write an incident report" is done by the report
                    // itself: not an action to track (and a list of only
                    // that has no corrective action).
                    if is_report_itself(&rec.text.value) {
                        continue;
                    }
                    if rec.status.is_none() && (heading_done || past_tense_item(&rec.text.value)) {
                        rec.status = Some(Text {
                            value: "done".into(),
                            span: Span::new(own.start, own.start),
                        });
                    }
                    if rec.tracking.is_none() {
                        rec.tracking.clone_from(&heading_ticket);
                    }
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
            // "2) Alerts configured @dma": a heading that reports an action
            // as done.
            if rec.status.is_none() && reports_done(&heading.text) {
                rec.status = Some(Text {
                    value: "done".into(),
                    span: Span::new(heading.range.start, heading.range.start),
                });
            }
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
        // not a deferral ("We will discuss follow-ups at the next meeting"
        // names no action), not a template's italic instruction, and
        // phrased as an action.
        let raw = source[r.clone()].trim();
        let italic = (raw.starts_with('_') && raw.ends_with('_')) || (raw.starts_with('*') && raw.ends_with('*') && !raw.starts_with("**"));
        if value.split_whitespace().count() < 4 || is_deferral(&value) || italic || !reads_as_action(&value) {
            continue;
        }
        let done = reports_done(&value);
        let mut rec = Recommendation {
            span: Span::new(r.start, r.end),
            text: Text {
                value,
                span: Span::new(r.start, r.end),
            },
            ..Recommendation::default()
        };
        crate::attrs::extract(source, r.clone(), &mut rec);
        // "The fix was to remove the trailing slash": a fix already made.
        if done && rec.status.is_none() {
            rec.status = Some(Text {
                value: "done".into(),
                span: Span::new(r.start, r.start),
            });
        }
        out.push(rec);
    }
}

/// The ranges of lists introduced by a paragraph that is only a label for
/// action items ("Action items:", "**Follow-ups:**", "Actions planned:").
fn label_lists(source: &str, doc: &Doc) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for (k, (_, block)) in doc.blocks.iter().enumerate() {
        let Block::Para(p) = block else { continue };
        let para = &doc.paras[*p];
        if para.in_item || para.in_quote {
            continue;
        }
        // Cheap test first: a label is short, or ends with a colon.
        let raw = source[para.range.clone()].trim_end().trim_end_matches(['*', '_']);
        let colon = raw.ends_with(':');
        if raw.len() > 400 || (!colon && raw.len() > 40) {
            continue;
        }
        let text = render(&para.inlines, &para.range, source);
        let label = text.trim().trim_end_matches(':');
        let words: Vec<&str> = label.split_whitespace().collect();
        // "Action Items" (alone on its line), "**Follow-ups:**", or a
        // sentence that announces the list ("Going forward, we will do the
        // following:").
        let names_actions = !words.is_empty()
            && ((words.len() <= 5
                && (1..=words.len()).any(|n| {
                    pirlint_vocab::default_kinds(&words[..n].join(" ")).first() == Some(&"recommendations")
                }))
                || (colon && {
                    let l = label.to_lowercase();
                    ["going forward", "moving forward", "we will do the following", "the following actions", "the following steps", "next steps", "to prevent", "to avoid"]
                        .iter()
                        .any(|p| l.contains(p))
                }));
        if !names_actions {
            continue;
        }
        let end = doc.blocks[k + 1..]
            .iter()
            .take_while(|(_, b)| match b {
                Block::Item(_) => true,
                Block::Para(p) => doc.paras[*p].in_item,
                _ => false,
            })
            .map(|(_, b)| match b {
                Block::Item(i) => doc.items[*i].range.end,
                _ => 0,
            })
            .max();
        if let Some(end) = end {
            out.push(para.range.start..end);
        }
    }
    out
}

/// An item told in the past ("Increased the scrutiny of ...", "We've
/// tightened ...") reports work done, where action lists are written in
/// the imperative ("Add ...").
fn past_tense_item(text: &str) -> bool {
    let t = text.trim_start_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    let first = t.split(|c: char| c.is_whitespace()).next().unwrap_or("");
    const IRREGULAR: &[&str] = &["sent", "built", "wrote", "made", "ran", "took", "gave", "kept", "began"];
    (first.len() > 4 && first.ends_with("ed") && !matches!(first, "need" | "needed" | "proceed" | "feed"))
        || IRREGULAR.contains(&first)
        || t.starts_with("we've ")
        || t.starts_with("we have ")
}

/// Text that reports an action as done: a title ending in a participle
/// ("Cron cleanup scheduled @malte_j", "Alerts configured") or a sentence
/// in the past ("The fix was to ...", "We have added ...").
fn reports_done(text: &str) -> bool {
    let t = text.to_lowercase();
    let words: Vec<&str> = t
        .split_whitespace()
        .filter(|w| !w.starts_with('@') && !w.starts_with('[') && !w.starts_with('`') && !w.starts_with('('))
        .collect();
    let last = words.last().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric())).unwrap_or("");
    let participle = words.len() <= 6 && last.len() > 4 && last.ends_with("ed");
    participle
        || [" was ", " were ", "has been", "have been", "we added", "we have added", "we fixed", "we deployed", "we released", "we changed"]
            .iter()
            .any(|p| format!(" {t} ").contains(p))
}

/// "Immediate actions (completed)", "Done", "Completed actions".
fn heading_marks_done(heading: &str) -> bool {
    let h = heading.to_lowercase();
    h.split(|c: char| !c.is_alphanumeric())
        .any(|w| matches!(w, "completed" | "done" | "finished" | "implemented"))
}

/// "Write an incident report": the action the report itself completes.
fn is_report_itself(text: &str) -> bool {
    let t = text.to_lowercase();
    let t = t.trim_start_matches(|c: char| !c.is_alphanumeric());
    ["write an incident report", "write the incident report", "write incident report", "write a postmortem", "write the postmortem", "write a post-mortem", "postmortem documented", "post-mortem documented", "incident report written"]
        .iter()
        .any(|p| t.starts_with(p))
}

/// A paragraph that names an action: it starts with an imperative verb or
/// with "We will" and the like. Other prose in an action-item section
/// ("This was a hard week for the team ...") is not an action.
fn reads_as_action(text: &str) -> bool {
    let t = text.trim_start().to_lowercase();
    const STARTS: &[&str] = &[
        "we will ", "we'll ", "we plan to ", "we are going to ", "we're going to ", "we need to ",
        "we must ", "we should ",
    ];
    const VERBS: &[&str] = &[
        "add", "fix", "improve", "create", "implement", "update", "review", "move", "migrate",
        "monitor", "alert", "document", "write", "remove", "enable", "disable", "ensure",
        "investigate", "set", "build", "introduce", "automate", "replace", "test", "rotate",
        "audit", "require", "upgrade", "deploy", "configure", "switch", "limit", "reduce",
        "increase", "schedule", "train", "define", "establish", "adopt", "publish", "evaluate",
    ];
    if STARTS.iter().any(|s| t.starts_with(s)) || t.contains(" fix") || t.starts_with("fix") {
        return true;
    }
    let first = t.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    VERBS.contains(&first)
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

