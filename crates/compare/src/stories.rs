//! Stories: articles from different sources that report the same event.
//!
//! Each article is reduced to a [`DocSummary`]: content words of its title and body (title and
//! lead counted twice), its entities (knowledge-base code, else the normalized name), the
//! dates it resolves and its counts. These become one sparse unit TF-IDF vector (entities,
//! dates and counts weighted up), with document frequencies from the batch being clustered.
//!
//! Two articles are *linked* by their cosine when they share at least
//! [`StoryOptions::min_shared`] features and their publication dates lie within
//! [`StoryOptions::window_days`] (a missing date constrains nothing); otherwise their link is
//! 0. Stories are grouped by **average link**: an article joins a story, and two stories
//! merge, only when the mean link over all their article pairs reaches
//! [`StoryOptions::threshold`]. One strong pair cannot chain two events together, since every
//! other pair must carry the merge too.
//!
//! In a batch, features that no other article has are left out of the vectors
//! ([`StoryOptions::min_df`]): they cannot link anything and would only dilute the cosine of
//! long articles. After the average-link pass, an article left alone may still join the story
//! that its lead (title and first sentences) names clearly better than any other story it
//! links to ([`StoryOptions::attach_margin`]), when its mean link with that story reaches
//! [`StoryOptions::attach_floor`]: opinion and analysis pieces share background with several
//! events, while their lead says which one they are about.
//!
//! [`cluster`] (batch) starts from one story per article and merges the best pair of stories
//! first while the bar is met (agglomerative, so article order does not matter).
//! [`StoryIndex::add`] (incremental) puts each new article in the best story that meets the
//! bar; [`StoryIndex::regroup`] then merges stories that the one pass left apart.
//!
//! The decision is tuned for precision: a false merge would tell the user that two
//! newsrooms corroborated each other when they did not, while a split only hides a link.
//!
//! Candidates come from an inverted index over each article's strongest features, so the
//! cost grows with the number of articles, not with its square.

use std::collections::{BTreeMap, BinaryHeap};

use readout_core::{Document, TextZone};
use serde::{Deserialize, Serialize};

use crate::claims::entity_key;
use crate::text;

/// Body sentences at the start of an article (its lead) whose words count twice, like the
/// title's: the lead states the event, the rest adds background that other events share.
const LEAD_SENTENCES: usize = 3;

/// The clustering's maps use the Fx hash of rustc (`rustc-hash`): they are keyed by small
/// integers and feature names that come from our own data, and SipHash was a third of the
/// clustering's instructions. Results never depend on a map's iteration order (every choice
/// is made by a total order), so the hasher changes speed only.
type FastMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// What story clustering needs of an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocSummary {
    /// Document id.
    pub id: String,
    /// Outlet, when known.
    pub source: Option<String>,
    /// Headline, when known.
    pub title: Option<String>,
    /// Publication date `YYYY-MM-DD`, when known.
    pub published: Option<String>,
    /// Content-word keys with their frequencies (title and lead words counted twice).
    pub terms: Vec<(String, u32)>,
    /// Entity keys (`kb:CODE`, else the name's lower-case letters and digits) with their
    /// mention counts.
    pub entities: Vec<(String, u32)>,
    /// Day-level dates the article resolves.
    pub dates: Vec<String>,
    /// Counts as `category:value`.
    pub counts: Vec<String>,
    /// Content-word keys of the title and lead alone (counted once), which state the event
    /// whatever the article's length.
    #[serde(default)]
    pub lead: Vec<(String, u32)>,
}

impl DocSummary {
    /// Summarize an analyzed document (title and body zones).
    pub fn from_document(doc: &Document) -> DocSummary {
        let mut terms: BTreeMap<String, u32> = BTreeMap::new();
        let mut lead: BTreeMap<String, u32> = BTreeMap::new();
        let mut body_seen = 0usize;
        for s in &doc.sentences {
            let weight = match s.zone {
                TextZone::Title => 2,
                TextZone::Body => {
                    body_seen += 1;
                    if body_seen <= LEAD_SENTENCES {
                        2
                    } else {
                        1
                    }
                }
                TextZone::Byline => continue,
            };
            add_terms(&s.text, weight, &mut terms);
            if weight == 2 {
                add_terms(&s.text, 1, &mut lead);
            }
        }
        if doc.sentences.is_empty() {
            if let Some(t) = &doc.title {
                add_terms(t, 2, &mut terms);
                add_terms(t, 1, &mut lead);
            }
            add_terms(&doc.text, 1, &mut terms);
        }
        let mut entities: BTreeMap<String, u32> = BTreeMap::new();
        for e in &doc.entities {
            let (key, _) = entity_key(e);
            *entities.entry(normalize_entity(&key)).or_default() += e.mentions.len().max(1) as u32;
        }
        let mut dates: Vec<String> = doc
            .times
            .iter()
            .filter_map(|t| t.value.as_deref())
            .filter(|v| text::day_number(v).is_some())
            .map(|v| v[..10].to_string())
            .collect();
        dates.sort();
        dates.dedup();
        let mut counts: Vec<String> = doc
            .counts
            .iter()
            .filter(|c| c.value.is_finite() && c.value >= 1.0)
            .map(|c| format!("{:?}:{}", c.category, c.value).to_lowercase())
            .collect();
        counts.sort();
        counts.dedup();
        DocSummary {
            id: doc.id.clone(),
            source: doc.source.clone(),
            title: doc.title.clone(),
            published: doc.published.clone(),
            terms: terms.into_iter().collect(),
            entities: entities.into_iter().collect(),
            dates,
            counts,
            lead: lead.into_iter().collect(),
        }
    }
}

