//! pirlint built-in plugin `recommendations`: action items that exist, have
//! a priority, an owner, a due date and a ticket, are listed by priority,
//! can be checked, and are not listed twice.

use pirlint_plugin_sdk::prelude::*;
use std::rc::Rc;

mod util;

use util::*;

pirlint_plugin_sdk::include_rules!();

/// The report with what every rule needs to look up.
struct Ctx<'a> {
    cx: &'a Context<'a>,
    report: &'a Report,
    source: &'a str,
    recs: &'a [Recommendation],
}

/// `action_text` of every item, made once per check for the rules that
/// need it.
struct Actions(Vec<String>);

impl<'a> Ctx<'a> {
    fn new(cx: &'a Context<'a>) -> Self {
        Ctx {
            cx,
            report: cx.report,
            source: cx.source(),
            recs: &cx.report.recommendations,
        }
    }

    /// The action text of every item, in order (see `action_text`).
    fn actions(&self) -> Rc<Actions> {
        self.cx
            .shared(|cx| Actions(Ctx::new(cx).recs.iter().map(|x| Ctx::new(cx).action_text(x)).collect()))
    }

    fn sections(&self) -> impl Iterator<Item = &'a Section> {
        let cx = self.cx;
        self.report.sections.iter().filter(move |s| cx.is_kind(s, "recommendations"))
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
                .map(|t| self.cx.text(t)),
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
            return self.cx.text(&rec.text).to_string();
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
    let open: Vec<&Recommendation> = r.recs.iter().filter(|x| !is_done(r.source, x.status.as_ref())).collect();
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
                    short(r.cx.text(&x.text))
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

/// The options of `recommendations/priority` and `recommendations/ordered`.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ScaleOptions {
    /// Allowed priorities, most urgent first (compared case-insensitively).
    #[schemars(length(min = 1), inner(length(min = 1)), extend("uniqueItems" = true))]
    pub scale: Vec<String>,
}

impl Default for ScaleOptions {
    fn default() -> Self {
        ScaleOptions {
            scale: ["P0", "P1", "P2", "P3"].map(String::from).to_vec(),
        }
    }
}

/// Whether a priority as written (`value`: "P1 (urgent)", "[high]") names
/// `level`: the whole value, without brackets and emphasis, or its first
/// word, compared without case.
pub(crate) fn names_priority(value: &str, level: &str) -> bool {
    let v = value
        .trim()
        .trim_matches(|c: char| matches!(c, '[' | ']' | '(' | ')' | '*' | '_' | '`'))
        .trim();
    let first = v
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .find(|w| !w.is_empty())
        .unwrap_or("");
    level.eq_ignore_ascii_case(v) || level.eq_ignore_ascii_case(first)
}

impl ScaleOptions {
    /// Position of `value` on the scale (0 = most urgent): the whole value,
    /// or its first word ("P1 (urgent)", "[high]").
    fn rank(&self, value: &str) -> Option<usize> {
        self.scale.iter().position(|level| names_priority(value, level))
    }
}


fn is_done(source: &str, status: Option<&Text>) -> bool {
    status.is_some_and(|s| {
        let v = text_of(source, s).trim().to_lowercase();
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

#[cfg(test)]
mod tests;
