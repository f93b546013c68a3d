//! Quotes: direct quotes (words in quotation marks) and indirect speech ("X said that …",
//! "according to X, …"), each with its cue, its speaker as written and, when resolved, the
//! speaker's entity.
//!
//! [`recognize`] reads the title and body sentences (never the byline) token by token with
//! hand-written rules and word lists; no statistical model, no regular expressions. Every
//! rule looks a bounded number of tokens away, so the stage is linear in the text.
//!
//! ## Direct quotes
//! * **Pairing.** `“`/`„`/`«` open, `”`/`»` close; a straight `"` closes an open quote and
//!   otherwise opens one. Single quotes (`‘ ’ '`) are never marks: they double as
//!   apostrophes, and inside a double quote they only nest, so a nested quote stays part of
//!   its outer quote. A closing mark with nothing open is ignored.
//! * **Paragraphs.** News style leaves a quote open at the end of a paragraph and re-opens
//!   it at the start of the next one. An open quote whose next paragraph starts with an
//!   opening (or straight) mark therefore goes on: one quote spans both paragraphs, the
//!   re-opening mark included. An open quote whose next paragraph does not start with a mark
//!   is unbalanced: it is **capped at the end of its paragraph**, so a stray mark never
//!   swallows the rest of the article. A quote carried over paragraphs that never closes
//!   (transcripts open every paragraph with a mark) is split back into one quote per
//!   paragraph, each capped at its end. An opening mark while a quote is open in the same
//!   paragraph caps the earlier one just before it. A quote that opens mid-sentence right
//!   after an ordinary word ("asked them to “keep …") is a *fragment*: left open, it is
//!   capped at the end of its sentence and never carried into the next paragraph.
//!   Two apostrophes glued together (''…'') are one mark.
//! * **Span.** Inside the marks (the closing comma or period inside the marks is kept).
//! * **Attribution.** After the closing mark first ("…,” she said", "…,” said the
//!   spokesman"), then before the opening mark ("She said: “…”", "He told reporters, “…”",
//!   "According to the ministry, “…”"). A quote broken by its attribution ("“We will,” she
//!   said, “rebuild.”") gives **one direct quote per quoted segment**, both with the same
//!   cue and speaker: a record's span stays one contiguous piece of text, and a reader joins
//!   them by their shared cue. A quote signed with a dash ("“…” ― Jo Park", as collections
//!   of readers' words do) takes the name as speaker, with no cue.
//! * **Speaker phrases after a quote** keep a party in parentheses or after a comma ("Rep.
//!   X (D-Ore.)", "X, R-Ore.,") and an appositive of up to 14 tokens; a "who" right after
//!   the closing mark stands for the quoted words and attributes nothing.
//! * **Fragments and reported speech.** A fragment of four words or more with no
//!   attribution of its own belongs to the sentence's subject when that subject is a
//!   speaker standing right before a verb of saying or appeal ("Mayor X called on the board
//!   to “…”"), unless reported speech covers it. A quote that opens inside reported speech
//!   ("X told Y that the bridge “must …”") is X's; an "according to S" after it makes S its
//!   source.
//! * **Unattributed quotes.** A quote with no cue of its own takes the speaker of the
//!   previous quote when that one lies in the same or the previous paragraph (news style
//!   quotes one speaker over several paragraphs), with no cue. A quote of fewer than four
//!   words with no cue of its own is a scare quote or a title ("a “rigged” system") and is
//!   dropped; so is one that lies inside reported speech ("he said the system was
//!   “rigged”", whose indirect quote already covers it).
//!
//! ## Indirect speech
//! A cue outside quotation marks that no direct quote claimed gives an indirect quote:
//! * "X said (that) …", "X told Y (that) …": the content runs from after the cue (and
//!   "that", or the hearer of "told") to the end of the sentence;
//! * "…, X said." / "…, said X.": the content is the sentence before the comma;
//! * "According to X, …" and "…, according to X."; "According to S, X said …" is X's,
//!   with S as source;
//! * "…, X did not say A, but said B": the coordinated verb takes the first one's speaker;
//! * not speech: "what X said" (the words are not given), "…, told X" (X is the hearer),
//!   and a verb followed by "since …" ("the first contact reported since …");
//! * ", saying …" / ", adding …": the speaker of a verb of saying before it in the sentence
//!   ("“…,” the mayor said, adding …"), else the sentence's subject when it is a name or a
//!   pronoun at the start of the sentence, else unknown; on the parse, the subject of the
//!   verb the participle hangs on ("During X, Vale attacked Y, saying …"), also for a direct
//!   quote it introduces.
//! * "According to a report by X": the author stays in the speaker phrase; "X said in a
//!   statement" after a quote reports no content.
//!
//! The content stops before a later ", adding …" or ", according to …" of the same
//! sentence and before ", but …", ", though …", ", while …" (usually the writer's), and
//! leaves out the sentence's final punctuation. Content of fewer than three
//! tokens is not reported ("he said so").
//!
//! ## Speakers
//! * Transcript turns ("“SMITH: We will …”") take the all-capitals label before the colon
//!   as speaker, with no cue, and the content starts after the colon.
//! * `speaker_text` is the noun phrase as written next to the cue: a name ("Mr. Vance"), a
//!   description ("the spokesman", "a statement from the ministry", "Beijing's statement")
//!   or a pronoun ("she", "who"). Auxiliaries and adverbs between speaker and verb ("has
//!   also said") are left out; an appositive between name and verb is kept ("Vance, a
//!   spokesman for the port, said"). Phrases that start a sentence ("In a readout,
//!   Beijing said") end at the comma, so the speaker is "Beijing".
//! * `source`: when the speaker phrase cites someone ("a statement citing Vance said"), the
//!   cited person is the speaker and the phrase before "citing"/"quoting" is the source.
//! * `speaker`: the id of the [`Document::entities`] entity with a mention overlapping the
//!   speaker phrase (a person first, then an organisation, then the earliest mention); a
//!   phrase cut at a title takes the person named right after it. For a personal pronoun
//!   without such a mention, the entity of the nearest preceding person mention whose
//!   resolved pronouns do not give the other gender ("WHO" in capitals is no pronoun).
//!   `None` when entities are empty or nothing matches.
//!
//! ## On the parse (issue 19)
//! When the parse stage ran, [`syntax`] adds the reported speech the patterns cannot reach
//! (a verb's clausal complement far from its subject, stated intent, stances, "the council's
//! claim that …"), where no pattern quote lies. For the patterns' indirect quotes the cue's
//! subject on the parse replaces a speaker phrase it does not overlap (a pronoun right
//! before its verb stays), and widens one it contains. `affiliation` is read from the
//! speaker's appositive ("X, a spokeswoman for Y").
//!
//! ## Limits
//! * Without a parse the speaker must be next to its cue (past auxiliaries, adverbs and one
//!   appositive), and noun phrases are cut by word lists. With one, parser errors (a verb
//!   read as a modifier of the noun before it) still give a wrong speaker.
//! * Single-quoted quotes (common in British headlines) are not recognised.
//! * The colon alone as a cue ("Vance: “…”") is not recognised.

