//! The seed set: files of the repository that are reports, policies or
//! structured data, the real reports of `../shared/corpus` (or
//! `$PIRLINT_CORPUS`) when present, the committed regressions, and
//! generated extremes (huge suppression comments, deep nesting, very long
//! lines) that are run as they are but never mutated (they are too large to
//! be a good base).

use std::path::{Path, PathBuf};

use crate::targets::Target;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeedKind {
    Markdown,
    /// JSON or YAML.
    Structured,
    Toml,
    Other,
}

#[derive(Clone, Debug)]
pub struct Seed {
    /// A path relative to the repository (or the corpus), or `generated:NAME`.
    pub name: String,
    pub bytes: Vec<u8>,
    pub kind: SeedKind,
    /// Used as a base for mutation (small enough).
    pub mutable: bool,
}

/// Files larger than this are not seeds.
const MAX_SEED_BYTES: u64 = 4 << 20;
/// Seeds larger than this are run as they are but not mutated.
const MAX_MUTABLE_BYTES: usize = 256 << 10;

/// The repository's root (this crate is `crates/pirlint-fuzz`).
pub fn repo_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

/// The real reports: `$PIRLINT_CORPUS`, else `../shared/corpus` beside the
/// repository; `None` when absent.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("PIRLINT_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => repo_root().join("../shared/corpus"),
    };
    dir.is_dir().then_some(dir)
}

/// Where a target's regression inputs are committed.
pub fn regressions_dir(target: Target) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("regressions")
        .join(target.name())
}

pub fn kind_of(path: &Path) -> SeedKind {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "md" | "markdown" => SeedKind::Markdown,
        "json" | "yaml" | "yml" => SeedKind::Structured,
        "toml" => SeedKind::Toml,
        _ => SeedKind::Other,
    }
}

/// The files under `dir`, recursively, sorted; hidden entries skipped.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            walk(&path, out);
        } else if meta.is_file() && meta.len() <= MAX_SEED_BYTES {
            out.push(path);
        }
    }
}

fn push_file(seeds: &mut Vec<Seed>, path: &Path, base: &Path, prefix: &str) {
    let Ok(bytes) = std::fs::read(path) else {
        return;
    };
    let relative = path.strip_prefix(base).unwrap_or(path);
    let mutable = bytes.len() <= MAX_MUTABLE_BYTES;
    seeds.push(Seed {
        name: format!("{prefix}{}", relative.display()),
        kind: kind_of(path),
        bytes,
        mutable,
    });
}

/// The repository's seed files, the corpus when present, every target's
/// regressions and the generated seeds; deduplicated by content.
pub fn load() -> Vec<Seed> {
    let root = repo_root();
    let mut seeds = Vec::new();
    let mut files = Vec::new();
    for dir in [
        "tests/fixtures",
        "tests/fixtures-styles",
        "tests/fixtures-audit",
        "tests/corpus",
        "examples",
        "crates/pirlint-host/presets",
        "crates/pirlint-report/tests/fixtures",
        "crates/pirlint-fuzz/seeds",
        "schemas",
    ] {
        walk(&root.join(dir), &mut files);
    }
    files.push(root.join("rules.toml"));
    for path in &files {
        // tests/corpus holds snapshots and notes too: only its policies.
        if path.starts_with(root.join("tests/corpus")) && kind_of(path) != SeedKind::Toml {
            continue;
        }
        push_file(&mut seeds, path, &root, "");
    }
    if let Some(corpus) = corpus_dir() {
        let mut files = Vec::new();
        walk(&corpus, &mut files);
        for path in &files {
            push_file(&mut seeds, path, &corpus, "corpus:");
        }
    }
    for target in Target::ALL {
        let dir = regressions_dir(target);
        let mut files = Vec::new();
        walk(&dir, &mut files);
        for path in &files {
            push_file(
                &mut seeds,
                path,
                &dir,
                &format!("regression:{}/", target.name()),
            );
        }
    }
    seeds.extend(generated());
    let mut seen = std::collections::HashSet::new();
    seeds.retain(|s| seen.insert(s.bytes.clone()));
    seeds
}

fn seed(name: &str, kind: SeedKind, text: String) -> Seed {
    Seed {
        name: format!("generated:{name}"),
        kind,
        mutable: text.len() <= MAX_MUTABLE_BYTES,
        bytes: text.into_bytes(),
    }
}

