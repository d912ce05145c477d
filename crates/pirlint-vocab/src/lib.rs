//! The section kinds of a post-incident report and the headings people give
//! them. One table, read by the parser (`pirlint-report`), by the plugins
//! (through `pirlint-plugin-sdk`) and by help texts, so a rule never keeps a
//! copy that drifts from what the parser recognizes.
//!
//! The synonyms come from the public templates teams copy (Google SRE
//! workbook, PagerDuty, Atlassian, GitLab, NIST SP 800-61 §3.4 and the
//! templates in the shared corpus) and from real reports: British spellings,
//! plurals and question forms are listed where people write them.
//!
//! No dependencies: this crate is compiled into every plugin.

/// A canonical section kind: its id (what `section.kind` holds), the name
/// used in messages, and the headings that mean it.
#[derive(Clone, Copy, Debug)]
pub struct SectionKind {
    pub id: &'static str,
    pub display: &'static str,
    pub synonyms: &'static [&'static str],
}

/// Every canonical kind with its default synonyms.
pub const SECTION_KINDS: &[SectionKind] = &[
    SectionKind {
        id: "executive-summary",
        display: "Executive summary",
        synonyms: &[
            "Executive summary",
            "Summary",
            "TL;DR",
            "TLDR",
            "Overview",
            "Incident summary",
            "Incident overview",
            "Summary of impact",
            "Synopsis",
            "Abstract",
            "Brief",
            "Management summary",
            "Issue summary",
            "Outage summary",
        ],
    },
    SectionKind {
        id: "timeline",
        display: "Timeline",
        synonyms: &[
            "Timeline",
            "Timelines",
            "Chronology",
            "Sequence of events",
            "Timeline of events",
            "Incident timeline",
            "Detailed timeline",
            "Event timeline",
            "Events timeline",
            "Timeline summary",
            "Follow-up timeline",
            "Events",
            "Events/Timeline",
            "Time line",
        ],
    },
    SectionKind {
        id: "investigation",
        display: "Investigation",
        synonyms: &[
            "Investigation",
            "Investigations",
            "Analysis",
            "Technical analysis",
            "Incident analysis",
            "Root cause",
            "Root causes",
            "Root cause analysis",
            "Root cause identification",
            "Root cause of the incident",
            "Root cause of the outage",
            "Root cause of the issue",
            "Root causes of the incident",
            "Root causes of the outage",
            "Cause of the incident",
            "Cause of the outage",
            "RCA",
            "Cause",
            "Causes",
            "Contributing factors",
            "Contributing causes",
            "Technical details",
            "Details",
            "What happened",
            "Why did it happen",
            "How did it happen",
            "How did this happen",
            "Why it happened",
            "Five whys",
            "The five whys",
            "5 whys",
            "Fault",
            "Trigger",
            "Leadup",
            "Lead-up",
            "Lead up",
            "Findings",
            "Identified cause",
            "Working theory",
            "Why it failed",
        ],
    },
    SectionKind {
        id: "impact",
        display: "Impact",
        synonyms: &[
            "Impact",
            "Customer impact",
            "Business impact",
            "User impact",
            "Impact on users",
            "Impact on customers",
            "Impact analysis",
            "Impact assessment",
            "Overall impact",
            "What was impacted",
            "What was affected",
            "Who was affected",
            "Affected users",
            "Affected systems",
            "Scope",
            "Scope and impact",
        ],
    },
    SectionKind {
        id: "detection",
        display: "Detection",
        synonyms: &[
            "Detection",
            "How was it detected",
            "How it was detected",
            "How we found out",
            "How was it discovered",
            "Discovery",
            "Identification",
        ],
    },
    SectionKind {
        id: "containment",
        display: "Containment",
        synonyms: &[
            "Containment",
            "Containment, eradication and recovery",
            "Containment, eradication, and recovery",
            "Mitigation",
            "Mitigations",
            "Mitigation steps",
            "Response",
            "Incident response",
            "Immediate response",
            "Our response",
            "Actions taken",
            "Action taken",
            "Short term fix",
            "Short-term fix",
            "Workaround",
        ],
    },
    SectionKind {
        id: "eradication",
        display: "Eradication",
        synonyms: &["Eradication"],
    },
    SectionKind {
        id: "recovery",
        display: "Recovery",
        synonyms: &[
            "Recovery",
            "Resolution",
            "Resolution and recovery",
            "Recovery steps",
            "How it was fixed",
            "How we fixed it",
            "The fix",
            "Fix",
            "Remediation steps taken",
        ],
    },
    SectionKind {
        id: "lessons-learned",
        display: "Lessons learned",
        synonyms: &[
            "Lessons learned",
            "Lessons learnt",
            "Lessons",
            "Learnings",
            "Key learnings",
            "What we learned",
            "What we learnt",
            "What went wrong",
            "What went well",
            "What went poorly",
            "What went badly",
            "What didn't go well",
            "What didn't go so well",
            "What did not go well",
            "What could have gone better",
            "What could have been done differently",
            "What could we have done better",
            "What can we learn from this incident",
            "Where we got lucky",
            "Where did we get lucky",
            "Things that went well",
            "Things that went poorly",
            "Things that went wrong",
            "Retrospective",
            "Reflections",
            "Reflection",
            "Takeaways",
            "Key takeaways",
            "Insights",
            "Post-incident review",
            "Post-incident activity",
            "Post incident analysis",
        ],
    },
    SectionKind {
        id: "recommendations",
        display: "Recommendations",
        synonyms: &[
            "Recommendations",
            "Action items",
            "Action item",
            "Actions",
            "Action plan",
            "Follow-ups",
            "Follow-up",
            "Follow-up actions",
            "Follow-up items",
            "Follow-up improvements",
            "Remediation",
            "Remediations",
            "Remediation items",
            "Remediation actions",
            "Corrective actions",
            "Corrective action",
            "Corrective and preventive actions",
            "Corrective and preventive measures",
            "Corrective and preventative measures",
            "Preventive measures",
            "Preventative measures",
            "Preventive actions",
            "Prevention",
            "Next steps",
            "Future actions",
            "Future measures",
            "Future work",
            "Improvements",
            "Long term solution",
            "Long-term solution",
            "Long term fix",
            "Long-term fix",
            "Permanent fix",
            "Immediate actions",
            "Short-term improvements",
            "Medium-term improvements",
            "Long-term improvements",
            "Short-term actions",
            "Long-term actions",
            "Planned actions",
            "Resulting action",
            "Resulting actions",
            "Moving forward",
            "Going forward",
            "What we're doing about it",
            "What we are doing about it",
            "What we are doing",
            "How are we preventing it from happening again",
            "How we will prevent this",
            "Preventing recurrence",
            "TODO",
            "TODOs",
        ],
    },
    // The lessons-learned focus areas and the post-incident records of
    // NIST SP 800-61 §3.4 (plans and playbooks, training, tools, business
    // involvement, cost, evidence), read by the `lessons` plugin. They are
    // usually subsections of Lessons learned; on their own they are kinds so
    // that an organization's `[sections]` can add its own headings.
    SectionKind {
        id: "playbooks",
        display: "Plans and playbooks",
        synonyms: &[
            "Plans and playbooks",
            "Plans, playbooks and procedures",
            "Plans, playbooks, policies and procedures",
            "Playbooks",
            "Playbook",
            "Playbook updates",
            "Playbook changes",
            "Runbooks",
            "Runbook updates",
            "Runbook changes",
            "Policies and procedures",
            "Policy updates",
            "Procedures",
            "Procedure updates",
            "Documentation updates",
            "Updates to plans and procedures",
            "How did we do against our playbooks and policies",
            "Were the documented procedures followed",
            "Were the documented procedures followed and adequate",
            "Were the playbooks followed",
        ],
    },
    SectionKind {
        id: "processes",
        display: "Documentation and processes",
        synonyms: &[
            "Documentation and processes",
            "Processes and documentation",
            "Process and documentation",
            "Processes",
            "Process",
            "Process improvements",
            "Process changes",
            "Documentation",
        ],
    },
    SectionKind {
        id: "team-performance",
        display: "Team performance and readiness",
        synonyms: &[
            "Team performance and readiness",
            "Team performance",
            "Team readiness",
            "Staff performance",
            "Staff and management performance",
            "Response performance",
            "How the team performed",
            "How did we do",
            "Readiness",
            "How well did staff and management perform",
            "How well did the team perform",
        ],
    },
    SectionKind {
        id: "training",
        display: "Training",
        synonyms: &[
            "Training",
            "Training needs",
            "Training needed",
            "Training and onboarding",
            "Training and awareness",
            "Onboarding",
        ],
    },
    SectionKind {
        id: "tools",
        display: "Tools and resources",
        synonyms: &[
            "Tools and resources",
            "Tooling and resources",
            "Tools",
            "Tooling",
            "Effectiveness of tools",
            "Additional tools and resources",
            "Tools and resources needed",
            "Observability",
            "Monitoring and observability",
            "What tools and resources do we need",
            "What tools and resources do we need to detect and analyze this faster",
            "What additional tools or resources are needed",
            "What additional tools or resources are needed to detect analyze and mitigate future incidents",
        ],
    },
    SectionKind {
        id: "business-involvement",
        display: "Business involvement",
        synonyms: &[
            "Business involvement",
            "Business involvement during the incident",
            "Business engagement",
            "Business information",
            "Stakeholder involvement",
            "Stakeholder communication",
            "Stakeholder communications",
            "Stakeholders",
            "Communication",
            "Communications",
            "Customer communication",
            "Internal communication",
            "Did the business provide the information and answers we needed in time",
            "Did the business provide the information and responses needed in time",
        ],
    },
    SectionKind {
        id: "cost",
        display: "Cost",
        synonyms: &[
            "Cost",
            "Costs",
            "Cost estimate",
            "Cost of the incident",
            "Incident cost",
            "Financial impact",
        ],
    },
    SectionKind {
        id: "evidence",
        display: "Evidence",
        synonyms: &[
            "Evidence",
            "Evidence handling",
            "Evidence retention",
            "Evidence preservation",
            "Preservation of evidence",
            "Chain of custody",
            "Evidence and chain of custody",
        ],
    },
    SectionKind {
        id: "user-actions",
        display: "What users should do",
        synonyms: &[
            "What should I do",
            "What should you do",
            "What you can do",
            "What can I do",
            "What can you do",
            "What you should do",
            "What users should do",
            "Call to action",
            "Recommendations for users",
            "Action required",
            "Next steps for users",
        ],
    },
];

