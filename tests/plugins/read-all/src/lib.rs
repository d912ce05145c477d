//! Test plugin `read-all`: reads every field of the model through the SDK
//! accessors (every text resolved, every body and heading, the heading
//! table and the date context) and reports nothing. The benchmark of what
//! passing the model costs (`benches/sandbox.rs`) runs it, so that a lazy
//! transport cannot hide its cost in the plugin.

use pirlint_plugin_sdk::prelude::*;

struct P;

/// Adds up what it reads, so that nothing is optimized away.
#[derive(Default)]
struct Sum(usize);

impl Sum {
    fn str(&mut self, s: &str) {
        self.0 = self.0.wrapping_add(s.len()).wrapping_add(s.bytes().map(usize::from).sum::<usize>());
    }
    fn opt(&mut self, s: Option<&str>) {
        if let Some(s) = s {
            self.str(s);
        }
    }
    fn span(&mut self, s: Span) {
        self.0 = self.0.wrapping_add((s.start ^ s.end) as usize);
    }
    fn text(&mut self, cx: &Context<'_>, t: &Text) {
        self.span(t.span);
        self.str(cx.text(t));
    }
    fn texts(&mut self, cx: &Context<'_>, ts: &[Text]) {
        ts.iter().for_each(|t| self.text(cx, t));
    }
    fn opt_text(&mut self, cx: &Context<'_>, t: Option<&Text>) {
        if let Some(t) = t {
            self.text(cx, t);
        }
    }
    fn timestamp(&mut self, cx: &Context<'_>, t: Option<&Timestamp>) {
        let Some(t) = t else { return };
        self.span(t.span);
        self.str(cx.text(t));
        self.0 = self.0.wrapping_add(t.date.unwrap_or(0) as usize).wrapping_add(t.time.unwrap_or(0) as usize);
        self.opt(cx.zone(t));
        self.0 = self.0.wrapping_add(t.zone_from_report as usize).wrapping_add(t.utc_seconds.unwrap_or(0) as usize);
    }
}

fn read_all(cx: &Context<'_>) -> usize {
    let mut s = Sum::default();
    let r = cx.report;
    let m = &r.metadata;
    if let Some(span) = m.span {
        s.span(span);
    }
    for t in [&m.id, &m.title, &m.severity, &m.status, &m.incident_type, &m.timezone] {
        s.opt_text(cx, t.as_ref());
    }
    for t in [&m.occurred, &m.detected, &m.contained, &m.recovered, &m.resolved] {
        s.timestamp(cx, t.as_ref());
    }
    s.texts(cx, &m.authors);
    if let Some(mt) = &m.meeting {
        s.span(mt.span);
        s.timestamp(cx, mt.date.as_ref());
        s.timestamp(cx, mt.agenda_sent.as_ref());
        s.opt_text(cx, mt.moderator.as_ref());
        s.opt_text(cx, mt.scribe.as_ref());
        s.texts(cx, &mt.attendees);
        s.texts(cx, &mt.excused);
    }
    if let Some(im) = &m.impact {
        s.span(im.span);
        s.opt_text(cx, im.users_affected.as_ref());
        s.texts(cx, &im.systems);
        s.opt_text(cx, im.cost_estimate.as_ref());
    }
    for e in &m.extra {
        s.str(&e.key);
        s.str(&e.value_json);
        s.span(e.span);
    }
    for sec in &r.sections {
        s.str(cx.heading(sec));
        s.str(cx.body(sec));
        s.opt(cx.kind(sec));
        s.span(sec.span);
        s.span(sec.heading_span);
        s.span(sec.body_span);
        s.0 = s.0.wrapping_add(sec.level as usize + sec.parent.unwrap_or(0) as usize);
    }
    for e in &r.timeline {
        s.span(e.span);
        s.timestamp(cx, Some(&e.timestamp));
        s.text(cx, &e.text);
        s.opt_text(cx, e.phase.as_ref());
        s.opt_text(cx, e.actor.as_ref());
        if let Some(r) = &e.reading {
            s.0 = s.0.wrapping_add(r.date_from as usize + r.zone_from as usize);
            s.0 = s.0.wrapping_add(r.approximate as usize + r.rolled_over_midnight as usize + r.placeholder as usize);
            s.opt(r.ambiguous_date.as_deref());
            s.opt(r.malformed_date.as_deref());
            s.opt(r.probably_meant.as_deref());
        }
    }
    for x in &r.recommendations {
        s.span(x.span);
        s.text(cx, &x.text);
        for t in [&x.priority, &x.owner, &x.status, &x.tracking] {
            s.opt_text(cx, t.as_ref());
        }
        s.timestamp(cx, x.due.as_ref());
    }
    for p in cx.prose() {
        s.str(cx.slice(p.span));
        s.0 = s.0.wrapping_add(p.section.unwrap_or(0) as usize);
    }
    let d = &r.durations;
    for v in [d.time_to_detect, d.time_to_contain, d.time_to_recover, d.time_to_resolve] {
        s.0 = s.0.wrapping_add(v.unwrap_or(0) as usize);
    }
    for k in cx.headings() {
        s.str(&k.kind);
        s.str(&k.display);
        k.headings.iter().for_each(|h| s.str(h));
    }
    let dates = cx.dates();
    s.0 = s.0.wrapping_add(dates.incident_date.unwrap_or(0) as usize);
    s.opt(model::zone_at(r, dates.zone));
    s.0 = s.0.wrapping_add(dates.zone_from as usize + dates.date_order as usize);
    r.zones.iter().for_each(|z| s.str(z));
    s.0 = s.0.wrapping_add(r.format as usize);
    s.str(&cx.run.now);
    s.str(&cx.run.path);
    s.0
}

impl Plugin for P {
    fn describe() -> PluginInfo {
        PluginInfo::new(
            "read-all",
            env!("CARGO_PKG_VERSION"),
            vec![RuleInfo::new(
                "read-all/every-field",
                "Test rule: reads every field of the model, reports nothing",
                Severity::Info,
                "Test plugin for the pirlint host's benchmarks; never ship it.",
                pirlint_plugin_sdk::NO_OPTIONS_SCHEMA,
            )],
        )
    }

    fn check(report: Report, source: String, rules: Vec<RuleConfig>, context: CheckContext) -> Result<Vec<Diagnostic>, String> {
        let cx = Context::new(&report, &source, &context, &rules);
        // The sum is never 1 (it adds the length of "now"); the branch only
        // keeps the reads from being removed.
        if read_all(&cx) == 1 {
            return Err("unreachable".into());
        }
        Ok(Vec::new())
    }
}

pirlint_plugin_sdk::export!(P);
