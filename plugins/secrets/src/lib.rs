//! pirlint built-in plugin `secrets`: credentials and personal data that
//! must not leak through a widely shared report.
//!
//! Unlike the language rules, both rules scan the whole source, code blocks
//! and quotes included: pasted logs and config snippets are where leaks hide.

use pirlint_plugin_sdk::prelude::*;
use serde::Deserialize;

mod docs;
mod scan;

const CREDENTIALS: &str = "secrets/credentials";
const PERSONAL: &str = "secrets/personal-data";

/// Findings returned per report at most.
const MAX_FINDINGS: usize = 500;

struct Secrets;

impl Plugin for Secrets {
    fn describe() -> PluginInfo {
        PluginInfo::new(
            "secrets",
            env!("CARGO_PKG_VERSION"),
            vec![
                RuleInfo::new(
                    CREDENTIALS,
                    "Credentials in the report: cloud and API keys, tokens, private keys, passwords in assignments and connection strings",
                    Severity::Error,
                    docs::CREDENTIALS,
                    docs::CREDENTIALS_SCHEMA,
                ),
                RuleInfo::new(
                    PERSONAL,
                    "Email addresses and phone numbers of people outside the allowed domains",
                    Severity::Warning,
                    docs::PERSONAL_DATA,
                    docs::PERSONAL_SCHEMA,
                ),
            ],
        )
    }

    fn check(
        report: Report,
        source: String,
        rules: Vec<RuleConfig>,
        _context: CheckContext,
    ) -> Result<Vec<Diagnostic>, String> {
        let mut out = Vec::new();
        if let Some(cfg) = enabled(&rules, CREDENTIALS) {
            out.extend(credentials(&source, &options(cfg)?));
        }
        if let Some(cfg) = enabled(&rules, PERSONAL) {
            out.extend(personal(&report, &source, &options(cfg)?));
        }
        // The host refuses more than 1000 findings from one plugin; past a
        // few hundred, more of the same helps nobody.
        out.truncate(MAX_FINDINGS);
        Ok(out)
    }
}

pirlint_plugin_sdk::export!(Secrets);

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct CredentialOptions {
    allow: Vec<String>,
}

fn credentials(source: &str, opts: &CredentialOptions) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for s in scan::credentials(source) {
        let value = &source[s.value.clone()];
        if opts.allow.iter().any(|a| a.trim() == value.trim()) {
            continue;
        }
        let what = match s.kind {
            "literal secret value" => format!("secret value in the report (`{}`)", s.masked),
            "private key" => format!("private key in the report (`{}`)", s.masked),
            kind => format!("{kind} in the report (`{}`)", s.masked),
        };
        out.push(
            Diagnostic::new(CREDENTIALS, Span::from_range(s.at.clone()), what)
                .label("credential")
                .help(
                    "Post-incident reports are shared widely (other teams, auditors, sometimes \
                     customers) and live forever in version control: a credential in one is a \
                     credential leaked. Rotate or revoke it now (removing it from the file does \
                     not un-leak it), then replace the value with `[REDACTED]` or a placeholder \
                     such as `<redacted>` or `${VAR}`. A known-fake value can be listed in the \
                     rule's `allow` option.",
                )
                .fix(Fix::safe(
                    "replace the secret with [REDACTED]",
                    vec![Edit::new(Span::from_range(s.value.clone()), s.replacement.clone())],
                )),
        );
    }
    out
}

#[derive(Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct PersonalOptions {
    allow_domains: Vec<String>,
    allow: Vec<String>,
    role_addresses: bool,
}

impl Default for PersonalOptions {
    fn default() -> Self {
        PersonalOptions {
            allow_domains: Vec::new(),
            allow: Vec::new(),
            role_addresses: true,
        }
    }
}

/// Local parts of shared mailboxes, not people.
const ROLES: &[&str] = &[
    "security", "noreply", "no-reply", "donotreply", "do-not-reply", "support", "help",
    "helpdesk", "info", "admin", "abuse", "postmaster", "hostmaster", "webmaster", "privacy",
    "legal", "compliance", "soc", "cert", "csirt", "incident", "incidents", "oncall", "on-call",
    "ops", "sre", "devops", "it", "servicedesk", "service-desk", "alerts", "alert",
    "notifications", "status", "team", "contact", "sales", "billing", "press", "root", "git",
    "mailer-daemon", "dmarc", "bounce", "bounces", "dpo", "psirt", "secops", "noc", "report",
    "reports", "coc", "conduct", "oss", "opensource", "maintainers", "announce", "community",
    "feedback", "hello", "enquiries", "inquiries", "office", "hr", "careers", "jobs", "media",
    "sponsors", "sponsor", "sponsorship", "partners", "partnerships", "events", "marketing",
    "donations", "donate", "infra", "infrastructure", "board", "foundation", "membership",
    "marketing", "staff", "engineering", "platform", "infra", "infosec", "vuln", "bugs",
    "bugbounty", "disclosure", "dba", "netops", "ciso", "itsupport", "it-support", "service",
];

