use serde::{Deserialize, Serialize};

use crate::{Alignment, Span};

/// Version of the JSON record written by `readout analyze`. Bumped when a field changes
/// meaning or is removed; adding a field does not bump it. The JSON Schema lives in
/// `schema/document.schema.json`.
pub const SCHEMA_VERSION: u32 = 1;

/// One article: normalized text plus every annotation, each pointing into `text` by byte span.
///
/// This is the record `readout analyze` writes, one per article. Field names are a contract
/// that later stages, the store and users' scripts depend on: keep them stable.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Document {
    /// Version of this record's shape ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// Document id: given in the input, else derived from the file name (and line number for
    /// JSONL), else `stdin`. Provenance of every fact is this id plus a byte span.
    pub id: String,
    /// Headline, when known: from the input's `title` field, the HTML page, or the first line
    /// of a plain-text article that reads as a headline.
    pub title: Option<String>,
    /// Where the title lies in `text`, when it is part of it (plain-text headlines are).
    pub title_span: Option<Span>,
    /// Publication date `YYYY-MM-DD`, the anchor for relative dates ("on Tuesday"). `null`
    /// when unknown: `published_source` then says `none` and relative dates stay unresolved.
    pub published: Option<String>,
    /// Where `published` came from.
    pub published_source: PublishedSource,
    /// URL of the article, when given.
    pub url: Option<String>,
    /// Publisher or outlet, when given.
    pub source: Option<String>,
    /// Author line and trailing author biography, when recognised; their text is not body.
    pub byline: Option<Byline>,
    /// What the input was and how it was read.
    pub input: InputInfo,
    /// SHA-256 (hex) of `text`: equal texts have equal hashes, whatever their id.
    pub content_hash: String,
    /// The normalized article text. Every span in this record indexes into it.
    pub text: String,
    /// Map from `text` offsets back to the input text (after HTML extraction, for HTML).
    pub alignment: Alignment,
    /// Problems met while reading this article that did not stop it (lossy UTF-8, no date…).
    pub warnings: Vec<String>,
    /// Sentences, in text order, covering title, body and byline zones.
    pub sentences: Vec<Sentence>,
    /// Tokens, in text order. Omitted from JSON unless asked for (`--tokens`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tokens: Vec<Token>,
    /// Named-entity mentions found by the entity tagger, in text order.
    pub mentions: Vec<Mention>,
    /// Entities: mentions resolved to one referent each.
    pub entities: Vec<Entity>,
    /// Time expressions resolved to calendar values.
    pub times: Vec<TimeExpr>,
    /// Quotes and reported speech with their speakers.
    pub quotes: Vec<Quote>,
    /// Counts of people and things tied to what happened to them.
    pub counts: Vec<Count>,
    /// Political events: who did what to whom, coded in CAMEO and PLOVER.
    pub events: Vec<Event>,
}

impl Document {
    /// A document over already-normalized text, with no metadata and no annotations.
    pub fn from_normalized(id: impl Into<String>, text: String) -> Document {
        Document {
            schema_version: SCHEMA_VERSION,
            id: id.into(),
            title: None,
            title_span: None,
            published: None,
            published_source: PublishedSource::None,
            url: None,
            source: None,
            byline: None,
            input: InputInfo::default(),
            content_hash: String::new(),
            alignment: Alignment::identity(text.len()),
            text,
            warnings: Vec::new(),
            sentences: Vec::new(),
            tokens: Vec::new(),
            mentions: Vec::new(),
            entities: Vec::new(),
            times: Vec::new(),
            quotes: Vec::new(),
            counts: Vec::new(),
            events: Vec::new(),
        }
    }

    /// The text of `span`, or `None` when the span is out of range or splits a character.
    pub fn slice(&self, span: Span) -> Option<&str> {
        self.text.get(span.start..span.end)
    }

