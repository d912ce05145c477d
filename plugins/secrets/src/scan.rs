//! Hand-written matchers for credentials and personal data over the whole
//! source text (code blocks included: leaks hide in pasted logs).

use std::ops::Range;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Secret {
    /// What it is, for the message ("AWS access key ID").
    pub kind: &'static str,
    /// A masked form safe to print ("AKIA…", "DB_PASSWORD=…").
    pub masked: String,
    /// The primary span (the secret, or the header of a key block).
    pub at: Range<usize>,
    /// What to replace with `[REDACTED]` (the value, never the key name).
    pub value: Range<usize>,
    /// Replacement text for `value`.
    pub replacement: String,
    /// Lower is more specific; overlapping findings keep the most specific.
    pub rank: u8,
}

fn b(s: &str, i: usize) -> Option<u8> {
    s.as_bytes().get(i).copied()
}

fn alnum(c: u8) -> bool {
    c.is_ascii_alphanumeric()
}

fn b64url(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

/// Length of the run of bytes satisfying `f` from `i`.
fn run(s: &str, i: usize, f: impl Fn(u8) -> bool) -> usize {
    s.as_bytes()[i.min(s.len())..].iter().take_while(|&&c| f(c)).count()
}

fn not_after(s: &str, i: usize, f: impl Fn(u8) -> bool) -> bool {
    i == 0 || !f(s.as_bytes()[i - 1])
}

/// Values that stand for a secret without being one: `<redacted>`, `****`,
/// `${VAR}`, `xxx`, `[REDACTED]`, AWS's documentation keys (`...EXAMPLE`).
pub fn is_placeholder(v: &str) -> bool {
    let v = v.trim();
    let l = v.to_lowercase();
    if v.is_empty()
        || (v.starts_with('<') && v.ends_with('>'))
        || (v.starts_with('[') && v.ends_with(']'))
        || (v.starts_with('{') && v.ends_with('}'))
        || v.starts_with("${")
        || v.starts_with("$(")
        || v.starts_with("{{")
        || (v.starts_with('%') && v.ends_with('%') && v.len() > 2)
        || (v.starts_with('$') && v[1..].chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
        || v.chars().all(|c| matches!(c, '*' | 'x' | 'X' | '•' | '.' | '#' | '-' | '_' | '?' | '…'))
    {
        return true;
    }
    const WORDS: &[&str] = &[
        "redacted", "masked", "removed", "hidden", "placeholder", "example", "sample", "dummy",
        "your_", "your-", "xxxx", "****",
    ];
    if WORDS.iter().any(|w| l.contains(w)) {
        return true;
    }
    matches!(
        l.as_str(),
        "null" | "none" | "nil" | "true" | "false" | "undefined" | "empty" | "password" | "pass"
            | "passwd" | "pwd" | "secret" | "token" | "key" | "apikey" | "api_key" | "user"
            | "username" | "changeit" | "yes" | "no" | "n/a" | "na" | "tbd" | "todo"
    )
}

fn mask_prefix(s: &str, n: usize) -> String {
    format!("{}…", &s[..n.min(s.len())])
}

/// Where a matcher may start, by the byte there and the byte after it: one
/// tight pass over the source stops only where `FIRST[b0] & SECOND[b1]` is
/// not zero and runs the matchers whose bits are set, instead of a pass (a
/// `memchr` or substring search) per matcher. In WebAssembly, without SIMD,
/// those passes were most of this plugin's time; stopping at every `s` or
/// `-` (token prefixes, table rules) was most of the rest.
const PREFIX: u8 = 1; // a token prefix (`AKIA`, `ghp_`, `xoxb-`, `sk_live_`, ...)
const COLON: u8 = 2; // `:AA` (Telegram), `://` (connection strings), `key: value`
const DASH: u8 = 4; // `-----BEGIN `
const JWT: u8 = 8; // the `J` of `eyJ`
const BEARER: u8 = 16; // `bearer ` in any case
const EQUALS: u8 = 32; // `key = value`
/// Kinds that any following byte (or none) may continue.
const ANY_NEXT: u8 = COLON | JWT | EQUALS;

/// `table` with `PREFIX` set for byte `at` of every token prefix.
const fn with_prefix_bytes(mut table: [u8; 256], at: usize) -> [u8; 256] {
    let mut k = 0;
    while k < TOKEN_PREFIXES.len() {
        table[TOKEN_PREFIXES[k].0.as_bytes()[at] as usize] |= PREFIX;
        k += 1;
    }
    table
}

const FIRST: [u8; 256] = {
    let mut t = with_prefix_bytes([0; 256], 0);
    t[b':' as usize] |= COLON;
    t[b'-' as usize] |= DASH;
    t[b'J' as usize] |= JWT;
    t[b'b' as usize] |= BEARER;
    t[b'B' as usize] |= BEARER;
    t[b'=' as usize] |= EQUALS;
    t
};

const SECOND: [u8; 256] = {
    let mut t = with_prefix_bytes([ANY_NEXT; 256], 1);
    t[b'-' as usize] |= DASH;
    t[b'e' as usize] |= BEARER;
    t[b'E' as usize] |= BEARER;
    t
};

pub fn credentials(s: &str) -> Vec<Secret> {
    // One list per matcher, joined in a fixed order below, so that findings
    // of equal rank at the same place are kept in the same order whatever
    // the scan order.
    let mut found: [Vec<Secret>; 7] = Default::default();
    let bytes = s.as_bytes();
    let kinds_at = |i: usize| FIRST[usize::from(bytes[i])] & bytes.get(i + 1).map_or(ANY_NEXT, |&n| SECOND[usize::from(n)]);
    let mut next = 0;
    loop {
        // A tight loop to the next place of interest (with the matchers in
        // the same loop, every byte paid for their state).
        let i = match bytes[next..].windows(2).position(|w| FIRST[usize::from(w[0])] & SECOND[usize::from(w[1])] != 0) {
            Some(k) => next + k,
            // The last byte has no byte after it: `kinds_at` reads it alone.
            None => match bytes.len().checked_sub(1) {
                Some(last) if last >= next => last,
                _ => break,
            },
        };
        let kinds = kinds_at(i);
        if kinds != 0 {
            run_matchers(s, i, kinds, &mut found);
        }
        next = i + 1;
        if next >= bytes.len() {
            break;
        }
    }
    let mut out: Vec<Secret> = found.into_iter().flatten().collect();
    // Most specific first, then by position; drop overlaps.
    out.sort_by_key(|x| (x.rank, x.at.start));
    let mut kept: Vec<Secret> = Vec::new();
    for x in out {
        let overlaps = kept
            .iter()
            .any(|k| x.value.start < k.value.end && k.value.start < x.value.end);
        if !overlaps {
            kept.push(x);
        }
    }
    kept.sort_by_key(|x| x.at.start);
    kept
}

/// The matchers of `class` at byte `i`, each adding to its own list.
fn run_matchers(s: &str, i: usize, class: u8, found: &mut [Vec<Secret>; 7]) {
    let bytes = s.as_bytes();
    let [prefixed, telegram, keys, jwt, bearers, connections, assigned] = found;
    if class & PREFIX != 0 {
        prefixed_token_at(s, i, prefixed);
    }
    if class & COLON != 0 {
        telegram_token_at(s, i, telegram);
        connection_string_at(s, i, connections);
        assignment_at(s, i, assigned);
    }
    // Most dashes are table rules and bullets: the `B` first.
    if class & DASH != 0 && bytes.get(i + 5) == Some(&b'B') && bytes[i..].starts_with(b"-----BEGIN ") {
        private_key_at(s, i, keys);
    }
    if class & JWT != 0 {
        jwt_at(s, i, jwt);
    }
    if class & BEARER != 0 {
        bearer_at(s, i, bearers);
    }
    if class & EQUALS != 0 {
        assignment_at(s, i, assigned);
    }
}

fn push_token(out: &mut Vec<Secret>, kind: &'static str, s: &str, r: Range<usize>, prefix: usize) {
    let v = &s[r.clone()];
    if is_placeholder(v) || v.contains("EXAMPLE") || v.contains("XXXX") {
        return;
    }
    out.push(Secret {
        kind,
        masked: mask_prefix(v, prefix),
        at: r.clone(),
        value: r,
        replacement: "[REDACTED]".into(),
        rank: 0,
    });
}

type Body = fn(u8) -> bool;

/// Tokens recognizable by a fixed prefix: (prefix, kind, body charset, min
/// body, max body or 0, chars shown).
const TOKEN_PREFIXES: &[(&str, &str, Body, usize, usize, usize)] = &[
    ("AKIA", "AWS access key ID", upper_digit, 16, 16, 4),
    ("ASIA", "AWS temporary access key ID", upper_digit, 16, 16, 4),
    ("ghp_", "GitHub personal access token", alnum, 30, 0, 4),
    ("gho_", "GitHub OAuth token", alnum, 30, 0, 4),
    ("ghs_", "GitHub app token", alnum, 30, 0, 4),
    ("ghu_", "GitHub user-to-server token", alnum, 30, 0, 4),
    ("ghr_", "GitHub refresh token", alnum, 30, 0, 4),
    ("github_pat_", "GitHub fine-grained token", alnum_underscore, 22, 0, 11),
    ("xoxb-", "Slack bot token", alnum_dash, 10, 0, 5),
    ("xoxa-", "Slack app token", alnum_dash, 10, 0, 5),
    ("xoxp-", "Slack user token", alnum_dash, 10, 0, 5),
    ("xoxr-", "Slack refresh token", alnum_dash, 10, 0, 5),
    ("xoxs-", "Slack session token", alnum_dash, 10, 0, 5),
    ("sk_live_", "Stripe secret key", alnum, 16, 0, 8),
    ("rk_live_", "Stripe restricted key", alnum, 16, 0, 8),
    ("AIza", "Google API key", b64url, 35, 35, 4),
];

fn upper_digit(c: u8) -> bool {
    c.is_ascii_uppercase() || c.is_ascii_digit()
}

fn alnum_underscore(c: u8) -> bool {
    alnum(c) || c == b'_'
}

fn alnum_dash(c: u8) -> bool {
    alnum(c) || c == b'-'
}

/// A prefixed token starting at `i` (a byte that starts some prefix). A
/// token starts a word; only `AKIA` and `ASIA` could overlap a match of
/// themselves, and then not at a word start, so trying every position
/// finds what a search per prefix would, and no two prefixes match at the
/// same place.
fn prefixed_token_at(s: &str, i: usize, out: &mut Vec<Secret>) {
    let bytes = s.as_bytes();
    if !not_after(s, i, alnum_underscore) {
        return;
    }
    let Some(&(prefix, kind, body, min, max, shown)) = TOKEN_PREFIXES.iter().find(|t| bytes[i..].starts_with(t.0.as_bytes())) else {
        return;
    };
    let start = i + prefix.len();
    let n = run(s, start, body);
    if n < min || (max > 0 && n != max) {
        return;
    }
    // Slack tokens are digit groups and a random tail.
    if prefix.starts_with("xox") && !s[start..start + n].bytes().any(|c| c.is_ascii_digit()) {
        return;
    }
    push_token(out, kind, s, i..start + n, shown);
}

/// Telegram bot tokens: the bot's numeric id, `:`, then `AA` and 33
/// URL-safe base64 characters ("123456789:AAG..."), at the `:` at `k`.
fn telegram_token_at(s: &str, k: usize, out: &mut Vec<Secret>) {
    let b = s.as_bytes();
    if !b[k..].starts_with(b":AA") {
        return;
    }
    let digits = b[..k].iter().rev().take_while(|c| c.is_ascii_digit()).count();
    let body = run(s, k + 1, b64url);
    if (8..=10).contains(&digits) && body == 35 {
        push_token(out, "Telegram bot token", s, k - digits..k + 1 + body, digits + 3);
    }
}

/// A private key block whose `-----BEGIN ` is at `i`. (That marker cannot
/// overlap itself, so every position holding it is a match.)
fn private_key_at(s: &str, i: usize, out: &mut Vec<Secret>) {
    let line_end = s[i..].find('\n').map_or(s.len(), |j| i + j);
    let header = &s[i..line_end];
    let Some(h) = header.find("PRIVATE KEY-----") else {
        return;
    };
    let header_end = i + h + "PRIVATE KEY-----".len();
    let body_start = (line_end + 1).min(s.len());
    // The body runs to the END line, or to a blank line if it is missing.
    let body_end = match s[body_start..].find("-----END") {
        Some(j) => {
            let e = body_start + j;
            s[..e].rfind('\n').map_or(e, |n| (n + 1).max(body_start))
        }
        None => s[body_start..]
            .find("\n\n")
            .map_or(s.len(), |j| body_start + j + 1),
    };
    let body = &s[body_start..body_end];
    if body.trim().is_empty() || is_placeholder(body.trim()) || body.trim() == "..." {
        return;
    }
    let indent: String = body.chars().take_while(|c| *c == ' ' || *c == '\t').collect();
    let kind_text = s[i + 11..i + h].trim();
    out.push(Secret {
        kind: "private key",
        masked: format!("-----BEGIN {}PRIVATE KEY-----", if kind_text.is_empty() { String::new() } else { format!("{kind_text} ") }),
        at: i..header_end,
        value: body_start..body_end,
        replacement: format!("{indent}[REDACTED]\n"),
        rank: 0,
    });
}

/// A JSON Web Token whose `eyJ` has its `J` at `j` (found from the rare
/// `J` rather than from every `e`; `eyJ` cannot overlap itself).
fn jwt_at(s: &str, j: usize, out: &mut Vec<Secret>) {
    let Some(i) = j.checked_sub(2).filter(|&i| &s.as_bytes()[i..j] == b"ey") else {
        return;
    };
    if !not_after(s, i, b64url) {
        return;
    }
    let a = run(s, i, b64url);
    if a < 10 || b(s, i + a) != Some(b'.') {
        return;
    }
    let j = i + a + 1;
    let p = run(s, j, b64url);
    if p < 10 || !s[j..].starts_with("eyJ") || b(s, j + p) != Some(b'.') {
        return;
    }
    let k = j + p + 1;
    let sig = run(s, k, b64url);
    if sig < 10 {
        return;
    }
    push_token(out, "JSON Web Token", s, i..k + sig, 3);
}

/// `bearer ` in any case at `i` (it cannot overlap itself), and the token
/// after it.
fn bearer_at(s: &str, i: usize, out: &mut Vec<Secret>) {
    if !s.as_bytes()[i..].get(..7).is_some_and(|w| w.eq_ignore_ascii_case(b"bearer ")) {
        return;
    }
    if !not_after(s, i, alnum) {
        return;
    }
    let start = i + 7 + run(s, i + 7, |c| c == b' ');
    let n = run(s, start, |c| alnum(c) || b"._~+/=-".contains(&c));
    if n < 20 {
        return;
    }
    let v = &s[start..start + n];
    // A token has digits and letters; prose after "bearer " does not.
    if !v.bytes().any(|c| c.is_ascii_digit()) || !v.bytes().any(|c| c.is_ascii_alphabetic()) {
        return;
    }
    if is_placeholder(v) {
        return;
    }
    out.push(Secret {
        kind: "bearer token",
        masked: "Bearer …".into(),
        at: start..start + n,
        value: start..start + n,
        replacement: "[REDACTED]".into(),
        rank: 1,
    });
}

/// `scheme://user:password@host`, the `:` of `://` at `i`: the password
/// part.
fn connection_string_at(s: &str, i: usize, out: &mut Vec<Secret>) {
    if !s.as_bytes()[i + 1..].starts_with(b"//") {
        return;
    }
    let scheme_len = s.as_bytes()[..i]
        .iter()
        .rev()
        .take_while(|&&c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'.' | b'-'))
        .count();
    if scheme_len == 0 {
        return;
    }
    let scheme = &s[i - scheme_len..i];
    let start = i + 3;
    let n = run(s, start, |c| {
        !c.is_ascii_whitespace() && !matches!(c, b'/' | b'?' | b'#' | b'@' | b'"' | b'\'' | b'`' | b'<' | b'>' | b')' | b']')
    });
    if b(s, start + n) != Some(b'@') {
        return;
    }
    let userinfo = &s[start..start + n];
    let Some(colon) = userinfo.find(':') else {
        return;
    };
    let pass = start + colon + 1..start + n;
    let pw = &s[pass.clone()];
    // A host must follow the `@`.
    if pw.is_empty() || is_placeholder(pw) || !b(s, start + n + 1).is_some_and(alnum) {
        return;
    }
    out.push(Secret {
        kind: "password in a connection string",
        masked: format!("{scheme}://{}:…@", &userinfo[..colon]),
        at: pass.clone(),
        value: pass,
        replacement: "[REDACTED]".into(),
        rank: 1,
    });
}

/// Key names whose value is a secret, matched at the end of the key after
/// `-` is folded to `_`: `password`, `DB_PASSWORD`, `X-Api-Key`.
const KEY_SUFFIXES: &[&str] = &[
    "password", "passwd", "pwd", "secret", "api_key", "apikey", "secret_key", "access_token",
    "auth_token", "api_token", "refresh_token", "private_key", "client_secret", "access_key",
];

fn key_char(c: u8) -> bool {
    alnum(c) || c == b'_' || c == b'-' || c == b'.'
}

/// A key assigned a value (`key = value`, `key: value`, `"key": "value"`)
/// at the separator `sep`.
///
/// Found from the `=` and `:` back to the key rather than by trying every
/// word of the report as a key: the same keys, in the same order. From the
/// end of a key, `assignment_value` allows one quote, then spaces and tabs,
/// then the separator; walking that back from a separator reaches at most
/// one key (a maximal run of key characters), and from that key
/// `assignment_value` reaches this separator.
fn assignment_at(s: &str, sep: usize, out: &mut Vec<Secret>) {
    let bytes = s.as_bytes();
    let mut end = sep;
    while end > 0 && matches!(bytes[end - 1], b' ' | b'\t') {
        end -= 1;
    }
    if end > 0 && matches!(bytes[end - 1], b'"' | b'\'') {
        end -= 1;
    }
    let start = end - bytes[..end].iter().rev().take_while(|&&c| key_char(c)).count();
    if start == end || !is_secret_key(&s[start..end]) {
        return;
    }
    if let Some(found) = assignment_value(s, start, end) {
        out.push(found);
    }
}

/// Whether a value assigned to `key` is a secret (see `KEY_SUFFIXES`).
fn is_secret_key(key: &str) -> bool {
    // Cheap pre-filter before any allocation: every key suffix ends in one
    // of these (password, passwd, pwd, secret, ...key, ...token).
    let tail = key.trim_end_matches('.').as_bytes();
    let tail3 = &tail[tail.len().saturating_sub(3)..];
    if ![b"ord", b"swd", b"pwd", b"ret", b"key", b"ken"].iter().any(|t| tail3.eq_ignore_ascii_case(*t)) {
        return false;
    }
    let norm = key.to_ascii_lowercase().replace('-', "_");
    let norm = norm.trim_end_matches('.');
    KEY_SUFFIXES.iter().any(|suf| {
        norm.ends_with(suf)
            && (norm.len() == suf.len() || matches!(norm.as_bytes()[norm.len() - suf.len() - 1], b'_' | b'.'))
    }) || KEY_SUFFIXES.iter().any(|suf| {
        // camelCase: dbPassword, apiKey
        let k = key.trim_end_matches('.');
        let suf_camel = camel(suf);
        k.ends_with(&suf_camel) && k.len() > suf_camel.len()
    })
}

fn camel(snake: &str) -> String {
    let mut out = String::new();
    for part in snake.split('_') {
        let mut c = part.chars();
        if let Some(f) = c.next() {
            out.extend(f.to_uppercase());
            out.push_str(c.as_str());
        }
    }
    out
}

/// The literal value assigned to the key at `[key_start, key_end)`.
fn assignment_value(s: &str, key_start: usize, key_end: usize) -> Option<Secret> {
    let key = &s[key_start..key_end];
    let mut j = key_end;
    // `"password": "..."` in JSON: the key's closing quote.
    if matches!(b(s, j), Some(b'"' | b'\'')) {
        j += 1;
    }
    j += run(s, j, |c| c == b' ' || c == b'\t');
    let sep = b(s, j)?;
    let sep_text = if sep == b':' { ": " } else { "=" };
    let colon = match sep {
        b'=' => {
            j += 1;
            if b(s, j) == Some(b'>') {
                j += 1;
            }
            false
        }
        b':' => {
            j += 1;
            if b(s, j) == Some(b'=') {
                j += 1;
            }
            true
        }
        _ => return None,
    };
    // `password==` or `::` are not assignments.
    if matches!(b(s, j), Some(b'=' | b':')) {
        return None;
    }
    j += run(s, j, |c| c == b' ' || c == b'\t');
    let quote = b(s, j).filter(|c| matches!(c, b'"' | b'\''));
    let (vs, ve) = if let Some(q) = quote {
        let vs = j + 1;
        let len = s[vs..].find(|c: char| c as u32 == q as u32 || c == '\n')?;
        if b(s, vs + len) != Some(q) {
            return None;
        }
        (vs, vs + len)
    } else if b(s, j) == Some(b'<') {
        return None; // `<redacted>`, `<password>`
    } else {
        let n = run(s, j, |c| {
            !c.is_ascii_whitespace() && !matches!(c, b',' | b';' | b'&' | b')' | b']' | b'}' | b'"' | b'\'' | b'`' | b'|')
        });
        let mut ve = j + n;
        // A sentence's full stop is not part of the value.
        while ve > j && matches!(b(s, ve - 1), Some(b'.')) {
            ve -= 1;
        }
        (j, ve)
    };
    let v = &s[vs..ve];
    if v.len() < 3 || is_placeholder(v) {
        return None;
    }
    // After `key: ` in running text a plain word is prose ("the password:
    // rotated on Monday"), not a value; a real secret has a digit, a symbol
    // or mixed case, or is quoted.
    if colon && quote.is_none() {
        let digit = v.bytes().any(|c| c.is_ascii_digit());
        let symbol = v.bytes().any(|c| b"!@#$%^&*+=/\\~?".contains(&c));
        let mixed = v.chars().skip(1).any(char::is_uppercase) && v.chars().any(char::is_lowercase);
        if !(digit || symbol || mixed) {
            return None;
        }
    }
    Some(Secret {
        kind: "literal secret value",
        masked: format!("{key}{sep_text}…"),
        at: vs..ve,
        value: vs..ve,
        replacement: "[REDACTED]".into(),
        rank: 2,
    })
}

// ---------------------------------------------------------------------------
// Personal data

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Personal {
    pub email: bool,
    pub text: String,
    pub at: Range<usize>,
}

fn local_char(c: u8) -> bool {
    alnum(c) || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-')
}

fn domain_char(c: u8) -> bool {
    alnum(c) || matches!(c, b'.' | b'-')
}

pub fn emails(s: &str) -> Vec<Personal> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    for (at, _) in s.match_indices('@') {
        let ll = bytes[..at].iter().rev().take_while(|&&c| local_char(c)).count();
        let mut start = at - ll;
        while start < at && bytes[start] == b'.' {
            start += 1;
        }
        if start == at {
            continue;
        }
        // `https://user@host` is a URL's user, not an address.
        // ... and `/list/name@host/thread` is a path segment.
        if s[..start].ends_with("//") || s[..start].ends_with(':') || s[..start].ends_with('/') {
            continue;
        }
        let dl = run(s, at + 1, domain_char);
        let mut end = at + 1 + dl;
        while end > at + 1 && matches!(bytes[end - 1], b'.' | b'-') {
            end -= 1;
        }
        let domain = &s[at + 1..end];
        let Some(dot) = domain.rfind('.') else {
            continue;
        };
        let tld = &domain[dot + 1..];
        if tld.len() < 2 || !tld.bytes().all(|c| c.is_ascii_alphabetic()) || domain.starts_with('.') {
            continue;
        }
        out.push(Personal {
            email: true,
            text: s[start..end].to_string(),
            at: start..end,
        });
    }
    out
}

