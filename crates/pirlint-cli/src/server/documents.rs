//! The open documents: their unsaved text, when each is due to be checked
//! (the debounce), and the findings of the text last checked, kept with that
//! text so code actions and hover always agree with the spans.

use super::position::{Encoding, LineIndex};
use lsp_types::{TextDocumentContentChangeEvent, Url};
use pirlint_host::Finding;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long after the last edit a document is checked: long enough that
/// typing a word costs one check, short enough to feel live.
pub const DEBOUNCE: Duration = Duration::from_millis(200);

pub struct Document {
    pub text: String,
    pub version: i32,
    /// The path that decides the report's format and which `[[overrides]]`
    /// apply (for an unsaved buffer without a file, a made-up `.md` path).
    pub path: PathBuf,
    /// When to check it; `None` when the findings are current.
    pub due: Option<Instant>,
    /// The findings and the text they were computed on.
    pub checked: Option<Checked>,
}

pub struct Checked {
    pub text: Arc<str>,
    pub findings: Vec<Finding>,
}

impl Document {
    /// The findings of the current text, when they are (the caller checks the
    /// document first otherwise).
    pub fn current(&self) -> Option<&Checked> {
        self.checked.as_ref().filter(|c| *c.text == *self.text)
    }
}

#[derive(Default)]
pub struct Documents {
    docs: HashMap<Url, Document>,
}

/// The file path of a document URI, or a stand-in for the format and
/// overrides when it has none (`untitled:` buffers).
pub fn path_of(uri: &Url) -> PathBuf {
    match uri.to_file_path() {
        Ok(path) => path,
        Err(()) => {
            let name = uri.path().rsplit('/').next().filter(|n| !n.is_empty()).unwrap_or("untitled");
            if pirlint_host::pirlint_report::format_for_path(std::path::Path::new(name)).is_some() {
                PathBuf::from(name)
            } else {
                PathBuf::from(format!("{name}.md"))
            }
        }
    }
}

impl Documents {
    /// Opens a document, to be checked at once.
    pub fn open(&mut self, uri: Url, text: String, version: i32) {
        let path = path_of(&uri);
        self.docs.insert(uri, Document { text, version, path, due: Some(Instant::now()), checked: None });
    }

    pub fn close(&mut self, uri: &Url) -> bool {
        self.docs.remove(uri).is_some()
    }

    /// Applies edits (whole text or ranges, in the negotiated encoding) and
    /// schedules a check after the debounce.
    pub fn change(&mut self, uri: &Url, version: i32, changes: Vec<TextDocumentContentChangeEvent>, encoding: Encoding) {
        let Some(doc) = self.docs.get_mut(uri) else { return };
        for change in changes {
            apply(&mut doc.text, change, encoding);
        }
        doc.version = version;
        doc.due = Some(Instant::now() + DEBOUNCE);
    }

    /// Checks the document now (on save, or before answering a request).
    pub fn expedite(&mut self, uri: &Url) {
        if let Some(doc) = self.docs.get_mut(uri) {
            if doc.due.is_some() {
                doc.due = Some(Instant::now());
            }
        }
    }

    /// Schedules a check now, even when the findings are current (the
    /// policy changed).
    pub fn recheck(&mut self, uri: &Url) {
        if let Some(doc) = self.docs.get_mut(uri) {
            doc.due = Some(Instant::now());
        }
    }

    /// The documents due at `now`.
    pub fn due(&self, now: Instant) -> Vec<Url> {
        let mut due: Vec<Url> = self.docs.iter().filter(|(_, d)| d.due.is_some_and(|t| t <= now)).map(|(u, _)| u.clone()).collect();
        due.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        due
    }

    /// The earliest pending check.
    pub fn next_due(&self) -> Option<Instant> {
        self.docs.values().filter_map(|d| d.due).min()
    }

    pub fn get(&self, uri: &Url) -> Option<&Document> {
        self.docs.get(uri)
    }

    pub fn get_mut(&mut self, uri: &Url) -> Option<&mut Document> {
        self.docs.get_mut(uri)
    }

    pub fn uris(&self) -> Vec<Url> {
        self.docs.keys().cloned().collect()
    }
}

fn apply(text: &mut String, change: TextDocumentContentChangeEvent, encoding: Encoding) {
    match change.range {
        None => *text = change.text,
        Some(range) => {
            let (start, end) = {
                let index = LineIndex::new(text, encoding);
                (index.offset(range.start), index.offset(range.end))
            };
            let end = end.max(start);
            text.replace_range(start..end, &change.text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};

    fn edit(l0: u32, c0: u32, l1: u32, c1: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range { start: Position { line: l0, character: c0 }, end: Position { line: l1, character: c1 } }),
            range_length: None,
            text: text.into(),
        }
    }

    #[test]
    fn incremental_edits_apply_in_order_in_utf16() {
        let uri: Url = "file:///r/report.md".parse().unwrap();
        let mut docs = Documents::default();
        docs.open(uri.clone(), "é😀 ab\nsecond\n".into(), 1);
        docs.change(
            &uri,
            2,
            vec![edit(0, 4, 0, 5, "A"), edit(1, 0, 1, 6, "2nd"), edit(0, 0, 0, 0, "> ")],
            Encoding::Utf16,
        );
        let doc = docs.get(&uri).unwrap();
        assert_eq!(doc.text, "> é😀 Ab\n2nd\n");
        assert_eq!(doc.version, 2);
        assert!(doc.due.unwrap() > Instant::now());
        assert_eq!(doc.path, PathBuf::from("/r/report.md"));
    }

    #[test]
    fn a_full_change_replaces_the_text() {
        let uri: Url = "untitled:Untitled-1".parse().unwrap();
        let mut docs = Documents::default();
        docs.open(uri.clone(), "old".into(), 1);
        let full = TextDocumentContentChangeEvent { range: None, range_length: None, text: "new".into() };
        docs.change(&uri, 2, vec![full], Encoding::Utf8);
        assert_eq!(docs.get(&uri).unwrap().text, "new");
        assert_eq!(docs.get(&uri).unwrap().path, PathBuf::from("Untitled-1.md"));
    }
}
