//! `secrets/credentials`: no credentials in the report.

use pirlint_plugin_sdk::prelude::*;

use crate::scan;

rule! {
    /// Finds credentials anywhere in the report, **including code blocks, block
    /// quotes and front matter** (leaks hide in pasted logs and config):
    ///
    /// | what | shape |
    /// |---|---|
    /// | AWS access key ID | `AKIA` / `ASIA` + 16 upper-case letters or digits |
    /// | GitHub tokens | `ghp_`, `gho_`, `ghs_`, `ghu_`, `ghr_` + 30 or more characters; `github_pat_…` |
    /// | Slack tokens | `xoxb-`, `xoxa-`, `xoxp-`, `xoxr-`, `xoxs-` + digits and letters |
    /// | Stripe keys | `sk_live_…`, `rk_live_…` |
    /// | Google API keys | `AIza` + 35 characters |
    /// | private keys | a `-----BEGIN … PRIVATE KEY-----` block |
    /// | JSON Web Tokens | three base64url parts, the first two starting `eyJ` |
    /// | bearer tokens | `Bearer ` + 20 or more token characters with letters and digits |
    /// | connection strings | `scheme://user:password@host` (`postgres://`, `mongodb+srv://`, `redis://:pass@`, ...) |
    /// | secret assignments | a key ending in `password`, `passwd`, `pwd`, `secret`, `api_key`, `apikey`, `secret_key`, `access_key`, `access_token`, `auth_token`, `api_token`, `refresh_token`, `private_key` or `client_secret` (also `DB_PASSWORD`, `X-Api-Key`, `dbPassword`), then `=`, `:`, `:=` or `=>` and a literal value |
    ///
    /// Not flagged: placeholders (`<redacted>`, `[REDACTED]`, `****`, `xxx`,
    /// `${VAR}`, `$VAR`, `%VAR%`, `{{ var }}`, values containing `example`,
    /// `redacted`, `masked`, `dummy`, `your_`, and words such as `null`, `true`,
    /// `password`), AWS's documentation keys (`…EXAMPLE`), and after `key:` an
    /// unquoted plain word (`the password: rotated on Monday` is prose); a value
    /// after `:` needs a digit, a symbol or mixed case, or quotes.
    ///
    /// The message never repeats the secret: it shows a masked prefix (`AKIA…`,
    /// `DB_PASSWORD=…`).
    ///
    /// ## Why it matters
    ///
    /// Post-incident reports are shared with other teams, auditors and sometimes
    /// customers, and stay in version control forever. NIST SP 800-61 (§3.2.5,
    /// §3.4.3) treats incident data as sensitive evidence to be protected; a
    /// credential pasted into the report is a new incident.
    ///
    /// ## How to fix
    ///
    /// Rotate or revoke the credential first: removing it from the file does not
    /// un-leak it from history. Then redact it. The safe fix replaces only the value
    /// (not the key name) with `[REDACTED]`; for a private key, the lines between
    /// `BEGIN` and `END`.
    ///
    /// There is no leniency for drafts: drafts are committed and shared too.
    ///
    /// ## Options
    ///
    /// - `allow` (list of strings, default `[]`): exact values never to flag, such as
    ///   a known-fake key used in training material.
    ///
    /// ## Example
    ///
    /// ```text
    /// DATABASE_URL=postgres://app:Sup3rS3cret@db.internal:5432/shop
    /// ```
    ///
    /// reports `password in a connection string in the report (`postgres://app:…@`)`
    /// and offers `postgres://app:[REDACTED]@db.internal:5432/shop`.
    pub struct Credentials;
}

#[derive(Deserialize, Serialize, JsonSchema, Default)]
#[serde(default, deny_unknown_fields)]
pub struct CredentialOptions {
    /// Exact values never to flag (known-fake keys).
    #[schemars(inner(length(min = 1)))]
    pub allow: Vec<String>,
}

impl Rule for Credentials {
    const ID: &'static str = "secrets/credentials";
    const SUMMARY: &'static str = "Credentials in the report: cloud and API keys, tokens, private keys, passwords in assignments and connection strings";
    const DEFAULT_SEVERITY: Severity = Severity::Error;
    const FIXABLE: bool = true;
    type Options = CredentialOptions;

    fn check(cx: &Context<'_>, opts: &CredentialOptions) -> Vec<Diagnostic> {
        let source = cx.source();
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
                Diagnostic::new(Self::ID, Span::from_range(s.at.clone()), what)
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
}
