//! The sandbox: one wasmtime engine, plugins compiled once, and instances
//! that each run one check at a time with a fuel budget and a memory cap.
//!
//! Plugins get no ambient authority. Built-in plugins import nothing at all.
//! Third-party components may import WASI (a `wasm32-wasip2` guest always
//! does); for those alone WASI is linked to [`crate::wasi_shim`], which
//! answers from nothing outside the run (empty environment, no files or
//! sockets, the run's "now", fixed monotonic clock and random bytes) and
//! captures stdout and stderr, shown with a failure so a guest's panic
//! message reaches the user. Other unknown imports trap.
//!
//! Instances are reused: after a call that ends cleanly, the instance goes
//! back to its plugin's idle list and the next report (on any thread) takes
//! it, with a fresh fuel budget. A fresh instance costs about 25 µs of new
//! linear memory being faulted in and zeroed, plus instantiation, on every
//! report and plugin; a warm one costs nothing of the kind. An instance
//! whose call failed in any way (trap, fuel, memory) is dropped, never
//! reused, and so is one whose memory grew past [`RECYCLE_ABOVE_BYTES`]. The
//! contract for plugins (see `wit/pirlint.wit`) is that `check` is a pure
//! function of its arguments; a plugin that keeps state across reports can
//! only affect its own findings.

use crate::cache::{sha256_hex, CacheLocation, CompileCache};
use crate::wasi_shim::WasiShim;
use crate::wit::{wit_types as w, RulePluginPre};
use std::fmt;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::Instant;
use wasmtime::component::{Component, Linker};
use wasmtime::{Config, Engine, ResourceLimiter, Store, Trap};

/// The interface version this host speaks (`interface-version` in WIT).
pub const INTERFACE_VERSION: u32 = 2;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Fuel for one `check` call: roughly one unit per WebAssembly
    /// instruction. Deterministic, unlike a wall-clock deadline, so the same
    /// run fails or passes the same way on every machine.
    pub fuel: u64,
    /// The most memory one plugin instance may hold, in bytes: all its
    /// linear memories and tables together.
    pub memory_bytes: usize,
    /// The most memory all plugin calls running at once may hold. A call
    /// reserves `memory_bytes` before it starts and waits while the budget
    /// has no room, so a run never fails for lack of room, it only slows.
    pub total_memory_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        // A billion instructions is about a second of guest work: two orders
        // of magnitude above what the built-in plugins need for a large
        // report. 128 MiB holds a 10 MB report several times over. The
        // budget lets eight calls run at once at their cap (the built-in
        // plugins use 1–3 MiB on ordinary reports).
        Limits { fuel: 1_000_000_000, memory_bytes: 128 << 20, total_memory_bytes: 1 << 30 }
    }
}

/// Core instances, memories and tables one plugin instance may create. A
/// Rust plugin has one to four of each; a Python or JavaScript one a few
/// dozen. Each costs host memory beyond what `memory_bytes` counts.
pub const MAX_CORE_INSTANCES: usize = 256;
pub const MAX_MEMORIES: usize = 64;
pub const MAX_TABLES: usize = 256;

/// Why a plugin call did not produce diagnostics.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    OutOfFuel { fuel: u64 },
    OutOfMemory { limit: usize, requested: usize },
    Trap { message: String },
    /// The plugin returned `err(message)`.
    Reported { message: String },
    Instantiate { message: String },
    /// More core instances, memories or tables than [`MAX_CORE_INSTANCES`]
    /// and its siblings allow.
    TooMany { what: &'static str, limit: usize },
    /// Any of the above, from a plugin that wrote to stdout or stderr during
    /// the call (a Rust guest's panic message, a Python traceback).
    WithOutput { failure: Box<Failure>, output: String },
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::OutOfFuel { fuel } => write!(
                f,
                "ran out of its budget of {fuel} fuel units (an endless loop, or a check too slow for this report)"
            ),
            Failure::OutOfMemory { limit, requested } => write!(
                f,
                "ran out of memory: it asked for {} MiB, above the limit of {} MiB",
                requested.div_ceil(1 << 20),
                limit >> 20
            ),
            Failure::Trap { message } => write!(f, "crashed: {message}"),
            Failure::Reported { message } => write!(f, "reported an error: {message}"),
            Failure::Instantiate { message } => write!(f, "could not be instantiated: {message}"),
            Failure::TooMany { what, limit } => write!(f, "creates more than {limit} {what}, the most one plugin may have"),
            Failure::WithOutput { failure, output } => write!(f, "{failure}; it wrote:\n{output}"),
        }
    }
}

