//! `structure/placeholder`.

use std::borrow::Cow;
use std::collections::BTreeMap;

use pirlint_plugin_sdk::prelude::*;
use pirlint_plugin_sdk::text::Case;

use crate::prefilter;

const PLACEHOLDER: &str = "structure/placeholder";

rule! {
    /// Finds text left over from a template or a draft:
    ///
    /// - the words `TODO`, `TBD`, `TBA`, `FIXME` and `XXX` (whole words, upper case);
    /// - `lorem ipsum`, `???`, and date templates `YYYY-MM-DD` / `20xx-MM-DD`
    ///   (any case);
    /// - template instructions: `[Insert ...]`, `<insert ...>`, `[Describe ...]`,
    ///   `[Your ...]`, `<placeholder>` and `{{...}}`;
    /// - answers that say nothing: `N/A`, `NA`, `none`, `-` **when they are the whole
    ///   answer**: the entire body of a section, a whole list item, a whole cell of a
    ///   timeline or recommendations table (except a `Phase` column), or a whole
    ///   front-matter value. Inside a sentence they are fine ("the N/A column").
    ///   Empty list items (a bullet with nothing after it) are reported too.
    ///   For `impact` values, `none` is accepted as a real answer.
    ///
    /// It scans prose, section bodies, timeline entries, recommendations and
    /// front-matter values; code (fenced or inline) is not scanned.
    ///
    /// ## Why it matters
    ///
    /// Placeholders are unfinished work. A report that still says `TBD` or
    /// `[Insert root cause]` is not ready for review, and a bare `N/A` does not tell
    /// the reader whether the question was considered. NIST SP 800-61 asks for a
    /// complete follow-up report, and Google's SRE workbook lists "key details
    /// omitted" among the failure modes of bad postmortems.
    ///
    /// ## How to fix
    ///
    /// Replace the placeholder with the actual content, or delete it. Instead of
    /// `N/A`, write why the item does not apply ("No data was exfiltrated: egress
    /// logs show no transfers from the host"). To accept a phrase your team uses
    /// deliberately, add it to `allow`.
    ///
    /// ## Options
    ///
    /// - `extra` (list of strings, default `[]`): more phrases to flag, matched as
    ///   whole words, case-insensitively (e.g. `["to be confirmed", "WIP"]`).
    /// - `allow` (list of strings, default `[]`): phrases never to flag, compared
    ///   case-insensitively with the text found (e.g. `["N/A", "XXX"]`).
    ///
    /// ## Example
    ///
    /// ```markdown
    /// ## Root cause
    ///
    /// TBD
    ///
    /// ## Action items
    ///
    /// - [Insert action item]
    /// -
    /// ```
    ///
    /// reports `placeholder `TBD``, `placeholder `[Insert action item]`` and `empty list item`.
    pub struct Placeholder;
}

impl Rule for Placeholder {
    const ID: &'static str = "structure/placeholder";
    const SUMMARY: &'static str = "Template placeholders (TODO, TBD, [Insert ...], N/A as a whole answer) left in the report";
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    type Options = PlaceholderOptions;

    fn check(cx: &Context<'_>, opts: &PlaceholderOptions) -> Vec<Diagnostic> {
        placeholders(cx, opts)
    }
}

#[derive(Deserialize, Serialize, JsonSchema, Default)]
#[serde(default, deny_unknown_fields)]
pub struct PlaceholderOptions {
    /// More phrases to flag (whole words, case-insensitive).
    #[schemars(inner(length(min = 1)))]
    pub extra: Vec<String>,
    /// Phrases never to flag (case-insensitive).
    #[schemars(inner(length(min = 1)))]
    pub allow: Vec<String>,
}

impl PlaceholderOptions {
    fn allowed(&self, found: &str) -> bool {
        let f = found.trim();
        self.allow
            .iter()
            .any(|a| a.trim().to_lowercase() == f.to_lowercase())
    }
}

