//! Host bindings generated from `wit/pirlint.wit`.
wasmtime::component::bindgen!({
    path: "../../wit",
    world: "rule-plugin",
});

pub use pirlint::plugin::types as wit_types;
