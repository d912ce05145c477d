//! Running targets: one execution under `catch_unwind` with a quiet panic
//! hook, the deterministic input of execution N of a run, and where failing
//! inputs are written.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Once;

use arbitrary::Unstructured;

use crate::mutate;
use crate::seeds::{self, Seed};
use crate::targets::Target;

/// A failed execution: the panic's message and where it was raised.
#[derive(Clone, Debug)]
pub struct Failure {
    pub message: String,
    /// `file:line:column` of the panic, when known: failures are told apart
    /// by it.
    pub location: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "panicked at {}: {}", self.location, self.message)
    }
}

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<Failure>> = const { RefCell::new(None) };
}

/// A panic hook that records, rather than prints, the panics of
/// [`run_one`] (thousands of expected-to-be-caught panics would bury the
/// output); other panics go to the previous hook.
fn install_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if QUIET.with(Cell::get) {
                let message = if let Some(s) = info.payload().downcast_ref::<&str>() {
                    (*s).to_owned()
                } else if let Some(s) = info.payload().downcast_ref::<String>() {
                    s.clone()
                } else {
                    "(a panic without a message)".to_owned()
                };
                let location = info.location().map_or_else(
                    || "?".to_owned(),
                    |l| format!("{}:{}:{}", l.file(), l.line(), l.column()),
                );
                LAST_PANIC.with(|p| *p.borrow_mut() = Some(Failure { message, location }));
            } else {
                previous(info);
            }
        }));
    });
}

/// Runs `target` on `input`; a panic (in the code under test or a broken
/// invariant) is returned as a [`Failure`].
pub fn run_one(target: Target, input: &[u8]) -> Result<(), Failure> {
    install_hook();
    QUIET.with(|q| q.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(|| target.run(input)));
    QUIET.with(|q| q.set(false));
    result.map_err(|payload| {
        LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| Failure {
                message: payload
                    .downcast_ref::<String>()
                    .cloned()
                    .unwrap_or_else(|| "(a panic)".into()),
                location: "?".into(),
            })
    })
}

/// SplitMix64: a small, good generator to fill the random buffer of each
/// execution from (run seed, target, execution number).
pub struct SplitMix(pub u64);

impl SplitMix {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// The input of execution `index` of a run: the seeds first, unmutated, in
/// order, then mutations drawn from `run_seed`. A pure function, so the
/// parent process can regenerate the input a crashed worker was on.
pub fn input_at(
    seeds: &[Seed],
    target: Target,
    run_seed: u64,
    index: u64,
    max_len: usize,
) -> Vec<u8> {
    if let Some(seed) = usize::try_from(index).ok().and_then(|i| seeds.get(i)) {
        return seed.bytes.clone();
    }
    let salt = target
        .name()
        .bytes()
        .fold(0u64, |h, b| h.wrapping_mul(131).wrapping_add(b as u64));
    let mut rng =
        SplitMix(run_seed ^ salt.rotate_left(32) ^ index.wrapping_mul(0xA24B_AED4_963E_E407));
    // Mostly small buffers (short inputs, few mutations), now and then large.
    let len = match rng.next_u64() % 8 {
        0 => 16 << 10,
        1 | 2 => 4 << 10,
        _ => 1 << 10,
    };
    let mut buffer = vec![0u8; len];
    for chunk in buffer.chunks_mut(8) {
        let word = rng.next_u64().to_le_bytes();
        chunk.copy_from_slice(&word[..chunk.len()]);
    }
    mutate::generate_max(&mut Unstructured::new(&buffer), seeds, target, max_len)
}

/// FNV-1a, to name failing inputs by their content.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ *b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// `target/fuzz-crashes` of the workspace (or `$CARGO_TARGET_DIR`).
pub fn crashes_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| seeds::repo_root().join("target"));
    target.join("fuzz-crashes")
}

/// Writes a failing input as `<dir>/<target>[-kind]-<hash>.bin`, with the
/// reason beside it (`.txt`); returns the input's path.
pub fn save(
    dir: &Path,
    target: Target,
    kind: &str,
    input: &[u8],
    reason: &str,
) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let kind = if kind.is_empty() {
        String::new()
    } else {
        format!("-{kind}")
    };
    let path = dir.join(format!("{}{kind}-{:016x}.bin", target.name(), fnv1a(input)));
    std::fs::write(&path, input)?;
    std::fs::write(path.with_extension("txt"), format!("{reason}\n"))?;
    Ok(path)
}
