//! Table-driven tests over invented sentences.

use super::*;
use crate::{segment, tokenize};

fn run(text: &str, published: Option<&str>) -> Vec<TimeExpr> {
    let tokens = tokenize::tokenize(text);
    let sentences: Vec<Sentence> = segment::split(text, &tokens)
        .into_iter()
        .map(|r| {
            let span = segment::sentence_span(&tokens, &r);
            Sentence {
                span,
                text: text[span.start..span.end].to_string(),
                zone: readout_core::TextZone::Body,
                paragraph: 0,
                token_start: r.start,
                token_end: r.end,
            }
        })
        .collect();
    let p = published.and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok());
    let times = find(text, &tokens, &sentences, p);
    let mut doc = Document::from_normalized("t", text.to_string());
    doc.tokens = tokens;
    doc.sentences = sentences;
    doc.times = times;
    crate::assert_spans(&doc);
    doc.times
}

/// Expected (text, type, value) triples.
type Want<'a> = &'a [(&'a str, TimeType, Option<&'a str>)];
/// One table row: input text and what it should yield.
type Case = (&'static str, Want<'static>);

fn check(published: Option<&str>, text: &str, want: &[(&str, TimeType, Option<&str>)]) {
    let got = run(text, published);
    let got: Vec<(&str, TimeType, Option<&str>)> = got
        .iter()
        .map(|t| (t.text.as_str(), t.kind, t.value.as_deref()))
        .collect();
    assert_eq!(got, want, "text: {text}");
}

use TimeType::{Date as D, Duration as DU, Set as S, Time as T};

#[test]
fn absolute_dates() {
    let p = Some("2026-03-11");
    let cases: &[Case] = &[
        (
            "The ferry ran on February 24th.",
            &[("February 24th", D, Some("2026-02-24"))],
        ),
        (
            "Tolls rise March 1 for cars.",
            &[("March 1", D, Some("2026-03-01"))],
        ),
        (
            "Crews left on Feb. 25.",
            &[("Feb. 25", D, Some("2026-02-25"))],
        ),
        (
            "The notice is dated 2022-03-01.",
            &[("2022-03-01", D, Some("2022-03-01"))],
        ),
        (
            "It opened March 1, 2022, to crowds.",
            &[("March 1, 2022", D, Some("2022-03-01"))],
        ),
        (
            "It opened 1 March 2022.",
            &[("1 March 2022", D, Some("2022-03-01"))],
        ),
        (
            "Fares froze in March 2022.",
            &[("March 2022", D, Some("2022-03"))],
        ),
        ("The mill shut in 2022.", &[("2022", D, Some("2022"))]),
        (
            "Canals were dug in the 1990s.",
            &[("the 1990s", D, Some("199"))],
        ),
        (
            "Sales rose in the third quarter.",
            &[("the third quarter", D, Some("2026-Q3"))],
        ),
    ];
    for (text, want) in cases {
        check(p, text, want);
    }
}

#[test]
fn weekdays_follow_tense_and_modifiers() {
    // 2026-03-11 is a Wednesday.
    let p = Some("2026-03-11");
    check(
        p,
        "The council met on Tuesday.",
        &[("Tuesday", D, Some("2026-03-10"))],
    );
    check(
        p,
        "The council will meet on Friday.",
        &[("Friday", D, Some("2026-03-13"))],
    );
    check(
        p,
        "They voted last Thursday.",
        &[("last Thursday", D, Some("2026-03-05"))],
    );
    check(
        p,
        "They vote next Friday.",
        &[("next Friday", D, Some("2026-03-13"))],
    );
    check(
        p,
        "Tuesday's vote was close.",
        &[("Tuesday", D, Some("2026-03-10"))],
    );
    // The publication weekday itself is the publication day; "last" moves it a week.
    check(
        p,
        "The mayor said Wednesday that it closed.",
        &[("Wednesday", D, Some("2026-03-11"))],
    );
    check(
        p,
        "It closed last Wednesday.",
        &[("last Wednesday", D, Some("2026-03-04"))],
    );
    check(
        p,
        "Pumps failed Tuesday morning.",
        &[("Tuesday morning", T, Some("2026-03-10TMO"))],
    );
    check(
        p,
        "Pumps failed on Monday night.",
        &[("Monday night", T, Some("2026-03-09TNI"))],
    );
}