/// The kind whose id is `id`.
pub fn section_kind(id: &str) -> Option<&'static SectionKind> {
    SECTION_KINDS.iter().find(|k| k.id == id)
}

/// The name of a kind for messages ("Lessons learned"), or the id made
/// readable for kinds an organization added.
pub fn display_name(id: &str) -> String {
    match section_kind(id) {
        Some(k) => k.display.to_string(),
        None => {
            let s = id.replace(['-', '_'], " ");
            let mut c = s.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect(),
                None => s,
            }
        }
    }
}

/// Heading text without leading numbering ("1.", "2.3", "IV.", "A)"),
/// lower-cased, every run of punctuation, emoji or whitespace made one space
/// (so "TL;DR" and "tl dr", "Follow-ups" and "follow ups" are the same).
/// Apostrophes vanish ("didn't" = "didnt"), so curly and straight ones agree.
pub fn normalize(s: &str) -> String {
    let s = strip_numbering(s.trim());
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else if matches!(c, '\'' | '’' | '‘') {
            // "didn't", "we're": one word.
        } else {
            pending_space = true;
        }
    }
    out
}

/// Drops "1.", "1)", "2.3.", "IV.", "A." (followed by whitespace) and
/// leading emoji or symbols ("✅ Action items").
pub fn strip_numbering(s: &str) -> &str {
    let s = s.trim_start_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '(' | '[' | '<'));
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
        i += 1;
    }
    if i > 0 && i < bytes.len() && (bytes[i] == b')' || bytes[i] == b'.') {
        i += 1;
    }
    if i > 0 && (i == bytes.len() || bytes[i].is_ascii_whitespace()) {
        return s[i..].trim_start();
    }
    // Roman numerals or a single letter followed by "." or ")" and a space.
    if let Some(pos) = s.find(['.', ')']) {
        let head = &s[..pos];
        let roman =
            !head.is_empty() && head.len() <= 4 && head.chars().all(|c| "IVXivx".contains(c));
        let letter = head.len() == 1 && head.chars().all(|c| c.is_ascii_alphabetic());
        let after = &s[pos + 1..];
        if (roman || letter) && after.starts_with(char::is_whitespace) {
            return after.trim_start();
        }
    }
    s
}

