//! Native tests with a tiny stand-in for the Markdown parser (ATX headings,
//! fenced code, one prose run per non-blank line), enough to exercise the
//! rules on hand-written reports and on the dfds corpus.

use super::*;
use rules::acronyms::Acronyms;
use rules::empty_section::EmptySection;
use rules::executive_summary_length::ExecutiveSummaryLength;
use pirlint_plugin_sdk::text::Case;
use rules::placeholder::{line_marks, template_markers, Placeholder, MARKER_PHRASES, MARKER_WORDS};
use rules::required_sections::RequiredSections;

const REQUIRED: &str = RequiredSections::ID;
const EMPTY: &str = EmptySection::ID;
const PLACEHOLDER: &str = Placeholder::ID;
const SUMMARY_LENGTH: &str = ExecutiveSummaryLength::ID;
const ACRONYMS: &str = Acronyms::ID;

fn kind_of(heading: &str) -> Option<KindRef> {
    vocab::default_kinds(heading).first().map(|k| model::kind_ref(k, &SectionKind::defaults()))
}

fn parse(src: &str) -> Report {
    let mut sections: Vec<Section> = Vec::new();
    let mut prose = Vec::new();
    let mut fence = false;
    let lines = text::lines(src, Span::from_range(0..src.len()));
    for line in &lines {
        let l = text::slice(src, *line);
        if l.trim_start().starts_with("```") {
            fence = !fence;
            continue;
        }
        if fence {
            continue;
        }
        let level = l.chars().take_while(|&c| c == '#').count();
        if (1..=6).contains(&level) && l[level..].starts_with(' ') {
            let heading = l[level..].trim().to_string();
            let parent = sections
                .iter()
                .rposition(|s| (s.level as usize) < level)
                .map(|p| p as u32);
            sections.push(Section {
                kind: kind_of(&heading),
                heading: Text { span: *line, value: Some(heading) },
                level: level as u8,
                span: Span::new(line.start, src.len() as u32),
                heading_span: *line,
                body: None,
                body_span: Span::new(line.end, line.end),
                parent,
            });
            continue;
        }
        if !l.trim().is_empty()
            && !l.trim_start().starts_with("|--")
            && !l.trim_start().starts_with("| :")
        {
            prose.push(ProseRun {
                span: text::trim(src, *line),
                section: sections.len().checked_sub(1).map(|i| i as u32),
            });
        }
    }
    let n = sections.len();
    for i in 0..n {
        let next_any = sections
            .get(i + 1)
            .map_or(src.len() as u32, |s| s.heading_span.start);
        let lvl = sections[i].level;
        let next_same = sections[i + 1..]
            .iter()
            .find(|s| s.level <= lvl)
            .map_or(src.len() as u32, |s| s.heading_span.start);
        let body_start = (sections[i].heading_span.end + 1).min(next_any);
        sections[i].body_span = Span::new(body_start, next_any);
                sections[i].span = Span::new(sections[i].heading_span.start, next_same);
    }
    Report {
        format: SourceFormat::Markdown,
        metadata: Metadata {
            span: None,
            id: None,
            title: None,
            severity: None,
            status: None,
            incident_type: None,
            occurred: None,
            detected: None,
            contained: None,
            recovered: None,
            resolved: None,
            timezone: None,
            authors: vec![],
            meeting: None,
            impact: None,
            regulations: vec![],
            aware: None,
            classified_major: None,
            materiality_determined: None,
            notifications: vec![],
            extra: vec![],
        },
        sections,
        timeline: vec![],
        recommendations: vec![],
        prose: model::encode_prose(&prose),
        durations: Durations { time_to_detect: None, time_to_contain: None, time_to_recover: None, time_to_resolve: None },
        zones: vec![],
    }
}

fn all_rules() -> Vec<RuleConfig> {
    [REQUIRED, EMPTY, PLACEHOLDER, SUMMARY_LENGTH, ACRONYMS]
        .iter()
        .map(|r| RuleConfig {
            rule: r.to_string(),
            severity: Severity::Warning,
            options_json: "{}".into(),
        })
        .collect()
}

fn ctx() -> CheckContext {
    CheckContext {
        now: "2026-11-22T00:00:00Z".into(),
        now_utc_seconds: 0,
        path: "r.md".into(),
        headings: Some(SectionKind::defaults()),
        dates: Dates::none(),
        regulations: vec![],
        severity: None,
    }
}

