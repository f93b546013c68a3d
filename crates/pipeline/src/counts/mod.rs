//! Counts: how many people (or things) an article says were killed, injured, arrested,
//! displaced or went missing — "killed at least 136 civilians", "the death toll rose to 52",
//! "400 injured, 13 of them children".
//!
//! [`recognize`] reads the title and body sentences (never the byline) token by token, with
//! hand-written rules and word lists; no statistical model, no regular expressions. Each rule
//! looks a bounded number of tokens away, so the stage is linear in the text.
//!
//! ## What becomes a count
//! A number (digits with separators, "3.5 million", word numbers such as "twenty-one" or "two
//! hundred and fifty", "a dozen", "hundreds") becomes a [`Count`] when either
//! * an event word is tied to it in its clause, which gives the category:
//!   - a governing verb or noun right before it ("killed at least 136", "wounding 13",
//!     "the deaths of 12", "claimed the lives of 9");
//!   - a predicate after the counted phrase ("136 civilians were killed", "52 dead", "5 are
//!     missing", "10,000 fled", "12 who had been wounded"), passive or intransitive only: in
//!     "two gunmen killed 9" the gunmen are not victims;
//!   - an adjective before the noun ("10,000 displaced people"), or a noun that names the
//!     event ("52 deaths", "536 civilian casualties", "10,000 refugees", "5 hostages");
//!   - a toll ("the death toll rose to 52", "the number of injured stood at 40");
//!   - a coordinated count that has one ("killed 136 civilians and 13 children": the children
//!     were killed too; "injured 13 children and 400": so were the 400), or the count it is
//!     part of ("136 killed, including 13 children");
//! * or no event word is tied to it, but it clearly counts people or things an event can hit
//!   ("4,000 residents", "200 homes"): category `other`. A number whose noun is unknown to
//!   the word lists is dropped, so `other` stays precise rather than complete.
//!
//! "A"/"an" before a person noun is a count of one only when an event word is tied to it ("a
//! journalist was killed", "killed a prisoner"): never an `other` count.
//!
//! ## What never becomes a count
//! * Who reported it: "two officials said 12 people were killed" gives one count, 12 killed;
//!   a number whose phrase is followed by a verb of saying, or follows "according to", is
//!   not counted unless an event word is tied to it.
//! * Dates, years ("in 1999", a four-digit number from 1000 to 2100 unless a person or thing
//!   noun follows), times, ages ("a 57-year-old", "aged 57", "Jane Roe, 57,"), money, percent,
//!   measures and durations, ordinals ("5th"), identifiers ("Resolution 1244", "Flight 17",
//!   numbers inside a named entity).
//! * Tallies and scores: "voted 31 to 9", "a 3-1 win", "31 votes". A range must rise ("10 to
//!   15"); a falling or equal pair is a tally and is skipped, never made an `other` count.
//! * Sizes and ratios: "a mother of two", "a family of five", "eight in 10 voters", "two out
//!   of three Americans", "a 12 person primary".
//! * Parts of a group that cannot be bounded: "five of the 12 soldiers" (the 12 is counted).
//!
//! ## Limits
//! * Definite victims are not counts: "killed the deputy chief" gives nothing, though a
//!   reader counts one.
//! * The words decide first: an event word is tied to a number when it is next to the
//!   number phrase (past qualifiers, the counted noun and a few auxiliaries and adverbs).
//!   The parse (issue 19) adds the verb each figure belongs to: a predicate is not carried
//!   over "and" to a figure of another verb ("136 killed, including 13 children, and 400
//!   injured": the children are of the killed), and that verb gives the category last, to a
//!   figure that has none (a passive's subject, an object). Without a parse, long-distance
//!   ties are missed.
//! * Word lists decide what a person is; an unknown plural noun counts under an event word
//!   ("killed 12 loggers") but never as `other`.
//!
//! ## Fields
//! * `span` covers the qualifier, the number and the counted noun (up to its head), as written.
//! * `value` is the number; plural number words give the least they can mean ("dozens" 24,
//!   "hundreds" 200, "thousands" 2,000, "scores" 40, "tens of thousands" 20,000: two of the
//!   unit; "several hundred" 200 likewise). `value_max` is set for rising ranges
//!   ("between 10 and 15", "10 to 15", "10-15", "two or three").
//! * `qualifier` is the hedge as written ("at least", "more than", "nearly", "up to", "an
//!   estimated"…).
//! * `object` is the head noun of the counted phrase as written ("civilians" in "three Iraqi
//!   civilians"); `null` when the number stands alone ("52 dead") or the noun names the event
//!   ("52 deaths").
//! * `subset_of` links "13 children" to the count it is part of: after "including", "among
//!   them", "of whom"; "13 of them"; "13 of the dead" (which may point to an earlier
//!   sentence, at most two back). A part larger than its whole is not linked. Text turned
//!   back from another language often drops the marker and the verb order with it: "killed
//!   52 civilians, wounded 9 children and 120." — a bare last number ending the clause, a
//!   subgroup ("children", "women") before it and an earlier, larger toll of a group that
//!   contains it ("civilians", "people") — reads as 9 of the 52 killed and 120 wounded
//!   (`State::dropped_partitives`); any other shape is read as written.

mod lexicon;
mod number;

use readout_core::{Count, CountCategory, Document, Span, TextZone, Token, TokenKind};

use crate::parse::tree::Tree;