/// How a heading is read against a synonym table (normalized synonym ->
/// kind). Deliberately conservative, so that prose-like headings such as
/// "Summary of the incident" stay unclassified rather than guessed:
/// 1. the normalized heading equals a synonym;
/// 2. the heading as written starts with a synonym followed by punctuation
///    that opens a qualifier (`(`, `[`, `:`, `-`, `–`, `—`, `/`, `,`):
///    "Timeline (UTC)", "Action Items (to be done this quarter):",
///    "Root cause: expired certificate"; longer synonyms win;
/// 3. a compound "X and Y", "X & Y", "X / Y" whose first part is a synonym
///    ("Timeline and Response", "Recovery and Lessons Learned"): the kinds
///    of every recognized part, first part first;
/// 4. a short heading (at most five words) ending in "timeline"
///    ("A Short, Confusing Timeline").
pub fn kinds_in<'a>(heading: &str, lookup: impl Fn(&str) -> Option<&'a str>) -> Vec<&'a str> {
    let norm = normalize(heading);
    if norm.is_empty() {
        return Vec::new();
    }
    if let Some(kind) = lookup(&norm) {
        return vec![kind];
    }
    let stripped = strip_numbering(heading.trim());
    // Rule 2: the longest synonym that is a prefix followed by a qualifier.
    let words: Vec<&str> = norm.split(' ').collect();
    let qualified = stripped.contains(['(', '[', ':', '-', '–', '—', '/', ',']);
    // `norm` is its words joined by single spaces, so the first n words are
    // the text before the n-th space: slicing keeps this loop linear in the
    // heading (joining the words for every n made long headings quadratic).
    let word_ends: Vec<usize> = norm.match_indices(' ').map(|(i, _)| i).collect();
    for &end in word_ends.iter().rev().filter(|_| qualified) {
        let candidate = &norm[..end];
        let Some(kind) = lookup(candidate) else {
            continue;
        };
        if let Some(len) = prefix_len(stripped, candidate) {
            let rest = stripped[len..].trim_start();
            let opens_qualifier = rest
                .chars()
                .next()
                .is_some_and(|c| matches!(c, '(' | '[' | ':' | '-' | '–' | '—' | '/' | ','));
            if opens_qualifier {
                return vec![kind];
            }
        }
    }
    // Rule 3: compounds.
    let lowered = stripped.to_lowercase();
    let parts: Vec<&str> = lowered
        .split(&[',', '&', '/'][..])
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() > 1 {
        if let Some(first) = lookup(&normalize(parts[0])) {
            let mut kinds = vec![first];
            for p in &parts[1..] {
                if let Some(k) = lookup(&normalize(p)) {
                    if !kinds.contains(&k) {
                        kinds.push(k);
                    }
                }
            }
            return kinds;
        }
    }
    // Rule 4: "... timeline".
    if words.len() <= 5 && words.last() == Some(&"timeline") {
        if let Some(k) = lookup("timeline") {
            return vec![k];
        }
    }
    Vec::new()
}

