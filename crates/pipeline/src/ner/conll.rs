//! CoNLL-2003 column files: token first, gold BIO label last; blank lines end sentences and
//! `-DOCSTART-` lines end documents.

use std::path::Path;

use crate::{Error, Result};

/// One sentence of a CoNLL file.
#[derive(Debug, Clone, Default)]
pub struct ConllSentence {
    /// Tokens (first column).
    pub tokens: Vec<String>,
    /// Gold labels (last column), when the file has more than one column.
    pub labels: Vec<String>,
    /// The input lines, kept to write them back with a predicted column appended.
    pub lines: Vec<String>,
}

/// One document: its sentences.
#[derive(Debug, Clone, Default)]
pub struct ConllDocument {
    /// Sentences in order.
    pub sentences: Vec<ConllSentence>,
}

/// Write `text` (a CoNLL file) back with the `predicted` label of each token line appended
/// as a last column (`O` where labels run out). The input is walked again line by line so
/// blank lines and `-DOCSTART-` lines stay as they are.
pub fn write_tagged(
    text: &str,
    predicted: &[Vec<Vec<String>>],
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let mut labels = predicted.iter().flatten().flatten();
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() || t.starts_with("-DOCSTART-") {
            writeln!(out, "{line}")?;
        } else {
            let label = labels.next().map(String::as_str).unwrap_or("O");
            writeln!(out, "{} {label}", line.trim_end())?;
        }
    }
    Ok(())
}

/// Tag every sentence of `docs` with `tagger` (each document as one, so document context and
/// prediction history work as on an article): the predicted BIO labels per sentence.
pub fn tag_documents(
    tagger: &super::EntityTagger,
    docs: &[ConllDocument],
) -> Vec<Vec<Vec<String>>> {
    docs.iter()
        .map(|d| {
            let sentences: Vec<Vec<&str>> = d
                .sentences
                .iter()
                .map(|s| s.tokens.iter().map(String::as_str).collect())
                .collect();
            tagger
                .tag(&sentences)
                .into_iter()
                .zip(&sentences)
                .map(|(spans, toks)| super::tags::bio_from_spans(toks.len(), &spans))
                .collect()
        })
        .collect()
}

/// Read a CoNLL file into documents (a file without `-DOCSTART-` is one document).
pub fn read(path: &Path) -> Result<Vec<ConllDocument>> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(parse(&text))
}

/// Parse CoNLL text (see [`read`]).
pub fn parse(text: &str) -> Vec<ConllDocument> {
    let mut docs = vec![ConllDocument::default()];
    let mut sentence = ConllSentence::default();
    let flush = |docs: &mut Vec<ConllDocument>, sentence: &mut ConllSentence| {
        if !sentence.tokens.is_empty() {
            if let Some(d) = docs.last_mut() {
                d.sentences.push(std::mem::take(sentence));
            }
        }
    };
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            flush(&mut docs, &mut sentence);
            continue;
        }
        if trimmed.starts_with("-DOCSTART-") {
            flush(&mut docs, &mut sentence);
            if docs.last().is_some_and(|d| !d.sentences.is_empty()) {
                docs.push(ConllDocument::default());
            }
            continue;
        }
        let cols: Vec<&str> = trimmed.split_whitespace().collect();
        sentence.tokens.push(cols[0].to_string());
        if cols.len() > 1 {
            sentence.labels.push(cols[cols.len() - 1].to_string());
        }
        sentence.lines.push(line.to_string());
    }
    flush(&mut docs, &mut sentence);
    docs.retain(|d| !d.sentences.is_empty());
    docs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_tagged_appends_labels_and_keeps_other_lines() {
        let text = "-DOCSTART- -X- O\n\nAda B-PER \nspoke O\n\nRome B-LOC\n";
        let predicted = vec![vec![vec!["B-PER".to_string()]]];
        let mut out = Vec::new();
        write_tagged(text, &predicted, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "-DOCSTART- -X- O\n\nAda B-PER B-PER\nspoke O O\n\nRome B-LOC O\n"
        );
    }

    #[test]
    fn parses_documents_and_sentences() {
        let text = "-DOCSTART- -X- -X- O\n\nAda NNP B-NP B-PER\nspoke VBD B-VP O\n\nRome NNP B-NP B-LOC\n\n-DOCSTART- -X- -X- O\n\nOk O\n";
        let docs = parse(text);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].sentences.len(), 2);
        assert_eq!(docs[0].sentences[0].tokens, ["Ada", "spoke"]);
        assert_eq!(docs[0].sentences[0].labels, ["B-PER", "O"]);
        assert_eq!(docs[1].sentences[0].tokens, ["Ok"]);
    }
}
