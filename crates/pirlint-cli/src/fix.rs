//! `--fix`, `--unsafe-fixes` and `--diff`: choosing, applying and writing
//! the fixes plugins attach to findings.
//!
//! * Each finding contributes its first fix whose applicability is allowed
//!   (safe, or unsafe too with `--unsafe-fixes`).
//! * Candidates are taken in order of their first edit's start (then end,
//!   then finding order); a fix any of whose edits overlaps an edit already
//!   accepted (or another of its own) is skipped whole: a fix's edits are
//!   all-or-nothing.
//! * Edits are byte spans of the text as read, which is the file's bytes
//!   (reports are read as UTF-8 without transcoding), so everything outside
//!   the spans, line endings included, is kept byte for byte.
//! * Files are written atomically (a temporary file in the same directory,
//!   then a rename) with the original permissions, and only if their bytes
//!   are still those that were checked.

use pirlint_host::finding::{Applicability, Edit};
use pirlint_host::Finding;
use std::io::Write;
use std::path::Path;

/// The accepted edits of one file, sorted and non-overlapping.
pub struct Plan {
    pub edits: Vec<Edit>,
    pub fixes_applied: usize,
    pub fixes_skipped: usize,
}

fn overlaps(a: &Edit, b: &Edit) -> bool {
    let (a0, a1, b0, b1) = (a.span.start, a.span.end, b.span.start, b.span.end);
    // Two edits at the same start conflict even when empty (two insertions
    // at one point would have no defined order).
    (a0 < b1 && b0 < a1) || a0 == b0
}

pub fn plan(source: &str, findings: &[Finding], unsafe_fixes: bool) -> Plan {
    let mut candidates: Vec<(u32, u32, usize, Vec<Edit>)> = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        let Some(fix) = f.fixes.iter().find(|fix| fix.applicability == Applicability::Safe || unsafe_fixes) else {
            continue;
        };
        if fix.edits.is_empty() {
            continue;
        }
        let mut edits = fix.edits.clone();
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        candidates.push((edits[0].span.start, edits[0].span.end, i, edits));
    }
    candidates.sort_by_key(|c| (c.0, c.1, c.2));
    let mut accepted: Vec<Edit> = Vec::new();
    let (mut applied, mut skipped) = (0, 0);
    for (_, _, _, edits) in candidates {
        let in_bounds = edits.iter().all(|e| {
            e.span.start <= e.span.end
                && source.is_char_boundary(e.span.start as usize)
                && source.is_char_boundary(e.span.end as usize)
                && (e.span.end as usize) <= source.len()
        });
        let self_overlap = edits.windows(2).any(|w| overlaps(&w[0], &w[1]));
        let conflict = edits.iter().any(|e| accepted.iter().any(|a| overlaps(a, e)));
        if !in_bounds || self_overlap || conflict {
            skipped += 1;
            continue;
        }
        applied += 1;
        accepted.extend(edits);
    }
    accepted.sort_by_key(|e| (e.span.start, e.span.end));
    Plan { edits: accepted, fixes_applied: applied, fixes_skipped: skipped }
}

/// `source` with the (sorted, non-overlapping) `edits` applied.
pub fn apply(source: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(source.len());
    let mut at = 0;
    for e in edits {
        out.push_str(&source[at..e.span.start as usize]);
        out.push_str(&e.replacement);
        at = e.span.end as usize;
    }
    out.push_str(&source[at..]);
    out
}

