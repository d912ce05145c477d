//! Native tests of the text helpers (the rule itself is covered by the
//! fixtures under `tests/fixtures/questions/`).

use super::scan::*;
use super::*;

#[test]
fn keywords_match_at_word_starts() {
    assert!(matches_keyword("How was it contained?", "contain"));
    assert!(matches_keyword("What went wrong", "went wrong"));
    assert!(!matches_keyword("uncontained", "contain"));
    assert!(matches_keyword("What didn't go well", "didn't go well"));
}

#[test]
fn words_exclude_placeholders() {
    assert_eq!(count_words("TBD"), (0, Some("TBD".into())));
    assert_eq!(count_words("N/A."), (0, Some("N/A".into())));
    assert_eq!(count_words("[Insert answer here] <!-- x -->").0, 0);
    assert_eq!(count_words("- Yes, legal replied in time.").0, 5);
}

#[test]
fn describe_and_defaults() {
    let info = __PirlintPlugin::describe();
    assert_eq!(info.rules.len(), 1);
    assert!(info.rules[0].options_schema.contains("\"additionalProperties\": false"));
    let qs = defaults();
    assert_eq!(qs.len(), 9);
    let opts: Options = serde_json::from_str(
        r#"{"extend":[{"id":"eradication-recovery","skip-for-types":[]},{"id":"comms","question":"Were customers told?","keywords":["customer"]}]}"#,
    )
    .unwrap();
    let r = resolve(&opts);
    // The nine of the table, less what-happened and who-discovered (asked
    // by timeline/present and timeline/discovery), plus the new one.
    assert_eq!(r.len(), 8);
    assert!(r.iter().all(|q| q.id != "what-happened" && q.id != "who-discovered"));
    assert!(r.iter().find(|q| q.id == "eradication-recovery").unwrap().skip_for_types.is_empty());
    // Named in `extend`, a question not asked by default is asked with its
    // default content.
    let opts: Options = serde_json::from_str(r#"{"extend":[{"id":"who-discovered"}]}"#).unwrap();
    let r = resolve(&opts);
    assert_eq!(r.iter().find(|q| q.id == "who-discovered").unwrap().question, "Who or what discovered the incident, and how?");
    let opts: Options = serde_json::from_str(r#"{"questions":[{"id":"containment"},{"id":"x","question":"Q?","sections":["impact"]}]}"#).unwrap();
    let r = resolve(&opts);
    assert_eq!(r.len(), 2);
    assert_eq!(r[0].question, "How was the incident contained?");
}

// The fast scanners must agree with the straightforward versions they
// replace, which are kept here as references.

fn count_words_reference(text: &str) -> (usize, Option<String>) {
    const TEMPLATE_VERBS: &[&str] = &["insert", "add", "enter", "describe", "fill", "your", "placeholder", "replace"];
    let stripped = pirlint_plugin_sdk::text::strip_html_comments(text);
    let mut out = String::new();
    let mut rest = stripped.as_str();
    while let Some(i) = rest.find(['[', '<']) {
        out.push_str(&rest[..i]);
        let close = if rest[i..].starts_with('[') { ']' } else { '>' };
        let after = &rest[i + 1..];
        let inner_end = after.find([close, '\n']);
        let is_template = inner_end.is_some_and(|j| {
            after[j..].starts_with(close) && {
                let inner = after[..j].trim_start().to_lowercase();
                TEMPLATE_VERBS
                    .iter()
                    .any(|v| inner.starts_with(v) && !inner[v.len()..].starts_with(char::is_alphanumeric))
            }
        });
        match (is_template, inner_end) {
            (true, Some(j)) => rest = &after[j + 1..],
            _ => {
                out.push_str(&rest[i..i + 1]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    let stripped = out;
    let mut n = 0;
    let mut ph = None;
    for tok in stripped.split_whitespace() {
        let t = tok.trim_matches(|c: char| !c.is_alphanumeric() && c != '/');
        if !t.chars().any(char::is_alphanumeric) {
            continue;
        }
        let bare = t.trim_end_matches(':');
        let na = bare.to_lowercase() == "n/a" || bare.to_lowercase() == "na";
        if ["TODO", "TBD", "TBA", "FIXME", "XXX"].contains(&bare) || na {
            ph.get_or_insert_with(|| bare.to_string());
            continue;
        }
        n += 1;
    }
    if stripped.to_lowercase().contains("lorem ipsum") {
        ph.get_or_insert_with(|| "lorem ipsum".to_string());
        n = 0;
    }
    (n, ph)
}

fn normalize_reference(s: &str) -> String {
    let mut out = String::new();
    let mut space = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    out
}

/// A small deterministic generator, so the tests need no dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }

    fn text(&mut self, pieces: &[&str], max: usize) -> String {
        let len = self.next(max + 1);
        (0..len).map(|_| pieces[self.next(pieces.len())]).collect()
    }
}

#[test]
fn lowercase_to_ascii_only_from_ascii_kelvin_and_dotted_i() {
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        if !c.is_ascii() && c.to_lowercase().any(|l| l.is_ascii()) {
            assert!(c == '\u{212A}' || c == '\u{130}', "{c:?}");
        }
    }
    assert!("\u{130}".to_lowercase().starts_with("i\u{307}"));
}

#[test]
fn count_words_matches_reference() {
    let pieces = [
        " ", "  ", "\t", "\n", "\r\n", "\x0B", "\x0C", "\u{85}", "\u{a0}", "\u{2003}", "\u{1c}", "a", "word",
        "Word", "é", "É", "İ", "\u{212A}", "K", "n", "N", "a", "A", "/", "n/a", "N/A", "na", ":", "-", ".", "(",
        "*", "TODO", "todo", "TBD", "TBA", "FIXME", "XXX", "xxx", "<!--", "-->", "[", "]", "[Insert", "[your",
        "<", ">", "<add", "lorem", "LOREM", "Lorem", "ipsum", "IPSUM", "1", "٣", "—", "'", "_",
    ];
    let mut g = Lcg(7);
    for _ in 0..200_000 {
        let t = g.text(&pieces, 14);
        assert_eq!(count_words(&t), count_words_reference(&t), "{t:?}");
    }
}

#[test]
fn normalize_matches_reference() {
    let pieces = ["a", "B", " ", "-", "é", "É", "İ", "\u{212A}", "Σ", "ß", "٣", "'", "\u{a0}", "x1"];
    let mut g = Lcg(11);
    for _ in 0..100_000 {
        let t = g.text(&pieces, 12);
        assert_eq!(normalize(&t), normalize_reference(&t), "{t:?}");
    }
}

#[test]
fn keywords_match_like_substring_search() {
    let reference = |t: &str, ks: &[String]| ks.iter().any(|k| matches_normalized(t, &normalize(k)));
    let mut g = Lcg(3);
    for _ in 0..200_000 {
        let t = normalize(&g.text(&["a", "b", "ab", " ", "é"], 12));
        let ks: Vec<String> = (0..g.next(4)).map(|_| g.text(&["a", "b", " ", "é", "-"], 6)).collect();
        assert_eq!(Keywords::new(&ks).matches(&t), reference(&t, &ks), "{t:?} {ks:?}");
    }
    // An occurrence at a word start hidden by an overlapping one.
    assert!(!Keywords::new(&["a a".to_string()]).matches("ba a a"));
    assert!(Keywords::new(&["a a".to_string()]).matches("ba a a a"));
}

#[test]
fn counting_up_to_enough_decides_like_counting_all() {
    let pieces = [" ", "\n", "a", "word", "TBD", "N/A", "<!--", "-->", "[insert", "]", "lorem", " ipsum", "LOREM"];
    let mut g = Lcg(5);
    for _ in 0..100_000 {
        let t = g.text(&pieces, 16);
        let enough = g.next(6);
        let all = count_words(&t);
        let upto = count_words_upto(&t, enough);
        if all.0 >= enough {
            assert!(upto.0 >= enough, "{t:?} {enough}");
        } else {
            assert_eq!(upto, all, "{t:?} {enough}");
        }
    }
}

#[test]
fn answer_words_are_those_of_the_joined_text() {
    let pieces = [
        " ", "\n", "\r\n", "a", "word", "TBD", "N/A", "What?", "- Why?", "**Q**:", "<!--", "-->", "[insert", "]",
        "lorem", " ipsum", "LOREM", "<",
    ];
    let mut g = Lcg(9);
    for _ in 0..100_000 {
        let bodies: Vec<String> = (0..1 + g.next(3)).map(|_| g.text(&pieces, 10)).collect();
        let bodies: Vec<&str> = bodies.iter().map(String::as_str).collect();
        let enough = g.next(6);
        let joined = bodies.iter().map(|b| without_questions(b)).collect::<Vec<_>>().join("\n");
        let all = count_words(&joined);
        let plain = bodies.iter().all(|b| is_plain(b));
        if plain {
            assert!(!joined.contains(['<', '[']) && !joined.to_lowercase().contains("lorem ipsum"));
        }
        let upto = answer_words_upto(&bodies, plain, enough);
        if all.0 >= enough {
            assert!(upto.0 >= enough, "{bodies:?} {enough}");
        } else {
            assert_eq!(upto, all, "{bodies:?} {enough}");
        }
    }
}

#[test]
fn normalized_borrows_only_what_normalize_keeps() {
    let mut g = Lcg(13);
    for _ in 0..100_000 {
        let t = g.text(&["a", "z", "0", " ", "  ", "A", "-", "é"], 6);
        assert_eq!(normalized(&t), normalize(&t), "{t:?}");
    }
}
