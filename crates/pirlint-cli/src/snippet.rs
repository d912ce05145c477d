//! Source excerpts for miette's snippets, bounded and terminal-safe.
//!
//! Given a whole report, miette walks it from its start for every label,
//! prints every line of a snippet in full, and panics on a label past column
//! 65,535 (its padding overflows a format width). An [`Excerpt`] holds only
//! the lines near a diagnostic's labels, each cut to a window of
//! [`MAX_LINE_CHARS`] characters around them, with the characters a terminal
//! acts on escaped; the line numbers and columns miette prints are still the
//! file's own.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use pirlint_host::escape;
use std::ops::Range;

/// A longer line is shown as a window of this many characters around its
/// labels, with `…` where it was cut. 99% of the lines of the real reports
/// in the corpus are shorter (447 characters), so only paragraphs written on
/// one very long line are cut, and a line of a megabyte prints as 500.
pub const MAX_LINE_CHARS: usize = 500;
/// How much of the window comes before the label it is placed on.
const LEAD_CHARS: usize = MAX_LINE_CHARS / 4;
/// A label over more lines is shown over its first this many (reports'
/// labels span one or two).
const MAX_LABEL_LINES: usize = 10;
/// A snippet shows the first this many labels of a diagnostic (the host
/// keeps 17 of a plugin's finding, the built-in plugins use at most 7); the
/// JSON output has them all.
pub const MAX_LABELS: usize = 20;
/// miette merges the blocks of two labels, showing every line in between,
/// when the first block's start line plus its end line (both counted from
/// the top of the file) reaches the second's start: deep in a file, labels
/// hundreds of lines apart. A merge that would show more lines than this is
/// refused and the labels get blocks of their own (in the corpus, 3 of 683
/// blocks, of 32 to 72 lines, are split so).
const MAX_CONTEXT_LINES: usize = 2 * MAX_LABEL_LINES + 4;

/// Where each line of a file starts, found once per file.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Lines { text, starts }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset) - 1
    }

    /// Line `n`'s text and its line ending (`\n`, `\r\n` or none).
    fn line(&self, n: usize) -> (Range<usize>, Range<usize>) {
        let start = self.starts[n];
        let end = self.starts.get(n + 1).copied().unwrap_or(self.text.len());
        let line = &self.text[start..end];
        let ending = if line.ends_with("\r\n") {
            2
        } else {
            usize::from(line.ends_with('\n'))
        };
        (start..end - ending, end - ending..end)
    }

    /// `offset` inside the text, on a character boundary.
    fn clamp(&self, offset: usize) -> usize {
        self.text.floor_char_boundary(offset)
    }
}

/// From this file offset on (up to the next segment), the excerpt is the
/// file's text verbatim, or stands for it (an escape or an ellipsis).
#[derive(Clone, Copy)]
struct Segment {
    file: usize,
    excerpt: usize,
    verbatim: bool,
}

struct Builder<'a> {
    source: &'a str,
    text: String,
    segments: Vec<Segment>,
}

impl Builder<'_> {
    fn mark(&mut self, file: usize, verbatim: bool) {
        self.segments.push(Segment { file, excerpt: self.text.len(), verbatim });
    }

    fn copy(&mut self, range: Range<usize>) {
        let mut verbatim = false;
        for (i, c) in self.source[range.clone()].char_indices() {
            let at = range.start + i;
            if escape::acts_on_terminal(c) {
                self.mark(at, false);
                self.text.extend(c.escape_unicode());
                verbatim = false;
            } else {
                if !verbatim {
                    self.mark(at, true);
                    verbatim = true;
                }
                self.text.push(c);
            }
        }
    }

    /// A line ending, as it is: miette reads `\r\n` as one.
    fn end_line(&mut self, ending: Range<usize>) {
        self.mark(ending.start, true);
        self.text.push_str(&self.source[ending]);
    }

    fn elide(&mut self, at: usize) {
        self.mark(at, false);
        self.text.push('…');
    }

    /// The excerpt offset showing file offset `at`: a character cut or
    /// escaped maps to the start of what stands for it.
    fn map(&self, at: usize) -> usize {
        let i = self.segments.partition_point(|s| s.file <= at).saturating_sub(1);
        let s = self.segments[i];
        if s.verbatim { s.excerpt + at.saturating_sub(s.file) } else { s.excerpt }
    }
}