    /// Check that `span` is a valid range of the text.
    pub fn check_span(&self, span: Span) -> crate::Result<()> {
        match self.slice(span) {
            Some(_) if span.start <= span.end => Ok(()),
            _ => Err(crate::Error::InvalidSpan {
                start: span.start,
                end: span.end,
                len: self.text.len(),
            }),
        }
    }

    /// Sentences of one zone.
    pub fn sentences_in(&self, zone: TextZone) -> impl Iterator<Item = &Sentence> {
        self.sentences.iter().filter(move |s| s.zone == zone)
    }

    /// The tokens of one sentence.
    pub fn sentence_tokens(&self, sentence: &Sentence) -> &[Token] {
        self.tokens
            .get(sentence.token_start..sentence.token_end)
            .unwrap_or(&[])
    }

    /// The stored tokens of sentence `i` when they are there and lie inside it; `None` when
    /// the tokens were dropped (records written without `--tokens`), the sentence has none,
    /// or its token range does not fit it. The stages that need tokens then tokenize the
    /// sentence again (`readout_pipeline::tokenize::sentence_tokens`).
    pub fn stored_sentence_tokens(&self, i: usize) -> Option<&[Token]> {
        let s = self.sentences.get(i)?;
        let t = self.tokens.get(s.token_start..s.token_end)?;
        let fits = t.first().is_some_and(|f| f.span.start >= s.span.start)
            && t.last().is_some_and(|l| l.span.end <= s.span.end);
        fits.then_some(t)
    }
}

/// Where [`Document::published`] came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum PublishedSource {
    /// Given on the command line (`--published`).
    Argument,
    /// The input's own `published` field (JSONL).
    Input,
    /// The HTML page's metadata.
    Html,
    /// Not known: relative dates cannot be resolved.
    #[default]
    None,
}

/// What kind of input an article was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    /// Plain text.
    #[default]
    Text,
    /// An HTML page; `text` is its extracted main article text.
    Html,
    /// One line of a JSONL file.
    Jsonl,
}

/// How an article was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct InputInfo {
    /// Input kind.
    pub kind: InputKind,
    /// File it came from (`-` for standard input), when any.
    pub path: Option<String>,
    /// 1-based line number within a JSONL file.
    pub line: Option<usize>,
    /// For JSONL: whether the line gave `html` rather than `text`.
    pub html: bool,
    /// Size of the raw input in bytes.
    pub bytes: usize,
    /// True when the input was not valid UTF-8 and was decoded lossily (bad bytes became
    /// U+FFFD).
    pub lossy_utf8: bool,
}

/// The part of the article a sentence belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextZone {
    /// The headline.
    Title,
    /// The article body.
    Body,
    /// Author line or author biography: not part of the reported story.
    Byline,
}

/// A sentence: a span of `text` plus the range of its tokens in [`Document::tokens`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Span in `text`.
    #[serde(flatten)]
    pub span: Span,
    /// The sentence's text (`text[start..end]`).
    pub text: String,
    /// Title, body or byline.
    pub zone: TextZone,
    /// 0-based paragraph number (paragraphs are separated by blank lines).
    pub paragraph: usize,
    /// Index of the sentence's first token in [`Document::tokens`].
    pub token_start: usize,
    /// One past the index of its last token.
    pub token_end: usize,
}

/// A token with its byte span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// Span in `text`.
    #[serde(flatten)]
    pub span: Span,
    /// The token's text.
    pub text: String,
    /// Coarse class.
    pub kind: TokenKind,
    /// Part of speech, lemma and dependency head, from the parse stage. Absent when the
    /// token was not parsed (byline zones, or analysis without the parser).
    #[serde(flatten, default, skip_serializing_if = "Option::is_none")]
    pub syntax: Option<TokenSyntax>,
}

