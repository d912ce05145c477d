//! Unified diffs of fixes (`--diff`), computed from the edits themselves:
//! each edit changes the whole lines it touches; nearby changes share a
//! hunk with three lines of context.

use pirlint_host::finding::Edit;
use std::fmt::Write;

const CONTEXT: usize = 3;

/// A run of whole old lines `[lo, hi)` replaced by `new` text.
struct Block {
    lo: usize,
    hi: usize,
    new: String,
}

fn push_line(out: &mut String, prefix: char, line: &str) {
    out.push(prefix);
    out.push_str(line);
    if !line.ends_with('\n') {
        out.push_str("\n\\ No newline at end of file\n");
    }
}

/// The unified diff turning `old` into the result of `edits` (sorted,
/// non-overlapping); empty when they change nothing.
pub fn unified(path: &str, old: &str, edits: &[Edit]) -> String {
    let lines: Vec<&str> = old.split_inclusive('\n').collect();
    let starts: Vec<usize> = lines.iter().scan(0, |at, l| {
        let s = *at;
        *at += l.len();
        Some(s)
    }).collect();
    // The line holding byte `offset`; `lines.len()` for the end of a file
    // ending in a newline (a virtual empty line).
    let line_of = |offset: usize| starts.partition_point(|&s| s <= offset).saturating_sub(1).min(lines.len());
    let line_of = |offset: usize| if offset >= old.len() && (old.is_empty() || old.ends_with('\n')) { lines.len() } else { line_of(offset) };
    let line_start = |i: usize| starts.get(i).copied().unwrap_or(old.len());

    // Old line ranges touched by each edit, merged when they share a line.
    let mut groups: Vec<(usize, usize, Vec<&Edit>)> = Vec::new();
    for e in edits {
        let (s, t) = (e.span.start as usize, e.span.end as usize);
        let lo = line_of(s);
        let hi = if t > s { line_of(t - 1) + 1 } else { (lo + 1).min(lines.len()).max(lo) };
        match groups.last_mut() {
            Some(g) if lo < g.1 || (lo == g.1 && lo == g.0) => {
                g.1 = g.1.max(hi);
                g.2.push(e);
            }
            _ => groups.push((lo, hi, vec![e])),
        }
    }
    let mut blocks = Vec::new();
    for (lo, hi, group) in groups {
        let (bs, be) = (line_start(lo), line_start(hi));
        let mut new = String::new();
        let mut at = bs;
        for e in group {
            new.push_str(&old[at..e.span.start as usize]);
            new.push_str(&e.replacement);
            at = e.span.end as usize;
        }
        new.push_str(&old[at..be]);
        if new != old[bs..be] {
            blocks.push(Block { lo, hi, new });
        }
    }
    if blocks.is_empty() {
        return String::new();
    }

    let mut out = format!("--- a/{path}\n+++ b/{path}\n");
    let mut delta: isize = 0; // new line count minus old, before the hunk
    let mut i = 0;
    while i < blocks.len() {
        let mut j = i;
        while j + 1 < blocks.len() && blocks[j + 1].lo <= blocks[j].hi + 2 * CONTEXT {
            j += 1;
        }
        let start = blocks[i].lo.saturating_sub(CONTEXT);
        let end = (blocks[j].hi + CONTEXT).min(lines.len());
        let mut body = String::new();
        let (mut old_count, mut new_count) = (0usize, 0usize);
        let mut at = start;
        for block in &blocks[i..=j] {
            for line in &lines[at..block.lo] {
                push_line(&mut body, ' ', line);
            }
            old_count += block.lo - at;
            new_count += block.lo - at;
            for line in &lines[block.lo..block.hi] {
                push_line(&mut body, '-', line);
            }
            let added: Vec<&str> = block.new.split_inclusive('\n').collect();
            for line in &added {
                push_line(&mut body, '+', line);
            }
            old_count += block.hi - block.lo;
            new_count += added.len();
            at = block.hi;
        }
        for line in &lines[at..end] {
            push_line(&mut body, ' ', line);
        }
        old_count += end - at;
        new_count += end - at;
        let old_start = if old_count == 0 { start } else { start + 1 };
        let new_first = start as isize + delta;
        let new_start = if new_count == 0 { new_first } else { new_first + 1 };
        let _ = writeln!(out, "@@ -{old_start},{old_count} +{new_start},{new_count} @@");
        out.push_str(&body);
        delta += new_count as isize - old_count as isize;
        i = j + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pirlint_host::pirlint_report::Span;

    fn edit(s: usize, e: usize, r: &str) -> Edit {
        Edit { span: Span::new(s, e), replacement: r.into() }
    }

    #[test]
    fn a_one_word_change_makes_one_hunk_with_context() {
        let old = "a\nb\nc\nd TODO\ne\nf\ng\nh\n";
        let at = old.find("TODO").unwrap();
        let d = unified("r.md", old, &[edit(at, at + 4, "DONE")]);
        assert_eq!(d, "--- a/r.md\n+++ b/r.md\n@@ -1,7 +1,7 @@\n a\n b\n c\n-d TODO\n+d DONE\n e\n f\n g\n");
    }

    #[test]
    fn distant_changes_make_two_hunks_and_a_missing_final_newline_is_marked() {
        let old: String = (1..=20).map(|i| format!("l{i}\n")).collect::<String>() + "end";
        let a = old.find("l2\n").unwrap();
        let z = old.find("end").unwrap();
        let d = unified("r.md", &old, &[edit(a, a + 2, "L2\nextra"), edit(z, z + 3, "END\n")]);
        assert!(d.contains("@@ -1,5 +1,6 @@\n l1\n-l2\n+L2\n+extra\n l3\n"), "{d}");
        assert!(d.contains("@@ -18,4 +19,4 @@\n l18\n l19\n l20\n-end\n\\ No newline at end of file\n+END\n"), "{d}");
    }

    #[test]
    fn an_insertion_at_the_end_and_no_change() {
        let d = unified("r.md", "a\n", &[edit(2, 2, "b\n")]);
        assert_eq!(d, "--- a/r.md\n+++ b/r.md\n@@ -1,1 +1,2 @@\n a\n+b\n");
        assert_eq!(unified("r.md", "a\n", &[edit(0, 1, "a")]), "");
    }
}
