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
//! deserialized unless its keyed BLAKE3 tag (in `NAME.tag` beside it), made with a key kept
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
//! Pruning: every hit sets the entry's modification time to now, so the
//! modification time is the time of last use. A miss, which compiles
//! anyway, then deletes entries untouched for [`STALE_AFTER`] (those of
//! earlier pirlint or plugin versions), tags whose entry is gone and
//! temporary files of crashed writers older than [`LEFTOVER_AFTER`], and
//! finally the least recently used entries until the compiled entries and
//! their tags fit under the size cap ([`DEFAULT_MAX_MIB`], or
//! `$PIRLINT_CACHE_MAX_MIB`). A Python or JavaScript plugin compiles to
//! about 40 MB, so without the cap every rebuild of one grew the cache by
//! that much until the 30-day pruning.
//!
//! Eviction deletes an entry's tag before the entry. From the tag's
//! deletion on, no reader can verify the entry; a reader that verified it
//! already either maps the file (an unlinked file keeps its pages until
//! unmapped) or finds it gone and compiles, as on any failed load. Files
//! are only ever replaced by rename or deleted, never changed in place, so
//! no reader sees a half-written file. Two processes evicting at once may
//! delete the same file: a file already gone is not an error.

use sha2::{Digest, Sha256};
use std::hash::{Hash, Hasher};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};
use wasmtime::component::Component;
use wasmtime::Engine;

/// Entries not used for this long are deleted on the next miss.
pub const STALE_AFTER: Duration = Duration::from_secs(30 * 24 * 3600);
/// A temporary file or a tag without its entry older than this is left
/// over from a crashed or raced writer, not one at work (writing even a
/// 60 MB entry takes well under a second), and is deleted on the next miss.
pub const LEFTOVER_AFTER: Duration = Duration::from_secs(3600);
/// The default size cap, in MiB: room for the ten built-in plugins
/// (about 0.6 MB each) many times over and for a dozen Python or
/// JavaScript plugins (about 40 MB each compiled), while a cache that
/// rebuilds of such plugins keep adding to stays bounded. Set by the user
/// (`$PIRLINT_CACHE_MAX_MIB`), never by a policy: the cache belongs to the
/// user and may be shared by every repository they check, so a policy in a
/// pull request must not be able to grow it.
pub const DEFAULT_MAX_MIB: u64 = 512;
/// The range `$PIRLINT_CACHE_MAX_MIB` may take: below 16 MiB even the
/// built-in plugins would evict each other; above 1 TiB is a typo.
pub const MAX_MIB_RANGE: std::ops::RangeInclusive<u64> = 16..=1 << 20;
/// Larger than any compiled plugin we have seen by two orders of magnitude
/// (built-in ones are about 0.6 MB, Python ones about 60 MB); a bigger file
/// is not read.
const MAX_ENTRY_BYTES: u64 = 1 << 30;
const KEY_BYTES: usize = 32;
const TAG_BYTES: usize = 32;
const TAG_FILE_BYTES: u64 = TAG_BYTES as u64;

fn age(meta: &std::fs::Metadata) -> Duration {
    meta.modified().ok().and_then(|m| SystemTime::now().duration_since(m).ok()).unwrap_or_default()
}

/// Marks an entry as used now: its modification time is its last use,
/// which eviction orders by.
fn refresh(path: &Path) {
    let _ = std::fs::File::options().append(true).open(path).and_then(|f| f.set_modified(SystemTime::now()));
}

