//! `recommendations/due-date`.

use pirlint_plugin_sdk::prelude::*;

use crate::*;

const ID: &str = "recommendations/due-date";

rule! {
    /// Checks every action item's due date:
    ///
    /// - it is given (when **no** item has one, one finding on the section heading;
    ///   otherwise one per item; a placeholder such as `TBD` is left to
    ///   `structure/placeholder`);
    /// - it is a calendar date the parser understands (`2026-04-30`, `30 April 2026`,
    ///   `April 30, 2026`), not "next sprint";
    /// - it is not before the incident (`occurred`, else `detected`);
    /// - it is within the horizon of the review, counted from the later of the
    ///   meeting date and `resolved` (skipped when neither is known): the horizon of
    ///   the item's priority in `priority-horizon-days` (by default 28 days for `P0`
    ///   and 56 for `P1`, Atlassian's 4 and 8 weeks), else `horizon-days`. The
    ///   priority is read as `recommendations/priority` reads it (case-insensitive,
    ///   `P1 (urgent)` by its first word);
    /// - it is not **overdue**: an item whose due date is before the run's "now"
    ///   (`--now`) and whose status is not done/closed/completed/cancelled (or a
    ///   checked `[x]` task) is reported, by default as info. An item without a
    ///   status counts as open.
    ///
    /// ## Why it matters
    ///
    /// A due date makes an intention a commitment that can be followed up.
    /// Atlassian's *Incident Handbook* ("Incident postmortems": designated
    /// "priority actions" have an agreed SLO of 4 or 8 weeks, depending on the
    /// service, with reminders and reports until they are done) sets the horizon by
    /// priority; PagerDuty's postmortem guide files follow-up actions as tickets with
    /// a priority and a date. Actions dated far in the future lose their urgency;
    /// overdue open actions are the ones an auditor asks about. pirlint reads
    /// Atlassian's "priority actions" as the two most urgent priorities of the
    /// default scale: `P0` within 4 weeks, `P1` within 8.
    ///
    /// ## How to fix
    ///
    /// Give each open item a calendar date within the horizon, and mark finished
    /// items done:
    ///
    /// ```markdown
    /// | Action                               | Priority | Owner    | Due        | Ticket  |
    /// |--------------------------------------|----------|----------|------------|---------|
    /// | Alert on replication lag over 30 s   | P1       | DB team  | 2026-04-30 | OPS-412 |
    /// ```
    ///
    /// ## Options
    ///
    /// - `horizon-days` (integer, default `90`): the latest due date allowed, in days
    ///   after the meeting or resolution.
    /// - `priority-horizon-days` (table of priority → integer, default
    ///   `{ P0 = 28, P1 = 56 }`): the same per priority; an item whose priority is
    ///   listed gets its horizon instead of `horizon-days`. `{}` gives every item
    ///   `horizon-days`.
    /// - `overdue` (`"off"`, `"info"` or `"warning"`, default `"info"`): how overdue
    ///   open items are reported.
    ///
    /// ```toml
    /// [rules."recommendations/due-date"]
    /// horizon-days = 56
    /// overdue = "warning"
    /// priority-horizon-days = { P0 = 14, P1 = 28, P2 = 56 }
    /// ```
    pub struct DueDate;
}

impl Rule for DueDate {
    const ID: &'static str = ID;
    const SUMMARY: &'static str = "Every action item has a valid due date after the incident and within the horizon; open items past due are overdue";
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    type Options = DueOptions;

    fn check(cx: &Context<'_>, opts: &DueOptions) -> Vec<Diagnostic> {
        due_dates(&Ctx::new(cx), opts, cx.run)
    }
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct DueOptions {
    /// Latest due date allowed, in days after the later of the meeting date and the resolution.
    #[schemars(range(min = 1, max = 3650))]
    pub horizon_days: u32,
    /// How open items past their due date are reported.
    pub overdue: Overdue,
    /// Latest due date per action-item priority (compared case-insensitively), in days after the later of the meeting date and the resolution; replaces `horizon-days` for the priorities listed.
    #[schemars(inner(range(min = 1, max = 3650)))]
    pub priority_horizon_days: std::collections::BTreeMap<String, u32>,
}

impl DueOptions {
    /// The horizon of an item with this priority, and the priority's name
    /// as the option writes it, when the option lists it.
    fn priority_horizon(&self, priority: &str) -> Option<(&str, u32)> {
        self.priority_horizon_days
            .iter()
            .find(|(k, _)| names_priority(priority, k))
            .map(|(k, d)| (k.as_str(), *d))
    }
}

/// How open items past their due date are reported.
#[derive(Deserialize, Serialize, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Overdue {
    Off,
    #[default]
    Info,
    Warning,
}

