#!/usr/bin/env python3
"""Deterministic corpus of synthetic post-incident reports for pirlint benchmarks.

    python3 benches/gen_corpus.py --count 1000 --seed 42 --out DIR [--size 8000]

Writes DIR/report-00001.md ... of roughly --size bytes each. The same seed gives
the same bytes on every run: each report draws from its own random.Random seeded
with the string "<seed>:<index>" (seeded through SHA-512, not hash()), no dict or
set ordering is relied on, and no clock, locale or environment is read.

Variety, per report: front matter present (~90%) with some fields dropped, key
style snake/kebab/camel; timeline as table, bullet list or bullets under date
headings, timestamps in several formats, sometimes out of order (~12%) or with
no zone (~15%); recommendations as table or plain list, sometimes missing
owner/priority; blame or hindsight sentences (~20% of reports); one or two
required sections missing (~10%); occasional code blocks and block quotes.
"""
import argparse
import datetime as dt
import os
import random

ORGS = ["Harbourline", "Kestrel Freight", "Northwind Ledger", "Brightwater", "Tallow Pay",
        "Quillon Health", "Marlowe Games", "Oakridge Energy"]
PEOPLE = ["Priya Raman", "Tom Okafor", "Lena Fischer", "Ahmed Saleh", "Jonas Lindqvist",
          "Aisha Bello", "Carmen Ortiz", "Wei Zhang", "Rafael Costa", "Noor Haddad",
          "Sven Aalto", "Kofi Mensah", "Ines Duarte", "Keiko Tanaka", "Luis Romero",
          "Hannah Weiss", "Marta Kowalczyk", "Dev Patel"]
SYSTEMS = ["auth-service", "customer-portal", "orders-db", "checkout-api", "cdn-edge",
           "payments-gateway", "search-cluster", "vpn-gateway", "mail-gateway",
           "k8s-ingress", "billing-worker", "object-store", "sso-idp", "file-server"]
KINDS = [  # (type, title template, trigger)
    ("security", "Credential stuffing against {sys}", "a burst of logins from a proxy network"),
    ("security", "Phishing campaign reaching {sys} users", "a lookalike payroll email"),
    ("security", "Ransomware on {sys}", "encrypted files appearing on a share"),
    ("security", "Exposed API key for {sys}", "a key committed to a public repository"),
    ("availability", "Failover delay on {sys}", "the primary losing its storage volume"),
    ("availability", "Configuration push broke {sys}", "a bad configuration push"),
    ("availability", "Certificate expiry on {sys}", "an expired TLS certificate"),
    ("availability", "Capacity exhaustion in {sys}", "connection pool exhaustion"),
]
EVENTS = [
    ("First anomalous requests reach {sys}", None),
    ("Monitoring alert fires for {sys}; {p} paged", "detection"),
    ("{p} confirms impact on {sys}", "analysis"),
    ("Incident declared {sev}; {p} takes command", "analysis"),
    ("Status page updated by {p}", "analysis"),
    ("Traffic to {sys} blocked at the edge", "containment"),
    ("Affected credentials revoked by {p}", "containment"),
    ("Change to {sys} rolled back", "containment"),
    ("Malicious artefacts removed from {sys}", "eradication"),
    ("Hosts for {sys} rebuilt from the golden image", "eradication"),
    ("{sys} restored from backup", "recovery"),
    ("Error rate for {sys} back to baseline", "recovery"),
    ("Incident closed by {p}", "recovery"),
]
PROSE = [
    "Logs from {sys} showed {n} requests in the first ten minutes, about {m} times the weekly baseline.",
    "{p} compared the configuration of {sys} with the last known good version and found {m} differences.",
    "The alert for {sys} had been tuned in the previous quarter and fired within {m} minutes of the first errors.",
    "Dashboards for {sys} showed latency rising from {m} ms to {n} ms before errors began.",
    "The runbook for {sys} covered the first steps, but the rollback section assumed an older deployment model.",
    "Customer support received {n} contacts during the incident, most of them about failed payments.",
    "A packet capture on {sys} confirmed that traffic came from {m} autonomous systems.",
    "{p} coordinated with the vendor, who confirmed a related fault on their side at {hm}.",
    "Contributing factors included a missing per-account limit and an alert threshold set above normal peaks.",
    "The team kept a shared document of hypotheses and closed each one with the evidence that ruled it out.",
    "Recovery took longer than the runbook estimate because the backup for {sys} was {n} GB.",
    "The business confirmed the customer message within {m} minutes, which let support answer calls consistently.",
    "We have no dashboard that joins edge, application and identity events for {sys} by account.",
    "Access to the vendor console was limited to two people, which slowed the rollback of {sys}.",
    "The change to {sys} passed review and tests; the staging environment lacked the production setting involved.",
]
BLAME = [
    "This was human error by the operator on shift.",
    "{p} should have checked the diff before pushing the change to {sys}.",
    "The on-call engineer failed to notice the alert for {m} minutes.",
    "Obviously the threshold on {sys} was wrong, and anyone could have seen it.",
    "It was {p}'s fault that the rollback of {sys} took so long.",
    "The change was careless given how many customers depend on {sys}.",
    "In hindsight the team would have avoided this by reading the release notes.",
]
LESSONS = ["What went well", "What could be done differently", "How did we do against our playbooks?",
           "Did the business provide the information we needed in time?",
           "What tools and resources do we need?", "Where we got lucky"]
