//! `secrets/personal-data`: no email addresses or phone numbers of people.

use pirlint_plugin_sdk::prelude::*;

use crate::scan;

rule! {
    /// Finds email addresses and phone numbers anywhere in the report (code blocks
    /// and quotes included).
    ///
    /// Email addresses are not flagged when they are:
    ///
    /// - in the report's own people fields (authors, meeting roles and attendees,
    ///   timeline actors, recommendation owners): staff named on purpose;
    /// - role mailboxes (`security@`, `noreply@`, `support@`, `abuse@`, `soc@`,
    ///   `oncall@`, `git@`, ...; `+tags` ignored), unless `role-addresses` is false;
    /// - at documentation domains (`example.com`, `example.org`, `example.net`,
    ///   `*.example`, `*.test`, `*.invalid`, `*.localhost`, `*.local`);
    /// - at a domain in `allow-domains` (or a subdomain of it), or listed in `allow`.
    ///
    /// Phone numbers are recognized by shape only:
    ///
    /// - international: `+` and a country code, 8 to 15 digits in groups
    ///   (`+44 20 7946 0958`, `+1 (555) 123-4567`, `+4915112345678`);
    /// - North American: `(555) 123-4567`, `555-123-4567`, `555.123.4567`,
    ///   `1-555-123-4567`;
    /// - national with a trunk `0`: `020 7946 0958`, `0800 123 4567` (10 or 11
    ///   digits in 3 or more groups).
    ///
    /// Timestamps (`2026-03-02 13:42`), dates, IP addresses (`198.51.100.23`),
    /// versions, ticket ids (`SEC-4120`), durations and plain numbers do not have
    /// these shapes and are not flagged; neither is a digit run glued to letters or
    /// followed by `:` or `/`.
    ///
    /// ## Why it matters
    ///
    /// Reports travel far beyond the people involved. Contact details of
    /// customers, reporters or staff are personal data under GDPR and similar laws,
    /// and in a security report they hand attackers a phishing target. NIST SP 800-61
    /// asks that incident data be shared on a need-to-know basis.
    ///
    /// ## How to fix
    ///
    /// Refer to people by role or name and point to the contact directory or the
    /// on-call rota. The safe fix replaces the address or number with `[REDACTED]`.
    ///
    /// ## Options
    ///
    /// - `allow-domains` (list, default `[]`): your organization's own domains,
    ///   e.g. `["harbourline.com"]`; subdomains are included.
    /// - `allow` (list, default `[]`): addresses or numbers never to flag (numbers
    ///   compare by digits only).
    /// - `role-addresses` (boolean, default `true`): accept role mailboxes.
    ///
    /// ```toml
    /// [rules."secrets/personal-data"]
    /// allow-domains = ["harbourline.com"]
    /// allow = ["+44 20 7946 0000"]
    /// ```
    pub struct PersonalData;
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct PersonalOptions {
    /// Email domains (and their subdomains) never to flag, e.g. your organization's.
    #[schemars(inner(length(min = 1)))]
    pub allow_domains: Vec<String>,
    /// Email addresses or phone numbers never to flag.
    #[schemars(inner(length(min = 1)))]
    pub allow: Vec<String>,
    /// Accept role mailboxes such as security@, noreply@, support@.
    pub role_addresses: bool,
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

impl Rule for PersonalData {
    const ID: &'static str = "secrets/personal-data";
    const SUMMARY: &'static str = "Email addresses and phone numbers of people outside the allowed domains";
    const DEFAULT_SEVERITY: Severity = Severity::Warning;
    const FIXABLE: bool = true;
    type Options = PersonalOptions;

    fn check(cx: &Context<'_>, opts: &PersonalOptions) -> Vec<Diagnostic> {
        let source = cx.source();
        // The report's own people fields name staff on purpose.
        let mut people: Vec<Span> = Vec::new();
        let m = &cx.report.metadata;
        people.extend(m.authors.iter().map(|t| t.span));
        if let Some(meet) = &m.meeting {
            people.extend(meet.moderator.iter().chain(meet.scribe.iter()).map(|t| t.span));
            people.extend(meet.attendees.iter().chain(meet.excused.iter()).map(|t| t.span));
        }
        people.extend(cx.report.recommendations.iter().filter_map(|r| r.owner.as_ref()).map(|t| t.span));
        people.extend(cx.report.timeline.iter().filter_map(|e| e.actor.as_ref()).map(|t| t.span));
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
                Diagnostic::new(Self::ID, span, message)
                    .label("personal data")
                    .help(help)
                    .fix(Fix::safe("replace it with [REDACTED]", vec![Edit::new(span, "[REDACTED]")])),
            );
        }
        out
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

