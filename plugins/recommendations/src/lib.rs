//! pirlint built-in plugin `recommendations`: action items that exist, have
//! a priority, an owner, a due date and a ticket, are listed by priority,
//! can be checked, and are not listed twice.

use pirlint_plugin_sdk::prelude::*;
use serde::Deserialize;
use std::cell::OnceCell;

mod docs;
mod util;

use util::*;

const PRESENT: &str = "recommendations/present";
const PRIORITY: &str = "recommendations/priority";
const ORDERED: &str = "recommendations/ordered";
const OWNER: &str = "recommendations/owner";
const DUE: &str = "recommendations/due-date";
const TRACKING: &str = "recommendations/tracking";
const VAGUE: &str = "recommendations/vague";
const DUPLICATE: &str = "recommendations/duplicate";

struct Recommendations;

impl Plugin for Recommendations {
    fn describe() -> PluginInfo {
        PluginInfo::new(
            "recommendations",
            env!("CARGO_PKG_VERSION"),
            vec![
                RuleInfo::new(
                    PRESENT,
                    "The report has a recommendations / action-items section with at least one item",
                    Severity::Error,
                    docs::PRESENT,
                    NO_OPTIONS,
                ),
                RuleInfo::new(
                    PRIORITY,
                    "Every action item has a priority from the configured scale",
                    Severity::Warning,
                    docs::PRIORITY,
                    docs::SCALE_SCHEMA,
                ),
                RuleInfo::new(
                    ORDERED,
                    "Action items are listed most urgent first",
                    Severity::Info,
                    docs::ORDERED,
                    docs::SCALE_SCHEMA,
                ),
                RuleInfo::new(
                    OWNER,
                    "Every action item has an owner (a person or a team)",
                    Severity::Warning,
                    docs::OWNER,
                    NO_OPTIONS,
                ),
                RuleInfo::new(
                    DUE,
                    "Every action item has a valid due date after the incident and within the horizon; open items past due are overdue",
                    Severity::Warning,
                    docs::DUE,
                    docs::DUE_SCHEMA,
                ),
                RuleInfo::new(
                    TRACKING,
                    "Every action item references a ticket (ABC-123 or an issue-tracker URL)",
                    Severity::Info,
                    docs::TRACKING,
                    docs::TRACKING_SCHEMA,
                ),
                RuleInfo::new(
                    VAGUE,
                    "Action items that cannot be checked (\"be more careful\", a bare \"improve monitoring\")",
                    Severity::Warning,
                    docs::VAGUE,
                    docs::VAGUE_SCHEMA,
                ),
                RuleInfo::new(
                    DUPLICATE,
                    "The same action item listed twice",
                    Severity::Warning,
                    docs::DUPLICATE,
                    NO_OPTIONS,
                ),
            ],
        )
    }

    fn check(
        report: Report,
        source: String,
        rules: Vec<RuleConfig>,
        context: CheckContext,
    ) -> Result<Vec<Diagnostic>, String> {
        let r = Ctx::new(&report, &source);
        let mut out = Vec::new();
        if let Some(cfg) = enabled(&rules, PRESENT) {
            out.extend(present(&r, cfg));
        }
        if let Some(cfg) = enabled(&rules, PRIORITY) {
            out.extend(priority(&r, &options(cfg)?));
        }
        if let Some(cfg) = enabled(&rules, ORDERED) {
            out.extend(ordered(&r, &options(cfg)?));
        }
        if let Some(cfg) = enabled(&rules, OWNER) {
            let _: NoOptions = options(cfg)?;
            out.extend(owner(&r));
        }
        if let Some(cfg) = enabled(&rules, DUE) {
            out.extend(due_dates(&r, &options(cfg)?, &context));
        }
        if let Some(cfg) = enabled(&rules, TRACKING) {
            out.extend(tracking(&r, &options(cfg)?));
        }
        if let Some(cfg) = enabled(&rules, VAGUE) {
            out.extend(vague(&r, &options(cfg)?));
        }
        if let Some(cfg) = enabled(&rules, DUPLICATE) {
            let _: NoOptions = options(cfg)?;
            out.extend(duplicates(&r));
        }
        Ok(out)
    }
}

