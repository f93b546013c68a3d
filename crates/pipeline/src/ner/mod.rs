//! Entities (stage 5): named-entity mentions — PER, ORG, LOC, MISC — from a statistical
//! tagger trained by readout itself.
//!
//! The tagger is a structured averaged perceptron over hashed features ([`features`]),
//! decoded with constrained Viterbi over BILOU tags ([`tags`], [`model`]). It is trained on
//! CoNLL-2003 by the `readout-train` crate (`readout train ner`), using word clusters induced
//! from unlabeled news text ([`clusters`]) and name lists compiled from the CAMEO/Phoenix
//! dictionaries and name-variant lists ([`gazetteer`]); this module holds only what tagging
//! needs. The trained artifacts live in `models/ner/` and are compiled into the library, so
//! analysis needs no file and no network.

pub mod clusters;
pub mod conll;
pub mod features;
pub mod gazetteer;
pub mod model;
pub mod tags;

use std::path::Path;
use std::sync::{Arc, OnceLock};

use readout_core::{Document, EntityType, Mention, TextZone};

use self::clusters::Clusters;
use self::features::{extract, DocContext, History, Resources};
use self::gazetteer::Gazetteer;
use self::model::{Model, ModelError};

/// The committed model, clusters and gazetteer, compiled in.
const EMBEDDED_MODEL: &[u8] = include_bytes!("../../../../models/ner/model.bin.gz");
const EMBEDDED_CLUSTERS: &[u8] = include_bytes!("../../../../models/ner/clusters.tsv.gz");
const EMBEDDED_GAZETTEER: &[u8] = include_bytes!("../../../../models/ner/gazetteer.tsv.gz");
const EMBEDDED_VECTOR_CLUSTERS: &[u8] =
    include_bytes!("../../../../models/ner/vector_clusters.tsv.gz");

/// Longest token run tagged at once; longer sentences are tagged in windows of this size.
const MAX_WINDOW_TOKENS: usize = 400;

/// Errors loading a tagger.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TaggerError {
    /// The model file is bad.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// The clusters or gazetteer file is bad.
    #[error("{what}: {message}")]
    Resource {
        /// Which file.
        what: String,
        /// What is wrong.
        message: String,
    },
    /// A file could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// A named-entity tagger: model weights plus the resources its features use.
#[derive(Debug)]
pub struct EntityTagger {
    model: Model,
    resources: Resources,
}

fn gunzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out)?;
    Ok(out)
}

fn resource_error(what: &str, message: String) -> TaggerError {
    TaggerError::Resource {
        what: what.to_string(),
        message,
    }
}

fn read_clusters(what: &str, gz: &[u8]) -> Result<Clusters, TaggerError> {
    let tsv = gunzip(gz).map_err(|e| resource_error(what, e.to_string()))?;
    Clusters::read_tsv(&tsv[..]).map_err(|e| resource_error(what, e.to_string()))
}

fn read_gazetteer(gz: &[u8]) -> Result<Gazetteer, TaggerError> {
    let tsv = gunzip(gz).map_err(|e| resource_error("gazetteer", e.to_string()))?;
    Gazetteer::read_tsv(&tsv[..]).map_err(|e| resource_error("gazetteer", e.to_string()))
}

/// The embedded news and vector clusters, loaded once (each on its own thread: they are
/// independent) and shared by the entity tagger and the parser, which needs nothing else of
/// the entity tagger's.
fn embedded_cluster_arcs() -> &'static (Arc<Clusters>, Arc<Clusters>) {
    static CLUSTERS: OnceLock<(Arc<Clusters>, Arc<Clusters>)> = OnceLock::new();
    CLUSTERS.get_or_init(|| {
        let load = |what: &str, gz: &[u8]| {
            // Checked by the test suite; failing here means the build itself is broken.
            Arc::new(read_clusters(what, gz).expect("the embedded clusters load"))
        };
        std::thread::scope(|scope| {
            let news = scope.spawn(|| load("clusters", EMBEDDED_CLUSTERS));
            let vectors = load("vector clusters", EMBEDDED_VECTOR_CLUSTERS);
            let news = news.join().expect("the embedded clusters load");
            (news, vectors)
        })
    })
}