use lexicon::{
    ends_clause_or_adjunct, ends_noun_phrase, event_at, is_be, is_calendar, is_currency,
    is_id_noun, is_person, is_predicate_filler, is_reporting, is_thing, is_unit, noun_category,
    Forms, QUALIFIERS, TRANSPARENT,
};

/// Find the counts of `doc`'s title and body sentences and store them in `doc.counts`, in text
/// order (replacing what was there).
///
/// Uses `doc.tokens` when they are present; when they were dropped (an analyzer run without
/// `keep_tokens`) each sentence is tokenized again. Mentions from the entity tagger, when
/// present, keep numbers inside names ("Apollo 11") from being counted.
pub fn recognize(doc: &mut Document) {
    let mut state = State::default();
    let mut own_tokens = Vec::new();
    for (index, sentence) in doc.sentences.iter().enumerate() {
        if sentence.zone == TextZone::Byline {
            continue;
        }
        let (tokens, _) = crate::tokenize::sentence_tokens(doc, index, &mut own_tokens);
        if tokens.is_empty() {
            continue;
        }
        let mentions = mention_mask(doc, tokens);
        let sent = Sent {
            text: &doc.text,
            tree: Tree::new(tokens),
            tokens,
            low: tokens.iter().map(|t| t.text.to_lowercase()).collect(),
            in_name: mentions,
            index,
        };
        state.sentence(&sent);
    }
    doc.counts = state.finish(&doc.text);
}

/// For each token, whether it lies inside a named-entity mention.
fn mention_mask(doc: &Document, tokens: &[Token]) -> Vec<bool> {
    let mut mask = vec![false; tokens.len()];
    let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
        return mask;
    };
    let (start, end) = (first.span.start, last.span.end);
    let from = doc.mentions.partition_point(|m| m.span.end <= start);
    for m in doc.mentions[from..]
        .iter()
        .take_while(|m| m.span.start < end)
    {
        // Tokens are in text order: find the mention's first token, mark while inside.
        let first = tokens.partition_point(|t| t.span.start < m.span.start);
        for (t, flag) in tokens[first..].iter().zip(mask[first..].iter_mut()) {
            if t.span.end > m.span.end {
                break;
            }
            *flag = true;
        }
    }
    mask
}

/// One sentence, with lower-cased token texts for matching.
struct Sent<'a> {
    text: &'a str,
    /// The sentence's parse, when the parse stage ran.
    tree: Option<Tree<'a>>,
    tokens: &'a [Token],
    low: Vec<String>,
    in_name: Vec<bool>,
    index: usize,
}

impl Sent<'_> {
    fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Lower-cased token `i`, or "" past either end.
    fn at(&self, i: usize) -> &str {
        self.low.get(i).map(String::as_str).unwrap_or("")
    }

    /// Lower-cased token `i - back`, or "" before the start.
    fn before(&self, i: usize, back: usize) -> &str {
        i.checked_sub(back).map(|k| self.at(k)).unwrap_or("")
    }

    fn is_digit(&self, i: usize) -> bool {
        self.tokens
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Number)
    }

    fn is_word(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| {
            t.kind == TokenKind::Word
                // "57-year-old", "18-month-old": a modifier inside a noun phrase.
                || (t.kind == TokenKind::Number
                    && t.text.contains('-')
                    && t.text.chars().any(char::is_alphabetic))
        })
    }

    fn is_capitalized(&self, i: usize) -> bool {
        self.tokens
            .get(i)
            .and_then(|t| t.text.chars().next())
            .is_some_and(char::is_uppercase)
    }

    /// Whether `words` are the tokens at `i`.
    fn matches(&self, i: usize, words: &[&str]) -> bool {
        words
            .iter()
            .enumerate()
            .all(|(k, w)| self.low.get(i + k).is_some_and(|t| t == w))
    }

    /// The longest phrase of `table` that ends right before `i`; its start.
    fn phrase_ending_at(&self, i: usize, table: &[&[&str]]) -> Option<usize> {
        table
            .iter()
            .filter(|p| p.len() <= i && self.matches(i - p.len(), p))
            .map(|p| i - p.len())
            .min()
    }

    fn event(&self, i: usize) -> Option<(CountCategory, usize, Forms)> {
        event_at(self.low.get(i..)?)
    }
}

/// A number phrase: qualifier, number, range.
#[derive(Debug, Clone, Copy)]
struct Phrase {
    /// First token (the qualifier's, or "between", or the number's).
    start: usize,
    /// First token of the number itself.
    num: usize,
    /// One past the number (and the range's second number).
    end: usize,
    value: f64,
    max: Option<f64>,
    qualifier: Option<(usize, usize)>,
    vague: bool,
    tally: bool,
}

/// Where a count's category came from (later sources only fill gaps).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Own,
    Predicate,
}

/// A count before the final filtering.
#[derive(Debug, Clone)]
struct Candidate {
    sentence: usize,
    /// Last token within the sentence.
    last: usize,
    span: Span,
    value: f64,
    max: Option<f64>,
    qualifier: Option<String>,
    category: Option<CountCategory>,
    source: Source,
    object: Option<String>,
    /// The counted noun is a person or thing from the word lists.
    countable: bool,
    /// The phrase is who reported something.
    reporter: bool,
    /// "a"/"an" + person: only kept with an event.
    singular: bool,
    subset_of: Option<usize>,
    /// The count it is coordinated with ("13 children **and** 400").
    coordinated_with: Option<usize>,
    /// The coordination is by "and"/"or", not a bare comma.
    conjunction: bool,
    /// A number with no noun and no event word of its own that ends its clause ("… and
    /// 400."): it names nothing it counts.
    bare_at_clause_end: bool,
    /// The verb the count belongs to on the parse ([`owning_verb`]), token index within the
    /// sentence.
    verb: Option<usize>,
    /// The category that verb gives the count ([`verb_category`]): used last, when neither
    /// the words next to the number, coordination nor a whole gave one ("12 people,
    /// officials said on Monday, were killed").
    verb_category: Option<CountCategory>,
}

