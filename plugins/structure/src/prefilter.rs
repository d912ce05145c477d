//! Where a placeholder marker may start. The exact search (the SDK's
//! `PhraseSet` and `template_markers`, some 45 instructions a byte) ran over
//! every prose run, table cell and field, and markers are rare: one cheaper
//! pass over the source now lists the offsets where one may start, and only
//! the spans holding such an offset are searched.
//!
//! The offsets are a necessary condition. A match of a phrase starts at a
//! byte `PhraseSet` takes as a candidate, and its first bytes are those of
//! the phrase's leading ASCII characters (either case when
//! case-insensitive); after a whitespace or non-ASCII character of the
//! phrase, or a non-ASCII byte of the text, nothing is ruled out. Template
//! markers start at `{{`, `[` or `<`.

use pirlint_plugin_sdk::text::Case;

/// Bytes looked at from a candidate position ("20x" tells `20xx-MM-DD`
/// from the many dates in a report).
const DEPTH: usize = 3;

pub struct Prefilter {
    /// `masks[j][b]`: bit k set when marker k may have the ASCII byte `b`
    /// at offset `j` of a match.
    masks: [[u64; 128]; DEPTH],
    /// Whether a match may start at a byte: `masks[0]` is not zero for it,
    /// or it starts a non-ASCII character and `folded_firsts` is not empty.
    starts: [bool; 256],
    /// Lowercased first characters of the case-insensitive phrases: a
    /// non-ASCII character folding to one of them may start a match.
    folded_firsts: Vec<char>,
    /// A marker the masks cannot describe (a non-ASCII first character, or
    /// more than 64 markers): every span is searched.
    always: bool,
    /// The first two bytes as one test for the scan's tight loop:
    /// `pair_first[b0] & pair_second[b1]` is not zero where a marker may
    /// start at `b0`. A byte that starts a non-ASCII character may fold to
    /// a first letter (all bits, when `folded_firsts` is not empty); a
    /// non-ASCII second byte cannot be told apart (all bits).
    pair_first: [u64; 256],
    pair_second: [u64; 256],
}

impl Prefilter {
    /// `phrases` as given to `PhraseSet::new`; the template markers
    /// (`{{`, `[`, `<`) are added here.
    pub fn new(phrases: &[(&str, Case)]) -> Self {
        let mut f = Prefilter {
            masks: [[0; 128]; DEPTH],
            starts: [false; 256],
            folded_firsts: Vec::new(),
            always: false,
            pair_first: [0; 256],
            pair_second: [!0; 256],
        };
        let templates = [("{{", Case::Sensitive), ("[", Case::Sensitive), ("<", Case::Sensitive)];
        let all: Vec<(&str, Case)> = phrases.iter().copied().chain(templates).collect();
        if all.len() > 64 {
            f.always = true;
            return f;
        }
        for (k, (phrase, case)) in all.into_iter().enumerate() {
            let bit = 1u64 << k;
            let chars: Vec<char> = phrase.trim().chars().collect();
            let Some(&first) = chars.first() else {
                continue; // never matches
            };
            if !first.is_ascii() {
                f.always = true;
                return f;
            }
            if case == Case::Insensitive {
                f.folded_firsts.push(first.to_ascii_lowercase());
            }
            let mut fixed = true;
            for (j, mask) in f.masks.iter_mut().enumerate() {
                let c = chars.get(j).copied().unwrap_or(' ');
                fixed &= c.is_ascii() && !c.is_whitespace();
                if !fixed {
                    mask.iter_mut().for_each(|m| *m |= bit);
                    continue;
                }
                mask[c as usize] |= bit;
                if case == Case::Insensitive {
                    mask[c.to_ascii_lowercase() as usize] |= bit;
                    mask[c.to_ascii_uppercase() as usize] |= bit;
                }
            }
        }
        for (b, start) in f.starts.iter_mut().enumerate() {
            *start = if b < 0x80 { f.masks[0][b] != 0 } else { b >= 0xC0 && !f.folded_firsts.is_empty() };
        }
        for b in 0..0x80 {
            f.pair_first[b] = f.masks[0][b];
            f.pair_second[b] = f.masks[1][b];
        }
        for b in 0xC0..0x100 {
            f.pair_first[b] = if f.starts[b] { !0 } else { 0 };
        }
        f
    }

    /// The byte offsets in `s` where a match of a marker may start, in
    /// order; `None` when any may.
    ///
    /// A match inside a span of `s` is a match at the same offset in all of
    /// `s` (the bytes looked at are the same), so a span without any of
    /// these offsets holds no match.
    pub fn starts_in(&self, s: &str) -> Option<Vec<u32>> {
        if self.always {
            return None;
        }
        let b = s.as_bytes();
        let mut out = Vec::new();
        // Skip to the next place where the first two bytes may start a
        // match: the first byte alone (`d`, `m`, `h`, `l`, `y`, ... start
        // markers) stops at one byte in seven of a report, the pair at few.
        // A plain indexed loop: the plugins are built for size, and an
        // iterator adaptor there is a call per byte.
        let (first, second) = (&self.pair_first, &self.pair_second);
        let mut i = 0;
        while i + 1 < b.len() {
            if first[usize::from(b[i])] & second[usize::from(b[i + 1])] != 0 && self.may_start(s, i) {
                out.push(i as u32);
            }
            i += 1;
        }
        // The last byte has no byte after it.
        if let Some(last) = b.len().checked_sub(1) {
            if self.starts[usize::from(b[last])] && self.may_start(s, last) {
                out.push(last as u32);
            }
        }
        Some(out)
    }

    /// Whether a match may start at byte `i` of `s`, one of `starts`.
    fn may_start(&self, s: &str, i: usize) -> bool {
        let b = s.as_bytes();
        let c = b[i];
        if c >= 0x80 {
            return self.folds_to_first(&s[i..]);
        }
        let mut m = self.masks[0][c as usize];
        for (j, mask) in self.masks.iter().enumerate().skip(1) {
            match b.get(i + j) {
                Some(&d) if d < 0x80 => m &= mask[d as usize],
                _ => break, // past the end or non-ASCII: cannot tell
            }
        }
        m != 0
    }

    /// Whether the non-ASCII character starting `s` may match the first
    /// character of a case-insensitive phrase (KELVIN SIGN folds to `k`).
    fn folds_to_first(&self, s: &str) -> bool {
        let Some(c) = s.chars().next() else {
            return false;
        };
        self.folded_firsts.iter().any(|&f| c.to_lowercase().eq(f.to_lowercase()))
    }
}
