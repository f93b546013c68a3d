//! CoNLL-U: the Universal Dependencies file format (10 tab-separated columns per word).
//!
//! Reading keeps every line of a sentence (comments, multiword-token ranges such as `3-4`,
//! empty nodes such as `8.1`) so that [`write`] gives the file back with only the columns
//! readout fills changed. The syntactic words — the rows whose ID is an integer — are what the
//! tagger, the parser and the evaluation work on (CoNLL 2018 conventions).

use std::fmt::Write as _;
use std::io::BufRead;

/// One syntactic word (a row with an integer ID).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// FORM.
    pub form: String,
    /// LEMMA (`_` when not given).
    pub lemma: String,
    /// UPOS.
    pub upos: String,
    /// XPOS (`_` when not given).
    pub xpos: String,
    /// FEATS, kept as written.
    pub feats: String,
    /// HEAD as a 0-based word index, `None` for the root (HEAD 0) or when not given (`_`).
    pub head: Option<usize>,
    /// DEPREL, subtypes kept.
    pub deprel: String,
    /// DEPS and MISC, kept as written.
    pub deps: String,
    /// MISC.
    pub misc: String,
}

/// A line of a sentence block as read: a comment, a syntactic word, or another row
/// (multiword range, empty node) kept verbatim.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Line {
    Comment(String),
    Word(usize),
    Other(String),
}

/// One sentence of a CoNLL-U file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    /// The syntactic words, in order.
    pub words: Vec<Word>,
    lines: Vec<Line>,
}

impl Sentence {
    /// A sentence of bare word forms (no annotation), as readout's own tokenizer gives them.
    pub fn from_forms<S: AsRef<str>>(forms: &[S], comments: &[String]) -> Sentence {
        let mut s = Sentence::default();
        for c in comments {
            s.lines.push(Line::Comment(c.clone()));
        }
        for f in forms {
            s.lines.push(Line::Word(s.words.len()));
            s.words.push(Word {
                form: f.as_ref().to_string(),
                lemma: "_".into(),
                upos: "_".into(),
                xpos: "_".into(),
                feats: "_".into(),
                head: None,
                deprel: "_".into(),
                deps: "_".into(),
                misc: "_".into(),
            });
        }
        s
    }

    /// The value of a `# key = value` comment, when present.
    pub fn comment(&self, key: &str) -> Option<&str> {
        self.lines.iter().find_map(|l| match l {
            Line::Comment(c) => {
                let rest = c.strip_prefix('#')?.trim_start();
                let (k, v) = rest.split_once('=')?;
                (k.trim() == key).then(|| v.trim())
            }
            _ => None,
        })
    }

    /// The word forms.
    pub fn forms(&self) -> Vec<&str> {
        self.words.iter().map(|w| w.form.as_str()).collect()
    }
}

/// A CoNLL-U line that cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ConlluError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Read every sentence of a CoNLL-U stream. A sentence's `# newdoc id` comment stays with
/// it (see [`Sentence::comment`]); callers that need documents carry the last one forward.
pub fn read(input: impl BufRead) -> Result<Vec<Sentence>, ConlluError> {
    let mut out = Vec::new();
    let mut current = Sentence::default();
    for (n, line) in input.lines().enumerate() {
        let line = line.map_err(|e| ConlluError {
            line: n + 1,
            message: format!("cannot read: {e}"),
        })?;
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if !current.lines.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        if line.starts_with('#') {
            current.lines.push(Line::Comment(line.to_string()));
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(ConlluError {
                line: n + 1,
                message: format!("expected 10 tab-separated columns, found {}", cols.len()),
            });
        }
        if cols[0].contains('-') || cols[0].contains('.') {
            current.lines.push(Line::Other(line.to_string()));
            continue;
        }
        let id: usize = cols[0].parse().map_err(|_| ConlluError {
            line: n + 1,
            message: format!("ID {:?} is not a number", cols[0]),
        })?;
        if id != current.words.len() + 1 {
            return Err(ConlluError {
                line: n + 1,
                message: format!("word ID {id} out of order"),
            });
        }
        let head = match cols[6] {
            "_" | "0" => None,
            h => Some(
                h.parse::<usize>()
                    .ok()
                    .filter(|&h| h >= 1)
                    .ok_or_else(|| ConlluError {
                        line: n + 1,
                        message: format!("HEAD {h:?} is not a word number"),
                    })?
                    - 1,
            ),
        };
        current.lines.push(Line::Word(current.words.len()));
        current.words.push(Word {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            feats: cols[5].to_string(),
            head,
            deprel: cols[7].to_string(),
            deps: cols[8].to_string(),
            misc: cols[9].to_string(),
        });
    }
    if !current.lines.is_empty() {
        out.push(current);
    }
    for (i, s) in out.iter().enumerate() {
        if let Some(w) = s
            .words
            .iter()
            .find(|w| w.head.is_some_and(|h| h >= s.words.len()))
        {
            return Err(ConlluError {
                line: 0,
                message: format!(
                    "sentence {}: word {:?} has a head beyond the sentence",
                    i + 1,
                    w.form
                ),
            });
        }
    }
    Ok(out)
}

