//! Tokens of one prose run, with byte offsets into the report's source.
//!
//! The rules need more than phrase search: who the subject of "failed to"
//! is, whether a phrase is negated, which sentence a name is in. A tiny
//! tokenizer (words and punctuation) is enough for that and keeps the plugin
//! free of a regex engine.

use std::borrow::Cow;

use pirlint_plugin_sdk::text;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    Word,
    Punct(char),
}

#[derive(Clone, Debug)]
pub struct Tok<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    /// Lower-cased text with a curly apostrophe folded to `'`.
    pub lower: Cow<'a, str>,
    pub kind: Kind,
    /// Inside double quotes or backticks within the run: someone else's
    /// words (a chat line, an error message), never flagged.
    pub quoted: bool,
}

impl<'a> Tok<'a> {
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }

    pub fn l(&self) -> &str {
        &self.lower
    }

    /// The text with a curly apostrophe folded to `'` (case kept). Needed
    /// only once a word's lower-case form matched, so not kept per token.
    pub fn norm(&self) -> Cow<'a, str> {
        match self.kind {
            Kind::Word => fold(self.text, false),
            Kind::Punct(_) => Cow::Borrowed(self.text),
        }
    }

    /// The word without a possessive `'s` (`Dave's` → `Dave`).
    pub fn base(&self) -> &'a str {
        for suffix in ["'s", "’s", "'S"] {
            if let Some(b) = self.text.strip_suffix(suffix) {
                if !b.is_empty() {
                    return b;
                }
            }
        }
        self.text
    }

    pub fn is_possessive(&self) -> bool {
        self.base().len() != self.text.len()
            || (self.lower.ends_with("s'") && self.lower.len() > 2)
    }

    /// Separates clauses: sentence ends and `, ; : ( ) — –` and quotes.
    pub fn ends_clause(&self) -> bool {
        matches!(
            self.kind,
            Kind::Punct(
                '.' | '!' | '?' | ';' | ':' | ',' | '(' | ')' | '—' | '–' | '"' | '“' | '”' | '`'
            )
        )
    }
}

fn joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '.')
}

// Byte classes for the tokenizer. Almost all prose is ASCII; a table look-up
// per byte keeps the common path free of char decoding and Unicode tables,
// and the flags a word collects tell how it must be case-folded.
const WS: u8 = 1;
const WORD: u8 = 2;
const UPPER: u8 = 4;
/// Not ASCII: decode the char and ask Unicode.
const HIGH: u8 = 8;

static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = if b >= 0x80 {
            HIGH
        } else if matches!(b, b' ' | 0x09..=0x0d) {
            WS
        } else if b.is_ascii_uppercase() {
            WORD | UPPER
        } else if b.is_ascii_alphanumeric() || b == b'_' {
            WORD
        } else {
            0
        };
        i += 1;
    }
    t
};

/// `text::is_word_char`, answered from the table for ASCII.
#[inline]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        CLASS[c as usize] & WORD != 0
    } else {
        text::is_word_char(c)
    }
}

/// The character starting at byte `i` of `s` (a char boundary), if any.
#[inline]
fn char_at(s: &str, i: usize) -> Option<char> {
    match s.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => Some(b as char),
        Some(_) => s[i..].chars().next(),
        None => None,
    }
}

/// The end of the word starting at `off` (a word char), and the classes of
/// its bytes or-ed together.
fn word_end(s: &str, off: usize) -> (usize, u8) {
    let b = s.as_bytes();
    let mut e = off;
    let mut seen = 0;
    loop {
        while let Some(&x) = b.get(e) {
            let c = CLASS[usize::from(x)];
            if c & WORD == 0 {
                break;
            }
            seen |= c;
            e += 1;
        }
        // A word char outside ASCII, or a joiner with a word char after it.
        match char_at(s, e) {
            Some(cj) if !cj.is_ascii() && text::is_word_char(cj) => {}
            Some(cj) if joiner(cj) && char_at(s, e + cj.len_utf8()).is_some_and(is_word_char) => {}
            _ => return (e, seen),
        }
        seen |= CLASS[usize::from(b[e])];
        e += char_at(s, e).map_or(1, char::len_utf8);
    }
}