mod lexicon;
mod syntax;
#[cfg(test)]
mod tests;

use readout_core::{
    Document, EntityType, MentionKind, Quote, QuoteKind, Span, SpanText, TextZone, Token,
};

use lexicon::{
    cue_at, is_aux_or_adverb, is_citing, is_noun_too, is_personal_pronoun, is_pronoun,
    plausible_speaker, quote_mark, starts_adjunct, stops_noun_phrase, CueKind, Mark,
};

/// Longest speaker noun phrase, in tokens.
const MAX_NP: usize = 8;
/// Longest speaker noun phrase taken from the parse, in tokens.
const MAX_SPEAKER: usize = 12;
/// Longest appositive between a speaker's name and the verb ("X, NASA's associate
/// administrator of the science directorate, said"), commas included, in tokens.
const MAX_APPOSITIVE: usize = 14;
/// How far after a closing mark the attribution may start, in tokens.
const POST_WINDOW: usize = 18;
/// How far before an opening mark a cue may be, in tokens.
const PRE_WINDOW: usize = 12;

/// One token of the title and body, with where it lies.
struct Tok<'a> {
    span: Span,
    text: &'a str,
    lower: String,
    sentence: usize,
    /// Paragraph counter over the title and body: a new zone also starts a new paragraph.
    para: usize,
}

/// A cue with its speaker.
#[derive(Debug, Clone, Copy)]
struct Frame {
    cue: (usize, usize),
    speaker: Option<(usize, usize)>,
    source: Option<(usize, usize)>,
}

/// One quoted segment: token range of the content, and its marks.
struct Segment {
    open: usize,
    close: Option<usize>,
    first: usize,
    end: usize,
}

/// A quote before speaker resolution, in token indices.
struct Found {
    content: (usize, usize),
    kind: QuoteKind,
    frame: Option<Frame>,
    /// Speaker inherited from an earlier quote, with no cue of its own.
    inherited: Option<Frame>,
    /// `frame` is a fragment's sentence subject ([`fragment_attribution`]).
    fragment: bool,
}

/// Find the quotes of `doc`'s title and body and store them in [`Document::quotes`], in text
/// order. Uses `doc.tokens` when present, else tokenizes the sentences again.
pub fn recognize(doc: &mut Document) {
    let quotes = find(doc);
    doc.quotes = quotes;
}

fn find(doc: &Document) -> Vec<Quote> {
    // Not `tokenize::sentence_tokens` (the sentence's stored tokens, or that sentence tokenized
    // again): quotes pair marks across sentences on one token sequence for the whole
    // document, so it is all stored tokens or all tokenized again, never a mix.
    let local;
    let tokens: &[Token] = if doc.tokens.is_empty() {
        local = retokenize(doc);
        &local
    } else {
        &doc.tokens
    };
    let toks = flatten(doc, tokens);
    if toks.is_empty() {
        return Vec::new();
    }
    let words: Vec<&str> = toks.iter().map(|t| t.lower.as_str()).collect();
    let segments = pair_marks(&toks);
    let mut inside = vec![false; toks.len()];
    for seg in &segments {
        for flag in inside.iter_mut().take(seg.end).skip(seg.open) {
            *flag = true;
        }
        if let Some(c) = seg.close {
            if let Some(flag) = inside.get_mut(c) {
                *flag = true;
            }
        }
    }
    let mut claimed = vec![false; toks.len()];
    let mut found = Vec::new();
    let mut prev_close: Option<usize> = None;
    for seg in &segments {
        let frame = post_attribution(&toks, &words, seg)
            .or_else(|| pre_attribution(&toks, &words, seg, prev_close));
        if let Some(f) = frame {
            for flag in claimed.iter_mut().take(f.cue.1).skip(f.cue.0) {
                *flag = true;
            }
        }
        prev_close = seg.close.or(Some(seg.end.saturating_sub(1)));
        // Transcripts label each turn: "“SMITH: We will …”" is Smith's, from after the colon.
        let labelled = seg.first + 2 < seg.end
            && words[seg.first + 1] == ":"
            && toks[seg.first].text.len() > 1
            && toks[seg.first].text.chars().all(|c| c.is_uppercase());
        let (first, frame) = if labelled && frame.is_none() {
            let label = Frame {
                cue: (seg.first + 1, seg.first + 1),
                speaker: Some((seg.first, seg.first + 1)),
                source: None,
            };
            (seg.first + 2, Some(label))
        } else {
            (seg.first, frame)
        };
        // A fragment's speaker is the sentence's subject; its verb stays free to be the cue
        // of reported speech that covers the fragment (then the fragment is dropped below).
        let fragment = frame
            .is_none()
            .then(|| fragment_attribution(&toks, &words, seg))
            .flatten();
        found.push(Found {
            content: (first, seg.end),
            kind: QuoteKind::Direct,
            frame: frame.or(fragment),
            inherited: None,
            fragment: fragment.is_some(),
        });
    }
    // Speakers carry over to following cue-less quotes of the same or next paragraph.
    let mut last: Option<(Frame, usize)> = None;
    for q in found.iter_mut() {
        let para = toks[q.content.0].para;
        match q.frame {
            Some(f) if f.speaker.is_some() => last = Some((f, toks[q.content.1 - 1].para)),
            Some(_) => {}
            None => {
                if let Some((f, p)) = last {
                    if para <= p + 1 {
                        q.inherited = Some(f);
                        last = Some((f, toks[q.content.1 - 1].para));
                    }
                }
            }
        }
    }
    let indirect = indirect_quotes(&toks, &words, &inside, &claimed);
    found.retain(|q| {
        if q.frame.is_some() && !q.fragment {
            return true;
        }
        let word_count = (q.content.0..q.content.1)
            .filter(|&i| toks[i].text.chars().any(char::is_alphanumeric))
            .count();
        (word_count >= 4 || q.fragment)
            && !indirect
                .iter()
                .any(|r| r.content.0 <= q.content.0 && q.content.1 <= r.content.1)
    });
    inherit_reported_speaker(&words, &mut found, &indirect);
    found.extend(indirect);
    parsed_speakers(doc, &toks, &mut found);
    let parsed = parsed_quotes(doc, &toks, &claimed, &found);
    found.extend(parsed);
    found.sort_by_key(|q| (toks[q.content.0].span.start, toks[q.content.1 - 1].span.end));
    let affiliations = affiliations(doc, &toks, &found);
    found
        .iter()
        .zip(affiliations)
        .filter_map(|(q, affiliation)| to_quote(doc, &toks, q, affiliation))
        .collect()
}

/// Each title and body sentence's analyzer tokens (which carry the parse) with the index of
/// its first token among the flattened `toks`; sentences whose tokens were not kept are
/// left out.
fn parsed_sentences<'a>(doc: &'a Document, toks: &[Tok]) -> Vec<(usize, &'a [Token])> {
    let mut out = Vec::new();
    for s in &doc.sentences {
        let Some(tokens) = doc.tokens.get(s.token_start..s.token_end) else {
            continue;
        };
        let Some(first) = tokens.first() else {
            continue;
        };
        // The sentence's place among the flattened tokens (bylines are not there).
        let base = toks.partition_point(|t| t.span.start < first.span.start);
        let aligned = tokens
            .iter()
            .enumerate()
            .all(|(i, t)| toks.get(base + i).is_some_and(|f| f.span == t.span));
        if aligned {
            out.push((base, tokens));
        }
    }
    out
}

