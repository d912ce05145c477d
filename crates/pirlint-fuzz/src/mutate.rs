//! Mutations of seeds, every decision taken from an [`Unstructured`]: the
//! same random bytes give the same input, so a failure found by the binary
//! can be regenerated from its run seed and execution number.

use arbitrary::Unstructured;

use crate::seeds::Seed;
use crate::targets::Target;

/// Mutated inputs are cut to this size by default.
pub const MAX_INPUT: usize = 1 << 20;

/// Pieces of the formats pirlint reads: Markdown structure, suppression
/// comments, front matter and YAML/JSON syntax, TOML policy syntax, the
/// time expressions of timelines, and characters that break byte/char
/// assumptions.
pub const TOKENS: &[&str] = &[
    // Markdown
    "---",
    "...",
    "```",
    "~~~",
    "```yaml",
    "|",
    "| --- |",
    "|:--|--:|",
    "# ",
    "## ",
    "### ",
    "#### ",
    "###### ",
    "####### ",
    "- ",
    "* ",
    "+ ",
    "1. ",
    "1) ",
    "- [ ] ",
    "- [x] ",
    "> ",
    "    ",
    "\t",
    "<br>",
    "<details>",
    "</details>",
    "[",
    "]",
    "](",
    ")",
    "![",
    "[^1]",
    "[^1]: ",
    "**",
    "*",
    "_",
    "__",
    "`",
    "``",
    "\\",
    "&amp;",
    "&#x1F600;",
    "<",
    ">",
    "===",
    "\n\n",
    "  \n",
    // Suppressions
    "<!--",
    "-->",
    "<!-- pirlint-disable ",
    "<!-- pirlint-disable-next-line ",
    "<!-- pirlint-enable ",
    "<!-- pirlint-enable -->",
    " -- ",
    "--",
    "pirlint-",
    "structure/placeholder",
    "blameless/*",
    "timeline/order",
    ", ",
    "/*",
    // Front matter, YAML and JSON
    "title: ",
    "severity: ",
    "status: ",
    "occurred: ",
    "detected: ",
    "resolved: ",
    "timezone: ",
    "authors: ",
    "meeting:\n  date: ",
    "impact:\n  systems: ",
    "incident-type: ",
    "pirlint:\n  disable:\n    - rule: ",
    "reason: ",
    "timeline:\n  - time: ",
    "text: ",
    "recommendations:\n  - text: ",
    "sections:\n  - heading: ",
    "owner: ",
    "due: ",
    "priority: ",
    "tracking: ",
    "phase: ",
    "actor: ",
    ": ",
    ":",
    "- ",
    "? ",
    "&a ",
    "*a",
    "<<: *a",
    "!!str ",
    "!!binary ",
    "!<tag> ",
    "%YAML 1.2\n",
    "|-\n  ",
    ">+\n  ",
    "'",
    "\"",
    "\\u0000",
    "\\ud800",
    "{",
    "}",
    "[]",
    "{}",
    "null",
    "true",
    "~",
    ",",
    "1e999",
    "-0",
    "0x1F",
    "NaN",
    ".inf",
    "\"time\": ",
    "\"text\": ",
    "\"timeline\": [",
    "\"recommendations\": [{\"text\": ",
    "\"sections\": [{\"heading\": ",
    // rules.toml
    "[policy]",
    "[files]",
    "[limits]",
    "[plugins]",
    "[sections]",
    "[rules]",
    "[[overrides]]",
    "[rules.\"structure/placeholder\"]",
    "[overrides.rules.\"timeline/order\"]",
    "[plugins.custom]",
    "extends = [\"pirlint:recommended\"]",
    "extends = [\"pirlint:google-sre\"]",
    "extends = ",
    "severity = \"off\"",
    "severity = \"error\"",
    "fail-on = ",
    "date-order = \"dmy\"",
    "zone-aliases = { IST = \"Asia/Kolkata\" }",
    "require-suppression-reason = false",
    "exclude = [\"**\"]",
    "fuel = ",
    "memory-mib = ",
    "total-memory-mib = ",
    "max-file-size-mib = ",
    "incident-type = ",
    "files = [",
    "path = ",
    "sha256 = ",
    " = ",
    "=",
    "\"\"\"",
    "'''",
    ".",
    "a.b.c",
    "18446744073709551616",
    "9223372036854775807",
    "-9223372036854775808",
    "1979-05-27T07:32:00Z",
    // Times and dates
    "2026-03-10 14:05 UTC",
    "2026-03-10T14:05:00Z",
    "2026-03-10T14:05:00+05:30",
    "2026-02-30",
    "2026-13-01",
    "12/31",
    "31/12",
    "03/04/2026",
    "12/31/2026 11:59 PM",
    "11/02/2023 - 16:20 CST",
    "14:05",
    "24:00",
    "23:59:60",
    "9:30 PM",
    "12:00 AM",
    "~09:30",
    "around 14:00",
    "14:00ish",
    "T+5m",
    "UTC",
    "CST",
    "IST",
    "PDT",
    "BST",
    "+05:30",
    "-12:00",
    "+14:00",
    "America/New_York",
    "Asia/Kolkata",
    "Mar 10, 2026",
    "10 March 2026",
    "March 2026",
    "Tuesday",
    "yesterday",
    "0000-00-00",
    "9999-12-31 23:59",
    "-0001-01-01",
    // Characters
    "\u{feff}",
    "\r",
    "\r\n",
    "\0",
    "\u{7f}",
    "\u{85}",
    "\u{a0}",
    "\u{2028}",
    "\u{200b}",
    "\u{200d}",
    "\u{301}",
    "\u{fffd}",
    "é",
    "ß",
    "ﬁ",
    "İ",
    "Σ",
    "😀",
    "👩‍👩‍👧",
    "中文",
    "\u{10ffff}",
];

