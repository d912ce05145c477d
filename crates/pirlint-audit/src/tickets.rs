//! Ticket status from an issue tracker's export (`pirlint audit --tickets
//! FILE`): statuses written in reports are rarely updated once the report is
//! published, the tracker's are.
//!
//! # What is read
//!
//! The format is told by the content: a file whose first non-blank character
//! is `[` or `{` is JSON, anything else CSV (with a header row). The tracker
//! is told by the columns or fields present.
//!
//! | Tracker | CSV columns read | JSON fields read |
//! |---|---|---|
//! | Jira | `Issue key`, `Status`, and when present `Status Category` (`Done` is done), else `Resolution` (set and not `Unresolved` is done) | a search response `{"issues": [...]}` or an array of issues: `key`, `fields.status.name`, `fields.status.statusCategory.key` (`done` is done), else `fields.resolution` (non-null is done) |
//! | GitHub | (a Projects export) `URL` and `Status` or `State` | `gh issue list --json number,state,url` or the REST API: `number`, `state` (`closed` is done), `url` or `html_url` |
//! | GitLab | `Issue ID`, `URL`, `State` (`Closed` is done) | the REST API: `iid`, `state` (`closed` is done), `web_url` |
//! | Any | `key` (or `ticket`, `id`) and `status` (or `state`), any case | — |
//!
//! Without a status category, a status is done when it is a done-like word
//! ([`crate::is_done`]).
//!
//! # How reports refer to tickets
//!
//! A recommendation's `tracking` value may hold several references,
//! separated by spaces, commas, semicolons or brackets. Each is read as a
//! Jira key (`OPS-12`, compared upper-cased), an issue URL (Jira
//! `…/browse/OPS-12` → `OPS-12`; GitHub `…/owner/repo/issues/7` and GitLab
//! `…/group/project/-/issues/7` → `owner/repo#7`), `owner/repo#7`, or `#7`
//! (matches when the exports hold exactly one issue numbered 7). Anything
//! else in the value (words such as `none`) is not a reference.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tracker {
    Jira,
    Github,
    Gitlab,
    Generic,
}

impl fmt::Display for Tracker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Tracker::Jira => "Jira",
            Tracker::Github => "GitHub",
            Tracker::Gitlab => "GitLab",
            Tracker::Generic => "generic",
        })
    }
}

/// One issue of an export.
#[derive(Clone, Debug, PartialEq)]
pub struct Ticket {
    /// `OPS-12`, `owner/repo#7`, or `#7` when the export gives no URL.
    pub key: String,
    /// The status as the tracker writes it.
    pub status: String,
    pub done: bool,
}

/// A bad export: the file, the line (1-based) when known, what is wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct TicketError {
    pub file: String,
    pub line: Option<u64>,
    pub message: String,
}

impl fmt::Display for TicketError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Every ticket of the exports, found by reference.
#[derive(Clone, Debug, Default)]
pub struct Tickets {
    /// The export files, as given.
    pub files: Vec<String>,
    pub tickets: Vec<Ticket>,
    by_key: BTreeMap<String, usize>,
    /// `#7` → the tickets numbered 7 (a match only when there is one).
    by_number: BTreeMap<String, Vec<usize>>,
}

impl Tickets {
    /// Reads each export in turn; a ticket in two exports keeps the first.
    pub fn load(paths: &[impl AsRef<Path>]) -> Result<Tickets, TicketError> {
        let mut all = Tickets::default();
        for path in paths {
            let path = path.as_ref();
            let name = path.display().to_string();
            let bytes = std::fs::read(path)
                .map_err(|e| TicketError { file: name.clone(), line: None, message: format!("cannot read it: {e}") })?;
            let text = String::from_utf8(bytes)
                .map_err(|_| TicketError { file: name.clone(), line: None, message: "not UTF-8 text".into() })?;
            let (_, tickets) = parse(&name, &text)?;
            all.add(name, tickets);
        }
        Ok(all)
    }

    pub fn add(&mut self, file: String, tickets: Vec<Ticket>) {
        self.files.push(file);
        for t in tickets {
            let key = normalize_key(&t.key);
            if self.by_key.contains_key(&key) {
                continue;
            }
            let i = self.tickets.len();
            if let Some(n) = key.rfind('#').map(|h| key[h..].to_owned()) {
                self.by_number.entry(n).or_default().push(i);
            }
            self.by_key.insert(key, i);
            self.tickets.push(t);
        }
    }

