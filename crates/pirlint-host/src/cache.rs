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
//! # Trust
//!
//! A compiled entry is native code: loading it is running it. So no entry is
//! deserialized unless its HMAC-SHA256 tag (in `NAME.tag` beside it), made with a key kept
//! *outside* the cache directory (`cache-key` in the user's config
//! directory, mode 0600), over the entry's name (which binds it to the
//! plugin's hash and the engine) and its bytes. An entry written by anyone
//! without the key, an entry of another plugin renamed into place, or a
//! cache restored from another machine or home directory fails the check
//! and is recompiled. On Unix the directory, the key and every entry must
//! also be owned by the user running pirlint and writable by nobody else;
//! a directory or key that is not is refused as a whole (with a warning) and
//! plugins are compiled in memory. See SECURITY.md.
//!
//! Entries and their tags are plain files with no shared index, so eviction
//! is plain deletion and several pirlint processes can share a directory.
//!
//! The same directory remembers rule options that passed validation against
//! their schema (an empty `.options-ok` file keyed by both, with its tag), so
//! that a hook run with an unchanged policy compiles no JSON Schema
//! validator.
//!
//! Pruning: every hit refreshes an entry's modification time (at most once a
//! day), and a miss, which compiles anyway, deletes entries untouched for
//! [`STALE_AFTER`] (those of earlier pirlint or plugin versions).

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::hash::{Hash, Hasher};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};
use wasmtime::component::Component;
use wasmtime::Engine;

/// Entries not used for this long are deleted on the next miss.
pub const STALE_AFTER: Duration = Duration::from_secs(30 * 24 * 3600);
const REFRESH_AFTER: Duration = Duration::from_secs(24 * 3600);
/// Larger than any compiled plugin we have seen by two orders of magnitude
/// (built-in ones are about 0.6 MB, Python ones about 60 MB); a bigger file
/// is not read.
const MAX_ENTRY_BYTES: u64 = 1 << 30;
const KEY_BYTES: usize = 32;
const TAG_BYTES: usize = 32;
const TAG_FILE_BYTES: u64 = TAG_BYTES as u64;

type Tagger = Hmac<Sha256>;

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

/// Where the compile cache lives, and the key that authenticates it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CacheLocation {
    pub dir: PathBuf,
    /// Must not be inside `dir`: a cache directory restored from elsewhere
    /// (a CI cache, a copied home directory) must not bring its own key.
    pub key_file: PathBuf,
}

impl CacheLocation {
    pub fn new(dir: impl Into<PathBuf>, key_file: impl Into<PathBuf>) -> Self {
        CacheLocation { dir: dir.into(), key_file: key_file.into() }
    }

    /// The directory is `$PIRLINT_CACHE_DIR`, else `$XDG_CACHE_HOME/pirlint`,
    /// else `~/.cache/pirlint`; the key is `$PIRLINT_CACHE_KEY`, else
    /// `$XDG_CONFIG_HOME/pirlint/cache-key`, else
    /// `~/.config/pirlint/cache-key`.
    pub fn default_location() -> Option<Self> {
        let var = |name| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
        let home = var("HOME");
        let dir = var("PIRLINT_CACHE_DIR")
            .or_else(|| var("XDG_CACHE_HOME").map(|d| d.join("pirlint")))
            .or_else(|| home.as_ref().map(|h| h.join(".cache").join("pirlint")))?;
        let key_file = var("PIRLINT_CACHE_KEY")
            .or_else(|| var("XDG_CONFIG_HOME").map(|d| d.join("pirlint").join("cache-key")))
            .or_else(|| home.as_ref().map(|h| h.join(".config").join("pirlint").join("cache-key")))?;
        Some(CacheLocation { dir, key_file })
    }
}

#[derive(Clone)]
pub struct CompileCache {
    dir: PathBuf,
    engine_key: String,
    key: [u8; KEY_BYTES],
}

impl std::fmt::Debug for CompileCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CompileCache").field("dir", &self.dir).finish_non_exhaustive()
    }
}

