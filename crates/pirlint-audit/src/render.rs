//! The plain-text table and Markdown views of an [`Audit`]. Both are drawn
//! from the same [`blocks`], so they show the same rows and values.

use crate::{summary, Audit, Count, DurationStats};

/// A piece of the document, independent of its format.
pub enum Block {
    Heading(u8, String),
    Paragraph(String),
    Table { header: Vec<String>, rows: Vec<Vec<String>>, right: Vec<bool> },
}

pub fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

fn table(header: &[&str], rows: Vec<Vec<String>>) -> Block {
    let right = header.iter().map(|h| h.starts_with('#') || h.ends_with('%') || ["Median", "90th percentile", "Worst", "Reports", "Error", "Warning", "Info", "Findings", "Count", "Measured", "Missing", "Out of order", "Days overdue", "Compliant", "Share"].contains(h)).collect();
    Block::Table {
        header: header.iter().map(|h| h.trim_start_matches('#').to_string()).collect(),
        rows,
        right,
    }
}

fn counts(rows: &[Count]) -> Vec<Vec<String>> {
    rows.iter().map(|c| vec![c.key.clone(), c.count.to_string()]).collect()
}

const PLAIN: summary::Style = summary::Style { text: &|t: &str| t.to_owned(), paths: &list };

fn list(paths: &[String]) -> String {
    if paths.is_empty() {
        "—".into()
    } else {
        paths.join(", ")
    }
}

/// An overdue item's status: "To Do (tracker)", "open", or "—".
pub fn overdue_status(i: &crate::OverdueItem) -> String {
    match (&i.status, i.status_from_tracker) {
        (Some(s), true) => format!("{s} (tracker)"),
        (Some(s), false) => s.clone(),
        (None, _) => "—".into(),
    }
}

fn duration_row(name: &str, d: &DurationStats) -> Vec<String> {
    let dash = || "—".to_string();
    vec![
        name.to_string(),
        d.between.clone(),
        d.measured.to_string(),
        d.median_text.clone().unwrap_or_else(dash),
        d.p90_text.clone().unwrap_or_else(dash),
        d.worst_text.clone().unwrap_or_else(dash),
        list(&d.worst_reports),
        d.missing.len().to_string(),
        d.out_of_order.len().to_string(),
    ]
}

