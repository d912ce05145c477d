//! The built-in plugins, embedded in the binary. They are committed as
//! components under `plugins/dist/` and rebuilt by `cargo xtask
//! build-plugins`; CI fails if a committed binary differs from its source.

pub struct BuiltinPlugin {
    pub name: &'static str,
    pub wasm: &'static [u8],
}

pub const BUILTIN_PLUGINS: &[BuiltinPlugin] = &[BuiltinPlugin {
    name: "structure",
    wasm: include_bytes!("../../../plugins/dist/structure.wasm"),
}];
