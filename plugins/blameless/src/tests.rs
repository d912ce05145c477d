//! Native tests of the scanner on single prose runs.

use super::*;

fn scan(text: &str, names: &[&str], forward: bool) -> Vec<(Family, String, bool)> {
    let r = Report {
        format: SourceFormat::Markdown,
        metadata: Metadata {
            span: None, id: None, title: None, severity: None, status: None,
            incident_type: None, occurred: None, detected: None, contained: None,
            recovered: None, resolved: None, timezone: None, authors: vec![],
            meeting: None, impact: None, regulations: vec![], aware: None,
            classified_major: None, materiality_determined: None, notifications: vec![],
            extra: vec![],
        },
        sections: vec![], timeline: vec![], recommendations: vec![], prose: vec![],
        durations: Durations { time_to_detect: None, time_to_contain: None, time_to_recover: None, time_to_resolve: None },
        zones: vec![],
    };
    let n = people::collect(&r, "", &names.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    let s = Scanner::new(PhraseOptions::default().compiled(), PhraseOptions::default().compiled(), &n);
    let toks = lang::tokenize(text, 0, text.len());
    s.scan(&toks, forward)
        .into_iter()
        .map(|h| {
            let named = people::named_in(&toks, &h, &n).is_some();
            (h.family, text::slice(text, h.span).to_string(), named)
        })
        .collect()
}

fn found(text: &str) -> Vec<String> {
    scan(text, &[], false).into_iter().map(|x| x.1).collect()
}

#[test]
fn blame_phrases_and_near_misses() {
    assert_eq!(found("The root cause was human error."), ["human error"]);
    assert_eq!(found("Human error, they said."), ["Human error"]);
    assert!(found("This was not human error.").is_empty());
    assert!(found("The blame game is not how we work.").is_empty());
    assert!(found("No one is to blame; we work blamelessly and without blame.").is_empty());
    assert!(found("We ran git blame on the file.").is_empty());
    assert!(found("Lazy loading of images and fault tolerance.").is_empty());
    assert!(found("Made the iterator lazy and fixed the lazy DFA.").is_empty());
    assert_eq!(found("The engineer was lazy about it."), ["lazy"]);
    assert!(found("The migration messed up the index.").is_empty());
    assert_eq!(found("It's Dave's fault the rollback was slow."), ["Dave's fault"]);
    assert_eq!(found("which was careless given the load"), ["careless"]);
    assert!(found("he said \"that was careless\" and left").is_empty());
    assert!(found("“Operator error” is never a root cause, and this is not a process for assigning blame.").is_empty());
    assert_eq!(found("It was user error, plain and simple."), ["user error"]);
    assert!(found("Instead, any operator error is a symptom of a missing mechanism.").is_empty());
    assert!(found("Nothing unusual was found; assumed user error at the time.").is_empty());
    assert!(found("The mitigation was small: we only had to patch one file.").is_empty());
    assert_eq!(found("She didn't bother to check the logs."), ["didn't bother to"]);
    assert_eq!(found("The on-call wasn't paying attention."), ["wasn't paying attention"]);
}

#[test]
fn hindsight_subjects() {
    assert_eq!(found("Dave should have checked the diff."), ["should have checked"]);
    assert!(found("We should have a talk with the platform team.").is_empty());
    assert!(found("The alert should have fired at 13:10.").is_empty());
    assert!(found("The deploy failed to roll back.").is_empty());
    assert!(found("The health check failed to detect the fault.").is_empty());
    assert_eq!(found("The on-call engineer failed to notice it."), ["failed to notice"]);
    assert_eq!(found("Unfortunately we failed to verify it."), ["failed to verify"]);
    assert!(found("This could have been a lot worse.").is_empty());
    assert!(found("Appointing an incident manager could have helped.").is_empty());
    // "obviously" about things is not hindsight about people.
    assert!(found("It was obviously wrong.").is_empty());
    assert!(found("Nothing looked obviously wrong in the logs.").is_empty());
    assert!(found("This was (obviously) not caught by our review.").is_empty());
    assert_eq!(found("We obviously should have tested it."), ["obviously", "should have tested"]);
    // Programs as subjects; the passive of a person's act; an attacker; luck.
    assert!(found("The script failed to retry.").is_empty());
    assert!(found("The load balancer failed to notice the dead node.").is_empty());
    assert!(found("The config should have contained the new key.").is_empty());
    assert!(found("Downstream actions should have been corrected as the backlog drained.").is_empty());
    assert_eq!(found("This should have been caught in review."), ["should have been caught"]);
    assert!(found("With the token they could have captured the second factor.").is_empty());
    assert!(found("Without paging we could have noticed it way later.").is_empty());
    assert!(found("Had we run load tests, we could have caught this in staging.").is_empty());
    assert!(found("The outage could have been avoided.").is_empty());
    assert_eq!(found("The congestion could have been avoided had we tested it."), ["could have been avoided"]);
    assert_eq!(found("The developer creating the pull request misjudged the impact."), ["misjudged"]);
    assert!(found("Using a token when I'm lazy seems risky.").is_empty());
    assert_eq!(found("The on-call was lazy and skipped the checklist."), ["lazy"]);
    assert_eq!(found("The alert was missed when the engineer was lazy about the dashboard."), ["lazy"]);
    assert_eq!(found("We could easily have caught this in staging."), ["could easily have caught"]);
    assert_eq!(found("@nova should have paged the on-call."), ["should have paged"]);
    assert_eq!(found("The header change was overlooked."), ["was overlooked"]);
    assert_eq!(found("The developer forgot to check the endpoint."), ["forgot"]);
    assert_eq!(found("The developer misjudged the impact."), ["misjudged"]);
    assert!(found("The cron job forgot nothing; the script misjudged nothing.").is_empty());
    assert_eq!(found("I pasted the token in an act of laziness."), ["laziness"]);
    assert!(found("This setup is simply too fragile.").is_empty());
    assert_eq!(found("It would have been obvious to anyone."), ["would have been obvious"]);
    assert!(found("A change which would have mitigated the issue was not deployed.").is_empty());
}

#[test]
fn recommendations_are_forward_looking() {
    assert!(scan("We should have alerts on lag; we should have tested it.", &[], true).is_empty());
}

#[test]
fn named() {
    let n = ["Dave Mitchell", "Keiko Tanaka"];
    let r = scan("Keiko could have rolled back immediately.", &n, false);
    assert_eq!(r, [(Family::Hindsight, "could have rolled back".into(), true)]);
    let r = scan("Nobody reviewed the change because Dave didn't ask for a review.", &n, false);
    assert_eq!(r, [(Family::NamedOnly, "because Dave didn't ask".into(), true)]);
    let r = scan("We should have paged Dave earlier.", &n, false);
    assert_eq!(r, [(Family::Hindsight, "should have paged".into(), false)]);
    let r = scan("Dave Mitchell said we failed to verify it.", &n, false);
    assert_eq!(r, [(Family::Hindsight, "failed to verify".into(), false)]);
}


#[test]
fn fixed_phrase_words_are_the_tokenizers() {
    for (words, phrase, ..) in fixed_phrases() {
        assert_eq!(lang::phrase_words(phrase), words, "{phrase}");
    }
}

#[test]
fn scan_filter_admits_every_start_word() {
    let names = people::Names::default();
    let opts = |w: &[&str]| PhraseOptions { extend: w.iter().map(|s| s.to_string()).collect(), allow: vec![] };
    let s = Scanner::new(opts(&["root cause was Bob"]).compiled(), opts(&["in retrospect"]).compiled(), &names);
    let words: Vec<&str> = s.start_words().collect();
    assert!(words.contains(&"root") && words.contains(&"in") && words.contains(&"human"));
    for w in words {
        assert!(s.may_start(w), "{w}");
    }
    assert!(!s.may_start("the"));
}
