//! A self-contained HTML view of an [`Audit`]: no script, no network (a
//! Content-Security-Policy forbids any), charts drawn as inline SVG here.
//!
//! Chart hooks, for tests and for people who restyle the page: each chart
//! is an `<svg class="chart">` with an id (`chart-incidents-per-month`,
//! `chart-time-to-recover`, `chart-compliance-per-rule`, and for the trends
//! `chart-response-per-quarter`, `chart-actions-per-quarter`,
//! `chart-meetings-per-quarter`), and each bar is a `<rect class="bar">` with
//! `data-key` and `data-value` (and `data-series` in grouped charts); each
//! point of a line chart a `<circle class="point">` with `data-series`,
//! `data-key` and `data-value` (seconds).

use crate::render::percent;
use crate::{summary, Audit, Count, DurationStats, Severity};
use std::fmt::Write;

/// Text for HTML content and attribute values; control characters as by
/// [`pirlint_host::escape::terminal`], so the page shows them as escapes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in pirlint_host::escape::terminal(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { --fg:#1f2328; --muted:#59636e; --line:#d1d9e0; --bg:#ffffff; --panel:#f6f8fa; --bar:#3b6fb6; --pass:#1a7f37; --fail:#cf222e; --warn:#9a6700; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: var(--bg); margin: 0; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 64px; }
h1 { font-size: 28px; margin: 0 0 4px; }
h2 { font-size: 21px; margin: 40px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 24px 0 8px; }
p.meta, .muted { color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 12px; margin: 20px 0; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
.card .value { font-size: 26px; font-weight: 600; }
.card .label { color: var(--muted); font-size: 13px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 14px; }
th, td { text-align: left; padding: 5px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.pass { color: var(--pass); font-weight: 600; }
.fail { color: var(--fail); font-weight: 600; }
.sev-error { color: var(--fail); } .sev-warning { color: var(--warn); } .sev-info { color: var(--muted); }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 20px; }
figure { margin: 0; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 12px; }
figcaption { font-weight: 600; margin-bottom: 6px; }
svg.chart { display: block; width: 100%; height: auto; }
svg.chart .bar { fill: var(--bar); }
svg.chart .bar.low { fill: var(--fail); }
svg.chart .bar.mid { fill: var(--warn); }
svg.chart text { font: 11px system-ui, sans-serif; fill: var(--fg); }
svg.chart text.axis { fill: var(--muted); }
svg.chart line { stroke: var(--line); }
svg.chart .s-detect { stroke: #3b6fb6; fill: #3b6fb6; } svg.chart .s-contain { stroke: #9a6700; fill: #9a6700; } svg.chart .s-recover { stroke: #1a7f37; fill: #1a7f37; }
svg.chart polyline { fill: none; stroke-width: 2; }
svg.chart .s-opened { fill: #3b6fb6; } svg.chart .s-closed { fill: #1a7f37; } svg.chart .s-overdue { fill: #cf222e; }
details { border-bottom: 1px solid var(--line); padding: 4px 0; }
summary { cursor: pointer; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
a { color: #0b5cad; }
"#;

/// The axis maximum: four equal integer steps of 1, 2, 5, 10, 20, 25, 50, ...
/// that reach `max`.
fn axis_max(max: usize) -> usize {
    let mut magnitude = 1;
    loop {
        let mut steps = vec![magnitude, 2 * magnitude];
        if magnitude >= 10 {
            steps.push(magnitude * 25 / 10);
        }
        steps.push(5 * magnitude);
        if let Some(step) = steps.into_iter().find(|s| s * 4 >= max) {
            return step * 4;
        }
        magnitude *= 10;
    }
}

/// The opening `<svg>` of a chart of class `class`, `w` by `h`, titled for
/// screen readers.
fn open_chart(id: &str, class: &str, title: &str, w: f64, h: f64) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg id="{id}" class="chart {class}" viewBox="0 0 {w} {h}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">"#,
        escape(title)
    );
    s
}

/// The horizontal grid lines of a vertical axis at 0, ¼, ½, ¾ and its top,
/// the `i`th (0 to 4) labelled `label(i)` at the left.
fn y_grid(s: &mut String, w: f64, left: f64, top: f64, plot_h: f64, label: impl Fn(usize) -> String) {
    for i in 0..=4 {
        let y = top + plot_h - plot_h * i as f64 / 4.0;
        let _ = write!(
            s,
            r#"<line x1="{left}" x2="{}" y1="{y:.1}" y2="{y:.1}"/><text class="axis" x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
            w - 4.0,
            left - 4.0,
            y + 4.0,
            label(i)
        );
    }
}

/// A vertical bar chart of counts.
fn column_chart(id: &str, title: &str, data: &[Count]) -> String {
    let (w, h, left, bottom, top) = (520.0, 240.0, 36.0, 48.0, 16.0);
    let max = axis_max(data.iter().map(|c| c.count).max().unwrap_or(0));
    let plot_h = h - bottom - top;
    let slot = (w - left - 8.0) / data.len().max(1) as f64;
    let bar_w = (slot * 0.7).max(1.0);
    let mut s = open_chart(id, "column-chart", title, w, h);
    y_grid(&mut s, w, left, top, plot_h, |i| (max * i / 4).to_string());
    let label_every = (data.len() / 12).max(1);
    for (i, c) in data.iter().enumerate() {
        let bh = plot_h * c.count as f64 / max as f64;
        let x = left + slot * i as f64 + (slot - bar_w) / 2.0;
        let y = top + plot_h - bh;
        let _ = write!(
            s,
            r#"<rect class="bar" data-key="{k}" data-value="{v}" x="{x:.1}" y="{y:.1}" width="{bar_w:.1}" height="{bh:.1}"><title>{k}: {v}</title></rect>"#,
            k = escape(&c.key),
            v = c.count
        );
        if c.count > 0 && bar_w >= 14.0 {
            let _ = write!(s, r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#, x + bar_w / 2.0, y - 3.0, c.count);
        }
        if i % label_every == 0 {
            let lx = x + bar_w / 2.0;
            let ly = h - bottom + 14.0;
            let _ = write!(
                s,
                r#"<text class="axis" x="{lx:.1}" y="{ly:.1}" text-anchor="end" transform="rotate(-35 {lx:.1} {ly:.1})">{}</text>"#,
                escape(&c.key)
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// A horizontal bar chart of shares (0..=1), one row per key.
fn share_chart(id: &str, title: &str, data: &[(String, f64, String)]) -> String {
    let (w, left, row, top) = (1000.0, 300.0, 18.0, 20.0);
    let h = top + row * data.len() as f64 + 8.0;
    let plot_w = w - left - 110.0;
    let mut s = open_chart(id, "share-chart", title, w, h);
    for i in 0..=4 {
        let x = left + plot_w * i as f64 / 4.0;
        let _ = write!(
            s,
            r#"<line x1="{x:.1}" x2="{x:.1}" y1="{}" y2="{:.1}"/><text class="axis" x="{x:.1}" y="12" text-anchor="middle">{}%</text>"#,
            top - 4.0,
            h - 4.0,
            i * 25
        );
    }
    for (i, (key, share, label)) in data.iter().enumerate() {
        let y = top + row * i as f64;
        let bw = plot_w * share.clamp(0.0, 1.0);
        let class = if *share < 0.5 { "bar low" } else if *share < 0.8 { "bar mid" } else { "bar" };
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{k}</text><rect class="{class}" data-key="{k}" data-value="{share:.4}" x="{left}" y="{:.1}" width="{bw:.1}" height="{:.1}"><title>{k}: {l}</title></rect><text x="{:.1}" y="{:.1}">{l}</text>"#,
            left - 6.0,
            y + row * 0.7,
            y + 2.0,
            row - 4.0,
            left + bw + 4.0,
            y + row * 0.7,
            k = escape(key),
            l = escape(label)
        );
    }
    s.push_str("</svg>");
    s
}

/// The legend of a multi-series chart, top right.
fn legend(s: &mut String, w: f64, names: &[&str]) {
    for (i, name) in names.iter().enumerate() {
        let x = w - 90.0 * (names.len() - i) as f64;
        let _ = write!(
            s,
            r#"<rect class="legend s-{name}" x="{x:.1}" y="2" width="10" height="10"/><text x="{:.1}" y="11">{name}</text>"#,
            x + 14.0
        );
    }
}

/// Medians over time: one line per series, a point per known value
/// (seconds), the axis in minutes, hours or days.
fn line_chart(id: &str, title: &str, keys: &[String], series: &[(&str, Vec<Option<i64>>)]) -> String {
    let (w, h, left, bottom, top) = (520.0, 240.0, 52.0, 40.0, 20.0);
    let max = series.iter().flat_map(|(_, v)| v.iter().flatten()).copied().max().unwrap_or(0).max(1);
    let unit = if max >= 2 * 86_400 { 86_400 } else if max >= 2 * 3_600 { 3_600 } else { 60 };
    let top_units = axis_max((max as usize).div_ceil(unit as usize));
    let top_value = top_units as f64 * unit as f64;
    let plot_h = h - bottom - top;
    let slot = (w - left - 8.0) / keys.len().max(1) as f64;
    let mut s = open_chart(id, "line-chart", title, w, h);
    y_grid(&mut s, w, left, top, plot_h, |i| match top_units * i / 4 * unit as usize {
        0 => "0".to_string(),
        v => crate::human_duration(v as i64),
    });
    let x_of = |i: usize| left + slot * i as f64 + slot / 2.0;
    let y_of = |v: i64| top + plot_h - plot_h * v as f64 / top_value;
    for (i, key) in keys.iter().enumerate() {
        let _ = write!(s, r#"<text class="axis" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#, x_of(i), h - bottom + 16.0, escape(key));
    }
    for (name, values) in series {
        // A line through consecutive known values; a gap breaks it.
        let mut run: Vec<String> = Vec::new();
        let flush = |run: &mut Vec<String>, s: &mut String| {
            if run.len() > 1 {
                let _ = write!(s, r#"<polyline class="s-{name}" points="{}"/>"#, run.join(" "));
            }
            run.clear();
        };
        for (i, v) in values.iter().enumerate() {
            match v {
                Some(v) => run.push(format!("{:.1},{:.1}", x_of(i), y_of(*v))),
                None => flush(&mut run, &mut s),
            }
        }
        flush(&mut run, &mut s);
        for (i, v) in values.iter().enumerate() {
            if let Some(v) = v {
                let _ = write!(
                    s,
                    r#"<circle class="point s-{name}" data-series="{name}" data-key="{k}" data-value="{v}" cx="{:.1}" cy="{:.1}" r="4"><title>{name} {k}: {}</title></circle>"#,
                    x_of(i),
                    y_of(*v),
                    crate::human_duration(*v),
                    k = escape(&keys[i])
                );
            }
        }
    }
    legend(&mut s, w, &series.iter().map(|(n, _)| *n).collect::<Vec<_>>());
    s.push_str("</svg>");
    s
}

/// Grouped columns: one group per key, one bar per series.
fn grouped_chart(id: &str, title: &str, keys: &[String], series: &[(&str, Vec<usize>)]) -> String {
    let (w, h, left, bottom, top) = (520.0, 240.0, 36.0, 40.0, 20.0);
    let max = axis_max(series.iter().flat_map(|(_, v)| v.iter()).copied().max().unwrap_or(0));
    let plot_h = h - bottom - top;
    let slot = (w - left - 8.0) / keys.len().max(1) as f64;
    let bar_w = (slot * 0.8 / series.len().max(1) as f64).max(1.0);
    let mut s = open_chart(id, "grouped-chart", title, w, h);
    y_grid(&mut s, w, left, top, plot_h, |i| (max * i / 4).to_string());
    for (i, key) in keys.iter().enumerate() {
        let group_x = left + slot * i as f64 + slot * 0.1;
        for (j, (name, values)) in series.iter().enumerate() {
            let v = values.get(i).copied().unwrap_or(0);
            let bh = plot_h * v as f64 / max as f64;
            let x = group_x + bar_w * j as f64;
            let y = top + plot_h - bh;
            let _ = write!(
                s,
                r#"<rect class="bar s-{name}" data-series="{name}" data-key="{k}" data-value="{v}" x="{x:.1}" y="{y:.1}" width="{bar_w:.1}" height="{bh:.1}"><title>{name} {k}: {v}</title></rect>"#,
                k = escape(key)
            );
            if v > 0 && bar_w >= 14.0 {
                let _ = write!(s, r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{v}</text>"#, x + bar_w / 2.0, y - 3.0);
            }
        }
        let _ = write!(s, r#"<text class="axis" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#, left + slot * (i as f64 + 0.5), h - bottom + 16.0, escape(key));
    }
    legend(&mut s, w, &series.iter().map(|(n, _)| *n).collect::<Vec<_>>());
    s.push_str("</svg>");
    s
}

fn trend_cell(t: &crate::TrendStat) -> String {
    match (&t.median_text, &t.p90_text) {
        (Some(m), Some(p)) => format!(r#"<td class="num median">{}</td><td class="num p90">{}</td><td class="num">{}</td>"#, escape(m), escape(p), t.measured),
        _ => format!(r#"<td class="num median">—</td><td class="num p90">—</td><td class="num">{}</td>"#, t.measured),
    }
}

fn trends(o: &mut String, audit: &Audit) {
    let t = &audit.trends;
    let keys: Vec<String> = t.quarters.iter().map(|q| q.quarter.clone()).collect();
    let _ = write!(o, r#"<section id="trends"><h2>Trends</h2><p>{}</p><div class="charts">"#, escape(&summary::trends(audit)));
    o.push_str("<figure><figcaption>Median time to detect, contain and recover per quarter</figcaption>");
    o.push_str(&line_chart(
        "chart-response-per-quarter",
        "Median response times per quarter",
        &keys,
        &[
            ("detect", t.quarters.iter().map(|q| q.time_to_detect.median).collect()),
            ("contain", t.quarters.iter().map(|q| q.time_to_contain.median).collect()),
            ("recover", t.quarters.iter().map(|q| q.time_to_recover.median).collect()),
        ],
    ));
    o.push_str("</figure><figure><figcaption>Action items per quarter of the incident (closed and overdue as of now)</figcaption>");
    o.push_str(&grouped_chart(
        "chart-actions-per-quarter",
        "Action items per quarter",
        &keys,
        &[
            ("opened", t.actions.iter().map(|a| a.opened).collect()),
            ("closed", t.actions.iter().map(|a| a.closed).collect()),
            ("overdue", t.actions.iter().map(|a| a.overdue).collect()),
        ],
    ));
    o.push_str("</figure></div><figure><figcaption>Lessons-learned meetings on time per quarter</figcaption>");
    let shares: Vec<(String, f64, String)> = t
        .meetings
        .iter()
        .filter_map(|m| Some((m.quarter.clone(), m.timely_share?, format!("{} ({}/{})", percent(m.timely_share?), m.timely, m.counted))))
        .collect();
    o.push_str(&share_chart("chart-meetings-per-quarter", "Meetings on time per quarter", &shares));
    o.push_str("</figure>");
    let head = r#"<th class="num">Detect median</th><th class="num">p90</th><th class="num">n</th><th class="num">Contain median</th><th class="num">p90</th><th class="num">n</th><th class="num">Recover median</th><th class="num">p90</th><th class="num">n</th>"#;
    let _ = write!(o, r#"<h3>Response times per quarter</h3><table id="trend-quarters"><tr><th>Quarter</th><th class="num">Incidents</th>{head}</tr>"#);
    for q in &t.quarters {
        let _ = write!(
            o,
            r#"<tr data-quarter="{k}"><td>{k}</td><td class="num">{}</td>{}{}{}</tr>"#,
            q.incidents,
            trend_cell(&q.time_to_detect),
            trend_cell(&q.time_to_contain),
            trend_cell(&q.time_to_recover),
            k = escape(&q.quarter)
        );
    }
    let _ = write!(o, r#"</table><h3>Response times per severity and quarter</h3><table id="trend-severity"><tr><th>Severity</th><th>Quarter</th><th class="num">Incidents</th>{head}</tr>"#);
    for q in &t.by_severity {
        let _ = write!(
            o,
            r#"<tr><td>{}</td><td>{}</td><td class="num">{}</td>{}{}{}</tr>"#,
            escape(&q.severity),
            escape(&q.quarter),
            q.incidents,
            trend_cell(&q.time_to_detect),
            trend_cell(&q.time_to_contain),
            trend_cell(&q.time_to_recover)
        );
    }
    o.push_str(r#"</table><h3>Action items per quarter of the incident</h3><table id="trend-actions"><tr><th>Quarter</th><th class="num">Opened</th><th class="num">Closed</th><th class="num">Open</th><th class="num">Overdue</th></tr>"#);
    for a in &t.actions {
        let _ = write!(
            o,
            r#"<tr><td>{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>"#,
            escape(&a.quarter),
            a.opened,
            a.closed,
            a.open,
            a.overdue
        );
    }
    o.push_str(r#"</table><h3>Lessons-learned meetings on time per quarter</h3><table id="trend-meetings"><tr><th>Quarter</th><th class="num">On time</th><th class="num">Counted</th><th class="num">Share</th></tr>"#);
    for m in &t.meetings {
        let _ = write!(
            o,
            r#"<tr><td>{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>"#,
            escape(&m.quarter),
            m.timely,
            m.counted,
            m.timely_share.map_or("—".into(), percent)
        );
    }
    o.push_str("</table></section>\n");
}

fn regulations(o: &mut String, audit: &Audit, href: &dyn Fn(&str) -> String, style: &summary::Style) {
    use crate::regulations::{ContentsStatus, DeadlineStatus};
    let g = &audit.regulations;
    let _ = write!(
        o,
        r#"<section id="regulations"><h2>Regulations</h2><p>{}</p><table id="regimes"><tr><th>Regulation</th><th class="num">In scope</th><th class="num">Met</th><th class="num">Reason given</th><th class="num">Missed</th><th class="num">Start unknown</th><th class="num">None due yet</th><th class="num">Not checked</th><th class="num">Missing contents</th></tr>"#,
        summary::regulations(audit, style)
    );
    for r in &g.regimes {
        let bad = |n: usize| if n > 0 { " fail" } else { "" };
        let _ = write!(
            o,
            r#"<tr data-regime="{k}"><td>{k}</td><td class="num in-scope">{}</td><td class="num met">{}</td><td class="num reason-given">{}</td><td class="num missed{}">{}</td><td class="num start-unknown{}">{}</td><td class="num none-due-yet">{}</td><td class="num not-checked">{}</td><td class="num missing-contents{}">{}</td></tr>"#,
            r.in_scope,
            r.met,
            r.reason_given,
            bad(r.missed),
            r.missed,
            bad(r.start_unknown),
            r.start_unknown,
            r.none_due_yet,
            r.not_checked,
            bad(r.missing_contents),
            r.missing_contents,
            k = escape(&r.regime)
        );
    }
    o.push_str(r#"</table><h3>Missed deadlines and missing contents</h3><table id="regulation-findings"><tr><th>Regulation</th><th>Report</th><th>Date</th><th>Deadlines</th><th>Contents</th><th>Rule</th><th>Finding</th></tr>"#);
    let mut rows = 0;
    for r in &g.regimes {
        for x in r.reports.iter().filter(|x| x.needs_attention()) {
            let deadlines = if matches!(x.deadlines, DeadlineStatus::Missed | DeadlineStatus::StartUnknown) { r#" class="fail""# } else { "" };
            let contents = if x.contents == ContentsStatus::Missing { r#" class="fail""# } else { "" };
            for f in &x.findings {
                rows += 1;
                let _ = write!(
                    o,
                    r#"<tr data-regime="{k}"><td>{k}</td><td><a href="{}">{}:{}</a></td><td>{}</td><td{deadlines}>{}</td><td{contents}>{}</td><td><code>{}</code></td><td>{}</td></tr>"#,
                    escape(&href(&x.path)),
                    escape(&x.path),
                    f.line,
                    escape(x.date.as_deref().unwrap_or("—")),
                    x.deadlines.text(),
                    x.contents.text(),
                    escape(&f.rule),
                    escape(&f.message),
                    k = escape(&r.regime)
                );
            }
        }
    }
    if rows == 0 {
        o.push_str(r#"<tr><td colspan="7" class="muted">None</td></tr>"#);
    }
    o.push_str("</table></section>\n");
}

fn reading(o: &mut String, audit: &Audit, href: &dyn Fn(&str) -> String) {
    let r = &audit.reading_list;
    let _ = write!(
        o,
        r#"<section id="reading-list"><h2>Reading list for new team members</h2><p>{}</p><table id="reading"><tr><th>Type</th><th class="num">Rank</th><th>Report</th><th>Title</th><th class="num">Completeness</th><th>Lacks</th></tr>"#,
        escape(&summary::reading(audit))
    );
    for t in &r.types {
        for (i, e) in t.list.iter().enumerate() {
            let _ = write!(
                o,
                r#"<tr data-type="{ty}" data-rank="{rank}"><td>{ty}</td><td class="num">{rank}</td><td><a href="{}">{}</a></td><td>{}</td><td class="num">{} ({}/{})</td><td>{}</td></tr>"#,
                escape(&href(&e.path)),
                escape(&e.path),
                escape(e.title.as_deref().unwrap_or("—")),
                percent(e.completeness),
                e.points,
                e.max_points,
                escape(&if e.missing.is_empty() { "—".to_string() } else { e.missing.join(", ") }),
                ty = escape(&t.incident_type),
                rank = i + 1
            );
        }
    }
    o.push_str("</table>");
    let none: Vec<String> = r.types.iter().filter(|t| t.list.is_empty()).map(|t| format!("{} ({} reports)", t.incident_type, t.reports)).collect();
    if !none.is_empty() {
        let _ = write!(o, "<p>No passing report for: {}.</p>", escape(&none.join(", ")));
    }
    o.push_str("</section>\n");
}

fn card(out: &mut String, value: &str, label: &str, class: &str) {
    let _ = write!(
        out,
        r#"<div class="card"><div class="value {class}">{}</div><div class="label">{}</div></div>"#,
        escape(value),
        escape(label)
    );
}

fn count_table(out: &mut String, id: &str, head: &str, data: &[Count]) {
    let _ = write!(out, r#"<table id="{id}"><tr><th>{}</th><th class="num">Count</th></tr>"#, escape(head));
    for c in data {
        let _ = write!(out, r#"<tr><td>{}</td><td class="num">{}</td></tr>"#, escape(&c.key), c.count);
    }
    if data.is_empty() {
        out.push_str(r#"<tr><td colspan="2" class="muted">None</td></tr>"#);
    }
    out.push_str("</table>");
}

fn links(paths: &[String], href: &dyn Fn(&str) -> String) -> String {
    if paths.is_empty() {
        return "—".into();
    }
    paths.iter().map(|p| format!(r#"<a href="{}">{}</a>"#, escape(&href(p)), escape(p))).collect::<Vec<_>>().join(", ")
}

fn duration_row(out: &mut String, name: &str, d: &DurationStats, href: &dyn Fn(&str) -> String) {
    let t = |v: &Option<String>| escape(v.as_deref().unwrap_or("—"));
    let _ = write!(
        out,
        r#"<tr data-metric="time-to-{name}"><td>{name}</td><td>{}</td><td class="num">{}</td><td class="num median">{}</td><td class="num p90">{}</td><td class="num worst">{}</td><td>{}</td><td class="num">{}</td><td class="num">{}</td></tr>"#,
        escape(&d.between),
        d.measured,
        t(&d.median_text),
        t(&d.p90_text),
        t(&d.worst_text),
        links(&d.worst_reports, href),
        d.missing.len(),
        d.out_of_order.len()
    );
}

/// The page. `href` turns a report's path into the link to it (relative to
/// where the page is written).
pub fn render(audit: &Audit, href: &dyn Fn(&str) -> String) -> String {
    let report_links = |paths: &[String]| links(paths, href);
    let style = summary::Style { text: &escape, paths: &report_links };
    let c = &audit.compliance;
    let m = &audit.metrics;
    let f = &audit.follow_through;
    let r = &audit.reports;
    let mut o = String::new();
    o.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    o.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
    o.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>pirlint audit</title>\n<style>");
    o.push_str(STYLE);
    o.push_str("</style>\n</head>\n<body>\n<main>\n<h1>pirlint audit</h1>\n");
    let period = match (&audit.period.since, &audit.period.until) {
        (None, None) => "all dates".to_string(),
        (s, u) => format!("{} to {}", s.as_deref().unwrap_or("the beginning"), u.as_deref().unwrap_or("the end")),
    };
    let _ = writeln!(
        o,
        r#"<p class="meta">As of <time>{}</time>; incidents of {}. {} reports checked, {} audited ({} outside the period, {} undated). Fail level: {}.</p>"#,
        escape(&audit.now),
        escape(&period),
        r.checked,
        r.audited,
        r.outside_period,
        r.undated,
        audit.fail_on
    );
    if !audit.unreadable.is_empty() {
        o.push_str(r#"<p class="fail">Unreadable files: "#);
        o.push_str(
            &audit
                .unreadable
                .iter()
                .map(|u| format!("{} ({})", escape(&u.path), escape(&u.message)))
                .collect::<Vec<_>>()
                .join("; "),
        );
        o.push_str("</p>");
    }

    // Summary
    o.push_str(r#"<section id="summary"><div class="cards">"#);
    card(&mut o, &r.audited.to_string(), "incidents audited", "");
    card(&mut o, &format!("{} / {}", c.passed, r.audited), &format!("reports pass ({})", percent(c.pass_rate)), if c.failed == 0 { "pass" } else { "fail" });
    card(&mut o, &c.findings.total().to_string(), &format!("findings ({} errors)", c.findings.error), "");
    card(&mut o, m.time_to_detect.median_text.as_deref().unwrap_or("—"), "median time to detect", "");
    card(&mut o, m.time_to_recover.median_text.as_deref().unwrap_or("—"), "median time to recover", "");
    card(&mut o, &f.overdue.to_string(), "overdue recommendations", if f.overdue == 0 { "pass" } else { "fail" });
    card(&mut o, &f.meetings.timely_share.map_or("—".into(), percent), "meetings held in time", "");
    if audit.regulations.regimes.iter().any(|g| g.in_scope > 0) {
        let missed = summary::regulation_misses(audit).len();
        card(&mut o, &missed.to_string(), "reports that missed a notification deadline", if missed == 0 { "pass" } else { "fail" });
    }
    o.push_str("</div></section>\n");

    // Charts
    o.push_str(r#"<section id="charts"><h2>Charts</h2><div class="charts">"#);
    o.push_str("<figure><figcaption>Incidents per month</figcaption>");
    o.push_str(&column_chart("chart-incidents-per-month", "Incidents per month", &m.by_month));
    if m.undated > 0 {
        let _ = write!(o, r#"<p class="muted">{} undated incidents are not shown.</p>"#, m.undated);
    }
    o.push_str("</figure><figure><figcaption>Time to recover (detected → recovered)</figcaption>");
    o.push_str(&column_chart("chart-time-to-recover", "Time to recover", &m.recover_distribution));
    let _ = write!(
        o,
        r#"<p class="muted">{} measured; {} missing, {} out of order.</p>"#,
        m.time_to_recover.measured,
        m.time_to_recover.missing.len(),
        m.time_to_recover.out_of_order.len()
    );
    o.push_str("</figure></div>");
    o.push_str("<figure><figcaption>Compliance per rule (share of reports with no finding of the rule)</figcaption>");
    let shares: Vec<(String, f64, String)> = c
        .rules
        .iter()
        .map(|x| (x.rule.clone(), x.share, format!("{} ({}/{})", percent(x.share), x.compliant, r.audited)))
        .collect();
    o.push_str(&share_chart("chart-compliance-per-rule", "Compliance per rule", &shares));
    o.push_str("</figure></section>\n");

    // Compliance
    o.push_str(r#"<section id="compliance"><h2>Compliance</h2>"#);
    let _ = write!(o, "<p>{}</p>", escape(&summary::compliance(audit)));
    o.push_str("<h3>Reports with the most findings</h3><table id=\"most-findings\"><tr><th>Report</th><th class=\"num\">Findings</th><th class=\"num\">Error</th><th class=\"num\">Warning</th><th class=\"num\">Info</th></tr>");
    for p in c.most_findings.iter().filter_map(|path| c.reports.iter().find(|x| &x.path == path)) {
        let _ = write!(
            o,
            r#"<tr><td><a href="{}">{}</a></td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>"#,
            escape(&href(&p.path)),
            escape(&p.path),
            p.counts.total(),
            p.counts.error,
            p.counts.warning,
            p.counts.info
        );
    }
    o.push_str("</table>");
    o.push_str("<h3>Compliance per rule</h3><table id=\"rules\"><tr><th>Rule</th><th class=\"num\">Compliant</th><th class=\"num\">Share</th><th class=\"num\">Findings</th></tr>");
    for x in &c.rules {
        let _ = write!(
            o,
            r#"<tr><td><code>{}</code></td><td class="num">{}/{}</td><td class="num">{}</td><td class="num">{}</td></tr>"#,
            escape(&x.rule),
            x.compliant,
            r.audited,
            percent(x.share),
            x.findings
        );
    }
    o.push_str("</table>");
    o.push_str("<h3>Findings by report</h3><div id=\"findings\">");
    for p in &c.reports {
        let result = if p.passed { r#"<span class="pass">pass</span>"# } else { r#"<span class="fail">FAIL</span>"# };
        let _ = write!(
            o,
            r#"<details class="report"><summary>{result} <a href="{}">{}</a> <span class="muted">{}{} — {} errors, {} warnings, {} infos</span></summary>"#,
            escape(&href(&p.path)),
            escape(&p.path),
            p.date.as_deref().map(escape).unwrap_or_else(|| "undated".into()),
            p.title.as_deref().map(|t| format!(" · {}", escape(t))).unwrap_or_default(),
            p.counts.error,
            p.counts.warning,
            p.counts.info
        );
        if p.findings.is_empty() {
            o.push_str(r#"<p class="muted">No findings.</p>"#);
        } else {
            o.push_str("<table class=\"findings\"><tr><th>Location</th><th>Severity</th><th>Rule</th><th>Message</th></tr>");
            for x in &p.findings {
                let sev = match x.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info => "info",
                };
                let _ = write!(
                    o,
                    r#"<tr><td><a href="{}">{}:{}:{}</a></td><td class="sev-{sev}">{sev}</td><td><code>{}</code></td><td>{}</td></tr>"#,
                    escape(&href(&p.path)),
                    escape(&p.path),
                    x.line,
                    x.column,
                    escape(&x.rule),
                    escape(&x.message)
                );
            }
            o.push_str("</table>");
        }
        o.push_str("</details>");
    }
    o.push_str("</div></section>\n");
    regulations(&mut o, audit, href, &style);

    // Metrics
    o.push_str(r#"<section id="metrics"><h2>Incident metrics</h2><div class="charts"><div><h3>By severity</h3>"#);
    count_table(&mut o, "by-severity", "Severity", &m.by_severity);
    o.push_str("</div><div><h3>By type</h3>");
    count_table(&mut o, "by-type", "Type", &m.by_type);
    o.push_str("</div></div><h3>Response times</h3>");
    o.push_str(r#"<p class="muted">Nearest-rank median and 90th percentile over the reports where both times are known and in order; missing and out-of-order times are counted, not used.</p>"#);
    o.push_str("<table id=\"durations\"><tr><th>Time to</th><th>Between</th><th class=\"num\">Measured</th><th class=\"num\">Median</th><th class=\"num\">90th percentile</th><th class=\"num\">Worst</th><th>Worst report</th><th class=\"num\">Missing</th><th class=\"num\">Out of order</th></tr>");
    duration_row(&mut o, "detect", &m.time_to_detect, href);
    duration_row(&mut o, "contain", &m.time_to_contain, href);
    duration_row(&mut o, "recover", &m.time_to_recover, href);
    duration_row(&mut o, "resolve", &m.time_to_resolve, href);
    o.push_str("</table>");
    for (name, d) in [
        ("detect", &m.time_to_detect),
        ("contain", &m.time_to_contain),
        ("recover", &m.time_to_recover),
        ("resolve", &m.time_to_resolve),
    ] {
        if !d.out_of_order.is_empty() {
            let _ = write!(o, "<p>Time to {name} out of order: {}</p>", links(&d.out_of_order, href));
        }
        if !d.missing.is_empty() {
            let _ = write!(o, "<p>Time to {name} missing: {}</p>", links(&d.missing, href));
        }
    }
    let _ = write!(o, r#"<h3>Actions per incident</h3><p id="actions">{}</p>"#, summary::actions(audit, &style));
    o.push_str("</section>\n");

    // Follow-through
    let _ = write!(
        o,
        r#"<section id="follow-through"><h2>Follow-through</h2><p>{}</p><div class="charts"><div><h3>By priority</h3>"#,
        escape(&summary::follow_through(audit))
    );
    count_table(&mut o, "by-priority", "Priority", &f.by_priority);
    o.push_str("</div><div><h3>By status</h3>");
    count_table(&mut o, "by-status", "Status", &f.by_status);
    o.push_str("</div></div><h3>Overdue by owner</h3><table id=\"overdue\"><tr><th>Owner</th><th>Action</th><th>Priority</th><th>Due</th><th class=\"num\">Days overdue</th><th>Ticket</th><th>Status</th><th>Report</th></tr>");
    for owner in &f.overdue_by_owner {
        for i in &owner.items {
            let _ = write!(
                o,
                r#"<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class="num">{}</td><td>{}</td><td>{}</td><td><a href="{}">{}:{}</a></td></tr>"#,
                escape(&owner.owner),
                escape(&i.action),
                escape(i.priority.as_deref().unwrap_or("—")),
                escape(&i.due),
                i.days_overdue,
                escape(i.ticket.as_deref().unwrap_or("—")),
                escape(&crate::render::overdue_status(i)),
                escape(&href(&i.path)),
                escape(&i.path),
                i.line
            );
        }
    }
    if f.overdue_by_owner.is_empty() {
        o.push_str(r#"<tr><td colspan="8" class="muted">None</td></tr>"#);
    }
    o.push_str("</table>");
    if let (Some(t), Some(text)) = (&f.tickets, summary::tickets(audit, &style)) {
        let _ = write!(o, r#"<h3>Tickets in the tracker</h3><p id="tickets">{text}</p>"#);
        o.push_str(r#"<h3>Report and tracker disagree</h3><table id="ticket-disagreements"><tr><th>Report</th><th>Action</th><th>Ticket</th><th>Report status</th><th>Tracker status</th></tr>"#);
        for i in &t.disagreements {
            let _ = write!(
                o,
                r#"<tr><td><a href="{}">{}:{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
                escape(&href(&i.path)),
                escape(&i.path),
                i.line,
                escape(&i.action),
                escape(&i.ticket),
                escape(i.report_status.as_deref().unwrap_or("—")),
                escape(i.tracker_status.as_deref().unwrap_or("—"))
            );
        }
        if t.disagreements.is_empty() {
            o.push_str(r#"<tr><td colspan="5" class="muted">None</td></tr>"#);
        }
        o.push_str(r#"</table><h3>Tickets the tracker does not know</h3><table id="ticket-unknown"><tr><th>Report</th><th>Action</th><th>Ticket</th><th>Report status</th></tr>"#);
        for i in &t.unknown {
            let _ = write!(
                o,
                r#"<tr><td><a href="{}">{}:{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
                escape(&href(&i.path)),
                escape(&i.path),
                i.line,
                escape(&i.action),
                escape(&i.ticket),
                escape(i.report_status.as_deref().unwrap_or("—"))
            );
        }
        if t.unknown.is_empty() {
            o.push_str(r#"<tr><td colspan="4" class="muted">None</td></tr>"#);
        }
        o.push_str("</table>");
    }
    let _ = write!(o, r#"<h3>Lessons-learned meetings</h3><p id="meetings">{}</p>"#, summary::meetings(audit, &style));
    o.push_str("</section>\n");
    trends(&mut o, audit);
    reading(&mut o, audit, href);
    let _ = write!(
        o,
        r#"<section id="recurrence"><h2>Recurrence</h2><p>{}</p><table id="recurrences"><tr><th>Incident</th><th>Date</th><th>Earlier incident</th><th>Earlier date</th><th class="num">Days apart</th><th>Shared</th><th>Earlier action items</th></tr>"#,
        summary::recurrence(audit, &style)
    );
    for x in &audit.recurrence.recurrences {
        let class = if x.earlier_actions_done < x.earlier_actions { "fail" } else { "pass" };
        let _ = write!(
            o,
            r#"<tr><td><a href="{}">{}</a></td><td>{}</td><td><a href="{}">{}</a></td><td>{}</td><td class="num">{}</td><td>{}</td><td class="{class}">{}</td></tr>"#,
            escape(&href(&x.path)),
            escape(&x.path),
            escape(&x.date),
            escape(&href(&x.earlier)),
            escape(&x.earlier),
            escape(&x.earlier_date),
            x.days_apart,
            escape(&summary::shared(x)),
            escape(&summary::earlier_actions(x))
        );
    }
    if audit.recurrence.recurrences.is_empty() {
        o.push_str(r#"<tr><td colspan="7" class="muted">None</td></tr>"#);
    }
    o.push_str("</table></section>\n");
    o.push_str("</main>\n</body>\n</html>\n");
    o
}

#[cfg(test)]
mod tests {
    #[test]
    fn axes_have_four_equal_integer_steps() {
        let got: Vec<usize> = [0, 1, 3, 4, 5, 9, 12, 90, 101, 1000].into_iter().map(super::axis_max).collect();
        assert_eq!(got, [4, 4, 4, 4, 8, 20, 20, 100, 200, 1000]);
    }
}