/// Speakers of the word patterns checked against the parse: where the cue's subject (or a
/// noun cue's possessor) does not overlap the phrase found next to the cue, the parse's
/// reading replaces it ("sources familiar with the matter told …" is said by the sources,
/// not "the matter"; in "doubted the council's claim that …" the council claims).
fn parsed_speakers(doc: &Document, toks: &[Tok], found: &mut [Found]) {
    let sentences = parsed_sentences(doc, toks);
    for q in found.iter_mut() {
        let Some(frame) = q.frame.as_mut() else {
            continue;
        };
        // A direct quote's attribution is next to its marks, where the word patterns are
        // reliable and a parse of quoted speech is not; but a participle's speaker ("…,
        // saying, “…”") is its verb's subject, which the patterns only guess.
        let words_at = |k: usize| toks.get(k).map_or("", |t| t.lower.as_str());
        let participle = matches!(
            cue_at(&[words_at(frame.cue.0)], 0),
            Some((_, CueKind::Participle))
        );
        if (q.kind == QuoteKind::Direct && !participle) || frame.cue.1 != frame.cue.0 + 1 {
            continue;
        }
        let cue = frame.cue.0;
        let Some(k) = sentences
            .partition_point(|(base, _)| *base <= cue)
            .checked_sub(1)
        else {
            continue;
        };
        let (base, tokens) = sentences[k];
        if cue >= base + tokens.len() {
            continue;
        }
        let Some(parsed) = syntax::cue_speaker(tokens, cue - base) else {
            continue;
        };
        let noun_cue = cue_is_noun(tokens, cue - base);
        let parsed = parsed.map(|(s, e)| (base + s, base + e + 1));
        // "A statement citing X said": the parse's subject is the relaying statement, which
        // the patterns keep as source.
        let meets = |w: Option<(usize, usize)>| match (parsed, w) {
            (Some(p), Some(w)) => p.0 < w.1 && w.0 < p.1,
            _ => false,
        };
        let overlaps = !noun_cue && (meets(frame.speaker) || meets(frame.source));
        // A pronoun right before its verb ("he said") is surer than any parse.
        let pronoun = !participle
            && frame
                .speaker
                .is_some_and(|(a, b)| b == a + 1 && is_pronoun(&toks[a].lower));
        if !overlaps && !pronoun && (parsed.is_some() || frame.speaker.is_some()) {
            frame.speaker = parsed;
            frame.source = None;
        } else if let (Some(p), Some(w)) = (parsed, frame.speaker) {
            // The patterns cut a phrase short ("Democratic nominee" of "Democratic nominee
            // Jane Roe", "a report" of "a report by the bureau"): the whole noun phrase.
            let longer = p.0 <= w.0 && w.1 <= p.1 && p.1 - p.0 > w.1 - w.0;
            if longer && frame.source.is_none() && p.1 - p.0 <= MAX_SPEAKER {
                frame.speaker = Some(p);
            }
        }
    }
}

/// Whether token `i` of a parsed sentence is a noun ("claim" in "the council's claim that").
fn cue_is_noun(tokens: &[Token], i: usize) -> bool {
    tokens[i].syntax.as_ref().is_some_and(|s| s.upos == "NOUN")
}

/// Whom each quote's speaker speaks for, from an appositive on the parse ("Vance, a
/// spokeswoman for the port"), in flattened token indices; `None` where not stated.
fn affiliations(doc: &Document, toks: &[Tok], found: &[Found]) -> Vec<Option<(usize, usize)>> {
    let sentences = parsed_sentences(doc, toks);
    found
        .iter()
        .map(|q| {
            let (a, b) = q.frame.or(q.inherited)?.speaker?;
            let k = sentences
                .partition_point(|(base, _)| *base <= a)
                .checked_sub(1)?;
            let (base, tokens) = sentences[k];
            if b > base + tokens.len() {
                return None;
            }
            syntax::affiliation(tokens, (a - base, b - base)).map(|(s, e)| (base + s, base + e + 1))
        })
        .collect()
}

/// Indirect quotes read from the parse ([`syntax`]) in the stretches of text that neither a
/// quotation mark, a claimed cue nor an earlier quote covers.
fn parsed_quotes(doc: &Document, toks: &[Tok], claimed: &[bool], found: &[Found]) -> Vec<Found> {
    // Direct quotes that were kept are among `found`; marks of dropped scare quotes do not
    // stop a report that contains them.
    let mut taken: Vec<bool> = claimed.to_vec();
    for q in found {
        for flag in taken.iter_mut().take(q.content.1).skip(q.content.0) {
            *flag = true;
        }
    }
    let free = |a: usize, b: usize| b <= taken.len() && !taken[a..b].iter().any(|t| *t);
    let mut out = Vec::new();
    for (base, tokens) in parsed_sentences(doc, toks) {
        for q in syntax::sentence_quotes(tokens, base, &free) {
            out.push(Found {
                content: q.content,
                kind: QuoteKind::Indirect,
                frame: Some(Frame {
                    cue: q.cue,
                    speaker: q.speaker,
                    source: None,
                }),
                inherited: None,
                fragment: false,
            });
        }
    }
    out
}

/// Tokens of each title and body sentence, tokenized again (for documents whose tokens were
/// dropped after analysis).
fn retokenize(doc: &Document) -> Vec<Token> {
    let mut out = Vec::new();
    for s in &doc.sentences {
        crate::tokenize::tokenize_into(&doc.text, s.span, &mut out);
    }
    out
}

/// The title and body tokens in text order, each with its sentence and paragraph.
fn flatten<'a>(doc: &'a Document, tokens: &'a [Token]) -> Vec<Tok<'a>> {
    let mut out = Vec::new();
    let mut para = 0;
    let mut last_key: Option<(TextZone, usize)> = None;
    let mut cursor = 0;
    for (si, s) in doc.sentences.iter().enumerate() {
        // Tokens kept by the analyzer are indexed by the sentence; retokenized ones are in
        // the same order, so a cursor finds them by span.
        let range: &[Token] = if std::ptr::eq(tokens, doc.tokens.as_slice()) {
            tokens.get(s.token_start..s.token_end).unwrap_or(&[])
        } else {
            let start = cursor;
            while cursor < tokens.len() && tokens[cursor].span.end <= s.span.end {
                cursor += 1;
            }
            tokens.get(start..cursor).unwrap_or(&[])
        };
        if s.zone == TextZone::Byline {
            continue;
        }
        let key = (s.zone, s.paragraph);
        if last_key.is_some_and(|k| k != key) {
            para += 1;
        }
        last_key = Some(key);
        for t in range {
            let Some(text) = doc.text.get(t.span.start..t.span.end) else {
                continue;
            };
            // Two apostrophes make one quotation mark (''…'', as some wires write it); the
            // tokenizer splits them. The sentence then loses its parse here (its tokens no
            // longer line up), which quotation marks matter more than.
            if let Some(last) = out.last_mut().filter(|l: &&mut Tok| {
                text == "'" && l.text == "'" && l.span.end == t.span.start && l.sentence == si
            }) {
                let span = Span::new(last.span.start, t.span.end);
                if let Some(both) = doc.text.get(span.start..span.end) {
                    last.span = span;
                    last.text = both;
                    last.lower = both.to_string();
                    continue;
                }
            }
            out.push(Tok {
                span: t.span,
                text,
                lower: text.to_lowercase(),
                sentence: si,
                para,
            });
        }
    }
    out
}

