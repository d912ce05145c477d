//! WASI for third-party components, answered from nothing outside the run.
//!
//! Stock toolchains (Rust `wasm32-wasip2`, componentize-py, componentize-js)
//! import WASI even when the plugin never uses it, and their runtimes call
//! some of it at start-up or to report a panic. A plugin must learn nothing
//! about the machine and its findings must be the same everywhere, so every
//! answer here is fixed or comes from the run's arguments:
//!
//! - environment, arguments and initial working directory: empty;
//! - stdin: closed; stdout and stderr: captured into one bounded buffer per
//!   instance ([`CAPTURE_BYTES`]), emptied before each call and shown with
//!   the plugin's failure (and by `--plugin-log`);
//! - wall clock: the run's "now" (`check-context.now-utc-seconds`; the Unix
//!   epoch during `describe`, which has no context); monotonic clock: always
//!   [`MONOTONIC_NANOS`], so a plugin cannot time the host;
//! - random and insecure random: a fixed byte cycle, restarted each call;
//! - no preopened directories, so no file can be named; TCP, UDP and name
//!   lookup refused.
//!
//! The implementation is `wasmtime-wasi` (see ARCHITECTURE.md for why and
//! what it costs), configured by [`WasiShim::fresh_context`]. The context is
//! rebuilt before every call so clocks and random sources start from the same
//! state whether the instance is new or reused; the capture buffer outlives
//! the context because a guest's libc keeps its stdout stream handle.

use bytes::Bytes;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use wasmtime::component::ResourceTable;
use wasmtime_wasi::p2::{OutputStream, Pollable, StreamError, StreamResult};
use wasmtime_wasi::{HostMonotonicClock, HostWallClock, WasiCtx, WasiCtxView, WasiView};

/// The most output (stdout and stderr together) kept from one call; the rest
/// is counted and dropped, and the plugin is told the write succeeded so a
/// chatty plugin does not fail because of its chatter.
pub const CAPTURE_BYTES: usize = 64 << 10;

/// What the monotonic clock always reads, in nanoseconds.
pub const MONOTONIC_NANOS: u64 = 1_000_000_000;

/// The bytes `wasi:random` repeats. Fixed so a run is reproducible; a
/// plugin has no use for real entropy in a pure function of its arguments.
const RANDOM_SEED: &[u8] = b"pirlint fixed random: findings must not depend on chance";

/// Output captured from one call.
#[derive(Default, Debug)]
struct Capture {
    text: Vec<u8>,
    dropped: usize,
}

#[derive(Clone, Default)]
struct CapturePipe(Arc<Mutex<Capture>>);

impl CapturePipe {
    fn lock(&self) -> std::sync::MutexGuard<'_, Capture> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[wasmtime_wasi::async_trait]
impl Pollable for CapturePipe {
    async fn ready(&mut self) {}
}

impl OutputStream for CapturePipe {
    fn write(&mut self, bytes: Bytes) -> StreamResult<()> {
        let mut capture = self.lock();
        let room = CAPTURE_BYTES.saturating_sub(capture.text.len());
        let kept = bytes.len().min(room);
        capture.text.extend_from_slice(&bytes[..kept]);
        capture.dropped += bytes.len() - kept;
        Ok(())
    }

    fn flush(&mut self) -> StreamResult<()> {
        Ok(())
    }

    fn check_write(&mut self) -> Result<usize, StreamError> {
        // Always room: what does not fit is dropped in `write`.
        Ok(CAPTURE_BYTES)
    }
}

impl wasmtime_wasi::cli::IsTerminal for CapturePipe {
    fn is_terminal(&self) -> bool {
        false
    }
}

impl wasmtime_wasi::cli::StdoutStream for CapturePipe {
    fn p2_stream(&self) -> Box<dyn OutputStream> {
        Box::new(self.clone())
    }

    // Only WASI 0.3 guests write through this; the linker here provides 0.2
    // alone, so nothing reaches it. Dropping is the safe answer regardless.
    fn async_stream(&self) -> Box<dyn tokio::io::AsyncWrite + Send + Sync> {
        Box::new(tokio::io::sink())
    }
}

struct FixedWallClock(Duration);

impl HostWallClock for FixedWallClock {
    fn resolution(&self) -> Duration {
        Duration::from_secs(1)
    }
    fn now(&self) -> Duration {
        self.0
    }
}

struct FixedMonotonicClock;

impl HostMonotonicClock for FixedMonotonicClock {
    fn resolution(&self) -> u64 {
        1
    }
    fn now(&self) -> u64 {
        MONOTONIC_NANOS
    }
}

/// The WASI state of one plugin instance.
pub struct WasiShim {
    ctx: WasiCtx,
    table: ResourceTable,
    output: CapturePipe,
}

impl WasiShim {
    pub fn new() -> Self {
        let output = CapturePipe::default();
        WasiShim { ctx: Self::fresh_context(&output, 0), table: ResourceTable::new(), output }
    }