/// The embedded news clusters and vector clusters (see [`EntityTagger::embedded`]).
pub fn embedded_clusters() -> (&'static Clusters, &'static Clusters) {
    let (news, vectors) = embedded_cluster_arcs();
    (news, vectors)
}

impl EntityTagger {
    /// Build a tagger from its parts.
    pub fn new(model: Model, resources: Resources) -> EntityTagger {
        EntityTagger { model, resources }
    }

    /// The tagger compiled into this build (loaded once, then shared). Its clusters are
    /// [`embedded_clusters`], shared with the parser.
    pub fn embedded() -> &'static EntityTagger {
        static TAGGER: OnceLock<EntityTagger> = OnceLock::new();
        TAGGER.get_or_init(|| {
            // The embedded artifacts are checked by the test suite; failing here means the
            // build itself is broken.
            let model = Model::read(EMBEDDED_MODEL);
            let gazetteer = read_gazetteer(EMBEDDED_GAZETTEER);
            let (clusters, vector_clusters) = embedded_cluster_arcs();
            EntityTagger {
                model: model.expect("the embedded entity model loads (checked by tests)"),
                resources: Resources {
                    clusters: clusters.clone(),
                    gazetteer: gazetteer.expect("the embedded gazetteer loads (checked by tests)"),
                    vector_clusters: vector_clusters.clone(),
                },
            }
        })
    }

    /// Load a tagger from the gzip-compressed artifacts: model, clusters, gazetteer and
    /// vector clusters.
    pub fn from_bytes(
        model: &[u8],
        clusters: &[u8],
        gazetteer: &[u8],
        vector_clusters: &[u8],
    ) -> Result<EntityTagger, TaggerError> {
        Ok(EntityTagger {
            model: Model::read(model)?,
            resources: Resources {
                clusters: read_clusters("clusters", clusters)?.into(),
                gazetteer: read_gazetteer(gazetteer)?,
                vector_clusters: read_clusters("vector clusters", vector_clusters)?.into(),
            },
        })
    }

    /// Load a tagger from a folder holding `model.bin.gz`, `clusters.tsv.gz`,
    /// `gazetteer.tsv.gz` and `vector_clusters.tsv.gz` (what `readout train ner` writes).
    pub fn from_dir(dir: &Path) -> Result<EntityTagger, TaggerError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|source| TaggerError::Io {
                path: path.display().to_string(),
                source,
            })
        };
        Self::from_bytes(
            &read("model.bin.gz")?,
            &read("clusters.tsv.gz")?,
            &read("gazetteer.tsv.gz")?,
            &read("vector_clusters.tsv.gz")?,
        )
    }

    /// The clusters and name lists the features read (the parser's features use the
    /// clusters too).
    pub fn resources(&self) -> &Resources {
        &self.resources
    }

    /// The model (weights and training metadata).
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Tag the sentences of one document (each a list of tokens). Returns, per sentence, the
    /// entity spans as token ranges `(start, end, type)`.
    pub fn tag<S: AsRef<str>>(&self, sentences: &[Vec<S>]) -> Vec<Vec<(usize, usize, EntityType)>> {
        let ctx = DocContext::new(sentences);
        let mut history = History::default();
        sentences
            .iter()
            .map(|s| {
                // A run-on "sentence" (a huge input without punctuation) is tagged in windows,
                // so memory stays bounded by the window, not the input.
                let mut spans = Vec::new();
                for (w, window) in s.chunks(MAX_WINDOW_TOKENS).enumerate() {
                    let feats = history.extend(window, extract(&self.resources, &ctx, window));
                    let found = tags::spans_from_bilou(&self.model.decode(&feats));
                    history.record(window, &found);
                    let offset = w * MAX_WINDOW_TOKENS;
                    spans.extend(
                        found
                            .into_iter()
                            .map(|(a, b, k)| (a + offset, b + offset, k)),
                    );
                }
                spans
            })
            .collect()
    }

    /// Fill `doc.mentions` from the title and body sentences (bylines are not story text).
    pub fn recognize(&self, doc: &mut Document) {
        let chosen: Vec<usize> = doc
            .sentences
            .iter()
            .enumerate()
            .filter(|(_, s)| s.zone != TextZone::Byline)
            .map(|(i, _)| i)
            .collect();
        let sentences: Vec<Vec<&str>> = chosen
            .iter()
            .map(|&i| {
                doc.sentence_tokens(&doc.sentences[i])
                    .iter()
                    .map(|t| t.text.as_str())
                    .collect()
            })
            .collect();
        let tagged = self.tag(&sentences);
        let mut mentions = Vec::new();
        for (&si, spans) in chosen.iter().zip(tagged) {
            let s = &doc.sentences[si];
            for (a, b, kind) in spans {
                let (ts, te) = (s.token_start + a, s.token_start + b);
                let span =
                    readout_core::Span::new(doc.tokens[ts].span.start, doc.tokens[te - 1].span.end);
                mentions.push(Mention {
                    span,
                    text: doc.text[span.start..span.end].to_string(),
                    kind,
                    sentence: si,
                    token_start: ts,
                    token_end: te,
                });
            }
        }
        doc.mentions = mentions;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(text: &str) -> Vec<(String, EntityType)> {
        let tokens = crate::tokenize::tokenize(text);
        let words: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
        let spans = EntityTagger::embedded().tag(std::slice::from_ref(&words));
        spans[0]
            .iter()
            .map(|&(s, e, k)| (words[s..e].join(" "), k))
            .collect()
    }

    #[test]
    fn the_embedded_model_loads_and_has_training_metadata() {
        let tagger = EntityTagger::embedded();
        assert!(tagger.model().num_features() > 10_000);
        assert!(tagger.model().metadata.contains("eng.train"));
    }

    #[test]
    fn finds_people_places_and_organisations_in_invented_news() {
        let found = tag(
            "Foreign Minister Ilse Marrow met officials of the United Nations in Geneva on Monday.",
        );
        assert!(
            found.contains(&("Ilse Marrow".to_string(), EntityType::Person)),
            "{found:?}"
        );
        assert!(
            found.contains(&("United Nations".to_string(), EntityType::Organization)),
            "{found:?}"
        );
        assert!(
            found.contains(&("Geneva".to_string(), EntityType::Location)),
            "{found:?}"
        );
        // No entity in a sentence without names.
        assert!(tag("the storm closed the harbour for a week .").is_empty());
    }

    #[test]
    fn recognize_fills_mentions_with_valid_spans_and_skips_bylines() {
        let article = crate::ingest::Article {
            id: "t".into(),
            body: crate::ingest::Body::Text(
                "Talks resume\n\nPresident Aldo Brenner arrived in Lisbon on Friday, his office said.\n\n\
                 Mira Okafor\n\nMira Okafor is a reporter based in Lagos."
                    .into(),
            ),
            title: None,
            url: None,
            source: None,
            published: None,
            input: Default::default(),
            origin: "t".into(),
        };
        let doc = crate::Analyzer::default().analyze(article).unwrap();
        assert!(!doc.mentions.is_empty());
        crate::assert_spans(&doc);
        for m in &doc.mentions {
            assert_ne!(doc.sentences[m.sentence].zone, TextZone::Byline, "{m:?}");
        }
        assert!(doc
            .mentions
            .iter()
            .any(|m| m.text == "Aldo Brenner" && m.kind == EntityType::Person));
    }
}
