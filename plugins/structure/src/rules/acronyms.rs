//! structure/acronyms: acronyms are expanded at their first use.

use std::collections::BTreeMap;

use pirlint_plugin_sdk::prelude::*;

const ACRONYMS: &str = "structure/acronyms";

rule! {
    /// Checks that every acronym is written out at its first use in the report's
    /// prose, as `web application firewall (WAF)` or `WAF (web application
    /// firewall)`. Only the first use of each acronym is reported, once.
    ///
    /// An acronym is a word of two or more capital letters, digits allowed after
    /// the first letter (`WAF`, `SIEM`, `EC2`); a plural `s` is ignored (`PRs`).
    /// An expansion is accepted when the words next to the parenthesis start with
    /// the acronym's first letter and contain its other letters in order
    /// ("Identity and Access Management (IAM)", "Elastic Kubernetes Service (EKS)").
    ///
    /// Not checked:
    ///
    /// - anything outside prose: headings (a title such as "ADFS outage" is not a
    ///   first use; the first use in the text must expand it), code and inline
    ///   code, block quotes, HTML, front matter;
    /// - link text (`[SEC-412](...)`) and identifiers joined by `-`, `_`, `/` or
    ///   `.`: ticket ids (`SEC-412`, `CVE-2021-44228`), severity labels (`SEV-2`,
    ///   `SEV1`; `P1` is not an acronym), `CI/CD`, `.NET`;
    /// - time zones (UTC, CET, PST, ...), placeholders (TODO, TBD, XXX), units (GB,
    ///   MB), `AM`/`PM`, Roman numerals made of I, V and X (II, IV, XII), and common
    ///   English words written in capitals for emphasis (NOT, NOTE, WARNING);
    /// - lines made only of initials (an attendee list such as "AN, JS, JW");
    /// - acronyms used anywhere in a section named Glossary, Abbreviations,
    ///   Acronyms, Definitions or Terminology: they count as defined.
    ///
    /// A generous default allow list keeps well-known terms quiet: network and web
    /// (API, URL, DNS, HTTP(S), TLS, SSL, TCP, IP, VPN, CDN, VPC, ASN, ...),
    /// computing (CPU, RAM, OS, VM, ID, UI, CLI, SDK, SQL, DB, TTL, CAPTCHA, ...),
    /// clouds (AWS, GCP), delivery and operations (CI, CD, PR, QA, SRE, SLA, SLO,
    /// MTTR, RCA, ...), security (SSO, MFA, SAML, SOC, SIEM, CVE, PII, GDPR, IAM, ...)
    /// and organisation (CEO, CTO, CISO, HR, IT, EU, US, UK, USD, EUR, ...).
    /// `pirlint explain` shows this text; the full list is in the plugin source
    /// (`plugins/structure/src/acronyms.rs`).
    ///
    /// When the acronym is expanded later in the report, that place is shown as a
    /// secondary label, and an unsafe fix writes the expansion at the first use.
    ///
    /// ## Why it matters
    ///
    /// Post-incident reports are read far beyond the responding team: by managers,
    /// other engineering teams, customers and auditors (NIST SP 800-61 §3.4 follow-up
    /// reports; Google SRE's "missing context" failure mode of bad postmortems). An
    /// abbreviation the team uses every day ("CNI", "ALB", "KIAM") stops a reader who
    /// does not, and the report is less useful as training material later.
    ///
    /// ## How to fix
    ///
    /// Write the term out at its first use: `application load balancer (ALB)`. Or
    /// add a `## Glossary` section. If every reader of your reports knows the term,
    /// add it to `allow`.
    ///
    /// ## Options
    ///
    /// - `allow` (list of strings, default `[]`): more acronyms never to report
    ///   (compared case-insensitively), added to the built-in list.
    /// - `default-allow` (boolean, default `true`): use the built-in list of
    ///   well-known acronyms; `false` checks every acronym except those in `allow`.
    /// - `never-expanded` (boolean, default `false`): also report acronyms the
    ///   report never expands. Off by default: on real reports most capitals that
    ///   are never expanded are names (projects, companies, customers, tickers)
    ///   that no list can tell from jargon, while an acronym expanded only after
    ///   its first use is certainly an acronym, and confusing where it is first
    ///   read. Teams that want every acronym expanded switch it on.
    ///
    /// ```toml
    /// [rules."structure/acronyms"]
    /// allow = ["EKS", "ALB", "KIAM"]
    /// ```
    ///
    /// ## Example
    ///
    /// ```markdown
    /// The SOAR playbook isolated the host. Later, the security orchestration,
    /// automation and response (SOAR) platform ...
    /// ```
    ///
    /// reports `acronym `SOAR` is not expanded at its first use` on the first
    /// `SOAR`, with the later expansion as a secondary label.
    pub struct Acronyms;
}

