//! Sections: the heading tree with each heading's kind.

use super::blocks::Doc;
use super::trim_range;
use crate::model::*;
use crate::ParseOptions;

pub(super) fn sections(source: &str, doc: &Doc, options: &ParseOptions) -> Vec<Section> {
    let hs = &doc.headings;
    let mut out: Vec<Section> = Vec::with_capacity(hs.len());
    let mut stack: Vec<usize> = Vec::new();
    // The level-1 heading is the report's title, not a section kind, when it
    // is the first heading and the only one at level 1 and the document has
    // others ("# Retrospective: OP Drop #1" is a title; a report written
    // with `#` sections has several). A title that is exactly a section name
    // ("# Summary") is still that section.
    let level1 = hs.iter().filter(|h| h.level == 1).count();
    let title = (level1 == 1 && hs.len() > 1 && hs[0].level == 1)
        .then_some(0)
        .filter(|_| options.headings.exact_kind(&hs[0].text).is_none());
    for (i, h) in hs.iter().enumerate() {
        let next_any = hs.get(i + 1).map_or(source.len(), |n| n.range.start);
        let next_same = hs[i + 1..]
            .iter()
            .find(|n| n.level <= h.level)
            .map_or(source.len(), |n| n.range.start);
        let body_start = h.range.end.min(next_any);
        let body = trim_range(source, body_start..next_any);
        let span_end = trim_range(source, h.range.start..next_same).end;
        while stack.last().is_some_and(|&p| hs[p].level >= h.level) {
            stack.pop();
        }
        out.push(Section {
            heading: h.text.clone(),
            level: h.level,
            kind: if title == Some(i) {
                None
            } else {
                let kind = options.headings.kind_of(&h.text);
                // Under action items, a subheading groups actions ("###
                // Incident response", "### Short-term"): it is not a
                // response section of its own.
                let in_actions = stack
                    .last()
                    .and_then(|&p| out.get(p))
                    .is_some_and(|p: &Section| p.kind.as_deref() == Some("recommendations"));
                if in_actions && kind.as_deref() != Some("recommendations") {
                    None
                } else {
                    kind
                }
            },
            span: Span::new(h.range.start, span_end),
            heading_span: Span::new(h.range.start, h.range.end),
            body: source[body.clone()].to_string(),
            body_span: Span::new(body.start, body.end),
            parent: stack.last().map(|&p| p as u32),
        });
        stack.push(i);
    }
    out
}