fn run(src: &str, rules: Vec<RuleConfig>) -> Vec<(String, String, String)> {
    let report = parse(src);
    let diags = __PirlintPlugin::check(report, src.to_string(), rules, ctx()).unwrap();
    for d in &diags {
        assert!(
            d.primary.span.end as usize <= src.len() && d.primary.span.start <= d.primary.span.end
        );
    }
    diags
        .into_iter()
        .map(|d| {
            (
                d.rule,
                d.message,
                text::slice(src, d.primary.span).to_string(),
            )
        })
        .collect()
}

#[test]
fn describe_is_consistent() {
    let info = __PirlintPlugin::describe();
    assert_eq!(info.interface_version, 2);
    assert_eq!(info.rules.len(), 5);
    for r in &info.rules {
        assert!(r.id.starts_with("structure/"));
        assert!(r.options_schema.contains("\"additionalProperties\": false"));
        assert!(r.documentation.contains("## Why it matters"));
        assert!(!r.summary.contains('\n'));
    }
}

#[test]
fn required_sections_reports_each_missing_kind_on_title() {
    let src = "# Outage\n\n## Summary\nx\n## Chronology\ny\n";
    let got = run(src, vec![all_rules()[0].clone()]);
    let msgs: Vec<_> = got.iter().map(|g| g.1.as_str()).collect();
    assert_eq!(
        msgs,
        [
            "missing required section: Investigation",
            "missing required section: Lessons learned",
        ]
    );
    assert!(got.iter().all(|g| g.2 == "# Outage"));
    let only = RuleConfig {
        options_json: r#"{"sections":["timeline","impact"]}"#.into(),
        ..all_rules()[0].clone()
    };
    let got = run("no heading here\n", vec![only]);
    assert_eq!(got.len(), 2);
    assert_eq!(got[1].1, "missing required section: Impact");
    assert_eq!(got[1].2, "no heading here");
}

#[test]
fn empty_sections_outermost_only() {
    let src = "# T\nintro\n## Lessons learned\n<!-- fill -->\n### Went well\n\n### Went wrong\n## Summary\n-\n## Timeline\n\n";
    let got = run(src, vec![all_rules()[1].clone()]);
    let msgs: Vec<_> = got.iter().map(|g| g.1.as_str()).collect();
    assert_eq!(
        msgs,
        [
            "section \"Lessons learned\" is empty",
            "section \"Timeline\" is empty"
        ]
    );
    let ign = RuleConfig {
        options_json: r#"{"ignore-kinds":["timeline","lessons-learned"]}"#.into(),
        ..all_rules()[1].clone()
    };
    let got = run(src, vec![ign]);
    let msgs: Vec<_> = got.iter().map(|g| g.1.as_str()).collect();
    assert_eq!(
        msgs,
        [
            "section \"Went well\" is empty",
            "section \"Went wrong\" is empty"
        ]
    );
}

#[test]
fn placeholders_found_and_whole_answers_only() {
    let src = "# T\n## Summary\nN/A\n## Investigation\nThe N/A column was none of our business. TODO: check. todo is fine.\n\
               Lorem Ipsum dolor. Why??? See [Insert link here] and {{ owner }} and <https://x.y>.\n\
               ## Action items\n- n/a\n-\n- Fix the none-check\n1. TBD\n\n```\nTODO in code\n```\n\
               ## Timeline\n| Time | Event | Phase |\n|---|---|---|\n| 10:00 | - | - |\n| 11:00 | Paged | detection |\n";
    let got = run(src, vec![all_rules()[2].clone()]);
    let found: Vec<_> = got.iter().map(|g| (g.1.as_str(), g.2.as_str())).collect();
    let expected = [
        ("section \"Summary\" says only `N/A`", "N/A"),
        ("placeholder `TODO` left in the report", "TODO"),
        (
            "placeholder `Lorem Ipsum` left in the report",
            "Lorem Ipsum",
        ),
        ("placeholder `???` left in the report", "???"),
        (
            "placeholder `[Insert link here]` left in the report",
            "[Insert link here]",
        ),
        (
            "placeholder `{{ owner }}` left in the report",
            "{{ owner }}",
        ),
        ("list item says only `n/a`", "n/a"),
        ("empty list item", "-"),
        ("placeholder `TBD` left in the report", "TBD"),
        ("table cell says only `-`", "-"),
    ];
    assert_eq!(found, expected, "{got:#?}");
    let allow = RuleConfig {
        options_json: r#"{"allow":["n/a","???"],"extra":["dolor"]}"#.into(),
        ..all_rules()[2].clone()
    };
    let got = run(src, vec![allow]);
    assert!(got
        .iter()
        .all(|g| !g.2.eq_ignore_ascii_case("n/a") && g.2 != "???"));
    assert!(got.iter().any(|g| g.2 == "dolor"));
}