fn fold(t: &str, lower: bool) -> Cow<'_, str> {
    let curly = t.contains('’');
    let upper = lower && t.chars().any(|c| !c.is_lowercase() && c.to_lowercase().next() != Some(c));
    match (curly, upper) {
        (false, false) => Cow::Borrowed(t),
        _ => {
            let s = if lower { t.to_lowercase() } else { t.to_string() };
            Cow::Owned(s.replace('’', "'"))
        }
    }
}

/// The lower-case form of a word whose bytes have the classes `seen`. An
/// ASCII word has no curly apostrophe and lower-cases byte by byte; the
/// Unicode path (a substring search for `’`, a case table look-up per char)
/// is only for the others.
fn lower(t: &str, seen: u8) -> Cow<'_, str> {
    match seen {
        _ if seen & HIGH != 0 => fold(t, true),
        _ if seen & UPPER != 0 => Cow::Owned(t.to_ascii_lowercase()),
        _ => Cow::Borrowed(t),
    }
}

/// Tokenizes `[start, end)` of `source`.
pub fn tokenize(source: &str, start: usize, end: usize) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    tokenize_into(source, start, end, &mut out);
    out
}

/// Tokenizes `[start, end)` of `source` into `out`, replacing what it held:
/// a caller with many runs keeps one buffer instead of allocating a large
/// one per run.
pub fn tokenize_into<'a>(source: &'a str, start: usize, end: usize, out: &mut Vec<Tok<'a>>) {
    out.clear();
    let s = source.get(start..end).unwrap_or("");
    // Prose averages a token every five or six bytes.
    out.reserve(s.len() / 5 + 1);
    let mut quote_open: Option<char> = None;
    let mut off = 0;
    while let Some(&b) = s.as_bytes().get(off) {
        let class = CLASS[usize::from(b)];
        if class & WS != 0 {
            off += 1;
            continue;
        }
        let c = if class & HIGH != 0 {
            let c = s[off..].chars().next().unwrap_or_default();
            if c.is_whitespace() {
                off += c.len_utf8();
                continue;
            }
            c
        } else {
            char::from(b)
        };
        if class & WORD != 0 || (class & HIGH != 0 && text::is_word_char(c)) {
            let (e, seen) = word_end(s, off);
            let t = &s[off..e];
            out.push(Tok {
                start: start + off,
                end: start + e,
                text: t,
                lower: lower(t, seen),
                kind: Kind::Word,
                quoted: quote_open.is_some(),
            });
            off = e;
            continue;
        }
        // A `.` inside a number or a name was joined above; here it is
        // punctuation. Abbreviations such as "e.g." would end a sentence
        // too early, which only makes the scope of a check smaller.
        let tok_quoted = quote_open.is_some();
        match (quote_open, c) {
            (None, '"' | '“' | '`') => quote_open = Some(c),
            (Some('"'), '"') | (Some('“'), '”') | (Some('`'), '`') => quote_open = None,
            _ => {}
        }
        let t = &s[off..off + c.len_utf8()];
        out.push(Tok {
            start: start + off,
            end: start + off + c.len_utf8(),
            text: t,
            lower: Cow::Borrowed(t),
            kind: Kind::Punct(c),
            quoted: tok_quoted,
        });
        off += c.len_utf8();
    }
    // Words after an unmatched opening quote were marked quoted while it was
    // open; a stray quote must not hide the rest of the run, so unmark them.
    if let Some(open) = quote_open {
        let from = out
            .iter()
            .rposition(|t| t.kind == Kind::Punct(open))
            .unwrap_or(0);
        for t in &mut out[from..] {
            t.quoted = false;
        }
    }
}