impl Rule for Acronyms {
    const ID: &'static str = "structure/acronyms";
    const SUMMARY: &'static str = "Acronyms are written out at their first use (\"web application firewall (WAF)\")";
    const DEFAULT_SEVERITY: Severity = Severity::Info;
    const FIXABLE: bool = true;
    type Options = AcronymOptions;

    fn check(cx: &Context<'_>, opts: &AcronymOptions) -> Vec<Diagnostic> {
        acronyms(cx, opts)
    }
}


#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct AcronymOptions {
    /// More acronyms never to report (case-insensitive), added to the built-in list.
    #[schemars(inner(length(min = 1)))]
    pub allow: Vec<String>,
    /// Use the built-in list of well-known acronyms.
    pub default_allow: bool,
    /// Also report acronyms the report never expands (default: only those used before their expansion).
    pub never_expanded: bool,
}

impl Default for AcronymOptions {
    fn default() -> Self {
        AcronymOptions {
            allow: Vec::new(),
            default_allow: true,
            // On real reports most capitals never expanded are names
            // (projects, companies, tickers, customers) that no list can
            // tell from jargon; an acronym expanded only after its first
            // use is certainly an acronym, and certainly confusing there.
            never_expanded: false,
        }
    }
}

/// Acronyms most readers of an incident report know, or that are names more
/// than abbreviations. Generous on purpose: the rule is advice, and a noisy
/// one gets switched off.
pub const DEFAULT_ALLOW: &[&str] = &[
    // web and network
    "API", "URL", "URI", "DNS", "HTTP", "HTTPS", "TLS", "SSL", "TCP", "UDP", "IP", "IPV4", "IPV6",
    "VPN", "LAN", "WAN", "SSH", "FTP", "SFTP", "SMTP", "NTP", "CDN", "HTML", "CSS", "XML", "JSON",
    "YAML", "CSV", "PDF", "REST", "SOAP", "WWW", "ISP", "NAT", "VPC", "ASN", "AS",
    // computing
    "CPU", "GPU", "RAM", "SSD", "HDD", "OS", "VM", "ID", "UI", "UX", "CLI", "SDK", "IDE", "GUI",
    "SQL", "DB", "DBA", "USB", "IO", "TTL", "WAL", "CAPTCHA", "UUID", "QR", "AI", "ML", "LLM",
    // clouds and vendors; cloud service names are names readers look up as
    // written, the expansion helps little
    "AWS", "GCP", "IBM", "MS", "SAP", "EKS", "AKS", "GKE", "ALB", "ELB", "NLB", "EC2", "ECS",
    "ECR", "RDS", "SQS", "SNS", "KMS", "EBS", "S3", "IOPS", "OOM", "NFS", "PVC", "K8S",
    // delivery and operations
    "CI", "CD", "PR", "QA", "UAT", "SRE", "SLA", "SLO", "SLI", "KPI", "MTTR", "MTTD", "MTTA",
    "MTBF", "RCA", "NOC", "ETA", "FAQ", "FYI", "ASAP", "OK", "RPS", "QPS",
    // security
    "SSO", "MFA", "SAML", "LDAP", "JWT", "SOC", "SIEM", "CVE", "PII", "GDPR", "IAM", "EDR",
    "XSS", "CSRF", "DDOS", "DOS", "PGP", "GPG", "SSH", "SMS", "SHA", "SHA256", "SHA1", "MD5",
    "TOTP", "OTP", "2FA", "PAT", "RSA", "HMAC", "OAUTH", "OIDC", "RFC", "NPM", "PR", "PRS",
    // organisation
    "CEO", "CTO", "CIO", "CISO", "CFO", "COO", "VP", "HR", "IT", "PR", "EU", "US", "USA", "UK", "DK",
    "USD", "EUR", "GBP", "DKK",
];