/// Pair quotation marks into segments, as the module docs describe.
fn pair_marks(toks: &[Tok]) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut open: Option<usize> = None;
    let push = |segments: &mut Vec<Segment>, o: usize, close: Option<usize>, end: usize| {
        // An unclosed quote that was carried over paragraphs never closed, so the carrying
        // was wrong (transcripts open every paragraph with a mark and close none): each
        // paragraph becomes its own segment, capped at its end.
        let mut open = o;
        for k in o + 1..=end {
            let piece_ends = k == end || (close.is_none() && toks[k].para != toks[k - 1].para);
            if !piece_ends {
                continue;
            }
            if k > open + 1 {
                segments.push(Segment {
                    open,
                    close: if k == end { close } else { None },
                    first: open + 1,
                    end: k,
                });
            }
            open = k;
        }
    };
    // An unclosed quote that opened mid-sentence ("urged them to “act now") is a fragment:
    // capped at the end of its sentence, never carried into the next paragraph.
    let cap = |o: usize, end: usize| {
        if fragment_open(toks, o) {
            end.min(sentence_end(toks, o))
        } else {
            end
        }
    };
    for (i, t) in toks.iter().enumerate() {
        let mark = quote_mark(t.text);
        if let Some(o) = open {
            if t.para != toks[i - 1].para {
                let reopens = matches!(mark, Some(Mark::Open | Mark::Either));
                if reopens && !fragment_open(toks, o) {
                    // The quote goes on in this paragraph: the mark is part of it.
                    continue;
                }
                push(&mut segments, o, None, cap(o, i));
                open = None;
            }
        }
        match (mark, open) {
            (Some(Mark::Open), Some(o)) => {
                push(&mut segments, o, None, cap(o, i));
                open = Some(i);
            }
            (Some(Mark::Open | Mark::Either), None) => open = Some(i),
            (Some(Mark::Close | Mark::Either), Some(o)) => {
                push(&mut segments, o, Some(i), i);
                open = None;
            }
            _ => {}
        }
    }
    if let Some(o) = open {
        push(&mut segments, o, None, cap(o, toks.len()));
    }
    segments
}

/// Whether the opening mark at `o` starts a quote in the middle of a sentence, right after
/// a word that is not a cue ("called on them to “act"): such a quote is a fragment of the
/// writer's sentence, unlike one opening a sentence or following "said:" or a comma.
fn fragment_open(toks: &[Tok], o: usize) -> bool {
    let Some(prev) = o.checked_sub(1).map(|p| &toks[p]) else {
        return false;
    };
    prev.sentence == toks[o].sentence
        && prev.text.chars().any(char::is_alphanumeric)
        && cue_at(&[prev.lower.as_str()], 0).is_none()
}

fn is_punct(t: &Tok) -> bool {
    !t.text.chars().any(char::is_alphanumeric)
}

/// The speaker noun phrase ending just before token `end` (exclusive), not reaching before
/// `lb`. Handles a pronoun, a plain phrase, and "Name, appositive," before the verb.
fn left_np(toks: &[Tok], words: &[&str], end: usize, lb: usize) -> Option<(usize, usize)> {
    // "“some people” who feel that way": a relative pronoun right after a closing mark
    // stands for the quoted words, not for a speaker.
    let relative_to_quote = |r: &(usize, usize)| {
        r.1 == r.0 + 1
            && matches!(words[r.0], "who" | "which")
            && r.0 > 0
            && quote_mark(toks[r.0 - 1].text).is_some()
    };
    left_np_any(toks, words, end, lb)
        .filter(|r| plausible_speaker(&words[r.0..r.1]) && !relative_to_quote(r))
}

fn left_np_any(toks: &[Tok], words: &[&str], end: usize, lb: usize) -> Option<(usize, usize)> {
    let mut j = end;
    while j > lb && is_aux_or_adverb(words[j - 1]) {
        j -= 1;
    }
    if j <= lb {
        return None;
    }
    let last = j - 1;
    if is_pronoun(words[last]) {
        return Some((last, j));
    }
    if words[last] == "," {
        // "Vance, a spokesman for the port, said": the appositive and the name before it.
        let mut k = last;
        while k > lb && last - k < MAX_APPOSITIVE {
            k -= 1;
            if words[k] == "," {
                let appositive_ok = (k + 1..last).all(|m| quote_mark(toks[m].text).is_none());
                if !appositive_ok || k + 1 >= last {
                    return None;
                }
                let (s, _) = np_with_party(toks, words, k, lb)?;
                return Some((s, last));
            }
            let abbreviation = words[k] == "." && k > lb && abbreviation_stop(toks, k);
            if quote_mark(toks[k].text).is_some()
                || (matches!(words[k], "." | ";" | ":") && !abbreviation)
            {
                return None;
            }
        }
        return None;
    }
    np_with_party(toks, words, j, lb)
}

/// Whether the full stop at token `i` ends an abbreviation ("R-Ore.", "D-Md.") rather than
/// its sentence: glued to the word before it, with the sentence going on after it.
fn abbreviation_stop(toks: &[Tok], i: usize) -> bool {
    i > 0
        && toks[i - 1].span.end == toks[i].span.start
        && toks
            .get(i + 1)
            .is_some_and(|t| t.sentence == toks[i].sentence)
}

/// [`plain_np`], with a parenthesis closing right before `end` kept as part of the phrase:
/// "Rep. Dana Holt (R-Ore.)" is one speaker.
fn np_with_party(toks: &[Tok], words: &[&str], end: usize, lb: usize) -> Option<(usize, usize)> {
    if end > lb && words[end - 1] == ")" {
        let open = (lb..end - 1).rev().take(6).find(|&k| words[k] == "(")?;
        let (s, _) = plain_np(toks, words, open, lb)?;
        return Some((s, end));
    }
    plain_np(toks, words, end, lb)
}

/// A noun phrase of words ending before `end`, cut by clause words and punctuation.
fn plain_np(toks: &[Tok], words: &[&str], end: usize, lb: usize) -> Option<(usize, usize)> {
    let mut s = end;
    while s > lb && end - s < MAX_NP {
        let w = words[s - 1];
        let possessive = matches!(w, "'s" | "’s" | "'" | "’");
        let joiner = matches!(w, "-" | "&");
        if (is_punct(&toks[s - 1]) && !possessive && !joiner) || stops_noun_phrase(w) {
            break;
        }
        s -= 1;
    }
    // A phrase must hold a word, and cannot start with a possessive clitic.
    while s < end && (is_punct(&toks[s]) || matches!(words[s], "'s" | "’s")) {
        s += 1;
    }
    (s < end).then_some((s, end))
}

