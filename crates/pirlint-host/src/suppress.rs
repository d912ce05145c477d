//! Suppressions written in reports, applied by the host after the plugins
//! have run (it alone sees every finding).
//!
//! ```markdown
//! <!-- pirlint-disable-next-line blameless/hindsight -- quoting the customer -->
//! <!-- pirlint-disable blameless/*, structure/placeholder -- reason -->
//! ...
//! <!-- pirlint-enable blameless/* structure/placeholder -->
//! ```
//!
//! and, for the whole file, in the front matter:
//!
//! ```yaml
//! pirlint:
//!   disable:
//!     - rule: structure/placeholder
//!       reason: the template keeps its prompts on purpose
//! ```
//!
//! Comments are found only outside fenced and indented code blocks, outside
//! inline code spans and outside the front matter. A rule is named by its id
//! or by `plugin/*`. The host's own `pirlint/*` rules cannot be suppressed
//! (switch them off in `rules.toml`).

use pirlint_report::Span;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Findings starting in this byte range (the next non-blank line).
    Line(usize, usize),
    /// Findings starting in this byte range (up to the matching enable).
    Block(usize, usize),
    File,
}

/// One rule named in a suppression.
#[derive(Clone, Debug)]
pub struct Target {
    pub pattern: String,
    pub span: Span,
    pub used: bool,
}

