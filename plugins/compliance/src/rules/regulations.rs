//! `compliance/regulations`: the regulations and notifications are named
//! so that the other rules can check them.

use pirlint_plugin_sdk::prelude::*;

use crate::{in_scope, Regime};

rule! {
    /// Checks the regulatory front matter the other `compliance` rules read, so
    /// that none of them is silently skipped:
    ///
    /// - every name in `regulations` is one the plugin knows (`gdpr`, `nis2`,
    ///   `dora`, `sec-8k`; spellings such as `GDPR`, `NIS 2`, `Form 8-K` are
    ///   accepted);
    /// - every entry of `notifications` names a known `regime` and a `kind` that
    ///   regime has (GDPR: `notification`; NIS2: `early-warning`,
    ///   `incident-notification`, `intermediate-report`, `progress-report`,
    ///   `final-report`; DORA: `initial`, `intermediate`, `final`; SEC: `8-k`,
    ///   `8-k/a`);
    /// - a notification's regime applies to the report (declared in
    ///   `regulations` or applied by the policy): otherwise its deadlines are not
    ///   checked.
    ///
    /// ## Why it matters
    ///
    /// A typo (`gpdr`, `kind: warning`) would take a report out of the rules that
    /// check the deadlines of GDPR Art. 33, NIS2 Art. 23 (<https://eur-lex.europa.eu/eli/dir/2022/2555/oj>),
    /// DORA and Form 8-K Item 1.05 without anyone noticing.
    ///
    /// ## How to fix
    ///
    /// Use the names the plugin knows:
    ///
    /// ```yaml
    /// regulations: [gdpr, nis2]
    /// notifications:
    ///   - {regime: nis2, kind: early-warning, at: 2026-03-02T18:00:00+01:00}
    /// ```
    ///
    /// ## Options
    ///
    /// None.
    pub struct Regulations;
}

impl Rule for Regulations {
    const ID: &'static str = "compliance/regulations";
    const SUMMARY: &'static str = "Regulations and notifications name regimes and kinds the compliance rules know";
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    type Options = NoOptions;

    fn check(cx: &Context<'_>, _: &NoOptions) -> Vec<Diagnostic> {
        let known = Regime::ALL.iter().map(|r| format!("`{}`", r.id())).collect::<Vec<_>>().join(", ");
        let md = &cx.report.metadata;
        let mut out = Vec::new();
        for r in &md.regulations {
            let name = cx.text(r).trim();
            if Regime::parse(name).is_none() {
                out.push(
                    Diagnostic::new(Self::ID, r.span, format!("unknown regulation `{name}`: the compliance rules check {known}"))
                        .label("not a known regulation")
                        .help(format!("Write one of {known}. A regulation the plugin does not know is not checked; switch this rule off if you list others on purpose.")),
                );
            }
        }
        for n in &md.notifications {
            let Some(regime_text) = n.regime.as_ref() else {
                out.push(
                    Diagnostic::new(Self::ID, n.span, "a notification without `regime`: its deadline cannot be checked")
                        .label("no regime")
                        .help(format!("Add `regime:` with one of {known}.")),
                );
                continue;
            };
            let Some(regime) = Regime::parse(cx.text(regime_text)) else {
                out.push(
                    Diagnostic::new(Self::ID, regime_text.span, format!("unknown regime `{}` in a notification", cx.text(regime_text).trim()))
                        .label("not a known regime")
                        .help(format!("Write one of {known}.")),
                );
                continue;
            };
            let kind_text = n.kind.as_ref().map(|k| cx.text(k));
            if regime.kind_of(kind_text).is_none() {
                let kinds = regime.kinds().iter().map(|(k, _)| format!("`{k}`")).collect::<Vec<_>>().join(", ");
                let (span, message) = match &n.kind {
                    Some(k) => (k.span, format!("`{}` is not a {} notification kind", cx.text(k).trim(), regime.display())),
                    None => (regime_text.span, format!("a {} notification without `kind`", regime.display())),
                };
                out.push(Diagnostic::new(Self::ID, span, message).label("unknown kind").help(format!("{} notifications are {kinds}.", regime.display())));
            }
            if !in_scope(cx, regime) {
                out.push(
                    Diagnostic::new(Self::ID, regime_text.span, format!("a {} notification, but {} is not among the report's regulations", regime.display(), regime.display()))
                        .label("regime not in scope")
                        .help(format!("Add `{}` to `regulations` in the front matter (or apply it in the policy's [[overrides]]) so that its deadlines and contents are checked.", regime.id())),
                );
            }
        }
        out
    }
}