/// Words flagged anywhere in text, case-sensitively.
/// Template instructions are written with a capital ("Replace this
/// paragraph ..."): matched case-sensitively, which keeps them out of the
/// prefilter's way ("rep" starts many words, "Rep" few).
pub(crate) const MARKER_WORDS: &[&str] = &[
    "TODO",
    "TBD",
    "TBA",
    "FIXME",
    "XXX",
    "Replace this paragraph",
    "Replace this text",
    "Replace this section",
];
/// Phrases flagged anywhere in text, case-insensitively.
pub(crate) const MARKER_PHRASES: &[&str] = &[
    "lorem ipsum",
    "???",
    "YYYY-MM-DD",
    "20xx-MM-DD",
    "DD/MM/YYYY",
    "MM/DD/YYYY",
    "HH:mm",
    "[date]",
    "[time]",
];
/// Words that start a template instruction in `[...]` or `<...>`.
const TEMPLATE_VERBS: &[&str] = &[
    "insert",
    "add",
    "enter",
    "describe",
    "fill",
    "your",
    "placeholder",
    "replace",
    "link to",
];

/// Whether `text` holds `<!--`, through a
/// byte search for `<` (`str::contains` with a string is a much slower
/// general search in WebAssembly).
fn has_html_comment(text: &str) -> bool {
    let mut rest = text;
    while let Some(i) = rest.find('<') {
        if rest[i..].starts_with("<!--") {
            return true;
        }
        rest = &rest[i + 1..];
    }
    false
}

/// Answers that say nothing when they are the whole answer.
fn is_empty_answer(s: &str) -> bool {
    let t = s.trim().trim_end_matches('.').trim();
    // Only ASCII letters lower-case to these answers' letters, one byte
    // for one: longer text cannot be one of them.
    if t.len() > 4 {
        return false;
    }
    matches!(
        t.to_lowercase().as_str(),
        "n/a" | "na" | "none" | "-" | "--"
    )
}

struct Findings<'a> {
    opts: &'a PlaceholderOptions,
    /// `MARKER_WORDS` (case-sensitive), then `MARKER_PHRASES` and the
    /// `extra` option (case-insensitive).
    phrases: text::PhraseSet,
    /// Where a marker may start in the source (`None`: anywhere): the
    /// spans without any of these offsets are not searched.
    may_start: Option<Vec<u32>>,
    source: &'a str,
    by_span: BTreeMap<(u32, u32), Diagnostic>,
}