/// A noun phrase starting at `start` (an inverted speaker, "said the spokesman"), not
/// reaching `ub`.
fn right_np(toks: &[Tok], words: &[&str], start: usize, ub: usize) -> Option<(usize, usize)> {
    right_np_any(toks, words, start, ub).filter(|r| plausible_speaker(&words[r.0..r.1]))
}

fn right_np_any(toks: &[Tok], words: &[&str], start: usize, ub: usize) -> Option<(usize, usize)> {
    let mut e = start;
    while e < ub && e - start < MAX_NP {
        let w = words[e];
        let possessive = matches!(w, "'s" | "’s");
        let joiner = matches!(w, "-" | "&");
        // "a report by the bureau": the author is part of the speaker.
        let author = e > start && matches!(w, "by" | "from") && is_document(words[e - 1]);
        if (is_punct(&toks[e]) && !possessive && !joiner)
            || (e > start && (stops_noun_phrase(w) || starts_adjunct(w)) && w != "of" && !author)
            || (e == start && (stops_noun_phrase(w) && !is_pronoun(w)))
        {
            break;
        }
        e += 1;
        if e - start == 1 && is_pronoun(w) {
            break;
        }
    }
    (e > start).then_some((start, e))
}

/// Nouns of documents that have an author ("a report by …", "an analysis from …").
fn is_document(w: &str) -> bool {
    matches!(
        w,
        "report"
            | "analysis"
            | "study"
            | "poll"
            | "survey"
            | "memo"
            | "review"
            | "audit"
            | "estimate"
            | "letter"
            | "complaint"
            | "investigation"
            | "paper"
    )
}

/// Split "a statement citing Vance" into source and speaker.
fn with_source(words: &[&str], speaker: (usize, usize)) -> Frame {
    let mut frame = Frame {
        cue: (0, 0),
        speaker: Some(speaker),
        source: None,
    };
    if let Some(k) = (speaker.0..speaker.1).find(|&k| is_citing(words[k])) {
        if k > speaker.0 && k + 1 < speaker.1 {
            frame.source = Some((speaker.0, k));
            frame.speaker = Some((k + 1, speaker.1));
        }
    }
    frame
}

/// The attribution right after a closing mark: "…,” she said", "…,” said Vance".
fn post_attribution(toks: &[Tok], words: &[&str], seg: &Segment) -> Option<Frame> {
    let close = seg.close?;
    if let Some(name) = dash_signature(toks, close) {
        return Some(Frame {
            cue: (close + 1, close + 1),
            speaker: Some(name),
            source: None,
        });
    }
    let mut a = close + 1;
    let para = toks[close].para;
    let ub = (close + 1 + POST_WINDOW).min(toks.len());
    while a < ub && matches!(words[a], "," | "—" | "–" | "--") {
        a += 1;
    }
    let mut i = a;
    while i < ub {
        let t = &toks[i];
        if t.para != para || quote_mark(t.text).is_some() || matches!(words[i], ";" | "?") {
            return None;
        }
        if words[i] == "." && !abbreviation_stop(toks, i) {
            return None;
        }
        if let Some((cue_end, kind)) = cue_at(words, i) {
            if kind == CueKind::Participle {
                return None;
            }
            let limit = sentence_end(toks, i);
            if kind == CueKind::According {
                let sp = right_np(toks, words, cue_end, limit)?;
                return Some(framed(words, (i, cue_end), sp));
            }
            if i == a {
                let sp = right_np(toks, words, cue_end, limit)?;
                return Some(framed(words, (i, cue_end), sp));
            }
            let sp = left_np(toks, words, i, a)?;
            if sp.0 != a {
                return None;
            }
            return Some(framed(words, (i, cue_end), sp));
        }
        i += 1;
    }
    None
}

/// A quote signed with a dash after its closing mark, as collections of readers' or
/// witnesses' words and epigraphs do ("“…” ― Jo Park"): the name, when it is all there is
/// before the paragraph ends, a full stop or the next quote. No cue is given.
fn dash_signature(toks: &[Tok], close: usize) -> Option<(usize, usize)> {
    let dash = toks.get(close + 1)?;
    if !matches!(dash.text, "―" | "—" | "–" | "--") || dash.para != toks[close].para {
        return None;
    }
    let start = close + 2;
    let mut end = start;
    while end < toks.len() && end - start < 5 && toks[end].para == dash.para {
        let t = &toks[end];
        let capital = t.text.chars().next().is_some_and(char::is_uppercase);
        // An initial's full stop is part of the name ("Jo A. Park").
        let initial_stop = t.text == "." && end > start && toks[end - 1].text.chars().count() == 1;
        if !(capital || initial_stop) {
            break;
        }
        end += 1;
    }
    if end == start {
        return None;
    }
    let closes = toks.get(end).is_none_or(|t| {
        t.para != dash.para || matches!(t.text, "." | ",") || quote_mark(t.text).is_some()
    });
    closes.then_some((start, end))
}

fn framed(words: &[&str], cue: (usize, usize), speaker: (usize, usize)) -> Frame {
    let mut f = with_source(words, speaker);
    f.cue = cue;
    f
}

/// One past the last token of the sentence of token `i`.
fn sentence_end(toks: &[Tok], i: usize) -> usize {
    let s = toks[i].sentence;
    let mut e = i;
    while e < toks.len() && toks[e].sentence == s {
        e += 1;
    }
    e
}

/// The first token of the sentence of token `i`.
fn sentence_start(toks: &[Tok], i: usize) -> usize {
    let s = toks[i].sentence;
    let mut b = i;
    while b > 0 && toks[b - 1].sentence == s {
        b -= 1;
    }
    b
}

/// The attribution before an opening mark: "She said: “…”", "He told reporters, “…”".
fn pre_attribution(
    toks: &[Tok],
    words: &[&str],
    seg: &Segment,
    prev_close: Option<usize>,
) -> Option<Frame> {
    let o = seg.open;
    let para = toks[o].para;
    let mut lb = o.saturating_sub(PRE_WINDOW);
    if let Some(p) = prev_close {
        if p < o {
            lb = lb.max(p + 1);
        }
    }
    while lb < o && toks[lb].para != para {
        lb += 1;
    }
    let mut k = o;
    while k > lb {
        k -= 1;
        if quote_mark(toks[k].text).is_some() || matches!(words[k], "." | ";" | "?" | "!") {
            return None;
        }
        let Some((cue_end, kind)) = cue_at(words, k) else {
            continue;
        };
        if cue_end > o {
            continue;
        }
        let gap = &words[cue_end..o];
        let plain = gap.iter().all(|w| matches!(*w, "," | ":" | "that" | "—"));
        let punctuated = gap.len() <= 6 && matches!(gap.last(), Some(&"," | &":"));
        let sentence_lb = lb.max(sentence_start(toks, k));
        let frame = match kind {
            CueKind::According => {
                let sp = right_np(toks, words, cue_end, o)?;
                let rest = &words[sp.1..o];
                rest.iter()
                    .all(|w| *w == ",")
                    .then(|| framed(words, (k, cue_end), sp))
            }
            CueKind::Participle => {
                if !(plain || punctuated) {
                    return None;
                }
                let sp = prior_speaker(toks, words, k).or_else(|| subject(toks, words, k));
                Some(Frame {
                    cue: (k, cue_end),
                    speaker: sp,
                    source: None,
                })
            }
            CueKind::Verb | CueKind::Told => {
                let told_ok = kind == CueKind::Told && gap.len() <= 4;
                if !(plain || punctuated || told_ok) {
                    return None;
                }
                match left_np(toks, words, k, sentence_lb) {
                    Some(sp) => Some(framed(words, (k, cue_end), sp)),
                    None => right_np(toks, words, cue_end, o)
                        .filter(|_| k == sentence_lb)
                        .map(|sp| framed(words, (k, cue_end), sp)),
                }
            }
        };
        return frame;
    }
    None
}

