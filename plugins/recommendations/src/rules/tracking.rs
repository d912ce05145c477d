//! `recommendations/tracking`.

use pirlint_plugin_sdk::prelude::*;

use crate::*;

const ID: &str = "recommendations/tracking";

rule! {
    /// Checks that every action item references a ticket: a key like `OPS-123`
    /// (`[A-Z][A-Z0-9]+-[0-9]+`, except look-alikes such as `SEV-2`, `CVE-…`,
    /// `RFC-…`, `ISO-…`), a GitHub-style `#123`, or an issue-tracker URL (a path with
    /// `/issues/`, `/browse/`, `/pull/`, `/tickets/`, `/merge_requests/`, ..., or a
    /// tracker host such as Jira, Linear, YouTrack, Bugzilla). The ticket may be in a
    /// `Ticket`/`Issue`/`Link` column or anywhere in the item.
    ///
    /// When **no** item has a ticket, one finding is reported on the section heading;
    /// otherwise each item without one. A ticket value that is not a reference
    /// (`see Slack`) is reported on the value.
    ///
    /// ## Why it matters
    ///
    /// The action items live on in the tracker, not in the report: a ticket is how
    /// the work is scheduled and how anyone can check later that it was done. The
    /// Google SRE workbook (ch. 10) wants each action item with its own tracking bug;
    /// PagerDuty files every follow-up as a ticket.
    ///
    /// ## How to fix
    ///
    /// Add the ticket key or the issue URL to each item:
    ///
    /// ```markdown
    /// - [P1] Rotate the signing keys (owner: Security, due 2026-03-31, SEC-204)
    /// ```
    ///
    /// ## Options
    ///
    /// Instead of a regular expression (pirlint plugins carry no regex engine), the
    /// format is narrowed with:
    ///
    /// - `prefixes` (list of strings, default `[]` = any key): accepted ticket key
    ///   prefixes, case-sensitive, without the dash (`["SEC", "OPS"]`). When set,
    ///   `#123` is not accepted.
    /// - `urls` (boolean, default `true`): accept issue-tracker URLs.
    ///
    /// ```toml
    /// [rules."recommendations/tracking"]
    /// prefixes = ["SEC", "OPS"]
    /// ```
    pub struct Tracking;
}

impl Rule for Tracking {
    const ID: &'static str = ID;
    const SUMMARY: &'static str = "Every action item references a ticket (ABC-123 or an issue-tracker URL)";
    const DEFAULT_SEVERITY: Severity = Severity::Info;
    type Options = TrackingOptions;

    fn check(cx: &Context<'_>, opts: &TrackingOptions) -> Vec<Diagnostic> {
        tracking(&Ctx::new(cx), opts)
    }
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct TrackingOptions {
    /// Accepted ticket key prefixes without the dash (e.g. SEC for SEC-123); empty accepts any key.
    #[schemars(inner(regex(pattern = r"^[A-Z][A-Z0-9]+$")), extend("uniqueItems" = true))]
    pub prefixes: Vec<String>,
    /// Accept issue-tracker URLs as ticket references.
    pub urls: bool,
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
            .is_some_and(|t| find_ticket(r.cx.text(t), opts).is_some());
        own || (r.report.format == SourceFormat::Markdown
            && find_ticket(text::slice(r.source, x.span), opts).is_some())
    };
    // Items with a tracking value that is not a ticket are reported on the
    // value below; for the aggregate they count as having one.
    let mut out = missing(r, ID, "a ticket", TRACKING_HELP, |x| {
        found(x) || x.tracking.is_some()
    });
    for x in r.recs {
        let Some(t) = &x.tracking else { continue };
        if found(x) || is_placeholder(r.cx.text(t)) {
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
                ID,
                t.span,
                format!("`{}` is not a ticket reference", short(r.cx.text(t))),
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
