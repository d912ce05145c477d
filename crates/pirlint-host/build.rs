//! Hashes the built-in plugins at build time, so that a run does not hash
//! 1.4 MB of embedded components before it can look up their compiled code
//! (1.1 ms measured, of a 16 ms pre-commit run). A test in `builtin.rs`
//! checks the hashes against the embedded bytes.

use sha2::{Digest, Sha256};
use std::fmt::Write;
use std::path::Path;

fn main() {
    // Read when the script runs, not baked in when it is compiled: cargo
    // reuses a compiled build script for a checkout at another path that
    // shares the target directory (a git worktree), which then hashed the
    // other checkout's plugins.
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dist = Path::new(&manifest_dir).join("../../plugins/dist");
    println!("cargo:rerun-if-changed={}", dist.display());
    let mut names: Vec<String> = std::fs::read_dir(&dist)
        .expect("plugins/dist exists")
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".wasm").map(str::to_owned))
        .collect();
    names.sort();
    let mut code = String::from("/// The SHA-256 of a built-in plugin's embedded component, computed by `build.rs`.\npub fn builtin_sha256(name: &str) -> Option<&'static str> {\n    match name {\n");
    for name in &names {
        let path = dist.join(format!("{name}.wasm"));
        println!("cargo:rerun-if-changed={}", path.display());
        let digest = Sha256::digest(std::fs::read(&path).expect("readable plugin"));
        let hex = digest.iter().fold(String::new(), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        });
        let _ = writeln!(code, "        {name:?} => Some({hex:?}),");
    }
    code.push_str("        _ => None,\n    }\n}\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_sha256.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
