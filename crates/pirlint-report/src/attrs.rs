//! Attributes written inline in a recommendation ("[P1] Rotate keys (owner:
//! @alice, due 2026-04-15) SEC-12"). Each found value keeps its span; fields
//! already set (from table columns or a task marker) are left alone.
//!
//! The regexes use ASCII digits (`[0-9]`) and ASCII word boundaries
//! (`(?-u:\b)`): the Unicode tables behind `\d` and `\b` doubled their
//! compile time, which every fresh process pays (the pre-commit case: ~6 ms
//! of a 18 ms run), and the values they find are read as ASCII anyway.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Recommendation, Span, Text};
use crate::time::{parse_timestamp, TimeContext};

fn re(s: &str) -> Regex {
    Regex::new(s).unwrap()
}

static PRIORITY: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    vec![
        re(r"(?i)(?-u:\b)prio(?:rity)?\s*[:=]\s*([A-Za-z0-9]+)"),
        re(r"(?-u:\b)(P[0-4])(?-u:\b)"),
        re(r"(?i)[(\[](critical|high|medium|low)[)\]]"),
    ]
});

/// Verbs by which a named person takes an action item on.
const OWNER_VERBS: &str = "(?:send|call|update|write|draft|review|create|file|open|investigate|fix|add|look|check|follow|schedule|set|talk|reach|document|lead|drive|coordinate|own|remove|destroy|run|test|implement|migrate|prepare|share|organi[sz]e|contact|ask|propose|evaluate|research|build|deploy|monitor|configure|clean)";

static OWNER: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    vec![
        re(
            r"(?i)(?-u:\b)(?:owner|owners|assignee|responsible)\s*[:=]\s*\**\s*([^,;()\[\]\n|*]+?)\s*(?:(?-u:\b)due(?-u:\b)|(?-u:\b)by(?-u:\b)|[,;()\[\]\n|*]|\.(?:\s|$)|$)",
        ),
        re(r"(?i)(?-u:\b)assigned to\s+([^,;()\[\]\n|*]+?)\s*(?:(?-u:\b)due(?-u:\b)|(?-u:\b)by(?-u:\b)|[,;()\[\]\n|*]|$)"),
        re(r"(?:^|[\s(\[,`])(@[A-Za-z0-9][A-Za-z0-9_\-/]*[A-Za-z0-9_])"),
        // "[maria] Rotate the keys", "Rotate the keys [maria]".
        re(r"^\s*(?:[-*+]\s+)?(?:\[[ xX]\]\s+)?\[([a-z][a-z0-9_.\-]{1,30})\](?:\s|$)"),
        re(r"\s\[([a-z][a-z0-9_.\-]{1,30})\]\s*$"),
        // "Rotate the keys (team-infra)".
        re(r"\(((?:team[-_][a-z0-9_\-]+)|(?:[a-z0-9_\-]+[-_]team))\)"),
        // "Rotate the keys — Mina".
        re(r"\s[—–]\s*([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s*$"),
        // "Nova to send the domain list", "Rasmus will call a meeting", at
        // the start of the item. Names are Latin letters with accents:
        // `\p{L}` costs milliseconds to compile, which a pre-commit hook
        // pays on every run.
        re(r"^\s*(?:[-*+]\s+|[0-9]+[.)]\s+)?([A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ]{2,})\s+(?:will|is going to)\s+[a-z]"),
        // "Nóva to send the list", "(Rasmus call for meeting)": a name
        // followed by a verb of taking the work on. The verb list keeps
        // imperatives out ("Switch to use v2" names no one).
        re(&format!(r"^\s*(?:[-*+]\s+|[0-9]+[.)]\s+)?([A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ]{{2,}})\s+to\s+{OWNER_VERBS}(?-u:\b)")),
        re(&format!(r"\(([A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ]{{2,}})\s+(?:to\s+|will\s+)?{OWNER_VERBS}(?-u:\b)[^()]*\)")),
        // "The DevEx team will update the runbook".
        re(r"(?i)^\s*(?:[-*+]\s+|[0-9]+[.)]\s+)?(?:the\s+)?([a-z0-9][a-z0-9-]*(?:\s[a-z0-9-]+)?\s+team)\s+(?:will|to|is going to|has)\s"),
    ]
});

const MONTH: &str = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?";

static DUE: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    let date = format!(
        r"([0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}|{MONTH}\s+[0-9]{{1,2}}(?:st|nd|rd|th)?,?\s+[0-9]{{4}}|[0-9]{{1,2}}\s+{MONTH},?\s+[0-9]{{4}})"
    );
    vec![
        re(&format!(
            r"(?i)(?-u:\b)(?:due(?:\s+date)?|deadline|by|until|before|target(?:\s+date)?|eta)\s*[:=]?\s*{date}"
        )),
        re(r"(?i)(?-u:\b)(?:due|deadline)\s*:\s*([^,;()\[\]\n|*]+?)\s*(?:[,;()\[\]\n|*]|$)"),
    ]
});

