//! A table of news phrasings (written for these tests) and the counts they must give.

use readout_core::{CountCategory as C, Document, InputInfo};

use super::recognize;
use crate::ingest::{Article, Body};
use crate::{Analyzer, AnalyzerOptions};

fn analyze(text: &str) -> Document {
    let article = Article {
        id: "t".into(),
        body: Body::Text(text.into()),
        title: None,
        url: None,
        source: None,
        published: Some("2024-01-01".into()),
        input: InputInfo::default(),
        origin: "t".into(),
    };
    let analyzer = Analyzer::new(AnalyzerOptions {
        no_entities: true,
        keep_tokens: true,
        ..AnalyzerOptions::default()
    });
    let mut doc = analyzer.analyze(article).expect("analyzes");
    recognize(&mut doc);
    crate::assert_spans(&doc);
    doc
}

/// (value, value_max, qualifier, category, object, subset_of)
type Row = (
    f64,
    Option<f64>,
    Option<&'static str>,
    C,
    Option<&'static str>,
    Option<usize>,
);

const fn row(value: f64, q: Option<&'static str>, c: C, o: Option<&'static str>) -> Row {
    (value, None, q, c, o, None)
}

#[rustfmt::skip]
fn table() -> Vec<(&'static str, Vec<Row>)> {
    use C::*;
    vec![
        // Governing verb before the number.
        ("An air strike on the market killed at least 41 civilians, medics said.",
         vec![row(41.0, Some("at least"), Killed, Some("civilians"))]),
        ("The blast wounded 17 passengers on the platform.",
         vec![row(17.0, None, Injured, Some("passengers"))]),
        ("Officers detained 30 protesters near the ministry.",
         vec![row(30.0, None, Arrested, Some("protesters"))]),
        ("Riot police fired tear gas, injuring dozens of students.",
         vec![row(24.0, None, Injured, Some("students"))]),
        ("Gunmen kidnapped up to 16 engineers from a road camp.",
         vec![row(16.0, Some("up to"), Missing, Some("engineers"))]),
        ("The shelling killed one soldier and wounded two others.",
         vec![row(1.0, None, Killed, Some("soldier")), row(2.0, None, Injured, Some("others"))]),
        ("Troops opened fire on the convoy, killing or wounding 50.",
         vec![row(50.0, None, Casualties, None)]),
        ("The landslide claimed the lives of nine villagers.",
         vec![row(9.0, None, Killed, Some("villagers"))]),
        // Predicate after the counted phrase.
        ("Twelve fishermen were killed when the storm hit the coast.",
         vec![row(12.0, None, Killed, Some("fishermen"))]),
        ("At least three Dutch tourists have been injured in the crash.",
         vec![row(3.0, Some("At least"), Injured, Some("tourists"))]),
        ("Some 2,500 residents fled as the river burst its banks.",
         vec![row(2500.0, Some("Some"), Displaced, Some("residents"))]),
        ("Five crew members remain missing after the ferry sank.",
         vec![row(5.0, None, Missing, Some("members"))]),
        ("Bus plunges into gorge, 23 dead",
         vec![row(23.0, None, Killed, None)]),
        ("Nearly 400 people were hurt and 52 died, the ministry said.",
         vec![row(400.0, Some("Nearly"), Injured, Some("people")), row(52.0, None, Killed, None)]),
        ("More than 1,200 demonstrators were taken into custody overnight.",
         vec![row(1200.0, Some("More than"), Arrested, Some("demonstrators"))]),
        ("An estimated 3.5 million people have been displaced by the fighting.",
         vec![row(3_500_000.0, Some("An estimated"), Displaced, Some("people"))]),
        // The active subject is not a victim; the reporter is not counted.
        ("Two gunmen shot dead four guards at the gate.",
         vec![row(2.0, None, Other, Some("gunmen")), row(4.0, None, Killed, Some("guards"))]),
        ("Three officials said 14 miners were trapped and 6 were killed.",
         vec![row(14.0, None, Other, Some("miners")), row(6.0, None, Killed, None)]),
        ("According to two witnesses, 8 people died in the stampede.",
         vec![row(8.0, None, Killed, Some("people"))]),
        // Tolls and event nouns.
        ("The death toll from the quake rose to 212 on Sunday.",
         vec![row(212.0, None, Killed, None)]),
        ("Officials counted 536 civilian casualties in the first month.",
         vec![row(536.0, None, Casualties, None)]),
        ("The floods caused 45 deaths across the province.",
         vec![row(45.0, None, Killed, None)]),
        ("Camps near the border now hold 10,000 refugees.",
         vec![row(10000.0, None, Displaced, Some("refugees"))]),
        ("The storm left 3,000 displaced people without shelter.",
         vec![row(3000.0, None, Displaced, Some("people"))]),
        // Parts of a whole.
        ("The raid killed 136 people, including 13 children.",
         vec![row(136.0, None, Killed, Some("people")),
              (13.0, None, None, Killed, Some("children"), Some(0))]),
        ("About 400 were injured, 13 of them children.",
         vec![row(400.0, Some("About"), Injured, None),
              (13.0, None, None, Injured, Some("children"), Some(0))]),
        ("At least 60 people were killed. Among the dead were 11 police officers.",
         vec![row(60.0, Some("At least"), Killed, Some("people")),
              (11.0, None, None, Killed, Some("officers"), Some(0))]),
        // A part whose "including" a translation dropped: the last conjunct is a bare
        // number, so the subgroup before it belongs to the earlier, larger toll.
        ("The shelling killed at least 52 residents since Monday, wounded 9 women and 120.",
         vec![row(52.0, Some("at least"), Killed, Some("residents")),
              (9.0, None, None, Killed, Some("women"), Some(0)),
              row(120.0, None, Injured, None)]),
        // … but not when the earlier toll cannot contain the subgroup, when the last conjunct
        // names its own people, or when there is no earlier toll.
        ("The mortar killed 14 soldiers, injured 6 children and 30.",
         vec![row(14.0, None, Killed, Some("soldiers")), row(6.0, None, Injured, Some("children")),
              row(30.0, None, Injured, None)]),
        ("The blast killed 70 people, injured 5 girls and 90 others.",
         vec![row(70.0, None, Killed, Some("people")), row(5.0, None, Injured, Some("girls")),
              row(90.0, None, Injured, Some("others"))]),
        ("The fire injured 8 pupils and 25.",
         vec![row(8.0, None, Injured, Some("pupils")), row(25.0, None, Injured, None)]),
        // Coordination under one verb, both ways.
        ("The rockets killed 20 soldiers, injured 13 children and 40 adults.",
         vec![row(20.0, None, Killed, Some("soldiers")), row(13.0, None, Injured, Some("children")),
              row(40.0, None, Injured, Some("adults"))]),
        ("Four soldiers and two civilians were wounded in the ambush.",
         vec![row(4.0, None, Injured, Some("soldiers")), row(2.0, None, Injured, Some("civilians"))]),
        // Ranges.
        ("Between 10 and 15 villagers were abducted, elders said.",
         vec![(10.0, Some(15.0), None, Missing, Some("villagers"), None)]),
        ("The mob beat 20-30 migrants, police said.",
         vec![(20.0, Some(30.0), None, Other, Some("migrants"), None)]),
        ("Two or three houses were set alight.",
         vec![(2.0, Some(3.0), None, Other, Some("houses"), None)]),
        // Word numbers and plural number words.
        ("Twenty-one pilgrims drowned when their boat capsized.",
         vec![row(21.0, None, Killed, Some("pilgrims"))]),
        ("Hundreds of families were evacuated from the valley.",
         vec![row(200.0, None, Displaced, Some("families"))]),
        ("Tens of thousands of workers were left homeless.",
         vec![row(20000.0, None, Displaced, Some("workers"))]),
        ("Police arrested a dozen suspects and two dozen supporters.",
         vec![row(12.0, None, Arrested, Some("suspects")), row(24.0, None, Arrested, Some("supporters"))]),
        // Singular counts only with an event.
        ("A local reporter was killed in the blast, and a man watched.",
         vec![row(1.0, None, Killed, Some("reporter"))]),
        // Plain counts of people: other.
        ("About 4,000 residents live in the district.",
         vec![row(4000.0, Some("About"), Other, Some("residents"))]),
        // Not counts at all.
        ("A 57-year-old man was questioned on March 3, 2021, at 10:30 a.m.", vec![]),
        ("The council voted 31 to 9 to approve the $4 million plan, a 12% rise.", vec![]),
        ("Flight 17 landed at Gate 5 in 1999 after 3 hours, the 2nd time in 10 years.", vec![]),
        ("Jane Roe, 57, said inflation rose to 4.5 percent.", vec![]),
        ("Resolution 1244 passed in the 15-member council.", vec![]),
        ("Eight in 10 voters and two out of three teachers said a mother of two should lead.",
         vec![]),
        ("A government official reported deaths in the camp.", vec![]),
        ("At least 50 reported injured after the quake.",
         vec![row(50.0, Some("At least"), Injured, None)]),
        ("Five of the 12 soldiers were hurt.",
         vec![row(12.0, None, Injured, Some("soldiers"))]),
        ("Thousands of frightened residents flooded the camps.",
         vec![row(2000.0, None, Other, Some("residents"))]),
        ("Rebels were holding 5 aid workers hostage, and 3 others were freed.",
         vec![row(5.0, None, Missing, Some("workers")), row(3.0, None, Other, Some("others"))]),
        ("The 30,000 emails that are missing were never found.", vec![]),
        ("The company sold 300 cars and 12 trucks.",
         vec![row(300.0, None, Other, Some("cars")), row(12.0, None, Other, Some("trucks"))]),
        // Issue 19: the verb a figure belongs to, read from the parse. A part introduced by
        // "including" hangs off the first verb's phrase, so the coordinated "and 52 have
        // been hurt" is not its predicate.
        ("At least 74 villagers have been killed, including 9 infants, and 52 have been hurt.",
         vec![row(74.0, Some("At least"), Killed, Some("villagers")),
              (9.0, None, None, Killed, Some("infants"), Some(0)),
              row(52.0, None, Injured, None)]),
        ("More than 30 miners died and 18 were injured, among them 4 engineers.",
         vec![row(30.0, Some("More than"), Killed, Some("miners")),
              row(18.0, None, Injured, None),
              (4.0, None, None, Injured, Some("engineers"), Some(1))]),
        ("Some 61 fishermen were rescued, of whom 7 were injured.",
         vec![row(61.0, Some("Some"), Other, Some("fishermen")),
              (7.0, None, None, Injured, None, Some(0))]),
    ]
}

