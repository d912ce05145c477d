//! pirlint built-in plugin `blameless`: blame language, hindsight and
//! counterfactuals, and people named next to either.
//!
//! Only prose runs are scanned (the parser already leaves out code, block
//! quotes and HTML), and within a run words inside double quotes or
//! backticks are skipped: they are someone else's words.

use std::collections::BTreeSet;

use std::rc::Rc;

use pirlint_plugin_sdk::prelude::*;

mod lang;
mod people;

use lang::Tok;
use rules::blame_language::BlameLanguage;
use rules::hindsight::Hindsight;
use rules::named_blame::NamedBlame;

pirlint_plugin_sdk::include_rules!();

/// Findings returned per report at most.
const MAX_FINDINGS: usize = 500;

/// The findings of the three rules, from one pass over the prose: a hit
/// with a person of the report next to it is `blameless/named-blame`'s
/// when that rule is on, else the hit's family's.
#[derive(Default)]
pub(crate) struct Scan {
    pub blame: Vec<Diagnostic>,
    pub hindsight: Vec<Diagnostic>,
    pub named: Vec<Diagnostic>,
}

/// The one scan of this check, shared by the three rules.
pub(crate) fn scan(cx: &Context<'_>) -> Rc<Scan> {
    cx.shared(scan_prose)
}