#[test]
fn disabled_rules_report_nothing() {
    assert!(run("TODO\n", vec![]).is_empty());
}

#[test]
fn bad_options_are_an_error() {
    let bad = RuleConfig {
        options_json: r#"{"nope":1}"#.into(),
        ..all_rules()[2].clone()
    };
    let r = __PirlintPlugin::check(parse("x"), "x".into(), vec![bad], ctx());
    assert!(r.unwrap_err().contains("structure/placeholder"));
}

/// `cargo test -p pirlint-plugin-structure -- corpus --nocapture` prints the
/// findings on the dfds corpus.
#[test]
fn corpus() {
    let dir = std::path::Path::new("/work/shared/corpus/dfds");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    paths.sort();
    for p in paths {
        let src = std::fs::read_to_string(&p).unwrap();
        let got = run(&src, all_rules());
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        println!("== {name}: {}", got.len());
        for g in &got {
            println!("   {} | {} | {:?}", g.0, g.1, g.2);
        }
        if name.contains("template") {
            assert!(got.iter().any(|g| g.0 == PLACEHOLDER));
            assert!(got.iter().any(|g| g.0 == EMPTY));
        }
    }
}

fn rule(id: &str, options: &str) -> Vec<RuleConfig> {
    vec![RuleConfig {
        rule: id.to_string(),
        severity: Severity::Warning,
        options_json: options.into(),
    }]
}

