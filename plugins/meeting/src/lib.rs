//! pirlint built-in plugin `meeting`: the lessons-learned meeting was held,
//! in time, with a moderator and a scribe, the responders and an agenda.
//!
//! Only `meeting/held` looks beyond the structured `meeting` record (front
//! matter or JSON/YAML): without that record there is nothing for the other
//! rules to read, and one finding says so instead of five.

use pirlint_plugin_sdk::prelude::*;
use pirlint_plugin_sdk::types::{Meeting, Timestamp};

mod util;

#[cfg(test)]
use util::*;

pirlint_plugin_sdk::include_rules!();

/// The `meeting` key in the front matter, for findings about something the
/// record lacks; the record's first line when the key cannot be found.
pub(crate) fn meeting_anchor(cx: &Context<'_>, m: &Meeting) -> Span {
    let (report, source) = (cx.report, cx.source());
    let lo = report.metadata.span.map_or(0, |s| s.start);
    let before = text::slice(source, Span::new(lo, m.span.start));
    if let Some(i) = before.to_ascii_lowercase().rfind("meeting") {
        let start = lo + i as u32;
        return Span::new(start, start + "meeting".len() as u32);
    }
    text::lines(source, m.span)
        .into_iter()
        .map(|l| text::trim(source, l))
        .find(|l| !l.is_empty())
        .unwrap_or(m.span)
}

/// The meeting record and its date, when the report has both and the date
/// is not a placeholder (`TBD`: structure/placeholder reports it).
pub(crate) fn meeting_date<'a>(cx: &Context<'a>) -> Option<(&'a Meeting, &'a Timestamp)> {
    let m = cx.report.metadata.meeting.as_ref()?;
    let date = m.date.as_ref()?;
    (!util::is_placeholder(cx.text(date))).then_some((m, date))
}

#[cfg(test)]
mod tests;
