//! pirlint built-in plugin `questions`: the lessons-learned questions of
//! NIST SP 800-61 and the SANS incident handler's handbook are answered.

use pirlint_plugin_sdk::prelude::*;
use pirlint_plugin_sdk::values::is_descendant;
use rules::answered::{AnsweredOptions as Options, QuestionSpec};

mod scan;

pirlint_plugin_sdk::include_rules!();

#[cfg(test)]
mod tests;

use scan::{count_words, count_words_upto, normalize, Keywords};

// ---------------------------------------------------------------------------
// Options and the default question set

#[derive(Clone, Debug)]
struct Question {
    id: String,
    question: String,
    sections: Vec<String>,
    keywords: Vec<String>,
    timeline_phases: Vec<String>,
    timeline_keywords: Vec<String>,
    lessons_mentions: Vec<String>,
    evidence: Vec<String>,
    min_words: Option<u32>,
    skip_for_types: Vec<String>,
    /// Asked only of reports whose incident type is one of these (empty:
    /// of every report).
    only_for_types: Vec<String>,
    /// Asked only when the report's prose mentions one of these (empty:
    /// always): "what should users do" of a write-up that speaks of a
    /// vulnerability or a leaked token, not of every outage.
    only_if_mentions: Vec<String>,
}

impl Question {
    fn apply(&mut self, s: &QuestionSpec) {
        if let Some(v) = &s.question {
            self.question = v.clone();
        }
        let set = |dst: &mut Vec<String>, src: &Option<Vec<String>>| {
            if let Some(v) = src {
                dst.clone_from(v);
            }
        };
        set(&mut self.sections, &s.sections);
        set(&mut self.keywords, &s.keywords);
        set(&mut self.timeline_phases, &s.timeline_phases);
        set(&mut self.timeline_keywords, &s.timeline_keywords);
        set(&mut self.lessons_mentions, &s.lessons_mentions);
        set(&mut self.evidence, &s.evidence);
        set(&mut self.skip_for_types, &s.skip_for_types);
        set(&mut self.only_for_types, &s.only_for_types);
        set(&mut self.only_if_mentions, &s.only_if_mentions);
        if s.min_words.is_some() {
            self.min_words = s.min_words;
        }
    }

    fn from_spec(s: &QuestionSpec) -> Self {
        let mut q = Question {
            id: s.id.clone(),
            question: s.id.replace('-', " "),
            sections: vec![],
            keywords: vec![],
            timeline_phases: vec![],
            timeline_keywords: vec![],
            lessons_mentions: vec![],
            evidence: vec![],
            min_words: None,
            skip_for_types: vec![],
            only_for_types: vec![],
            only_if_mentions: vec![],
        };
        q.apply(s);
        q
    }
}

type Def = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
);