impl Findings<'_> {
    /// One finding per place: a span that overlaps one already reported
    /// (the same stamp seen as a table cell, a timeline entry and a marker
    /// phrase) adds nothing.
    fn add(&mut self, span: Span, d: impl FnOnce() -> Diagnostic) {
        if self.by_span.keys().any(|&(s, e)| (s, e) != (span.start, span.end) && s < span.end.max(span.start + 1) && span.start < e.max(s + 1)) {
            return;
        }
        // One finding per line: "20xx-MM-DD HH:mm" is one unfilled cell.
        // (Findings are few: the line is found from their offsets, not
        // from a table of every line of the report.)
        let source = self.source.as_bytes();
        let same_line = |a: u32, b: u32| {
            let (lo, hi) = (a.min(b) as usize, (a.max(b) as usize).min(source.len()));
            !source[lo.min(hi)..hi].contains(&b'\n')
        };
        // Only for date and time templates: "20xx-MM-DD HH:mm" is one cell,
        // where "Lorem ipsum ... [Insert link]" on one line are two gaps.
        let datey = |a: u32, b: u32| {
            let t = &self.source[(a as usize).min(source.len())..(b as usize).min(source.len())];
            pirlint_plugin_sdk::values::is_timestamp_residue(t) || t.contains("YYYY") || t.contains("HH:")
        };
        if datey(span.start, span.end)
            && !self.by_span.contains_key(&(span.start, span.end))
            && self.by_span.keys().any(|&(s, e)| same_line(s, span.start) && datey(s, e))
        {
            return;
        }
        self.by_span.entry((span.start, span.end)).or_insert_with(d);
    }

    /// Placeholder markers inside `span`.
    fn markers(&mut self, span: Span) {
        let (opts, source) = (self.opts, self.source);
        if let Some(starts) = &self.may_start {
            let i = starts.partition_point(|&p| p < span.start);
            if starts.get(i).is_none_or(|&p| p >= span.end) {
                return;
            }
        }
        // One pass for every marker word and phrase; hits in phrase order.
        let mut hits: Vec<Span> = self.phrases.find(source, span).into_iter().flatten().collect();
        hits.extend(template_markers(source, span));
        for hit in hits {
            let found = text::slice(source, hit);
            if opts.allowed(found) {
                continue;
            }
            let found = found.to_string();
            self.add(hit, || {
                Diagnostic::new(
                    PLACEHOLDER,
                    hit,
                    format!("placeholder `{found}` left in the report"),
                )
                .label("placeholder")
                .help(MARKER_HELP)
            });
        }
    }

    /// `value` (written at `span`) flagged if it is only "N/A", "-", ...
    fn whole_answer(&mut self, span: Span, value: &str, what: &str) {
        let v = value.trim();
        if !is_empty_answer(v) || self.opts.allowed(v) {
            return;
        }
        let msg = format!("{what} says only `{v}`");
        self.add(span, || {
            Diagnostic::new(PLACEHOLDER, span, msg)
                .label("placeholder answer")
                .help(ANSWER_HELP)
        });
    }

    /// A timestamp with template letters where a part belongs
    /// ("2023-MM-DD", "HH:mm", "09:??", "1X:XX").
    fn date_residue(&mut self, ts: &Timestamp) {
        let t = text_of(self.source, ts).trim();
        if t.is_empty() || !pirlint_plugin_sdk::values::is_timestamp_residue(t) {
            return;
        }
        // "2023-MM-DD[^1]": an unknown part explained in a footnote is a
        // deliberate notation.
        if self.source.get(ts.span.end as usize..).is_some_and(|rest| rest.trim_start().starts_with("[^")) {
            return;
        }
        // One finding for one stamp: a marker phrase found in it already
        // says so.
        let span = ts.span;
        if self.by_span.keys().any(|&(s, e)| s < span.end && span.start < e) {
            return;
        }
        let shown = t.to_string();
        let unknown = t.contains("??") || t.to_ascii_uppercase().contains('X');
        let (message, label) = if unknown {
            (format!("timestamp `{shown}` leaves part of the date or time unknown"), "unknown part")
        } else {
            (format!("timestamp `{shown}` is template residue"), "a part of the date or time was never filled in")
        };
        self.add(span, || {
            Diagnostic::new(PLACEHOLDER, span, message).label(label).help(
                "Readers and the timeline rules can neither order nor measure an entry with an unknown \
                 part. Fill it in from logs, tickets or chat history; if it cannot be known, write the \
                 nearest known time as approximate (`~22:30`) or the date alone, and say why in the entry.",
            )
        });
    }

    /// "Time to detection: ?": a label whose value is only question marks.
    fn question_mark_answer(&mut self, line: Span) {
        let l = text::slice(self.source, line);
        // What is shown: a trailing HTML comment is not part of the answer.
        let l = &l[..l.find("<!--").unwrap_or(l.len())];
        let Some(colon) = l.rfind(':') else { return };
        let value = l[colon + 1..].trim();
        let label = l[..colon].trim().trim_start_matches(['-', '*', '+', ' ']);
        if value.is_empty() || !value.chars().all(|c| c == '?') || label.is_empty() || label.len() > 60 {
            return;
        }
        let at = line.start as usize + colon + 1 + (l[colon + 1..].len() - l[colon + 1..].trim_start().len());
        let span = Span::from_range(at..at + value.len());
        let label = label.to_string();
        self.add(span, || {
            Diagnostic::new(PLACEHOLDER, span, format!("`{label}` is answered only with `{value}`"))
                .label("placeholder answer")
                .help(ANSWER_HELP)
        });
    }

    fn text_field(&mut self, t: &Text, what: &str) {
        self.whole_answer(t.span, text_of(self.source, t), what);
        self.markers(t.span);
    }
}

const MARKER_HELP: &str = "Placeholders mark unfinished work: a report that still contains \
    them is not ready for review, and readers cannot tell what is missing. Replace it with the \
    actual content, or remove it. To accept this phrase, add it to the rule's `allow` option.";
const ANSWER_HELP: &str = "A bare \"N/A\", \"-\" or \"none\" does not tell the reader whether \
    the question was considered. Write the answer as a sentence (\"No customer data was \
    exposed: the attacker never reached the database\"), or remove the item if it does not \
    apply.";