    /// The ticket a reference (as returned by [`references`]) names.
    pub fn find(&self, reference: &str) -> Option<&Ticket> {
        if reference.starts_with('#') {
            return match self.by_number.get(reference).map(Vec::as_slice) {
                Some([one]) => Some(&self.tickets[*one]),
                _ => None,
            };
        }
        self.by_key.get(reference).map(|&i| &self.tickets[i])
    }
}

fn normalize_key(key: &str) -> String {
    if key.contains('#') {
        key.to_lowercase()
    } else {
        key.to_uppercase()
    }
}

/// The ticket references in a recommendation's tracking value, normalized
/// (see the module documentation).
pub fn references(tracking: &str) -> Vec<String> {
    let mut out = Vec::new();
    for token in tracking.split(|c: char| c.is_whitespace() || ",;()[]<>|".contains(c)) {
        let token = token.trim_matches(|c: char| ".:'\"`".contains(c));
        if let Some(r) = reference(token) {
            if !out.contains(&r) {
                out.push(r);
            }
        }
    }
    out
}

fn is_jira_key(t: &str) -> bool {
    let Some((project, number)) = t.rsplit_once('-') else { return false };
    let mut chars = project.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !number.is_empty()
        && number.chars().all(|c| c.is_ascii_digit())
}

fn is_number(t: &str) -> bool {
    !t.is_empty() && t.chars().all(|c| c.is_ascii_digit())
}

fn reference(token: &str) -> Option<String> {
    if token.is_empty() {
        return None;
    }
    if let Some(rest) = token.strip_prefix("https://").or_else(|| token.strip_prefix("http://")) {
        return url_reference(rest);
    }
    if let Some((path, n)) = token.rsplit_once('#') {
        let path_ok = path.is_empty()
            || path.split('/').count() >= 2
                && path.split('/').all(|s| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || "-_.".contains(c)));
        return (path_ok && is_number(n)).then(|| format!("{}#{n}", path.to_lowercase()));
    }
    is_jira_key(token).then(|| token.to_uppercase())
}

/// A reference from an URL without its scheme: `host/path...`.
fn url_reference(rest: &str) -> Option<String> {
    let rest = rest.split(['?', '#']).next().unwrap_or("").trim_end_matches('/');
    let (_host, path) = rest.split_once('/')?;
    let segments: Vec<&str> = path.split('/').collect();
    if let Some(i) = segments.iter().position(|s| *s == "browse") {
        let key = segments.get(i + 1)?;
        return is_jira_key(key).then(|| key.to_uppercase());
    }
    // GitLab: group/sub/project/-/issues/7
    if let Some(i) = segments.iter().position(|s| *s == "-") {
        if matches!(segments.get(i + 1), Some(&"issues") | Some(&"work_items")) && i >= 2 {
            let n = segments.get(i + 2)?;
            return is_number(n).then(|| format!("{}#{n}", segments[..i].join("/").to_lowercase()));
        }
        return None;
    }
    // GitHub: owner/repo/issues/7 (or pull/7)
    if segments.len() == 4 && matches!(segments[2], "issues" | "pull") && is_number(segments[3]) {
        return Some(format!("{}/{}#{}", segments[0], segments[1], segments[3]).to_lowercase());
    }
    None
}

// ---------------------------------------------------------------------------
// Parsing exports

/// Parses one export (`file` names it in errors).
pub fn parse(file: &str, text: &str) -> Result<(Tracker, Vec<Ticket>), TicketError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match text.trim_start().chars().next() {
        Some('[') | Some('{') => parse_json(file, text),
        Some(_) => parse_csv(file, text),
        None => Err(TicketError { file: file.into(), line: None, message: "the file is empty".into() }),
    }
}

fn error(file: &str, line: u64, message: impl Into<String>) -> TicketError {
    TicketError { file: file.into(), line: Some(line), message: message.into() }
}