/// id, question, sections, keywords, timeline phases, timeline keywords,
/// incident types it does not apply to. Keywords match at the start of a
/// word, so "contain" also finds "contained" and "containment".
const DEFAULTS: &[Def] = &[
    (
        "what-happened",
        "What happened, and at what times?",
        &["timeline", "What happened"],
        &["what happened", "chronology", "sequence of events", "timeline"],
        &[],
        &[],
        &[],
    ),
    (
        "who-discovered",
        "Who or what discovered the incident, and how?",
        &["detection", "How was it detected"],
        &["discover", "detect", "noticed", "first report", "who found", "how was it found"],
        &["detection", "identification"],
        &[
            "alert", "alarm", "detect", "discover", "noticed", "notice", "report", "paged",
            "warning", "notified", "became aware", "flagged", "witness", "observed", "spotted",
        ],
        &[],
    ),
    (
        "containment",
        "How was the incident contained?",
        &["containment", "Mitigation"],
        &["contain", "mitigat", "how was it stopped"],
        &["containment", "mitigation"],
        &[
            "contain", "mitigat", "rolled back", "roll back", "rollback", "revert", "blocked",
            "isolat", "workaround", "failover", "failed over", "scaling", "scaled",
            "restarted", "stopped", "terminated", "rolled over", "fix applied", "hotfix", "drain",
            "downgrad", "disabl", "killed",
            // In availability incidents mitigation and recovery usually
            // coincide: the entry that restores service says how it was
            // contained.
            "restor", "back to normal", "resolved", "fixed", "removed", "deleted", "reattached",
        ],
        &[],
    ),
    (
        "eradication-recovery",
        "What was done to eradicate the cause and recover?",
        &["eradication", "recovery"],
        &["eradicat", "recover", "restor", "resolution"],
        &["eradication", "recovery"],
        &[
            "eradicat", "recover", "restor", "resolved", "fix", "back to normal", "operational",
            "healthy", "patched", "redeploy", "verified", "rebuilt", "cleaned", "removed",
            "purged", "revoked", "reset", "deleted", "takedown", "reimaged", "wiped", "rotated", "killed",
        ],
        &["availability", "performance"],
    ),
    (
        "done-differently",
        "What could have been done differently?",
        &["lessons-learned", "What went wrong"],
        &[
            "differently", "went wrong", "could have", "could be done", "next time", "improve",
            "went poorly", "did not go well", "didn't go well", "where we got lucky",
        ],
        &[],
        &[],
        &[],
    ),
    (
        "plans-and-playbooks",
        "How well did staff and management perform, and were the documented procedures and playbooks followed and adequate?",
        &["What went well"],
        &[
            "playbook", "runbook", "procedure", "polic", "went well", "perform", "how did we do",
            "staff", "process",
        ],
        &[],
        &[],
        &[],
    ),
    (
        "business-information",
        "Did the business provide the information and responses needed in time, and what can improve?",
        &["Communication", "Communications"],
        &["business", "information", "communicat", "stakeholder", "collaborat"],
        &[],
        &[],
        &[],
    ),
    (
        "preventive-measures",
        "What corrective actions will prevent similar incidents?",
        &["recommendations"],
        &["prevent", "corrective", "indicator", "precursor", "action item", "recurrence"],
        &[],
        &[],
        &[],
    ),
    (
        "tools-and-resources",
        "What additional tools or resources are needed to detect, analyze and mitigate future incidents?",
        &[],
        &["tool", "resource", "instrumentation"],
        &[],
        &[],
        &[],
    ),
];

/// Phrases that, in a sentence of the lessons-learned text with enough
/// words, answer the question: SRE-style lessons ("We are not monitoring the
/// ADFS implementation") answer the tools question without asking it.
fn mentions(id: &str) -> Vec<String> {
    let m: &[&str] = match id {
        "plans-and-playbooks" => &[
            "playbook", "runbook", "procedure", "process", "documented", "documentation",
            "checklist", "polic",
        ],
        "business-information" => &[
            "communicat", "stakeholder", "business", "information", "status page",
        ],
        "tools-and-resources" => &[
            "tool", "monitor", "alert", "dashboard", "inventory", "instrumentation",
            "observability", "visibility", "resource", "staffing", "headcount",
        ],
        _ => &[],
    };
    m.iter().map(|x| x.to_string()).collect()
}

/// The questions that NIST SP 800-61 asks of security incident handling
/// and that the SRE and PagerDuty postmortem templates do not: asked of
/// security incidents (`incident-type: security`); the `pirlint:nist-800-61`
/// preset asks them of every report.
fn only_for(id: &str) -> Vec<String> {
    match id {
        "plans-and-playbooks" | "business-information" | "tools-and-resources" => vec!["security".into()],
        _ => Vec::new(),
    }
}