/// The document, format-independent.
pub fn blocks(audit: &Audit) -> Vec<Block> {
    let mut out = Vec::new();
    let c = &audit.compliance;
    let r = &audit.reports;
    out.push(Block::Heading(1, "pirlint audit".into()));
    let period = match (&audit.period.since, &audit.period.until) {
        (None, None) => "all dates".to_string(),
        (since, until) => format!(
            "{} to {}",
            since.as_deref().unwrap_or("the beginning"),
            until.as_deref().unwrap_or("the end")
        ),
    };
    out.push(Block::Paragraph(format!(
        "As of {}; incidents of {period}. {} reports checked, {} audited ({} outside the period, {} undated{}). Fail level: {}.",
        audit.now,
        r.checked,
        r.audited,
        r.outside_period,
        r.undated,
        if audit.period.since.is_some() || audit.period.until.is_some() { ", left out" } else { ", included" },
        audit.fail_on,
    )));
    if !audit.unreadable.is_empty() {
        out.push(Block::Paragraph(format!(
            "{} files could not be read: {}.",
            audit.unreadable.len(),
            audit.unreadable.iter().map(|u| format!("{} ({})", u.path, u.message)).collect::<Vec<_>>().join("; ")
        )));
    }

    out.push(Block::Heading(2, "Compliance".into()));
    out.push(Block::Paragraph(summary::compliance(audit)));
    out.push(table(
        &["Report", "Date", "Result", "#Error", "#Warning", "#Info"],
        c.reports
            .iter()
            .map(|p| {
                vec![
                    p.path.clone(),
                    p.date.clone().unwrap_or_else(|| "—".into()),
                    if p.passed { "pass".into() } else { "FAIL".into() },
                    p.counts.error.to_string(),
                    p.counts.warning.to_string(),
                    p.counts.info.to_string(),
                ]
            })
            .collect(),
    ));
    out.push(Block::Heading(3, "Compliance per rule".into()));
    out.push(table(
        &["Rule", "Compliant", "Share", "Findings"],
        c.rules
            .iter()
            .map(|x| vec![x.rule.clone(), format!("{}/{}", x.compliant, r.audited), percent(x.share), x.findings.to_string()])
            .collect(),
    ));
    out.push(Block::Heading(3, "Reports with the most findings".into()));
    out.push(table(
        &["Report", "Findings", "Error", "Warning", "Info"],
        c.most_findings
            .iter()
            .filter_map(|path| c.reports.iter().find(|p| &p.path == path))
            .map(|p| {
                vec![
                    p.path.clone(),
                    p.counts.total().to_string(),
                    p.counts.error.to_string(),
                    p.counts.warning.to_string(),
                    p.counts.info.to_string(),
                ]
            })
            .collect(),
    ));

    regulation_blocks(audit, &mut out);

    let m = &audit.metrics;
    out.push(Block::Heading(2, "Incident metrics".into()));
    out.push(Block::Heading(3, "Incidents by severity".into()));
    out.push(table(&["Severity", "Count"], counts(&m.by_severity)));
    out.push(Block::Heading(3, "Incidents by type".into()));
    out.push(table(&["Type", "Count"], counts(&m.by_type)));
    out.push(Block::Heading(3, "Incidents by month".into()));
    let mut months = counts(&m.by_month);
    if m.undated > 0 {
        months.push(vec!["undated".into(), m.undated.to_string()]);
    }
    out.push(table(&["Month", "Count"], months));
    out.push(Block::Heading(3, "Response times".into()));
    out.push(Block::Paragraph(
        "Nearest-rank median and 90th percentile over the reports where both times are known and in order; missing and out-of-order times are counted, not used.".into(),
    ));
    out.push(table(
        &["Time to", "Between", "Measured", "Median", "90th percentile", "Worst", "Worst report", "Missing", "Out of order"],
        vec![
            duration_row("detect", &m.time_to_detect),
            duration_row("contain", &m.time_to_contain),
            duration_row("recover", &m.time_to_recover),
            duration_row("resolve", &m.time_to_resolve),
        ],
    ));
    let mut problems = Vec::new();
    for (name, d) in [
        ("detect", &m.time_to_detect),
        ("contain", &m.time_to_contain),
        ("recover", &m.time_to_recover),
        ("resolve", &m.time_to_resolve),
    ] {
        if !d.out_of_order.is_empty() {
            problems.push(format!("time to {name} out of order in {}", list(&d.out_of_order)));
        }
        if !d.missing.is_empty() {
            problems.push(format!("time to {name} missing in {}", list(&d.missing)));
        }
    }
    if !problems.is_empty() {
        out.push(Block::Paragraph(format!("{}.", problems.join("; "))));
    }
    out.push(Block::Heading(3, "Time to recover".into()));
    out.push(table(&["Time to recover", "Reports"], counts(&m.recover_distribution)));
    out.push(Block::Heading(3, "Actions per incident".into()));
    out.push(Block::Paragraph(summary::actions(audit, &PLAIN)));

    let f = &audit.follow_through;
    out.push(Block::Heading(2, "Follow-through".into()));
    out.push(Block::Paragraph(summary::follow_through(audit)));
    out.push(Block::Heading(3, "Recommendations by priority".into()));
    out.push(table(&["Priority", "Count"], counts(&f.by_priority)));
    out.push(Block::Heading(3, "Recommendations by status".into()));
    out.push(table(&["Status", "Count"], counts(&f.by_status)));
    out.push(Block::Heading(3, "Overdue by owner".into()));
    out.push(table(
        &["Owner", "Action", "Priority", "Due", "Days overdue", "Ticket", "Status", "Report"],
        f.overdue_by_owner
            .iter()
            .flat_map(|o| {
                o.items.iter().map(|i| {
                    vec![
                        o.owner.clone(),
                        i.action.clone(),
                        i.priority.clone().unwrap_or_else(|| "—".into()),
                        i.due.clone(),
                        i.days_overdue.to_string(),
                        i.ticket.clone().unwrap_or_else(|| "—".into()),
                        overdue_status(i),
                        format!("{}:{}", i.path, i.line),
                    ]
                })
            })
            .collect(),
    ));
    if let (Some(t), Some(text)) = (&f.tickets, summary::tickets(audit, &PLAIN)) {
        out.push(Block::Heading(3, "Tickets in the tracker".into()));
        out.push(Block::Paragraph(text));
        out.push(Block::Heading(3, "Report and tracker disagree".into()));
        out.push(table(
            &["Report", "Action", "Ticket", "Report status", "Tracker status"],
            t.disagreements
                .iter()
                .map(|i| {
                    vec![
                        format!("{}:{}", i.path, i.line),
                        i.action.clone(),
                        i.ticket.clone(),
                        i.report_status.clone().unwrap_or_else(|| "—".into()),
                        i.tracker_status.clone().unwrap_or_else(|| "—".into()),
                    ]
                })
                .collect(),
        ));
        out.push(Block::Heading(3, "Tickets the tracker does not know".into()));
        out.push(table(
            &["Report", "Action", "Ticket", "Report status"],
            t.unknown
                .iter()
                .map(|i| {
                    vec![
                        format!("{}:{}", i.path, i.line),
                        i.action.clone(),
                        i.ticket.clone(),
                        i.report_status.clone().unwrap_or_else(|| "—".into()),
                    ]
                })
                .collect(),
        ));
    }
    out.push(Block::Heading(3, "Lessons-learned meetings".into()));
    out.push(Block::Paragraph(summary::meetings(audit, &PLAIN)));
    trend_blocks(audit, &mut out);
    reading_blocks(audit, &mut out);
    out.push(Block::Heading(2, "Recurrence".into()));
    out.push(Block::Paragraph(summary::recurrence(audit, &PLAIN)));
    out.push(table(
        &["Incident", "Date", "Earlier incident", "Earlier date", "#Days apart", "Shared", "Earlier action items"],
        audit
            .recurrence
            .recurrences
            .iter()
            .map(|x| {
                vec![
                    x.path.clone(),
                    x.date.clone(),
                    x.earlier.clone(),
                    x.earlier_date.clone(),
                    x.days_apart.to_string(),
                    summary::shared(x),
                    summary::earlier_actions(x),
                ]
            })
            .collect(),
    ));
    out
}