/// Inputs at the extremes, which parsers and scanners must get through in
/// time linear in their size (and without exhausting the stack).
pub fn generated() -> Vec<Seed> {
    use SeedKind::*;
    let rules: Vec<String> = (0..200_000).map(|i| format!("p{}/r{i}", i % 97)).collect();
    let mut out = vec![
        // One suppression comment naming 200,000 rules, closed rule by rule
        // in the opposite order, and once all together.
        seed(
            "suppress-200k-rules",
            Markdown,
            format!(
                "# Outage\n\n<!-- pirlint-disable {} -- reason -->\nText.\n<!-- pirlint-enable {} -->\n<!-- pirlint-enable -->\n",
                rules.join(", "),
                rules.iter().rev().cloned().collect::<Vec<_>>().join(" ")
            ),
        ),
        seed(
            "suppress-200k-rules-next-line",
            Markdown,
            format!(
                "# Outage\n\n<!-- pirlint-disable-next-line {} -- why -->\nText.\n",
                rules.join(" ")
            ),
        ),
        // The same in the front matter.
        seed(
            "front-matter-200k-rules",
            Markdown,
            format!(
                "---\ntitle: x\npirlint:\n  disable:\n    - rule: \"{}\"\n      reason: r\n---\n# Outage\n",
                rules.join(", ")
            ),
        ),
        // Many comments: one per line, all on one line, between inline code.
        seed(
            "suppress-20k-comments",
            Markdown,
            "<!-- pirlint-disable structure/placeholder -- a reason -->\nText.\n".repeat(20_000),
        ),
        seed(
            "suppress-20k-comments-one-line",
            Markdown,
            "`x` <!-- pirlint-disable-next-line a/b -- r --> ".repeat(20_000),
        ),
        seed(
            "suppress-10k-unclosed",
            Markdown,
            "<!-- pirlint-disable a/b\n".repeat(10_000),
        ),
        seed(
            "suppress-20k-enable",
            Markdown,
            "<!-- pirlint-enable a/b -->\n".repeat(20_000),
        ),
        // Very long lines and deep nesting.
        seed("markdown-long-line", Markdown, format!("# {}\n", "é😀a ".repeat(100_000))),
        // A heading with a qualifier (`-`, `:`, `[`...) and many words: the
        // synonym-prefix rule tries every prefix of the heading.
        seed(
            "markdown-qualified-long-heading",
            Markdown,
            format!("# Summary\n\n## Executive s{}ummary\n\ntext\n", "authors: ".repeat(3_000)),
        ),
        seed("markdown-deep-quotes", Markdown, format!("{}x\n", "> ".repeat(20_000))),
        seed(
            "markdown-deep-lists",
            Markdown,
            (0..2_000).map(|i| format!("{}- item {i}\n", "  ".repeat(i))).collect(),
        ),
        seed("markdown-brackets", Markdown, "[".repeat(100_000) + &"]".repeat(100_000)),
        seed("markdown-emphasis", Markdown, "*_".repeat(100_000)),
        seed(
            "markdown-table-wide",
            Markdown,
            format!("| {} |\n| {} |\n", "a |".repeat(20_000), "--- |".repeat(20_000)),
        ),
        seed(
            "markdown-timeline-10k",
            Markdown,
            format!(
                "# Outage\n\n## Timeline\n\n{}",
                (0..10_000)
                    .map(|i| format!("- 2026-03-10 {:02}:{:02} UTC — step {i}\n", (i / 60) % 24, i % 60))
                    .collect::<String>()
            ),
        ),
        seed(
            "markdown-actions-5k",
            Markdown,
            format!(
                "# Outage\n\n## Action items\n\n{}",
                (0..5_000)
                    .map(|i| format!("- [ ] Fix {i} (owner: @a, due 2026-04-01, P1, OPS-{i})\n"))
                    .collect::<String>()
            ),
        ),
        seed(
            "markdown-headings-5k",
            Markdown,
            (0..5_000).map(|i| format!("{} H{i}\n\ntext\n\n", "#".repeat(1 + i % 6))).collect(),
        ),
        seed("front-matter-only", Markdown, format!("---\n{}", "a: b\n".repeat(50_000))),
        seed("json-deep-arrays", Structured, "[".repeat(100_000) + &"]".repeat(100_000)),
        seed(
            "json-deep-objects",
            Structured,
            "{\"a\":".repeat(50_000) + "1" + &"}".repeat(50_000),
        ),
        seed("yaml-deep-flow", Structured, "[".repeat(100_000)),
        seed("yaml-deep-block", Structured, (0..1_000).map(|i| format!("{}- a\n", "  ".repeat(i))).collect()),
        seed(
            "yaml-aliases",
            Structured,
            format!(
                "a: &a [x, x, x, x, x, x, x, x, x]\n{}",
                (0..30)
                    .map(|i| {
                        let p = prev(i);
                        format!("k{i}: &n{i} [{}]\n", vec![format!("*{p}"); 9].join(", "))
                    })
                    .collect::<String>()
            ),
        ),
        seed(
            "json-timeline-10k",
            Structured,
            format!(
                "{{\"title\":\"x\",\"timeline\":[{}]}}",
                (0..10_000)
                    .map(|i| format!("{{\"time\":\"2026-03-10 {:02}:{:02} UTC\",\"text\":\"step {i}\"}}", (i / 60) % 24, i % 60))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        ),
        seed("toml-deep-inline", Toml, "a = ".to_owned() + &"{b = ".repeat(10_000) + "1" + &"}".repeat(10_000)),
        seed("toml-deep-arrays", Toml, "a = ".to_owned() + &"[".repeat(100_000) + &"]".repeat(100_000)),
        seed(
            "toml-2k-rules",
            Toml,
            (0..2_000).map(|i| format!("[rules.\"p{i}/r\"]\nseverity = \"warning\"\n")).collect(),
        ),
        seed(
            "toml-2k-overrides",
            Toml,
            (0..2_000).map(|i| format!("[[overrides]]\nfiles = [\"r{i}/*.md\"]\n[overrides.rules.\"structure/placeholder\"]\nseverity = \"off\"\n")).collect(),
        ),
        // Each unknown key is an error of its own.
        seed("toml-5k-unknown-keys", Toml, (0..5_000).map(|i| format!("k{i} = {i}\n")).collect()),
        seed("toml-long-dotted-key", Toml, "a".to_owned() + &".a".repeat(50_000) + " = 1\n"),
        seed("toml-long-line", Toml, format!("[policy]\nname = \"{}\"\n", "é😀".repeat(100_000))),
    ];
    out.push(seed("empty", Other, String::new()));
    out.push(seed("bom", Other, "\u{feff}".into()));
    out
}

fn prev(i: usize) -> String {
    if i == 0 {
        "a".into()
    } else {
        format!("n{}", i - 1)
    }
}
