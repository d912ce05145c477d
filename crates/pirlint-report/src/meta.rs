//! Turning front matter (or the top level of a structured report) into
//! [`Metadata`]. Keys are matched after dropping case, `_` and `-`, so
//! `incident_type`, `incident-type` and `incidentType` are one key.

use crate::model::{
    ContentItem, ExtraField, Impact, Meeting, Metadata, Notification, ParseProblem, Span, Text,
    Timestamp,
};
use crate::node::{Kind, Node};
use crate::time::{parse_timestamp, TimeContext};

pub(crate) fn norm_key(key: &str) -> String {
    key.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Top-level keys that structured reports use for content, not metadata.
pub(crate) const CONTENT_KEYS: &[&str] = &["sections", "timeline", "recommendations"];

pub(crate) struct MetaBuilder<'a> {
    pub source: &'a str,
    pub problems: &'a mut Vec<ParseProblem>,
    pub zone: Option<String>,
    pub zone_aliases: &'a [(String, String)],
}

impl MetaBuilder<'_> {
    fn wrong_type(&mut self, key: &str, expected: &str, node: &Node) {
        self.problems.push(ParseProblem {
            message: format!("`{key}` should be {expected}, found {}", node.type_name()),
            span: node.span,
            help: None,
        });
    }

    pub fn text(&mut self, key: &str, node: &Node) -> Option<Text> {
        match &node.kind {
            Kind::Null => None,
            Kind::Seq(_) | Kind::Map(_) => {
                self.wrong_type(key, "text", node);
                None
            }
            _ => Some(Text {
                value: node.scalar_string()?,
                span: node.span,
            }),
        }
    }

    pub fn timestamp(&mut self, key: &str, node: &Node) -> Option<Timestamp> {
        let text = self.text(key, node)?;
        let ctx = TimeContext {
            date: None,
            zone: self.zone.as_deref(),
            zone_aliases: self.zone_aliases,
            ..TimeContext::default()
        };
        Some(parse_timestamp(&text.value, text.span, &ctx))
    }

    /// A list of names; a single string is split on commas ("A, B").
    pub fn texts(&mut self, key: &str, node: &Node) -> Vec<Text> {
        match &node.kind {
            Kind::Null => Vec::new(),
            Kind::Seq(items) => items.iter().filter_map(|n| self.text(key, n)).collect(),
            Kind::Str(s) => {
                let exact = self.source.get(node.span.range()) == Some(s.as_str());
                let mut out = Vec::new();
                let mut offset = 0;
                for part in s.split(',') {
                    let trimmed = part.trim();
                    if !trimmed.is_empty() {
                        let span = if exact {
                            let lead = part.len() - part.trim_start().len();
                            let start = node.span.start as usize + offset + lead;
                            Span::new(start, start + trimmed.len())
                        } else {
                            node.span
                        };
                        out.push(Text {
                            value: trimmed.to_string(),
                            span,
                        });
                    }
                    offset += part.len() + 1;
                }
                out
            }
            _ => {
                self.wrong_type(key, "a list of names", node);
                Vec::new()
            }
        }
    }

    fn entries<'n>(&mut self, key: &str, node: &'n Node) -> &'n [(Node, Node)] {
        match &node.kind {
            Kind::Map(entries) => entries,
            Kind::Null => &[],
            _ => {
                self.wrong_type(key, "a mapping", node);
                &[]
            }
        }
    }

    fn meeting(&mut self, node: &Node, extra: &mut Vec<ExtraField>) -> Meeting {
        let mut m = Meeting {
            span: node.span,
            ..Meeting::default()
        };
        for (k, v) in self.entries("meeting", node) {
            let key = k.key_str();
            let label = format!("meeting.{key}");
            match norm_key(&key).as_str() {
                "date" => m.date = self.timestamp(&label, v),
                "agendasent" | "agendadate" => m.agenda_sent = self.timestamp(&label, v),
                "moderator" | "facilitator" => m.moderator = self.text(&label, v),
                "scribe" | "notetaker" => m.scribe = self.text(&label, v),
                "attendees" | "participants" => m.attendees = self.texts(&label, v),
                "excused" | "absent" => m.excused = self.texts(&label, v),
                _ => extra.push(extra_field(label, k, v)),
            }
        }
        m
    }

    fn impact(&mut self, node: &Node, extra: &mut Vec<ExtraField>) -> Impact {
        let mut i = Impact {
            span: node.span,
            ..Impact::default()
        };
        for (k, v) in self.entries("impact", node) {
            let key = k.key_str();
            let label = format!("impact.{key}");
            match norm_key(&key).as_str() {
                "usersaffected" | "affectedusers" | "users" => {
                    i.users_affected = self.text(&label, v)
                }
                "systems" | "systemsaffected" | "affectedsystems" | "services" => {
                    i.systems = self.texts(&label, v)
                }
                "costestimate" | "cost" => i.cost_estimate = self.text(&label, v),
                _ => extra.push(extra_field(label, k, v)),
            }
        }
        i
    }

    /// `notifications`: a list of mappings, one per notification.
    fn notifications(&mut self, key: &str, node: &Node) -> Vec<Notification> {
        match &node.kind {
            Kind::Null => Vec::new(),
            Kind::Seq(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| self.notification(&format!("{key}[{i}]"), item))
                .collect(),
            _ => {
                self.wrong_type(key, "a list of notifications", node);
                Vec::new()
            }
        }
    }

    fn notification(&mut self, label: &str, node: &Node) -> Option<Notification> {
        if matches!(node.kind, Kind::Null) {
            return None;
        }
        if !matches!(node.kind, Kind::Map(_)) {
            self.wrong_type(label, "a mapping (regime, kind, authority, at, delay-reason, contents)", node);
            return None;
        }
        let mut n = Notification {
            span: node.span,
            ..Notification::default()
        };
        for (k, v) in self.entries(label, node) {
            let key = k.key_str();
            let field = format!("{label}.{key}");
            match norm_key(&key).as_str() {
                "regime" | "regulation" => n.regime = self.text(&field, v),
                "kind" | "type" | "report" => n.kind = self.text(&field, v),
                "authority" | "to" | "recipient" => n.authority = self.text(&field, v),
                "at" | "sent" | "notified" | "submitted" | "filed" | "date" => {
                    n.at = self.timestamp(&field, v)
                }
                "delayreason" | "reason" | "reasons" | "reasonsfordelay" | "reasonfordelay" => {
                    n.delay_reason = self.text(&field, v)
                }
                "contents" | "content" => self.contents(&field, "", v, &mut n.contents),
                _ => self.problems.push(ParseProblem {
                    message: format!("`{field}` is not a field of a notification"),
                    span: k.span,
                    help: Some(
                        "a notification has `regime`, `kind`, `authority`, `at`, `delay-reason` and `contents` (what it recorded: nature, data-subjects, ...)".into(),
                    ),
                }),
            }
        }
        Some(n)
    }

    /// The items of `contents`, nested mappings flattened into dotted keys.
    fn contents(&mut self, label: &str, prefix: &str, node: &Node, out: &mut Vec<ContentItem>) {
        for (k, v) in self.entries(label, node) {
            let name = kebab(&k.key_str());
            let key = if prefix.is_empty() { name } else { format!("{prefix}.{name}") };
            match &v.kind {
                Kind::Null => {}
                Kind::Map(_) => self.contents(label, &key, v, out),
                Kind::Seq(items) => {
                    let parts: Vec<String> = items.iter().filter_map(Node::scalar_string).collect();
                    let value = if parts.len() == items.len() {
                        parts.join(", ")
                    } else {
                        self.source.get(v.span.range()).unwrap_or_default().to_string()
                    };
                    if !value.trim().is_empty() {
                        out.push(ContentItem { key, value: Text { value, span: v.span } });
                    }
                }
                _ => {
                    if let Some(value) = self.text(label, v).filter(|t| !t.value.trim().is_empty()) {
                        out.push(ContentItem { key, value });
                    }
                }
            }
        }
    }

    /// Builds metadata from a mapping node. `span` is the front-matter block
    /// or the whole structured document.
    pub fn build(&mut self, root: &Node, span: Span) -> Metadata {
        let mut md = Metadata {
            span: Some(span),
            ..Metadata::default()
        };
        let Kind::Map(entries) = &root.kind else {
            if !matches!(root.kind, Kind::Null) {
                self.problems.push(ParseProblem {
                    message: format!(
                        "expected a mapping of keys to values, found {}",
                        root.type_name()
                    ),
                    span: root.span,
                    help: Some(
                        "front matter looks like `key: value` lines between `---` lines".into(),
                    ),
                });
            }
            return md;
        };
        // The zone first: the other timestamps inherit it.
        for (k, v) in entries {
            if norm_key(&k.key_str()) == "timezone" {
                md.timezone = self.text("timezone", v);
                // The organization's alias is what the report means: rules
                // compare it with entries, which are resolved the same way.
                if let Some(tz) = md.timezone.as_mut() {
                    if let Some(zone) = crate::time::zone_alias(&tz.value, self.zone_aliases) {
                        tz.value = zone.to_string();
                    }
                }
            }
        }
        self.zone = md.timezone.as_ref().map(|t| t.value.clone());
        let mut extra = Vec::new();
        for (k, v) in entries {
            let key = k.key_str();
            match norm_key(&key).as_str() {
                "id" => md.id = self.text(&key, v),
                "title" => md.title = self.text(&key, v),
                "severity" | "sev" => md.severity = self.text(&key, v),
                "status" => md.status = self.text(&key, v),
                "incidenttype" | "type" => md.incident_type = self.text(&key, v),
                "occurred" | "started" => md.occurred = self.timestamp(&key, v),
                "detected" => md.detected = self.timestamp(&key, v),
                "contained" => md.contained = self.timestamp(&key, v),
                "recovered" => md.recovered = self.timestamp(&key, v),
                "resolved" => md.resolved = self.timestamp(&key, v),
                "timezone" => {}
                "authors" | "author" => md.authors = self.texts(&key, v),
                "meeting" => md.meeting = Some(self.meeting(v, &mut extra)),
                "impact" => md.impact = Some(self.impact(v, &mut extra)),
                "regulations" | "regulation" | "regimes" => md.regulations = self.texts(&key, v),
                "aware" | "becameaware" | "awareness" | "awareat" => {
                    md.aware = self.timestamp(&key, v)
                }
                "classifiedmajor" | "classifiedasmajor" => md.classified_major = self.timestamp(&key, v),
                "materialitydetermined" | "materialitydetermination" | "determinedmaterial" => {
                    md.materiality_determined = self.timestamp(&key, v)
                }
                "notifications" => md.notifications = self.notifications(&key, v),
                // Also kept in `extra`, where plugins read front-matter values
                // (placeholders, personal data): the audit reads these.
                "systems" | "affectedsystems" | "systemsaffected" | "services" | "affectedservices" => {
                    md.systems = self.texts(&key, v);
                    extra.push(extra_field(key, k, v));
                }
                "contributingfactors" | "factors" => {
                    md.contributing_factors = self.texts(&key, v);
                    extra.push(extra_field(key, k, v));
                }
                k2 if CONTENT_KEYS.contains(&k2) => {}
                _ => extra.push(extra_field(key, k, v)),
            }
        }
        md.extra = extra;
        md
    }
}

/// A key in kebab case: "Data_Subjects" -> "data-subjects",
/// "approximateNumber" -> "approximate-number".
fn kebab(key: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in key.trim().chars() {
        if c == '_' || c == ' ' || c == '-' {
            if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
            prev_lower = false;
        } else if c.is_uppercase() {
            if prev_lower {
                out.push('-');
            }
            out.extend(c.to_lowercase());
            prev_lower = false;
        } else {
            out.push(c);
            prev_lower = c.is_lowercase() || c.is_ascii_digit();
        }
    }
    out.trim_end_matches('-').to_string()
}

fn extra_field(key: String, k: &Node, v: &Node) -> ExtraField {
    let end = v.span.end.max(k.span.end);
    ExtraField {
        key,
        value_json: serde_json::to_string(&v.to_json()).unwrap_or_else(|_| "null".into()),
        span: Span::new(k.span.start as usize, end as usize),
    }
}
