//! `pirlint init`: a commented `rules.toml` and a report template in the
//! current directory, never overwriting a file.

use std::io::Write;
use std::path::Path;

pub const RULES_FILE: &str = "rules.toml";
pub const TEMPLATE_FILE: &str = "incident-report-template.md";

pub const RULES_TOML: &str = r#"# pirlint policy: the rules every post-incident report here is held to.
# pirlint finds this file by walking up from the directory it runs in
# (or use --config FILE). `pirlint rules` lists every rule and the severity
# this policy gives it; `pirlint explain RULE` documents a rule's options;
# `pirlint config REPORT` shows the effective settings for one report and
# where each came from. For completion in editors (taplo, Even Better TOML),
# make the first line `#:schema PATH/TO/pirlint/schemas/rules.schema.json`.

# The preset this policy starts from, then shared organization policies it
# builds on (paths relative to this file). Later files, and this file last,
# win; rule tables merge key by key. Presets: pirlint:recommended,
# pirlint:nist-800-61, pirlint:google-sre, pirlint:pagerduty,
# pirlint:public-disclosure (`pirlint init --preset NAME`).
extends = ["pirlint:{preset}"]
# extends = ["pirlint:{preset}", "../org/rules.toml"]

[policy]
name = "Post-incident review policy"
# Exit with 1 when a finding at or above this level exists: error | warning | info
fail-on = "error"
# Suppression comments in reports must say why:
#   <!-- pirlint-disable-next-line blameless/hindsight -- quoting the customer -->
require-suppression-reason = true

[files]
# Gitignore-style patterns skipped when pirlint walks a directory.
exclude = ["README.md", "incident-report-template.md"]

[limits]
# Per check and plugin: fuel (about one unit per WebAssembly instruction)
# and memory. A plugin exceeding them is reported as pirlint/plugin-failed.
fuel = 1_000_000_000
memory-mib = 128
# Reports larger than this are refused unread.
max-file-size-mib = 10

[plugins]
# Built-in plugins are on unless switched off here, e.g.:
# meeting = false
#
# Third-party plugins are loaded from a file, pinned to the build you
# reviewed (`sha256sum plugins/acme.wasm`):
# [plugins.acme]
# path = "plugins/acme.wasm"
# sha256 = "..."

[sections]
# More headings to recognize as a canonical section kind, e.g.:
# executive-summary = ["Management summary"]

# Per rule: severity (error | warning | info | off) and the rule's options.
[rules."structure/required-sections"]
severity = "error"
# Missing timelines and action items are timeline/present's and
# recommendations/present's findings, not listed here.
sections = ["executive-summary", "investigation", "lessons-learned"]

[rules."structure/placeholder"]
severity = "warning"

# The severity scale, most severe first, and the other names reports give
# its levels (compared without case, spaces or punctuation). Without this
# table: SEV1-SEV4, with P0-P3, critical/high/medium/low, S1, "Severity 1".
# [severity]
# levels = ["SEV1", "SEV2", "SEV3", "SEV4"]
# [severity.aliases]
# SEV1 = ["P0", "critical"]

# Different settings for some reports: by path (globs relative to this file),
# by the front matter's `incident-type` and/or its `severity` (on the scale
# above). Later overrides win.
# [[overrides]]
# files = ["archive/**"]
# [overrides.rules."structure/placeholder"]
# severity = "off"
"#;

pub const TEMPLATE: &str = r#"---
id: 
title: 
severity: 
incident-type: 
status: draft
occurred: 
detected: 
contained: 
recovered: 
resolved: 
authors: []
meeting:
  date: 
  moderator: 
  scribe: 
  attendees: []
impact:
  users_affected: 
  systems: []
  cost_estimate: 
  # or, when there is no estimate, why: cost_estimate_reason: 
# Regulations that apply (gdpr, nis2, dora, sec-8k) and the times their
# notification deadlines run from; `pirlint explain compliance/gdpr-deadline`.
regulations: []
aware: 
classified-major: 
materiality-determined: 
# One entry per notification made (or due): regime, kind, authority, at,
# delay-reason, contents (the items the article lists).
notifications: []
# Security incidents (the `lessons` rules, NIST SP 800-61 3.4):
# do plans, playbooks, policies or procedures need updating? yes | no | n/a | done
playbooks_update: 
training:
  # should this report be used to train new team members? yes | no
  onboarding: 
  # the training the team needs, or none
  needs: 
# one line per focus area of the lessons learned
lessons:
  processes: 
  team: 
  tools: 
  business: 
