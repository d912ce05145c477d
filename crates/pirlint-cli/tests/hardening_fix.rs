//! What `--fix` refuses to rewrite and what it keeps of the files it does
//! rewrite, and `pirlint init` next to a planted symbolic link. The edit
//! made while a fix is being written is tested in `src/fix.rs`, where the
//! steps between reading and renaming can be separated.
#![cfg(unix)]

mod common;
use common::{pirlint, repo, run};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

const REPORT: &str = "# Summary\n\nOne TODO here.\n";
const FIXED: &str = "# Summary\n\nOne DONE here.\n";

fn fixture_fix() -> String {
    repo().join("tests/plugins/dist/fixture-fix.wasm").display().to_string()
}

/// `pirlint check --fix FILES` in `dir` with the fixture plugin whose
/// `fixture-fix/todo` findings have a safe fix (TODO → DONE).
fn fix(dir: &Path, files: &[&str]) -> (i32, String, String) {
    run(pirlint(dir).args(["check", "--fix", "--format", "short", "--plugin", &fixture_fix()]).args(files))
}

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path).unwrap().mode() & 0o7777
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

fn running_as_root() -> bool {
    // The owner of a file just created is the effective user.
    let probe = tempfile::NamedTempFile::new().unwrap();
    probe.as_file().metadata().unwrap().uid() == 0
}

#[test]
fn a_read_only_report_is_refused_by_name_and_the_others_are_still_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let (ro, rw) = (dir.path().join("ro.md"), dir.path().join("rw.md"));
    std::fs::write(&ro, REPORT).unwrap();
    std::fs::write(&rw, REPORT).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o444)).unwrap();
    let (code, stdout, stderr) = fix(dir.path(), &["ro.md", "rw.md"]);
    assert_eq!(read(&ro), REPORT, "a read-only file was rewritten: {stderr}");
    assert_eq!(mode(&ro), 0o444);
    assert_eq!(read(&rw), FIXED, "{stderr}");
    assert!(stderr.contains("ro.md") && stderr.contains("read-only"), "{stderr}");
    assert!(stderr.contains("Fixed 1 problem in 1 file") && stderr.contains("1 file not fixed"), "{stderr}");
    // What was not fixed is still reported, and the run says so.
    assert!(stdout.lines().any(|l| l.starts_with("ro.md:") && l.contains("fixture-fix/todo")), "{stdout}");
    assert!(!stdout.lines().any(|l| l.starts_with("rw.md:") && l.contains("fixture-fix/todo")), "{stdout}");
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn a_symlinked_report_is_refused_and_stays_a_link_to_an_untouched_target() {
    let dir = tempfile::tempdir().unwrap();
    let (target, link) = (dir.path().join("target.md"), dir.path().join("link.md"));
    std::fs::write(&target, REPORT).unwrap();
    std::os::unix::fs::symlink("target.md", &link).unwrap();
    let (code, _, stderr) = fix(dir.path(), &["link.md"]);
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link was replaced: {stderr}");
    assert_eq!(std::fs::read_link(&link).unwrap(), Path::new("target.md"));
    assert_eq!(read(&target), REPORT);
    assert!(stderr.contains("link.md") && stderr.contains("symbolic link"), "{stderr}");
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn a_hard_linked_report_is_refused_and_its_names_stay_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.md"), dir.path().join("b.md"));
    std::fs::write(&a, REPORT).unwrap();
    std::fs::hard_link(&a, &b).unwrap();
    let (code, _, stderr) = fix(dir.path(), &["a.md"]);
    assert_eq!((read(&a), read(&b)), (REPORT.into(), REPORT.into()), "{stderr}");
    let (ma, mb) = (std::fs::metadata(&a).unwrap(), std::fs::metadata(&b).unwrap());
    assert_eq!((ma.ino(), ma.nlink()), (mb.ino(), 2), "the hard link was broken: {stderr}");
    assert!(stderr.contains("a.md") && stderr.contains("hard link"), "{stderr}");
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn a_fixed_report_keeps_its_mode() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bits) in [("a.md", 0o640), ("b.md", 0o604), ("c.md", 0o755)] {
        let path = dir.path().join(name);
        std::fs::write(&path, REPORT).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(bits)).unwrap();
    }
    let (_, _, stderr) = fix(dir.path(), &["a.md", "b.md", "c.md"]);
    assert!(stderr.contains("Fixed 3 problems in 3 files."), "{stderr}");
    for (name, bits) in [("a.md", 0o640), ("b.md", 0o604), ("c.md", 0o755)] {
        let path = dir.path().join(name);
        assert_eq!(read(&path), FIXED);
        assert_eq!(mode(&path), bits, "{name}");
    }
}