/// The default kinds of a heading (see [`kinds_in`]), first the primary one.
pub fn default_kinds(heading: &str) -> Vec<&'static str> {
    kinds_in(heading, default_lookup)
}

fn default_lookup(norm: &str) -> Option<&'static str> {
    // Normalized once per process (plugins pay for every instruction).
    static TABLE: std::sync::OnceLock<std::collections::BTreeMap<String, &'static str>> =
        std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t = std::collections::BTreeMap::new();
        for k in SECTION_KINDS {
            for s in k.synonyms {
                t.entry(normalize(s)).or_insert(k.id);
            }
        }
        t
    });
    table.get(norm).copied()
}

/// If `text` starts with something that normalizes to `syn`, the byte length
/// of that prefix (ending on a word boundary).
fn prefix_len(text: &str, syn: &str) -> Option<usize> {
    let mut syn_chars = syn.chars().peekable();
    let mut last_space = true;
    for (i, c) in text.char_indices() {
        if syn_chars.peek().is_none() {
            let boundary = !c.is_alphanumeric();
            return boundary.then_some(i);
        }
        if c.is_alphanumeric() {
            for lc in c.to_lowercase() {
                if syn_chars.next() != Some(lc) {
                    return None;
                }
            }
            last_space = false;
        } else if matches!(c, '\'' | '’' | '‘') {
        } else if !last_space {
            // A run of punctuation/space in the text is one space in `syn`,
            // unless it is the end of the synonym.
            if syn_chars.peek() == Some(&' ') {
                syn_chars.next();
                last_space = true;
            } else if syn_chars.peek().is_none() {
                return Some(i);
            } else {
                return None;
            }
        }
    }
    syn_chars.peek().is_none().then_some(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(h: &str) -> Option<&'static str> {
        default_kinds(h).first().copied()
    }

    #[test]
    fn exact_numbered_and_punctuated() {
        assert_eq!(kind("1. Summary"), Some("executive-summary"));
        assert_eq!(kind("Summary:"), Some("executive-summary"));
        assert_eq!(kind("TL;DR"), Some("executive-summary"));
        assert_eq!(kind("follow ups"), Some("recommendations"));
        assert_eq!(kind("IV. Lessons Learned"), Some("lessons-learned"));
        assert_eq!(kind("Lessons learnt"), Some("lessons-learned"));
        assert_eq!(kind("What didn’t go well?"), Some("lessons-learned"));
        assert_eq!(kind("What didn't go so well?"), Some("lessons-learned"));
        assert_eq!(kind("✅ Action items"), Some("recommendations"));
        assert_eq!(kind("Timelines"), Some("timeline"));
        assert_eq!(kind("What should I do?"), Some("user-actions"));
    }

    #[test]
    fn qualifiers_compounds_and_head_nouns() {
        assert_eq!(kind("Timeline (UTC)"), Some("timeline"));
        assert_eq!(kind("Timeline (times in BST)"), Some("timeline"));
        assert_eq!(
            kind("Action Items (to be done this quarter):"),
            Some("recommendations")
        );
        assert_eq!(kind("Root cause: expired cert"), Some("investigation"));
        assert_eq!(
            kind("Long-term Improvements (Target: Q4 2025 - Q1 2026)"),
            Some("recommendations")
        );
        assert_eq!(
            default_kinds("Recovery and Lessons Learned"),
            vec!["recovery", "lessons-learned"]
        );
        assert_eq!(default_kinds("Timeline and Response"), vec!["timeline", "containment"]);
        assert_eq!(kind("A Short, Confusing Timeline"), Some("timeline"));
        assert_eq!(kind("Containment, eradication and recovery"), Some("containment"));
    }

    #[test]
    fn near_misses_stay_unclassified() {
        assert_eq!(kind("Summary of the incident"), None);
        assert_eq!(kind("## ignored? no: Action Items"), None);
        assert_eq!(kind("Stats"), None);
        assert_eq!(kind(""), None);
        // A title that merely starts with a kind's word.
        assert_eq!(kind("Timeline of the Log4Shell remediation project plan review"), None);
        assert_eq!(kind("Fixing the build and the cache"), None);
    }

    #[test]
    fn every_synonym_reads_as_its_own_kind() {
        for k in SECTION_KINDS {
            for s in k.synonyms {
                assert_eq!(kind(s), Some(k.id), "{s}");
            }
        }
        assert_eq!(display_name("user-actions"), "What users should do");
        assert_eq!(display_name("legal-review"), "Legal review");
    }
}
