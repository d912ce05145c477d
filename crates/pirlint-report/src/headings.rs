//! Which heading means which section. The default synonyms and the matching
//! rules live in `pirlint-vocab` (shared with the plugins and help texts);
//! this map adds the organization's own synonyms from `rules.toml`.

use std::collections::BTreeMap;

pub use pirlint_vocab::normalize;

/// Maps heading text to canonical section kinds ("timeline",
/// "recommendations", ...). See [`pirlint_vocab::kinds_in`] for the matching
/// rules.
#[derive(Clone, Debug)]
pub struct HeadingMap {
    /// normalized synonym -> kind
    synonyms: BTreeMap<String, String>,
}

impl Default for HeadingMap {
    fn default() -> Self {
        let mut map = HeadingMap::empty();
        for kind in pirlint_vocab::SECTION_KINDS {
            map = map.with_synonyms(kind.id, kind.synonyms);
        }
        map
    }
}

impl HeadingMap {
    /// A map with no synonyms at all, for organizations that want full control.
    pub fn empty() -> Self {
        HeadingMap {
            synonyms: BTreeMap::new(),
        }
    }

    /// Adds synonyms for `kind`. A synonym already mapped to another kind is
    /// remapped, so an organization's configuration overrides the defaults.
    pub fn with_synonyms(mut self, kind: &str, names: &[&str]) -> Self {
        for name in names {
            let key = normalize(name);
            if !key.is_empty() {
                self.synonyms.insert(key, kind.to_string());
            }
        }
        self
    }

    /// The canonical kind of a heading (the first one of a compound such as
    /// "Timeline and Response"), if it is recognized.
    pub fn kind_of(&self, heading: &str) -> Option<String> {
        self.kinds_of(heading).into_iter().next()
    }

    /// The kind of a heading that is exactly a synonym (after
    /// normalization), without the qualifier and compound rules.
    pub fn exact_kind(&self, heading: &str) -> Option<&str> {
        self.synonyms.get(&normalize(heading)).map(String::as_str)
    }

    /// Every kind a heading names, the primary one first.
    pub fn kinds_of(&self, heading: &str) -> Vec<String> {
        pirlint_vocab::kinds_in(heading, |norm| self.synonyms.get(norm).map(String::as_str))
            .into_iter()
            .map(str::to_string)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configurable() {
        let m = HeadingMap::default()
            .with_synonyms("timeline", &["Tijdlijn"])
            .with_synonyms("impact", &["Overview"]);
        assert_eq!(m.kind_of("Tijdlijn").as_deref(), Some("timeline"));
        assert_eq!(m.kind_of("Tijdlijn (CET)").as_deref(), Some("timeline"));
        assert_eq!(m.kind_of("Overview").as_deref(), Some("impact"));
        assert_eq!(HeadingMap::empty().kind_of("Timeline"), None);
    }
}