pirlint_plugin_sdk::export!(Recommendations);

const NO_OPTIONS: &str = pirlint_plugin_sdk::NO_OPTIONS_SCHEMA;

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct NoOptions {}

/// The report with what every rule needs to look up.
struct Ctx<'a> {
    report: &'a Report,
    source: &'a str,
    recs: &'a [Recommendation],
    /// `action_text` of every item, made once for the rules that need it.
    actions: OnceCell<Vec<String>>,
}

impl<'a> Ctx<'a> {
    fn new(report: &'a Report, source: &'a str) -> Self {
        Ctx {
            report,
            source,
            recs: &report.recommendations,
            actions: OnceCell::new(),
        }
    }

    /// The action text of every item, in order (see `action_text`).
    fn actions(&self) -> &[String] {
        self.actions
            .get_or_init(|| self.recs.iter().map(|x| self.action_text(x)).collect())
    }

    fn sections(&self) -> impl Iterator<Item = &'a Section> {
        self.report
            .sections
            .iter()
            .filter(|s| s.kind.as_deref() == Some("recommendations"))
    }

    /// Where a finding about the recommendations as a whole goes: the
    /// heading of the section holding the first item, else the first
    /// recommendations heading, else the first item.
    fn anchor(&self) -> (Span, &'static str) {
        let first = self.recs.first().map(|r| r.span);
        let sec = first
            .and_then(|f| self.sections().filter(|s| s.span.contains(f)).last())
            .or_else(|| self.sections().next());
        match (sec, first) {
            (Some(s), _) => (s.heading_span, "in this section"),
            (None, Some(f)) => (first_line_of(self.source, f), "in these recommendations"),
            (None, None) => (text::first_line(self.source), "in this report"),
        }
    }

    fn is_draft(&self) -> bool {
        is_draft_status(
            self.report
                .metadata
                .status
                .as_ref()
                .map(|t| t.value.as_str()),
        )
    }

    /// The item's text without the attribute values written inline (owner,
    /// due, ...), plus its nested list items: what the action says.
    fn action_text(&self, rec: &Recommendation) -> String {
        let whole = if is_table_row(self.source, rec.span)
            || self.report.format != SourceFormat::Markdown
        {
            rec.text.span
        } else {
            Span::new(rec.text.span.start, rec.span.end.max(rec.text.span.end))
        };
        let raw = text::slice(self.source, whole);
        if raw.is_empty() {
            return rec.text.value.clone();
        }
        let mut cut: Vec<Span> = [&rec.priority, &rec.owner, &rec.status, &rec.tracking]
            .into_iter()
            .flatten()
            .map(|t| t.span)
            .chain(rec.due.as_ref().map(|d| d.span))
            .filter(|s| whole.contains(*s) && !s.is_empty())
            .collect();
        cut.sort_by_key(|s| s.start);
        let mut outs = String::new();
        let mut at = whole.start;
        for c in cut {
            if c.start < at {
                continue;
            }
            outs.push_str(text::slice(self.source, Span::new(at, c.start)));
            outs.push(' ');
            at = c.end;
        }
        outs.push_str(text::slice(self.source, Span::new(at, whole.end)));
        text::strip_html_comments(&outs)
    }
}

fn first_line_of(source: &str, span: Span) -> Span {
    text::lines(source, span)
        .into_iter()
        .map(|l| text::trim(source, l))
        .find(|l| !l.is_empty())
        .unwrap_or(span)
}

fn is_table_row(source: &str, span: Span) -> bool {
    text::slice(source, span).trim_start().starts_with('|')
}

/// "Rotate the credentials of every service account…" for messages.
fn short(s: &str) -> String {
    let s = s.trim();
    let mut out: String = s.chars().take(60).collect();
    if out.len() < s.len() {
        out = out.trim_end().to_string();
        out.push('…');
    }
    out
}

// ---------------------------------------------------------------------------
// recommendations/present

