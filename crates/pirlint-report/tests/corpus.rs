//! The DFDS public postmortems (shared corpus) and truncated copies of them.

use std::path::{Path, PathBuf};

use pirlint_report::*;

const CORPUS: &str = "/work/shared/corpus/dfds";

fn corpus() -> Vec<(PathBuf, String)> {
    let Ok(dir) = std::fs::read_dir(CORPUS) else {
        return Vec::new();
    };
    let mut files: Vec<_> = dir
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            let s = std::fs::read_to_string(&p).unwrap();
            (p, s)
        })
        .collect();
    files.sort();
    files
}

fn check_span(source: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end as usize <= source.len(),
        "{what}: {span:?} out of bounds ({})",
        source.len()
    );
    assert!(
        source.is_char_boundary(span.start as usize) && source.is_char_boundary(span.end as usize),
        "{what}: {span:?} not on char boundaries"
    );
}

fn check_ts(source: &str, ts: &Timestamp, what: &str) {
    check_span(source, ts.span, what);
}

fn check_all_spans(source: &str, p: &Parsed) {
    let r = &p.report;
    let m = &r.metadata;
    if let Some(s) = m.span {
        check_span(source, s, "metadata");
    }
    for t in [
        &m.id,
        &m.title,
        &m.severity,
        &m.status,
        &m.incident_type,
        &m.timezone,
    ]
    .into_iter()
    .flatten()
    {
        check_span(source, t.span, "metadata text");
    }
    for t in [
        &m.occurred,
        &m.detected,
        &m.contained,
        &m.recovered,
        &m.resolved,
    ]
    .into_iter()
    .flatten()
    {
        check_ts(source, t, "metadata time");
    }
    for a in &m.authors {
        check_span(source, a.span, "author");
    }
    for e in &m.extra {
        check_span(source, e.span, "extra");
    }
    for s in &r.sections {
        check_span(source, s.span, "section");
        check_span(source, s.heading_span, "heading");
        check_span(source, s.body_span, "body");
        assert_eq!(&source[s.body_span.range()], s.body);
        assert!(s.parent.is_none_or(|p| (p as usize) < r.sections.len()));
    }
    for e in &r.timeline {
        check_span(source, e.span, "entry");
        check_ts(source, &e.timestamp, "entry time");
        check_span(source, e.text.span, "entry text");
        for t in [&e.phase, &e.actor].into_iter().flatten() {
            check_span(source, t.span, "entry attr");
        }
    }
    for rec in &r.recommendations {
        check_span(source, rec.span, "rec");
        check_span(source, rec.text.span, "rec text");
        for t in [&rec.priority, &rec.owner, &rec.status, &rec.tracking]
            .into_iter()
            .flatten()
        {
            check_span(source, t.span, "rec attr");
        }
        if let Some(d) = &rec.due {
            check_ts(source, d, "rec due");
        }
    }
    for run in &r.prose {
        check_span(source, run.span, "prose");
        assert!(!run.span.is_empty());
        assert!(run.section.is_none_or(|s| (s as usize) < r.sections.len()));
    }
    for pr in &p.problems {
        check_span(source, pr.span, "problem");
    }
}

#[test]
fn every_corpus_report_parses_sensibly() {
    let files = corpus();
    if files.is_empty() {
        eprintln!("corpus not found at {CORPUS}; skipping");
        return;
    }
    for (path, source) in &files {
        let p = parse(path, source, &ParseOptions::default());
        check_all_spans(source, &p);
        assert!(p.problems.is_empty(), "{path:?}: {:?}", p.problems);
        let name = path.file_name().unwrap().to_string_lossy();
        if !name.contains("template") {
            assert!(!p.report.timeline.is_empty(), "{name}: no timeline");
            assert!(
                !p.report.recommendations.is_empty(),
                "{name}: no recommendations"
            );
            assert!(
                p.report
                    .sections
                    .iter()
                    .any(|s| s.kind.as_deref() == Some("executive-summary")),
                "{name}"
            );
        }
    }
}

