//! `pirlint plugin new` and `pirlint plugin build`: a working plugin in
//! Rust, Python or JavaScript from templates built into the binary
//! (`crates/pirlint-cli/templates/plugin/`, the rendering of which for the
//! name `example` is `examples/plugins/`), and the toolchain commands that
//! turn one into a component.

use clap::{Args, ValueEnum};
use pirlint_host::builtin::BUILTIN_PLUGINS;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::{EXIT_ERROR, EXIT_FINDINGS};

/// The componentize-py release the Python scaffold installs and the docs
/// were measured with.
pub const COMPONENTIZE_PY: &str = "0.25.1";
/// The componentize-js release the JavaScript scaffold's package.json pins.
pub const COMPONENTIZE_JS: &str = "0.23.0";
/// What every build writes, in the plugin's directory.
pub const OUTPUT: &str = "plugin.wasm";

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
pub enum Lang {
    Rust,
    Python,
    Js,
}

impl Lang {
    fn name(self) -> &'static str {
        match self {
            Lang::Rust => "rust",
            Lang::Python => "python",
            Lang::Js => "js",
        }
    }
}

#[derive(Args)]
pub struct NewArgs {
    /// The plugin's name: lowercase letters, digits and `-`, starting with a
    /// letter (its rules are `NAME/...`).
    name: String,
    /// The language of the plugin.
    #[arg(long, value_enum)]
    lang: Lang,
    /// Where to write it (default: ./NAME). It must not exist yet.
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Rust only: a pirlint checkout's `crates/pirlint-plugin-sdk`, which the
    /// plugin takes by path (the SDK is not on crates.io yet).
    #[arg(long)]
    sdk_path: Option<PathBuf>,
}

#[derive(Args)]
pub struct BuildArgs {
    /// The plugin's directory (default: the current one): `Cargo.toml` is
    /// Rust, `package.json` JavaScript, `app.py` Python.
    #[arg(default_value = ".")]
    dir: PathBuf,
}

const README: &str = include_str!("../../templates/plugin/README.md");
const FIXTURES: &[(&str, &str)] = &[
    ("fixtures/filler-words.md", include_str!("../../templates/plugin/fixtures/filler-words.md")),
    ("fixtures/filler-words.md.snap", include_str!("../../templates/plugin/fixtures/filler-words.md.snap")),
    ("fixtures/near-misses.md", include_str!("../../templates/plugin/fixtures/near-misses.md")),
    ("fixtures/near-misses.md.snap", include_str!("../../templates/plugin/fixtures/near-misses.md.snap")),
];
const RUST: &[(&str, &str)] = &[
    // `.in`: a Cargo.toml would make the template a package of its own, which
    // `cargo package` (and so the sdist) leaves out.
    ("Cargo.toml", include_str!("../../templates/plugin/rust/Cargo.toml.in")),
    ("src/lib.rs", include_str!("../../templates/plugin/rust/src/lib.rs")),
    ("ci.sh", include_str!("../../templates/plugin/rust/ci.sh")),
    (".gitignore", include_str!("../../templates/plugin/rust/gitignore")),
];
const PYTHON: &[(&str, &str)] = &[
    ("app.py", include_str!("../../templates/plugin/python/app.py")),
    ("ci.sh", include_str!("../../templates/plugin/python/ci.sh")),
    (".gitignore", include_str!("../../templates/plugin/python/gitignore")),
];
const JS: &[(&str, &str)] = &[
    ("plugin.js", include_str!("../../templates/plugin/js/plugin.js")),
    ("package.json", include_str!("../../templates/plugin/js/package.json")),
    ("ci.sh", include_str!("../../templates/plugin/js/ci.sh")),
    (".gitignore", include_str!("../../templates/plugin/js/gitignore")),
];

/// Why `name` cannot name a plugin, if it cannot.
pub fn invalid_name(name: &str) -> Option<String> {
    let why = if name.is_empty() {
        "is empty".to_owned()
    } else if name.len() > 64 {
        "is longer than 64 characters".to_owned()
    } else if !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        "must start with a lowercase letter".to_owned()
    } else if let Some(c) = name.chars().find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')) {
        format!("has `{c}`: use lowercase letters, digits and `-`")
    } else if name.ends_with('-') || name.contains("--") {
        "must not end with `-` or have `--`".to_owned()
    } else if name == "pirlint" {
        "is reserved for pirlint's own rules".to_owned()
    } else if BUILTIN_PLUGINS.iter().any(|b| b.name == name) {
        "is a built-in plugin's name".to_owned()
    } else {
        return None;
    };
    Some(format!("invalid plugin name `{name}`: it {why}"))
}

