//! Every rule is linear in the size of a report: a legitimate 3 MB report
//! of prose stays inside the default fuel budget with every plugin, so no
//! finding is lost to `pirlint/plugin-failed`.

use pirlint_host::linter::{Linter, LinterOptions, PLUGIN_FAILED};
use pirlint_host::policy::Policy;
use std::path::{Path, PathBuf};

/// About 3 MB of varied incident prose with sections, lists, a timeline,
/// capitals and hindsight phrases, generated without randomness.
fn long_report() -> String {
    let sentences = [
        "The team deployed a change to the cache cluster and latency rose after the rollout.",
        "Customers saw errors on the checkout page while operators checked the dashboards.",
        "We should have checked the diff before the change went out to every region.",
        "The on-call engineer rolled back the service and the error rate returned to normal.",
        "A KMS key rotation, the WAF rules and the CDN configuration were reviewed again.",
        "Nobody was to blame: the pipeline had no check for an empty allow list.",
        "Support reported the problem in the chat channel twenty minutes after it began.",
    ];
    let mut out = String::from("# A very long report\n\n## Summary\n\n");
    let mut i = 0usize;
    while out.len() < 3_000_000 {
        out.push_str(sentences[i % sentences.len()]);
        out.push(' ');
        if i % 11 == 10 {
            out.push_str("\n\n");
        }
        if i % 5000 == 4999 {
            out.push_str(&format!("\n\n## Part {}\n\n- 2026-03-02 {:02}:{:02} UTC — step {i}\n\n", i / 5000, (i / 60) % 24, i % 60));
        }
        i += 1;
    }
    out
}

#[test]
fn a_3_mb_report_of_prose_keeps_every_plugins_findings() {
    let (linter, errors) = Linter::new(
        &Policy::builtin(),
        LinterOptions {
            now: Some("2026-12-01T00:00:00Z".into()),
            cache: Some(pirlint_host::cache::CacheLocation::new(PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("plugin-cache"), PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("plugin-cache.key"))),
            extra_plugins: Vec::new(),
        },
    );
    assert!(errors.is_empty(), "{errors:?}");
    let report = long_report();
    let findings = linter.check(Path::new("long.md"), "long.md", &report);
    let failed: Vec<&String> = findings.iter().filter(|f| f.rule == PLUGIN_FAILED).map(|f| &f.message).collect();
    assert!(failed.is_empty(), "{failed:#?}");
    // The plugins did run and find what is there.
    assert!(findings.iter().any(|f| f.rule == "blameless/hindsight"));
}
