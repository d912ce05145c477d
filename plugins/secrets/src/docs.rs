//! Rule documentation (Markdown, shown by `pirlint explain`) and option schemas.

pub const CREDENTIALS: &str = r#"# secrets/credentials

Finds credentials anywhere in the report, **including code blocks, block
quotes and front matter** (leaks hide in pasted logs and config):

| what | shape |
|---|---|
| AWS access key ID | `AKIA` / `ASIA` + 16 upper-case letters or digits |
| GitHub tokens | `ghp_`, `gho_`, `ghs_`, `ghu_`, `ghr_` + 30 or more characters; `github_pat_…` |
| Slack tokens | `xoxb-`, `xoxa-`, `xoxp-`, `xoxr-`, `xoxs-` + digits and letters |
| Stripe keys | `sk_live_…`, `rk_live_…` |
| Google API keys | `AIza` + 35 characters |
| private keys | a `-----BEGIN … PRIVATE KEY-----` block |
| JSON Web Tokens | three base64url parts, the first two starting `eyJ` |
| bearer tokens | `Bearer ` + 20 or more token characters with letters and digits |
| connection strings | `scheme://user:password@host` (`postgres://`, `mongodb+srv://`, `redis://:pass@`, ...) |
| secret assignments | a key ending in `password`, `passwd`, `pwd`, `secret`, `api_key`, `apikey`, `secret_key`, `access_key`, `access_token`, `auth_token`, `api_token`, `refresh_token`, `private_key` or `client_secret` (also `DB_PASSWORD`, `X-Api-Key`, `dbPassword`), then `=`, `:`, `:=` or `=>` and a literal value |

Not flagged: placeholders (`<redacted>`, `[REDACTED]`, `****`, `xxx`,
`${VAR}`, `$VAR`, `%VAR%`, `{{ var }}`, values containing `example`,
`redacted`, `masked`, `dummy`, `your_`, and words such as `null`, `true`,
`password`), AWS's documentation keys (`…EXAMPLE`), and after `key:` an
unquoted plain word (`the password: rotated on Monday` is prose); a value
after `:` needs a digit, a symbol or mixed case, or quotes.

The message never repeats the secret: it shows a masked prefix (`AKIA…`,
`DB_PASSWORD=…`).

## Why it matters

Post-incident reports are shared with other teams, auditors and sometimes
customers, and stay in version control forever. NIST SP 800-61 (§3.2.5,
§3.4.3) treats incident data as sensitive evidence to be protected; a
credential pasted into the report is a new incident.

## How to fix

Rotate or revoke the credential first: removing it from the file does not
un-leak it from history. Then redact it. The safe fix replaces only the value
(not the key name) with `[REDACTED]`; for a private key, the lines between
`BEGIN` and `END`.

There is no leniency for drafts: drafts are committed and shared too.

## Options

- `allow` (list of strings, default `[]`): exact values never to flag, such as
  a known-fake key used in training material.

## Example

```text
DATABASE_URL=postgres://app:Sup3rS3cret@db.internal:5432/shop
```

reports `password in a connection string in the report (`postgres://app:…@`)`
and offers `postgres://app:[REDACTED]@db.internal:5432/shop`.
"#;

pub const PERSONAL_DATA: &str = r#"# secrets/personal-data

Finds email addresses and phone numbers anywhere in the report (code blocks
and quotes included).

Email addresses are not flagged when they are:

- in the report's own people fields (authors, meeting roles and attendees,
  timeline actors, recommendation owners): staff named on purpose;
- role mailboxes (`security@`, `noreply@`, `support@`, `abuse@`, `soc@`,
  `oncall@`, `git@`, ...; `+tags` ignored), unless `role-addresses` is false;
- at documentation domains (`example.com`, `example.org`, `example.net`,
  `*.example`, `*.test`, `*.invalid`, `*.localhost`, `*.local`);
- at a domain in `allow-domains` (or a subdomain of it), or listed in `allow`.

Phone numbers are recognized by shape only:

- international: `+` and a country code, 8 to 15 digits in groups
  (`+44 20 7946 0958`, `+1 (555) 123-4567`, `+4915112345678`);
- North American: `(555) 123-4567`, `555-123-4567`, `555.123.4567`,
  `1-555-123-4567`;
- national with a trunk `0`: `020 7946 0958`, `0800 123 4567` (10 or 11
  digits in 3 or more groups).

Timestamps (`2026-03-02 13:42`), dates, IP addresses (`198.51.100.23`),
versions, ticket ids (`SEC-4120`), durations and plain numbers do not have
these shapes and are not flagged; neither is a digit run glued to letters or
followed by `:` or `/`.

## Why it matters

Reports travel far beyond the people involved. Contact details of
customers, reporters or staff are personal data under GDPR and similar laws,
and in a security report they hand attackers a phishing target. NIST SP 800-61
asks that incident data be shared on a need-to-know basis.

## How to fix

Refer to people by role or name and point to the contact directory or the
on-call rota. The safe fix replaces the address or number with `[REDACTED]`.

## Options

- `allow-domains` (list, default `[]`): your organization's own domains,
  e.g. `["harbourline.com"]`; subdomains are included.
- `allow` (list, default `[]`): addresses or numbers never to flag (numbers
  compare by digits only).
- `role-addresses` (boolean, default `true`): accept role mailboxes.

```toml
[rules."secrets/personal-data"]
allow-domains = ["harbourline.com"]
allow = ["+44 20 7946 0000"]
```
"#;

pub const CREDENTIALS_SCHEMA: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "allow": {
      "description": "Exact values never to flag (known-fake keys).",
      "type": "array",
      "items": { "type": "string", "minLength": 1 },
      "default": []
    }
  },
  "additionalProperties": false
}"#;

pub const PERSONAL_SCHEMA: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "allow-domains": {
      "description": "Email domains (and their subdomains) never to flag, e.g. your organization's.",
      "type": "array",
      "items": { "type": "string", "minLength": 1 },
      "default": []
    },
    "allow": {
      "description": "Email addresses or phone numbers never to flag.",
      "type": "array",
      "items": { "type": "string", "minLength": 1 },
      "default": []
    },
    "role-addresses": {
      "description": "Accept role mailboxes such as security@, noreply@, support@.",
      "type": "boolean",
      "default": true
    }
  },
  "additionalProperties": false
}"#;
