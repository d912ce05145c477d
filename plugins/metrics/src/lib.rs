//! pirlint built-in plugin `metrics`: the response times in the metadata are
//! complete and in order, impact is recorded for serious incidents, and the
//! actions taken during the response are listed.
//!
//! One rule per file in `src/rules/`; `build.rs` registers them.

use pirlint_plugin_sdk::rule::text_of;
use pirlint_plugin_sdk::types::Report;

pirlint_plugin_sdk::include_rules!();

/// A report's status as the metrics rules read it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Status {
    Final,
    Draft,
    Other,
}

/// The report's status, `None` when it gives none.
pub(crate) fn status_of(report: &Report, source: &str) -> Option<Status> {
    let s = text_of(source, report.metadata.status.as_ref()?).trim().to_lowercase();
    let s = s.replace(['_', '-'], " ");
    Some(match s.as_str() {
        "final" | "closed" | "resolved" | "complete" | "completed" | "done" | "published"
        | "reviewed" | "approved" => Status::Final,
        "draft" | "in progress" | "wip" | "open" | "investigating" | "ongoing" | "in review"
        | "under review" | "pending" => Status::Draft,
        _ => Status::Other,
    })
}