impl Target {
    pub fn matches(&self, rule: &str) -> bool {
        match self.pattern.strip_suffix("/*") {
            Some(plugin) => rule.strip_prefix(plugin).is_some_and(|r| r.starts_with('/')),
            None => self.pattern == rule,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Suppression {
    pub scope: Scope,
    pub targets: Vec<Target>,
    pub reason: Option<String>,
    /// The comment (or front-matter field) that wrote it.
    pub span: Span,
}

/// A malformed suppression: reported as `pirlint/invalid-suppression`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub span: Span,
    pub help: Option<String>,
}

const PREFIX: &str = "pirlint-";

/// Rules one report may name in suppressions, all comments together (the
/// most in any report we have seen is 12). The rest are ignored, with one
/// problem saying so; the bound keeps matching findings to suppressions
/// cheap however hostile the report.
pub const MAX_TARGETS: usize = 1000;

fn too_many(span: Span) -> Problem {
    Problem {
        message: format!("this report names more than {MAX_TARGETS} rules in suppressions; this one and those after it are ignored"),
        span,
        help: Some("suppress whole plugins (`plugin/*`) or switch rules off in rules.toml".into()),
    }
}

/// Finds the suppression comments in a Markdown report.
pub fn scan_markdown(source: &str) -> (Vec<Suppression>, Vec<Problem>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    // Open blocks: (pattern, comment span start, index into out, target index)
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut offset = 0;
    let mut in_front_matter = false;
    let mut previous_blank = true;
    let mut skip_until = 0;
    // No `-->` at or after this offset: once a search for it fails, later
    // openers do not search again (20,000 unclosed comments would be
    // quadratic).
    let mut unclosed_from = usize::MAX;
    let mut named = 0;
    for (index, line) in source.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        let text = line.trim_end_matches(['\n', '\r']);
        if index == 0 && text.trim_start_matches('\u{feff}') == "---" {
            in_front_matter = true;
            continue;
        }
        if in_front_matter {
            if text == "---" || text == "..." {
                in_front_matter = false;
            }
            continue;
        }
        let trimmed = text.trim_start();
        let indent = text.len() - trimmed.len();
        if let Some((ch, len)) = fence {
            let run = trimmed.chars().take_while(|c| *c == ch).count();
            if indent < 4 && run >= len && trimmed[run * ch.len_utf8()..].trim().is_empty() {
                fence = None;
            }
            continue;
        }
        if indent < 4 {
            for ch in ['`', '~'] {
                let run = trimmed.chars().take_while(|c| *c == ch).count();
                if run >= 3 {
                    fence = Some((ch, run));
                }
            }
            if fence.is_some() {
                continue;
            }
        }
        let blank = trimmed.is_empty();
        if indent >= 4 && previous_blank && !blank {
            continue; // an indented code block
        }
        previous_blank = blank;
        if start < skip_until {
            continue; // inside a comment opened on an earlier line
        }
        let mut search = 0;
        // Backticks before `search` on this line, counted once each.
        let mut backticks = 0;
        while let Some(found) = text[search..].find("<!--") {
            let at = search + found;
            backticks += text[search..at].matches('`').count();
            let comment_start = start + at;
            if comment_start + 4 >= unclosed_from {
                break;
            }
            let Some(close) = source[comment_start + 4..].find("-->") else {
                unclosed_from = comment_start + 4;
                break;
            };
            let comment_end = comment_start + 4 + close + 3;
            let body_start = comment_start + 4;
            let body = &source[body_start..comment_start + 4 + close];
            if comment_end > offset {
                skip_until = comment_end;
            }
            let next = (at + 4 + close + 3).min(text.len());
            let in_code = backticks % 2 == 1;
            backticks += text[at..next].matches('`').count();
            search = next;
            if in_code {
                continue; // inside an inline code span
            }
            let lead = body.len() - body.trim_start().len();
            let Some(directive) = body.trim_start().strip_prefix(PREFIX) else { continue };
            let directive_start = body_start + lead + PREFIX.len();
            let keyword_len = directive.find(char::is_whitespace).unwrap_or(directive.len());
            let keyword = &directive[..keyword_len];
            let span = Span::new(comment_start, comment_end);
            let (targets, reason) = parse_targets(&directive[keyword_len..], directive_start + keyword_len);
            named += targets.len();
            if named > MAX_TARGETS {
                problems.push(too_many(span));
                return (out, problems);
            }
            match keyword {
                "disable-next-line" => {
                    let scope = next_nonblank_line(source, comment_end).map_or(Scope::Line(source.len(), source.len()), |(a, b)| Scope::Line(a, b));
                    push(&mut out, &mut problems, scope, targets, reason, span, keyword);
                }
                "disable" => {
                    if push(&mut out, &mut problems, Scope::Block(comment_end, source.len()), targets, reason, span, keyword) {
                        let i = out.len() - 1;
                        for t in 0..out[i].targets.len() {
                            open.push((i, t));
                        }
                    }
                }
                "enable" => {
                    if targets.is_empty() {
                        if open.is_empty() {
                            problems.push(Problem { message: "`pirlint-enable` without an open `pirlint-disable`".into(), span, help: Some("remove it, or add the `pirlint-disable RULE -- reason` it should end".into()) });
                        }
                        for (i, _) in open.drain(..) {
                            close_block(&mut out[i], comment_start);
                        }
                    }
                    for target in targets {
                        match open.iter().position(|&(i, t)| out[i].targets[t].pattern == target.pattern) {
                            Some(pos) => {
                                let (i, t) = open.remove(pos);
                                // Only this rule's block ends: split it off.
                                if out[i].targets.len() == 1 {
                                    close_block(&mut out[i], comment_start);
                                } else {
                                    let moved = out[i].targets.remove(t);
                                    for entry in open.iter_mut().filter(|(j, _)| *j == i) {
                                        if entry.1 > t {
                                            entry.1 -= 1;
                                        }
                                    }
                                    let mut split = out[i].clone();
                                    split.targets = vec![moved];
                                    close_block(&mut split, comment_start);
                                    out.push(split);
                                }
                            }
                            None => problems.push(Problem {
                                message: format!("`pirlint-enable {}` without a `pirlint-disable` of that rule before it", target.pattern),
                                span: target.span,
                                help: None,
                            }),
                        }
                    }
                }
                other => problems.push(Problem {
                    message: format!("unknown pirlint directive `pirlint-{other}`"),
                    span,
                    help: Some(match crate::policy::closest(other, ["disable-next-line", "disable", "enable"]) {
                        Some(s) => format!("did you mean `pirlint-{s}`?"),
                        None => "use `pirlint-disable-next-line`, `pirlint-disable` or `pirlint-enable`".into(),
                    }),
                }),
            }
        }
    }
    (out, problems)
}

fn close_block(s: &mut Suppression, end: usize) {
    if let Scope::Block(start, _) = s.scope {
        s.scope = Scope::Block(start, end);
    }
}

fn push(out: &mut Vec<Suppression>, problems: &mut Vec<Problem>, scope: Scope, targets: Vec<Target>, reason: Option<String>, span: Span, keyword: &str) -> bool {
    if targets.is_empty() {
        problems.push(Problem {
            message: format!("`pirlint-{keyword}` names no rule"),
            span,
            help: Some(format!("name the rules it is for: `<!-- pirlint-{keyword} blameless/hindsight -- reason -->` (or `plugin/*`)")),
        });
        return false;
    }
    out.push(Suppression { scope, targets, reason, span });
    true
}

/// `rule-a, rule-b plugin/* -- reason`: the rules (with their spans) and the
/// reason, if any.
fn parse_targets(rest: &str, base: usize) -> (Vec<Target>, Option<String>) {
    let (rules, reason) = match rest.find("--") {
        Some(i) => (&rest[..i], Some(rest[i + 2..].trim().to_owned()).filter(|r| !r.is_empty())),
        None => (rest, None),
    };
    let mut targets = Vec::new();
    // Separators may be several bytes long (U+00A0, U+2028, U+3000 are
    // whitespace too): spans come from char indices, never from counting.
    let mut piece_start = None;
    for (i, c) in rules.char_indices().chain(std::iter::once((rules.len(), ','))) {
        let separator = c == ',' || c.is_whitespace();
        match piece_start {
            Some(from) if separator => {
                targets.push(Target { pattern: rules[from..i].to_owned(), span: Span::new(base + from, base + i), used: false });
                piece_start = None;
            }
            None if !separator => piece_start = Some(i),
            _ => {}
        }
    }
    (targets, reason)
}

/// The byte range of the first line after `from` that is not blank.
fn next_nonblank_line(source: &str, from: usize) -> Option<(usize, usize)> {
    let mut offset = source[from..].find('\n').map(|i| from + i + 1)?;
    for line in source[offset..].split_inclusive('\n') {
        if !line.trim().is_empty() {
            return Some((offset, offset + line.trim_end_matches(['\n', '\r']).len()));
        }
        offset += line.len();
    }
    None
}

/// File-level suppressions from the front matter's `pirlint` field (JSON as
/// the report parser keeps it).
pub fn from_front_matter(value_json: &str, span: Span) -> (Vec<Suppression>, Vec<Problem>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let shape = || Problem {
        message: "the front matter's `pirlint` field must be `disable:` followed by a list of `rule:` / `reason:` entries".into(),
        span,
        help: Some("pirlint:\n  disable:\n    - rule: structure/placeholder\n      reason: why this report is an exception".into()),
    };
    let Ok(value) = serde_json::from_str::<serde_json::Value>(value_json) else {
        problems.push(shape());
        return (out, problems);
    };
    let entries = value.get("disable").and_then(|d| d.as_array());
    let keys_ok = value.as_object().is_some_and(|o| o.keys().all(|k| k == "disable"));
    let (Some(entries), true) = (entries, keys_ok) else {
        problems.push(shape());
        return (out, problems);
    };
    let mut named = 0;
    for entry in entries {
        let (rules, reason) = match entry {
            serde_json::Value::String(s) => (Some(s.clone()), None),
            serde_json::Value::Object(o) => (
                o.get("rule").or_else(|| o.get("rules")).and_then(|r| match r {
                    serde_json::Value::String(s) => Some(s.clone()),
                    serde_json::Value::Array(a) => Some(a.iter().filter_map(|v| v.as_str()).collect::<Vec<_>>().join(",")),
                    _ => None,
                }),
                o.get("reason").and_then(|r| r.as_str()).map(str::trim).filter(|r| !r.is_empty()).map(str::to_owned),
            ),
            _ => (None, None),
        };
        let Some(rules) = rules else {
            problems.push(shape());
            continue;
        };
        let targets: Vec<Target> = rules
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|p| !p.is_empty())
            .map(|p| Target { pattern: p.to_owned(), span, used: false })
            .collect();
        named += targets.len();
        if named > MAX_TARGETS {
            problems.push(too_many(span));
            break;
        }
        push(&mut out, &mut problems, Scope::File, targets, reason, span, "disable");
    }
    (out, problems)
}

