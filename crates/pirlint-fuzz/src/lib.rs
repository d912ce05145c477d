//! Seeded mutation fuzzing of pirlint's parsers, on the stable toolchain.
//!
//! Four targets ([`Target`]), each a function of bytes that must never
//! panic and that asserts the model's invariants (spans inside the source
//! and on character boundaries, indexes that point at something, a model
//! that serializes):
//!
//! - `markdown`: [`pirlint_report::parse`] of a `.md` file, under the
//!   default options, month-first and day-first dates with zone aliases;
//! - `structured`: the same for `.json` and `.yaml` reports;
//! - `policy`: [`pirlint_host::Policy::parse_all`] (`rules.toml`);
//! - `suppressions`: [`pirlint_host::suppress::scan_markdown`] and
//!   [`pirlint_host::suppress::from_front_matter`].
//!
//! Inputs are the seeds ([`seeds::load`]: the repository's fixtures,
//! examples, policies and presets, `../shared/corpus` when present, and
//! generated extremes) run as they are, then mutated ([`mutate::generate`]):
//! byte flips, line ranges deleted, duplicated, swapped or spliced from
//! another seed, structural tokens, dates, multi-byte characters and very
//! long lines inserted, and pure random bytes. Every decision comes from an
//! [`arbitrary::Unstructured`], so an input is a function of the random
//! buffer: `cargo test` drives it with arbtest, the `pirlint-fuzz` binary
//! with a seeded generator (see `src/main.rs`).

pub mod driver;
pub mod mutate;
pub mod seeds;
pub mod targets;

pub use driver::{run_one, Failure};
pub use targets::Target;
