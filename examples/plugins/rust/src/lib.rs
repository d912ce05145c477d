//! A pirlint rule plugin in Rust (`wasm32-wasip2`): `example/filler-word`.
//!
//! Build with `pirlint plugin build .` (`cargo build --release --target
//! wasm32-wasip2`, then the component is copied to `plugin.wasm`); test with
//! `pirlint plugin test plugin.wasm fixtures/`.
//!
//! A rule is a type (the SDK's "rules as types"): `rule!` declares it, and
//! its doc comment is the documentation `pirlint explain` shows; `impl Rule`
//! gives its id, summary, default severity, options (a serde struct whose
//! JSON Schema is derived, defaults in its `Default` impl alone) and
//! `check`. `plugin!` lists the plugin's rules and writes the rest: the
//! `describe` answer, the dispatch to each enabled rule with its options
//! parsed, and a test (`cargo test`) that the documentation has its parts
//! and the schema's defaults are `Default`'s. Another rule is another
//! `rule!` and `impl Rule`, added to the list.
//!
//! Spans are UTF-8 byte offsets into the report's source; a Rust `&str` is
//! indexed by bytes already, so the search runs over `source.as_bytes()`
//! and its indexes are the offsets pirlint wants.

use pirlint_plugin_sdk::prelude::*;

rule! {
    /// Flags filler words in prose: the words of the option `words`
    /// ("basically", "simply" and "just" unless set), matched as written,
    /// whole words only, in prose (not in code, quotes or front matter).
    ///
    /// ## Why it matters
    ///
    /// A post-incident report is read under time pressure, and by people
    /// outside the team that wrote it (the Google SRE book, ch. 15,
    /// "Postmortem Culture", asks for postmortems to be shared widely).
    /// Words such as "basically" or "simply" add nothing a reader needs, and
    /// "simply" makes a hard step sound easy.
    ///
    /// ## How to fix
    ///
    /// Delete the word (the safe fix does, with the space after it), or say
    /// precisely what you mean. "We simply restarted the resolver." becomes:
    ///
    /// ```markdown
    /// We restarted the resolver.
    /// ```
    ///
    /// ## Options
    ///
    /// - `words` (list of strings, default
    ///   `["basically", "simply", "just"]`): the words to flag, matched as
    ///   written (case-sensitive), whole words only.
    ///
    /// ```toml
    /// [rules."example/filler-word"]
    /// words = ["basically", "simply", "just", "obviously"]
    /// ```
    pub struct FillerWord;
}

/// The options of `example/filler-word`.
#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct FillerWordOptions {
    /// The words to flag, matched as written (case-sensitive), whole words only.
    #[schemars(inner(length(min = 1)))]
    pub words: Vec<String>,
}

impl Default for FillerWordOptions {
    fn default() -> Self {
        FillerWordOptions { words: ["basically", "simply", "just"].map(String::from).to_vec() }
    }
}

impl Rule for FillerWord {
    const ID: &'static str = "example/filler-word";
    const SUMMARY: &'static str = "Flags filler words in prose";
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    const FIXABLE: bool = true;
    type Options = FillerWordOptions;

    fn check(cx: &Context<'_>, options: &FillerWordOptions) -> Vec<Diagnostic> {
        let src = cx.source().as_bytes(); // indexes are byte offsets
        let mut out = Vec::new();
        for run in cx.prose() {
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
                    let mut d = Diagnostic::new(Self::ID, Span::from_range(i..j), format!("\u{201c}{word}\u{201d} is a filler word"))
                        .label("filler word");
                    if let Some(section) = run.section.and_then(|s| cx.report.sections.get(s as usize)) {
                        d = d.secondary(section.heading_span, "in this section");
                    }
                    out.push(
                        d.help("It adds nothing a reader needs: delete it, or say precisely what you mean.")
                            .fix(Fix::safe(format!("delete \u{201c}{word}\u{201d}"), vec![Edit::new(cut, "")])),
                    );
                }
            }
        }
        out
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

pirlint_plugin_sdk::plugin!("example", [FillerWord]);
