//! On-disk cache of compiled plugins, so that Cranelift runs once per plugin
//! and machine rather than once per run (40–80 ms a plugin, measured).
//!
//! An entry is keyed by the plugin's SHA-256, the engine's compatibility hash
//! (wasmtime version, compiler settings, CPU features, fuel) and pirlint's
//! version; anything that changes one of them misses and recompiles. Entries
//! are written to a temporary file and renamed, so concurrent runs never see
//! half-written files. A cache entry that fails to load is recompiled and
//! replaced.

use sha2::{Digest, Sha256};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use wasmtime::component::Component;
use wasmtime::Engine;

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Feeds `Hash` output into SHA-256, so the key is stable across Rust
/// releases (unlike `DefaultHasher`).
struct Sha256Hasher(Sha256);

impl Hasher for Sha256Hasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
    fn finish(&self) -> u64 {
        unreachable!("only the digest is used")
    }
}

#[derive(Clone, Debug)]
pub struct CompileCache {
    dir: PathBuf,
    engine_key: String,
}

impl CompileCache {
    /// The directory to use when none is configured: `$PIRLINT_CACHE_DIR`,
    /// else `$XDG_CACHE_HOME/pirlint`, else `~/.cache/pirlint`.
    pub fn default_dir() -> Option<PathBuf> {
        if let Some(dir) = std::env::var_os("PIRLINT_CACHE_DIR") {
            return Some(PathBuf::from(dir));
        }
        if let Some(dir) = std::env::var_os("XDG_CACHE_HOME") {
            return Some(Path::new(&dir).join("pirlint"));
        }
        std::env::var_os("HOME").map(|home| Path::new(&home).join(".cache").join("pirlint"))
    }

    pub fn new(engine: &Engine, dir: PathBuf) -> Self {
        let mut hasher = Sha256Hasher(Sha256::new());
        engine.precompile_compatibility_hash().hash(&mut hasher);
        env!("CARGO_PKG_VERSION").hash(&mut hasher);
        CompileCache { dir, engine_key: hex(&hasher.0.finalize()) }
    }

    fn entry(&self, wasm_sha256: &str) -> PathBuf {
        let mut key = Sha256::new();
        key.update(self.engine_key.as_bytes());
        key.update(wasm_sha256.as_bytes());
        self.dir.join(format!("{}.cwasm", hex(&key.finalize())))
    }

    /// Loads the compiled component, compiling and storing it on a miss.
    /// Cache trouble (unwritable directory, corrupt entry) never fails the
    /// load: it only costs a compilation.
    pub fn load(&self, engine: &Engine, wasm: &[u8], wasm_sha256: &str) -> wasmtime::Result<Component> {
        let path = self.entry(wasm_sha256);
        if path.exists() {
            // SAFETY: the file was written by `precompile_component` of an
            // engine with the same compatibility hash (it is in the key), in
            // a directory owned by the user running pirlint; wasmtime checks
            // its header and version again. Whoever can write there can
            // already run code as this user.
            if let Ok(component) = unsafe { Component::deserialize_file(engine, &path) } {
                return Ok(component);
            }
        }
        let compiled = engine.precompile_component(wasm)?;
        let _ = self.store(&path, &compiled);
        // SAFETY: `compiled` was just produced by this engine.
        unsafe { Component::deserialize(engine, &compiled) }
    }

    fn store(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let tmp = self.dir.join(format!(
            ".{}.{}.tmp",
            path.file_name().and_then(|n| n.to_str()).unwrap_or("entry"),
            std::process::id()
        ));
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, path).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
    }
}
