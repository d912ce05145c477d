//! Host bindings generated from `wit/pirlint.wit`.
wasmtime::component::bindgen!({
    path: "../../wit",
    world: "rule-plugin",
});

pub use pirlint::plugin::types as wit_types;

/// The contract this build speaks, the very file the bindings above are
/// generated from (`pirlint plugin wit` prints it).
pub const WIT: &str = include_str!("../../../wit/pirlint.wit");

/// The package and version of the contract (`package` in the WIT): what a
/// component's export names end with, so a load error can say which
/// contract a component was built for.
pub const WIT_PACKAGE: &str = "pirlint:plugin@0.2.0";

/// The export a plugin must have: the `rules` interface of [`WIT_PACKAGE`].
pub const RULES_EXPORT: &str = "pirlint:plugin/rules@0.2.0";