ACTIONS = ["Add a per-account rate limit to {sys}", "Page on replication lag for {sys} above 256 MB",
           "Manage the {sys} configuration as code with review in CI", "Rotate service credentials used by {sys}",
           "Add a synthetic check for {sys} that bypasses the cache", "Write a rollback runbook for {sys}",
           "Expire feature flags that disable security controls", "Alert on new external mail forwarding rules",
           "Run a failover drill for {sys} each quarter", "Move backups of {sys} to immutable storage"]
VAGUE = ["Improve monitoring", "Be more careful with production changes", "Make {sys} more robust",
         "Make sure this never happens again"]
HEADINGS = {
    "summary": ["Executive summary", "Summary", "TL;DR", "Overview"],
    "timeline": ["Timeline", "Chronology", "Sequence of events"],
    "investigation": ["Investigation", "Analysis", "Root cause and contributing factors"],
    "response": ["Containment, eradication and recovery", "Response", "Mitigation and recovery"],
    "lessons": ["Lessons learned", "What went wrong", "Retrospective"],
    "recs": ["Recommendations", "Action items", "Follow-ups", "Remediation"],
}
SECTION_ORDER = ["summary", "timeline", "investigation", "response", "lessons", "recs"]
ZONES = [("UTC", dt.timedelta(0)), ("CET", dt.timedelta(hours=1)), ("+02:00", dt.timedelta(hours=2))]


def key(name, style):
    parts = name.split("_")
    if style == "kebab":
        return "-".join(parts)
    if style == "camel":
        return parts[0] + "".join(p.title() for p in parts[1:])
    return name


def fill(r, tpl, ctx):
    return tpl.format(sys=r.choice(ctx["systems"]), p=r.choice(ctx["people"]), sev=ctx["sev"],
                      n=r.randint(120, 9000), m=r.randint(2, 40), hm="%02d:%02d" % (r.randint(0, 23), r.randint(0, 59)))


def fmt_ts(t, style, zone):
    if style == "iso":
        return t.strftime("%Y-%m-%dT%H:%M:%S") + {"UTC": "Z", "CET": "+01:00"}.get(zone, zone)
    if style == "zoned":
        return t.strftime("%Y-%m-%d %H:%M") + " " + zone
    if style == "seconds":
        return t.strftime("%Y-%m-%d %H:%M:%S")
    return t.strftime("%Y-%m-%d %H:%M")