fn scan_prose(cx: &Context<'_>) -> Scan {
    let (report, source) = (cx.report, cx.source());
    let blame_cfg = cx.options::<BlameLanguage>();
    let hind_cfg = cx.options::<Hindsight>();
    let named_cfg = cx.options::<NamedBlame>();
    let default = PhraseOptions::default();
    let blame_opts = blame_cfg.as_deref().unwrap_or(&default);
    let hind_opts = hind_cfg.as_deref().unwrap_or(&default);
    let no_names = Vec::new();
    let names = people::collect(report, source, named_cfg.as_ref().map_or(&no_names, |o| &o.names));
    let scanner = Scanner::new(blame_opts.compiled(), hind_opts.compiled(), &names);

    let mut recs: Vec<Span> = report.recommendations.iter().map(|r| r.span).collect();
    recs.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut out = Scan::default();
    let mut found = 0;
    let mut toks = Vec::new();
    for run in cx.prose() {
        let start = run.span.start as usize;
        let end = (run.span.end as usize).min(source.len());
        if start >= end || !source.is_char_boundary(start) || !source.is_char_boundary(end) {
            continue;
        }
        lang::tokenize_into(source, start, end, &mut toks);
        let forward = is_forward_looking(cx, &recs, run);
        for hit in scanner.scan(&toks, forward) {
            // The host refuses more than 1000 findings from one plugin; past
            // a few hundred, more of the same helps nobody.
            if found == MAX_FINDINGS {
                return out;
            }
            let named = if named_cfg.is_some() {
                people::named_in(&toks, &hit, &names)
            } else {
                None
            };
            let (list, d) = match (named, hit.family) {
                (Some(name), _) => (&mut out.named, named_diagnostic(source, &hit, name)),
                (None, Family::Blame) if blame_cfg.is_some() => (&mut out.blame, blame_diagnostic(&hit)),
                (None, Family::Hindsight) if hind_cfg.is_some() => (&mut out.hindsight, hindsight_diagnostic(&hit)),
                _ => continue,
            };
            list.push(d);
            found += 1;
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Options

/// The options of `blameless/blame-language` and `blameless/hindsight`.
#[derive(Deserialize, Serialize, JsonSchema, Default)]
#[serde(default, deny_unknown_fields)]
pub struct PhraseOptions {
    /// More phrases to flag (whole words; lower case, or capitalized at the start of a sentence).
    #[schemars(inner(length(min = 1)))]
    pub extend: Vec<String>,
    /// Phrases never to flag: a phrase family ("should have") or the start of the words found ("failed to notice").
    #[schemars(inner(length(min = 1)))]
    pub allow: Vec<String>,
}

struct Compiled {
    extend: Vec<(String, Vec<String>)>,
    allow: Vec<String>,
}

impl PhraseOptions {
    fn compiled(&self) -> Compiled {
        Compiled {
            extend: self
                .extend
                .iter()
                .map(|p| (p.trim().to_string(), lang::phrase_words(p)))
                .filter(|(_, w)| !w.is_empty())
                .collect(),
            allow: self
                .allow
                .iter()
                .map(|a| lang::phrase_words(a).join(" "))
                .filter(|a| !a.is_empty())
                .collect(),
        }
    }
}

impl Compiled {
    /// An allow entry covers a hit when it equals the phrase family ("should
    /// have"), the words found ("should have checked") or a prefix of them.
    fn allows(&self, hit: &Hit) -> bool {
        let found = hit.words.join(" ");
        self.allow.iter().any(|a| {
            *a == hit.key || *a == found || found.starts_with(&format!("{a} "))
        })
    }
}


// ---------------------------------------------------------------------------
// Hits

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    Blame,
    Hindsight,
    /// Only meaningful with a name: "because Dave didn't ask".
    NamedOnly,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum What {
    /// "human error": a label that puts the cause on a person.
    Label,
    /// "careless", "sloppy": a judgement of a person.
    Judgement,
    /// "X's fault", "blame": fault assigned.
    Fault,
    /// "should have checked", "could have rolled back".
    Counterfactual,
    /// "failed to notice".
    FailedTo,
    /// "obviously", "simply forgot".
    Obvious,
    /// User-configured phrase.
    Extra,
    /// "because Dave didn't ask".
    Omission,
}

#[derive(Clone, Debug)]
pub struct Hit {
    family: Family,
    what: What,
    /// Canonical phrase, for `allow` and messages ("should have").
    key: String,
    /// The words found, lower case.
    words: Vec<String>,
    /// Token range [first, last) of the phrase within the run.
    first: usize,
    last: usize,
    span: Span,
    /// Token index of a possessor inside the phrase ("Dave's fault").
    possessor: Option<usize>,
    fix: Option<Fix>,
}

impl Hit {
    fn text(&self) -> String {
        self.words.join(" ")
    }
}

struct Scanner<'a> {
    fixed: &'static Fixed,
    /// A filter (a one-hash Bloom filter) on the lower-case words that can
    /// start a hit: the bit `filter_bit` picks is set for each. Every check in
    /// `scan` needs its first word to be one of a few dozen, and most words
    /// of a report are none of them; comparing each word against all the
    /// lists was most of the cost of a scan.
    may_start: [u64; 64],
    blame: Compiled,
    hindsight: Compiled,
    names: &'a people::Names,
}

/// Fixed blame phrases: words, what they are, neutral rewrite if any.
const BLAME_PHRASES: &[(&str, What, Option<&str>)] = &[
    ("human error", What::Label, Some("an error the process did not catch")),
    ("human errors", What::Label, Some("errors the process did not catch")),
    ("operator error", What::Label, Some("an error the process did not catch")),
    ("operator errors", What::Label, Some("errors the process did not catch")),
    ("should have known", What::Judgement, None),
    ("should've known", What::Judgement, None),
    ("dropped the ball", What::Judgement, None),
    ("screwed up", What::Judgement, None),
    ("messed up", What::Judgement, None),
    ("bad apple", What::Judgement, None),
    ("bad apples", What::Judgement, None),
    ("careless ignorance", What::Judgement, None),
    ("careless", What::Judgement, None),
    ("carelessly", What::Judgement, None),
    ("carelessness", What::Judgement, None),
    ("negligent", What::Judgement, None),
    ("negligently", What::Judgement, None),
    ("negligence", What::Judgement, None),
    ("neglected to", What::Judgement, None),
    ("incompetent", What::Judgement, None),
    ("incompetence", What::Judgement, None),
    ("sloppy", What::Judgement, None),
    ("sloppiness", What::Judgement, None),
    ("lazy", What::Judgement, None),
    ("laziness", What::Judgement, None),
    ("botched", What::Judgement, None),
    ("stupid", What::Judgement, None),
    ("stupidity", What::Judgement, None),
    ("idiot", What::Judgement, None),
    ("idiotic", What::Judgement, None),
    ("ridiculous", What::Judgement, None),
    ("inexcusable", What::Judgement, None),
    ("user error", What::Label, Some("an error the process did not catch")),
    ("user errors", What::Label, Some("errors the process did not catch")),
    ("pebkac", What::Label, None),
    ("didn't bother to", What::Judgement, None),
    ("did not bother to", What::Judgement, None),
    ("couldn't be bothered", What::Judgement, None),
    ("wasn't paying attention", What::Judgement, None),
    ("was not paying attention", What::Judgement, None),
    ("weren't paying attention", What::Judgement, None),
    ("were not paying attention", What::Judgement, None),
    ("asleep at the wheel", What::Judgement, None),
    ("should know better", What::Judgement, None),
    ("should have known better", What::Judgement, None),
    ("rookie mistake", What::Judgement, None),
    ("reckless", What::Judgement, None),
    ("without being thorough", What::Judgement, None),
    ("wasn't thorough", What::Judgement, None),
    ("was not thorough", What::Judgement, None),
    ("fat-fingered", What::Judgement, Some("mistyped")),
    ("fat fingered", What::Judgement, Some("mistyped")),
];

type FixedPhrase = (Vec<&'static str>, &'static str, What, Option<&'static str>);

/// `BLAME_PHRASES` with their words. They are lower-case words separated by
/// single spaces, so splitting at spaces gives what `lang::phrase_words`
/// would (a test checks it).
fn fixed_phrases() -> Vec<FixedPhrase> {
    BLAME_PHRASES
        .iter()
        .map(|(p, w, r)| (p.split(' ').collect(), *p, *w, *r))
        .collect()
}

/// `BLAME_PHRASES` prepared for matching.
struct Fixed {
    phrases: Vec<FixedPhrase>,
    /// Indices into `phrases` by the first byte of the first word, in list
    /// order.
    by_initial: Vec<Vec<usize>>,
}

/// Built once per instance (they depend on nothing but constants), not on
/// every check.
fn fixed() -> &'static Fixed {
    static FIXED: std::sync::OnceLock<Fixed> = std::sync::OnceLock::new();
    FIXED.get_or_init(|| {
        let phrases = fixed_phrases();
        let mut by_initial = vec![Vec::new(); 256];
        for (k, (words, ..)) in phrases.iter().enumerate() {
            by_initial[usize::from(words[0].as_bytes()[0])].push(k);
        }
        Fixed { phrases, by_initial }
    })
}

/// "blame", "blamed", ...: fault assigned (see `blame_at`).
const BLAME_WORDS: &[&str] = &["blame", "blamed", "blames", "blaming"];

/// First words of the hindsight checks (see `hindsight_at`).
const HINDSIGHT_TRIGGERS: &[&str] = &[
    "overlooked", "forgot", "misjudged",
    "should", "could", "would", "shouldn't", "couldn't", "wouldn't", "should've", "could've",
    "would've", "clearly", "failed", "obviously", "simply", "just", "only", "all", "if",
];

/// First words of a named omission (see `named_only_at`).
const OMISSION_STARTS: &[&str] = &["because", "since"];

/// The word and bit of `Scanner::may_start` for a word: from its first and
/// last bytes and its length.
fn filter_bit(w: &str) -> Option<(usize, u64)> {
    let (&first, &last) = (w.as_bytes().first()?, w.as_bytes().last()?);
    let h = (usize::from(first) * 31 + usize::from(last)) * 31 + w.len();
    Some(((h / 64) % 64, 1 << (h % 64)))
}

impl<'a> Scanner<'a> {
    fn new(blame: Compiled, hindsight: Compiled, names: &'a people::Names) -> Self {
        let mut scanner = Scanner { fixed: fixed(), may_start: [0; 64], blame, hindsight, names };
        let mut may_start = [0; 64];
        for w in scanner.start_words() {
            if let Some((k, bit)) = filter_bit(w) {
                may_start[k] |= bit;
            }
        }
        scanner.may_start = may_start;
        scanner
    }

    /// The lower-case words a check can start at (`blame_at`,
    /// `named_only_at`, `hindsight_at`).
    fn start_words(&self) -> impl Iterator<Item = &str> {
        self.fixed
            .phrases
            .iter()
            .map(|(words, ..)| words[0])
            .chain(self.blame.extend.iter().chain(&self.hindsight.extend).map(|(_, words)| words[0].as_str()))
            .chain(BLAME_WORDS.iter().copied())
            .chain(["fault"])
            .chain(OMISSION_STARTS.iter().copied())
            .chain(HINDSIGHT_TRIGGERS.iter().copied())
    }

    /// False only when no check can start at a word of this lower-case form.
    fn may_start(&self, lower: &str) -> bool {
        filter_bit(lower).is_some_and(|(k, bit)| self.may_start[k] & bit != 0)
    }
}

/// Words that negate a following blame word in the same clause: "no one is
/// to blame", "not human error", "rather than blaming".
fn is_negator(w: &str) -> bool {
    matches!(
        w,
        "no" | "not"
            | "never"
            | "without"
            | "nobody"
            | "none"
            | "nor"
            | "neither"
            | "avoid"
            | "avoids"
            | "avoiding"
            | "instead"
            | "rather"
            | "cannot"
            | "isn't"
            | "wasn't"
            | "aren't"
            | "weren't"
            | "don't"
            | "doesn't"
            | "didn't"
            | "won't"
            | "can't"
            | "shouldn't"
    ) || w.ends_with("n't")
}

/// "lazy loading" and friends are programming terms.
fn lazy_technical(next: Option<&Tok>) -> bool {
    next.is_some_and(|t| {
        t.lower.starts_with("load")
            || t.lower.starts_with("init")
            || t.lower.starts_with("eval")
            || t.lower.starts_with("instantiat")
            || matches!(t.l(), "static" | "val" | "import" | "imports" | "deletion" | "expansion" | "mode")
    })
}

impl Scanner<'_> {
    fn scan(&self, toks: &[Tok], forward: bool) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            if !toks[i].is_word() || toks[i].quoted || !self.may_start(toks[i].l()) {
                i += 1;
                continue;
            }
            let hit = self
                .blame_at(toks, i)
                .filter(|h| !self.blame.allows(h))
                .or_else(|| self.named_only_at(toks, i))
                .or_else(|| {
                    if forward {
                        None
                    } else {
                        self.hindsight_at(toks, i).filter(|h| !self.hindsight.allows(h))
                    }
                });
            match hit {
                Some(h) => {
                    i = h.last.max(i + 1);
                    hits.push(h);
                }
                None => i += 1,
            }
        }
        hits
    }

    fn make(&self, toks: &[Tok], family: Family, what: What, key: &str, first: usize, last: usize) -> Hit {
        Hit {
            family,
            what,
            key: key.to_string(),
            words: toks[first..last]
                .iter()
                .filter(|t| t.is_word())
                .map(|t| t.lower.to_string())
                .collect(),
            first,
            last,
            span: Span::from_range(toks[first].start..toks[last - 1].end),
            possessor: None,
            fix: None,
        }
    }

    fn negated(&self, toks: &[Tok], i: usize) -> bool {
        // "this is not a process for assigning blame": six words back.
        lang::clause_before(toks, i)
            .take(6)
            .any(|(_, t)| is_negator(&t.lower))
    }

    fn blame_at(&self, toks: &[Tok], i: usize) -> Option<Hit> {
        let t = &toks[i];
        // A phrase in quotes is mentioned, not used: "“operator error” is
        // never a root cause".
        if t.quoted {
            return None;
        }
        let initial = t.lower.as_bytes().first().map_or(0, |&b| usize::from(b));
        for &k in &self.fixed.by_initial[initial] {
            let (words, phrase, what, rewrite) = &self.fixed.phrases[k];
            if words[0] != t.lower {
                continue;
            }
            let Some(end) = lang::match_words(toks, i, words) else {
                continue;
            };
            if self.negated(toks, i) {
                return None;
            }
            // A label spoken of in general ("any operator error is a
            // symptom") or as a hypothesis ("assumed user error at the
            // time") does not put the fault on someone.
            if *what == What::Label {
                let before: Vec<&str> = lang::clause_before(toks, i).take(3).map(|(_, t)| t.l()).collect();
                if before.first().is_some_and(|w| matches!(*w, "any" | "every" | "no" | "all"))
                    || before.iter().any(|w| matches!(*w, "assumed" | "suspected" | "thought" | "believed" | "presumed" | "ruled"))
                {
                    return None;
                }
            }
            // "lazy" is mostly a programming word ("lazy DFA", "made the
            // iterator lazy"): flag it only about people.
            // ("laziness" is never a programming word.)
            if words[0] == "lazy" && words.len() == 1 {
                let about_person = self.subject(toks, i) == Subject::Person
                    || toks.get(end).is_some_and(|n| is_person_word(n.l()));
                if !about_person || lazy_technical(toks.get(end)) {
                    return None;
                }
                // "a token around for when I'm lazy" imagines a shortcut
                // to design out; it judges no act in the incident.
                let before: Vec<&str> = lang::clause_before(toks, i).take(4).map(|(_, t)| t.l()).collect();
                let hypothetical = before.iter().any(|w| matches!(*w, "when" | "whenever" | "if"))
                    && !before.iter().any(|w| matches!(*w, "was" | "were" | "had" | "got"));
                if hypothetical {
                    return None;
                }
            }
            // "the migration messed up the index" is about a machine.
            if matches!(words[0], "messed" | "screwed" | "botched")
                && self.subject(toks, i) == Subject::Machine
            {
                return None;
            }
            let mut h = self.make(toks, Family::Blame, *what, phrase, i, end);
            if let Some(r) = rewrite {
                h.fix = Some(rewrite_fix(toks, i, end, r));
            }
            return Some(h);
        }
        for (phrase, words) in &self.blame.extend {
            if words[0] != t.lower {
                continue;
            }
            if let Some(end) = lang::match_words(toks, i, words) {
                if self.negated(toks, i) {
                    return None;
                }
                return Some(self.make(toks, Family::Blame, What::Extra, phrase, i, end));
            }
        }
        let start = lang::at_sentence_start(toks, i);
        // blame / blamed / blaming, except culture talk ("blame game",
        // "blame culture", "blame-free"), `git blame` and negations.
        // `case_ok` can only hold when the lower-case form is the word.
        if BLAME_WORDS.contains(&t.l()) && lang::case_ok(t.text, t.l(), start) {
            let next = toks.get(i + 1).map(|n| n.l()).unwrap_or("");
            let prev = i.checked_sub(1).map(|p| toks[p].l()).unwrap_or("");
            // Talk about blame itself ("blame game", "Blame: ...", "blame
            // phrases") is not blame.
            let meta = matches!(
                next,
                "game" | "games" | "culture" | "free" | "phrases" | "phrase" | "language" | "labels" | "label" | "words"
            ) || toks.get(i + 1).is_some_and(|n| n.kind == lang::Kind::Punct(':'));
            if meta || prev == "git" || self.negated(toks, i) {
                return None;
            }
            return Some(self.make(toks, Family::Blame, What::Fault, "blame", i, i + 1));
        }
        // "X's fault", "fault of", "at fault"; "fault" alone is usually
        // technical ("fault tolerance", "hardware fault").
        // Plural "their faults" is about things (the faults of a design).
        if t.lower == "fault" && lang::case_ok(t.text, "fault", start) {
            let prev = i.checked_sub(1).map(|p| &toks[p]).filter(|p| p.is_word());
            let next = toks.get(i + 1).filter(|n| n.is_word());
            if let Some(p) = prev {
                let own = matches!(p.l(), "my" | "his" | "her" | "their" | "our" | "your")
                    || (p.is_possessive() && !matches!(p.l(), "it's" | "its"));
                if own && !p.quoted {
                    if self.negated(toks, i - 1) || p.lower.starts_with("no") {
                        return None;
                    }
                    let mut h = self.make(toks, Family::Blame, What::Fault, "fault", i - 1, i + 1);
                    h.possessor = Some(i - 1);
                    return Some(h);
                }
                if p.lower == "at" {
                    if self.negated(toks, i - 1) {
                        return None;
                    }
                    return Some(self.make(toks, Family::Blame, What::Fault, "at fault", i - 1, i + 1));
                }
            }
            if next.is_some_and(|n| n.lower == "of") && !self.negated(toks, i) {
                return Some(self.make(toks, Family::Blame, What::Fault, "fault of", i, i + 2));
            }
        }
        None
    }

    /// "because Dave didn't ask": an omission given as the cause, with a
    /// person as its subject. Reported only by named-blame.
    fn named_only_at(&self, toks: &[Tok], i: usize) -> Option<Hit> {
        if !OMISSION_STARTS.contains(&toks[i].l()) {
            return None;
        }
        let (_, after) = self.names.match_at(toks, i + 1)?;
        let mut end = after;
        let neg = toks.get(end)?;
        match neg.l() {
            "didn't" | "never" | "forgot" | "ignored" | "neglected" | "refused" | "wouldn't" => end += 1,
            "did" if toks.get(end + 1).is_some_and(|t| t.lower == "not") => end += 2,
            _ => return None,
        }
        // Include the verb: "didn't ask".
        if toks.get(end).is_some_and(|t| t.is_word() && !t.quoted) {
            end += 1;
        }
        let mut h = self.make(toks, Family::NamedOnly, What::Omission, "because … didn't", i, end);
        h.first = i;
        Some(h)
    }

    fn hindsight_at(&self, toks: &[Tok], i: usize) -> Option<Hit> {
        let first = toks[i].l();
        if !HINDSIGHT_TRIGGERS.contains(&first) && !self.hindsight.extend.iter().any(|(_, w)| w[0] == first) {
            return None;
        }
        let w = |k: usize| toks.get(k).filter(|t| t.is_word() && !t.quoted).map(|t| t.l());
        let start = lang::at_sentence_start(toks, i);
        let is = |k: usize, want: &str| {
            toks.get(k)
                .is_some_and(|t| t.is_word() && !t.quoted && t.lower == want && lang::case_ok(&t.norm(), want, start && k == i))
        };
        for (phrase, words) in &self.hindsight.extend {
            if words[0] != toks[i].lower {
                continue;
            }
            if let Some(end) = lang::match_words(toks, i, words) {
                return Some(self.make(toks, Family::Hindsight, What::Extra, phrase, i, end));
            }
        }
        // Modal (+ not) (+ adverb) + have + participle.
        let modal = ["should", "could", "would", "shouldn't", "couldn't", "wouldn't"]
            .into_iter()
            .find(|m| is(i, m));
        if let Some(m) = modal {
            let mut k = i + 1;
            if w(k) == Some("not") {
                k += 1;
            }
            let mut eager = false;
            if matches!(w(k), Some("easily" | "simply" | "just" | "clearly")) {
                eager = true;
                k += 1;
            }
            if w(k) != Some("have") {
                // "we should clearly document" is advice, not hindsight.
                return None;
            }
            return self.modal_have(toks, i, k + 1, m.trim_end_matches("n't"), eager);
        }
        let contracted = ["should've", "could've", "would've"].into_iter().find(|m| is(i, m));
        if let Some(m) = contracted {
            return self.modal_have(toks, i, i + 1, m.trim_end_matches("'ve"), false);
        }
        if is(i, "clearly") && matches!(w(i + 1), Some("should" | "could")) {
            if let Some(h) = self.hindsight_at(toks, i + 1) {
                let mut h2 = self.make(toks, Family::Hindsight, What::Counterfactual, "clearly should", i, h.last);
                h2.key = h.key;
                return Some(h2);
            }
            return None;
        }
        if is(i, "failed") && w(i + 1) == Some("to") {
            let verb = w(i + 2)?;
            let subject = self.subject(toks, i);
            let flag = match subject {
                Subject::Person => true,
                Subject::Machine => false,
                Subject::Unknown => is_human_verb(verb),
            };
            if !flag {
                return None;
            }
            let mut h = self.make(toks, Family::Hindsight, What::FailedTo, "failed to", i, i + 3);
            let prev = i.checked_sub(1).and_then(&w);
            if !matches!(prev, Some("had" | "has" | "have" | "having" | "been" | "be" | "is" | "was" | "were" | "never")) {
                let replacement = if start { "Did not" } else { "did not" };
                h.fix = Some(Fix::unsafe_(
                    format!("say \"{replacement}\" instead"),
                    vec![Edit::new(Span::from_range(toks[i].start..toks[i + 1].end), replacement)],
                ));
            }
            return Some(h);
        }
        if is(i, "obviously") {
            // "nothing obviously wrong", "the roll-out obviously had failed"
            // are not about people; "(obviously) not caught by our review",
            // "we obviously should have" are.
            // The next word, past "(obviously)" parentheses.
            let next = toks[i + 1..].iter().find(|t| t.is_word() && !t.quoted).map(|t| t.l());
            let about_people = self.subject(toks, i) == Subject::Person || matches!(next, Some("should" | "could" | "would"));
            if !about_people {
                return None;
            }
            let mut h = self.make(toks, Family::Hindsight, What::Obvious, "obviously", i, i + 1);
            // Mid-sentence "was obviously wrong" → "was wrong".
            let next = toks.get(i + 1);
            if !start && next.is_some_and(|n| n.is_word()) {
                h.fix = Some(Fix::unsafe_(
                    "remove \"obviously\"",
                    vec![Edit::new(Span::from_range(toks[i].start..next.unwrap().start), "")],
                ));
            }
            return Some(h);
        }
        if is(i, "simply") {
            let next = w(i + 1);
            let prev = i.checked_sub(1).and_then(&w);
            let blamey = matches!(
                next,
                Some("forgot" | "ignored" | "missed" | "overlooked" | "didn't" | "did" | "failed" | "neglected" | "had" | "needed" | "chose" | "assumed")
            ) || matches!(prev, Some("could" | "should" | "would"));
            if blamey && !(next == Some("did") && w(i + 2) != Some("not")) {
                let end = if next.is_some() { i + 2 } else { i + 1 };
                return Some(self.make(toks, Family::Hindsight, What::Obvious, "simply", i, end));
            }
            return None;
        }
        // "the header change was overlooked": the passive of missing it.
        if is(i, "overlooked") && i.checked_sub(1).and_then(&w).is_some_and(|p| matches!(p, "was" | "were" | "been" | "got")) {
            return Some(self.make(toks, Family::Hindsight, What::FailedTo, "was overlooked", i - 1, i + 1));
        }
        // "The developer forgot to ...", "misjudged the impact": judged
        // only when a person is the subject.
        // (The person may come before a participial phrase: "the developer
        // creating the pull request misjudged ...".)
        if (is(i, "forgot") || is(i, "misjudged"))
            && (self.subject(toks, i) == Subject::Person
                || lang::clause_before(toks, i).any(|(_, t)| is_person_word(t.l())))
        {
            let key = if is(i, "forgot") { "forgot" } else { "misjudged" };
            return Some(self.make(toks, Family::Hindsight, What::FailedTo, key, i, i + 1));
        }
        // "they just had to roll back" judges; "we only had to patch one
        // file" is a relief.
        if (is(i, "just") || is(i, "only"))
            && w(i + 1) == Some("had")
            && w(i + 2) == Some("to")
            && !lang::clause_before(toks, i).find(|(_, t)| !is_filler(t.l())).is_some_and(|(_, t)| matches!(t.l(), "we" | "i" | "us"))
        {
            return Some(self.make(toks, Family::Hindsight, What::Obvious, "just had to", i, i + 3));
        }
        if is(i, "all")
            && matches!(w(i + 1), Some("he" | "she" | "they" | "you" | "we" | "i" | "it"))
            && w(i + 2) == Some("had")
            && w(i + 3) == Some("to")
        {
            return Some(self.make(toks, Family::Hindsight, What::Obvious, "all they had to do", i, i + 4));
        }
        if is(i, "if") && w(i + 1) == Some("only") {
            return Some(self.make(toks, Family::Hindsight, What::Counterfactual, "if only", i, i + 2));
        }
        None
    }

    /// After "should/could/would (not) have" at token `k`.
    fn modal_have(&self, toks: &[Tok], i: usize, mut k: usize, modal: &str, eager: bool) -> Option<Hit> {
        let w = |k: usize| toks.get(k).filter(|t| t.is_word() && !t.quoted).map(|t| t.l());
        let mut eager = eager;
        while let Some(a) = w(k) {
            if matches!(a, "easily" | "simply" | "just" | "clearly") {
                eager = true;
                k += 1;
            } else if lang::is_ly_adverb(a) {
                k += 1;
            } else {
                break;
            }
        }
        let part = w(k)?;
        if !lang::is_participle(part) {
            return None;
        }
        let mut end = k + 1;
        // "rolled back", "looked up": keep the particle with the verb.
        if w(end).is_some_and(|p| matches!(p, "back" | "up" | "out" | "off" | "over" | "down")) {
            end += 1;
        }
        // "been obvious", "been caught": take the next word too.
        if part == "been" {
            if let Some(n) = w(k + 1) {
                if n.chars().all(char::is_alphabetic) {
                    end += 1;
                }
            }
        }
        let key = format!("{modal} have");
        let after_been = if part == "been" { w(k + 1) } else { None };
        let subject = self.subject(toks, i);
        let flag = match modal {
            // Judging what someone should have done, unless it is about a
            // machine ("the alert should have fired").
            // A person or team: always. An unknown subject only in the
            // passive of a person's act ("this should have been caught in
            // review", "shouldn't have been rushed"); "the actions should
            // have been corrected as the backlog was processed" is about
            // the system.
            "should" => match subject {
                Subject::Person => true,
                Subject::Machine => false,
                Subject::Unknown => part == "been" && after_been.is_some_and(is_human_passive),
            },
            // "could have been worse", "could have helped" are outcomes,
            // not judgements; "Keiko could have rolled back" is.
            // "we could have caught this earlier" is hindsight about the
            // team; "they could have captured the code" (an attacker) and
            // "we could've noticed it way later" (luck) are not.
            // Only the eager forms ("could easily have", "could simply
            // have"): a plain "we could have caught it with load tests"
            // argues for an action more often than it judges anyone.
            // Only the eager forms ("could easily have") or a named person
            // ("Keiko could have rolled back"): "the outage could have been
            // avoided" speaks of an outcome.
            // "... could have been avoided had we load-tested" puts it on
            // the team's choice, and is hindsight.
            "could" => {
                (eager
                    || self.named_subject(toks, i)
                    || (part == "been" && matches!(after_been, Some("avoided" | "prevented")) && we_clause_follows(toks, end)))
                    && !luck_follows(toks, end)
            }
            // "would have been obvious"; "would have mitigated" is neutral.
            _ => {
                eager
                    || matches!(after_been, Some("obvious" | "clear" | "easy" | "apparent" | "evident" | "trivial" | "simple"))
                    || (subject == Subject::Person
                        && matches!(part, "noticed" | "known" | "seen" | "caught" | "spotted" | "realized" | "realised"))
            }
        };
        if !flag {
            return None;
        }
        Some(self.make(toks, Family::Hindsight, What::Counterfactual, &key, i, end))
    }

    /// Whether the clause before `i` is about a person named in the report
    /// ("Keiko could have rolled back"), not a pronoun.
    fn named_subject(&self, toks: &[Tok], i: usize) -> bool {
        lang::clause_before(toks, i)
            .find(|(_, t)| !is_filler(t.l()))
            .is_some_and(|(k, _)| self.names.ends_at(toks, k + 1) || looks_like_name(toks, k, i))
    }

    /// Who the clause before token `i` is about, judged by the nearest
    /// content word: a person, a machine, or unknown.
    fn subject(&self, toks: &[Tok], i: usize) -> Subject {
        for (k, t) in lang::clause_before(toks, i) {
            let l = t.l();
            if is_filler(l) {
                continue;
            }
            if matches!(l, "and" | "but" | "so" | "because" | "while" | "when" | "since" | "although" | "though" | "after" | "before" | "until" | "or" | "if" | "as") {
                return Subject::Unknown;
            }
            if self.names.ends_at(toks, k + 1) || is_person_word(l) || looks_like_name(toks, k, i) {
                return Subject::Person;
            }
            if is_machine_word(t.text, l) {
                return Subject::Machine;
            }
            return Subject::Unknown;
        }
        Subject::Unknown
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Subject {
    Person,
    Machine,
    Unknown,
}

fn is_filler(w: &str) -> bool {
    matches!(
        w,
        "the" | "a" | "an" | "this" | "these" | "those" | "which" | "that" | "our" | "their" | "his"
            | "her" | "my" | "your" | "also" | "then" | "again" | "still" | "even" | "both"
            | "each" | "every" | "any" | "first" | "later" | "just" | "only" | "have" | "has"
            | "had" | "never" | "initially" | "unfortunately" | "probably" | "apparently"
            | "all" | "itself" | "themselves" | "himself" | "herself" | "really" | "was" | "were"
            | "is" | "are" | "been" | "being" | "be" | "so" | "too" | "very" | "quite" | "pretty"
            | "bit" | "little" | "somewhat" | "rather"
    ) || lang::is_ly_adverb(w)
}

fn is_person_word(w: &str) -> bool {
    let w = w.strip_suffix("'s").unwrap_or(w);
    let w = ["'m", "'re", "'ve", "'d", "'ll"].iter().find_map(|s| w.strip_suffix(s)).unwrap_or(w);
    matches!(
        w,
        "i" | "we" | "he" | "she" | "they" | "you" | "someone" | "somebody" | "nobody" | "anyone"
            | "anybody" | "everyone" | "everybody" | "who" | "us" | "them" | "him" | "me"
            | "engineer" | "engineers" | "developer" | "developers" | "dev" | "devs" | "operator"
            | "operators" | "on-call" | "oncall" | "sre" | "sres" | "admin" | "admins"
            | "administrator" | "administrators" | "analyst" | "analysts" | "team" | "teams"
            | "staff" | "reviewer" | "reviewers" | "responder" | "responders" | "manager"
            | "managers" | "lead" | "leads" | "owner" | "owners" | "author" | "authors" | "person"
            | "people" | "colleague" | "colleagues" | "employee" | "employees" | "contractor"
            | "contractors" | "member" | "members" | "commander" | "ic" | "human" | "humans"
            | "individual" | "handler" | "handlers" | "squad" | "architect" | "tester"
            | "testers" | "approver" | "approvers" | "oncaller" | "on-caller" | "intern"
    )
}

fn is_machine_word(text: &str, w: &str) -> bool {
    let w = w.strip_suffix("'s").unwrap_or(w);
    // Acronyms (ALB, DNS, WAF), identifiers and numbers are things.
    let acronym = text.len() >= 2 && text.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if acronym || w.chars().any(|c| c.is_ascii_digit() || c == '.' || c == '_') {
        return true;
    }
    let stem = w.strip_suffix('s').filter(|s| s.len() > 2).unwrap_or(w);
    matches!(
        w,
        "it" | "traffic" | "monitoring" | "tooling" | "automation" | "kubernetes" | "k8s"
            | "users" | "user" | "customers" | "customer" | "clients" | "client" | "process"
            | "processes" | "dns" | "cron" | "code" | "logic" | "software" | "hardware" | "data"
    ) || matches!(
        stem,
        "alert" | "alarm" | "job" | "pipeline" | "deploy" | "deployment" | "rollout" | "rollback"
            | "service" | "server" | "check" | "probe" | "monitor" | "system" | "cluster" | "node"
            | "pod" | "container" | "script" | "cronjob" | "build" | "test" | "request" | "query"
            | "querie" | "database" | "db" | "cache" | "config" | "configuration" | "migration"
            | "upgrade" | "update" | "release" | "backup" | "replica" | "instance" | "balancer"
            | "certificate" | "cert" | "controller" | "component" | "app" | "application" | "api"
            | "endpoint" | "agent" | "daemon" | "host" | "vm" | "disk" | "network" | "firewall"
            | "rule" | "packet" | "tool" | "bot" | "hook" | "webhook" | "command" | "task"
            | "change" | "patch" | "function" | "worker" | "queue" | "scheduler" | "connection"
            | "login" | "page" | "pager" | "message" | "email" | "notification" | "proxy"
            | "gateway" | "router" | "switch" | "link" | "volume" | "file" | "key"
            | "token" | "library" | "dependency" | "version" | "image" | "manifest" | "chart"
            | "plugin" | "provider" | "vendor" | "platform" | "environment" | "region" | "zone"
            | "site" | "console" | "dashboard" | "metric" | "log" | "index" | "table" | "record"
            | "step" | "restart" | "failover" | "snapshot" | "run" | "sync" | "feed"
            | "storage" | "bucket" | "ingress" | "policy" | "flag" | "setting" | "mechanism"
            | "watchdog" | "limiter" | "limit" | "threshold"
    )
}

/// Verbs after "failed to" that describe a person's action; a subject we
/// cannot classify ("Failed to notice ...") is then read as a person.
fn is_human_verb(v: &str) -> bool {
    matches!(
        v,
        "notice" | "realise" | "realize" | "follow" | "check" | "verify" | "ask" | "read"
            | "review" | "consider" | "communicate" | "escalate" | "inform" | "understand"
            | "anticipate" | "recognise" | "recognize" | "pay" | "spot" | "see" | "document"
            | "report" | "coordinate" | "investigate" | "mention" | "tell" | "share" | "prioritize"
            | "prioritise" | "raise" | "acknowledge" | "ack" | "page" | "test" | "double-check"
            | "confirm" | "heed" | "listen" | "act" | "respond" | "catch" | "think" | "plan"
    )
}

/// A chat handle (`@nova`) or a capitalized word right before the verb
/// phrase ("Dave should have checked"): people are named by first name or
/// nick in reports, and the names list cannot know them all.
fn looks_like_name(toks: &[Tok], k: usize, i: usize) -> bool {
    let t = &toks[k];
    if k > 0 && toks[k - 1].kind == lang::Kind::Punct('@') {
        return true;
    }
    let mut chars = t.text.chars();
    let capitalized = chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && t.text.len() >= 3
        && chars.all(|c| c.is_ascii_lowercase());
    capitalized
        && k + 1 == i
        && !is_machine_word(t.text, t.l())
        && !matches!(
            t.l(),
            "this" | "that" | "it" | "there" | "which" | "these" | "those" | "what" | "nothing"
                | "everything" | "something" | "one" | "none" | "all" | "each" | "both"
        )
}

/// Participles after "should have been" that name what a person does:
/// the passive still judges someone ("should have been caught in review").
fn is_human_passive(v: &str) -> bool {
    matches!(
        v,
        "caught" | "tested" | "reviewed" | "noticed" | "checked" | "verified"
            | "rushed" | "handled" | "spotted" | "considered" | "communicated" | "escalated"
            | "followed" | "documented" | "investigated" | "approved" | "merged" | "deployed"
            | "done" | "known" | "prevented" | "avoided" | "anticipated" | "planned"
            | "monitored" | "noted" | "flagged" | "raised"
    )
}

/// "had we ...", "if we ...", "if the team ..." right after the phrase.
fn we_clause_follows(toks: &[Tok], end: usize) -> bool {
    let words: Vec<&str> = toks[end.min(toks.len())..].iter().filter(|t| t.is_word()).take(3).map(|t| t.l()).collect();
    matches!(words.as_slice(), ["had", "we", ..] | ["if", "we", ..] | ["had", "the", "team"] | ["if", "the", "team"] | ["had", "i", ..] | ["if", "i", ..])
}

/// "... could've noticed it way later than we did": a statement of luck.
fn luck_follows(toks: &[Tok], end: usize) -> bool {
    toks[end.min(toks.len())..]
        .iter()
        .take(5)
        .any(|t| matches!(t.l(), "later" | "worse" | "longer" | "sooner"))
}


/// A rewrite of tokens [i, end) with a neutral phrase, taking an article
/// before it along ("a human error" → "an error ...") and keeping a capital
/// at the start of a sentence.
fn rewrite_fix(toks: &[Tok], i: usize, end: usize, rewrite: &str) -> Fix {
    let mut first = i;
    if let Some(p) = i.checked_sub(1) {
        if matches!(toks[p].l(), "a" | "an") && rewrite.starts_with("an ") {
            first = p;
        }
    }
    let capital = toks[first].text.starts_with(|c: char| c.is_uppercase())
        && lang::at_sentence_start(toks, first);
    let mut r = rewrite.to_string();
    if capital {
        let mut c = r.chars();
        if let Some(f) = c.next() {
            r = f.to_uppercase().chain(c).collect();
        }
    }
    let found = toks[first..end]
        .iter()
        .map(|t| t.text)
        .collect::<Vec<_>>()
        .join(" ");
    Fix::unsafe_(
        format!("replace \"{found}\" with \"{r}\""),
        vec![Edit::new(Span::from_range(toks[first].start..toks[end - 1].end), r)],
    )
}

/// Recommendations are forward-looking: "we should have a runbook" there is
/// a proposal, not hindsight.
fn is_forward_looking(cx: &Context<'_>, recs: &[Span], run: &ProseRun) -> bool {
    let report = cx.report;
    // `recs` is sorted by start: the candidate is the last one starting at
    // or before the run.
    let k = recs.partition_point(|r| r.start <= run.span.start);
    if k > 0 && recs[k - 1].contains(run.span) {
        return true;
    }
    let mut seen = BTreeSet::new();
    let mut s = run.section;
    while let Some(i) = s {
        if !seen.insert(i) {
            break;
        }
        let Some(sec) = report.sections.get(i as usize) else {
            break;
        };
        if cx.is_kind(sec, "recommendations") {
            return true;
        }
        s = sec.parent;
    }
    false
}

// ---------------------------------------------------------------------------
// Diagnostics

const BLAME_WHY: &str = "Blame stops the analysis at a person instead of at the system that let \
    the mistake happen (no review step, no guardrail, a console that makes the wrong action \
    easy), and people who see colleagues blamed stop reporting problems (Etsy, Google SRE \
    ch. 15 \"blameless postmortem culture\", PagerDuty postmortem guide).";

fn blame_diagnostic(hit: &Hit) -> Diagnostic {
    let found = hit.text();
    let (message, how) = match hit.what {
        What::Label => (
            format!("\"{found}\" names a person as the cause"),
            "Ask what made the action reasonable at the time and what should have caught it, and \
             write that down: an individual's action is never a root cause.",
        ),
        What::Fault => (
            format!("\"{found}\" assigns fault to a person"),
            "Describe what happened and which conditions allowed it; leave out who is to blame.",
        ),
        _ => (
            format!("\"{found}\" judges a person instead of describing what happened"),
            "State the facts (what was done, what the person saw at the time) and the conditions \
             that made the mistake easy; leave the judgement out.",
        ),
    };
    let mut d = Diagnostic::new(BlameLanguage::ID, hit.span, message)
        .label("blame language")
        .help(format!("{BLAME_WHY} {how} To accept this phrase, add it to the rule's `allow` option."));
    if let Some(f) = &hit.fix {
        d = d.fix(f.clone());
    }
    d
}

fn hindsight_diagnostic(hit: &Hit) -> Diagnostic {
    let found = hit.text();
    let message = match hit.what {
        What::FailedTo => format!("\"{found}\" describes what someone did not do, with hindsight"),
        What::Obvious => format!("\"{found}\" judges with hindsight what seemed unclear at the time"),
        _ => format!("\"{found}\" judges a past action with hindsight"),
    };
    let mut d = Diagnostic::new(Hindsight::ID, hit.span, message)
        .label(if hit.what == What::Obvious { "hindsight" } else { "counterfactual" })
        .help(
            "Counterfactuals (\"should have\", \"could have\", \"failed to\") and hindsight words \
             (\"obviously\", \"simply\") describe what did not happen, judged with knowledge nobody \
             had at the time; the inquiry ends at \"someone should have\" instead of explaining \
             why the action made sense then (Etsy Debriefing Facilitation Guide; PagerDuty: do not \
             evaluate what should or should not have been done). Describe what people saw and \
             did and what made it reasonable; put what should change in the recommendations. To \
             accept this phrase, add it to the rule's `allow` option.",
        );
    if let Some(f) = &hit.fix {
        d = d.fix(f.clone());
    }
    d
}

fn named_diagnostic(source: &str, hit: &Hit, name: Span) -> Diagnostic {
    let who = text::slice(source, name);
    let who = who
        .strip_suffix("'s")
        .or_else(|| who.strip_suffix("’s"))
        .unwrap_or(who);
    // The phrase without the name when the name is part of it ("Dave's fault").
    let mut phrase = hit.span;
    if phrase.contains(name) && name.end < phrase.end {
        phrase.start = name.end;
        let rest = text::slice(source, phrase);
        let skip = rest.len() - rest.trim_start_matches(['\'', '’', 's', ' ']).len();
        phrase.start += skip as u32;
    }
    let found = text::slice(source, phrase).split_whitespace().collect::<Vec<_>>().join(" ");
    let kind = match hit.family {
        Family::Hindsight => "hindsight",
        _ => "blame",
    };
    let message = if hit.family == Family::NamedOnly {
        format!("{who}'s omission is given as the cause (\"{found}\")")
    } else {
        format!("{who} is named next to {kind} language (\"{found}\")")
    };
    let mut d = Diagnostic::new(NamedBlame::ID, name, message)
    .label("person named here")
    .secondary(phrase, format!("{kind} language"))
    .help(
        "Naming a person next to blame or hindsight is the finger pointing blameless reviews \
         exist to prevent (Google SRE Workbook ch. 10 \"counterproductive finger pointing\"; \
         PagerDuty: no naming and shaming): the report becomes about that person, and the next \
         person to make a mistake will hide it. Describe the role and the situation (\"the \
         engineer pushing the change had no diff view\") and what in the system let the mistake \
         through.",
    );
    if let Some(f) = &hit.fix {
        d = d.fix(f.clone());
    }
    d
}

#[cfg(test)]
mod tests;
