//! Helpers shared by the end-to-end tests: each test file includes this
//! module and uses what it needs.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// `pirlint` run in `dir`, with a shared compile cache and a fixed "now".
pub fn pirlint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("pirlint").unwrap();
    cmd.current_dir(dir)
        .env("PIRLINT_CACHE_DIR", PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("plugin-cache"))
        .env("PIRLINT_CACHE_KEY", PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("plugin-cache.key"))
        .env("PIRLINT_NOW", "2026-07-01T00:00:00Z")
        .env("NO_COLOR", "1");
    cmd
}

/// Exit code, stdout and stderr.
pub fn run(cmd: &mut Command) -> (i32, String, String) {
    let output = cmd.output().unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// Exit code and stdout parsed as JSON.
pub fn json_of(cmd: &mut Command) -> (i32, serde_json::Value) {
    let (code, stdout, stderr) = run(cmd);
    let value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}\n{stderr}"));
    (code, value)
}

pub fn json(cmd: &mut Command) -> serde_json::Value {
    json_of(cmd).1
}