/// An entity key compared across articles: lower-case letters and digits only, so that
/// "Kim Jong-un" and "Kim Jong Un" meet.
fn normalize_entity(key: &str) -> String {
    if key.starts_with("kb:") {
        return key.to_string();
    }
    key.chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

fn add_terms(s: &str, weight: u32, terms: &mut BTreeMap<String, u32>) {
    let mut ascii = String::new();
    for w in text::words(s) {
        let owned;
        let f: &str = if w.text.is_ascii() {
            // `text::fold` without its allocation: for ASCII, lower-casing is byte by byte
            // and there is no typographic apostrophe to map.
            ascii.clear();
            ascii.extend(w.text.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            if ascii.ends_with("'s") {
                ascii.truncate(ascii.len() - 2);
            } else if ascii.ends_with('\'') {
                ascii.pop();
            }
            &ascii
        } else {
            owned = text::fold(w.text);
            &owned
        };
        // Cheapest test first (all three only filter).
        let short = if f.is_ascii() {
            f.len() < 3
        } else {
            f.chars().count() < 3
        };
        if short || text::is_number(f) || text::is_stop(f) {
            continue;
        }
        let stem = text::stem(f);
        match terms.get_mut(&stem) {
            Some(n) => *n += weight,
            None => {
                terms.insert(stem, weight);
            }
        }
    }
}

/// Options of story clustering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StoryOptions {
    /// Similarity (0–1) an article needs with a story to join it: its mean cosine with the
    /// story's articles (average link). [`StoryIndex::regroup`] merges two stories when the
    /// mean over all their cross pairs reaches it.
    pub threshold: f64,
    /// Features (words, entities, dates, counts) an article must share with the story.
    pub min_shared: usize,
    /// Largest distance in days between an article's publication date and the story's
    /// dates. Articles without a date are not constrained.
    pub window_days: i64,
    /// Weight of an entity feature relative to a word.
    pub entity_weight: f64,
    /// Weight of a date or count feature relative to a word.
    pub anchor_weight: f64,
    /// Strongest features of an article used to look up candidate stories.
    pub probe_features: usize,
    /// Features kept per article vector (the strongest by TF-IDF).
    pub max_features: usize,
    /// Candidate stories scored per article.
    pub max_candidates: usize,
    /// Batch clustering ([`cluster`], [`StoryIndex::with_frequencies`]) leaves out of the
    /// vectors the features held by fewer articles of the batch: a feature no other article
    /// has cannot link two articles, it only dilutes the cosine of the one that has it (long
    /// opinion pieces, background-heavy articles) and, having the highest IDF, takes a place
    /// under [`StoryOptions::max_features`]. 1 keeps every feature.
    pub min_df: u32,
    /// A lone article (one the average-link pass left alone) may join a story whose mean link
    /// with it reaches this, though under [`StoryOptions::threshold`]; see
    /// [`StoryOptions::attach_margin`].
    pub attach_floor: f64,
    /// … when its lead (title and first sentences, which state the event) is at least this
    /// many times as similar (mean cosine) to that story as to any other story it links to.
    pub attach_margin: f64,
}

impl Default for StoryOptions {
    fn default() -> Self {
        StoryOptions {
            threshold: 0.20,
            min_shared: 3,
            window_days: 3,
            entity_weight: 1.5,
            anchor_weight: 2.0,
            probe_features: 12,
            max_features: 150,
            max_candidates: 40,
            min_df: 2,
            attach_floor: 0.10,
            attach_margin: 1.5,
        }
    }
}

/// A story: articles reporting one event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    /// Story id: `s1`, `s2`… in order of the first article.
    pub id: String,
    /// Member document ids, in the order they joined.
    pub documents: Vec<String>,
    /// Distinct sources of the members.
    pub sources: Vec<String>,
    /// Headline of the first member that has one.
    pub title: Option<String>,
    /// Earliest publication date of the members.
    pub first_published: Option<String>,
    /// Latest publication date of the members.
    pub last_published: Option<String>,
    /// The story's strongest features (words, `entity:`, `date:`, `count:`), best first.
    pub top_features: Vec<String>,
    /// For each member after the first, the similarity with which it joined.
    pub join_scores: Vec<f64>,
}

#[derive(Debug, Default)]
struct StoryState {
    members: Vec<usize>,
    centroid: FastMap<u32, f64>,
    first_day: Option<i64>,
    last_day: Option<i64>,
    join_scores: Vec<f64>,
}

/// A candidate merge of stories `a` and `b` (valid while their versions are unchanged).
#[derive(Debug)]
struct Link {
    avg: f64,
    a: usize,
    b: usize,
    va: u32,
    vb: u32,
}

impl PartialEq for Link {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}

impl Eq for Link {}

impl PartialOrd for Link {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Link {
    /// Highest average first; ties to the earliest stories, for determinism.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.avg
            .total_cmp(&other.avg)
            .then(other.a.cmp(&self.a))
            .then(other.b.cmp(&self.b))
    }
}

/// Average-link merging of stories: repeatedly join the two stories whose articles are most
/// similar on average (`links[a][b]` summed over all cross pairs, divided by `size[a] *
/// size[b]`) while that average reaches `threshold`. `links` and `size` are updated as
/// stories merge; returns for each story the story it was merged into, if any.
fn merge_by_average_link(
    links: &mut [FastMap<usize, f64>],
    size: &mut [usize],
    threshold: f64,
) -> Vec<Option<usize>> {
    let n = links.len();
    let mut version = vec![0u32; n];
    let mut heap: BinaryHeap<Link> = BinaryHeap::new();
    let push = |heap: &mut BinaryHeap<Link>,
                a: usize,
                b: usize,
                sum: f64,
                size: &[usize],
                version: &[u32]| {
        let avg = sum / (size[a] * size[b]) as f64;
        if avg >= threshold {
            heap.push(Link {
                avg,
                a,
                b,
                va: version[a],
                vb: version[b],
            });
        }
    };
    for (a, row) in links.iter().enumerate() {
        for (&b, &sum) in row {
            if a < b {
                push(&mut heap, a, b, sum, size, &version);
            }
        }
    }
    let mut merged_into: Vec<Option<usize>> = vec![None; n];
    while let Some(l) = heap.pop() {
        let alive = |s: usize| merged_into[s].is_none();
        if !alive(l.a) || !alive(l.b) || version[l.a] != l.va || version[l.b] != l.vb {
            continue;
        }
        // Keep the story that started first; fold the other's links into it.
        let (keep, gone) = (l.a.min(l.b), l.a.max(l.b));
        merged_into[gone] = Some(keep);
        let gone_links = std::mem::take(&mut links[gone]);
        for (c, sum) in gone_links {
            if c == keep {
                continue;
            }
            *links[keep].entry(c).or_default() += sum;
            links[c].remove(&gone);
            *links[c].entry(keep).or_default() += sum;
        }
        links[keep].remove(&gone);
        size[keep] += size[gone];
        version[keep] += 1;
        for (&c, &sum) in &links[keep] {
            push(&mut heap, keep.min(c), keep.max(c), sum, size, &version);
        }
    }
    merged_into
}