fn render(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (key, value) in vars {
        out = out.replace(&format!("{{{{{key}}}}}"), value);
    }
    out
}

/// A TOML basic string (JSON's escapes are TOML's).
fn toml_string(s: &str) -> String {
    serde_json::to_string(s).expect("a string serializes")
}

pub fn new(args: NewArgs) -> u8 {
    match write_scaffold(&args) {
        Ok(dir) => {
            println!("wrote {} ({} plugin `{}`)", dir.display(), args.lang.name(), args.name);
            println!("next: cd {} && pirlint plugin build . && pirlint plugin test {OUTPUT} fixtures/", dir.display());
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_ERROR
        }
    }
}

fn write_scaffold(args: &NewArgs) -> Result<PathBuf, String> {
    if let Some(why) = invalid_name(&args.name) {
        return Err(why);
    }
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from(&args.name));
    if dir.exists() || dir.symlink_metadata().is_ok() {
        return Err(format!("{} already exists: pirlint plugin new never overwrites; give another --dir", dir.display()));
    }
    let sdk = match (args.lang, &args.sdk_path) {
        (Lang::Rust, None) => {
            return Err("a Rust plugin needs the guest SDK, which is not on crates.io yet: pass --sdk-path PATH, \
                        the crates/pirlint-plugin-sdk directory of a pirlint checkout"
                .to_owned())
        }
        (Lang::Rust, Some(path)) => {
            let manifest = path.join("Cargo.toml");
            let text = std::fs::read_to_string(&manifest).map_err(|e| format!("--sdk-path: cannot read {}: {e}", manifest.display()))?;
            if !text.lines().any(|l| l.trim() == "name = \"pirlint-plugin-sdk\"") {
                return Err(format!("--sdk-path: {} is not pirlint-plugin-sdk's manifest", manifest.display()));
            }
            let abs = path.canonicalize().map_err(|e| format!("--sdk-path: {}: {e}", path.display()))?;
            let abs = abs.to_str().ok_or("--sdk-path: the path is not UTF-8")?.to_owned();
            format!("{{ path = {} }}", toml_string(&abs))
        }
        (_, Some(_)) => return Err("--sdk-path is for --lang rust only".to_owned()),
        (_, None) => String::new(),
    };
    let (files, install, build, reproducible) = match args.lang {
        Lang::Rust => (
            RUST,
            "rustup target add wasm32-wasip2".to_owned(),
            "`cargo build --release --target wasm32-wasip2` (paths remapped, so the bytes do not depend on where \
             the source lives), then copies the component to `plugin.wasm`."
                .to_owned(),
            "Rust builds are byte for byte reproducible with the same toolchain and Cargo.lock (commit it), so the \
             pin can be checked by rebuilding.",
        ),
        Lang::Python => (
            PYTHON,
            format!("python3 -m venv .venv && .venv/bin/pip install componentize-py=={COMPONENTIZE_PY} && export PATH=\"$PWD/.venv/bin:$PATH\""),
            "writes the WIT this pirlint speaks to `wit/pirlint.wit`, then \
             `componentize-py -d wit/pirlint.wit -w rule-plugin componentize app -o plugin.wasm`."
                .to_owned(),
            "componentize-py's output differs from build to build (a snapshot of the interpreter), so pin the \
             one file you built, tested and ship; a rebuild needs a new pin.",
        ),
        Lang::Js => (
            JS,
            "npm install          # componentize-js, pinned in package.json; commit package-lock.json".to_owned(),
            "writes the WIT this pirlint speaks to `wit/pirlint.wit`, then `node_modules/.bin/componentize-js \
             plugin.js --wit wit/pirlint.wit --world-name rule-plugin --disable http --out plugin.wasm`."
                .to_owned(),
            "check whether your componentize-js rebuilds the same bytes (`sha256sum` two builds); if not, pin the \
             one file you built, tested and ship; a rebuild needs a new pin.",
        ),
    };
    let vars = [
        ("name", args.name.as_str()),
        ("lang", args.lang.name()),
        ("sdk", sdk.as_str()),
        ("componentize_py", COMPONENTIZE_PY),
        ("install", install.as_str()),
        ("build", build.as_str()),
        ("reproducible", reproducible),
    ];
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    // create_dir, not create_dir_all: fails if the directory appeared since.
    std::fs::create_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let all = files.iter().chain(FIXTURES).chain(std::iter::once(&("README.md", README)));
    for (rel, template) in all {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&path, render(template, &vars)).map_err(|e| format!("{}: {e}", path.display()))?;
        #[cfg(unix)]
        if rel.ends_with(".sh") {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755));
        }
    }
    Ok(dir)
}