/// `[Insert ...]`, `<insert ...>`, `{{...}}` template markers inside `span`.
pub(crate) fn template_markers(source: &str, span: Span) -> Vec<Span> {
    let s = text::slice(source, span);
    let base = span.start as usize;
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        // Only `{`, `[` and `<` can open a marker: skip to the next one.
        match s.as_bytes()[i..].iter().position(|b| matches!(b, b'{' | b'[' | b'<')) {
            Some(k) => i += k,
            None => break,
        }
        let rest = &s[i..];
        let close = if rest.starts_with("{{") {
            rest.find("}}").map(|j| j + 2)
        } else if rest.starts_with('[') || rest.starts_with('<') {
            let end = if rest.starts_with('[') { ']' } else { '>' };
            let inner_start = 1;
            match rest[inner_start..].find([end, '\n']) {
                // `[Link to the recording](https://...)` is a real link.
                Some(j) if rest[inner_start + j..].starts_with(end)
                    && !(end == ']' && rest[inner_start + j + 1..].starts_with(['(', '['])) =>
                {
                    let inner = rest[inner_start..inner_start + j]
                        .trim_start()
                        .to_lowercase();
                    let verb = TEMPLATE_VERBS.iter().any(|v| {
                        inner.starts_with(v)
                            && !inner[v.len()..].starts_with(|c: char| text::is_word_char(c))
                    });
                    verb.then_some(inner_start + j + 1)
                }
                _ => None,
            }
        } else {
            None
        };
        match close {
            Some(len) => {
                out.push(Span::from_range(base + i..base + i + len));
                i += len;
            }
            None => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    out
}

fn placeholders(cx: &Context<'_>, opts: &PlaceholderOptions) -> Vec<Diagnostic> {
    let (report, source) = (cx.report, cx.source());
    let phrases: Vec<(&str, Case)> = MARKER_WORDS
        .iter()
        .map(|w| (*w, Case::Sensitive))
        .chain(
            MARKER_PHRASES
                .iter()
                .copied()
                .chain(opts.extra.iter().map(String::as_str))
                .map(|p| (p, Case::Insensitive)),
        )
        .collect();
    let mut f = Findings {
        opts,
        phrases: text::PhraseSet::new(&phrases),
        may_start: prefilter::Prefilter::new(&phrases).starts_in(source),
        source,
        by_span: BTreeMap::new(),
    };

    // Section bodies that are only "N/A", "-", ... (before list items, so the
    // section-level message wins when both cover the same text).
    for s in &report.sections {
        // Only a body of a few characters can be an empty answer: copy and
        // lower-case it only then (bodies are most of the report).
        let body = if has_html_comment(body_of(source, s)) {
            Cow::Owned(text::strip_html_comments(body_of(source, s)))
        } else {
            Cow::Borrowed(body_of(source, s))
        };
        if body.trim().is_empty() {
            continue;
        }
        // An action-item section with only "-" is recommendations/present's
        // finding ("lists no action items").
        if is_empty_answer(&body) && !cx.is_kind(s, "recommendations") {
            let span = text::trim(source, s.body_span);
            f.whole_answer(span, &body, &format!("section \"{}\"", heading_of(source, s)));
        }
    }
    // List items and table cells in Markdown bodies.
    if report.format == SourceFormat::Markdown {
        for s in &report.sections {
            let tabular = matches!(cx.kind(s), Some("timeline" | "recommendations"));
            scan_body_lines(&mut f, s.body_span, tabular);
        }
    }
    // Prose.
    for run in cx.prose() {
        f.markers(run.span);
    }
    // Timeline and recommendations, whatever the format.
    let mut previous_residue = false;
    for e in &report.timeline {
        f.markers(e.timestamp.span);
        // A run of such entries ("22:XX", "23:XX", "24:XX") is one finding.
        let residue = pirlint_plugin_sdk::values::is_timestamp_residue(text_of(source, &e.timestamp));
        if residue && !previous_residue {
            f.date_residue(&e.timestamp);
        }
        previous_residue = residue;
        f.text_field(&e.text, "timeline entry");
        if let Some(a) = &e.actor {
            f.text_field(a, "timeline actor");
        }
    }
    for r in &report.recommendations {
        // "TODO Discord bot" or "[TODO] ..." as an action's first word is
        // its status, not residue.
        let lead = text_of(source, &r.text).trim_start_matches(|c: char| !c.is_ascii_alphabetic());
        if ["TODO", "DONE", "WIP", "TBD"].iter().any(|w| lead.starts_with(w)) {
            f.whole_answer(r.text.span, text_of(source, &r.text), "recommendation");
        } else {
            f.text_field(&r.text, "recommendation");
        }
        for (t, what) in [
            (&r.priority, "recommendation priority"),
            (&r.owner, "recommendation owner"),
            (&r.tracking, "recommendation ticket"),
        ] {
            if let Some(t) = t {
                f.text_field(t, what);
            }
        }
        if let Some(d) = &r.due {
            f.markers(d.span);
        }
    }
    // Front matter / structured metadata.
    let m = &report.metadata;
    for (t, what) in [
        (&m.id, "`id`"),
        (&m.title, "`title`"),
        (&m.severity, "`severity`"),
        (&m.status, "`status`"),
        (&m.incident_type, "`type`"),
        (&m.timezone, "`timezone`"),
    ] {
        if let Some(t) = t {
            f.text_field(t, what);
        }
    }
    for a in &m.authors {
        f.text_field(a, "`authors` entry");
    }
    for ts in [
        &m.occurred,
        &m.detected,
        &m.contained,
        &m.recovered,
        &m.resolved,
    ]
    .into_iter()
    .flatten()
    {
        f.markers(ts.span);
        f.whole_answer(ts.span, text_of(source, ts), "a report timestamp");
    }
    if let Some(mt) = &m.meeting {
        for (t, what) in [
            (&mt.moderator, "meeting `moderator`"),
            (&mt.scribe, "meeting `scribe`"),
        ] {
            if let Some(t) = t {
                f.text_field(t, what);
            }
        }
        for a in mt.attendees.iter().chain(&mt.excused) {
            f.text_field(a, "meeting attendee");
        }
    }
    if let Some(im) = &m.impact {
        // "none" is a real answer for users affected or cost: markers only.
        for t in im
            .users_affected
            .iter()
            .chain(&im.cost_estimate)
            .chain(&im.systems)
        {
            f.markers(t.span);
        }
    }
    for x in &m.extra {
        f.markers(x.span);
        if let Ok(serde_json_value) = parse_json_string(&x.value_json) {
            f.whole_answer(x.span, &serde_json_value, &format!("`{}`", x.key));
        }
    }
    f.by_span.into_values().collect()
}

/// The string inside a JSON string literal (without escapes: good enough
/// for the few-character answers we look for).
fn parse_json_string(json: &str) -> Result<String, ()> {
    let t = json.trim();
    match t.strip_prefix('"').and_then(|x| x.strip_suffix('"')) {
        Some(inner) if !inner.contains('\\') => Ok(inner.to_string()),
        _ => Err(()),
    }
}

/// Empty or "N/A"-only list items, and in timeline/recommendation tables
/// "N/A"-only cells and markers, skipping fenced code.
fn scan_body_lines(f: &mut Findings<'_>, body: Span, tabular: bool) {
    let source = f.source;
    // `text::lines`, without collecting them.
    let lines = text::slice(source, body).split_inclusive('\n').scan(body.start as usize, |start, raw| {
        let content = raw.strip_suffix('\n').unwrap_or(raw);
        let content = content.strip_suffix('\r').unwrap_or(content);
        let line = Span::from_range(*start..*start + content.len());
        *start += raw.len();
        Some(line)
    });
    let mut fence: Option<&str> = None;
    let mut prev_text = false;
    // Per column of the header row: whether it is the phase column.
    let mut header: Option<Vec<bool>> = None;
    for line in lines {
        let l = text::slice(source, line);
        let t = l.trim_start();
        if let Some(fc) = fence {
            if t.starts_with(fc) {
                fence = None;
            }
            prev_text = false;
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = Some(&t[..3]);
            prev_text = false;
            continue;
        }
        // The whole line too: template residue in inline HTML (`<Link to
        // the recording>`), in an HTML comment (`<!-- TODO ... -->`), or an
        // answer left as `?` ("Time to detection: ?").
        // Prose is searched already: only lines with markup it leaves out.
        let (markup, question) = line_marks(l);
        if markup {
            f.markers(line);
        }
        if question {
            f.question_mark_answer(line);
        }
        let indent = l.len() - t.len();
        if let Some(item) = list_item(t).filter(|_| indent < 8) {
            let item_span = text::trim(
                source,
                Span::from_range(line.start as usize + indent + item..line.end as usize),
            );
            let content = text::slice(source, item_span);
            if content.is_empty() {
                // A lone "-" right under a paragraph line is a setext
                // heading underline, not a list item.
                if !prev_text {
                    let marker = text::trim(source, line);
                    f.add(marker, || {
                        Diagnostic::new(PLACEHOLDER, marker, "empty list item")
                            .label("nothing after the bullet")
                            .help(ANSWER_HELP)
                    });
                }
            } else {
                f.whole_answer(item_span, content, "list item");
            }
            prev_text = false;
            continue;
        }
        if tabular && t.starts_with('|') {
            let cells = table_cells(source, line);
            // Cells are trimmed. No other character lower-cases to `-`, `:`
            // or a space, nor to the ASCII letters of "phase" and "stage":
            // the cells are compared without lower-cased copies.
            let delimiter = cells.iter().all(|c| {
                let t = text::slice(source, *c);
                !t.is_empty() && t.bytes().all(|b| matches!(b, b'-' | b':' | b' '))
            });
            if delimiter {
                continue;
            }
            match &header {
                None => {
                    header = Some(
                        cells
                            .iter()
                            .map(|c| {
                                let n = text::slice(source, *c);
                                n.eq_ignore_ascii_case("phase") || n.eq_ignore_ascii_case("stage")
                            })
                            .collect(),
                    )
                }
                Some(h) => {
                    for (k, c) in cells.iter().enumerate() {
                        // An empty phase is normal ("-" for no phase).
                        if h.get(k).copied().unwrap_or(false) {
                            continue;
                        }
                        f.whole_answer(*c, text::slice(source, *c), "table cell");
                        f.markers(*c);
                    }
                }
            }
            prev_text = false;
            continue;
        }
        if !t.starts_with('|') {
            header = None;
        }
        prev_text = !t.is_empty();
    }
}

/// For one line, in one pass over its bytes (every line of every section
/// is read, and in WebAssembly each pass costs): whether it holds markup
/// (`<`), and an answer left as `?` (`: ?` or `:?`).
pub(crate) fn line_marks(line: &str) -> (bool, bool) {
    let b = line.as_bytes();
    let (mut markup, mut question) = (false, false);
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'<' => markup = true,
            b':' if !question => {
                question = match b.get(i + 1) {
                    Some(b'?') => true,
                    Some(b' ') => b.get(i + 2) == Some(&b'?'),
                    _ => false,
                }
            }
            _ => {}
        }
        i += 1;
    }
    (markup, question)
}