/// The regulations view: one row per regulation, then the findings of
/// the reports that missed a deadline, could not be checked for want of a
/// start time, or lack contents.
fn regulation_blocks(audit: &Audit, out: &mut Vec<Block>) {
    let g = &audit.regulations;
    out.push(Block::Heading(2, "Regulations".into()));
    out.push(Block::Paragraph(summary::regulations(audit, &PLAIN)));
    out.push(table(
        &["Regulation", "#In scope", "#Met", "#Reason given", "#Missed", "#Start unknown", "#None due yet", "#Not checked", "#Missing contents"],
        g.regimes
            .iter()
            .map(|r| {
                vec![
                    r.regime.clone(),
                    r.in_scope.to_string(),
                    r.met.to_string(),
                    r.reason_given.to_string(),
                    r.missed.to_string(),
                    r.start_unknown.to_string(),
                    r.none_due_yet.to_string(),
                    r.not_checked.to_string(),
                    r.missing_contents.to_string(),
                ]
            })
            .collect(),
    ));
    out.push(Block::Heading(3, "Missed deadlines and missing contents".into()));
    out.push(table(
        &["Regulation", "Report", "Date", "Deadlines", "Contents", "Rule", "Finding"],
        g.regimes
            .iter()
            .flat_map(|r| {
                r.reports.iter().filter(|x| x.needs_attention()).flat_map(move |x| {
                    x.findings.iter().map(move |f| {
                        vec![
                            r.regime.clone(),
                            format!("{}:{}", x.path, f.line),
                            x.date.clone().unwrap_or_else(|| "—".into()),
                            x.deadlines.text().to_owned(),
                            x.contents.text().to_owned(),
                            f.rule.clone(),
                            f.message.clone(),
                        ]
                    })
                })
            })
            .collect(),
    ));
}

