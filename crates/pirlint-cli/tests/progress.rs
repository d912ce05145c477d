//! The progress bar of long runs, through the built binary on a real
//! pseudo-terminal (openpty): drawn on a terminal's stderr for a run of
//! hundreds of reports, cleared before the findings are printed, and never
//! drawn into a pipe, with --quiet, or in CI.
#![cfg(unix)]

use std::io::Read;
use std::os::fd::{FromRawFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A pseudo-terminal of 24 rows and 100 columns: (master, slave).
fn openpty() -> (OwnedFd, OwnedFd) {
    let (mut master, mut slave) = (-1, -1);
    let size = libc::winsize { ws_row: 24, ws_col: 100, ws_xpixel: 0, ws_ypixel: 0 };
    // SAFETY: openpty writes two descriptors it opened into the pointers
    // given; the name and termios pointers may be null.
    let rc = unsafe { libc::openpty(&mut master, &mut slave, std::ptr::null_mut(), std::ptr::null_mut(), &size) };
    assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
    // SAFETY: both descriptors are open and owned by nobody else.
    unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) }
}

/// `pirlint` as `common::pirlint` sets it up, with `CI` unset (the test
/// itself may run in CI).
fn pirlint(dir: &Path) -> Command {
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("pirlint"));
    cmd.current_dir(dir)
        .env("PIRLINT_CACHE_DIR", tmp.join("plugin-cache"))
        .env("PIRLINT_CACHE_KEY", tmp.join("plugin-cache.key"))
        .env("PIRLINT_NOW", "2026-07-01T00:00:00Z")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env_remove("CI")
        .stdin(Stdio::null());
    cmd
}

struct Output {
    code: i32,
    /// What the terminal received (stderr, and stdout when it was on the
    /// terminal too).
    terminal: String,
    /// Stdout when it was a pipe.
    stdout: String,
}

/// Runs `cmd` with stderr on a pseudo-terminal, and stdout too when
/// `stdout_on_terminal` (else a pipe).
fn run_on_terminal(mut cmd: Command, stdout_on_terminal: bool) -> Output {
    let (master, slave) = openpty();
    if stdout_on_terminal {
        cmd.stdout(Stdio::from(slave.try_clone().unwrap()));
    } else {
        cmd.stdout(Stdio::piped());
    }
    cmd.stderr(Stdio::from(slave));
    let mut child = cmd.spawn().unwrap();
    // The slave's last copies are the child's, so the master reads EIO
    // (end) once the child has exited.
    drop(cmd);
    let reader = std::thread::spawn(move || {
        let mut file = std::fs::File::from(master);
        let mut bytes = Vec::new();
        let mut buf = [0u8; 8192];
        loop {
            match file.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => bytes.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => break, // EIO: no process has the terminal open
            }
        }
        String::from_utf8_lossy(&bytes).into_owned()
    });
    let mut stdout = String::new();
    if let Some(mut out) = child.stdout.take() {
        out.read_to_string(&mut stdout).unwrap();
    }
    let code = child.wait().unwrap().code().unwrap();
    Output { code, terminal: reader.join().unwrap(), stdout }
}

/// A directory of `n` small reports, each with findings.
fn reports(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..n {
        std::fs::write(dir.path().join(format!("r{i:04}.md")), format!("# Incident {i}\n\n## Summary\n\nTODO\n")).unwrap();
    }
    dir
}

const MANY: usize = 260;

/// Whether the terminal output shows the bar of a run over MANY reports.
fn has_bar(terminal: &str, what: &str) -> bool {
    terminal.contains(what) && terminal.contains(&format!("/{MANY} reports"))
}

#[test]
fn check_shows_a_bar_on_a_terminal_and_clears_it_before_the_findings() {
    let dir = reports(MANY);
    let mut cmd = pirlint(dir.path());
    cmd.args(["check", ".", "--format", "short"]);
    let out = run_on_terminal(cmd, true);
    assert_eq!(out.code, 1, "{}", out.terminal);
    assert!(has_bar(&out.terminal, "checking"), "no progress bar on the terminal:\n{}", out.terminal);
    assert!(out.terminal.contains("reports, ") && out.terminal.contains(" left"), "rate and time left:\n{}", out.terminal);
    // Every drawing of the bar comes before the first finding: it is
    // cleared, and never redrawn, once findings are printed.
    let first_finding = out.terminal.find("r0000.md:").expect("findings on the terminal");
    let last_bar = out.terminal.rfind(&format!("/{MANY} reports")).unwrap();
    assert!(last_bar < first_finding, "the bar is drawn among the findings:\n{}", out.terminal);
    let findings = &out.terminal[first_finding..];
    assert!(!findings.contains("checking"), "{findings}");
    assert!(findings.contains(&format!("r{:04}.md:", MANY - 1)));
}