/// Phone numbers in international (`+44 20 7946 0958`), North American
/// (`(555) 123-4567`, `555-123-4567`) and national trunk-prefix
/// (`020 7946 0958`) formats. Dates, times, IP addresses, versions and ticket
/// numbers do not have these shapes.
pub fn phones(s: &str) -> Vec<Personal> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        // Most of a report has no digit: skip it eight bytes at a time, to
        // the first byte that may start a number.
        if let Some(chunk) = bytes.get(i..i + 8) {
            let may = may_start_number(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
            if may == 0 {
                i += 8;
                continue;
            }
            i += (may.trailing_zeros() / 8) as usize;
        }
        let c = bytes[i];
        let starts = (c == b'+' && b(s, i + 1).is_some_and(|d| d.is_ascii_digit()))
            || (c == b'(' && b(s, i + 1).is_some_and(|d| d.is_ascii_digit()))
            || c.is_ascii_digit();
        if !starts || !not_after(s, i, |p| alnum(p) || b"._-/:#+=,@$%&".contains(&p)) {
            i += 1;
            continue;
        }
        // Digits and single separators.
        let mut j = i + 1;
        while j < bytes.len() {
            let d = bytes[j];
            let part = d.is_ascii_digit() || d == b'(' || d == b')';
            let sep = matches!(d, b' ' | b'-' | b'.')
                && b(s, j + 1).is_some_and(|n| n.is_ascii_digit() || n == b'(');
            if !(part || sep) {
                break;
            }
            j += 1;
        }
        let cand = &s[i..j];
        let after_ok = match b(s, j) {
            None => true,
            Some(a) => !(alnum(a) || matches!(a, b':' | b'/' | b'_' | b'%' | b'@')),
        };
        if after_ok && is_phone(cand) {
            out.push(Personal {
                email: false,
                text: cand.to_string(),
                at: i..j,
            });
            i = j;
            continue;
        }
        i = i + 1 + run(s, i + 1, |d| d.is_ascii_digit());
    }
    out
}