fn present(r: &Ctx<'_>, cfg: &RuleConfig) -> Vec<Diagnostic> {
    if !r.recs.is_empty() {
        return Vec::new();
    }
    let (span, msg, label) = match r.sections().next() {
        Some(s) => (
            s.heading_span,
            format!("section \"{}\" lists no action items", s.heading),
            "no list item or table row here",
        ),
        None => (
            r.report.metadata.title.as_ref().map_or_else(
                || {
                    r.report
                        .sections
                        .iter()
                        .find(|s| s.level == 1)
                        .map_or_else(|| text::first_line(r.source), |s| s.heading_span)
                },
                |t| t.span,
            ),
            "no recommendations or action items".to_string(),
            "in this report",
        ),
    };
    let mut d = Diagnostic::new(PRESENT, span, msg).label(label).help(
        "\"A postmortem without subsequent action is indistinguishable from no postmortem\" \
         (Google SRE workbook, ch. 10); NIST SP 800-61 asks the lessons-learned review for the \
         corrective actions that prevent similar incidents. List each action as a list item or \
         a table row (Action, Priority, Owner, Due, Ticket) under a `## Action items` or \
         `## Recommendations` heading.",
    );
    // A draft is written before the review that agrees on the actions.
    if r.is_draft() && cfg.severity == Severity::Error {
        d = d.severity(Severity::Warning);
    }
    vec![d]
}

// ---------------------------------------------------------------------------
// Shared: missing attributes, aggregated when no item has one.

/// One finding on the section when every item lacks the attribute, else one
/// per item lacking it. `has` says whether an item has it (placeholders such
/// as `TBD` count as present: structure/placeholder reports them).
fn missing(
    r: &Ctx<'_>,
    rule: &str,
    what: &str,
    help: &str,
    has: impl Fn(&Recommendation) -> bool,
) -> Vec<Diagnostic> {
    // An action already done ("✅ Rolled back the flag", `- [x]`) needs no
    // priority, due date, owner or ticket any more.
    let open: Vec<&Recommendation> = r.recs.iter().filter(|x| !is_done(x.status.as_ref())).collect();
    let lacking: Vec<&Recommendation> = open.iter().copied().filter(|x| !has(x)).collect();
    if lacking.is_empty() {
        return Vec::new();
    }
    if lacking.len() == open.len() && open.len() > 1 {
        let (span, _) = r.anchor();
        let n = open.len();
        return vec![Diagnostic::new(
            rule,
            span,
            format!("none of the {n} action items has {what}"),
        )
        .label(format!("{n} action items, none with {what}"))
        .help(help)];
    }
    lacking
        .into_iter()
        .map(|x| {
            Diagnostic::new(
                rule,
                x.text.span,
                format!(
                    "action item has no {}: \"{}\"",
                    bare(what),
                    short(&x.text.value)
                ),
            )
            .label(format!("no {}", bare(what)))
            .help(help)
        })
        .collect()
}

/// "an owner" -> "owner".
fn bare(what: &str) -> &str {
    what.strip_prefix("an ")
        .or_else(|| what.strip_prefix("a "))
        .unwrap_or(what)
}

// ---------------------------------------------------------------------------
// recommendations/priority and recommendations/ordered

#[derive(Deserialize)]
#[serde(default, deny_unknown_fields)]
struct ScaleOptions {
    scale: Vec<String>,
}

impl Default for ScaleOptions {
    fn default() -> Self {
        ScaleOptions {
            scale: ["P0", "P1", "P2", "P3"].map(String::from).to_vec(),
        }
    }
}

impl ScaleOptions {
    /// Position of `value` on the scale (0 = most urgent): the whole value,
    /// or its first word ("P1 (urgent)", "[high]").
    fn rank(&self, value: &str) -> Option<usize> {
        let v = value
            .trim()
            .trim_matches(|c: char| matches!(c, '[' | ']' | '(' | ')' | '*' | '_' | '`'))
            .trim();
        let first = v
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .find(|w| !w.is_empty())
            .unwrap_or("");
        let eq = |s: &String| s.eq_ignore_ascii_case(v) || s.eq_ignore_ascii_case(first);
        self.scale.iter().position(eq)
    }
}