static TRACKING: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    vec![
        re(
            r"https?://[^\s)>\]]+/(?:issues|pull|pulls|browse|tickets?|jira|work_items|_workitems|merge_requests)/[^\s)>\]]+",
        ),
        re(r"(?-u:\b)([A-Z][A-Z0-9]+-[0-9]+)(?-u:\b)"),
        re(r"(?:^|[\s(\[])(#[0-9]+)(?-u:\b)"),
        // "bug 1234567" (Bugzilla style).
        re(r"(?i)(?-u:\b)(bug\s+#?[0-9]{4,})(?-u:\b)"),
        // A pull request or merge request link.
        re(r"https?://[^\s)>\]]+/(?:pull|merge_requests|pulls|commit)/[^\s)>\]]+"),
    ]
});

/// Prefixes shaped like tickets that are not: severities, CVEs, standards.
const NOT_TICKETS: &[&str] = &[
    "SEV", "CVE", "CWE", "RFC", "ISO", "GHSA", "UTC", "GMT", "TLS", "SHA", "AES", "IPV",
];

static STATUS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    vec![
        re(r"(?i)(?-u:\b)status\s*[:=]\s*([A-Za-z][A-Za-z -]*?)\s*(?:[,;()\[\]\n|*.]|$)"),
        re(r"(?i)[(\[](done|open|in progress|wip|todo|blocked|completed|closed)[)\]]"),
    ]
});

/// The first match of any of `patterns` in `text`: (value, byte range).
fn find(
    patterns: &[Regex],
    text: &str,
    accept: impl Fn(&str) -> bool,
) -> Option<(String, Range<usize>)> {
    for p in patterns {
        for c in p.captures_iter(text) {
            let m = c.get(1).or_else(|| c.get(0))?;
            let v = m.as_str().trim().trim_end_matches('.');
            if v.is_empty() || !accept(v) {
                continue;
            }
            let start = m.start() + (m.as_str().len() - m.as_str().trim_start().len());
            return Some((v.to_string(), start..start + v.len()));
        }
    }
    None
}

fn text_at(base: usize, (value, r): (String, Range<usize>)) -> Text {
    Text {
        value,
        span: Span::new(base + r.start, base + r.end),
    }
}

