//! The name step of resolution: each named mention joins the cluster whose names it best
//! matches, or starts a new one (see the module docs of [`super`] for the rules).
//!
//! Cost. Comparing a mention with every name of every cluster is quadratic in the length
//! of the article: harmless for a news story (tens of entities), minutes for a megabyte of
//! text (thousands). Past [`INDEX_FROM_CLUSTERS`] clusters, a mention is compared only with
//! the clusters that share a blocking key with it ([`blocking_keys`]: a word's skeleton,
//! its first and last three letters, the name's initials and its words run together),
//! which every pair of names that [`same_name`] scores above [`MATCH_THRESHOLD`] shares in
//! practice. Below that size every cluster is compared, as always, so the result for an
//! ordinary article cannot change.

use readout_core::EntityType;
use rustc_hash::{FxHashMap, FxHashSet};

use super::kb::{self, CountryRef};
use super::names::{self, same_name, MATCH_THRESHOLD};
use super::type_index;

/// Number of clusters from which candidates come from the blocking index instead of a scan
/// of every cluster. News stories stay far below it.
pub(super) const INDEX_FROM_CLUSTERS: usize = 256;

/// One group of names built by [`cluster_linked`].
#[derive(Debug, Clone)]
struct Cluster {
    /// Distinct surface forms, in order of appearance, as ids into [`Clustering::names`].
    names: Vec<u32>,
    /// Votes for each type, in [`EntityType::ALL`] order.
    votes: [usize; 4],
    /// Type of the first mention: what candidates are compared as.
    kind: EntityType,
    /// Country code when the cluster is a country name.
    country: Option<&'static str>,
    /// Country code when the cluster is a demonym.
    demonym: Option<&'static str>,
    /// KB identity of the cluster's mentions (an organisation), when linked.
    link: Option<String>,
}

/// Whether a mention of type `m` may join a cluster of type `c` on a name score `s`.
/// Same types need the threshold; the tagger often types a lone surname or company name
/// differently in another sentence, so PER ↔ ORG/MISC and ORG ↔ MISC/LOC may join only on
/// an exact match of the words; places never join people.
fn types_allow(m: EntityType, c: EntityType, s: f64) -> bool {
    use EntityType::*;
    if m == c {
        return s >= MATCH_THRESHOLD;
    }
    match (m, c) {
        (Location, Person) | (Person, Location) => false,
        _ => s >= 0.999,
    }
}

/// The state of one document's clustering: clusters, the distinct names seen (interned, so
/// that scores and word counts are computed once per pair or name, and memory grows with
/// the pairs actually compared), and the indexes that find candidates without a scan.
#[derive(Default)]
struct Clustering {
    clusters: Vec<Cluster>,
    names: Vec<String>,
    name_ids: FxHashMap<String, u32>,
    /// Scores of name pairs already compared: news repeats names, and comparing two names
    /// (folding, skeleton keys, string distances) is the costly part of resolution.
    scores: FxHashMap<(u32, u32, EntityType), f64>,
    word_counts: FxHashMap<(u32, EntityType), usize>,
    /// Blocking key → clusters holding a name with that key (built
    /// once there are [`INDEX_FROM_CLUSTERS`] clusters).
    by_key: FxHashMap<String, Vec<usize>>,
    indexed: bool,
    by_link: FxHashMap<String, usize>,
    by_country: FxHashMap<&'static str, usize>,
    by_demonym: FxHashMap<&'static str, usize>,
    /// Always compare with every cluster (tests compare both ways).
    scan_all: bool,
    /// Name pairs compared (what the index keeps near-linear).
    compared: usize,
}

/// Cluster mentions with each mention's KB identity given: mentions linked to the same KB
/// entity form one cluster; a linked mention never joins a cluster linked to another KB
/// entity; unlinked mentions match by name as usual. Returns each mention's cluster index.
pub(super) fn cluster_linked(
    mentions: &[(&str, EntityType)],
    links: &[Option<String>],
) -> Vec<usize> {
    Clustering::default().run(mentions, links)
}

impl Clustering {
    fn run(mut self, mentions: &[(&str, EntityType)], links: &[Option<String>]) -> Vec<usize> {
        self.run_in_place(mentions, links)
    }

