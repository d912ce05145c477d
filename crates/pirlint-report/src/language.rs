//! Whether a report is written in English: the language rules (blame,
//! hindsight, the lessons-learned questions) match English phrases, and on
//! a report in another language they would only guess.

use crate::model::Report;

/// The most common English words: in English prose they are a quarter or
/// more of the words; in other languages a few percent (loanwords, code).
const COMMON: &[&str] = &[
    "the", "and", "to", "of", "a", "in", "is", "that", "for", "it", "was", "on", "with", "as",
    "we", "be", "by", "this", "are", "not", "at", "from", "or", "an", "have", "were", "which",
    "our", "has", "had", "but", "they", "all", "been", "when", "after", "there", "their",
    "would", "so", "if", "into", "no", "out", "up", "what", "its", "some", "than", "then",
];

/// `Some(false)` when the report's prose (at least 60 words) is clearly not
/// English, `Some(true)` when it is, `None` when there is too little to
/// tell.
pub fn is_english(report: &Report, source: &str) -> Option<bool> {
    // A few hundred words decide it; a long report is not read to the end.
    let (mut words, mut common) = (0usize, 0usize);
    let mut lower = [0u8; 5];
    'runs: for run in &report.prose {
        let text = source.get(run.span.range()).unwrap_or("");
        for w in text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()) {
            words += 1;
            if w.len() <= 5 && w.is_ascii() {
                let l = &mut lower[..w.len()];
                l.copy_from_slice(w.as_bytes());
                l.make_ascii_lowercase();
                if COMMON.iter().any(|c| c.as_bytes() == &*l) {
                    common += 1;
                }
            }
            if words >= 400 {
                break 'runs;
            }
        }
    }
    if words < 60 {
        return None;
    }
    Some(common * 100 >= words * 8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ParseOptions;

    fn english(src: &str) -> Option<bool> {
        let p = crate::parse_markdown(src, &ParseOptions::default());
        is_english(&p.report, src)
    }

    #[test]
    fn english_german_and_too_short() {
        let en = "The cache cluster was upgraded on Tuesday and the error rate rose. We rolled back the change after an hour, and the service was healthy again. ".repeat(4);
        assert_eq!(english(&format!("# R\n\n{en}")), Some(true));
        let de = "Der Cache-Cluster wurde am Dienstag aktualisiert und die Fehlerrate stieg. Wir haben die Änderung nach einer Stunde zurückgenommen, und der Dienst lief wieder stabil. ".repeat(4);
        assert_eq!(english(&format!("# R\n\n{de}")), Some(false));
        assert_eq!(english("# R\n\nKurz und knapp.\n"), None);
    }
}