#[derive(Debug)]
struct DocState {
    id: String,
    source: Option<String>,
    title: Option<String>,
    published: Option<String>,
    /// Unit TF-IDF vector, sorted by feature id.
    vector: Vec<(u32, f64)>,
    /// Unit TF-IDF vector of the title and lead words, sorted by feature id.
    lead: Vec<(u32, f64)>,
    /// Publication day number, when known.
    day: Option<i64>,
}

/// Incremental story clustering: [`StoryIndex::add`] assigns one article to an existing
/// story or starts a new one.
#[derive(Debug)]
pub struct StoryIndex {
    options: StoryOptions,
    features: FastMap<String, u32>,
    names: Vec<String>,
    /// Document frequency per feature id.
    df: Vec<u32>,
    /// Documents counted in `df`.
    n_docs: u32,
    /// When true, `df` is fixed (batch mode) and `add` does not update it.
    frozen_df: bool,
    postings: FastMap<u32, Vec<u32>>,
    stories: Vec<StoryState>,
    docs: Vec<DocState>,
}

impl StoryIndex {
    /// An empty index; document frequencies grow as articles are added.
    pub fn new(options: StoryOptions) -> StoryIndex {
        StoryIndex {
            options,
            features: FastMap::default(),
            names: Vec::new(),
            df: Vec::new(),
            n_docs: 0,
            frozen_df: false,
            postings: FastMap::default(),
            stories: Vec::new(),
            docs: Vec::new(),
        }
    }

    /// An empty index whose document frequencies come from `docs` (all of them, before any
    /// is added): better weights for batch clustering.
    pub fn with_frequencies(options: StoryOptions, docs: &[DocSummary]) -> StoryIndex {
        let mut index = StoryIndex::new(options);
        for d in docs {
            index.count_frequencies(d);
        }
        index.frozen_df = true;
        index
    }