/// Whether token `i` starts a sentence (so a capital letter is expected).
pub fn at_sentence_start(toks: &[Tok], i: usize) -> bool {
    i == 0
        || matches!(
            toks[i - 1].kind,
            Kind::Punct('.' | '!' | '?' | ':' | '-' | '*' | '"' | '“' | '(' | '|' | '>')
        )
}

/// Whether `found` (as written) may stand for the lower-case phrase word
/// `want`: exactly, or capitalized at the start of a sentence.
pub fn case_ok(found: &str, want: &str, sentence_start: bool) -> bool {
    if found == want {
        return true;
    }
    if !sentence_start {
        return false;
    }
    let (mut f, mut w) = (found.chars(), want.chars());
    match (f.next(), w.next()) {
        (Some(fc), Some(wc)) => {
            fc.is_uppercase() && fc.to_lowercase().eq(std::iter::once(wc)) && f.as_str() == w.as_str()
        }
        _ => false,
    }
}

/// Splits a phrase into the lower-case words the tokenizer would produce.
pub fn phrase_words(phrase: &str) -> Vec<String> {
    tokenize(phrase, 0, phrase.len())
        .into_iter()
        .filter(Tok::is_word)
        .map(|t| t.lower.into_owned())
        .collect()
}

/// Whether `words` match the word tokens starting at `i` (consecutive, no
/// punctuation between). Returns the index one past the match.
pub fn match_words<S: AsRef<str>>(toks: &[Tok], i: usize, words: &[S]) -> Option<usize> {
    if words.is_empty() {
        return None;
    }
    let start_ok = at_sentence_start(toks, i);
    for (k, w) in words.iter().enumerate() {
        let w = w.as_ref();
        let t = toks.get(i + k)?;
        if !t.is_word() || t.quoted {
            return None;
        }
        if t.lower != *w || !case_ok(&t.norm(), w, start_ok && k == 0) {
            return None;
        }
    }
    Some(i + words.len())
}

/// Word tokens before `i` in the same clause, nearest first.
pub fn clause_before<'t, 'a>(toks: &'t [Tok<'a>], i: usize) -> impl Iterator<Item = (usize, &'t Tok<'a>)> {
    toks[..i]
        .iter()
        .enumerate()
        .rev()
        .take_while(|(_, t)| !t.ends_clause())
        .filter(|(_, t)| t.is_word())
}

/// A past participle, as after "should have": "been", a regular `-ed`
/// form, or a common irregular one.
pub fn is_participle(w: &str) -> bool {
    const IRREGULAR: &[&str] = &[
        "been", "known", "seen", "done", "gone", "caught", "taken", "made", "got", "gotten",
        "run", "put", "set", "let", "told", "thought", "kept", "left", "brought", "built", "sent",
        "spent", "understood", "found", "read", "written", "spoken", "given", "held", "hit",
        "shut", "stopped", "paid", "begun", "drawn", "chosen", "woken", "withdrawn", "undone",
        "rolled", "split", "sought", "taught", "won", "felt", "heard", "meant", "led", "spun",
    ];
    (w.len() >= 4 && w.ends_with("ed")) || IRREGULAR.contains(&w)
}

