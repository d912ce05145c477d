//! `cargo test -p pirlint-fuzz`: every target over every seed as it is,
//! over the committed regressions, then a short randomized run per target
//! (`PIRLINT_FUZZ_SECONDS` each, 2 by default). A failing random input is
//! written to `target/fuzz-crashes/` before the test fails; commit it under
//! `regressions/<target>/` once fixed.

use std::sync::LazyLock;
use std::time::Duration;

use pirlint_fuzz::driver::{crashes_dir, save};
use pirlint_fuzz::mutate::generate;
use pirlint_fuzz::seeds::{self, Seed};
use pirlint_fuzz::{run_one, Target};

static SEEDS: LazyLock<Vec<Seed>> = LazyLock::new(seeds::load);

fn budget() -> Duration {
    let seconds = std::env::var("PIRLINT_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .unwrap_or(2.0);
    Duration::from_secs_f64(seconds)
}

fn every_seed(target: Target) {
    let failures: Vec<String> = SEEDS
        .iter()
        .filter_map(|seed| {
            run_one(target, &seed.bytes)
                .err()
                .map(|f| format!("{}: {f}", seed.name))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} on seeds:\n{}",
        target.name(),
        failures.join("\n")
    );
}

fn regressions(target: Target) {
    let dir = seeds::regressions_dir(target);
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "bin") {
            let input = std::fs::read(&path).unwrap();
            if let Err(f) = run_one(target, &input) {
                failures.push(format!("{}: {f}", path.display()));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} regressions:\n{}",
        target.name(),
        failures.join("\n")
    );
}

fn random(target: Target) {
    let seeds = &*SEEDS;
    let mut executions = 0u64;
    arbtest::arbtest(|u| {
        let input = generate(u, seeds, target);
        executions += 1;
        if let Err(failure) = run_one(target, &input) {
            let reason = format!("{} (cargo test): {failure}", target.name());
            let saved = save(&crashes_dir(), target, "", &input, &reason)
                .map_or_else(|e| format!("not written: {e}"), |p| p.display().to_string());
            panic!("{reason}\ninput: {saved}");
        }
        Ok(())
    })
    .budget(budget())
    .run();
    eprintln!("{}: {executions} random executions", target.name());
}

#[test]
fn seeds_are_found() {
    // The repository's own files alone give well over a hundred seeds of
    // each kind the targets prefer.
    for target in Target::ALL {
        let n = SEEDS
            .iter()
            .filter(|s| s.mutable && target.prefers(s.kind))
            .count();
        assert!(n >= 5, "{}: only {n} seeds", target.name());
    }
}

#[test]
fn inputs_are_a_function_of_seed_and_index() {
    // The binary regenerates the input a dead worker was on from these two.
    use pirlint_fuzz::driver::input_at;
    let max = pirlint_fuzz::mutate::MAX_INPUT;
    for target in Target::ALL {
        for index in [0, 1, SEEDS.len() as u64, SEEDS.len() as u64 + 17, 1 << 40] {
            let a = input_at(&SEEDS, target, 42, index, max);
            assert_eq!(
                a,
                input_at(&SEEDS, target, 42, index, max),
                "{} #{index}",
                target.name()
            );
        }
    }
    assert_ne!(
        input_at(&SEEDS, Target::Markdown, 1, 1 << 40, max),
        input_at(&SEEDS, Target::Markdown, 2, 1 << 40, max)
    );
}

#[test]
fn the_span_check_catches_what_it_should() {
    use pirlint_fuzz::targets::check_span;
    use pirlint_report::Span;
    check_span("é", Span::new(0, 2), "whole");
    check_span("é", Span::new(2, 2), "empty at the end");
    for bad in [
        Span::new(0, 1),
        Span::new(1, 2),
        Span::new(0, 3),
        Span { start: 2, end: 1 },
    ] {
        let caught = std::panic::catch_unwind(|| check_span("é", bad, "bad"));
        assert!(caught.is_err(), "{bad:?} passed");
    }
}

macro_rules! targets {
    ($($name:ident => $target:expr),* $(,)?) => {
        $(
            mod $name {
                use super::*;
                #[test]
                fn every_seed_unmutated() {
                    every_seed($target);
                }
                #[test]
                fn regressions_replay() {
                    regressions($target);
                }
                #[test]
                fn random_mutations() {
                    random($target);
                }
            }
        )*
    };
}

targets! {
    markdown => Target::Markdown,
    structured => Target::Structured,
    policy => Target::Policy,
    suppressions => Target::Suppressions,
}