#[derive(Default)]
struct State {
    cands: Vec<Candidate>,
}

impl State {
    fn sentence(&mut self, s: &Sent<'_>) {
        let mut i = 0;
        while i < s.len() {
            let next = match self.phrase_at(s, i) {
                Some(p) if p.tally => p.end,
                Some(p) => {
                    let end = self.count_at(s, p);
                    end.max(p.end)
                }
                None => {
                    if matches!(s.at(i), "a" | "an") {
                        self.singular_at(s, i);
                    }
                    i + 1
                }
            };
            i = next.max(i + 1);
        }
    }

    /// A number phrase starting at `i`, when the number there is a count candidate.
    fn phrase_at(&self, s: &Sent<'_>, i: usize) -> Option<Phrase> {
        let is_digit = |k: usize| s.is_digit(k);
        let mut start = i;
        let mut qualifier = None;
        let mut num = i;
        let mut between = false;
        if s.at(i) == "between" {
            between = true;
            num = i + 1;
        } else if let Some(q) = QUALIFIERS.iter().find(|q| s.matches(i, q)) {
            if number::core(&s.low, &is_digit, i + q.len()).is_some() {
                qualifier = Some((i, i + q.len()));
                num = i + q.len();
            }
        }
        let first = number::core(&s.low, &is_digit, num)?;
        start = start.min(num);
        let mut phrase = Phrase {
            start,
            num,
            end: first.end,
            value: first.value,
            max: first.max,
            qualifier,
            vague: first.vague,
            tally: first.tally,
        };
        // Ranges and tallies written as two numbers.
        let sep = s.at(first.end);
        let joins = if between {
            sep == "and"
        } else {
            matches!(sep, "to" | "-" | "–" | "—" | "or")
        };
        if joins && !first.vague && first.max.is_none() {
            if let Some(second) = number::core(&s.low, &is_digit, first.end + 1)
                .filter(|c| !c.vague && c.max.is_none() && !c.tally)
            {
                let mut low_value = first.value;
                // "between 3 and 5 million": the multiplier is shared.
                if second.multiplied && !first.multiplied && low_value < second.value / 100.0 {
                    let scale = lexicon::multiplier(s.at(second.end - 1)).unwrap_or(1.0);
                    low_value *= scale;
                }
                if second.value > low_value {
                    phrase.value = low_value;
                    phrase.max = Some(second.value);
                    phrase.end = second.end;
                } else if sep != "or" {
                    phrase.tally = true;
                    phrase.end = second.end;
                }
            }
        }
        if between && phrase.max.is_none() {
            // "between" needs its "and": without one it is a preposition.
            phrase.start = num;
        }
        // A count after "voted" or before "vote(s)" is a tally even when it rises.
        if matches!(s.before(phrase.start, 1), "voted" | "vote")
            || matches!(s.at(phrase.end), "vote" | "votes")
        {
            phrase.tally = true;
        }
        if !phrase.tally && !self.plausible(s, &phrase) {
            return None;
        }
        Some(phrase)
    }

