//! Workspace tasks. `cargo xtask corpus [--update]` is the corpus check
//! (see `corpus.rs`). `cargo xtask build-plugins [--check]`:
//!
//! 1. finds every cdylib crate in `plugins/*/` and `tests/plugins/*/`;
//! 2. builds them all with `cargo build --profile plugin --target
//!    wasm32-unknown-unknown` in the workspace's target directory, with
//!    `--remap-path-prefix` flags so that no absolute path of this machine
//!    ends up in a binary;
//! 3. wraps each core module into a component with `wit-component`
//!    (validated), checks that the component imports no functions or
//!    resources (only the type-only `pirlint:plugin/types` instance), exports
//!    `pirlint:plugin/rules`, and contains no absolute build path;
//! 4. writes `plugins/dist/<dir>.wasm` / `tests/plugins/dist/<dir>.wasm`, or
//!    with `--check` compares with the committed files and fails listing
//!    every binary that is missing, differs or has no source.

mod corpus;

use std::collections::BTreeMap;
use std::error::Error;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

type Result<T, E = Box<dyn Error>> = std::result::Result<T, E>;

const TARGET: &str = "wasm32-unknown-unknown";
const PROFILE: &str = "plugin";
const WASIP2: &str = "wasm32-wasip2";
/// Directories holding plugin crates, each with a `dist/` for the binaries.
const PLUGIN_DIRS: &[&str] = &["plugins", "tests/plugins"];
/// The interface every plugin component must export.
const RULES_EXPORT: &str = "pirlint:plugin/rules@0.2.0";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["build-plugins"] => build_plugins(false, None),
        ["build-plugins", "--check"] => build_plugins(true, None),
        ["build-plugins", "--only", name] => build_plugins(false, Some(name)),
        ["corpus"] => corpus::run(false),
        ["corpus", "--update"] => corpus::run(true),
        _ => {
            eprintln!(
                "usage: cargo xtask build-plugins [--check] | corpus [--update]\n\n\
                 build-plugins          build plugins/*/ and tests/plugins/*/ into components in */dist/\n\
                 build-plugins --check  fail if a committed component differs from what its source builds\n\
                 build-plugins --only NAME  build just the plugin whose component is NAME.wasm\n\
                 corpus                 run pirlint over ../shared/corpus, compare with tests/corpus snapshots and gold timelines\n\
                 corpus --update        rewrite the snapshots"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A plugin crate to build.
struct Plugin {
    package: String,
    /// The cdylib's file stem in the target directory.
    lib_name: String,
    /// Where its component goes, e.g. `plugins/dist/structure.wasm`.
    dist: PathBuf,
    /// `wasm32-unknown-unknown` (wrapped by wit-component, imports nothing)
    /// unless the crate sets `[package.metadata.pirlint] target`; test
    /// plugins use `wasm32-wasip2` to be built the way third parties build
    /// theirs (the toolchain makes the component, importing WASI).
    target: String,
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// The checkout `cargo run` was started in: `cargo run` sets
/// `CARGO_MANIFEST_DIR` when it runs the binary, and that is read first.
/// The value compiled in is only the fallback: with a target directory
/// shared between git worktrees, cargo may run a binary compiled for
/// another checkout (its sources' relative paths and times match), which
/// would build and write that checkout's plugins.
fn workspace_root() -> PathBuf {
    let dir = std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    dir.ancestors()
        .nth(2)
        .expect("crates/xtask is two levels below the workspace root")
        .to_path_buf()
}

fn build_plugins(check: bool, only: Option<&str>) -> Result<bool> {
    let root = workspace_root();
    let (mut plugins, target_dir) = discover(&root)?;
    if let Some(name) = only {
        plugins.retain(|p| p.dist.file_stem().is_some_and(|stem| stem == name));
        if plugins.is_empty() {
            return Err(format!("no plugin builds {name}.wasm").into());
        }
    }
    if plugins.is_empty() {
        return Err("no plugin crates found under plugins/ or tests/plugins/".into());
    }

    for target in [TARGET, WASIP2] {
        let group: Vec<&Plugin> = plugins.iter().filter(|p| p.target == target).collect();
        if !group.is_empty() {
            ensure_target(target)?;
            build(&root, &group, target)?;
        }
    }

    let mut built: BTreeMap<PathBuf, Vec<u8>> = BTreeMap::new();
    let cargo_home = cargo_home();
    for p in &plugins {
        let module_path = target_dir
            .join(&p.target)
            .join(PROFILE)
            .join(format!("{}.wasm", p.lib_name));
        let module = std::fs::read(&module_path)
            .map_err(|e| format!("reading {}: {e}", module_path.display()))?;
        let component = if p.target == WASIP2 {
            module // the wasip2 toolchain already produced a component
        } else {
            let component = componentize(&module).map_err(|e| format!("{}: {e}", p.package))?;
            verify_component(&component).map_err(|e| format!("{}: {e}", p.package))?;
            component
        };
        for path in [
            root.to_string_lossy().into_owned(),
            cargo_home.to_string_lossy().into_owned(),
        ] {
            if contains(&component, path.as_bytes()) {
                return Err(format!(
                    "{}: the component contains the absolute path {path}; check the --remap-path-prefix flags",
                    p.package
                )
                .into());
            }
        }
        built.insert(p.dist.clone(), component);
    }

    // Committed binaries with no source.
    let mut extra = Vec::new();
    for dir in PLUGIN_DIRS {
        let dist = root.join(dir).join("dist");
        if let Ok(entries) = std::fs::read_dir(&dist) {
            for e in entries.flatten().filter(|_| only.is_none()) {
                let rel = Path::new(dir).join("dist").join(e.file_name());
                if rel.extension().is_some_and(|x| x == "wasm") && !built.contains_key(&rel) {
                    extra.push(rel);
                }
            }
        }
    }
    extra.sort();

    if check {
        let mut ok = true;
        for (rel, bytes) in &built {
            match std::fs::read(root.join(rel)) {
                Ok(old) if &old == bytes => println!("up to date  {}", rel.display()),
                Ok(_) => {
                    ok = false;
                    println!(
                        "DIFFERS     {} (rebuild with `cargo xtask build-plugins`)",
                        rel.display()
                    );
                }
                Err(_) => {
                    ok = false;
                    println!(
                        "MISSING     {} (run `cargo xtask build-plugins`)",
                        rel.display()
                    );
                }
            }
        }
        for rel in &extra {
            ok = false;
            println!(
                "EXTRA       {} (no plugin crate builds it; delete it)",
                rel.display()
            );
        }
        if !ok {
            eprintln!("error: committed plugin binaries do not match their sources");
        }
        return Ok(ok);
    }

    for (rel, bytes) in &built {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("dist path has a parent"))?;
        let unchanged = std::fs::read(&path).is_ok_and(|old| &old == bytes);
        if !unchanged {
            std::fs::write(&path, bytes).map_err(|e| format!("writing {}: {e}", path.display()))?;
        }
        println!(
            "{:>8} bytes  {}{}",
            bytes.len(),
            rel.display(),
            if unchanged { "  (unchanged)" } else { "" }
        );
    }
    for rel in &extra {
        println!("warning: {} has no plugin crate; delete it", rel.display());
    }
    Ok(true)
}

fn ensure_target(target: &str) -> Result<()> {
    let out = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .args(["--print", "sysroot"])
        .output()
        .map_err(|e| format!("running rustc: {e}"))?;
    let sysroot = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if !Path::new(&sysroot)
        .join("lib/rustlib")
        .join(target)
        .exists()
    {
        return Err(format!(
            "the {target} target is not installed for this toolchain.\n\
             hint: run `rustup target add {target}` and try again"
        )
        .into());
    }
    Ok(())
}

fn cargo_home() -> PathBuf {
    if let Some(h) = std::env::var_os("CARGO_HOME") {
        return PathBuf::from(h);
    }
    PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo")
}

/// The plugin crates (from `cargo metadata`) and the target directory.
fn discover(root: &Path) -> Result<(Vec<Plugin>, PathBuf)> {
    let out = Command::new(cargo())
        .current_dir(root)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .output()
        .map_err(|e| format!("running cargo metadata: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "cargo metadata failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    let target_dir = PathBuf::from(
        meta["target_directory"]
            .as_str()
            .ok_or("no target_directory")?,
    );
    let mut plugins = Vec::new();
    let mut manifests = Vec::new();
    for pkg in meta["packages"].as_array().ok_or("no packages")? {
        let manifest = PathBuf::from(pkg["manifest_path"].as_str().unwrap_or_default());
        manifests.push(manifest.clone());
        let Some(crate_dir) = manifest.parent() else {
            continue;
        };
        let Some(dir_name) = crate_dir.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(group) = PLUGIN_DIRS
            .iter()
            .find(|d| crate_dir.parent() == Some(&root.join(d)))
        else {
            continue;
        };
        let lib = pkg["targets"].as_array().into_iter().flatten().find(|t| {
            t["crate_types"]
                .as_array()
                .is_some_and(|c| c.iter().any(|x| x == "cdylib"))
        });
        let Some(lib) = lib else {
            return Err(format!(
                "{}: plugin crates must be `crate-type = [\"cdylib\"]`",
                manifest.display()
            )
            .into());
        };
        let target = pkg["metadata"]["pirlint"]["target"].as_str().unwrap_or(TARGET).to_string();
        if target != TARGET && target != WASIP2 {
            return Err(format!("{}: unsupported plugin target {target}", manifest.display()).into());
        }
        plugins.push(Plugin {
            target,
            package: pkg["name"].as_str().unwrap_or_default().to_string(),
            lib_name: lib["name"].as_str().unwrap_or_default().replace('-', "_"),
            dist: Path::new(group)
                .join("dist")
                .join(format!("{dir_name}.wasm")),
        });
    }
    // A crate directory that is not a workspace member would silently be
    // skipped: refuse instead.
    for group in PLUGIN_DIRS {
        for e in std::fs::read_dir(root.join(group))
            .into_iter()
            .flatten()
            .flatten()
        {
            let m = e.path().join("Cargo.toml");
            if m.exists() && !manifests.contains(&m) {
                return Err(format!(
                    "{} is not a workspace member; add it to `members` in the root Cargo.toml",
                    m.display()
                )
                .into());
            }
        }
    }
    plugins.sort_by(|a, b| a.dist.cmp(&b.dist));
    Ok((plugins, target_dir))
}

/// `cargo build --profile plugin --target wasm32-unknown-unknown -p ...`
/// with flags that keep the output independent of where the workspace and
/// the cargo registry live.
fn build(root: &Path, plugins: &[&Plugin], target: &str) -> Result<()> {
    let root_str = root.to_str().ok_or("workspace path is not UTF-8")?;
    let home = cargo_home();
    let home_str = home.to_str().ok_or("CARGO_HOME is not UTF-8")?;
    let flags = [
        format!("--remap-path-prefix={root_str}=."),
        format!("--remap-path-prefix={home_str}=cargo"),
    ];
    let mut cmd = Command::new(cargo());
    cmd.current_dir(root)
        .args([
            "build",
            "--locked",
            "--profile",
            PROFILE,
            "--target",
            target,
        ])
        .env("CARGO_ENCODED_RUSTFLAGS", flags.join("\x1f"))
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .env("CARGO_INCREMENTAL", "0");
    for p in plugins {
        cmd.args(["-p", &p.package]);
    }
    eprintln!("building {} plugin(s) for {target}", plugins.len());
    let status = cmd.status().map_err(|e| format!("running cargo: {e}"))?;
    if !status.success() {
        return Err("cargo build of the plugins failed".into());
    }
    Ok(())
}

/// Wraps a core module built with wit-bindgen into a validated component.
fn componentize(module: &[u8]) -> Result<Vec<u8>> {
    let component = wit_component::ComponentEncoder::default()
        .validate(true)
        .module(module)?
        .encode()?;
    Ok(component)
}

/// The component imports no functions or resources and exports the `rules`
/// interface.
///
/// Because `rules` uses types from `interface types`, the component type
/// names `pirlint:plugin/types` as an import; that import is an instance
/// holding only type definitions (records, enums), which the host satisfies
/// with nothing (wasmtime needs no linker entry for it). Anything else
/// imported (a function, a resource, an interface with functions) is an
/// error.
fn verify_component(bytes: &[u8]) -> Result<()> {
    use wit_parser::{TypeDefKind, WorldItem};
    let decoded = wit_component::decode(bytes)?;
    let wit_component::DecodedWasm::Component(resolve, world) = decoded else {
        return Err("not a component".into());
    };
    let world = &resolve.worlds[world];
    for (key, item) in &world.imports {
        let name = resolve.name_world_key(key);
        match item {
            WorldItem::Interface { id, .. } => {
                let iface = &resolve.interfaces[*id];
                if !iface.functions.is_empty() {
                    return Err(format!("the component imports functions from `{name}`; plugins must import nothing").into());
                }
                for ty in iface.types.values() {
                    if matches!(resolve.types[*ty].kind, TypeDefKind::Resource) {
                        return Err(
                            format!("the component imports a resource from `{name}`").into()
                        );
                    }
                }
            }
            WorldItem::Function(_) => {
                return Err(format!(
                    "the component imports function `{name}`; plugins must import nothing"
                )
                .into());
            }
            WorldItem::Type { .. } => {}
        }
    }
    let exports: Vec<String> = world
        .exports
        .keys()
        .map(|k| resolve.name_world_key(k))
        .collect();
    if exports != [RULES_EXPORT] {
        return Err(
            format!("the component exports {exports:?}, expected only {RULES_EXPORT}").into(),
        );
    }
    Ok(())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}