    fn run_in_place(
        &mut self,
        mentions: &[(&str, EntityType)],
        links: &[Option<String>],
    ) -> Vec<usize> {
        let mut out = Vec::with_capacity(mentions.len());
        for (mi, &(text, kind)) in mentions.iter().enumerate() {
            let link = links.get(mi).cloned().flatten();
            let country = kb::lookup_curated(text);
            let as_country = match country {
                Some((c, CountryRef::Name)) if kind != EntityType::Person => Some(c.code),
                _ => None,
            };
            let as_demonym = match country {
                Some((c, CountryRef::Demonym)) if kind != EntityType::Person => Some(c.code),
                _ => None,
            };
            let name = self.intern(text);
            // A link, a country and a demonym each belong to one cluster at most: the
            // first mention that carries it creates or claims the cluster, and every later
            // one finds it here.
            let chosen = if let Some(l) = &link {
                self.by_link
                    .get(l)
                    .copied()
                    .or_else(|| self.best_cluster(name, kind, true))
            } else if let Some(code) = as_country {
                self.by_country.get(code).copied()
            } else if let Some(code) = as_demonym {
                self.by_demonym.get(code).copied()
            } else {
                self.best_cluster(name, kind, false)
            };
            let idx = chosen.unwrap_or_else(|| {
                self.clusters.push(Cluster {
                    names: Vec::new(),
                    votes: [0; 4],
                    kind,
                    country: as_country,
                    demonym: as_demonym,
                    link: None,
                });
                let idx = self.clusters.len() - 1;
                if let Some(code) = as_country {
                    self.by_country.insert(code, idx);
                }
                if let Some(code) = as_demonym {
                    self.by_demonym.insert(code, idx);
                }
                idx
            });
            self.join(idx, name, kind, link);
            out.push(idx);
        }
        out
    }

    /// Add a mention (its name id, type and link) to cluster `idx`.
    fn join(&mut self, idx: usize, name: u32, kind: EntityType, link: Option<String>) {
        let c = &mut self.clusters[idx];
        if c.link.is_none() {
            if let Some(l) = link {
                self.by_link.insert(l.clone(), idx);
                c.link = Some(l);
            }
        }
        c.votes[type_index(kind)] += 1;
        if !c.names.contains(&name) {
            c.names.push(name);
            if self.indexed {
                self.index_name(idx, name);
            }
        }
    }

    /// File cluster `idx` under the blocking keys of its name `name`.
    fn index_name(&mut self, idx: usize, name: u32) {
        for key in blocking_keys(&self.names[name as usize], KeySide::Stored) {
            let list = self.by_key.entry(key).or_default();
            if list.last() != Some(&idx) {
                list.push(idx);
            }
        }
    }

    fn intern(&mut self, text: &str) -> u32 {
        if let Some(&id) = self.name_ids.get(text) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(text.to_string());
        self.name_ids.insert(text.to_string(), id);
        id
    }

    fn score(&mut self, a: u32, b: u32, kind: EntityType) -> f64 {
        let names = &self.names;
        *self.scores.entry((a, b, kind)).or_insert_with(|| {
            self.compared += 1;
            same_name(&names[a as usize], &names[b as usize], kind)
        })
    }

    fn word_count(&mut self, name: u32, kind: EntityType) -> usize {
        let names = &self.names;
        *self
            .word_counts
            .entry((name, kind))
            .or_insert_with(|| names::name_words(&names[name as usize], kind).len())
    }

    /// The clusters worth comparing with `name`, in ascending order: every cluster while
    /// there are few, else those sharing a blocking key with it.
    fn candidates(&mut self, name: u32) -> Vec<usize> {
        if self.scan_all || self.clusters.len() < INDEX_FROM_CLUSTERS {
            return (0..self.clusters.len()).collect();
        }
        if !self.indexed {
            // Built once, when first needed: most articles never get here.
            self.indexed = true;
            for idx in 0..self.clusters.len() {
                for name in self.clusters[idx].names.clone() {
                    self.index_name(idx, name);
                }
            }
        }
        let mut found = FxHashSet::default();
        for key in blocking_keys(&self.names[name as usize], KeySide::Lookup) {
            if let Some(list) = self.by_key.get(&key) {
                found.extend(list.iter().copied());
            }
        }
        let mut found: Vec<usize> = found.into_iter().collect();
        found.sort_unstable();
        found
    }