/// The high bit of each byte of `w` (eight bytes, the first in the low
/// bits) that is a digit or one of `()*+`: a superset of the bytes that can
/// start a phone number. Exact per byte: no borrow or carry crosses bytes
/// (the "hasbetween" bit trick, for bytes below 128; others never match).
fn may_start_number(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    let low = w & (ONES * 0x7f);
    // Bytes `b` with m < b < n.
    let between = |m: u64, n: u64| (ONES * (127 + n) - low) & !w & (low + ONES * (127 - m)) & HIGH;
    between(u64::from(b'0') - 1, u64::from(b'9') + 1) | between(u64::from(b'(') - 1, u64::from(b'+') + 1)
}

fn is_phone(c: &str) -> bool {
    // Every shape below has 8 to 15 digits: most candidates (dates, times,
    // amounts) are turned away here, before the allocations.
    if !(8..=15).contains(&c.bytes().filter(u8::is_ascii_digit).count()) {
        return false;
    }
    let digits: String = c.chars().filter(char::is_ascii_digit).collect();
    let groups: Vec<&str> = c
        .split([' ', '-', '.', '(', ')', '+'])
        .filter(|g| !g.is_empty())
        .collect();
    let seps: Vec<char> = c.chars().filter(|ch| matches!(ch, ' ' | '-' | '.')).collect();
    let parens = c.matches('(').count();
    if parens != c.matches(')').count() || parens > 1 {
        return false;
    }
    if c.starts_with('+') {
        // Country code, then at least two groups (or one long run).
        let ok_len = (8..=15).contains(&digits.len());
        return ok_len && (groups.len() >= 3 || (groups.len() == 1 && digits.len() >= 10) || groups.len() == 2 && groups[1].len() >= 7);
    }
    let same_sep = seps.windows(2).all(|w| w[0] == w[1]);
    let lens: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    // (555) 123-4567, (555) 123 4567
    if c.starts_with('(') && lens == [3, 3, 4] && c.as_bytes().get(4) == Some(&b')') {
        return true;
    }
    // 555-123-4567, 555.123.4567, 1-555-123-4567
    if !c.contains('(') && same_sep && seps.first().is_some_and(|s| *s != ' ') && (lens == [3, 3, 4] || lens == [1, 3, 3, 4]) {
        return !(lens.len() == 4 && groups[0] != "1");
    }
    // 020 7946 0958, 0800 123 4567, 030-1234-5678
    if !c.contains('(')
        && same_sep
        && seps.first().is_some_and(|s| *s != '.')
        && groups.len() >= 3
        && groups[0].starts_with('0')
        && (2..=5).contains(&groups[0].len())
        && (10..=11).contains(&digits.len())
        && lens.iter().skip(1).all(|l| (2..=4).contains(l))
    {
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<(&'static str, String)> {
        credentials(s).into_iter().map(|x| (x.kind, s[x.value].to_string())).collect()
    }

    #[test]
    fn telegram_bot_tokens() {
        // Made up, in the shape Telegram issues.
        let t = "urlopen(f\"https://api.example/bot1234567890:AAHq3v9Zk2LmN8pQr4StUv6WxY1zB0cD5eF/send\")";
        assert_eq!(kinds(t), [("Telegram bot token", "1234567890:AAHq3v9Zk2LmN8pQr4StUv6WxY1zB0cD5eF".to_string())]);
        // Near misses: too few digits, too short a tail.
        assert!(kinds("at 12:AAHq3v9Zk2LmN8pQr4StUv6WxY1zB0cD5eF").is_empty());
        assert!(kinds("id 1234567890:AAshort").is_empty());
    }

    #[test]
    fn tokens() {
        assert_eq!(kinds("key AKIA2OGYBAH6RN7Q4XZD here")[0].1, "AKIA2OGYBAH6RN7Q4XZD");
        assert!(kinds("AKIAIOSFODNN7EXAMPLE").is_empty());
        assert_eq!(kinds("ghp_0123456789abcdefghijABCDEFGHIJ012345").len(), 1);
        assert_eq!(kinds("xoxb-1234567890-abcdefghij").len(), 1);
        assert_eq!(kinds("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJlc2ln").len(), 1);
    }

    #[test]
    fn assignments_and_placeholders() {
        assert_eq!(kinds("DB_PASSWORD=hunter2 next"), [("literal secret value", "hunter2".into())]);
        assert_eq!(kinds("{\"password\": \"s3cr3t!\"}"), [("literal secret value", "s3cr3t!".into())]);
        for p in ["password: <redacted>", "password=****", "secret=${DB_SECRET}", "api_key=xxx", "password: [REDACTED]", "the password: rotated on Monday"] {
            assert!(kinds(p).is_empty(), "{p}");
        }
        assert_eq!(kinds("postgres://app:Sup3rS3cret@db.internal:5432/app")[0].1, "Sup3rS3cret");
        assert_eq!(kinds("redis://:hunter22@cache:6379")[0].1, "hunter22");
        assert!(kinds("postgres://app:${PGPASS}@db/app").is_empty());
        assert!(kinds("https://example.com/a?b=c").is_empty());
    }

    #[test]
    fn private_key_body() {
        let s = "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\nabc\n-----END RSA PRIVATE KEY-----\n";
        let k = credentials(s);
        assert_eq!(k.len(), 1);
        assert_eq!(&s[k[0].value.clone()], "MIIEow\nabc\n");
    }

    #[test]
    fn phone_shapes() {
        let p = |s: &str| phones(s).into_iter().map(|x| x.text).collect::<Vec<_>>();
        assert_eq!(p("call +44 20 7946 0958 now"), ["+44 20 7946 0958"]);
        assert_eq!(p("or (555) 123-4567."), ["(555) 123-4567"]);
        assert_eq!(p("or 555-123-4567"), ["555-123-4567"]);
        assert_eq!(p("or 020 7946 0958"), ["020 7946 0958"]);
        for n in ["2026-03-02 13:42", "198.51.100.23", "10.0.32.54", "v1.2.3", "SEC-4120", "1 h 55 min",
                  "2021-12-10   16:10", "20202-01-16 12:00", "2,100,000", "1780498920", "ip-10-0-32-54",
                  "2026-03-02T13:51:07Z", "AS 64512", "03/02/2026", "+1.5%"] {
            assert!(p(n).is_empty(), "{n}");
        }
    }

    #[test]
    fn number_starts_by_eight() {
        let starts = |c: u8| c.is_ascii_digit() || b"()*+".contains(&c);
        for fill in [b' ', b'a', b'/', b':', b',', b'\'', 0x7f, 0x80, 0xe2, 0xff] {
            for c in 0..=255u8 {
                for k in 0..8 {
                    let mut w = [fill; 8];
                    w[k] = c;
                    let m = may_start_number(u64::from_le_bytes(w));
                    let want: u64 = (0..8).filter(|&j| starts(w[j])).map(|j| 0x80 << (8 * j)).sum();
                    assert_eq!(m, want, "{w:?}");
                }
            }
        }
    }

    #[test]
    fn email_shapes() {
        let e = |s: &str| emails(s).into_iter().map(|x| x.text).collect::<Vec<_>>();
        assert_eq!(e("mail jane.doe@gmail.com."), ["jane.doe@gmail.com"]);
        assert!(e("ssh admin@10.0.0.1 and foo@1.2.3 and @types/node").is_empty());
        assert!(e("https://user@host.com/x").is_empty());
    }
}