/// What the parse stage says of one token (Universal Dependencies conventions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenSyntax {
    /// Universal part-of-speech tag (`NOUN`, `VERB`, `PROPN`, …).
    pub upos: String,
    /// Penn Treebank tag (`VBD`, `NNS`, …): finer than `upos` (tense, number).
    pub xpos: String,
    /// Dictionary form ("said" → "say", "ministers" → "minister").
    pub lemma: String,
    /// Index of the head token within the same sentence (0 = the sentence's first token),
    /// or `null` for the sentence's root.
    pub head: Option<usize>,
    /// Universal Dependencies relation to the head, subtypes kept (`nsubj:pass`,
    /// `obl:agent`); `root` for the root.
    pub deprel: String,
}

/// Coarse token class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// Letters (possibly with inner apostrophes, hyphens or periods: "U.S.", "Jr.").
    Word,
    /// Digits, possibly with separators ("1,200", "3.5", "2022-03-01").
    Number,
    /// Punctuation: . , ; : ! ? quotes, brackets, dashes.
    Punct,
    /// Anything else: symbols, emoji, currency signs.
    Symbol,
}

/// A recognised author line and/or trailing author biography.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Byline {
    /// Author names as written ("Jane Roe").
    pub authors: Vec<String>,
    /// Span of the author line in `text` ("By Jane Roe", or a bare name line), when present.
    pub line: Option<Span>,
    /// Span of the author biography in `text` ("Jane Roe is a reporter…"), when present.
    pub bio: Option<Span>,
}

/// A named-entity mention: a span tagged with its type by the entity tagger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// Span in `text`.
    #[serde(flatten)]
    pub span: Span,
    /// The mention's text.
    pub text: String,
    /// Entity type.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Index of the sentence it lies in ([`Document::sentences`]).
    pub sentence: usize,
    /// Index of its first token in [`Document::tokens`].
    pub token_start: usize,
    /// One past the index of its last token.
    pub token_end: usize,
}

/// Entity types, as in CoNLL-2003.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntityType {
    /// A person.
    #[serde(rename = "PER")]
    Person,
    /// An organisation: government body, company, party, international organisation.
    #[serde(rename = "ORG")]
    Organization,
    /// A location: country, city, region, geographic feature (GPE and LOC).
    #[serde(rename = "LOC")]
    Location,
    /// Other names: nationalities, events, products, works.
    #[serde(rename = "MISC")]
    Misc,
}

impl EntityType {
    /// All types, in a fixed order.
    pub const ALL: [EntityType; 4] = [
        EntityType::Person,
        EntityType::Organization,
        EntityType::Location,
        EntityType::Misc,
    ];

    /// The CoNLL label: PER, ORG, LOC, MISC.
    pub fn label(self) -> &'static str {
        match self {
            EntityType::Person => "PER",
            EntityType::Organization => "ORG",
            EntityType::Location => "LOC",
            EntityType::Misc => "MISC",
        }
    }

    /// Parse a CoNLL label.
    pub fn from_label(label: &str) -> Option<EntityType> {
        EntityType::ALL.into_iter().find(|t| t.label() == label)
    }
}

/// A time expression: "on Tuesday", "February 24th", "three days later", "every week".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeExpr {
    /// Span in `text`.
    #[serde(flatten)]
    pub span: Span,
    /// The expression's text.
    pub text: String,
    /// DATE, TIME, DURATION or SET (TimeML's TIMEX3 types).
    #[serde(rename = "type")]
    pub kind: TimeType,
    /// ISO 8601 value at the expression's granularity (`2022-03-01`, `2022-03`, `2022-W09`,
    /// `P3D`, `2022-03-01T10:00`, TimeML's `PRESENT_REF`…); `null` when it could not be
    /// resolved (a relative date without a publication date says why in `note`).
    pub value: Option<String>,
    /// What a relative value was computed from; `null` for absolute expressions.
    pub anchor: Option<TimeAnchor>,
    /// Index of the sentence it lies in.
    pub sentence: usize,
    /// Why the value is missing or uncertain, when it is.
    pub note: Option<String>,
}