#[test]
fn check_with_stdout_in_a_pipe_keeps_the_bar_out_of_it() {
    let dir = reports(MANY);
    let mut cmd = pirlint(dir.path());
    cmd.args(["check", ".", "--format", "json"]);
    let out = run_on_terminal(cmd, false);
    assert_eq!(out.code, 1);
    assert!(has_bar(&out.terminal, "checking"), "{}", out.terminal);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("stdout is the JSON document alone");
    assert_eq!(doc["summary"]["reports"], MANY);
}

#[test]
fn no_bar_with_quiet_in_ci_or_in_a_pipe() {
    let dir = reports(MANY);
    // --quiet on a terminal.
    let mut cmd = pirlint(dir.path());
    cmd.args(["check", ".", "--format", "short", "--quiet"]);
    let out = run_on_terminal(cmd, false);
    assert_eq!(out.code, 1);
    assert!(!out.terminal.contains("reports"), "bar with --quiet:\n{}", out.terminal);
    // CI=1 on a terminal.
    let mut cmd = pirlint(dir.path());
    cmd.env("CI", "1").args(["check", ".", "--format", "short"]);
    let out = run_on_terminal(cmd, false);
    assert_eq!(out.code, 1);
    assert!(!out.terminal.contains(&format!("/{MANY} reports")), "bar in CI:\n{}", out.terminal);
    // stderr in a pipe.
    let output = pirlint(dir.path()).args(["check", ".", "--format", "short"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains("reports") && !stderr.contains('\x1b'), "bar in a pipe:\n{stderr}");
    // The same audit in a pipe, and with --quiet on a terminal.
    let output = pirlint(dir.path()).args(["audit", "."]).output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains("auditing"), "{stderr}");
    let mut cmd = pirlint(dir.path());
    cmd.args(["audit", ".", "-q"]);
    let out = run_on_terminal(cmd, false);
    assert!(!out.terminal.contains("auditing"), "{}", out.terminal);
}

#[test]
fn audit_shows_a_bar_on_a_terminal() {
    let dir = reports(MANY);
    let mut cmd = pirlint(dir.path());
    cmd.args(["audit", ".", "--format", "json"]);
    let out = run_on_terminal(cmd, false);
    assert!(has_bar(&out.terminal, "auditing"), "{}", out.terminal);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("stdout is the audit alone");
    assert!(doc.is_object());
}

/// A plugin whose load takes longer than the threshold gets a line, ended
/// with its time, before any finding. The threshold is set to 0 ms through
/// the test-only variable (the one-second default is tested in
/// `progress.rs`), and a fresh cache makes every built-in plugin compile.
#[test]
fn a_slow_plugin_load_shows_a_compiling_line_before_the_findings() {
    let dir = reports(1);
    let cache = tempfile::tempdir().unwrap();
    let compiling = |quiet: bool| {
        let mut cmd = pirlint(dir.path());
        cmd.env("PIRLINT_CACHE_DIR", cache.path()).env("PIRLINT_TEST_COMPILE_PROGRESS_AFTER_MS", "0");
        cmd.args(["check", ".", "--format", "short"]);
        if quiet {
            cmd.arg("--quiet");
        }
        run_on_terminal(cmd, true)
    };
    let out = compiling(false);
    assert_eq!(out.code, 1, "{}", out.terminal);
    let line = out.terminal.find("compiling built-in plugin `structure` (").unwrap_or_else(|| panic!("no compiling line:\n{}", out.terminal));
    assert!(out.terminal[line..].contains(" MB)…"), "{}", out.terminal);
    let done = out.terminal.find("compiled built-in plugin `structure` in ").unwrap_or_else(|| panic!("no end of the line:\n{}", out.terminal));
    let first_finding = out.terminal.find("r0000.md:").expect("findings on the terminal");
    assert!(line < done && done < first_finding, "the line is not done before the findings:\n{}", out.terminal);
    assert!(!out.terminal[first_finding..].contains("compil"), "{}", out.terminal);

    let quiet = compiling(true);
    assert!(!quiet.terminal.contains("compil"), "a compiling line with --quiet:\n{}", quiet.terminal);
}