/// Phrases that, in a sentence anywhere in the report's prose, answer the
/// question: who found an incident is often told in the summary ("reported
/// by a user in the chat channel", "a security researcher reported it to
/// security@"), how it was contained in the narrative.
fn evidence(id: &str) -> Vec<String> {
    let m: &[&str] = match id {
        "who-discovered" => &[
            "reported by", "reported to", "reported the", "reported it", "reported that",
            "reported in", "was reported", "were reported", "first report", "bug bounty",
            "security researcher", "researcher reported", "disclosed to", "notified us",
            "alerted", "alert fired", "alerts fired", "monitor fired", "paged", "page fired",
            "got paged", "were paged", "was paged", "noticed", "discovered", "detected",
            "spotted", "flagged", "support ticket", "received an email", "received a report",
            "reached out", "let us know", "told us", "pointed out", "became aware",
        ],
        "containment" => &[
            "mitigat", "rolled back", "roll back", "reverted", "revert", "disabled", "blocked",
            "revoked", "took down", "taken down", "yanked", "removed the", "isolated",
            "shut down", "stopped the", "contained", "workaround", "failed over", "scaled up",
            "restarted", "rate limit", "locked",
        ],
        "eradication-recovery" => &[
            "restored", "recovered", "fixed", "deployed a fix", "released a fix", "patched",
            "resolved", "back to normal", "back online", "returned to normal", "rebuilt",
            "rotated", "cleaned up", "redeployed", "published a fix", "new release",
        ],
        "done-differently" => &[
            "went wrong", "went poorly", "did not go well", "didn't go well", "could have",
            "would have", "in the future", "next time", "lesson", "we learned", "we need to",
            "improve", "better",
        ],
        "preventive-measures" => &[
            "prevent", "going forward", "in the future", "to avoid", "we will", "we are adding",
            "we have added", "we added", "we are working", "we plan", "follow-up", "follow up",
            "recurrence", "from happening again",
        ],
        _ => &[],
    };
    m.iter().map(|x| x.to_string()).collect()
}

/// The questions asked when the policy names none: every question of the
/// table but those another rule already asks in its own words —
/// `what-happened` is `timeline/present`'s, `who-discovered` is
/// `timeline/discovery`'s (one gap, one finding). Policies can still name
/// them (`pirlint:public-disclosure` asks `what-happened`).
const NOT_BY_DEFAULT: &[&str] = &["what-happened", "who-discovered"];

fn defaults() -> Vec<Question> {
    let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    DEFAULTS
        .iter()
        .map(|d| Question {
            id: d.0.into(),
            question: d.1.into(),
            sections: v(d.2),
            keywords: v(d.3),
            timeline_phases: v(d.4),
            timeline_keywords: v(d.5),
            lessons_mentions: mentions(d.0),
            evidence: evidence(d.0),
            min_words: None,
            skip_for_types: v(d.6),
            only_for_types: only_for(d.0),
            only_if_mentions: vec![],
        })
        .collect()
}

fn resolve(opts: &Options) -> Vec<Question> {
    let mut qs: Vec<Question> = match &opts.questions {
        Some(list) => {
            let mut out: Vec<Question> = Vec::new();
            let base = defaults();
            for s in list {
                // Replacing the set but naming a default id without fields
                // keeps that default: `questions = [{id = "containment"}]`.
                let q = match base.iter().find(|b| b.id == s.id) {
                    Some(b) => {
                        let mut b = b.clone();
                        b.apply(s);
                        b
                    }
                    None => Question::from_spec(s),
                };
                out.retain(|o| o.id != q.id);
                out.push(q);
            }
            out
        }
        None => defaults().into_iter().filter(|q| !NOT_BY_DEFAULT.contains(&q.id.as_str())).collect(),
    };
    for s in &opts.extend {
        match qs.iter_mut().find(|q| q.id == s.id) {
            Some(q) => q.apply(s),
            None => {
                let mut q = defaults().into_iter().find(|d| d.id == s.id).unwrap_or_else(|| Question::from_spec(s));
                q.apply(s);
                qs.push(q);
            }
        }
    }
    qs
}

// ---------------------------------------------------------------------------
// The rule

/// Where a question's answer was looked for and found wanting.
struct Weak {
    span: Span,
    words: usize,
    placeholder: Option<String>,
}

