//! The names of the regulations the `compliance` rules check, as reports
//! write them, and what counts as an unwritten answer in a notification
//! record. Shared by the plugin and, natively, by `pirlint audit`'s
//! regulations view, so that both count a report under the same regime.

/// The regulations the built-in rules know, by the id they are counted
/// under.
pub const IDS: [&str; 4] = ["gdpr", "nis2", "dora", "sec-8k"];

/// Lowercase letters and digits only: "NIS 2" -> "nis2", "Data_Subjects"
/// -> "datasubjects".
pub fn squash(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The id of a regulation as written ("GDPR", "eu-gdpr", "NIS 2", "sec",
/// "8-K", "form 8-k"), when it is one of [`IDS`].
pub fn regime_id(text: &str) -> Option<&'static str> {
    match squash(text).as_str() {
        "gdpr" | "eugdpr" | "ukgdpr" => Some("gdpr"),
        "nis2" | "nis2directive" => Some("nis2"),
        "dora" => Some("dora"),
        "sec8k" | "sec" | "8k" | "form8k" | "secform8k" => Some("sec-8k"),
        _ => None,
    }
}

/// A value that stands for "not written yet": empty, `TBD`, `TODO`, `?`.
/// ("unknown" is an answer: GDPR 33(3)(a) asks for numbers "where
/// possible".)
pub fn unanswered(value: &str) -> bool {
    let v = value.trim().trim_end_matches('.').trim();
    v.is_empty()
        || ["tbd", "tba", "todo", "fixme", "xxx", "?", "??", "???", "-", "n/a?"].iter().any(|p| v.eq_ignore_ascii_case(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_the_four_regulations() {
        for (written, id) in [("GDPR", "gdpr"), ("eu-gdpr", "gdpr"), ("NIS 2", "nis2"), ("DORA", "dora"), ("Form 8-K", "sec-8k"), ("sec-8k", "sec-8k")] {
            assert_eq!(regime_id(written), Some(id), "{written}");
        }
        assert_eq!(regime_id("HIPAA"), None);
        assert!(IDS.iter().all(|id| regime_id(id) == Some(*id)));
    }

    #[test]
    fn unwritten_answers() {
        assert!(unanswered(" TBD ") && unanswered("TBD.") && unanswered("") && unanswered("?"));
        assert!(!unanswered("unknown") && !unanswered("none available"));
    }
}
