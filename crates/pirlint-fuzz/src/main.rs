//! `pirlint-fuzz`: runs the fuzz targets for a time budget each.
//!
//! ```sh
//! cargo run --release -p pirlint-fuzz -- --seconds 600            # every target, 10 minutes each
//! cargo run --release -p pirlint-fuzz -- --target policy --seconds 60
//! cargo run -p pirlint-fuzz -- --target markdown --replay target/fuzz-crashes/markdown-*.bin
//! ```
//!
//! Each target runs in a worker process (this binary, `--worker`) that
//! announces every execution's number before running it. A failure the
//! worker catches (a panic, a broken invariant) is written to
//! `target/fuzz-crashes/<target>-<hash>.bin` with the reason beside it
//! (`.txt`). When the worker dies (a stack overflow, an abort) or goes
//! silent for `--hang-seconds`, the parent regenerates the input it was on
//! (inputs are a function of the run seed and the execution number), writes
//! it as `<target>-crash-<hash>.bin` or `<target>-hang-<hash>.bin` and
//! starts a new worker after it. The exit status is 1 when anything failed.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use pirlint_fuzz::driver::{self, crashes_dir, input_at};
use pirlint_fuzz::seeds::{self, Seed};
use pirlint_fuzz::{run_one, Target};

const USAGE: &str = "\
usage: pirlint-fuzz [--seconds N] [--target NAME]... [--seed N] [--runs N] [--skip-seeds]
                    [--hang-seconds N] [--slow-ms N] [--max-len N]
                    [--memory-mib N]
       pirlint-fuzz --target NAME --replay FILE...
       pirlint-fuzz [--target NAME]... --time-seeds

  --seconds N       time per target (default 10)
  --target NAME     markdown, structured, policy or suppressions (repeatable,
                    or comma-separated; default all)
  --seed N          the run's random seed (default: from the clock)
  --runs N          at most N mutated executions per target: with --seed,
                    the same inputs on every machine (--seconds still caps)
  --skip-seeds      do not run the seeds unmutated first
  --hang-seconds N  one execution this long is a failure (default 60)
  --slow-ms N       report executions slower than this (default 2000;
                    20000 in unoptimized builds)
  --max-len N       cut mutated inputs to N bytes (default 1 MiB)
  --memory-mib N    the worker's address-space limit (ulimit -v; default
                    4096, 0 for none): running out is a failure
  --replay FILE...  run these inputs once and report
  --time-seeds      run every seed once, in process, and list the slowest

Seeds: the repository's fixtures, examples, policies and presets, and
../shared/corpus (or $PIRLINT_CORPUS) when present. Failing inputs go to
target/fuzz-crashes/; turn them into crates/pirlint-fuzz/regressions/<target>/.";