/// The language of the plugin in `dir`, from its files.
pub fn detect(dir: &Path) -> Result<Lang, String> {
    if dir.join("Cargo.toml").is_file() {
        Ok(Lang::Rust)
    } else if dir.join("package.json").is_file() {
        Ok(Lang::Js)
    } else if dir.join("app.py").is_file() {
        Ok(Lang::Python)
    } else {
        Err(format!(
            "{}: no plugin to build here: looked for Cargo.toml (Rust), package.json (JavaScript) and app.py \
             (Python); `pirlint plugin new NAME --lang rust|python|js` writes one",
            dir.display()
        ))
    }
}

/// True when `program` runs (`program --version`).
fn runs(program: &Path) -> bool {
    Command::new(program).arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
}

pub fn build(args: BuildArgs) -> u8 {
    let started = Instant::now();
    let dir = &args.dir;
    let result = detect(dir).map_err(Failure::Setup).and_then(|lang| {
        eprintln!("building the {} plugin in {}", lang.name(), dir.display());
        match lang {
            Lang::Rust => build_rust(dir),
            Lang::Python => build_python(dir),
            Lang::Js => build_js(dir),
        }
    });
    match result {
        Ok(()) => {
            let out = dir.join(OUTPUT);
            let bytes = match std::fs::read(&out) {
                Ok(bytes) => bytes,
                Err(e) => {
                    eprintln!("error: the build did not write {}: {e}", out.display());
                    return EXIT_FINDINGS;
                }
            };
            use sha2::Digest;
            let sha256: String = sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
            println!("built {} ({} bytes, {:.1} s)", out.display(), bytes.len(), started.elapsed().as_secs_f64());
            println!("sha256 {sha256}");
            println!("pin it in rules.toml as [plugins.NAME] path = \"...\" sha256 = \"{sha256}\"");
            0
        }
        Err(Failure::Setup(e)) => {
            eprintln!("error: {e}");
            EXIT_ERROR
        }
        Err(Failure::Build(e)) => {
            eprintln!("error: {e}");
            EXIT_FINDINGS
        }
    }
}

/// Why a build did not happen: the tools are missing (exit 2) or the build
/// command failed (exit 1).
pub enum Failure {
    Setup(String),
    Build(String),
}

fn write_wit(dir: &Path) -> Result<(), Failure> {
    let wit = dir.join("wit");
    std::fs::create_dir_all(&wit).map_err(|e| Failure::Setup(format!("{}: {e}", wit.display())))?;
    let path = wit.join("pirlint.wit");
    std::fs::write(&path, pirlint_host::wit::WIT).map_err(|e| Failure::Setup(format!("{}: {e}", path.display())))
}