    /// Whether a number phrase can be a count at all (not a date, age, sum, measure or id).
    fn plausible(&self, s: &Sent<'_>, p: &Phrase) -> bool {
        let prev = s.before(p.num, 1);
        let next = s.at(p.end);
        if s.in_name.get(p.num).copied().unwrap_or(false) {
            return false;
        }
        if is_currency(prev) || is_unit(next) || next.starts_with('%') {
            return false;
        }
        // "US$ 5", "$5": the sign may sit before the qualifier too.
        if is_currency(s.before(p.start, 1)) {
            return false;
        }
        if is_calendar(prev) || is_calendar(next) {
            return false;
        }
        if p.qualifier.is_none() && is_id_noun(prev) {
            return false;
        }
        // "Boeing 747", "Resolution 1244": a capitalized word we do not know, right before.
        if p.qualifier.is_none()
            && p.num > 0
            && s.is_capitalized(p.num - 1)
            && s.is_word(p.num - 1)
            && !known_before_number(s, p.num - 1)
        {
            return false;
        }
        // Ages in apposition: "Jane Roe, 57, was".
        if matches!((prev, next), (",", ",") | ("(", ")"))
            && p.num >= 2
            && s.is_capitalized(p.num - 2)
            && s.is_word(p.num - 2)
        {
            return false;
        }
        // Years: "in 1999", "2003 elections"; "2000 people" stays.
        if s.is_digit(p.num) && p.end == p.num + 1 && p.max.is_none() {
            let t = s.at(p.num);
            if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) {
                let year = t.parse::<u32>().unwrap_or(0);
                if (1000..=2100).contains(&year) && !(is_person(next) || is_thing(next)) {
                    return false;
                }
            }
        }
        // Times and ages split by the tokenizer: "1 : 30", "20 - year - old".
        if (next == ":" && s.is_digit(p.end + 1)) || (next == "-" && is_unit(s.at(p.end + 1))) {
            return false;
        }
        // "a mother of two", "a family of five": a size, not a count of victims.
        if prev == "of"
            && p.qualifier.is_none()
            && p.num >= 2
            && (s.at(p.num - 2) == "family" || is_person(s.at(p.num - 2)))
            && !plural_noun(s.at(p.num - 2))
        {
            return false;
        }
        // Ratios: "eight in 10 voters", "two out of three Americans".
        let prev2 = s.before(p.num, 2);
        let ratio_in = p.num >= 2
            && prev == "in"
            && (s.is_digit(p.num - 2) || lexicon::small_number(prev2).is_some());
        if ratio_in || (prev == "of" && prev2 == "out") {
            return false;
        }
        // "one of the ...", "one another", "no one": "one" as a pronoun.
        if s.at(p.num) == "one"
            && p.end == p.num + 1
            && (matches!(next, "another" | "day" | "way" | "thing") || prev == "no")
        {
            return false;
        }
        true
    }

    /// Build the count for phrase `p`; returns the token after what it consumed.
    fn count_at(&mut self, s: &Sent<'_>, p: Phrase) -> usize {
        let mut j = p.end;
        let mut subset_parent: Option<usize> = None;
        let mut category: Option<CountCategory> = None;
        let mut source = Source::Own;
        let mut after_of = false;
        if s.at(j) == "of" {
            match s.at(j + 1) {
                "them" | "whom" | "those" | "these" => {
                    subset_parent = self.last_whole(s.index, None, 2);
                    j += 2;
                    after_of = true;
                }
                "the" => {
                    let noun = s.at(j + 2);
                    match partitive_category(noun) {
                        Some(c) => {
                            subset_parent = self.last_whole(s.index, c, 2);
                            category = c;
                            j += 3;
                            after_of = true;
                        }
                        // "five of the 12 soldiers", "one of the guards": a part of a
                        // group we cannot bound here.
                        None => return j,
                    }
                }
                _ if p.vague => j += 1,
                _ => return j,
            }
        }
        if after_of {
            // "13 of them were children", "13 of them children".
            while is_be(s.at(j)) {
                j += 1;
            }
        }

        // An event adjective before the noun: "10,000 displaced people".
        if let Some((cat, len, forms)) = s.event(j) {
            if forms.post && !forms.noun && is_person(s.at(j + len)) && category.is_none() {
                category = Some(cat);
                j += len;
            }
        }

        // The counted noun phrase and its head.
        let (mut head, obj_end) = noun_phrase(s, j);
        // "a 12 person primary", "536 civilian casualties": a singular noun after a plural
        // number is a modifier, not what is counted.
        if head.is_some_and(|h| p.value != 1.0 && is_person(s.at(h)) && !plural_noun(s.at(h))) {
            head = None;
        }
        let mut object = head.map(|h| s.tokens[h].text.clone());
        let head_low = head.map(|h| s.at(h)).unwrap_or("");
        let countable = is_person(head_low)
            || is_thing(head_low)
            || head.is_some_and(|h| s.is_capitalized(h) && people_name(head_low));

        // A governing word before the number.
        let before = self.governing_before(s, p.start);
        if category.is_none() {
            category = before;
        }

        // The predicate after the counted phrase.
        let pred = predicate_after(s, obj_end);
        if let Some((cat, noun)) = pred.category {
            if noun && head.is_some() && obj_end == pred.at {
                // "536 civilian casualties": the words before are modifiers.
                object = None;
            }
            if category.is_none() {
                category = Some(cat);
                source = Source::Predicate;
            }
        }
        // Events that happen to people: "the 30,000 emails that are missing" are not
        // missing persons.
        if source == Source::Predicate && head.is_some() && !person_like(s, head) {
            category = None;
        }
        let owner = s.tree.as_ref().and_then(|t| owning_verb(t, p.num));
        if category.is_none() {
            category = noun_category(head_low);
        }

        // Subset markers before the number.
        if subset_parent.is_none() {
            subset_parent = self.subset_marker_before(s, p.start);
        }
        let (coordinated_with, conjunction) = self.coordinated(s, p.start);

        let reporter = pred.reporting || (1..=4).any(|b| s.before(p.start, b) == "according");
        let bare_at_clause_end = head.is_none()
            && pred.category.is_none()
            && before.is_none()
            && matches!(s.at(obj_end.max(p.end)), "" | "." | ";" | "," | ":");
        let last = obj_end.max(p.end).saturating_sub(1).max(p.start);
        let span = Span::new(s.tokens[p.start].span.start, s.tokens[last].span.end);
        let qualifier = p
            .qualifier
            .map(|(a, b)| s.text[s.tokens[a].span.start..s.tokens[b - 1].span.end].to_string());
        self.cands.push(Candidate {
            sentence: s.index,
            last,
            span,
            value: p.value,
            max: p.max,
            qualifier,
            category,
            source,
            object,
            countable,
            reporter,
            singular: false,
            subset_of: subset_parent,
            coordinated_with,
            conjunction,
            bare_at_clause_end,
            verb: owner.map(|(v, _)| v),
            verb_category: owner.and_then(|(v, role)| verb_category(s, v, role)),
        });
        obj_end
    }

    /// "a journalist was killed", "killed a prisoner": a count of one.
    fn singular_at(&mut self, s: &Sent<'_>, i: usize) {
        let (head, obj_end) = noun_phrase(s, i + 1);
        let Some(h) = head else { return };
        if !is_person(s.at(h)) || looks_plural(s.at(h)) {
            return;
        }
        let mut category = self.governing_before(s, i);
        let mut source = Source::Own;
        let pred = predicate_after(s, obj_end);
        if category.is_none() {
            if let Some((cat, _)) = pred.category {
                category = Some(cat);
                source = Source::Predicate;
            }
        }
        let (coordinated_with, conjunction) = self.coordinated(s, i);
        let subset_of = self.subset_marker_before(s, i);
        if category.is_none() && coordinated_with.is_none() && subset_of.is_none() {
            return;
        }
        let span = Span::new(s.tokens[i].span.start, s.tokens[h].span.end);
        self.cands.push(Candidate {
            sentence: s.index,
            last: h,
            span,
            value: 1.0,
            max: None,
            qualifier: None,
            category,
            source,
            object: Some(s.tokens[h].text.clone()),
            countable: true,
            reporter: pred.reporting,
            singular: true,
            subset_of,
            coordinated_with,
            conjunction,
            bare_at_clause_end: false,
            verb: s
                .tree
                .as_ref()
                .and_then(|t| owning_verb(t, h))
                .map(|(v, _)| v),
            verb_category: None,
        });
    }

    /// The event word governing a number phrase that starts at `start`: "killed at least",
    /// "the deaths of", "the death toll rose to".
    fn governing_before(&self, s: &Sent<'_>, start: usize) -> Option<CountCategory> {
        let mut at = start;
        // "killed another 12", "killed a total of 12".
        while let Some(k) = s.phrase_ending_at(at, TRANSPARENT) {
            at = k;
        }
        for len in (1..=5).rev() {
            let Some(q) = at.checked_sub(len) else {
                continue;
            };
            if let Some((cat, l, forms)) = s.event(q) {
                if l == len && forms.pre {
                    return Some(cat);
                }
            }
        }
        toll_before(s, at)
    }

    /// The count this one is part of, from a marker before it: "including", "among them",
    /// "of whom", "among the dead were".
    fn subset_marker_before(&self, s: &Sent<'_>, start: usize) -> Option<usize> {
        let mut at = start;
        if is_be(s.before(at, 1)) {
            at -= 1;
        }
        let w1 = s.before(at, 1);
        let w2 = s.before(at, 2);
        if w1 == "including"
            || (w2 == "among" && matches!(w1, "them" | "whom" | "those"))
            || (w2 == "of" && w1 == "whom")
        {
            return self.last_whole(s.index, None, 0);
        }
        if s.before(at, 3) == "among" && w2 == "the" {
            if let Some(cat) = partitive_category(w1) {
                return self.last_whole(s.index, cat, 2);
            }
        }
        None
    }

    /// The latest count that is not itself a part, within `back` sentences, of category
    /// `cat` when given.
    fn last_whole(
        &self,
        sentence: usize,
        cat: Option<CountCategory>,
        back: usize,
    ) -> Option<usize> {
        self.cands
            .iter()
            .enumerate()
            .rev()
            .take_while(|(_, c)| c.sentence + back >= sentence)
            .find(|(_, c)| {
                c.subset_of.is_none()
                    && !c.singular
                    && cat.is_none_or(|cat| c.category.is_none_or(|own| own == cat))
            })
            .map(|(k, _)| k)
    }

    /// The count this one is coordinated with: the previous count of the sentence ending right
    /// before "and", "or", "," or "as well as"; and whether a conjunction (not a bare comma)
    /// joins them.
    fn coordinated(&self, s: &Sent<'_>, start: usize) -> (Option<usize>, bool) {
        let Some((k, prev)) = self.cands.iter().enumerate().next_back() else {
            return (None, false);
        };
        let gap_start = prev.last + 1;
        if prev.sentence != s.index || gap_start > start || start - gap_start > 4 {
            return (None, false);
        }
        let gap: Vec<&str> = (gap_start..start).map(|t| s.at(t)).collect();
        match gap.as_slice() {
            [","] => (Some(k), false),
            ["and"]
            | ["or"]
            | [",", "and"]
            | [",", "or"]
            | ["as", "well", "as"]
            | [",", "as", "well", "as"] => (Some(k), true),
            _ => (None, false),
        }
    }

    /// A part whose "including" a translation dropped: in "killed at least 52 civilians,
    /// wounded 9 children and 120." the second verb's only count of its own is the bare
    /// "120" — a number with no noun that ends its clause, which English writes only when
    /// the noun is the one already counted ("… and 120 [people]"). The subgroup between
    /// them ("9 children") is then the part of the earlier, larger count of a group that
    /// contains it ("civilians", "people") that the source language put there: 9 of the 52
    /// killed, and the 120 are the wounded. Fires only on that shape; with a noun on the
    /// last conjunct ("9 children and 120 adults", "… and 120 others") or no earlier whole
    /// of another category, the sentence is read as written.
    fn dropped_partitives(&mut self) {
        for b in 0..self.cands.len() {
            let bare = &self.cands[b];
            if !bare.bare_at_clause_end || !bare.conjunction || bare.category.is_some() {
                continue;
            }
            let Some(part) = bare.coordinated_with else {
                continue;
            };
            let p = &self.cands[part];
            let (Some(part_cat), Some(part_object)) = (p.category, p.object.as_deref()) else {
                continue;
            };
            if p.subset_of.is_some()
                || p.source != Source::Own
                || p.max.is_some()
                || !lexicon::is_subgroup(&part_object.to_lowercase())
            {
                continue;
            }
            let whole = (0..part).rev().find(|&w| {
                let c = &self.cands[w];
                c.sentence == p.sentence
                    && c.subset_of.is_none()
                    && !c.singular
                    && c.category.is_some_and(|cat| cat != part_cat)
                    && c.value > p.value
                    && c.object
                        .as_deref()
                        .is_some_and(|o| lexicon::contains_subgroups(&o.to_lowercase()))
            });
            let Some(whole) = whole else { continue };
            self.cands[b].category = Some(part_cat);
            self.cands[part].category = self.cands[whole].category;
            self.cands[part].subset_of = Some(whole);
        }
    }

    /// Fill categories from coordination and wholes, drop what is not a count, renumber.
    fn finish(mut self, text: &str) -> Vec<Count> {
        // Backwards: "5 soldiers and 3 civilians were killed" — the predicate of the last
        // conjunct is the predicate of all.
        for k in (0..self.cands.len()).rev() {
            let (cat, source) = (self.cands[k].category, self.cands[k].source);
            if cat.is_none() || source != Source::Predicate {
                continue;
            }
            // Only across "and"/"or": in "according to two witnesses, 8 people died" the
            // comma joins no conjuncts.
            let mut at = self.cands[k]
                .conjunction
                .then_some(self.cands[k].coordinated_with)
                .flatten();
            while let Some(prev) = at {
                if self.cands[prev].category.is_some() || self.cands[prev].reporter {
                    break;
                }
                // "136 killed, including 13 children, and 400 injured": the children hang
                // off "killed" on the parse, so "injured" is not their predicate.
                let (own, other) = (self.cands[k].verb, self.cands[prev].verb);
                if own.is_some() && other.is_some() && own != other {
                    break;
                }
                self.cands[prev].category = cat;
                self.cands[prev].source = Source::Predicate;
                at = self.cands[prev]
                    .conjunction
                    .then_some(self.cands[prev].coordinated_with)
                    .flatten();
            }
        }
        self.dropped_partitives();
        // Forwards: a part takes its whole's category, a conjunct its neighbour's; a part
        // larger than its whole is not a part.
        for k in 0..self.cands.len() {
            if let Some(parent) = self.cands[k].subset_of {
                let (pv, pmax) = (self.cands[parent].value, self.cands[parent].max);
                if self.cands[k].value > pmax.unwrap_or(pv) {
                    self.cands[k].subset_of = None;
                }
            }
            if let Some(prev) = self.cands[k]
                .coordinated_with
                .filter(|_| !self.cands[k].reporter)
            {
                if self.cands[k].subset_of.is_none() && self.cands[k].category.is_none() {
                    self.cands[k].subset_of = self.cands[prev].subset_of;
                }
                if self.cands[k].category.is_none() {
                    self.cands[k].category = self.cands[prev].category;
                }
            }
            if self.cands[k].category.is_none() {
                if let Some(parent) = self.cands[k].subset_of {
                    self.cands[k].category = self.cands[parent].category;
                }
            }
        }
        for c in &mut self.cands {
            if c.category.is_none() {
                c.category = c.verb_category;
            }
        }
        let keep: Vec<bool> = self
            .cands
            .iter()
            .map(|c| c.category.is_some() || (c.countable && !c.reporter && !c.singular))
            .collect();
        let mut new_index = vec![None; self.cands.len()];
        let mut out = Vec::new();
        for (k, c) in self.cands.into_iter().enumerate() {
            if !keep[k] {
                continue;
            }
            new_index[k] = Some(out.len());
            out.push(Count {
                span: c.span,
                text: text.get(c.span.start..c.span.end).unwrap_or("").to_string(),
                value: c.value,
                value_max: c.max,
                qualifier: c.qualifier,
                category: c.category.unwrap_or(CountCategory::Other),
                object: c.object,
                subset_of: c.subset_of.and_then(|p| new_index[p]),
                sentence: c.sentence,
            });
        }
        out
    }
}

