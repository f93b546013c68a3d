//! Speed check on synthetic data (no analyzer, no shared data needed):
//! * story clustering of 10,000 article summaries (goal: under a minute on one core);
//! * comparing two 1,000-word accounts (goal: under 50 ms).
//!
//! Run: `cargo run --release -p readout-compare --example bench [ARTICLES]`

use std::time::Instant;

use readout_compare::{cluster, compare, CompareOptions, DocSummary, StoryOptions};
use readout_core::Document;

/// A small deterministic generator (xorshift), so runs are repeatable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Zipf-like: small indices much more often.
    fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        ((n as f64).powf(u) as usize).saturating_sub(1).min(n - 1)
    }
}

fn word(i: usize) -> String {
    // Pronounceable fake words: consonant-vowel syllables from the index.
    const C: &[u8] = b"bdfgklmnprstvz";
    const V: &[u8] = b"aeiou";
    let mut s = String::new();
    let mut n = i + 1;
    while n > 0 {
        s.push(C[n % C.len()] as char);
        n /= C.len();
        s.push(V[n % V.len()] as char);
        n /= V.len();
    }
    s.push('x');
    s
}

fn summaries(n: usize) -> (Vec<DocSummary>, Vec<usize>) {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let events = (n / 5).max(1);
    let vocab = 30_000;
    let mut docs = Vec::with_capacity(n);
    let mut gold = Vec::with_capacity(n);
    for i in 0..n {
        let event = rng.below(events);
        let mut erng = Rng(event as u64 * 7919 + 17);
        let event_words: Vec<usize> = (0..40).map(|_| erng.below(vocab)).collect();
        let event_entities: Vec<String> = (0..4)
            .map(|_| format!("ent{}", erng.below(5_000)))
            .collect();
        let day = 19_000 + (event * 365 / events) as i64 + rng.below(3) as i64;
        let mut terms = std::collections::BTreeMap::new();
        for _ in 0..300 {
            let w = if rng.below(10) < 3 {
                event_words[rng.below(event_words.len())]
            } else {
                rng.zipf(vocab)
            };
            *terms.entry(word(w)).or_insert(0u32) += 1;
        }
        // The lead: 25 words, half of them the event's (its own generator, so the rest of
        // the data is as before).
        let mut lrng = Rng(i as u64 * 6_151 + 29);
        let mut lead = std::collections::BTreeMap::new();
        for _ in 0..25 {
            let w = if lrng.below(2) == 0 {
                event_words[lrng.below(event_words.len())]
            } else {
                lrng.zipf(vocab)
            };
            *lead.entry(word(w)).or_insert(0u32) += 1;
        }
        let entities = event_entities
            .iter()
            .filter(|_| rng.below(4) > 0)
            .map(|e| (e.clone(), 2))
            .collect();
        docs.push(DocSummary {
            id: format!("a{i}"),
            source: Some(format!("outlet{}", rng.below(50))),
            title: None,
            published: Some(date(day)),
            terms: terms.into_iter().collect(),
            entities,
            dates: Vec::new(),
            counts: Vec::new(),
            lead: lead.into_iter().collect(),
        });
        gold.push(event);
    }
    (docs, gold)
}

fn date(day: i64) -> String {
    // Civil from days (Howard Hinnant).
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn account(id: &str, seed: u64, shared: &[String]) -> Document {
    let mut rng = Rng(seed);
    let mut text = String::new();
    let mut words = 0;
    let mut k = 0;
    while words < 1_000 {
        // Two in three sentences come from the shared pool, each with one word changed.
        let sentence = if rng.below(3) < 2 && k < shared.len() {
            k += 1;
            let mut ws: Vec<String> = shared[k - 1].split(' ').map(str::to_string).collect();
            let at = rng.below(ws.len());
            ws[at] = word(rng.zipf(5_000));
            ws.join(" ")
        } else {
            (0..20)
                .map(|_| word(rng.zipf(5_000)))
                .collect::<Vec<_>>()
                .join(" ")
        };
        words += sentence.split(' ').count();
        text.push_str(&sentence);
        text.push_str(&format!(" killed {} people. ", rng.below(500)));
    }
    Document::from_normalized(id, text)
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let (docs, gold) = summaries(n);
    let t = Instant::now();
    let stories = cluster(&docs, &StoryOptions::default());
    let elapsed = t.elapsed();
    // Pairwise precision against the generator's events.
    let mut story_of = std::collections::HashMap::new();
    for (s, story) in stories.iter().enumerate() {
        for d in &story.documents {
            story_of.insert(d.as_str(), s);
        }
    }
    let (mut same, mut right) = (0u64, 0u64);
    for s in &stories {
        for (x, a) in s.documents.iter().enumerate() {
            for b in &s.documents[x + 1..] {
                same += 1;
                let ia: usize = a[1..].parse().unwrap_or(0);
                let ib: usize = b[1..].parse().unwrap_or(0);
                right += u64::from(gold[ia] == gold[ib]);
            }
        }
    }
    println!(
        "stories: {n} articles -> {} stories in {:.2} s ({:.0} articles/s); pairwise precision {:.3} over {same} merged pairs",
        stories.len(),
        elapsed.as_secs_f64(),
        n as f64 / elapsed.as_secs_f64(),
        if same == 0 { 1.0 } else { right as f64 / same as f64 },
    );

    let mut rng = Rng(42);
    let shared: Vec<String> = (0..60)
        .map(|_| {
            (0..20)
                .map(|_| word(rng.zipf(5_000)))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let a = account("a", 1, &shared);
    let b = account("b", 2, &shared);
    let mut times = Vec::new();
    let mut items = 0;
    for _ in 0..20 {
        let t = Instant::now();
        let c = compare(&[&a, &b], &CompareOptions::default());
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        items = c.pairs[0].items.len();
    }
    times.sort_by(f64::total_cmp);
    println!(
        "compare: two accounts of {} and {} words -> {items} items; median {:.2} ms, max {:.2} ms (20 runs)",
        a.text.split_whitespace().count(),
        b.text.split_whitespace().count(),
        times[times.len() / 2],
        times[times.len() - 1]
    );
}