/// Replaces `path`'s content with `new` atomically, unless its bytes are no
/// longer `expected`.
pub fn write_if_unchanged(path: &Path, expected: &[u8], new: &[u8]) -> Result<(), String> {
    let current = std::fs::read(path).map_err(|e| format!("cannot re-read it: {e}"))?;
    if current != expected {
        return Err("it changed since it was checked; not written".into());
    }
    let permissions = std::fs::metadata(path).map_err(|e| e.to_string())?.permissions();
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut n = 0;
    let (tmp, mut file) = loop {
        let tmp = dir.join(format!(".{name}.pirlint-{}-{n}.tmp", std::process::id()));
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(file) => break (tmp, file),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(e) => return Err(format!("cannot create a temporary file in {}: {e}", dir.display())),
        }
    };
    let result = file
        .write_all(new)
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::set_permissions(&tmp, permissions))
        .and_then(|()| std::fs::rename(&tmp, path));
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot write it: {e}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use pirlint_host::finding::{Fix, LineIndex};
    use pirlint_host::pirlint_report::Span;
    use pirlint_host::Severity;

    fn finding(source: &str, fixes: Vec<Fix>) -> Finding {
        Finding {
            rule: "x/y".into(),
            plugin: "x".into(),
            severity: Severity::Error,
            message: "m".into(),
            primary: LineIndex::new(source).label(Span::new(0, 0), String::new()),
            secondary: Vec::new(),
            help: None,
            fixes,
        }
    }

    fn fix(applicability: Applicability, edits: &[(usize, usize, &str)]) -> Fix {
        Fix {
            description: "d".into(),
            applicability,
            edits: edits.iter().map(|&(s, e, r)| Edit { span: Span::new(s, e), replacement: r.into() }).collect(),
        }
    }

    #[test]
    fn overlapping_fixes_keep_the_earliest_and_are_all_or_nothing() {
        let src = "abcdefghij";
        let findings = vec![
            finding(src, vec![fix(Applicability::Safe, &[(2, 5, "X")])]),
            // overlaps the first: skipped whole, its second edit too
            finding(src, vec![fix(Applicability::Safe, &[(4, 6, "Y"), (8, 9, "Z")])]),
            finding(src, vec![fix(Applicability::Safe, &[(0, 1, "A")])]),
            finding(src, vec![fix(Applicability::Unsafe, &[(9, 10, "U")])]),
        ];
        let p = plan(src, &findings, false);
        assert_eq!((p.fixes_applied, p.fixes_skipped), (2, 1));
        assert_eq!(apply(src, &p.edits), "AbXfghij");
        let p = plan(src, &findings, true);
        assert_eq!(apply(src, &p.edits), "AbXfghiU");
    }

    /// An edit made after pirlint read the file, while it was writing the
    /// fixed copy, must survive: the fix is refused instead.
    #[test]
    fn an_edit_made_while_the_fix_is_staged_survives_and_the_fix_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.md");
        std::fs::write(&path, "old\n").unwrap();
        let staged = stage(&path, b"old\n", b"new\n").unwrap();
        std::fs::write(&path, "old\nedited meanwhile\n").unwrap();
        let err = staged.commit().unwrap_err();
        assert!(err.contains("changed"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"old\nedited meanwhile\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "a temporary file was left behind");

        // Replaced by another file (as editors save), even with the same
        // bytes: its owner or mode may differ from what was staged.
        let staged = stage(&path, b"old\nedited meanwhile\n", b"new\n").unwrap();
        std::fs::write(dir.path().join("saved"), "old\nedited meanwhile\n").unwrap();
        std::fs::rename(dir.path().join("saved"), &path).unwrap();
        let err = staged.commit().unwrap_err();
        assert!(err.contains("changed"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"old\nedited meanwhile\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "a temporary file was left behind");

        // Unchanged: committed.
        stage(&path, b"old\nedited meanwhile\n", b"new\n").unwrap().commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new\n");
    }

    #[test]
    fn a_changed_file_is_not_written_and_permissions_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.md");
        std::fs::write(&path, "old\r\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        let err = write_if_unchanged(&path, b"something else", b"new").unwrap_err();
        assert!(err.contains("changed since"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"old\r\n");
        write_if_unchanged(&path, b"old\r\n", b"new\r\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new\r\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
        }
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "a temporary file was left behind");
    }
}