/// How a count's phrase hangs off its verb.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Subject of a passive or of an intransitive ("12 were killed", "12 died").
    Subject,
    /// Object ("killed 12").
    Object,
    /// Anything else (an oblique, an active subject).
    Other,
}

/// The verb a number at token `num` belongs to on the parse: up from the number through
/// its noun, partitives ("13 of them"), subsets ("including 13 children") and conjuncts to
/// the first verb, with the role its phrase plays there. Each step goes one head up, so this
/// is linear in the sentence.
fn owning_verb(tree: &Tree, num: usize) -> Option<(usize, Role)> {
    let mut cur = num;
    for _ in 0..tree.len() {
        let head = tree.head(cur)?;
        if tree.upos(head) == "VERB" {
            let rel = tree.deprel(cur);
            let role = if rel == "nsubj:pass" || (rel == "nsubj" && tree.object(head).is_none()) {
                Role::Subject
            } else if rel == "obj" {
                Role::Object
            } else {
                Role::Other
            };
            return Some((head, role));
        }
        cur = head;
    }
    None
}

/// The category the verb at `v` gives a count in `role`: "were killed" to its subject,
/// "killed" to its object; an active subject ("gunmen killed 9") is not a victim.
fn verb_category(s: &Sent<'_>, v: usize, role: Role) -> Option<CountCategory> {
    let (cat, _, forms) = s.event(v)?;
    let passive = s.tree.as_ref().is_some_and(|t| t.is_passive(v));
    match role {
        Role::Subject if forms.post && (passive || !forms.transitive) => Some(cat),
        Role::Object if forms.pre && !passive => Some(cat),
        _ => None,
    }
}