impl Suppression {
    pub fn covers(&self, offset: usize) -> bool {
        match self.scope {
            Scope::Line(a, b) => offset >= a && offset <= b && a < b,
            Scope::Block(a, b) => offset >= a && offset < b,
            Scope::File => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_directives_outside_code() {
        let src = "---\ntitle: x\n---\n# T\n\n<!-- pirlint-disable-next-line blameless/hindsight, structure/placeholder -- quoted -->\n\nShould have known.\n\n```\n<!-- pirlint-disable a/b -->\n```\n\n    <!-- pirlint-disable c/d -->\n\n`<!-- pirlint-disable e/f -->`\n<!-- pirlint-disable blameless/* -->\ntext\n<!-- pirlint-enable blameless/* -->\n";
        let (found, problems) = scan_markdown(src);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(found.len(), 2, "{found:#?}");
        let next = &found[0];
        let patterns: Vec<&str> = next.targets.iter().map(|t| t.pattern.as_str()).collect();
        assert_eq!(patterns, ["blameless/hindsight", "structure/placeholder"]);
        assert_eq!(next.reason.as_deref(), Some("quoted"));
        let line = src.find("Should").unwrap();
        assert!(next.covers(line) && !next.covers(line - 2));
        assert_eq!(&src[next.targets[0].span.start as usize..next.targets[0].span.end as usize], "blameless/hindsight");
        let block = &found[1];
        assert!(block.reason.is_none());
        assert!(block.covers(src.find("text").unwrap()));
        assert!(!block.covers(src.len() - 2));
        assert!(block.targets[0].matches("blameless/hindsight") && !block.targets[0].matches("blamelessness/x"));
    }

    #[test]
    fn target_spans_after_multibyte_separators_point_at_the_rule() {
        // U+2028, U+00A0 and U+3000 are whitespace of 3, 2 and 3 bytes.
        for separator in ['\u{2028}', '\u{a0}', '\u{3000}'] {
            let src = format!("<!-- pirlint-disable a/b{separator}c/d -->\ntext\n<!-- pirlint-enable a/b{separator}e/f -->\n");
            let (found, problems) = scan_markdown(&src);
            // The enable of `a/b` splits it off the block: two suppressions.
            let mut spans: Vec<&str> = found.iter().flat_map(|s| &s.targets).map(|t| &src[t.span.start as usize..t.span.end as usize]).collect();
            spans.sort();
            assert_eq!(spans, ["a/b", "c/d"], "separator {separator:?}");
            // The enable of a rule never disabled points at that rule.
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert_eq!(&src[problems[0].span.start as usize..problems[0].span.end as usize], "e/f");
        }
    }

    #[test]
    fn reports_malformed_directives() {
        let (found, problems) = scan_markdown("<!-- pirlint-disable -->\n<!-- pirlint-enable a/b -->\n<!-- pirlint-disabel a/b -->\n");
        assert!(found.is_empty());
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].contains("names no rule"));
        assert!(messages[1].contains("without a `pirlint-disable`"));
        assert!(problems[2].help.as_deref().unwrap().contains("pirlint-disable"));
    }

    #[test]
    fn front_matter_disables_the_file() {
        let (found, problems) = from_front_matter(r#"{"disable":[{"rule":"structure/placeholder","reason":"template"},{"rule":"a/b, c/*"}]}"#, Span::new(0, 5));
        assert!(problems.is_empty());
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].reason.as_deref(), Some("template"));
        assert_eq!(found[1].targets.len(), 2);
        let (_, problems) = from_front_matter(r#"{"disabel":[]}"#, Span::new(0, 5));
        assert_eq!(problems.len(), 1);
    }
}