/// A quoted fragment inside the writer's sentence, "X urged Y to “…”", "X called on Y to
/// “…”": the words are those of the sentence's subject when the subject is a speaker
/// standing right before a verb of appeal or saying, and the fragment is long enough not
/// to be a scare quote.
fn fragment_attribution(toks: &[Tok], words: &[&str], seg: &Segment) -> Option<Frame> {
    let o = seg.open;
    if !fragment_open(toks, o) {
        return None;
    }
    let word_count = (seg.first..seg.end)
        .filter(|&i| toks[i].text.chars().any(char::is_alphanumeric))
        .count();
    if word_count < 4 {
        return None;
    }
    let s = sentence_start(toks, o);
    let verb = (s..o).find(|&k| is_appeal_verb(words[k]) || cue_at(words, k).is_some())?;
    if (verb..o).any(|k| quote_mark(toks[k].text).is_some()) {
        return None;
    }
    let sp = left_np(toks, words, verb, s)?;
    let first_word = (s..verb).find(|&k| !is_punct(&toks[k]))?;
    (sp.0 == first_word).then(|| framed(words, (verb, verb + 1), sp))
}

/// Verbs that put words in someone's mouth without being verbs of saying themselves:
/// "called (on)", "appealed", "pressed".
fn is_appeal_verb(w: &str) -> bool {
    matches!(
        w,
        "called" | "calls" | "appealed" | "appeals" | "pressed" | "presses" | "implored" | "begged"
    )
}

/// The speaker of a verb of saying earlier in the sentence of the participle at token `i`,
/// back to the nearest quotation mark: in "“…,” the mayor said, adding that …" the mayor
/// adds, while the sentence's first words are the quote's.
fn prior_speaker(toks: &[Tok], words: &[&str], i: usize) -> Option<(usize, usize)> {
    let s = sentence_start(toks, i);
    let lb = (s..i)
        .rev()
        .find(|&k| quote_mark(toks[k].text).is_some())
        .map_or(s, |k| k + 1);
    // "states" and the like are nouns as often as verbs ("in the United States, saying").
    let cue = |k: usize| cue_at(words, k).filter(|_| !is_noun_too(words[k]));
    (lb..i).rev().find_map(|k| match cue(k) {
        Some((cue_end, CueKind::Verb | CueKind::Told)) if cue_end < i => {
            left_np(toks, words, k, lb).or_else(|| {
                right_np(toks, words, cue_end, i).filter(|sp| sp.1 < i && words[sp.1] == ",")
            })
        }
        _ => None,
    })
}

/// The subject of the sentence of token `i` when it plainly is a speaker: a pronoun first,
/// or a name (capitalised phrase) first.
fn subject(toks: &[Tok], words: &[&str], i: usize) -> Option<(usize, usize)> {
    subject_any(toks, words, i).filter(|r| plausible_speaker(&words[r.0..r.1]))
}

fn subject_any(toks: &[Tok], words: &[&str], i: usize) -> Option<(usize, usize)> {
    let s = sentence_start(toks, i);
    let mut b = s;
    while b < i && (is_punct(&toks[b]) || quote_mark(toks[b].text).is_some()) {
        b += 1;
    }
    if b >= i {
        return None;
    }
    if is_pronoun(words[b]) && words[b] != "which" && words[b] != "who" {
        return Some((b, b + 1));
    }
    let mut e = b;
    while e < i && e - b < MAX_NP {
        let t = toks[e].text;
        let capital = t.chars().next().is_some_and(char::is_uppercase);
        let title_word = matches!(words[e], "'s" | "’s" | "the" | "of");
        if !(capital || (e > b && title_word)) {
            break;
        }
        e += 1;
    }
    (e > b && toks[b].text.chars().next().is_some_and(char::is_uppercase)).then_some((b, e))
}

/// Indirect quotes from the cues outside quotation marks that no direct quote claimed.
fn indirect_quotes(toks: &[Tok], words: &[&str], inside: &[bool], claimed: &[bool]) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if inside[i] || claimed[i] {
            i += 1;
            continue;
        }
        let Some((cue_end, kind)) = cue_at(words, i) else {
            i += 1;
            continue;
        };
        let s_start = sentence_start(toks, i);
        let s_end = sentence_end(toks, i);
        if let Some(q) = indirect_at(toks, words, inside, (i, cue_end), kind, s_start, s_end) {
            // One content per stretch of text: a later cue inside an earlier content ("X
            // said Y claimed …") is part of what X said.
            let nested = out
                .last()
                .is_some_and(|p| p.content.0 <= q.content.0 && q.content.1 <= p.content.1);
            if !nested {
                out.push(q);
            } else if let Some(relayed) = out.last_mut().and_then(|p| relayed(words, p, &q)) {
                // "According to a statement, X said …": X speaks, the statement relays.
                *out.last_mut().expect("nested in the last quote") = relayed;
            }
        }
        i = cue_end;
    }
    out
}

/// A direct quote that opens inside reported speech ("X told Y that the ministry “would act
/// … ”") carries on X's words: it takes X as speaker when it has none of its own, or only an
/// "according to" source, which then becomes its source.
fn inherit_reported_speaker(words: &[&str], direct: &mut [Found], indirect: &[Found]) {
    for q in direct.iter_mut() {
        let according = q.frame.filter(|f| words[f.cue.0] == "according");
        if q.frame.is_some() && according.is_none() && !q.fragment {
            continue;
        }
        let open = q.content.0.saturating_sub(1);
        let Some(outer) = indirect
            .iter()
            .filter(|r| r.content.0 <= open && open < r.content.1)
            .find_map(|r| r.frame.filter(|f| f.speaker.is_some()))
        else {
            continue;
        };
        q.frame = Some(Frame {
            source: according.and_then(|f| f.speaker).or(outer.source),
            ..outer
        });
        q.inherited = None;
        q.fragment = false;
    }
}

/// "According to S, X said …": when the content of an "according to" quote starts with a
/// speaker and a verb of saying, that speaker's quote, with S as its source.
fn relayed(words: &[&str], according: &Found, inner: &Found) -> Option<Found> {
    let outer = according.frame?;
    let frame = inner.frame?;
    if words[outer.cue.0] != "according" || frame.speaker?.0 != according.content.0 {
        return None;
    }
    Some(Found {
        content: inner.content,
        kind: QuoteKind::Indirect,
        frame: Some(Frame {
            source: frame.source.or(outer.speaker),
            ..frame
        }),
        inherited: None,
        fragment: false,
    })
}