fn reading_blocks(audit: &Audit, out: &mut Vec<Block>) {
    let r = &audit.reading_list;
    out.push(Block::Heading(2, "Reading list for new team members".into()));
    out.push(Block::Paragraph(summary::reading(audit)));
    out.push(table(
        &["Type", "#Rank", "Report", "Title", "#Completeness", "Lacks"],
        r.types
            .iter()
            .flat_map(|t| {
                t.list.iter().enumerate().map(move |(i, e)| {
                    vec![
                        t.incident_type.clone(),
                        (i + 1).to_string(),
                        e.path.clone(),
                        e.title.clone().unwrap_or_else(|| "—".into()),
                        format!("{} ({}/{})", percent(e.completeness), e.points, e.max_points),
                        if e.missing.is_empty() { "—".into() } else { e.missing.join(", ") },
                    ]
                })
            })
            .collect(),
    ));
    let none: Vec<String> = r.types.iter().filter(|t| t.list.is_empty()).map(|t| format!("{} ({} reports)", t.incident_type, t.reports)).collect();
    if !none.is_empty() {
        out.push(Block::Paragraph(format!("No passing report for: {}.", none.join(", "))));
    }
}

fn stat_text(t: &crate::TrendStat) -> String {
    match (&t.median_text, &t.p90_text) {
        (Some(m), Some(p)) => format!("{m} / {p} ({})", t.measured),
        _ => "—".into(),
    }
}

/// The Trends section (shared by the table and Markdown views).
fn trend_blocks(audit: &Audit, out: &mut Vec<Block>) {
    let t = &audit.trends;
    out.push(Block::Heading(2, "Trends".into()));
    out.push(Block::Paragraph(summary::trends(audit)));
    out.push(Block::Heading(3, "Response times per quarter".into()));
    out.push(table(
        &["Quarter", "#Incidents", "Detect", "Contain", "Recover"],
        t.quarters
            .iter()
            .map(|q| {
                vec![
                    q.quarter.clone(),
                    q.incidents.to_string(),
                    stat_text(&q.time_to_detect),
                    stat_text(&q.time_to_contain),
                    stat_text(&q.time_to_recover),
                ]
            })
            .collect(),
    ));
    out.push(Block::Heading(3, "Response times per severity and quarter".into()));
    out.push(table(
        &["Severity", "Quarter", "#Incidents", "Detect", "Contain", "Recover"],
        t.by_severity
            .iter()
            .map(|q| {
                vec![
                    q.severity.clone(),
                    q.quarter.clone(),
                    q.incidents.to_string(),
                    stat_text(&q.time_to_detect),
                    stat_text(&q.time_to_contain),
                    stat_text(&q.time_to_recover),
                ]
            })
            .collect(),
    ));
    out.push(Block::Heading(3, "Action items per quarter of the incident".into()));
    out.push(table(
        &["Quarter", "#Opened", "#Closed", "#Open", "#Overdue"],
        t.actions
            .iter()
            .map(|a| vec![a.quarter.clone(), a.opened.to_string(), a.closed.to_string(), a.open.to_string(), a.overdue.to_string()])
            .collect(),
    ));
    out.push(Block::Heading(3, "Lessons-learned meetings on time per quarter".into()));
    out.push(table(
        &["Quarter", "#On time", "#Counted", "Share"],
        t.meetings
            .iter()
            .map(|m| vec![m.quarter.clone(), m.timely.to_string(), m.counted.to_string(), m.timely_share.map_or("—".into(), percent)])
            .collect(),
    ));
}