impl CompileCache {
    /// Opens (creating if need be) the cache directory and its key. An error
    /// says why the cache cannot be trusted; the caller compiles in memory.
    pub fn open(engine: &Engine, location: &CacheLocation) -> Result<Self, String> {
        let key = load_or_create_key(&location.key_file)?;
        private_dir(&location.dir).map_err(|e| format!("cache directory {}: {e}", location.dir.display()))?;
        if let Some(problem) = untrusted(&std::fs::metadata(&location.dir).map_err(|e| e.to_string())?) {
            return Err(format!("cache directory {} {problem}", location.dir.display()));
        }
        let mut hasher = Sha256Hasher(Sha256::new());
        engine.precompile_compatibility_hash().hash(&mut hasher);
        env!("CARGO_PKG_VERSION").hash(&mut hasher);
        Ok(CompileCache { dir: location.dir.clone(), engine_key: hex(&hasher.0.finalize()), key })
    }

    fn entry(&self, wasm_sha256: &str) -> PathBuf {
        let mut key = Sha256::new();
        key.update(self.engine_key.as_bytes());
        key.update(wasm_sha256.as_bytes());
        self.dir.join(format!("{}.cwasm", hex(&key.finalize())))
    }

    /// The tag of `bytes` stored under `path`: the file name is covered, so
    /// a valid entry renamed to another plugin's name does not verify.
    fn tagger(&self, path: &Path) -> Tagger {
        let mut tagger = Tagger::new_from_slice(&self.key).expect("HMAC takes keys of any length");
        tagger.update(b"pirlint-cache-v1\0");
        tagger.update(path.file_name().map(|n| n.as_encoded_bytes()).unwrap_or_default());
        tagger.update(b"\0");
        tagger
    }

    /// Opens a file of the cache if it is a regular file, ours, writable by
    /// nobody else and not absurdly large.
    fn open_trusted(path: &Path) -> Option<(std::fs::File, u64)> {
        let file = std::fs::File::open(path).ok()?;
        let meta = file.metadata().ok()?;
        (meta.is_file() && untrusted(&meta).is_none() && meta.len() <= MAX_ENTRY_BYTES).then_some((file, meta.len()))
    }

    /// Whether the tag stored beside `path` (in `NAME.tag`) is that of the
    /// file's name and bytes. The bytes are streamed through the tag rather
    /// than read whole: wasmtime then maps the file itself, as it did
    /// before entries were authenticated (reading 4.5 MB of built-in
    /// plugins into memory and copying them again cost 8 ms a run).
    fn verify(&self, path: &Path) -> bool {
        let Some((tag_file, TAG_FILE_BYTES)) = Self::open_trusted(&path.with_extension("tag")) else { return false };
        let mut tag = [0u8; TAG_BYTES];
        if tag_file.take(TAG_BYTES as u64).read_exact(&mut tag).is_err() {
            return false;
        }
        let Some((mut file, _)) = Self::open_trusted(path) else { return false };
        let mut tagger = self.tagger(path);
        let mut buffer = vec![0u8; 256 << 10];
        let mut total = 0u64;
        loop {
            match file.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => {
                    total += n as u64;
                    if total > MAX_ENTRY_BYTES {
                        return false;
                    }
                    tagger.update(&buffer[..n]);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return false,
            }
        }
        tagger.verify_slice(&tag).is_ok()
    }

    /// Writes `body` to `path` and its tag to `NAME.tag`, each atomically.
    /// The tag goes second: a reader between the two sees a mismatch and
    /// recompiles, never an unverified entry.
    fn write_tagged(&self, path: &Path, body: &[u8]) -> std::io::Result<()> {
        let mut tagger = self.tagger(path);
        tagger.update(body);
        let tag = tagger.finalize().into_bytes();
        self.store(path, body)?;
        self.store(&path.with_extension("tag"), tag.as_slice())
    }