/// TimeML TIMEX3 types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimeType {
    /// A calendar date or period: "March 1", "last week", "2022".
    Date,
    /// A time of day: "10 a.m. on Monday".
    Time,
    /// A length of time: "three days", "two years".
    Duration,
    /// A recurring time: "every week", "daily".
    Set,
}

/// The reference a relative time expression was resolved from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TimeAnchor {
    /// The document's publication date.
    Publication {
        /// The publication date used.
        value: String,
    },
    /// Another time expression of the document ("three days later" after "On February 25").
    Time {
        /// Index of that expression in [`Document::times`].
        index: usize,
        /// Its value.
        value: String,
    },
}

/// A count of people or things and what happened to them: "killed at least 136 civilians".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Count {
    /// Span in `text` of the whole count phrase (number, qualifier, object, as found).
    #[serde(flatten)]
    pub span: Span,
    /// The phrase's text.
    pub text: String,
    /// The number ("dozens" is 24, "hundreds" 200: the lower bound the word implies).
    pub value: f64,
    /// Upper bound for ranges ("between 10 and 15" → 15), when stated.
    pub value_max: Option<f64>,
    /// "at least", "more than", "about", "up to", "nearly"… as written, when stated.
    pub qualifier: Option<String>,
    /// What happened to them.
    pub category: CountCategory,
    /// Who or what was counted ("civilians", "children"), when stated.
    pub object: Option<String>,
    /// Index (in [`Document::counts`]) of the count this one is part of ("13 children" among
    /// "136 killed").
    pub subset_of: Option<usize>,
    /// Index of the sentence it lies in.
    pub sentence: usize,
}

/// What happened to the counted people or things (after GDELT GKG count types).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CountCategory {
    /// Killed, dead.
    Killed,
    /// Injured, wounded.
    Injured,
    /// Casualties (killed and injured together, or unspecified).
    Casualties,
    /// Arrested, detained.
    Arrested,
    /// Displaced, fled, refugees, evacuated.
    Displaced,
    /// Kidnapped, missing, taken hostage.
    Missing,
    /// Anything else counted.
    Other,
}

/// A span of `text` with its text: where a cue, a speaker or a mention was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpanText {
    /// Span in `text`.
    #[serde(flatten)]
    pub span: Span,
    /// `text[start..end]`.
    pub text: String,
}

/// One referent of the article — a person, organisation, place — with every mention of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Id within the document: `e1`, `e2`… (in order of first mention).
    pub id: String,
    /// Best full form of the name ("Ilse Marrow", not "Ms. Marrow").
    pub name: String,
    /// Entity type.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Distinct surface forms of its mentions.
    pub aliases: Vec<String>,
    /// Every mention, in text order.
    pub mentions: Vec<EntityMention>,
    /// Country or organisation it belongs to, when stated ("Latvia's deputy minister").
    pub affiliation: Option<String>,
    /// Role or title, when stated ("foreign minister", "spokesperson").
    pub role: Option<String>,
    /// Knowledge-base code (CAMEO-style actor code such as `UKRGOV`), when matched.
    pub kb: Option<String>,
}

/// One mention of an entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityMention {
    /// Span in `text`.
    #[serde(flatten)]
    pub span: Span,
    /// The mention's text.
    pub text: String,
    /// How the entity is referred to.
    pub kind: MentionKind,
    /// Index in [`Document::mentions`] for named mentions.
    pub mention: Option<usize>,
}

/// How a mention refers to its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    /// By name ("Kuleba", "Mr. Quill").
    Name,
    /// By role or description ("his counterpart", "the spokesman").
    Role,
    /// By pronoun ("he", "she").
    Pronoun,
}

