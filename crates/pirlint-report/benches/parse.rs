//! The floor: parsing one report into the model, which every check pays
//! once. Run: `cargo bench -p pirlint-report --bench parse`.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::path::Path;

fn parse(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/clean/2026-03-credential-stuffing.md");
    let source = std::fs::read_to_string(&path).unwrap();
    let options = pirlint_report::ParseOptions::default();
    c.bench_function("parse one Markdown report", |b| b.iter(|| black_box(pirlint_report::parse(&path, black_box(&source), &options))));
}

criterion_group!(benches, parse);
criterion_main!(benches);