    /// Loads the compiled component, compiling and storing it on a miss.
    /// Cache trouble (unwritable directory, corrupt or forged entry) never
    /// fails the load: it only costs a compilation.
    pub fn load(&self, engine: &Engine, wasm: &[u8], wasm_sha256: &str) -> wasmtime::Result<Component> {
        let path = self.entry(wasm_sha256);
        if self.verify(&path) {
            // SAFETY: the file's bytes carry a tag that only a holder of
            // this user's cache key can make, over this entry's name, which
            // includes the engine's compatibility hash: they were written by
            // `precompile_component` of an engine like this one, for this
            // plugin (below). wasmtime checks the header again. Between the
            // check and the mapping only someone who can write this user's
            // private directory (checked in `open`) could swap the file, and
            // they could replace pirlint itself.
            if let Ok(component) = unsafe { Component::deserialize_file(engine, &path) } {
                refresh(&path);
                refresh(&path.with_extension("tag"));
                return Ok(component);
            }
        }
        let compiled = engine.precompile_component(wasm)?;
        let _ = self.write_tagged(&path, &compiled);
        self.prune(&path);
        // SAFETY: `compiled` was just produced by this engine.
        unsafe { Component::deserialize(engine, &compiled) }
    }

    /// Whether `options` passed validation against `schema` before, with
    /// this pirlint (and so this jsonschema) version.
    pub fn options_known_valid(&self, schema: &serde_json::Value, options: &serde_json::Value) -> bool {
        let path = self.options_entry(schema, options);
        let known = self.verify(&path);
        if known {
            refresh(&path);
            refresh(&path.with_extension("tag"));
        }
        known
    }

    /// Records that `options` passed validation against `schema`. Best
    /// effort: a failure only means validating again next time.
    pub fn remember_valid_options(&self, schema: &serde_json::Value, options: &serde_json::Value) {
        let _ = self.write_tagged(&self.options_entry(schema, options), b"");
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
                || name.ends_with(".tag")
                || name.ends_with(".options-ok")
                || (name.starts_with('.') && name.ends_with(".tmp"));
            if ours && path != keep && path != keep.with_extension("tag") && entry.metadata().is_ok_and(|m| m.is_file() && age(&m) > STALE_AFTER) {
                let _ = std::fs::remove_file(&path);
            }
        }
    }

    fn store(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        let mut tmp = tempfile::Builder::new().prefix(".").suffix(".tmp").tempfile_in(&self.dir)?;
        std::io::Write::write_all(&mut tmp, bytes)?;
        tmp.persist(path).map(drop).map_err(|e| e.error)
    }
}

/// Why a file or directory of the cache cannot be trusted: on Unix, owned by
/// another user or writable by group or others.
#[cfg(unix)]
fn untrusted(meta: &std::fs::Metadata) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let me = rustix::process::geteuid().as_raw();
    if meta.uid() != me {
        return Some(format!("is owned by another user (uid {}, not {me})", meta.uid()));
    }
    if meta.mode() & 0o022 != 0 {
        return Some(format!("is writable by other users (mode {:o})", meta.mode() & 0o7777));
    }
    None
}

#[cfg(not(unix))]
fn untrusted(_meta: &std::fs::Metadata) -> Option<String> {
    None
}

/// Creates `dir` (and its parents) readable by its owner only.
fn private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Reads the cache key, creating it (32 random bytes, mode 0600) on first
/// use. The file appears complete or not at all (written aside and
/// hard-linked into place), so concurrent first runs agree on one key.
fn load_or_create_key(path: &Path) -> Result<[u8; KEY_BYTES], String> {
    let describe = |e: &dyn std::fmt::Display| format!("cache key {}: {e}", path.display());
    match read_key(path) {
        Ok(key) => return Ok(key),
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(describe(&e)),
        Err(_) => {}
    }
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    private_dir(parent).map_err(|e| describe(&e))?;
    let mut key = [0u8; KEY_BYTES];
    getrandom::fill(&mut key).map_err(|e| describe(&e))?;
    // tempfile creates its files with mode 0600.
    let mut tmp = tempfile::Builder::new().prefix(".cache-key").tempfile_in(parent).map_err(|e| describe(&e))?;
    std::io::Write::write_all(&mut tmp, &key).map_err(|e| describe(&e))?;
    // `persist_noclobber` links the finished file into place and fails if
    // another process got there first; then its key is the one to use.
    match tmp.persist_noclobber(path) {
        Ok(_) => Ok(key),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => read_key(path).map_err(|e| describe(&e)),
        Err(e) => Err(describe(&e.error)),
    }
}