/// Never acronyms to expand: time zones, placeholders, clock and size
/// units, and English words written in capitals for emphasis.
const NEVER: &[&str] = &[
    "UTC", "GMT", "CET", "CEST", "EET", "EEST", "WET", "WEST", "BST", "IST", "PST", "PDT", "MST",
    "MDT", "CST", "CDT", "EST", "EDT", "AEST", "AEDT", "JST", "KST", "HKT", "SGT", "NZST", "NZDT",
    "AKST", "HST", "TODO", "TBD", "TBA", "FIXME", "XXX", "YYY", "ZZZ", "NA", "AM", "PM", "KB",
    "MB", "GB", "TB", "PB", "NOT", "NO", "DO", "DON", "ALL", "NEVER", "MUST", "ONLY", "IMPORTANT",
    "NOTE", "WARNING", "WARN", "INFO", "ERROR", "DEBUG", "AND", "OR", "THE", "IS", "ARE", "BE",
    "IN", "ON", "AT", "TO", "OF", "FOR", "IF", "WE", "AN", "UP", "NEW", "STOP", "YES", "BUT",
    "NB", "PS", "AKA", "ETC", "SEV", "HH", "MM", "SS", "YYYY", "DD",
    // status and priority labels
    "DONE", "OPEN", "CLOSED", "WIP", "HIGH", "MEDIUM", "LOW", "CRITICAL", "URGENT", "NOW",
    "FIXED", "RESOLVED", "UPDATE", "UPDATED", "NEXT", "LATER",
    // SQL and HTTP keywords quoted in prose
    "SELECT", "INSERT", "DELETE", "FROM", "WHERE", "JOIN", "LEFT", "RIGHT", "OUTER", "INNER",
    "GROUP", "ORDER", "LIMIT", "VALUES", "INTO", "SET", "CREATE", "DROP", "ALTER", "TABLE",
    "INDEX", "GET", "POST", "PUT", "PATCH", "HEAD", "OPTIONS",
];

/// Headings of sections that define terms: an acronym written there counts
/// as defined wherever it is used.
const GLOSSARY: &[&str] = &["glossary", "abbreviations", "acronyms", "definitions", "terminology", "terms"];

struct Use {
    span: Span,
    /// The expansion written with this use ("web application firewall"),
    /// and whether it precedes the acronym.
    expansion: Option<(String, bool)>,
}

