//! `blameless/blame-language`.

use pirlint_plugin_sdk::prelude::*;

rule! {
    /// Finds phrases that assign fault to people:
    ///
    /// - labels that make a person the cause: `human error`, `operator error`;
    /// - fault and blame: `Dave's fault`, `his fault`, `the fault of`, `at fault`,
    ///   `blame` / `blamed` / `blaming`;
    /// - judgements of a person: `careless(ness)`, `careless ignorance`,
    ///   `negligent` / `negligence`, `neglected to`, `incompetent`, `sloppy`, `lazy`,
    ///   `dropped the ball`, `screwed up`, `messed up`, `botched`, `bad apple`,
    ///   `should have known`, `stupid`, `idiot(ic)`, `ridiculous`, `inexcusable`,
    ///   `fat-fingered`.
    ///
    /// Only prose is scanned: code (fenced, indented, inline), block quotes, HTML
    /// and front matter are not, and neither is text inside double quotes or
    /// backticks in a sentence (quoted chat lines, error messages). Matching is by
    /// whole words; a phrase is matched in lower case, or capitalized at the start
    /// of a sentence.
    ///
    /// Not flagged:
    ///
    /// - negated uses: "no one is to blame", "without blame", "this was not human
    ///   error", "rather than blaming the operator" (a negation word up to four
    ///   words before, in the same clause);
    /// - talk about the culture itself: "the blame game", "blame culture",
    ///   "blame-free", "blameless";
    /// - `git blame`, "lazy loading" / "lazy initialization", and `fault` alone
    ///   ("fault tolerance", "a hardware fault").
    ///
    /// ## Why it matters
    ///
    /// Blame stops the analysis at a person instead of at the system that let the
    /// mistake happen, and people who see colleagues blamed stop reporting problems.
    /// Etsy's blameless postmortems, Google SRE (*Site Reliability Engineering*
    /// ch. 15 "Postmortem Culture", and the Workbook's "counterproductive finger
    /// pointing" and "animated language" such as "careless ignorance") and
    /// PagerDuty's postmortem guide ("an individual's action should never be
    /// considered a root cause"; avoid "human error") all ask for a factual,
    /// judgement-free account.
    ///
    /// ## How to fix
    ///
    /// Describe what was done and what the person saw at the time, then what in the
    /// system made the mistake possible or let it through (no review step, a console
    /// that makes copying settings easy, no alert). For `human error` /
    /// `operator error` an unsafe fix rewrites the phrase as "an error the process
    /// did not catch" (taking a preceding `a`/`an` along), and `fat-fingered`
    /// becomes "mistyped"; other phrases have no mechanical rewrite. When a person
    /// of the report is named in the same clause, `blameless/named-blame` reports
    /// the finding instead (if enabled).
    ///
    /// ## Options
    ///
    /// - `extend` (list of phrases, default `[]`): more phrases to flag (whole
    ///   words; negated uses are skipped as above).
    /// - `allow` (list of phrases, default `[]`): phrases never to flag, e.g.
    ///   `["blamed"]`. An entry matches the phrase as listed above or the words
    ///   found.
    ///
    /// ```toml
    /// [rules."blameless/blame-language"]
    /// extend = ["cowboy"]
    /// allow = ["lazy"]
    /// ```
    ///
    /// ## Example
    ///
    /// ```markdown
    /// The root cause was human error. It's Dave's fault the rollback took so long.
    /// ```
    ///
    /// reports `"human error" names a person as the cause` (fix: "an error the
    /// process did not catch") and, without a people list, `"dave's fault" assigns
    /// fault to a person`.
    pub struct BlameLanguage;
}

impl Rule for BlameLanguage {
    const ID: &'static str = "blameless/blame-language";
    const SUMMARY: &'static str = "Phrases that assign fault to people (\"human error\", \"careless\", \"X's fault\")";
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    const FIXABLE: bool = true;
    type Options = crate::PhraseOptions;

    /// The findings come from the plugin's one scan of the prose
    /// (`crate::scan`), which all three rules share.
    fn check(cx: &Context<'_>, _: &crate::PhraseOptions) -> Vec<Diagnostic> {
        crate::scan(cx).blame.clone()
    }
}