/// The blocks with every text made safe by `escape`: the values come from
/// reports (paths, owners, actions), the rest is ours and unchanged by it.
fn escaped_blocks(audit: &Audit, escape: impl Fn(&str) -> String) -> Vec<Block> {
    let all = |cells: Vec<String>| cells.iter().map(|c| escape(c)).collect::<Vec<_>>();
    blocks(audit)
        .into_iter()
        .map(|block| match block {
            Block::Heading(level, text) => Block::Heading(level, escape(&text)),
            Block::Paragraph(text) => Block::Paragraph(escape(&text)),
            Block::Table { header, rows, right } => {
                Block::Table { header: all(header), rows: rows.into_iter().map(all).collect(), right }
            }
        })
        .collect()
}

/// A plain-text rendering with aligned columns.
pub fn table_text(audit: &Audit) -> String {
    let mut out = String::new();
    for block in escaped_blocks(audit, |t| pirlint_host::escape::terminal(t).into_owned()) {
        match block {
            Block::Heading(level, text) => {
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(&text);
                out.push('\n');
                let underline = if level == 1 { '=' } else if level == 2 { '-' } else { '·' };
                if level <= 2 {
                    out.push_str(&underline.to_string().repeat(text.chars().count()));
                    out.push('\n');
                }
            }
            Block::Paragraph(text) => {
                out.push_str(&wrap(&text, 100));
                out.push('\n');
            }
            Block::Table { header, rows, right } => {
                if rows.is_empty() {
                    out.push_str("  (none)\n");
                    continue;
                }
                let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
                for row in &rows {
                    for (w, cell) in widths.iter_mut().zip(row) {
                        *w = (*w).max(cell.chars().count());
                    }
                }
                let line = |cells: &[String]| {
                    let mut s = String::from(" ");
                    for (i, cell) in cells.iter().enumerate() {
                        let pad = widths[i] - cell.chars().count();
                        s.push(' ');
                        if right[i] {
                            s.push_str(&" ".repeat(pad));
                            s.push_str(cell);
                        } else {
                            s.push_str(cell);
                            if i + 1 < cells.len() {
                                s.push_str(&" ".repeat(pad));
                            }
                        }
                        s.push(' ');
                    }
                    s.trim_end().to_string() + "\n"
                };
                out.push_str(&line(&header));
                out.push_str(&line(&widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>()));
                for row in &rows {
                    out.push_str(&line(row));
                }
            }
        }
    }
    out
}

fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut len = 0;
    for word in text.split(' ') {
        let w = word.chars().count();
        if len > 0 && len + 1 + w > width {
            out.push('\n');
            len = 0;
        } else if len > 0 {
            out.push(' ');
            len += 1;
        }
        out.push_str(word);
        len += w;
    }
    out
}

/// A Markdown rendering (GitHub-flavored tables).
pub fn markdown(audit: &Audit) -> String {
    let mut out = String::new();
    for block in escaped_blocks(audit, pirlint_host::escape::markdown) {
        match block {
            Block::Heading(level, text) => {
                out.push_str(&format!("{} {}\n\n", "#".repeat(level as usize), text));
            }
            Block::Paragraph(text) => {
                out.push_str(&text);
                out.push_str("\n\n");
            }
            Block::Table { header, rows, right } => {
                if rows.is_empty() {
                    out.push_str("_None._\n\n");
                    continue;
                }
                let row = |cells: &[String]| format!("| {} |\n", cells.join(" | "));
                out.push_str(&row(&header));
                out.push_str(&format!(
                    "|{}|\n",
                    right.iter().map(|r| if *r { "---:" } else { "---" }).collect::<Vec<_>>().join("|")
                ));
                for r in &rows {
                    out.push_str(&row(r));
                }
                out.push('\n');
            }
        }
    }
    out
}