/// The lines of a file that a diagnostic's snippet can show, as miette's
/// source. Its spans are excerpt offsets; [`Excerpt::new`] maps them.
pub struct Excerpt {
    name: Option<String>,
    text: String,
    /// The file's line number (from 0) of the excerpt's first line.
    first_line: usize,
    /// For each label start (an excerpt offset), its column in the file, in
    /// characters from 0 as every other output counts them.
    columns: Vec<(usize, usize)>,
}

impl Excerpt {
    /// The excerpt for labels at `spans` (file byte ranges; the primary
    /// first) and those spans in it. `name` is shown as given: make it safe.
    pub fn new(lines: &Lines, name: Option<String>, spans: &[Range<usize>]) -> (Excerpt, Vec<SourceSpan>) {
        let source = lines.text;
        let spans: Vec<Range<usize>> = spans
            .iter()
            .map(|span| {
                let start = lines.clamp(span.start);
                let mut end = lines.clamp(span.end).max(start);
                let last = lines.line_of(start) + MAX_LABEL_LINES - 1;
                if lines.line_of(end) > last {
                    end = lines.line(last).0.end;
                }
                start..end
            })
            .collect();
        let ranges: Vec<(usize, usize)> = spans.iter().map(|s| (lines.line_of(s.start), lines.line_of(s.end))).collect();
        let empty = Excerpt { name: name.clone(), text: String::new(), first_line: 0, columns: Vec::new() };
        let (Some(first), Some(last)) =
            (ranges.iter().map(|r| r.0).min(), ranges.iter().map(|r| r.1).max())
        else {
            return (empty, Vec::new());
        };
        let first = first.saturating_sub(1);
        let last = (last + 1).min(lines.starts.len() - 1);

        let mut b = Builder { source, text: String::new(), segments: Vec::new() };
        for n in first..=last {
            let (body, ending) = lines.line(n);
            // Lines no block can reach are kept as empty lines, which keeps
            // the numbering without copying what is never shown.
            let near = ranges.iter().any(|&(s, e)| n + MAX_CONTEXT_LINES >= s && n <= e + MAX_CONTEXT_LINES);
            if !near {
                b.mark(body.start, false);
                b.end_line(ending);
                continue;
            }
            let line = &source[body.clone()];
            let chars = line.chars().count();
            if chars <= MAX_LINE_CHARS {
                b.copy(body);
            } else {
                let on_line = |at: &usize| lines.line_of(*at) == n;
                let focus = spans
                    .iter()
                    .map(|s| s.start)
                    .find(on_line)
                    .or_else(|| spans.iter().map(|s| s.end).find(on_line))
                    .unwrap_or(body.start);
                let focus = line[..focus - body.start].chars().count();
                let from = focus.saturating_sub(LEAD_CHARS).min(chars - MAX_LINE_CHARS);
                let to = from + MAX_LINE_CHARS;
                let byte = |char_index: usize| body.start + line.char_indices().nth(char_index).map_or(line.len(), |(i, _)| i);
                let (from_byte, to_byte) = (byte(from), byte(to));
                if from > 0 {
                    b.elide(body.start);
                }
                b.copy(from_byte..to_byte);
                if to < chars {
                    b.elide(to_byte);
                }
            }
            b.end_line(ending);
        }
        b.mark(lines.line(last).1.end, true);

        let mapped: Vec<SourceSpan> = spans
            .iter()
            .map(|s| {
                let (start, end) = (b.map(s.start), b.map(s.end));
                SourceSpan::from((start, end.max(start) - start))
            })
            .collect();
        let columns = spans
            .iter()
            .zip(&mapped)
            .map(|(s, m)| (m.offset(), source[lines.starts[lines.line_of(s.start)]..s.start].chars().count()))
            .collect();
        (Excerpt { name, text: b.text, first_line: first, columns }, mapped)
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.as_str().read_span(span, context_lines_before, context_lines_after)?;
        if inner.data().iter().filter(|&&b| b == b'\n').count() > MAX_CONTEXT_LINES {
            return Err(MietteError::OutOfBounds);
        }
        let column = match self.columns.iter().find(|(at, _)| *at == span.offset()) {
            Some(&(_, column)) if context_lines_before == 0 => column,
            _ => inner.column(),
        };
        // Line counts are offset like the lines: miette decides whether two
        // labels share a block from both, as it does over the whole file.
        let (line, line_count) = (inner.line() + self.first_line, inner.line_count() + self.first_line);
        let data = inner.data();
        let span = *inner.span();
        Ok(Box::new(match &self.name {
            Some(name) => MietteSpanContents::new_named(name.clone(), data, span, line, column, line_count),
            None => MietteSpanContents::new(data, span, line, column, line_count),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Spans as (start, end) pairs.
    fn excerpt(text: &str, spans: &[(usize, usize)]) -> (Excerpt, Vec<SourceSpan>) {
        let spans: Vec<Range<usize>> = spans.iter().map(|&(start, end)| start..end).collect();
        Excerpt::new(&Lines::new(text), Some("r.md".into()), &spans)
    }

    fn shown<'a>(e: &'a Excerpt, span: &SourceSpan) -> &'a str {
        &e.text[span.offset()..span.offset() + span.len()]
    }

    #[test]
    fn short_lines_are_kept_whole_with_their_neighbours_only() {
        let text = "one\ntwo\nthree TBD\nfour\nfive\n";
        let (e, spans) = excerpt(text, &[(14, 17)]);
        assert_eq!(e.text, "two\nthree TBD\nfour\n");
        assert_eq!(e.first_line, 1);
        assert_eq!(shown(&e, &spans[0]), "TBD");
        let header = e.read_span(&spans[0], 0, 0).unwrap();
        assert_eq!((header.line(), header.column()), (2, 6));
    }

    #[test]
    fn a_long_line_is_cut_around_its_label() {
        let text = format!("{} TBD {}\n", "x".repeat(70_000), "y".repeat(70_000));
        let (e, spans) = excerpt(&text, &[(70_001, 70_004)]);
        assert_eq!(shown(&e, &spans[0]), "TBD");
        assert!(e.text.starts_with('…') && e.text.ends_with("…\n"), "{}", e.text);
        assert_eq!(e.text.chars().count(), MAX_LINE_CHARS + 3);
        let header = e.read_span(&spans[0], 0, 0).unwrap();
        assert_eq!((header.line(), header.column()), (0, 70_001));
    }

    #[test]
    fn controls_are_escaped_and_labels_follow() {
        let text = "a\u{1b}[31mb TBD\u{7}\r\nnext\r\n";
        let (e, spans) = excerpt(text, &[(8, 12)]);
        assert_eq!(e.text, "a\\u{1b}[31mb TBD\\u{7}\r\nnext\r\n");
        assert_eq!(shown(&e, &spans[0]), "TBD\\u{7}");
        assert_eq!(e.read_span(&spans[0], 0, 0).unwrap().column(), 8);
    }

    #[test]
    fn long_labels_are_shown_over_their_first_lines() {
        let text = "line\n".repeat(1000);
        let (e, spans) = excerpt(&text, &[(0, text.len())]);
        assert_eq!(shown(&e, &spans[0]).lines().count(), MAX_LABEL_LINES);
        assert!(e.text.lines().count() <= MAX_LABEL_LINES + 1);
    }

    #[test]
    fn far_apart_labels_keep_their_line_numbers_without_copying_between() {
        let text = "filler line\n".repeat(5000);
        let (e, spans) = excerpt(&text, &[(12, 18), (4000 * 12, 4000 * 12 + 6)]);
        assert!(e.text.len() < 10_000, "{} bytes", e.text.len());
        assert_eq!(e.read_span(&spans[1], 0, 0).unwrap().line(), 4000);
        assert_eq!(shown(&e, &spans[1]), "filler");
    }
}
