//! # readout-train: building readout's statistical models
//!
//! Training code lives here, apart from the analysis code in `readout-pipeline`, which keeps
//! only what analysis needs (the model readers and the feature functions both sides share).
//!
//! * [`parse`]: the part-of-speech tagger, dependency parser and lemma exceptions
//!   (`readout train parse`), from Universal Dependencies treebanks.
//! * [`perceptron`]: the averaged perceptron they are trained with.
#![deny(missing_docs)]

pub mod parse;
pub mod perceptron;