fn parse_csv(file: &str, text: &str) -> Result<(Tracker, Vec<Ticket>), TicketError> {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
    // The line from the byte offset: csv's own line count skips blank lines.
    // (the record's position is where the reader stood, before any blank
    // lines it skipped).
    let line_of = |p: &csv::Position| {
        let bytes = text.as_bytes();
        let mut at = (p.byte() as usize).min(bytes.len());
        while at < bytes.len() && (bytes[at] == b'\n' || bytes[at] == b'\r') {
            at += 1;
        }
        bytes[..at].iter().filter(|b| **b == b'\n').count() as u64 + 1
    };
    let csv_error = |e: csv::Error| {
        let line = e.position().map(line_of);
        let message = match e.kind() {
            csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                format!("this row has {len} fields, the header has {expected_len}")
            }
            _ => e.to_string(),
        };
        TicketError { file: file.into(), line, message }
    };
    let headers: Vec<String> = reader.headers().map_err(csv_error)?.iter().map(str::to_owned).collect();
    let column = |names: &[&str]| headers.iter().position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)));
    let (tracker, key, status) = if let Some(key) = column(&["Issue key"]) {
        let status = column(&["Status"]).ok_or_else(|| error(file, 1, "a Jira export (it has `Issue key`) without a `Status` column"))?;
        (Tracker::Jira, key, status)
    } else if let (Some(id), Some(state)) = (column(&["Issue ID"]), column(&["State"])) {
        (Tracker::Gitlab, id, state)
    } else if let (Some(url), Some(status)) = (column(&["URL"]), column(&["Status", "State"])) {
        (Tracker::Github, url, status)
    } else if let (Some(key), Some(status)) = (column(&["key", "ticket", "id"]), column(&["status", "state"])) {
        (Tracker::Generic, key, status)
    } else {
        return Err(error(
            file,
            1,
            format!(
                "no known columns: expected `Issue key` and `Status` (Jira), `Issue ID`, `URL` and `State` (GitLab), `URL` and `Status` (GitHub Projects) or `key` and `status`; the header has {}",
                headers.iter().map(|h| format!("`{h}`")).collect::<Vec<_>>().join(", ")
            ),
        ));
    };
    let category = column(&["Status Category"]);
    let resolution = column(&["Resolution"]);
    let url = column(&["URL"]);
    let mut tickets = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = record.position().map_or(0, line_of);
        let get = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("");
        let raw_key = get(Some(key));
        if raw_key.is_empty() && record.iter().all(str::is_empty) {
            continue;
        }
        let state = get(Some(status)).to_owned();
        if raw_key.is_empty() {
            return Err(error(file, line, format!("the `{}` column is empty", headers[key])));
        }
        if state.is_empty() {
            return Err(error(file, line, format!("the `{}` column is empty", headers[status])));
        }
        let key = match tracker {
            Tracker::Jira => {
                if !is_jira_key(raw_key) {
                    return Err(error(file, line, format!("`{raw_key}` is not a Jira issue key (like OPS-12)")));
                }
                raw_key.to_uppercase()
            }
            Tracker::Gitlab => {
                let n = raw_key.trim_start_matches('#');
                if !is_number(n) {
                    return Err(error(file, line, format!("`{raw_key}` is not a GitLab issue number")));
                }
                match url_reference(get(url).split_once("://").map_or("", |(_, r)| r)) {
                    Some(r) => r,
                    None => format!("#{n}"),
                }
            }
            Tracker::Github => match url_reference(raw_key.split_once("://").map_or("", |(_, r)| r)) {
                Some(r) => r,
                None => return Err(error(file, line, format!("`{raw_key}` is not a GitHub issue URL"))),
            },
            Tracker::Generic => match reference(raw_key) {
                Some(r) => r,
                None if is_number(raw_key) => format!("#{raw_key}"),
                None => return Err(error(file, line, format!("`{raw_key}` is not a ticket reference (OPS-12, owner/repo#7, #7 or an issue URL)"))),
            },
        };
        let done = match tracker {
            Tracker::Jira => match (get(category), get(resolution)) {
                (c, _) if !c.is_empty() => c.eq_ignore_ascii_case("done"),
                (_, r) if resolution.is_some() => !r.is_empty() && !r.eq_ignore_ascii_case("unresolved"),
                _ => crate::is_done(&state),
            },
            _ => crate::is_done(&state),
        };
        tickets.push(Ticket { key, status: state, done });
    }
    Ok((tracker, tickets))
}

#[derive(Deserialize)]
struct JiraSearch {
    issues: Vec<JiraIssue>,
}

#[derive(Deserialize)]
struct JiraIssue {
    key: String,
    fields: JiraFields,
}

