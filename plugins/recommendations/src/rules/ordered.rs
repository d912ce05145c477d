//! `recommendations/ordered`.

use pirlint_plugin_sdk::prelude::*;

use crate::*;

const ID: &str = "recommendations/ordered";

rule! {
    /// Checks that action items are listed most urgent first, according to the
    /// `scale` option (same as `recommendations/priority`). Items without a priority
    /// on the scale are ignored. Only the first out-of-order item is reported: the
    /// primary label is on its priority, the secondary on the item it belongs right
    /// after (or, if it belongs first, on the less urgent item listed before it).
    ///
    /// ## How to fix
    ///
    /// When the items are rows of one Markdown table, all with a priority on the
    /// scale, a **safe** fix sorts the rows by priority (stable: rows of equal
    /// priority keep their order), moving each row byte for byte. No fix is offered
    /// for lists, for JSON/YAML reports, or when a row has no priority on the scale.
    ///
    /// ```markdown
    /// | Action                        | Priority |
    /// |-------------------------------|----------|
    /// | Patch the VPN appliances      | P0       |
    /// | Add a phishing drill          | P2       |
    /// ```
    ///
    /// ## Why it matters
    ///
    /// The list is read from the top, by the reviewers and by the teams picking up
    /// the work; the Google SRE workbook's example and PagerDuty's guide put the
    /// P0/P1 follow-ups first.
    ///
    /// ## Options
    ///
    /// - `scale` (list of strings, default `["P0", "P1", "P2", "P3"]`): priorities,
    ///   most urgent first. Set it to the same value as for
    ///   `recommendations/priority`.
    pub struct Ordered;
}

impl Rule for Ordered {
    const ID: &'static str = ID;
    const SUMMARY: &'static str = "Action items are listed most urgent first";
    const DEFAULT_SEVERITY: Severity = Severity::Info;
    const FIXABLE: bool = true;
    type Options = ScaleOptions;

    fn check(cx: &Context<'_>, opts: &ScaleOptions) -> Vec<Diagnostic> {
        ordered(&Ctx::new(cx), opts)
    }
}

fn ordered(r: &Ctx<'_>, opts: &ScaleOptions) -> Vec<Diagnostic> {
    let ranked: Vec<(usize, usize)> = r
        .recs
        .iter()
        .enumerate()
        .filter_map(|(i, x)| Some((i, opts.rank(r.cx.text(x.priority.as_ref()?))?)))
        .collect();
    let mut worst: Option<(usize, usize)> = None; // least urgent seen so far
    for (k, &(i, rank)) in ranked.iter().enumerate() {
        if let Some((wi, wrank)) = worst {
            if rank < wrank {
                let item = &r.recs[i];
                let p = item.priority.as_ref().map_or("", |t| r.cx.text(t).trim());
                // In priority order it belongs right after the last earlier
                // item at least as urgent; if none, before the first less
                // urgent one.
                let after = ranked[..k].iter().rev().find(|&&(_, rk)| rk <= rank);
                let (sec, sec_msg) = match after {
                    Some(&(j, _)) => (
                        r.recs[j].text.span,
                        format!(
                            "it should come right after this {} item",
                            r.recs[j].priority.as_ref().map_or("", |t| r.cx.text(t).trim())
                        ),
                    ),
                    None => (
                        r.recs[wi].text.span,
                        format!(
                            "it should come before this less urgent {} item",
                            r.recs[wi].priority.as_ref().map_or("", |t| r.cx.text(t).trim())
                        ),
                    ),
                };
                let mut d = Diagnostic::new(
                    ID,
                    item.priority.as_ref().map_or(item.text.span, |t| t.span),
                    format!("{p} action item listed after a less urgent one"),
                )
                .label(format!("{p} here"))
                .secondary(sec, sec_msg)
                .help(
                    "Readers and the teams picking up the work read the list from the top: \
                     put the most urgent actions first (Google SRE workbook, ch. 10; \
                     PagerDuty lists P0/P1 follow-ups first).",
                );
                if let Some(f) = reorder_fix(r, opts, i) {
                    d = d.fix(f);
                }
                return vec![d];
            }
        }
        if worst.is_none_or(|(_, w)| rank > w) {
            worst = Some((i, rank));
        }
    }
    Vec::new()
}

/// Sorts the Markdown table holding item `i` by priority, keeping every row
/// byte for byte. Offered only when the rows are consecutive lines of one
/// table and every row has a priority on the scale, so the result is exact.
fn reorder_fix(r: &Ctx<'_>, opts: &ScaleOptions, i: usize) -> Option<Fix> {
    if r.report.format != SourceFormat::Markdown || !is_table_row(r.source, r.recs[i].span) {
        return None;
    }
    let src = r.source;
    let joined = |a: &Recommendation, b: &Recommendation| {
        a.span.end <= b.span.start
            && matches!(
                text::slice(src, Span::new(a.span.end, b.span.start)),
                "\n" | "\r\n"
            )
    };
    let (mut lo, mut hi) = (i, i);
    while lo > 0 && joined(&r.recs[lo - 1], &r.recs[lo]) {
        lo -= 1;
    }
    while hi + 1 < r.recs.len() && joined(&r.recs[hi], &r.recs[hi + 1]) {
        hi += 1;
    }
    let rows = &r.recs[lo..=hi];
    // The parser only makes rows of table lines; check anyway, the edit
    // must not eat anything else.
    if rows.iter().any(|x| {
        let l = text::slice(src, x.span);
        !l.starts_with('|') || l.contains('\n')
    }) {
        return None;
    }
    // Rows the parser skipped (no action text) would sit between two items
    // without a bare newline and stop the run above; a run must also cover
    // the table to its end so that no row is left out of the sort.
    let ranks: Option<Vec<usize>> = rows
        .iter()
        .map(|x| opts.rank(r.cx.text(x.priority.as_ref()?)))
        .collect();
    let ranks = ranks?;
    let seps: Vec<&str> = rows
        .windows(2)
        .map(|w| text::slice(src, Span::new(w[0].span.end, w[1].span.start)))
        .collect();
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|&k| ranks[k]); // stable: equal priorities keep their order
    let mut replacement = String::new();
    for (n, &k) in order.iter().enumerate() {
        if n > 0 {
            replacement.push_str(seps[n - 1]);
        }
        replacement.push_str(text::slice(src, rows[k].span));
    }
    let span = Span::new(rows[0].span.start, rows[rows.len() - 1].span.end);
    Some(Fix::safe(
        "sort the table rows by priority",
        vec![Edit::new(span, replacement)],
    ))
}