pub fn acronyms(cx: &Context<'_>, opts: &AcronymOptions) -> Vec<Diagnostic> {
    let (report, source) = (cx.report, cx.source());
    let allowed = |a: &str| {
        NEVER.contains(&a)
            || (opts.default_allow && DEFAULT_ALLOW.contains(&a))
            || opts.allow.iter().any(|x| x.trim().eq_ignore_ascii_case(a))
    };
    let mut glossary: Vec<Span> = Vec::new();
    for s in &report.sections {
        let h = heading_of(source, s).to_lowercase();
        // One split of the heading, not one per glossary word.
        if h.split(|c: char| !c.is_alphanumeric()).any(|w| GLOSSARY.contains(&w)) {
            glossary.push(s.span);
        }
    }
    let mut runs: Vec<&ProseRun> = cx.prose().iter().collect();
    runs.sort_by_key(|r| r.span.start);
    // acronym -> (first use, first expanded use)
    let mut seen: BTreeMap<String, (Use, Option<Use>)> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for run in &runs {
        if glossary.iter().any(|g| g.contains(run.span)) {
            // Terms defined here are defined everywhere.
            for (acr, _) in tokens(source, run.span) {
                seen.entry(acr.clone()).or_insert_with(|| {
                    order.push(acr.clone());
                    (Use { span: run.span, expansion: Some((String::new(), true)) }, None)
                });
            }
            continue;
        }
        let toks = tokens(source, run.span);
        if is_initials_list(text::slice(source, run.span), &toks) {
            continue;
        }
        let caps_sentence = toks.len() >= 3 && shouting(source, &toks);
        for (acr, span) in toks {
            if caps_sentence || allowed(&acr) {
                continue;
            }
            // Once an acronym's first use is known and expanded, or a later
            // expanded use is, its other uses change nothing: skip the work
            // (a long report repeats its acronyms thousands of times).
            if seen.get(&acr).is_some_and(|(first, later)| first.expansion.is_some() || later.is_some()) {
                continue;
            }
            if in_link_text(source, span) {
                continue;
            }
            let expansion = expansion_at(source, run.span, span, &acr);
            match seen.get_mut(&acr) {
                None => {
                    order.push(acr.clone());
                    seen.insert(acr, (Use { span, expansion }, None));
                }
                Some((first, later)) => {
                    if first.expansion.is_none() && later.is_none() && expansion.is_some() {
                        *later = Some(Use { span, expansion });
                    }
                }
            }
        }
    }

    // Words the report also writes in lower case ("UPDATE" beside "update",
    // "TOOLS" beside "tools") are words written in capitals, not acronyms.
    let candidates: Vec<String> = order
        .iter()
        .filter(|a| a.len() >= 3 && seen.get(*a).is_some_and(|(first, _)| first.expansion.is_none()))
        .map(|a| a.to_ascii_lowercase())
        .collect();
    let in_lower_case = written_in_lower_case(source, &runs, &candidates);

    let mut out = Vec::new();
    for acr in order {
        let Some((first, later)) = seen.remove(&acr) else {
            continue;
        };
        if first.expansion.is_some() || in_lower_case.contains(&acr.to_ascii_lowercase()) {
            continue;
        }
        if later.is_none() && !opts.never_expanded {
            continue;
        }
        let mut d = Diagnostic::new(
            ACRONYMS,
            first.span,
            format!("acronym `{acr}` is not expanded at its first use"),
        )
        .label("first use");
        let example = match &later {
            Some(Use { expansion: Some((words, _)), .. }) => format!("{words} ({acr})"),
            _ => format!("<what {acr} stands for> ({acr})"),
        };
        if let Some(l) = &later {
            d = d.secondary(l.span, "expanded only here, later");
            if let Some((words, _)) = &l.expansion {
                d = d.fix(Fix::unsafe_(
                    format!("expand `{acr}` here"),
                    vec![Edit::new(first.span, format!("{words} ({})", text::slice(source, first.span)))],
                ));
            }
        }
        d = d.help(format!(
            "Post-incident reports are read by people outside the responding team (managers, \
             other teams, auditors) who may not know the abbreviation. Write it out the first \
             time it is used, e.g. `{example}`, or define it in a Glossary section. If every \
             reader knows it, add it to this rule's `allow` option."
        ));
        out.push(d);
    }
    out
}

/// Acronym tokens in `span`: words of 2+ capital letters (digits allowed
/// after the first letter), a plural `s` dropped, skipping identifiers
/// joined by `-`, `_`, `/`, `.` (SEC-412, CI/CD, kube-system), Roman
/// numerals made of I, V and X, and severity labels (SEV1).
///
/// Words are runs of alphanumeric characters. A token is one that starts
/// with an ASCII capital, so only the capitals that start a word are looked
/// at: the text between them is skipped eight bytes at a time.
fn tokens(source: &str, span: Span) -> Vec<(String, Span)> {
    let s = text::slice(source, span);
    let base = span.start as usize;
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut from = 0;
    while let Some(start) = next_capital(b, from) {
        from = start + 1;
        let word_start = start == 0
            || match b[start - 1] {
                p if p < 0x80 => !p.is_ascii_alphanumeric(),
                _ => !s[..start].chars().next_back().is_some_and(char::is_alphanumeric),
            };
        if !word_start {
            continue;
        }
        let mut i = start + 1;
        while i < s.len() {
            let (alnum, len) = char_at(s, i);
            if !alnum {
                break;
            }
            i += len;
        }
        from = i;
        let word = &s[start..i];
        let core = word.strip_suffix('s').filter(|w| w.len() >= 2).unwrap_or(word);
        let ok = core.len() <= 12
            && core.starts_with(|c: char| c.is_ascii_uppercase())
            && core.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && core.chars().filter(char::is_ascii_uppercase).count() >= 2;
        if !ok {
            continue;
        }
        let joined = |p: Option<u8>, q: Option<u8>| {
            matches!(p, Some(b'-' | b'_' | b'/' | b'.' | b'@' | b'#' | b'\\' | b'=' | b'&' | b':' | b';'))
                && q.is_some_and(|q| q.is_ascii_alphanumeric())
        };
        let before = start.checked_sub(1).map(|k| b[k]);
        let before2 = start.checked_sub(2).map(|k| b[k]);
        let after = b.get(i).copied();
        let after2 = b.get(i + 1).copied();
        // Also look across the run's edges, as in `SEC-412` split by markup.
        let src = source.as_bytes();
        let (gb, gb2) = if start == 0 {
            (base.checked_sub(1).map(|k| src[k]), base.checked_sub(2).map(|k| src[k]))
        } else {
            (before, before2)
        };
        if joined(gb, gb2) || joined(after, after2) {
            continue;
        }
        // ".NET" and the like: a leading dot makes it a name.
        if gb == Some(b'.') {
            continue;
        }
        if core.chars().all(|c| matches!(c, 'I' | 'V' | 'X')) {
            continue;
        }
        let letters: String = core.chars().filter(char::is_ascii_uppercase).collect();
        if (letters == "SEV" || letters == "SEVS") && core.len() > letters.len() {
            continue;
        }
        out.push((core.to_string(), Span::from_range(base + start..base + start + core.len())));
    }
    out
}

