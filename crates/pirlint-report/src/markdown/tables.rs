//! Table columns by header name, shared by the timeline and action-item
//! extractors.

use super::blocks::Cell;
use crate::model::*;

/// Words of a header cell, lower-cased.
pub(super) fn header_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

pub(super) fn column(headers: &[Vec<String>], names: &[&str], taken: &[usize]) -> Option<usize> {
    headers.iter().enumerate().find_map(|(i, words)| {
        (!taken.contains(&i) && words.iter().any(|w| names.contains(&w.as_str()))).then_some(i)
    })
}

pub(super) fn is_dash(s: &str) -> bool {
    matches!(s.trim(), "" | "-" | "—" | "–" | "--" | "n/a" | "N/A")
}

pub(super) fn cell_text(cells: &[Cell], col: Option<usize>) -> Option<Text> {
    let c = cells.get(col?)?;
    (!is_dash(&c.text)).then(|| Text {
        value: c.text.clone(),
        span: Span::new(c.range.start, c.range.end),
    })
}