fn run_tool(cmd: &mut Command, what: &str) -> Result<(), Failure> {
    let status = cmd.status().map_err(|e| Failure::Setup(format!("cannot run {what}: {e}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(Failure::Build(format!("{what} failed ({status}); its output is above")))
    }
}

fn build_python(dir: &Path) -> Result<(), Failure> {
    // The scaffold's ci.sh installs into .venv when componentize-py is not on PATH.
    let local = dir.join(".venv/bin/componentize-py");
    let tool = if runs(&local) { local.canonicalize().unwrap_or(local) } else { PathBuf::from("componentize-py") };
    if !runs(&tool) {
        return Err(Failure::Setup(format!(
            "componentize-py is not on PATH: install it with `python3 -m pip install componentize-py=={COMPONENTIZE_PY}` \
             (in a virtual environment), or run the plugin's ci.sh"
        )));
    }
    write_wit(dir)?;
    run_tool(
        Command::new(&tool)
            .current_dir(dir)
            .args(["-d", "wit/pirlint.wit", "-w", "rule-plugin", "componentize", "app", "-o", OUTPUT]),
        "componentize-py",
    )
}

fn build_js(dir: &Path) -> Result<(), Failure> {
    if !runs(Path::new("node")) {
        return Err(Failure::Setup("node is not on PATH: componentize-js needs Node.js 18 or later".to_owned()));
    }
    let tool = dir.join("node_modules/.bin/componentize-js");
    if !tool.exists() {
        return Err(Failure::Setup(format!(
            "componentize-js is not installed in {}: run `npm ci` (or `npm install`) there; package.json pins \
             @bytecodealliance/componentize-js (the scaffold's: {COMPONENTIZE_JS})",
            dir.join("node_modules").display()
        )));
    }
    write_wit(dir)?;
    run_tool(
        Command::new(tool.canonicalize().unwrap_or(tool)).current_dir(dir).args([
            "plugin.js",
            "--wit",
            "wit/pirlint.wit",
            "--world-name",
            "rule-plugin",
            // Plugins get no network; the runtime's wasi:http/types import
            // stays and traps if called.
            "--disable",
            "http",
            "--out",
            OUTPUT,
        ]),
        "componentize-js",
    )
}

fn build_rust(dir: &Path) -> Result<(), Failure> {
    if !runs(Path::new("cargo")) {
        return Err(Failure::Setup("cargo is not on PATH: install Rust with rustup, then `rustup target add wasm32-wasip2`".to_owned()));
    }
    // With rustup, say plainly that the target is missing (without it,
    // cargo's own error comes).
    if let Ok(out) = Command::new("rustup").args(["target", "list", "--installed"]).current_dir(dir).output() {
        if out.status.success() && !String::from_utf8_lossy(&out.stdout).lines().any(|l| l.trim() == "wasm32-wasip2") {
            return Err(Failure::Setup("the wasm32-wasip2 target is not installed: `rustup target add wasm32-wasip2`".to_owned()));
        }
    }
    let manifest = dir.join("Cargo.toml");
    // Remap the workspace's and cargo's paths, so the component holds no
    // path of this machine and rebuilds elsewhere to the same bytes.
    let root = Command::new("cargo")
        .args(["locate-project", "--workspace", "--message-format", "plain", "--manifest-path"])
        .arg(&manifest)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| Path::new(s.trim()).parent().map(Path::to_path_buf))
        .unwrap_or_else(|| dir.to_path_buf());
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    let mut flags = vec![format!("--remap-path-prefix={}=.", root.display())];
    if let Some(home) = cargo_home {
        flags.push(format!("--remap-path-prefix={}=cargo", home.display()));
    }
    let output = Command::new("cargo")
        .args(["build", "--release", "--target", "wasm32-wasip2", "--message-format", "json-render-diagnostics", "--manifest-path"])
        .arg(&manifest)
        .env("CARGO_ENCODED_RUSTFLAGS", flags.join("\x1f"))
        .env_remove("RUSTFLAGS")
        .env("CARGO_INCREMENTAL", "0")
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| Failure::Setup(format!("cannot run cargo: {e}")))?;
    if !output.status.success() {
        return Err(Failure::Build(format!("cargo build failed ({}); its output is above", output.status)));
    }
    // The cdylib's .wasm, from cargo's own account of what it built.
    let mut wasm = None;
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        let is_cdylib = msg["target"]["kind"].as_array().is_some_and(|k| k.iter().any(|k| k == "cdylib"));
        if msg["reason"] == "compiler-artifact" && is_cdylib {
            if let Some(files) = msg["filenames"].as_array() {
                wasm = files.iter().filter_map(|f| f.as_str()).find(|f| f.ends_with(".wasm")).map(PathBuf::from).or(wasm);
            }
        }
    }
    let wasm = wasm.ok_or_else(|| Failure::Build("cargo built no .wasm: is the crate a `cdylib` ([lib] crate-type)?".to_owned()))?;
    std::fs::copy(&wasm, dir.join(OUTPUT)).map_err(|e| Failure::Setup(format!("copying {}: {e}", wasm.display())))?;
    Ok(())
}