#[derive(Deserialize)]
struct JiraFields {
    status: JiraStatus,
    #[serde(default)]
    resolution: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct JiraStatus {
    name: String,
    #[serde(rename = "statusCategory", default)]
    category: Option<JiraCategory>,
}

#[derive(Deserialize)]
struct JiraCategory {
    key: String,
}

#[derive(Deserialize)]
struct GithubIssue {
    number: u64,
    state: String,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    html_url: Option<String>,
}

#[derive(Deserialize)]
struct GitlabIssue {
    iid: u64,
    state: String,
    #[serde(default)]
    web_url: Option<String>,
}

fn parse_json(file: &str, text: &str) -> Result<(Tracker, Vec<Ticket>), TicketError> {
    let json_error = |e: serde_json::Error| {
        let message = e.to_string();
        let message = match message.rfind(" at line ") {
            Some(i) => message[..i].to_owned(),
            None => message,
        };
        error(file, e.line() as u64, message)
    };
    let value: serde_json::Value = serde_json::from_str(text).map_err(json_error)?;
    let items = match &value {
        serde_json::Value::Array(items) => items,
        serde_json::Value::Object(o) => match o.get("issues") {
            Some(serde_json::Value::Array(items)) => items,
            _ => return Err(error(file, 1, "a JSON object without an `issues` array (expected a Jira search response, or an array of issues)")),
        },
        _ => unreachable!("the text starts with [ or {{"),
    };
    let Some(first) = items.first() else {
        return Ok((Tracker::Generic, Vec::new()));
    };
    let has = |k: &str| first.get(k).is_some();
    let source = |e| json_error(e);
    if has("key") && has("fields") {
        let issues: Vec<JiraIssue> = if value.is_object() {
            serde_json::from_str::<JiraSearch>(text).map_err(source)?.issues
        } else {
            serde_json::from_str(text).map_err(source)?
        };
        let tickets = issues
            .into_iter()
            .map(|i| {
                if !is_jira_key(&i.key) {
                    return Err(error(file, 1, format!("`{}` is not a Jira issue key (like OPS-12)", i.key)));
                }
                let done = match &i.fields.status.category {
                    Some(c) => c.key.eq_ignore_ascii_case("done"),
                    None => i.fields.resolution.as_ref().is_some_and(|r| !r.is_null()),
                };
                Ok(Ticket { key: i.key.to_uppercase(), status: i.fields.status.name, done })
            })
            .collect::<Result<_, _>>()?;
        Ok((Tracker::Jira, tickets))
    } else if has("iid") && value.is_array() {
        let issues: Vec<GitlabIssue> = serde_json::from_str(text).map_err(source)?;
        let tickets = issues
            .into_iter()
            .map(|i| {
                let key = i
                    .web_url
                    .as_deref()
                    .and_then(|u| url_reference(u.split_once("://").map_or("", |(_, r)| r)))
                    .unwrap_or_else(|| format!("#{}", i.iid));
                Ticket { key, done: i.state.eq_ignore_ascii_case("closed"), status: i.state }
            })
            .collect();
        Ok((Tracker::Gitlab, tickets))
    } else if has("number") && value.is_array() {
        let issues: Vec<GithubIssue> = serde_json::from_str(text).map_err(source)?;
        let tickets = issues
            .into_iter()
            .map(|i| {
                let key = i
                    .html_url
                    .as_deref()
                    .or(i.url.as_deref())
                    .and_then(|u| url_reference(u.split_once("://").map_or("", |(_, r)| r)))
                    .unwrap_or_else(|| format!("#{}", i.number));
                Ticket { key, done: i.state.eq_ignore_ascii_case("closed"), status: i.state }
            })
            .collect();
        Ok((Tracker::Github, tickets))
    } else {
        Err(error(
            file,
            1,
            "not a known issue export: expected Jira issues (`key`, `fields`), GitHub issues (`number`, `state`) or GitLab issues (`iid`, `state`)",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(t: &[Ticket]) -> Vec<(&str, &str, bool)> {
        t.iter().map(|t| (t.key.as_str(), t.status.as_str(), t.done)).collect()
    }

    #[test]
    fn references_in_tracking_values() {
        assert_eq!(references("OPS-12"), ["OPS-12"]);
        assert_eq!(references("ops-12, SEC-3"), ["OPS-12", "SEC-3"]);
        assert_eq!(references("[OPS-12](https://acme.atlassian.net/browse/OPS-12)"), ["OPS-12"]);
        assert_eq!(references("https://github.com/Acme/Mail/issues/7"), ["acme/mail#7"]);
        assert_eq!(references("https://gitlab.example/grp/sub/proj/-/issues/9#note_1"), ["grp/sub/proj#9"]);
        assert_eq!(references("acme/mail#7 #8"), ["acme/mail#7", "#8"]);
        assert!(references("none").is_empty() && references("see Slack").is_empty() && references("https://example.com/x").is_empty());
    }

    #[test]
    fn jira_csv_uses_the_status_category_else_the_resolution() {
        let csv = "Summary,Issue key,Issue id,Status,Resolution,Status Category\nA,OPS-1,10,Closed,Fixed,Done\nB,ops-2,11,In Review,,In Progress\n";
        let (tracker, t) = parse("j.csv", csv).unwrap();
        assert_eq!(tracker, Tracker::Jira);
        assert_eq!(keys(&t), [("OPS-1", "Closed", true), ("OPS-2", "In Review", false)]);
        let csv = "Issue key,Status,Resolution\nOPS-1,Shipped,Done\nOPS-2,Shipped,Unresolved\n";
        assert_eq!(keys(&parse("j.csv", csv).unwrap().1), [("OPS-1", "Shipped", true), ("OPS-2", "Shipped", false)]);
    }

    #[test]
    fn gitlab_and_github_exports() {
        let csv = "Title,Description,Issue ID,URL,State\nX,,4,https://gitlab.com/acme/web/-/issues/4,Closed\nY,,5,,Open\n";
        let (tracker, t) = parse("g.csv", csv).unwrap();
        assert_eq!(tracker, Tracker::Gitlab);
        assert_eq!(keys(&t), [("acme/web#4", "Closed", true), ("#5", "Open", false)]);
        let json = r#"[{"iid": 4, "id": 999, "state": "opened", "web_url": "https://gitlab.com/acme/web/-/issues/4"}]"#;
        assert_eq!(keys(&parse("g.json", json).unwrap().1), [("acme/web#4", "opened", false)]);
        let json = r#"[{"number": 7, "state": "CLOSED", "url": "https://github.com/acme/mail/issues/7"}, {"number": 8, "state": "open"}]"#;
        let (tracker, t) = parse("h.json", json).unwrap();
        assert_eq!(tracker, Tracker::Github);
        assert_eq!(keys(&t), [("acme/mail#7", "CLOSED", true), ("#8", "open", false)]);
        let csv = "Title,URL,Assignees,Status\nX,https://github.com/acme/mail/issues/9,,Done\n";
        assert_eq!(keys(&parse("p.csv", csv).unwrap().1), [("acme/mail#9", "Done", true)]);
    }

    #[test]
    fn jira_json_search_response() {
        let json = r#"{"total": 2, "issues": [
            {"key": "OPS-1", "fields": {"status": {"name": "Closed", "statusCategory": {"key": "done"}}}},
            {"key": "OPS-2", "fields": {"status": {"name": "Won't Do"}, "resolution": null}}
        ]}"#;
        assert_eq!(keys(&parse("j.json", json).unwrap().1), [("OPS-1", "Closed", true), ("OPS-2", "Won't Do", false)]);
    }

    #[test]
    fn bad_exports_name_the_file_and_line() {
        let e = parse("t.csv", "Issue key,Status\nOPS-1,Done\nOPS-2\n").unwrap_err();
        assert_eq!(e.to_string(), "t.csv:3: this row has 1 fields, the header has 2");
        let e = parse("t.csv", "Issue key,Status\nOPS-1,Done\n\nnot a key,Open\n").unwrap_err();
        assert_eq!(e.to_string(), "t.csv:4: `not a key` is not a Jira issue key (like OPS-12)");
        let e = parse("t.csv", "Name,Colour\nx,y\n").unwrap_err();
        assert!(e.to_string().starts_with("t.csv:1: no known columns"), "{e}");
        let e = parse("t.json", "[\n {\"number\": 1, \"state\": \"open\"},\n {\"number\": 2}\n]").unwrap_err();
        assert_eq!(e.to_string(), "t.json:3: missing field `state`");
        let e = parse("t.json", "[\n {\"number\": 1,,}\n]").unwrap_err();
        assert_eq!(e.line, Some(2));
        let e = parse("t.json", r#"[{"name": "x"}]"#).unwrap_err();
        assert!(e.to_string().starts_with("t.json:1: not a known issue export"), "{e}");
    }

    #[test]
    fn short_numbers_match_only_when_unambiguous() {
        let mut t = Tickets::default();
        t.add("a".into(), vec![Ticket { key: "acme/a#1".into(), status: "open".into(), done: false }]);
        assert_eq!(t.find("#1").map(|t| t.key.as_str()), Some("acme/a#1"));
        t.add("b".into(), vec![Ticket { key: "acme/b#1".into(), status: "open".into(), done: false }]);
        assert_eq!(t.find("#1"), None);
        assert!(t.find("acme/b#1").is_some());
    }
}
