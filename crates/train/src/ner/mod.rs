//! Training the named-entity tagger (`readout train ner`): the gazetteer ([`gazetteer`]),
//! word clusters induced from unlabeled news ([`corpus`], [`clusters`]) and, optionally,
//! from static word vectors ([`vectors`]), then the perceptron and its network
//! ([`tagger`]). [`train_ner`] is the whole recipe in one call; the pipeline's
//! `readout_pipeline::ner` reads what it writes.

pub mod clusters;
pub mod corpus;
pub mod gazetteer;
pub mod tagger;
pub mod vectors;

use std::path::{Path, PathBuf};
use std::time::Instant;

use readout_pipeline::ner::clusters::{ClusterError, Clusters};
use readout_pipeline::ner::conll;
use readout_pipeline::ner::features::Resources;
use readout_pipeline::ner::gazetteer::{Gazetteer, GazetteerError};
use readout_pipeline::ner::model::{Model, MAX_HIDDEN};

use self::clusters::InduceOptions;
use self::tagger::TrainOptions;

/// Cluster counts of the static-vector clusters, coarse to fine.
pub const VECTOR_CLUSTER_KS: [usize; 3] = [64, 256, 1024];

/// Seed of the static-vector k-means (the committed `vector_clusters.tsv.gz` was built with
/// it).
pub const VECTOR_CLUSTER_SEED: u64 = 20_030_531;

/// What [`train_ner`] builds from, and how.
#[derive(Debug, Clone)]
pub struct NerRecipe {
    /// The shared data folder (`conll2003-en`, `cameo-phoenix-dictionaries`,
    /// `name-variants` and the unlabeled news sets for word clusters).
    pub data: PathBuf,
    /// Where `model.bin.gz`, `clusters.tsv.gz`, `gazetteer.tsv.gz` and
    /// `vector_clusters.tsv.gz` go.
    pub out: PathBuf,
    /// Reuse the clusters, gazetteer and vector clusters already in `out` instead of
    /// rebuilding them.
    pub reuse_resources: bool,
    /// After training on eng.train (eng.testa gives the per-epoch report), train the final
    /// model again on eng.train + eng.testa with the same options. eng.testb is never used.
    pub train_on_dev: bool,
    /// A spaCy `vocab` folder whose static vectors are clustered into extra features.
    pub vectors: Option<PathBuf>,
    /// Perceptron and network options.
    pub options: TrainOptions,
}

