//! The host's cost per report and plugin, on top of the plugin's own work:
//! passing the report into a warm instance, the call, and collecting and
//! validating the result. `fixture-echo` does nothing with the report, so
//! what is measured is the host; `read-all` reads every field of the model
//! through the SDK's accessors, so that a lazy transport (spans resolved in
//! the plugin) cannot hide its cost there. Run: `cargo bench -p
//! pirlint-host --bench sandbox`.

use criterion::{criterion_group, criterion_main, Criterion};
use pirlint_host::sandbox::{HeadingTable, Limits, Passed, Sandbox};
use pirlint_host::wit::wit_types as w;
use pirlint_host::{convert, pirlint_report, Linter, LinterOptions, Policy};
use std::hint::black_box;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn report_path() -> PathBuf {
    root().join("examples/clean/2026-03-credential-stuffing.md")
}

fn per_call(c: &mut Criterion) {
    let path = report_path();
    let source = std::fs::read_to_string(&path).unwrap();
    let parsed = pirlint_report::parse(&path, &source, &Default::default());
    let table = HeadingTable { id: 1, kinds: convert::headings(std::iter::empty()) };
    let (report, dates) = convert::report(&parsed, &source, &table.kinds, None);
    let echo = std::fs::read(root().join("tests/plugins/dist/fixture-echo.wasm")).unwrap();
    let rules = vec![w::RuleConfig { rule: "fixture-echo/seen".into(), severity: w::Severity::Warning, options_json: "{}".into() }];
    let context = w::CheckContext {
        now: "2026-07-01T00:00:00Z".into(),
        now_utc_seconds: 1_782_864_000,
        path: "r.md".into(),
        headings: None,
        dates,
        regulations: Vec::new(),
        severity: None,
    };
    let with_table = w::CheckContext { headings: Some(table.kinds.clone()), ..context.clone() };
    let cache = pirlint_host::cache::CacheLocation::new(
        std::env::temp_dir().join("pirlint-bench-cache"),
        std::env::temp_dir().join("pirlint-bench-cache.key"),
    );
    let sandbox = Sandbox::new(Limits::default(), Some(&cache)).unwrap();
    let plugin = sandbox.load(&echo).unwrap();
    // After the first call the instance is warm: this is the cost every
    // report after the first pays on each thread.
    c.bench_function("check, do-nothing plugin (warm instance)", |b| {
        b.iter(|| black_box(sandbox.check(&plugin, black_box(&report), &source, &rules, &context).unwrap()))
    });
    // The same call with an empty report and source: the fixed cost of a
    // call, without passing the report (lowering each string into the
    // guest, lifting it there, freeing it after).
    let empty_parsed = pirlint_report::parse(&path, "", &Default::default());
    let (empty, empty_dates) = convert::report(&empty_parsed, "", &table.kinds, None);
    let empty_context = w::CheckContext { dates: empty_dates, ..context.clone() };
    c.bench_function("check, do-nothing plugin (warm instance), empty report", |b| {
        b.iter(|| black_box(sandbox.check(&plugin, black_box(&empty), "", &rules, &empty_context).unwrap()))
    });
    // The heading table in every call's context (what sending it only on an
    // instance's first call saves).
    c.bench_function("check, do-nothing plugin (warm instance), heading table in every call", |b| {
        b.iter(|| black_box(sandbox.check(&plugin, black_box(&report), &source, &rules, &with_table).unwrap()))
    });
    c.bench_function("convert report to WIT (once per report)", |b| {
        b.iter(|| black_box(convert::report(black_box(&parsed), &source, &table.kinds, None)))
    });

    // A plugin that reads every field through the SDK's accessors: the
    // heading table as the linter sends it (first call of an instance only).
    let read_all = sandbox.load(&std::fs::read(root().join("tests/plugins/dist/read-all.wasm")).unwrap()).unwrap();
    let read_rules = vec![w::RuleConfig { rule: "read-all/every-field".into(), severity: w::Severity::Info, options_json: "{}".into() }];
    let passed = || Passed { context: &context, headings: Some(&table) };
    c.bench_function("check, read-all plugin (warm instance)", |b| {
        b.iter(|| black_box(sandbox.check_logged(&read_all, black_box(&report), &source, &read_rules, passed(), None).unwrap()))
    });
    c.bench_function("check, read-all plugin (warm instance), empty report", |b| {
        b.iter(|| {
            let passed = Passed { context: &empty_context, headings: Some(&table) };
            black_box(sandbox.check_logged(&read_all, black_box(&empty), "", &read_rules, passed, None).unwrap())
        })
    });
}

/// The whole host path for one report with only the do-nothing plugin
/// enabled: parse, convert, one call, validate, suppressions, sort.
fn linter_check(c: &mut Criterion) {
    let path = report_path();
    let source = std::fs::read_to_string(&path).unwrap();
    let mut policy = Policy::default();
    for b in pirlint_host::builtin::BUILTIN_PLUGINS {
        policy.plugins.insert(b.name.into(), false);
    }
    let (linter, errors) = Linter::new(
        &policy,
        LinterOptions {
            now: Some("2026-07-01T00:00:00Z".into()),
            cache: Some(pirlint_host::cache::CacheLocation::new(std::env::temp_dir().join("pirlint-bench-cache"), std::env::temp_dir().join("pirlint-bench-cache.key"))),
            extra_plugins: vec![root().join("tests/plugins/dist/fixture-echo.wasm")],
        },
    );
    assert!(errors.is_empty());
    c.bench_function("Linter::check, do-nothing plugin only", |b| b.iter(|| black_box(linter.check(&path, "r.md", black_box(&source)))));
}

criterion_group!(benches, per_call, linter_check);
criterion_main!(benches);