#[test]
fn a_setuid_or_setgid_report_is_refused_and_keeps_its_bits() {
    let dir = tempfile::tempdir().unwrap();
    let files = [("suid.md", 0o4755, "setuid"), ("sgid.md", 0o2755, "setgid")];
    for (name, bits, _) in files {
        let path = dir.path().join(name);
        std::fs::write(&path, REPORT).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(bits)).unwrap();
    }
    let (code, _, stderr) = fix(dir.path(), &["suid.md", "sgid.md"]);
    for (name, bits, word) in files {
        let path = dir.path().join(name);
        assert_eq!(read(&path), REPORT, "{name} was rewritten: {stderr}");
        assert_eq!(mode(&path), bits, "{name}");
        assert!(stderr.lines().any(|l| l.contains(name) && l.contains(word)), "{name}: {stderr}");
    }
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn a_report_of_another_user_keeps_its_owner_when_root_fixes_it() {
    if !running_as_root() {
        eprintln!("skipped: only root can give a file to another user");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.md");
    std::fs::write(&path, REPORT).unwrap();
    std::os::unix::fs::chown(&path, Some(65534), Some(65534)).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let (_, _, stderr) = fix(dir.path(), &["r.md"]);
    assert_eq!(read(&path), FIXED, "{stderr}");
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid(), meta.mode() & 0o7777), (65534, 65534, 0o640), "{stderr}");
}

#[test]
fn a_report_whose_owner_cannot_be_kept_is_refused() {
    if !running_as_root() {
        eprintln!("skipped: needs root to run pirlint as another user next to a file it does not own");
        return;
    }
    use std::os::unix::process::CommandExt;
    // A directory anyone can write, holding root's file that anyone can
    // write: `nobody` may replace it, but could not give the new file back
    // to root.
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let path = dir.path().join("r.md");
    std::fs::write(&path, REPORT).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o666)).unwrap();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("pirlint"));
    cmd.current_dir(dir.path())
        .env("PIRLINT_CACHE_DIR", dir.path().join("cache"))
        .env("PIRLINT_CACHE_KEY", dir.path().join("cache.key"))
        .env("PIRLINT_NOW", "2026-07-01T00:00:00Z")
        .env("NO_COLOR", "1")
        .args(["check", "--fix", "--format", "short", "--plugin", &fixture_fix(), "r.md"])
        .uid(65534)
        .gid(65534);
    let output = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (0, 0), "the file changed owner: {stderr}");
    assert_eq!(read(&path), REPORT, "{stderr}");
    assert!(stderr.contains("r.md") && stderr.contains("owner"), "{stderr}");
    assert_eq!(output.status.code(), Some(2), "{stderr}");
}

#[test]
fn init_refuses_a_dangling_symlink_and_creates_nothing_outside() {
    for name in ["rules.toml", "incident-report-template.md"] {
        let outside = tempfile::tempdir().unwrap();
        let planted = outside.path().join("planted");
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(&planted, dir.path().join(name)).unwrap();
        let (code, stdout, stderr) = run(pirlint(dir.path()).arg("init"));
        assert!(std::fs::symlink_metadata(&planted).is_err(), "init created {} through {name}", planted.display());
        assert_eq!(code, 2, "{stdout}{stderr}");
        assert!(stderr.contains(name) && stderr.contains("already exists"), "{stderr}");
        // Refused whole: nothing else was written either.
        let entries: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(entries, [std::ffi::OsString::from(name)], "{stdout}");
    }
}
