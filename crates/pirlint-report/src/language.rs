//! Whether a report is written in English: the language rules (blame,
//! hindsight, the lessons-learned questions) match English phrases, and on
//! a report in another language they would only guess.

use crate::model::Report;

/// The most common English words: in English prose they are a quarter or
/// more of the words; in other languages a few percent (loanwords, code).
/// Sorted, for a binary search (a test checks it).
const COMMON: &[&str] = &[
    "a", "after", "all", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for",
    "from", "had", "has", "have", "if", "in", "into", "is", "it", "its", "no", "not", "of",
    "on", "or", "our", "out", "so", "some", "than", "that", "the", "their", "then", "there",
    "they", "this", "to", "up", "was", "we", "were", "what", "when", "which", "with", "would",
];

/// Whether `w` (ASCII letters, or any bytes) is one of `COMMON` in any case.
fn is_common(w: &[u8]) -> bool {
    let mut lower = [0u8; 5];
    if w.len() > lower.len() {
        return false;
    }
    for (l, c) in lower.iter_mut().zip(w) {
        *l = c.to_ascii_lowercase();
    }
    let lower = &lower[..w.len()];
    COMMON.binary_search_by(|c| c.as_bytes().cmp(lower)).is_ok()
}

/// `Some(false)` when the report's prose (at least 60 words) is clearly not
/// English, `Some(true)` when it is, `None` when there is too little to
/// tell.
pub fn is_english(report: &Report, source: &str) -> Option<bool> {
    // A few hundred words decide it; a long report is not read to the end.
    // Bytes, not characters: a word is a run of letters, any non-ASCII
    // byte counting as one (its letters are never common English words).
    let (mut words, mut common) = (0usize, 0usize);
    'runs: for run in &report.prose {
        let b = source.get(run.span.range()).unwrap_or("").as_bytes();
        let mut i = 0;
        while i < b.len() {
            if !(b[i].is_ascii_alphabetic() || b[i] >= 0x80) {
                i += 1;
                continue;
            }
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphabetic() || b[i] >= 0x80) {
                i += 1;
            }
            words += 1;
            let w = &b[start..i];
            if is_common(w) {
                common += 1;
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
    fn common_words_sorted_for_the_search() {
        assert!(COMMON.windows(2).all(|w| w[0] < w[1]), "COMMON must be sorted and without duplicates");
        assert!(COMMON.iter().all(|w| w.len() <= 5));
        assert!(is_common(b"The") && is_common(b"WHICH") && is_common(b"a"));
        assert!(!is_common(b"there's") && !is_common(b"thee") && !is_common(b""));
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