/// Reads a size cap in MiB, as given in `$PIRLINT_CACHE_MAX_MIB`.
pub fn parse_max_mib(value: &str) -> Result<u64, String> {
    match value.trim().parse::<u64>() {
        Ok(mib) if MAX_MIB_RANGE.contains(&mib) => Ok(mib),
        _ => Err(format!(
            "PIRLINT_CACHE_MAX_MIB is {value:?}: expected a whole number of MiB from {} to {}",
            MAX_MIB_RANGE.start(),
            MAX_MIB_RANGE.end()
        )),
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
    /// The most the compiled entries and their tags may hold together, in
    /// MiB; an error says why the configured cap is invalid (the cache is
    /// then not used, with that warning).
    pub max_mib: Result<u64, String>,
}

impl CacheLocation {
    pub fn new(dir: impl Into<PathBuf>, key_file: impl Into<PathBuf>) -> Self {
        CacheLocation { dir: dir.into(), key_file: key_file.into(), max_mib: Ok(DEFAULT_MAX_MIB) }
    }

    /// The directory is `$PIRLINT_CACHE_DIR`, else `$XDG_CACHE_HOME/pirlint`,
    /// else `~/.cache/pirlint`; the key is `$PIRLINT_CACHE_KEY`, else
    /// `$XDG_CONFIG_HOME/pirlint/cache-key`, else
    /// `~/.config/pirlint/cache-key`. The size cap is
    /// `$PIRLINT_CACHE_MAX_MIB`, else [`DEFAULT_MAX_MIB`].
    pub fn default_location() -> Option<Self> {
        let var = |name| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
        let home = var("HOME");
        let dir = var("PIRLINT_CACHE_DIR")
            .or_else(|| var("XDG_CACHE_HOME").map(|d| d.join("pirlint")))
            .or_else(|| home.as_ref().map(|h| h.join(".cache").join("pirlint")))?;
        let key_file = var("PIRLINT_CACHE_KEY")
            .or_else(|| var("XDG_CONFIG_HOME").map(|d| d.join("pirlint").join("cache-key")))
            .or_else(|| home.as_ref().map(|h| h.join(".config").join("pirlint").join("cache-key")))?;
        let max_mib = std::env::var("PIRLINT_CACHE_MAX_MIB")
            .ok()
            .filter(|v| !v.is_empty())
            .map_or(Ok(DEFAULT_MAX_MIB), |v| parse_max_mib(&v));
        Some(CacheLocation { dir, key_file, max_mib })
    }
}

#[derive(Clone)]
pub struct CompileCache {
    dir: PathBuf,
    engine_key: String,
    key: [u8; KEY_BYTES],
    max_bytes: u64,
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
        let max_bytes = location.max_mib.clone()? << 20;
        let key = load_or_create_key(&location.key_file)?;
        private_dir(&location.dir).map_err(|e| format!("cache directory {}: {e}", location.dir.display()))?;
        if let Some(problem) = untrusted(&std::fs::metadata(&location.dir).map_err(|e| e.to_string())?) {
            return Err(format!("cache directory {} {problem}", location.dir.display()));
        }
        let mut hasher = Sha256Hasher(Sha256::new());
        engine.precompile_compatibility_hash().hash(&mut hasher);
        env!("CARGO_PKG_VERSION").hash(&mut hasher);
        Ok(CompileCache { dir: location.dir.clone(), engine_key: hex(&hasher.0.finalize()), key, max_bytes })
    }

    fn entry(&self, wasm_sha256: &str) -> PathBuf {
        let mut key = Sha256::new();
        key.update(self.engine_key.as_bytes());
        key.update(wasm_sha256.as_bytes());
        self.dir.join(format!("{}.cwasm", hex(&key.finalize())))
    }

    /// The tag of `bytes` stored under `path`: the file name is covered, so
    /// a valid entry renamed to another plugin's name does not verify.
    /// Keyed BLAKE3 (a MAC, like HMAC-SHA256 before it, at several times
    /// its speed: tagging is most of a one-report run's start-up, since
    /// every compiled plugin is hashed before it is mapped). The domain
    /// string changed with the algorithm, so older tags fail and their
    /// entries are recompiled once.
    fn tagger(&self, path: &Path) -> blake3::Hasher {
        let mut tagger = blake3::Hasher::new_keyed(&self.key);
        tagger.update(b"pirlint-cache-v2-blake3\0");
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
        // `blake3::Hash` compares in constant time.
        tagger.finalize() == blake3::Hash::from_bytes(tag)
    }

    /// Writes `body` to `path` and its tag to `NAME.tag`, each atomically.
    /// The tag goes second: a reader between the two sees a mismatch and
    /// recompiles, never an unverified entry.
    fn write_tagged(&self, path: &Path, body: &[u8]) -> std::io::Result<()> {
        let mut tagger = self.tagger(path);
        tagger.update(body);
        let tag = tagger.finalize();
        self.store(path, body)?;
        self.store(&path.with_extension("tag"), tag.as_bytes())
    }

    /// Loads the compiled component, compiling and storing it on a miss.
    /// Cache trouble (unwritable directory, corrupt or forged entry) never
    /// fails the load: it only costs a compilation.
    pub fn load(&self, engine: &Engine, wasm: &[u8], wasm_sha256: &str) -> wasmtime::Result<Component> {
        self.load_with(engine, wasm, wasm_sha256, |_| {})
    }

    /// [`Self::load`], calling `after_verify` between the check of an
    /// entry's tag and its mapping: the window in which another process may
    /// evict it (tests use it to do so).
    fn load_with(
        &self,
        engine: &Engine,
        wasm: &[u8],
        wasm_sha256: &str,
        after_verify: impl FnOnce(&Path),
    ) -> wasmtime::Result<Component> {
        let path = self.entry(wasm_sha256);
        if self.verify(&path) {
            after_verify(&path);
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

    /// Deletes entries unused for [`STALE_AFTER`], leftovers (temporary
    /// files, tags without their entry) older than [`LEFTOVER_AFTER`], then
    /// the least recently used compiled entries until the rest fit under
    /// the size cap; never `keep`, the entry just written. Best effort:
    /// errors, including files another process deleted first, are ignored.
    fn prune(&self, keep: &Path) {
        let Ok(dir) = std::fs::read_dir(&self.dir) else { return };
        let keep_tag = keep.with_extension("tag");
        // (last use, entry, bytes of entry and tag) of the compiled entries kept.
        let mut compiled: Vec<(SystemTime, PathBuf, u64)> = Vec::new();
        let mut total = 0u64;
        for entry in dir.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let Ok(meta) = entry.metadata() else { continue };
            if !meta.is_file() || path == keep || path == keep_tag {
                continue;
            }
            let leftover = (name.starts_with('.') && name.ends_with(".tmp"))
                || (name.ends_with(".tag") && !path.with_extension("cwasm").exists() && !path.with_extension("options-ok").exists());
            let ours = name.ends_with(".cwasm") || name.ends_with(".tag") || name.ends_with(".options-ok") || leftover;
            if (leftover && age(&meta) > LEFTOVER_AFTER) || (ours && age(&meta) > STALE_AFTER) {
                let _ = std::fs::remove_file(&path);
            } else if name.ends_with(".cwasm") {
                let tag_bytes = std::fs::metadata(path.with_extension("tag")).map_or(0, |m| m.len());
                let last_use = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
                compiled.push((last_use, path, meta.len() + tag_bytes));
                total += meta.len() + tag_bytes;
            }
        }
        total += std::fs::metadata(keep).map_or(0, |m| m.len()) + std::fs::metadata(&keep_tag).map_or(0, |m| m.len());
        compiled.sort();
        for (_, path, bytes) in compiled {
            if total <= self.max_bytes {
                break;
            }
            // The tag first: from now on no reader can verify the entry.
            let _ = std::fs::remove_file(path.with_extension("tag"));
            let _ = std::fs::remove_file(&path);
            total -= bytes;
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

    fn cache_in(dir: &Path, keys: &Path) -> (Engine, CompileCache) {
        let engine = Engine::new(wasmtime::Config::new().wasm_component_model(true)).unwrap();
        let cache = CompileCache::open(&engine, &CacheLocation::new(dir, keys.join("key"))).unwrap();
        (engine, cache)
    }

    /// Writes a fake compiled entry of `bytes` bytes and its tag, last used
    /// `hours_ago`.
    fn entry_used(dir: &Path, name: &str, bytes: usize, hours_ago: u64) -> PathBuf {
        let path = dir.join(format!("{name}.cwasm"));
        std::fs::write(&path, vec![0u8; bytes]).unwrap();
        std::fs::write(path.with_extension("tag"), [0u8; TAG_BYTES]).unwrap();
        let when = SystemTime::now() - Duration::from_secs(hours_ago * 3600);
        for p in [path.clone(), path.with_extension("tag")] {
            std::fs::File::options().append(true).open(p).unwrap().set_modified(when).unwrap();
        }
        path
    }

    #[test]
    fn eviction_removes_least_recently_used_entries_until_under_the_cap() {
        let (dir, keys) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let (_engine, mut cache) = cache_in(dir.path(), keys.path());
        let size = 100 << 10;
        let per_entry = (size + TAG_BYTES) as u64;
        // Names in another order than last use, so the order cannot come
        // from names or creation.
        let a = entry_used(dir.path(), "a", size, 2);
        let b = entry_used(dir.path(), "b", size, 5);
        let c = entry_used(dir.path(), "c", size, 1);
        let d = entry_used(dir.path(), "d", size, 4);
        let e = entry_used(dir.path(), "e", size, 3);
        let just_written = entry_used(dir.path(), "new", size, 0);
        cache.max_bytes = 3 * per_entry;
        cache.prune(&just_written);
        for gone in [&b, &d, &e] {
            assert!(!gone.exists() && !gone.with_extension("tag").exists(), "{} (least recently used) stayed", gone.display());
        }
        for kept in [&a, &c, &just_written] {
            assert!(kept.exists() && kept.with_extension("tag").exists(), "{} (recently used) was evicted", kept.display());
        }
        let total: u64 = std::fs::read_dir(dir.path()).unwrap().map(|f| f.unwrap().metadata().unwrap().len()).sum();
        assert!(total <= cache.max_bytes, "{total} bytes left, above the cap of {}", cache.max_bytes);
    }

    #[test]
    fn the_entry_just_written_is_kept_even_above_the_cap() {
        let (dir, keys) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let (engine, mut cache) = cache_in(dir.path(), keys.path());
        let old = entry_used(dir.path(), "old", 1000, 1);
        cache.max_bytes = 1;
        let wasm = wat_component();
        cache.load(&engine, &wasm, &sha256_hex(&wasm)).unwrap();
        assert!(!old.exists(), "an older entry above the cap stayed");
        assert!(cache.verify(&cache.entry(&sha256_hex(&wasm))), "the new entry was evicted");
    }

    /// A hit records the use, so an entry in use is not the one evicted.
    #[test]
    fn a_hit_marks_the_entry_used() {
        let (dir, keys) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let (engine, cache) = cache_in(dir.path(), keys.path());
        let wasm = wat_component();
        let sha = sha256_hex(&wasm);
        cache.load(&engine, &wasm, &sha).unwrap();
        let entry = cache.entry(&sha);
        let long_ago = SystemTime::now() - Duration::from_secs(10 * 3600);
        std::fs::File::options().append(true).open(&entry).unwrap().set_modified(long_ago).unwrap();
        cache.load(&engine, &wasm, &sha).unwrap();
        let last_use = std::fs::metadata(&entry).unwrap().modified().unwrap();
        assert!(last_use > long_ago + Duration::from_secs(9 * 3600), "a hit left the last use at {last_use:?}");
    }

    /// Another process evicts the entry after this one verified it and
    /// before it is mapped: this one compiles instead, and writes it again.
    #[test]
    fn an_entry_evicted_during_its_load_is_compiled_instead() {
        let (dir, keys) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let (engine, cache) = cache_in(dir.path(), keys.path());
        let wasm = wat_component();
        let sha = sha256_hex(&wasm);
        cache.load(&engine, &wasm, &sha).unwrap();
        let mut evicted = false;
        cache
            .load_with(&engine, &wasm, &sha, |entry| {
                std::fs::remove_file(entry.with_extension("tag")).unwrap();
                std::fs::remove_file(entry).unwrap();
                evicted = true;
            })
            .expect("a load whose entry was evicted mid-way failed");
        assert!(evicted, "the entry did not verify before the eviction");
        assert!(cache.verify(&cache.entry(&sha)), "the entry was not written again");
    }

    #[test]
    fn a_miss_removes_old_orphan_tags_and_temporary_files() {
        let (dir, keys) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let (engine, cache) = cache_in(dir.path(), keys.path());
        let entry = entry_used(dir.path(), "entry", 10, 2);
        let options = dir.path().join("opts.options-ok");
        std::fs::write(&options, b"").unwrap();
        let old = SystemTime::now() - LEFTOVER_AFTER - Duration::from_secs(60);
        let old_orphan_tag = dir.path().join("orphan.tag");
        let old_tmp = dir.path().join(".crashed.tmp");
        let options_tag = options.with_extension("tag");
        let fresh_tmp = dir.path().join(".writing.tmp");
        for p in [&old_orphan_tag, &old_tmp, &options_tag, &fresh_tmp] {
            std::fs::write(p, b"x").unwrap();
        }
        for p in [&old_orphan_tag, &old_tmp, &options_tag, &entry.with_extension("tag")] {
            std::fs::File::options().append(true).open(p).unwrap().set_modified(old).unwrap();
        }
        let wasm = wat_component();
        cache.load(&engine, &wasm, &sha256_hex(&wasm)).unwrap();
        assert!(!old_orphan_tag.exists(), "an old tag without its entry stayed");
        assert!(!old_tmp.exists(), "an old temporary file stayed");
        assert!(fresh_tmp.exists(), "a temporary file a writer may be using was deleted");
        assert!(entry.with_extension("tag").exists() && options_tag.exists(), "the tag of an existing entry was deleted");
    }

    #[test]
    fn the_size_cap_is_a_whole_number_of_mib_in_range() {
        assert_eq!(parse_max_mib("512"), Ok(512));
        assert_eq!(parse_max_mib(" 16 "), Ok(16));
        for bad in ["0", "15", "2000000", "1.5", "-1", "512M", ""] {
            let refused = parse_max_mib(bad).unwrap_err();
            assert!(refused.contains("PIRLINT_CACHE_MAX_MIB") && refused.contains("16 to 1048576"), "{refused}");
        }
        let engine = Engine::new(wasmtime::Config::new().wasm_component_model(true)).unwrap();
        let (dir, keys) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let location = CacheLocation { max_mib: parse_max_mib("0"), ..CacheLocation::new(dir.path(), keys.path().join("key")) };
        let refused = CompileCache::open(&engine, &location).unwrap_err();
        assert!(refused.contains("PIRLINT_CACHE_MAX_MIB"), "{refused}");
    }

    /// The smallest component: its binary encoding, no exports.
    fn wat_component() -> Vec<u8> {
        vec![0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]
    }
}