pub(crate) fn extract(source: &str, range: Range<usize>, rec: &mut Recommendation) {
    let Some(raw) = source.get(range.clone()) else {
        return;
    };
    let base = range.start;
    if rec.priority.is_none() {
        rec.priority = find(&PRIORITY, raw, |_| true).map(|m| text_at(base, m));
    }
    if rec.owner.is_none() {
        // "Users will see ...", "This will ...": not people who own work.
        let not_owner = |v: &str| {
            let first = v.split_whitespace().next().unwrap_or("").to_ascii_lowercase();
            matches!(
                first.as_str(),
                "users" | "customers" | "clients" | "we" | "they" | "it" | "this" | "that" | "these"
                    | "those" | "there" | "alerts" | "services" | "everyone" | "nobody" | "someone"
                    | "people" | "engineers" | "operators" | "admins" | "systems" | "builds" | "jobs"
                    | "requests" | "deploys" | "changes" | "pages" | "tests"
                    // Imperatives start actions, not names: "Upgrade to v2".
                    | "upgrade" | "change" | "setup" | "look" | "add" | "fix" | "move" | "make" | "set"
                    | "ensure" | "update" | "review" | "create" | "write" | "build" | "implement"
                    | "investigate" | "migrate" | "remove" | "test" | "monitor" | "enable" | "disable"
                    | "document" | "schedule" | "reach" | "ask" | "talk" | "switch" | "start" | "stop"
                    | "keep" | "plan" | "try" | "need" | "continue" | "consider" | "automate" | "rotate"
                    // Filler and the things action items are about: "Script
                    // to clean up tokens", "(Please review)", "Remember to ...".
                    | "please" | "then" | "also" | "and" | "or" | "but" | "remember" | "reminder"
                    | "dashboard" | "dashboards" | "script" | "scripts" | "alert" | "alerting"
                    | "alarm" | "tool" | "tooling" | "job" | "cron" | "process" | "task" | "ticket"
                    | "runbook" | "playbook" | "doc" | "docs" | "documentation" | "page" | "bot"
                    | "service" | "system" | "monitoring" | "automation" | "pipeline" | "workflow"
                    | "metric" | "metrics" | "config" | "policy" | "feature" | "endpoint" | "goal"
                    | "way" | "how" | "what" | "when" | "where" | "why" | "who" | "time" | "check"
                    | "prometheus" | "grafana" | "kubernetes" | "terraform" | "github" | "ci"
            )
        };
        rec.owner = find(&OWNER, raw, |v| !not_owner(v)).map(|m| text_at(base, m));
    }
    if rec.due.is_none() {
        rec.due = find(&DUE, raw, |_| true).map(|m| {
            let t = text_at(base, m);
            parse_timestamp(&t.value, t.span, &TimeContext::default())
        });
    }
    if rec.tracking.is_none() {
        rec.tracking = find(&TRACKING, raw, |v| {
            let prefix = v.split('-').next().unwrap_or("");
            !NOT_TICKETS.iter().any(|n| prefix.eq_ignore_ascii_case(n))
        })
        .map(|m| text_at(base, m));
    }
    if rec.status.is_none() {
        rec.status = find(&STATUS, raw, |_| true).map(|m| text_at(base, m));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(src: &str) -> Recommendation {
        let mut r = Recommendation::default();
        extract(src, 0..src.len(), &mut r);
        r
    }

    #[test]
    fn inline_attributes() {
        let src = "[P1] Rotate keys (owner: Jane Doe, due 2026-04-15) SEC-12";
        let r = rec(src);
        assert_eq!(&src[r.priority.unwrap().span.range()], "P1");
        assert_eq!(&src[r.owner.as_ref().unwrap().span.range()], "Jane Doe");
        let due = r.due.unwrap();
        assert_eq!(&src[due.span.range()], "2026-04-15");
        assert_eq!(due.date.as_deref(), Some("2026-04-15"));
        assert_eq!(r.tracking.unwrap().value, "SEC-12");

        let r = rec("Add rate limits @sec-team by March 31, 2026 (high) Status: in progress");
        assert_eq!(r.owner.unwrap().value, "@sec-team");
        assert_eq!(r.due.unwrap().date.as_deref(), Some("2026-03-31"));
        assert_eq!(r.priority.unwrap().value, "high");
        assert_eq!(r.status.unwrap().value, "in progress");

        let r = rec("Patch CVE-2021-44228 on SEV-2 hosts, see https://github.com/o/r/issues/7");
        assert_eq!(r.tracking.unwrap().value, "https://github.com/o/r/issues/7");
        let r = rec("Priority: high. Owner: Ops. Due: next sprint");
        assert_eq!(r.priority.unwrap().value, "high");
        assert_eq!(r.owner.unwrap().value, "Ops");
        let due = r.due.unwrap();
        assert_eq!((due.text.as_str(), due.date), ("next sprint", None));
        for (src, owner) in [
            ("[maria] Rotate the keys", "maria"),
            ("Rotate the keys [maria]", "maria"),
            ("Rotate the keys (team-infra)", "team-infra"),
            ("Rotate the keys — Mina", "Mina"),
            ("1) Cron cleanup scheduled `@malte_j`", "@malte_j"),
            ("Add a canary. Owner: @kwiatkowska. Priority: P1.", "@kwiatkowska"),
            ("Rasmus will call a meeting about log shipping", "Rasmus"),
            ("The DevEx team will update the runbook", "DevEx team"),
            (" - Nóva to send list of domains to discord to destroy", "Nóva"),
            ("Discuss GitOps for cluster workloads (Rasmus call for meeting)", "Rasmus"),
            ("Write the runbook (Priya to draft, due Friday)", "Priya"),
        ] {
            assert_eq!(rec(src).owner.map(|o| o.value).as_deref(), Some(owner), "{src}");
        }
        // Near misses: a link, a checkbox, a parenthesized word.
        for src in [
            "Read [the runbook](https://example.com/runbook)",
            "Rotate the keys (planned)",
            "Rotate the keys - see below",
            "Users will see a banner",
            "The team lunch is on Friday",
            "Upgrade Traefik to v2.5 where the bug is fixed",
            "Change the path to something more robust",
            "Switch to use the v2 endpoint",
            "Script to clean up stale tokens",
            "Dashboard to monitor p99 latency",
            "Remember to update the runbook",
            "Rotate the keys (Please review)",
            "Rotate the keys (Then update the doc)",
            "Default to deny for new tokens",
            "Alerts (Grafana checks every minute)",
        ] {
            assert_eq!(rec(src).owner, None, "{src}");
        }
        assert_eq!(rec("Fix bug 1234567 before release").tracking.unwrap().value, "bug 1234567");
        let r = rec("Teach the teams how to scan their infrastructure");
        assert!(
            r.priority.is_none() && r.owner.is_none() && r.due.is_none() && r.tracking.is_none()
        );
    }
}