/// Trim the content end: before the sentence's final punctuation, before a later
/// ", adding …" or ", according to …", and before ", but …" / ", though …".
fn content_end(toks: &[Tok], words: &[&str], start: usize, s_end: usize) -> usize {
    let mut e = start;
    while e < s_end {
        if words[e] == "," && e + 1 < s_end {
            if matches!(words[e + 1], "though" | "although" | "but" | "while") {
                // A concession or contrast is usually the writer's, not the speaker's.
                break;
            }
            if let Some((_, k)) = cue_at(words, e + 1) {
                if matches!(k, CueKind::Participle | CueKind::According) {
                    break;
                }
            }
        }
        e += 1;
    }
    while e > start
        && is_punct(&toks[e - 1])
        && quote_mark(toks[e - 1].text).is_none()
        && !matches!(toks[e - 1].text, "”" | "’" | ")")
    {
        e -= 1;
    }
    e
}

/// The content and frame of "according to X": the clause after "According to X," at the
/// start of a sentence, or the clause before ", according to X".
fn according_content(
    toks: &[Tok],
    words: &[&str],
    cue: (usize, usize),
    s_start: usize,
    s_end: usize,
) -> Option<((usize, usize), Frame)> {
    let (i, cue_end) = cue;
    let sp = right_np(toks, words, cue_end, s_end)?;
    let f = framed(words, cue, sp);
    let lead = (s_start..i).all(|k| is_punct(&toks[k]) || words[k] == "but");
    if lead {
        let mut c = sp.1;
        while c < s_end && words[c] == "," {
            c += 1;
        }
        return Some(((c, content_end(toks, words, c, s_end)), f));
    }
    if i > s_start && words[i - 1] == "," {
        return Some(((s_start, content_end(toks, words, s_start, i - 1)), f));
    }
    None
}

/// The content and frame of a participle of saying after a comma ("…, adding that …",
/// "…, telling reporters …"); the speaker is the sentence's earlier speaker or subject.
fn participle_content(
    toks: &[Tok],
    words: &[&str],
    inside: &[bool],
    cue: (usize, usize),
    s_start: usize,
    s_end: usize,
) -> Option<((usize, usize), Frame)> {
    let (i, cue_end) = cue;
    if i == s_start || words[i - 1] != "," {
        return None;
    }
    let mut c = cue_end;
    if words[i] == "telling" {
        c = right_np(toks, words, c, s_end).map_or(c, |h| h.1);
    }
    if c < s_end && words[c] == "that" {
        c += 1;
    }
    if c < s_end && matches!(words[c], "," | ":") {
        c += 1;
    }
    if c < s_end && inside[c] {
        // ", adding: “…”" is a direct quote's pre-attribution.
        return None;
    }
    let f = Frame {
        cue,
        speaker: prior_speaker(toks, words, i).or_else(|| subject(toks, words, i)),
        source: None,
    };
    Some(((c, content_end(toks, words, c, s_end)), f))
}

fn indirect_at(
    toks: &[Tok],
    words: &[&str],
    inside: &[bool],
    cue: (usize, usize),
    kind: CueKind,
    s_start: usize,
    s_end: usize,
) -> Option<Found> {
    let (i, cue_end) = cue;
    let found = |content: (usize, usize), frame: Frame| {
        let words_in = (content.0..content.1)
            .filter(|&k| !is_punct(&toks[k]))
            .count();
        (content.1 > content.0 && words_in >= 3).then_some(Found {
            content,
            kind: QuoteKind::Indirect,
            frame: Some(frame),
            inherited: None,
            fragment: false,
        })
    };
    match kind {
        CueKind::According => {
            let (content, f) = according_content(toks, words, cue, s_start, s_end)?;
            found(content, f)
        }
        CueKind::Participle => {
            let (content, f) = participle_content(toks, words, inside, cue, s_start, s_end)?;
            found(content, f)
        }
        CueKind::Verb | CueKind::Told => {
            // "…, X said." / "…, said X.": the content is the clause before the comma.
            let after_cue_ends = |k: usize| {
                k >= s_end || matches!(words[k], "." | "," | "!" | "?") || starts_adjunct(words[k])
            };
            let left = left_np(toks, words, i, s_start);
            if let Some(sp) = left {
                if after_cue_ends(cue_end) && sp.0 > s_start && words[sp.0 - 1] == "," {
                    let comma = sp.0 - 1;
                    if comma > s_start && inside[comma - 1] {
                        return None;
                    }
                    return found(
                        (s_start, content_end(toks, words, s_start, comma)),
                        framed(words, cue, sp),
                    );
                }
            }
            // Only a verb of saying inverts: in "…, told X" X is the hearer.
            if kind == CueKind::Verb && i > s_start && words[i - 1] == "," && !inside[i - 1] {
                if let Some(sp) = right_np(toks, words, cue_end, s_end) {
                    if after_cue_ends(sp.1) && !(i >= 2 && inside[i - 2]) {
                        return found(
                            (s_start, content_end(toks, words, s_start, i - 1)),
                            framed(words, cue, sp),
                        );
                    }
                }
            }
            // "X said (that) …", "X told Y (that) …"; "X did not say A, but said B" takes
            // the subject of the first verb.
            let sp = left.or_else(|| coordinated_subject(toks, words, i, s_start))?;
            if free_relative(toks, words, sp.0, s_start) {
                // "what the two sides said about it": the words themselves are not given.
                return None;
            }
            let mut c = cue_end;
            // "that" may come after the hearer or a circumstance ("said during a rally in
            // Ohio that …"), not after an object of another kind ("said the plan that …").
            let next = words.get(cue_end).copied().unwrap_or("");
            let reach = if kind == CueKind::Told || starts_adjunct(next) || is_preposition(next) {
                10
            } else {
                2
            };
            if let Some(t) = (cue_end..s_end.min(cue_end + reach)).find(|&k| words[k] == "that") {
                let clean = (cue_end..t).all(|k| !matches!(words[k], "." | ";" | ":"));
                if clean {
                    c = t + 1;
                }
            }
            if c < s_end && matches!(words[c], "." | ";" | "?" | "!") {
                return None;
            }
            if c == cue_end
                && c < s_end
                && starts_adjunct(words[c])
                && content_end(toks, words, c, s_end) <= c + 4
            {
                // "…” X said in a statement." : a circumstance, not what was said.
                return None;
            }
            if c == cue_end && c < s_end && is_preposition(words[c]) {
                // "what they said about the call", "the first contact reported since …":
                // a topic or a time, not a content.
                return None;
            }
            if is_noun_too(words[i]) && c == cue_end {
                // "his tweets", "the states": only a cue when "that" follows.
                return None;
            }
            if c == cue_end && kind == CueKind::Told {
                c = right_np(toks, words, c, s_end).map_or(c, |h| h.1);
            }
            if c < s_end && matches!(words[c], "," | ":") {
                c += 1;
            }
            if c < s_end && inside[c] && c + 1 < s_end && inside[c + 1] {
                // The content is a direct quote, already attributed (or not this cue's).
                let seg_end = (c..s_end).find(|&k| !inside[k]).unwrap_or(s_end);
                if seg_end >= content_end(toks, words, c, s_end) {
                    return None;
                }
            }
            found(
                (c, content_end(toks, words, c, s_end)),
                framed(words, cue, sp),
            )
        }
    }
}