/// An analyzed document's sentences as CoNLL-U (`sent_id` `DOC-N`, `text`), with the
/// syntax of its tokens (`readout parse` on articles). Needs the tokens kept
/// (`AnalyzerOptions::keep_tokens`).
pub fn from_document(doc: &readout_core::Document) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    for (k, s) in doc.sentences.iter().enumerate() {
        let tokens = doc.sentence_tokens(s);
        let forms: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
        let comments = [
            format!("# sent_id = {}-{}", doc.id, k + 1),
            format!("# text = {}", s.text.replace('\n', " ")),
        ];
        let mut sentence = Sentence::from_forms(&forms, &comments);
        for (w, t) in sentence.words.iter_mut().zip(tokens) {
            if let Some(syn) = &t.syntax {
                w.upos.clone_from(&syn.upos);
                w.xpos.clone_from(&syn.xpos);
                w.lemma.clone_from(&syn.lemma);
                w.head = syn.head;
                w.deprel.clone_from(&syn.deprel);
            }
        }
        sentences.push(sentence);
    }
    sentences
}

/// Write sentences back as CoNLL-U: comments and non-word rows as read, word rows from
/// [`Sentence::words`].
pub fn write(sentences: &[Sentence]) -> String {
    let mut out = String::new();
    for s in sentences {
        for line in &s.lines {
            match line {
                Line::Comment(c) | Line::Other(c) => {
                    out.push_str(c);
                    out.push('\n');
                }
                Line::Word(i) => {
                    let w = &s.words[*i];
                    let head = match w.head {
                        Some(h) => (h + 1).to_string(),
                        None if w.deprel == "_" => "_".to_string(),
                        None => "0".to_string(),
                    };
                    let _ = writeln!(
                        out,
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        i + 1,
                        w.form,
                        w.lemma,
                        w.upos,
                        w.xpos,
                        w.feats,
                        head,
                        w.deprel,
                        w.deps,
                        w.misc
                    );
                }
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = made_up_1\n# text = Ferries don't sail.\n\
        1\tFerries\tferry\tNOUN\tNNS\tNumber=Plur\t3\tnsubj\t_\t_\n\
        2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n\
        2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\n\
        3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n\
        4\tsail\tsail\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n\
        5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n";

    #[test]
    fn reads_words_and_skips_ranges_but_writes_them_back() {
        let sentences = read(SAMPLE.as_bytes()).unwrap();
        assert_eq!(sentences.len(), 1);
        let s = &sentences[0];
        assert_eq!(s.forms(), ["Ferries", "do", "n't", "sail", "."]);
        assert_eq!(s.words[0].head, Some(2));
        assert_eq!(s.words[3].head, None);
        assert_eq!(s.words[3].deprel, "root");
        assert_eq!(s.comment("newdoc id"), Some("made_up_1"));
        assert_eq!(s.comment("text"), Some("Ferries don't sail."));
        assert_eq!(write(&sentences), SAMPLE);
    }

    #[test]
    fn bad_rows_are_errors_with_their_line() {
        let err = read("1\tA\n".as_bytes()).unwrap_err();
        assert_eq!(err.line, 1);
        let err = read("2\tA\ta\tX\t_\t_\t0\troot\t_\t_\n".as_bytes()).unwrap_err();
        assert!(err.message.contains("out of order"), "{err}");
        let err = read("1\tA\ta\tX\t_\t_\t5\troot\t_\t_\n".as_bytes()).unwrap_err();
        assert!(err.message.contains("beyond"), "{err}");
    }
}
