//! The built-in plugins, embedded in the binary. They are committed as
//! components under `plugins/dist/` and rebuilt by `cargo xtask
//! build-plugins`; CI fails if a committed binary differs from its source.

pub struct BuiltinPlugin {
    pub name: &'static str,
    pub wasm: &'static [u8],
}

pub const BUILTIN_PLUGINS: &[BuiltinPlugin] = &[
    BuiltinPlugin { name: "structure", wasm: include_bytes!("../../../plugins/dist/structure.wasm") },
    BuiltinPlugin { name: "timeline", wasm: include_bytes!("../../../plugins/dist/timeline.wasm") },
    BuiltinPlugin { name: "questions", wasm: include_bytes!("../../../plugins/dist/questions.wasm") },
    BuiltinPlugin { name: "recommendations", wasm: include_bytes!("../../../plugins/dist/recommendations.wasm") },
    BuiltinPlugin { name: "blameless", wasm: include_bytes!("../../../plugins/dist/blameless.wasm") },
    BuiltinPlugin { name: "meeting", wasm: include_bytes!("../../../plugins/dist/meeting.wasm") },
    BuiltinPlugin { name: "metrics", wasm: include_bytes!("../../../plugins/dist/metrics.wasm") },
    BuiltinPlugin { name: "secrets", wasm: include_bytes!("../../../plugins/dist/secrets.wasm") },
    BuiltinPlugin { name: "compliance", wasm: include_bytes!("../../../plugins/dist/compliance.wasm") },
    BuiltinPlugin { name: "lessons", wasm: include_bytes!("../../../plugins/dist/lessons.wasm") },
];

include!(concat!(env!("OUT_DIR"), "/builtin_sha256.rs"));

impl BuiltinPlugin {
    pub fn sha256(&self) -> &'static str {
        builtin_sha256(self.name).expect("build.rs hashes every component in plugins/dist")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn build_time_hashes_match_the_embedded_bytes() {
        for plugin in super::BUILTIN_PLUGINS {
            assert_eq!(plugin.sha256(), crate::cache::sha256_hex(plugin.wasm), "{}", plugin.name);
        }
    }
}