#[test]
fn counts_table() {
    let mut failures = Vec::new();
    for (text, expected) in table() {
        let doc = analyze(text);
        let got: Vec<Row> = doc
            .counts
            .iter()
            .map(|c| {
                (
                    c.value,
                    c.value_max,
                    leak(c.qualifier.clone()),
                    c.category,
                    leak(c.object.clone()),
                    c.subset_of,
                )
            })
            .collect();
        if got != expected {
            failures.push(format!(
                "{text}\n  expected {expected:?}\n  got      {got:?}\n  texts    {:?}",
                doc.counts
                    .iter()
                    .map(|c| c.text.as_str())
                    .collect::<Vec<_>>()
            ));
        }
        for c in &doc.counts {
            assert_eq!(doc.slice(c.span), Some(c.text.as_str()));
            assert!(doc.sentences[c.sentence].span.start <= c.span.start);
            assert!(c.span.end <= doc.sentences[c.sentence].span.end);
        }
    }
    assert!(
        failures.is_empty(),
        "{} rows failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn leak(s: Option<String>) -> Option<&'static str> {
    s.map(|s| &*Box::leak(s.into_boxed_str()))
}

#[test]
fn byline_is_skipped_and_spans_are_on_token_boundaries() {
    let doc = analyze(
        "Quake toll climbs\n\nThe quake killed 30 people.\n\nLena Haas\n\nLena Haas is a reporter who has covered 12 wars.",
    );
    assert_eq!(doc.counts.len(), 1, "{:?}", doc.counts);
    let c = &doc.counts[0];
    assert_eq!(c.text, "30 people");
    assert!(doc.tokens.iter().any(|t| t.span.start == c.span.start));
    assert!(doc.tokens.iter().any(|t| t.span.end == c.span.end));
}

#[test]
fn works_without_stored_tokens() {
    let mut doc = analyze("The blast killed 7 people.");
    let expected = doc.counts.clone();
    doc.tokens.clear();
    recognize(&mut doc);
    assert_eq!(doc.counts, expected);
}

#[test]
fn no_panic_on_token_soup() {
    // Deterministic pseudo-random sentences from words the rules react to.
    const WORDS: &[&str] = &[
        "killed",
        "at",
        "least",
        "12",
        "people",
        "were",
        "and",
        "or",
        "of",
        "them",
        "the",
        "dead",
        "including",
        "between",
        "to",
        "-",
        "1,200",
        "dozens",
        "hundreds",
        "thousands",
        "a",
        "an",
        "man",
        "said",
        ",",
        ".",
        "toll",
        "rose",
        "number",
        "among",
        "whom",
        "one",
        "twenty-one",
        "hundred",
        "million",
        "(",
        ")",
        "10-15",
        "31-9",
        "$",
        "%",
        "years",
        "Flight",
        "March",
        "in",
        "out",
        "10:30",
        "wounded",
        "injured",
        "fled",
        "refugees",
        "more",
        "than",
        "up",
        "about",
        "another",
        "total",
        "children",
        "soldiers",
        "or",
        "killing",
        "wounding",
        "was",
        "been",
        "have",
        "reported",
        "according",
        "who",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..300 {
        let mut words = Vec::new();
        for _ in 0..(seed % 40) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            words.push(WORDS[(seed % WORDS.len() as u64) as usize]);
        }
        seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let text = words.join(" ");
        if text.trim().is_empty() {
            continue;
        }
        let doc = analyze(&text);
        for c in &doc.counts {
            assert_eq!(doc.slice(c.span), Some(c.text.as_str()), "{text}");
            assert!(c.subset_of.is_none_or(|p| p < doc.counts.len()), "{text}");
            assert!(c.value.is_finite() && c.value >= 0.0, "{text}");
        }
    }
}

#[test]
fn no_panic_on_odd_input() {
    for text in [
        "1",
        "a",
        "killed",
        "between",
        "between 5",
        "at least",
        "of them",
        "13 of the",
        "10 to",
        "- 5 -",
        "9,999,999,999,999,999,999,999 people died",
        "1e308 1e308",
        "one hundred thousand million billion",
        "dozens of of of",
        "killed killed killed 5 5 5 , , including including 3",
        "“5” — died",
        "٣ قتلى",
        "5\u{301} people",
        "among the dead were",
        "13 of them",
    ] {
        let mut doc = Document::from_normalized("x", text.to_string());
        // Sentences and tokens that point past the end must not panic either.
        doc.sentences.push(readout_core::Sentence {
            span: readout_core::Span::new(0, text.len()),
            text: text.to_string(),
            zone: readout_core::TextZone::Body,
            paragraph: 0,
            token_start: 0,
            token_end: 1000,
        });
        recognize(&mut doc);
        let _ = analyze(text);
    }
}
