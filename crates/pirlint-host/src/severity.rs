//! The policy's severity scale: one ordered list of levels, most severe
//! first, and the other names reports give them. Overrides match on it,
//! plugins receive a report's level on it (`check-context.severity`), and
//! the audit groups by it, so `P1`, `high` and `Sev 2` are the same
//! incident severity everywhere.
//!
//! Names are compared folded: lower case, letters and digits only, so
//! `SEV-1`, `Sev 1`, `sev_1` and `SEV1` are one name. A value with a
//! qualifier (`SEV-2 (major)`, `P1 - customer facing`) is also tried by its
//! part before the qualifier.

use crate::policy::Origin;

/// A report's severity placed on the scale.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ReportSeverity {
    /// The level's name as the scale writes it (`SEV2`).
    pub name: String,
    /// 1 for the scale's first (most severe) level, 2 for the next, ...
    pub rank: u32,
}

/// One other name of a level, with where the policy wrote it (`None`: the
/// built-in default).
#[derive(Clone, Debug)]
pub struct Alias {
    pub name: String,
    pub origin: Option<Origin>,
}

/// The ordered levels and their aliases.
#[derive(Clone, Debug)]
pub struct SeverityScale {
    /// Level names, most severe first.
    pub levels: Vec<String>,
    /// Per level (same index), its other names.
    pub aliases: Vec<Vec<Alias>>,
    /// Folded name -> index into `levels`, for every level and alias.
    index: Vec<(String, usize)>,
}

/// The built-in scale: SEV1 (most severe) to SEV4, with the names other
/// common scales give the same four levels: P0–P3 (P0 most urgent),
/// critical/high/medium/low (also major, moderate, minor), `S1`,
/// `Severity 1` and a bare digit.
pub const DEFAULT_LEVELS: &[(&str, &[&str])] = &[
    ("SEV1", &["S1", "Severity 1", "1", "P0", "critical"]),
    ("SEV2", &["S2", "Severity 2", "2", "P1", "high", "major"]),
    ("SEV3", &["S3", "Severity 3", "3", "P2", "medium", "moderate"]),
    ("SEV4", &["S4", "Severity 4", "4", "P3", "low", "minor"]),
];

impl Default for SeverityScale {
    fn default() -> Self {
        let mut scale = SeverityScale {
            levels: DEFAULT_LEVELS.iter().map(|(l, _)| (*l).to_owned()).collect(),
            aliases: DEFAULT_LEVELS
                .iter()
                .map(|(_, a)| a.iter().map(|n| Alias { name: (*n).to_owned(), origin: None }).collect())
                .collect(),
            index: Vec::new(),
        };
        scale.reindex();
        scale
    }
}

/// Lower case, letters and digits only.
pub fn fold(name: &str) -> String {
    name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Severity values that are not yet a severity: `structure/placeholder`
/// reports them, the scale does not.
fn is_placeholder(folded: &str) -> bool {
    matches!(folded, "" | "tbd" | "tba" | "tbc" | "todo" | "fixme" | "xxx" | "unknown" | "na" | "none")
}

impl SeverityScale {
    /// Rebuilds the lookup after `levels` or `aliases` changed.
    pub(crate) fn reindex(&mut self) {
        self.index.clear();
        for (i, level) in self.levels.iter().enumerate() {
            self.index.push((fold(level), i));
        }
        for (i, aliases) in self.aliases.iter().enumerate() {
            for a in aliases {
                let key = fold(&a.name);
                if !self.index.iter().any(|(k, _)| *k == key) {
                    self.index.push((key, i));
                }
            }
        }
    }

    /// The level a name (a level or an alias) stands for, as an index.
    pub fn level_index(&self, name: &str) -> Option<usize> {
        let key = fold(name);
        self.index.iter().find(|(k, _)| *k == key).map(|(_, i)| *i)
    }

    /// A report's `severity` value placed on the scale: `None` when it is
    /// not on it (see [`SeverityScale::is_unknown`]).
    pub fn resolve(&self, value: &str) -> Option<ReportSeverity> {
        let whole = self.level_index(value);
        let i = whole.or_else(|| {
            let head = value.split(['(', '[', ',', ';', ':', '/', '—', '–']).next().unwrap_or("");
            let head = head.split(" - ").next().unwrap_or("");
            self.level_index(head.trim())
        })?;
        Some(ReportSeverity { name: self.levels[i].clone(), rank: i as u32 + 1 })
    }

    /// Whether a report's `severity` value is a severity the scale cannot
    /// place (a placeholder such as `TBD` is not: it is no value yet).
    pub fn is_unknown(&self, value: &str) -> bool {
        !is_placeholder(&fold(value)) && self.resolve(value).is_none()
    }

    /// `SEV1, SEV2, SEV3, SEV4`, for messages.
    pub fn describe_levels(&self) -> String {
        self.levels.join(", ")
    }

    /// Every name the scale accepts, for "did you mean" suggestions.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.levels.iter().map(String::as_str).chain(self.aliases.iter().flatten().map(|a| a.name.as_str()))
    }

    /// `SEV1 (S1, Severity 1, 1, P0, critical); SEV2 (...)`, for help texts.
    pub fn describe(&self) -> String {
        self.levels
            .iter()
            .zip(&self.aliases)
            .map(|(l, a)| {
                if a.is_empty() {
                    l.clone()
                } else {
                    format!("{l} ({})", a.iter().map(|a| a.name.as_str()).collect::<Vec<_>>().join(", "))
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_scale_places_the_common_scales() {
        let scale = SeverityScale::default();
        for (value, name, rank) in [
            ("SEV-1", "SEV1", 1),
            ("sev1", "SEV1", 1),
            ("Sev 1", "SEV1", 1),
            ("S1", "SEV1", 1),
            ("Severity 1", "SEV1", 1),
            ("P0", "SEV1", 1),
            ("Critical", "SEV1", 1),
            ("P1", "SEV2", 2),
            ("high", "SEV2", 2),
            ("SEV-2 (major)", "SEV2", 2),
            ("P1 - customer facing", "SEV2", 2),
            ("medium", "SEV3", 3),
            ("P3", "SEV4", 4),
            ("minor", "SEV4", 4),
            ("4", "SEV4", 4),
        ] {
            assert_eq!(scale.resolve(value), Some(ReportSeverity { name: name.into(), rank }), "{value}");
        }
        for value in ["SEV-0", "SEV5", "P4", "spicy", "12", "SEV-12"] {
            assert_eq!(scale.resolve(value), None, "{value}");
            assert!(scale.is_unknown(value), "{value}");
        }
        for value in ["TBD", "unknown", "n/a", " "] {
            assert!(!scale.is_unknown(value), "{value}");
        }
    }

    #[test]
    fn folding_ignores_case_and_punctuation_only() {
        assert_eq!(fold("SEV-1"), "sev1");
        assert_eq!(fold(" Sev_1 "), "sev1");
        assert_ne!(fold("SEV1"), fold("SEV11"));
    }
}