pub(crate) fn answered(cx: &Context<'_>, opts: &Options, configured: Severity) -> Vec<Diagnostic> {
    let (report, source) = (cx.report, cx.source());
    let questions = resolve(opts);
    let itype = report
        .metadata
        .incident_type
        .as_ref()
        .map(|t| text_of(source, t).trim().to_lowercase());
    let applicable: Vec<&Question> = questions
        .iter()
        .filter(|q| {
            !itype
                .as_ref()
                .is_some_and(|t| q.skip_for_types.iter().any(|s| s.trim().to_lowercase() == *t))
                && (q.only_for_types.is_empty()
                    || itype
                        .as_ref()
                        .is_some_and(|t| q.only_for_types.iter().any(|s| s.trim().to_lowercase() == *t)))
        })
        .collect();
    let applicable: Vec<&Question> = applicable
        .into_iter()
        .filter(|q| {
            if q.only_if_mentions.is_empty() {
                return true;
            }
            let phrases: Vec<(&str, text::Case)> =
                q.only_if_mentions.iter().map(|p| (p.as_str(), text::Case::Insensitive)).collect();
            let set = text::PhraseSet::prefixes(&phrases);
            cx.prose().iter().any(|run| set.any(source, run.span))
        })
        .collect();
    // A report without the section where a question is answered gets that
    // section's own finding (structure/required-sections, timeline/present,
    // recommendations/present): asking the question too says it twice.
    let has_kind = |kind: &str| report.sections.iter().any(|s| cx.is_kind(s, kind));
    let applicable: Vec<&Question> = if opts.defer_missing_sections {
        let lessons = has_kind("lessons-learned");
        let timeline = !report.timeline.is_empty();
        let actions = !report.recommendations.is_empty();
        applicable
            .into_iter()
            .filter(|q| match q.id.as_str() {
                "what-happened" => timeline,
                "preventive-measures" => actions,
                _ => lessons,
            })
            .collect()
    } else {
        applicable
    };
    if applicable.is_empty() {
        return Vec::new();
    }

    let n = report.sections.len();
    let lessons_scope: Vec<bool> = (0..n).map(|i| in_kind(cx, i, "lessons-learned")).collect();
    // Question and label lines with their normalized labels, found on first
    // use: a report whose sections answer everything needs none.
    let mut markers: Option<(Vec<scan::Marker>, Vec<String>)> = None;

    // Everything searched for keywords is normalized once, not once per
    // question and keyword.
    let headings: Vec<String> = report.sections.iter().map(|s| normalize(heading_of(source, s))).collect();
    let entry_texts: Vec<String> = report.timeline.iter().map(|e| normalize(text_of(source, &e.text))).collect();
    let entry_phases: Vec<Option<String>> = report
        .timeline
        .iter()
        .map(|e| e.phase.as_ref().map(|p| normalize(text_of(source, p))))
        .collect();
    let entry_words: Vec<usize> = report.timeline.iter().map(|e| count_words(text_of(source, &e.text)).0).collect();
    let rec_words: Vec<usize> = report.recommendations.iter().map(|r| count_words(text_of(source, &r.text)).0).collect();
    // Lessons-learned lines without questions: (words, normalized), built on
    // first use.
    let mut lesson_lines: Vec<Option<Vec<(usize, String)>>> = vec![None; n];
    let keywords: Vec<Keywords> = applicable.iter().map(|q| Keywords::new(&q.keywords)).collect();
    let aliases: Vec<Vec<(&str, std::borrow::Cow<str>)>> = applicable
        .iter()
        .map(|q| q.sections.iter().map(|a| (a.trim(), scan::normalized(a))).collect())
        .collect();

    // A heading "belongs" to the questions whose keywords it contains; such a
    // subsection answers those questions only, not every question whose
    // section (e.g. `lessons-learned`) encloses it.
    let heading_claims: Vec<Vec<usize>> = report
        .sections
        .iter()
        .enumerate()
        .map(|(s_i, _)| {
            applicable
                .iter()
                .enumerate()
                .filter(|(qi, _)| keywords[*qi].matches(&headings[s_i]))
                .map(|(i, _)| i)
                .collect()
        })
        .collect();

    // Whether each section body `scan::is_plain`, found on first use.
    let mut plain_bodies: Vec<Option<bool>> = vec![None; n];

    let mut missing: Vec<(usize, Option<Weak>, Option<usize>)> = Vec::new();
    for (qi, q) in applicable.iter().enumerate() {
        // A heading written for this question ("## What could have been
        // done differently?") is where its answer belongs: when there is one,
        // the enclosing section's general text does not answer it.
        let dedicated = heading_claims.iter().position(|c| c.contains(&qi));
        let min = q.min_words.unwrap_or(opts.min_words) as usize;
        let mut weak: Option<Weak> = None;
        // `count` gives the words of a candidate, counted up to the number
        // given: more than enough is as good as the exact number.
        let mut consider = |span: Span, count: &dyn Fn(usize) -> (usize, Option<String>), extra_words: usize| -> bool {
            let (words, ph) = count(min.max(1).saturating_sub(extra_words));
            let words = words + extra_words;
            if words >= min.max(1) {
                return true;
            }
            // An empty candidate is no answer at all (and empty sections are
            // `structure/empty-section`'s business).
            if (words > 0 || ph.is_some()) && weak.as_ref().is_none_or(|w| words > w.words) {
                weak = Some(Weak { span, words, placeholder: ph });
            }
            false
        };
        let mut ok = false;

        // (a) sections by kind or heading, (b) headings with the keywords.
        for (i, s) in report.sections.iter().enumerate() {
            if ok {
                break;
            }
            let claims = &heading_claims[i];
            let by_section = aliases[qi].iter().any(|(a, na)| section_matches(cx, s, &headings[i], a, na));
            let by_keyword = claims.contains(&qi);
            let claimed_by_other = !claims.is_empty() && !by_keyword;
            if !(by_keyword || (by_section && !claimed_by_other && dedicated.is_none())) {
                continue;
            }
            // The question written in the body is not its answer.
            let mut parts = vec![i];
            for (j, c) in heading_claims.iter().enumerate().skip(i + 1) {
                if !is_descendant(report, j, i) {
                    break;
                }
                if c.is_empty() || c.contains(&qi) {
                    parts.push(j);
                }
            }
            let mut extra = 0;
            if cx.is_kind(s, "timeline") {
                extra += report
                    .timeline
                    .iter()
                    .zip(&entry_words)
                    .filter(|(e, _)| s.span.contains(e.span) || report.format != SourceFormat::Markdown)
                    .map(|(_, w)| w)
                    .sum::<usize>();
            }
            if cx.is_kind(s, "recommendations") {
                extra += report
                    .recommendations
                    .iter()
                    .zip(&rec_words)
                    .filter(|(r, _)| s.span.contains(r.span) || report.format != SourceFormat::Markdown)
                    .map(|(_, w)| w)
                    .sum::<usize>();
            }
            let bodies: Vec<&str> = parts.iter().map(|&j| body_of(source, &report.sections[j])).collect();
            let plain = parts
                .iter()
                .zip(&bodies)
                .all(|(&j, b)| *plain_bodies[j].get_or_insert_with(|| scan::is_plain(b)));
            // Structured sections hold the timeline/recommendations outside
            // their body: count them once, not per matching section.
            ok = consider(s.heading_span, &|enough| scan::answer_words_upto(&bodies, plain, enough), extra);
        }

        // (c) question lines, bold labels and "Label: answer" lines.
        if !ok {
            let (markers, labels) = markers.get_or_insert_with(|| {
                let markers = scan::markers(cx, &lessons_scope);
                let labels = markers.iter().map(|m| normalize(&m.label)).collect();
                (markers, labels)
            });
            for (m, label) in markers.iter().zip(labels.iter()) {
                if keywords[qi].matches(label) {
                    ok = consider(m.span, &|enough| count_words_upto(&m.answer, enough), 0);
                    if ok {
                        break;
                    }
                }
            }
        }

        // (e) a sentence of the lessons-learned text that mentions it.
        if !ok && !q.lessons_mentions.is_empty() && dedicated.is_none() {
            let mentions = Keywords::new(&q.lessons_mentions);
            'outer: for (i, s) in report.sections.iter().enumerate() {
                // "What went well: the alert fired" is not a tools need.
                let claims = &heading_claims[i];
                if !lessons_scope[i] || (!claims.is_empty() && !claims.contains(&qi)) {
                    continue;
                }
                let lines = lesson_lines[i].get_or_insert_with(|| {
                    scan::without_questions(body_of(source, s))
                        .lines()
                        .map(|line| (count_words(line).0, normalize(line)))
                        .collect()
                });
                for (words, line) in lines.iter() {
                    let long_enough = *words >= min.max(1);
                    if long_enough && mentions.matches(line) {
                        ok = true;
                        break 'outer;
                    }
                }
            }
        }

        // (d) timeline entries in the question's phases or with its keywords:
        // a timestamped fact answers it whatever its length.
        if !ok {
            let phases: Vec<_> = q.timeline_phases.iter().map(|p| scan::normalized(p)).collect();
            let tkeys = Keywords::new(&q.timeline_keywords);
            ok = entry_phases.iter().zip(&entry_texts).any(|(p, t)| {
                p.as_ref().is_some_and(|p| phases.iter().any(|x| x.as_ref() == p.as_str())) || tkeys.matches(t)
            });
        }
        if !ok {
            missing.push((qi, weak, dedicated));
        }
    }
    // (f) a sentence anywhere in the prose with the question's evidence:
    // one pass over the sentences for every question still unanswered.
    let evidence_for: Vec<(usize, &[String], usize)> = missing
        .iter()
        .filter(|(qi, _, dedicated)| dedicated.is_none() && !applicable[*qi].evidence.is_empty())
        .map(|(qi, ..)| {
            let q = applicable[*qi];
            (*qi, q.evidence.as_slice(), q.min_words.unwrap_or(opts.min_words) as usize)
        })
        .collect();
    if !evidence_for.is_empty() {
        let found = scan::evidence_found(cx, &evidence_for);
        missing.retain(|(qi, ..)| !found.contains(qi));
    }
    if missing.is_empty() {
        return Vec::new();
    }

    let lessons = report
        .sections
        .iter()
        .filter(|s| cx.is_kind(s, "lessons-learned"))
        .min_by_key(|s| (s.level, s.heading_span.start));
    let title = report.sections.iter().find(|s| s.level == 1);
    let (anchor, anchor_label) = match (lessons, title, &report.metadata.title) {
        (Some(l), _, _) => (l.heading_span, "lessons learned do not answer it"),
        (None, Some(t), _) => (t.heading_span, "this report has no lessons-learned section"),
        (None, None, Some(t)) => (t.span, "this report has no lessons-learned section"),
        _ => (text::first_line(source), "this report has no lessons-learned section"),
    };
    let draft = report.metadata.status.as_ref().is_some_and(|s| {
        let s = normalize(text_of(source, s));
        opts.lenient_statuses.iter().any(|x| normalize(x) == s)
    });
    let soften = |d: Diagnostic| {
        if draft && configured != Severity::Info {
            d.severity(Severity::Info)
        } else {
            d
        }
    };
    let structured = report.format != SourceFormat::Markdown;
    let has_lessons = lessons.is_some();
    let how = |q: &Question| -> String {
        let min = q.min_words.unwrap_or(opts.min_words);
        let mut h = if structured {
            format!(
                "Answer it in the lessons-learned section's body, e.g. a line `{}: <answer>`",
                q.question.trim_end_matches('?')
            )
        } else if has_lessons {
            format!(
                "Add a `## {}` subsection under Lessons learned (or a `**{}**` line followed by the answer)",
                q.question, q.question
            )
        } else {
            format!(
                "Add a `## Lessons learned` section with a `### {}` subsection",
                q.question
            )
        };
        h.push_str(&format!(" of at least {min} words"));
        let secs: Vec<String> = q.sections.iter().map(|s| format!("`{s}`")).collect();
        if !secs.is_empty() {
            h.push_str(&format!("; a section {} answers it too", secs.join(" or ")));
        }
        h.push('.');
        h
    };

    // Nothing answered at all, and no place made for the answers: one
    // finding, not one per question. A template with a heading per question
    // gets one finding per empty heading instead, where the answer goes.
    if missing.len() == applicable.len()
        && applicable.len() > 1
        && missing.iter().all(|(_, _, dedicated)| dedicated.is_none())
    {
        let list: Vec<String> = applicable.iter().map(|q| format!("\"{}\"", q.question)).collect();
        let d = Diagnostic::new(
            rules::answered::Answered::ID,
            anchor,
            format!(
                "none of the {} lessons-learned questions is answered",
                applicable.len()
            ),
        )
        .label(anchor_label)
        .help(format!(
            "NIST SP 800-61 (§3.4.1) and the SANS handbook ask the lessons-learned review to \
             answer: {}. Answer each in its own subsection under Lessons learned, or configure \
             this rule's `questions` if your template asks others.",
            list.join("; ")
        ));
        return vec![soften(d)];
    }

    missing
        .into_iter()
        .map(|(qi, weak, dedicated)| {
            let q = applicable[qi];
            let d = match weak {
                Some(w) if w.placeholder.is_some() && w.words == 0 => Diagnostic::new(
                    rules::answered::Answered::ID,
                    w.span,
                    format!("lessons-learned question \"{}\" is answered only with a placeholder", q.question),
                )
                .label(format!("answer is only `{}`", w.placeholder.unwrap_or_default())),
                Some(w) => Diagnostic::new(
                    rules::answered::Answered::ID,
                    w.span,
                    format!(
                        "lessons-learned question \"{}\" has too short an answer ({} words)",
                        q.question, w.words
                    ),
                )
                .label(format!(
                    "{} words, at least {} expected",
                    w.words,
                    q.min_words.unwrap_or(opts.min_words)
                )),
                None => match dedicated {
                    Some(i) => Diagnostic::new(
                        rules::answered::Answered::ID,
                        report.sections[i].heading_span,
                        format!("lessons-learned question not answered: \"{}\"", q.question),
                    )
                    .label("no answer under this heading"),
                    None => Diagnostic::new(
                        rules::answered::Answered::ID,
                        anchor,
                        format!("lessons-learned question not answered: \"{}\"", q.question),
                    )
                    .label(anchor_label),
                },
            };
            let d = d.help(format!(
                "{} The NIST SP 800-61 (§3.4.1) / SANS lessons-learned review asks this question \
                 (`{}`); leaving it out hides what the review did not examine. If it does not \
                 apply, say so and why in a sentence, or skip it for this incident type with \
                 `skip-for-types`.",
                how(q),
                q.id
            ));
            soften(d)
        })
        .collect()
}

/// True when section `i` is of `kind` or lies inside a section of `kind`.
fn in_kind(cx: &Context<'_>, mut i: usize, kind: &str) -> bool {
    let report = cx.report;
    for _ in 0..report.sections.len() {
        let s = &report.sections[i];
        if cx.is_kind(s, kind) {
            return true;
        }
        match s.parent.map(|p| p as usize) {
            Some(p) if p < i => i = p,
            _ => return false,
        }
    }
    false
}


/// A section alias matches by canonical kind, or by heading: equal after
/// normalization, or the heading starts with it ("What went wrong (summary)").
/// `alias` is trimmed, `a` is it normalized.
fn section_matches(cx: &Context<'_>, s: &Section, h: &str, alias: &str, a: &str) -> bool {
    if cx.is_kind(s, alias) {
        return true;
    }
    !a.is_empty() && h.strip_prefix(a).is_some_and(|r| r.is_empty() || r.starts_with(' '))
}
