//! A small spanned value tree shared by YAML front matter, YAML reports and
//! JSON reports, so that one piece of code turns keys into the model and every
//! value keeps its place in the source.
//!
//! YAML is read from `saphyr-parser` events rather than through a loader that
//! expands aliases into a tree: expansion is charged against a node budget
//! and a text budget, so an alias bomb ("billion laughs") is rejected after
//! at most [`MAX_NODES`] nodes, one that repeats a long string after at most
//! [`MAX_ALIAS_BYTES`] of copied text, and nesting deeper than [`MAX_DEPTH`]
//! is rejected before anything recursive walks it.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle};
use serde_json::Value;

use crate::model::Span;

pub(crate) const MAX_DEPTH: usize = 64;
pub(crate) const MAX_NODES: usize = 100_000;
/// The text (string scalars, keys included) that aliases may copy, all
/// together: 100,000 copies of a 40 KB string would be 4 GB.
pub(crate) const MAX_ALIAS_BYTES: usize = 4 << 20;

#[derive(Clone, Debug)]
pub(crate) enum Kind {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

#[derive(Clone, Debug)]
pub(crate) struct Node {
    pub span: Span,
    pub kind: Kind,
}

#[derive(Debug)]
pub(crate) struct LoadError {
    pub message: String,
    pub span: Span,
}

impl Node {
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            Kind::Null => "nothing",
            Kind::Bool(_) => "a boolean",
            Kind::Number(_) => "a number",
            Kind::Str(_) => "a string",
            Kind::Seq(_) => "a list",
            Kind::Map(_) => "a mapping",
        }
    }

    /// Scalars as text; `None` for null and collections.
    pub fn scalar_string(&self) -> Option<String> {
        match &self.kind {
            Kind::Str(s) => Some(s.clone()),
            Kind::Number(n) => Some(n.to_string()),
            Kind::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    pub fn key_str(&self) -> String {
        self.scalar_string().unwrap_or_default()
    }

    pub fn to_json(&self) -> Value {
        match &self.kind {
            Kind::Null => Value::Null,
            Kind::Bool(b) => Value::Bool(*b),
            Kind::Number(n) => Value::Number(n.clone()),
            Kind::Str(s) => Value::String(s.clone()),
            Kind::Seq(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            Kind::Map(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.key_str(), v.to_json()))
                    .collect(),
            ),
        }
    }

    /// The node at a JSON pointer ("/timeline/0/time"), or the deepest node
    /// on the way there.
    pub fn closest(&self, pointer: &str) -> &Node {
        let mut node = self;
        for raw in pointer.split('/').skip(1) {
            let seg = raw.replace("~1", "/").replace("~0", "~");
            let next = match &node.kind {
                Kind::Map(entries) => entries
                    .iter()
                    .rev()
                    .find(|(k, _)| k.key_str() == seg)
                    .map(|(_, v)| v),
                Kind::Seq(items) => seg.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            };
            match next {
                Some(n) => node = n,
                None => break,
            }
        }
        node
    }
}

/// Maps saphyr's character indices to byte offsets.
struct Offsets<'a> {
    text: &'a str,
    base: usize,
    /// Byte offset of every char; empty when the text is ASCII.
    starts: Vec<u32>,
}

impl<'a> Offsets<'a> {
    fn new(text: &'a str, base: usize) -> Self {
        let starts = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices()
                .map(|(b, _)| b as u32)
                .chain([text.len() as u32])
                .collect()
        };
        Offsets { text, base, starts }
    }
    fn byte(&self, char_index: usize) -> usize {
        let b = if self.starts.is_empty() {
            char_index.min(self.text.len())
        } else {
            self.starts
                .get(char_index)
                .map_or(self.text.len(), |b| *b as usize)
        };
        self.base + b
    }
    fn span(&self, s: saphyr_parser::Span) -> Span {
        let start = self.byte(s.start.index());
        let end = self.byte(s.end.index()).max(start);
        Span::new(start, end)
    }
}

/// Where a collection ends: its closing bracket for flow style, else its
/// last value (a block collection's end event sits at the next token).
fn closing_end(off: &Offsets<'_>, end_event: Span, last: Option<u32>) -> usize {
    let at = end_event.start as usize - off.base;
    if matches!(off.text.as_bytes().get(at), Some(b']' | b'}')) {
        return end_event.end as usize;
    }
    last.map_or(end_event.start as usize, |e| e as usize)
}

enum Frame {
    Seq {
        start: usize,
        anchor: usize,
        items: Vec<Node>,
        size: usize,
        height: usize,
        bytes: usize,
    },
    Map {
        start: usize,
        anchor: usize,
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
        size: usize,
        height: usize,
        bytes: usize,
    },
}

