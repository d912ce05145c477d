//! `recommendations/vague`.

use pirlint_plugin_sdk::prelude::*;

use crate::*;

const ID: &str = "recommendations/vague";

rule! {
    /// Flags action items that cannot be done, assigned or checked:
    ///
    /// - **exhortations**, whatever follows them: "be more careful", "be careful",
    ///   "pay more attention", "be more vigilant", "be more diligent/thorough", "try
    ///   harder", "take more care", "avoid human error", "less error-prone", "learn
    ///   from this";
    /// - **generic improvements with nothing specific**: "improve monitoring",
    ///   "better communication", "improve testing", "improve documentation",
    ///   "improve the process", "improve reliability/security", "make sure this
    ///   never happens again", "prevent this from happening again", ... The item is
    ///   vague only when, apart from the phrase and filler words ("our", "more",
    ///   "overall", "process", ...), it names nothing: no system, metric, document or
    ///   object. "Improve monitoring" is vague; "Improve monitoring of ADFS
    ///   certificate expiry" is not.
    ///
    /// The text checked is the action itself (list items include their nested
    /// items; the owner, due date, priority and ticket values are left out).
    ///
    /// ## Why it matters
    ///
    /// The Google SRE workbook (ch. 10) names vague action items ("Improve", "Make
    /// better") and action items that "make humans less error-prone" among the
    /// failure modes of postmortems; PagerDuty's guide asks for follow-ups that are
    /// actionable, specific and bounded. "Be more careful" also puts the incident on
    /// people rather than on the system that let the mistake through.
    ///
    /// ## How to fix
    ///
    /// Name the concrete change: "Alert when the cache-miss error rate exceeds 1%
    /// for 5 minutes", "Require a second reviewer for CDN config changes in CI".
    ///
    /// ```markdown
    /// - [P1] Alert when the cache-miss error rate exceeds 1% for 5 minutes (owner: SRE, due 2026-04-15)
    /// ```
    ///
    /// ## Options
    ///
    /// - `extra` (list of strings): more phrases to flag as exhortations.
    /// - `allow` (list of strings): built-in phrases never to flag.
    pub struct Vague;
}

impl Rule for Vague {
    const ID: &'static str = ID;
    const SUMMARY: &'static str = "Action items that cannot be checked (\"be more careful\", a bare \"improve monitoring\")";
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    type Options = VagueOptions;

    fn check(cx: &Context<'_>, opts: &VagueOptions) -> Vec<Diagnostic> {
        vague(&Ctx::new(cx), opts)
    }
}

#[derive(Deserialize, Serialize, JsonSchema, Default)]
#[serde(default, deny_unknown_fields)]
pub struct VagueOptions {
    /// More phrases to flag as exhortations (matched as whole words, case-insensitively).
    #[schemars(inner(length(min = 1)))]
    pub extra: Vec<String>,
    /// Built-in phrases never to flag.
    #[schemars(inner(length(min = 1)))]
    pub allow: Vec<String>,
}

fn vague(r: &Ctx<'_>, opts: &VagueOptions) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (x, action) in r.recs.iter().zip(r.actions().0.iter()) {
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
                    short(text_of(r.source, &x.text))
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
                    short(text_of(r.source, &x.text))
                ),
                "\"Improve monitoring\" says what area needs work but not what to do, so no one \
                 can tell when it is done (Google SRE workbook, ch. 10: vague action items; \
                 PagerDuty: actionable, specific, bounded). Name the concrete change: which \
                 system, which metric or alert, which document (\"Alert when the cache-miss \
                 error rate exceeds 1% for 5 minutes\").",
            ),
        };
        out.push(
            Diagnostic::new(ID, span, msg)
                .label(match hit.kind {
                    VagueKind::Exhortation => "not an action",
                    VagueKind::Generic => "what, exactly?",
                })
                .help(help),
        );
    }
    out
}