/// Whether a capitalized word right before a number is one we know (a verb, qualifier or
/// function word in a title-case headline) rather than a name ("Boeing 747").
fn known_before_number(s: &Sent<'_>, i: usize) -> bool {
    let w = s.at(i);
    i == 0
        || s.event(i).is_some()
        || ends_noun_phrase(w)
        || QUALIFIERS.iter().any(|q| q.last() == Some(&w))
        || TRANSPARENT.iter().any(|q| q.last() == Some(&w))
        || matches!(
            w,
            "leave"
                | "leaves"
                | "leaving"
                | "left"
                | "including"
                | "among"
                | "toll"
                | "kill"
                | "kills"
                | "injure"
                | "injures"
                | "wound"
                | "wounds"
                | "arrest"
                | "detain"
                | "evacuate"
                | "rescue"
                | "rescues"
                | "rescued"
                | "free"
                | "frees"
                | "freed"
                | "release"
                | "releases"
                | "released"
                | "hit"
                | "hits"
                | "reach"
                | "reaches"
                | "tops"
                | "top"
                | "rise"
                | "rises"
                | "climb"
                | "climbs"
        )
}

/// The category a partitive noun names: "13 of the dead", "among the injured". `Some(None)`
/// for nouns of any category ("victims").
fn partitive_category(w: &str) -> Option<Option<CountCategory>> {
    Some(Some(match w {
        "dead" | "killed" | "deceased" | "fatalities" => CountCategory::Killed,
        "injured" | "wounded" => CountCategory::Injured,
        "casualties" => CountCategory::Casualties,
        "missing" | "hostages" | "abducted" | "kidnapped" => CountCategory::Missing,
        "arrested" | "detained" | "detainees" => CountCategory::Arrested,
        "displaced" | "refugees" | "evacuees" => CountCategory::Displaced,
        "victims" => return Some(None),
        _ => return None,
    }))
}