const PRIORITY_HELP: &str = "Priorities tell the teams which action to do first and let \
    reviewers check that the action plan matches the incident (Google SRE book, ch. 15: \"are \
    bugs at the right priority?\"; PagerDuty postmortem guide: follow-up actions carry a \
    priority). Give every item one from the scale, in a `Priority` column or inline (`P1`, \
    `[high]`, `Priority: P2`).";

fn priority(r: &Ctx<'_>, opts: &ScaleOptions) -> Vec<Diagnostic> {
    let mut out = missing(r, PRIORITY, "a priority", PRIORITY_HELP, |x| {
        x.priority.is_some()
    });
    let scale = opts.scale.join(", ");
    for x in r.recs {
        let Some(p) = &x.priority else { continue };
        if is_placeholder(&p.value) || opts.rank(&p.value).is_some() {
            continue;
        }
        out.push(
            Diagnostic::new(
                PRIORITY,
                p.span,
                format!("priority `{}` is not on the scale {scale}", p.value.trim()),
            )
            .label("not on the scale")
            .help(format!(
                "Use one priority scale across reports so that actions can be compared and \
                 tracked. Write one of {scale}, or set the rule's `scale` option to your \
                 team's scale (for example `scale = [\"high\", \"medium\", \"low\"]`)."
            )),
        );
    }
    out
}

fn ordered(r: &Ctx<'_>, opts: &ScaleOptions) -> Vec<Diagnostic> {
    let ranked: Vec<(usize, usize)> = r
        .recs
        .iter()
        .enumerate()
        .filter_map(|(i, x)| Some((i, opts.rank(&x.priority.as_ref()?.value)?)))
        .collect();
    let mut worst: Option<(usize, usize)> = None; // least urgent seen so far
    for (k, &(i, rank)) in ranked.iter().enumerate() {
        if let Some((wi, wrank)) = worst {
            if rank < wrank {
                let item = &r.recs[i];
                let p = item.priority.as_ref().map_or("", |t| t.value.trim());
                // In priority order it belongs right after the last earlier
                // item at least as urgent; if none, before the first less
                // urgent one.
                let after = ranked[..k].iter().rev().find(|&&(_, rk)| rk <= rank);
                let (sec, sec_msg) = match after {
                    Some(&(j, _)) => (
                        r.recs[j].text.span,
                        format!(
                            "it should come right after this {} item",
                            r.recs[j].priority.as_ref().map_or("", |t| t.value.trim())
                        ),
                    ),
                    None => (
                        r.recs[wi].text.span,
                        format!(
                            "it should come before this less urgent {} item",
                            r.recs[wi].priority.as_ref().map_or("", |t| t.value.trim())
                        ),
                    ),
                };
                let mut d = Diagnostic::new(
                    ORDERED,
                    item.priority.as_ref().map_or(item.text.span, |t| t.span),
                    format!("{p} action item listed after a less urgent one"),
                )
                .label(format!("{p} here"))
                .secondary(sec, sec_msg)
                .help(
                    "Readers and the teams picking up the work read the list from the top: \
                     put the most urgent actions first (Google SRE workbook, ch. 10; \
                     PagerDuty lists P0/P1 follow-ups first).",
                );
                if let Some(f) = reorder_fix(r, opts, i) {
                    d = d.fix(f);
                }
                return vec![d];
            }
        }
        if worst.is_none_or(|(_, w)| rank > w) {
            worst = Some((i, rank));
        }
    }
    Vec::new()
}

