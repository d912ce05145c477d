//! Content fingerprints of findings: stable across edits elsewhere in the
//! file (no line numbers), shared by baselines and SARIF.

use pirlint_host::Finding;
use sha2::{Digest, Sha256};

/// Paths as fingerprints and SARIF see them: forward slashes.
pub fn normalize_path(path: &str) -> String {
    path.replace('\\', "/")
}

/// The text under the finding's primary span, whitespace collapsed (so that
/// re-wrapping or CRLF/LF changes do not break the match).
fn primary_text<'a>(source: &'a str, finding: &Finding) -> impl Iterator<Item = &'a str> {
    source
        .get(finding.primary.span.start as usize..finding.primary.span.end as usize)
        .unwrap_or("")
        .split_whitespace()
}

/// A hex SHA-256 (first 128 bits) of rule, path and the text under the
/// primary span: not the message, so that rewording a rule's message in an
/// upgrade keeps baselines and code-scanning alerts. Findings with the same
/// fingerprint are told apart by their occurrence index (baselines keep a
/// count, SARIF a `/n` suffix). Each part is length-prefixed so that no two
/// different tuples hash the same input.
pub fn of(path: &str, source: &str, finding: &Finding) -> String {
    hash(&[finding.rule.as_str(), &normalize_path(path), &text_of(source, finding)])
}

/// Each finding's fingerprint ([`of`]) with its occurrence number among the
/// findings of the file that share it (1, 2, ... in the findings' order),
/// so that two identical findings in one file are still told apart (SARIF's
/// `partialFingerprints`, GitLab's `fingerprint`).
pub fn numbered(path: &str, source: &str, findings: &[Finding]) -> Vec<(String, usize)> {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    findings
        .iter()
        .map(|f| {
            let fp = of(path, source, f);
            let n = seen.entry(fp.clone()).or_default();
            *n += 1;
            (fp, *n)
        })
        .collect()
}

/// The fingerprint of baselines written before 0.2 (version 1), which also
/// hashed the message; read so that old baselines keep working.
pub fn of_v1(path: &str, source: &str, finding: &Finding) -> String {
    hash(&[finding.rule.as_str(), &normalize_path(path), &text_of(source, finding), finding.message.as_str()])
}

fn text_of(source: &str, finding: &Finding) -> String {
    primary_text(source, finding).collect::<Vec<_>>().join(" ")
}

fn hash(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    hasher.finalize()[..16].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pirlint_host::finding::LineIndex;
    use pirlint_host::pirlint_report::Span;
    use pirlint_host::Severity;

    fn finding(source: &str, start: usize, end: usize) -> Finding {
        Finding {
            rule: "x/y".into(),
            plugin: "x".into(),
            severity: Severity::Error,
            message: "m".into(),
            primary: LineIndex::new(source).label(Span::new(start, end), String::new()),
            secondary: Vec::new(),
            help: None,
            fixes: Vec::new(),
        }
    }

    #[test]
    fn fingerprints_ignore_position_but_not_content() {
        let a = "TODO here\n";
        let b = "new line\n\nTODO here\n";
        assert_eq!(of("r.md", a, &finding(a, 0, 4)), of("r.md", b, &finding(b, 10, 14)));
        assert_ne!(of("r.md", a, &finding(a, 0, 4)), of("r.md", a, &finding(a, 5, 9)));
        assert_ne!(of("r.md", a, &finding(a, 0, 4)), of("s.md", a, &finding(a, 0, 4)));
        assert_eq!(of("r.md", a, &finding(a, 0, 4)).len(), 32);
        // A reworded message keeps the fingerprint (and the old scheme
        // did not).
        let mut reworded = finding(a, 0, 4);
        reworded.message = "a clearer message".into();
        assert_eq!(of("r.md", a, &finding(a, 0, 4)), of("r.md", a, &reworded));
        assert_ne!(of_v1("r.md", a, &finding(a, 0, 4)), of_v1("r.md", a, &reworded));
    }
}