    fn feature_id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.features.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.features.insert(name.to_string(), id);
        self.names.push(name.to_string());
        self.df.push(0);
        id
    }

    fn raw_features(&mut self, d: &DocSummary) -> Vec<(u32, f64)> {
        let mut out =
            Vec::with_capacity(d.terms.len() + d.entities.len() + d.dates.len() + d.counts.len());
        for (t, n) in &d.terms {
            let id = self.feature_id(t);
            out.push((id, 1.0 + f64::from(*n).ln()));
        }
        // Prefixed names built in one buffer: no allocation for a known feature.
        let mut name = String::new();
        let mut prefixed = |index: &mut StoryIndex, prefix: &str, key: &str| {
            name.clear();
            name.push_str(prefix);
            name.push_str(key);
            index.feature_id(&name)
        };
        for (e, n) in &d.entities {
            let id = prefixed(self, "entity:", e);
            out.push((id, self.options.entity_weight * (1.0 + f64::from(*n).ln())));
        }
        for x in &d.dates {
            let id = prefixed(self, "date:", x);
            out.push((id, self.options.anchor_weight));
        }
        for x in &d.counts {
            let id = prefixed(self, "count:", x);
            out.push((id, self.options.anchor_weight));
        }
        out.sort_by_key(|(id, _)| *id);
        out.dedup_by_key(|(id, _)| *id);
        out
    }

    /// The title and lead words of an article, looked up (log term frequencies).
    fn raw_lead(&mut self, d: &DocSummary) -> Vec<(u32, f64)> {
        let mut out: Vec<(u32, f64)> = d
            .lead
            .iter()
            .map(|(t, n)| (self.feature_id(t), 1.0 + f64::from(*n).ln()))
            .collect();
        out.sort_by_key(|(id, _)| *id);
        out.dedup_by_key(|(id, _)| *id);
        out
    }

    fn count_frequencies(&mut self, d: &DocSummary) {
        let feats = self.raw_features(d);
        for (id, _) in feats {
            self.df[id as usize] += 1;
        }
        self.n_docs += 1;
    }

    /// The article's unit TF-IDF vector, strongest features first.
    fn vector(&mut self, d: &DocSummary) -> Vec<(u32, f64)> {
        let raw = self.raw_features(d);
        self.vector_of(raw)
    }

    /// [`StoryIndex::vector`] of features already looked up.
    fn vector_of(&self, raw: Vec<(u32, f64)>) -> Vec<(u32, f64)> {
        self.unit_tfidf(raw, self.options.max_features)
    }

    /// Unit TF-IDF vector of a lead's looked-up terms, every term kept, sorted by feature id
    /// (for [`sparse_dot`]).
    fn lead_vector(&self, raw: Vec<(u32, f64)>) -> Vec<(u32, f64)> {
        let mut v = self.unit_tfidf(raw, usize::MAX);
        v.sort_by_key(|(id, _)| *id);
        v
    }

    /// Unit TF-IDF vector of looked-up features (the `max` strongest), strongest first.
    /// Under frozen frequencies, features held by fewer than [`StoryOptions::min_df`]
    /// articles are left out.
    fn unit_tfidf(&self, raw: Vec<(u32, f64)>, max: usize) -> Vec<(u32, f64)> {
        let n = f64::from(self.n_docs.max(1));
        let min_df = if self.frozen_df {
            self.options.min_df
        } else {
            1
        };
        let mut v: Vec<(u32, f64)> = raw
            .into_iter()
            .filter(|(id, _)| self.df[*id as usize] >= min_df)
            .map(|(id, tf)| {
                let df = f64::from(self.df[id as usize].max(1));
                (id, tf * ((n + 1.0) / df).ln().max(0.0))
            })
            .filter(|(_, w)| *w > 0.0)
            .collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(max);
        let norm = v.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
        if norm > 0.0 {
            for (_, w) in &mut v {
                *w /= norm;
            }
        }
        v
    }

    /// Add an article; returns the index of its story in [`StoryIndex::stories`].
    pub fn add(&mut self, d: &DocSummary) -> usize {
        if !self.frozen_df {
            self.count_frequencies(d);
        }
        let v = self.vector(d);
        let lead_raw = self.raw_lead(d);
        let lead = self.lead_vector(lead_raw);
        let day = d.published.as_deref().and_then(text::day_number);
        let doc_index = self.docs.len();
        let mut sorted = v.clone();
        sorted.sort_by_key(|(id, _)| *id);
        self.docs.push(DocState {
            id: d.id.clone(),
            source: d.source.clone(),
            title: d.title.clone(),
            published: d.published.clone(),
            vector: sorted,
            lead,
            day,
        });
        // Candidates: stories sharing one of the article's strongest features. Features
        // held by very many stories (common words) are skipped as probes.
        let max_postings = 2_000usize;
        let mut hits: FastMap<u32, u32> = FastMap::default();
        for (id, _) in v.iter().take(self.options.probe_features) {
            if let Some(list) = self.postings.get(id) {
                if list.len() > max_postings {
                    continue;
                }
                for &s in list {
                    *hits.entry(s).or_default() += 1;
                }
            }
        }
        let mut candidates: Vec<(u32, u32)> = hits.into_iter().collect();
        candidates.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        candidates.truncate(self.options.max_candidates);

        let mut best: Option<(usize, f64)> = None;
        for (s, _) in candidates {
            let story = &self.stories[s as usize];
            if let (Some(day), Some(first), Some(last)) = (day, story.first_day, story.last_day) {
                let w = self.options.window_days;
                if day < first - w || day > last + w {
                    continue;
                }
            }
            let mut dot = 0.0;
            let mut shared = 0;
            for (id, w) in &v {
                if let Some(c) = story.centroid.get(id) {
                    dot += w * c;
                    shared += 1;
                }
            }
            if shared < self.options.min_shared || story.members.is_empty() {
                continue;
            }
            // The centroid is the sum of the members' unit vectors: `dot / members` is the
            // mean cosine with them (average link).
            let sim = dot / story.members.len() as f64;
            if sim >= self.options.threshold && best.is_none_or(|(_, b)| sim > b) {
                best = Some((s as usize, sim));
            }
        }

        match best {
            Some((s, sim)) => self.new_story(doc_index, &v, day, Some((s, sim))),
            None => self.new_story(doc_index, &v, day, None),
        }
    }

    /// Batch clustering's first step: the article (its features already counted in the
    /// frozen frequencies) becomes a story of its own. Only its membership is kept: the
    /// centroid and the candidate postings are what [`StoryIndex::add`] needs, and
    /// [`StoryIndex::regroup`] rebuilds every story from its members.
    fn push_singleton(&mut self, d: &DocSummary, raw: Vec<(u32, f64)>, lead: Vec<(u32, f64)>) {
        let lead_v = self.lead_vector(lead);
        let mut vector = self.vector_of(raw);
        vector.sort_by_key(|(id, _)| *id);
        let day = d.published.as_deref().and_then(text::day_number);
        let doc_index = self.docs.len();
        self.docs.push(DocState {
            id: d.id.clone(),
            source: d.source.clone(),
            title: d.title.clone(),
            published: d.published.clone(),
            vector,
            lead: lead_v,
            day,
        });
        self.stories.push(StoryState {
            members: vec![doc_index],
            first_day: day,
            last_day: day,
            ..StoryState::default()
        });
    }

    /// Put document `doc_index` (vector `v`) into story `join.0` (with score `join.1`), or
    /// into a new story.
    fn new_story(
        &mut self,
        doc_index: usize,
        v: &[(u32, f64)],
        day: Option<i64>,
        join: Option<(usize, f64)>,
    ) -> usize {
        let story_index = match join {
            Some((s, sim)) => {
                self.stories[s]
                    .join_scores
                    .push((sim * 1000.0).round() / 1000.0);
                s
            }
            None => {
                self.stories.push(StoryState::default());
                self.stories.len() - 1
            }
        };
        let story = &mut self.stories[story_index];
        story.members.push(doc_index);
        if let Some(day) = day {
            story.first_day = Some(story.first_day.map_or(day, |f| f.min(day)));
            story.last_day = Some(story.last_day.map_or(day, |l| l.max(day)));
        }
        for (id, w) in v {
            let c = story.centroid.entry(*id).or_insert(0.0);
            let old = *c;
            *c += w;
            if old == 0.0 {
                self.postings
                    .entry(*id)
                    .or_default()
                    .push(story_index as u32);
            }
        }
        story_index
    }

    /// Cosine similarity of two added documents, or `None` when they share fewer than
    /// [`StoryOptions::min_shared`] features or their publication dates lie further apart
    /// than [`StoryOptions::window_days`] (a missing date constrains nothing).
    fn pair_similarity(&self, a: usize, b: usize) -> Option<f64> {
        let (da, db) = (&self.docs[a], &self.docs[b]);
        if let (Some(x), Some(y)) = (da.day, db.day) {
            if (x - y).abs() > self.options.window_days {
                return None;
            }
        }
        let (dot, shared) = sparse_dot(&da.vector, &db.vector);
        (shared >= self.options.min_shared).then_some(dot)
    }

    /// Cosine of two added documents' lead vectors.
    fn lead_similarity(&self, a: usize, b: usize) -> f64 {
        sparse_dot(&self.docs[a].lead, &self.docs[b].lead).0
    }

    /// Similar document pairs `(a, b, cosine)` with `a < b`, found through an inverted index
    /// over each document's strongest features (so the cost stays near-linear).
    fn similar_pairs(&self) -> Vec<(usize, usize, f64)> {
        let probe = self.options.probe_features;
        // Strongest first, ties to the lower feature id: a total order, so the probe set is
        // the same whichever way it is selected.
        let stronger = |a: &(u32, f64), b: &(u32, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        let mut postings: FastMap<u32, Vec<u32>> = FastMap::default();
        let mut strongest: Vec<Vec<u32>> = Vec::with_capacity(self.docs.len());
        let mut top: Vec<(u32, f64)> = Vec::new();
        for (i, d) in self.docs.iter().enumerate() {
            top.clear();
            top.extend_from_slice(&d.vector);
            if top.len() > probe {
                if probe == 0 {
                    top.clear();
                } else {
                    top.select_nth_unstable_by(probe - 1, stronger);
                    top.truncate(probe);
                }
            }
            let ids: Vec<u32> = top.iter().map(|(id, _)| *id).collect();
            for &f in &ids {
                // Documents in index order: every list is sorted.
                postings.entry(f).or_default().push(i as u32);
            }
            strongest.push(ids);
        }
        let max_postings = 2_000usize;
        let mut pairs = Vec::new();
        // Shared probe features per later document, counted densely.
        let mut hits: Vec<u32> = vec![0; self.docs.len()];
        let mut touched: Vec<u32> = Vec::new();
        let mut candidates: Vec<(u32, u32)> = Vec::new();
        let ranked = |a: &(u32, u32), b: &(u32, u32)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
        // Document `i`'s weights spread out by feature id (`mark` says which are its own), so
        // that each candidate's vector is walked once instead of merged: the same products,
        // summed in the same (feature id) order as `pair_similarity`.
        let mut dense: Vec<f64> = vec![0.0; self.names.len()];
        let mut mark: Vec<u32> = vec![u32::MAX; self.names.len()];
        for (i, top) in strongest.iter().enumerate() {
            for &(id, w) in &self.docs[i].vector {
                dense[id as usize] = w;
                mark[id as usize] = i as u32;
            }
            for f in top {
                let list = &postings[f];
                if list.len() > max_postings {
                    continue;
                }
                let after = list.partition_point(|&j| (j as usize) <= i);
                for &j in &list[after..] {
                    let h = &mut hits[j as usize];
                    if *h == 0 {
                        touched.push(j);
                    }
                    *h += 1;
                }
            }
            candidates.clear();
            candidates.extend(touched.iter().map(|&j| (j, hits[j as usize])));
            for &j in &touched {
                hits[j as usize] = 0;
            }
            touched.clear();
            let keep = self.options.max_candidates;
            if candidates.len() > keep {
                if keep == 0 {
                    candidates.clear();
                } else {
                    candidates.select_nth_unstable_by(keep - 1, ranked);
                    candidates.truncate(keep);
                }
            }
            candidates.sort_unstable_by(ranked);
            let day = self.docs[i].day;
            for &(j, _) in &candidates {
                let other = &self.docs[j as usize];
                if let (Some(x), Some(y)) = (day, other.day) {
                    if (x - y).abs() > self.options.window_days {
                        continue;
                    }
                }
                let (mut dot, mut shared) = (0.0, 0);
                for &(id, w) in &other.vector {
                    if mark[id as usize] == i as u32 {
                        dot += dense[id as usize] * w;
                        shared += 1;
                    }
                }
                if shared >= self.options.min_shared && dot > 0.0 {
                    pairs.push((i, j as usize, dot));
                }
            }
        }
        pairs
    }

    /// Merge stories by average link: repeatedly join the two stories whose articles are
    /// most similar on average (all cross pairs, missing or disqualified pairs counting as
    /// 0) while that average reaches [`StoryOptions::merge_threshold`]. This undoes splits
    /// that the one-pass [`StoryIndex::add`] made because of article order, without letting
    /// one close pair chain two events together.
    pub fn regroup(&mut self) {
        self.regroup_inner(true);
    }

    /// [`StoryIndex::regroup`]; `postings` false skips rebuilding the candidate index that
    /// later [`StoryIndex::add`] calls need (batch clustering adds nothing afterwards).
    fn regroup_inner(&mut self, postings: bool) {
        let n = self.stories.len();
        let mut links = self.story_links();
        let mut size: Vec<usize> = self.stories.iter().map(|s| s.members.len()).collect();
        let merged_into = merge_by_average_link(&mut links, &mut size, self.options.threshold);
        let mut alive: Vec<bool> = merged_into.iter().map(Option::is_none).collect();
        let mut root: Vec<usize> = (0..n)
            .map(|s| {
                let mut r = s;
                while let Some(p) = merged_into[r] {
                    r = p;
                }
                r
            })
            .collect();
        let mut members_of: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (s, st) in self.stories.iter().enumerate() {
            members_of[root[s]].extend(&st.members);
        }
        for (s, c) in self.lone_attachments(&links, &alive, &size, &members_of) {
            alive[s] = false;
            root[s] = c;
        }
        // Rebuild the surviving stories, members in the order they were added.
        let old = std::mem::take(&mut self.stories);
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (s, st) in old.iter().enumerate() {
            members[root[s]].extend(&st.members);
        }
        for (mut m, alive) in members.into_iter().zip(alive) {
            if alive {
                m.sort_unstable();
                self.stories.push(self.story_of_members(&m));
            }
        }
        self.postings.clear();
        if !postings {
            return;
        }
        for (s, st) in self.stories.iter().enumerate() {
            for id in st.centroid.keys() {
                self.postings.entry(*id).or_default().push(s as u32);
            }
        }
    }

    /// For each story, the sum of its articles' pair similarities with each other story's.
    fn story_links(&self) -> Vec<FastMap<usize, f64>> {
        let pairs = self.similar_pairs();
        let mut story_of = vec![0usize; self.docs.len()];
        for (s, st) in self.stories.iter().enumerate() {
            for &m in &st.members {
                story_of[m] = s;
            }
        }
        let mut links: Vec<FastMap<usize, f64>> = vec![FastMap::default(); self.stories.len()];
        for (a, b, sim) in pairs {
            let (sa, sb) = (story_of[a], story_of[b]);
            if sa != sb {
                *links[sa].entry(sb).or_default() += sim;
                *links[sb].entry(sa).or_default() += sim;
            }
        }
        links
    }

    /// A lone article whose text links it, under the bar, to stories of one kind of event
    /// joins the one its lead singles out: of the stories it links to, the one whose
    /// articles' leads are the most similar to its lead (mean cosine), when that story's
    /// mean link reaches `attach_floor` and its lead similarity is `attach_margin` times
    /// that of every other story it links to. Long articles (opinion, analysis) share
    /// background with several events; their lead says which one they report. Returns
    /// (lone story, story it joins) pairs.
    fn lone_attachments(
        &self,
        links: &[FastMap<usize, f64>],
        alive: &[bool],
        size: &[usize],
        members_of: &[Vec<usize>],
    ) -> Vec<(usize, usize)> {
        let mut attach = Vec::new();
        for s in 0..links.len() {
            if !alive[s] || size[s] != 1 {
                continue;
            }
            let m = members_of[s][0];
            if self.docs[m].lead.is_empty() {
                continue;
            }
            let lead_avg = |c: usize| {
                members_of[c]
                    .iter()
                    .map(|&o| self.lead_similarity(m, o))
                    .sum::<f64>()
                    / members_of[c].len() as f64
            };
            // (mean lead cosine, mean link, story) for every story the article links to.
            let mut ranked: Vec<(f64, f64, usize)> = links[s]
                .iter()
                .filter(|(c, _)| alive[**c])
                .map(|(&c, &sum)| (lead_avg(c), sum / size[c] as f64, c))
                .collect();
            ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.2.cmp(&b.2)));
            let Some(&(lead_best, link, c)) = ranked.first() else {
                continue;
            };
            let lead_second = ranked.get(1).map_or(0.0, |x| x.0);
            if size[c] >= 2
                && link >= self.options.attach_floor
                && lead_best > 0.0
                && lead_best >= self.options.attach_margin * lead_second
            {
                attach.push((s, c));
            }
        }
        attach
    }

    /// A story state rebuilt from its members (in order); each member after the first gets
    /// as join score its mean similarity with the members before it.
    fn story_of_members(&self, members: &[usize]) -> StoryState {
        let mut st = StoryState::default();
        for (k, &m) in members.iter().enumerate() {
            let d = &self.docs[m];
            if k > 0 {
                let sum: f64 = members[..k]
                    .iter()
                    .filter_map(|&p| self.pair_similarity(p, m))
                    .sum();
                st.join_scores
                    .push((sum / k as f64 * 1000.0).round() / 1000.0);
            }
            st.members.push(m);
            if let Some(day) = d.day {
                st.first_day = Some(st.first_day.map_or(day, |f| f.min(day)));
                st.last_day = Some(st.last_day.map_or(day, |l| l.max(day)));
            }
            for (id, w) in &d.vector {
                *st.centroid.entry(*id).or_insert(0.0) += w;
            }
        }
        st
    }

    /// The stories so far, in order of their first article.
    pub fn stories(&self) -> Vec<Story> {
        self.stories
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let docs: Vec<&DocState> = s.members.iter().map(|&m| &self.docs[m]).collect();
                let mut sources: Vec<String> = Vec::new();
                for d in &docs {
                    if let Some(src) = &d.source {
                        if !sources.contains(src) {
                            sources.push(src.clone());
                        }
                    }
                }
                let mut dates: Vec<&str> =
                    docs.iter().filter_map(|d| d.published.as_deref()).collect();
                dates.sort_unstable();
                let mut top: Vec<(&u32, &f64)> = s.centroid.iter().collect();
                top.sort_by(|a, b| b.1.total_cmp(a.1).then(a.0.cmp(b.0)));
                Story {
                    id: format!("s{}", i + 1),
                    documents: docs.iter().map(|d| d.id.clone()).collect(),
                    sources,
                    title: docs.iter().find_map(|d| d.title.clone()),
                    first_published: dates.first().map(|d| d.to_string()),
                    last_published: dates.last().map(|d| d.to_string()),
                    top_features: top
                        .into_iter()
                        .take(8)
                        .map(|(id, _)| self.names[*id as usize].clone())
                        .collect(),
                    join_scores: s.join_scores.clone(),
                }
            })
            .collect()
    }
}