/// "-ly" adverbs that may sit between an auxiliary and its verb.
pub fn is_ly_adverb(w: &str) -> bool {
    w.len() > 4 && w.ends_with("ly") && !matches!(w, "apply" | "reply" | "supply" | "family")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<(String, bool)> {
        tokenize(s, 0, s.len())
            .into_iter()
            .filter(Tok::is_word)
            .map(|t| (t.text.to_string(), t.quoted))
            .collect()
    }

    #[test]
    fn joins_apostrophes_hyphens_and_numbers() {
        let w: Vec<String> = words("Dave's on-call didn't 10.0.0.1 end.").into_iter().map(|x| x.0).collect();
        assert_eq!(w, ["Dave's", "on-call", "didn't", "10.0.0.1", "end"]);
    }

    #[test]
    fn quotes_and_stray_quotes() {
        let w = words("he said \"should have\" then `x` and \"open");
        assert_eq!(
            w,
            [
                ("he".into(), false),
                ("said".into(), false),
                ("should".into(), true),
                ("have".into(), true),
                ("then".into(), false),
                ("x".into(), true),
                ("and".into(), false),
                ("open".into(), false),
            ]
        );
    }

    /// The tokenizer as first written (char by char, Unicode case folding
    /// for every word): the table-driven one must split and fold alike.
    fn reference(source: &str) -> Vec<(usize, usize, String, String, Kind, bool)> {
        fn fold(t: &str, lower: bool) -> String {
            let s = if lower { t.to_lowercase() } else { t.to_string() };
            s.replace('’', "'")
        }
        let s = source;
        let mut out = Vec::new();
        let mut it = s.char_indices().peekable();
        let mut quote_open: Option<char> = None;
        while let Some((off, c)) = it.next() {
            if c.is_whitespace() {
                continue;
            }
            if text::is_word_char(c) {
                let mut e = off + c.len_utf8();
                loop {
                    let mut cs = s[e..].chars();
                    match cs.next() {
                        Some(cj) if text::is_word_char(cj) => e += cj.len_utf8(),
                        Some(cj) if joiner(cj) && cs.next().is_some_and(text::is_word_char) => {
                            e += cj.len_utf8()
                        }
                        _ => break,
                    }
                }
                while it.peek().is_some_and(|&(o, _)| o < e) {
                    it.next();
                }
                let t = &s[off..e];
                out.push((off, e, fold(t, true), fold(t, false), Kind::Word, quote_open.is_some()));
                continue;
            }
            let q = quote_open.is_some();
            match (quote_open, c) {
                (None, '"' | '“' | '`') => quote_open = Some(c),
                (Some('"'), '"') | (Some('“'), '”') | (Some('`'), '`') => quote_open = None,
                _ => {}
            }
            let t = &s[off..off + c.len_utf8()];
            out.push((off, off + c.len_utf8(), t.to_string(), t.to_string(), Kind::Punct(c), q));
        }
        if let Some(open) = quote_open {
            let from = out.iter().rposition(|t| t.4 == Kind::Punct(open)).unwrap_or(0);
            for t in &mut out[from..] {
                t.5 = false;
            }
        }
        out
    }

    #[test]
    fn same_tokens_as_the_reference() {
        for s in [
            "Dave's on-call didn't 10.0.0.1 end. e.g. x_y -a- 'quoted' a--b a..b",
            "Straße ÉCOLE Ünïcode naïve café’s O’Brien’S SHOULD’VE Should’ve \u{212A}elvin ΣΑΣ",
            "tab\tnl\nvt\u{b}ff\u{c}cr\r nbsp\u{a0}word em\u{2003}space — – “curly” ‘single’ `code` \"open",
            "ＦＵＬＬ width ＡＢＣ, ǅemal, İstanbul, ﬁne, 中文字, emoji 🎉 end…",
            "x-’y a’-b 3.14.15 end.- -start ‘ ’ ' ",
            "",
        ] {
            let got: Vec<_> = tokenize(s, 0, s.len())
                .into_iter()
                .map(|t| {
                    let norm = t.norm().into_owned();
                    (t.start, t.end, t.lower.into_owned(), norm, t.kind, t.quoted)
                })
                .collect();
            assert_eq!(got, reference(s), "{s:?}");
        }
    }

    #[test]
    fn case_rules() {
        assert!(case_ok("human", "human", false));
        assert!(case_ok("Human", "human", true));
        assert!(!case_ok("Human", "human", false));
        assert!(!case_ok("HUMAN", "human", true));
    }
}