#[test]
fn deictic_expressions_count_from_publication() {
    let p = Some("2026-03-11");
    let cases: &[Case] = &[
        (
            "It rained yesterday.",
            &[("yesterday", D, Some("2026-03-10"))],
        ),
        ("It rains today.", &[("today", D, Some("2026-03-11"))]),
        ("It rains tomorrow.", &[("tomorrow", D, Some("2026-03-12"))]),
        (
            "Prices fell last week.",
            &[("last week", D, Some("2026-W10"))],
        ),
        (
            "Prices fell this month.",
            &[("this month", D, Some("2026-03"))],
        ),
        (
            "Prices fell earlier this month.",
            &[("earlier this month", D, Some("2026-03"))],
        ),
        ("Prices fall next year.", &[("next year", D, Some("2027"))]),
        ("Prices fell last year.", &[("last year", D, Some("2025"))]),
        (
            "The dam broke two weeks ago.",
            &[("two weeks ago", D, Some("2026-W09"))],
        ),
        (
            "The dam reopens in three days.",
            &[("three days", D, Some("2026-03-14"))],
        ),
        (
            "Repairs began recently.",
            &[("recently", D, Some("PAST_REF"))],
        ),
        ("The road is now open.", &[("now", D, Some("PRESENT_REF"))]),
        (
            "It is currently shut.",
            &[("currently", D, Some("PRESENT_REF"))],
        ),
    ];
    for (text, want) in cases {
        check(p, text, want);
    }
}

#[test]
fn later_dates_anchor_on_the_previous_date() {
    let p = Some("2026-03-11");
    let got = run(
        "On March 2 the bridge closed. Three days later it reopened.",
        p,
    );
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].value.as_deref(), Some("2026-03-02"));
    assert_eq!(got[1].text, "Three days later");
    assert_eq!(got[1].value.as_deref(), Some("2026-03-05"));
    assert_eq!(
        got[1].anchor,
        Some(TimeAnchor::Time {
            index: 0,
            value: "2026-03-02".into()
        })
    );
    check(
        p,
        "The strike began Feb. 3. The next day talks resumed.",
        &[
            ("Feb. 3", D, Some("2026-02-03")),
            ("The next day", D, Some("2026-02-04")),
        ],
    );
    check(
        p,
        "Talks began Feb. 3; two days earlier police had left.",
        &[
            ("Feb. 3", D, Some("2026-02-03")),
            ("two days earlier", D, Some("2026-02-01")),
        ],
    );
    check(
        p,
        "Talks began Feb. 3. The following week they stalled.",
        &[
            ("Feb. 3", D, Some("2026-02-03")),
            ("The following week", D, Some("2026-W07")),
        ],
    );
}

#[test]
fn year_less_dates_take_the_nearest_year() {
    check(
        Some("2027-01-02"),
        "The fire began December 30.",
        &[("December 30", D, Some("2026-12-30"))],
    );
    check(
        Some("2026-12-28"),
        "The law takes effect January 3.",
        &[("January 3", D, Some("2027-01-03"))],
    );
}

#[test]
fn times_durations_and_sets() {
    let p = Some("2026-03-11");
    let cases: &[Case] = &[
        (
            "The vote opens at 10 a.m.",
            &[("10 a.m.", T, Some("2026-03-11T10:00"))],
        ),
        (
            "The vote closes at noon.",
            &[("noon", T, Some("2026-03-11T12:00"))],
        ),
        (
            "The strike lasted three days.",
            &[("three days", DU, Some("P3D"))],
        ),
        ("He served two years.", &[("two years", DU, Some("P2Y"))]),
        ("It shut for a week.", &[("a week", DU, Some("P1W"))]),
        ("Talks ran 72 hours.", &[("72 hours", DU, Some("PT72H"))]),
        ("A two-day strike ended.", &[("two-day", DU, Some("P2D"))]),
        (
            "The war lasted a dozen years.",
            &[("a dozen years", DU, Some("P12Y"))],
        ),
        ("Buses run every week.", &[("every week", S, Some("P1W"))]),
        ("Buses run daily.", &[("daily", S, Some("P1D"))]),
        ("Fees rise each year.", &[("each year", S, Some("P1Y"))]),
        ("The board meets weekly.", &[("weekly", S, Some("P1W"))]),
    ];
    for (text, want) in cases {
        check(p, text, want);
    }
}