/// An idle instance whose linear memory is larger than this is dropped
/// rather than reused, so one huge report does not pin its memory for the
/// rest of the run (built-in plugins use 1–3 MiB on ordinary reports).
pub const RECYCLE_ABOVE_BYTES: usize = 32 << 20;

pub struct StoreState {
    limiter: MemoryCap,
    /// WASI state, for components that import WASI only.
    pub(crate) wasi: Option<Box<WasiShim>>,
}

/// Bounds one store (one plugin instance) as a whole: the sum of all its
/// linear memories and tables, and how many of each it may create.
struct MemoryCap {
    limit: usize,
    /// Bytes of linear memory and table held now, all memories together.
    held: usize,
    refused: Option<usize>,
}

/// Host bytes a table element costs (a function reference is a pointer).
const TABLE_ELEMENT_BYTES: usize = std::mem::size_of::<usize>();

impl MemoryCap {
    fn grow(&mut self, current: usize, desired: usize) -> bool {
        let total = (self.held - current.min(self.held)).saturating_add(desired);
        if total > self.limit {
            self.refused = Some(total);
            return false;
        }
        self.held = total;
        true
    }
}

impl ResourceLimiter for MemoryCap {
    // wasmtime calls this for a memory's initial size too (`current` = 0),
    // so every memory of every core instance is counted.
    fn memory_growing(&mut self, current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        Ok(self.grow(current, desired))
    }

    fn table_growing(&mut self, current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        Ok(self.grow(current.saturating_mul(TABLE_ELEMENT_BYTES), desired.saturating_mul(TABLE_ELEMENT_BYTES)))
    }

    fn instances(&self) -> usize {
        MAX_CORE_INSTANCES
    }

    fn memories(&self) -> usize {
        MAX_MEMORIES
    }

    fn tables(&self) -> usize {
        MAX_TABLES
    }
}

/// Memory reserved by the plugin calls running now, across all plugins and
/// threads. A call reserves its whole cap up front: reserving as it grows
/// could leave every running call waiting on the others.
struct MemoryBudget {
    total: usize,
    reserved: Mutex<usize>,
    room: Condvar,
    peak: AtomicUsize,
}

impl MemoryBudget {
    fn reserve(&self, bytes: usize) -> Reservation<'_> {
        let bytes = bytes.min(self.total);
        let mut reserved = self.reserved.lock().unwrap_or_else(|e| e.into_inner());
        while *reserved + bytes > self.total {
            reserved = self.room.wait(reserved).unwrap_or_else(|e| e.into_inner());
        }
        *reserved += bytes;
        self.peak.fetch_max(*reserved, Ordering::Relaxed);
        Reservation { budget: self, bytes }
    }
}

struct Reservation<'a> {
    budget: &'a MemoryBudget,
    bytes: usize,
}

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        *self.budget.reserved.lock().unwrap_or_else(|e| e.into_inner()) -= self.bytes;
        self.budget.room.notify_all();
    }
}

/// A compiled plugin, ready to instantiate, and what it said about itself.
pub struct LoadedPlugin {
    pub info: w::PluginInfo,
    pub sha256: String,
    pre: RulePluginPre<StoreState>,
    /// Instances whose last call ended cleanly, ready for the next one.
    idle: Mutex<Vec<Warm>>,
    stats: CallStats,
    /// The component imports WASI, so its instances get a [`WasiShim`].
    imports_wasi: bool,
}

