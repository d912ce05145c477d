//! The sandbox: one wasmtime engine, plugins compiled once, and a fresh store
//! and instance for every check, with a fuel budget and a memory cap.
//!
//! Plugins get no ambient authority. Built-in plugins import nothing at all.
//! Third-party components may import WASI (a `wasm32-wasip2` guest always
//! does); those imports are linked to functions that trap, so the component
//! instantiates but any attempt to use a file, clock, socket, environment
//! variable or random source ends the check as a reported failure.

use crate::cache::{sha256_hex, CompileCache};
use crate::wit::{wit_types as w, RulePluginPre};
use std::fmt;
use wasmtime::component::{Component, Linker};
use wasmtime::{Config, Engine, InstanceAllocationStrategy, PoolingAllocationConfig, ResourceLimiter, Store, Trap};

/// The interface version this host speaks (`interface-version` in WIT).
pub const INTERFACE_VERSION: u32 = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Fuel for one `check` call: roughly one unit per WebAssembly
    /// instruction. Deterministic, unlike a wall-clock deadline, so the same
    /// run fails or passes the same way on every machine.
    pub fuel: u64,
    /// The most linear memory one plugin instance may have, in bytes.
    pub memory_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        // A billion instructions is about a second of guest work: two orders
        // of magnitude above what the built-in plugins need for a large
        // report. 128 MiB holds a 10 MB report several times over.
        Limits { fuel: 1_000_000_000, memory_bytes: 128 << 20 }
    }
}

/// Why a plugin call did not produce diagnostics.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    OutOfFuel { fuel: u64 },
    OutOfMemory { limit: usize, requested: usize },
    Trap { message: String },
    /// The plugin returned `err(message)`.
    Reported { message: String },
    Instantiate { message: String },
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
        }
    }
}

pub struct StoreState {
    limiter: MemoryCap,
}

struct MemoryCap {
    limit: usize,
    refused: Option<usize>,
}

impl ResourceLimiter for MemoryCap {
    fn memory_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        if desired > self.limit {
            self.refused = Some(desired);
            return Ok(false);
        }
        Ok(true)
    }

    fn table_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        Ok(desired <= 1 << 16)
    }
}

/// A compiled plugin, ready to instantiate, and what it said about itself.
pub struct LoadedPlugin {
    pub info: w::PluginInfo,
    pub sha256: String,
    pre: RulePluginPre<StoreState>,
}

pub struct Sandbox {
    engine: Engine,
    limits: Limits,
    cache: Option<CompileCache>,
}

impl Sandbox {
    pub fn new(limits: Limits, cache_dir: Option<std::path::PathBuf>) -> wasmtime::Result<Self> {
        Self::with_pool(limits, cache_dir, None)
    }

    /// Like [`Sandbox::new`]; with `Some(n)`, instances come from a pool
    /// sized for `n` plugin instances alive at once (at least one per
    /// thread checking reports). The pool reserves its address space up
    /// front (a few milliseconds), and then an instance costs no `mmap` or
    /// `munmap`: its memory is reset in place. Worth it for many reports,
    /// not for one. Instances beyond `n` at once fail to instantiate.
    pub fn with_pool(limits: Limits, cache_dir: Option<std::path::PathBuf>, pool: Option<u32>) -> wasmtime::Result<Self> {
        let mut config = Config::new();
        config.consume_fuel(true);
        config.wasm_component_model(true);
        if let Some(n) = pool {
            let n = n.max(1);
            let mut pooling = PoolingAllocationConfig::new();
            // A wasip2 component has a few core instances (its adapter);
            // built-in plugins have one memory and one table.
            pooling
                .total_component_instances(n)
                .total_core_instances(n * 8)
                .total_memories(n * 4)
                .total_tables(n * 8)
                .max_memories_per_component(4)
                .max_tables_per_component(8)
                .max_core_instances_per_component(16)
                // The memory cap is enforced by `MemoryCap` (which names the
                // size asked for); the pool must only be able to hold it.
                .max_memory_size(limits.memory_bytes.max(1 << 16));
            // `linear_memory_keep_resident` (reset by memset instead of
            // madvise) was measured no faster on 1,000 reports: left at 0.
            config.allocation_strategy(InstanceAllocationStrategy::Pooling(pooling));
        }
        let engine = Engine::new(&config)?;
        let cache = cache_dir.map(|dir| CompileCache::new(&engine, dir));
        Ok(Sandbox { engine, limits, cache })
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Compiles (or loads from the cache) and links a component, then calls
    /// `describe`. Errors are strings meant for the user.
    pub fn load(&self, wasm: &[u8]) -> Result<LoadedPlugin, String> {
        let sha256 = sha256_hex(wasm);
        let component = match &self.cache {
            Some(cache) => cache.load(&self.engine, wasm, &sha256),
            None => Component::new(&self.engine, wasm),
        }
        .map_err(|e| format!("is not a valid WebAssembly component: {e:#}"))?;
        let mut linker = Linker::new(&self.engine);
        linker
            .define_unknown_imports_as_traps(&component)
            .map_err(|e| format!("has imports that cannot be linked: {e:#}"))?;
        let instance_pre = linker
            .instantiate_pre(&component)
            .map_err(|e| format!("cannot be linked: {e:#}"))?;
        let pre = RulePluginPre::new(instance_pre)
            .map_err(|e| format!("does not export the pirlint `rules` interface (pirlint:plugin@0.1.0): {e:#}"))?;
        let info = self.call(&pre, |plugin, store| plugin.pirlint_plugin_rules().call_describe(store))
            .map_err(|failure| format!("failed in `describe`: {failure}"))?;
        Ok(LoadedPlugin { info, sha256, pre })
    }

    pub fn check(
        &self,
        plugin: &LoadedPlugin,
        report: &w::Report,
        source: &str,
        rules: &[w::RuleConfig],
        context: &w::CheckContext,
    ) -> Result<Vec<w::Diagnostic>, Failure> {
        self.call(&plugin.pre, |instance, store| {
            instance.pirlint_plugin_rules().call_check(store, report, source, rules, context)
        })?
        .map_err(|message| Failure::Reported { message })
    }

    /// Runs one call in a fresh store: nothing a plugin does to its memory
    /// survives into the next report.
    fn call<R>(
        &self,
        pre: &RulePluginPre<StoreState>,
        f: impl FnOnce(&crate::wit::RulePlugin, &mut Store<StoreState>) -> wasmtime::Result<R>,
    ) -> Result<R, Failure> {
        let state = StoreState { limiter: MemoryCap { limit: self.limits.memory_bytes, refused: None } };
        let mut store = Store::new(&self.engine, state);
        store.limiter(|state| &mut state.limiter);
        store.set_fuel(self.limits.fuel).expect("fuel is enabled on this engine");
        let instance = pre.instantiate(&mut store).map_err(|e| self.classify(&store, e, true))?;
        f(&instance, &mut store).map_err(|e| self.classify(&store, e, false))
    }

    fn classify(&self, store: &Store<StoreState>, error: wasmtime::Error, instantiating: bool) -> Failure {
        if let Some(requested) = store.data().limiter.refused {
            return Failure::OutOfMemory { limit: self.limits.memory_bytes, requested };
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