/// Why [`train_ner`] failed; each variant says what to do.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NerTrainError {
    /// The options cannot be written to a model file.
    #[error("--network-hidden {0} is too large: model files hold at most {MAX_HIDDEN} hidden units (the default is {default})", default = TrainOptions::default().network_hidden)]
    TooManyHidden(usize),
    /// The CoNLL-2003 folder is missing.
    #[error("{} not found: training needs the shared data folder (pass it with --data)", .0.display())]
    NoConll(PathBuf),
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A cluster file in `out` (with `reuse_resources`) is malformed.
    #[error("{}: {source}", path.display())]
    Clusters {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        #[source]
        source: ClusterError,
    },
    /// The gazetteer could not be built or read.
    #[error(transparent)]
    Gazetteer(#[from] GazetteerError),
    /// The static vectors could not be read.
    #[error(transparent)]
    Vectors(#[from] vectors::VectorsError),
    /// The CoNLL-2003 files or the unlabeled corpus could not be read.
    #[error(transparent)]
    Data(#[from] readout_pipeline::Error),
}

/// What [`train_ner`] wrote.
#[derive(Debug, Clone)]
pub struct NerSummary {
    /// Features of the saved model.
    pub features: usize,
    /// Wall-clock seconds of the whole recipe.
    pub seconds: f64,
}

/// The whole `readout train ner` recipe: resources (built, or reused from `out`), the
/// perceptron and network on eng.train with eng.testa as development set, optionally the
/// final model again on both, and the files in `out`. `progress` gets one line per step.
/// The same data and recipe give the same files, byte for byte.
pub fn train_ner(
    recipe: &NerRecipe,
    mut progress: impl FnMut(&str),
) -> Result<NerSummary, NerTrainError> {
    let options = &recipe.options;
    if options.network_hidden > MAX_HIDDEN {
        return Err(NerTrainError::TooManyHidden(options.network_hidden));
    }
    let conll_dir = recipe.data.join("conll2003-en");
    if !conll_dir.exists() {
        return Err(NerTrainError::NoConll(conll_dir));
    }
    std::fs::create_dir_all(&recipe.out).map_err(|source| NerTrainError::Io {
        path: recipe.out.clone(),
        source,
    })?;
    let started = Instant::now();
    let resources = resources(recipe, &mut progress)?;
    let train_docs = conll::read(&conll_dir.join("eng.train"))?;
    let dev_docs = conll::read(&conll_dir.join("eng.testa"))?;
    let mut train = tagger::examples(&resources, &train_docs);
    let dev = tagger::examples(&resources, &dev_docs);
    let sentences: usize = train.iter().map(Vec::len).sum();
    progress(&format!(
        "training on {} documents, {sentences} sentences, {} epochs",
        train.len(),
        options.epochs
    ));
    let (mut model, dev_scores, network_dev) =
        tagger::train_with_network(&mut train, &dev, options, |epoch, f1| {
            progress(&format!("epoch {epoch}: eng.testa F1 {f1:.4}"));
        });
    if let Some(f1) = network_dev {
        progress(&format!(
            "with the network ({} hidden units, {} epochs): eng.testa F1 {f1:.4}",
            options.network_hidden, options.network_epochs
        ));
    }
    if recipe.train_on_dev {
        progress(&format!(
            "final model: eng.train + eng.testa, {} epochs",
            options.epochs
        ));
        let mut both = tagger::examples(&resources, &train_docs);
        both.extend(tagger::examples(&resources, &dev_docs));
        model = tagger::train_with_network(&mut both, &[], options, |_, _| {}).0;
    }
    model.metadata = metadata(recipe, &model, &resources, &dev_scores, network_dev);
    let path = recipe.out.join("model.bin.gz");
    let file = std::fs::File::create(&path).map_err(|source| NerTrainError::Io {
        path: path.clone(),
        source,
    })?;
    model
        .write(std::io::BufWriter::new(file))
        .map_err(|source| NerTrainError::Io { path, source })?;
    Ok(NerSummary {
        features: model.num_features(),
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// The model's metadata: how it was trained, as JSON text.
fn metadata(
    recipe: &NerRecipe,
    model: &Model,
    resources: &Resources,
    dev_scores: &[f64],
    network_dev: Option<f64>,
) -> String {
    let options = &recipe.options;
    serde_json::json!({
        "trainer": "structured averaged perceptron, BILOU, constrained Viterbi",
        "train": if recipe.train_on_dev { "conll2003-en/eng.train + eng.testa" } else { "conll2003-en/eng.train" },
        "dev": "conll2003-en/eng.testa",
        "epochs": options.epochs,
        "seed": options.seed,
        "dev_f1_per_epoch": dev_scores,
        "network": (options.network_hidden > 0 && options.network_epochs > 0).then(|| serde_json::json!({
            "hidden": options.network_hidden,
            "epochs": options.network_epochs,
            "weight": options.network_weight,
            "dev_f1": network_dev,
        })),
        "features": model.num_features(),
        "vector_clusters": !resources.vector_clusters.is_empty(),
        "readout_version": env!("CARGO_PKG_VERSION"),
    })
    .to_string()
}

/// The tagger's resources: vector clusters, gazetteer and word clusters, each built (and
/// written to `out`) or read back from `out`.
fn resources(
    recipe: &NerRecipe,
    progress: &mut impl FnMut(&str),
) -> Result<Resources, NerTrainError> {
    let out = &recipe.out;
    let vector_clusters = match (&recipe.vectors, recipe.reuse_resources) {
        (Some(dir), _) => {
            progress(&format!(
                "clustering the static word vectors in {}",
                dir.display()
            ));
            let v =
                vectors::clusters_from_spacy_vocab(dir, VECTOR_CLUSTER_KS, VECTOR_CLUSTER_SEED)?;
            write_gz(&out.join("vector_clusters.tsv.gz"), |w| v.write_tsv(w))?;
            v
        }
        (None, true) => read_clusters(&out.join("vector_clusters.tsv.gz"))?,
        (None, false) => {
            progress("no --vectors: static-vector cluster features are off");
            let v = Clusters::default();
            write_gz(&out.join("vector_clusters.tsv.gz"), |w| v.write_tsv(w))?;
            v
        }
    };
    let (clusters, gazetteer) = if recipe.reuse_resources {
        let c = read_clusters(&out.join("clusters.tsv.gz"))?;
        let path = out.join("gazetteer.tsv.gz");
        let g = Gazetteer::read_tsv(&gunzip(&path)?[..])?;
        (c, g)
    } else {
        progress(&format!(
            "building the gazetteer from {}",
            recipe.data.display()
        ));
        let g = gazetteer::build(&recipe.data)?;
        write_gz(&out.join("gazetteer.tsv.gz"), |w| g.write_tsv(w))?;
        progress(&format!(
            "gazetteer: {} phrases; inducing word clusters",
            g.len()
        ));
        let corpus = tagger::unlabeled_corpus(&recipe.data)?;
        let tokens: usize = corpus.iter().map(Vec::len).sum();
        progress(&format!(
            "clustering the words of {tokens} unlabeled tokens"
        ));
        let c = clusters::induce(&corpus, &InduceOptions::default());
        write_gz(&out.join("clusters.tsv.gz"), |w| c.write_tsv(w))?;
        progress(&format!("clusters: {} words", c.len()));
        (c, g)
    };
    Ok(Resources {
        clusters: clusters.into(),
        gazetteer,
        vector_clusters: vector_clusters.into(),
    })
}

fn read_clusters(path: &Path) -> Result<Clusters, NerTrainError> {
    Clusters::read_tsv(&gunzip(path)?[..]).map_err(|source| NerTrainError::Clusters {
        path: path.to_path_buf(),
        source,
    })
}

/// The contents of a gzip'd file.
fn gunzip(path: &Path) -> Result<Vec<u8>, NerTrainError> {
    let io = |source| NerTrainError::Io {
        path: path.to_path_buf(),
        source,
    };
    let bytes = std::fs::read(path).map_err(io)?;
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut out)
        .map_err(io)?;
    Ok(out)
}

/// [`crate::write_gz`], its error naming the file.
fn write_gz(
    path: &Path,
    f: impl FnOnce(&mut crate::GzFile) -> std::io::Result<()>,
) -> Result<(), NerTrainError> {
    crate::write_gz(path, f).map_err(|source| NerTrainError::Io {
        path: path.to_path_buf(),
        source,
    })
}