/// Sorts the Markdown table holding item `i` by priority, keeping every row
/// byte for byte. Offered only when the rows are consecutive lines of one
/// table and every row has a priority on the scale, so the result is exact.
fn reorder_fix(r: &Ctx<'_>, opts: &ScaleOptions, i: usize) -> Option<Fix> {
    if r.report.format != SourceFormat::Markdown || !is_table_row(r.source, r.recs[i].span) {
        return None;
    }
    let src = r.source;
    let joined = |a: &Recommendation, b: &Recommendation| {
        a.span.end <= b.span.start
            && matches!(
                text::slice(src, Span::new(a.span.end, b.span.start)),
                "\n" | "\r\n"
            )
    };
    let (mut lo, mut hi) = (i, i);
    while lo > 0 && joined(&r.recs[lo - 1], &r.recs[lo]) {
        lo -= 1;
    }
    while hi + 1 < r.recs.len() && joined(&r.recs[hi], &r.recs[hi + 1]) {
        hi += 1;
    }
    let rows = &r.recs[lo..=hi];
    // The parser only makes rows of table lines; check anyway, the edit
    // must not eat anything else.
    if rows.iter().any(|x| {
        let l = text::slice(src, x.span);
        !l.starts_with('|') || l.contains('\n')
    }) {
        return None;
    }
    // Rows the parser skipped (no action text) would sit between two items
    // without a bare newline and stop the run above; a run must also cover
    // the table to its end so that no row is left out of the sort.
    let ranks: Option<Vec<usize>> = rows
        .iter()
        .map(|x| opts.rank(&x.priority.as_ref()?.value))
        .collect();
    let ranks = ranks?;
    let seps: Vec<&str> = rows
        .windows(2)
        .map(|w| text::slice(src, Span::new(w[0].span.end, w[1].span.start)))
        .collect();
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|&k| ranks[k]); // stable: equal priorities keep their order
    let mut replacement = String::new();
    for (n, &k) in order.iter().enumerate() {
        if n > 0 {
            replacement.push_str(seps[n - 1]);
        }
        replacement.push_str(text::slice(src, rows[k].span));
    }
    let span = Span::new(rows[0].span.start, rows[rows.len() - 1].span.end);
    Some(Fix::safe(
        "sort the table rows by priority",
        vec![Edit::new(span, replacement)],
    ))
}

// ---------------------------------------------------------------------------
// recommendations/owner

const OWNER_HELP: &str = "An action item nobody owns does not get done: Google's SRE \
    workbook (ch. 10) lists \"missing ownership\" among the failure modes of postmortems, and \
    the PagerDuty guide gives every follow-up an owner. Name one person or team per item, in \
    an `Owner` column or inline (`Owner: Payments team`, `@alice`).";

fn owner(r: &Ctx<'_>) -> Vec<Diagnostic> {
    missing(r, OWNER, "an owner", OWNER_HELP, |x| x.owner.is_some())
}

// ---------------------------------------------------------------------------
// recommendations/due-date

#[derive(Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct DueOptions {
    horizon_days: u32,
    overdue: Overdue,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
enum Overdue {
    Off,
    #[default]
    Info,
    Warning,
}

impl Default for DueOptions {
    fn default() -> Self {
        DueOptions {
            horizon_days: 90,
            overdue: Overdue::Info,
        }
    }
}

const DUE_HELP: &str = "A due date turns an intention into a commitment that can be \
    followed up; Atlassian's handbook gives priority actions an SLO of 4 to 8 weeks and the \
    PagerDuty guide labels follow-up tickets with a date. Give every item a calendar date \
    (`2026-04-30`) in a `Due` column or inline (`due 2026-04-30`).";