#[test]
fn summary_length_counts_prose_words() {
    let long = "word ".repeat(301);
    let src = format!("# T\n## Summary\n{long}\n## Timeline\nx\n");
    let got = run(&src, rule(SUMMARY_LENGTH, "{}"));
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].1, "executive summary is 301 words long (at most 300)");
    assert_eq!(got[0].2, "## Summary");
    let ok = format!("# T\n## Summary\n{}\n```\n{long}\n```\n", "word ".repeat(300));
    assert!(run(&ok, rule(SUMMARY_LENGTH, "{}")).is_empty());
    let short = "# T\n## Summary\nDisk full.\n";
    assert!(run(short, rule(SUMMARY_LENGTH, "{}")).is_empty());
    let got = run(short, rule(SUMMARY_LENGTH, r#"{"min-words":5}"#));
    assert_eq!(got[0].1, "executive summary is only 2 words long (at least 5)");
}

#[test]
fn acronyms_shouting_and_words_in_capitals_are_not_acronyms() {
    let src = "# R\n\n## Summary\n\nDO NOT RESTART THE PRIMARY again.\n\nWe ran an UPDATE on the table; the update ran long.\n\nThe TOOLS folder and our tools.\n\nThe PLEG was slow.\n";
    let found: Vec<String> = run(src, rule(ACRONYMS, r#"{"never-expanded":true}"#)).into_iter().map(|f| f.2).collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("PLEG"), "{found:?}");
}

#[test]
fn acronyms_first_unexpanded_use_only() {
    let src = "# WAF issue\n## Summary\nThe WAF blocked SEC-412 traffic at 10:00 UTC; the WAF again. \
               Identity and Access Management (IAM) roles, the IAM policy, KMS, CI/CD, \
               Phase II, TL;DR, NOT ok. Later the web application firewall (WAF) was fixed. \
               The CMDBs were stale. SOAR (security orchestration, automation and response) ran.\n";
    let got = run(src, rule(ACRONYMS, r#"{"never-expanded":true}"#));
    let found: Vec<_> = got.iter().map(|g| g.2.as_str()).collect();
    assert_eq!(found, ["WAF", "CMDB"], "{got:#?}");
    // By default only the acronym used before its expansion (WAF); CMDB,
    // never expanded, may be a name.
    let got = run(src, rule(ACRONYMS, "{}"));
    let found: Vec<_> = got.iter().map(|g| g.2.as_str()).collect();
    assert_eq!(found, ["WAF"], "{got:#?}");
    let got = run(src, rule(ACRONYMS, r#"{"allow":["waf","cmdb"],"never-expanded":true}"#));
    assert!(got.is_empty());
    let got = run(src, rule(ACRONYMS, r#"{"default-allow":false,"never-expanded":true}"#));
    assert!(got.iter().any(|g| g.2 == "KMS"));
}

/// The spans the marker search skips hold no marker: for every span of
/// these texts, the exact search finds nothing unless a start offset lies
/// in it.
#[test]
fn prefilter_never_skips_a_marker() {
    let texts = [
        "Fix the TODO; tbd TBD.",
        "Lorem Ipsum dolor, LOREM\n  ipsum, lorem\u{a0}ipsum",
        "Date: YYYY-MM-DD or 20XX-mm-dd or 20xx-MM-DD, 2026-01-27",
        "What ??? Really?? FIXME XXX xxx",
        "{{ name }} [Insert impact] <add owner> [link to ticket] <br> [x](y)",
        "\u{212a}elvin, \u{130}stanbul, caf\u{e9} Ol\u{e1} \u{2014} na\u{ef}ve \u{212a}ÆN",
        "fill in: [fill], [your team], <Your name>, <placeholder>",
        "An entry with nothing special at all, 12:30 CET.",
    ];
    let extras: &[&[&str]] = &[&[], &["Kæn here", "  spaced   phrase ", "x", "é", ""], &["kæn", "?"]];
    for extra in extras {
        let phrases: Vec<(&str, Case)> = MARKER_WORDS
            .iter()
            .map(|w| (*w, Case::Sensitive))
            .chain(MARKER_PHRASES.iter().chain(extra.iter()).map(|p| (*p, Case::Insensitive)))
            .collect();
        let set = text::PhraseSet::new(&phrases);
        let filter = prefilter::Prefilter::new(&phrases);
        for t in texts {
            let starts = filter.starts_in(t);
            let bounds: Vec<usize> = (0..=t.len()).filter(|&i| t.is_char_boundary(i)).collect();
            for (k, &a) in bounds.iter().enumerate() {
                for &b in &bounds[k..] {
                    let span = Span::from_range(a..b);
                    let found = set.find(t, span).iter().any(|h| !h.is_empty())
                        || !template_markers(t, span).is_empty();
                    let may = starts.as_ref().is_none_or(|s| s.iter().any(|&p| (a..b).contains(&(p as usize))));
                    assert!(may || !found, "{extra:?}: {:?} skipped", &t[a..b]);
                }
            }
        }
    }
}

#[test]
fn next_capital_finds_each_ascii_capital() {
    let t = "an API, and \u{212a}\u{e9}A b Z; [x] `@` ABCDEFGHIJKLMNOPQRSTUVWXYZ{az}@[` \u{ff}Q";
    let b = t.as_bytes();
    for from in 0..=b.len() {
        let want = (from..b.len()).find(|&i| b[i].is_ascii_uppercase());
        assert_eq!(rules::acronyms::next_capital(b, from), want, "from {from}");
    }
    // Every byte value in every lane.
    for v in 0..=255u8 {
        for lane in 0..8 {
            let mut bytes = [b'a'; 9];
            bytes[lane] = v;
            let want = v.is_ascii_uppercase().then_some(lane);
            assert_eq!(rules::acronyms::next_capital(&bytes[..8], 0), want, "{v} in lane {lane}");
        }
    }
}

/// The shortcuts that compare text without lower-casing it (empty answers,
/// table delimiter rows and the phase column) rely on this: no character
/// other than U+0130 (to "i\u{307}") and KELVIN SIGN (to "k") lower-cases
/// to anything with an ASCII character, unless it is ASCII itself.
#[test]
fn only_two_non_ascii_characters_lower_case_to_ascii() {
    let odd: Vec<char> = (0..=char::MAX as u32)
        .filter_map(char::from_u32)
        .filter(|c| !c.is_ascii() && c.to_lowercase().any(|l| l.is_ascii()))
        .collect();
    assert_eq!(odd, ['\u{130}', '\u{212a}']);
    assert!("n/a none -- phase stage".chars().all(|c| c != 'i' && c != 'k'));
}

#[test]
fn line_marks_find_markup_and_answers_left_as_a_question_mark() {
    for yes in ["Time to detection: ?", "Owner:?", "a: ? (ask Sam)", "ratio 1:2, owner: ?"] {
        assert_eq!(line_marks(yes), (false, true), "{yes}");
    }
    for no in ["Why: unknown?", "Owner:", "Ratio 1:2?", "what :  ?", "?:", ""] {
        assert_eq!(line_marks(no), (false, false), "{no}");
    }
    assert_eq!(line_marks("<!-- TODO --> owner: ?"), (true, true));
    assert_eq!(line_marks("a <b> c"), (true, false));
}