/// Byte offset of a list item's content after its bullet, if `t` (a line
/// without leading indentation) is a list item.
fn list_item(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    let after = if matches!(b.first(), Some(b'-' | b'*' | b'+')) {
        1
    } else {
        let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 || digits > 9 || !matches!(b.get(digits), Some(b'.' | b')')) {
            return None;
        }
        digits + 1
    };
    match b.get(after) {
        None => Some(after),
        Some(b' ' | b'\t') => {
            // "- - -" / "***" thematic breaks are not items.
            let rest = t[after..].trim();
            if !rest.is_empty() && rest.chars().all(|c| matches!(c, '-' | '*' | '_' | ' ')) {
                return None;
            }
            Some(after)
        }
        _ => None,
    }
}

/// Trimmed spans of the cells of a `| a | b |` table row.
fn table_cells(source: &str, line: Span) -> Vec<Span> {
    let l = text::slice(source, line);
    let base = line.start as usize;
    let mut out = Vec::new();
    let mut start = None;
    // Bytes for characters: `|` and `\` are ASCII, never part of another
    // character's encoding.
    let mut prev = 0u8;
    for (i, &c) in l.as_bytes().iter().enumerate() {
        if c == b'|' && prev != b'\\' {
            if let Some(s) = start {
                out.push(text::trim(source, Span::from_range(base + s..base + i)));
            }
            start = Some(i + 1);
        }
        prev = c;
    }
    if let Some(s) = start {
        if !l[s..].trim().is_empty() {
            out.push(text::trim(
                source,
                Span::from_range(base + s..base + l.len()),
            ));
        }
    }
    out
}