# where the evidence is kept, its chain of custody and how long it is kept
evidence:
  location: 
  custody: 
  retention: 
---

# Executive summary

<!-- Prompt: in one paragraph for leadership: what happened, the impact on
customers and the business, how it was resolved and the main actions. -->

# Timeline

<!-- Prompt: one row per event, in order, with date, time and zone: the start,
detection, declaration, each containment, eradication and recovery step, and
the close. Name roles or systems, not people to blame. -->

| Time | Event | Phase |
|------|-------|-------|

# Investigation

<!-- Prompt: how the cause was found, the root cause and the contributing
factors, with the evidence (logs, metrics) that supports them. -->

# Lessons learned

Answers to the lessons-learned questions, agreed in the review meeting.

## What happened, and at what times?

<!-- Prompt: answer here. -->

## Who or what discovered the incident, and how?

<!-- Prompt: answer here. -->

## How was the incident contained?

<!-- Prompt: answer here. -->

## What was done to eradicate the cause and recover?

<!-- Prompt: answer here. -->

## What could have been done differently?

<!-- Prompt: answer here. -->

## How well did staff and management perform, and were the documented procedures and playbooks followed and adequate?

<!-- Prompt: answer here (asked of security incidents, incident-type: security). -->

## Did the business provide the information and responses needed in time, and what can improve?

<!-- Prompt: answer here (asked of security incidents, incident-type: security). -->

## What corrective actions will prevent similar incidents?

<!-- Prompt: answer here. -->

## What additional tools or resources are needed to detect, analyze and mitigate future incidents?

<!-- Prompt: answer here (asked of security incidents, incident-type: security). -->

# Recommendations

<!-- Prompt: one row per action: a priority (P0-P3), an owner, a due date and
a ticket. -->

| Priority | Action | Owner | Due | Ticket |
|----------|--------|-------|-----|--------|
"#;

/// The policy and template for a preset (`recommended` by default).
pub fn files_for(preset: &str) -> (String, String) {
    let rules = RULES_TOML.replace("{preset}", preset);
    // The NIST preset is for security incident reports.
    let template = if preset == "nist-800-61" {
        TEMPLATE.replace("incident-type: \n", "incident-type: security\n")
    } else {
        TEMPLATE.to_owned()
    };
    (rules, template)
}

/// Writes both files; refuses (and writes nothing) if either name is taken
/// by any entry, a symbolic link too, even one to nowhere: writing through
/// a dangling link would create its target, wherever it points.
pub fn run(dir: &Path, preset: &str) -> u8 {
    if pirlint_host::presets::text(preset).is_none() {
        eprintln!("error: unknown preset `{preset}`");
        eprintln!("  help: the presets are {}", pirlint_host::presets::names());
        return 2;
    }
    let preset = preset.strip_prefix(pirlint_host::presets::PREFIX).unwrap_or(preset);
    let (rules, template) = files_for(preset);
    let targets = [(RULES_FILE, rules.as_str()), (TEMPLATE_FILE, template.as_str())];
    let mut taken = false;
    for (name, _) in targets {
        match std::fs::symlink_metadata(dir.join(name)) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                eprintln!("error: cannot tell whether {name} exists: {e}");
                return 2;
            }
            Ok(_) => {
                eprintln!("error: {name} already exists; pirlint init does not overwrite files");
                taken = true;
            }
        }
    }
    if taken {
        eprintln!("  help: move or delete it first, or edit it by hand");
        return 2;
    }
    let mut written = Vec::new();
    for (name, text) in targets {
        if let Err(e) = create_new(&dir.join(name), text) {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                eprintln!("error: {name} already exists; pirlint init does not overwrite files");
            } else {
                eprintln!("error: cannot write {name}: {e}");
            }
            // All or nothing, as when a name was taken before we started.
            for path in written {
                let _ = std::fs::remove_file(path);
            }
            return 2;
        }
        written.push(dir.join(name));
    }
    for (name, _) in targets {
        println!("wrote {name}");
    }
    println!("next: copy {TEMPLATE_FILE} for each incident, answer every prompt, and run `pirlint check`");
    0
}

/// Creates `path` with `text`, failing if any entry has the name: the check
/// above can be raced, and `create_new` (O_EXCL) neither follows a link nor
/// opens an existing file.
fn create_new(path: &Path, text: &str) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    let result = file.write_all(text.as_bytes());
    if result.is_err() {
        let _ = std::fs::remove_file(path);
    }
    result
}