fn read_key(path: &Path) -> std::io::Result<[u8; KEY_BYTES]> {
    let invalid = |msg: String| std::io::Error::new(std::io::ErrorKind::InvalidData, msg);
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(invalid("is not a regular file".into()));
    }
    if let Some(problem) = untrusted(&meta) {
        return Err(invalid(problem));
    }
    #[cfg(unix)]
    if std::os::unix::fs::MetadataExt::mode(&meta) & 0o077 != 0 {
        return Err(invalid(format!(
            "is readable by other users (mode {:o}); `chmod 600` it",
            std::os::unix::fs::MetadataExt::mode(&meta) & 0o7777
        )));
    }
    let mut key = [0u8; KEY_BYTES];
    let mut bytes = Vec::new();
    file.take(KEY_BYTES as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() != KEY_BYTES {
        return Err(invalid(format!("holds {} bytes, not {KEY_BYTES}", bytes.len())));
    }
    key.copy_from_slice(&bytes);
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_miss_prunes_stale_entries_only() {
        let dir = tempfile::tempdir().unwrap();
        let engine = Engine::new(wasmtime::Config::new().wasm_component_model(true)).unwrap();
        let key = tempfile::tempdir().unwrap();
        let cache = CompileCache::open(&engine, &CacheLocation::new(dir.path(), key.path().join("key"))).unwrap();
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

    /// A cache copied from another home directory (or restored from a CI
    /// cache made elsewhere) was tagged with another key: every entry is
    /// recompiled and rewritten.
    #[test]
    fn an_entry_tagged_with_another_key_is_recompiled() {
        let (dir, keys) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let engine = Engine::new(wasmtime::Config::new().wasm_component_model(true)).unwrap();
        let wasm = wat_component();
        let sha = sha256_hex(&wasm);
        let theirs = CompileCache::open(&engine, &CacheLocation::new(dir.path(), keys.path().join("theirs"))).unwrap();
        theirs.load(&engine, &wasm, &sha).unwrap();
        let entry = theirs.entry(&sha);
        let tagged_by_them = std::fs::read(entry.with_extension("tag")).unwrap();
        assert!(theirs.verify(&entry));

        let ours = CompileCache::open(&engine, &CacheLocation::new(dir.path(), keys.path().join("ours"))).unwrap();
        assert!(!ours.verify(&entry), "another key's entry verified");
        ours.load(&engine, &wasm, &sha).unwrap();
        assert!(std::fs::read(entry.with_extension("tag")).unwrap() != tagged_by_them, "the entry was not re-tagged");
        assert!(ours.verify(&entry));
    }

    #[cfg(unix)]
    #[test]
    fn a_key_other_users_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let (dir, keys) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let engine = Engine::new(wasmtime::Config::new().wasm_component_model(true)).unwrap();
        let location = CacheLocation::new(dir.path(), keys.path().join("key"));
        CompileCache::open(&engine, &location).unwrap();
        let mode = std::fs::metadata(&location.key_file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "a new key is private");
        std::fs::set_permissions(&location.key_file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let refused = CompileCache::open(&engine, &location).unwrap_err();
        assert!(refused.contains("readable by other users"), "{refused}");
    }

    /// The smallest component: its binary encoding, no exports.
    fn wat_component() -> Vec<u8> {
        vec![0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]
    }
}