const INTERESTING_BYTES: &[u8] =
    b"\0\t\n\r -#|`:*_<>[]{}\"'\\,.~!&0129\x7f\xc3\xa9\xe2\x80\xf0\x9f\xff";

const NUMBERS: &[&str] = &[
    "0",
    "00",
    "1",
    "9",
    "12",
    "13",
    "23",
    "24",
    "28",
    "29",
    "30",
    "31",
    "32",
    "59",
    "60",
    "61",
    "99",
    "100",
    "1969",
    "1970",
    "2026",
    "9999",
    "10000",
    "-1",
    "4294967296",
    "99999999999999999999",
];

/// The next input for `target`: now and then pure random bytes or a soup of
/// tokens, usually a mutated seed (one the target prefers, seven times out
/// of eight).
pub fn generate(u: &mut Unstructured, seeds: &[Seed], target: Target) -> Vec<u8> {
    generate_max(u, seeds, target, MAX_INPUT)
}

/// [`generate`], with inputs cut to `max_len` bytes.
pub fn generate_max(
    u: &mut Unstructured,
    seeds: &[Seed],
    target: Target,
    max_len: usize,
) -> Vec<u8> {
    let mode: u8 = u.int_in_range(0..=31).unwrap_or(0);
    let mut data = match mode {
        0 => random_bytes(u),
        1 => token_soup(u),
        _ => match pick_seed(u, seeds, target, true) {
            Some(seed) => seed.bytes.clone(),
            None => random_bytes(u),
        },
    };
    let rounds = u.int_in_range(1..=8).unwrap_or(1);
    for _ in 0..rounds {
        if u.is_empty() {
            break;
        }
        mutate(u, &mut data, seeds, target);
        data.truncate(max_len);
    }
    data
}

fn pick_seed<'s>(
    u: &mut Unstructured,
    seeds: &'s [Seed],
    target: Target,
    prefer: bool,
) -> Option<&'s Seed> {
    let preferred = prefer && !u.ratio(1, 8).unwrap_or(false);
    let candidates: Vec<&Seed> = seeds
        .iter()
        .filter(|s| s.mutable && (!preferred || target.prefers(s.kind)))
        .collect();
    let candidates = if candidates.is_empty() {
        seeds.iter().filter(|s| s.mutable).collect()
    } else {
        candidates
    };
    if candidates.is_empty() {
        return None;
    }
    let i = u.choose_index(candidates.len()).ok()?;
    Some(candidates[i])
}

fn random_bytes(u: &mut Unstructured) -> Vec<u8> {
    let len = u.arbitrary_len::<u8>().unwrap_or(0).min(u.len());
    let bytes = u.bytes(len).unwrap_or_default().to_vec();
    // Mostly text: random bytes are rarely valid UTF-8 past a few bytes.
    if u.ratio(1, 2).unwrap_or(false) {
        bytes
            .iter()
            .map(|b| if b.is_ascii() { *b } else { b & 0x7f })
            .collect()
    } else {
        bytes
    }
}

fn token_soup(u: &mut Unstructured) -> Vec<u8> {
    let mut out = Vec::new();
    let n = u.int_in_range(1..=64).unwrap_or(1);
    for _ in 0..n {
        out.extend_from_slice(token(u).as_bytes());
        if u.ratio(1, 3).unwrap_or(false) {
            out.push(b'\n');
        }
    }
    out
}

