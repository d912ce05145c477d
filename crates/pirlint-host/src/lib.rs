//! The pirlint engine: runs sandboxed WebAssembly rule plugins over parsed
//! reports under a policy.
//!
//! Start at [`Linter`]: [`Linter::new`] loads the plugins a [`Policy`] asks
//! for, [`Linter::check`] parses one report and returns validated findings.

pub mod builtin;
pub mod cache;
pub mod convert;
pub mod escape;
pub mod finding;
pub mod fixture;
pub mod linter;
pub mod policy;
pub mod presets;
pub mod sandbox;
pub mod severity;
pub mod suppress;
pub mod wasi_shim;
pub mod wit;

pub use finding::{Finding, Severity};
pub use linter::{Linter, LinterOptions, RuleDoc};
pub use pirlint_report;
pub use policy::{ConfigError, Policy};