/// The speaker of a coordinated verb of saying ("…, but said …", "and said …"): the
/// speaker of an earlier verb of saying in the same sentence.
fn coordinated_subject(
    toks: &[Tok],
    words: &[&str],
    i: usize,
    s_start: usize,
) -> Option<(usize, usize)> {
    if i == s_start || !matches!(words[i - 1], "but" | "and") {
        return None;
    }
    (s_start..i - 1).find_map(|k| match cue_at(words, k) {
        Some((_, CueKind::Verb | CueKind::Told)) => left_np(toks, words, k, s_start),
        _ => None,
    })
}

/// Whether the speaker phrase starting at `start` is the subject of a free relative:
/// "what X said", "what Freedonia and Sylvania said" (names and "and"/"or" between).
fn free_relative(toks: &[Tok], words: &[&str], start: usize, s_start: usize) -> bool {
    let mut k = start;
    while k > s_start && start - k < 6 {
        let w = words[k - 1];
        if matches!(w, "what" | "whatever") {
            return true;
        }
        let name = toks[k - 1]
            .text
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
        if !(name || matches!(w, "and" | "or" | "the")) {
            return false;
        }
        k -= 1;
    }
    false
}

/// Prepositions that cannot open the content of a verb of saying ("the first contact
/// reported since …"). Not "about" or "to": PolNeAR counts "spoke about the economy" as an
/// attribution, and "said to reporters that …" finds its content after them.
fn is_preposition(w: &str) -> bool {
    matches!(w, "since")
}

/// Build the record: spans, texts and the speaker's entity.
fn to_quote(
    doc: &Document,
    toks: &[Tok],
    q: &Found,
    affiliation: Option<(usize, usize)>,
) -> Option<Quote> {
    let (a, b) = q.content;
    let span = Span::new(
        toks.get(a)?.span.start,
        toks.get(b.checked_sub(1)?)?.span.end,
    );
    let text = doc.slice(span)?.to_string();
    let span_text = |r: (usize, usize)| -> Option<SpanText> {
        let s = Span::new(
            toks.get(r.0)?.span.start,
            toks.get(r.1.checked_sub(1)?)?.span.end,
        );
        Some(SpanText {
            span: s,
            text: doc.slice(s)?.to_string(),
        })
    };
    let frame = q.frame.or(q.inherited);
    let cue = q
        .frame
        .filter(|f| f.cue.1 > f.cue.0)
        .and_then(|f| span_text(f.cue));
    let speaker_text = frame.and_then(|f| f.speaker).and_then(span_text);
    let source = frame.and_then(|f| f.source).and_then(span_text);
    let speaker = speaker_text.as_ref().and_then(|st| speaker_entity(doc, st));
    Some(Quote {
        span,
        text,
        kind: q.kind,
        cue,
        speaker,
        speaker_text,
        source,
        affiliation: affiliation.and_then(span_text),
        sentence: toks.get(a)?.sentence,
    })
}

/// The person whose name follows the speaker phrase directly, when the phrase stops at a
/// title or role before it ("the party's vice-presidential nominee | Ada Brandt said"): the
/// patterns cut the phrase there, and the name, not the party in the title, is the speaker.
fn person_named_right_after(doc: &Document, phrase: Span) -> Option<String> {
    let next = doc
        .entities
        .iter()
        .filter(|e| e.kind == EntityType::Person)
        .flat_map(|e| e.mentions.iter().map(move |m| (e, m)))
        .filter(|(_, m)| m.kind == MentionKind::Name && m.span.start >= phrase.end)
        .min_by_key(|(_, m)| m.span.start)?;
    let gap = doc.text.get(phrase.end..next.1.span.start)?;
    // Spaces (no-break ones too), and at most one abbreviated title between: "nominee
    // Gov. Ada Brandt".
    let words: Vec<&str> = gap.split_whitespace().collect();
    let title = |w: &str| {
        w.len() <= 5
            && w.ends_with('.')
            && w.chars().next().is_some_and(char::is_uppercase)
            && w[..w.len() - 1].chars().all(char::is_alphabetic)
    };
    let joined = gap.starts_with(char::is_whitespace)
        && gap.ends_with(char::is_whitespace)
        && (words.is_empty() || (words.len() == 1 && title(words[0])));
    joined.then(|| next.0.id.clone())
}

/// The entity the speaker phrase names, as the module docs describe.
fn speaker_entity(doc: &Document, speaker: &SpanText) -> Option<String> {
    if doc.entities.is_empty() {
        return None;
    }
    let rank = |kind: EntityType| match kind {
        EntityType::Person => 0,
        EntityType::Organization => 1,
        _ => 2,
    };
    let best = doc
        .entities
        .iter()
        .flat_map(|e| e.mentions.iter().map(move |m| (e, m)))
        .filter(|(_, m)| m.span.overlaps(speaker.span))
        .min_by_key(|(e, m)| {
            (
                m.kind != MentionKind::Name && m.kind != MentionKind::Pronoun,
                rank(e.kind),
                m.span.start,
            )
        });
    if best.is_none_or(|(e, _)| e.kind != EntityType::Person) {
        if let Some(person) = person_named_right_after(doc, speaker.span) {
            return Some(person);
        }
    }
    if let Some((e, _)) = best {
        return Some(e.id.clone());
    }
    let lower = speaker.text.to_lowercase();
    // "WHO" in capitals is the World Health Organization, not a pronoun.
    let acronym = speaker.text.len() > 1 && !speaker.text.chars().any(char::is_lowercase);
    if !is_personal_pronoun(&lower) || acronym {
        return None;
    }
    // The nearest person before the pronoun whose known gender does not contradict it.
    let female = match lower.as_str() {
        "she" | "her" => Some(true),
        "he" | "him" => Some(false),
        _ => None,
    };
    doc.mentions
        .iter()
        .rev()
        .filter(|m| m.kind == EntityType::Person && m.span.end <= speaker.span.start)
        .filter_map(|m| {
            doc.entities
                .iter()
                .find(|e| e.mentions.iter().any(|x| x.span.overlaps(m.span)))
        })
        .find(|e| female.is_none() || pronoun_gender(e).is_none_or(|g| Some(g) == female))
        .map(|e| e.id.clone())
}

/// Whether the resolver's pronouns make entity `e` female (`Some(true)`) or male, when they
/// all agree.
fn pronoun_gender(e: &readout_core::Entity) -> Option<bool> {
    let mut seen: Option<bool> = None;
    for m in e.mentions.iter().filter(|m| m.kind == MentionKind::Pronoun) {
        let g = match m.text.to_lowercase().as_str() {
            "she" | "her" | "hers" | "herself" => true,
            "he" | "him" | "his" | "himself" => false,
            _ => continue,
        };
        if seen.is_some_and(|s| s != g) {
            return None;
        }
        seen = Some(g);
    }
    seen
}
