//! Untrusted text — report contents, file names, plugin messages and rule
//! documentation — made safe for each kind of output, one function per kind:
//! [`terminal`] for whatever a terminal or a CI log viewer shows, [`markdown`]
//! and [`markdown_code_cell`] for text placed in a Markdown document. (JSON
//! and SARIF are escaped by serde_json, XML and HTML by their renderers, which
//! apply [`terminal`] first.)

use std::borrow::Cow;

/// Whether a terminal may act on `c` instead of showing it: the C0 and C1
/// controls and DEL (ESC opens CSI and OSC sequences, BEL rings, CR returns
/// over the line, U+009B is CSI in one character), and the bidirectional
/// embeddings, overrides and isolates that reorder what is displayed
/// (CVE-2021-42574). Line feed and tab are text.
pub fn acts_on_terminal(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every character a terminal would act on written as its
/// visible escape (`\u{1b}`), so a reader still sees that it was there. A
/// carriage return that ends a line (`\r\n`) is kept: it can hide nothing.
pub fn terminal(text: &str) -> Cow<'_, str> {
    if !text.contains(acts_on_terminal) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if acts_on_terminal(c) && !(c == '\r' && chars.peek() == Some(&'\n')) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `text` for one line of a Markdown document (a table cell, or within a
/// paragraph), shown as written and never as markup or HTML.
///
/// Controls are escaped as by [`terminal`] and line breaks become spaces (a
/// table row is one line). A backslash goes before each ASCII punctuation
/// character that can open or close inline markup — CommonMark lets any ASCII
/// punctuation be escaped so (§2.4), and escapes are honored everywhere
/// outside code: `\` itself, emphasis and strikethrough `*` `_` `~`, code
/// `` ` ``, links and images `[` `]`, GitHub's math `$`, table cells `|`,
/// and `<` and `&` where they could begin a tag, an autolink or an entity
/// (anything but a space after them). No block markup can start, as the text
/// never begins a line of the document.
pub fn markdown(text: &str) -> String {
    let safe = terminal(text);
    let mut out = String::with_capacity(safe.len() + 8);
    let mut chars = safe.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push(' '),
            // Only left by `terminal` before a line feed.
            '\r' => {}
            '\\' | '`' | '*' | '_' | '~' | '[' | ']' | '$' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '<' | '&' if chars.peek().is_some_and(|next| !next.is_whitespace()) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// `text` as one code span in a cell of a GitHub-flavored Markdown table.
///
/// A code span ends at the first run of as many backticks as opened it
/// (CommonMark §6.1), so the fence is one backtick longer than the longest
/// run in `text`, with a space inside each end when `text` starts or ends
/// with a backtick (or a space, which the parser would strip). `|` is escaped:
/// GFM splits cells before it sees code spans, and drops that backslash
/// inside them. Controls as by [`terminal`]; line breaks become spaces.
pub fn markdown_code_cell(text: &str) -> String {
    let safe = terminal(text).replace("\r\n", " ").replace('\n', " ");
    let mut longest = 0;
    let mut run = 0;
    for c in safe.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if safe.starts_with(['`', ' ']) || safe.ends_with(['`', ' ']) { " " } else { "" };
    format!("{fence}{pad}{}{pad}{fence}", safe.replace('|', "\\|"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_controls_become_visible_escapes() {
        assert_eq!(terminal("a\u{1b}]0;x\u{7}b\rc\n\tc\u{9b}2J\u{7f}"), "a\\u{1b}]0;x\\u{7}b\\u{d}c\n\tc\\u{9b}2J\\u{7f}");
        assert_eq!(terminal("crlf\r\nkept\r\n\u{7}"), "crlf\r\nkept\r\n\\u{7}");
        assert_eq!(terminal("left \u{202e}right\u{2066}"), "left \\u{202e}right\\u{2066}");
        assert!(matches!(terminal("plain — ünïcödé, 中文, 👩‍💻"), Cow::Borrowed(_)));
    }

    #[test]
    fn markdown_text_is_never_markup() {
        assert_eq!(markdown("<script>alert(1)</script>"), "\\<script>alert(1)\\</script>");
        assert_eq!(markdown("&lt; and [a](http://x) *b* _c_ `d` ~e~ $f$ g|h \\"), "\\&lt; and \\[a\\](http://x) \\*b\\* \\_c\\_ \\`d\\` \\~e\\~ \\$f\\$ g\\|h \\\\");
        assert_eq!(markdown("a\nb\u{1b}[31m\r\nc"), "a b\\\\u{1b}\\[31m c");
        // What cannot start markup is left as it is.
        assert_eq!(markdown("< 1 h & more: 50% (done)."), "< 1 h & more: 50% (done).");
    }

    #[test]
    fn code_cells_outlast_every_backtick_run() {
        assert_eq!(markdown_code_cell("reports/a.md:3:1"), "`reports/a.md:3:1`");
        assert_eq!(markdown_code_cell("a``b`c.md"), "```a``b`c.md```");
        assert_eq!(markdown_code_cell("`x`"), "`` `x` ``");
        assert_eq!(markdown_code_cell("a|b\nc\u{7}\r\nd"), "`a\\|b c\\u{7} d`");
    }
}