    /// The cluster a non-country name should join, if one clearly fits.
    fn best_cluster(&mut self, name: u32, kind: EntityType, linked: bool) -> Option<usize> {
        let words = self.word_count(name, kind);
        let mut scored: Vec<(usize, f64)> = Vec::new();
        let mut relaxed: Vec<(usize, f64)> = Vec::new();
        let mut others = false;
        for i in self.candidates(name) {
            let c = &self.clusters[i];
            // Countries and demonyms are matched through the table only: "Jordan" the
            // country must not absorb a person named Jordan. A mention linked to the KB
            // joins no cluster linked elsewhere (two UN bodies are two entities however
            // alike their names).
            if c.country.is_some() || c.demonym.is_some() || (linked && c.link.is_some()) {
                continue;
            }
            let compare_as = if c.kind == EntityType::Person || kind == EntityType::Person {
                EntityType::Person
            } else {
                kind
            };
            let cluster_kind = c.kind;
            let mut best: f64 = 0.0;
            let mut vetoed = false;
            for n in self.clusters[i].names.clone() {
                let s = self.score(name, n, compare_as);
                best = best.max(s);
                // A full name must agree with every full name already in the cluster.
                if words >= 2 && s < 0.75 && self.word_count(n, compare_as) >= 2 {
                    vetoed = true;
                }
            }
            if !vetoed && types_allow(kind, cluster_kind, best) {
                scored.push((i, best));
            } else if !vetoed && best >= MATCH_THRESHOLD && cluster_kind == EntityType::Person {
                // An organisation- or misc-tagged single word that spells like a person's
                // surname ("Kleva" for "Kuleba"): a candidate only if nothing else matches.
                relaxed.push((i, best));
            } else if best >= MATCH_THRESHOLD {
                others = true;
            }
        }
        if scored.is_empty() && !others {
            if let [one] = relaxed.as_slice() {
                let text = &self.names[name as usize];
                let single = words == 1 && !text.contains(char::is_whitespace);
                let unknown = !kb::known(text);
                if single && unknown && matches!(kind, EntityType::Organization | EntityType::Misc)
                {
                    return Some(one.0);
                }
            }
        }
        scored.sort_by(|a, b| b.1.total_cmp(&a.1));
        match scored.as_slice() {
            [] => None,
            [(i, _)] => Some(*i),
            [(i, s1), (_, s2), ..] => {
                // Competing candidates: only a clear winner is taken.
                if s1 - s2 >= 0.05 {
                    Some(*i)
                } else {
                    None
                }
            }
        }
    }
}

/// Which side of the index a name's keys are for: a cluster's name is stored under its
/// keys, a mention's name looks its keys up. The two differ for one-letter words only.
#[derive(Clone, Copy, PartialEq, Eq)]
enum KeySide {
    Stored,
    Lookup,
}