fn looks_plural(w: &str) -> bool {
    w.len() > 3
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("'s")
        && !w.ends_with("’s")
}

/// A plural person noun, irregular plurals included.
fn plural_noun(w: &str) -> bool {
    looks_plural(w)
        || w.ends_with("men")
        || matches!(
            w,
            "people" | "children" | "police" | "staff" | "crew" | "personnel" | "elderly" | "youth"
        )
}

/// Whether the head at `h` can name people: listed, a capitalized plural ("Iraqis"), or an
/// agent-like ending ("advisers", "dissidents", "refugees", "medics").
fn person_like(s: &Sent<'_>, h: Option<usize>) -> bool {
    let Some(h) = h else { return true };
    let w = s.at(h);
    is_person(w)
        || noun_category(w).is_some()
        || (s.is_capitalized(h) && looks_plural(w))
        || [
            "ers", "ors", "ists", "ians", "ans", "ants", "ents", "ees", "men", "ites", "ics",
            "ards", "aries", "ives", "ists",
        ]
        .iter()
        .any(|suffix| w.ends_with(suffix))
}

/// A listed noun or a plural-looking word.
fn noun_like(w: &str) -> bool {
    is_person(w) || is_thing(w) || (looks_plural(w) && !verb_like(w))
}

/// A capitalized plural that names people: a demonym or a group ("Iraqis", "Albanians",
/// "Kurds"), not a title-case headline word ("5 Thoughts").
fn people_name(w: &str) -> bool {
    w.ends_with("ans")
        || w.ends_with("is")
        || w.ends_with("ites")
        || w.ends_with("ese")
        || matches!(
            w,
            "kurds"
                | "turks"
                | "serbs"
                | "croats"
                | "muslims"
                | "jews"
                | "arabs"
                | "tamils"
                | "sikhs"
                | "hindus"
                | "uighurs"
                | "uyghurs"
                | "copts"
                | "bedouins"
                | "zulus"
                | "hutus"
                | "tutsis"
                | "afghans"
                | "bosniaks"
                | "pashtuns"
                | "sunnis"
                | "shias"
                | "druze"
                | "catholics"
                | "protestants"
                | "buddhists"
                | "christians"
        )
}

/// A past or progressive verb form by its ending.
fn verb_like(w: &str) -> bool {
    w.ends_with("ed") || w.ends_with("ing")
}

/// The counted noun phrase from `j`: its head token, and one past the head (or `j` when there
/// is none).
fn noun_phrase(s: &Sent<'_>, j: usize) -> (Option<usize>, usize) {
    let mut k = j;
    while k < s.len()
        && k < j + 6
        && s.is_word(k)
        && !ends_noun_phrase(s.at(k))
        && !is_unit(s.at(k))
    {
        if s.event(k).is_some() && noun_category(s.at(k)).is_none() {
            break;
        }
        // "holding 5 aid workers hostage": the singular is the predicate, not the head.
        if k > j && matches!(s.at(k), "hostage" | "captive") {
            break;
        }
        // "residents flooded the camps", "people taking shelter": a verb form after a plural
        // noun starts the predicate ("frightened residents" is still one phrase).
        if k > j && verb_like(s.at(k)) && noun_like(s.at(k - 1)) {
            break;
        }
        k += 1;
    }
    // The last word-list noun of the run is its head: words after it start the predicate
    // ("100 ethnic Albanians demonstrated").
    if let Some(h) = (j..k).rev().find(|&h| {
        let w = s.at(h);
        is_person(w) || is_thing(w) || noun_category(w).is_some()
    }) {
        // "civilian advisers": a listed noun used as a modifier of an unlisted plural head.
        let next = s.at(h + 1);
        if h + 1 < k && looks_plural(next) && !verb_like(next) && !is_unit(next) {
            return (Some(h + 1), h + 2);
        }
        return (Some(h), h + 1);
    }
    // Else a plural-looking word that is not a verb form.
    if let Some(h) = (j..k).rev().find(|&h| {
        let w = s.at(h);
        looks_plural(w) && !verb_like(w)
    }) {
        return (Some(h), h + 1);
    }
    (None, j)
}

