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
//!   then a rename) with the original owner and permissions, and only if
//!   they are still, bytes and metadata, what was checked, looked at last
//!   just before the rename. Files a rewrite would harm are refused: links
//!   (symbolic or hard), setuid/setgid and read-only files, and files whose
//!   owner cannot be kept (see [`stage`], and [`Staged::commit`] for the
//!   window that remains).

use pirlint_host::finding::{Applicability, Edit};
use pirlint_host::Finding;
use std::io::{Read, Write};
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

const CHANGED: &str = "not fixed: it changed since it was checked";

/// Replaces `path`'s content with `new` atomically, unless its bytes are no
/// longer `expected` or it is a file a rewrite would harm (see [`stage`]).
pub fn write_if_unchanged(path: &Path, expected: &[u8], new: &[u8]) -> Result<(), String> {
    stage(path, expected, new)?.commit()
}

/// The fixed text written to a temporary file beside the one it replaces,
/// with that file's owner and mode, not yet renamed over it. Dropping it
/// removes the temporary file.
pub struct Staged<'a> {
    path: &'a Path,
    expected: &'a [u8],
    seen: Identity,
    temp: tempfile::NamedTempFile,
}

/// Writes `new` beside `path` for [`Staged::commit`] to put in its place,
/// or refuses a file whose bytes are not `expected` any more, and a file
/// that a new file in its place would not faithfully replace:
///
/// * a symbolic link, which would become a regular file, and whose target
///   may lie anywhere (a link planted in a repository can point into the
///   home directory of whoever runs `--fix`);
/// * a file with more than one hard link: its other names would keep the
///   old text. Writing in place instead would keep them one file, but it
///   cannot be atomic and changes a file under names pirlint was not given;
/// * a setuid or setgid file, which runs with its owner's or group's
///   rights: no fix to a report needs them, and a rewrite must not carry
///   them over to new content;
/// * a read-only file (its owner may not write it): someone made it so;
/// * a file whose owner and group the new file cannot be given (another
///   user's file, when pirlint does not run as root).
pub fn stage<'a>(path: &'a Path, expected: &'a [u8], new: &[u8]) -> Result<Staged<'a>, String> {
    let (meta, bytes) = current(path, expected.len())?;
    if let Some(reason) = refusal(&meta) {
        return Err(reason);
    }
    if bytes != expected {
        return Err(CHANGED.into());
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".pirlint.tmp")
        .tempfile_in(dir)
        .map_err(|e| format!("cannot create a temporary file in {}: {e}", dir.display()))?;
    keep_owner(temp.as_file(), &meta)?;
    // After the owner: changing it may clear mode bits.
    temp.as_file().set_permissions(meta.permissions()).map_err(|e| format!("cannot write it: {e}"))?;
    temp.write_all(new).and_then(|()| temp.as_file().sync_all()).map_err(|e| format!("cannot write it: {e}"))?;
    Ok(Staged { path, expected, seen: Identity::of(&meta), temp })
}

impl Staged<'_> {
    /// Renames the fixed text over the file if the file is still the one
    /// staged, byte for byte and in its metadata; otherwise refuses and
    /// leaves it alone.
    ///
    /// The check is the last step before the rename, after the slow ones
    /// (writing and syncing the new text), but two windows remain, as with
    /// any editor that saves by renaming: an edit saved between this check
    /// and the rename (the time of one `stat` and one read) is lost, and so
    /// is one written after the rename by a program that opened the file
    /// before it: its bytes go to the replaced file, which no name points
    /// to any more. Closing them would need a lock every editor honoured,
    /// and there is none.
    pub fn commit(self) -> Result<(), String> {
        let (meta, bytes) = current(self.path, self.expected.len())?;
        if Identity::of(&meta) != self.seen || bytes != self.expected {
            return Err(CHANGED.into());
        }
        self.temp.persist(self.path).map_err(|e| format!("cannot write it: {}", e.error))?;
        Ok(())
    }
}

