//! Named policies for the templates teams follow, built into the binary:
//! `extends = ["pirlint:google-sre"]` in a `rules.toml`, or `pirlint init
//! --preset google-sre`. Each is an ordinary policy file in
//! `crates/pirlint-host/presets/`, documented there with its source.

/// The prefix that marks a preset in `extends`.
pub const PREFIX: &str = "pirlint:";

/// (name, one line, policy text).
pub const PRESETS: &[(&str, &str, &str)] = &[
    (
        "recommended",
        "the default: any common template (summary, timeline, investigation, lessons, owned actions, no blame)",
        include_str!("../presets/recommended.toml"),
    ),
    (
        "nist-800-61",
        "security incident reports: NIST SP 800-61 post-incident activity, every lessons-learned question, containment",
        include_str!("../presets/nist-800-61.toml"),
    ),
    (
        "google-sre",
        "postmortems on the Google SRE template (impact, root causes, action items with bugs; no meeting record)",
        include_str!("../presets/google-sre.toml"),
    ),
    (
        "pagerduty",
        "postmortems on the PagerDuty template (impact, resolution, what went well and not, owned action items)",
        include_str!("../presets/pagerduty.toml"),
    ),
    (
        "public-disclosure",
        "public write-ups and advisories: impact, what users should do, what changes; no internal process",
        include_str!("../presets/public-disclosure.toml"),
    ),
];

/// The policy text of `pirlint:NAME` (or of `NAME`).
pub fn text(name: &str) -> Option<&'static str> {
    let name = name.strip_prefix(PREFIX).unwrap_or(name);
    PRESETS.iter().find(|p| p.0 == name).map(|p| p.2)
}

/// `pirlint:recommended, pirlint:nist-800-61, ...` for messages.
pub fn names() -> String {
    PRESETS.iter().map(|p| format!("{PREFIX}{}", p.0)).collect::<Vec<_>>().join(", ")
}
