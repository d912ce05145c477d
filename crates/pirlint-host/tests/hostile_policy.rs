//! A policy is input too: in CI it can come from the pull request under
//! review. Whatever it names, pirlint reads a bounded amount of a regular
//! file, and shows nothing of a file that is not a pirlint policy.

use pirlint_host::policy::{ConfigError, Policy};
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

const SECRET: &str = "hunter2-do-not-print";

/// Loads `rules.toml` in `dir` on another thread, so that a read that never
/// ends fails the test instead of hanging it.
fn load_within(dir: &Path, seconds: u64) -> Result<Policy, Vec<ConfigError>> {
    let path = dir.join("rules.toml");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(Policy::load_all(&path));
    });
    rx.recv_timeout(Duration::from_secs(seconds)).expect("loading the policy did not finish")
}

fn errors_of(dir: &Path, rules: &str) -> Vec<ConfigError> {
    std::fs::write(dir.join("rules.toml"), rules).unwrap();
    load_within(dir, 10).expect_err("the policy should be refused")
}

/// Everything an error would put on the screen.
fn shown(errors: &[ConfigError]) -> String {
    errors
        .iter()
        .map(|e| format!("{e}\n{}\n{}\n", e.help.clone().unwrap_or_default(), e.source_text.clone().unwrap_or_default()))
        .collect()
}

#[cfg(unix)]
fn fifo(path: &Path) {
    assert!(std::process::Command::new("mkfifo").arg(path).status().unwrap().success());
}

/// A FIFO never ends (and blocks on open): it is refused unopened.
#[cfg(unix)]
#[test]
fn extending_a_fifo_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    fifo(&dir.path().join("org.toml"));
    let errors = errors_of(dir.path(), "extends = [\"org.toml\"]\n");
    assert!(shown(&errors).contains("not a regular file"), "{}", shown(&errors));
}

/// `/dev/zero` through a `.toml` symlink, extended or as the policy itself:
/// refused, not read until memory runs out.
#[cfg(unix)]
#[test]
fn a_device_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.toml")).unwrap();
    let errors = errors_of(dir.path(), "extends = [\"zero.toml\"]\n");
    assert!(shown(&errors).contains("refusing to read it"), "{}", shown(&errors));
    std::fs::remove_file(dir.path().join("rules.toml")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("rules.toml")).unwrap();
    let errors = load_within(dir.path(), 10).unwrap_err();
    assert!(shown(&errors).contains("not a regular file"), "{}", shown(&errors));
}

#[test]
fn an_oversized_policy_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let big = std::fs::File::create(dir.path().join("big.toml")).unwrap();
    big.set_len(64 << 20).unwrap(); // sparse
    let errors = errors_of(dir.path(), "extends = [\"big.toml\"]\n");
    assert!(shown(&errors).contains("larger than the"), "{}", shown(&errors));
}

/// A file that is not TOML (`/proc/self/environ`, a key, a `.env`) is never
/// echoed in an error snippet.
#[test]
fn extending_a_file_that_is_not_toml_shows_nothing_of_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("secrets.env"), format!("AWS_SECRET={SECRET}\n")).unwrap();
    let errors = errors_of(dir.path(), "extends = [\"secrets.env\"]\n");
    assert!(!shown(&errors).contains(SECRET), "{}", shown(&errors));
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.path().join("secrets.env"), dir.path().join("innocent.toml")).unwrap();
        let errors = errors_of(dir.path(), "extends = [\"innocent.toml\"]\n");
        assert!(!shown(&errors).contains(SECRET), "{}", shown(&errors));
    }
}

/// A TOML file that is not a pirlint policy (`~/.cargo/credentials.toml`)
/// is refused without showing its contents.
#[test]
fn extending_a_toml_file_that_is_not_a_policy_shows_nothing_of_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("credentials.toml"), format!("[registry]\ntoken = \"{SECRET}\"\n")).unwrap();
    let errors = errors_of(dir.path(), "extends = [\"credentials.toml\"]\n");
    assert!(!shown(&errors).contains(SECRET), "{}", shown(&errors));
    assert!(shown(&errors).contains("credentials.toml"), "the error names the file: {}", shown(&errors));
    std::fs::write(dir.path().join("broken.toml"), format!("token = {SECRET}\n")).unwrap();
    let errors = errors_of(dir.path(), "extends = [\"broken.toml\"]\n");
    assert!(!shown(&errors).contains(SECRET), "{}", shown(&errors));
}

#[test]
fn invalid_utf8_in_a_policy_is_located() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rules.toml"), b"[policy]\nname = \"ok\"\n# caf\xe9\n").unwrap();
    let errors = load_within(dir.path(), 10).unwrap_err();
    assert!(shown(&errors).contains("line 3, column 6"), "{}", shown(&errors));
}

/// Limits that would overflow when converted to bytes are refused, not
/// wrapped to zero.
#[test]
fn limits_out_of_range_are_refused() {
    for (key, value) in [
        ("memory-mib", "17592186044416"),
        ("total-memory-mib", "17592186044416"),
        ("max-file-size-mib", "17592186044416"),
        ("fuel", "18446744073709551615"),
    ] {
        let text = format!("[limits]\n{key} = {value}\n");
        let errors = Policy::parse_all(&text, None).expect_err(&text);
        assert!(shown(&errors).contains("must be at most"), "{key}: {}", shown(&errors));
    }
    let policy = Policy::parse("[limits]\nmemory-mib = 64\ntotal-memory-mib = 512\n", None).unwrap();
    assert_eq!((policy.limits.memory_bytes, policy.limits.total_memory_bytes), (64 << 20, 512 << 20));
    let errors = Policy::parse_all("[limits]\nmemory-mib = 512\ntotal-memory-mib = 256\n", None).unwrap_err();
    assert!(shown(&errors).contains("at least `memory-mib`"), "{}", shown(&errors));
}

/// A pinned plugin path is read through the same bounded reader.
#[cfg(unix)]
#[test]
fn a_plugin_path_that_is_a_fifo_is_refused() {
    use pirlint_host::linter::{Linter, LinterOptions};
    let dir = tempfile::tempdir().unwrap();
    fifo(&dir.path().join("plugin.wasm"));
    std::fs::write(
        dir.path().join("rules.toml"),
        format!("[plugins.mine]\npath = \"plugin.wasm\"\nsha256 = \"{}\"\n", "0".repeat(64)),
    )
    .unwrap();
    let policy = load_within(dir.path(), 10).unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let (_, errors) = Linter::new(&policy, LinterOptions { now: None, cache: None, extra_plugins: vec![] });
        let _ = tx.send(errors.iter().map(|e| e.to_string()).collect::<Vec<_>>());
    });
    let errors = rx.recv_timeout(Duration::from_secs(30)).expect("loading the plugin did not finish");
    assert!(errors.iter().any(|e| e.contains("not a regular file")), "{errors:?}");
}
