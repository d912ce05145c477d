//! A guard against pathological container nesting before pulldown-cmark
//! sees the text.
//!
//! CommonMark parsers pay for every open container (block quote, list item)
//! on every later line: one line of 44,000 nested list markers
//! (`1. 1. 1. …`, 132 KB) followed by lines of text took pulldown-cmark 8 s
//! in a release build, and the cost grows with the square of the input. No
//! report nests containers deeply on purpose, so, as markdown-it does with
//! its `maxNesting`, a line that opens more than [`MAX_MARKERS_PER_LINE`]
//! containers has the first byte of the next marker replaced by `x`: the
//! rest of that line is read as text. One byte is replaced in place, so
//! every offset the parser reports still points into the report's own text.

use std::borrow::Cow;

/// Container markers one line may open. Real reports nest lists a handful
/// of levels deep; 32 is far beyond that and cheap to scan past.
pub(super) const MAX_MARKERS_PER_LINE: usize = 32;

/// `md` itself when no line opens more than [`MAX_MARKERS_PER_LINE`]
/// containers (every ordinary report), otherwise a copy with each such
/// line's excess marker neutralized.
pub(super) fn tame(md: &str) -> Cow<'_, str> {
    let mut excess = Vec::new();
    let mut line_start = 0;
    for line in md.split_inclusive('\n') {
        if let Some(at) = excess_marker(line.as_bytes()) {
            excess.push(line_start + at);
        }
        line_start += line.len();
    }
    if excess.is_empty() {
        return Cow::Borrowed(md);
    }
    let mut bytes = md.as_bytes().to_vec();
    for at in excess {
        // Every marker starts with an ASCII byte (`>`, `-`, `*`, `+` or a
        // digit), so replacing it with another keeps the text UTF-8.
        bytes[at] = b'x';
    }
    Cow::Owned(String::from_utf8(bytes).expect("one ASCII byte replaced by another"))
}

/// The offset of the line's container marker number
/// `MAX_MARKERS_PER_LINE + 1`, if it has that many. Generous on purpose
/// (any run of spaces between markers counts): over-counting can only touch
/// a line that is already absurd.
fn excess_marker(line: &[u8]) -> Option<usize> {
    let mut pos = 0;
    let mut markers = 0;
    loop {
        while matches!(line.get(pos), Some(b' ' | b'\t')) {
            pos += 1;
        }
        let len = marker_len(&line[pos..])?;
        if markers == MAX_MARKERS_PER_LINE {
            return Some(pos);
        }
        markers += 1;
        pos += len;
    }
}

/// The length of the container marker at the start of `rest`: `>`, or a
/// bullet (`-`, `*`, `+`) or ordered marker (`1.`, `12)`) followed by a
/// space or tab.
fn marker_len(rest: &[u8]) -> Option<usize> {
    let spaced = |len: usize| matches!(rest.get(len), Some(b' ' | b'\t')).then_some(len);
    match rest.first()? {
        b'>' => Some(1),
        b'-' | b'*' | b'+' => spaced(1),
        b'0'..=b'9' => {
            let digits = rest.iter().take(10).take_while(|b| b.is_ascii_digit()).count();
            if digits > 9 || !matches!(rest.get(digits), Some(b'.' | b')')) {
                return None;
            }
            spaced(digits + 1)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_reports_are_not_copied() {
        let report = "# Title\n\n> quoted\n> > nested\n\n- a\n  - b\n    1. c\n       - [ ] d\n* * *\n";
        assert!(matches!(tame(report), Cow::Borrowed(_)));
        let deep_but_fine = format!("{}x\n", "> ".repeat(MAX_MARKERS_PER_LINE));
        assert!(matches!(tame(&deep_but_fine), Cow::Borrowed(_)));
    }

    #[test]
    fn a_line_past_the_limit_loses_exactly_its_next_marker() {
        for marker in ["1. ", "- ", "> ", "+\t", "12) "] {
            let line = marker.repeat(MAX_MARKERS_PER_LINE + 5);
            let md = format!("intro\n{line}text\nmore\n");
            let tamed = tame(&md);
            assert_eq!(tamed.len(), md.len());
            let changed: Vec<usize> = md.bytes().zip(tamed.bytes()).enumerate().filter(|(_, (a, b))| a != b).map(|(i, _)| i).collect();
            let expected = "intro\n".len() + marker.len() * MAX_MARKERS_PER_LINE;
            assert_eq!(changed, [expected], "marker {marker:?}");
            assert_eq!(tamed.as_bytes()[expected], b'x');
        }
    }

    #[test]
    fn the_rest_of_the_report_is_read_as_before() {
        // 2,000 nested items on one line, then a timeline: the timeline is
        // read, with spans into the report's own text.
        let md = format!("# T\n\n{}deep\n\n## Timeline\n\n{}", "1. ".repeat(2000), "- 2026-01-05 10:00 UTC event\n".repeat(5));
        let parsed = crate::markdown::parse_markdown(&md, &crate::ParseOptions::default());
        assert_eq!(parsed.report.timeline.len(), 5);
        for entry in &parsed.report.timeline {
            let span = entry.span;
            assert!(md[span.start as usize..span.end as usize].contains("event"), "{span:?}");
        }
    }
}