fn token(u: &mut Unstructured) -> &'static str {
    u.choose(TOKENS).copied().unwrap_or("---")
}

/// A position in `data` (its length included).
fn pos(u: &mut Unstructured, data: &[u8]) -> usize {
    u.int_in_range(0..=data.len()).unwrap_or(0)
}

/// The byte offsets at which lines start, and the length at the end.
fn line_starts(data: &[u8]) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(
        data.iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .map(|(i, _)| i + 1),
    );
    if *starts.last().unwrap_or(&0) != data.len() {
        starts.push(data.len());
    }
    starts
}

/// A range of whole lines (start of one line to start of a later one),
/// mostly short.
fn line_range(u: &mut Unstructured, starts: &[usize]) -> (usize, usize) {
    if starts.len() < 2 {
        return (0, *starts.last().unwrap_or(&0));
    }
    let first = u.choose_index(starts.len() - 1).unwrap_or(0);
    let max_count = starts.len() - 1 - first;
    let count = if u.ratio(3, 4).unwrap_or(true) {
        u.int_in_range(1..=max_count.min(4)).unwrap_or(1)
    } else {
        u.int_in_range(1..=max_count).unwrap_or(1)
    };
    (starts[first], starts[first + count])
}

fn line_start(u: &mut Unstructured, data: &[u8]) -> usize {
    let starts = line_starts(data);
    starts[u.choose_index(starts.len()).unwrap_or(0)]
}