/// What a plugin's `check` calls cost over a run (`pirlint check --stats`).
/// Fuel is deterministic, so it compares plugin versions on a noisy machine
/// where wall time cannot, and shows how close a plugin comes to the
/// `[limits] fuel` budget.
#[derive(Debug, Default)]
pub struct CallStats {
    calls: AtomicU64,
    fuel: AtomicU64,
    max_fuel: AtomicU64,
    nanos: AtomicU64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CallTotals {
    pub calls: u64,
    /// Fuel consumed by all calls, and by the most expensive one.
    pub fuel: u64,
    pub max_fuel: u64,
    /// Wall time inside the calls (passing the report in included).
    pub nanos: u64,
}

impl CallStats {
    fn record(&self, fuel: u64, nanos: u64) {
        self.calls.fetch_add(1, Ordering::Relaxed);
        self.fuel.fetch_add(fuel, Ordering::Relaxed);
        self.max_fuel.fetch_max(fuel, Ordering::Relaxed);
        self.nanos.fetch_add(nanos, Ordering::Relaxed);
    }
}

impl LoadedPlugin {
    /// Totals of the `check` calls so far (`describe` is not counted).
    pub fn stats(&self) -> CallTotals {
        let s = &self.stats;
        CallTotals {
            calls: s.calls.load(Ordering::Relaxed),
            fuel: s.fuel.load(Ordering::Relaxed),
            max_fuel: s.max_fuel.load(Ordering::Relaxed),
            nanos: s.nanos.load(Ordering::Relaxed),
        }
    }
}

/// How one call runs: whether the plugin has WASI, the "now" its wall
/// clock reads, and where output of a successful call goes.
struct Call<'a> {
    imports_wasi: bool,
    now_utc_seconds: i64,
    log: Option<&'a mut dyn FnMut(String)>,
}

/// An instance with its own store (one store per instance, so that dropping
/// a failed instance frees everything it had).
struct Warm {
    store: Store<StoreState>,
    plugin: crate::wit::RulePlugin,
    /// The id of the heading table this instance was last sent.
    headings: Option<u64>,
}

/// The run's context for one `check` call, and the heading table to send
/// in it to instances that have not had it.
pub struct Passed<'a> {
    /// With `headings: none`.
    pub context: &'a w::CheckContext,
    pub headings: Option<&'a HeadingTable>,
}

/// The host's heading table as `check-context.headings` carries it, with an
/// id: an instance is sent the table on its first call and whenever the id
/// changes, and `none` otherwise (the plugin keeps the last one it got).
#[derive(Clone, Debug)]
pub struct HeadingTable {
    pub id: u64,
    pub kinds: Vec<w::SectionKind>,
}

pub struct Sandbox {
    engine: Engine,
    limits: Limits,
    cache: Option<CompileCache>,
    /// Why the configured cache is not used, if it is not.
    cache_refused: Option<String>,
    budget: MemoryBudget,
}

impl Sandbox {
    pub fn new(limits: Limits, cache: Option<&CacheLocation>) -> wasmtime::Result<Self> {
        let mut config = Config::new();
        config.consume_fuel(true);
        config.wasm_component_model(true);
        // The default (on-demand) instance allocator: instances are reused
        // across reports, so there are few of them, and wasmtime's pooling
        // allocator (measured: 4 ms to reserve its pool at start) no longer
        // pays for itself.
        let engine = Engine::new(&config)?;
        let (cache, cache_refused) = match cache.map(|location| CompileCache::open(&engine, location)) {
            None => (None, None),
            Some(Ok(cache)) => (Some(cache), None),
            Some(Err(why)) => (None, Some(why)),
        };
        let budget = MemoryBudget {
            total: limits.total_memory_bytes.max(limits.memory_bytes),
            reserved: Mutex::new(0),
            room: Condvar::new(),
            peak: AtomicUsize::new(0),
        };
        Ok(Sandbox { engine, limits, cache, cache_refused, budget })
    }

