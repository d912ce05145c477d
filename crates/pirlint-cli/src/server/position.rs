//! pirlint's UTF-8 byte spans to LSP positions and back, in the encoding
//! negotiated with the client: UTF-8 when the client offers it (no
//! conversion beyond lines), else UTF-16 (the protocol's default).

use lsp_types::{Position, PositionEncodingKind, Range};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// Picks UTF-8 when the client lists it (it costs nothing to convert),
    /// else UTF-16, which every client must accept.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

/// The start of every line of one text, built once per version of it.
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    encoding: Encoding,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str, encoding: Encoding) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, line_starts, encoding }
    }

    /// The position of a byte offset (clamped to the text and moved back to a
    /// character boundary, so a stale span never panics).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let prefix = &self.text[self.line_starts[line]..offset];
        let character = match self.encoding {
            Encoding::Utf8 => prefix.len(),
            Encoding::Utf16 => prefix.chars().map(char::len_utf16).sum(),
        };
        Position { line: line as u32, character: character as u32 }
    }

    pub fn range(&self, start: usize, end: usize) -> Range {
        Range { start: self.position(start), end: self.position(end) }
    }

    /// The byte offset of a position. Past the end of a line means its end
    /// (the protocol's rule); inside a character, its start; past the last
    /// line, the end of the text.
    pub fn offset(&self, position: Position) -> usize {
        let Some(&start) = self.line_starts.get(position.line as usize) else {
            return self.text.len();
        };
        let end = self.line_starts.get(position.line as usize + 1).map_or(self.text.len(), |&next| next - 1);
        let line = &self.text[start..end];
        let wanted = position.character as usize;
        let mut units = 0;
        for (i, c) in line.char_indices() {
            if units >= wanted {
                return start + i;
            }
            units += match self.encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
            if units > wanted {
                return start + i;
            }
        }
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# Title\naé😀 x\r\nlast";

    #[test]
    fn utf16_counts_surrogate_pairs_as_two_units() {
        let idx = LineIndex::new(TEXT, Encoding::Utf16);
        let x = TEXT.find('x').unwrap();
        // "aé😀 " is 1 + 1 + 2 + 1 UTF-16 units (and 1 + 2 + 4 + 1 bytes).
        assert_eq!(idx.position(x), Position { line: 1, character: 5 });
        assert_eq!(idx.offset(Position { line: 1, character: 5 }), x);
        assert_eq!(idx.position(0), Position { line: 0, character: 0 });
        assert_eq!(idx.position(TEXT.len()), Position { line: 2, character: 4 });
    }

    #[test]
    fn utf8_counts_bytes() {
        let idx = LineIndex::new(TEXT, Encoding::Utf8);
        let x = TEXT.find('x').unwrap();
        assert_eq!(idx.position(x), Position { line: 1, character: 8 });
        assert_eq!(idx.offset(Position { line: 1, character: 8 }), x);
    }

    #[test]
    fn offsets_round_trip_on_every_char_boundary() {
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            let idx = LineIndex::new(TEXT, encoding);
            for (i, _) in TEXT.char_indices() {
                assert_eq!(idx.offset(idx.position(i)), i, "{encoding:?} at {i}");
            }
        }
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let idx = LineIndex::new(TEXT, Encoding::Utf16);
        // Past the end of line 0: the end of that line, before its newline.
        assert_eq!(idx.offset(Position { line: 0, character: 99 }), 7);
        assert_eq!(idx.offset(Position { line: 9, character: 0 }), TEXT.len());
        // Inside the emoji's surrogate pair: its start.
        let emoji = TEXT.find('😀').unwrap();
        assert_eq!(idx.offset(Position { line: 1, character: 3 }), emoji);
        // A span ending inside a character moves back to its start.
        assert_eq!(idx.position(emoji + 1), idx.position(emoji));
    }

    #[test]
    fn utf8_is_chosen_only_when_offered() {
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(Encoding::negotiate(Some(&[PositionEncodingKind::UTF16])), Encoding::Utf16);
        let both = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(Encoding::negotiate(Some(&both)), Encoding::Utf8);
    }
}