impl JsonSchema for Overdue {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Overdue".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut pirlint_plugin_sdk::schemars::SchemaGenerator) -> pirlint_plugin_sdk::schemars::Schema {
        pirlint_plugin_sdk::schemars::json_schema!({"enum": ["off", "info", "warning"]})
    }
}

impl Default for DueOptions {
    fn default() -> Self {
        DueOptions {
            horizon_days: 90,
            overdue: Overdue::Info,
            priority_horizon_days: [("P0".to_owned(), 28), ("P1".to_owned(), 56)].into(),
        }
    }
}

const DUE_HELP: &str = "A due date turns an intention into a commitment that can be \
    followed up; Atlassian's handbook gives priority actions an SLO of 4 to 8 weeks and the \
    PagerDuty guide labels follow-up tickets with a date. Give every item a calendar date \
    (`2026-04-30`) in a `Due` column or inline (`due 2026-04-30`).";

fn due_dates(r: &Ctx<'_>, opts: &DueOptions, ctx: &CheckContext) -> Vec<Diagnostic> {
    let mut out = missing(r, ID, "a due date", DUE_HELP, |x| x.due.is_some());
    let m = &r.report.metadata;
    let incident = [&m.occurred, &m.detected]
        .into_iter()
        .flatten()
        .find_map(|t| Some((i64::from(t.date?), t)));
    // Actions are agreed at the review, so the horizon runs from the later
    // of the meeting and the resolution.
    let base = [
        m.meeting.as_ref().and_then(|x| x.date.as_ref()),
        m.resolved.as_ref(),
    ]
    .into_iter()
    .flatten()
    .filter_map(|t| Some((i64::from(t.date?), t)))
    .max_by_key(|(d, _)| *d);
    let today = ctx.now_utc_seconds.div_euclid(86_400);
    for x in r.recs {
        let Some(due) = &x.due else { continue };
        if is_placeholder(r.cx.text(due)) {
            continue;
        }
        let Some(day) = due.date.map(i64::from) else {
            out.push(
                Diagnostic::new(ID, due.span, format!("due date `{}` is not a calendar date", r.cx.text(due).trim()))
                    .label("not a date")
                    .help("\"Next sprint\" or \"Q3\" cannot be checked later and drifts with the calendar. Write the date the item is due, as `YYYY-MM-DD`."),
            );
            continue;
        };
        if let Some((inc, t)) = incident {
            if day < inc {
                out.push(
                    Diagnostic::new(ID, due.span, format!("due date {} is before the incident", iso(day)))
                        .label("before the incident")
                        .secondary(t.span, "the incident started here")
                        .help("An action from this review cannot be due before the incident happened: the date is probably mistyped (year or month). Correct it."),
                );
                continue;
            }
        }
        if let Some((b, t)) = base {
            let by_priority = x
                .priority
                .as_ref()
                .and_then(|p| opts.priority_horizon(r.cx.text(p)).map(|h| (h, p)));
            let horizon = by_priority.map_or(opts.horizon_days, |((_, days), _)| days);
            let limit = b + i64::from(horizon);
            if day > limit {
                let mut d = match by_priority {
                    None => Diagnostic::new(
                        ID,
                        due.span,
                        format!(
                            "due date {} is {} days after the review, beyond the {}-day horizon",
                            iso(day),
                            day - b,
                            horizon
                        ),
                    )
                    .help(format!(
                        "Actions due months after the incident lose their urgency and their context \
                         (Atlassian gives priority actions 4 to 8 weeks). Split the work and date the \
                         first deliverable within {horizon} days, or raise `horizon-days` if your team plans \
                         on a longer cycle."
                    )),
                    Some(((name, _), _)) => Diagnostic::new(
                        ID,
                        due.span,
                        format!(
                            "{name} action due {}, {} days after the review: beyond the {horizon}-day horizon for {name} actions",
                            iso(day),
                            day - b,
                        ),
                    )
                    .help(format!(
                        "The most urgent actions are the ones that keep the incident from happening \
                         again, so they get the shortest horizon: Atlassian's incident handbook gives \
                         \"priority actions\" an SLO of 4 or 8 weeks. Date this {name} action within \
                         {horizon} days of the review (split the work if needed), lower its priority \
                         if it is not that urgent, or change `priority-horizon-days`."
                    )),
                };
                d = d.label("too far out").secondary(t.span, "counted from here");
                if let Some((_, p)) = by_priority {
                    d = d.secondary(p.span, format!("{horizon}-day horizon for this priority"));
                }
                out.push(d);
                continue;
            }
        }
        if opts.overdue != Overdue::Off && day < today && !is_done(r.source, x.status.as_ref()) {
            let sev = if opts.overdue == Overdue::Info {
                Severity::Info
            } else {
                Severity::Warning
            };
            let mut d = Diagnostic::new(
                ID,
                due.span,
                format!("action item overdue since {}: \"{}\"", iso(day), short(r.cx.text(&x.text))),
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
