//! On-disk cache of compiled plugins, so that Cranelift runs once per plugin
//! and machine rather than once per run (40–80 ms a plugin, measured).
//!
//! An entry is keyed by the plugin's SHA-256, the engine's compatibility hash
//! (wasmtime version, compiler settings, CPU features, fuel) and pirlint's
//! version; anything that changes one of them misses and recompiles. Entries
//! are written to a temporary file and renamed, so concurrent runs never see
//! half-written files. A cache entry that fails to load is recompiled and
//! replaced.
//!
//! The same directory remembers rule options that passed validation against
//! their schema (an empty `.options-ok` file keyed by both), so that a hook
//! run with an unchanged policy compiles no JSON Schema validator.
//!
//! Pruning: every hit refreshes an entry's modification time (at most once a
//! day), and a miss, which compiles anyway, deletes entries untouched for
//! [`STALE_AFTER`] (those of earlier pirlint or plugin versions).

use sha2::{Digest, Sha256};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};
use wasmtime::component::Component;
use wasmtime::Engine;

/// Entries not used for this long are deleted on the next miss.
pub const STALE_AFTER: Duration = Duration::from_secs(30 * 24 * 3600);
const REFRESH_AFTER: Duration = Duration::from_secs(24 * 3600);

fn age(meta: &std::fs::Metadata) -> Duration {
    meta.modified().ok().and_then(|m| SystemTime::now().duration_since(m).ok()).unwrap_or_default()
}

/// Marks an entry as used, at most once a day (for pruning).
fn refresh(path: &Path) {
    if std::fs::metadata(path).is_ok_and(|m| age(&m) > REFRESH_AFTER) {
        let _ = std::fs::File::options().append(true).open(path).and_then(|f| f.set_modified(SystemTime::now()));
    }
}

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
                refresh(&path);
                return Ok(component);
            }
        }
        let compiled = engine.precompile_component(wasm)?;
        let _ = self.store(&path, &compiled);
        self.prune(&path);
        // SAFETY: `compiled` was just produced by this engine.
        unsafe { Component::deserialize(engine, &compiled) }
    }

    /// Whether `options` passed validation against `schema` before, with
    /// this pirlint (and so this jsonschema) version.
    pub fn options_known_valid(&self, schema: &serde_json::Value, options: &serde_json::Value) -> bool {
        let path = self.options_entry(schema, options);
        let known = path.exists();
        if known {
            refresh(&path);
        }
        known
    }

    /// Records that `options` passed validation against `schema`. Best
    /// effort: a failure only means validating again next time.
    pub fn remember_valid_options(&self, schema: &serde_json::Value, options: &serde_json::Value) {
        let _ = self.store(&self.options_entry(schema, options), b"");
    }

    fn options_entry(&self, schema: &serde_json::Value, options: &serde_json::Value) -> PathBuf {
        let mut key = Sha256::new();
        key.update(self.engine_key.as_bytes());
        key.update(b"\0options\0");
        key.update(schema.to_string().as_bytes());
        key.update(b"\0");
        key.update(options.to_string().as_bytes());
        self.dir.join(format!("{}.options-ok", hex(&key.finalize())))
    }

    /// Deletes entries (and leftover temporary files) unused for
    /// [`STALE_AFTER`], except `keep`. Best effort: errors are ignored.
    fn prune(&self, keep: &Path) {
        let Ok(dir) = std::fs::read_dir(&self.dir) else { return };
        for entry in dir.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let ours = name.ends_with(".cwasm")
                || name.ends_with(".options-ok")
                || (name.starts_with('.') && name.ends_with(".tmp"));
            if ours && path != keep && entry.metadata().is_ok_and(|m| m.is_file() && age(&m) > STALE_AFTER) {
                let _ = std::fs::remove_file(&path);
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_miss_prunes_stale_entries_only() {
        let dir = tempfile::tempdir().unwrap();
        let engine = Engine::new(wasmtime::Config::new().wasm_component_model(true)).unwrap();
        let cache = CompileCache::new(&engine, dir.path().to_owned());
        let old = dir.path().join("old.cwasm");
        let fresh = dir.path().join("fresh.cwasm");
        let other = dir.path().join("notes.txt");
        for p in [&old, &fresh, &other] {
            std::fs::write(p, b"x").unwrap();
        }
        let long_ago = SystemTime::now() - STALE_AFTER - Duration::from_secs(60);
        for p in [&old, &other] {
            std::fs::File::options().append(true).open(p).unwrap().set_modified(long_ago).unwrap();
        }
        let wasm = wat_component();
        cache.load(&engine, &wasm, &sha256_hex(&wasm)).unwrap();
        assert!(!old.exists(), "a stale entry is pruned");
        assert!(fresh.exists() && other.exists(), "recent entries and other files stay");
    }

    /// The smallest component: its binary encoding, no exports.
    fn wat_component() -> Vec<u8> {
        vec![0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]
    }
}