#[test]
fn without_publication_date_relative_values_stay_empty() {
    let got = run(
        "On Tuesday it rained; on March 1, 2022 it snowed; on May 3 it hailed.",
        None,
    );
    let vals: Vec<_> = got
        .iter()
        .map(|t| (t.text.as_str(), t.value.as_deref()))
        .collect();
    assert_eq!(
        vals,
        [
            ("Tuesday", None),
            ("March 1, 2022", Some("2022-03-01")),
            ("May 3", None)
        ]
    );
    assert!(got[0]
        .note
        .as_deref()
        .is_some_and(|n| n.contains("no publication date")));
    assert!(got[2].note.is_some());
}

#[test]
fn ages_money_and_counts_are_not_times() {
    let p = Some("2026-03-11");
    check(p, "A three-year-old boy and 1500 troops cost $2000.", &[]);
    check(p, "You may march to the hall.", &[]);
}

#[test]
fn recognize_fills_the_document() {
    let mut doc = Document::from_normalized("t", "Ferries resumed on Friday.".to_string());
    doc.published = Some("2024-05-10".into());
    let tokens = tokenize::tokenize(&doc.text);
    doc.sentences = vec![Sentence {
        span: readout_core::Span::new(0, doc.text.len()),
        text: doc.text.clone(),
        zone: readout_core::TextZone::Body,
        paragraph: 0,
        token_start: 0,
        token_end: tokens.len(),
    }];
    doc.tokens = tokens;
    recognize(&mut doc);
    assert_eq!(doc.times.len(), 1);
    assert_eq!(doc.times[0].value.as_deref(), Some("2024-05-10"));
    assert_eq!(doc.times[0].text, "Friday");
    // Tokens dropped: the stage tokenizes again.
    doc.tokens.clear();
    recognize(&mut doc);
    assert_eq!(doc.times.len(), 1);
}

#[test]
fn extreme_inputs_do_not_panic() {
    for text in [
        "It began 99999999999999999999 days ago and 4000000000 years ago.",
        "Feb. 29 came; Feb. 30 did not. 2100-02-29 is no date.",
        "every 0 days, 25:99 p.m., 13 a.m., the 0th quarter, mid-9999",
        "",
        "—",
        "Friday night Friday night Friday",
        "a a a year year ago ago",
        "the 4000000000th century, 9 1/2 to 3 or 2 years, that same year-end",
    ] {
        let _ = run(text, Some("2026-03-11"));
        let _ = run(text, None);
        let _ = run(text, Some("0001-01-01"));
        let _ = run(text, Some("9999-12-31"));
    }
}