/// Resolves a plain scalar with the YAML 1.2 core schema. Timestamps stay
/// strings: the time module reads them as written.
fn resolve_plain(s: &str) -> Kind {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Kind::Null,
        "true" | "True" | "TRUE" => return Kind::Bool(true),
        "false" | "False" | "FALSE" => return Kind::Bool(false),
        _ => {}
    }
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    if !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(i) = s.parse::<i64>() {
            return Kind::Number(i.into());
        }
    }
    let looks_float = !body.is_empty()
        && body
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        && body
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_digit() || b == b'.')
        && body.bytes().any(|b| b.is_ascii_digit());
    if looks_float {
        if let Some(n) = s.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
            return Kind::Number(n);
        }
    }
    Kind::Str(s.to_string())
}

/// Loads the first YAML document of `text` (which starts at byte `base` of
/// the source). `Ok(None)` for an empty document.
pub(crate) fn load_yaml(text: &str, base: usize) -> Result<Option<Node>, LoadError> {
    let off = Offsets::new(text, base);
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    // anchor id -> (node, values in it, its height, its string bytes)
    let mut anchors: HashMap<usize, (Node, usize, usize, usize)> = HashMap::new();
    let mut total = 0usize;
    let mut alias_bytes = 0usize;
    let mut root: Option<Node> = None;
    let mut docs = 0;

    let err = |message: String, span: Span| LoadError { message, span };

    while let Some(next) = parser.next_event() {
        let (event, raw_span) = match next {
            Ok(e) => e,
            Err(e) => {
                let at = off.byte(e.marker().index());
                let end = (at + text[at - base..].chars().next().map_or(0, char::len_utf8))
                    .min(base + text.len());
                return Err(err(
                    format!("invalid YAML: {}", e.info()),
                    Span::new(at, end),
                ));
            }
        };
        let span = off.span(raw_span);
        // (node, anchor, size, height, bytes) completed by this event, if any.
        let done: Option<(Node, usize, usize, usize, usize)> = match event {
            Event::StreamStart | Event::Nothing | Event::DocumentEnd => None,
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                docs += 1;
                if docs > 1 {
                    break;
                }
                None
            }
            Event::Scalar(value, style, anchor, _tag) => {
                let mut span = span;
                let kind = if style == ScalarStyle::Plain {
                    resolve_plain(&value)
                } else {
                    // Point at the value inside its quotes.
                    if matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted)
                        && span.len() >= 2
                    {
                        span = Span::new(span.start as usize + 1, span.end as usize - 1);
                    }
                    Kind::Str(value.into_owned())
                };
                let bytes = match &kind {
                    Kind::Str(s) => s.len(),
                    _ => 0,
                };
                Some((Node { span, kind }, anchor, 1, 0, bytes))
            }
            Event::Alias(id) => {
                let Some((node, size, height, bytes)) = anchors.get(&id) else {
                    return Err(err("invalid YAML: unknown alias".into(), span));
                };
                total += size;
                if total > MAX_NODES {
                    return Err(err(
                        format!("YAML aliases expand to more than {MAX_NODES} values; refusing (an alias bomb?)"),
                        span,
                    ));
                }
                alias_bytes += bytes;
                if alias_bytes > MAX_ALIAS_BYTES {
                    return Err(err(
                        format!(
                            "YAML aliases copy more than {} MiB of text; refusing (an alias bomb?)",
                            MAX_ALIAS_BYTES >> 20
                        ),
                        span,
                    ));
                }
                if stack.len() + height > MAX_DEPTH {
                    return Err(err(
                        format!("YAML is nested more than {MAX_DEPTH} levels deep"),
                        span,
                    ));
                }
                let mut node = node.clone();
                node.span = span;
                Some((node, 0, *size, *height, *bytes))
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(err(
                        format!("YAML is nested more than {MAX_DEPTH} levels deep"),
                        span,
                    ));
                }
                let start = span.start as usize;
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq {
                        start,
                        anchor,
                        items: Vec::new(),
                        size: 1,
                        height: 1,
                        bytes: 0,
                    }
                } else {
                    Frame::Map {
                        start,
                        anchor,
                        entries: Vec::new(),
                        key: None,
                        size: 1,
                        height: 1,
                        bytes: 0,
                    }
                });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Frame::Seq {
                    start,
                    anchor,
                    items,
                    size,
                    height,
                    bytes,
                }) => {
                    let end = closing_end(&off, span, items.last().map(|n| n.span.end));
                    Some((
                        Node {
                            span: Span::new(start, end.max(start)),
                            kind: Kind::Seq(items),
                        },
                        anchor,
                        size,
                        height,
                        bytes,
                    ))
                }
                Some(Frame::Map {
                    start,
                    anchor,
                    mut entries,
                    key,
                    size,
                    height,
                    bytes,
                }) => {
                    if let Some(k) = key {
                        let null = Node {
                            span: Span::new(k.span.end as usize, k.span.end as usize),
                            kind: Kind::Null,
                        };
                        entries.push((k, null));
                    }
                    let end = closing_end(&off, span, entries.last().map(|(_, v)| v.span.end));
                    Some((
                        Node {
                            span: Span::new(start, end.max(start)),
                            kind: Kind::Map(entries),
                        },
                        anchor,
                        size,
                        height,
                        bytes,
                    ))
                }
                None => None,
            },
        };
        let Some((node, anchor, size, height, bytes)) = done else {
            continue;
        };
        total += 1;
        if total > MAX_NODES {
            return Err(err(
                format!("YAML has more than {MAX_NODES} values"),
                node.span,
            ));
        }
        if anchor > 0 {
            anchors.insert(anchor, (node.clone(), size, height, bytes));
        }
        match stack.last_mut() {
            None => root = Some(node),
            Some(Frame::Seq {
                items,
                size: s,
                height: h,
                bytes: b,
                ..
            }) => {
                items.push(node);
                *s += size;
                *h = (*h).max(height + 1);
                *b += bytes;
            }
            Some(Frame::Map {
                entries,
                key,
                size: s,
                height: h,
                bytes: b,
                ..
            }) => {
                *s += size;
                *h = (*h).max(height + 1);
                *b += bytes;
                match key.take() {
                    None => *key = Some(node),
                    Some(k) => entries.push((k, node)),
                }
            }
        }
    }
    Ok(root.filter(|n| !matches!(n.kind, Kind::Null) || !n.span.is_empty()))
}