/// The metadata of the file at `path` itself (never a link's target) and
/// its first bytes, enough to tell them from `expected_len` bytes: both
/// from one open file, so that they describe the same file.
fn current(path: &Path, expected_len: usize) -> Result<(std::fs::Metadata, Vec<u8>), String> {
    let entry = std::fs::symlink_metadata(path).map_err(|e| format!("cannot re-read it: {e}"))?;
    if entry.file_type().is_symlink() {
        let target = std::fs::read_link(path).map(|t| format!(" to {}", t.display())).unwrap_or_default();
        return Err(format!(
            "not fixed: it is a symbolic link{target}; --fix writes only the file it is given, never through a link \
             (run it on the target if that is the file to fix)"
        ));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // A link or FIFO swapped in since the look above must neither be
        // followed nor block the read.
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| format!("cannot re-read it: {e}"))?;
    let meta = file.metadata().map_err(|e| format!("cannot re-read it: {e}"))?;
    if !meta.is_file() {
        return Err("not fixed: it is not a regular file".into());
    }
    let mut bytes = Vec::with_capacity(expected_len + 1);
    file.take(expected_len as u64 + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot re-read it: {e}"))?;
    Ok((meta, bytes))
}

#[cfg(unix)]
fn refusal(meta: &std::fs::Metadata) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let mode = meta.mode() & 0o7777;
    if meta.nlink() > 1 {
        return Some(format!(
            "not fixed: it has {} hard links, and a fixed copy in its place would leave the other names with the old text \
             (to fix this name alone, replace it with a copy of itself first)",
            meta.nlink()
        ));
    }
    for (bit, name) in [(0o4000, "setuid"), (0o2000, "setgid")] {
        if mode & bit != 0 {
            return Some(format!(
                "not fixed: it is {name} (mode {mode:04o}); pirlint does not rewrite files that run with their \
                 owner's or group's rights (clear the bit with chmod if it is not meant to be there)"
            ));
        }
    }
    if mode & 0o200 == 0 {
        return Some(format!("not fixed: it is read-only (mode {mode:04o}); make it writable (chmod u+w) to let --fix change it"));
    }
    None
}

#[cfg(not(unix))]
fn refusal(meta: &std::fs::Metadata) -> Option<String> {
    meta.permissions().readonly().then(|| "not fixed: it is read-only; make it writable to let --fix change it".into())
}

#[cfg(unix)]
fn keep_owner(temp: &std::fs::File, meta: &std::fs::Metadata) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    let made = temp.metadata().map_err(|e| format!("cannot write it: {e}"))?;
    if (made.uid(), made.gid()) == (meta.uid(), meta.gid()) {
        return Ok(());
    }
    // Allowed to root, and to the owner for a group it is in: exactly the
    // cases where a rewrite can keep the file's owner.
    std::os::unix::fs::fchown(temp, Some(meta.uid()), Some(meta.gid())).map_err(|e| {
        format!(
            "not fixed: it belongs to user {} and group {}, and pirlint cannot give the fixed file the same owner ({e}); \
             run --fix as its owner",
            meta.uid(),
            meta.gid()
        )
    })
}

#[cfg(not(unix))]
fn keep_owner(_temp: &std::fs::File, _meta: &std::fs::Metadata) -> Result<(), String> {
    Ok(())
}

/// What tells one state of a file from another without reading it: a file
/// replaced has another inode; one written, chmod-ed, chown-ed or linked, a
/// new ctime (and the fields that changed, for file systems whose
/// timestamps are coarse).
#[derive(PartialEq, Eq)]
struct Identity {
    len: u64,
    modified: Option<std::time::SystemTime>,
    readonly: bool,
    #[cfg(unix)]
    inode: (u64, u64),
    #[cfg(unix)]
    owner_and_mode: (u32, u32, u32, u64),
    #[cfg(unix)]
    changed: (i64, i64),
}

impl Identity {
    fn of(m: &std::fs::Metadata) -> Self {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Identity {
            len: m.len(),
            modified: m.modified().ok(),
            readonly: m.permissions().readonly(),
            #[cfg(unix)]
            inode: (m.dev(), m.ino()),
            #[cfg(unix)]
            owner_and_mode: (m.uid(), m.gid(), m.mode(), m.nlink()),
            #[cfg(unix)]
            changed: (m.ctime(), m.ctime_nsec()),
        }
    }
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