#[test]
fn timeml_periods_quarters_and_references() {
    let p = Some("2026-03-11");
    let cases: &[Case] = &[
        (
            "Net fell in the 2025 second quarter.",
            &[("the 2025 second quarter", D, Some("2025-Q2"))],
        ),
        (
            "Sales for this year's first quarter rose.",
            &[("this year's first quarter", D, Some("2026-Q1"))],
        ),
        (
            "Net rose in the year-ago third quarter.",
            &[("the year-ago third quarter", D, Some("2025-Q3"))],
        ),
        ("Sales rose for the year.", &[("the year", D, Some("2026"))]),
        (
            "Sales rose for the full year.",
            &[("the full year", D, Some("2026"))],
        ),
        (
            "Sales rose in the fiscal year ending then.",
            &[("the fiscal year", DU, Some("P1Y"))],
        ),
        (
            "The vote is set for the year 2030.",
            &[("the year 2030", D, Some("2030"))],
        ),
        (
            "Pay will rise by year-end.",
            &[("year-end", D, Some("2026"))],
        ),
        (
            "Pay will rise by year end.",
            &[("year end", D, Some("2026"))],
        ),
        ("The ferry is 20 years old.", &[]),
        (
            "Ferries ran in the nineties.",
            &[("the nineties", D, Some("199"))],
        ),
        (
            "Fares rose in the mid-1990s.",
            &[("the mid-1990s", D, Some("199"))],
        ),
        (
            "Fares rose in early 1990s sales.",
            &[("early 1990s", D, Some("199X"))],
        ),
        (
            "The tower is a 12th century ruin.",
            &[("12th century", D, Some("11"))],
        ),
        (
            "The crossing took 5 1/2 hours.",
            &[("5 1/2 hours", DU, Some("PT5H30M"))],
        ),
        (
            "The lease runs 2 1/2 years.",
            &[("2 1/2 years", DU, Some("P2Y6M"))],
        ),
        (
            "Rates may fall in coming weeks.",
            &[("coming weeks", DU, Some("PXW"))],
        ),
        (
            "Rates may fall in the weeks ahead.",
            &[("the weeks ahead", DU, Some("PXW"))],
        ),
        (
            "Rates reflect current conditions.",
            &[("current", D, Some("PRESENT_REF"))],
        ),
        (
            "The crew left last Thanksgiving.",
            &[("last Thanksgiving", D, Some("2025-11-27"))],
        ),
        (
            "Polls opened on Election Day.",
            &[("Election Day", D, Some("2025-11-04"))],
        ),
        (
            "The gates shut at noon Friday.",
            &[("noon Friday", T, Some("2026-03-06T12:00"))],
        ),
        (
            "Sales slid Friday Oct. 13.",
            &[("Friday Oct. 13", D, Some("2025-10-13"))],
        ),
        (
            "Sales will rise over the next couple of years.",
            &[("the next couple of years", DU, Some("P2Y"))],
        ),
        (
            "The pier stood for nearly two years.",
            &[("nearly two years", DU, Some("P2Y"))],
        ),
        (
            "The pier stood for almost a hundred years.",
            &[("almost a hundred years", DU, Some("P100Y"))],
        ),
        (
            "The pier shut on March 2 and reopens by the end of the month.",
            &[
                ("March 2", D, Some("2026-03-02")),
                ("the end of the month", D, Some("2026-03")),
            ],
        ),
        (
            "Shipments resume within two to three weeks.",
            &[("two to three weeks", DU, Some("P2W"))],
        ),
        (
            "The index lagged for eight trading days.",
            &[("eight trading days", DU, Some("P8D"))],
        ),
        (
            "The pier shut on March 2 and that same day the ferry sank.",
            &[
                ("March 2", D, Some("2026-03-02")),
                ("that same day", D, Some("2026-03-02")),
            ],
        ),
        (
            "Tolls bring in $2 million a year.",
            &[("a year", S, Some("P1Y"))],
        ),
        (
            "Four ferries a week cross the bay.",
            &[("a week", S, Some("P1W"))],
        ),
        (
            "The bridge closed for a year.",
            &[("a year", DU, Some("P1Y"))],
        ),
        (
            "The blast came at about 10:35 a.m. Friday.",
            &[("10:35 a.m. Friday", T, Some("2026-03-06T10:35"))],
        ),
    ];
    for (text, want) in cases {
        check(p, text, want);
    }
    check(
        Some("2026-01-05"),
        "The ferry sank on Thanksgiving Day.",
        &[("Thanksgiving Day", D, Some("2025-11-27"))],
    );
}

/// Times of a fully analyzed text (the parse stage included), as `(text, value)`.
fn analyzed(text: &str, published: &str) -> Vec<(String, Option<String>)> {
    let options = crate::AnalyzerOptions {
        published: crate::parse_published(published),
        ..crate::AnalyzerOptions::default()
    };
    let doc = crate::Analyzer::new(options)
        .analyze(crate::ingest::Article::from_text("t", text))
        .unwrap();
    doc.times.into_iter().map(|t| (t.text, t.value)).collect()
}

#[test]
fn a_month_without_a_year_follows_its_clauses_tense_when_far() {
    let want = |text: &str, value: &str| (text.to_string(), Some(value.to_string()));
    // Five months ahead is nearer than seven back, but the arrest is past.
    assert_eq!(
        analyzed("Police arrested the two brothers in August.", "2031-03-20"),
        vec![want("August", "2030-08")]
    );
    assert_eq!(
        analyzed("The two ministers will meet in August.", "2031-03-20"),
        vec![want("August", "2031-08")]
    );
    // Close to publication the nearest date stands, whatever the tense.
    assert_eq!(
        analyzed("The vote was set for Nov. 16.", "2031-11-02"),
        vec![want("Nov. 16", "2031-11-16")]
    );
}

#[test]
fn a_scheduling_predicate_in_the_present_looks_ahead() {
    let want = |text: &str, value: &str| (text.to_string(), Some(value.to_string()));
    // March lies two months back from a May paper, but a vote that "is expected" is ahead.
    assert_eq!(
        analyzed("The final vote is expected in March.", "2031-05-10"),
        vec![want("March", "2032-03")]
    );
    assert_eq!(
        analyzed(
            "The council plans to hold the referendum in February.",
            "2031-05-10"
        ),
        vec![want("February", "2032-02")]
    );
    // The same predicate in the past dates what was expected then.
    assert_eq!(
        analyzed("The final vote was expected in March.", "2031-05-10"),
        vec![want("March", "2031-03")]
    );
}