def front_matter(r, ctx, times):
    style = r.choice(["snake", "snake", "kebab", "camel"])
    iso = {k: v.strftime("%Y-%m-%dT%H:%M:%SZ") for k, v in times.items()}
    meet = times["resolved"] + dt.timedelta(days=r.choice([1, 2, 3, 4, 8, 21]))
    fields = [("id", ctx["id"]), ("title", ctx["title"]), ("severity", ctx["sev"]), ("type", ctx["type"]),
              ("status", r.choice(["final", "final", "draft", "in-review"]))]
    fields += [(k, iso[k]) for k in ("occurred", "detected", "contained", "recovered", "resolved")]
    fields.append(("authors", "[" + ", ".join(ctx["people"][:2]) + "]"))
    drop = set(r.sample([f[0] for f in fields[4:]], r.choice([0, 0, 0, 1, 2])))
    lines = ["---"] + ["%s: %s" % (key(k, style), v) for k, v in fields if k not in drop]
    if r.random() < 0.8:
        lines += ["meeting:", "  date: " + meet.strftime("%Y-%m-%d"),
                  "  %s: %s" % (key("agenda_sent", style), (meet - dt.timedelta(days=1)).strftime("%Y-%m-%d")),
                  "  moderator: " + ctx["people"][2], "  scribe: " + ctx["people"][1],
                  "  attendees: [" + ", ".join(ctx["people"]) + "]"]
    if r.random() < 0.85:
        lines += ["impact:", "  %s: %d" % (key("users_affected", style), r.randint(10, 250000)),
                  "  systems: [" + ", ".join(ctx["systems"]) + "]",
                  '  %s: "USD %d,000"' % (key("cost_estimate", style), r.randint(2, 400))]
    return "\n".join(lines + ["---", ""])