/// Cluster a batch of articles into stories (articles taken in publication order, undated
/// ones last, ties in input order).
pub fn cluster(docs: &[DocSummary], options: &StoryOptions) -> Vec<Story> {
    // As `StoryIndex::with_frequencies`, each article's features looked up once.
    let mut index = StoryIndex::new(options.clone());
    // Per article: its features and its lead words, looked up.
    type Raw = (Vec<(u32, f64)>, Vec<(u32, f64)>);
    let mut raw: Vec<Raw> = Vec::with_capacity(docs.len());
    for d in docs {
        let feats = index.raw_features(d);
        for (id, _) in &feats {
            index.df[*id as usize] += 1;
        }
        index.n_docs += 1;
        let lead = index.raw_lead(d);
        raw.push((feats, lead));
    }
    index.frozen_df = true;
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by_key(|&i| {
        (
            docs[i]
                .published
                .as_deref()
                .and_then(text::day_number)
                .is_none(),
            docs[i].published.as_deref().and_then(text::day_number),
        )
    });
    for i in order {
        let (feats, lead) = std::mem::take(&mut raw[i]);
        index.push_singleton(&docs[i], feats, lead);
    }
    index.regroup_inner(false);
    index.stories()
}

/// Tuning aid: every document pair's link (cosine, or `None` when disqualified) as
/// [`cluster`] computes it, indexed by input position.
#[doc(hidden)]
pub fn pair_links(docs: &[DocSummary], options: &StoryOptions) -> Vec<Vec<Option<f64>>> {
    let mut index = StoryIndex::with_frequencies(options.clone(), docs);
    let raw: Vec<_> = docs
        .iter()
        .map(|d| (index.raw_features(d), index.raw_lead(d)))
        .collect();
    for (d, (r, l)) in docs.iter().zip(raw) {
        index.push_singleton(d, r, l);
    }
    (0..docs.len())
        .map(|a| {
            (0..docs.len())
                .map(|b| index.pair_similarity(a, b))
                .collect()
        })
        .collect()
}