    fn fresh_context(output: &CapturePipe, now_utc_seconds: i64) -> WasiCtx {
        let mut builder = WasiCtx::builder();
        // The builder's defaults are already empty environment and
        // arguments, closed stdin, no preopens, no sockets, no name lookup;
        // they are said again so a change of default cannot grant anything.
        builder
            .stdout(output.clone())
            .stderr(output.clone())
            .wall_clock(FixedWallClock(Duration::from_secs(now_utc_seconds.max(0) as u64)))
            .monotonic_clock(FixedMonotonicClock)
            .secure_random(wasmtime_wasi::Deterministic::new(RANDOM_SEED.to_vec()))
            .insecure_random(wasmtime_wasi::Deterministic::new(RANDOM_SEED.to_vec()))
            .insecure_random_seed(0)
            .allow_tcp(false)
            .allow_udp(false)
            .allow_ip_name_lookup(false)
            .socket_addr_check(|_, _| Box::pin(async { false }));
        builder.build()
    }

    /// Before a call: clocks and random sources start over, output is empty.
    pub fn reset(&mut self, now_utc_seconds: i64) {
        self.ctx = Self::fresh_context(&self.output, now_utc_seconds);
        *self.output.lock() = Capture::default();
    }

    /// What the plugin wrote during the call, lossily decoded, with a note
    /// of what did not fit; `None` if it wrote nothing.
    pub fn output(&self) -> Option<String> {
        let capture = self.output.lock();
        if capture.text.is_empty() && capture.dropped == 0 {
            return None;
        }
        let mut text = String::from_utf8_lossy(&capture.text).into_owned();
        if capture.dropped > 0 {
            text.push_str(&format!("\n[{} more bytes of output dropped: the limit is {CAPTURE_BYTES}]", capture.dropped));
        }
        Some(text)
    }
}

impl Default for WasiShim {
    fn default() -> Self {
        Self::new()
    }
}

impl WasiView for crate::sandbox::StoreState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        // Only components that import WASI have it linked, and only their
        // stores get a shim; built-in plugins never reach here.
        let shim = self.wasi.get_or_insert_with(Default::default);
        WasiCtxView { ctx: &mut shim.ctx, table: &mut shim.table }
    }
}

/// The WASI packages the shim serves (`wasmtime_wasi::p2::add_to_linker_sync`);
/// the linker matches a guest's other 0.2.x versions of them by semver.
const SERVED_PACKAGES: &[&str] = &["wasi:io/", "wasi:clocks/", "wasi:random/", "wasi:cli/", "wasi:filesystem/", "wasi:sockets/"];

/// The host type of a resource of an unserved WASI interface: none is ever
/// made, since every function that could make one traps.
struct Unserved;