def timeline(r, ctx, times):
    n = r.randint(6, 11)
    events = [EVENTS[0]] + sorted(r.sample(EVENTS[1:-1], n - 2), key=EVENTS.index) + [EVENTS[-1]]
    start, span = times["occurred"], int((times["resolved"] - times["occurred"]).total_seconds() // 60)
    minutes = [0] + sorted(r.sample(range(1, span), n - 2)) + [span]
    rows = [(start + dt.timedelta(minutes=m), fill(r, tpl, ctx), phase) for m, (tpl, phase) in zip(minutes, events)]
    if r.random() < 0.12:  # out of order
        i = r.randrange(1, len(rows) - 1)
        rows[i], rows[i + 1] = rows[i + 1], rows[i]
    zone, off = r.choice(ZONES)
    unzoned = r.random() < 0.15
    style = "plain" if unzoned else r.choice(["iso", "zoned", "plain", "seconds"])
    shape = r.choice(["table", "table", "list", "dated"])
    zone_in_entries = style in ("iso", "zoned") and shape != "dated"
    out = [] if unzoned or zone_in_entries else ["All times %s." % zone, ""]
    if shape == "table":
        out += ["| Time | Event | Phase |", "|------|-------|-------|"]
        out += ["| %s | %s | %s |" % (fmt_ts(t + off, style, zone), e, p or "—") for t, e, p in rows]
    elif shape == "list":
        out += ["- %s — %s" % (fmt_ts(t + off, style, zone), e) for t, e, p in rows]
    else:
        day = None
        for t, e, p in rows:
            if (t + off).date() != day:
                day = (t + off).date()
                out += ([""] if out and out[-1] else []) + ["### " + day.isoformat(), ""]
            out.append("- %s %s" % ((t + off).strftime("%H:%M"), e))
    return "\n".join(out).strip("\n")


def recommendations(r, ctx, due_base):
    items = r.sample(ACTIONS, r.randint(3, 6))
    if r.random() < 0.2:
        items.append(r.choice(VAGUE))
    sloppy = r.random() < 0.25
    rows = []
    for i, a in enumerate(items):
        owner = "" if sloppy and r.random() < 0.5 else r.choice(ctx["people"])
        prio = "" if sloppy and r.random() < 0.5 else "P%d" % r.randint(0, 3)
        due = (due_base + dt.timedelta(days=r.randint(7, 90))).isoformat()
        rows.append((prio, fill(r, a, ctx), owner, due, "%s-%d" % (ctx["ticket"], 100 + i)))
    if r.random() < 0.65:
        out = ["| Priority | Action | Owner | Due | Ticket |", "|---|---|---|---|---|"]
        return "\n".join(out + ["| %s |" % " | ".join(row) for row in rows])
    return "\n".join("- " + row[1] + (" (%s)" % row[2] if row[2] else "") for row in rows)


def paragraph(r, ctx, blame):
    sents = [fill(r, tpl, ctx) for tpl in r.sample(PROSE, r.randint(3, 5))]
    if blame and r.random() < 0.3:
        sents.insert(r.randrange(len(sents) + 1), fill(r, r.choice(BLAME), ctx))
    return " ".join(sents)


def extras(r, ctx):
    if r.random() < 0.5:
        return "```text\n%s WARN %s: retry budget exhausted, request should have been shed\n```" % (
            ctx["start"].strftime("%Y-%m-%dT%H:%M:%SZ"), ctx["systems"][0])
    return "> %s: it should have recovered by now, checking the dashboard\n> %s: ack, joining the bridge" % (
        ctx["people"][0].split()[0].lower(), ctx["people"][1].split()[0].lower())


def report(seed, index, size):
    r = random.Random("%d:%d" % (seed, index))
    ktype, title, trigger = r.choice(KINDS)
    systems = r.sample(SYSTEMS, r.randint(1, 3))
    start = dt.datetime(2025, 1, 1, 0, 0) + dt.timedelta(minutes=r.randrange(0, 730 * 24 * 60))
    ctx = {"systems": systems, "people": r.sample(PEOPLE, r.randint(3, 5)), "sev": "SEV-%d" % r.randint(1, 3),
           "type": ktype, "title": title.format(sys=systems[0]), "id": "INC-%d-%03d" % (start.year, index % 1000),
           "ticket": "SEC" if ktype == "security" else "OPS", "start": start, "org": r.choice(ORGS)}
    times, t = {}, start
    for k, lo, hi in (("occurred", 0, 0), ("detected", 2, 90), ("contained", 10, 300),
                      ("recovered", 30, 2000), ("resolved", 10, 600)):
        t += dt.timedelta(minutes=r.randint(lo, hi))
        times[k] = t
    blame = r.random() < 0.2
    present = list(SECTION_ORDER)
    if r.random() < 0.1:
        for s in r.sample(SECTION_ORDER, r.randint(1, 2)):
            present.remove(s)
    body = {s: [] for s in present}
    if "summary" in body:
        body["summary"].append("On %s at %s, %s led to an incident affecting %s. %s" % (
            start.strftime("%Y-%m-%d"), ctx["org"], trigger,
            ", ".join(systems), paragraph(r, ctx, blame)))
    if "timeline" in body:
        body["timeline"].append(timeline(r, ctx, times))
    if "recs" in body:
        body["recs"].append(recommendations(r, ctx, times["resolved"].date()))
    if "lessons" in body:
        body["lessons"] += ["## %s\n\n%s" % (h, paragraph(r, ctx, blame)) for h in r.sample(LESSONS, r.randint(2, 5))]
    body["extra"] = []
    prose = [s for s in ("investigation", "response", "lessons") if s in body] or ["extra"]
    if r.random() < 0.3:
        body[r.choice(prose)].append(extras(r, ctx))
    use_fm = r.random() < 0.9
    head = front_matter(r, ctx, times) + "\n" if use_fm else "# %s\n\n" % ctx["title"]
    level = "#" if use_fm else "##"
    heads = {s: r.choice(HEADINGS[s]) for s in present}

    def render():
        parts = [head] + ["%s %s\n\n%s\n\n" % (level, heads[s], "\n\n".join(body[s])) for s in present]
        return ("".join(parts) + "\n\n".join(body["extra"])).rstrip("\n") + "\n"

    text, i = render(), 0
    while len(text.encode("utf-8")) < size:
        body[prose[i % len(prose)]].append(paragraph(r, ctx, blame))
        text, i = render(), i + 1
    return text


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", required=True)
    ap.add_argument("--size", type=int, default=8000, help="target bytes per report (a floor: the skeleton alone is ~3-4 KB)")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    total = 0
    for i in range(1, a.count + 1):
        data = report(a.seed, i, a.size).encode("utf-8")
        with open(os.path.join(a.out, "report-%05d.md" % i), "wb") as f:
            f.write(data)
        total += len(data)
    print("wrote %d reports, %d bytes, to %s" % (a.count, total, a.out))


if __name__ == "__main__":
    main()