/// Tuning aid: each document's unit vector (feature name, weight) as [`cluster`] builds it.
#[doc(hidden)]
pub fn doc_vectors(docs: &[DocSummary], options: &StoryOptions) -> Vec<Vec<(String, f64)>> {
    let mut index = StoryIndex::with_frequencies(options.clone(), docs);
    docs.iter()
        .map(|d| {
            let raw = index.raw_features(d);
            index
                .vector_of(raw)
                .into_iter()
                .map(|(id, w)| (index.names[id as usize].clone(), w))
                .collect()
        })
        .collect()
}

/// Dot product of two sparse vectors sorted by feature id, and how many features they share.
fn sparse_dot(a: &[(u32, f64)], b: &[(u32, f64)]) -> (f64, usize) {
    let (mut i, mut j, mut dot, mut shared) = (0, 0, 0.0, 0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (dot, shared)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(id: &str, published: Option<&str>, text: &str, entities: &[&str]) -> DocSummary {
        let mut terms = BTreeMap::new();
        add_terms(text, 1, &mut terms);
        DocSummary {
            id: id.to_string(),
            source: Some(format!("outlet-{id}")),
            title: None,
            published: published.map(str::to_string),
            terms: terms.into_iter().collect(),
            entities: entities.iter().map(|e| (e.to_string(), 2)).collect(),
            dates: Vec::new(),
            counts: Vec::new(),
            lead: Vec::new(),
        }
    }

    fn corpus() -> Vec<DocSummary> {
        vec![
            summary(
                "ferry-a",
                Some("2031-05-02"),
                "A ferry capsized near Port Avel harbour; coast guard divers rescued forty \
                 passengers and searched for the missing crew overnight.",
                &["port avel", "kb:AVLCOG"],
            ),
            summary(
                "budget-a",
                Some("2031-05-02"),
                "The finance ministry of Lerania presented its budget, raising fuel taxes and \
                 cutting pension spending, and parliament opened the debate.",
                &["kb:LERGOV", "lerania"],
            ),
            summary(
                "ferry-b",
                Some("2031-05-03"),
                "Coast guard divers kept searching the harbour at Port Avel for the missing \
                 crew after the ferry capsized; forty passengers were rescued.",
                &["port avel", "kb:AVLCOG"],
            ),
            summary(
                "budget-b",
                Some("2031-05-03"),
                "Lerania's parliament began debating the budget after the finance ministry \
                 proposed higher fuel taxes and lower pension spending.",
                &["kb:LERGOV", "lerania"],
            ),
            summary(
                "ferry-late",
                Some("2031-06-20"),
                "A ferry capsized near Port Avel harbour; coast guard divers rescued forty \
                 passengers and searched for the missing crew overnight.",
                &["port avel", "kb:AVLCOG"],
            ),
        ]
    }

    #[test]
    fn same_event_articles_group_and_others_stay_apart() {
        let stories = cluster(&corpus(), &StoryOptions::default());
        let groups: Vec<Vec<&str>> = stories
            .iter()
            .map(|s| s.documents.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(
            groups,
            vec![
                vec!["ferry-a", "ferry-b"],
                vec!["budget-a", "budget-b"],
                // Same words seven weeks later: outside the time window, a story of its own.
                vec!["ferry-late"],
            ]
        );
        assert_eq!(stories[0].sources, ["outlet-ferry-a", "outlet-ferry-b"]);
        assert_eq!(stories[0].first_published.as_deref(), Some("2031-05-02"));
        assert_eq!(stories[0].join_scores.len(), 1);
    }

    #[test]
    fn incremental_adds_match_the_batch_on_clear_cases() {
        let mut index = StoryIndex::new(StoryOptions::default());
        let docs = corpus();
        let assigned: Vec<usize> = docs.iter().map(|d| index.add(d)).collect();
        assert_eq!(assigned[0], assigned[2]);
        assert_eq!(assigned[1], assigned[3]);
        assert_ne!(assigned[0], assigned[1]);
        assert_eq!(index.stories().len(), 3);
    }

    #[test]
    fn batch_result_does_not_depend_on_input_order() {
        let mut docs = corpus();
        let forward = cluster(&docs, &StoryOptions::default());
        docs.reverse();
        let backward = cluster(&docs, &StoryOptions::default());
        let groups = |stories: &[Story]| {
            let mut g: Vec<Vec<String>> = stories
                .iter()
                .map(|s| {
                    let mut d = s.documents.clone();
                    d.sort();
                    d
                })
                .collect();
            g.sort();
            g
        };
        assert_eq!(groups(&forward), groups(&backward));
    }

    #[test]
    fn average_link_does_not_chain_through_a_bridge() {
        // x and z share nothing; y shares four words with each. Single link would put all
        // three together; average link keeps z apart once x and y are a story.
        let docs = vec![
            summary(
                "x",
                None,
                "alpha bravo charlie delta mango nectar olive papaya",
                &[],
            ),
            summary(
                "y",
                None,
                "mango nectar olive papaya quartz raven silver tango",
                &[],
            ),
            summary(
                "z",
                None,
                "quartz raven silver tango umbra velvet willow xenon",
                &[],
            ),
        ];
        // Every word counts (a batch of three leaves few shared ones).
        let options = StoryOptions {
            threshold: 0.2,
            min_df: 1,
            ..StoryOptions::default()
        };
        let stories = cluster(&docs, &options);
        let groups: Vec<Vec<&str>> = stories
            .iter()
            .map(|s| s.documents.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(groups, vec![vec!["x", "y"], vec!["z"]]);
        assert!(stories[0].join_scores[0] >= 0.2, "{:?}", stories[0]);
        // With a lower bar the average (half of one link) is enough: the merge is real.
        let loose = StoryOptions {
            threshold: 0.1,
            ..options
        };
        assert_eq!(cluster(&docs, &loose).len(), 1);
    }

    #[test]
    fn regroup_merges_stories_the_incremental_pass_split() {
        // A bar too high for the first pass splits the ferry story; regrouping at the
        // default bar merges it, without touching the budget story.
        let strict = StoryOptions {
            threshold: 0.99,
            ..StoryOptions::default()
        };
        let mut index = StoryIndex::new(strict);
        for d in corpus().iter().take(4) {
            index.add(d);
        }
        assert_eq!(index.stories().len(), 4);
        index.options.threshold = StoryOptions::default().threshold;
        index.regroup();
        let groups: Vec<Vec<String>> = index.stories().into_iter().map(|s| s.documents).collect();
        assert_eq!(
            groups,
            vec![vec!["ferry-a", "ferry-b"], vec!["budget-a", "budget-b"]]
        );
    }

    /// `cluster`'s batch path (features looked up once, bare singletons, no candidate
    /// index) against the incremental machinery it replaced: every article added as a
    /// story of its own, then regrouped.
    #[test]
    fn batch_clustering_matches_singletons_regrouped() {
        let mut docs = corpus();
        for (i, extra) in [
            "ferry divers harbour crew rescued passengers overnight",
            "budget fuel taxes pension parliament debate finance",
            "harbour ferry budget parliament divers taxes",
        ]
        .iter()
        .enumerate()
        {
            let mut d = summary(
                &format!("extra-{i}"),
                (i != 2).then_some("2031-05-02"),
                extra,
                &["port avel"],
            );
            d.dates = vec!["2031-05-01".into()];
            d.counts = vec!["killed:3".into()];
            docs.push(d);
        }
        for options in [
            StoryOptions::default(),
            StoryOptions {
                threshold: 0.05,
                min_shared: 2,
                probe_features: 3,
                max_candidates: 2,
                ..StoryOptions::default()
            },
        ] {
            let mut reference = StoryIndex::with_frequencies(
                StoryOptions {
                    threshold: f64::INFINITY,
                    ..options.clone()
                },
                &docs,
            );
            let mut order: Vec<usize> = (0..docs.len()).collect();
            order.sort_by_key(|&i| {
                let day = docs[i].published.as_deref().and_then(text::day_number);
                (day.is_none(), day)
            });
            for i in order {
                reference.add(&docs[i]);
            }
            reference.options.threshold = options.threshold;
            reference.regroup();
            let expected = reference.stories();
            assert!(expected.iter().any(|s| s.documents.len() > 1));
            assert_eq!(cluster(&docs, &options), expected);
        }
    }

    /// The ASCII fast path of `add_terms` folds as `text::fold` does.
    #[test]
    fn terms_fold_like_the_text_module() {
        let text = "The Minister's FERRY-crossing workers' O’Neill’s École 2031 ab Abc's \
                    DON'T stopped Planned x'y";
        let mut fast = BTreeMap::new();
        add_terms(text, 2, &mut fast);
        let mut slow: BTreeMap<String, u32> = BTreeMap::new();
        for w in text::words(text) {
            let f = text::fold(w.text);
            if text::is_stop(&f) || f.chars().count() < 3 || text::is_number(&f) {
                continue;
            }
            *slow.entry(text::stem(&f)).or_default() += 2;
        }
        assert!(
            slow.contains_key("minister") && slow.contains_key("o'neill"),
            "{slow:?}"
        );
        assert_eq!(fast, slow);
    }

    /// An article whose title and lead are `lead` and whose body adds `body`.
    fn with_lead(id: &str, lead: &str, body: &str) -> DocSummary {
        let mut terms = BTreeMap::new();
        add_terms(lead, 2, &mut terms);
        add_terms(body, 1, &mut terms);
        let mut lead_terms = BTreeMap::new();
        add_terms(lead, 1, &mut lead_terms);
        DocSummary {
            lead: lead_terms.into_iter().collect(),
            terms: terms.into_iter().collect(),
            ..summary(id, None, "", &[])
        }
    }

    #[test]
    fn words_no_other_article_has_do_not_dilute_links() {
        let core = "ferry capsized harbour divers rescued passengers crew missing";
        let long: String = (0..60).map(|i| format!(" aside{i}x")).collect();
        let docs = vec![
            summary("short", None, core, &[]),
            summary("long", None, &format!("{core}{long}"), &[]),
            summary("other", None, "budget parliament taxes pension", &[]),
        ];
        let links = pair_links(&docs, &StoryOptions::default());
        let all = StoryOptions {
            min_df: 1,
            ..StoryOptions::default()
        };
        let diluted = pair_links(&docs, &all);
        assert!(links[0][1].unwrap() > 0.99, "{links:?}");
        assert!(diluted[0][1].unwrap() < 0.5, "{diluted:?}");
        assert_eq!(cluster(&docs, &StoryOptions::default()).len(), 2);
        assert_eq!(cluster(&docs, &all).len(), 3);
    }

    #[test]
    fn a_lone_article_joins_the_story_its_lead_names() {
        let background = "iran nuclear agreement sanctions tehran enrichment obama inspectors";
        let visit = "macron visit white house state dinner french president persuade";
        let files = "netanyahu presentation archive israel warehouse documents trump";
        let mut docs = Vec::new();
        for i in 0..3 {
            docs.push(with_lead(&format!("visit-{i}"), visit, background));
            docs.push(with_lead(&format!("files-{i}"), files, background));
        }
        // An opinion piece: the visit in its lead, then the deal's history and politics.
        docs.push(with_lead(
            "opinion",
            "macron persuade trump",
            &format!(
                "{background} republicans candidates campaign senators rubio cruz donors \
                 primary debate hawks filibuster lobbyists pollsters caucus governors \
                 superpac pundits talkshow"
            ),
        ));
        // Other articles that share two of its words each (too few to link).
        for (i, pair) in [
            "republicans candidates",
            "campaign senators",
            "rubio cruz",
            "donors primary",
            "debate hawks",
            "filibuster lobbyists",
            "pollsters caucus",
            "governors superpac",
            "pundits talkshow",
        ]
        .iter()
        .enumerate()
        {
            docs.push(with_lead(&format!("aside-{i}"), pair, "weather"));
        }
        let groups = |options: &StoryOptions| -> Vec<Vec<String>> {
            cluster(&docs, options)
                .into_iter()
                .map(|s| s.documents)
                .collect()
        };
        let stories = groups(&StoryOptions::default());
        let links = pair_links(&docs, &StoryOptions::default());
        // Its links: under the bar with the visit story, weaker but present with the other.
        let (to_visit, to_files) = (links[6][0].unwrap(), links[6][1].unwrap());
        assert!(
            to_visit < 0.2 && to_files > 0.1 && to_files < to_visit,
            "{links:?}"
        );
        assert!(
            stories
                .iter()
                .any(|s| s.contains(&"opinion".to_string()) && s.contains(&"visit-0".to_string())),
            "{stories:?} {links:?}"
        );
        assert_eq!(stories.len(), 11, "{stories:?}");
        // Without the lead rule it stays alone: its mean link with the visit story is under
        // the bar, barely above that with the other story.
        let strict = StoryOptions {
            attach_margin: 100.0,
            ..StoryOptions::default()
        };
        assert_eq!(groups(&strict).len(), 12, "{links:?}");
    }

    #[test]
    fn empty_and_degenerate_input() {
        assert!(cluster(&[], &StoryOptions::default()).is_empty());
        let blank = summary("blank", Some("not a date"), "", &[]);
        let stories = cluster(&[blank.clone(), blank], &StoryOptions::default());
        // Nothing in common to show: never merged.
        assert_eq!(stories.len(), 2);
    }
}