/// Suffixes of mailing-list and team addresses (`tz-announce@`, `web-team@`).
const LIST_SUFFIXES: &[&str] = &[
    "-announce", "-dev", "-devel", "-users", "-discuss", "-list", "-team", "-security",
    "-support", "-alerts", "-ops", "-oncall", "-sre", "-noreply", "-notifications",
];

/// Domains reserved for documentation (RFC 2606 / 6761).
fn reserved_domain(d: &str) -> bool {
    matches!(d, "example.com" | "example.org" | "example.net")
        || [".example.com", ".example.org", ".example.net", ".example", ".invalid", ".test", ".localhost", ".local"]
            .iter()
            .any(|t| d.ends_with(t))
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

fn personal(report: &Report, source: &str, opts: &PersonalOptions) -> Vec<Diagnostic> {
    // The report's own people fields name staff on purpose.
    let mut people: Vec<Span> = Vec::new();
    let m = &report.metadata;
    people.extend(m.authors.iter().map(|t| t.span));
    if let Some(meet) = &m.meeting {
        people.extend(meet.moderator.iter().chain(meet.scribe.iter()).map(|t| t.span));
        people.extend(meet.attendees.iter().chain(meet.excused.iter()).map(|t| t.span));
    }
    people.extend(report.recommendations.iter().filter_map(|r| r.owner.as_ref()).map(|t| t.span));
    people.extend(report.timeline.iter().filter_map(|e| e.actor.as_ref()).map(|t| t.span));
    // The byline in front matter (`author_email:`, `authors:` of a blog
    // post, `contact:`) names its writer on purpose.
    people.extend(
        m.extra
            .iter()
            .filter(|e| {
                let k = e.key.to_lowercase();
                k.contains("author") || k.contains("email") || k.contains("contact") || k == "by"
            })
            .map(|e| e.span),
    );

    let domains: Vec<String> = opts
        .allow_domains
        .iter()
        .map(|d| d.trim().trim_start_matches('@').trim_start_matches("*.").to_lowercase())
        .collect();
    let allowed_email = |e: &str| {
        let l = e.to_lowercase();
        let (local, domain) = l.rsplit_once('@').unwrap_or(("", &l));
        let local_base = local.split('+').next().unwrap_or(local);
        opts.allow.iter().any(|a| a.trim().to_lowercase() == l)
            || reserved_domain(domain)
            || domains.iter().any(|d| domain == d || domain.ends_with(&format!(".{d}")))
            || (opts.role_addresses
                && (ROLES.contains(&local_base) || LIST_SUFFIXES.iter().any(|x| local_base.ends_with(x))))
    };
    let allowed_phone = |p: &str| {
        let d = digits(p);
        opts.allow.iter().any(|a| !digits(a).is_empty() && digits(a) == d)
    };

    let mut out = Vec::new();
    let mut found = scan::emails(source);
    found.extend(scan::phones(source));
    found.sort_by_key(|p| p.at.start);
    for p in found {
        let span = Span::from_range(p.at.clone());
        if people.iter().any(|s| s.contains(span)) {
            continue;
        }
        // "Created By: Ana <ana@example.org>", "Author: ...": a byline.
        let line_start = source[..p.at.start].rfind('\n').map_or(0, |i| i + 1);
        let label = source[line_start..p.at.start].trim_start_matches(['-', '*', '#', ' ', '>']).to_lowercase();
        if ["created by", "author", "authors", "written by", "reported by", "contact", "owner", "maintainer"]
            .iter()
            .any(|l| label.starts_with(l))
        {
            continue;
        }
        let (message, help) = if p.email {
            if allowed_email(&p.text) {
                continue;
            }
            let (local, domain) = p.text.rsplit_once('@').unwrap_or(("", ""));
            let first: String = local.chars().take(1).collect();
            (
                format!("email address of a person in the report (`{first}…@{domain}`)"),
                "Reports are shared beyond the people involved; a personal address is personal \
                 data (GDPR and similar laws) and invites phishing. Refer to people by role or \
                 name, or use a team address. If this domain is your own organization's, add it \
                 to the rule's `allow-domains` option; single addresses go in `allow`.",
            )
        } else {
            if allowed_phone(&p.text) {
                continue;
            }
            let shown: String = p.text.chars().take(3).collect();
            (
                format!("phone number in the report (`{shown}…`)"),
                "Reports are shared beyond the people involved; a phone number is personal data \
                 (GDPR and similar laws). Point to the on-call rota or the contact directory \
                 instead. A shared number (a hotline) can be listed in the rule's `allow` option.",
            )
        };
        out.push(
            Diagnostic::new(PERSONAL, span, message)
                .label("personal data")
                .help(help)
                .fix(Fix::safe("replace it with [REDACTED]", vec![Edit::new(span, "[REDACTED]")])),
        );
    }
    out
}