/// The byte offset of a 1-based line and column (as serde_json reports them).
pub(crate) fn offset_of_line_col(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    let mut at = (start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Parses JSON into a spanned tree. Syntax errors and serde_json's nesting
/// limit (128) are reported with their location; the spanned pass only runs
/// on text serde_json accepted, so its recursion is bounded too.
pub(crate) fn load_json(text: &str) -> Result<Node, LoadError> {
    // Into `Value`, not `IgnoredAny`: only the former has the nesting limit.
    if let Err(e) = serde_json::from_str::<Value>(text) {
        let at = offset_of_line_col(text, e.line(), e.column());
        let end = (at + text[at..].chars().next().map_or(0, char::len_utf8)).min(text.len());
        let msg = e.to_string();
        let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
        return Err(LoadError {
            message: format!("invalid JSON: {msg}"),
            span: Span::new(at, end),
        });
    }
    let mut p = JsonSpans {
        s: text,
        pos: 0,
        depth: 0,
    };
    p.value().ok_or(LoadError {
        message: "invalid JSON".into(),
        span: Span::new(0, 0),
    })
}

struct JsonSpans<'a> {
    s: &'a str,
    pos: usize,
    depth: usize,
}

impl JsonSpans<'_> {
    fn ws(&mut self) {
        let b = self.s.as_bytes();
        while self.pos < b.len() && matches!(b[self.pos], b' ' | b'\t' | b'\n' | b'\r') {
            self.pos += 1;
        }
    }
    fn value(&mut self) -> Option<Node> {
        self.depth += 1;
        let v = if self.depth > 256 {
            None
        } else {
            self.value_inner()
        };
        self.depth -= 1;
        v
    }

    fn value_inner(&mut self) -> Option<Node> {
        self.ws();
        let b = self.s.as_bytes();
        let start = self.pos;
        match *b.get(self.pos)? {
            b'{' => {
                self.pos += 1;
                let mut entries = Vec::new();
                loop {
                    self.ws();
                    match *b.get(self.pos)? {
                        b'}' => {
                            self.pos += 1;
                            break;
                        }
                        b',' => self.pos += 1,
                        _ => {
                            let k = self.value()?;
                            self.ws();
                            if b.get(self.pos) == Some(&b':') {
                                self.pos += 1;
                            }
                            let v = self.value()?;
                            entries.push((k, v));
                        }
                    }
                }
                Some(Node {
                    span: Span::new(start, self.pos),
                    kind: Kind::Map(entries),
                })
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.ws();
                    match *b.get(self.pos)? {
                        b']' => {
                            self.pos += 1;
                            break;
                        }
                        b',' => self.pos += 1,
                        _ => items.push(self.value()?),
                    }
                }
                Some(Node {
                    span: Span::new(start, self.pos),
                    kind: Kind::Seq(items),
                })
            }
            b'"' => {
                self.pos += 1;
                while self.pos < b.len() && b[self.pos] != b'"' {
                    self.pos += if b[self.pos] == b'\\' { 2 } else { 1 };
                }
                self.pos = (self.pos + 1).min(b.len());
                let s: String = serde_json::from_str(self.s.get(start..self.pos)?).ok()?;
                // Span the contents, not the quotes.
                Some(Node {
                    span: Span::new(start + 1, self.pos - 1),
                    kind: Kind::Str(s),
                })
            }
            _ => {
                while self.pos < b.len()
                    && !matches!(
                        b[self.pos],
                        b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r'
                    )
                {
                    self.pos += 1;
                }
                let v: Value = serde_json::from_str(self.s.get(start..self.pos)?).ok()?;
                let kind = match v {
                    Value::Null => Kind::Null,
                    Value::Bool(b) => Kind::Bool(b),
                    Value::Number(n) => Kind::Number(n),
                    _ => return None,
                };
                Some(Node {
                    span: Span::new(start, self.pos),
                    kind,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_spans_are_bytes() {
        let src = "titel: \"Ünïcödé\"\nname: Zoë Ål\nn: 5\nlist: [a, b]\n";
        let n = load_yaml(src, 0).unwrap().unwrap();
        let Kind::Map(entries) = &n.kind else {
            panic!()
        };
        assert_eq!(&src[entries[0].1.span.range()], "Ünïcödé");
        assert_eq!(&src[entries[1].1.span.range()], "Zoë Ål");
        assert!(matches!(entries[2].1.kind, Kind::Number(_)));
        let Kind::Seq(items) = &entries[3].1.kind else {
            panic!()
        };
        assert_eq!(&src[items[1].span.range()], "b");
    }

    #[test]
    fn alias_bomb_is_rejected_quickly() {
        let mut src = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
        for w in names.windows(2) {
            src.push_str(&format!(
                "{}: &{} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n",
                w[1],
                w[1],
                p = w[0]
            ));
        }
        let t = std::time::Instant::now();
        let e = load_yaml(&src, 0).unwrap_err();
        assert!(e.message.contains("alias"), "{}", e.message);
        assert!(t.elapsed().as_secs() < 2);
    }

    #[test]
    fn alias_copies_of_a_long_string_are_bounded() {
        // Found by pirlint-fuzz: few values, but each a copy of 40 KB, so
        // the node budget alone let the tree reach gigabytes.
        let mut src = format!("a: &a {}\n", "a.b.c".repeat(8_000));
        for i in 0..30 {
            let p = if i == 0 { "a".to_string() } else { format!("n{}", i - 1) };
            src.push_str(&format!("k{i}: &n{i} [{}]\n", vec![format!("*{p}"); 9].join(", ")));
        }
        let t = std::time::Instant::now();
        let e = load_yaml(&src, 0).unwrap_err();
        assert!(e.message.contains("alias"), "{}", e.message);
        assert!(t.elapsed().as_secs() < 2);
        // Aliases that copy little stay fine.
        let ok = "a: &a [x, y]\nb: *a\nc: *a\nd: &d long text here\ne: *d\n";
        assert!(load_yaml(ok, 0).unwrap().is_some());
    }

    #[test]
    fn deep_nesting_is_an_error() {
        let src = "[".repeat(100_000);
        let e = load_yaml(&src, 0).unwrap_err();
        assert!(
            e.message.contains("nested") || e.message.contains("recursion limit"),
            "{}",
            e.message
        );
        let src = "a:\n".to_string()
            + &(1..200)
                .map(|i| format!("{}b:\n", " ".repeat(i)))
                .collect::<String>();
        assert!(load_yaml(&src, 0).is_err());
    }

    #[test]
    fn json_spans_and_errors() {
        let src = r#"{"a": "x\"y", "b": [1, true, null], "c": {"d": -1.5e3}}"#;
        let n = load_json(src).unwrap();
        assert_eq!(&src[n.closest("/a").span.range()], r#"x\"y"#);
        assert_eq!(&src[n.closest("/b/1").span.range()], "true");
        assert_eq!(&src[n.closest("/c/d").span.range()], "-1.5e3");
        assert_eq!(n.closest("/c/zz").span, n.closest("/c").span);
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        let e = load_json(&deep).unwrap_err();
        assert!(e.message.contains("recursion"), "{}", e.message);
        let e = load_json("{\n  \"a\": tru\n}").unwrap_err();
        assert!((9..=13).contains(&e.span.start), "{:?}", e.span);
    }
}