#[test]
fn log4shell() {
    let path = Path::new(CORPUS).join("PM2021-011 - Log4Shell.md");
    let Ok(source) = std::fs::read_to_string(&path) else {
        return;
    };
    let p = parse(&path, &source, &ParseOptions::default());
    let r = &p.report;
    let tz = r.metadata.timezone.as_ref().unwrap();
    assert_eq!(
        (tz.value.as_str(), &source[tz.span.range()]),
        ("UTC", "All times in UTC.")
    );
    assert_eq!(r.timeline.len(), 26);
    let date_only: Vec<_> = r
        .timeline
        .iter()
        .filter(|e| e.timestamp.time.is_none())
        .map(|e| e.timestamp.date.as_deref().unwrap())
        .collect();
    assert_eq!(date_only, ["2021-12-10", "2021-12-17", "2021-12-18"]);
    let e = &r.timeline[1];
    assert_eq!(&source[e.timestamp.span.range()], "2021-12-10   15:40");
    assert_eq!(e.timestamp.time.as_deref(), Some("15:40"));
    assert_eq!(e.timestamp.zone.as_deref(), Some("UTC"));
    assert!(e.timestamp.zone_from_report);
    assert_eq!(e.timestamp.utc_seconds, Some(1639150800));
    assert_eq!(
        &source[e.text.span.range()],
        "We became aware of it during a call with Peter Taylor"
    );
    // "(Lloyd Middleton)" is a person, not a phase.
    assert!(r.timeline[9].phase.is_none());
    assert_eq!(
        r.timeline[4].text.value,
        "People in CE was discussing internally about Log4J, and decided to advice S&O"
    );
    assert!(r.timeline.iter().all(|e| e.timestamp.date.is_some()));

    assert_eq!(r.recommendations.len(), 6);
    assert_eq!(&source[r.recommendations[0].text.span.range()], "Teach the teams how to scan and secure their infrastructure and artifacts (Docker images etc)");
    let lessons = r
        .sections
        .iter()
        .position(|s| s.heading == "Lessons Learned")
        .unwrap();
    assert_eq!(r.sections[lessons].kind.as_deref(), Some("lessons-learned"));
    assert_eq!(r.sections[lessons + 1].parent, Some(lessons as u32));
    // "Reflections on external collaboration" is not "Reflections" plus a
    // qualifier: the prefix rule is conservative.
    assert_eq!(r.sections[lessons + 1].kind, None);
}

#[test]
fn template_and_cet_tables() {
    let path = Path::new(CORPUS).join("PMyyyy-nnn - Postmortem template.md");
    let Ok(source) = std::fs::read_to_string(&path) else {
        return;
    };
    let p = parse(&path, &source, &ParseOptions::default());
    assert_eq!(p.report.timeline.len(), 1);
    assert_eq!(p.report.timeline[0].timestamp.text, "20xx-MM-DD HH:mm");
    assert_eq!(p.report.timeline[0].timestamp.date, None);
    assert!(p.report.recommendations.is_empty());

    let path =
        Path::new(CORPUS).join("PM2019-009 - Kubernetes network infrastructure IP starvation.md");
    let source = std::fs::read_to_string(&path).unwrap();
    let p = parse(&path, &source, &ParseOptions::default());
    let tl = &p.report.timeline;
    assert_eq!(tl.len(), 14);
    // "Date and Time in CET" in the header gives the zone.
    assert_eq!(tl[0].timestamp.zone.as_deref(), Some("CET"));
    assert_eq!(
        (
            tl[5].timestamp.date.as_deref(),
            tl[5].timestamp.time.as_deref()
        ),
        (Some("2019-12-03"), None)
    );
    assert_eq!(p.report.recommendations.len(), 4);
    assert!(p.report.recommendations[0].text.value.starts_with(
        "Make sure all deployed resources have a plan for monitoring / scaling: This is"
    ));
}

/// Deterministic pseudo-random numbers (xorshift), so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[test]
fn random_slices_never_panic_and_spans_stay_in_bounds() {
    let mut sources: Vec<String> = corpus().into_iter().map(|(_, s)| s).collect();
    sources.push(include_str!("fixtures/credential-stuffing.md").to_string());
    let mut rng = Rng(0x9e3779b97f4a7c15);
    let opts = ParseOptions::default();
    for source in &sources {
        for _ in 0..60 {
            let a = boundary(source, rng.below(source.len()));
            let b = boundary(source, a + rng.below(source.len() - a + 1));
            let slice = &source[a..b];
            for name in ["x.md", "x.yaml", "x.json"] {
                let p = parse(Path::new(name), slice, &opts);
                check_all_spans(slice, &p);
            }
            // Splice two slices together to produce odd structures.
            let c = boundary(source, rng.below(source.len()));
            let mixed = format!("{slice}\n{}", &source[c..]);
            check_all_spans(&mixed, &parse(Path::new("x.md"), &mixed, &opts));
        }
    }
}