/// Keys under which a name is indexed: two names that [`same_name`] can match share one.
/// Per word: its skeleton and the skeleton's first four letters (transliteration variants,
/// endings), its first and its last three letters, and the word less any one letter (a
/// typo leaves one of them); per name, under each type's word list (titles or legal
/// forms dropped): its words run together ("Ni Hao" = "Nihao") and its initials, which an
/// acronym of one word meets as itself ("NR" = "Northern Rail"). A one-letter word matches
/// any word with that initial ("D. Orvath" = "Dana"): a stored initial is keyed `1` + the
/// letter, which a looked-up word's initial finds, and a looked-up initial finds every
/// stored word with that initial (a large bucket, read only for names with initials).
fn blocking_keys(name: &str, side: KeySide) -> Vec<String> {
    let mut keys = Vec::new();
    let folded = names::fold(name);
    for word in folded.split(|c: char| !c.is_alphanumeric()) {
        let chars: Vec<char> = word.chars().collect();
        let Some(&initial) = chars.first() else {
            continue;
        };
        if chars.len() == 1 {
            keys.push(format!("1{initial}"));
            if side == KeySide::Lookup {
                keys.push(format!("f{initial}"));
            }
        } else {
            keys.push(match side {
                KeySide::Stored => format!("f{initial}"),
                KeySide::Lookup => format!("1{initial}"),
            });
        }
        let skeleton = names::skeleton(word);
        keys.push(format!("S{}", skeleton.chars().take(4).collect::<String>()));
        keys.push(format!("s{skeleton}"));
        keys.push(format!("p{}", chars.iter().take(3).collect::<String>()));
        let tail = chars.len().saturating_sub(3);
        keys.push(format!("x{}", chars[tail..].iter().collect::<String>()));
        // The word less one letter: two words one edit apart share one of these.
        if chars.len() >= 4 {
            for skip in 0..chars.len() {
                let less: String = (chars[..skip].iter().chain(&chars[skip + 1..])).collect();
                keys.push(format!("d{less}"));
            }
            keys.push(format!("d{word}"));
        }
    }
    for kind in [
        EntityType::Person,
        EntityType::Organization,
        EntityType::Misc,
    ] {
        let words = names::name_words(name, kind);
        keys.push(format!("c{}", words.concat()));
        let initials: String = words.iter().filter_map(|w| w.chars().next()).collect();
        // For a one-word name this is its initial: a large bucket (a 26th of the one-word
        // names), but without it short words such as "Мой" and "Моя" lose their match.
        keys.push(format!("i{initials}"));
        if let [one] = words.as_slice() {
            keys.push(format!("i{one}"));
        }
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A long list of names with variants (typos, initials, reorderings, titles,
    /// transliterations, acronyms, legal forms), repeated past the index threshold.
    fn many_names() -> Vec<(String, EntityType)> {
        let first = [
            "Dana", "Pia", "Tomas", "Ilse", "Marek", "Suvi", "Arno", "Lea",
        ];
        let last = [
            "Orvath",
            "Kuleba",
            "Selkirk",
            "Brannock",
            "Vilumsons",
            "Halloran",
            "Quill",
            "Ostrander",
            "Mirov",
            "Tessaly",
        ];
        let mut out = Vec::new();
        for round in 0..4 {
            for (i, f) in first.iter().enumerate() {
                for (j, l) in last.iter().enumerate() {
                    let l = format!("{l}{}", ["", "a", "in", "e"][(i + j + round) % 4]);
                    out.push((format!("{f} {l}{round}"), EntityType::Person));
                    out.push((format!("{l}{round}"), EntityType::Person));
                    out.push((format!("Mr. {l}{round}"), EntityType::Person));
                    out.push((format!("{}. {l}{round}", &f[..1]), EntityType::Person));
                    out.push((format!("H{}{round}", l.to_lowercase()), EntityType::Person));
                }
                let org = format!("{f} Rail{round} Company");
                out.push((org.clone(), EntityType::Organization));
                out.push((format!("{}R{round}", &f[..1]), EntityType::Organization));
                out.push((format!("{f} Rail{round} Co."), EntityType::Organization));
                out.push((format!("{f}rail{round}"), EntityType::Misc));
            }
        }
        out
    }

    /// A made-up word of 6 to 9 letters from a simple generator (no real names).
    fn word(state: &mut u64) -> String {
        let mut next = || {
            *state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (*state >> 33) as usize
        };
        let len = 6 + next() % 4;
        let mut w: String = (0..len)
            .map(|_| char::from(b'a' + (next() % 26) as u8))
            .collect();
        w[..1].make_ascii_uppercase();
        w
    }

    #[test]
    fn clustering_stays_near_linear_in_the_number_of_names() {
        // 5,000 people, each named in full and then by surname.
        let mut state = 17;
        let mut names = Vec::new();
        for _ in 0..5_000 {
            let (first, last) = (word(&mut state), word(&mut state));
            names.push(format!("{first} {last}"));
            names.push(last);
        }
        let mentions: Vec<(&str, EntityType)> = names
            .iter()
            .map(|n| (n.as_str(), EntityType::Person))
            .collect();
        let started = std::time::Instant::now();
        let mut clustering = Clustering::default();
        let clusters = clustering.run_in_place(&mentions, &vec![None; mentions.len()]);
        let elapsed = started.elapsed();
        assert!(elapsed < std::time::Duration::from_secs(120), "{elapsed:?}");
        // Comparing with every cluster costs thousands of comparisons per mention here; the
        // index, a few hundred (the one-word names with the same initial).
        let per_mention = clustering.compared / mentions.len();
        assert!(per_mention < 1_000, "{per_mention} comparisons per mention");
        // Each surname joins its full name (a few random pairs are alike enough to compete).
        let joined = clusters.chunks(2).filter(|p| p[0] == p[1]).count();
        assert!(
            joined > 4_750,
            "{joined} of 5,000 surnames joined their full name"
        );
    }

    #[test]
    fn the_index_finds_what_the_scan_finds() {
        let names = many_names();
        let mentions: Vec<(&str, EntityType)> =
            names.iter().map(|(n, k)| (n.as_str(), *k)).collect();
        let links = vec![None; mentions.len()];
        let indexed = Clustering::default().run(&mentions, &links);
        let scanned = Clustering {
            scan_all: true,
            ..Clustering::default()
        }
        .run(&mentions, &links);
        let clusters = scanned.iter().max().map_or(0, |m| m + 1);
        assert!(clusters > INDEX_FROM_CLUSTERS, "{clusters} clusters");
        let merged = mentions.len() - clusters;
        assert!(merged > mentions.len() / 4, "only {merged} merges");
        assert_eq!(indexed, scanned);
    }
}