fn mutate(u: &mut Unstructured, data: &mut Vec<u8>, seeds: &[Seed], target: Target) {
    let op: u8 = u.int_in_range(0..=21).unwrap_or(0);
    match op {
        // Flip bits of a byte.
        0 => {
            if !data.is_empty() {
                let i = u.choose_index(data.len()).unwrap_or(0);
                data[i] ^= u.int_in_range(1..=255).unwrap_or(1);
            }
        }
        // Set a byte to one that matters to some parser.
        1 => {
            if !data.is_empty() {
                let i = u.choose_index(data.len()).unwrap_or(0);
                data[i] = *u.choose(INTERESTING_BYTES).unwrap_or(&b'\n');
            }
        }
        // A token anywhere (possibly inside a character).
        2 | 3 => {
            let at = pos(u, data);
            let t = token(u);
            data.splice(at..at, t.bytes());
        }
        // A token at the start of a line, or on a line of its own.
        4 | 5 => {
            let at = line_start(u, data);
            let mut t = token(u).to_owned();
            if u.ratio(1, 2).unwrap_or(false) {
                t.push('\n');
            }
            data.splice(at..at, t.bytes());
        }
        // Delete lines.
        6 => {
            let (a, b) = line_range(u, &line_starts(data));
            data.drain(a..b);
        }
        // Duplicate lines, here or elsewhere.
        7 => {
            let starts = line_starts(data);
            let (a, b) = line_range(u, &starts);
            let copy = data[a..b].to_vec();
            let at = starts[u.choose_index(starts.len()).unwrap_or(0)];
            let times = if u.ratio(1, 8).unwrap_or(false) {
                u.int_in_range(2..=200).unwrap_or(2)
            } else {
                1
            };
            let mut insert = Vec::with_capacity(copy.len() * times);
            for _ in 0..times {
                insert.extend_from_slice(&copy);
            }
            data.splice(at..at, insert);
        }
        // Swap two line ranges.
        8 => {
            let starts = line_starts(data);
            let (a, b) = line_range(u, &starts);
            let (c, d) = line_range(u, &starts);
            let ((a, b), (c, d)) = if a <= c {
                ((a, b), (c, d))
            } else {
                ((c, d), (a, b))
            };
            if b <= c {
                let mut out = Vec::with_capacity(data.len());
                out.extend_from_slice(&data[..a]);
                out.extend_from_slice(&data[c..d]);
                out.extend_from_slice(&data[b..c]);
                out.extend_from_slice(&data[a..b]);
                out.extend_from_slice(&data[d..]);
                *data = out;
            }
        }
        // Lines from another seed.
        9 | 10 => {
            if let Some(other) = pick_seed(u, seeds, target, false) {
                let (a, b) = line_range(u, &line_starts(&other.bytes));
                let piece = other.bytes[a..b].to_vec();
                let at = if u.ratio(3, 4).unwrap_or(true) {
                    line_start(u, data)
                } else {
                    pos(u, data)
                };
                data.splice(at..at, piece);
            }
        }
        // A very long line, or a long run of one token (nesting).
        11 => {
            let t = token(u);
            let times = u.int_in_range(100..=50_000).unwrap_or(100);
            let run = t.repeat(times.min(MAX_INPUT / t.len().max(1)));
            let at = if u.ratio(1, 2).unwrap_or(true) {
                line_start(u, data)
            } else {
                pos(u, data)
            };
            data.splice(at..at, run.into_bytes());
        }
        // Delete a byte range.
        12 => {
            if !data.is_empty() {
                let a = u.choose_index(data.len()).unwrap_or(0);
                let len = u.int_in_range(1..=64.min(data.len() - a)).unwrap_or(1);
                data.drain(a..a + len);
            }
        }
        // Truncate.
        13 => {
            let at = pos(u, data);
            data.truncate(at);
        }
        // Replace a number (dates, times, limits) with another.
        14 | 15 => {
            if let Some((a, b)) = digits_near(data, pos(u, data)) {
                let n = u.choose(NUMBERS).copied().unwrap_or("0");
                data.splice(a..b, n.bytes());
            }
        }
        // Repeat a short chunk many times.
        16 => {
            if !data.is_empty() {
                let a = u.choose_index(data.len()).unwrap_or(0);
                let len = u.int_in_range(1..=32.min(data.len() - a)).unwrap_or(1);
                let chunk = data[a..a + len].to_vec();
                let times = u.int_in_range(2..=10_000).unwrap_or(2).min(MAX_INPUT / len);
                let run: Vec<u8> = chunk.iter().copied().cycle().take(len * times).collect();
                data.splice(a..a, run);
            }
        }
        // Change line endings in a range to CRLF or CR.
        17 => {
            let (a, b) = line_range(u, &line_starts(data));
            let cr_only = u.ratio(1, 3).unwrap_or(false);
            let mut out = Vec::with_capacity(data.len() + (b - a));
            out.extend_from_slice(&data[..a]);
            for &byte in &data[a..b] {
                if byte == b'\n' {
                    out.push(b'\r');
                    if !cr_only {
                        out.push(b'\n');
                    }
                } else {
                    out.push(byte);
                }
            }
            out.extend_from_slice(&data[b..]);
            *data = out;
        }
        // A byte order mark at the start.
        18 => {
            data.splice(0..0, "\u{feff}".bytes());
        }
        // A few random bytes.
        19 => {
            let at = pos(u, data);
            let n = u.int_in_range(1..=16).unwrap_or(1);
            let bytes = u.bytes(n.min(u.len())).unwrap_or_default().to_vec();
            data.splice(at..at, bytes);
        }
        // Indent or dedent lines.
        20 => {
            let (a, b) = line_range(u, &line_starts(data));
            let indent = u.int_in_range(1..=8).unwrap_or(4);
            let dedent = u.ratio(1, 3).unwrap_or(false);
            let mut out = Vec::with_capacity(data.len() + 8 * (b - a));
            out.extend_from_slice(&data[..a]);
            for line in data[a..b].split_inclusive(|b| *b == b'\n') {
                if dedent {
                    let spaces = line.iter().take(indent).take_while(|b| **b == b' ').count();
                    out.extend_from_slice(&line[spaces..]);
                } else {
                    out.extend(std::iter::repeat_n(b' ', indent));
                    out.extend_from_slice(line);
                }
            }
            out.extend_from_slice(&data[b..]);
            *data = out;
        }
        // Replace a character with a multi-byte one (on a boundary).
        _ => {
            if !data.is_empty() {
                let mut i = u.choose_index(data.len()).unwrap_or(0);
                while i > 0 && (data[i] & 0xc0) == 0x80 {
                    i -= 1;
                }
                let len = match data[i] {
                    0xf0..=0xf7 => 4,
                    0xe0..=0xef => 3,
                    0xc0..=0xdf => 2,
                    _ => 1,
                }
                .min(data.len() - i);
                let c = *u
                    .choose(&["é", "😀", "\u{a0}", "\u{feff}", "中", "\u{301}", "İ"])
                    .unwrap_or(&"é");
                data.splice(i..i + len, c.bytes());
            }
        }
    }
}

/// The run of ASCII digits at or after `at` (within 64 bytes).
fn digits_near(data: &[u8], at: usize) -> Option<(usize, usize)> {
    let window = &data[at..(at + 64).min(data.len())];
    let start = at + window.iter().position(u8::is_ascii_digit)?;
    let len = data[start..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    Some((start, start + len))
}