/// A quote or a piece of reported speech.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// Span of the quoted or reported content in `text` (inside the quotation marks for
    /// direct quotes).
    #[serde(flatten)]
    pub span: Span,
    /// The content's text.
    pub text: String,
    /// Direct (quotation marks) or indirect (reported) speech.
    pub kind: QuoteKind,
    /// The verb or phrase that introduces it ("said", "according to", "told").
    pub cue: Option<SpanText>,
    /// Id of the speaker's entity in [`Document::entities`], when resolved.
    pub speaker: Option<String>,
    /// The speaker as written, when stated.
    pub speaker_text: Option<SpanText>,
    /// Who relays the speaker's words, when someone does ("a Chinese statement citing X").
    pub source: Option<SpanText>,
    /// Whom the speaker speaks for, when an appositive says so ("Vance, a spokeswoman for
    /// *the port*, said"). Absent from the JSON when not stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<SpanText>,
    /// Index of the sentence where the quote starts.
    pub sentence: usize,
}

/// Kinds of quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    /// Words in quotation marks.
    Direct,
    /// Reported speech ("X said that …", "according to X, …").
    Indirect,
}

/// A political event: who did what to whom, when — coded in CAMEO and PLOVER.
///
/// One record per (date, actors, action, recipients) within a document: a second sentence
/// reporting the same event adds to `support` instead of making a second event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Id within the document: `v1`, `v2`… (in text order of first report).
    pub id: String,
    /// Span in `text` of the first sentence reporting it.
    #[serde(flatten)]
    pub span: Span,
    /// That sentence's text.
    pub text: String,
    /// Index of that sentence in [`Document::sentences`].
    pub sentence: usize,
    /// CAMEO event code ("042", "1123").
    pub code: String,
    /// CAMEO label of the code ("Make a visit").
    pub label: String,
    /// PLOVER category and mode, when the CAMEO code has a PLOVER counterpart (CAMEO 01
    /// statements and 02 appeals mostly do not).
    pub plover: Option<PloverCode>,
    /// Who acted: one entry per actor, so compound actors are one event, not N dyads.
    pub actors: Vec<EventActor>,
    /// Whom it was done to (empty when the text names no one).
    pub recipients: Vec<EventActor>,
    /// The verb or noun that names the action ("abstained", "the phone call").
    pub trigger: SpanText,
    /// Date of the event, ISO 8601 at its granularity.
    pub date: Option<String>,
    /// Where `date` came from.
    pub date_source: EventDateSource,
    /// Who reports the event, when the text attributes it ("according to a statement").
    pub source: Option<SpanText>,
    /// The text says it did not happen ("did not vote", "refused to meet" is coded as a
    /// refusal instead).
    pub negated: bool,
    /// The text presents it as possible, planned, demanded or conditional, not as done.
    pub hypothetical: bool,
    /// How sure the coder is, 0–1.
    pub confidence: f32,
    /// Every sentence reporting this event, in text order (the first is the event's own span).
    pub support: Vec<EventSupport>,
}

/// A PLOVER event category with its mode ("CONSULT", "phone").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PloverCode {
    /// PLOVER category (serialized as its name: "CONSULT").
    pub category: crate::PloverCategory,
    /// PLOVER mode, when the code implies one ("visit", "phone", "firearms").
    pub mode: Option<String>,
}

/// One actor or recipient of an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventActor {
    /// Span in `text` of the phrase naming it.
    #[serde(flatten)]
    pub span: Span,
    /// That phrase.
    pub text: String,
    /// Id of its entity in [`Document::entities`], when resolved.
    pub entity: Option<String>,
    /// CAMEO actor code (`UKRGOV`, `CHN`, `IGOUNO`), when known.
    pub code: Option<String>,
}

/// Where an event's date came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventDateSource {
    /// A time expression of the sentence.
    Time {
        /// Index of that expression in [`Document::times`].
        index: usize,
    },
    /// No date in the sentence: the publication date stands in (an assumption, flagged).
    Publication,
    /// No date in the sentence and no publication date.
    None,
}

/// One sentence that reports an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventSupport {
    /// Span of the sentence in `text`.
    #[serde(flatten)]
    pub span: Span,
    /// Index of the sentence.
    pub sentence: usize,
    /// The verb or noun naming the action in that sentence.
    pub trigger: SpanText,
}