struct Args {
    seconds: f64,
    targets: Vec<Target>,
    seed: u64,
    skip_seeds: bool,
    hang: Duration,
    slow: Duration,
    memory_mib: u64,
    max_len: usize,
    replay: Vec<PathBuf>,
    time_seeds: bool,
    worker: bool,
    start: u64,
    /// Mutated executions per target (after the seeds), at most.
    runs: Option<u64>,
    /// The worker stops before this execution.
    until: Option<u64>,
    /// The parent's digest of the seeds (a worker refuses other seeds).
    seeds_digest: Option<u64>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        seconds: 10.0,
        targets: Vec::new(),
        seed: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64),
        skip_seeds: false,
        hang: Duration::from_secs(60),
        // Unoptimized builds are some ten times slower.
        slow: Duration::from_millis(if cfg!(debug_assertions) {
            20_000
        } else {
            2_000
        }),
        memory_mib: 4096,
        max_len: pirlint_fuzz::mutate::MAX_INPUT,
        replay: Vec::new(),
        time_seeds: false,
        worker: false,
        start: 0,
        runs: None,
        until: None,
        seeds_digest: None,
    };
    let mut it = std::env::args().skip(1);
    let number = |flag: &str, value: Option<String>| -> Result<f64, String> {
        value
            .as_deref()
            .and_then(|v| v.parse::<f64>().ok())
            .filter(|v| v.is_finite() && *v >= 0.0)
            .ok_or_else(|| format!("{flag} takes a number"))
    };
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--seconds" => args.seconds = number("--seconds", it.next())?,
            "--target" => {
                let value = it.next().ok_or("--target takes a name")?;
                for name in value.split(',') {
                    args.targets.push(
                        Target::from_name(name)
                            .ok_or_else(|| format!("no target named `{name}`"))?,
                    );
                }
            }
            "--seed" => {
                let value = it.next().ok_or("--seed takes a number")?;
                args.seed = value.parse().map_err(|_| "--seed takes a number")?;
            }
            "--skip-seeds" => args.skip_seeds = true,
            "--hang-seconds" => {
                args.hang = Duration::from_secs_f64(number("--hang-seconds", it.next())?)
            }
            "--slow-ms" => {
                args.slow = Duration::from_secs_f64(number("--slow-ms", it.next())? / 1000.0)
            }
            "--max-len" => args.max_len = number("--max-len", it.next())? as usize,
            "--memory-mib" => args.memory_mib = number("--memory-mib", it.next())? as u64,
            "--replay" => args.replay.extend(it.by_ref().map(PathBuf::from)),
            "--time-seeds" => args.time_seeds = true,
            "--worker" => args.worker = true,
            "--start" => {
                let value = it.next().ok_or("--start takes a number")?;
                args.start = value.parse().map_err(|_| "--start takes a number")?;
            }
            "--runs" => args.runs = Some(number("--runs", it.next())? as u64),
            "--until" => args.until = Some(number("--until", it.next())? as u64),
            until if until.starts_with("--until=") => {
                args.until =
                    Some(number("--until", Some(until["--until=".len()..].to_owned()))? as u64)
            }
            "--seeds-digest" => {
                let value = it.next().ok_or("--seeds-digest takes a number")?;
                args.seeds_digest =
                    Some(value.parse().map_err(|_| "--seeds-digest takes a number")?);
            }
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if args.targets.is_empty() {
        args.targets = Target::ALL.to_vec();
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("pirlint-fuzz: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    if !args.replay.is_empty() {
        return replay(&args);
    }
    let seeds = seeds::load();
    if args.worker {
        return worker(&args, &seeds);
    }
    if args.time_seeds {
        return time_seeds(&args, &seeds);
    }
    let mut failed = false;
    let corpus =
        seeds::corpus_dir().map_or_else(|| "absent".to_owned(), |d| d.display().to_string());
    println!(
        "pirlint-fuzz: {} seeds (corpus: {corpus}), run seed {}, {} s per target",
        seeds.len(),
        args.seed,
        args.seconds
    );
    let mut total = 0;
    for &target in &args.targets {
        let report = supervise(&args, &seeds, target);
        total += report.executions;
        failed |= !report.failures.is_empty();
        println!(
            "{:<12} {:>9} executions in {:>6.1} s ({:>6.0}/s), CPU {:>6.1} s, {} failure(s), slowest {:.0} ms",
            target.name(),
            report.executions,
            report.wall.as_secs_f64(),
            report.executions as f64 / report.wall.as_secs_f64().max(1e-9),
            report.cpu.as_secs_f64(),
            report.failures.len(),
            report.slowest.as_secs_f64() * 1000.0,
        );
        for (location, (count, path)) in &report.failures {
            println!("  FAILED {count}x at {location}: {path}");
        }
        for path in &report.slow {
            println!("  slow (not a failure): {path}");
        }
    }
    println!(
        "pirlint-fuzz: {total} executions, {}",
        if failed {
            "FAILURES (see above)"
        } else {
            "no failures"
        }
    );
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn replay(args: &Args) -> ExitCode {
    let mut failed = false;
    for path in &args.replay {
        let input = match std::fs::read(path) {
            Ok(input) => input,
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                return ExitCode::from(2);
            }
        };
        for &target in &args.targets {
            let started = Instant::now();
            let result = run_one(target, &input);
            let took = started.elapsed().as_secs_f64() * 1000.0;
            match result {
                Ok(()) => println!("{} {}: ok ({took:.1} ms)", target.name(), path.display()),
                Err(f) => {
                    failed = true;
                    println!(
                        "{} {}: FAILED ({took:.1} ms): {f}",
                        target.name(),
                        path.display()
                    );
                }
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Every seed through every target once, in this process: the total and
/// the ten slowest, with their sizes (a seed much slower than its size
/// suggests is worth a look).
fn time_seeds(args: &Args, seeds: &[Seed]) -> ExitCode {
    let mut failed = false;
    for &target in &args.targets {
        let mut times = Vec::new();
        let started = Instant::now();
        for seed in seeds {
            let t = Instant::now();
            if let Err(f) = run_one(target, &seed.bytes) {
                failed = true;
                println!("{} {}: FAILED: {f}", target.name(), seed.name);
            }
            times.push((t.elapsed(), seed));
        }
        println!(
            "{}: {} seeds in {:.2} s",
            target.name(),
            seeds.len(),
            started.elapsed().as_secs_f64()
        );
        times.sort_by_key(|t| std::cmp::Reverse(t.0));
        for (took, seed) in times.iter().take(10) {
            println!(
                "  {:>9.1} ms {:>9} bytes  {}",
                took.as_secs_f64() * 1000.0,
                seed.bytes.len(),
                seed.name
            );
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The worker: runs executions `start..` until the deadline, announcing
/// each on stdout (`x N`), then failures (`f N location\tpath\tmessage`),
/// slow executions (`s N ms path`) and the total (`d executions slowest-µs`).
fn worker(args: &Args, seeds: &[Seed]) -> ExitCode {
    let target = args.targets[0];
    // Inputs are numbered over the seeds: a seed file added or changed
    // since the parent started would shift them.
    if args.seeds_digest.is_some_and(|d| d != seeds_digest(seeds)) {
        eprintln!("pirlint-fuzz: the seed files changed during the run; start it again");
        return ExitCode::from(3);
    }
    let deadline = Instant::now() + Duration::from_secs_f64(args.seconds);
    let mut out = std::io::stdout().lock();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut slowest = Duration::ZERO;
    let mut executions = 0u64;
    let mut index = args.start;
    let dir = crashes_dir();
    while Instant::now() < deadline && args.until.is_none_or(|u| index < u) {
        let input = input_at(seeds, target, args.seed, index, args.max_len);
        if writeln!(out, "x {index}")
            .and_then(|()| out.flush())
            .is_err()
        {
            break;
        }
        let started = Instant::now();
        let result = run_one(target, &input);
        let took = started.elapsed();
        executions += 1;
        if let Err(failure) = result {
            let count = seen.entry(failure.location.clone()).or_default();
            *count += 1;
            let path = if *count == 1 {
                let reason = format!(
                    "{} execution {index} of run seed {}: {failure}",
                    target.name(),
                    args.seed
                );
                driver::save(&dir, target, "", &input, &reason).map_or_else(
                    |e| format!("(not written: {e})"),
                    |p| p.display().to_string(),
                )
            } else {
                String::new()
            };
            let message = failure.message.replace(['\n', '\t'], " ");
            let _ = writeln!(out, "f {index} {}\t{path}\t{message}", failure.location);
        }
        if took > slowest {
            slowest = took;
            if took >= args.slow {
                let reason = format!(
                    "{} execution {index} of run seed {} took {} ms",
                    target.name(),
                    args.seed,
                    took.as_millis()
                );
                let path = driver::save(&dir, target, "slow", &input, &reason).map_or_else(
                    |e| format!("(not written: {e})"),
                    |p| p.display().to_string(),
                );
                let _ = writeln!(out, "s {index} {} {path}", took.as_millis());
            }
        }
        index += 1;
    }
    let _ = writeln!(out, "d {executions} {}", slowest.as_micros());
    let _ = out.flush();
    ExitCode::SUCCESS
}

/// Identifies a seed set: names and contents.
fn seeds_digest(seeds: &[Seed]) -> u64 {
    seeds.iter().fold(seeds.len() as u64, |h, s| {
        (h ^ driver::fnv1a(s.name.as_bytes()) ^ driver::fnv1a(&s.bytes).rotate_left(17))
            .wrapping_mul(0x0100_0000_01b3)
    })
}

/// The CPU time of this process's children that have been waited for
/// (Linux: `cutime` + `cstime` of `/proc/self/stat`, in USER_HZ = 100 ticks):
/// unlike the workers' own reports, it counts workers that crashed or hung.
fn children_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(13)?.parse::<u64>().ok()? + fields.get(14)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

#[derive(Default)]
struct TargetReport {
    executions: u64,
    wall: Duration,
    cpu: Duration,
    slowest: Duration,
    /// location -> (times seen, first input written)
    failures: BTreeMap<String, (usize, String)>,
    slow: Vec<String>,
}

/// The worker's command: under `ulimit -v` where there is a POSIX shell, so
/// that an input that makes a parser allocate without bound ends as a
/// crash (with its input written) instead of taking the machine's memory.
fn worker_command(exe: &std::path::Path, memory_mib: u64) -> Command {
    if memory_mib > 0 && std::path::Path::new("/bin/sh").exists() {
        let mut command = Command::new("/bin/sh");
        command
            .args(["-c", "ulimit -v \"$0\" 2>/dev/null; exec \"$@\""])
            .arg((memory_mib * 1024).to_string())
            .arg(exe);
        command
    } else {
        Command::new(exe)
    }
}

enum Line {
    Text(String),
    Eof,
}

/// Runs workers for `target` until its time is up, restarting after the
/// input a crashed or hung worker was on.
fn supervise(args: &Args, seeds: &[Seed], target: Target) -> TargetReport {
    let started = Instant::now();
    let cpu_before = children_cpu();
    let budget = Duration::from_secs_f64(args.seconds);
    let mut report = TargetReport::default();
    let mut next = if args.skip_seeds {
        seeds.len() as u64
    } else {
        0
    };
    let until = args.runs.map(|runs| seeds.len() as u64 + runs);
    let exe = std::env::current_exe().expect("the path of this program");
    while started.elapsed() < budget && until.is_none_or(|u| next < u) {
        let remaining = budget - started.elapsed();
        let mut child = match worker_command(&exe, args.memory_mib)
            .args([
                "--worker",
                "--target",
                target.name(),
                "--seed",
                &args.seed.to_string(),
                "--start",
                &next.to_string(),
                "--seeds-digest",
                &seeds_digest(seeds).to_string(),
            ])
            .args(["--seconds", &format!("{:.3}", remaining.as_secs_f64())])
            .args(["--max-len", &args.max_len.to_string()])
            .args(until.map(|u| format!("--until={u}")))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
        {
            Ok(child) => child,
            Err(e) => {
                report
                    .failures
                    .insert("(spawn)".into(), (1, format!("cannot start a worker: {e}")));
                break;
            }
        };
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(Line::Text(line)).is_err() {
                    return;
                }
            }
            let _ = tx.send(Line::Eof);
        });
        let mut current: Option<u64> = None;
        let mut done = false;
        let mut hung = false;
        loop {
            match rx.recv_timeout(args.hang) {
                Ok(Line::Text(line)) => {
                    let (kind, rest) = line.split_once(' ').unwrap_or((&line, ""));
                    match kind {
                        "x" => current = rest.parse().ok(),
                        "f" => {
                            let mut parts = rest.splitn(2, ' ');
                            let _index = parts.next();
                            let mut fields = parts.next().unwrap_or("").splitn(3, '\t');
                            let location = fields.next().unwrap_or("?").to_owned();
                            let path = fields.next().unwrap_or("").to_owned();
                            let message = fields.next().unwrap_or("").to_owned();
                            let entry = report
                                .failures
                                .entry(location)
                                .or_insert((0, String::new()));
                            entry.0 += 1;
                            if entry.1.is_empty() && !path.is_empty() {
                                entry.1 = format!("{path} ({message})");
                            }
                        }
                        "s" => {
                            if let Some(path) = rest.splitn(3, ' ').nth(2) {
                                report.slow.push(path.to_owned());
                            }
                        }
                        "d" => {
                            let mut fields = rest.split(' ').map(|f| f.parse::<u64>().unwrap_or(0));
                            report.executions += fields.next().unwrap_or(0);
                            report.slowest = report
                                .slowest
                                .max(Duration::from_micros(fields.next().unwrap_or(0)));
                            done = true;
                        }
                        _ => {}
                    }
                }
                Ok(Line::Eof) | Err(mpsc::RecvTimeoutError::Disconnected) => break,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    hung = true;
                    let _ = child.kill();
                    break;
                }
            }
        }
        let status = child.wait();
        let _ = reader.join();
        if done {
            break;
        }
        // The worker died or hung on `current`: write that input, go on after it.
        let Some(index) = current else {
            report.failures.insert(
                "(worker)".into(),
                (
                    1,
                    format!("the worker ended before its first execution: {status:?}"),
                ),
            );
            break;
        };
        // Executions the dead worker completed (its count died with it).
        report.executions += index.saturating_sub(next) + 1;
        let input = input_at(seeds, target, args.seed, index, args.max_len);
        let (kind, reason) = if hung {
            (
                "hang",
                format!(
                    "{} execution {index} of run seed {} ran past {} s",
                    target.name(),
                    args.seed,
                    args.hang.as_secs_f64()
                ),
            )
        } else {
            let status = status.map_or_else(|e| e.to_string(), |s| s.to_string());
            (
                "crash",
                format!(
                    "{} execution {index} of run seed {}: the worker died ({status})",
                    target.name(),
                    args.seed
                ),
            )
        };
        let path = driver::save(&crashes_dir(), target, kind, &input, &reason).map_or_else(
            |e| format!("(not written: {e})"),
            |p| p.display().to_string(),
        );
        let entry = report
            .failures
            .entry(format!("({kind})"))
            .or_insert((0, String::new()));
        entry.0 += 1;
        if entry.1.is_empty() {
            entry.1 = format!("{path} ({reason})");
        }
        next = index + 1;
    }
    report.wall = started.elapsed();
    if let (Some(before), Some(after)) = (cpu_before, children_cpu()) {
        report.cpu = after.saturating_sub(before);
    }
    report
}
