//! A pirlint rule plugin in Rust (`wasm32-wasip2`): `{{name}}/filler-word`.
//!
//! Build with `pirlint plugin build .` (`cargo build --release --target
//! wasm32-wasip2`, then the component is copied to `plugin.wasm`); test with
//! `pirlint plugin test plugin.wasm fixtures/`.
//!
//! Spans are UTF-8 byte offsets into the report's source; a Rust `&str` is
//! indexed by bytes already, so the search runs over `source.as_bytes()`
//! and its indexes are the offsets pirlint wants.

use pirlint_plugin_sdk::prelude::*;

const PLUGIN: &str = "{{name}}";
const RULE: &str = concat!("{{name}}", "/filler-word");
const DEFAULT_WORDS: [&str; 3] = ["basically", "simply", "just"];
const OPTIONS_SCHEMA: &str = concat!(
    r#"{"type":"object","properties":{"words":{"type":"array","items":"#,
    r#"{"type":"string","minLength":1},"default":["basically","simply","just"],"#,
    r#""description":"The words to flag, matched as written (case-sensitive), whole words only."}},"#,
    r#""additionalProperties":false}"#
);
const DOCUMENTATION: &str = r#"Flags filler words in prose.

**Why:** a post-incident report is read under time pressure; words such as
"basically" or "simply" add nothing a reader needs, and "simply" makes a hard
step sound easy.

**Fix:** delete the word (the safe fix does, with the space after it), or say
precisely what you mean.

**Options:** `words` — the words to flag (default `["basically", "simply", "just"]`),
matched as written, whole words only, in prose (not in code, quotes or front matter).
"#;

#[derive(serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Options {
    words: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options { words: DEFAULT_WORDS.iter().map(|w| w.to_string()).collect() }
    }
}

/// A byte that continues a word: ASCII letters, digits, `_`, and every byte
/// of a non-ASCII character (so `justé` is one word).
fn is_word_byte(b: u8) -> bool {
    b >= 0x80 || b == b'_' || b.is_ascii_alphanumeric()
}

/// Byte ranges of `word` as a whole word inside `src[start..end]`.
fn find_words(src: &[u8], start: usize, end: usize, word: &[u8]) -> Vec<(usize, usize)> {
    let mut hits = Vec::new();
    let mut pos = start;
    while pos + word.len() <= end {
        let Some(k) = src[pos..end].windows(word.len()).position(|w| w == word) else { break };
        let (i, j) = (pos + k, pos + k + word.len());
        if (i == start || !is_word_byte(src[i - 1])) && (j == end || !is_word_byte(src[j])) {
            hits.push((i, j));
            pos = j;
        } else {
            pos = i + 1;
        }
    }
    hits
}

struct FillerWord;

impl Plugin for FillerWord {
    fn describe() -> PluginInfo {
        PluginInfo::new(
            PLUGIN,
            env!("CARGO_PKG_VERSION"),
            vec![RuleInfo::new(RULE, "Flags filler words in prose", Severity::Warning, DOCUMENTATION, OPTIONS_SCHEMA)],
        )
    }

    fn check(report: Report, source: String, rules: Vec<RuleConfig>, _: CheckContext) -> Result<Vec<Diagnostic>, String> {
        let Some(config) = enabled(&rules, RULE) else { return Ok(Vec::new()) };
        let options: Options = options(config)?;
        let src = source.as_bytes(); // indexes are byte offsets
        let mut out = Vec::new();
        for run in model::prose_runs(&report) {
            let (start, end) = (run.span.start as usize, run.span.end as usize);
            for word in options.words.iter().filter(|w| !w.is_empty()) {
                for (i, j) in find_words(src, start, end, word.as_bytes()) {
                    // Delete the word and the space after it (else before it).
                    let cut = if j < end && src[j] == b' ' {
                        Span::from_range(i..j + 1)
                    } else if i > start && src[i - 1] == b' ' {
                        Span::from_range(i - 1..j)
                    } else {
                        Span::from_range(i..j)
                    };
                    let mut d = Diagnostic::new(RULE, Span::from_range(i..j), format!("\u{201c}{word}\u{201d} is a filler word"))
                        .label("filler word");
                    if let Some(section) = run.section.and_then(|s| report.sections.get(s as usize)) {
                        d = d.secondary(section.heading_span, "in this section");
                    }
                    out.push(
                        d.help("It adds nothing a reader needs: delete it, or say precisely what you mean.")
                            .fix(Fix::safe(format!("delete \u{201c}{word}\u{201d}"), vec![Edit::new(cut, "")])),
                    );
                }
            }
        }
        Ok(out)
    }
}

pirlint_plugin_sdk::export!(FillerWord);