fn due_dates(r: &Ctx<'_>, opts: &DueOptions, ctx: &CheckContext) -> Vec<Diagnostic> {
    let mut out = missing(r, DUE, "a due date", DUE_HELP, |x| x.due.is_some());
    let m = &r.report.metadata;
    let incident = [&m.occurred, &m.detected]
        .into_iter()
        .flatten()
        .find_map(|t| Some((day_number(t.date.as_deref()?)?, t)));
    // Actions are agreed at the review, so the horizon runs from the later
    // of the meeting and the resolution.
    let base = [
        m.meeting.as_ref().and_then(|x| x.date.as_ref()),
        m.resolved.as_ref(),
    ]
    .into_iter()
    .flatten()
    .filter_map(|t| Some((day_number(t.date.as_deref()?)?, t)))
    .max_by_key(|(d, _)| *d);
    let today = ctx.now_utc_seconds.div_euclid(86_400);
    for x in r.recs {
        let Some(due) = &x.due else { continue };
        if is_placeholder(&due.text) {
            continue;
        }
        let Some(day) = due.date.as_deref().and_then(day_number) else {
            out.push(
                Diagnostic::new(DUE, due.span, format!("due date `{}` is not a calendar date", due.text.trim()))
                    .label("not a date")
                    .help("\"Next sprint\" or \"Q3\" cannot be checked later and drifts with the calendar. Write the date the item is due, as `YYYY-MM-DD`."),
            );
            continue;
        };
        if let Some((inc, t)) = incident {
            if day < inc {
                out.push(
                    Diagnostic::new(DUE, due.span, format!("due date {} is before the incident", iso(day)))
                        .label("before the incident")
                        .secondary(t.span, "the incident started here")
                        .help("An action from this review cannot be due before the incident happened: the date is probably mistyped (year or month). Correct it."),
                );
                continue;
            }
        }
        if let Some((b, t)) = base {
            let limit = b + i64::from(opts.horizon_days);
            if day > limit {
                out.push(
                    Diagnostic::new(
                        DUE,
                        due.span,
                        format!(
                            "due date {} is {} days after the review, beyond the {}-day horizon",
                            iso(day),
                            day - b,
                            opts.horizon_days
                        ),
                    )
                    .label("too far out")
                    .secondary(t.span, "counted from here")
                    .help(format!(
                        "Actions due months after the incident lose their urgency and their context \
                         (Atlassian gives priority actions 4 to 8 weeks). Split the work and date the \
                         first deliverable within {} days, or raise `horizon-days` if your team plans \
                         on a longer cycle.",
                        opts.horizon_days
                    )),
                );
                continue;
            }
        }
        if opts.overdue != Overdue::Off && day < today && !is_done(x.status.as_ref()) {
            let sev = if opts.overdue == Overdue::Info {
                Severity::Info
            } else {
                Severity::Warning
            };
            let mut d = Diagnostic::new(
                DUE,
                due.span,
                format!("action item overdue since {}: \"{}\"", iso(day), short(&x.text.value)),
            )
            .label(format!("due {} days ago", today - day))
            .help("The item is past its due date and not marked done or closed. Finish it, update its due date with a reason, or record its status (`Status: done`, a `Status` column, a checked `[x]` task).")
            .severity(sev);
            if let Some(s) = &x.status {
                d = d.secondary(s.span, "status is not done");
            }
            out.push(d);
        }
    }
    out
}

fn is_done(status: Option<&Text>) -> bool {
    status.is_some_and(|s| {
        let v = s.value.trim().to_lowercase();
        [
            "done",
            "closed",
            "complete",
            "completed",
            "resolved",
            "fixed",
            "finished",
            "cancelled",
            "canceled",
            "won't fix",
            "wontfix",
            "won't do",
            "dropped",
            "x",
        ]
        .iter()
        .any(|d| v == *d || v.starts_with(&format!("{d} ")) || v.starts_with(&format!("{d}:")))
    })
}

// ---------------------------------------------------------------------------
// recommendations/tracking

#[derive(Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct TrackingOptions {
    prefixes: Vec<String>,
    urls: bool,
}

impl Default for TrackingOptions {
    fn default() -> Self {
        TrackingOptions {
            prefixes: Vec::new(),
            urls: true,
        }
    }
}

const TRACKING_HELP: &str = "Action items live on in the issue tracker, not in the report: \
    a ticket is how the work gets scheduled and how anyone can check later that it was done \
    (Google SRE workbook, ch. 10: every action item with a tracking bug; PagerDuty: follow-ups \
    are tickets). Add the ticket key (`OPS-123`) or the issue URL to each item.";