/// What follows a counted phrase.
struct Predicate {
    /// The event it states, and whether it is a noun ("deaths").
    category: Option<(CountCategory, bool)>,
    /// Where the event word starts.
    at: usize,
    /// A verb of saying follows: the phrase counts who spoke.
    reporting: bool,
}

/// The predicate after a counted phrase ending at `k`: "were killed", "who had been wounded",
/// ", including 13 children, were killed", "dead", "deaths".
fn predicate_after(s: &Sent<'_>, mut k: usize) -> Predicate {
    let phrase_end = k;
    let mut saw_be = false;
    let mut reporting = false;
    let stop = (k + 14).min(s.len());
    let mut steps = 0;
    while k < stop && steps < 8 {
        let w = s.at(k);
        if w == "," || w == "(" {
            // Skip an inserted phrase when what follows it continues the predicate:
            // "136 people, mostly women and children, were killed".
            let close = if w == "," { "," } else { ")" };
            let end = (k + 1..stop.min(k + 12)).find(|&t| s.at(t) == close);
            match end {
                Some(e) if is_predicate_filler(s.at(e + 1)) || post_event(s, e + 1) => {
                    k = e + 1;
                    steps += 1;
                    continue;
                }
                _ => break,
            }
        }
        if is_reporting(w) && !saw_be && !post_event(s, k + 1) {
            // "officials said 12 …", "an official reported deaths": the phrase is who
            // spoke; what follows is what they said. ("12 were reported killed" is passive,
            // "50 reported injured" a reduced passive.)
            reporting = true;
            break;
        }
        if post_event(s, k) {
            break;
        }
        if !is_predicate_filler(w) {
            break;
        }
        saw_be |= is_be(w);
        k += 1;
        steps += 1;
    }
    let mut category = None;
    // An event noun names the counted thing only right after it: "52 deaths", not "an
    // official reported deaths".
    let event = s
        .event(k)
        .filter(|(_, _, f)| f.post && !(f.noun && k != phrase_end));
    if let Some((cat, len, forms)) = event.filter(|_| !reporting) {
        let active = forms.transitive && !saw_be && starts_object(s, k + len);
        if !active {
            category = Some((cat, forms.noun));
            reporting = false;
        }
    }
    Predicate {
        category,
        at: k,
        reporting,
    }
}

fn post_event(s: &Sent<'_>, k: usize) -> bool {
    s.event(k).is_some_and(|(_, _, f)| f.post)
}

/// Whether the token at `k` starts an object noun phrase, making the past form before it an
/// active verb: "gunmen killed **three** people" but "12 killed **in** the blast".
fn starts_object(s: &Sent<'_>, k: usize) -> bool {
    if k >= s.len() {
        return false;
    }
    let w = s.at(k);
    if s.is_digit(k)
        || matches!(
            w,
            "a" | "an"
                | "the"
                | "his"
                | "her"
                | "their"
                | "its"
                | "our"
                | "these"
                | "those"
                | "dozens"
                | "hundreds"
                | "thousands"
                | "scores"
                | "two"
                | "three"
        )
    {
        return true;
    }
    if QUALIFIERS.iter().any(|q| s.matches(k, q)) {
        // "over the weekend" is an adjunct; "over 20 people" an object.
        return s.is_digit(k + q_len(s, k)) || number_word(s.at(k + q_len(s, k)));
    }
    if !s.is_word(k) || ends_clause_or_adjunct(w) {
        return false;
    }
    true
}

fn q_len(s: &Sent<'_>, k: usize) -> usize {
    QUALIFIERS
        .iter()
        .find(|q| s.matches(k, q))
        .map(|q| q.len())
        .unwrap_or(0)
}

fn number_word(w: &str) -> bool {
    lexicon::small_number(w).is_some() || lexicon::vague_unit(w).is_some()
}

/// "the death toll rose to 52", "the number of injured stood at 40": the category of a toll
/// that a number phrase starting at `at` completes.
fn toll_before(s: &Sent<'_>, at: usize) -> Option<CountCategory> {
    // The word right before the number must link it to the toll.
    let link = s.before(at, 1);
    if !matches!(
        link,
        "to" | "at"
            | "of"
            | "was"
            | "is"
            | "reached"
            | "hit"
            | "passed"
            | "topped"
            | "exceeded"
            | "surpassed"
            | "now"
            | ","
            | "stood"
            | "stands"
            | "past"
            | "above"
            | "nears"
            | "neared"
            | "reaches"
            | "tops"
            | "hits"
    ) {
        return None;
    }
    for back in 2..=9 {
        let Some(k) = at.checked_sub(back) else { break };
        let w = s.at(k);
        if matches!(w, "." | ";" | ":" | "?" | "!") || s.is_digit(k) {
            break;
        }
        if w == "toll" || w == "tolls" {
            return Some(match s.before(k, 1) {
                "casualty" => CountCategory::Casualties,
                "injury" => CountCategory::Injured,
                _ => CountCategory::Killed,
            });
        }
        if w == "number" && s.at(k + 1) == "of" {
            // "the number of dead", "the number of people killed".
            for t in k + 2..(k + 5).min(at) {
                if let Some((cat, _, _)) = s.event(t) {
                    return Some(cat);
                }
            }
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests;