/// The first ASCII capital in `b` from `i` on. Eight bytes at a time: the
/// high bit of each byte of `m` says whether that byte is in `A..=Z` (the
/// sums and differences stay within each byte, so they never carry).
pub(crate) fn next_capital(b: &[u8], mut i: usize) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    while let Some(chunk) = b.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        let low = x & (ONES * 0x7f);
        let at_least_a = low + ONES * (0x80 - b'A' as u64);
        let at_most_z = ONES * (0x80 + b'Z' as u64) - low;
        let m = at_least_a & at_most_z & !x & (ONES * 0x80);
        if m != 0 {
            return Some(i + (m.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    b.get(i..)?.iter().position(u8::is_ascii_uppercase).map(|k| i + k)
}

/// Which of `candidates` (lower-case) occur as lower-case words in the
/// prose: one byte scan, comparing only words of a candidate's length.
fn written_in_lower_case(source: &str, runs: &[&ProseRun], candidates: &[String]) -> std::collections::BTreeSet<String> {
    let mut found = std::collections::BTreeSet::new();
    if candidates.is_empty() {
        return found;
    }
    let lengths: u64 = candidates.iter().filter(|c| c.len() < 64).fold(0, |m, c| m | 1 << c.len());
    for run in runs {
        let b = text::slice(source, run.span).as_bytes();
        let mut i = 0;
        while i < b.len() {
            if !b[i].is_ascii_lowercase() || (i > 0 && b[i - 1].is_ascii_alphanumeric()) {
                i += 1;
                continue;
            }
            let mut j = i;
            while j < b.len() && b[j].is_ascii_lowercase() {
                j += 1;
            }
            let len = j - i;
            let boundary = b.get(j).is_none_or(|c| !c.is_ascii_alphanumeric());
            if boundary && len < 64 && lengths & (1 << len) != 0 {
                if let Some(c) = candidates.iter().find(|c| c.as_bytes() == &b[i..j]) {
                    found.insert(c.clone());
                    if found.len() == candidates.len() {
                        return found;
                    }
                }
            }
            i = j;
        }
    }
    found
}

/// Text written in capitals ("DO NOT RESTART THE PRIMARY"): three or more
/// capitalized tokens in a row (nothing but spaces and punctuation between
/// them), two of them long, are shouting, not acronyms. Judged from the
/// tokens already found, so a long run costs nothing more.
fn shouting(source: &str, toks: &[(String, Span)]) -> bool {
    let (mut run, mut long) = (0, 0);
    for (k, (t, span)) in toks.iter().enumerate() {
        let adjacent = k > 0 && {
            let between = &source[toks[k - 1].1.end as usize..span.start as usize];
            between.len() <= 3 && !between.bytes().any(|b| b.is_ascii_alphanumeric())
        };
        if !adjacent {
            (run, long) = (0, 0);
        }
        run += 1;
        long += usize::from(t.len() >= 4);
        if run >= 3 && long >= 2 {
            return true;
        }
    }
    false
}

/// The words (runs of alphanumeric characters) of `s`.
fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

/// Whether the character at byte `i` of `s` is alphanumeric, and its
/// length; ASCII without decoding.
#[inline(always)]
fn char_at(s: &str, i: usize) -> (bool, usize) {
    let b = s.as_bytes()[i];
    if b < 0x80 {
        return (b.is_ascii_alphanumeric(), 1);
    }
    non_ascii_at(s, i)
}

#[inline(never)]
fn non_ascii_at(s: &str, i: usize) -> (bool, usize) {
    let c = s[i..].chars().next().unwrap_or(' ');
    (c.is_alphanumeric(), c.len_utf8())
}

/// "AN, JS, JW": a run made only of capitalized initials is an attendee
/// list, not prose with acronyms.
fn is_initials_list(run: &str, toks: &[(String, Span)]) -> bool {
    // Every token is a word: count words only until there is one more.
    !toks.is_empty()
        && toks.iter().all(|(t, _)| t.len() <= 3)
        && words(run).take(toks.len() + 1).count() == toks.len()
}

/// True when `span` lies in the text of a Markdown link `[text](url)`.
fn in_link_text(source: &str, span: Span) -> bool {
    let line_start = source[..span.start as usize].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[span.end as usize..].find('\n').map_or(source.len(), |i| span.end as usize + i);
    let before = &source[line_start..span.start as usize];
    let after = &source[span.end as usize..line_end];
    let open = before.rfind('[');
    let closed = before.rfind(']');
    open.is_some_and(|o| closed.is_none_or(|c| c < o))
        && after.find(']').is_some_and(|c| after[c + 1..].starts_with('(') || after[c + 1..].starts_with('['))
}

/// The expansion written with this use: "words (ACR)" or "ACR (words)".
fn expansion_at(source: &str, run: Span, tok: Span, acr: &str) -> Option<(String, bool)> {
    let letters: Vec<char> = acr.chars().filter(char::is_ascii_uppercase).map(|c| c.to_ascii_lowercase()).collect();
    let run_text = text::slice(source, run);
    let rel_start = (tok.start - run.start) as usize;
    let rel_end = (tok.end - run.start) as usize;
    let before = run_text[..rel_start].trim_end();
    // "words (ACR)" — the acronym alone inside the parentheses.
    if let Some(b) = before.strip_suffix('(') {
        let after = run_text[rel_end..].trim_start_matches('s');
        if after.starts_with(')') || after.starts_with("s)") {
            let words: Vec<&str> = b
                .split(|c: char| c.is_whitespace() || c == '-' || c == '/')
                .filter(|w| !w.is_empty())
                .collect();
            let tail: Vec<&str> = words.iter().rev().take(12).rev().copied().collect();
            // The shortest matching tail is the expansion itself.
            for k in (0..tail.len()).rev() {
                if initials_match(&letters, &tail[k..]) {
                    let text = tail[k..].join(" ");
                    let text = text.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
                    return Some((text, true));
                }
            }
        }
    }
    // "ACR (words)"
    let after = run_text[rel_end..].strip_prefix('s').unwrap_or(&run_text[rel_end..]);
    let after = after.trim_start();
    if let Some(inner) = after.strip_prefix('(') {
        if let Some(close) = inner.find(')') {
            let content = &inner[..close];
            let words: Vec<&str> = content
                .split(|c: char| c.is_whitespace() || c == '-' || c == '/')
                .filter(|w| !w.is_empty())
                .collect();
            if initials_match(&letters, &words) {
                return Some((content.trim().to_string(), false));
            }
        }
    }
    None
}

/// The first word starts with the first letter and the other letters
/// follow in order in the rest of the words ("Identity and Access
/// Management" for IAM, "Amazon Elastic Kubernetes Service" does not match
/// EKS from its first word but does from "Elastic").
fn initials_match(letters: &[char], words: &[&str]) -> bool {
    let Some((&first, rest)) = letters.split_first() else {
        return false;
    };
    let Some(w0) = words.first() else {
        return false;
    };
    let w0 = w0.trim_start_matches(|c: char| !c.is_alphanumeric());
    if w0.chars().next().is_none_or(|c| c.to_ascii_lowercase() != first) {
        return false;
    }
    // Every word after the first must contribute its initial when it is a
    // content word, so "firewall blocked the WAF (WAF)" does not match.
    let mut need = rest.iter().peekable();
    let mut chars = w0.chars().skip(1).map(|c| c.to_ascii_lowercase()).collect::<Vec<_>>();
    for w in &words[1..] {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if w.is_empty() {
            continue;
        }
        chars.push(' ');
        chars.extend(w.chars().map(|c| c.to_ascii_lowercase()));
    }
    for c in chars {
        if need.peek().is_some_and(|&&n| n == c) {
            need.next();
        }
    }
    need.peek().is_none()
}