    /// The on-disk cache of compiled plugins (and validated options), if any.
    pub fn cache(&self) -> Option<&CompileCache> {
        self.cache.as_ref()
    }

    /// Why the configured compile cache is not trusted (plugins are then
    /// compiled in memory on every run).
    pub fn cache_refused(&self) -> Option<&str> {
        self.cache_refused.as_deref()
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The most memory plugin calls running at once have reserved so far.
    pub fn peak_reserved_memory(&self) -> usize {
        self.budget.peak.load(Ordering::Relaxed)
    }

    /// Compiles (or loads from the cache) and links a component, then calls
    /// `describe`. Errors are strings meant for the user.
    pub fn load(&self, wasm: &[u8]) -> Result<LoadedPlugin, String> {
        self.load_hashed(wasm, sha256_hex(wasm))
    }

    /// [`Sandbox::load`] for a component whose SHA-256 is already known
    /// (the built-in ones are hashed at build time).
    pub fn load_hashed(&self, wasm: &[u8], sha256: String) -> Result<LoadedPlugin, String> {
        if let Some(why) = not_a_component(wasm) {
            return Err(why);
        }
        let component = match &self.cache {
            Some(cache) => cache.load(&self.engine, wasm, &sha256),
            None => Component::new(&self.engine, wasm),
        }
        .map_err(|e| format!("is not a valid WebAssembly component: {e:#}"))?;
        let mut linker = Linker::new(&self.engine);
        // Linking WASI costs a few hundred definitions: only for components
        // that ask for it, never the built-in plugins.
        let imports_wasi =
            component.component_type().imports(&self.engine).any(|(name, _)| name.starts_with("wasi:"));
        if imports_wasi {
            wasmtime_wasi::p2::add_to_linker_sync(&mut linker)
                .map_err(|e| format!("cannot be linked to the WASI shim: {e:#}"))?;
            crate::wasi_shim::stub_unserved(&mut linker, &component, &self.engine)
                .map_err(|e| format!("cannot be linked to the WASI shim: {e:#}"))?;
        }
        // `define_unknown_imports_as_traps` matches names exactly, so it would
        // shadow the shim's `wasi:cli/stdout@0.2.9` with a trap for a guest's
        // `@0.2.6`, which the linker's semver matching would otherwise serve.
        // So traps are added only when something else is left unlinked.
        let linked = if imports_wasi { linker.instantiate_pre(&component).ok() } else { None };
        let instance_pre = match linked {
            Some(linked) => linked,
            None => {
                linker
                    .define_unknown_imports_as_traps(&component)
                    .map_err(|e| format!("has imports that cannot be linked: {e:#}"))?;
                linker.instantiate_pre(&component).map_err(|e| format!("cannot be linked: {e:#}"))?
            }
        };
        let pre = RulePluginPre::new(instance_pre).map_err(|e| missing_rules_export(&component, &self.engine, &e))?;
        // The instance that answers `describe` stays warm for the first check.
        let idle = Mutex::new(Vec::new());
        let info = self
            .call(&pre, &idle, None, Call { imports_wasi, now_utc_seconds: 0, log: None }, |plugin, store, _| plugin.pirlint_plugin_rules().call_describe(store))
            .map_err(|failure| format!("failed in `describe`: {failure}"))?;
        Ok(LoadedPlugin { info, sha256, pre, idle, stats: CallStats::default(), imports_wasi })
    }

    pub fn check(
        &self,
        plugin: &LoadedPlugin,
        report: &w::Report,
        source: &str,
        rules: &[w::RuleConfig],
        context: &w::CheckContext,
    ) -> Result<Vec<w::Diagnostic>, Failure> {
        self.check_logged(plugin, report, source, rules, Passed { context, headings: None }, None)
    }

    /// [`Sandbox::check`], also handing what the plugin wrote to stdout and
    /// stderr during a successful call to `log` (`--plugin-log`); a failed
    /// call carries its output in [`Failure::WithOutput`].
    pub fn check_logged(
        &self,
        plugin: &LoadedPlugin,
        report: &w::Report,
        source: &str,
        rules: &[w::RuleConfig],
        passed: Passed<'_>,
        log: Option<&mut dyn FnMut(String)>,
    ) -> Result<Vec<w::Diagnostic>, Failure> {
        let Passed { context, headings } = passed;
        let call = Call { imports_wasi: plugin.imports_wasi, now_utc_seconds: context.now_utc_seconds, log };
        self.call(&plugin.pre, &plugin.idle, Some(&plugin.stats), call, |instance, store, sent| {
            match headings {
                // The table goes to an instance that has not had this one;
                // `context.headings` is `none` otherwise.
                Some(table) if *sent != Some(table.id) => {
                    let first = w::CheckContext { headings: Some(table.kinds.clone()), ..context.clone() };
                    let result = instance.pirlint_plugin_rules().call_check(store, report, source, rules, &first);
                    *sent = Some(table.id);
                    result
                }
                _ => instance.pirlint_plugin_rules().call_check(store, report, source, rules, context),
            }
        })?
        .map_err(|message| Failure::Reported { message })
    }

    /// Runs one call on an idle instance of the plugin, or a new one, with
    /// a full fuel budget; the instance goes back to the idle list only if
    /// the call ended cleanly.
    fn call<R>(
        &self,
        pre: &RulePluginPre<StoreState>,
        idle: &Mutex<Vec<Warm>>,
        stats: Option<&CallStats>,
        call: Call<'_>,
        f: impl FnOnce(&crate::wit::RulePlugin, &mut Store<StoreState>, &mut Option<u64>) -> wasmtime::Result<R>,
    ) -> Result<R, Failure> {
        let _room = self.budget.reserve(self.limits.memory_bytes);
        let reused = idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let mut warm = match reused {
            Some(warm) => warm,
            None => self.instantiate(pre, call.imports_wasi)?,
        };
        warm.store.set_fuel(self.limits.fuel).expect("fuel is enabled on this engine");
        if let Some(shim) = &mut warm.store.data_mut().wasi {
            shim.reset(call.now_utc_seconds);
        }
        let started = Instant::now();
        let mut result = f(&warm.plugin, &mut warm.store, &mut warm.headings).map_err(|e| self.classify(&warm.store, e, false));
        if let Some(output) = warm.store.data().wasi.as_ref().and_then(|shim| shim.output()) {
            match result {
                Err(failure) => result = Err(Failure::WithOutput { failure: Box::new(failure), output }),
                Ok(_) => {
                    if let Some(log) = call.log {
                        log(output)
                    }
                }
            }
        }
        if let Some(stats) = stats {
            let used = self.limits.fuel - warm.store.get_fuel().unwrap_or(0);
            stats.record(used, started.elapsed().as_nanos() as u64);
        }
        if result.is_ok() && warm.store.data().limiter.held <= RECYCLE_ABOVE_BYTES {
            idle.lock().unwrap_or_else(|e| e.into_inner()).push(warm);
        }
        result
    }

    fn instantiate(&self, pre: &RulePluginPre<StoreState>, imports_wasi: bool) -> Result<Warm, Failure> {
        let state = StoreState {
            limiter: MemoryCap { limit: self.limits.memory_bytes, held: 0, refused: None },
            wasi: imports_wasi.then(Default::default),
        };
        let mut store = Store::new(&self.engine, state);
        store.limiter(|state| &mut state.limiter);
        store.set_fuel(self.limits.fuel).expect("fuel is enabled on this engine");
        match pre.instantiate(&mut store) {
            Ok(plugin) => Ok(Warm { store, plugin, headings: None }),
            Err(e) => Err(self.classify(&store, e, true)),
        }
    }

    fn classify(&self, store: &Store<StoreState>, error: wasmtime::Error, instantiating: bool) -> Failure {
        if let Some(requested) = store.data().limiter.refused {
            return Failure::OutOfMemory { limit: self.limits.memory_bytes, requested };
        }
        // wasmtime enforces the counts from `ResourceLimiter` itself and
        // says so only in its message.
        let message = format!("{error:#}");
        for (what, limit) in [("instance", MAX_CORE_INSTANCES), ("memory", MAX_MEMORIES), ("table", MAX_TABLES)] {
            if message.contains(&format!("{what} count too high")) {
                let what = match what {
                    "instance" => "core instances",
                    "memory" => "linear memories",
                    _ => "tables",
                };
                return Failure::TooMany { what, limit };
            }
        }
        match error.downcast_ref::<Trap>() {
            Some(Trap::OutOfFuel) => Failure::OutOfFuel { fuel: self.limits.fuel },
            Some(trap) => {
                let hint = match trap {
                    Trap::UnreachableCodeReached => " (a panic or abort in the plugin)",
                    Trap::StackOverflow => " (runaway recursion)",
                    _ => "",
                };
                Failure::Trap { message: format!("{trap}{hint}") }
            }
            None if instantiating => Failure::Instantiate { message: format!("{error:#}") },
            None => Failure::Trap { message: format!("{error:#}") },
        }
    }
}

/// Why `wasm` cannot be a component, told before compiling it, so an author
/// who points `path` at the wrong file learns what to build instead.
fn not_a_component(wasm: &[u8]) -> Option<String> {
    const MAGIC: &[u8] = b"\0asm";
    // The version and layer fields after the magic: 1 0 0 0 is a core module
    // (layer 0); a component has layer 1.
    const CORE_MODULE: &[u8] = &[1, 0, 0, 0];
    if !wasm.starts_with(MAGIC) {
        return Some(
            "is not WebAssembly (it does not start with the `\\0asm` bytes): point `path` at the `.wasm` \
             component your plugin's build wrote"
                .to_string(),
        );
    }
    if wasm.get(4..8) == Some(CORE_MODULE) {
        return Some(format!(
            "is a core WebAssembly module, not a component: pirlint loads components of the world \
             `rule-plugin` ({}). Build for `wasm32-wasip2` (Rust), with `componentize-py` (Python) or \
             `jco componentize` (JavaScript), or wrap a core module with `wasm-tools component new`; \
             `pirlint plugin wit` prints the contract",
            crate::wit::WIT_PACKAGE
        ));
    }
    None
}

/// The load error for a component without the `rules` export this host
/// speaks: if it exports `rules` of another version of the contract, it
/// names both versions; otherwise it lists what the component does export.
fn missing_rules_export(component: &Component, engine: &Engine, error: &wasmtime::Error) -> String {
    use crate::wit::{RULES_EXPORT, WIT_PACKAGE};
    let exports: Vec<String> =
        component.component_type().exports(engine).map(|(name, _)| name.to_string()).collect();
    let rebuild = "rebuild it against the WIT that `pirlint plugin wit` prints";
    if let Some(other) = exports.iter().find(|name| name.starts_with("pirlint:plugin/rules")) {
        let built_for = other
            .split_once('@')
            .map_or_else(|| "an unversioned pirlint:plugin".to_string(), |(_, v)| format!("pirlint:plugin@{v}"));
        if other != RULES_EXPORT {
            return format!(
                "was built for the plugin interface {built_for}, but this pirlint speaks {WIT_PACKAGE}: {rebuild}"
            );
        }
        return format!("exports `{RULES_EXPORT}` with functions of the wrong shape ({error:#}): {rebuild}");
    }
    let listed = if exports.is_empty() { "nothing".to_string() } else { exports.join(", ") };
    format!(
        "does not export `{RULES_EXPORT}` (it exports {listed}): implement the world `rule-plugin`; {rebuild}"
    )
}
