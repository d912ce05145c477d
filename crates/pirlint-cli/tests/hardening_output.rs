//! Output hardening, end to end through the built binary: rendering never
//! panics and stays bounded on huge lines and many findings, and text from
//! reports, file names and plugins never reaches a terminal as control
//! characters nor a Markdown document as markup.

mod common;
use common::{json, pirlint, repo, run};
use std::path::{Path, PathBuf};

const CLEAN: &str = "examples/clean/2026-03-credential-stuffing.md";

/// A clean report with `extra` inserted after the first section's heading.
fn report_with(extra: &str) -> String {
    let clean = std::fs::read_to_string(repo().join(CLEAN)).unwrap();
    let mut lines: Vec<&str> = clean.split('\n').collect();
    let at = lines.iter().position(|l| l.starts_with("## ")).unwrap() + 2;
    lines.insert(at, extra);
    lines.join("\n")
}

fn no_panic(code: i32, stderr: &str) {
    assert!(code == 0 || code == 1, "exit {code}:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// Characters a terminal acts on (C0 and C1 controls, DEL), except the line
/// feed and tab that text output is made of.
fn raw_controls(text: &str) -> Vec<char> {
    text.chars().filter(|&c| c.is_control() && c != '\n' && c != '\t').collect()
}

fn assert_no_raw_controls(what: &str, text: &str) {
    let found = raw_controls(text);
    assert!(found.is_empty(), "{what}: raw control characters {found:?} in:\n{}", text.escape_debug());
}

/// `line` without its code spans, whose text Markdown shows as written: a
/// run of backticks (not escaped) up to the next run of the same length.
fn outside_code_spans(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let run_at = |i: usize| chars[i..].iter().take_while(|&&c| c == '`').count();
    let (mut out, mut i) = (String::new(), 0);
    while i < chars.len() {
        if chars[i] == '`' && (i == 0 || chars[i - 1] != '\\') {
            let n = run_at(i);
            let close = (i + n..chars.len()).find(|&j| chars[j] == '`' && chars[j - 1] != '`' && run_at(j) == n);
            match close {
                Some(j) => i = j + n,
                None => {
                    out.extend(&chars[i..i + n]);
                    i += n;
                }
            }
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// HTML tags a Markdown renderer would pass through: `<` followed by a
/// letter or `/`, not escaped with a backslash nor in a code span.
fn raw_html(markdown: &str) -> Vec<String> {
    let text: String = markdown.lines().map(outside_code_spans).collect::<Vec<_>>().join("\n");
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len())
        .filter(|&i| {
            chars[i] == '<'
                && (i == 0 || chars[i - 1] != '\\')
                && chars.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic() || *c == '/')
        })
        .map(|i| chars[i..(i + 20).min(chars.len())].iter().collect())
        .collect()
}

const HOSTILE: &str = "\u{1b}]0;pwned\u{7}\u{1b}[31mred\u{1b}[0m\rover\u{9b}2J";
/// The same without the carriage return, which would end a table row.
const HOSTILE_CELL: &str = "\u{1b}]0;pwned\u{7}\u{1b}[31mred\u{1b}[0m over\u{9b}2J";

#[test]
fn a_finding_past_column_70000_gets_a_truncated_snippet_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let long = format!("{} TBD and then some", "x".repeat(70_000));
    std::fs::write(dir.path().join("long.md"), report_with(&long)).unwrap();
    let (code, stdout, stderr) = run(pirlint(dir.path()).args(["check", "long.md"]));
    no_panic(code, &stderr);
    assert!(stdout.contains("placeholder `TBD` left in the report"), "{}", &stdout[..stdout.len().min(2000)]);
    // The header still gives the finding's real place (columns in characters).
    assert!(stdout.contains("long.md:"), "{}", &stdout[..stdout.len().min(2000)]);
    assert!(stdout.contains(":70002]"), "{}", &stdout[..stdout.len().min(2000)]);
    let shown = stdout.lines().find(|l| l.contains("TBD and then some")).unwrap_or_else(|| panic!("no snippet line:\n{stdout}"));
    assert!(shown.chars().count() <= 600, "snippet line of {} chars", shown.chars().count());
    assert!(shown.contains('…'), "the cut is marked: {shown}");
    assert!(stdout.lines().all(|l| l.chars().count() <= 600), "every output line is bounded");
}

#[test]
fn a_rules_toml_error_on_a_70000_char_line_is_a_normal_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rules.toml"), format!("[policy]\nname = \"{}\" oops\n", "a".repeat(70_000))).unwrap();
    std::fs::write(dir.path().join("r.md"), "# T\n").unwrap();
    let (code, stdout, stderr) = run(pirlint(dir.path()).args(["check"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("rules.toml:2:"), "{}", &stderr[..stderr.len().min(2000)]);
    assert!(stderr.lines().all(|l| l.chars().count() <= 600), "every error line is bounded");
    assert!(stdout.is_empty(), "{stdout}");
}

#[test]
fn many_findings_on_long_lines_give_bounded_human_output() {
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<String> = (0..120).map(|i| format!("{} TBD number {i}\n", "y".repeat(4_000))).collect();
    std::fs::write(dir.path().join("many.md"), report_with(&lines.join("\n"))).unwrap();
    let all = json(pirlint(dir.path()).args(["check", "many.md", "--format", "json"]));
    let findings = all["diagnostics"].as_array().unwrap().len();
    assert!(findings >= 120, "{findings}");

    let (code, stdout, stderr) = run(pirlint(dir.path()).args(["check", "many.md"]));
    no_panic(code, &stderr);
    assert!(stdout.len() < 300_000, "{} bytes of output for {findings} findings", stdout.len());
    assert_eq!(stdout.matches("╭─[").count(), 50, "at most 50 snippets per file");
    let rest = findings - 50;
    // The others are one line each, and the output says so and how many.
    let one_liners = stdout.lines().filter(|l| l.starts_with("many.md:")).count();
    assert_eq!(one_liners, rest, "one line for each finding past the cap");
    let note = stdout.lines().find(|l| l.contains("at most 50 snippets")).unwrap_or_else(|| panic!("no note on the cap"));
    assert!(note.contains(&rest.to_string()), "{note}");
}

/// A copy of `fixture-echo` whose describe strings and label carry terminal
/// controls: the strings are replaced in place, byte for byte, so the
/// component stays valid without rebuilding it.
fn hostile_echo(dir: &Path) -> PathBuf {
    let mut wasm = std::fs::read(repo().join("tests/plugins/dist/fixture-echo.wasm")).unwrap();
    let patch = |wasm: &mut Vec<u8>, from: &str, to: &str| {
        let mut to = to.as_bytes().to_vec();
        assert!(to.len() <= from.len(), "{to:?}");
        to.resize(from.len(), b' ');
        let at = wasm.windows(from.len()).position(|w| w == from.as_bytes()).unwrap_or_else(|| panic!("{from} not in the component"));
        wasm[at..at + from.len()].copy_from_slice(&to);
    };
    patch(&mut wasm, "Test rule: reports every report once, at 0..0", &format!("Summary {HOSTILE}"));
    patch(&mut wasm, "Test plugin for the pirlint host; never ship it.", &format!("Docs {HOSTILE}\u{7}"));
    patch(&mut wasm, "report start", "\u{1b}[2Jlabel\u{7}");
    let path = dir.join("hostile-echo.wasm");
    std::fs::write(&path, wasm).unwrap();
    path
}

#[test]
fn control_characters_never_reach_the_terminal_in_human_short_or_github_output() {
    let dir = tempfile::tempdir().unwrap();
    let plugin = hostile_echo(dir.path());
    let reports = dir.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    // In the report text (snippets), in a file name (headers, and in the
    // plugin's message, which quotes the path), and in an unreadable file's name.
    std::fs::write(reports.join("text.md"), report_with(&format!("TBD {HOSTILE} after"))).unwrap();
    std::fs::write(reports.join(format!("name{HOSTILE}.md")), report_with("TBD")).unwrap();
    std::fs::write(reports.join(format!("binary{HOSTILE}.md")), b"\x00\x01\x02binary").unwrap();
    let plugin = plugin.display().to_string();
    for format in ["human", "short", "github"] {
        let (code, stdout, stderr) = run(pirlint(dir.path()).args(["check", "reports", "--format", format, "--plugin", &plugin]));
        assert_eq!(code, 2, "{format}: the binary file is an input error\n{stderr}");
        assert!(stdout.contains("fixture-echo/seen") && stdout.contains("structure/placeholder"), "{format}: {stdout}");
        assert_no_raw_controls(&format!("{format} stdout"), &stdout);
        assert_no_raw_controls(&format!("{format} stderr"), &stderr);
        // Shown, not dropped: a reader can tell something was there.
        assert!(stdout.contains("\\u{1b}"), "{format}: {stdout}");
    }
    // A diff is shown to a reader too.
    let fixture_fix = repo().join("tests/plugins/dist/fixture-fix.wasm").display().to_string();
    std::fs::write(dir.path().join("fix.md"), format!("# Summary\n\nTODO {HOSTILE}\n")).unwrap();
    let (code, stdout, stderr) = run(pirlint(dir.path()).args(["check", "fix.md", "--diff", "--plugin", &fixture_fix]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.contains("+DONE \\u{1b}]0;pwned"), "{stdout}");
    assert_no_raw_controls("diff", &stdout);
    // JSON and SARIF escape control characters as JSON requires.
    for format in ["json", "sarif"] {
        let (_, stdout, _) = run(pirlint(dir.path()).args(["check", "reports", "--format", format, "--plugin", &plugin]));
        assert!(!stdout.contains(['\u{1b}', '\u{7}', '\r']), "{format}");
        assert!(stdout.contains("\\u001b"), "{format}");
    }
}

#[test]
fn rules_and_explain_escape_a_plugins_text() {
    let dir = tempfile::tempdir().unwrap();
    let plugin = hostile_echo(dir.path()).display().to_string();
    let (code, stdout, stderr) = run(pirlint(dir.path()).args(["rules", "--plugin", &plugin]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("fixture-echo/seen") && stdout.contains("Summary \\u{1b}]0;pwned"), "{stdout}");
    assert_no_raw_controls("rules", &stdout);
    let (code, stdout, stderr) = run(pirlint(dir.path()).args(["explain", "fixture-echo/seen", "--plugin", &plugin]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Docs \\u{1b}]0;pwned"), "{stdout}");
    assert_no_raw_controls("explain", &stdout);
}

/// A report whose action table carries HTML entities (decoded by the parser
/// into tags) and terminal controls, and whose first action is open and
/// overdue, so its text reaches the audit's tables.
fn hostile_actions() -> String {
    let clean = report_with("TBD");
    let mut lines: Vec<String> = clean.split('\n').map(str::to_owned).collect();
    let header = lines.iter().position(|l| l.starts_with("| Priority")).unwrap();
    let mut row: Vec<String> = lines[header + 2].split('|').map(str::to_owned).collect();
    row[1] = " &lt;script&gt;alert(1)&lt;/script&gt; \u{1b}[31m ".into();
    row[2] = format!(" &lt;img src=x onerror=alert(1)&gt; Reject [a](https://evil.example) {HOSTILE_CELL} ");
    row[3] = format!(" Priya{HOSTILE_CELL} ");
    row[6] = " open ".into();
    lines[header + 2] = row.join("|");
    lines.join("\n")
}

#[test]
fn audit_markdown_and_table_escape_html_and_controls() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(format!("r{HOSTILE}<b>.md")), hostile_actions()).unwrap();
    let (code, markdown, stderr) = run(pirlint(dir.path()).args(["audit", ".", "--format", "markdown"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(markdown.contains("alert(1)") && markdown.contains("Priya"), "the overdue action is listed: {markdown}");
    assert_no_raw_controls("audit markdown", &markdown);
    assert_eq!(raw_html(&markdown), Vec::<String>::new(), "{markdown}");
    assert!(!markdown.contains("[a](https://evil.example)"), "no link markup: {markdown}");
    let (code, table, stderr) = run(pirlint(dir.path()).args(["audit", ".", "--format", "table"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(table.contains("alert(1)") && table.contains("Priya"), "{table}");
    assert_no_raw_controls("audit table", &table);
    let (code, html, stderr) = run(pirlint(dir.path()).args(["audit", ".", "--format", "html"]));
    assert_eq!(code, 0, "{stderr}");
    assert_no_raw_controls("audit html", &html);
}

/// The cells of the step summary's rows for `path`: the location cell must
/// be one code span (a fence of N backticks, no run of exactly N inside).
fn location_cells<'a>(summary: &'a str, path: &str) -> Vec<&'a str> {
    summary
        .lines()
        .filter(|l| l.starts_with("| `") && l.contains(path))
        .map(|l| l.trim_start_matches("| ").split(" | ").next().unwrap())
        .collect()
}

fn is_one_code_span(cell: &str) -> bool {
    let fence = cell.chars().take_while(|&c| c == '`').count();
    let inner = &cell[fence..];
    let Some(inner) = inner.strip_suffix(&"`".repeat(fence)) else { return false };
    // A longer closing run would not close the span.
    if inner.ends_with('`') {
        return false;
    }
    // No backtick run of exactly `fence` inside closes the span early.
    !inner.split(|c| c != '`').any(|run| run.len() == fence)
}

#[test]
fn the_github_step_summary_escapes_html_and_keeps_file_names_in_their_code_span() {
    let dir = tempfile::tempdir().unwrap();
    let name = "ticks``in`name.md";
    // Twelve warnings: more than GitHub annotates, so the summary is written.
    let tbds: Vec<String> = (0..12).map(|i| format!("TBD {i}\n")).collect();
    let report = hostile_actions().replacen("TBD", &tbds.join("\n"), 1);
    std::fs::write(dir.path().join(name), report).unwrap();
    let summary = dir.path().join("summary.md");
    let (code, stdout, stderr) = run(pirlint(dir.path()).env("GITHUB_STEP_SUMMARY", &summary).args(["check", name, "--format", "github"]));
    no_panic(code, &stderr);
    let written = std::fs::read_to_string(&summary).unwrap_or_else(|e| panic!("no summary ({e}): {stdout}"));
    let cells = location_cells(&written, "in");
    assert!(cells.len() >= 12, "{written}");
    for cell in cells {
        assert!(is_one_code_span(cell), "the file name breaks out of its code span: {cell}");
    }
    assert!(written.contains("alert(1)"), "the decoded priority is quoted: {written}");
    assert_eq!(raw_html(&written), Vec::<String>::new(), "{written}");
    assert_no_raw_controls("step summary", &written);
    assert_no_raw_controls("github annotations", &stdout);
}
