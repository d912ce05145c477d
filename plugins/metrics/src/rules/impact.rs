//! `metrics/impact`: serious incidents record who or what was affected and an estimate.

use pirlint_plugin_sdk::prelude::*;

use crate::{status_of, Status};

rule! {
    /// For incidents at or above `min-severity` (default `SEV-2`), checks that the
    /// report records **who or what was affected** (`impact.users_affected` or
    /// `impact.systems` in the front matter) **and a cost or impact estimate**
    /// (`impact.cost_estimate`). A non-empty `## Impact` section (also "Customer
    /// impact", "Business impact") is accepted as evidence for both. Placeholder
    /// values (`TBD`, `TODO`, `unknown`) do not count.
    ///
    /// Severities understood: `SEV-1`…`SEV-4` (also `SEV1`, `Sev 1`, `S1`),
    /// `P0`…`P4`, `critical`/`high`/`medium`/`low` (also `major`/`minor`), and a
    /// bare digit; 1 (or P0) is the most severe, and `high` ranks with SEV-2.
    /// Reports without a severity, with one not understood, or with a draft status
    /// are not checked.
    ///
    /// One finding per report, on the `severity` value.
    ///
    /// ## Why it matters
    ///
    /// NIST SP 800-61 asks for impact assessments and, in the follow-up report, a
    /// monetary estimate of the damage; Google's SRE postmortem template has an
    /// Impact field (users, revenue), PagerDuty's guide asks for duration,
    /// customers affected, support contacts and functionality lost. Without them
    /// management cannot weigh the follow-up work against other priorities.
    ///
    /// ## How to fix
    ///
    /// Record the impact in the front matter (or write an `## Impact`
    /// section):
    ///
    /// ```yaml
    /// severity: SEV-1
    /// impact:
    ///   users_affected: "about 12,000 customers could not log in"
    ///   systems: [auth-api, sso-gateway]
    ///   cost_estimate: "USD 40,000 in credits and overtime"
    /// ```
    ///
    /// ## Options
    ///
    /// - `min-severity` (string, default `"SEV-2"`): the least severe level the
    ///   rule applies to, in any of the forms above.
    ///
    /// ```toml
    /// [rules."metrics/impact"]
    /// min-severity = "P1"
    /// ```
    pub struct Impact;
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct ImpactOptions {
    /// Least severe level the rule applies to: SEV-1..SEV-4, P0..P4, critical/high/medium/low.
    #[schemars(length(min = 1))]
    pub min_severity: String,
}

impl Default for ImpactOptions {
    fn default() -> Self {
        ImpactOptions {
            min_severity: "SEV-2".into(),
        }
    }
}

impl Rule for Impact {
    const ID: &'static str = "metrics/impact";
    const SUMMARY: &'static str =
        "Serious incidents record affected systems or users and a cost or impact estimate";
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    type Options = ImpactOptions;

    fn check(cx: &Context<'_>, opts: &ImpactOptions) -> Vec<Diagnostic> {
        let report = cx.report;
        let Some(sev) = &report.metadata.severity else {
            return Vec::new();
        };
        let (Some(rank), Some(min)) = (severity_rank(cx.text(sev)), severity_rank(&opts.min_severity))
        else {
            return Vec::new();
        };
        if rank > min || status_of(report, cx.source()) == Some(Status::Draft) {
            return Vec::new();
        }
        let has_section = cx.sections_of_kind("impact").any(|(_, s)| !text::is_blank(cx.body(s)));
        if has_section {
            return Vec::new();
        }
        let im = report.metadata.impact.as_ref();
        let affected = im.is_some_and(|i| {
            i.users_affected
                .as_ref()
                .is_some_and(|u| !is_placeholder(cx.text(u)))
                || i.systems.iter().any(|s| !is_placeholder(cx.text(s)))
        });
        let cost = im.and_then(|i| i.cost_estimate.as_ref());
        let estimated = cost.is_some_and(|c| !is_placeholder(cx.text(c)));
        if affected && estimated {
            return Vec::new();
        }
        let mut what = Vec::new();
        if !affected {
            what.push("affected users or systems");
        }
        if !estimated {
            what.push("a cost or impact estimate");
        }
        let mut d = Diagnostic::new(
            Self::ID,
            sev.span,
            format!(
                "`{}` incident without {}",
                cx.text(sev).trim(),
                what.join(" or ")
            ),
        )
        .label(format!("severity at or above {}", opts.min_severity))
        .help(
            "For serious incidents readers and management need the size of the damage: NIST SP \
             800-61 asks for impact assessments and a monetary damage estimate, Google's SRE \
             template for the impact (users, revenue), PagerDuty's guide for duration, customers \
             affected and support load. Add `impact:` to the front matter with `users_affected`, \
             `systems` and `cost_estimate`, or an `## Impact` section. The rule applies from the \
             `min-severity` option upwards; drafts are not checked.",
        );
        if let Some(c) = cost.filter(|c| is_placeholder(cx.text(*c))) {
            d = d.secondary(c.span, "the cost estimate is a placeholder");
        }
        vec![d]
    }
}

/// An impact value that says nothing yet: empty, a placeholder or "n/a".
fn is_placeholder(t: &str) -> bool {
    let t = t.trim().to_lowercase();
    t.is_empty()
        || ["tbd", "tba", "todo", "unknown", "n/a", "na", "?", "-", "none yet", "fixme", "xxx"]
            .contains(&t.as_str())
}

/// Severity as a rank, 0/1 most severe: SEV-1..SEV-4, S1, P0..P4,
/// critical/high/medium/low, a bare digit.
fn severity_rank(s: &str) -> Option<u8> {
    let t = s.trim().to_lowercase();
    let word = match t.as_str() {
        "critical" | "crit" | "urgent" => Some(1),
        "high" | "major" => Some(2),
        "medium" | "moderate" | "med" => Some(3),
        "low" | "minor" => Some(4),
        _ => None,
    };
    if word.is_some() {
        return word;
    }
    let rest = ["severity", "sev", "s", "p"]
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .unwrap_or(&t);
    let rest = rest.trim_start_matches(['-', ' ', '_', ':']);
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 1 || rest.len() != digits.len() {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severities() {
        for (s, r) in [
            ("SEV-1", 1),
            ("sev2", 2),
            ("Sev 3", 3),
            ("P0", 0),
            ("p1", 1),
            ("High", 2),
            ("critical", 1),
            ("low", 4),
            ("4", 4),
            ("S2", 2),
        ] {
            assert_eq!(severity_rank(s), Some(r), "{s}");
        }
        assert_eq!(severity_rank("SEV-12"), None);
        assert_eq!(severity_rank("spicy"), None);
    }
}