/// Links every WASI interface `component` imports that the shim does not
/// serve (componentize-js's runtime imports `wasi:http/types` whether or not
/// a plugin fetches anything) to functions that trap, saying what was
/// called. The types such an interface takes from `wasi:io` (`pollable`,
/// `input-stream`, `output-stream`, `error`) are the shim's own, so that the
/// served interfaces keep their semver matching: wasmtime's
/// `define_unknown_imports_as_traps` would stub those too, by exact name,
/// and the guest's `wasi:io` would no longer be the shim's.
pub fn stub_unserved<T: 'static>(
    linker: &mut wasmtime::component::Linker<T>,
    component: &wasmtime::component::Component,
    engine: &wasmtime::Engine,
) -> wasmtime::Result<()> {
    use wasmtime::component::types::ComponentItem;
    use wasmtime::component::ResourceType;
    for (name, item) in component.component_type().imports(engine) {
        if !name.starts_with("wasi:") || SERVED_PACKAGES.iter().any(|p| name.starts_with(p)) {
            continue;
        }
        let ComponentItem::ComponentInstance(instance) = item.ty else { continue };
        let mut linked = linker.instance(name)?;
        for (export, item) in instance.exports(engine) {
            match item.ty {
                ComponentItem::ComponentFunc(_) => {
                    let what = format!("{name}#{export}");
                    linked.func_new(export, move |_, _, _, _| {
                        wasmtime::bail!("`{what}` is not available to pirlint plugins (no network, files or clocks)")
                    })?;
                }
                ComponentItem::Resource(_) => {
                    let ty = match export {
                        "pollable" => ResourceType::host::<wasmtime_wasi::p2::DynPollable>(),
                        "input-stream" => ResourceType::host::<wasmtime_wasi::p2::DynInputStream>(),
                        "output-stream" => ResourceType::host::<wasmtime_wasi::p2::DynOutputStream>(),
                        "error" => ResourceType::host::<wasmtime_wasi::p2::IoError>(),
                        _ => ResourceType::host::<Unserved>(),
                    };
                    linked.resource(export, ty, |_, _| Ok(()))?;
                }
                _ => {}
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_encoder::{
        Alias, Component, ComponentAliasSection, ComponentExportKind, ComponentImportSection,
        ComponentOuterAliasKind, ComponentTypeRef, ComponentTypeSection, ComponentValType, InstanceType,
        PrimitiveValType, TypeBounds,
    };

    struct State {
        ctx: WasiCtx,
        table: ResourceTable,
    }

    impl WasiView for State {
        fn ctx(&mut self) -> WasiCtxView<'_> {
            WasiCtxView { ctx: &mut self.ctx, table: &mut self.table }
        }
    }

    /// What componentize-js's runtime imports, in small: `wasi:io/poll` and
    /// `wasi:clocks/monotonic-clock` of a newer 0.2 than the shim's (served
    /// by semver), and `wasi:http/types`, which uses their `pollable`.
    fn js_like_imports() -> Vec<u8> {
        let mut c = Component::new();
        // type 0: wasi:io/poll = { pollable }
        let mut types = ComponentTypeSection::new();
        let mut poll = InstanceType::new();
        poll.export("pollable", ComponentTypeRef::Type(TypeBounds::SubResource));
        types.instance(&poll);
        c.section(&types);
        let mut imports = ComponentImportSection::new();
        imports.import("wasi:io/poll@0.2.12", ComponentTypeRef::Instance(0));
        c.section(&imports);
        // type 1: the imported pollable
        let mut aliases = ComponentAliasSection::new();
        aliases.alias(Alias::InstanceExport { instance: 0, kind: ComponentExportKind::Type, name: "pollable" });
        c.section(&aliases);
        // An interface that returns a pollable: type 0 in it is the outer pollable.
        let with_pollable = |funcs: &[&str], resources: &[&str]| {
            let mut t = InstanceType::new();
            t.alias(Alias::Outer { kind: ComponentOuterAliasKind::Type, count: 1, index: 1 });
            t.export("pollable", ComponentTypeRef::Type(TypeBounds::Eq(0))); // type 1
            t.ty().defined_type().own(1); // type 2
            t.ty().function().params([("nanos", ComponentValType::Primitive(PrimitiveValType::U64))]).result(Some(ComponentValType::Type(2))); // type 3
            for f in funcs {
                t.export(*f, ComponentTypeRef::Func(3));
            }
            for r in resources {
                t.export(*r, ComponentTypeRef::Type(TypeBounds::SubResource));
            }
            t
        };
        let mut types = ComponentTypeSection::new();
        types.instance(&with_pollable(&["subscribe-duration"], &[])); // type 2
        types.instance(&with_pollable(&["subscribe-fields"], &["fields"])); // type 3
        c.section(&types);
        let mut imports = ComponentImportSection::new();
        imports.import("wasi:clocks/monotonic-clock@0.2.12", ComponentTypeRef::Instance(2));
        imports.import("wasi:http/types@0.2.10", ComponentTypeRef::Instance(3));
        c.section(&imports);
        c.finish()
    }

    #[test]
    fn unserved_wasi_traps_and_served_wasi_stays_the_shims() {
        let engine = wasmtime::Engine::default();
        let component = wasmtime::component::Component::new(&engine, js_like_imports()).unwrap();
        let mut linker = wasmtime::component::Linker::<State>::new(&engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker).unwrap();
        // The shim alone leaves wasi:http unlinked ...
        assert!(linker.instantiate_pre(&component).is_err());
        // ... and wasmtime's traps for everything unknown replace the
        // semver-served wasi:io with a pollable of their own, which the
        // shim's monotonic-clock cannot return: the error componentize-js
        // plugins met.
        let mut traps = linker.clone();
        traps.define_unknown_imports_as_traps(&component).unwrap();
        let err = traps.instantiate_pre(&component).map(|_| ()).unwrap_err();
        assert!(format!("{err:#}").contains("mismatched resource types"), "{err:#}");
        // Stubbing only what the shim does not serve links.
        stub_unserved(&mut linker, &component, &engine).unwrap();
        linker.instantiate_pre(&component).unwrap();
    }
}
