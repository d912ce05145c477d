//! Host bindings generated from `wit/pirlint.wit`.
wasmtime::component::bindgen!({
    path: "../../wit",
    world: "rule-plugin",
});

pub use pirlint::plugin::types as wit_types;

/// The contract this build speaks, the very file the bindings above are
/// generated from (`pirlint plugin wit` prints it).
pub const WIT: &str = include_str!("../../../wit/pirlint.wit");