fn tracking(r: &Ctx<'_>, opts: &TrackingOptions) -> Vec<Diagnostic> {
    let found = |x: &Recommendation| -> bool {
        let own = x
            .tracking
            .as_ref()
            .is_some_and(|t| find_ticket(&t.value, opts).is_some());
        own || (r.report.format == SourceFormat::Markdown
            && find_ticket(text::slice(r.source, x.span), opts).is_some())
    };
    // Items with a tracking value that is not a ticket are reported on the
    // value below; for the aggregate they count as having one.
    let mut out = missing(r, TRACKING, "a ticket", TRACKING_HELP, |x| {
        found(x) || x.tracking.is_some()
    });
    for x in r.recs {
        let Some(t) = &x.tracking else { continue };
        if found(x) || is_placeholder(&t.value) {
            continue;
        }
        let expected = if opts.prefixes.is_empty() {
            "a ticket key like `OPS-123`".to_string()
        } else {
            format!(
                "a ticket key starting with {}",
                opts.prefixes
                    .iter()
                    .map(|p| format!("`{p}-`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        out.push(
            Diagnostic::new(
                TRACKING,
                t.span,
                format!("`{}` is not a ticket reference", short(&t.value)),
            )
            .label(format!(
                "expected {expected}{}",
                if opts.urls { " or an issue URL" } else { "" }
            ))
            .help(TRACKING_HELP),
        );
    }
    out
}

// ---------------------------------------------------------------------------
// recommendations/vague

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct VagueOptions {
    extra: Vec<String>,
    allow: Vec<String>,
}

fn vague(r: &Ctx<'_>, opts: &VagueOptions) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (x, action) in r.recs.iter().zip(r.actions()) {
        let Some(hit) = vague_phrase(action, &opts.extra, &opts.allow) else {
            continue;
        };
        // Point at the phrase inside the item's own text when it is there.
        let span = text::find_phrase(r.source, x.text.span, &hit.phrase)
            .into_iter()
            .next()
            .unwrap_or(x.text.span);
        let (msg, help) = match hit.kind {
            VagueKind::Exhortation => (
                format!(
                    "action item asks people to try harder: \"{}\"",
                    short(&x.text.value)
                ),
                "\"Be more careful\" cannot be done, assigned or checked, and it puts the \
                 incident on people instead of on the system that let a mistake through (Google \
                 SRE workbook, ch. 10: action items that \"make humans less error-prone\"; \
                 PagerDuty: follow-ups are actionable, specific and bounded). Replace it with a \
                 change to tools or process: a check, an alert, an automation, a guard rail.",
            ),
            VagueKind::Generic => (
                format!(
                    "action item is too vague to check: \"{}\"",
                    short(&x.text.value)
                ),
                "\"Improve monitoring\" says what area needs work but not what to do, so no one \
                 can tell when it is done (Google SRE workbook, ch. 10: vague action items; \
                 PagerDuty: actionable, specific, bounded). Name the concrete change: which \
                 system, which metric or alert, which document (\"Alert when the cache-miss \
                 error rate exceeds 1% for 5 minutes\").",
            ),
        };
        out.push(
            Diagnostic::new(VAGUE, span, msg)
                .label(match hit.kind {
                    VagueKind::Exhortation => "not an action",
                    VagueKind::Generic => "what, exactly?",
                })
                .help(help),
        );
    }
    out
}

// ---------------------------------------------------------------------------
// recommendations/duplicate

fn duplicates(r: &Ctx<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let keys: Vec<String> = r.actions().iter().map(|a| normalize_action(a)).collect();
    for i in 0..r.recs.len() {
        if keys[i].is_empty() {
            continue;
        }
        if let Some(j) = (0..i).find(|&j| keys[j] == keys[i]) {
            out.push(
                Diagnostic::new(
                    DUPLICATE,
                    r.recs[i].text.span,
                    format!(
                        "action item listed twice: \"{}\"",
                        short(&r.recs[i].text.value)
                    ),
                )
                .label("same action as above")
                .secondary(r.recs[j].text.span, "first listed here")
                .help(
                    "Two entries for one action split its owner, status and ticket, and make \
                     the list look longer than the work. Merge them into one item; if they are \
                     different actions, say how they differ.",
                ),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests;
